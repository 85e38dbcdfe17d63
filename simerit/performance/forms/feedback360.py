"""HTML input of the 360 behaviour ratings: the rater's 21 scores, HR's additions and removals."""

from typing import Any

from django import forms

from simerit.employees.models import Employee
from simerit.performance.models import SCORE_LABELS, RaterGroup
from simerit.performance.selectors.feedback360 import ValueGuide
from simerit.performance.services.feedback360 import COMMENT_MAX_LENGTH, REASON_MAX_LENGTH

SCORE_CHOICES = [(score, f"{score} — {label}") for score, label in SCORE_LABELS.items()]


class RatingForm(forms.Form):
    """One required 1–5 choice per panduan perilaku (field name = its code), and a comment."""

    comment = forms.CharField(
        label="Catatan (tidak wajib)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="Catatan disimpan tanpa nama Anda.",
    )

    def __init__(self, *args: Any, guides: list[ValueGuide], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for guide in guides:
            for indicator in guide.indicators:
                self.fields[indicator.code] = forms.TypedChoiceField(
                    label=indicator.text,
                    choices=SCORE_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Pilih nilai 1 sampai 5."},
                )
        self.guides = guides

    def scores(self) -> dict[str, int]:
        return {name: value for name, value in self.cleaned_data.items() if name != "comment"}

    def sections(self) -> list[tuple[ValueGuide, list[forms.BoundField]]]:
        """Each value with the bound fields of its indicators, in order (for the template)."""
        return [
            (guide, [self[indicator.code] for indicator in guide.indicators])
            for guide in self.guides
        ]


class AddRaterForm(forms.Form):
    nip = forms.CharField(
        label="NIP penilai",
        max_length=18,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    group = forms.ChoiceField(
        label="Kelompok penilai",
        choices=RaterGroup.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].strip()
        employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError("Pegawai dengan NIP ini tidak ditemukan.")
        return employee


class RemoveRaterForm(forms.Form):
    reason = forms.CharField(
        label="Alasan",
        max_length=REASON_MAX_LENGTH,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
