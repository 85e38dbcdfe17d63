from typing import Any, cast

from django import forms

from simerit.core.forms import BootstrapFormMixin


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    actor = forms.CharField(label="Pelaku", required=False, max_length=100)
    action = forms.CharField(
        label="Tindakan", required=False, max_length=100, help_text="Awalan, mis. employees."
    )
    target_type = forms.ChoiceField(label="Jenis objek", required=False)
    target_id = forms.CharField(label="ID objek", required=False, max_length=64)
    date_from = forms.DateField(
        label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, target_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field = cast(forms.ChoiceField, self.fields["target_type"])
        choice_field.choices = [("", "Semua"), *[(t, t) for t in target_types]]
