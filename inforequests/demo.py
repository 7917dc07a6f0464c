"""Demo requests in every state, seeded through the real services with the engine's replay clock
(casework.clock.replaying), so history is written exactly as staff would have written it.
Idempotent: nothing is added once any demo request exists."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from casework import clock
from portal.roles import GROUP_EDITORS
from privacy.fields import lookup_hash_of

from .choices import Channel, ReviewKind, ReviewResult
from .models import InfoRequest, InfoRequestReview
from .services import file_request
from .workflow import workflow

DEMO_PHONE_PREFIX = "1390000"
# (days ago received, requester type, name, channel, what happens: list of (days after receipt, action, data))
DEMO_REQUESTS = [
    (2, "person", "周建华", Channel.ONLINE, []),
    (25, "business", "示范县鑫达建材有限公司", Channel.POST, []),  # near its deadline: site health warns
    (6, "person", "吴晓燕", Channel.ONLINE, [(1, "request_correction", {"items": "请写明所需会议纪要的会议名称或大致日期。"})]),
    (30, "research", "示范县社会科学研究所", Channel.IN_PERSON,
     [(15, "extend", {"approved_by": "王建国", "reason": "需要征求第三方意见", "days": 20})]),
    (40, "person", "郑国强", Channel.ONLINE, [(3, "reply", {"kind": "disclose", "content": "所需文件见附件《窗口服务规范》。"})]),
    (45, "legal", "浙江示范律师事务所", Channel.POST,
     [(2, "request_correction", {"items": "请说明所需行政许可决定的事项名称。"}),
      (6, "receive_correction", {"answer": "所需为 2025 年食品经营许可决定。"}),
      (12, "reply", {"kind": "partial", "content": "涉及第三方商业秘密的内容已作区分处理，不予公开。"})]),
    (50, "charity", "示范县志愿者协会", Channel.ONLINE,
     [(8, "reply", {"kind": "withhold", "reason": "process", "content": "所需信息为讨论记录，属于过程性信息。"})]),
    (55, "person", "孙丽", Channel.ONLINE,
     [(5, "reply", {"kind": "unavailable", "reason": "not_held", "refer_to": "示范县自然资源和规划局"})]),
    (60, "other_org", "示范县某小区业主委员会", Channel.IN_PERSON,
     [(4, "reply", {"kind": "not_processed", "reason": "petition", "content": "已转信访渠道办理。"})]),
    (70, "person", "钱伟", Channel.ONLINE,
     [(1, "request_correction", {"items": "请写明所需信息的名称。", "days": 10}),
      (30, "reply", {"kind": "other", "reason": "no_correction"})]),
]


# Last year's requests, so the demo annual report has figures: (month, day, type, name, steps);
# the December one is answered in January and so is carried over.
LAST_YEAR_REQUESTS = [
    (3, 10, "person", "冯小青", [(5, "reply", {"kind": "disclose"})]),
    (6, 18, "business", "示范县绿源农业科技有限公司", [(9, "reply", {"kind": "partial", "content": "涉及个人信息部分不予公开。"})]),
    (9, 2, "person", "陈志刚", [(7, "reply", {"kind": "unavailable", "reason": "needs_making"})]),
    (12, 22, "person", "何敏", [(14, "reply", {"kind": "disclose"})]),
]


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _demo_staff():
    """An editor (editors handle requests, see setup.py), else a superuser."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    staff = users.filter(groups__name=GROUP_EDITORS).first() or users.filter(is_superuser=True).first()
    if staff is None:
        raise LookupError("没有可以办理依申请公开的工作人员账户，请先运行 setup_portal --demo。")
    return staff


@transaction.atomic
def ensure_demo_requests(today=None):
    # The phone is encrypted: the first demo request is recognised by its phone's hash.
    if InfoRequest.objects.filter(phone_hash=lookup_hash_of(f"{DEMO_PHONE_PREFIX}0000")).exists():
        return 0
    today = today or timezone.localdate()
    staff = _demo_staff()
    plan = [(today - datetime.timedelta(days=ago), kind, name, channel, steps)
            for ago, kind, name, channel, steps in DEMO_REQUESTS]
    plan += [(datetime.date(today.year - 1, month, day), kind, name, Channel.ONLINE, steps)
             for month, day, kind, name, steps in LAST_YEAR_REQUESTS]
    for n, (received, requester_type, name, channel, steps) in enumerate(plan):
        data = {
            "requester_type": requester_type, "requester_name": name, "phone": f"{DEMO_PHONE_PREFIX}{n:04d}",
            "id_number": "", "contact_person": "" if requester_type == "person" else "李联系",
            "email": "", "address": "示范县人民大道 8 号", "description": "申请公开政务服务中心窗口服务规范及执行情况。",
            "document_hint": "", "delivery_form": "electronic", "delivery_method": "collect",
        }
        with clock.replaying(_at(received)):
            request = file_request(data, channel=channel, actor=None if channel == Channel.ONLINE else staff)
        for after, action, fields in steps:
            with clock.replaying(_at(received + datetime.timedelta(days=after))):
                actor = None if action == "receive_correction" else staff
                workflow.perform(request, actor, action, **fields)
    InfoRequestReview.objects.create(kind=ReviewKind.REVIEW, filed_on=today - datetime.timedelta(days=20),
                                     result=ReviewResult.UPHELD, decided_on=today - datetime.timedelta(days=5),
                                     note="申请人对不予公开决定不服申请复议")
    return len(plan)
