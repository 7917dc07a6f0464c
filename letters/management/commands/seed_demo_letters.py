"""Demo letters in every state: registered, routed (due soon and overdue/escalated), replied,
in 复核, closed (satisfied, upheld on review), anonymous report, staff-entered (来电 12345,
来信, 来访). Letters go through letters.services, then get past dates written directly so the
public page shows a plausible history (this seed, like seed_demo_activity, may set past times)."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from guides.models import Department
from letters import services
from letters.models import Letter, LetterTransition
from workdays.calendar import add_working_days, working_days_between

DEMO_PHONE = "13800138000"  # the demo citizen of seed_demo_ratings: its letters can be looked up
# (type, channel, subject, content, plan, days ago, consent)
LETTERS = [
    ("consultation", "online", "新生儿落户需要哪些材料", "孩子刚出生，想问新生儿落户需要带哪些材料？我叫陈晓华，电话13800138000。", "closed", 40, True),
    ("complaint", "online", "窗口排队时间过长", "上周三上午在社保窗口排队两个多小时，只开了一个窗口。我住城关镇人民路18号3单元，电话13800138000。", "reviewed_closed", 35, True),
    ("suggestion", "online", "建议周六开放不动产登记窗口", "上班族工作日请假不便，建议周六上午开放不动产登记窗口。", "closed", 30, True),
    ("complaint", "phone", "施工许可审批超期", "12345 转办：来电人反映施工许可申请超过承诺时限仍未办结，身份证330521198001011234。", "replied", 12, True),
    ("consultation", "online", "营业执照经营范围变更能否网上办", "请问营业执照经营范围变更能否全程网上办理？", "replied", 6, True),
    ("complaint", "post", "对不予受理决定有异议", "来信反映：申请低保被告知不予受理，认为理由不充分，请复核。", "reviewing", 20, False),
    ("suggestion", "in_person", "大厅增设老年人休息区", "来访建议：大厅增设老年人休息区和老花镜。", "routed", 3, True),
    ("consultation", "online", "居住证办理时限", "居住证办理需要几个工作日？", "routed_overdue", 14, True),
    ("complaint", "online", "网上预审长时间无人处理", "网上提交预审已经一周没有人处理。", "registered", 1, True),
    ("report", "online", "反映某窗口人员收取好处费", "反映某窗口人员在办理业务时暗示收取好处费。", "anonymous", 5, False),
]


class Command(BaseCommand):
    help = "生成演示用信件：投诉、咨询、建议、举报，覆盖全部办理状态和来源渠道。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="已有信件时什么也不做（供 scripts/run.sh 重复运行）")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Letter.objects.exists():
            self.stdout.write("已有信件数据，跳过演示信件生成。")
            return
        User = get_user_model()
        supervisor = User.objects.filter(username="supervisor").first()
        departments = list(Department.objects.all()[:6])
        if supervisor is None or not departments:
            self.stdout.write("缺少督查账号或部门，请先运行 setup_portal --demo 和 seed_demo_activity。")
            return
        with transaction.atomic():
            for index, row in enumerate(LETTERS):
                self._letter(supervisor, departments[index % len(departments)], *row)
        self.stdout.write(f"信件 {Letter.objects.count()} 封。演示申请人 {DEMO_PHONE} 的信件可在 /letters/lookup/ 查询（验证码见 var/sms.log）。")

    def _letter(self, sup, dept, letter_type, channel, subject, content, plan, days_ago, consent):
        anonymous = plan == "anonymous"
        letter = services.register(
            letter_type=letter_type, channel=channel, subject=subject, content=content,
            writer_name="" if anonymous else "陈晓华", phone="" if anonymous else DEMO_PHONE,
            phone_verified=channel == "online" and not anonymous, anonymous=anonymous, consent_to_publish=consent,
            hotline_ticket="12345-20261101-0088" if channel == "phone" else "", entered_by=None if channel == "online" else sup,
        )
        received = timezone.localdate() - timedelta(days=days_ago)
        self._backdate(letter, received)
        if plan in ("registered", "anonymous"):
            return
        services.route(letter, sup, dept, "请按期答复")
        if plan == "routed_overdue":
            services.escalate(letter)
            return
        if plan == "routed":
            return
        finding = "partly" if letter_type in ("complaint", "report") else ""
        services.reply(letter, sup, self._reply_text(letter_type), finding)
        reply_day = add_working_days(received, 3 if letter_type == "consultation" else 8)
        self._backdate_reply(letter, received, min(reply_day, timezone.localdate()))
        if plan == "replied":
            return
        if plan == "closed":
            services.record_callback(letter, sup, "satisfied", "电话回访，来信人对答复满意。")
            services.give_feedback(letter, satisfied=True)
            return
        services.give_feedback(letter, satisfied=False, note="答复没有说明何时增开窗口")
        if plan == "reviewed_closed":
            services.re_verify(letter, sup, "经复核，部门已于本月起高峰时段增开 2 个窗口，维持原答复。", send_back=False)

    def _reply_text(self, letter_type):
        return {
            "consultation": "您好！相关材料和流程已在办事指南中列明，可携带身份证原件到大厅 A 区窗口办理，也可网上预审后预约办理。",
            "complaint": "您好！经核实，反映情况部分属实。我们已对相关窗口人员进行批评教育，并在高峰时段增开窗口。感谢您的监督。",
            "suggestion": "您好！感谢您的建议。我们已研究，将自下月起试行周六上午延时服务，具体安排见通知公告。",
        }.get(letter_type, "您好！已依法核查处理。")

    def _backdate(self, letter, received):
        at = timezone.make_aware(datetime.combine(received, time(10, 15)))
        Letter.objects.filter(pk=letter.pk).update(
            received_at=at, received_on=received, due_date=services.reply_due_date(letter.letter_type, received),
        )
        LetterTransition.objects.filter(letter=letter).update(at=at)
        letter.refresh_from_db()

    def _backdate_reply(self, letter, received, replied_on):
        letter.refresh_from_db()
        at = timezone.make_aware(datetime.combine(replied_on, time(16, 0)))
        Letter.objects.filter(pk=letter.pk).update(
            replied_at=at, first_replied_on=replied_on, answered_on_time=replied_on <= letter.due_date,
            reply_working_days=working_days_between(received, replied_on),
        )
        LetterTransition.objects.filter(letter=letter, action__in=("route",)).update(at=at - timedelta(days=1))
        LetterTransition.objects.filter(letter=letter, action="reply").update(at=at)
        letter.refresh_from_db()
