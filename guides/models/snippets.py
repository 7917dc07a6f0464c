"""Editor-managed reference data for the catalogue: departments and themes."""

from django.db import models
from wagtail.search import index


class Department(index.Indexed, models.Model):
    """实施主体 / 进驻部门: a department stationed in the service centre."""

    name = models.CharField("部门名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    code = models.SlugField(
        "部门代码", max_length=40, unique=True, allow_unicode=False,
        help_text="用于网址和数据交换，只能包含字母、数字、连字符。",
    )
    location = models.CharField("办理地点", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    search_fields = [
        index.SearchField("name"), index.AutocompleteField("name"),
        index.SearchField("short_name"), index.AutocompleteField("short_name"),
        index.AutocompleteField("code"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "部门"
        verbose_name_plural = "部门"

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Theme(models.Model):
    """主题分类 (户籍办理、婚姻登记…): how citizens browse by life event."""

    name = models.CharField("主题名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=60, unique=True, allow_unicode=True)
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"

    def __str__(self):
        return self.name
