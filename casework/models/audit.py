"""Who looked at an applicant's full phone number (docs/domain.md "办件引擎: 个人信息")."""

from django.conf import settings
from django.db import models

from casework import clock

from .cases import Case


class PhoneReveal(models.Model):
    """Staff see a masked phone; showing the full number to call the applicant is recorded."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="phone_reveals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("查看时间", default=clock.now, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "电话号码查看记录"
        verbose_name_plural = "电话号码查看记录"

    def __str__(self):
        return f"{self.user} 查看 {self.case} 的电话（{self.at:%Y-%m-%d %H:%M}）"
