from datetime import date

import pytest

from workdays.calendar import clear_cache
from workdays.models import CalendarDay


@pytest.fixture
def national_day_2024(db):
    """2024 国庆: 1–7 Oct off; Sun 29 Sep and Sat 12 Oct are 调休 working days."""
    CalendarDay.objects.filter(date__range=(date(2024, 9, 28), date(2024, 10, 13))).delete()
    for d in range(1, 8):
        CalendarDay.objects.create(date=date(2024, 10, d), is_working_day=False, name="国庆节")
    for d in (date(2024, 9, 29), date(2024, 10, 12)):
        CalendarDay.objects.create(date=d, is_working_day=True, name="国庆节调休")
    clear_cache()
    yield
    clear_cache()


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
