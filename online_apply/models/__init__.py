from .cases import OPEN_STATUSES, ApplicantType, Case, CaseMaterial, CaseStatus, CaseTransition, DeliveryMethod  # noqa: F401
from .reminders import DeadlineReminder  # noqa: F401
from .steps import (  # noqa: F401
    CaseNotice,
    ClockStop,
    CorrectionItem,
    CorrectionRequest,
    DeficiencyPromise,
    JointOpinion,
    NoticeKind,
    StaffAssignment,
    StopReason,
)
