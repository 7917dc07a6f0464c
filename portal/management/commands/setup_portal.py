"""manage.py setup_portal [--demo]: the idempotent site set-up behind the README run command."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from guides.catalog_io import CatalogImportError
from portal.models import SiteIdentity
from portal.site_structure import ensure_site_structure
from portal.workflow_setup import WORKFLOW_NAME, ensure_groups_and_workflow


class Command(BaseCommand):
    help = "初始化门户（可重复执行）：页面结构、网站标识、角色权限、两级审核流程；--demo 同时载入演示数据。"

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="载入演示事项目录、通知公告和演示账户")

    def handle(self, *args, demo=False, **options):
        structure = ensure_site_structure()
        SiteIdentity.for_site(Site.objects.get(is_default_site=True))
        groups, workflow = ensure_groups_and_workflow(structure.home)
        self.stdout.write(f"页面结构就绪：{structure.home.title} / {structure.catalog.title} / {structure.notices.title}")
        self.stdout.write(f"角色就绪：{'、'.join(groups)}；审核流程“{WORKFLOW_NAME}”已应用于首页及其下所有页面。")
        if demo:
            self._demo(structure)
        self.stdout.write(self.style.SUCCESS("门户初始化完成。"))

    def _demo(self, structure):
        from portal.demo_setup import (
            DEMO_CATALOG,
            DEMO_PASSWORD,
            ensure_demo_accounts,
            ensure_demo_notices,
            load_demo_catalog,
        )

        try:
            result = load_demo_catalog()
        except CatalogImportError as exc:
            raise CommandError(f"演示事项目录 {DEMO_CATALOG} 有误：\n{exc.report()}") from None
        if not DEMO_CATALOG.exists():
            self.stderr.write(self.style.WARNING(f"未找到演示事项目录 {DEMO_CATALOG}，已跳过。"))
        elif result is None:
            self.stdout.write("演示事项已全部存在，未重复导入。")
        else:
            self.stdout.write(f"演示事项目录：{result.summary()}")
        self.stdout.write(f"演示通知公告：新建 {ensure_demo_notices(structure.notices)} 篇。")
        from halls.demo import ensure_demo_halls

        self.stdout.write("演示服务大厅与窗口：新建大厅 {} 个、窗口 {} 个。".format(*ensure_demo_halls()))
        from reservations.demo import ensure_demo_booking_groups

        self.stdout.write(f"演示预约事项组：新建 {ensure_demo_booking_groups()} 个。")
        self.stdout.write("")
        self.stdout.write(self.style.WARNING("演示账户（仅供演示，切勿用于正式环境；上线前请删除或修改密码）："))
        for account in ensure_demo_accounts():
            password = DEMO_PASSWORD if account.created else f"{DEMO_PASSWORD}（账户已存在，密码未改动：若已修改以修改后的为准）"
            self.stdout.write(f"  {account.group}：用户名 {account.username}  密码 {password}")
        self.stdout.write("  后台地址：/admin/")
