"""Demo activity: citizens, window staff, a supervisor and cases in every state over N months,
online and at the window (most 即办件 are walk-ins, as in a real centre).

Every status change goes through casework.services and casework.intake, replayed at
historical times with casework.clock.replaying (docs/domain.md "办件引擎: 时钟"): there is no
second writer of the state machine, and replayed history messages nobody.
"""

import hashlib
import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casework import clock, intake, services
from casework.models import Case, CaseMaterial, CaseStatus, Channel, StaffAssignment, StopReason
from guides.models import Department, ProcessingKind, ServiceItemPage
from guides.models.choices import ItemStatus
from halls.models import Window
from portal.roles import GROUP_SUPERVISORS, GROUP_WINDOW_STAFF
from workdays.calendar import add_working_days, next_working_day

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鑫婷宇浩凯晨欣怡子涵梓轩"
AREA_CODES = ["330521", "330522", "330523", "330502", "330503"]
PHONE_PREFIXES = ["138", "139", "137", "136", "135", "158", "159", "188", "187", "150", "151", "182", "177", "199"]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
STOP_REASONS = [("补正材料", 10), ("现场踏勘", 5), ("听证", 20), ("专家评审", 15), ("公示", 10)]
DEMO_PASSWORD = "Demo-Window-2024!"  # noqa: S105 - printed demo credentials, documented as such
# Share of an item's cases filed at the window, by kind: walk-ins dominate, most of all for
# 即办件 (a county centre's year: about half of all closed cases are 即办件, nearly all walk-in).
WINDOW_SHARE = {ProcessingKind.IMMEDIATE: 0.9}
WINDOW_SHARE_DEFAULT = 0.6
# How a case's story ends, as weights (most cases end closed, as in real centres).
ONLINE_PLANS = {"draft": 4, "submitted": 4, "correction": 5, "rejected": 4, "withdrawn": 2, "pre_approved": 4,
                "open": 12, "closed": 65}
WINDOW_PLANS = {"received": 3, "rejected": 3, "open": 14, "closed": 80}
# A case whose story stops half-way (open, forwarded, waiting for joint opinions)
# is work in progress: only while its promised deadline is still ahead. An older one goes on and
# closes, except this share, which stays open past its deadline: a real centre's few 超期件, not
# hundreds carried from month to month (docs/domain.md "每月运行情况通报").
STALE_SHARE = 0.03
# 报批件 wait on a higher authority's decision, which more often runs past the promised limit.
FORWARDED_STALE_SHARE = 0.2
# Stand-ins for the case's applicant and clerk in the one-of-each-state stories.
APPLICANT, CLERK = object(), object()


