"""Citizen-side views of online pre-application (the staff side lives in the Wagtail admin)."""

from .lookup import lookup, lookup_result, lookup_verify  # noqa: F401
from .my_cases import case_detail, my_cases, notice  # noqa: F401
from .receipt import receipt  # noqa: F401
from .wizard import start, step  # noqa: F401
