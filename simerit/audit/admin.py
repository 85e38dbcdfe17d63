from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from simerit.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the audit log is append-only and only services write to it."""

    list_display = ("seq", "created_at", "actor_label", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("actor_label", "action", "target_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
