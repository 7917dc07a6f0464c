import pytest

from workdays.calendar import clear_cache


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test's transaction is rolled back without a signal, so start and end with no copy."""
    clear_cache()
    yield
    clear_cache()
