"""The catalogue's filters (办事指南目录筛选) and their facet counts.

Every filter is a plain GET parameter, so a filtered listing is a bookmarkable URL
(/guide/?department=gaj&online=yes). Invalid values never raise: django-filter leaves the
bad field out of `cleaned_data`, the listing ignores it, and the page shows the form's
Chinese error message.

Counts are facet-style: the count beside each option of filter F is the number of items
matching every *other* active filter with F set to that option, so a citizen sees what
choosing the option would give (status is the exception: a scope, counted over every status).
"""

import django_filters
from django import forms
from django.db.models import Count, Q

from .models import Audience, Department, ItemStatus, ItemType, ProcessingKind, Theme

YES_NO = [("yes", "是"), ("no", "否")]
FEE_CHOICES = [("free", "免费"), ("charged", "收费")]
STATUS_ALL = "all"
STATUS_CHOICES = [*ItemStatus.choices, (STATUS_ALL, "全部（含已取消）")]
# The 到现场次数 options offered as links; any other non-negative number still works.
VISIT_OPTIONS = [0, 1, 2]

INVALID_CHOICE = "“%(value)s”不是有效的选项，已忽略该条件。"


class VisitsField(forms.IntegerField):
    default_error_messages = {
        "invalid": "到现场次数必须是 0 或正整数，已忽略该条件。",
        "min_value": "到现场次数不能小于 %(limit_value)s，已忽略该条件。",
        "max_value": "到现场次数不能大于 %(limit_value)s，已忽略该条件。",
    }


class VisitsFilter(django_filters.NumberFilter):
    field_class = VisitsField


def _choice(**kwargs):
    return django_filters.ChoiceFilter(error_messages={"invalid_choice": INVALID_CHOICE}, **kwargs)


class CatalogFilter(django_filters.FilterSet):
    """Filters of the public catalogue; the names are the GET parameters."""

    department = django_filters.ModelChoiceFilter(
        label="实施主体", queryset=Department.objects.all(), to_field_name="code", empty_label="全部部门",
        error_messages={"invalid_choice": "没有代码为该值的部门，已忽略“实施主体”条件。"},
    )
    theme = django_filters.ModelChoiceFilter(
        label="主题分类", field_name="themes", queryset=Theme.objects.all(), to_field_name="slug",
        empty_label="全部主题", error_messages={"invalid_choice": "没有该主题分类，已忽略“主题分类”条件。"},
    )
    audience = _choice(label="服务对象", choices=Audience.choices, method="filter_audience", empty_label="全部")
    item_type = _choice(label="事项类型", choices=ItemType.choices, empty_label="全部类型")
    processing_kind = _choice(label="办件类型", choices=ProcessingKind.choices, empty_label="全部")
    online = _choice(label="可网上办理", choices=YES_NO, method="filter_online", empty_label="不限")
    reservable = _choice(label="可预约办理", choices=YES_NO, method="filter_reservable", empty_label="不限")
    fee = _choice(label="收费情况", choices=FEE_CHOICES, method="filter_fee", empty_label="不限")
    max_visits = VisitsFilter(label="最多跑几次", field_name="visits", lookup_expr="lte", min_value=0, max_value=99)
    status = _choice(label="事项状态", choices=STATUS_CHOICES, method="filter_status", empty_label="在用和暂停")

    def filter_audience(self, queryset, name, value):
        if value == Audience.LEGAL_PERSON:
            return queryset.filter(serves_legal_persons=True)
        return queryset.filter(serves_individuals=True)

    def filter_online(self, queryset, name, value):
        return queryset.filter(is_online=(value == "yes"))

    def filter_reservable(self, queryset, name, value):
        return queryset.filter(is_reservable=(value == "yes"))

    def filter_fee(self, queryset, name, value):
        return queryset.filter(is_charged=(value == "charged"))

    def filter_status(self, queryset, name, value):
        if value == STATUS_ALL:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        # Cancelled items are hidden unless the citizen asks for them (status=已取消 or all).
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=ItemStatus.CANCELLED)
        return super().filter_queryset(queryset)

    @property
    def active(self):
        """The valid, non-empty filters in force, as {name: cleaned value}."""
        self.errors  # noqa: B018 - validates the form so cleaned_data exists
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}

    @property
    def error_messages(self):
        return [message for errors in self.form.errors.values() for message in errors]


