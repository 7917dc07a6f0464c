from .choices import ColumnKind, CommitmentStatus, DocumentForm, Topic, Validity  # noqa: F401
from .pages import (  # noqa: F401
    AnnualReportPage,
    Commitment,
    CommitmentsPage,
    DisclosureCatalogPage,
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    DocumentAttachment,
    Leader,
    LeadershipPage,
    StaffDirectoryPage,
    WindowStaffMember,
)
