"""TPP in the Django admin, read-only. Schemes are written through the pages under /tpp/skema/
(the weights must sum to 100 %, a scheme a run used is frozen, every change is audited) and runs
only by the computation (services.runs): an edit here would bypass those rules, so the admin only
shows them. `AuditedAdmin` also disables deletes."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.compensation.models import BaseAmount, Line, PredikatRate, Run, Scheme


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PredikatRateInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = PredikatRate
    fields = ("predikat", "rate")


class BaseAmountInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = BaseAmount
    fields = ("position_kind", "position", "amount")


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyMixin, AuditedAdmin):
    list_display = (
        "name",
        "effective_from",
        "performance_weight",
        "discipline_weight",
        "apply_sanction_cut",
    )
    ordering = ("-effective_from",)
    inlines = (PredikatRateInline, BaseAmountInline)


@admin.register(Run)
class RunAdmin(ReadOnlyMixin, AuditedAdmin):
    list_display = ("month", "status", "scheme", "employees", "total_amount", "finalised_at")
    list_filter = ("status",)
    ordering = ("-month", "-id")


@admin.register(Line)
class LineAdmin(ReadOnlyMixin, AuditedAdmin):
    list_display = ("run", "employee", "base_amount", "predikat", "total_amount")
    list_select_related = ("run", "employee")
    search_fields = ("employee__name", "employee__nip")
    raw_id_fields = ("run", "employee")
