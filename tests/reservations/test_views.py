"""The citizen pages over HTTP: picker, confirm, detail (QR, .ics), cancel, and bad input —
always a Chinese answer, nothing changed, never a 500."""

import re

import pytest
from django.utils import timezone

from reservations.models import Booking, BookingSanction, BookingStatus, SanctionKind, Slot
from reservations.slots import bookable_days, group_for

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(structure):
    return b.setup(capacity=2, slot_minutes=60)


@pytest.fixture
def citizen_client(client):
    user = b.citizen()
    client.force_login(user)
    client.user = user
    return client


def first_key(item, hall):
    """The first slot the picker offers now (real clock)."""
    group = group_for(item)
    day = bookable_days(hall, item, group)[0][0]
    from reservations.slots import slots_on

    return slots_on(hall, item, group, day)[0].key


def test_guide_page_offers_booking_only_when_it_exists(client, world):
    item, hall, window, group = world
    body = client.get(item.url).content.decode()
    assert f'href="/reserve/{item.item_code}/"' in body and "预约办理" in body and '<li class="tag">可预约</li>' in body
    group.active = False
    group.save()
    body = client.get(item.url).content.decode()
    assert f"/reserve/{item.item_code}/" not in body and "暂未开放网上预约" in body
    assert '<li class="tag">可预约</li>' not in body  # the header promises no booking the page cannot make


def test_cached_guide_page_follows_its_booking_group(client, world, settings):
    """The anonymous page cache drops guide pages when a booking group changes, so the
    预约办理 button never outlives the group (nor is missing once one opens)."""
    from wagtail.models import Site

    from portal.models import SiteIdentity

    settings.PAGE_CACHE_ENABLED = True
    SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    item, _, _, group = world
    client.get(item.url)
    assert client.get(item.url)["X-Page-Cache"] == "HIT"
    group.active = False
    group.save()
    response = client.get(item.url)
    assert response["X-Page-Cache"] == "MISS" and f"/reserve/{item.item_code}/" not in response.content.decode()


def test_picker_shows_halls_days_and_remaining_places(citizen_client, world):
    item, hall, _, _ = world
    response = citizen_client.get(f"/reserve/{item.item_code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "选择办理大厅" in body and "剩余 2 个" in body and 'aria-current="date"' in body


def test_anonymous_visitor_is_sent_to_login(client, world):
    item, _, _, _ = world
    response = client.get(f"/reserve/{item.item_code}/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_book_flow_detail_qr_ics_and_cancel(citizen_client, world, sms_outbox):
    item, hall, _, _ = world
    key = first_key(item, hall)
    confirm = citizen_client.get(f"/reserve/{item.item_code}/confirm/", {"slot": key})
    assert confirm.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', confirm.content.decode()).group(1)
    response = citizen_client.post(f"/reserve/{item.item_code}/confirm/", {"slot": key, "token": token})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/my/bookings/{booking.code}/"
    # The same form posted again (double click) gives the same booking.
    again = citizen_client.post(f"/reserve/{item.item_code}/confirm/", {"slot": key, "token": token})
    assert again["Location"] == response["Location"] and Booking.objects.count() == 1
    detail = citizen_client.get(response["Location"]).content.decode()
    assert booking.code in detail and "<svg" in detail and "取消预约" in detail
    ics = citizen_client.get(f"/my/bookings/{booking.code}/booking.ics")
    assert ics["Content-Type"].startswith("text/calendar") and booking.code.encode() in ics.content
    assert citizen_client.get(f"/my/bookings/{booking.code}/cancel/").status_code == 200
    citizen_client.post(f"/my/bookings/{booking.code}/cancel/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and Slot.objects.get().booked == 0
    assert "我的预约" in citizen_client.get("/my/bookings/").content.decode()


def test_another_citizens_code_is_not_found(client, world):
    item, hall, _, _ = world
    from reservations import services

    owner = b.citizen(1)
    booking, _, _ = services.book(owner, item, first_key(item, hall), "tok")
    intruder = b.citizen()
    client.force_login(intruder)
    for url in (f"/my/bookings/{booking.code}/", f"/my/bookings/{booking.code}/booking.ics",
                f"/my/bookings/{booking.code}/cancel/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/my/bookings/{booking.code}/cancel/").status_code == 404
    assert client.get(f"/reserve/{item.item_code}/", {"change": booking.code}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


@pytest.mark.parametrize("params", [
    {"slot": "x"}, {"slot": "99999-20261207-0900"}, {"slot": "1-20200101-0900"}, {"slot": "1-99999999-9999"},
    {"slot": "1-20261207-0900", "case": "abc"}, {},
])
def test_tampered_confirm_input_gets_chinese_answer(citizen_client, world, params):
    item, _, _, _ = world
    get = citizen_client.get(f"/reserve/{item.item_code}/confirm/", params)
    post = citizen_client.post(f"/reserve/{item.item_code}/confirm/", {**params, "token": "t"})
    for response in (get, post):
        assert response.status_code in (200, 400, 409)
        assert "form-errors" in response.content.decode() or "核对" in response.content.decode()
    assert not Booking.objects.exists() and not Slot.objects.filter(booked__gt=0).exists()


def test_tampered_picker_params(citizen_client, world):
    item, _, _, _ = world
    body = citizen_client.get(f"/reserve/{item.item_code}/", {"hall": "999", "date": "2020-01-01"}).content.decode()
    assert "所选大厅不办理此事项" in body and "所选日期不可预约" in body
    assert citizen_client.get("/reserve/NO-SUCH-CODE/").status_code == 404


def test_full_slot_answer(citizen_client, world):
    item, hall, _, group = world
    from reservations import services

    key = first_key(item, hall)
    services.book(b.citizen(1), item, key, "a")
    services.book(b.citizen(2), item, key, "b")
    response = citizen_client.post(f"/reserve/{item.item_code}/confirm/", {"slot": key, "token": "c"})
    assert response.status_code == 409 and "该时段已约满" in response.content.decode()
    assert Booking.objects.count() == 2


def test_suspended_citizen_sees_why(citizen_client, world):
    item, _, _, _ = world
    BookingSanction.objects.create(
        citizen=citizen_client.user, kind=SanctionKind.SUSPENSION, rule="no_show",
        ends_at=timezone.now() + timezone.timedelta(days=3),
    )
    response = citizen_client.get(f"/reserve/{item.item_code}/")
    assert response.status_code == 403 and "暂停至" in response.content.decode()


def test_pre_approved_case_links_to_priority_booking(
    citizen_client, world, tmp_path, sms_outbox, django_capture_on_commit_callbacks
):
    from casework import services as case_services
    from casework.models import CaseStatus
    from tests.online_apply import builders as ob

    item, hall, _, _ = world
    ob.use_tmp_private_storage(tmp_path)
    case = ob.draft_case(item, user=citizen_client.user)
    case_services.submit(case, citizen_client.user)
    staff = ob.staff("w1", item.department)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.pre_approve(case, staff)
    case.refresh_from_db()
    assert case.status == CaseStatus.PRE_APPROVED
    invite = sms_outbox[-1].text
    assert "已通过预审" in invite and f"/reserve/{item.item_code}/?case={case.pk}" in invite
    listing = citizen_client.get("/my/cases/").content.decode()
    assert f"/reserve/{item.item_code}/?case={case.pk}" in listing
    detail = citizen_client.get(f"/my/cases/{case.pk}/").content.decode()
    assert "预约到窗口优先办理" in detail
    picker = citizen_client.get(f"/reserve/{item.item_code}/", {"case": case.pk}).content.decode()
    assert "窗口优先" in picker and case.receipt_number in picker
