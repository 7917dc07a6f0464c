"""好差评 rules (docs/domain.md "## 好差评"): who may rate, one per case/visit, rectification
deadlines across holidays, 回访 before closing a real-name 差评, appeals with two people."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from casework.models import CaseStatus
from ratings import services, stats
from ratings.models import AppealReason, AppealStatus, Rating, RatingSettings, RatingStatus, RectificationStatus
from tests.online_apply import builders as case_builders

from .builders import BAD, GOOD, citizen, closed_case, national_day_2030

pytestmark = pytest.mark.django_db


@dataclass
class Visit:
    code: str
    department_id: int
    item_id: int | None = None
    window: str = "A03"


@pytest.fixture
def applicant():
    return citizen()


def test_applicant_rates_a_closed_case_once(applicant):
    case = closed_case(applicant)
    rating = services.rate_case(case, applicant, GOOD, "窗口服务很好")
    assert rating.department_id == case.department_id and rating.rater_phone == "13812341234"
    assert [label for label, _ in rating.dimensions()] == ["整体满意度", "办事效率", "办事指南精确度", "办事便捷度", "平台操作性"]
    with pytest.raises(services.RatingError, match="一事一评"):
        services.rate_case(case, applicant, GOOD)
    assert Rating.objects.count() == 1


def test_only_the_applicant_and_only_after_closing(applicant):
    case = closed_case(applicant)
    stranger = citizen(username="lisi", phone="13900000002", id_number="110101199003077774", real_name="李四")
    with pytest.raises(services.RatingError, match="申请人"):
        services.rate_case(case, stranger, GOOD)
    case_builders.set_status(case, CaseStatus.ACCEPTED)
    with pytest.raises(services.RatingError, match="办结后"):
        services.rate_case(case, applicant, GOOD)


def test_every_online_dimension_is_required(applicant):
    case = closed_case(applicant)
    with pytest.raises(services.RatingError, match="平台操作性"):
        services.rate_case(case, applicant, {**GOOD, "usability": ""})
    with pytest.raises(services.RatingError, match="无效"):
        services.rate_case(case, applicant, {**GOOD, "overall": "9"})
    assert not Rating.objects.exists()


def test_a_visit_is_rated_once_from_its_code(structure):
    from tests import factories

    dept = factories.department()
    visit = Visit(code="T-9f3a7c", department_id=dept.pk)
    rating = services.rate_visit(visit, 4, "很快")
    assert rating.channel == "hall" and not rating.is_real_name
    with pytest.raises(services.RatingError, match="一次一评"):
        services.rate_visit(visit, 1)


def test_bad_rating_opens_rectification_due_in_15_working_days(applicant):
    case = closed_case(applicant)
    rating = services.rate_case(case, applicant, BAD, "等了很久")
    rect = rating.rectification
    assert rect.department_id == case.department_id and rect.status == RectificationStatus.OPEN
    from workdays.calendar import working_days_between

    assert working_days_between(rect.opened_on, rect.due_date) == 15


def test_good_rating_opens_no_rectification(applicant):
    services.rate_case(closed_case(applicant), applicant, {**GOOD, "overall": 3})
    assert not services.Rectification.objects.exists()


def test_rectification_deadline_skips_holidays_and_counts_make_up_days():
    national_day_2030()
    # Fri 27 Sep 2030 + 15 working days: 30 Sep, then 8–11, 12 (Sat, 调休), 14–18, 21–24 Oct.
    assert services.rectification_due_date(date(2030, 9, 27), 15) == date(2030, 10, 24)


def test_rectification_days_are_configurable(structure, applicant):
    from wagtail.models import Site

    settings_row = RatingSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.rectification_working_days = 5
    settings_row.save()
    national_day_2030()
    assert services.rectification_due_date(date(2030, 9, 27)) == date(2030, 10, 11)


def test_real_name_bad_rating_needs_callback_before_closing(applicant):
    case = closed_case(applicant)
    staff = case_builders.staff("window_gaj", case.department)
    rect = services.rate_case(case, applicant, BAD).rectification
    with pytest.raises(services.RatingError, match="回访"):
        services.complete_rectification(rect, staff, "加强培训", "已向申请人致歉")
    services.record_callback(rect, staff, "basically", "电话回访，申请人表示理解")
    done = services.complete_rectification(rect, staff, "加强培训", "已向申请人致歉")
    assert done.status == RectificationStatus.RECTIFIED and done.rectified_on_time
    with pytest.raises(services.RatingError, match="已结束"):
        services.record_callback(done, staff, "satisfied", "再次回访")


def test_other_departments_cannot_handle_a_rectification(applicant):
    case = closed_case(applicant)
    from tests import factories

    other = case_builders.staff("window_other", factories.department("县市场监管局", "scjg"))
    rect = services.rate_case(case, applicant, BAD).rectification
    with pytest.raises(services.RatingError, match="无权"):
        services.record_callback(rect, other, "satisfied", "x")
    assert not services.rectifications_visible_to(other).exists()


def test_open_due_and_overdue_lists(applicant):
    case = closed_case(applicant)
    rect = services.rate_case(case, applicant, BAD).rectification
    lists = services.open_due_overdue(services.Rectification.objects.all(), today=rect.due_date)
    assert list(lists["due"]) == [rect] and not lists["overdue"].exists()
    lists = services.open_due_overdue(services.Rectification.objects.all(), today=date(2099, 1, 5))
    assert list(lists["overdue"]) == [rect]


def test_appeal_needs_a_reviewer_and_a_second_approver(applicant):
    case = closed_case(applicant)
    dept_staff = case_builders.staff("window_gaj", case.department)
    first, second = case_builders.supervisor("sup1"), case_builders.supervisor("sup2")
    rating = services.rate_case(case, applicant, BAD, "乱评")
    appeal = services.file_appeal(rating, dept_staff, AppealReason.MALICIOUS, "申请人当场辱骂工作人员，评价与服务无关")
    with pytest.raises(services.RatingError, match="复核"):
        services.approve_appeal(appeal, second, True, "同意")
    with pytest.raises(services.RatingError, match="只有督查"):
        services.review_appeal(appeal, dept_staff, True, "同意")
    appeal = services.review_appeal(appeal, first, True, "经调取录像属实")
    with pytest.raises(services.RatingError, match="第二人"):
        services.approve_appeal(appeal, first, True, "同意")
    appeal = services.approve_appeal(appeal, second, True, "同意不计入")
    assert appeal.status == AppealStatus.UPHELD
    rating.refresh_from_db()
    # Kept, marked, and its rectification closed as set aside: nothing deleted.
    assert rating.status == RatingStatus.SET_ASIDE and rating.set_aside_reason == "malicious"
    assert rating.rectification.status == RectificationStatus.SET_ASIDE
    with pytest.raises(ValueError, match="不可删除"):
        rating.delete()


def test_rejected_appeal_leaves_the_rating_counted(applicant):
    case = closed_case(applicant)
    dept_staff = case_builders.staff("window_gaj", case.department)
    rating = services.rate_case(case, applicant, BAD)
    appeal = services.file_appeal(rating, dept_staff, AppealReason.MISTAKEN, "申请人评错了")
    appeal = services.review_appeal(appeal, case_builders.supervisor("sup1"), False, "无证据")
    assert appeal.status == AppealStatus.REJECTED
    rating.refresh_from_db()
    assert rating.status == RatingStatus.COUNTED
    # A new appeal may be filed after a refusal, but not two at once.
    services.file_appeal(rating, dept_staff, AppealReason.MISTAKEN, "补充证据")
    with pytest.raises(services.RatingError, match="未办结"):
        services.file_appeal(rating, dept_staff, AppealReason.MISTAKEN, "再次")


def test_month_statistics_count_set_aside_ratings_apart(applicant):
    case = closed_case(applicant)
    other_user = citizen(username="lisi", phone="13900000002", id_number="110101199003077774", real_name="李四")
    other = closed_case(other_user, code="XK-330521-0102")
    good = services.rate_case(case, applicant, GOOD)
    bad = services.rate_case(other, other_user, BAD)
    appeal = services.file_appeal(bad, case_builders.supervisor("sup1"), AppealReason.UNRELATED, "与本次服务无关")
    appeal = services.review_appeal(appeal, case_builders.supervisor("sup2"), True, "属实")
    services.approve_appeal(appeal, case_builders.supervisor("sup3"), True, "同意")
    now = timezone.localtime(good.created_at)
    summary = stats.month_summary(now.year, now.month)
    (row,) = summary.rows
    assert (row.ratings, row.satisfied, row.bad, row.set_aside) == (1, 1, 0, 1)
    assert row.satisfaction_rate == 100.0
    assert summary.set_aside_reasons == {"与本次服务无关": 1}


def test_month_statistics_report_rectified_on_time(applicant):
    case = closed_case(applicant)
    staff = case_builders.staff("window_gaj", case.department)
    rect = services.rate_case(case, applicant, BAD).rectification
    services.record_callback(rect, staff, "satisfied", "已回访")
    services.complete_rectification(rect, staff, "改进", "已整改")
    created = timezone.localtime(rect.rating.created_at)
    (row,) = stats.month_summary(created.year, created.month).rows
    assert (row.bad, row.rectified, row.rectified_on_time, row.satisfaction_rate) == (1, 1, 1, 0.0)


def test_month_bounds_use_local_time(applicant):
    rating = services.rate_case(closed_case(applicant), applicant, GOOD)
    # 2030-03-31 23:30 in Shanghai is still March there (15:30 UTC).
    Rating.objects.filter(pk=rating.pk).update(created_at=datetime(2030, 3, 31, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert stats.month_summary(2030, 3).total("ratings") == 1
    assert stats.month_summary(2030, 4).total("ratings") == 0
