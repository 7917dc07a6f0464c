"""The 好差评 rules (docs/domain.md "## 好差评"), in one place for the views, the admin and tests.

- 一事一评: one rating per closed case, by its applicant only. 一次一评: one per served visit,
  by whoever holds the ticket's code.
- A 差评 opens a Rectification for the department, due in RatingSettings.rectification_working_days
  working days; a real-name 差评 cannot be closed without a 回访 record.
- An appeal needs a reviewer and a second, different approver; an upheld appeal sets the rating
  aside (kept, never deleted) and the public statistics count it as set aside with its reason.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Site

from casework.access import is_supervisor, staff_department_id
from casework.deadlines import due_date
from casework.models import CaseStatus
from workdays.calendar import add_working_days

from .models import (
    BAD_GRADES,
    ONLINE_DIMENSIONS,
    AppealStatus,
    CallbackResult,
    Channel,
    Grade,
    Rating,
    RatingAppeal,
    RatingSettings,
    RatingStatus,
    Rectification,
    RectificationStatus,
)


class RatingError(Exception):
    """A rule refused the action; str(error) is a Chinese message for the person acting."""


def rating_settings():
    """The configured values of the default site (defaults when no site exists yet)."""
    site = Site.objects.filter(is_default_site=True).first()
    return RatingSettings.for_site(site) if site else RatingSettings()


def _clean_grade(value, label, required=True):
    if value in (None, ""):
        if required:
            raise RatingError(f"请选择“{label}”的评价等级。")
        return None
    try:
        return Grade(int(value)).value
    except (TypeError, ValueError):
        raise RatingError(f"“{label}”的评价等级无效。") from None


# ---------------------------------------------------------------- who may rate


def case_rating_refusal(case, user):
    """Why `user` may not rate `case` now, or "" when they may (一事一评)."""
    if not getattr(user, "is_authenticated", False) or case.applicant_id != user.pk:
        return "只有本办件的申请人可以评价。"
    if case.status != CaseStatus.CLOSED:
        return "办件办结后才能评价。"
    if Rating.objects.filter(case=case).exists():
        return "该办件已评价（一事一评，每件只能评价一次）。"
    return ""


def rate_case(case, user, grades, comment=""):
    """一事一评 of a closed case by its applicant; grades maps overall and the online dimensions."""
    refusal = case_rating_refusal(case, user)
    if refusal:
        raise RatingError(refusal)
    values = {"overall": _clean_grade(grades.get("overall"), "整体满意度")}
    for field, label in ONLINE_DIMENSIONS:
        values[field] = _clean_grade(grades.get(field), label)
    citizen = getattr(user, "citizen", None)
    return _save_rating(
        channel=Channel.ONLINE, case=case, department_id=case.department_id, item_id=case.item_id,
        comment=(comment or "").strip()[:500], rater=user, rater_name=case.applicant_name,
        rater_phone=citizen.phone if citizen else case.applicant_phone, **values,
    )


def rate_visit(visit, overall, comment="", phone=""):
    """一次一评 of a served hall visit, from its ticket code; no account needed.

    `visit` is a served queueing.Ticket (or anything with .code, .department_id, .item_id and
    .window): see docs/domain.md "## 好差评". A phone left for the 回访 makes it real-name.
    """
    if not visit.code:
        raise RatingError("取号凭证无效。")
    if Rating.objects.filter(visit_code=visit.code).exists():
        raise RatingError("本次服务已评价（一次一评，每次只能评价一次）。")
    window = getattr(visit.window, "number", visit.window) or ""
    return _save_rating(
        channel=Channel.HALL, visit_code=visit.code, department_id=visit.department_id, item_id=visit.item_id,
        window=str(window), overall=_clean_grade(overall, "整体满意度"), comment=(comment or "").strip()[:500],
        rater_phone=phone or "",
    )


def _save_rating(**fields):
    """Create the rating, and its rectification when it is a 差评, together or not at all."""
    try:
        with transaction.atomic():
            rating = Rating.objects.create(**fields)
            if rating.overall in BAD_GRADES:
                open_rectification(rating)
    except IntegrityError:
        # Two submissions raced past the check: the unique case/visit code keeps one.
        raise RatingError("已评价过，不能重复评价。") from None
    return rating


# ---------------------------------------------------------------- rectification


def rectification_due_date(opened_on, working_days=None):
    days = rating_settings().rectification_working_days if working_days is None else working_days
    return due_date(opened_on, days)  # the case engine's one deadline formula


def open_rectification(rating):
    opened_on = timezone.localdate(rating.created_at)
    return Rectification.objects.create(
        rating=rating, department_id=rating.department_id, opened_on=opened_on,
        due_date=rectification_due_date(opened_on),
    )


def can_handle_rectification(user, rectification):
    """The responsible department's staff and supervisors."""
    return is_supervisor(user) or staff_department_id(user) == rectification.department_id


def _lock_open(rectification, user):
    if not can_handle_rectification(user, rectification):
        raise RatingError("您无权处理该整改记录。")
    locked = Rectification.objects.select_for_update().select_related("rating").get(pk=rectification.pk)
    if locked.status != RectificationStatus.OPEN:
        raise RatingError("该整改记录已结束，不能再修改。")
    return locked


