"""Account writes. Each one writes its audit row in the same transaction."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError
from simerit.core.roles import Role


@transaction.atomic
def create_user(
    *,
    username: str,
    full_name: str,
    password: str,
    roles: Iterable[Role],
    actor: User | None,
    email: str = "",
) -> User:
    """Create an active account with the given roles."""
    username = username.strip().lower()
    if User.objects.filter(username=username).exists():
        raise ConflictError(f"Nama pengguna '{username}' sudah dipakai.", field="username")
    user = User(username=username, full_name=full_name.strip(), email=email.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    role_list = sorted(set(roles))
    user.groups.set(Group.objects.filter(name__in=role_list))
    audit.record(
        actor=actor,
        action="accounts.user.created",
        target=user,
        changes={"username": user.username, "roles": [str(role) for role in role_list]},
    )
    return user


@transaction.atomic
def set_roles(*, user: User, roles: Iterable[Role], actor: User) -> User:
    """Replace the account's roles."""
    before = sorted(user.groups.values_list("name", flat=True))
    after = sorted({str(role) for role in roles})
    user.groups.set(Group.objects.filter(name__in=after))
    user.__dict__.pop("roles", None)
    audit.record(
        actor=actor,
        action="accounts.user.roles_changed",
        target=user,
        changes={"roles": [before, after]},
    )
    return user


@transaction.atomic
def record_password_change(*, user: User, actor: User | None, reset: bool) -> None:
    """Audit a password change or reset that Django's auth form already saved."""
    audit.record(
        actor=actor,
        action="accounts.password.reset" if reset else "accounts.password.changed",
        target=user,
        changes={"password": "diubah"},
    )
