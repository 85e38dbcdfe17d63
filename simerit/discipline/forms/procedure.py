"""Forms of the procedure: summons, attendance on the examination day, team members, BAP."""

from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.discipline.models import Level, TeamMember
from simerit.discipline.services.procedure import NOTE_MAX_LENGTH, ExaminationInput, SummonsInput
from simerit.employees.models import Employee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
YES_NO = [("ya", "Ya"), ("tidak", "Tidak")]


class SummonsForm(BootstrapFormMixin, forms.Form):
    letter_number = forms.CharField(label="Nomor surat panggilan", max_length=100)
    issued_on = forms.DateField(label="Tanggal surat", widget=DATE)
    examination_on = forms.DateField(label="Jadwal pemeriksaan", widget=DATE)
    place = forms.CharField(label="Tempat pemeriksaan", max_length=200)

    def to_input(self) -> SummonsInput:
        data = self.cleaned_data
        return SummonsInput(
            letter_number=data["letter_number"],
            issued_on=data["issued_on"],
            examination_on=data["examination_on"],
            place=data["place"],
        )


class AttendanceForm(BootstrapFormMixin, forms.Form):
    attended = forms.ChoiceField(label="Pegawai hadir?", choices=YES_NO, widget=forms.RadioSelect)
    note = forms.CharField(label="Catatan", max_length=NOTE_MAX_LENGTH, required=False)

    def is_attended(self) -> bool:
        return bool(self.cleaned_data["attended"] == "ya")


class TeamMemberForm(BootstrapFormMixin, forms.Form):
    nip = forms.CharField(label="NIP anggota tim", max_length=18)
    role = forms.ChoiceField(label="Unsur", choices=TeamMember.Role.choices)

    def clean_nip(self) -> Employee:
        nip = "".join(self.cleaned_data["nip"].split())
        employee = Employee.objects.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError("Pegawai dengan NIP ini tidak ditemukan.")
        return employee


class ExaminationForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label="Tanggal pemeriksaan", widget=DATE)
    place = forms.CharField(label="Tempat pemeriksaan", max_length=200)
    questions_and_answers = forms.CharField(label="Tanya jawab pemeriksaan", widget=TEXTAREA)
    employee_statement = forms.CharField(
        label="Keterangan pegawai", widget=TEXTAREA, required=False
    )
    findings = forms.CharField(label="Kesimpulan pemeriksa", widget=TEXTAREA)
    proven = forms.ChoiceField(
        label="Pelanggaran terbukti?", choices=YES_NO, widget=forms.RadioSelect
    )
    proposed_level = forms.ChoiceField(
        label="Usulan tingkat hukuman",
        choices=[("", "—"), *Level.choices],
        required=False,
        help_text="Diisi bila pelanggaran terbukti.",
    )
    signed_by_employee = forms.ChoiceField(
        label="Pegawai menandatangani BAP?", choices=YES_NO, widget=forms.RadioSelect
    )
    refusal_note = forms.CharField(
        label="Catatan bila pegawai menolak menandatangani",
        max_length=500,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_by_employee"].initial = "ya"

    def to_input(self) -> ExaminationInput:
        data = self.cleaned_data
        return ExaminationInput(
            held_on=data["held_on"],
            place=data["place"],
            questions_and_answers=data["questions_and_answers"],
            employee_statement=data["employee_statement"],
            findings=data["findings"],
            proven=data["proven"] == "ya",
            proposed_level=data["proposed_level"],
            signed_by_employee=data["signed_by_employee"] == "ya",
            refusal_note=data["refusal_note"],
        )
