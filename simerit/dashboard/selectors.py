"""What each role sees on its landing page. Reads only; each panel comes from the owning app's selectors."""

from dataclasses import dataclass, field

from simerit.accounts.models import User
from simerit.core.roles import Role


@dataclass(frozen=True)
class Stat:
    label: str
    value: int | str
    url_name: str = ""


@dataclass(frozen=True)
class Panel:
    role: Role
    title: str
    stats: list[Stat] = field(default_factory=list)
    note: str = ""


def panels_for(user: User) -> list[Panel]:
    return [_panel(user, role) for role in Role if role in user.roles]


def _panel(user: User, role: Role) -> Panel:
    return Panel(role=role, title=role.label)
