"""HTML input of nominations, scores and decisions. These only parse; the services check the
rules (conditions, ranges, who may act) and their messages land on the fields."""

from decimal import Decimal
from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.rewards.models import Award, Criterion, Nomination
from simerit.rewards.services.grants import DECREE_MAX_LENGTH, NOTE_MAX_LENGTH
from simerit.rewards.services.nominations import REASON_MAX_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NominationForm(BootstrapFormMixin, forms.Form):
    award = forms.ModelChoiceField(
        label="Penghargaan", queryset=Award.objects.filter(is_active=True), empty_label=None
    )
    nip = forms.CharField(label="NIP pegawai", max_length=18)
    year = forms.IntegerField(label="Tahun")
    reason = forms.CharField(
        label="Alasan pengusulan",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NominationFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Tahun", required=False)
    award = forms.ModelChoiceField(
        label="Penghargaan", queryset=Award.objects.all(), required=False, empty_label="Semua"
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *Nomination.Status.choices]
    )
    q = forms.CharField(label="Cari nama atau NIP", required=False, max_length=100)


class ScoreForm(BootstrapFormMixin, forms.Form):
    """One field per criterion (`criterion_<id>`), 0..max."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], own: dict[int, Decimal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            field = forms.DecimalField(
                label=f"{criterion.name} (bobot {criterion.weight}%, 0–{criterion.max_score})",
                max_digits=8,
                initial=own.get(criterion.pk),
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )
            field.widget.attrs["class"] = "form-control"
            self.fields[f"criterion_{criterion.pk}"] = field
        self.criteria = criteria

    def scores(self) -> dict[int, Decimal]:
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
        }


class DecisionForm(BootstrapFormMixin, forms.Form):
    granted = forms.TypedChoiceField(
        label="Keputusan",
        choices=[("1", "Diberikan"), ("0", "Tidak diberikan")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    decree_number = forms.CharField(
        label="Nomor keputusan (Keppres/SK)", max_length=DECREE_MAX_LENGTH, required=False
    )
    granted_on = forms.DateField(label="Tanggal pemberian", required=False, widget=DATE)
    note = forms.CharField(
        label="Catatan keputusan",
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Wajib bila tidak diberikan.",
    )


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan penarikan",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=9999)
