"""Site-health check of 投诉、咨询、建议、举报: letters near or past their reply deadline, or
unanswered for longer than the inspection limit (docs/domain.md § 网站健康检查; the rule is
sitehealth/deadlines.py, shared with 依申请公开)."""

from django.urls import reverse

from sitehealth.deadlines import OpenMatter, answer_deadline_findings
from sitehealth.registry import register

from .models import AWAITING_REPLY, Letter


@register("letters_deadline", "信件答复期限", order=55)
def letters_deadline(ctx):
    open_letters = Letter.objects.filter(status__in=AWAITING_REPLY).order_by("due_date", "pk")
    matters = (
        # The masked subject: the finding goes to every editor by e-mail.
        OpenMatter(subject=f"{letter.tracking_number}（{letter.get_letter_type_display()}：{letter.redacted_subject}）",
                   received=letter.received_on, due=letter.due_date,
                   fix_url=reverse("letter_queue:detail", args=[letter.pk]))
        for letter in open_letters
    )
    yield from answer_deadline_findings(ctx, matters, noun="信件")
