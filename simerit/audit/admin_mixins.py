"""Django admin pieces shared by the apps: reference-data edits leave audit rows too."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from simerit.audit import services as audit


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every add and change made in the Django admin writes an audit row; deletes are disabled."""

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        verb = "changed_in_admin" if change else "created_in_admin"
        changes: dict[str, Any] = {
            name: [form.initial.get(name), form.cleaned_data.get(name)]
            for name in form.changed_data
            # A JSON field re-submitted unchanged is "changed" to the form (text vs list).
            if form.initial.get(name) != form.cleaned_data.get(name)
        }
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,  # type: ignore[arg-type]
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}",
                target=obj,
                changes=_plain(changes),
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _plain(changes: dict[str, Any]) -> dict[str, Any]:
    """Model instances become their primary keys so that the audit row is plain JSON."""
    return {
        key: [value.pk if isinstance(value, models.Model) else value for value in pair]
        for key, pair in changes.items()
    }
