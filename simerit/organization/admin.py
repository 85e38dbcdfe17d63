from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from simerit.accounts.models import User
from simerit.audit.admin_mixins import AuditedAdmin
from simerit.core.exceptions import DomainError
from simerit.core.roles import Role
from simerit.organization import services
from simerit.organization.models import (
    EducationLevel,
    Golongan,
    OpdAdmin,
    Position,
    Region,
    WorkUnit,
)


@admin.register(Golongan)
class GolonganAdmin(AuditedAdmin):
    list_display = ("code", "pangkat", "rank")
    ordering = ("rank",)


@admin.register(EducationLevel)
class EducationLevelAdmin(AuditedAdmin):
    list_display = ("code", "name", "rank")
    ordering = ("rank",)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ("name", "kind", "functional_level", "eselon", "work_unit")
    list_filter = ("kind", "eselon")
    search_fields = ("name",)
    autocomplete_fields = ()
    raw_id_fields = ("work_unit",)


class WorkUnitAdminForm(forms.ModelForm[WorkUnit]):
    class Meta:
        model = WorkUnit
        fields = ("name", "short_name", "code", "kind", "parent", "region")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None and not self.errors:
            try:
                services.check_new_work_unit(
                    code=cleaned["code"], kind=cleaned["kind"], parent=cleaned.get("parent")
                )
            except DomainError as error:
                self.add_error(error.field, error.message)
        return cleaned


@admin.register(WorkUnit)
class WorkUnitAdmin(AuditedAdmin):
    """Build the tree: a new unit gets its materialised path from the service; a unit is only
    renamed here (moving or closing a unit has no service yet, so those fields are read-only)."""

    form = WorkUnitAdminForm
    list_display = ("name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code", "short_name")
    ordering = ("path",)
    list_select_related = ("parent",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("path", "depth")
        return ("code", "kind", "parent", "region", "is_active", "path", "depth")

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "parent":
            kwargs["queryset"] = WorkUnit.objects.active().order_by("path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        actor: User = request.user  # type: ignore[assignment]
        data = form.cleaned_data
        if change:
            if form.changed_data:
                stored = WorkUnit.objects.get(pk=obj.pk)  # the names before this form
                services.rename_work_unit(
                    unit=stored, name=data["name"], short_name=data["short_name"], actor=actor
                )
            return
        unit = services.create_work_unit(
            name=data["name"],
            code=data["code"],
            kind=WorkUnit.Kind(data["kind"]),
            parent=data.get("parent"),
            region=data.get("region"),
            short_name=data["short_name"],
            actor=actor,
        )
        _take_over(obj, unit)


class OpdAdminForm(forms.ModelForm[OpdAdmin]):
    class Meta:
        model = OpdAdmin
        fields = ("user", "work_unit")


@admin.register(OpdAdmin)
class OpdAdminAdmin(AuditedAdmin):
    """Which unit an Admin OPD account manages, set through organization.services.assign_opd_admin."""

    form = OpdAdminForm
    list_display = ("user", "work_unit")
    search_fields = ("user__username", "user__full_name", "work_unit__name", "work_unit__code")
    list_select_related = ("user", "work_unit")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user",) if obj is not None else ()

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(groups__name=Role.ADMIN_OPD).order_by(
                "username"
            )
        if db_field.name == "work_unit":
            kwargs["queryset"] = WorkUnit.objects.active().order_by("path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        if change and not form.changed_data:
            return
        scope = services.assign_opd_admin(
            user=form.instance.user,
            work_unit=form.cleaned_data["work_unit"],
            actor=request.user,  # type: ignore[arg-type]
        )
        _take_over(obj, scope)


def _take_over(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved instance the row the service saved (for the admin's log/redirect)."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db
