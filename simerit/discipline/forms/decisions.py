"""Forms of the decision: the sanction (its end and TPP cut come from the PP 94 table, never
typed) and the day the employee received it."""

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.discipline.models import Level, SanctionType
from simerit.discipline.services.decisions import DecisionInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label="Tingkat hukuman", choices=Level.choices)
    sanction_type = forms.ChoiceField(
        label="Jenis hukuman",
        choices=SanctionType.choices,
        help_text="Harus termasuk tingkat yang dipilih (PP 94/2021 Pasal 8).",
    )
    decree_number = forms.CharField(label="Nomor keputusan", max_length=100)
    decided_on = forms.DateField(label="Tanggal keputusan", widget=DATE)
    official = forms.CharField(label="Pejabat yang berwenang menghukum", max_length=200)
    considerations = forms.CharField(label="Pertimbangan", widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = forms.DateField(
        label="Berlaku mulai",
        widget=DATE,
        help_text="Hukuman pemotongan TPP dimulai pada tanggal 1 suatu bulan.",
    )

    def to_input(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            level=data["level"],
            sanction_type=data["sanction_type"],
            decree_number=data["decree_number"],
            decided_on=data["decided_on"],
            official=data["official"],
            considerations=data["considerations"],
            starts_on=data["starts_on"],
        )


class DeliveryForm(BootstrapFormMixin, forms.Form):
    delivered_on = forms.DateField(label="Tanggal keputusan diterima pegawai", widget=DATE)
