"""The 网站健康检查 admin page for editors."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .registry import run_checks


def can_view(user):
    return user.has_perm("wagtailadmin.access_admin")


def health_page(request):
    if not can_view(request.user):
        raise PermissionDenied
    results = run_checks()
    return render(request, "sitehealth/health.html", {
        "results": results,
        "errors": sum(len(result.errors) for result in results),
        "findings": sum(len(result.findings) for result in results),
    })
