"""Public views of the catalogue that are not Wagtail pages themselves."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .models import ItemStatus, ServiceItemPage


def item_by_code(request, code):
    """Stable address of every item by its 事项编码, whatever its page slug becomes."""
    item = get_object_or_404(ServiceItemPage.objects.live(), item_code=code.upper())
    url = item.get_url(request)
    if url is None:  # no Wagtail Site serves the page (fresh install, flushed database)
        raise Http404
    return redirect(url, permanent=False)


def material_checklist(request, code):
    """The printable 一次性告知 list: every material with a box to tick, where to go, whom to call."""
    item = get_object_or_404(
        ServiceItemPage.objects.live().select_related("department"), item_code=code.upper()
    )
    context = {
        "item": item,
        "materials": item.materials.all(),
        "printed_at": timezone.localtime(),
        "is_cancelled": item.status == ItemStatus.CANCELLED,
    }
    return render(request, "guides/material_checklist.html", context)
