"""HTML input of the announcements part: the public list's filter, HR's publication note and the
verify page (a file or a hash)."""

from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.selectors import announcements as selectors

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PeriodChoiceField(forms.ModelChoiceField[SelectionPeriod]):
    def label_from_instance(self, obj: SelectionPeriod) -> str:
        return obj.name


class AnnouncementFilterForm(BootstrapFormMixin, forms.Form):
    period = PeriodChoiceField(
        label="Periode seleksi",
        queryset=SelectionPeriod.objects.none(),
        required=False,
        empty_label="Semua periode",
    )
    q = forms.CharField(label="Cari kode formasi", required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = selectors.periods_with_announcements()  # type: ignore[attr-defined]


class PublishForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label="Catatan perubahan",
        required=False,
        max_length=300,
        help_text="Wajib untuk versi koreksi (versi 2 dan seterusnya).",
    )


class VerifyForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas pengumuman (JSON, CSV atau PDF)",
        required=False,
        help_text="Paling besar 5 MB. Berkas tidak disimpan.",
    )
    sha256 = forms.CharField(
        label="Atau SHA-256 pengumuman",
        required=False,
        max_length=100,
        help_text="64 karakter heksadesimal, seperti yang tercetak di bawah kode QR.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "Berkas terlalu besar: paling besar 5 MB. Pengumuman hasil akhir asli jauh lebih "
                "kecil; periksa bahwa Anda memilih berkas yang benar."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("file") and not cleaned.get("sha256", "").strip():
            raise forms.ValidationError("Pilih berkas pengumuman atau tempelkan SHA-256-nya.")
        return cleaned
