"""The 政务公开 section: its index, the mandatory columns and the 政府信息公开目录.

Every page here sits below the home page, so the 政务公开两级审核 workflow set up by
`setup_portal` (portal/workflow_setup.py) governs it: editors draft, 分管领导 pre-review,
领导小组 approve and publish (docs/domain.md § 政务公开).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from guides.models.mixins import GovernmentMetaMixin
from portal.blocks import BodyBlock

from ..publication import publication_deadline
from .choices import ColumnKind, CommitmentStatus, DocumentForm, Topic, Validity


class DisclosureIndexPage(GovernmentMetaMixin, Page):
    """政务公开: the section's front page listing its columns (one per site)."""

    intro = RichTextField("导语", blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = [
        "disclosure.DisclosureColumnPage", "disclosure.LeadershipPage", "disclosure.StaffDirectoryPage",
        "disclosure.CommitmentsPage", "disclosure.DisclosureCatalogPage",
    ]
    max_count = 1
    column_type = "栏目页"

    class Meta:
        verbose_name = "政务公开栏目首页"

    def has_public_content(self):
        return self.get_children().live().exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["columns"] = self.get_children().live().specific()
        return context


class DisclosureColumnPage(GovernmentMetaMixin, Page):
    """A text column (机构职能, 规章制度, 举报电话/信箱, 公开指南, 年度报告…): a body and,
    for columns that grow (规章制度, 年度报告), article or report pages below it."""

    column_kind = models.CharField("栏目类别", max_length=20, choices=ColumnKind.choices)
    intro = models.CharField("摘要", max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("column_kind"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = ["portal.StandardPage", "disclosure.AnnualReportPage"]
    column_type = "栏目页"

    class Meta:
        verbose_name = "政务公开栏目"

    def has_public_content(self):
        return bool(self.body) or self.get_children().live().exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.get_children().live().specific().order_by("-first_published_at")
        return context


class Leader(Orderable):
    """One leader of the centre (领导信息): name, post, 分工, photo, résumé."""

    page = ParentalKey("disclosure.LeadershipPage", related_name="leaders", on_delete=models.CASCADE)
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100)
    duties = models.TextField("工作分工")
    photo = models.ForeignKey("wagtailimages.Image", verbose_name="照片", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    resume = models.TextField("简历", blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("post")]), FieldPanel("duties"),
              FieldPanel("photo"), FieldPanel("resume")]


class LeadershipPage(GovernmentMetaMixin, Page):
    """领导信息."""

    intro = models.CharField("摘要", max_length=300, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro"), InlinePanel("leaders", label="领导", heading="领导信息")]
    search_fields = [*Page.search_fields, index.RelatedFields("leaders", [index.SearchField("name"), index.SearchField("post")])]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []
    max_count = 1
    column_type = "栏目页"

    class Meta:
        verbose_name = "领导信息"

    def has_public_content(self):
        return self.leaders.exists()


class WindowStaffMember(Orderable):
    """One row of the 窗口人员公示. Shown to the public only with the person's recorded consent
    (个人信息保护法: a photo and name are personal information)."""

    page = ParentalKey("disclosure.StaffDirectoryPage", related_name="staff", on_delete=models.CASCADE)
    name = models.CharField("姓名", max_length=50)
    photo = models.ForeignKey("wagtailimages.Image", verbose_name="照片", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    post = models.CharField("岗位", max_length=100)
    window = models.CharField("窗口", max_length=100, blank=True)
    duties = models.TextField("工作职责")
    consented = models.BooleanField("本人已书面同意公示", default=False)
    consent_date = models.DateField("同意日期", null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("post"), FieldPanel("window")]),
        FieldPanel("photo"), FieldPanel("duties"),
        FieldRowPanel([FieldPanel("consented"), FieldPanel("consent_date")], heading="公示同意"),
    ]

    def clean(self):
        super().clean()
        if self.consented and not self.consent_date:
            raise ValidationError({"consent_date": "已勾选“本人已书面同意公示”时，请填写同意日期。"})


class StaffDirectoryPage(GovernmentMetaMixin, Page):
    """窗口人员公示: only staff who consented appear on the public page."""

    intro = models.CharField("摘要", max_length=300, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro"),
                      InlinePanel("staff", label="窗口人员", heading="窗口人员（未同意公示的不在网站显示）")]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []
    max_count = 1
    column_type = "栏目页"

    class Meta:
        verbose_name = "窗口人员公示"

    def public_staff(self):
        return self.staff.filter(consented=True)

    def has_public_content(self):
        return self.public_staff().exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["public_staff"] = self.public_staff().select_related("photo")
        return context


class Commitment(Orderable):
    """A public commitment (服务承诺) and how it was kept (履行情况)."""

    page = ParentalKey("disclosure.CommitmentsPage", related_name="commitments", on_delete=models.CASCADE)
    commitment = models.CharField("承诺事项", max_length=300)
    status = models.CharField("兑现情况", max_length=20, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.IN_PROGRESS)
    fulfilment = models.TextField("履行情况说明", blank=True)
    reviewed_on = models.DateField("核查日期", null=True, blank=True)

    panels = [FieldPanel("commitment"), FieldRowPanel([FieldPanel("status"), FieldPanel("reviewed_on")]),
              FieldPanel("fulfilment")]


class CommitmentsPage(GovernmentMetaMixin, Page):
    """服务承诺 and how each was kept."""

    intro = models.CharField("摘要", max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name="承诺说明", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body"),
                      InlinePanel("commitments", label="承诺", heading="承诺事项及履行情况")]
    search_fields = [*Page.search_fields, index.SearchField("body"),
                     index.RelatedFields("commitments", [index.SearchField("commitment"), index.SearchField("fulfilment")])]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []
    max_count = 1
    column_type = "栏目页"

    class Meta:
        verbose_name = "服务承诺"

    def has_public_content(self):
        return self.commitments.exists() or bool(self.body)


class DisclosureCatalogPage(GovernmentMetaMixin, Page):
    """政府信息公开目录: the searchable, filterable list of documents (one per site)."""

    intro = RichTextField("导语", blank=True, features=["bold", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = ["disclosure.DisclosureDocumentPage"]
    max_count = 1
    column_type = "栏目页"

    class Meta:
        verbose_name = "政府信息公开目录"

    def has_public_content(self):
        return self.get_children().live().exists()

    def get_context(self, request, *args, **kwargs):
        from disclosure.views import catalog_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_context(request, self))
        return context


class DisclosureDocumentPage(GovernmentMetaMixin, Page):
    """One document of the 公开目录, with the catalogue's metadata (docs/domain.md §6)."""

    index_number = models.CharField(
        "索引号", max_length=60, unique=True, help_text="如 11330421MB0000000X/2026-00012（机构代码/年份-流水号）。"
    )
    document_number = models.CharField("发文字号", max_length=60, blank=True, help_text="如 示政办发〔2026〕3号；无文号的留空。")
    issuing_body = models.CharField("发布机构", max_length=100, default="示范县政务服务中心")
    written_date = models.DateField("成文日期")
    changed_date = models.DateField(
        "变更日期", null=True, blank=True, help_text="内容变更后重新公开时填写；公开期限从此日起算。"
    )
    publication_date = models.DateField("发布日期", null=True, blank=True, help_text="留空时首次发布当日自动填写。")
    topic = models.CharField("主题分类", max_length=20, choices=Topic.choices)
    form = models.CharField("体裁", max_length=20, choices=DocumentForm.choices)
    validity = models.CharField("效力状态", max_length=10, choices=Validity.choices, default=Validity.VALID)
    summary = models.CharField("内容概述", max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)
    # jieba tokens for the catalogue's own search (disclosure/search.py); refreshed on save.
    search_tokens = models.TextField(editable=False, blank=True, default="")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("index_number"), FieldPanel("document_number")]),
            FieldPanel("issuing_body"),
            FieldRowPanel([FieldPanel("written_date"), FieldPanel("changed_date"), FieldPanel("publication_date")]),
            FieldRowPanel([FieldPanel("topic"), FieldPanel("form"), FieldPanel("validity")]),
        ], heading="目录信息"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label="附件", heading="附件"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("index_number", boost=5),
        index.SearchField("document_number", boost=5),
        index.SearchField("issuing_body"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("topic"),
        index.FilterField("form"),
        index.FilterField("validity"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["disclosure.DisclosureCatalogPage"]
    subpage_types = []
    column_type = "文章页"

    class Meta:
        verbose_name = "公开目录文件"
        verbose_name_plural = "公开目录文件"

    @property
    def meta_content_source(self):
        return self.issuing_body

    @property
    def information_date(self):
        """The day the information was made or last changed: the 20-day clock starts here."""
        return self.changed_date or self.written_date

    @property
    def publication_deadline(self):
        return publication_deadline(self.information_date)

    def clean(self):
        super().clean()
        errors = {}
        if self.changed_date and self.written_date and self.changed_date < self.written_date:
            errors["changed_date"] = "变更日期不能早于成文日期。"
        if self.publication_date and self.written_date and self.publication_date < self.written_date:
            errors["publication_date"] = "发布日期不能早于成文日期。"
        clash = DisclosureDocumentPage.objects.filter(index_number=self.index_number).exclude(pk=self.pk)
        if self.index_number and clash.exists():
            errors["index_number"] = f"索引号 {self.index_number} 已被“{clash.first().title}”使用。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from disclosure.search import token_text

        if self.live and self.publication_date is None:
            self.publication_date = timezone.localdate()
        self.search_tokens = token_text(self.title, self.document_number, self.issuing_body, self.summary,
                                        " ".join(str(text) for text in self.body_texts()))
        return super().save(*args, **kwargs)

    def body_texts(self):
        field = self._meta.get_field("body")
        return field.get_searchable_content(self.body)


class DocumentAttachment(Orderable):
    page = ParentalKey("disclosure.DisclosureDocumentPage", related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("显示名称", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def display_title(self):
        return self.title or self.document.title


class AnnualReportPage(GovernmentMetaMixin, Page):
    """政府信息公开工作年度报告 for one year. The request tables are filled from the recorded
    information requests by `draft_annual_report` (published by 31 January)."""

    year = models.PositiveIntegerField("年度", unique=True)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)
    request_statistics = models.JSONField("依申请公开统计", default=dict, blank=True, editable=False)

    content_panels = [*Page.content_panels, FieldPanel("year"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["disclosure.DisclosureColumnPage"]
    subpage_types = []
    column_type = "文章页"

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
