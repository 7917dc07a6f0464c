"""一次一评 of a served hall visit, from the ticket's code, without an account."""

import pytest
from django.urls import reverse

from queueing import services as queue
from ratings.models import Rating
from tests.reservations import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(structure):
    item, hall, window, _ = b.setup()
    queue.walk_in(hall, item, now=b.at(b.MONDAY, 9, 0))
    queue.call_next(window, None, now=b.at(b.MONDAY, 9, 5))
    return queue.serve(window, now=b.at(b.MONDAY, 9, 20))


def test_visitor_rates_a_served_visit_once_without_account(client, served):
    url = reverse("ratings:rate_visit", args=[served.code])
    assert served.rating_url == url
    page = client.get(url).content.decode()
    assert "A001" in page and "无需登录" in page
    response = client.post(url, {"overall": "2", "comment": "等太久", "phone": "13912345678"})
    assert response.status_code == 302
    rating = Rating.objects.get(visit_code=served.code)
    assert (rating.channel, rating.window, rating.is_real_name) == ("hall", "A01", True)
    assert rating.rectification.department_id == served.department_id
    again = client.post(url, {"overall": "5"})
    assert again.status_code == 200 and "一次一评" in again.content.decode()
    assert Rating.objects.count() == 1


def test_unknown_or_unserved_codes_are_404(client, structure):
    item, hall, _, _ = b.setup()
    waiting = queue.walk_in(hall, item, now=b.at(b.MONDAY, 9, 0))
    assert client.get(reverse("ratings:rate_visit", args=[waiting.code])).status_code == 404
    assert client.get(reverse("ratings:rate_visit", args=["no-such-code"])).status_code == 404


def test_bad_phone_is_refused_with_a_message(client, served):
    response = client.post(reverse("ratings:rate_visit", args=[served.code]), {"overall": "4", "phone": "12345"})
    assert response.status_code == 400 and "11 位" in response.content.decode()
    assert not Rating.objects.exists()


def test_booked_visitor_gets_the_rating_link_by_sms(structure, sms_outbox, django_capture_on_commit_callbacks):
    from reservations import services as booking_services

    item, hall, window, _ = b.setup()
    booking, _, _ = booking_services.book(b.citizen(), item, b.key(hall, b.MONDAY, 9), "tok", now=b.at(b.MONDAY, 7))
    queue.check_in(hall, booking.code, now=b.at(b.MONDAY, 8, 55))
    queue.call_next(window, None, now=b.at(b.MONDAY, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        ticket = queue.serve(window, now=b.at(b.MONDAY, 9, 10))
    assert f"/rate/visit/{ticket.code}/" in sms_outbox[-1].text
