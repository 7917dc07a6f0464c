"""The access-control table: for every URL of the site, what each kind of visitor gets.

HOW TO EXTEND: a new URL makes test_access_control.py fail with its route. Add a row to
ROUTES below (route exactly as printed → URL to request + one expectation per role), or, for
an admin URL that only staff with a model permission may use, rely on ADMIN_DEFAULT by leaving
it out (anonymous visitors and citizens are refused from every admin URL).

Roles: anon (not signed in), citizen_a (owns the case), citizen_b (another citizen), staff_x
(window staff of the case's department), staff_y (window staff of another department),
supervisor (督查), editor (编辑). Expectations: OK = served (2xx, or a redirect that is not to
a login page); NO = refused (403, 404, 405, a redirect to a login page, or Wagtail's "no
permission" redirect to the admin home).
"""

OK, NO = "OK", "NO"
ROLES = ("anon", "citizen_a", "citizen_b", "staff_x", "staff_y", "supervisor", "editor")


def row(anon, citizen_a, citizen_b, staff_x, staff_y, supervisor, editor):
    return dict(zip(ROLES, (anon, citizen_a, citizen_b, staff_x, staff_y, supervisor, editor), strict=True))


EVERYONE = row(OK, OK, OK, OK, OK, OK, OK)
CITIZENS_ONLY = row(NO, OK, OK, NO, NO, NO, NO)
OWNER_ONLY = row(NO, OK, NO, NO, NO, NO, NO)
OWNER_AND_CASE_STAFF = row(NO, OK, NO, OK, NO, OK, NO)
CASE_STAFF = row(NO, NO, NO, OK, NO, OK, NO)
ANY_CASE_STAFF = row(NO, NO, NO, OK, OK, OK, NO)
SUPERVISOR_ONLY = row(NO, NO, NO, NO, NO, OK, NO)
SIGNED_IN_STAFF = row(NO, NO, NO, OK, OK, OK, OK)
NOBODY = row(NO, NO, NO, NO, NO, NO, NO)

# Every admin URL not listed: anonymous visitors and citizens are refused (staff vary by
# Wagtail's own permissions and are not asserted here).
ADMIN_DEFAULT = {"anon": NO, "citizen_a": NO, "citizen_b": NO}

