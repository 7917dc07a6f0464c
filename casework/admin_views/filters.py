"""Queue filters (status, item, due within N working days, overdue, receipt number)."""

import django_filters
from django import forms

from guides.models import ServiceItemPage

from .. import deadlines
from ..models import CaseStatus, Channel


class CaseQueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="收件编号或申请人", method="filter_q")
    status = django_filters.ChoiceFilter(label="状态", choices=CaseStatus.choices, empty_label="全部状态")
    channel = django_filters.ChoiceFilter(label="收件渠道", choices=Channel.choices, empty_label="全部渠道")
    item = django_filters.ModelChoiceFilter(label="事项", queryset=ServiceItemPage.objects.none(), empty_label="全部事项")
    due_within = django_filters.NumberFilter(
        label="N 个工作日内到期", method="filter_due_within", min_value=0, max_value=60,
        widget=forms.NumberInput(attrs={"min": 0, "max": 60}),
    )
    overdue = django_filters.BooleanFilter(
        label="仅看超期", method="filter_overdue", widget=forms.CheckboxInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the items that occur in this person's queue.
        item_ids = self.queryset.order_by().values_list("item_id", flat=True).distinct()
        self.filters["item"].queryset = ServiceItemPage.objects.filter(pk__in=item_ids).order_by("title")

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(Q(receipt_number__icontains=value) | Q(applicant_name=value)) if value else queryset

    def filter_due_within(self, queryset, name, value):
        return deadlines.due_within(queryset, int(value)) if value is not None else queryset

    def filter_overdue(self, queryset, name, value):
        return deadlines.overdue(queryset) if value else queryset
