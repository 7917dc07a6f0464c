"""Demo letters in every state: registered, routed (due soon and overdue/escalated), replied,
in 复核, closed (satisfied, upheld on review), anonymous report, staff-entered (来电 12345,
来信, 来访). Every step goes through the letters workflow on the case engine, replayed at past
moments (casework.clock.replaying), so the log, deadlines and notices are the engine's own and
nobody is messaged.

The writer is the demo citizen whose password seed_demo_ratings prints (run.sh runs it first):
with that phone a demo user can look up their own letters on /letters/lookup/."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from casework import clock
from guides.models import Department
from letters import services
from letters.models import Letter
from workdays.calendar import add_working_days

FALLBACK_WRITER = ("陈晓华", "13800138000")  # when no demo citizen exists (seed_demo_ratings not run)
# (type, channel, subject, content ({name}, {phone}: the writer's), plan, days ago, consent)
LETTERS = [
    ("consultation", "online", "新生儿落户需要哪些材料", "孩子刚出生，想问新生儿落户需要带哪些材料？我叫{name}，电话{phone}。", "closed", 40, True),
    ("complaint", "online", "窗口排队时间过长", "上周三上午在社保窗口排队两个多小时，只开了一个窗口。我住城关镇人民路18号3单元，电话{phone}。", "reviewed_closed", 35, True),
    ("suggestion", "online", "建议周六开放不动产登记窗口", "上班族工作日请假不便，建议周六上午开放不动产登记窗口。", "closed", 30, True),
    ("complaint", "phone", "施工许可审批超期", "12345 转办：来电人反映施工许可申请超过承诺时限仍未办结，身份证330521198001011234。", "replied", 12, True),
    ("consultation", "online", "营业执照经营范围变更能否网上办", "请问营业执照经营范围变更能否全程网上办理？", "replied", 6, True),
    ("complaint", "post", "对不予受理决定有异议", "来信反映：申请低保被告知不予受理，认为理由不充分，请复核。", "reviewing", 20, False),
    ("suggestion", "in_person", "大厅增设老年人休息区", "来访建议：大厅增设老年人休息区和老花镜。", "routed", 3, True),
    ("consultation", "online", "居住证办理时限", "居住证办理需要几个工作日？", "routed_overdue", 14, True),
    ("complaint", "online", "网上预审长时间无人处理", "网上提交预审已经一周没有人处理。", "registered", 1, True),
    ("report", "online", "反映某窗口人员收取好处费", "反映某窗口人员在办理业务时暗示收取好处费。", "anonymous", 5, False),
]
REPLIES = {
    "consultation": "您好！相关材料和流程已在办事指南中列明，可携带身份证原件到大厅 A 区窗口办理，也可网上预审后预约办理。",
    "complaint": "您好！经核实，反映情况部分属实。我们已对相关窗口人员进行批评教育，并在高峰时段增开窗口。感谢您的监督。",
    "suggestion": "您好！感谢您的建议。我们已研究，将自下月起试行周六上午延时服务，具体安排见通知公告。",
}


def demo_citizen():
    """The one seeded citizen with a usable password (seed_demo_ratings gives it), or None."""
    from ratings.management.commands.seed_demo_ratings import DEMO_CITIZEN_PASSWORD

    candidates = get_user_model().objects.filter(citizen__isnull=False).exclude(
        password__startswith=UNUSABLE_PASSWORD_PREFIX).select_related("citizen").order_by("pk")
    return next((user for user in candidates if user.check_password(DEMO_CITIZEN_PASSWORD)), None)


class Command(BaseCommand):
    help = "生成演示用信件：投诉、咨询、建议、举报，覆盖全部办理状态和来源渠道。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="已有信件时什么也不做（供 scripts/run.sh 重复运行）")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Letter.objects.exists():
            self.stdout.write("已有信件数据，跳过演示信件生成。")
            return
        supervisor = get_user_model().objects.filter(username="supervisor").first()
        departments = list(Department.objects.all()[:6])
        if supervisor is None or not departments:
            self.stdout.write("缺少督查账号或部门，请先运行 setup_portal --demo 和 seed_demo_activity。")
            return
        citizen = demo_citizen()
        writer = (citizen, citizen.citizen.real_name, citizen.citizen.phone) if citizen else (None, *FALLBACK_WRITER)
        with transaction.atomic():
            for index, row in enumerate(LETTERS):
                DemoLetter(supervisor, departments[index % len(departments)], writer).play(*row)
        self.stdout.write(f"信件 {Letter.objects.count()} 封。演示申请人 {writer[2]} 的信件可在 /letters/lookup/ 查询（验证码见 var/sms.log）。")


class DemoLetter:
    """One letter's story, each step replayed at its own past moment through the services."""

    def __init__(self, supervisor, department, writer):
        self.sup, self.dept = supervisor, department
        self.account, self.name, self.phone = writer

    def at(self, day, hour, minute=0):
        """A past moment on `day` (never later than a minute ago: the story stays in the past)."""
        moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        return min(moment, timezone.now() - timedelta(minutes=1))

    def play(self, letter_type, channel, subject, content, plan, days_ago, consent):
        received = timezone.localdate() - timedelta(days=days_ago)
        with clock.replaying(self.at(received, 10, 15)):
            letter = self.register(letter_type, channel, subject, content, plan == "anonymous", consent)
        if plan in ("registered", "anonymous"):
            return
        with clock.replaying(self.at(received, 15)):
            services.route(letter, self.sup, self.dept, "请按期答复")
        if plan == "routed_overdue":
            with clock.replaying(self.at(add_working_days(letter.due_date, 1), 9)):
                services.escalate(letter)
            return
        if plan == "routed":
            return
        self.reply_and_close(letter, received, plan)

    def register(self, letter_type, channel, subject, content, anonymous, consent):
        online = channel == "online"
        return services.register(
            letter_type=letter_type, channel=channel, subject=subject,
            content=content.format(name=self.name, phone=self.phone),
            writer_name="" if anonymous else self.name, phone="" if anonymous else self.phone,
            writer=self.account if online and not anonymous else None, phone_verified=online and not anonymous,
            anonymous=anonymous, consent_to_publish=consent, hotline_ticket="12345-20261101-0088" if channel == "phone" else "",
            entered_by=None if online else self.sup,
        )

    def reply_and_close(self, letter, received, plan):
        finding = "partly" if letter.letter_type in ("complaint", "report") else ""
        reply_day = min(add_working_days(received, 3 if letter.letter_type == "consultation" else 8), timezone.localdate())
        with clock.replaying(self.at(reply_day, 16)):
            services.reply(letter, self.sup, REPLIES.get(letter.letter_type, "您好！已依法核查处理。"), finding)
        if plan == "replied":
            return
        next_day = add_working_days(reply_day, 1)
        if plan == "closed":
            with clock.replaying(self.at(next_day, 10)):
                services.record_callback(letter, self.sup, "satisfied", "电话回访，来信人对答复满意。")
            with clock.replaying(self.at(next_day, 11)):
                services.give_feedback(letter, satisfied=True)
            return
        with clock.replaying(self.at(next_day, 11)):
            services.give_feedback(letter, satisfied=False, note="答复没有说明何时增开窗口")
        if plan == "reviewed_closed":
            with clock.replaying(self.at(add_working_days(next_day, 1), 10)):
                services.re_verify(letter, self.sup, "经复核，部门已于本月起高峰时段增开 2 个窗口，维持原答复。", send_back=False)
