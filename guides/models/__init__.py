from .choices import (  # noqa: F401
    Audience,
    ItemStatus,
    ItemType,
    MaterialForm,
    MaterialSource,
    ProcessingKind,
    SpecialStepKind,
)
from .pages import (  # noqa: F401
    FAQ,
    BundleMember,
    BundlePage,
    CatalogIndexPage,
    FeeItem,
    LegalBasis,
    Material,
    ProcessStep,
    ServiceItemPage,
    SpecialStep,
)
from .snippets import Department, Theme  # noqa: F401
