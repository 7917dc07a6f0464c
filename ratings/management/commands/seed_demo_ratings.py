"""Demo 好差评: ratings of closed cases and hall visits, rectifications open / due / overdue /
rectified, appeals pending / rejected / upheld, guide feedback, and a demo citizen who can log in
and rate a closed case. Like seed_demo_activity, this seed writes past timestamps directly."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from casework.models import Case, CaseStatus, StaffAssignment
from guides.models import ServiceItemPage
from portal.roles import GROUP_SUPERVISORS
from ratings import services
from ratings.models import (
    AppealReason,
    AppealStatus,
    CallbackResult,
    Channel,
    GuideFeedback,
    Rating,
    RatingAppeal,
    RatingStatus,
    Rectification,
    RectificationStatus,
)

DEMO_CITIZEN_PASSWORD = "Demo-Citizen-2026!"  # noqa: S105 - printed demo credentials
DEMO_STAFF_PASSWORD = "Demo-Window-2024!"  # noqa: S105 - the same as seed_demo_activity's
GOOD_COMMENTS = ["窗口人员耐心细致，一次办好", "网上预审很方便，少跑了一趟", "办理速度快", "", "", "指南写得清楚"]
BAD_COMMENTS = [
    "等了两个小时才叫号，窗口只开了一个",
    "材料要求前后说法不一致，我叫张建国，电话13905731234，跑了三次",
    "工作人员态度生硬，不解释为什么不行",
    "网上提交后很久没人预审",
]
FEEDBACK = [(True, ""), (True, "很清楚"), (False, "材料清单里写的表格下载不到"), (False, "收费标准和窗口说的不一样")]


class Command(BaseCommand):
    help = "生成演示用好差评数据：评价、差评整改、申诉、指南反馈和一个可登录评价的演示申请人。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="已有评价时什么也不做（供 scripts/run.sh 重复运行）")
        parser.add_argument("--seed", type=int, default=20261201)

    def handle(self, *args, if_empty=False, seed=20261201, **options):
        if if_empty and Rating.objects.exists():
            self.stdout.write("已有评价数据，跳过演示好差评生成。")
            return
        self.rng = random.Random(seed)  # noqa: S311 - demo data only
        self.now = timezone.now()
        with transaction.atomic():
            self.second_supervisor = self._second_supervisor()
            citizen = self._demo_citizen()
            closed = list(Case.objects.filter(status=CaseStatus.CLOSED, rating=None).select_related("department")[:400])
            # The demo citizen's newest closed case is left for them to rate.
            keep = Case.objects.filter(applicant=citizen, status=CaseStatus.CLOSED).order_by("-closed_at").first() if citizen else None
            for case in closed:
                if case != keep and self.rng.random() < 0.7:
                    self._rate_case(case)
            self._visits()
            self._appeals()
            self._guide_feedback()
        self.stdout.write(
            f"评价 {Rating.objects.count()} 条，差评整改 {Rectification.objects.count()} 条，申诉 {RatingAppeal.objects.count()} 条。"
        )
        if citizen is not None:
            self.stdout.write(f"演示申请人（可登录评价）：手机号 {citizen.citizen.phone}，密码 {DEMO_CITIZEN_PASSWORD}（“我的办件”中有待评价的办件）。")
        if getattr(self, "unrated_ticket", None):
            self.stdout.write(f"待评价的大厅服务（一次一评，无需登录）：/rate/visit/{self.unrated_ticket.code}/")

    # ------------------------------------------------------------ ratings

    def _grade(self):
        return self.rng.choices([5, 4, 3, 2, 1], weights=[62, 22, 8, 5, 3])[0]

    def _rate_case(self, case, overall=None, at=None):
        overall = overall or self._grade()
        at = at or min(case.closed_at + timedelta(hours=self.rng.randint(1, 72)), self.now - timedelta(minutes=5))
        near = lambda: max(1, min(5, overall + self.rng.choice((-1, 0, 0, 1))))  # noqa: E731
        comment = self.rng.choice(BAD_COMMENTS if overall <= 2 else GOOD_COMMENTS)
        rating = Rating.objects.create(
            channel=Channel.ONLINE, case=case, department_id=case.department_id, item_id=case.item_id, overall=overall,
            efficiency=near(), guide_accuracy=near(), convenience=near(), usability=near(), comment=comment,
            rater=case.applicant, rater_name=case.applicant_name, rater_phone=case.applicant_phone, created_at=at,
        )
        self._maybe_rectify(rating)
        return rating

    def _visits(self):
        """Served hall visits (queueing tickets) over the past weeks; most rated from their code,
        a few left unrated so the demo has a ticket to rate (its link is printed)."""
        from halls.models import Window
        from queueing.models import PREFIX, Ticket, TicketKind, TicketStatus

        windows = [w for w in Window.objects.filter(active=True).select_related("hall", "department").prefetch_related("items") if w.items.exists()]
        if not windows:
            return
        numbers = {}
        for index in range(40):
            window = self.rng.choice(windows)
            day = timezone.localdate(self.now) - timedelta(days=self.rng.randint(1, 80))
            key = (window.hall_id, day)
            if key not in numbers:  # seed_demo_visits may already have numbered this hall's day
                numbers[key] = Ticket.objects.filter(hall=window.hall, date=day).aggregate(m=Max("number"))["m"] or 0
            number = numbers[key] = numbers[key] + 1
            issued = timezone.make_aware(datetime.combine(day, time(9, 0))) + timedelta(minutes=7 * number)
            ticket = Ticket.objects.create(
                hall=window.hall, date=day, number=number, display_number=f"{PREFIX[TicketKind.WALK_IN]}{number:03d}",
                kind=TicketKind.WALK_IN, item=self.rng.choice(list(window.items.all())), department=window.department,
                status=TicketStatus.SERVED, window=window, issued_at=issued, first_called_at=issued + timedelta(minutes=6),
                called_at=issued + timedelta(minutes=6), call_count=1, finished_at=issued + timedelta(minutes=20),
                wait_seconds=360,
            )
            if index < 36:
                rating = Rating.objects.create(
                    channel=Channel.HALL, visit_code=ticket.code, department_id=ticket.department_id,
                    item_id=ticket.item_id, window=window.number, overall=self._grade(),
                    comment=self.rng.choice(GOOD_COMMENTS), created_at=ticket.finished_at + timedelta(minutes=5),
                )
                self._maybe_rectify(rating)
            else:
                self.unrated_ticket = ticket

    def _maybe_rectify(self, rating):
        """差评 → a rectification whose state depends on its age: old ones rectified (a few late),
        recent ones open, some past their deadline."""
        if not rating.is_bad:
            return
        rect = services.open_rectification(rating)
        age = (self.now - rating.created_at).days
        staff = self._staff_of(rating.department_id)
        if age > 25 and self.rng.random() < 0.85:
            late = self.rng.random() < 0.15
            done_on = rect.due_date + timedelta(days=3) if late else rect.opened_on + timedelta(days=self.rng.randint(2, 12))
            done_at = timezone.make_aware(datetime.combine(min(done_on, timezone.localdate(self.now)), time(15, 30)))
            Rectification.objects.filter(pk=rect.pk).update(
                callback_at=done_at - timedelta(days=1) if rating.is_real_name else None,
                callback_by=staff if rating.is_real_name else None,
                callback_result=CallbackResult.BASICALLY if rating.is_real_name else "",
                callback_note="电话回访，说明原因并致歉，申请人表示理解。" if rating.is_real_name else "",
                measures="组织窗口人员业务培训，高峰时段增开窗口。", outcome="已整改，已向评价人反馈。",
                status=RectificationStatus.RECTIFIED, rectified_at=done_at, rectified_by=staff,
            )
        elif rating.is_real_name and self.rng.random() < 0.5:
            Rectification.objects.filter(pk=rect.pk).update(
                callback_at=rating.created_at + timedelta(days=1), callback_by=staff,
                callback_result=CallbackResult.DISSATISFIED, callback_note="已回访，评价人希望尽快解决。",
            )

    def _staff_of(self, department_id):
        assignment = StaffAssignment.objects.filter(department_id=department_id).select_related("user").first()
        return assignment.user if assignment else None

    # ------------------------------------------------------------ appeals

    def _second_supervisor(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="supervisor2", defaults={"first_name": "督查股（审批）", "email": "supervisor2@example.gov.cn"},
        )
        if created:
            user.set_password(DEMO_STAFF_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=GROUP_SUPERVISORS)[0])
        return user

    def _appeals(self):
        first = get_user_model().objects.filter(username="supervisor").first()
        bad = list(Rating.objects.filter(overall__in=(1, 2), status=RatingStatus.COUNTED).order_by("created_at")[:3])
        plans = [AppealStatus.UPHELD, AppealStatus.REJECTED, AppealStatus.PENDING]
        for rating, plan in zip(bad, plans, strict=False):
            staff = self._staff_of(rating.department_id) or first
            at = rating.created_at + timedelta(days=2)
            appeal = RatingAppeal.objects.create(
                rating=rating, reason=AppealReason.MALICIOUS if plan == AppealStatus.UPHELD else AppealReason.MISTAKEN,
                explanation="经调取大厅录像，评价人当日未到本窗口办理业务。" if plan == AppealStatus.UPHELD else "评价人称选错了等级。",
                requested_by=staff, requested_at=at,
            )
            if plan == AppealStatus.PENDING or first is None:
                continue
            fields = {"reviewer": first, "review_note": "已核实录像" if plan == AppealStatus.UPHELD else "无证据支持",
                      "reviewed_at": at + timedelta(days=1)}
            if plan == AppealStatus.UPHELD:
                fields.update(approver=self.second_supervisor, approval_note="同意不计入统计", approved_at=at + timedelta(days=2),
                              status=AppealStatus.UPHELD)
                services._set_aside(rating, appeal.reason)
            else:
                fields["status"] = AppealStatus.REJECTED
            RatingAppeal.objects.filter(pk=appeal.pk).update(**fields)

    def _guide_feedback(self):
        pages = list(ServiceItemPage.objects.live()[:6])
        for page, (useful, comment) in zip(pages, FEEDBACK * 2, strict=False):
            GuideFeedback.objects.create(page=page, useful=useful, comment=comment)

    # ------------------------------------------------------------ demo citizen

    def _demo_citizen(self):
        """One seeded applicant with closed cases gets a known password: a citizen who can log
        in and find a closed case to rate in 我的办件 (the others stay rated or unrated)."""
        closed = Case.objects.filter(status=CaseStatus.CLOSED, applicant__citizen__isnull=False)
        applicant_id = (
            closed.values("applicant_id").annotate(n=Count("pk")).filter(n__gte=2).order_by("-n", "applicant_id")
            .values_list("applicant_id", flat=True).first()
        ) or closed.values_list("applicant_id", flat=True).first()
        if applicant_id is None:
            return None
        user = get_user_model().objects.get(pk=applicant_id)
        user.set_password(DEMO_CITIZEN_PASSWORD)
        user.save(update_fields=["password"])
        return user
