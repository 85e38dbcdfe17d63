"""The discipline configuration in the Django admin, audited (`AuditedAdmin`: every change leaves
an audit row; deletes are disabled): the settings row (the timings the reference marks [U]/[S],
§7.3–7.4) and the summaries of the kewajiban and larangan of PP 94/2021 (Pasal 3–5), whose
references are fixed by the regulation and seeded by migration."""

from django.contrib import admin
from django.http import HttpRequest

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.discipline.models import DisciplineArticle, DisciplineSettings


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
