from .numbering import NumberingState, WorkdayNumber  # noqa: F401
from .pages import BulletinIndexPage, BulletinPage  # noqa: F401
