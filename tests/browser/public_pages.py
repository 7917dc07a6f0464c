"""Every public page type of the site, in ONE list: the accessibility suite
(tests/browser/test_accessibility.py) runs axe-core in normal mode and 长辈版, the 长辈版
measurements and the 375 px checks over each of them; tests/browser/test_page_list_complete.py
fails when a public route, page type or template has no entry here (NOT_PAGES and
NOT_PUBLIC_TEMPLATES say, with a reason, what is not an HTML page a citizen sees).

Adding a page is one line: `PublicPage("名称", url)`, where url is a path or a function of the
demo data below (`lambda d: ...`) that may also create what the page needs, with the app's own
test builders. `citizen=True` opens the page signed in as the demo citizen (d.citizen);
`visitor` walks a flow with Django's test client first (a look-up code, say) and the browser
uses that client's session; `answer` is for pages that no plain GET reaches (a POST step, an
error page): the browser is served exactly the response that function gets from the site.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.test import Client, RequestFactory

from tests import factories
from tests.citizens import factories as citizen_factories
from tests.guides import factories as page_factories
from tests.online_apply import builders


@dataclass(frozen=True)
class PublicPage:
    name: str
    url: str | Callable
    citizen: bool = False
    visitor: Callable | None = None  # demo -> a test Client whose session the page needs
    answer: Callable | None = None  # (demo, client) -> the HttpResponse the browser is served at url
    status: int = 200

    def resolve(self, demo):
        return self.url(demo) if callable(self.url) else self.url

    def fetch(self, demo, elder=False):
        """The site's response to this page, as the browser will get it (the page list test
        reads its templates and route from it; the browser suite is served it for `answer`
        pages, rendered in 长辈版 when elder is true)."""
        if self.answer:
            client = Client()
            if elder:
                client.cookies["elder_mode"] = "1"
            return self.answer(demo, client)
        client = self.visitor(demo) if self.visitor else Client()
        if self.citizen:
            client.force_login(demo.citizen)
        return client.get(self.resolve(demo))


def sms_code():
    """The one-time code in the last SMS sent (the test SMS outbox)."""
    from citizens import sms

    return re.search(r"(\d{6})", sms.outbox[-1].text).group(1)


PAGES = [
    PublicPage("首页", "/"),
    PublicPage("办事指南目录", "/guide/"),
    PublicPage("办事指南目录（筛选）", "/guide/?online=yes&theme=huji"),
    PublicPage("事项办事指南", lambda d: d.item.url),
    PublicPage("一次性告知单", lambda d: f"/item/{d.item.item_code}/checklist/"),
    PublicPage("主题集成服务", lambda d: d.bundle.url),
    PublicPage("通知公告列表", "/notices/"),
    PublicPage("通知公告", lambda d: d.notice.url),
    PublicPage("普通页面", lambda d: d.standard_page.url),
    PublicPage("站内搜索", "/search/?q=身份证"),
    PublicPage("站内搜索（无结果）", "/search/?q=没有这种事项"),
    PublicPage("无障碍声明", "/accessibility/"),
    PublicPage("页面不存在", "/no-such-page/", status=404),
    PublicPage("登录", "/account/login/"),
    PublicPage("注册", "/account/register/"),
    PublicPage("找回密码", "/account/password/reset/"),
    PublicPage("找回密码·填写验证码", "/account/password/reset/", answer=lambda d, c: c.post(
        "/account/password/reset/", {"action": "send_code", "phone": d.citizen.username})),
    PublicPage("登录已锁定", "/admin/login/", answer=lambda d, c: _locked_out(d, c), status=403),
    PublicPage("办件查询", "/cases/lookup/"),
    PublicPage("办件查询·验证码", "/cases/lookup/verify/", visitor=lambda d: _case_lookup(d)),
    PublicPage("办件查询·结果", "/cases/lookup/result/", visitor=lambda d: _case_lookup(d, verified=True)),
    PublicPage("我的账户", "/account/", citizen=True),
    PublicPage("我的办件", "/my/cases/", citizen=True),
    PublicPage("办件详情", lambda d: f"/my/cases/{d.submitted.pk}/", citizen=True),
    PublicPage("收件回执", lambda d: f"/cases/{d.submitted.pk}/receipt/", citizen=True),
    PublicPage("受理通知书", lambda d: d.notices["acceptance"], citizen=True),
    PublicPage("补正材料通知书", lambda d: d.notices["correction"], citizen=True),
    PublicPage("不予受理告知书", lambda d: d.notices["rejection"], citizen=True),
    PublicPage("办结通知书", lambda d: d.notices["completion"], citizen=True),
    PublicPage("网上申办·新申请", lambda d: f"/apply/{d.item.item_code}/", citizen=True),
    PublicPage("网上申办·暂不支持", lambda d: f"/apply/{d.other.item_code}/", citizen=True),
    PublicPage("网上申办·申请人", lambda d: f"/apply/case/{d.draft.pk}/step/1/", citizen=True),
    PublicPage("网上申办·材料", lambda d: f"/apply/case/{d.draft.pk}/step/2/", citizen=True),
    PublicPage("网上申办·确认", lambda d: f"/apply/case/{d.draft.pk}/step/3/", citizen=True),
    PublicPage("预约·选择时段", lambda d: f"/reserve/{d.item.item_code}/", citizen=True),
    PublicPage("预约·确认", lambda d: f"/reserve/{d.item.item_code}/confirm/?slot={d.free_slot}", citizen=True),
    PublicPage("我的预约", "/my/bookings/", citizen=True),
    PublicPage("预约详情", lambda d: f"/my/bookings/{d.booking.code}/", citizen=True),
    PublicPage("取消预约", lambda d: f"/my/bookings/{d.booking.code}/cancel/", citizen=True),
    PublicPage("排队叫号屏", lambda d: f"/hall/{d.hall.code}/board/"),
    PublicPage("排队号", lambda d: f"/ticket/{d.ticket.code}/"),
    PublicPage("评价窗口服务", lambda d: f"/rate/visit/{d.served.code}/"),
    PublicPage("互动交流·公开信件", "/letters/"),
    PublicPage("写信", "/letters/write/"),
    PublicPage("写信·已提交", "/letters/written/"),
    PublicPage("信件查询", "/letters/lookup/"),
    PublicPage("信件查询·验证码", "/letters/lookup/verify/", visitor=lambda d: _letter_lookup(d)),
    PublicPage("信件查询·结果", "/letters/lookup/result/", visitor=lambda d: _letter_lookup(d, verified=True)),
    PublicPage("公开信件", lambda d: f"/letters/{d.letter.tracking_number}/"),
    PublicPage("我的信件", "/letters/mine/", citizen=True),
    PublicPage("我的信件·详情", lambda d: f"/letters/mine/{d.letter.tracking_number}/", citizen=True),
    PublicPage("好差评统计", "/satisfaction/"),
    PublicPage("差评整改台账", "/satisfaction/rectifications/"),
    PublicPage("评价办件", lambda d: f"/my/cases/{d.closed.pk}/rate/", citizen=True),
    PublicPage("政务公开", lambda d: d.disclosure["index"].url),
    PublicPage("政务公开·文字栏目", lambda d: d.disclosure["functions"].url),
    PublicPage("政务公开·领导信息", lambda d: d.disclosure["leaders"].url),
    PublicPage("政务公开·窗口人员公示", lambda d: d.disclosure["staff"].url),
    PublicPage("政务公开·服务承诺", lambda d: d.disclosure["commitments"].url),
    PublicPage("政府信息公开目录", lambda d: d.disclosure["catalog"].url),
    PublicPage("政府信息公开目录（筛选）", lambda d: d.disclosure["catalog"].url + "?topic=public_service&q=大厅"),
    PublicPage("公开文件", lambda d: d.disclosure["document"].url),
    PublicPage("政府信息公开年度报告", lambda d: d.disclosure["report"].url),
    PublicPage("依申请公开·申请", "/info-request/"),
    PublicPage("依申请公开·查询", "/info-request/track/"),
    PublicPage("依申请公开·填写验证码", "/info-request/track/", answer=lambda d, c: c.post(
        "/info-request/track/", {"action": "send_code", "number": d.info_request.number, "phone": d.info_request.phone})),
    PublicPage("依申请公开·办理进度", lambda d: f"/info-request/{d.info_request.number}/",
               visitor=lambda d: _info_request_track(d)),
    PublicPage("依申请公开·登记回执", lambda d: f"/info-request/{d.info_request.number}/notice/{d.info_request.notices.first().pk}/",
               visitor=lambda d: _info_request_track(d)),
    PublicPage("运行情况通报", lambda d: d.bulletin.get_parent().url),
    PublicPage("运行情况通报·年度", lambda d: f"{d.bulletin.get_parent().url}{d.bulletin.month.year}/"),
    PublicPage("运行情况通报·开放数据", lambda d: f"{d.bulletin.get_parent().url}open-data/"),
    PublicPage("月度运行情况通报", lambda d: d.bulletin.url),
    PublicPage("拒绝访问（表单已失效）", "/letters/lookup/", status=403, answer=lambda d, c: _without_csrf_token(c).post(
        "/letters/lookup/", {"tracking_number": d.letter.tracking_number, "phone": "13812345678"})),
    PublicPage("请求无效", "/letters/lookup/", status=400, answer=lambda d, c: c.post(
        "/letters/lookup/", {f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})),
    PublicPage("上传内容过大", "/letters/write/", status=413, answer=lambda d, c: c.generic(
        "POST", "/letters/write/", b"", CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1))),
    PublicPage("服务器错误", "/", status=500, answer=lambda d, c: _server_error()),
    PublicPage("服务暂不可用", "/", status=503, answer=lambda d, c: _database_outage()),
]

# Routes that answer no HTML page of their own, each with the reason (the page list test checks
# every other public route has a page above).
NOT_PAGES = {
    "healthz": "负载均衡健康检查（纯文本）",
    "readyz": "负载均衡就绪检查（纯文本）",
    "elder-mode/": "长辈版开关：设置 Cookie 后跳回原页面（无页面）",
    "item/<str:code>/": "按事项编码跳转到办事指南（302）",
    "account/logout/": "退出登录：只收 POST，跳转首页",
    "account/keep-alive/": "会话续期：只收 POST，返回 JSON",
    "cases/<int:pk>/files/<int:file_pk>/": "下载申请人上传的材料文件",
    "guide-feedback/<int:page_id>/": "指南反馈：只收 POST，跳回办事指南页（表单在指南页上）",
    "my/bookings/<str:code>/booking.ics": "预约日历文件（text/calendar）",
    "hall/<slug:hall_code>/board.json": "叫号屏数据（JSON）",
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/":
        "Wagtail 页面访问密码：本站不设受密码保护的公开页面",
    "_util/login/": "Wagtail 受限页面登录：本站不设只对登录用户开放的 Wagtail 页面（申请人登录在 account/login/）",
}
# Routes under these prefixes are not public HTML pages.
NOT_PAGE_PREFIXES = {
    "admin/": "工作人员后台（Wagtail admin），另有 test_admin_chinese",
    "api/": "JSON/CSV/XLSX 接口",
    "documents/": "文档下载（文件）",
    "media/": "演示环境的媒体文件",
}
# Templates (under templates/) that no public page renders, with the reason.
NOT_PUBLIC_TEMPLATES = {
    "casework/receipt_print.html": "窗口收件的打印回执，只在后台打印（公众版为 online_apply/receipt.html）",
    "letters/notice.html": "信件答复意见书、复核意见书的打印页，只在后台打印（来信人在信件页看到答复和编号）",
    "second_factor/": "工作人员后台登录的动态口令",
    "sitehealth/": "后台网站健康检查",
    "wagtailadmin/": "后台模板覆盖",
    "/admin/": "各应用的后台页面",
}


def build_demo():
    """The data behind the page list: explicit values (a long item name, a long receipt
    number, a table with eight columns) so that the layouts are tried on realistic content."""
    from casework import services
    from queueing import services as queue_services

    police = factories.department("县公安局", "gaj")
    huji = factories.theme("户籍办理", "huji", description="户口、身份证、居住证")
    for name in ("不动产登记", "交通出行", "住房保障", "医疗卫生", "婚姻登记", "就业创业", "开办企业"):
        factories.theme(name)
    item = factories.service_item(
        "居民身份证补领（含临时居民身份证申领）", "XK-330521-0001", police, [huji],
        materials=(("居民身份证申领登记表", True, ""), ("近期免冠彩色照片（白色背景，358×441 像素）", True, ""),
                   ("结婚证", False, "已婚的提供")),
        fees=(("居民身份证工本费", "20.00", "元/证"),), fee_basis="发改价格〔2003〕2322号",
    )
    # Not online: its 在线申办 link leads to the 暂不支持网上申办 page.
    other = factories.service_item("户口迁移", "XK-330521-0002", police, [huji], is_online=False)
    citizen = citizen_factories.citizen(phone="13812341234", real_name="张三丰")
    draft = builders.draft_case(item, user=citizen)
    builders.set_status(draft, "draft", draft_step=3)
    submitted = builders.draft_case(item, user=citizen)
    services.submit(submitted, citizen)
    submitted.refresh_from_db()
    hall, window, booking, free_slot = _reservations(item, citizen)
    opening = booking.slot.starts_at
    # A visit served at the window (一次一评), then a ticket still waiting.
    served = queue_services.walk_in(hall, item, now=opening)
    queue_services.call_next(window, None, now=opening + timedelta(minutes=5))
    served = queue_services.serve(window, now=opening + timedelta(minutes=20))
    return SimpleNamespace(
        item=item,
        other=other,
        hall=hall,
        booking=booking,
        free_slot=free_slot,
        served=served,
        ticket=queue_services.walk_in(hall, item, now=opening + timedelta(minutes=25)),
        bundle=page_factories.bundle("新生儿出生一件事", [item, other], slug="newborn"),
        notice=page_factories.notice("关于调整政务服务大厅办公时间的通知", body=("自 2026 年 1 月起，大厅工作日延时至 18:30。",)),
        standard_page=_standard_page(),
        citizen=citizen,
        draft=draft,
        submitted=submitted,
        notices=_case_notices(item, citizen),
        letter=_replied_letter(citizen),
        closed=_closed_case(citizen),
        disclosure=_disclosure(),
        info_request=_info_request(),
        bulletin=_bulletin(),
    )


def _standard_page():
    """A content page with every body block that has a template of its own: heading, paragraph,
    an attached file and a wide table."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection
    from wagtail.rich_text import RichText

    from portal.models import StandardPage
    from portal.site_structure import ensure_site_structure

    Collection.get_first_root_node() or Collection.add_root(name="Root")  # a flushed test database lacks it
    document = Document(title="示范县政务服务中心服务承诺（2026 年版）")
    document.file.save("promise-2026.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    table = {"caption": "窗口服务时间", "rows": [
        ["窗口", "业务", "工作日上午", "工作日下午", "周六", "咨询电话"],
        ["A01", "户籍业务", "9:00-12:00", "14:00-18:30", "9:00-12:00", "0573-87121234"],
        ["B01", "婚姻登记", "9:00-12:00", "14:00-17:00", "—", "0573-87125678"],
    ]}
    page = StandardPage(title="服务承诺", slug="promise", body=[
        ("heading", {"text": "服务承诺", "level": "h2"}),
        ("paragraph", RichText("<p>首问负责、一次告知、限时办结。</p>")),
        ("table", table),
        ("document", {"document": document, "title": ""}),
    ])
    ensure_site_structure().home.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def _case_notices(item, citizen):
    """The citizen's notices of each kind (受理、补正、不予受理、办结), issued through the case
    services by a supervisor; {kind: the notice's public URL}."""
    from django.contrib.auth.models import Group, User

    from casework import services
    from casework.models import CaseNotice

    supervisor = User.objects.create_user("dc_a11y", password="Supervisor-a11y-2026", is_staff=True)
    supervisor.groups.add(Group.objects.get_or_create(name="督查")[0])

    def submitted_case():
        case = builders.draft_case(item, user=citizen)
        services.submit(case, citizen)
        return case

    services.request_corrections(submitted_case(), supervisor, [("近期免冠彩色照片（白色背景，358×441 像素）", "背景不是白色")])
    services.reject(submitted_case(), supervisor, "申请事项不属于本中心受理范围")
    done = submitted_case()
    services.pre_approve(done, supervisor)
    services.accept(done, supervisor)
    services.close(done, supervisor, "准予办理，证件已制作完成", "window")
    return {n.kind: f"/cases/{n.case_id}/notices/{n.pk}/" for n in CaseNotice.objects.filter(case__applicant=citizen)}


