"""HTML input of the talent part (9-box filters, potential scores, succession pools, the BUP
forecast): cleaned data only; the services check the rules and write."""

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from simerit.career import importing
from simerit.core.forms import BootstrapFormMixin
from simerit.core.spreadsheets.text import megabytes, thousands
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.employees.models import Employee

OUTSIDE = "kosong"  # the 9-box list of the employees without a box


class ServiceErrorsMixin:
    """A service's InvalidInputError messages on the fields they name (others above the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)  # type: ignore[attr-defined]


class UnitFilterForm(forms.Form):
    """GET filters: the unit (its subtree), and on the 9-box the box whose people are listed."""

    unit = forms.IntegerField(required=False, min_value=1)
    kotak = forms.CharField(required=False, max_length=6)
    tahun = forms.CharField(required=False, max_length=6)
    langsung = forms.BooleanField(required=False)

    def unit_id(self) -> int | None:
        self.is_valid()
        chosen = self.cleaned_data.get("unit")
        return int(chosen) if chosen else None

    def box(self) -> int | str | None:
        """A box number 1–9, OUTSIDE, or None."""
        self.is_valid()
        value = str(self.cleaned_data.get("kotak") or "")
        if value == OUTSIDE:
            return OUTSIDE
        if value.isdigit() and 1 <= int(value) <= 9:
            return int(value)
        return None

    def year(self) -> str:
        self.is_valid()
        return str(self.cleaned_data.get("tahun") or "")

    def direct_only(self) -> bool:
        """Only the employees placed in the unit itself, not in a unit below it."""
        self.is_valid()
        return bool(self.cleaned_data.get("langsung"))


class SearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari", required=False, max_length=100)

    def search(self) -> str:
        return str(self.cleaned_data.get("q", "")).strip() if self.is_valid() else ""


def parse_score(text: str) -> Decimal:
    """ "78,5" or "78.5" as a Decimal; ValidationError otherwise."""
    value = text.strip().replace(",", ".")
    refusal = forms.ValidationError("Nilai potensial harus berupa angka, mis. 78,5.")
    if value.count(".") > 1:
        raise refusal
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise refusal from None
    if not number.is_finite():
        raise refusal
    return number


class PotentialForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    nip = forms.CharField(label="NIP pegawai", max_length=18)
    assessed_on = forms.DateField(
        label="Tanggal asesmen", widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.CharField(label="Metode/alat ukur", max_length=150)
    institution = forms.CharField(label="Pelaksana", max_length=200, required=False)
    score = forms.CharField(label="Nilai potensial (0–100)", max_length=12)
    note = forms.CharField(label="Catatan", max_length=500, required=False)

    def clean_nip(self) -> Employee:
        nip = str(self.cleaned_data["nip"]).replace(" ", "")
        employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError("Pegawai dengan NIP ini tidak ditemukan.")
        return employee

    def clean_score(self) -> Decimal:
        return parse_score(str(self.cleaned_data["score"]))

    def input_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "assessed_on": data["assessed_on"],
            "method": data["method"],
            "institution": data.get("institution", ""),
            "score": data["score"],
            "note": data.get("note", ""),
        }


class ReasonForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="Alasan", max_length=500)


class CandidateForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    employee = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(label="Catatan", max_length=500, required=False)


class PotentialImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text=(
            f"Gunakan templat. Maksimal {importing.MAX_FILE_BYTES // 1024 // 1024} MB dan "
            f"{thousands(importing.MAX_ROWS)} baris data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar ({megabytes(upload.size)} MB); batasnya "
                f"{importing.MAX_FILE_BYTES // 1024 // 1024} MB. Bagi data menjadi beberapa berkas."
            )
        return upload
