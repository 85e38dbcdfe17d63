"""HTML input of the grant register and the public piagam check."""

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.rewards.models import Award
from simerit.rewards.rules.grants import MAX_INPUT_LENGTH
from simerit.rewards.services.grants import REASON_MAX_LENGTH


class GrantFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Tahun", required=False)
    award = forms.ModelChoiceField(
        label="Penghargaan", queryset=Award.objects.all(), required=False, empty_label="Semua"
    )
    q = forms.CharField(label="Cari nama, NIP, atau nomor piagam", required=False, max_length=100)


class RevokeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan pencabutan",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VerifyForm(BootstrapFormMixin, forms.Form):
    nomor = forms.CharField(
        label="Nomor piagam",
        max_length=MAX_INPUT_LENGTH * 2,
        help_text="Tercetak di piagam, mis. PGH-2026-000123-7KQ4PX.",
    )
