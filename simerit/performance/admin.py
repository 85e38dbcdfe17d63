"""The performance configuration Admin BKPSDM keeps in the Django admin, audited
(`AuditedAdmin`: every add and change leaves an audit row; deletes are disabled)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.performance.models import CreditCoefficient


@admin.register(CreditCoefficient)
class CreditCoefficientAdmin(AuditedAdmin):
    """The annual angka kredit coefficient per jenjang (§5.8). A jenjang without a row shows
    "belum ditetapkan" instead of an amount; the jenjang of a saved row is not changed (add the
    other jenjang as its own row)."""

    list_display = ("functional_level", "coefficient", "note", "updated_at")
    ordering = ("functional_level",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("functional_level",) if obj is not None else ()
