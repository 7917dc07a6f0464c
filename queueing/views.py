"""Public pages of the hall queue: the waiting board (候叫屏) and a visitor's own ticket."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from halls.models import Hall

from . import services
from .models import Ticket, TicketStatus


def _hall(code):
    return get_object_or_404(Hall, code=code, active=True)


def board(request, hall_code):
    """Updates itself by short polling (static/queueing/board.js); calls are announced through
    an aria-live region so screen readers read each new call aloud."""
    hall = _hall(hall_code)
    return render(request, "queueing/board.html", {"hall": hall, "data": services.board(hall)})


@never_cache
def board_json(request, hall_code):
    return JsonResponse(services.board(_hall(hall_code)))


def ticket(request, code):
    """A visitor's ticket by its unguessable code (printed as a QR on the ticket): number,
    place in the queue, and status. No account needed, nothing personal shown."""
    if "\x00" in code:  # PostgreSQL refuses NUL in a query: a 404 like any unknown code
        raise Http404
    visit = get_object_or_404(Ticket.objects.select_related("hall", "window", "item"), code=code[:32])
    ahead = None
    if visit.status == TicketStatus.WAITING:
        ahead = Ticket.objects.filter(
            hall=visit.hall, date=visit.date, status=TicketStatus.WAITING, issued_at__lt=visit.issued_at,
        ).count()
    return render(request, "queueing/ticket.html", {"ticket": visit, "ahead": ahead})