def _disclosure():
    """The 政务公开 section with its demo content (catalogue documents, leaders, window staff) and last year's report."""
    from django.utils import timezone

    from disclosure.models import DisclosureDocumentPage
    from disclosure.setup import ensure_demo_disclosure
    from inforequests.reports import draft_annual_report
    from tests.disclosure.builders import section

    index, columns = section()
    ensure_demo_disclosure(columns)
    report, _ = draft_annual_report(timezone.localdate().year - 1)
    report.get_latest_revision().publish()
    columns.update(index=index, report=report, document=DisclosureDocumentPage.objects.live().child_of(columns["catalog"]).first())
    return columns


def _info_request():
    from inforequests.services import file_request
    from tests.inforequests.builders import request_data

    return file_request(request_data(phone="13900003333", description="2025 年政务服务中心窗口服务规范全文"))


def _bulletin():
    """Last month's bulletin, drafted from the demo's cases and published."""
    from django.utils import timezone

    from bulletins.drafting import draft_bulletin
    from bulletins.metrics.periods import Month

    first = timezone.localdate().replace(day=1) - timedelta(days=1)
    page, _ = draft_bulletin(Month(first.year, first.month))
    draft = page.get_latest_revision_as_object()
    draft.problems = "<p>县民政局有 1 件承诺件超期办结。</p>"
    draft.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def _without_csrf_token(client):
    """A client that posts a form without its CSRF token, as an expired page does."""
    client.handler.enforce_csrf_checks = True
    return client


