"""The bulletin column: an index (overview, archive, open-data notes) and one page per month."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from guides.models.mixins import GovernmentMetaMixin

NARRATIVE_FEATURES = ["bold", "ol", "ul", "link"]


class BulletinIndexPage(RoutablePageMixin, GovernmentMetaMixin, Page):
    """运行情况通报 column: the 12-month overview, the archive by year and the open-data notes."""

    intro = RichTextField("导语", blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["bulletins.BulletinPage"]
    max_count = 1
    column_type = "栏目页"

    class Meta:
        verbose_name = "运行情况通报栏目"

    def published_bulletins(self):
        return BulletinPage.objects.live().child_of(self).order_by("-month")

    @path("")
    def overview(self, request):
        from bulletins.views import overview_context

        return self.render(request, context_overrides=overview_context(self))

    @re_path(r"^(?P<year>\d{4})/$")
    def year_archive(self, request, year):
        from bulletins.views import archive_context

        context = archive_context(self, int(year))
        if context is None:
            raise Http404("该年度没有已发布的运行情况通报。")
        return self.render(request, context_overrides=context, template="bulletins/bulletin_archive.html")

    @path("open-data/")
    def open_data(self, request):
        from bulletins.views import open_data_context

        return self.render(request, context_overrides=open_data_context(self), template="bulletins/open_data.html")


class BulletinPage(GovernmentMetaMixin, Page):
    """每月运行情况通报: frozen figures (computed by `draft_bulletin`) plus the editors' narrative.

    `figures` is never edited by hand and has no panel. Once the page has been published its
    figures can never change again (docs/domain.md: a published bulletin is a frozen snapshot).
    """

    month = models.DateField("通报月份", unique=True, editable=False, help_text="该月 1 日。")
    figures = models.JSONField("统计数据快照", default=dict, editable=False)
    summary = models.CharField("摘要", max_length=300, blank=True)
    commendations = RichTextField("表扬", blank=True, features=NARRATIVE_FEATURES)
    problems = RichTextField("存在问题", blank=True, features=NARRATIVE_FEATURES)
    measures = RichTextField("整改措施", blank=True, features=NARRATIVE_FEATURES)

    content_panels = [
        *Page.content_panels,
        HelpPanel(content="<p>统计数据由系统按月自动生成（命令 draft_bulletin），不能手工修改；"
                          "发布后数据冻结，之后办件数据的任何变化都不会改变已发布的通报。</p>"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("commendations"), FieldPanel("problems"), FieldPanel("measures")], heading="通报文字"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("problems"),
                     index.SearchField("measures")]
    parent_page_types = ["bulletins.BulletinIndexPage"]
    subpage_types = []
    # Created only by draft_bulletin, which computes the figures; editors edit the narrative.
    is_creatable = False
    column_type = "文章页"

    class Meta:
        verbose_name = "运行情况通报"
        ordering = ["-month"]

    @property
    def month_key(self):
        return f"{self.month:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = BulletinPage.objects.filter(pk=self.pk).values("figures", "first_published_at").first()
            if stored and stored["first_published_at"] and stored["figures"] != self.figures:
                raise ValidationError("已发布的运行情况通报数据已冻结，不能修改。")
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from bulletins.views import bulletin_context

        context = super().get_context(request, *args, **kwargs)
        context.update(bulletin_context(self))
        return context
