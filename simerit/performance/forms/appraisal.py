"""Input of the appraisal page: the decision, the keberatan, a statement, the atasan's decision.
The rules are the services'; these forms only read the fields."""

from typing import Any

from django import forms

from simerit.performance.models import Rating
from simerit.performance.services.appraisal import JUSTIFICATION_MAX_LENGTH
from simerit.performance.services.objections import REASONS_MAX_LENGTH, REASONS_MIN_LENGTH

TEXTAREA = {"class": "form-control", "rows": 4}
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


class DecisionForm(forms.Form):
    result_rating = forms.ChoiceField(
        label="Rating hasil kerja", choices=Rating.choices, widget=RADIO
    )
    behaviour_rating = forms.ChoiceField(
        label="Rating perilaku kerja", choices=Rating.choices, widget=RADIO
    )
    justification = forms.CharField(
        label="Justifikasi",
        required=False,
        max_length=JUSTIFICATION_MAX_LENGTH,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Wajib bila rating perilaku berbeda dari rata-rata masukan 360 lebih dari batas "
        "periode ini.",
    )


class ObjectionForm(forms.Form):
    reasons = forms.CharField(
        label="Alasan keberatan",
        max_length=REASONS_MAX_LENGTH,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=f"Paling sedikit {REASONS_MIN_LENGTH} karakter: bagian penilaian mana yang Anda "
        "keberatan dan mengapa.",
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label="Penjelasan Anda",
        max_length=REASONS_MAX_LENGTH,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ObjectionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Keputusan",
        choices=[("upheld", "Hasil penilaian tetap"), ("changed", "Hasil penilaian diubah")],
        widget=RADIO,
    )
    result_rating = forms.ChoiceField(
        label="Rating hasil kerja baru",
        choices=[("", "—"), *Rating.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    behaviour_rating = forms.ChoiceField(
        label="Rating perilaku kerja baru",
        choices=[("", "—"), *Rating.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        label="Pertimbangan keputusan",
        max_length=REASONS_MAX_LENGTH,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def ratings(self) -> dict[str, Any]:
        return {
            "result_rating": self.cleaned_data["result_rating"] or None,
            "behaviour_rating": self.cleaned_data["behaviour_rating"] or None,
        }


class YearForm(forms.Form):
    """The year filter of the training needs page."""

    tahun = forms.IntegerField(
        label="Tahun", required=False, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