def _locked_out(demo, client):
    """django-axes' lock-out page after too many wrong passwords at the staff sign-in (the
    citizen sign-in keeps its own form and says the same there)."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "dc_a11y", "password": "wrong-password-1"})
    return response


def _case_lookup(demo, verified=False):
    """A visitor's session after 办件查询 step 1 (code sent), or after the code too."""
    client = Client()
    client.post("/cases/lookup/", {"receipt_number": demo.submitted.receipt_number, "phone": demo.submitted.applicant_phone})
    if verified:
        client.post("/cases/lookup/verify/", {"code": sms_code()})
    return client


def _letter_lookup(demo, verified=False):
    client = Client()
    client.post("/letters/lookup/", {"tracking_number": demo.letter.tracking_number, "phone": demo.letter.phone})
    if verified:
        client.post("/letters/lookup/verify/", {"code": sms_code()})
    return client


def _info_request_track(demo):
    """One visitor session for both pages: a second code within 60 s would not be sent."""
    if hasattr(demo, "info_request_visitor"):
        return demo.info_request_visitor
    client = demo.info_request_visitor = Client()
    number, phone = demo.info_request.number, demo.info_request.phone
    client.post("/info-request/track/", {"action": "send_code", "number": number, "phone": phone})
    client.post("/info-request/track/", {"number": number, "phone": phone, "code": sms_code()})
    return client


