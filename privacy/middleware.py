"""`Cache-Control: private, no-store` on every page that may show personal data, so neither a
shared proxy nor the browser's history cache keeps a copy (个人信息保护法, docs/domain.md §9).

Personal data appears only to a signed-in user or on the citizen flows listed below (the
case look-up shows a case to an anonymous visitor who proved the phone by SMS)."""

PERSONAL_PATH_PREFIXES = ("/account/", "/my/", "/apply/", "/cases/", "/admin/")
NO_STORE = "private, no-store"


class NoStorePersonalDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path_info.startswith(PERSONAL_PATH_PREFIXES) or getattr(user, "is_authenticated", False):
            response["Cache-Control"] = NO_STORE
        return response
