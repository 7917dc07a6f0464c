"""When a case's pre-review passes, invite the applicant by SMS to book with priority
(docs/domain.md §2 step 3), with the link when the item can be booked online."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.http import urlencode

from casework.models import CaseStatus, CaseTransition

from .services import send_sms
from .slots import is_bookable


def public_base_url():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


@receiver(post_save, sender=CaseTransition, dispatch_uid="reservations.invite_after_pre_review")
def invite_to_book(sender, instance, created, **kwargs):
    if not created or instance.to_status != CaseStatus.PRE_APPROVED:
        return
    case = instance.case
    url = ""
    if is_bookable(case.item):
        url = public_base_url() + reverse("reservations:choose", args=[case.item.item_code]) + "?" + urlencode({"case": case.pk})
    context = {"name": case.applicant_name, "item_title": case.item.title, "case_number": case.receipt_number or "",
               "booking_url": url}
    transaction.on_commit(lambda: send_sms("pre_review_passed", context, case.applicant_phone))
