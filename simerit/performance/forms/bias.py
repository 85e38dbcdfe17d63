"""HTML input of the bias part: the year and unit filter of the calibration page and the unit
dashboard, the calibration of one appraisal, and a unit's organisation predikat."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from simerit.core.forms import BootstrapFormMixin
from simerit.organization.models import WorkUnit
from simerit.performance.models import OrganisationPredikat, PerformanceYear, Rating
from simerit.performance.services.calibration import MIN_REASON_LENGTH
from simerit.performance.services.unit_predikat import NOTE_MAX_LENGTH


class YearChoiceField(forms.ModelChoiceField[PerformanceYear]):
    def label_from_instance(self, obj: PerformanceYear) -> str:
        return str(obj.year)


class UnitChoiceField(forms.ModelChoiceField[WorkUnit]):
    def label_from_instance(self, obj: WorkUnit) -> str:
        return obj.name


class BiasFilterForm(BootstrapFormMixin, forms.Form):
    year = YearChoiceField(
        label="Tahun", queryset=PerformanceYear.objects.all(), to_field_name="year"
    )
    unit = UnitChoiceField(label="Unit kerja", queryset=WorkUnit.objects.none(), required=False)

    def __init__(
        self, *args: Any, units: QuerySet[WorkUnit], unit_required: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        unit_field.queryset = units.order_by("path")  # type: ignore[attr-defined]
        unit_field.required = unit_required
        unit_field.empty_label = "Pilih unit kerja" if unit_required else "Seluruh organisasi"  # type: ignore[attr-defined]


class CalibrationForm(BootstrapFormMixin, forms.Form):
    result_rating = forms.ChoiceField(label="Rating hasil kerja", choices=Rating.choices)
    behaviour_rating = forms.ChoiceField(label="Rating perilaku kerja", choices=Rating.choices)
    reason = forms.CharField(
        label="Alasan kalibrasi",
        min_length=MIN_REASON_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Paling sedikit {MIN_REASON_LENGTH} karakter; dicatat di log audit.",
    )


class UnitPredikatForm(BootstrapFormMixin, forms.Form):
    predikat = forms.ChoiceField(
        label="Predikat kinerja organisasi", choices=OrganisationPredikat.choices
    )
    note = forms.CharField(label="Dasar penetapan", required=False, max_length=NOTE_MAX_LENGTH)
