"""Site-health checks of 政务公开: documents past their 20-working-day publication deadline."""

from django.urls import reverse

from sitehealth.registry import Finding, register

from .publication import PUBLICATION_WORKING_DAYS, pending_documents


@register("disclosure_overdue", "主动公开期限", order=70)
def disclosure_overdue(ctx):
    for row in pending_documents(ctx.today):
        if row.status.overdue or row.status.due_soon:
            yield Finding(
                row.page.title,
                f"应于 {row.status.deadline:%Y-%m-%d} 前公开（形成或变更后 {PUBLICATION_WORKING_DAYS} 个工作日），{row.status.label}。",
                reverse("wagtailadmin_pages:edit", args=[row.page.pk]), "提交审核发布",
                severity=Finding.ERROR if row.status.overdue else Finding.WARNING,
            )
