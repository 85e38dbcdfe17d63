from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from simerit.accounts import services
from simerit.accounts.models import User
from simerit.audit import services as audit


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    """Accounts for the back office. Every save, including role (group) changes, is audited."""

    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Data diri", {"fields": ("full_name", "email")}),
        ("Peran dan akses", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Waktu", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email")}),
        (None, {"classes": ("wide",), "fields": ("password1", "password2")}),
    )
    filter_horizontal = ("groups",)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        user = form.instance
        before = sorted(user.groups.values_list("name", flat=True)) if change else []
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            after = sorted(user.groups.values_list("name", flat=True))
            changes: dict[str, Any] = {
                name: "diubah" for name in form.changed_data if name not in {"groups"}
            }
            if before != after:
                changes["roles"] = [before, after]
            audit.record(
                actor=request.user,  # type: ignore[arg-type]
                action="accounts.user.changed_in_admin"
                if change
                else "accounts.user.created_in_admin",
                target=user,
                changes=changes,
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's own page, plus the audit row (and token revocation) of a password reset."""
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    services.record_password_change(
                        user=user,
                        actor=request.user,  # type: ignore[arg-type]
                        reset=True,
                    )
        return response

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
