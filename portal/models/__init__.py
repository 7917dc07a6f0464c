from .operations import TaskFailure  # noqa: F401
from .pages import HomePage, NoticeIndexPage, NoticePage, StandardPage  # noqa: F401
from .settings import SiteIdentity  # noqa: F401
