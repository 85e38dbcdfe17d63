"""The filters of the JP pages (GET): the year, and on the employee list of a unit, whether to
show only the unit's own staff and only those below the minimum."""

from django import forms

MIN_YEAR = 2000
MAX_YEAR = 2100


class JpFilterForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun",
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    kurang = forms.BooleanField(
        label="Hanya yang belum memenuhi minimum",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    langsung = forms.BooleanField(
        label="Hanya pegawai yang ditempatkan langsung di unit ini",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    unit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def year(self, default: int) -> int:
        """The chosen year; `default` when none or an invalid one was asked for."""
        self.is_valid()
        chosen = self.cleaned_data.get("tahun")
        return int(chosen) if chosen else default

    def flag(self, name: str) -> bool:
        self.is_valid()
        return bool(self.cleaned_data.get(name))

    def unit_id(self) -> int | None:
        self.is_valid()
        chosen = self.cleaned_data.get("unit")
        return int(chosen) if chosen else None
