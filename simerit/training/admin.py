"""The training configuration in the Django admin, audited (`AuditedAdmin`: every add and change
leaves an audit row; deletes are disabled). The pages under /pelatihan/pengaturan/ are the usual
way to change it: they apply the same checks as the API (training.services.config)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.training.models import LeadershipRule, TrainingYear


@admin.register(TrainingYear)
class TrainingYearAdmin(AuditedAdmin):
    """The JP target of a year (PP 11/2017 Pasal 203(4)); the year of a saved row is fixed."""

    list_display = ("year", "minimum_jp", "reminders_from", "max_jp_per_day", "updated_at")
    ordering = ("-year",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("year",) if obj is not None else ()


@admin.register(LeadershipRule)
class LeadershipRuleAdmin(AuditedAdmin):
    """Which leadership training a managerial position requires (domain reference §6.2)."""

    list_display = ("position_kind", "programme_kind", "months_to_complete", "updated_at")
    ordering = ("position_kind",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("position_kind",) if obj is not None else ()
