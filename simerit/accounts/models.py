from datetime import datetime
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from simerit.core.roles import Role


class User(AbstractUser):
    """An account: an applicant, an employee or an officer. Roles are Django groups (see roles.py)."""

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField("nama lengkap", max_length=200)
    email = models.EmailField("e-mail", blank=True)

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The account's roles, read once per request."""
        if not self.is_active:
            return frozenset()
        names = self.groups.values_list("name", flat=True)
        return frozenset(Role(name) for name in names if name in Role.values)

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, *, now: datetime) -> "ApiTokenQuerySet":
        """Tokens that authenticate at `now`: not revoked, not expired, owner active."""
        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now),
            revoked_at__isnull=True,
            user__is_active=True,
        )


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(
        User, verbose_name="pemilik", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nama token", max_length=100)
    # The first characters of the secret, enough to recognise a token in a list, too few to use it.
    prefix = models.CharField("awalan", max_length=16)
    token_hash = models.CharField("hash token (SHA-256)", max_length=64, unique=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    last_used_at = models.DateTimeField("terakhir dipakai", null=True, blank=True)
    expires_at = models.DateTimeField("berlaku sampai", null=True, blank=True)
    revoked_at = models.DateTimeField("dicabut", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, *, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return "Dicabut"
        if not self.is_usable(now=timezone.now()):
            return "Kedaluwarsa"
        return "Aktif"
