from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from guides import urls as guides_urls
from portal import health
from portal.accessibility import accessibility_statement
from portal.api import api_router
from portal.views import toggle_elder_mode

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("accessibility/", accessibility_statement, name="accessibility_statement"),
    # The 长辈版 switch in every page header belongs to the site shell, not the catalogue.
    path("elder-mode/", toggle_elder_mode, name="elder_mode"),
    path("", include(guides_urls)),
    path("", include("search.urls")),
    path("", include("citizens.urls")),
    path("", include("online_apply.urls")),
    path("", include("ratings.urls")),
    path("", include("letters.urls")),
    path("", include("reservations.urls")),
    path("", include("queueing.urls")),
    path("", include("inforequests.urls")),
    path("", include("bulletins.urls")),
]

if getattr(settings, "SERVE_MEDIA", False):  # the demo (portal.settings.dev); nginx in production
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))

urlpatterns.append(path("", include(wagtail_urls)))
