"""HTML input of the public portal."""

from django import forms

from simerit.selection.selectors.transparency_lookup import normalise_registration_number


class LookupForm(forms.Form):
    registration_number = forms.CharField(
        label="Nomor pendaftaran",
        max_length=30,
        help_text="Tertera pada bukti pendaftaran, mis. 2026-CPNS-123456.",
        error_messages={"required": "Isi nomor pendaftaran Anda."},
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_registration_number(self) -> str:
        number = normalise_registration_number(self.cleaned_data["registration_number"])
        if not number:
            raise forms.ValidationError("Isi nomor pendaftaran Anda.")
        return number
