"""Site-wide configuration editors change in the admin (设置 → 网站标识)."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """The identity every page footer must carry (政府网站发展指引 / docs/domain.md "网站标识")."""

    site_name = models.CharField("网站名称", max_length=100, default="示范县政务服务网")
    site_domain = models.CharField("网站域名", max_length=100, default="zwfw.example.gov.cn")
    sponsor = models.CharField("主办单位", max_length=100, default="示范县人民政府办公室")
    organiser = models.CharField("承办单位", max_length=100, default="示范县政务服务中心")
    address = models.CharField("地址", max_length=200, default="示范县人民大道 1 号政务服务中心")
    contact_phone = models.CharField("联系电话", max_length=50, default="0573-87120000")
    contact_email = models.EmailField("联系邮箱", default="zwfw@example.gov.cn")
    complaint_phone = models.CharField("监督投诉电话", max_length=50, default="0573-12345")
    site_code = models.CharField("网站标识码", max_length=20, default="3304210001")
    icp_number = models.CharField("ICP备案号", max_length=50, default="浙ICP备00000000号")
    police_record_number = models.CharField("公安机关备案号", max_length=50, default="浙公网安备 33042102000001号")
    police_record_url = models.URLField("公安备案查询链接", blank=True, default="")
    party_gov_mark_url = models.URLField(
        "党政机关网站标识链接", blank=True, default="",
        help_text="党政机关网站标识（“红色标识”）的核验链接。",
    )
    hall_hours = models.CharField(
        "大厅办公时间", max_length=200, default="工作日 上午 9:00–12:00，下午 14:00–18:00"
    )

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("site_domain")], heading="网站"),
        MultiFieldPanel(
            [FieldPanel("sponsor"), FieldPanel("organiser"), FieldPanel("address"),
             FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("complaint_phone"),
             FieldPanel("hall_hours")],
            heading="主办与联系方式",
        ),
        MultiFieldPanel(
            [FieldPanel("site_code"), FieldPanel("icp_number"), FieldPanel("police_record_number"),
             FieldPanel("police_record_url"), FieldPanel("party_gov_mark_url")],
            heading="备案与标识",
        ),
    ]

    class Meta:
        verbose_name = "网站标识"
