"""Demo content for `setup_portal --demo`: the demo catalogue, a few notices and staff accounts.

Everything is created only when missing, so re-running the command is fast and never
overwrites what editors changed since (including a demo account's changed password).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from wagtail.rich_text import RichText

from guides.catalog_io import import_items, read_catalog_file
from guides.models import ServiceItemPage
from portal.models import NoticePage
from portal.roles import GROUP_APPROVAL, GROUP_EDITORS, GROUP_PRE_REVIEW

DEMO_CATALOG = Path(settings.BASE_DIR) / "guides" / "fixtures" / "demo_catalog.json"
# Fixed so that the README can name it; printed with a demo-only warning.
DEMO_PASSWORD = "Zwfw-Demo-2026"  # noqa: S105
DEMO_USERS = [
    ("editor", "示范编辑", GROUP_EDITORS),
    ("reviewer", "示范分管领导", GROUP_PRE_REVIEW),
    ("approver", "示范领导小组", GROUP_APPROVAL),
]
DEMO_NOTICES = [
    (
        "hall-hours-2026",
        "关于调整政务服务中心周六轮值窗口的通知",
        "自下月起，户政、交管窗口周六上午 9:00–12:00 轮值办理。",
        "<p>为方便群众办事，自下月起户政、交通管理窗口在周六上午 9:00–12:00 轮值办理业务。"
        "其他窗口周六不对外办理，网上办理和预约不受影响。</p>",
    ),
    (
        "online-pre-review",
        "政务服务网上预审服务上线",
        "在家网报、后台预审、线上预约、窗口优先。",
        "<p>即日起，群众可在本网站在线提交申请材料，窗口工作人员在 5 个工作日内完成预审，"
        "材料不全的一次性告知需补正的内容。预审通过后可预约到窗口优先办理。</p>",
    ),
    (
        "good-bad-review",
        "政务服务“好差评”工作情况公示",
        "差评件 100% 回访，整改情况按月公开。",
        "<p>我中心对每一件差评进行回访核实，并在 15 个工作日内完成整改。"
        "每月的评价统计与整改情况在“政务公开”栏目公示，欢迎监督。</p>",
    ),
]


@dataclass
class DemoAccount:
    username: str
    group: str
    created: bool


def load_demo_catalog():
    """Import the demo items that are not in the catalogue yet. Returns the ImportResult, or
    None when the fixture file is missing or every demo item already exists."""
    if not DEMO_CATALOG.exists():
        return None
    items, labels = read_catalog_file(DEMO_CATALOG)
    existing = set(ServiceItemPage.objects.values_list("item_code", flat=True))
    missing = [(item, label) for item, label in zip(items, labels or [None] * len(items), strict=True)
               if item.get("code") not in existing]
    if not missing:
        return None
    row_labels = [label for _, label in missing] if labels else None
    return import_items([item for item, _ in missing], row_labels=row_labels)


@transaction.atomic
def ensure_demo_notices(notices_index):
    created = 0
    for slug, title, summary, body in DEMO_NOTICES:
        if NoticePage.objects.child_of(notices_index).filter(slug=slug).exists():
            continue
        notice = NoticePage(
            title=title, slug=slug, summary=summary, date=datetime.date.today(),
            body=[("paragraph", RichText(body))],
        )
        notices_index.add_child(instance=notice)
        notice.save_revision().publish()
        created += 1
    return created


@transaction.atomic
def ensure_demo_accounts():
    """Create the demo staff accounts if missing. An existing account keeps its password
    (someone may have changed it); only its group membership is made sure of."""
    user_model = get_user_model()
    accounts = []
    for username, display_name, group_name in DEMO_USERS:
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if created:
            user = user_model(username=username, first_name=display_name, email=f"{username}@example.gov.cn")
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=group_name))
        accounts.append(DemoAccount(username, group_name, created))
    return accounts
