"""The discipline configuration in the Django admin, audited (`AuditedAdmin`: every change leaves
an audit row; deletes are disabled): the settings row (the timings the reference marks [U]/[S],
§7.3–7.4), the summaries of the kewajiban and larangan of PP 94/2021 (Pasal 3–5), whose
references are fixed by the regulation and seeded by migration, and the holiday calendar (hari
libur nasional and cuti bersama of the yearly SKB) that the working-day windows skip."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from simerit.audit import services as audit
from simerit.audit.admin_mixins import AuditedAdmin
from simerit.discipline.models import DisciplineArticle, DisciplineSettings, Holiday


@admin.register(DisciplineSettings)
class DisciplineSettingsAdmin(AuditedAdmin):
    """One row (pk 1, seeded): it can be changed, never added or removed."""

    list_display = (
        "__str__",
        "summons_notice_working_days",
        "second_summons_working_days",
        "keberatan_working_days",
        "banding_working_days",
        "updated_at",
    )
    fields = (
        "summons_notice_working_days",
        "second_summons_working_days",
        "keberatan_working_days",
        "banding_working_days",
        "note",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DisciplineArticle)
class DisciplineArticleAdmin(AuditedAdmin):
    """The article references are the regulation's: only the summary and whether a new case may
    cite it are edited here."""

    list_display = ("code", "kind", "summary", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "summary")
    ordering = ("order", "code")
    fields = ("code", "kind", "order", "summary", "is_active")
    readonly_fields = ("code", "kind", "order")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    """The national holidays and cuti bersama, entered by Admin BKPSDM from the yearly SKB (no
    seed). A day the SKB revokes may be removed: each removal leaves an audit row with the day's
    values. Windows already checked (a filed appeal, an issued summons) are not recomputed."""

    list_display = ("date", "name", "is_cuti_bersama")
    list_filter = ("is_cuti_bersama",)
    date_hierarchy = "date"
    search_fields = ("name",)
    ordering = ("date",)
    fields = ("date", "name", "is_cuti_bersama")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request: HttpRequest, obj: Holiday) -> None:
        with transaction.atomic():
            _record_removal(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        with transaction.atomic():
            for holiday in queryset:
                _record_removal(request, holiday)
            super().delete_queryset(request, queryset)


def _record_removal(request: HttpRequest, holiday: Holiday) -> None:
    audit.record(
        actor=request.user,  # type: ignore[arg-type]
        action="discipline.holiday.deleted_in_admin",
        target=holiday,
        changes={
            "date": [holiday.date, None],
            "name": [holiday.name, None],
            "is_cuti_bersama": [holiday.is_cuti_bersama, None],
        },
    )
