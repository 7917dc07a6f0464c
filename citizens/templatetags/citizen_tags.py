"""Template tags for the citizen's account menu (page header) and the /account/ hub."""

from django import template

from citizens.account_links import account_links
from citizens.decorators import is_citizen
from citizens.session_timeout import WARNING_SECONDS, warning_after_seconds

register = template.Library()


@register.simple_tag
def citizen_account_links():
    return account_links()


@register.filter
def citizen_profile(user):
    """The signed-in citizen's profile, or None for visitors and staff."""
    return user.citizen if is_citizen(user) else None


@register.inclusion_tag("components/session_warning.html", takes_context=True)
def session_warning(context):
    """The idle time-out warning for signed-in users (citizens/session_timeout.py)."""
    request = context.get("request")
    signed_in = request is not None and request.user.is_authenticated
    return {
        "signed_in": signed_in, "after": warning_after_seconds(), "minutes": WARNING_SECONDS // 60,
        "csrf_token": context.get("csrf_token"),
    }
