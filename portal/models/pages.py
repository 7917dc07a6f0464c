"""Site-wide page types: home, notices and plain content pages."""

from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from guides.models.mixins import GovernmentMetaMixin
from portal.blocks import BodyBlock


class HomePage(GovernmentMetaMixin, Page):
    """首页: search box, popular items, themes, departments, latest notices."""

    welcome = models.CharField("欢迎语", max_length=200, default="一网通办 · 只进一扇门 · 最多跑一次")
    # Parental, so the admin's page form saves the choice with the revision (a plain
    # ManyToManyField on a page is silently dropped by Wagtail's edit view).
    popular_items = ParentalManyToManyField(
        "guides.ServiceItemPage", verbose_name="热门事项", blank=True, related_name="+",
        help_text="不选时按事项名称显示前 8 个在用事项。",
    )

    content_panels = [*Page.content_panels, FieldPanel("welcome"), FieldPanel("popular_items")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    column_type = "首页"

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from portal.home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context


class NoticeIndexPage(GovernmentMetaMixin, Page):
    """通知公告 column."""

    intro = RichTextField("导语", blank=True, features=["bold", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NoticePage"]
    column_type = "栏目页"

    class Meta:
        verbose_name = "通知公告栏目"

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.live().descendant_of(self).order_by("-date", "-pk")
        context["notices"] = Paginator(notices, 20).get_page(request.GET.get("page"))
        return context


class NoticePage(GovernmentMetaMixin, Page):
    """A notice or news article (通知公告/工作动态)."""

    date = models.DateField("发布日期")
    source = models.CharField("信息来源", max_length=100, default="县政务服务中心")
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("source"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.NoticeIndexPage"]
    subpage_types = []
    column_type = "文章页"

    class Meta:
        verbose_name = "通知公告"

    @property
    def meta_content_source(self):
        return self.source


class StandardPage(GovernmentMetaMixin, Page):
    """A plain content page (关于我们, 服务承诺, 政务公开 sections…)."""

    summary = models.CharField("摘要", max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name="正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    column_type = "文章页"

    class Meta:
        verbose_name = "普通页面"
