"""Closed vocabularies of the 政务公开 section (docs/domain.md § 政务公开)."""

from django.db import models


class ColumnKind(models.TextChoices):
    """The mandatory columns of a 政务公开 section (docs/domain.md §6)."""

    FUNCTIONS = "functions", "机构职能"
    RULES = "rules", "规章制度"
    REPORTING = "reporting", "举报电话/信箱"
    GUIDE = "guide", "政府信息公开指南"
    ANNUAL_REPORTS = "annual_reports", "政府信息公开工作年度报告"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    """效力状态 of a catalogue document."""

    VALID = "valid", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class Topic(models.TextChoices):
    """主题分类 (a short form of the national 政府信息公开目录 topic list)."""

    GENERAL = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理"
    MARKET = "market", "市场监管"
    URBAN = "urban", "城乡建设、环境保护"
    SOCIAL = "social", "劳动、人事、社会保障"
    PUBLIC_SERVICE = "public_service", "政务服务"
    HEALTH = "health", "卫生、体育"
    SECURITY = "security", "公安、安全、司法"


class DocumentForm(models.TextChoices):
    """体裁 (公文种类 of GB/T 9704 plus the usual non-公文 forms)."""

    NOTICE = "notice", "通知"
    ANNOUNCEMENT = "announcement", "公告"
    DECISION = "decision", "决定"
    OPINION = "opinion", "意见"
    MEASURES = "measures", "办法"
    REGULATION = "regulation", "规定"
    REPORT = "report", "报告"
    PLAN = "plan", "计划、规划"
    OTHER = "other", "其他"


class CommitmentStatus(models.TextChoices):
    KEPT = "kept", "已兑现"
    IN_PROGRESS = "in_progress", "推进中"
    NOT_KEPT = "not_kept", "未兑现"
