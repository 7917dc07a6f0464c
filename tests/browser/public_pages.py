"""Every public page type of the site, in ONE list: the accessibility suite
(tests/browser/test_accessibility.py) runs axe-core in normal mode and 长辈版, the 长辈版
measurements and the 375 px checks over each of them.

Adding a page is one line: `PublicPage("名称", url)`, where url is a path or a function of the
demo data below (`lambda d: ...`) that may also create what the page needs, with the app's own
test builders. `citizen=True` opens the page signed in as the demo citizen (d.citizen).
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from tests import factories
from tests.citizens import factories as citizen_factories
from tests.guides import factories as page_factories
from tests.online_apply import builders


@dataclass(frozen=True)
class PublicPage:
    name: str
    url: str | Callable
    citizen: bool = False

    def resolve(self, demo):
        return self.url(demo) if callable(self.url) else self.url


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
    PublicPage("页面不存在", "/no-such-page/"),
    PublicPage("登录", "/account/login/"),
    PublicPage("注册", "/account/register/"),
    PublicPage("找回密码", "/account/password/reset/"),
    PublicPage("办件查询", "/cases/lookup/"),
    PublicPage("我的账户", "/account/", citizen=True),
    PublicPage("我的办件", "/my/cases/", citizen=True),
    PublicPage("办件详情", lambda d: f"/my/cases/{d.submitted.pk}/", citizen=True),
    PublicPage("收件回执", lambda d: f"/cases/{d.submitted.pk}/receipt/", citizen=True),
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
    PublicPage("互动交流·公开信件", "/letters/"),
    PublicPage("写信", "/letters/write/"),
    PublicPage("信件查询", "/letters/lookup/"),
    PublicPage("公开信件", lambda d: f"/letters/{_replied_letter().tracking_number}/"),
    PublicPage("好差评统计", "/satisfaction/"),
    PublicPage("差评整改台账", "/satisfaction/rectifications/"),
    PublicPage("评价办件", lambda d: f"/my/cases/{_closed_case(d.citizen).pk}/rate/", citizen=True),
]


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
    other = factories.service_item("户口迁移", "XK-330521-0002", police, [huji])
    citizen = citizen_factories.citizen(phone="13812341234", real_name="张三丰")
    draft = builders.draft_case(item, user=citizen)
    builders.set_status(draft, "draft", draft_step=3)
    submitted = builders.draft_case(item, user=citizen)
    services.submit(submitted, citizen)
    hall, booking, free_slot = _reservations(item, citizen)
    return SimpleNamespace(
        item=item,
        hall=hall,
        booking=booking,
        free_slot=free_slot,
        ticket=queue_services.walk_in(hall, item, now=booking.slot.starts_at),
        bundle=page_factories.bundle("新生儿出生一件事", [item, other], slug="newborn"),
        notice=page_factories.notice("关于调整政务服务大厅办公时间的通知", body=("自 2026 年 1 月起，大厅工作日延时至 18:30。",)),
        standard_page=page_factories.standard_page("服务承诺", "promise", body=("首问负责、一次告知、限时办结。",)),
        citizen=citizen,
        draft=draft,
        submitted=submitted,
    )


def _reservations(item, citizen):
    """A hall whose window serves the item, a booking by the citizen and another free slot."""

    from reservations import services
    from reservations.models import BookingGroup
    from reservations.slots import bookable_days, slots_on
    from tests.halls import builders as halls

    hall = halls.hall()
    halls.window(hall, "A01", items=[item], dept=item.department)
    group = BookingGroup.objects.create(name="户籍业务组", slot_minutes=30, capacity=5)
    group.items.add(item)
    day = bookable_days(hall, item, group)[0][0]
    first, second = slots_on(hall, item, group, day)[:2]
    booking, _, _ = services.book(citizen, item, first.key, services.new_request_token())
    return hall, booking, second.key


def _replied_letter():
    """A replied letter whose writer agreed to publish it (set directly: test set-up only)."""
    from django.utils import timezone

    from letters.models import Letter
    from tests.letters import builders as letter_builders

    letter = letter_builders.letter("consultation", content="请问补领居民身份证需要带什么材料？", subject="补领身份证咨询")
    Letter.objects.filter(pk=letter.pk).update(
        status="replied", reply="请携带户口簿和近期照片到公安窗口办理。", redacted_reply="请携带户口簿和近期照片到公安窗口办理。",
        replied_at=timezone.now(),
    )
    return letter


def _closed_case(citizen):
    from tests.letters import builders as letter_builders

    return letter_builders.closed_case(citizen, code="XK-330521-0101")
