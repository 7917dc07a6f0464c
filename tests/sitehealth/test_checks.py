"""Every site-health check with a failing and a passing case, the registry and the daily command."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from disclosure.setup import ensure_demo_disclosure
from letters import services as letter_services
from portal.models import NoticePage, StandardPage
from portal.roles import GROUP_EDITORS
from sitehealth import registry
from sitehealth.models import ColumnUpdatePeriod, SiteHealthSettings
from sitehealth.registry import CheckContext, Finding, register, run_check, run_checks
from sitehealth.setup import ensure_default_periods
from tests import factories
from tests.disclosure.builders import document, section
from tests.letters.builders import letter
from tests.online_apply import builders as case_builders

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)  # a Monday


def ctx(site, today=TODAY):
    return CheckContext(site=site, settings=SiteHealthSettings.for_site(site), today=today)


def findings(key, site, today=TODAY):
    check = next(c for c in registry.registered_checks() if c.key == key)
    return run_check(check, ctx(site, today)).findings


def age(pages, days):
    """Pretend the pages were last published `days` days before TODAY."""
    moment = timezone.make_aware(datetime.datetime.combine(TODAY - datetime.timedelta(days=days), datetime.time(10)))
    Page.objects.filter(pk__in=[p.pk for p in pages]).update(last_published_at=moment)


@pytest.fixture
def site(structure):
    from wagtail.models import Site

    section()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def full_site(site, structure):
    """Every column filled: demo disclosure content, a notice and a complete guide."""
    _, columns = section()
    ensure_demo_disclosure(columns)
    notice = NoticePage(title="工作动态", slug="news-1", date=TODAY, body=[("paragraph", RichText("<p>动态</p>"))])
    structure.notices.add_child(instance=notice)
    notice.save_revision().publish()
    factories.service_item()
    age(Page.objects.filter(depth__gt=1), 1)
    return site


def test_home_fresh(full_site):
    assert findings("home_fresh", full_site) == []
    age(Page.objects.all(), 15)
    [finding] = findings("home_fresh", full_site)
    assert "已 15 天没有新内容" in finding.message and "14 天" in finding.message
    assert finding.fix_url.startswith("/admin/pages/") and finding.severity == Finding.ERROR


def test_home_period_is_configurable(full_site):
    age(Page.objects.all(), 15)
    settings = SiteHealthSettings.for_site(full_site)
    settings.home_update_days = 30
    settings.save()
    assert findings("home_fresh", full_site) == []


def test_columns_fresh_uses_each_columns_own_period(full_site, structure):
    ensure_default_periods(structure.home)
    assert ColumnUpdatePeriod.objects.get(page=structure.notices).days == 14
    assert findings("columns_fresh", full_site) == []
    age(Page.objects.descendant_of(structure.notices, inclusive=True), 20)
    [finding] = findings("columns_fresh", full_site)
    assert finding.subject == "通知公告" and "已 20 天未更新（更新周期 14 天）" in finding.message
    assert finding.fix_url == f"/admin/pages/{structure.notices.pk}/edit/"


def test_columns_fresh_default_period(full_site):
    _, columns = section()
    age([columns["functions"]], 400)
    assert [f.subject for f in findings("columns_fresh", full_site)] == ["机构职能"]


def test_columns_empty(site, full_site):
    assert findings("columns_empty", full_site) == []
    _, columns = section()
    columns["functions"].body = []
    columns["functions"].save_revision().publish()
    StaffDirectoryPage = type(columns["staff"])
    staff = StaffDirectoryPage.objects.get(pk=columns["staff"].pk)
    staff.staff.update(consented=False)  # nobody consented: the public page shows nobody
    [functions, staff_finding] = sorted(findings("columns_empty", full_site), key=lambda f: f.subject)
    assert {functions.subject, staff_finding.subject} == {"机构职能", "窗口人员公示"}
    assert "空白栏目" in functions.message


def test_guide_elements(site):
    factories.service_item("完整的事项", "XK-330521-0101")
    assert findings("guide_elements", site) == []
    item = factories.service_item("缺要素的事项", "XK-330521-0102", hours="", phone="", steps=(), legal_bases=(),
                                  fees=(("工本费", 20, "元"),), fee_basis="")
    [finding] = findings("guide_elements", site)
    assert finding.subject == "缺要素的事项"
    assert finding.message == "办事指南缺少要素：依据、收费、时间、电话、流程。"
    assert finding.fix_url == f"/admin/pages/{item.pk}/edit/"


def _page_with_body(structure, html, slug):
    page = StandardPage(title=f"链接页{slug}", slug=slug, body=[("paragraph", RichText(html))])
    structure.home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_broken_links(site, structure):
    target = _page_with_body(structure, "<p>目标</p>", "target")
    _page_with_body(structure, f'<p><a linktype="page" id="{target.pk}">好链接</a> <a href="/guide/">指南</a>'
                               f' <a href="/notices/">通知</a> <a href="https://www.gov.cn/">外链</a></p>', "good")
    assert findings("broken_links", site) == []
    bad = _page_with_body(structure, '<p><a linktype="page" id="999999">旧页面</a> <a href="/no-such-column/">坏</a>'
                                     ' <a linktype="document" id="888888">旧文件</a></p>', "bad")
    found = findings("broken_links", site)
    assert {f.subject for f in found} == {bad.title}
    messages = " ".join(f.message for f in found)
    assert "编号 999999" in messages and "/no-such-column/" in messages and "文件（编号 888888）" in messages
    assert found[0].fix_url == f"/admin/pages/{bad.pk}/edit/"


def test_broken_link_to_an_unpublished_page(site, structure):
    target = _page_with_body(structure, "<p>目标</p>", "target2")
    _page_with_body(structure, f'<p><a linktype="page" id="{target.pk}">链接</a></p>', "linker")
    assert findings("broken_links", site) == []
    target.unpublish()
    assert len(findings("broken_links", site)) == 1


def test_disclosure_overdue(site):
    today = timezone.localdate()
    document("刚形成的文件", "H/2026-00001", live=False, written=today)
    assert findings("disclosure_overdue", site, today) == []
    late = document("逾期未公开的文件", "H/2026-00002", live=False, written=today - datetime.timedelta(days=60))
    [finding] = findings("disclosure_overdue", site, today)
    assert finding.subject == "逾期未公开的文件" and "已逾期" in finding.message
    assert finding.fix_url == f"/admin/pages/{late.pk}/edit/"


def test_letters_deadline_passes_when_letters_are_fresh_or_answered(site):
    sup = case_builders.supervisor("sup_health")
    letter(received_on=TODAY)  # 15 working days left
    answered = letter(received_on=TODAY - datetime.timedelta(days=120))
    letter_services.route(answered, sup, factories.department("县公安局", "gaj"))
    letter_services.reply(answered, sup, "已核实并整改。", "substantiated")
    assert findings("letters_deadline", site) == []


def test_letters_deadline_flags_near_overdue_and_unanswered_for_months(site):
    fresh = letter(received_on=TODAY)
    old = letter(letter_type="consultation", content="咨询社保转移", received_on=TODAY - datetime.timedelta(days=100))

    def finding_for(item, today):
        return next(f for f in findings("letters_deadline", site, today) if f.subject.startswith(item.tracking_number))

    [stale] = findings("letters_deadline", site)
    assert stale.subject.startswith(f"{old.tracking_number}（咨询：") and stale.severity == Finding.ERROR
    assert "信件收到已 100 天仍未答复（超过 90 天）" in stale.message
    assert stale.fix_url == f"/admin/letters/{old.pk}/" and stale.fix_label == "去答复"
    near = finding_for(fresh, fresh.due_date)
    assert near.severity == Finding.WARNING and "仅剩 0 个工作日" in near.message
    late = finding_for(fresh, fresh.due_date + datetime.timedelta(days=7))
    assert late.severity == Finding.ERROR and "已超过答复期限" in late.message


def test_a_failing_check_is_reported_not_raised(site):
    @register("test_broken_check", "会出错的检查", order=999)
    def broken(ctx):
        raise RuntimeError("boom")

    try:
        result = next(r for r in run_checks(keys={"test_broken_check"}))
        assert "检查本身运行出错：boom" in result.findings[0].message
    finally:
        registry._checks.pop("test_broken_check")


def test_daily_command_reports_and_mails_editors(site, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("ed", email="ed@example.gov.cn")
    editor.groups.add(Group.objects.get_or_create(name=GROUP_EDITORS)[0])
    document("逾期未公开的文件", "H/2026-00003", live=False, written=timezone.localdate() - datetime.timedelta(days=60))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_site_health", stdout=out, stderr=StringIO())
    assert exit_info.value.code == 1
    assert "【主动公开期限】1 项" in out.getvalue() and "/admin/pages/" in out.getvalue()
    assert mail.outbox and mail.outbox[0].to == ["ed@example.gov.cn"]


def test_admin_page_lists_every_check(site, admin_client):
    html = admin_client.get("/admin/site-health/").content.decode()
    for check in registry.registered_checks():
        assert check.label in html
