"""Form of the appointment of a formasi's winners: the planned TMT."""

from django import forms

from simerit.core.forms import BootstrapFormMixin


class AppointForm(BootstrapFormMixin, forms.Form):
    planned_tmt = forms.DateField(
        label="TMT yang diusulkan",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="TMT CPNS selalu tanggal 1 suatu bulan; tidak sebelum tanggal pengumuman dan "
        "tidak di masa depan.",
    )
