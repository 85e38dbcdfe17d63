"""HTML input of the assessment: the score sheet, a panel decision, the queue filter.

These forms only read and type the input; the ranges, the completeness and the deadline are
checked by services/assessment_scoring.py and assessment_resolution.py, so the page and the API
refuse with the same messages.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.selection.models import RubricCriterion
from simerit.selection.selectors.assessment import QUEUE_FILTERS


class ServiceErrors:
    """Put a service's InvalidInputError messages on the matching field (or on the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)  # type: ignore[attr-defined]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Semua"), *QUEUE_FILTERS.items()],
    )

    def status_value(self) -> str:
        return str(self.cleaned_data["status"]) if self.is_valid() else ""


def level_field(criterion: RubricCriterion) -> str:
    return f"level_{criterion.pk}"


def note_field(criterion: RubricCriterion) -> str:
    return f"note_{criterion.pk}"


class ScoreSheetForm(ServiceErrors, forms.Form):
    """One radio group (level) and one note per criterion, and an overall note. The radio
    buttons are written by the template, next to each level's behavioural anchor."""

    note = forms.CharField(label="Catatan umum", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, criteria: Sequence[RubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[level_field(criterion)] = forms.IntegerField(
                label=criterion.name, required=False
            )
            self.fields[note_field(criterion)] = forms.CharField(
                label=f"Catatan untuk {criterion.name}", required=False
            )

    def levels(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[level_field(criterion)]
            for criterion in self.criteria
            if self.cleaned_data.get(level_field(criterion)) is not None
        }

    def notes(self) -> dict[int, str]:
        return {
            criterion.pk: self.cleaned_data.get(note_field(criterion)) or ""
            for criterion in self.criteria
        }


class PanelDecisionForm(ServiceErrors, BootstrapFormMixin, forms.Form):
    score = forms.DecimalField(
        label="Nilai keputusan panel (0–100)",
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    members = forms.CharField(
        label="Anggota panel", help_text="Nama dan jabatan setiap anggota, dipisah koma."
    )
    note = forms.CharField(
        label="Pertimbangan panel",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Paling sedikit 20 karakter: mengapa nilai ini yang ditetapkan.",
    )

    def decision(self) -> dict[str, Any]:
        score: Decimal = self.cleaned_data["score"]
        return {
            "score": score,
            "members": self.cleaned_data["members"],
            "note": self.cleaned_data["note"],
        }


class RevisionForm(ServiceErrors, BootstrapFormMixin, forms.Form):
    """A correction of one component's result after a granted sanggah. The page has one form per
    result, told apart by their prefix; the posted `result` says which one was sent."""

    score = forms.DecimalField(
        label="Nilai koreksi (0–100)",
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    members = forms.CharField(
        label="Anggota panel", help_text="Nama dan jabatan setiap anggota, dipisah koma."
    )
    note = forms.CharField(
        label="Alasan koreksi",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Paling sedikit 20 karakter: apa yang keliru dan mengapa nilai ini yang benar.",
    )

    def revision(self) -> dict[str, Any]:
        score: Decimal = self.cleaned_data["score"]
        return {
            "score": score,
            "members": self.cleaned_data["members"],
            "note": self.cleaned_data["note"],
        }
