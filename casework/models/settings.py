"""Configurable periods of the case engine (docs/domain.md "办件引擎: 可配置期限")."""

from django.core.validators import MaxValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

DEFAULT_PRE_REVIEW_DAYS = 5
DEFAULT_CORRECTION_DAYS = 5


@register_setting(icon="time")
class CaseworkSettings(BaseSiteSetting):
    """预审 and 补正 periods. The national practice is "on the spot or within 5 working days";
    localities set their own, so they are settings with that default."""

    pre_review_working_days = models.PositiveSmallIntegerField(
        "网上预审期限（工作日）", default=DEFAULT_PRE_REVIEW_DAYS, validators=[MaxValueValidator(60)],
        help_text="自申请人提交之日起，窗口须在此期限内完成预审。",
    )
    correction_working_days = models.PositiveSmallIntegerField(
        "补正期限（工作日）", default=DEFAULT_CORRECTION_DAYS, validators=[MaxValueValidator(60)],
        help_text="《材料补齐通知书》写明的补正截止日期按此期限自出具之日起计算。",
    )

    panels = [FieldPanel("pre_review_working_days"), FieldPanel("correction_working_days")]

    class Meta:
        verbose_name = "办件期限设置"

    @classmethod
    def current(cls):
        """The default site's settings, or unsaved defaults when there is no site yet."""
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site else cls()
