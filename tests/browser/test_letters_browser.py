"""好差评 and letters in a real browser, at 1,280 px, at 375 px and in 长辈版: a citizen rates a
closed case from 我的办件, and a writer sends a letter (SMS code) and reads the reply."""

import re

import pytest

from letters import services
from letters.models import Letter, LetterStatus
from ratings.models import Rating
from tests import factories
from tests.online_apply import builders as case_builders

from ..letters.builders import citizen, closed_case
from ..letters.builders import letter as written_letter

SHOTS = "/tmp"  # noqa: S108 - screenshots to look at after the run
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MODES = [("desktop", 1280, False), ("phone", 375, False), ("elder", 375, True)]


@pytest.fixture(params=MODES, ids=[m[0] for m in MODES])
def mode_page(request, browser, live_server):
    name, width, elder = request.param
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": width, "height": 900})
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    yield name, page
    context.close()


def _no_sideways_scroll(page):
    # The page body itself must not scroll sideways (wide tables scroll inside their own box).
    return page.evaluate("document.querySelector('main').scrollWidth <= document.documentElement.clientWidth + 1")


def test_citizen_rates_a_closed_case(live_server, client, mode_page, structure):
    name, page = mode_page
    user = citizen()
    case = closed_case(user)
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])

    page.goto(live_server.url + "/my/cases/")
    page.get_by_role("link", name=re.compile("^评价")).click()
    page.wait_for_url(re.compile(rf"/my/cases/{case.pk}/rate/$"))
    assert _no_sideways_scroll(page)
    for legend, grade in (("整体满意度", "满意"), ("办事效率", "非常满意"), ("办事指南精确度", "基本满意"),
                          ("办事便捷度", "满意"), ("平台操作性", "不满意")):
        page.get_by_role("group", name=legend).get_by_label(grade, exact=True).check()
    page.get_by_label(re.compile("评价内容")).fill("网上预审很方便，平台上传照片有点慢")
    page.screenshot(path=f"{SHOTS}/rate_case_form_{name}.png", full_page=True)
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(re.compile(r"/rate/$"))
    assert page.get_by_text("感谢您的评价").is_visible()
    assert page.get_by_text("一事一评").is_visible()
    page.screenshot(path=f"{SHOTS}/rate_case_done_{name}.png", full_page=True)
    rating = Rating.objects.get(case=case)
    assert (rating.overall, rating.efficiency, rating.usability) == (4, 5, 2)


def test_writer_sends_a_letter_and_reads_the_reply(live_server, mode_page, sms_outbox, structure):
    name, page = mode_page
    dept = factories.department()
    page.goto(live_server.url + "/letters/write/")
    page.get_by_label("投诉", exact=True).check()
    page.get_by_label("标题").fill("窗口排队时间太长")
    page.get_by_label(re.compile("^内容")).fill("今天上午在户籍窗口排队两个小时，电话13912345678。")
    page.get_by_label("涉及部门（选填）").select_option(label=dept.name)
    page.get_by_label("姓名", exact=True).fill("李四")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_load_state()
    code = re.search(r"\d{6}", sms_outbox[-1].text).group()
    # What was typed before asking for the code is still there.
    assert page.get_by_label("标题").input_value() == "窗口排队时间太长"
    page.get_by_label("短信验证码").fill(code)
    page.get_by_label(re.compile("同意在“信件公开”栏目公开")).check()
    assert _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/letter_write_{name}.png", full_page=True)
    page.get_by_role("button", name="提交信件").click()
    page.wait_for_url(re.compile(r"/letters/written/$"))
    letter = Letter.objects.get()
    assert page.get_by_text(letter.tracking_number).is_visible()
    page.screenshot(path=f"{SHOTS}/letter_written_{name}.png", full_page=True)

    sup = case_builders.supervisor()
    services.route(letter, sup, dept)
    services.reply(letter, sup, "您好！经核实，已在高峰时段增开窗口。", "partly")

    page.get_by_role("link", name="查询办理进度和答复").click()
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url(re.compile(r"/letters/lookup/verify/$"))
    page.get_by_label("短信验证码").fill(re.search(r"\d{6}", sms_outbox[-1].text).group())
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"/letters/lookup/result/$"))
    assert page.get_by_text("已在高峰时段增开窗口").is_visible()
    page.get_by_label("满意", exact=True).check()
    page.screenshot(path=f"{SHOTS}/letter_reply_{name}.png", full_page=True)
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(re.compile(r"/letters/lookup/result/$"))
    assert page.get_by_text("感谢您的评价").is_visible()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED

    page.goto(live_server.url + "/letters/")
    assert page.get_by_role("link", name="窗口排队时间太长").is_visible()
    assert "13912345678" not in page.content()
    page.screenshot(path=f"{SHOTS}/letters_public_{name}.png", full_page=True)


