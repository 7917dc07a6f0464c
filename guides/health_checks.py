"""Site-health check of the 办事指南: the key elements an inspection looks for (docs/domain.md §8:
名称、依据、条件、材料、地点、机构、收费、时间、电话、流程). Registered with sitehealth's registry."""

from django.db.models import Count
from django.urls import reverse

from sitehealth.registry import Finding, register

from .models import ItemStatus, ServiceItemPage


def missing_elements(item):
    """The key elements a guide lacks, in the inspection's order. Expects the counts annotated
    by `guide_check_queryset`."""
    missing = []
    if not item.title.strip():
        missing.append("名称")
    if not item.n_bases:
        missing.append("依据")
    if not item.conditions.strip():
        missing.append("条件")
    if not item.n_materials:
        missing.append("材料")
    if not item.location.strip():
        missing.append("地点")
    if not item.department_id:
        missing.append("机构")
    if item.is_charged and not (item.n_fees and item.fee_basis.strip()):
        missing.append("收费")
    if not item.hours.strip():
        missing.append("时间")
    if not item.phone.strip():
        missing.append("电话")
    if not item.n_steps:
        missing.append("流程")
    return missing


def guide_check_queryset():
    return ServiceItemPage.objects.live().exclude(status=ItemStatus.CANCELLED).annotate(
        n_bases=Count("legal_bases", distinct=True), n_materials=Count("materials", distinct=True),
        n_fees=Count("fee_items", distinct=True), n_steps=Count("steps", distinct=True),
    ).order_by("path")


@register("guide_elements", "办事指南要素", order=40)
def guide_elements(ctx):
    for item in guide_check_queryset():
        missing = missing_elements(item)
        if missing:
            yield Finding(item.title or item.item_code, f"办事指南缺少要素：{'、'.join(missing)}。",
                          reverse("wagtailadmin_pages:edit", args=[item.pk]), "补全指南")
