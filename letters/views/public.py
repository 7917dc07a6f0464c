"""信件公开: replied letters whose writers consented, masked, with the figures."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from ..models import HAS_REPLY, Letter, LetterType
from ..stats import letter_figures

PER_PAGE = 10


def published_letters():
    """Only replied letters whose writer consented; 举报 never (docs/domain.md)."""
    return (
        Letter.objects.filter(status__in=HAS_REPLY, consent_to_publish=True, anonymous=False)
        .exclude(letter_type=LetterType.REPORT)
        .select_related("department")
        .order_by("-replied_at")
    )


def public_letters(request):
    letters = published_letters()
    letter_type = request.GET.get("type", "")
    if letter_type in LetterType.values:
        letters = letters.filter(letter_type=letter_type)
    page = Paginator(letters, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page, "figures": letter_figures(), "letter_type": letter_type,
        "types": [t for t in LetterType.choices if t[0] != LetterType.REPORT],
    }
    return render(request, "letters/public_list.html", context)


def letter_detail(request, number):
    if "\x00" in number:  # PostgreSQL refuses NUL in a query: a 404 like any unknown number
        raise Http404("没有找到该公开信件。")
    letter = published_letters().filter(tracking_number=number).first()
    if letter is None:
        raise Http404("没有找到该公开信件。")
    return render(request, "letters/public_detail.html", {"letter": letter})
