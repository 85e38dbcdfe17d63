"""HTML input of certificates and external training. These only parse; the services check the
rules (JP ranges, dates, the file's content) and their messages land on the fields."""

from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.training.models import ExternalTraining, ProgrammeKind
from simerit.training.rules.certificates import MAX_INPUT_LENGTH
from simerit.training.services.certificates import REASON_MAX_LENGTH
from simerit.training.services.external import (
    CERTIFICATE_NUMBER_MAX_LENGTH,
    FILE_MAX_KB,
    NOTE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ExternalTrainingInput,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
JP = forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "999.9", "inputmode": "decimal"})
CERTIFICATE_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
# A certificate PDF of SiMerit is far smaller; the verification form reads no more than this.
VERIFY_FILE_MAX_KB = 2048


class ExternalTrainingForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="Nama pelatihan", max_length=TEXT_MAX_LENGTH)
    provider = forms.CharField(label="Penyelenggara", max_length=TEXT_MAX_LENGTH)
    kind = forms.ChoiceField(label="Jenis", choices=ProgrammeKind.choices)
    starts_on = forms.DateField(label="Tanggal mulai", widget=DATE)
    ends_on = forms.DateField(label="Tanggal selesai", widget=DATE)
    jp_claimed = forms.DecimalField(
        label="JP yang diajukan",
        widget=JP,
        help_text="Jam pelajaran (1 JP = 45 menit) sesuai sertifikat: 0,5–999,9, dan tidak "
        "lebih dari jumlah hari pelatihan × batas JP per hari.",
    )
    certificate_number = forms.CharField(
        label="Nomor sertifikat", max_length=CERTIFICATE_NUMBER_MAX_LENGTH, required=False
    )
    file = forms.FileField(
        label=f"Berkas sertifikat (PDF, JPG, atau PNG; paling besar {FILE_MAX_KB // 1024} MB)",
        widget=forms.ClearableFileInput(attrs={"accept": CERTIFICATE_ACCEPT}),
    )

    def __init__(self, *args: Any, file_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].required = file_required
        if not file_required:
            self.fields["file"].help_text = "Kosongkan untuk tetap memakai berkas sebelumnya."

    @classmethod
    def initial_of(cls, record: ExternalTraining) -> dict[str, Any]:
        return {
            "title": record.title,
            "provider": record.provider,
            "kind": record.kind,
            "starts_on": record.starts_on,
            "ends_on": record.ends_on,
            "jp_claimed": record.jp_claimed,
            "certificate_number": record.certificate_number,
        }

    def to_input(self) -> ExternalTrainingInput:
        data = self.cleaned_data
        return ExternalTrainingInput(
            title=data["title"],
            provider=data["provider"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            jp_claimed=data["jp_claimed"],
            certificate_number=data["certificate_number"],
        )


class ValidateForm(BootstrapFormMixin, forms.Form):
    jp_validated = forms.DecimalField(label="JP yang divalidasi", widget=JP)
    note = forms.CharField(label="Catatan (opsional)", max_length=NOTE_MAX_LENGTH, required=False)


class RejectForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan penolakan",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevokeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan pencabutan",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Semua status"), *ExternalTraining.Status.choices],
        required=False,
    )
    q = forms.CharField(label="Cari nama, NIP, atau pelatihan", max_length=100, required=False)


class VerifyForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(
        label="Nomor sertifikat",
        max_length=MAX_INPUT_LENGTH,
        widget=forms.TextInput(
            attrs={"placeholder": "SMR-2026-000123-7KQ4PX", "autocomplete": "off"}
        ),
    )
    file = forms.FileField(
        label="Berkas PDF sertifikat (opsional)",
        required=False,
        help_text="Bila diunggah, isi berkas dibandingkan dengan sertifikat yang diterbitkan "
        "(sidik SHA-256). Berkas tidak disimpan.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and (upload.size or 0) > VERIFY_FILE_MAX_KB * 1024:
            raise forms.ValidationError(
                f"Berkas terlalu besar: paling besar {VERIFY_FILE_MAX_KB // 1024} MB."
            )
        return upload
