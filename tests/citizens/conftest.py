import pytest


@pytest.fixture(autouse=True)
def axes_reset(db):
    from axes.models import AccessAttempt, AccessFailureLog

    yield
    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()
