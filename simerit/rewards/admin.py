"""The award catalogue in the Django admin, audited (`AuditedAdmin`: every add and change leaves
an audit row; deletes are disabled). The pages under /penghargaan/ are the usual way: they apply
the same checks as the API (rewards.services.awards). The Satyalancana classes keep their kind
and years (UU 20/2009, PP 35/2010); nominations and grants are read here, never edited: they
change only through their services (scores, decisions, the piagam hash)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.rewards.models import Award, Criterion, Grant, Nomination

SATYALANCANA_FIXED_FIELDS = ("name", "kind", "service_years", "min_service_years")


@admin.register(Award)
class AwardAdmin(AuditedAdmin):
    list_display = ("name", "kind", "service_years", "min_service_years", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None and obj.kind == Award.Kind.SATYALANCANA:
            return SATYALANCANA_FIXED_FIELDS
        return ("kind", "service_years")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A new award is made on the pages (services.awards.create_award sets its kind).
        return False


@admin.register(Criterion)
class CriterionAdmin(AuditedAdmin):
    """Weights and maxima; the pages refuse changes while a nomination is being scored."""

    list_display = ("award", "name", "weight", "max_score", "order")
    list_filter = ("award",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("award", "weight", "max_score")


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("award", "employee", "year", "status", "final_score")
    list_filter = ("award", "year", "status")
    search_fields = ("employee__name", "employee__nip")


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("number", "award_name", "holder_name", "year", "granted_on", "revoked_at")
    list_filter = ("award", "year")
    search_fields = ("number", "holder_name", "holder_nip")
