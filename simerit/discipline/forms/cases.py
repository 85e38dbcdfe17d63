"""Forms of the case pages: the report, the list filters and the dismissal."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from simerit.core.forms import BootstrapFormMixin
from simerit.discipline.models import DisciplineArticle, DisciplineCase, Level
from simerit.discipline.selectors.cases import CaseFilters
from simerit.discipline.services.cases import CaseInput
from simerit.employees.models import Employee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_REPORTABLE = (
    "Pegawai dengan NIP ini tidak ditemukan di antara pegawai yang dapat Anda laporkan."
)


class ArticleChoiceField(forms.ModelMultipleChoiceField[DisciplineArticle]):
    def label_from_instance(self, obj: DisciplineArticle) -> str:
        kind = obj.get_kind_display().lower()
        return f"{obj.code} ({kind}){f' — {obj.summary}' if obj.summary else ''}"


class CaseForm(BootstrapFormMixin, forms.Form):
    """The report. The employee is given by NIP and must be one the account may report."""

    nip = forms.CharField(
        label="NIP pegawai yang dilaporkan",
        max_length=18,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "list": "pegawai-dapat-dilaporkan"}),
    )
    source = forms.ChoiceField(label="Sumber laporan", choices=DisciplineCase.Source.choices)
    reporter_name = forms.CharField(label="Nama pelapor", max_length=150)
    reported_on = forms.DateField(label="Tanggal laporan", widget=DATE)
    incident_on = forms.DateField(
        label="Tanggal kejadian",
        widget=DATE,
        help_text="Tidak boleh setelah tanggal laporan atau di masa depan.",
    )
    description = forms.CharField(
        label="Uraian dugaan pelanggaran", widget=forms.Textarea(attrs={"rows": 4})
    )
    articles = ArticleChoiceField(
        label="Pasal yang diduga dilanggar (PP 94/2021)",
        queryset=DisciplineArticle.objects.filter(is_active=True).order_by("order", "code"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        error_messages={"required": "Pilih sedikitnya satu pasal yang diduga dilanggar."},
    )
    suspected_level = forms.ChoiceField(label="Dugaan tingkat hukuman", choices=Level.choices)

    def __init__(self, *args: Any, employees: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees

    def clean_nip(self) -> Employee:
        nip = "".join(self.cleaned_data["nip"].split())
        employee = self.employees.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(NOT_REPORTABLE)
        return employee

    def to_input(self) -> CaseInput:
        data = self.cleaned_data
        return CaseInput(
            employee=data["nip"],
            source=data["source"],
            reporter_name=data["reporter_name"],
            reported_on=data["reported_on"],
            incident_on=data["incident_on"],
            description=data["description"],
            articles=list(data["articles"]),
            suspected_level=data["suspected_level"],
        )


class CaseFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari nama, NIP, atau nomor kasus", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *DisciplineCase.Status.choices]
    )
    level = forms.ChoiceField(
        label="Tingkat", required=False, choices=[("", "Semua"), *Level.choices]
    )
    year = forms.TypedChoiceField(
        label="Tahun laporan", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
        field.choices = [("", "Semua"), *((year, str(year)) for year in years)]

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            return CaseFilters()
        data = self.cleaned_data
        return CaseFilters(
            status=data["status"], level=data["level"], year=data["year"], search=data["q"]
        )


class DismissForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan penghentian",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Alasan penghentian wajib diisi."},
    )
