"""The catalogue's controlled vocabularies (docs/domain.md "事项目录与办事指南"). Values are the Chinese terms
themselves so that imports, exports, filters and URLs all speak the same words."""

from django.db import models


class ItemType(models.TextChoices):
    LICENSING = "行政许可", "行政许可"
    CONFIRMATION = "行政确认", "行政确认"
    BENEFIT = "行政给付", "行政给付"
    LEVY = "行政征收", "行政征收"
    AWARD = "行政奖励", "行政奖励"
    ADJUDICATION = "行政裁决", "行政裁决"
    OTHER_POWER = "其他行政权力", "其他行政权力"
    PUBLIC_SERVICE = "公共服务", "公共服务"


class Audience(models.TextChoices):
    INDIVIDUAL = "自然人", "自然人"
    LEGAL_PERSON = "法人", "法人"


class ProcessingKind(models.TextChoices):
    """办件类型: fixed by the catalogue; staff may not change it on a case."""

    IMMEDIATE = "即办件", "即办件"
    PROMISED = "承诺件", "承诺件"
    ANSWER = "答复件", "答复件"
    JOINT = "联办件", "联办件"
    FORWARDED = "报批件", "报批件"


class ItemStatus(models.TextChoices):
    ACTIVE = "在用", "在用"
    SUSPENDED = "暂停", "暂停"
    CANCELLED = "已取消", "已取消"


class MaterialForm(models.TextChoices):
    ORIGINAL = "原件", "原件"
    COPY = "复印件", "复印件"
    BOTH = "原件和复印件", "原件和复印件"
    ELECTRONIC = "电子", "电子"


class MaterialSource(models.TextChoices):
    APPLICANT = "申请人自备", "申请人自备"
    WINDOW = "窗口领取", "窗口领取"
    ISSUED = "部门核发", "部门核发"


class SpecialStepKind(models.TextChoices):
    INSPECTION = "现场踏勘", "现场踏勘"
    HEARING = "听证", "听证"
    PUBLICITY = "公示", "公示"
    EXPERT = "专家评审", "专家评审"
    TESTING = "检验检测", "检验检测"
    OTHER = "其他", "其他"