# route → (path to request, with {case}, {file}, {notice}, {item}, {event} filled in; expectations)
ROUTES = {
    # Public site
    "^((?:[\\w\\-]+/)*)$": ("/", EVERYONE),
    "item/<str:code>/": ("/item/{item}/", EVERYONE),
    "item/<str:code>/checklist/": ("/item/{item}/checklist/", EVERYONE),
    "elder-mode/": ("/elder-mode/", EVERYONE),
    "search/": ("/search/?q=证明", EVERYONE),
    "api/search/": ("/api/search/?q=证明", EVERYONE),
    "api/search/autocomplete/": ("/api/search/autocomplete/?q=zm", EVERYONE),
    "api/v2/^pages/": ("/api/v2/pages/", EVERYONE),
    "api/v2/^pages/<int:pk>/": ("/api/v2/pages/{home}/", EVERYONE),
    "api/v2/^pages/find/": ("/api/v2/pages/find/?html_path=/", EVERYONE),
    "api/v2/^documents/": ("/api/v2/documents/", EVERYONE),
    "api/v2/^documents/<int:pk>/": ("/api/v2/documents/999999/", NOBODY),  # none exists: 404 for all
    "api/v2/^documents/find/": ("/api/v2/documents/find/?id=999999", NOBODY),
    "documents/^(\\d+)/(.*)$": ("/documents/999999/x.pdf", NOBODY),
    "documents/authenticate_with_password/<int:restriction_id>/": ("/documents/authenticate_with_password/999999/", NOBODY),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        "/_util/authenticate_with_password/999999/{home}/", NOBODY),
    "_util/login/": ("/_util/login/", EVERYONE),
    # Citizen accounts
    "account/": ("/account/", CITIZENS_ONLY),
    "account/register/": ("/account/register/", EVERYONE),
    "account/login/": ("/account/login/", EVERYONE),
    "account/password/reset/": ("/account/password/reset/", EVERYONE),
    "account/logout/": ("/account/logout/", NOBODY),  # POST only: GET is 405 for everyone
    # Online application: citizens' own cases only
    "apply/<str:item_code>/": ("/apply/{item}/", CITIZENS_ONLY),
    "apply/case/<int:pk>/step/<int:step>/": ("/apply/case/{case}/step/1/", OWNER_ONLY),
    "my/cases/": ("/my/cases/", CITIZENS_ONLY),
    "my/cases/<int:pk>/": ("/my/cases/{case}/", OWNER_ONLY),
    "cases/lookup/": ("/cases/lookup/", EVERYONE),
    "cases/lookup/verify/": ("/cases/lookup/verify/", EVERYONE),  # redirects to the form without a code
    "cases/lookup/result/": ("/cases/lookup/result/", EVERYONE),  # redirects to the form without a grant
    "cases/<int:pk>/receipt/": ("/cases/{case}/receipt/", OWNER_ONLY),
    "cases/<int:pk>/files/<int:file_pk>/": ("/cases/{case}/files/{file}/", OWNER_AND_CASE_STAFF),
    "cases/<int:pk>/notices/<int:notice_pk>/": ("/cases/{case}/notices/{notice}/", OWNER_AND_CASE_STAFF),
    # Admin: the case queue, supervision and personal data
    "admin/": ("/admin/", SIGNED_IN_STAFF),
    "admin/online-apply/cases/": ("/admin/online-apply/cases/", ANY_CASE_STAFF),
    "admin/online-apply/cases/<int:pk>/": ("/admin/online-apply/cases/{case}/", CASE_STAFF),
    "admin/online-apply/cases/<int:pk>/files/<int:file_pk>/": ("/admin/online-apply/cases/{case}/files/{file}/", CASE_STAFF),
    "admin/online-apply/cases/<int:pk>/notices/<int:notice_pk>/": (
        "/admin/online-apply/cases/{case}/notices/{notice}/", CASE_STAFF),
    "admin/online-apply/overdue/": ("/admin/online-apply/overdue/", SUPERVISOR_ONLY),
    "admin/audit_log/": ("/admin/audit_log/", SUPERVISOR_ONLY),
    "admin/audit_log/inspect/<int:pk>/": ("/admin/audit_log/inspect/{event}/", SUPERVISOR_ONLY),
    "admin/audit_log/edit/<int:pk>/": ("/admin/audit_log/edit/{event}/", NOBODY),
    "admin/audit_log/delete/<int:pk>/": ("/admin/audit_log/delete/{event}/", NOBODY),
    "admin/audit_log/new/": ("/admin/audit_log/new/", NOBODY),
    "admin/citizen_profiles/": ("/admin/citizen_profiles/", NOBODY),  # superusers and explicit grants only
    # The second factor is off in these tests, so staff are sent on to the admin home;
    # tests/security/test_staff_login.py covers the pages themselves.
    "admin/second-factor/setup/": ("/admin/second-factor/setup/", NOBODY),
    "admin/second-factor/verify/": ("/admin/second-factor/verify/", NOBODY),
    # Admin pages open before signing in
    "admin/login/": ("/admin/login/", row(OK, OK, OK, NO, NO, NO, NO)),  # signed-in staff go on to the admin home
    "admin/password_reset/": ("/admin/password_reset/", EVERYONE),
    "admin/password_reset/done/": ("/admin/password_reset/done/", EVERYONE),
    "admin/password_reset/confirm/<uidb64>/<token>/": ("/admin/password_reset/confirm/x/x/", EVERYONE),
    "admin/password_reset/complete/": ("/admin/password_reset/complete/", EVERYONE),
    "admin/jsi18n/": ("/admin/jsi18n/", EVERYONE),
    "admin/sprite/": ("/admin/sprite/", EVERYONE),
}
