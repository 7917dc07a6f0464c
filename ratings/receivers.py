"""一次一评 invitation: when a hall visit is served, a visitor who booked with a phone gets an
SMS with the rating link of their ticket (docs/domain.md "## 好差评")."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse

from queueing.signals import visit_served


@receiver(visit_served, dispatch_uid="ratings_invite_visitor")
def invite_visitor(sender, ticket, **kwargs):
    booking = getattr(ticket, "booking", None) if ticket.booking_id else None
    phone = getattr(booking, "phone", "")
    if not phone:
        return
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("ratings:rate_visit", args=[ticket.code])
    context = {"department": ticket.department.name, "rating_url": url}

    def send():
        from citizens.messaging import send_message

        send_message("visit_rating_invite", context, phone=phone)

    transaction.on_commit(send, robust=True)
