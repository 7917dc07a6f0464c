"""The small API other apps use (documented in docs/domain.md "## 投诉与信件").

- submit_problem_report(...): a website problem report (e.g. an accessibility barrier) filed
  as a 建议 letter, so it gets a number, a deadline, routing and a reply like any other.
- unanswered(older_than_days): letters still waiting for a reply that were received more than
  N calendar days ago (site health: "a consultation unanswered > 3 months" fails inspection).
- month_figures(year, month): the bulletin's letter figures (letters.stats.LetterFigures).
"""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import AWAITING_REPLY, Letter, LetterChannel, LetterType
from .stats import month_figures  # noqa: F401  (re-exported)


def submit_problem_report(*, subject, content, page_url="", writer_name="", phone="", user=None):
    """Register a problem report about the website as a 建议; returns the Letter.

    The phone is not verified here (the caller's form may have no SMS step), so it is stored
    as given and used for the reply SMS only when it looks like a mobile number."""
    body = f"{content.strip()}\n\n（反馈页面：{page_url}）" if page_url else content.strip()
    return services.register(
        letter_type=LetterType.SUGGESTION, channel=LetterChannel.ONLINE, subject=subject, content=body,
        writer_name=writer_name, phone=phone, writer=user,
    )


def unanswered(older_than_days=0, letter_type=None):
    cutoff = timezone.localdate() - timedelta(days=older_than_days)
    qs = Letter.objects.filter(status__in=AWAITING_REPLY, received_on__lte=cutoff)
    return qs.filter(letter_type=letter_type) if letter_type else qs