def test_visitor_rates_a_hall_visit_from_the_ticket_code(live_server, mode_page, structure):
    from queueing import services as queue
    from tests.reservations import builders as b

    name, page = mode_page
    item, hall, window, _ = b.setup()
    ticket = queue.walk_in(hall, item, now=b.at(b.MONDAY, 9, 0))
    queue.call_next(window, None, now=b.at(b.MONDAY, 9, 5))
    queue.serve(window, now=b.at(b.MONDAY, 9, 20))

    page.goto(f"{live_server.url}/ticket/{ticket.code}/")
    page.get_by_role("link", name="评价本次服务").click()
    page.wait_for_url(re.compile(rf"/rate/visit/{ticket.code}/$"))
    page.get_by_role("group", name=re.compile("总体评价")).get_by_label("非常满意", exact=True).check()
    page.get_by_label(re.compile("评价内容")).fill("叫号准时，窗口人员讲解清楚")
    assert _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/rate_visit_{name}.png", full_page=True)
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(re.compile(r"/rate/visit/"))
    assert page.get_by_text("感谢您的评价").is_visible()
    assert Rating.objects.get(visit_code=ticket.code).overall == 5


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_department_replies_in_the_admin_and_prints_the_reply(live_server, browser, client, structure, width, height):
    """The staff page offers what the engine allows the department (答复, not 转办), hides the
    writer's identity, and the reply issues a printable numbered 信件答复意见书."""
    dept = factories.department()
    staff = case_builders.staff("window_gaj", dept)
    letter = written_letter()
    services.route(letter, case_builders.supervisor(), dept)
    client.force_login(staff)
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": width, "height": height})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/letters/{letter.pk}/")
        assert "王小明" not in page.content() and "13812345678" not in page.content()
        form = page.locator("form.ia-form")
        assert form.count() == 1  # only 答复: routing is for supervisors
        page.get_by_label("答复内容").fill("经核实，已在高峰时段增开窗口。")
        page.get_by_label("属实认定（投诉、举报必填）").select_option(label="部分属实")
        form.get_by_role("button", name="答复", exact=True).click()
        page.wait_for_url(re.compile(rf"/admin/letters/{letter.pk}/$"))
        assert page.get_by_text(re.compile("已答复，出具《信件答复意见书》XJDF")).is_visible()
        page.screenshot(path=f"{SHOTS}/letter_admin_replied_{width}.png", full_page=True)
        page.get_by_role("link", name=re.compile("信件答复意见书 XJDF")).click()
        page.wait_for_url(re.compile(r"/notices/\d+/$"))
        assert page.get_by_role("heading", name="信件答复意见书").is_visible()
        assert page.get_by_text("经核实，已在高峰时段增开窗口。").is_visible()
        page.screenshot(path=f"{SHOTS}/letter_reply_notice_{width}.png", full_page=True)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    finally:
        context.close()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REPLIED and letter.notices.get().kind == "letter_reply"


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_supervisor_reveals_the_writer_phone_once(live_server, browser, client, structure, width, height):
    """The writer's phone is masked for the supervisor too; “显示完整号码” shows it once, as a
    tel: link, and lists the recorded look (docs/domain.md 个人信息的存储与显示)."""
    letter = written_letter(content="窗口工作人员态度冷淡。")
    client.force_login(case_builders.supervisor())
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/letters/{letter.pk}/")
        assert "13812345678" not in page.content() and page.get_by_text("138****5678").is_visible()
        page.get_by_role("button", name="显示完整号码").click()
        page.wait_for_url(re.compile(rf"/admin/letters/{letter.pk}/#writer$"))
        assert page.get_by_role("link", name="13812345678").get_attribute("href") == "tel:13812345678"
        assert page.get_by_text(re.compile("完整号码查看记录")).is_visible()
        page.screenshot(path=f"{SHOTS}/letter_admin_phone_revealed_{width}.png", full_page=True)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        page.reload()
        assert "13812345678" not in page.content()
    finally:
        context.close()
