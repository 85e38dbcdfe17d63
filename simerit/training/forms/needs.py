"""HTML input of the needs analysis and the leadership flags: the filters of their pages."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from simerit.core.forms import BootstrapFormMixin
from simerit.organization.models import WorkUnit
from simerit.training.services.needs import MAX_YEAR, MIN_YEAR


class UnitChoiceField(forms.ModelChoiceField[WorkUnit]):
    def label_from_instance(self, obj: WorkUnit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


def _unit_field() -> UnitChoiceField:
    return UnitChoiceField(
        label="Unit kerja",
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label="Seluruh cakupan",
        error_messages={"invalid_choice": "Pilih unit kerja yang tersedia di daftar."},
    )


def _year_field(label: str) -> forms.IntegerField:
    message = f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}."
    return forms.IntegerField(
        label=label,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "required": "Tahun wajib diisi.",
            "invalid": "Tahun harus berupa angka.",
            "min_value": message,
            "max_value": message,
        },
    )


class _UnitsMixin:
    fields: dict[str, forms.Field]

    def _limit_units(self, units: QuerySet[WorkUnit]) -> None:
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]


class PlanFilterForm(_UnitsMixin, BootstrapFormMixin, forms.Form):
    tahun = _year_field("Tahun rencana")
    unit = _unit_field()

    def __init__(self, *args: Any, units: QuerySet[WorkUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_units(units)


class LeadershipFilterForm(_UnitsMixin, BootstrapFormMixin, forms.Form):
    unit = _unit_field()
    terlambat = forms.BooleanField(label="Terlambat saja", required=False)

    def __init__(self, *args: Any, units: QuerySet[WorkUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_units(units)


class PlanYearForm(BootstrapFormMixin, forms.Form):
    tahun = _year_field("Tahun rencana")
