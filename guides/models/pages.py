"""The 办事指南 pages: the catalogue index, one page per service item, and 一件事 bundles."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .choices import (
    Audience,
    ItemStatus,
    ItemType,
    MaterialForm,
    MaterialSource,
    ProcessingKind,
    SpecialStepKind,
)
from .mixins import GovernmentMetaMixin
from .rules import fee_errors, item_code_validator, limit_errors


class CatalogIndexPage(GovernmentMetaMixin, Page):
    """办事指南 catalogue: the filterable listing of every item (one per site)."""

    intro = RichTextField("导语", blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["guides.ServiceItemPage", "guides.BundlePage"]
    max_count = 1
    column_type = "办事指南"

    class Meta:
        verbose_name = "办事指南目录"

    def get_context(self, request, *args, **kwargs):
        from guides.listing import catalog_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_context(request, self))
        return context


class ServiceItemPageForm(WagtailAdminPageForm):
    """Cross-field rules that need the inline rows (fees) as well as the page fields."""

    def clean(self):
        cleaned = super().clean()
        fee_rows = [
            form.cleaned_data
            for form in self.formsets["fee_items"].forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = limit_errors(
            cleaned.get("processing_kind"),
            cleaned.get("legal_limit_days"),
            cleaned.get("promised_limit_days"),
        )
        errors.update(
            fee_errors(
                cleaned.get("is_charged"),
                [row.get("amount") for row in fee_rows],
                cleaned.get("fee_basis"),
            )
        )
        code = cleaned.get("item_code")
        if code:
            clash = ServiceItemPage.objects.filter(item_code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                errors["item_code"] = f"事项编码 {code} 已被“{clash.first().title}”使用，请勿重复。"
        if self.instance.pk and self.instance.pk in {item.pk for item in cleaned.get("prerequisites") or ()}:
            errors["prerequisites"] = "事项不能以自己为前置事项。"  # the importer refuses it too
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


class ServiceItemPage(GovernmentMetaMixin, Page):
    """One service item (事项) and its complete 办事指南 (docs/domain.md "事项目录与办事指南")."""

    # 基本信息
    item_code = models.CharField(
        "事项编码", max_length=40, unique=True, validators=[item_code_validator]
    )
    item_type = models.CharField("事项类型", max_length=10, choices=ItemType.choices)
    department = models.ForeignKey(
        "guides.Department", verbose_name="实施主体", on_delete=models.PROTECT, related_name="items"
    )
    serves_individuals = models.BooleanField("服务对象：自然人", default=True)
    serves_legal_persons = models.BooleanField("服务对象：法人", default=False)
    themes = ParentalManyToManyField("guides.Theme", verbose_name="主题分类", blank=True, related_name="items")
    summary = models.CharField("事项简介", max_length=300, blank=True)
    status = models.CharField("事项状态", max_length=4, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)
    version = models.CharField("版本", max_length=20, default="1.0")
    effective_date = models.DateField("生效日期", null=True, blank=True)

    # 受理条件
    conditions = models.TextField("受理条件", blank=True)
    quantity_limit = models.CharField("数量限制", max_length=200, blank=True)

    # 时限与办件类型
    processing_kind = models.CharField("办件类型", max_length=4, choices=ProcessingKind.choices)
    legal_limit_days = models.PositiveIntegerField(
        "法定办结时限（工作日）", null=True, blank=True, help_text="法律法规未规定时留空。"
    )
    promised_limit_days = models.PositiveIntegerField(
        "承诺办结时限（工作日）", default=0, help_text="当场办结填 0；不得超过法定办结时限。"
    )

    # 收费
    is_charged = models.BooleanField("收费", default=False)
    fee_basis = models.TextField("收费依据", blank=True)

    # 办理结果
    result_name = models.CharField("办理结果", max_length=200, blank=True)
    result_sample = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="结果样本", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    # 办理渠道
    location = models.CharField("办理地点", max_length=200, blank=True)
    # Windows and hours come from the 服务大厅 records (halls app); these texts are only notes.
    window = models.CharField(
        "办理窗口（补充说明）", max_length=100, blank=True,
        help_text="办理窗口以“服务大厅 → 窗口”中勾选本事项的窗口为准，此处仅作补充说明。",
    )
    hours = models.CharField(
        "办理时间（补充说明）", max_length=200, blank=True,
        help_text="办理时间以所在服务大厅的开放时段为准，此处仅作补充说明。",
    )
    phone = models.CharField("咨询电话", max_length=100, blank=True)
    complaint_phone = models.CharField("监督投诉电话", max_length=100, blank=True)
    visits = models.PositiveSmallIntegerField("到现场次数", default=1, help_text="0 表示全程网办。")
    is_online = models.BooleanField("可网上办理", default=False)
    is_reservable = models.BooleanField("可预约办理", default=False)
    notes = models.TextField("注意事项", blank=True)

    prerequisites = ParentalManyToManyField(
        "self", verbose_name="前置事项", symmetrical=False, blank=True, related_name="dependants"
    )

    base_form_class = ServiceItemPageForm
    parent_page_types = ["guides.CatalogIndexPage"]
    subpage_types = []
    column_type = "办事指南"

    search_fields = [
        *Page.search_fields,
        index.SearchField("item_code", boost=5),
        index.SearchField("conditions"),
        index.SearchField("result_name"),
        index.SearchField("notes"),
        index.RelatedFields("department", [index.SearchField("name")]),
        index.RelatedFields("materials", [index.SearchField("name")]),
        index.RelatedFields("fee_items", [index.SearchField("name")]),
        index.RelatedFields("legal_bases", [index.SearchField("law_name"), index.SearchField("article")]),
        index.RelatedFields("faqs", [index.SearchField("question"), index.SearchField("answer")]),
        index.FilterField("department"),
        index.FilterField("processing_kind"),
        index.FilterField("is_online"),
        index.FilterField("status"),
    ]

    basic_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("item_code"), FieldPanel("item_type")]),
        FieldPanel("department"),
        FieldRowPanel([FieldPanel("serves_individuals"), FieldPanel("serves_legal_persons")], heading="服务对象"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("version"), FieldPanel("effective_date")]),
        InlinePanel("legal_bases", label="设定依据", heading="设定依据（法律法规名称及条款）"),
        FieldPanel("conditions"),
        FieldPanel("quantity_limit"),
    ]
    materials_panels = [InlinePanel("materials", label="申请材料", heading="申请材料")]
    process_panels = [
        FieldPanel("processing_kind"),
        FieldRowPanel([FieldPanel("legal_limit_days"), FieldPanel("promised_limit_days")]),
        InlinePanel("steps", label="办理步骤", heading="办理流程"),
        InlinePanel("special_steps", label="特殊环节", heading="特殊环节"),
        MultiFieldPanel([FieldPanel("result_name"), FieldPanel("result_sample")], heading="办理结果"),
        FieldPanel("prerequisites"),
    ]
    fee_panels = [
        FieldPanel("is_charged"),
        InlinePanel("fee_items", label="收费项目", heading="收费项目"),
        FieldPanel("fee_basis"),
    ]
    channel_panels = [
        FieldRowPanel([FieldPanel("location"), FieldPanel("window")]),
        FieldPanel("hours"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("complaint_phone")]),
        FieldRowPanel([FieldPanel("visits"), FieldPanel("is_online"), FieldPanel("is_reservable")]),
        InlinePanel("faqs", label="常见问题", heading="常见问题"),
        FieldPanel("notes"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(basic_panels, heading="基本信息"),
        ObjectList(materials_panels, heading="申请材料"),
        ObjectList(process_panels, heading="办理流程与时限"),
        ObjectList(fee_panels, heading="收费"),
        ObjectList(channel_panels, heading="办理渠道与问答"),
        ObjectList(Page.promote_panels, heading="推广"),
        ObjectList(Page.settings_panels, heading="设置"),
    ])

    api_fields = [
        APIField("item_code"), APIField("item_type"), APIField("department_name"),
        APIField("audience"), APIField("theme_names"), APIField("status"), APIField("version"),
        APIField("effective_date"), APIField("conditions"), APIField("quantity_limit"),
        APIField("legal_bases"), APIField("materials"), APIField("processing_kind"),
        APIField("legal_limit_days"), APIField("promised_limit_days"), APIField("is_charged"),
        APIField("fee_items"), APIField("fee_basis"), APIField("steps"), APIField("special_steps"),
        APIField("result_name"), APIField("location"), APIField("window"), APIField("hours"),
        APIField("phone"), APIField("complaint_phone"), APIField("visits"), APIField("is_online"),
        APIField("is_reservable"), APIField("faqs"), APIField("notes"),
        APIField("department_code"), APIField("result_sample_url"), APIField("prerequisite_codes"),
        APIField("last_updated"),
    ]

    class Meta:
        verbose_name = "办事指南（事项）"
        verbose_name_plural = "办事指南（事项）"

    def clean(self):
        super().clean()
        errors = limit_errors(self.processing_kind, self.legal_limit_days, self.promised_limit_days)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide_materials"] = self.materials.select_related("blank_form", "sample")
        context["item_bundles"] = BundlePage.objects.live().filter(members__item=self).distinct().order_by("title")
        return context

    @property
    def department_name(self):
        return self.department.name

    @property
    def department_code(self):
        return self.department.code

    @property
    def result_sample_url(self):
        return self.result_sample.url if self.result_sample else None

    @property
    def prerequisite_codes(self):
        return [item.item_code for item in self.prerequisites.all()]

    @property
    def audience(self):
        parts = []
        if self.serves_individuals:
            parts.append(Audience.INDIVIDUAL.value)
        if self.serves_legal_persons:
            parts.append(Audience.LEGAL_PERSON.value)
        return parts

    @property
    def theme_names(self):
        return [theme.name for theme in self.themes.all()]

    @property
    def is_immediate(self):
        return self.processing_kind == ProcessingKind.IMMEDIATE

    @cached_property
    def required_materials(self):
        return [m for m in self.materials.all() if m.required]

    @property
    def code_url(self):
        return f"/item/{self.item_code}/"


class LegalBasis(Orderable):
    """设定依据: one structured citation (law and article), not a blob of text."""

    page = ParentalKey(ServiceItemPage, related_name="legal_bases", on_delete=models.CASCADE)
    law_name = models.CharField("法律法规名称", max_length=200, help_text="如：《中华人民共和国居民身份证法》")
    article = models.CharField("条款", max_length=100, blank=True, help_text="如：第十一条")
    excerpt = models.TextField("条文摘录", blank=True)

    panels = [FieldRowPanel([FieldPanel("law_name"), FieldPanel("article")]), FieldPanel("excerpt")]
    api_fields = [APIField("law_name"), APIField("article"), APIField("excerpt")]

    class Meta(Orderable.Meta):
        verbose_name = "设定依据"

    def __str__(self):
        return f"{self.law_name}{self.article}"


class Material(Orderable):
    """申请材料: one row of the 一次性告知 list."""

    page = ParentalKey(ServiceItemPage, related_name="materials", on_delete=models.CASCADE)
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=10, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    required = models.BooleanField("必须提交", default=True)
    condition = models.CharField("提交条件", max_length=200, blank=True, help_text="非必须材料写明在什么情况下提交，如“已婚的提供”。")
    signer = models.CharField("签字盖章要求", max_length=100, blank=True)
    source = models.CharField("来源渠道", max_length=10, choices=MaterialSource.choices, default=MaterialSource.APPLICANT)
    specification = models.CharField("规格说明", max_length=200, blank=True, help_text="如照片规格、纸张大小。")
    blank_form = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="空白表格", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sample = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="示范文本", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("form"), FieldPanel("copies")]),
        FieldRowPanel([FieldPanel("required"), FieldPanel("condition")]),
        FieldRowPanel([FieldPanel("signer"), FieldPanel("source"), FieldPanel("specification")]),
        FieldRowPanel([FieldPanel("blank_form"), FieldPanel("sample")]),
    ]
    api_fields = [
        APIField(name)
        for name in (
            "name", "form", "copies", "required", "condition", "signer", "source", "specification",
            "blank_form_url", "sample_url",
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = "申请材料"

    def clean(self):
        if not self.required and not self.condition.strip():
            raise ValidationError({"condition": "非必须材料请写明提交条件，如“已婚的提供”。"})

    def __str__(self):
        return self.name

    @property
    def blank_form_url(self):
        return self.blank_form.url if self.blank_form else None

    @property
    def sample_url(self):
        return self.sample.url if self.sample else None


class FeeItem(Orderable):
    page = ParentalKey(ServiceItemPage, related_name="fee_items", on_delete=models.CASCADE)
    name = models.CharField("收费项目", max_length=100)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    unit = models.CharField("计费单位", max_length=20, default="元/件")

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("amount"), FieldPanel("unit")])]
    api_fields = [APIField("name"), APIField("amount"), APIField("unit")]

    class Meta(Orderable.Meta):
        verbose_name = "收费项目"

    def __str__(self):
        return f"{self.name} {self.amount}{self.unit}"


class ProcessStep(Orderable):
    page = ParentalKey(ServiceItemPage, related_name="steps", on_delete=models.CASCADE)
    title = models.CharField("步骤名称", max_length=100)
    description = models.TextField("步骤说明", blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]
    api_fields = [APIField("title"), APIField("description")]

    class Meta(Orderable.Meta):
        verbose_name = "办理步骤"

    def __str__(self):
        return self.title


class SpecialStep(Orderable):
    """特殊环节 (现场踏勘、听证、公示…) with its own limit, which may or may not count."""

    page = ParentalKey(ServiceItemPage, related_name="special_steps", on_delete=models.CASCADE)
    kind = models.CharField("环节", max_length=10, choices=SpecialStepKind.choices)
    limit_days = models.PositiveIntegerField("时限（工作日）", default=0)
    counts_in_limit = models.BooleanField("计入办结时限", default=False)
    description = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("limit_days"), FieldPanel("counts_in_limit")]), FieldPanel("description")]
    api_fields = [APIField("kind"), APIField("limit_days"), APIField("counts_in_limit"), APIField("description")]

    class Meta(Orderable.Meta):
        verbose_name = "特殊环节"


class FAQ(Orderable):
    page = ParentalKey(ServiceItemPage, related_name="faqs", on_delete=models.CASCADE)
    question = models.CharField("问题", max_length=200)
    answer = models.TextField("解答")

    panels = [FieldPanel("question"), FieldPanel("answer")]
    api_fields = [APIField("question"), APIField("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "常见问题"


class BundlePage(GovernmentMetaMixin, Page):
    """“一件事”: several items done together, e.g. opening a restaurant."""

    summary = models.CharField("简介", max_length=300, blank=True)
    body = RichTextField("说明", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("members", label="包含事项", heading="包含事项", min_num=2),
    ]
    parent_page_types = ["guides.CatalogIndexPage"]
    subpage_types = []
    column_type = "一件事"
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = "一件事"
        verbose_name_plural = "一件事"

    def items(self):
        # With what the item cards and the merged material list show, so no query per item.
        members = self.members.select_related("item__department").prefetch_related("item__themes", "item__materials")
        return [member.item for member in members if member.item.live]

    def merged_materials(self):
        """Materials of all the bundle's items, each named once (first occurrence gives the
        form and condition), with the items that ask for it, so the applicant brings one copy
        of each. A material is required if any item requires it, in the most copies asked."""
        merged = {}
        for item in self.items():
            for material in item.materials.all():
                key = material.name.strip()
                if key not in merged:
                    merged[key] = {"material": material, "items": [], "copies": material.copies, "required": False}
                row = merged[key]
                row["items"].append(item)
                row["copies"] = max(row["copies"], material.copies)
                row["required"] = row["required"] or material.required
        return list(merged.values())


class BundleMember(Orderable):
    bundle = ParentalKey(BundlePage, related_name="members", on_delete=models.CASCADE)
    item = models.ForeignKey(ServiceItemPage, verbose_name="事项", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("item")]

    class Meta(Orderable.Meta):
        verbose_name = "包含事项"