def id_number(rng, birth):
    """A valid 18-digit resident ID (GB 11643 check digit)."""
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def _pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Command(BaseCommand):
    help = "生成演示用办件数据：申请人、窗口人员、督查账号和覆盖全部状态的网上及窗口办件（全部经由办件服务）。"

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=6)
        parser.add_argument("--per-item", type=int, default=None, help="每个事项的办件数（默认按月份数计算）")
        parser.add_argument("--seed", type=int, default=20240501)
        parser.add_argument(
            "--if-empty", action="store_true", help="已有办件时什么也不做（供 scripts/run.sh 重复运行）"
        )

    def handle(self, *args, months, per_item, seed, if_empty=False, **options):
        if if_empty and Case.objects.exists():
            self.stdout.write("已有办件数据，跳过演示办件生成。")
            return
        if months < 1 or months > 36:
            raise CommandError("--months 应在 1 到 36 之间。")
        items = list(
            ServiceItemPage.objects.live().filter(status=ItemStatus.ACTIVE)
            .select_related("department").prefetch_related("materials")
        )
        if not items:
            raise CommandError("没有已发布的事项：请先加载演示目录或导入事项目录。")
        self.seed = seed
        self.main_rng = self.rng = random.Random(seed)
        self.aside_rng = random.Random(seed + 1)
        per_item = per_item or max(3, months * 2)
        self.now = timezone.now()
        with transaction.atomic():
            self.reasons = [
                StopReason.objects.get_or_create(name=n, defaults={"max_working_days": d})[0] for n, d in STOP_REASONS
            ]
            staff = self._staff(items)
            self.supervisor = get_user_model().objects.get(username="supervisor")
            citizens = self._citizens(max(20, len(items) * 2))
            starts = sorted(
                (self._start(months), item) for item in items for _ in range(per_item)
            )
            counts, channels = {}, {}
            cases = self._one_of_each_state(items, citizens, staff)
            cases += [self._case(item, self.rng.choice(citizens), staff[item.department_id], start) for start, item in starts]
            for case in cases:
                counts[case.status] = counts.get(case.status, 0) + 1
                channels[case.channel] = channels.get(case.channel, 0) + 1
        for status, label in CaseStatus.choices:
            self.stdout.write(f"{label}：{counts.get(status, 0)}")
        by_channel = "，".join(f"{label} {channels.get(value, 0)} 件" for value, label in Channel.choices)
        self.stdout.write(f"共 {sum(counts.values())} 件（{by_channel}）。演示账号密码均为 {DEMO_PASSWORD}：")
        for user in staff.values():
            self.stdout.write(f"  窗口人员 {user.username}")
        self.stdout.write("  督查 supervisor")

    # ------------------------------------------------------------ people

    def _staff(self, items):
        User = get_user_model()
        window_group, _ = Group.objects.get_or_create(name=GROUP_WINDOW_STAFF)
        sup_group, _ = Group.objects.get_or_create(name=GROUP_SUPERVISORS)
        result = {}
        for dept in Department.objects.filter(pk__in={i.department_id for i in items}):
            user, created = User.objects.get_or_create(
                username=f"window_{dept.code}", defaults={"first_name": f"{dept.display_name}窗口", "email": f"window_{dept.code}@example.gov.cn"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(window_group)
            assignment, _ = StaffAssignment.objects.get_or_create(
                user=user, defaults={"department": dept, "window": f"{dept.code.upper()}-01"}
            )
            if assignment.service_window is None:
                assignment.service_window = Window.objects.filter(department=dept, active=True).first()
                assignment.save(update_fields=["service_window"])
            result[dept.pk] = user
        sup, created = User.objects.get_or_create(username="supervisor", defaults={"first_name": "督查股", "email": "supervisor@example.gov.cn"})
        if created:
            sup.set_password(DEMO_PASSWORD)
            sup.save()
        sup.groups.add(sup_group)
        return result

    def _citizens(self, n):
        from citizens.accounts import create_citizen
        from citizens.models import CitizenProfile

        people = []
        for i in range(n):
            phone = f"{self.rng.choice(PHONE_PREFIXES)}{self.rng.randint(0, 99_999_999):08d}"
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            birth = datetime(1950, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 55))
            # Found by the phone's keyed hash: the user name is opaque (citizens.accounts).
            profile = CitizenProfile.with_phone(phone).select_related("user").first()
            if profile is not None:
                user = profile.user
            else:
                user = create_citizen(phone=phone, real_name=name, id_number=id_number(self.rng, birth))
            people.append((user, name, id_number(self.rng, birth), phone, i))
        return people


    # ------------------------------------------------------------ time

    def _start(self, months):
        day = timezone.localdate(self.now) - timedelta(days=self.rng.randint(0, months * 30))
        return self._at(next_working_day(day - timedelta(days=1)), 8, 16)

    def _at(self, day, hour_from=9, hour_to=17):
        t = time(self.rng.randint(hour_from, hour_to), self.rng.randint(0, 59), self.rng.randint(0, 59))
        return timezone.make_aware(datetime.combine(day, t))

    def _later(self, max_days=2, minutes=(5, 240)):
        """A moment after the story's last one, some working days on; None if that is not yet."""
        day = timezone.localdate(self.t)
        for _ in range(self.rng.randint(0, max_days)):
            day = next_working_day(day)
        at = self._at(day) if day != timezone.localdate(self.t) else self.t + timedelta(minutes=self.rng.randint(*minutes))
        at = max(at, self.t + timedelta(minutes=1))
        return at if at < self.now else None

    def _do(self, at, action, *args, **kwargs):
        """Run one service at `at` (replayed server time)."""
        self.t = at
        with clock.replaying(at):
            return action(*args, **kwargs)

    def _step(self, action, *args, max_days=2, **kwargs):
        """Run `action` a little later; False when that moment has not come yet."""
        at = self._later(max_days)
        if at is None:
            return False
        self._do(at, action, self.case, *args, **kwargs)
        return True

    # ------------------------------------------------------------ one case

    def _case(self, item, person, clerk, start):
        self.clerk, self.t, self.rng = clerk, start, self.main_rng
        share = WINDOW_SHARE.get(item.processing_kind, WINDOW_SHARE_DEFAULT)
        if not item.is_online or self.rng.random() < share:
            return self._window_case(item, person, clerk, start)
        return self._online_case(item, person, start)

    def _window_case(self, item, person, clerk, start):
        user, name, idn, phone, _ = person
        plan = _pick(self.rng, WINDOW_PLANS)
        immediate = item.processing_kind == ProcessingKind.IMMEDIATE
        mode = intake.RECEIVE if plan in ("received", "rejected") else (intake.CLOSE if immediate else intake.ACCEPT)
        applicant = intake.WalkInApplicant(name=name, id_number=idn, phone=phone, address="示范县城关镇人民路 88 号")
        received = [m.name for m in item.materials.all() if m.required or self.rng.random() < 0.5]
        self.case = self._do(
            start, intake.register_window_case, clerk, item, applicant, received, mode=mode,
            result=self._result(item), delivery_method="window",
            window=item.service_windows.filter(department=item.department, active=True).first(),
        )
        if plan == "rejected":
            self._step(services.reject, clerk, "申请人不符合受理条件", max_days=0)
        elif mode == intake.ACCEPT:
            self._run_to_close(item, plan)
        return self.case

    def _online_case(self, item, person, start):
        user = person[0]
        self._online_draft(item, person, start)
        plan = _pick(self.rng, ONLINE_PLANS)
        if plan == "draft" or not self._step(services.submit, user, max_days=0):
            return self.case
        if plan == "submitted":
            return self.case
        if plan == "correction" or self.rng.random() < 0.25:
            if not self._corrections(item, user, wait=plan == "correction"):
                return self.case
        if plan == "withdrawn":
            self._step(services.withdraw, user, note="申请人主动撤回")
        elif plan == "rejected":
            self._step(services.reject, self.clerk, "申请人不符合受理条件")
        elif self._step(services.pre_approve, self.clerk) and plan != "pre_approved":
            self._run_to_close(item, plan, accept_days=2)
        return self.case

    def _online_draft(self, item, person, start):
        user, name, idn, phone, _ = person
        self.t = start
        self.case = Case.objects.create(
            item=item, item_code=item.item_code, department=item.department, processing_kind=item.processing_kind,
            promised_limit_days=item.promised_limit_days, applicant=user, applicant_name=name,
            applicant_id_number=idn, applicant_phone=phone, declaration_accepted=True, created_at=start,
            address="示范县城关镇人民路 88 号",
        )
        self._upload(item.materials.all(), start)
        return self.case

    def _window_registered(self, item, person, clerk, start, mode):
        user, name, idn, phone, _ = person
        applicant = intake.WalkInApplicant(name=name, id_number=idn, phone=phone, address="示范县城关镇人民路 88 号")
        self.case = self._do(
            start, intake.register_window_case, clerk, item, applicant, [m.name for m in item.materials.all() if m.required],
            mode=mode, result=self._result(item), delivery_method="window",
            window=item.service_windows.filter(department=item.department, active=True).first(),
        )
        return self.case

    # ------------------------------------------------------------ one case in each state

    def _one_of_each_state(self, items, citizens, staff):
        """One case told straight to each state, before the random stories, so that the demo shows
        every state whatever today's date makes of those (how far a random story gets depends on
        how long ago it started). They happen on the last working day before today, ten minutes a
        step: an open one is within its promised deadline, so they add no 超期件 (docs/domain.md
        "每月运行情况通报"). A state whose kind of item the catalogue lacks is left out."""
        day = timezone.localdate(self.now) - timedelta(days=1)
        while next_working_day(day - timedelta(days=1)) != day:
            day -= timedelta(days=1)
        at = timezone.make_aware(datetime.combine(day, time(9, 0)))
        ids = random.Random(self.seed + 2)  # a stream of its own: the random stories stay as they were
        cases = []
        for n, (item, mode, steps) in enumerate(self._state_stories(items)):
            person, clerk = citizens[n % len(citizens)], staff[item.department_id]
            if mode is not None:
                # A walk-in ID number of its own: the intake refuses the same person and item
                # registered within minutes, and a random story could register that pair later.
                person = (*person[:2], id_number(ids, datetime(1960, 1, 1) + timedelta(days=365 * n)), *person[3:])
            self.clerk = clerk
            case = self._online_draft(item, person, at) if mode is None else self._window_registered(item, person, clerk, at, mode)
            for k, (action, *args) in enumerate(steps, start=1):
                args = [person[0] if a is APPLICANT else clerk if a is CLERK else a for a in args]
                self._do(at + timedelta(minutes=10 * k), action, case, *args)
            cases.append(case)
        return cases

    def _state_stories(self, items):
        """(item, window intake mode or None for online, steps) for each state. 承诺件 first: the
        common kind; a 即办件 is nearly always a walk-in, closed on the spot."""
        items = sorted(items, key=lambda i: i.processing_kind != ProcessingKind.PROMISED)
        online = [i for i in items if i.is_online and i.processing_kind != ProcessingKind.IMMEDIATE]
        with_materials = [i for i in online if i.materials.all()]
        timed = [i for i in items if i.processing_kind != ProcessingKind.IMMEDIATE]
        forwarded = [i for i in items if i.processing_kind == ProcessingKind.FORWARDED]
        submit = (services.submit, APPLICANT)
        stories = []
        if online:
            stories += [
                (online[0], None, ()),  # 草稿
                (online[0], None, (submit,)),  # 待预审
                (online[0], None, (submit, (services.pre_approve, CLERK))),
                (online[0], None, (submit, (services.withdraw, APPLICANT))),
            ]
        if with_materials:
            problems = [(m, "扫描件不清晰") for m in list(with_materials[0].materials.all())[:2]]
            stories.append((with_materials[0], None, (submit, (services.request_corrections, CLERK, problems))))
        if timed:
            item = timed[0]
            stories += [
                (item, intake.RECEIVE, ((services.reject, CLERK, "申请人不符合受理条件"),)),
                (item, intake.ACCEPT, ()),  # 已受理
                (item, intake.ACCEPT, ((services.stop_clock, CLERK, self.reasons[0], "分管主任"),)),
                (item, intake.ACCEPT, ((services.close, CLERK, self._result(item), "window"),)),
            ]
        if forwarded:
            stories.append((forwarded[0], intake.ACCEPT, ((services.forward, CLERK, "市级主管部门"),)))
        return stories

    def _corrections(self, item, user, wait):
        """一次性告知 and (unless `wait`) the applicant's re-upload and resubmission."""
        materials = list(item.materials.all())[:2]
        problems = [(m, self.rng.choice(["扫描件不清晰", "缺少签字", "已过有效期", "未加盖公章"])) for m in materials]
        if not problems or not self._step(services.request_corrections, self.clerk, problems):
            return False
        if wait or self.rng.random() < 0.2:
            return False  # still waiting for the applicant
        at = self._later(3)
        if at is None:
            return False
        with clock.replaying(at):
            CaseMaterial.objects.filter(case=self.case, material__in=materials).update(superseded=True)
            self._upload(materials, at)
        self._do(at + timedelta(minutes=2), services.resubmit_corrections, self.case, user)
        return True

    def _run_to_close(self, item, plan, accept_days=0):
        case = self.case
        if case.status != CaseStatus.ACCEPTED:
            deficiency = case.processing_kind != ProcessingKind.IMMEDIATE and self.rng.random() < 0.08
            if deficiency:
                promise_due = add_working_days(timezone.localdate(self.t), 5)
                if not self._step(
                    services.accept_with_deficiency, self.clerk, material_name="营业执照副本复印件",
                    due_date=promise_due, promise_text="申请人承诺五个工作日内补交", max_days=accept_days,
                ):
                    return
                promise = case.deficiency_promises.get()
                if not self._step(services.fulfil_deficiency, self.clerk, promise, max_days=4):
                    return
            elif not self._step(services.accept, self.clerk, max_days=accept_days):
                return
        if not self._middle(item) or (plan == "open" and self._left_open(True)):
            return
        self._close()

    def _left_open(self, stops_here, stale=STALE_SHARE):
        """Whether a story drawn to stop half-way does leave the case open: yes while its deadline
        is ahead; past it only for a `stale` share of them. A story that goes on draws from a
        second stream, so the main one (every other case's plan) is the same as without this rule."""
        if not stops_here:
            return False
        due = self.case.due_date
        if due is None or due >= timezone.localdate(self.now) or self.aside_rng.random() < stale:
            return True
        self.rng = self.aside_rng
        return False

    def _middle(self, item):
        """Stops, forwarding and joint opinions; False when the story stops before closing."""
        case = self.case
        if case.processing_kind == ProcessingKind.IMMEDIATE:
            return True
        if self.rng.random() < 0.2:
            reason = self.rng.choice(self.reasons)
            if not self._step(services.stop_clock, self.clerk, reason, "分管主任", max_days=3):
                return False
            resume = self._later(min(reason.max_working_days, 8))
            # A stop left running stays (any age): a stopped clock is not overdue, and 电子监察 flags
            # stops past their reason's maximum.
            if resume is None or self.rng.random() < 0.1:
                return False
            self._do(resume, services.resume_clock, case, self.clerk)
        if case.processing_kind == ProcessingKind.FORWARDED:
            if not self._step(services.forward, self.clerk, "市级主管部门") or self._left_open(self.rng.random() < 0.3, stale=FORWARDED_STALE_SHARE):
                return False
            if not self._step(services.record_higher_decision, self.clerk, "上级机关批复同意", max_days=5):
                return False
        if case.processing_kind == ProcessingKind.JOINT:
            others = list(Department.objects.exclude(pk=case.department_id)[:2])
            if not others or not self._step(services.request_joint_opinions, self.clerk, others, max_days=1):
                return False
            if self._left_open(self.rng.random() < 0.2):
                return False
            for opinion in case.joint_opinions.all():
                at = self._later(2)
                if at is None:
                    return False
                self._do(at, services.answer_joint_opinion, opinion, self.supervisor, True)
        return True

    def _close(self):
        case = self.case
        # Mostly early, some on the day, a few (3 %) late with an overdue reason.
        total = case.promised_limit_days + case.stopped_working_days
        roll = self.rng.random()
        offset = self.rng.randint(1, max(1, total)) if roll < 0.8 else (total if roll < 0.97 else total + self.rng.randint(1, 5))
        at = max(self._at(add_working_days(case.acceptance_date, offset)), self.t + timedelta(minutes=30))
        if at >= self.now:
            return  # not done yet: stays open
        late = case.due_date is not None and timezone.localdate(at) > case.due_date
        self._do(
            at, services.close, case, self.clerk, self._result(case.item), self.rng.choice(["window", "post", "online"]),
            address="示范县城关镇人民路 88 号", overdue_reason="专家评审意见分歧，组织二次论证" if late else "",
        )

    @staticmethod
    def _result(item):
        return "准予许可，已制发证照" if item.item_type == "行政许可" else "已办理完毕"

    def _upload(self, materials, at):
        """Scans for an online application (uploads are files, not status changes)."""
        for m in materials:
            is_photo = "照片" in m.name
            content = PNG if is_photo else PDF
            name = "photo.png" if is_photo else "scan.pdf"
            row = CaseMaterial(
                case=self.case, material=m, material_name=m.name, original_name=name,
                content_type="image/png" if is_photo else "application/pdf", size=len(content),
                sha256=hashlib.sha256(content).hexdigest(), uploaded_at=at,
            )
            row.file.save(name, ContentFile(content), save=False)
            row.save()
