"""The shared layer of docs/domain.md 适老化与无障碍, server side: the header's account menu and
the /account/ hub built from the citizen_account_links hook, the idle time-out extension, the
无障碍声明, page titles, and image alt text required by the page body."""

import pytest
from django.core.exceptions import ValidationError
from wagtail import hooks

from citizens.account_links import AccountLink, account_links
from portal.blocks import BodyBlock
from tests.citizens.factories import citizen, staff

pytestmark = pytest.mark.django_db


def account_menu(response):
    body = response.content.decode()
    start = body.index('<nav class="account-menu"')
    return body[start:body.index("</nav>", start)]


def test_visitors_see_login_and_register(client, structure):
    menu = account_menu(client.get("/"))
    assert ">登录</a>" in menu and ">注册</a>" in menu
    assert "我的办件" not in menu and "退出" not in menu


def test_a_citizen_sees_masked_name_own_things_and_logout(client, structure):
    client.force_login(citizen(real_name="张三丰"))
    menu = account_menu(client.get("/guide/"))
    assert "张**" in menu and "张三丰" not in menu  # masked, as on every page (citizens/masking.py)
    assert 'href="/my/cases/">我的办件</a>' in menu
    assert 'action="/account/logout/"' in menu and ">退出</button>" in menu
    assert ">登录</a>" not in menu


def test_staff_are_sent_to_the_admin_not_shown_citizen_links(client, structure):
    client.force_login(staff())
    menu = account_menu(client.get("/"))
    assert "工作人员后台" in menu and "我的办件" not in menu and ">登录</a>" not in menu


def test_an_app_adds_its_link_to_the_header_and_the_hub(client, structure):
    def my_licences():  # an app that does not exist yet
        return AccountLink("我的证照", "/my/licences/", "已办结事项发放的电子证照。", order=40)

    with hooks.register_temporarily("citizen_account_links", my_licences):
        assert [link.label for link in account_links()] == ["我的办件", "我的预约", "我的信件", "我的证照"]
        client.force_login(citizen())
        assert 'href="/my/licences/">我的证照</a>' in account_menu(client.get("/"))
        hub = client.get("/account/").content.decode()
    assert "已办结事项发放的电子证照。" in hub and "网上申办的事项" in hub and "办理进度、答复和评价" in hub


def test_cases_lookup_is_one_click_from_the_home_page(client, structure):
    body = client.get("/").content.decode()
    assert body.count('href="/cases/lookup/"') >= 2  # main navigation and the hero links


def test_keep_alive_extends_a_signed_in_session_only(client, structure):
    assert client.post("/account/keep-alive/").status_code == 403
    client.force_login(citizen())
    assert client.get("/account/keep-alive/").status_code == 405
    assert client.post("/account/keep-alive/").status_code == 204
    page = client.get("/account/").content.decode()
    assert "data-session-warning" in page and 'data-after-seconds="1500"' in page


def test_accessibility_statement_is_linked_from_every_footer(client, structure):
    assert 'href="/accessibility/"' in client.get("/guide/").content.decode()
    statement = client.get("/accessibility/").content.decode()
    assert "GB/T 37668" in statement and "长辈版" in statement and 'id="report"' in statement
    assert "0573-87120000" in statement  # the report channel: the site's contact phone from 网站标识


def test_page_titles_name_the_site_once(client, structure):
    assert "<title>示范县政务服务网</title>" in client.get("/").content.decode()
    assert "<title>办事指南 - 示范县政务服务网</title>" in client.get("/guide/").content.decode()
    assert 'rel="icon"' in client.get("/guide/").content.decode()


def test_a_body_image_needs_alt_text_or_is_marked_decorative(structure):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="大厅", file=get_test_image_file())
    block = BodyBlock().child_blocks["image"]
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": False}))
    assert block.clean(block.to_python({"image": image.pk, "alt_text": "政务服务大厅", "decorative": False}))


def test_a_problem_report_is_registered_as_a_letter(client, structure):
    from letters.models import Letter

    response = client.post("/accessibility/", {
        "content": "长辈版下预约页面的按钮点不到。", "page_url": "/reserve/XK-330521-0001/", "phone": "13812341234",
    })
    assert response.status_code == 302 and response["Location"] == "/accessibility/#report"
    letter = Letter.objects.get()
    assert letter.letter_type == "suggestion" and letter.subject == "网站无障碍问题反馈"
    assert "长辈版下预约页面的按钮点不到。" in letter.content and "/reserve/XK-330521-0001/" in letter.content
    assert letter.tracking_number in client.get("/accessibility/").content.decode()


def test_a_bad_problem_report_keeps_what_was_typed_and_links_errors_to_fields(client, structure):
    from letters.models import Letter

    body = client.post("/accessibility/", {"content": "", "page_url": "/guide/", "phone": "123"}).content.decode()
    assert "data-error-summary" in body and 'href="#id_content"' in body and 'href="#id_phone"' in body
    assert 'value="/guide/"' in body and 'value="123"' in body
    assert not Letter.objects.exists()
