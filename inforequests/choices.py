"""Vocabularies of 依申请公开, following the national annual-report format
(政府信息公开工作年度报告格式, tables 三 and 四; docs/domain.md § 依申请公开)."""

from django.db import models


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "办理中"
    CORRECTING = "correcting", "待申请人补正"
    ANSWERED = "answered", "已答复"


class RequesterType(models.TextChoices):
    """申请人情况 columns of table 三."""

    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    CHARITY = "charity", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    POST = "post", "信函"
    IN_PERSON = "in_person", "当面提交"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文本"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    COLLECT = "collect", "当面领取"


class ReplyKind(models.TextChoices):
    """处理决定 (rows of table 三)."""

    DISCLOSE = "disclose", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHOLD = "withhold", "不予公开"
    UNAVAILABLE = "unavailable", "无法提供"
    NOT_PROCESSED = "not_processed", "不予处理"
    OTHER = "other", "其他处理"


# The reasons each kind must state (sub-rows of table 三); kinds not listed need none.
REPLY_REASONS = {
    ReplyKind.WITHHOLD: [
        ("state_secret", "属于国家秘密"),
        ("law_forbids", "其他法律行政法规禁止公开"),
        ("three_safety", "危及“三安全一稳定”"),
        ("third_party", "保护第三方合法权益"),
        ("internal", "属于三类内部事务信息"),
        ("process", "属于四类过程性信息"),
        ("enforcement", "属于行政执法案卷"),
        ("query", "属于行政查询事项"),
    ],
    ReplyKind.UNAVAILABLE: [
        ("not_held", "本机关不掌握相关政府信息"),
        ("needs_making", "没有现成信息需要另行制作"),
        ("still_unclear", "补正后申请内容仍不明确"),
    ],
    ReplyKind.NOT_PROCESSED: [
        ("petition", "信访举报投诉类申请"),
        ("repeat", "重复申请"),
        ("publication", "要求提供公开出版物"),
        ("mass", "无正当理由大量反复申请"),
        ("confirm", "要求行政机关确认或重新出具已获取信息"),
    ],
    ReplyKind.OTHER: [
        ("no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("no_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other", "其他"),
    ],
}
REASON_LABELS = {code: label for reasons in REPLY_REASONS.values() for code, label in reasons}


class ReviewKind(models.TextChoices):
    """Table 四: 行政复议, 行政诉讼 (未经复议直接起诉 / 复议后起诉)."""

    REVIEW = "review", "行政复议"
    LAWSUIT = "lawsuit", "行政诉讼（未经复议直接起诉）"
    LAWSUIT_AFTER_REVIEW = "lawsuit_after_review", "行政诉讼（复议后起诉）"


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
