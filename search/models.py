"""Search data kept in the database: the embedded index, synonyms and the query log.

The embedded backend's source of truth is `SearchDocument` (one row per public page, text
already analysed), so the index survives restarts and works the same on SQLite and
PostgreSQL; each process holds an in-memory inverted index built from these rows and
rebuilds it when `IndexState.version` moves (see search/backends/embedded.py).
"""

import re

from django.db import connection, models
from django.db.models import F
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

SYNONYM_SPLIT_RE = re.compile(r"[,，、;；⇄↔=\s]+")


class IndexState(models.Model):
    """A version counter per kind of search data ("documents", "synonyms").

    Every write bumps it with an UPDATE … SET version = version + 1, so all web processes
    learn from one cheap read that their in-memory copy is stale.
    """

    DOCUMENTS = "documents"
    SYNONYMS = "synonyms"

    key = models.CharField("名称", max_length=30, primary_key=True)
    version = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "索引版本"
        verbose_name_plural = "索引版本"

    def __str__(self):
        return f"{self.key}@{self.version}"

    @classmethod
    def bump(cls, key):
        """Move the counter on and return its new value. The UPDATE locks the row until the
        transaction ends, so writers take versions in commit order (see IndexChange)."""
        updated = cls.objects.filter(key=key).update(version=F("version") + 1)
        if not updated:
            cls.objects.get_or_create(key=key, defaults={"version": 1})
        return cls.objects.filter(key=key).values_list("version", flat=True).get()

    @classmethod
    def versions(cls):
        """{key: version}. Every search reads this, so it is one plain query (building the
        ORM queryset cost more than running it)."""
        key, version, table = (connection.ops.quote_name(n) for n in ("key", "version", cls._meta.db_table))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {key}, {version} FROM {table}")  # noqa: S608 - quoted names of our own table only
            return dict(cursor.fetchall())


class IndexChange(models.Model):
    """Which pages' SearchDocument rows a documents version changed (索引变更记录).

    Web processes read the rows between the version their in-memory index is at and the
    current one, and update just those pages. A row without a page means "everything
    changed" (a full rebuild). Only the most recent KEEP versions are kept: a process
    further behind than that rebuilds whole.
    """

    KEEP = 10_000

    version = models.BigIntegerField("版本", db_index=True)
    page_id = models.IntegerField("页面", null=True, blank=True)

    class Meta:
        verbose_name = "索引变更记录"
        verbose_name_plural = "索引变更记录"

    def __str__(self):
        return f"{self.version}: {self.page_id or '全部'}"

    @classmethod
    def record(cls, page_ids=None):
        """Bump the documents version and log what changed (None: everything). Call inside
        the transaction that wrote the SearchDocument rows."""
        version = IndexState.bump(IndexState.DOCUMENTS)
        page_ids = [None] if page_ids is None else sorted(set(page_ids))
        cls.objects.bulk_create([cls(version=version, page_id=page_id) for page_id in page_ids])
        cls.objects.filter(version__lte=version - cls.KEEP).delete()
        return version

    @classmethod
    def pages_changed(cls, since, until):
        """Page ids changed in versions (since, until], or None when only a full rebuild
        can catch up (a full rebuild was logged, or the log no longer reaches back)."""
        if since is None or until is None or until < since:
            return None
        rows = list(cls.objects.filter(version__gt=since, version__lte=until).values_list("version", "page_id"))
        if len({version for version, _page in rows}) != until - since:
            return None
        if any(page_id is None for _version, page_id in rows):
            return None
        return {page_id for _version, page_id in rows}


