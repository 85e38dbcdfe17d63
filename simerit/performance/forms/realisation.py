"""Input of the realisation page: realisation, bukti dukung, feedback per result, coaching notes and
the employee's Format B.1.8 answers. The rules are the services'; these only parse."""

from typing import Any, cast

from django import forms

from simerit.performance import rules
from simerit.performance.models import CoachingNote, Indicator, Skp, WorkResult
from simerit.performance.selectors.realisation import Period

AGREEMENT_LEVELS = (
    (1, "Sangat tidak setuju"),
    (2, "Tidak setuju"),
    (3, "Ragu-ragu"),
    (4, "Setuju"),
    (5, "Sangat setuju"),
)


def _period_choices(periods: list[Period]) -> list[tuple[int, str]]:
    return [(period.index, period.label) for period in periods if period.started]


class IndicatorChoiceField(forms.ModelChoiceField[Indicator]):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.result.text} — {obj.text} ({obj.target} {obj.unit})"


class RealisationForm(forms.Form):
    indicator = IndicatorChoiceField(label="Indikator", queryset=Indicator.objects.none())
    period_index = forms.TypedChoiceField(label="Periode", coerce=int)
    value = forms.DecimalField(
        label="Realisasi (kumulatif sampai periode ini)",
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "min": "0"}),
    )
    note = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args: Any, skp: Skp, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = cast(IndicatorChoiceField, self.fields["indicator"])
        indicator.queryset = Indicator.objects.filter(result__skp=skp).select_related("result")
        indicator.widget.attrs["class"] = "form-select"
        period = cast(forms.TypedChoiceField, self.fields["period_index"])
        period.choices = _period_choices(periods)
        period.widget.attrs["class"] = "form-select"


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Bukti dukung (PDF, JPG, atau PNG; paling besar 2 MB)",
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control form-control-sm", "accept": ".pdf,.jpg,.jpeg,.png"}
        ),
    )


class ResultFeedbackForm(forms.Form):
    result = forms.ModelChoiceField(label="RHK", queryset=WorkResult.objects.none())
    period_index = forms.TypedChoiceField(label="Periode", coerce=int)
    text = forms.CharField(
        label="Umpan balik",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args: Any, skp: Skp, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        result = cast("forms.ModelChoiceField[WorkResult]", self.fields["result"])
        result.queryset = WorkResult.objects.filter(skp=skp)
        period = cast(forms.TypedChoiceField, self.fields["period_index"])
        period.choices = _period_choices(periods)
        period.widget.attrs["class"] = "form-select form-select-sm"


class CoachingNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="Jenis",
        choices=CoachingNote.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    held_on = forms.DateField(
        label="Tanggal",
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label="Catatan", widget=forms.Textarea(attrs={"class": "form-control", "rows": 3})
    )
    next_steps = forms.CharField(
        label="Langkah berikutnya",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class CoachingFeedbackForm(forms.Form):
    """One radio group per Format B.1.8 statement, and a comment."""

    comment = forms.CharField(
        label="Komentar",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, statement in rules.COACHING_FEEDBACK_ITEMS:
            self.fields[f"item_{code}"] = forms.TypedChoiceField(
                label=statement,
                choices=AGREEMENT_LEVELS,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        self.order_fields([*(f"item_{code}" for code, _ in rules.COACHING_FEEDBACK_ITEMS)])

    def answers(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[f"item_{code}"] for code, _ in rules.COACHING_FEEDBACK_ITEMS
        }

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{code}"] for code, _ in rules.COACHING_FEEDBACK_ITEMS]
