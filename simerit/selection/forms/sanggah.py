"""Forms of the sanggah on final results: filing (applicant), deciding and filtering (HR)."""

from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.recruitment.services.sanggah import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from simerit.selection.models import ResultSanggah


class ResultSanggahFilingForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan sanggah",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Sebutkan nilai, komponen atau peringkat yang Anda sanggah dan mengapa.",
    )
    agree = forms.BooleanField(
        label="Saya mengerti bahwa sanggah hasil akhir hanya dapat diajukan satu kali dan tidak "
        "dapat diubah.",
    )


class ResultSanggahDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Keputusan",
        choices=[
            ("grant", "Terima sanggah (hasil dikoreksi pada versi pengumuman baru)"),
            ("reject", "Tolak sanggah (hasil tetap)"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Pertimbangan",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Paling sedikit 20 karakter. Ditampilkan kepada pelamar.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class ResultSanggahFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Semua status"), *ResultSanggah.Status.choices],
    )

    def status_filter(self) -> str:
        if not self.is_valid():
            return ""
        return str(self.cleaned_data["status"])
