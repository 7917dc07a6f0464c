import pytest

# 2024 国庆 with its 调休 days, as the 办件 deadline tests set it up.
from tests.online_apply.test_deadlines import national_day_2024  # noqa: F401


@pytest.fixture
def handler(db, django_user_model):
    """A member of staff allowed to handle requests (the editors' grant from setup_portal)."""
    from django.contrib.auth.models import Group

    from inforequests.setup import ensure_permissions
    from portal.roles import GROUP_EDITORS

    ensure_permissions()
    user = django_user_model.objects.create_user("gongkai", first_name="公开专员", password="x")
    user.groups.add(Group.objects.get(name=GROUP_EDITORS))
    return user
