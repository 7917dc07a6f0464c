"""我的信件: a signed-in writer sees their own letters and answers a reply without the SMS code
step; nobody else's letter, and no anonymous 举报, is reachable from an account."""

import pytest
from django.urls import reverse

from letters import services
from letters.models import LetterStatus
from tests import factories
from tests.citizens.factories import citizen
from tests.online_apply import builders as case_builders

from .builders import letter

pytestmark = pytest.mark.django_db


def replied(writer, content="请问补领身份证要带什么材料？"):
    row = letter("consultation", content=content, writer=writer)
    sup = case_builders.supervisor()
    services.route(row, sup, factories.department())
    services.reply(row, sup, "请带户口簿到公安窗口办理。", "partly")
    return row


def test_my_letters_lists_only_the_writers_own_letters(client, structure):
    me = citizen(phone="13800000011")
    other = citizen(phone="13800000012", first17="11010519491231002")
    mine, theirs = letter(writer=me), letter(writer=other, content="另一位市民的建议。")
    letter("report", content="举报某窗口收受好处。", anonymous=True)
    client.force_login(me)
    page = client.get(reverse("letters:mine")).content.decode()
    assert mine.tracking_number in page and theirs.tracking_number not in page
    assert client.get(reverse("letters:my_letter", args=[theirs.tracking_number])).status_code == 404
    assert "我的信件" in client.get("/account/").content.decode()


def test_the_writer_answers_a_reply_from_my_letters(client, structure):
    me = citizen(phone="13800000013")
    row = replied(me)
    client.force_login(me)
    url = reverse("letters:my_letter", args=[row.tracking_number])
    page = client.get(url).content.decode()
    assert "请带户口簿到公安窗口办理。" in page and "您对答复是否满意" in page
    response = client.post(url, {"feedback": "satisfied", "note": ""})
    assert response.status_code == 302 and response["Location"] == url
    row.refresh_from_db()
    assert row.feedback == "satisfied" and row.status != LetterStatus.REVIEWING


def test_visitors_and_staff_are_sent_away(client, structure):
    row = replied(citizen(phone="13800000014"))
    url = reverse("letters:my_letter", args=[row.tracking_number])
    assert reverse("citizens:login") in client.get(url)["Location"]
    client.force_login(case_builders.supervisor("sup_mine"))
    assert client.get(reverse("letters:mine")).status_code == 403
