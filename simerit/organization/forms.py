from django import forms

from simerit.core.forms import BootstrapFormMixin


class UnitSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label="Cari unit kerja",
        required=False,
        max_length=100,
        help_text="Nama, singkatan atau kode unit.",
    )
