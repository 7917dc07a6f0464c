"""我的信件: a signed-in citizen's own letters, without the number + SMS code step (their account
already proves who they are). Anonymous 举报 are never linked to an account (docs/domain.md 信件)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from citizens.decorators import citizen_required

from ..models import Letter
from .lookup import letter_page


def own_letters(user):
    return Letter.objects.filter(writer=user, anonymous=False).select_related("department")


@citizen_required
def my_letters(request):
    return render(request, "letters/mine.html", {"letters": own_letters(request.user)})


@citizen_required
@require_http_methods(["GET", "POST"])
def my_letter(request, number):
    letter = get_object_or_404(own_letters(request.user), tracking_number=number)
    return letter_page(request, letter, "letters:my_letter", letter.tracking_number)
