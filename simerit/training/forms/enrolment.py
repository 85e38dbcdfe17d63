"""HTML input of enrolment: the request, a decision, a cancellation, a nomination, an assignment.
The services check the rules; these forms only read and bound the input."""

from django import forms

from simerit.employees.models import Employee
from simerit.training.models import Enrolment
from simerit.training.rules.classes import TEXT_MAX_LENGTH
from simerit.training.services.enrolment import NIP_LENGTH


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-control", "rows": rows})


class EnrolForm(forms.Form):
    motivation = forms.CharField(
        label="Alasan mengikuti",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label="Catatan", required=False, max_length=TEXT_MAX_LENGTH, widget=_textarea(1)
    )


class ReasonForm(forms.Form):
    """A rejection or a cancellation: the reason is required."""

    reason = forms.CharField(
        label="Alasan",
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
        error_messages={"required": "Alasan wajib diisi."},
    )


class NominateForm(forms.Form):
    employees = forms.ModelMultipleChoiceField(
        label="Pegawai yang diusulkan",
        queryset=Employee.objects.select_related("work_unit", "user"),
        error_messages={
            "required": "Pilih paling sedikit satu pegawai.",
            "invalid_choice": "Pegawai yang dipilih tidak ditemukan.",
            "invalid_pk_value": "Pegawai yang dipilih tidak ditemukan.",
        },
    )


class AssignForm(forms.Form):
    nip = forms.CharField(
        label="NIP",
        max_length=NIP_LENGTH,
        error_messages={"required": "NIP wajib diisi."},
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class MyEnrolmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Semua status"), *Enrolment.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