def record_callback(rectification, user, result, note):
    """回访: the call to the rater, its result and what was said."""
    if result not in CallbackResult.values:
        raise RatingError("请选择回访结果。")
    if not (note or "").strip():
        raise RatingError("请填写回访记录。")
    with transaction.atomic():
        locked = _lock_open(rectification, user)
        locked.callback_at, locked.callback_by = timezone.now(), user
        locked.callback_result, locked.callback_note = result, note.strip()
        locked.save(update_fields=["callback_at", "callback_by", "callback_result", "callback_note"])
    return locked


def complete_rectification(rectification, user, measures, outcome):
    """整改完成: measures and outcome; a real-name 差评 needs its 回访 first (回访率 100%)."""
    if not (measures or "").strip() or not (outcome or "").strip():
        raise RatingError("请填写整改措施和整改结果。")
    with transaction.atomic():
        locked = _lock_open(rectification, user)
        if locked.rating.is_real_name and locked.callback_at is None:
            raise RatingError("实名差评须先完成回访并登记回访记录，才能办结整改。")
        locked.measures, locked.outcome = measures.strip(), outcome.strip()
        locked.status, locked.rectified_at, locked.rectified_by = RectificationStatus.RECTIFIED, timezone.now(), user
        locked.save(update_fields=["measures", "outcome", "status", "rectified_at", "rectified_by"])
    return locked


def rectifications_visible_to(user):
    qs = Rectification.objects.select_related("rating", "department", "rating__item")
    if is_supervisor(user):
        return qs
    dept = staff_department_id(user)
    return qs.filter(department_id=dept) if dept else qs.none()


def open_due_overdue(queryset, today=None):
    """The supervisor's three lists: open, due within the reminder window, overdue."""
    today = today or timezone.localdate()
    open_qs = queryset.filter(status=RectificationStatus.OPEN)
    soon = add_working_days(today, rating_settings().reminder_working_days)
    return {
        "open": open_qs,
        "due": open_qs.filter(due_date__gte=today, due_date__lte=soon),
        "overdue": open_qs.filter(due_date__lt=today),
    }


# ---------------------------------------------------------------- appeals


def file_appeal(rating, user, reason, explanation):
    """申诉 by the rated department (or a supervisor), with a reason and an explanation."""
    if not (is_supervisor(user) or staff_department_id(user) == rating.department_id):
        raise RatingError("只有被评价部门或督查人员可以申诉。")
    if not (explanation or "").strip():
        raise RatingError("请填写申诉说明。")
    if rating.status == RatingStatus.SET_ASIDE:
        raise RatingError("该评价已不计入统计，无需再申诉。")
    if rating.appeals.filter(status__in=(AppealStatus.PENDING, AppealStatus.REVIEWED)).exists():
        raise RatingError("该评价已有未办结的申诉。")
    return RatingAppeal.objects.create(rating=rating, reason=reason, explanation=explanation.strip(), requested_by=user)


def review_appeal(appeal, user, agree, note):
    """First stage (复核): a supervisor who did not file the appeal; a refusal ends it."""
    if not is_supervisor(user):
        raise RatingError("只有督查人员可以复核申诉。")
    if not (note or "").strip():
        raise RatingError("请填写复核意见。")
    with transaction.atomic():
        locked = RatingAppeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.status != AppealStatus.PENDING:
            raise RatingError("该申诉不在待复核状态。")
        if locked.requested_by_id == user.pk:
            raise RatingError("申诉人不能复核自己的申诉。")
        locked.reviewer, locked.review_note, locked.reviewed_at = user, note.strip(), timezone.now()
        locked.status = AppealStatus.REVIEWED if agree else AppealStatus.REJECTED
        locked.save(update_fields=["reviewer", "review_note", "reviewed_at", "status"])
    return locked


def approve_appeal(appeal, user, agree, note):
    """Second stage (审批): a different supervisor; upheld sets the rating aside, visibly."""
    if not is_supervisor(user):
        raise RatingError("只有督查人员可以审批申诉。")
    if not (note or "").strip():
        raise RatingError("请填写审批意见。")
    with transaction.atomic():
        locked = RatingAppeal.objects.select_for_update().select_related("rating").get(pk=appeal.pk)
        if locked.status != AppealStatus.REVIEWED:
            raise RatingError("该申诉尚未复核或已审批。")
        if user.pk in (locked.reviewer_id, locked.requested_by_id):
            raise RatingError("审批人须为申诉人、复核人以外的第二人。")
        locked.approver, locked.approval_note, locked.approved_at = user, note.strip(), timezone.now()
        locked.status = AppealStatus.UPHELD if agree else AppealStatus.REJECTED
        locked.save(update_fields=["approver", "approval_note", "approved_at", "status"])
        if agree:
            _set_aside(locked.rating, locked.reason)
    return locked


def _set_aside(rating, reason):
    Rating.objects.filter(pk=rating.pk).update(status=RatingStatus.SET_ASIDE, set_aside_reason=reason)
    Rectification.objects.filter(rating=rating, status=RectificationStatus.OPEN).update(
        status=RectificationStatus.SET_ASIDE
    )
