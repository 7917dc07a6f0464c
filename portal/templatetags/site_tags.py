"""Site-shell template tags (header, footer and meta tags in base.html)."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The 网站标识 for this request's Site, or an unsaved one holding the default values when
    no Wagtail Site matches (fresh install, a flushed test database). Wagtail's `settings`
    context variable would fail there and turn every page, even /account/, into a 500."""
    from portal.models import SiteIdentity  # the site shell owns the 网站标识

    request = context.get("request")
    if request is None or Site.find_for_request(request) is None:
        return SiteIdentity()
    return SiteIdentity.for_request(request)
