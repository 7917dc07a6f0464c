"""我的…: links to the citizen's own things, which other apps add (docs/domain.md, 适老化与无障碍).

An app that keeps something of the citizen's (cases, bookings, letters) registers a Wagtail hook
named ``citizen_account_links`` in its wagtail_hooks.py returning an AccountLink. The page header's
account menu and the /account/ hub list them, so the header promises only what is installed.
"""

from dataclasses import dataclass

from wagtail import hooks

HOOK = "citizen_account_links"


@dataclass(frozen=True)
class AccountLink:
    label: str  # 我的办件: short, it goes in the header
    url: str
    description: str  # one sentence on the /account/ hub
    order: int = 100


def account_links():
    """Every registered AccountLink, in menu order."""
    links = [hook() for hook in hooks.get_hooks(HOOK)]
    return sorted((link for link in links if link), key=lambda link: (link.order, link.label))