def _server_error():
    """What Django's handler500 answers (no public route fails on purpose)."""
    from django.views.defaults import server_error

    return server_error(RequestFactory().get("/"))


def _database_outage():
    """What the outage middleware answers while the database is unreachable."""
    from django.db import OperationalError

    from portal.outage import DatabaseOutageMiddleware

    return DatabaseOutageMiddleware(lambda request: None).process_exception(
        RequestFactory().get("/"), OperationalError("connection refused"))


def _reservations(item, citizen):
    """A hall whose window serves the item, a booking by the citizen and another free slot."""

    from reservations import services
    from reservations.models import BookingGroup
    from reservations.slots import bookable_days, slots_on
    from tests.halls import builders as halls

    hall = halls.hall()
    window = halls.window(hall, "A01", items=[item], dept=item.department)
    group = BookingGroup.objects.create(name="户籍业务组", slot_minutes=30, capacity=5)
    group.items.add(item)
    day = bookable_days(hall, item, group)[0][0]
    first, second = slots_on(hall, item, group, day)[:2]
    booking, _, _ = services.book(citizen, item, first.key, services.new_request_token())
    return hall, window, booking, second.key


def _replied_letter(writer):
    """A replied letter whose writer (signed in when writing) agreed to publish it (set
    directly: test set-up only)."""
    from django.utils import timezone

    from letters.models import Letter
    from tests.letters import builders as letter_builders

    letter = letter_builders.letter("consultation", content="请问补领居民身份证需要带什么材料？", subject="补领身份证咨询",
                                    writer=writer)
    Letter.objects.filter(pk=letter.pk).update(
        status="replied", reply="请携带户口簿和近期照片到公安窗口办理。", redacted_reply="请携带户口簿和近期照片到公安窗口办理。",
        replied_at=timezone.now(),
    )
    return letter


def _closed_case(citizen):
    from tests.letters import builders as letter_builders

    return letter_builders.closed_case(citizen, code="XK-330521-0101")
