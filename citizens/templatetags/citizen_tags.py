"""Template tags for the citizen's account menu (page header) and the /account/ hub."""

from django import template

from citizens.account_links import account_links
from citizens.decorators import is_citizen

register = template.Library()


@register.simple_tag
def citizen_account_links():
    return account_links()


@register.filter
def citizen_profile(user):
    """The signed-in citizen's profile, or None for visitors and staff."""
    return user.citizen if is_citizen(user) else None
