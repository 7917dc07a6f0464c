import pytest

from citizens import sms


@pytest.fixture(autouse=True)
def sms_outbox():
    """citizens.sms.outbox is process-wide (like mail.outbox); empty it for each test."""
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def axes_reset(db):
    from axes.models import AccessAttempt, AccessFailureLog

    yield
    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()
