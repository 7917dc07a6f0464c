"""Demo activity: citizens, window staff, a supervisor and cases in every state over N months.

This seed is the ONE place allowed to set past timestamps: it writes Case, CaseTransition,
notices, stops and opinions rows directly with historical times instead of calling
online_apply.services (whose API only ever uses server time). Each case follows a lawful path
through the same state machine, so the history reads like real work.
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

from guides.models import Department, ServiceItemPage
from online_apply.models import (
    Case,
    CaseMaterial,
    CaseNotice,
    CaseStatus,
    CaseTransition,
    ClockStop,
    CorrectionItem,
    CorrectionRequest,
    DeficiencyPromise,
    JointOpinion,
    NoticeKind,
    StaffAssignment,
    StopReason,
)
from online_apply.services import NOTICE_PREFIX
from portal.roles import GROUP_SUPERVISORS, GROUP_WINDOW_STAFF
from workdays.calendar import add_working_days, next_working_day, working_days_between

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


def id_number(rng, birth):
    """A valid 18-digit resident ID (GB 11643 check digit)."""
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


class Command(BaseCommand):
    help = "生成演示用办件数据：申请人、窗口人员、督查账号和覆盖全部状态的办件。"

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
        items = list(ServiceItemPage.objects.live().select_related("department").prefetch_related("materials"))
        if not items:
            raise CommandError("没有已发布的事项：请先加载演示目录或导入事项目录。")
        self.rng = random.Random(seed)
        per_item = per_item or max(3, months * 2)
        self.now = timezone.now()
        self._files = {}
        with transaction.atomic():
            reasons = [StopReason.objects.get_or_create(name=n, defaults={"max_working_days": d})[0] for n, d in STOP_REASONS]
            self.reasons = reasons
            staff = self._staff(items)
            citizens = self._citizens(max(20, len(items) * 2))
            self.seq = {}
            counts = {}
            for item in items:
                for _ in range(per_item):
                    case = self._case(item, self.rng.choice(citizens), staff[item.department_id], months)
                    counts[case.status] = counts.get(case.status, 0) + 1
        for status, label in CaseStatus.choices:
            self.stdout.write(f"{label}：{counts.get(status, 0)}")
        self.stdout.write(f"共 {sum(counts.values())} 件。演示账号密码均为 {DEMO_PASSWORD}：")
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
            StaffAssignment.objects.get_or_create(user=user, defaults={"department": dept, "window": f"{dept.code.upper()}-01"})
            result[dept.pk] = user
        sup, created = User.objects.get_or_create(username="supervisor", defaults={"first_name": "督查股", "email": "supervisor@example.gov.cn"})
        if created:
            sup.set_password(DEMO_PASSWORD)
            sup.save()
        sup.groups.add(sup_group)
        return result

    def _citizens(self, n):
        from citizens.models import CitizenProfile

        User = get_user_model()
        people = []
        for i in range(n):
            phone = f"{self.rng.choice(PHONE_PREFIXES)}{self.rng.randint(0, 99_999_999):08d}"
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            birth = datetime(1950, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 55))
            user, created = User.objects.get_or_create(username=phone, defaults={"first_name": name})
            if created:
                user.set_unusable_password()
                user.save()
                CitizenProfile.objects.get_or_create(
                    user=user, defaults={"phone": phone, "real_name": name, "id_number": id_number(self.rng, birth)}
                )
            people.append((user, name, id_number(self.rng, birth), phone, i))
        return people

    # ------------------------------------------------------------ one case

    def _at(self, day, hour_from=9, hour_to=17):
        t = time(self.rng.randint(hour_from, hour_to), self.rng.randint(0, 59), self.rng.randint(0, 59))
        return timezone.make_aware(datetime.combine(day, t))

    def _case(self, item, person, clerk, months):
        user, name, idn, phone, _ = person
        start = timezone.localdate(self.now) - timedelta(days=self.rng.randint(0, months * 30))
        created = self._at(start, 7, 22)
        case = Case.objects.create(
            item=item, department=item.department, processing_kind=item.processing_kind,
            promised_limit_days=item.promised_limit_days, applicant=user, applicant_name=name,
            applicant_id_number=idn, applicant_phone=phone, declaration_accepted=True, created_at=created,
            address="示范县城关镇人民路 88 号",
        )
        self.case, self.clerk, self.applicant, self.t = case, clerk, user, created
        self._upload(item.materials.all(), created)
        # A weighted walk through the state machine: most cases end closed, as in real centres.
        plan = self.rng.choices(
            ["draft", "submitted", "correction", "rejected", "withdrawn", "pre_approved", "open", "closed"],
            weights=[4, 4, 5, 4, 2, 4, 12, 65],
        )[0]
        if plan == "draft" or self._too_recent(created):
            return case
        self._step("submit", CaseStatus.SUBMITTED, applicant=True, receipt=True)
        if plan == "submitted":
            return case
        if plan == "correction" or self.rng.random() < 0.25:
            self._corrections(item)
            if plan == "correction":
                return case
        if plan == "withdrawn":
            self._step("withdraw", CaseStatus.WITHDRAWN, applicant=True, note="申请人主动撤回")
            return case
        if plan == "rejected":
            self._notice(NoticeKind.REJECTION, reasons="申请人不符合受理条件", review_body="示范县人民政府",
                         review_days=60, court="示范县人民法院", litigation_months=6)
            self._step("reject", CaseStatus.REJECTED, note="申请人不符合受理条件")
            return case
        self._step("pre_approve", CaseStatus.PRE_APPROVED, pre=True)
        if plan == "pre_approved":
            return case
        self._accept()
        self._middle(item)
        if plan == "open":
            return case
        self._close()
        return case

    def _too_recent(self, created):
        return created > self.now - timedelta(hours=2)

    def _advance(self, max_days=2, working=True):
        day = timezone.localdate(self.t)
        for _ in range(self.rng.randint(0, max_days)):
            day = next_working_day(day)
        at = self._at(day) if day != timezone.localdate(self.t) else self.t + timedelta(minutes=self.rng.randint(5, 240))
        at = max(at, self.t + timedelta(minutes=1))
        self.t = min(at, self.now)
        return self.t

    def _step(self, action, to_status, applicant=False, note="", receipt=False, pre=False, at=None):
        case = self.case
        at = at or self._advance()
        if receipt:
            day = timezone.localdate(at)
            self.seq[day] = self.seq.get(day, 0) + 1
            case.receipt_number = f"YS{day:%Y%m%d}-{self.seq[day]:06d}"
            while Case.objects.filter(receipt_number=case.receipt_number).exists():
                self.seq[day] += 1
                case.receipt_number = f"YS{day:%Y%m%d}-{self.seq[day]:06d}"
            case.submitted_at = at
        if pre:
            case.pre_reviewed_at = at
        actor = self.applicant if applicant else self.clerk
        CaseTransition.objects.create(
            case=case, action=action, from_status=case.status, to_status=to_status, actor=actor,
            actor_name=actor.get_full_name() or actor.username, at=at, note=note,
        )
        case.status = to_status
        case.version += 1
        case.save()

    def _upload(self, materials, at):
        for m in materials:
            is_photo = "照片" in m.name
            content = PNG if is_photo else PDF
            cm = CaseMaterial(
                case=self.case, material=m, material_name=m.name, original_name="photo.png" if is_photo else "scan.pdf",
                content_type="image/png" if is_photo else "application/pdf", size=len(content),
                sha256=hashlib.sha256(content).hexdigest(), uploaded_at=at,
            )
            cm.file.save("photo.png" if is_photo else "scan.pdf", ContentFile(content), save=False)
            cm.save()

    def _notice(self, kind, **content):
        day = timezone.localdate(self.t)
        key = (kind, day)
        self.seq[key] = self.seq.get(key, 0) + 1
        number = f"{NOTICE_PREFIX[kind]}{day:%Y%m%d}-{self.seq[key]:06d}"
        while CaseNotice.objects.filter(number=number).exists():
            self.seq[key] += 1
            number = f"{NOTICE_PREFIX[kind]}{day:%Y%m%d}-{self.seq[key]:06d}"
        case = self.case
        body = {"centre": "示范县政务服务中心", "receipt_number": case.receipt_number or "", "applicant_name": case.applicant_name,
                "item_title": case.item.title, "item_code": case.item.item_code, "department": case.department.name,
                "processing_kind": case.processing_kind, **content}
        return CaseNotice.objects.create(case=case, kind=kind, number=number, issued_at=self.t, issued_by=self.clerk, body=body)

    def _corrections(self, item):
        materials = list(item.materials.all())[:2] or []
        names = [m.name for m in materials] or ["身份证明"]
        self._advance()
        items = [{"material": n, "reason": self.rng.choice(["扫描件不清晰", "缺少签字", "已过有效期", "未加盖公章"])} for n in names]
        notice = self._notice(NoticeKind.CORRECTION, items=items, note="", pre_review_days=5)
        request = CorrectionRequest.objects.create(case=self.case, notice=notice, requested_at=self.t)
        for m, row in zip(materials or [None], items, strict=False):
            CorrectionItem.objects.create(request=request, material=m, material_name=row["material"], reason=row["reason"])
        self.case.correction_rounds += 1
        self._step("request_corrections", CaseStatus.CORRECTION, at=self.t, note="；".join(f"{r['material']}：{r['reason']}" for r in items))
        if self.rng.random() < 0.2:
            return  # still waiting for the applicant
        at = self._advance(3)
        CaseMaterial.objects.filter(case=self.case, material__in=materials).update(superseded=True)
        self._upload(materials, at)
        request.items.update(resolved=True)
        request.resolved_at = at
        request.save()
        self._step("resubmit_corrections", CaseStatus.SUBMITTED, applicant=True, at=at)

    def _accept(self):
        case = self.case
        at = self._advance()
        case.accepted_at = at
        case.acceptance_date = timezone.localdate(at)
        case.due_date = add_working_days(case.acceptance_date, case.promised_limit_days)
        action = "accept"
        extra = {}
        if case.processing_kind != "即办件" and self.rng.random() < 0.08:
            case.accepted_with_deficiency = True
            promise_due = add_working_days(case.acceptance_date, 5)
            DeficiencyPromise.objects.create(case=case, material_name="营业执照副本复印件", due_date=promise_due,
                                             promise_text="申请人承诺五个工作日内补交", fulfilled_at=self._at(promise_due))
            action = "accept_with_deficiency"
            extra["deficiency"] = {"material": "营业执照副本复印件", "due_date": promise_due.isoformat(), "promise": "五个工作日内补交"}
        self._notice(NoticeKind.ACCEPTANCE, accepted_on=case.acceptance_date.isoformat(),
                     promised_limit_days=case.promised_limit_days, due_date=case.due_date.isoformat(), note="", **extra)
        self._step(action, CaseStatus.ACCEPTED, at=at)

    def _middle(self, item):
        case = self.case
        kind = case.processing_kind
        if kind == "即办件":
            return
        if self.rng.random() < 0.2 and self.t < self.now - timedelta(days=10):
            reason = self.rng.choice(self.reasons)
            self._advance(3)
            start = timezone.localdate(self.t)
            self._step("stop_clock", CaseStatus.STOPPED, at=self.t, note=f"{reason.name}（批准人：分管主任）")
            if self.rng.random() < 0.15:
                ClockStop.objects.create(case=case, reason=reason, approved_by="分管主任", started_on=start, started_by=self.clerk)
                return
            end = add_working_days(start, self.rng.randint(1, reason.max_working_days))
            if self._at(end) >= self.now:
                ClockStop.objects.create(case=case, reason=reason, approved_by="分管主任", started_on=start, started_by=self.clerk)
                return
            days = working_days_between(start, end)
            ClockStop.objects.create(case=case, reason=reason, approved_by="分管主任", started_on=start, ended_on=end,
                                     working_days=days, started_by=self.clerk)
            case.stopped_working_days += days
            case.due_date = add_working_days(case.acceptance_date, case.promised_limit_days + case.stopped_working_days)
            self.t = self._at(end)
            self._step("resume_clock", CaseStatus.ACCEPTED, at=self.t, note=f"暂停 {days} 个工作日")
        if kind == "报批件":
            self._step("forward", CaseStatus.FORWARDED, note="转报市级主管部门")
            case.forwarded_to = "市级主管部门"
            if self.rng.random() < 0.3:
                return
            case.higher_decision = "上级机关批复同意"
            self._step("record_higher_decision", CaseStatus.ACCEPTED, note="上级机关批复同意")
        if kind == "联办件":
            others = list(Department.objects.exclude(pk=case.department_id)[:2])
            self._advance(1)
            for dept in others:
                JointOpinion.objects.create(case=case, department=dept, requested_at=self.t, requested_by=self.clerk)
            self._step("request_joint_opinions", CaseStatus.ACCEPTED, at=self.t, note="征求相关部门意见")
            if self.rng.random() < 0.2:
                return
            for op in case.joint_opinions.all():
                at = self._advance(2)
                op.opinion, op.agrees, op.answered_at = "同意", True, at
                op.save()
                self._step("answer_joint_opinion", CaseStatus.ACCEPTED, at=at, note=f"{op.department.name}：同意")

    def _close(self):
        case = self.case
        if case.status != CaseStatus.ACCEPTED or case.joint_opinions.filter(answered_at=None).exists():
            return
        if case.processing_kind == "即办件":
            at = self.t + timedelta(minutes=self.rng.randint(5, 40))
        else:
            # Mostly early, some on the day, a few late (with an overdue reason).
            total = case.promised_limit_days + case.stopped_working_days
            roll = self.rng.random()
            offset = self.rng.randint(1, max(1, total)) if roll < 0.8 else (total if roll < 0.93 else total + self.rng.randint(1, 5))
            at = self._at(add_working_days(case.acceptance_date, min(offset, total + 5)))
        if at >= self.now:
            return  # not done yet: stays open
        self.t = at
        late = timezone.localdate(at) > case.due_date
        case.result = "准予许可，已制发证照" if case.item.item_type == "行政许可" else "已办理完毕"
        case.delivery_method = self.rng.choice(["window", "post", "online"])
        case.delivery_address = "示范县城关镇人民路 88 号" if case.delivery_method == "post" else ""
        case.overdue_reason = "专家评审意见分歧，组织二次论证" if late else ""
        case.closed_at = at
        self._notice(NoticeKind.COMPLETION, result=case.result, delivery_method=case.get_delivery_method_display(),
                     delivery_address=case.delivery_address, closed_on=timezone.localdate(at).isoformat(),
                     due_date=case.due_date.isoformat(), overdue_reason=case.overdue_reason)
        self._step("close", CaseStatus.CLOSED, at=at, note=case.result)
