"""Builders for ratings and letters tests: explicit values, never random."""

from datetime import date

from casework.models import CaseStatus
from tests.online_apply import builders as case_builders
from tests.online_apply.citizen_factories import citizen
from workdays.models import CalendarDay


def closed_case(applicant_user, dept_name="县公安局", dept_code="gaj", code="XK-330521-0101"):
    from tests import factories

    dept = factories.department(dept_name, dept_code)
    item = case_builders.item(code=code, dept=dept)
    case = case_builders.draft_case(item, user=applicant_user, upload=False)
    return case_builders.set_status(case, CaseStatus.CLOSED, receipt_number=f"SJ{case.pk:06d}")


def national_day_2030():
    """A fictional 2030 schedule (the package does not know 2030): 1–7 Oct off, Sat 12 Oct on."""
    for day in range(1, 8):
        CalendarDay.objects.update_or_create(date=date(2030, 10, day), defaults={"is_working_day": False, "name": "国庆节"})
    CalendarDay.objects.update_or_create(date=date(2030, 10, 12), defaults={"is_working_day": True, "name": "国庆节调休上班"})


GOOD = {"overall": 5, "efficiency": 5, "guide_accuracy": 4, "convenience": 5, "usability": 4}
BAD = {"overall": 2, "efficiency": 2, "guide_accuracy": 3, "convenience": 2, "usability": 3}

__all__ = ["citizen", "closed_case", "national_day_2030", "GOOD", "BAD"]


def letter(letter_type="complaint", content="窗口工作人员态度冷淡，我叫王小明，电话13812345678。", **fields):
    from letters import services

    defaults = {
        "channel": "online", "subject": "对窗口服务的投诉", "writer_name": "王小明", "phone": "13812345678",
        "phone_verified": True, "address": "示范县城关镇人民路18号", "consent_to_publish": True,
    }
    defaults.update(fields)
    return services.register(letter_type=letter_type, content=content, **defaults)
