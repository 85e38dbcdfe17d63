"""Forms of the cut and integration pages: the formasi search and the withdrawal of a candidate."""

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.selection.services.withdrawals import REASON_MAX_LENGTH, REASON_MIN_LENGTH


class FormasiSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label="Cari formasi",
        required=False,
        max_length=100,
        help_text="Kode formasi atau nama jabatan.",
    )

    def search(self) -> str:
        if not self.is_valid():
            return ""
        return str(self.cleaned_data["q"]).strip()


class WithdrawalForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan mengundurkan diri",
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sesuai surat pengunduran diri yang ditandatangani peserta "
        f"({REASON_MIN_LENGTH}–{REASON_MAX_LENGTH} karakter).",
    )
