"""The access-control table: for every URL of the site, what each kind of visitor gets.

HOW TO EXTEND: a new URL makes test_access_control.py fail with its route. Add a row to
ROUTES below (route exactly as printed → URL to request + one expectation per role), or, for
an admin URL that only staff with a model permission may use, rely on ADMIN_DEFAULT by leaving
it out (anonymous visitors and citizens are refused from every admin URL).

Roles: anon (not signed in), citizen_a (owns the case), citizen_b (another citizen), staff_x
(window staff of the case's department), staff_y (window staff of another department),
supervisor (督查), editor (编辑). Expectations: OK = served (2xx, or a redirect that is not to
a login page); NO = refused (403, 404, 405, a redirect to a login page, a code-gated page
sending the visitor back to its lookup form, or Wagtail's "no permission" redirect to the admin
home).
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

# route → (path to request, with the world fixture's values ({case}, {file}, {notice}, {item},
# {event}, {booking}, {ticket}, {letter}, {info_request}…) filled in; expectations)
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
    "cases/lookup/verify/": ("/cases/lookup/verify/", NOBODY),  # sent back to the form without a code
    "cases/lookup/result/": ("/cases/lookup/result/", NOBODY),  # sent back to the form without a grant
    "cases/<int:pk>/receipt/": ("/cases/{case}/receipt/", OWNER_ONLY),
    "cases/<int:pk>/files/<int:file_pk>/": ("/cases/{case}/files/{file}/", OWNER_AND_CASE_STAFF),
    "cases/<int:pk>/notices/<int:notice_pk>/": ("/cases/{case}/notices/{notice}/", OWNER_AND_CASE_STAFF),
    # 好差评: a citizen rates only their own closed case; a hall visit by its served ticket's code
    "my/cases/<int:pk>/rate/": ("/my/cases/{closed_case}/rate/", OWNER_ONLY),
    "rate/visit/<str:code>/": ("/rate/visit/{ticket}/", EVERYONE),
    "satisfaction/": ("/satisfaction/", EVERYONE),
    "satisfaction/rectifications/": ("/satisfaction/rectifications/", EVERYONE),
    "guide-feedback/<int:page_id>/": ("/guide-feedback/{home}/", NOBODY),  # POST only: GET is 405 for everyone
    # Letters: writing and the published (consented, replied) letters are public; a letter's
    # progress only after the number + phone + SMS code lookup
    "letters/": ("/letters/", EVERYONE),
    "letters/write/": ("/letters/write/", EVERYONE),
    "letters/written/": ("/letters/written/", EVERYONE),
    "letters/lookup/": ("/letters/lookup/", EVERYONE),
    "letters/lookup/verify/": ("/letters/lookup/verify/", NOBODY),  # sent back to the form without a code
    "letters/lookup/result/": ("/letters/lookup/result/", NOBODY),  # sent back to the form without a grant
    "letters/mine/": ("/letters/mine/", CITIZENS_ONLY),
    "letters/mine/<str:number>/": ("/letters/mine/{own_letter}/", OWNER_ONLY),
    "letters/<str:number>/": ("/letters/{letter}/", EVERYONE),
    # Bookings: citizens book; a booking is its owner's alone
    "reserve/<str:item_code>/": ("/reserve/{booking_item}/", CITIZENS_ONLY),
    "reserve/<str:item_code>/confirm/": ("/reserve/{booking_item}/confirm/", CITIZENS_ONLY),  # no slot: the picker again
    "my/bookings/": ("/my/bookings/", CITIZENS_ONLY),
    "my/bookings/<str:code>/": ("/my/bookings/{booking}/", OWNER_ONLY),
    "my/bookings/<str:code>/booking.ics": ("/my/bookings/{booking}/booking.ics", OWNER_ONLY),
    "my/bookings/<str:code>/cancel/": ("/my/bookings/{booking}/cancel/", OWNER_ONLY),
    # Hall queue: the waiting board is public; a ticket by its unguessable code, nothing personal
    "hall/<slug:hall_code>/board/": ("/hall/{hall}/board/", EVERYONE),
    "hall/<slug:hall_code>/board.json": ("/hall/{hall}/board.json", EVERYONE),
    "ticket/<str:code>/": ("/ticket/{ticket}/", EVERYONE),
    # 依申请公开: anyone may file or track; a request and its notices only with the SMS-code
    # grant in the session, or for staff who handle requests (editors and supervisors)
    "info-request/": ("/info-request/", EVERYONE),
    "info-request/track/": ("/info-request/track/", EVERYONE),
    "info-request/<str:number>/": ("/info-request/{info_request}/", row(NO, NO, NO, NO, NO, OK, OK)),
    "info-request/<str:number>/notice/<int:notice_pk>/": (
        "/info-request/{info_request}/notice/{info_notice}/", row(NO, NO, NO, NO, NO, OK, OK)),
    # Open data: a published bulletin's figures
    "api/bulletins/<str:month>.json": ("/api/bulletins/{bulletin_month}.json", EVERYONE),
    "api/bulletins/<str:month>.<str:fmt>": ("/api/bulletins/{bulletin_month}.csv", EVERYONE),
    # Probes for the load balancer: nothing personal, open to all
    "healthz": ("/healthz", EVERYONE),
    "accessibility/": ("/accessibility/", EVERYONE),
    # POST only (the session notice's 继续使用 button): a GET is refused for everyone.
    "account/keep-alive/": ("/account/keep-alive/", NOBODY),
    "readyz": ("/readyz", EVERYONE),
    # Admin: the case queue, supervision and personal data
    "admin/": ("/admin/", SIGNED_IN_STAFF),
    "admin/cases/": ("/admin/cases/", ANY_CASE_STAFF),
    "admin/cases/<int:pk>/": ("/admin/cases/{case}/", CASE_STAFF),
    "admin/cases/<int:pk>/files/<int:file_pk>/": ("/admin/cases/{case}/files/{file}/", CASE_STAFF),
    "admin/cases/<int:pk>/notices/<int:notice_pk>/": ("/admin/cases/{case}/notices/{notice}/", CASE_STAFF),
    "admin/cases/overdue/": ("/admin/cases/overdue/", SUPERVISOR_ONLY),
    # Letters in the admin: the department the letter is routed to (staff_y's) and supervisors;
    # its printed 答复意见书 likewise (it names no writer).
    "admin/letters/<int:pk>/": ("/admin/letters/{letter_pk}/", row(NO, NO, NO, NO, OK, OK, NO)),
    "admin/letters/<int:pk>/notices/<int:notice_pk>/": (
        "/admin/letters/{letter_pk}/notices/{letter_notice}/", row(NO, NO, NO, NO, OK, OK, NO)),
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
