"""Account writes. Each one writes its audit row in the same transaction."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from simerit.accounts.models import ApiToken, User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
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
    """Audit a password change or reset that Django's auth form already saved.

    Call it in the transaction that saved the password. A reset (by the e-mailed link, or set by
    an administrator) also revokes the account's API tokens: whoever lost control of the old
    password may hold a token too.
    """
    audit.record(
        actor=actor,
        action="accounts.password.reset" if reset else "accounts.password.changed",
        target=user,
        changes={"password": "diubah"},
    )
    if reset:
        revoke_all_api_tokens(user=user, actor=actor, reason="kata sandi diatur ulang")


# --- Personal API tokens

API_TOKEN_PREFIX = "smr_"  # noqa: S105 (marks our tokens; not a secret)
# Characters of the secret kept in clear for display: "smr_" plus 8 random characters.
API_TOKEN_DISPLAY_LENGTH = 12
# last_used_at is bookkeeping: writing it at most once a minute keeps reads from turning into writes.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
MAX_ACTIVE_API_TOKENS = 20
API_TOKEN_NAME_MAX_LENGTH = 100


@dataclass(frozen=True)
class IssuedApiToken:
    token: ApiToken
    secret: str


def hash_api_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_api_token(
    *, user: User, name: str, actor: User, expires_at: datetime | None = None
) -> IssuedApiToken:
    """Create a token for `user`; the returned secret exists nowhere else and is shown once."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Nama token wajib diisi."]
    elif len(name) > API_TOKEN_NAME_MAX_LENGTH:
        errors["name"] = [f"Nama token paling banyak {API_TOKEN_NAME_MAX_LENGTH} karakter."]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = ["Tanggal berlaku harus di masa depan."]
    if errors:
        raise InvalidInputError(errors)
    active = ApiToken.objects.filter(user=user).usable(now=timezone.now()).count()
    if active >= MAX_ACTIVE_API_TOKENS:
        raise DomainError(
            f"Sudah ada {MAX_ACTIVE_API_TOKENS} token aktif; cabut token yang tidak dipakai dulu."
        )
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:API_TOKEN_DISPLAY_LENGTH],
        token_hash=hash_api_token(secret),
        expires_at=expires_at,
    )
    audit.record(
        actor=actor,
        action="accounts.api_token.issued",
        target=token,
        changes={"name": token.name, "prefix": token.prefix, "expires_at": expires_at},
    )
    return IssuedApiToken(token=token, secret=secret)


@transaction.atomic
def revoke_api_token(*, token: ApiToken, actor: User) -> ApiToken:
    """Stop the token from authenticating; revoking twice is refused."""
    if token.revoked_at is not None:
        raise DomainError("Token ini sudah dicabut.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="accounts.api_token.revoked",
        target=token,
        changes={"name": token.name, "prefix": token.prefix},
    )
    return token


@transaction.atomic
def revoke_all_api_tokens(*, user: User, actor: User | None, reason: str) -> int:
    """Revoke every token of `user` that is not revoked or expired yet, one audit row each."""
    now = timezone.now()
    tokens = list(
        ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("pk")
    )
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="accounts.api_token.revoked",
            target=token,
            changes={"name": token.name, "prefix": token.prefix, "reason": reason},
        )
    return len(tokens)


def authenticate_api_token(secret: str, *, now: datetime | None = None) -> User | None:
    """The active owner of a usable token with this secret, or None.

    Records when the token was last used, at most once per API_TOKEN_TOUCH_INTERVAL. That write is
    bookkeeping, not a change made by a person, so it writes no audit row.
    """
    if not secret.startswith(API_TOKEN_PREFIX):
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.usable(now=now)
        .select_related("user")
        .filter(token_hash=hash_api_token(secret))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
