"""HTML input of the scheme pages: the scheme form (header, the five predikat rates, a base
amount per position kind) and the base amount of one position. The rules are the service's."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms

from simerit.compensation.models import Scheme
from simerit.compensation.rules.tpp import MONTH_MESSAGE, parse_month
from simerit.compensation.selectors.schemes import kind_rows, rate_rows
from simerit.compensation.services.schemes import SchemeData, amount_field, rate_field
from simerit.core.forms import BootstrapFormMixin
from simerit.organization.models import Position
from simerit.performance.models import Predikat

PERCENT_HELP = "Persen, 0–100, paling banyak dua angka desimal."


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (the browser's month input), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "TTTT-BB"})

    def clean(self, value: Any) -> dt.date | None:
        text = super().clean(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(MONTH_MESSAGE)
        return month


def month_text(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def _percent(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, help_text=PERCENT_HELP)


class ServiceErrorsMixin:
    """A service's InvalidInputError messages on the fields they name (others above the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)  # type: ignore[attr-defined]


class SchemeForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Nama skema", max_length=200)
    effective_from = MonthField(
        label="Berlaku mulai bulan",
        help_text="Skema berlaku sampai bulan sebelum skema berikutnya.",
    )
    legal_basis = forms.CharField(label="Dasar hukum (Perwali)", max_length=300)
    performance_weight = _percent("Bobot kinerja (%)")
    discipline_weight = _percent("Bobot disiplin (%)")
    absent_day_cut = _percent("Potongan per hari tidak masuk tanpa alasan sah (% bagian disiplin)")
    late_hour_cut = _percent("Potongan per jam keterlambatan (% bagian disiplin)")
    missing_predikat_rate = _percent("Tarif kinerja bila belum ada predikat final (%)")
    apply_sanction_cut = forms.BooleanField(
        label="Terapkan potongan hukuman disiplin tingkat sedang (25%)", required=False
    )
    copy_from = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def rate_fields(self) -> list[forms.BoundField]:
        return [self[rate_field(value)] for value in Predikat.values]

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[amount_field(value)] for value in Position.Kind.values]

    def header_fields(self) -> list[forms.BoundField]:
        names = (
            "name",
            "effective_from",
            "legal_basis",
            "performance_weight",
            "discipline_weight",
            "absent_day_cut",
            "late_hour_cut",
            "missing_predikat_rate",
            "apply_sanction_cut",
        )
        return [self[name] for name in names]

    def data_for_service(self) -> SchemeData:
        data = self.cleaned_data
        return SchemeData(
            name=data["name"],
            effective_from=data["effective_from"],
            legal_basis=data["legal_basis"],
            performance_weight=data["performance_weight"],
            discipline_weight=data["discipline_weight"],
            absent_day_cut=data["absent_day_cut"],
            late_hour_cut=data["late_hour_cut"],
            missing_predikat_rate=data["missing_predikat_rate"],
            apply_sanction_cut=data["apply_sanction_cut"],
            rates={value: data[rate_field(value)] for value in Predikat.values},
            kind_amounts={value: data[amount_field(value)] for value in Position.Kind.values},
        )


# The five predikat rates and a base amount per position kind, declared from their choices.
for _value, _label in Predikat.choices:
    SchemeForm.base_fields[rate_field(_value)] = _percent(f"Tarif predikat {_label} (%)")
for _value, _label in Position.Kind.choices:
    SchemeForm.base_fields[amount_field(_value)] = forms.IntegerField(
        label=f"Pagu {_label} (Rp)",
        required=False,
        help_text="Kosongkan bila jenis jabatan ini tidak menerima TPP menurut skema.",
    )


def initial_from(scheme: Scheme, *, as_copy: bool) -> dict[str, Any]:
    """The form's initial values from a scheme (its rates and base amounts prefetched). A copy
    keeps the numbers and leaves the month for the new scheme to be typed."""
    initial: dict[str, Any] = {
        "name": scheme.name,
        "legal_basis": scheme.legal_basis,
        "performance_weight": scheme.performance_weight,
        "discipline_weight": scheme.discipline_weight,
        "absent_day_cut": scheme.absent_day_cut,
        "late_hour_cut": scheme.late_hour_cut,
        "missing_predikat_rate": scheme.missing_predikat_rate,
        "apply_sanction_cut": scheme.apply_sanction_cut,
    }
    if as_copy:
        initial["copy_from"] = scheme.pk
    else:
        initial["effective_from"] = month_text(scheme.effective_from)
    for row in rate_rows(scheme):
        initial[rate_field(row.predikat)] = row.rate
    for kind in kind_rows(scheme):
        initial[amount_field(kind.kind)] = kind.amount
    return initial


DEFAULT_INITIAL: dict[str, Any] = {"apply_sanction_cut": True, "missing_predikat_rate": Decimal(0)}


class PositionAmountForm(BootstrapFormMixin, forms.Form):
    position = forms.ModelChoiceField(
        label="Jabatan",
        queryset=Position.objects.select_related("work_unit").order_by("name", "pk"),
        empty_label="Pilih jabatan",
    )
    amount = forms.IntegerField(label="Pagu per bulan (Rp)")
