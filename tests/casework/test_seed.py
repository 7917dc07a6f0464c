"""seed_demo_activity writes history only through the services (replayed clock): every case's
transitions form one lawful chain, window cases outnumber online ones, most 即办件 are walk-ins,
and a re-run with --if-empty adds nothing."""

import pytest
from django.core.management import call_command

from casework import services
from casework.models import Case, CaseStatus, CaseTransition, Channel
from citizens import sms
from tests import factories
from tests.online_apply import builders as b


@pytest.fixture
def catalogue(db, tmp_path, structure):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    b.item(code="XK-330521-0701", kind="即办件", days=0, dept=dept, title="即办事项")
    b.item(code="XK-330521-0702", kind="承诺件", days=5, dept=dept, title="承诺事项")
    b.item(code="XK-330521-0703", kind="联办件", days=10, dept=dept, title="联办事项")
    b.item(code="XK-330521-0704", kind="报批件", days=10, dept=dept, title="报批事项")
    factories.department("县消防救援大队", "xf")


def test_seeding_goes_through_the_services(catalogue):
    sms.outbox.clear()
    call_command("seed_demo_activity", months=2, per_item=25, seed=7, stdout=open("/dev/null", "w"))
    cases = list(Case.objects.exclude(status=CaseStatus.DRAFT).prefetch_related("transitions"))
    assert len(cases) > 60
    for case in cases:
        chain = list(case.transitions.all())
        # One transition per version bump, each starting where the previous ended: the engine's record().
        assert case.version == len(chain)
        assert chain[-1].to_status == case.status
        for earlier, later in zip(chain, chain[1:], strict=False):
            assert later.from_status == earlier.to_status and later.at >= earlier.at
            assert later.action in services.CASES.actions
        if case.status == CaseStatus.CLOSED:
            assert case.closed_on and case.working_days_used is not None
            assert case.closed_late == (case.closed_on > case.due_date)
            assert case.notices.filter(kind="completion").exists()
    assert sms.outbox == []  # replayed history messages nobody

    window = Case.objects.filter(channel=Channel.WINDOW)
    assert window.count() > Case.objects.filter(channel=Channel.ONLINE).count()
    immediate = Case.objects.filter(processing_kind="即办件")
    assert immediate.filter(channel=Channel.WINDOW).count() >= 0.75 * immediate.count()
    # Most window 即办件 were closed on the spot, the same day they were received.
    on_the_spot = [c for c in immediate.filter(channel=Channel.WINDOW, status=CaseStatus.CLOSED)
                   if c.closed_on == c.submitted_on]
    assert len(on_the_spot) >= immediate.filter(channel=Channel.WINDOW, status=CaseStatus.CLOSED).count() * 0.9
    assert CaseTransition.objects.filter(action="receive_at_window").count() == window.count()

    before = Case.objects.count()
    call_command("seed_demo_activity", months=2, if_empty=True, stdout=open("/dev/null", "w"))
    assert Case.objects.count() == before


def test_demo_citizen_printed_by_the_seeds_logs_in_with_that_phone(catalogue, client):
    """run.sh prints the demo citizen's phone; the account behind it has an opaque user name."""
    import io
    import re

    from django.contrib.auth import get_user_model

    from ratings.management.commands.seed_demo_ratings import DEMO_CITIZEN_PASSWORD

    call_command("seed_demo_activity", months=2, per_item=10, seed=7, stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo_ratings", if_empty=True, stdout=out)
    phone = re.search(r"演示申请人（可登录评价）：手机号 (1[3-9]\d{9})", out.getvalue()).group(1)
    assert not get_user_model().objects.filter(username=phone).exists()
    response = client.post("/account/login/", {"method": "password", "phone": phone, "password": DEMO_CITIZEN_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.get("/my/cases/").status_code == 200


def test_every_state_whatever_the_random_stories_do(catalogue):
    """One case is told straight to each state, so four random stories are enough; the open
    ones among them are within their deadline (no extra 超期件)."""
    from datetime import timedelta

    from django.utils import timezone

    from casework.models import OPEN_STATUSES
    from workdays.calendar import next_working_day

    call_command("seed_demo_activity", months=1, per_item=1, seed=3, stdout=open("/dev/null", "w"))
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    today = timezone.localdate()
    day = today - timedelta(days=1)
    while next_working_day(day - timedelta(days=1)) != day:
        day -= timedelta(days=1)
    told = Case.objects.filter(status__in=OPEN_STATUSES, acceptance_date=day)
    assert told.count() >= 3 and not told.filter(due_date__lt=today).exists()
