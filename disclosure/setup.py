"""The 政务公开 section every install needs, and its demo content (`setup_portal [--demo]`).

Idempotent: a column that exists (found by type, or by slug for text columns) is left as
editors made it; demo rows are added only to columns that have none.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from workdays.calendar import add_working_days

from .models import (
    ColumnKind,
    Commitment,
    CommitmentsPage,
    CommitmentStatus,
    DisclosureCatalogPage,
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    DocumentForm,
    Leader,
    LeadershipPage,
    StaffDirectoryPage,
    Topic,
    Validity,
    WindowStaffMember,
)

# (slug, title, kind) of the text columns, in the order the section lists them.
TEXT_COLUMNS = [
    ("functions", "机构职能", ColumnKind.FUNCTIONS),
    ("rules", "规章制度", ColumnKind.RULES),
    ("reporting", "举报电话和信箱", ColumnKind.REPORTING),
    ("guide", "政府信息公开指南", ColumnKind.GUIDE),
    ("annual-reports", "政府信息公开工作年度报告", ColumnKind.ANNUAL_REPORTS),
]


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _column(section, model, slug, title, **fields):
    existing = model.objects.child_of(section).filter(slug=slug).first()
    if existing is None and model is not DisclosureColumnPage:
        existing = model.objects.child_of(section).first()
    return existing or _publish_child(section, model(title=title, slug=slug, **fields))


@transaction.atomic
def ensure_disclosure_section(home):
    """The 政务公开 index and its mandatory columns below the home page."""
    section = DisclosureIndexPage.objects.child_of(home).first() or _publish_child(
        home, DisclosureIndexPage(title="政务公开", slug="disclosure")
    )
    columns = {}
    columns["functions"] = _column(section, DisclosureColumnPage, "functions", "机构职能", column_kind=ColumnKind.FUNCTIONS)
    columns["leaders"] = _column(section, LeadershipPage, "leaders", "领导信息")
    columns["staff"] = _column(section, StaffDirectoryPage, "staff", "窗口人员公示")
    columns["rules"] = _column(section, DisclosureColumnPage, "rules", "规章制度", column_kind=ColumnKind.RULES)
    columns["commitments"] = _column(section, CommitmentsPage, "commitments", "服务承诺")
    for slug, title, kind in TEXT_COLUMNS[2:]:
        columns[slug] = _column(section, DisclosureColumnPage, slug, title, column_kind=kind)
    columns["catalog"] = _column(section, DisclosureCatalogPage, "catalog", "政府信息公开目录")
    return section, columns


# -- demo content -------------------------------------------------------------------------

def _paragraphs(*texts):
    return [("paragraph", RichText("".join(f"<p>{text}</p>" for text in texts)))]


DEMO_TEXT = {
    "functions": (
        "示范县政务服务中心是县人民政府设立的政务服务综合平台，负责统筹全县政务服务事项进驻、"
        "运行管理和监督考核。",
        "主要职责：（一）组织实施政务服务标准化、规范化、便利化；（二）管理进驻部门窗口和工作人员；"
        "（三）受理政务服务投诉、咨询和建议；（四）负责本中心政府信息公开工作。",
        "内设机构：综合股、业务指导股、督查股、信息技术股。",
    ),
    "rules": ("本栏目公开中心的服务和管理制度。",),
    "reporting": (
        "举报电话：0573-12345（工作日 9:00–12:00，14:00–18:00）。",
        "举报信箱：示范县人民大道 1 号政务服务中心督查股（邮编 314000），电子邮箱 jubao@example.gov.cn。",
        "我们对举报人信息严格保密，一般在 15 个工作日内答复。",
    ),
    "guide": (
        "一、主动公开：本中心主动公开的信息在“政府信息公开目录”中发布，自信息形成或者变更之日起 20 个工作日内公开。",
        "二、依申请公开：公民、法人或者其他组织可通过本网站“依申请公开”在线提出申请，也可以信函或当面提出。"
        "本中心收到申请之日起 20 个工作日内答复；需要延长的，经负责人同意并告知申请人，延长期限最长不超过 20 个工作日。",
        "三、申请内容不明确的，本中心在收到申请之日起 7 个工作日内一次性告知补正，答复期限自收到补正的申请之日起计算。",
        "四、申请人认为本中心在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。",
    ),
    "annual-reports": ("每年 1 月 31 日前公布上一年度政府信息公开工作年度报告。",),
}
DEMO_RULES = [
    ("window-service-rules", "窗口服务规范", "窗口工作人员应着装整洁、佩戴工作牌，首问负责、一次性告知、限时办结。"),
    ("accountability-rules", "服务责任追究办法", "对推诿扯皮、超时办理等情形，按本办法追究责任。"),
]
DEMO_LEADERS = [
    ("王建国", "主任", "主持中心全面工作，分管综合股。"),
    ("李秀梅", "副主任", "负责进驻部门管理、政务公开和督查工作，分管督查股。"),
]
DEMO_STAFF = [
    ("张丽", "户政窗口受理员", "1 号窗口", "身份证、户口迁移等户政业务受理。", True),
    ("陈明", "市场准入窗口受理员", "5 号窗口", "企业开办、营业执照登记受理。", True),
    ("刘芳", "综合受理窗口受理员", "8 号窗口", "“一窗通办”综合受理与材料流转。", True),
    ("赵强", "社保窗口受理员", "3 号窗口", "社会保险登记与待遇申领。", False),  # no consent: never shown
]
DEMO_COMMITMENTS = [
    ("即办件当场办结", CommitmentStatus.KEPT, "全年即办件当场办结率 100%。"),
    ("承诺件在承诺时限内办结", CommitmentStatus.KEPT, "按时办结率 100%，提前办结率 99.7%。"),
    ("周六户政、交管窗口轮值", CommitmentStatus.IN_PROGRESS, "已在户政窗口实行，交管窗口下月起实行。"),
]


def _demo_documents(today):
    """(slug, title, document_number, topic, form, validity, written, live) in every validity state;
    two drafts (one overdue, one due soon) so the admin's 待公开 list has something to show.
    Years in numbers and titles follow the date written, whenever the demo is set up."""
    def days_ago(days):
        return today - datetime.timedelta(days=days)

    rows = [
        ("doc-service-standard", "示范县政务服务中心关于印发《政务服务事项办理规范》的通知", "示政服发〔{year}〕1号",
         Topic.PUBLIC_SERVICE, DocumentForm.NOTICE, Validity.VALID, days_ago(40), True),
        ("doc-hall-hours", "关于调整政务服务大厅办公时间的公告", "示政服告〔{year}〕2号",
         Topic.PUBLIC_SERVICE, DocumentForm.ANNOUNCEMENT, Validity.VALID, days_ago(20), True),
        ("doc-market-registration", "示范县市场主体登记便利化若干措施", "示政办发〔{year}〕12号",
         Topic.MARKET, DocumentForm.MEASURES, Validity.AMENDED, days_ago(300), True),
        ("doc-old-fees", "关于政务服务收费项目的规定（{year} 年）", "示政办发〔{year}〕8号",
         Topic.GENERAL, DocumentForm.REGULATION, Validity.REPEALED, datetime.date(2019, 3, 1), True),
        ("doc-pandemic-window", "关于疫情期间实行网上预约办理的通知", "示政服发〔{year}〕5号",
         Topic.HEALTH, DocumentForm.NOTICE, Validity.EXPIRED, datetime.date(2022, 4, 12), True),
        ("doc-annual-plan", "示范县 {year} 年政务公开工作要点", "",
         Topic.GENERAL, DocumentForm.PLAN, Validity.VALID, days_ago(60), True),
        ("doc-social-security", "关于做好城乡居民社会保险参保登记工作的意见", "示人社发〔{year}〕4号",
         Topic.SOCIAL, DocumentForm.OPINION, Validity.VALID, add_working_days(days_ago(60), 0), False),
        ("doc-night-service", "关于试行“夜间政务服务”的通知", "示政服发〔{year}〕9号",
         Topic.PUBLIC_SERVICE, DocumentForm.NOTICE, Validity.VALID, days_ago(21), False),
    ]
    return [(slug, title.format(year=written.year), number.format(year=written.year), topic, form, validity, written, live)
            for slug, title, number, topic, form, validity, written, live in rows]


def _fill_text_columns(columns):
    for slug, texts in DEMO_TEXT.items():
        column = columns[slug]
        if not column.body:
            column.body = _paragraphs(*texts)
            column.save_revision().publish()
    from portal.models import StandardPage

    rules = columns["rules"]
    for slug, title, text in DEMO_RULES:
        if not StandardPage.objects.child_of(rules).filter(slug=slug).exists():
            _publish_child(rules, StandardPage(title=title, slug=slug, summary=text, body=_paragraphs(text)))


def _fill_rows(page, relation, rows):
    if getattr(page, relation).exists():
        return
    getattr(page, relation).set(rows)
    page.save_revision().publish()


def ensure_demo_documents(catalog, today=None):
    today = today or timezone.localdate()
    created = 0
    for number, (slug, title, doc_number, topic, form, validity, written, live) in enumerate(_demo_documents(today), 1):
        if DisclosureDocumentPage.objects.filter(slug=slug).exists():
            continue
        document = DisclosureDocumentPage(
            title=title, slug=slug, document_number=doc_number, topic=topic, form=form, validity=validity,
            index_number=f"11330421MB0000000X/{written.year}-{number:05d}", written_date=written,
            summary=title, body=_paragraphs(f"{title}。全文略（演示数据）。"),
        )
        if live:
            document.publication_date = min(add_working_days(written, 5), today)
            _publish_child(catalog, document)
        else:
            document.live = False
            catalog.add_child(instance=document)
            document.save_revision()
        created += 1
    return created


@transaction.atomic
def ensure_demo_disclosure(columns):
    """Fill the columns that are still empty; returns how many catalogue documents were added."""
    _fill_text_columns(columns)
    _fill_rows(columns["leaders"], "leaders", [Leader(name=n, post=p, duties=d) for n, p, d in DEMO_LEADERS])
    consent_day = timezone.localdate() - datetime.timedelta(days=90)
    _fill_rows(columns["staff"], "staff", [
        WindowStaffMember(name=n, post=p, window=w, duties=d, consented=c, consent_date=consent_day if c else None)
        for n, p, w, d, c in DEMO_STAFF
    ])
    _fill_rows(columns["commitments"], "commitments", [
        Commitment(commitment=c, status=s, fulfilment=f, reviewed_on=timezone.localdate()) for c, s, f in DEMO_COMMITMENTS
    ])
    return ensure_demo_documents(columns["catalog"])
