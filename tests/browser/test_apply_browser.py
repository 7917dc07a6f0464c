"""A citizen applies online in a real browser: guide page → wizard → uploads → receipt."""

import re

import pytest

from casework.models import Case, CaseStatus
from tests import factories
from tests.online_apply import citizen_factories

private_root = citizen_factories.private_root
SHOTS = "/tmp"  # noqa: S108 - the brief asks for screenshots in /tmp, to look at after the run
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_applies_online(live_server, page, client, private_root, tmp_path):
    item = factories.service_item(
        title="居民身份证补领", code="XK-330521-0001",
        materials=(("居民身份证申领登记表", True, ""), ("近期免冠照片", True, ""), ("结婚证", False, "已婚的提供")),
    )
    user = citizen_factories.citizen()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    pdf_path, png_path = tmp_path / "申请表.pdf", tmp_path / "照片.png"
    pdf_path.write_bytes(citizen_factories.PDF_BYTES)
    png_path.write_bytes(citizen_factories.PNG_BYTES)

    page.goto(live_server.url + item.url)
    page.get_by_role("link", name="在线申办").first.click()
    page.wait_for_url(re.compile(r"/apply/XK-330521-0001/$"))
    assert page.get_by_label("申请人（经办人）姓名").input_value() == "张三"
    page.screenshot(path=f"{SHOTS}/apply_step1.png", full_page=True)
    page.get_by_role("button", name="保存并下一步").click()

    page.wait_for_url(re.compile(r"/step/2/$"))
    page.get_by_label("选择文件：居民身份证申领登记表").set_input_files(str(pdf_path))
    page.get_by_label("选择文件：近期免冠照片").set_input_files(str(png_path))
    page.screenshot(path=f"{SHOTS}/apply_step2.png", full_page=True)
    page.get_by_role("button", name="保存并下一步").click()

    page.wait_for_url(re.compile(r"/step/3/$"))
    page.get_by_label("我已阅读并同意以上申请承诺").check()
    page.screenshot(path=f"{SHOTS}/apply_step3.png", full_page=True)
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url(re.compile(r"/receipt/$"))
    number = page.locator("[data-receipt-number]").inner_text()
    assert re.fullmatch(r"YS\d{8}-\d{6}", number)
    assert page.locator(".receipt__qr svg").count() == 1
    page.screenshot(path=f"{SHOTS}/apply_receipt.png", full_page=True)
    case = Case.objects.get()
    assert case.receipt_number == number and case.status == CaseStatus.SUBMITTED
    assert case.materials.count() == 2
