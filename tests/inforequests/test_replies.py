"""Each lawful reply kind gives a numbered, printable 答复书 stating the remedies."""

from datetime import date

import pytest

from casework.engine import ActionError
from inforequests.choices import REPLY_REASONS, ReplyKind, RequestStatus

from .builders import PHONE, act, filed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind, reason, expected", [
    ("disclose", "", "现予以公开"),
    ("partial", "", "部分可以公开"),
    ("withhold", "state_secret", "理由：属于国家秘密"),
    ("withhold", "third_party", "理由：保护第三方合法权益"),
    ("unavailable", "not_held", "理由：本机关不掌握相关政府信息"),
    ("unavailable", "needs_making", "没有现成信息需要另行制作"),
    ("not_processed", "repeat", "理由：重复申请"),
    ("other", "no_correction", "逾期不补正"),
])
def test_each_reply_kind(handler, kind, reason, expected):
    request = filed(date(2025, 3, 3))
    notice = act(request, date(2025, 3, 10), handler, "reply", kind=kind, reason=reason, content="详见附件。")
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.reply_kind == kind and request.reply_reason == reason
    assert request.answered_on == date(2025, 3, 10)
    assert notice.kind == "inforequest_reply" and notice.number.startswith("YSDF20250310-")
    assert expected in notice.body["text"]
    assert "行政复议" in notice.body["remedies"] and "行政诉讼" in notice.body["remedies"]
    assert ReplyKind(kind).label in notice.body["result"]


def test_the_requester_is_told(handler, sms_outbox):
    from inforequests.workflow import workflow

    request = filed(date(2025, 3, 3))
    workflow.perform(request, handler, "reply", kind="withhold", reason="internal")  # now, not replayed
    assert any(m.phone == PHONE and "已答复" in m.text and "不予公开" in m.text for m in sms_outbox)


def test_refer_to_another_body(handler):
    request = filed(date(2025, 3, 3))
    notice = act(request, date(2025, 3, 4), handler, "reply", kind="unavailable", reason="not_held",
                 refer_to="示范县自然资源和规划局")
    assert "该政府信息由示范县自然资源和规划局负责公开，请另行向该机关提出申请" in notice.body["text"]


@pytest.mark.parametrize("kind", [k for k in REPLY_REASONS])
def test_kinds_with_reasons_require_one(handler, kind):
    request = filed(date(2025, 3, 3))
    with pytest.raises(ActionError, match="须选择理由"):
        act(request, date(2025, 3, 4), handler, "reply", kind=kind, reason="")
    with pytest.raises(ActionError, match="须选择理由"):
        act(request, date(2025, 3, 4), handler, "reply", kind=kind, reason="not_a_reason")
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED and not request.notices.filter(kind="inforequest_reply")


def test_partial_disclosure_states_what_is_withheld(handler):
    request = filed(date(2025, 3, 3))
    with pytest.raises(ActionError, match="部分公开须说明"):
        act(request, date(2025, 3, 4), handler, "reply", kind="partial", content="")


def test_no_reply_twice_and_none_while_waiting_for_correction(handler):
    request = filed(date(2025, 3, 3))
    act(request, date(2025, 3, 4), handler, "request_correction", items="请补正")
    with pytest.raises(ActionError, match="待申请人补正"):
        act(request, date(2025, 3, 5), handler, "reply", kind="disclose")
    act(request, date(2025, 3, 6), None, "receive_correction", answer="补正")
    act(request, date(2025, 3, 7), handler, "reply", kind="disclose")
    with pytest.raises(ActionError, match="已答复"):
        act(request, date(2025, 3, 8), handler, "reply", kind="disclose")


def test_notice_page_is_printable(handler, client):
    request = filed(date(2025, 3, 3))
    notice = act(request, date(2025, 3, 4), handler, "reply", kind="withhold", reason="process")
    client.force_login(handler)
    html = client.get(f"/admin/info-requests/{request.pk}/notices/{notice.pk}/").content.decode()
    assert "政府信息公开申请答复书" in html and notice.number in html and "属于四类过程性信息" in html
    assert "行政复议" in html and "data-print" in html and "onclick" not in html and "<style" not in html
