"""Printable notices (文书). The text is frozen in CaseNotice.body when issued; these views only
lay it out. Both the staff admin and the applicant's public view render through here."""

from django.template.response import TemplateResponse

TEMPLATE = "online_apply/notices/{kind}.html"


def render_notice(request, notice):
    """A printable HTML page for one notice. The caller has already checked permission."""
    context = {"notice": notice, "body": notice.body, "case": notice.case}
    return TemplateResponse(request, TEMPLATE.format(kind=notice.kind), context)
