from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

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
