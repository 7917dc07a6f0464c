"""Filters of the 政府信息公开目录 (django-filter). Every filter is a plain GET parameter, so
a filtered list is a bookmarkable URL (/disclosure/catalog/?topic=market&validity=valid).
An invalid value never raises: the field is left out, the list ignores it and the page shows
the Chinese message (same pattern as guides/filters.py)."""

import django_filters
from django import forms

from .models import DisclosureDocumentPage, DocumentForm, Topic, Validity
from .search import search_documents

INVALID_CHOICE = "“%(value)s”不是有效的选项，已忽略该条件。"
MAX_QUERY_LENGTH = 100


class YearField(forms.IntegerField):
    default_error_messages = {
        "invalid": "年份应为四位数字（如 2026），已忽略该条件。",
        "min_value": "年份不能早于 %(limit_value)s 年，已忽略该条件。",
        "max_value": "年份不能晚于 %(limit_value)s 年，已忽略该条件。",
    }


class DayField(forms.DateField):
    default_error_messages = {"invalid": "日期应写成 2026-01-31 的格式，已忽略该条件。"}


class QueryField(forms.CharField):
    default_error_messages = {"max_length": "关键词不能超过 %(limit_value)d 个字，已忽略该条件。"}


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class DayFilter(django_filters.DateFilter):
    field_class = DayField


def _choice(**kwargs):
    return django_filters.ChoiceFilter(error_messages={"invalid_choice": INVALID_CHOICE}, **kwargs)


def issuing_bodies():
    values = DisclosureDocumentPage.objects.live().order_by("issuing_body").values_list("issuing_body", flat=True)
    return [(value, value) for value in dict.fromkeys(values)]


class CatalogFilter(django_filters.FilterSet):
    q = QueryFilter(label="关键词", method="filter_query", max_length=MAX_QUERY_LENGTH)
    topic = _choice(label="主题分类", choices=Topic.choices, empty_label="全部主题")
    form = _choice(label="体裁", choices=DocumentForm.choices, empty_label="全部体裁")
    validity = _choice(label="效力状态", choices=Validity.choices, empty_label="全部")
    issuing_body = _choice(label="发布机构", choices=issuing_bodies, empty_label="全部机构")
    year = YearFilter(label="发布年份", field_name="publication_date", lookup_expr="year", min_value=1949, max_value=2100)
    published_from = DayFilter(label="发布日期自", field_name="publication_date", lookup_expr="gte")
    published_to = DayFilter(label="发布日期至", field_name="publication_date", lookup_expr="lte")

    def filter_query(self, queryset, name, value):
        return search_documents(queryset, value)

    def filter_queryset(self, queryset):
        frm, to = self.form.cleaned_data.get("published_from"), self.form.cleaned_data.get("published_to")
        if frm and to and frm > to:
            self.form.add_error("published_to", "“发布日期至”早于“发布日期自”，已忽略日期范围。")
            self.form.cleaned_data.pop("published_from", None)
            self.form.cleaned_data.pop("published_to", None)
        return super().filter_queryset(queryset)

    @property
    def active(self):
        """The valid, non-empty filters in force."""
        self.errors  # noqa: B018 - validates the form so cleaned_data exists
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}

    @property
    def error_messages(self):
        self.qs  # noqa: B018 - cross-field checks run while filtering
        return [message for errors in self.form.errors.values() for message in errors]
