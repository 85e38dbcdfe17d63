"""HTML input of the run pages: the month to compute and the search over a run's lines."""

from django import forms

from simerit.compensation.forms.schemes import MonthField
from simerit.core.forms import BootstrapFormMixin


class ComputeForm(BootstrapFormMixin, forms.Form):
    month = MonthField(label="Bulan")


class LineFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari nama atau NIP", required=False, max_length=100)

    def search(self) -> str:
        if self.is_valid():
            text: str = self.cleaned_data["q"]
            return text
        return ""
