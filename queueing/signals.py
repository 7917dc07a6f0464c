"""Hooks for other apps.

visit_served(sender=Ticket, ticket=…) is sent once a ticket is marked served (办结). The ratings
app (一次一评) listens to invite the visitor, who rates with ticket.code and no account; it may
also provide a URL named `ratings:rate_visit` taking the code, which the ticket screens link
to only when it exists (queueing.models.Ticket.rating_url).
"""

from django.dispatch import Signal

visit_served = Signal()
