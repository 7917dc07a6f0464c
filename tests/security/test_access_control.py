"""Every URL of the site against every kind of visitor (access_table.py says who gets what)."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from audit.records import record
from bulletins.drafting import draft_bulletin
from bulletins.metrics.periods import Month
from casework import services
from inforequests.setup import ensure_permissions as ensure_inforequest_permissions
from letters import services as letter_services
from portal.workflow_setup import ensure_role_group
from queueing import services as queue
from reservations import services as bookings
from tests import factories
from tests.citizens.factories import citizen
from tests.inforequests import builders as ib
from tests.letters.builders import closed_case, letter
from tests.online_apply import builders as b
from tests.reservations import builders as rb

from .access_table import ADMIN_DEFAULT, NO, OK, ROLES, ROUTES

LOGIN_PATHS = ("/account/login/", "/admin/login/", "/_util/login/")
# Pages open only with a one-time code send visitors without one back to the lookup form.
LOOKUP_FORMS = ("/cases/lookup/", "/letters/lookup/", "/info-request/track/")


def all_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def outcome(response, path):
    if response.status_code in (403, 404, 405):
        return NO
    target = response["Location"].split("?")[0] if response.status_code in (301, 302) else ""
    if target.endswith(LOGIN_PATHS) or (target == "/admin/" and path != "/admin/"):
        return NO  # Wagtail sends staff without the permission to the admin home
    if target.endswith(LOOKUP_FORMS) and target != path.split("?")[0]:
        return NO
    assert response.status_code < 500, response.status_code
    return OK


def placeholder_path(route):
    """A requestable path for a route with no row: every argument filled with 1 or x."""
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"<int:\w+>|\(\?P<\w+>\\d\+\)|\(\\d\+\)", "1", path)
    path = re.sub(r"<(\w+:)?\w+>|\(\?P<\w+>[^)]*\)|\([^)]*\)", "x", path)
    return "/" + path.replace("\\", "")


def test_every_url_has_an_expectation():
    missing = [r for r in all_routes() if r not in ROUTES and not r.startswith("admin/")]
    assert not missing, (
        "这些网址还没有访问控制预期，请在 tests/security/access_table.py 的 ROUTES 中为每个角色写明"
        f"（OK/NO）：{missing}"
    )


@pytest.fixture
def world(structure, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    dept_x, dept_y = factories.department("县住建局", "zjj"), factories.department("县公安局", "gaj")
    item = b.item(dept=dept_x)
    a = citizen(phone="13800000001", first17="33052119900307123")
    case = b.draft_case(item, user=a)
    services.submit(case, a)
    staff_x, staff_y = b.staff("window_x", dept_x), b.staff("window_y", dept_y)
    services.pre_approve(case, staff_x)
    services.accept(case, staff_x)
    editor = b.User.objects.create_user("bianji", password="x-Strong-pass-1", is_staff=True)
    editor.groups.add(ensure_role_group("编辑"))
    users = {
        "citizen_a": a, "citizen_b": citizen(phone="13800000002", first17="11010519491231002"),
        "staff_x": staff_x, "staff_y": staff_y, "supervisor": b.supervisor(), "editor": editor,
    }
    values = {
        "case": case.pk, "file": case.materials.first().pk, "notice": case.notices.first().pk,
        "item": item.item_code, "home": structure.home.pk, "event": record("export", actor_name="系统").pk,
        **service_objects(a),
    }
    return users, values


def service_objects(a):
    """Real objects for the bookings, queue, 好差评, letters, 依申请公开 and bulletin routes,
    built with the same services and builders as those apps' own tests."""
    ensure_inforequest_permissions()  # what setup_portal grants: editors and supervisors handle requests
    closed = closed_case(a, dept_name="县民政局", dept_code="mzj", code="XK-330521-0102")
    booked_item, hall, window, _ = rb.setup()
    booking, _, _ = bookings.book(a, booked_item, rb.key(hall, rb.MONDAY, 9), "tok", now=rb.at(rb.MONDAY, 7))
    queue.walk_in(hall, booked_item, now=rb.at(rb.MONDAY, 9, 0))
    queue.call_next(window, None, now=rb.at(rb.MONDAY, 9, 5))
    served = queue.serve(window, now=rb.at(rb.MONDAY, 9, 20))
    published = letter(content="窗口排队时间太长，建议增加取号机。")
    letter_supervisor = b.supervisor("sup_letters")
    letter_services.route(published, letter_supervisor, factories.department())
    letter_services.reply(published, letter_supervisor, "已增设取号机。", "partly")
    own_letter = letter(content="请问办理营业执照需要多长时间？", letter_type="consultation", writer=a)
    info_request = ib.filed(date(2026, 11, 2))
    bulletin, _ = draft_bulletin(Month(2025, 11))
    bulletin.get_latest_revision_as_object().save_revision().publish()
    return {
        "closed_case": closed.pk, "booking": booking.code, "booking_item": booked_item.item_code, "hall": hall.code,
        "ticket": served.code, "letter": published.tracking_number, "own_letter": own_letter.tracking_number,
        "info_request": info_request.number,
        "letter_pk": published.pk, "letter_notice": published.notices.get().pk,
        "info_notice": info_request.notices.first().pk, "bulletin_month": bulletin.month_key,
    }


def client_for(role, users):
    client = Client()
    if role != "anon":
        client.force_login(users[role])
    return client


@pytest.mark.django_db
def test_access_control_table(world):
    users, values = world
    failures = []
    for role in ROLES:
        client = client_for(role, users)
        for path, expected in ROUTES.values():
            url = path.format(**values)
            got = outcome(client.get(url), url)
            if got != expected[role]:
                failures.append(f"{role} {path.format(**values)}: 期望 {expected[role]}，实际 {got}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_admin_url_refuses_anonymous_visitors_and_citizens(world):
    users, _ = world
    routes = [r for r in all_routes() if r.startswith("admin/") and r not in ROUTES]
    for role, expected in ADMIN_DEFAULT.items():
        client = client_for(role, users)
        wrong = [r for r in routes if outcome(client.get(placeholder_path(r)), placeholder_path(r)) != expected]
        assert not wrong, f"{role} 可以访问这些后台网址：{wrong}"
