"""Configurable periods of the site-health checks (docs/domain.md §8 values marked configurable)."""

from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="pick")
class SiteHealthSettings(BaseSiteSetting):
    """How strict the daily check is. Defaults follow the 政府网站 inspection rules."""

    home_update_days = models.PositiveIntegerField(
        "首页更新周期（天）", default=14, validators=[MinValueValidator(1)],
        help_text="首页超过这么多天没有新内容即判为不合格（检查要求：2 周）。",
    )
    default_column_days = models.PositiveIntegerField(
        "栏目默认更新周期（天）", default=365,
        help_text="未单独设置更新周期的栏目，超过这么多天未更新即提示；填 0 表示不检查。",
    )
    answer_warning_days = models.PositiveIntegerField(
        "答复期限提前提醒（工作日）", default=3,
        help_text="信件、依申请公开距答复期限不超过这么多个工作日时提醒。",
    )
    unanswered_limit_days = models.PositiveIntegerField(
        "最长未答复天数", default=90, validators=[MinValueValidator(1)],
        help_text="收到后超过这么多天仍未答复即判为不合格（检查要求：3 个月）。",
    )

    panels = [FieldPanel("home_update_days"), FieldPanel("default_column_days"),
              FieldPanel("answer_warning_days"), FieldPanel("unanswered_limit_days")]

    class Meta:
        verbose_name = "网站健康检查设置"


class ColumnUpdatePeriod(models.Model):
    """A column's own update period (动态类栏目 2 周, 政策文件类 6 个月…)."""

    page = models.OneToOneField("wagtailcore.Page", verbose_name="栏目", on_delete=models.CASCADE,
                                related_name="+")
    days = models.PositiveIntegerField("更新周期（天）", validators=[MinValueValidator(1)])
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "栏目更新周期"
        verbose_name_plural = "栏目更新周期"
        ordering = ["page__path"]

    def __str__(self):
        return f"{self.page.title}：{self.days} 天"