def _filtered_except(filterset, base_queryset, skip, status_scope=None):
    """base_queryset narrowed by every valid active filter except `skip`, reusing the
    already-cleaned values (no re-validation, so no repeated look-ups of departments)."""
    active = dict(filterset.active)
    active.pop(skip, None)
    if status_scope is not None:
        active["status"] = status_scope
    queryset = base_queryset
    if not active.get("status"):
        queryset = queryset.exclude(status=ItemStatus.CANCELLED)
    for name, value in active.items():
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def _grouped(queryset, field):
    """{value: count} for one column, in one GROUP BY query (ordering cleared so it
    does not leak into the grouping)."""
    rows = queryset.order_by().values(field).annotate(n=Count("pk", distinct=True))
    return {row[field]: row["n"] for row in rows}


def _flag_counts(queryset, options):
    """Counts of several boolean conditions over one queryset, in one query."""
    return queryset.order_by().aggregate(**{key: Count("pk", filter=cond, distinct=True) for key, cond in options.items()})


def facet_options(filterset, base_queryset):
    """Options with counts for each filter: {name: [(value, label, count, selected)]}.

    One query per filter, each over the items matching every other active filter.
    """
    data = filterset.data

    def others(name):
        return _filtered_except(filterset, base_queryset, name)

    def current(name):
        return str(data.get(name, ""))

    facets = {}
    by_dept = _grouped(others("department"), "department__code")
    facets["department"] = [
        (d.code, d.name, by_dept.get(d.code, 0)) for d in Department.objects.all()
    ]
    by_theme = _grouped(others("theme"), "themes__slug")
    facets["theme"] = [(t.slug, t.name, by_theme.get(t.slug, 0)) for t in Theme.objects.all()]

    flags = _flag_counts(others("audience"), {
        Audience.INDIVIDUAL.value: Q(serves_individuals=True),
        Audience.LEGAL_PERSON.value: Q(serves_legal_persons=True),
    })
    facets["audience"] = [(value, label, flags[value]) for value, label in Audience.choices]
    for name, field in (("item_type", "item_type"), ("processing_kind", "processing_kind")):
        grouped = _grouped(others(name), field)
        choices = ItemType.choices if name == "item_type" else ProcessingKind.choices
        facets[name] = [(value, label, grouped.get(value, 0)) for value, label in choices]
    for name, field in (("online", "is_online"), ("reservable", "is_reservable")):
        flags = _flag_counts(others(name), {"yes": Q(**{field: True}), "no": Q(**{field: False})})
        facets[name] = [(value, label, flags[value]) for value, label in YES_NO]
    flags = _flag_counts(others("fee"), {"free": Q(is_charged=False), "charged": Q(is_charged=True)})
    facets["fee"] = [(value, label, flags[value]) for value, label in FEE_CHOICES]
    flags = _flag_counts(others("max_visits"), {f"v{n}": Q(visits__lte=n) for n in VISIT_OPTIONS})
    facets["max_visits"] = [
        (str(n), "全程网办（0 次）" if n == 0 else f"最多跑 {n} 次", flags[f"v{n}"]) for n in VISIT_OPTIONS
    ]
    # Status is a scope: count every status (cancelled included) under the other filters.
    by_status = _grouped(_filtered_except(filterset, base_queryset, "status", status_scope=STATUS_ALL), "status")
    facets["status"] = [
        (value, label, sum(by_status.values()) if value == STATUS_ALL else by_status.get(value, 0))
        for value, label in STATUS_CHOICES
    ]

    return {
        name: [(value, label, count, current(name) == str(value)) for value, label, count in options]
        for name, options in facets.items()
    }
