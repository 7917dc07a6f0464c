"""Every URL of the site against every kind of visitor (access_table.py says who gets what)."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from audit.records import record
from casework import services
from portal.workflow_setup import ensure_role_group
from tests import factories
from tests.citizens.factories import citizen
from tests.online_apply import builders as b

from .access_table import ADMIN_DEFAULT, NO, OK, ROLES, ROUTES

LOGIN_PATHS = ("/account/login/", "/admin/login/", "/_util/login/")


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
    }
    return users, values


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
