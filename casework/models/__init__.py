from .audit import PhoneReveal  # noqa: F401
from .base import ExtendableDeadline, Matter, NumberedNotice, Pause, TransitionLog  # noqa: F401
from .cases import (  # noqa: F401
    OPEN_STATUSES,
    ApplicantType,
    Case,
    CaseMaterial,
    CaseStatus,
    CaseTransition,
    Channel,
    DeliveryMethod,
)
from .reminders import DeadlineReminder  # noqa: F401
from .settings import CaseworkSettings  # noqa: F401
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
