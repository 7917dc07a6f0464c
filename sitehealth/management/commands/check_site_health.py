"""manage.py check_site_health: the daily run of every site-health check (run it from cron).

Prints each finding with where to fix it, and e-mails the summary to the editors and
superusers who have an address. Exit status 1 when something an inspection would fail exists,
so a scheduler can alert on it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db.models import Q

from portal.roles import GROUP_EDITORS
from sitehealth.registry import run_checks


class Command(BaseCommand):
    help = "运行网站健康检查（建议每日执行）：首页和栏目更新、空白栏目、答复期限、办事指南要素、站内链接、主动公开期限。"

    def add_arguments(self, parser):
        parser.add_argument("--no-mail", action="store_true", help="只打印，不发邮件")

    def handle(self, *args, no_mail=False, **options):
        results = run_checks()
        lines = []
        for result in results:
            status = "通过" if result.passed else f"{len(result.findings)} 项"
            lines.append(f"【{result.check.label}】{status}")
            for finding in result.findings:
                url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + finding.fix_url if finding.fix_url else ""
                lines.append(f"  [{finding.severity_label}] {finding.subject}：{finding.message} {url}".rstrip())
        report = "\n".join(lines)
        self.stdout.write(report)
        errors = sum(len(result.errors) for result in results)
        findings = sum(len(result.findings) for result in results)
        if findings and not no_mail:
            self._mail(report, errors, findings)
        if errors:
            self.stderr.write(self.style.ERROR(f"共 {errors} 项严重问题，检查会判为不合格，请尽快处理。"))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"无严重问题（提醒 {findings} 项）。"))

    def _mail(self, report, errors, findings):
        users = get_user_model().objects.filter(Q(groups__name=GROUP_EDITORS) | Q(is_superuser=True), is_active=True)
        recipients = sorted({user.email for user in users if user.email})
        if recipients:
            send_mail(f"网站健康检查：严重 {errors} 项，共 {findings} 项", report, None, recipients)