class SearchDocument(models.Model):
    """One public page as the search index sees it (搜索文档).

    `tokens` holds the jieba-analysed text per field (space-separated), so the in-memory
    index and Elasticsearch are fed the very same tokens; `texts` holds the raw text per
    field for highlighting; the facet columns mirror the catalogue filters.
    """

    KIND_ITEM = "item"
    KIND_BUNDLE = "bundle"
    KIND_NOTICE = "notice"
    KIND_PAGE = "page"
    KIND_CHOICES = [(KIND_ITEM, "办事指南"), (KIND_BUNDLE, "一件事"), (KIND_NOTICE, "通知公告"), (KIND_PAGE, "页面")]

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    kind = models.CharField("类别", max_length=10, choices=KIND_CHOICES, default=KIND_PAGE)
    content_type = models.CharField("页面类型", max_length=100)
    title = models.CharField("标题", max_length=255)
    url = models.CharField("网址", max_length=500)
    code = models.CharField("事项编码", max_length=40, blank=True, db_index=True)
    department_code = models.CharField("部门代码", max_length=40, blank=True)
    department_name = models.CharField("实施主体", max_length=100, blank=True)
    theme_slugs = models.JSONField("主题分类", default=list, blank=True)
    serves_individuals = models.BooleanField("服务对象：自然人", default=False)
    serves_legal_persons = models.BooleanField("服务对象：法人", default=False)
    item_type = models.CharField("事项类型", max_length=10, blank=True)
    processing_kind = models.CharField("办件类型", max_length=4, blank=True)
    is_online = models.BooleanField("可网上办理", default=False)
    is_reservable = models.BooleanField("可预约办理", default=False)
    is_charged = models.BooleanField("收费", default=False)
    visits = models.PositiveSmallIntegerField("到现场次数", null=True, blank=True)
    status = models.CharField("事项状态", max_length=4, blank=True)
    summary = models.CharField("摘要", max_length=300, blank=True)
    texts = models.JSONField("原文（按字段）", default=dict)
    tokens = models.JSONField("分词结果（按字段）", default=dict)
    pinyin_full = models.CharField("名称全拼", max_length=500, blank=True)
    pinyin_initials = models.CharField("名称首字母", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "搜索文档"
        verbose_name_plural = "搜索文档"

    def __str__(self):
        return self.title


class Synonym(index.Indexed, models.Model):
    """同义词组: words citizens use for the same thing (身份证 ⇄ 居民身份证).

    Applied at query time by both backends, so an edit takes effect on the next search
    without reindexing.
    """

    terms = models.CharField(
        "同义词", max_length=300, unique=True,
        help_text="用逗号或顿号分隔，如：身份证，居民身份证。第一个词作为显示用的标准说法。",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    enabled = models.BooleanField("启用", default=True)

    panels = [FieldPanel("terms"), FieldPanel("note"), FieldPanel("enabled")]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "同义词"
        verbose_name_plural = "同义词"

    def __str__(self):
        return self.terms

    @property
    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.term_list) < 2:
            raise ValidationError({"terms": "同义词组至少需要两个词，请用逗号或顿号分隔。"})
        self.terms = "，".join(self.term_list)


def split_terms(text):
    seen = []
    for term in SYNONYM_SPLIT_RE.split(text or ""):
        term = term.strip().lower()
        if term and term not in seen:
            seen.append(term)
    return seen


class SearchQueryLog(models.Model):
    """Daily count of one query text (搜索日志), for the editors' report and hot searches.

    Only the query text is kept: no user, address or session (个人信息保护法); queries
    that look like ID or phone numbers are not logged at all (see search/querylog.py).
    """

    query = models.CharField("搜索词", max_length=200)
    date = models.DateField("日期", default=timezone.localdate)
    hits = models.PositiveIntegerField("搜索次数", default=0)
    zero_result_hits = models.PositiveIntegerField("无结果次数", default=0)
    # Distinct visitors that day (a keyed hash of address + browser, held only in the cache for
    # two days): hot searches rank by people, so one client repeating a phrase counts once.
    visitors = models.PositiveIntegerField("搜索人数", default=0)
    last_result_count = models.PositiveIntegerField("最近结果数", default=0)

    class Meta:
        verbose_name = "搜索日志"
        verbose_name_plural = "搜索日志"
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="search_querylog_query_date")]
        indexes = [models.Index(fields=["date", "query"])]

    def __str__(self):
        return f"{self.date} {self.query} ×{self.hits}"


class HiddenSearchTerm(models.Model):
    """热门搜索屏蔽词: editors keep a phrase (and every query containing it) off 热门搜索."""

    term = models.CharField("屏蔽词", max_length=100, unique=True, help_text="含有此词的搜索词都不会出现在热门搜索中（首页最长 5 分钟后更新）。")
    note = models.CharField("原因", max_length=200, blank=True)
    created = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = "热门搜索屏蔽词"
        verbose_name_plural = "热门搜索屏蔽词"

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        from .analysis import normalize

        self.term = normalize(self.term)
        super().save(*args, **kwargs)
