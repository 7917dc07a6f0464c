"""电子监察 in the admin: supervisors only; overdue cases, long stops, 差评 rectifications, letters."""

from datetime import date

import pytest

from casework.models import CaseStatus
from tests.online_apply import builders as apply_builders

from . import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture(structure):
    fx = builders.november_2025()
    builders.november_2025_feedback(fx)
    # A stop of 现场踏勘 (max 10 working days) open since 3 November 2025: far too long.
    builders.case(fx["items"][1], submitted=date(2025, 10, 30), accepted=date(2025, 10, 31),
                  stop=(date(2025, 11, 3), None), status=CaseStatus.STOPPED)
    return fx


def test_supervisor_sees_the_lists(fixture, client):
    client.force_login(apply_builders.supervisor())
    response = client.get("/admin/supervision/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "电子监察" in html and "本月主要指标" in html
    overdue = list(response.context["overdue"])
    assert [c.pk for c in overdue] == [fixture["c12"].pk, fixture["c6"].pk]  # earliest deadline first
    assert overdue[0].days_overdue > overdue[1].days_overdue > 0
    stops = response.context["long_stops"]
    assert len(stops) == 1 and stops[0].days_stopped > stops[0].reason.max_working_days
    assert [r.department.name for r in response.context["rectifications"]] == []  # both rectifications are done
    # L2 (26 Nov 2025) and L4 (16 Dec 2025) are still awaiting a reply and past their deadline.
    assert len(response.context["letters"]) == 2


def test_window_staff_are_refused(fixture, client):
    client.force_login(apply_builders.staff("window_a", fixture["a"]))
    response = client.get("/admin/supervision/")
    # Wagtail turns the PermissionDenied into a redirect to the dashboard with the message.
    assert response.status_code == 302 and response.url == "/admin/"
