"""Input of the public board: the filters (GET) and the eligibility checker (POST, never in URLs)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from simerit.core.forms import BootstrapFormMixin
from simerit.organization.models import WorkUnit
from simerit.recruitment.models import SelectionPeriod, Track
from simerit.recruitment.rules import ApplicantProfile
from simerit.recruitment.selectors.board import BoardChoices, BoardFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MIN_BIRTH_DATE = dt.date(1900, 1, 1)


def _indent(unit: WorkUnit) -> str:
    return f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class FilterControl:
    """One filter as the board's template draws it; `options` is None for the search box."""

    name: str
    label: str
    html_id: str
    value: str
    options: list[Option] | None


class BoardFilterForm(BootstrapFormMixin, forms.Form):
    """Search and filters of the formasi list; a bad value drops only that filter."""

    periode = forms.TypedChoiceField(label="Periode seleksi", coerce=int, required=False)
    q = forms.CharField(
        label="Cari jabatan, unit atau kode",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "mis. perawat"}),
    )
    unit = forms.TypedChoiceField(label="Unit penempatan", coerce=int, required=False)
    position = forms.TypedChoiceField(label="Jabatan", coerce=int, required=False)
    level = forms.ChoiceField(label="Jenjang pendidikan", required=False)
    track = forms.ChoiceField(label="Jenis formasi", required=False)

    def __init__(
        self,
        *args: Any,
        periods: list[SelectionPeriod],
        choices: BoardChoices | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in choices.units} if choices else {}
        field: Any = self.fields["periode"]
        field.choices = [(p.pk, p.name) for p in periods]
        field = self.fields["unit"]
        field.choices = [("", "Semua unit"), *[(u.pk, _indent(u)) for u in self.units.values()]]
        field = self.fields["position"]
        positions = choices.positions if choices else []
        field.choices = [("", "Semua jabatan"), *[(p.pk, p.name) for p in positions]]
        field = self.fields["level"]
        levels = choices.levels if choices else []
        field.choices = [("", "Semua jenjang"), *[(lv.code, lv.name) for lv in levels]]
        field = self.fields["track"]
        field.choices = [("", "Semua jenis"), *Track.choices]

    def period_id(self) -> int | None:
        self.is_valid()
        value = self.cleaned_data.get("periode")
        return value if isinstance(value, int) else None

    def filters(self) -> BoardFilters:
        """The valid filters only: a bad value in one field does not drop the others."""
        self.is_valid()
        data = self.cleaned_data
        unit_id = data.get("unit")
        position_id = data.get("position")
        return BoardFilters(
            search=(data.get("q") or "").strip(),
            unit=self.units.get(unit_id) if isinstance(unit_id, int) else None,
            position_id=position_id if isinstance(position_id, int) else None,
            level_code=data.get("level") or "",
            track=data.get("track") or "",
        )

    def controls(self, *, period_id: int | None) -> list[FilterControl]:
        """The filters with their options marked, drawn by the template without widget templates:
        the board's selects hold hundreds of options and Django renders each one from a template.
        """
        current = {key: str(value) for key, value in self.values().items()}
        current["periode"] = str(period_id or "")
        controls = []
        for name, field in self.fields.items():
            choices: Any = getattr(field, "choices", None)
            options = (
                None
                if choices is None
                else [
                    Option(str(value), str(label), str(value) == current[name])
                    for value, label in choices
                ]
            )
            controls.append(
                FilterControl(name, str(field.label), f"id_{name}", current[name], options)
            )
        return controls

    def values(self) -> dict[str, Any]:
        """The applied filters as form values, for the checker's hidden copy and page links."""
        filters = self.filters()
        return {
            "periode": self.cleaned_data.get("periode") or "",
            "q": filters.search,
            "unit": filters.unit.pk if filters.unit else "",
            "position": filters.position_id or "",
            "level": filters.level_code,
            "track": filters.track,
        }


def parse_gpa(value: str) -> Decimal | None:
    """Read "3,25" or "3.25" as Decimal("3.25"); empty is None; anything else a ValueError."""
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


class EligibilityForm(BootstrapFormMixin, forms.Form):
    """What a visitor types to see whether they qualify. Nothing of it is stored."""

    birth_date = forms.DateField(label="Tanggal lahir", widget=DATE_WIDGET)
    education_level = forms.ChoiceField(label="Pendidikan terakhir")
    major = forms.CharField(
        label="Program studi / jurusan",
        max_length=150,
        required=False,
        help_text="Tulis sesuai ijazah, mis. Keperawatan.",
    )
    gpa = forms.CharField(
        label="IPK (boleh dikosongkan)",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "mis. 3,25"}),
    )
    is_disabled = forms.BooleanField(label="Saya penyandang disabilitas", required=False)
    # Not "track": that name is the board's filter, sent along in the same POST.
    own_track = forms.ChoiceField(
        label="Jalur yang Anda ikuti",
        choices=Track.choices,
        initial=Track.UMUM,
        help_text="Formasi jalur khusus hanya untuk pelamar jalur itu.",
    )

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["education_level"]
        field.choices = [("", "— pilih jenjang —"), *levels]

    def clean_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("Tanggal lahir tidak boleh di masa depan.")
        if value < MIN_BIRTH_DATE:
            raise forms.ValidationError("Periksa kembali tahun lahir Anda.")
        return value

    def clean_gpa(self) -> Decimal | None:
        try:
            value = parse_gpa(self.cleaned_data["gpa"])
        except ValueError:
            raise forms.ValidationError("IPK harus berupa angka, mis. 3,25.") from None
        if value is not None and not Decimal(0) <= value <= Decimal("4.00"):
            raise forms.ValidationError("IPK harus antara 0 dan 4.")
        return value

    def profile(self) -> ApplicantProfile:
        data = self.cleaned_data
        return ApplicantProfile(
            birth_date=data["birth_date"],
            education_level_code=data["education_level"],
            education_major=data["major"].strip(),
            gpa=data["gpa"],
            is_disabled=data["is_disabled"],
            track=data["own_track"],
        )
