"""Citizen and public pages of 好差评: rate a case, the public statistics and rectification
ledger, and the guide-page feedback (docs/domain.md "## 好差评")."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from citizens.decorators import citizen_required
from citizens.redaction import redact
from guides.models import ServiceItemPage
from online_apply.views.common import bound, own_case_or_404
from throttling.counters import client_ip, over_limit

from . import services, stats
from .forms import CaseRatingForm, GuideFeedbackForm, VisitRatingForm
from .models import GuideFeedback, Rating, RatingStatus, Rectification


@citizen_required
@require_http_methods(["GET", "POST"])
def rate_case(request, pk):
    case = own_case_or_404(request, pk)
    rating = Rating.objects.filter(case=case).first()
    refusal = "" if rating else services.case_rating_refusal(case, request.user)
    form = CaseRatingForm(*bound(request)) if not (rating or refusal) else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rating = services.rate_case(case, request.user, data, data["comment"])
        except services.RatingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "感谢您的评价。" + ("我们将在 15 个工作日内回访并整改。" if rating.is_bad else ""))
            return redirect("ratings:rate_case", pk=case.pk)
    context = {"case": case, "rating": rating, "refusal": refusal, "form": form}
    return render(request, "ratings/rate_case.html", context, status=400 if form and form.errors else 200)


@require_http_methods(["GET", "POST"])
def rate_visit(request, code):
    """一次一评 from the ticket's code or QR, without an account. An unknown or unserved code is
    a 404 (no way to probe which codes exist)."""
    from queueing.models import Ticket, TicketStatus

    if "\x00" in code:  # PostgreSQL refuses NUL in a query: a 404 like any unknown code
        raise Http404
    ticket = get_object_or_404(
        Ticket.objects.select_related("department", "item", "hall", "window"), code=code[:32], status=TicketStatus.SERVED,
    )
    rating = Rating.objects.filter(visit_code=ticket.code).first()
    form = None if rating else VisitRatingForm(*bound(request))
    if form is not None and request.method == "POST" and form.is_valid():
        if over_limit(f"rate-visit:{client_ip(request)}", 30, 3600):
            form.add_error(None, "提交过于频繁，请稍后再试。")
        else:
            data = form.cleaned_data
            try:
                rating = services.rate_visit(ticket, data["overall"], data["comment"], data["phone"])
            except services.RatingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "感谢您的评价。" + ("我们将回访并整改。" if rating.is_bad else ""))
                return redirect("ratings:rate_visit", code=ticket.code)
    context = {"ticket": ticket, "rating": rating, "form": form}
    return render(request, "ratings/rate_visit.html", context, status=400 if form and form.errors else 200)


def _month_param(value):
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


def _default_month(months):
    """The last complete month when it has ratings (what a monthly report shows), else this month."""
    today = timezone.localdate()
    last = date(today.year, today.month, 1) - timedelta(days=1)
    if (last.year, last.month) in months:
        return date(last.year, last.month, 1)
    return date(today.year, today.month, 1)


def satisfaction(request):
    """满意度统计: per department for one month (default: the last complete month)."""
    months = stats.months_with_ratings(24)
    chosen = _month_param(request.GET.get("month")) or _default_month(months)
    summary = stats.month_summary(chosen.year, chosen.month)
    choices = sorted({(y, m) for y, m in months} | {(chosen.year, chosen.month)}, reverse=True)
    context = {"summary": summary, "chosen": chosen, "month_choices": [date(y, m, 1) for y, m in choices]}
    return render(request, "ratings/satisfaction.html", context)


def rectification_ledger(request):
    """差评整改台账: every counted 差评 and what was done, with personal data masked."""
    rows = (
        Rectification.objects.filter(rating__status=RatingStatus.COUNTED)
        .select_related("rating", "department", "rating__item")
        .order_by("-opened_on", "-pk")
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    for rect in page:
        rect.public_comment = redact(rect.rating.comment, [rect.rating.rater_name])
        rect.public_outcome = redact(rect.outcome, [rect.rating.rater_name])
    set_aside = Rating.objects.filter(status=RatingStatus.SET_ASIDE).count()
    return render(request, "ratings/ledger.html", {"page_obj": page, "set_aside": set_aside, "today": timezone.localdate()})


# No CSRF token: the feedback form sits on every guide page, and a token would make those pages
# uncacheable for anonymous visitors (portal/pagecache.py). The post changes nothing that belongs
# to an account (anonymous, rate-limited feedback), so a forged post gains an attacker nothing.
@csrf_exempt
@require_POST
def guide_feedback(request, page_id):
    page = get_object_or_404(ServiceItemPage.objects.live(), pk=page_id)
    form = GuideFeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    elif form.cleaned_data["website"]:
        messages.success(request, "感谢您的反馈。")  # honeypot: quietly keep nothing
    elif over_limit(f"guide-feedback:{client_ip(request)}", 20, 3600):
        messages.error(request, "提交过于频繁，请稍后再试。")
    else:
        GuideFeedback.objects.create(page=page, useful=form.cleaned_data["useful"], comment=form.cleaned_data["comment"].strip())
        messages.success(request, "感谢您的反馈，编辑人员会据此核对和改进这份指南。")
    return redirect((page.get_url(request) or "/") + "#guide-feedback")


