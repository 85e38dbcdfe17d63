"""HTML input for the selection's configuration: the period setup, rubrics (criteria with their
anchors) and the SKB components of a formasi. The rules live in services/setup.py,
services/rubrics.py and services/components.py; these forms only read and type the input."""

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from simerit.core.forms import BootstrapFormMixin
from simerit.selection.models import Aggregation, Method, Rubric, SelectionSetup, SkbComponent
from simerit.selection.services.components import ComponentInput
from simerit.selection.services.rubrics import MAX_LEVEL, CriterionInput, RubricInput
from simerit.selection.services.setup import FIELDS, SetupInput

INDEXED = re.compile(r"^(?:criteria|components)\.(\d+)\.(\w+)$")
# Typed in Asia/Jakarta (the current time zone); Django makes the value aware.
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
DEFAULT_LEVELS = (1, 5)
ASSESSED_METHODS = [(value, label) for value, label in Method.choices if value != Method.CAT]


def percent_field(label: str, help_text: str = "", *, required: bool = True) -> forms.DecimalField:
    """A percentage typed with a comma or a point ("62,5"), at most two decimals."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ServiceErrorsMixin:
    """Put a service's InvalidInputError messages on the matching fields (or the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)  # type: ignore[attr-defined]


# --- setup


class SetupForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    skd_max = forms.IntegerField(
        label="Nilai maksimum SKD", help_text="§2.4: 550 (TWK 150 + TIU 175 + TKP 225)."
    )
    cut_multiplier = forms.IntegerField(
        label="Pengali kuota untuk lolos ke SKB", help_text="§2.3: 3 × jumlah kebutuhan."
    )
    skd_weight = percent_field("Bobot SKD dalam nilai akhir (%)", "Bawaan nasional 40.")
    skb_weight = percent_field(
        "Bobot SKB dalam nilai akhir (%)", "Bawaan nasional 60. Bobot SKD + SKB harus 100."
    )
    min_cat_weight = percent_field(
        "Bobot minimal SKB-CAT di dalam SKB (%)", "§3.2: bawaan 60; 0–100."
    )
    max_additional_components = forms.IntegerField(
        label="Jumlah maksimal SKB tambahan per formasi",
        help_text="Metode selain CAT (simulasi kasus, praktik kerja, wawancara, psikotes).",
    )
    allow_interview = forms.BooleanField(
        label="Wawancara boleh menjadi SKB tambahan",
        required=False,
        help_text="§3.2: instansi daerah tidak boleh memakai wawancara (bawaan: tidak); instansi "
        "pusat boleh dengan bobot terbatas.",
    )
    max_interview_weight = percent_field(
        "Bobot maksimal wawancara di dalam SKB (%)",
        "Berlaku bila wawancara diperbolehkan; bawaan 10 (instansi pusat, 2024); 0–100.",
    )
    result_sanggah_days = forms.IntegerField(
        label="Lama masa sanggah hasil akhir (hari kalender)", help_text="1–30; bawaan 3."
    )

    def __init__(self, *args: Any, setup: SelectionSetup, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(setup, name) for name in FIELDS})
        super().__init__(*args, **kwargs)

    def to_input(self) -> SetupInput:
        values = {name: self.cleaned_data[name] for name in FIELDS}
        values["allow_interview"] = bool(values["allow_interview"])
        return SetupInput(**values)


# --- rubrics


class RubricForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama rubrik", max_length=200, help_text="Mis. Simulasi kasus klinis: demam berdarah."
    )
    method = forms.ChoiceField(label="Metode", choices=ASSESSED_METHODS)
    min_level = forms.IntegerField(label="Skor terendah", initial=DEFAULT_LEVELS[0])
    max_level = forms.IntegerField(
        label="Skor tertinggi",
        initial=DEFAULT_LEVELS[1],
        help_text=f"Paling tinggi {MAX_LEVEL}. Setiap kriteria memerlukan jangkar untuk setiap skor.",
    )
    description = forms.CharField(
        label="Petunjuk untuk asesor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    case_material = forms.CharField(
        label="Materi kasus",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Untuk simulasi kasus: kasus seperti diberikan kepada peserta dan asesor.",
    )

    def __init__(self, *args: Any, rubric: Rubric | None = None, **kwargs: Any) -> None:
        if rubric is not None:
            kwargs.setdefault("initial", {name: getattr(rubric, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)


def posted_levels(data: Mapping[str, Any] | None, rubric: Rubric | None) -> range:
    """The score levels the criteria need anchors for: those typed in the rubric form when they
    make a valid range, otherwise the rubric's (or 1–5)."""
    low, high = (rubric.min_level, rubric.max_level) if rubric else DEFAULT_LEVELS
    if data is not None:
        try:
            typed = int(data.get("min_level", "")), int(data.get("max_level", ""))
        except (TypeError, ValueError):
            typed = (low, high)
        if 0 <= typed[0] < typed[1] <= MAX_LEVEL:
            low, high = typed
    return range(low, high + 1)


class CriterionForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Kriteria", max_length=200)
    weight = percent_field("Bobot (%)")
    description = forms.CharField(
        label="Penjelasan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, levels: range, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in reversed(levels):
            self.fields[f"anchor_{level}"] = forms.CharField(
                label=f"Jangkar skor {level}",
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def anchor_fields(self) -> list[forms.BoundField]:
        return [self[f"anchor_{level}"] for level in reversed(self.levels)]

    def main_fields(self) -> list[forms.BoundField]:
        return [self["name"], self["weight"], self["description"]]

    def to_input(self) -> CriterionInput:
        data = self.cleaned_data
        return CriterionInput(
            name=data["name"],
            weight=data["weight"],
            description=data.get("description") or "",
            anchors={level: data.get(f"anchor_{level}") or "" for level in self.levels},
        )


class IndexedFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """A formset whose filled, undeleted forms become a list of service inputs; the service's
    errors keyed "<list>.<position>.<field>" go back to the form at that position."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
            form.fields["DELETE"].label = "Hapus baris ini"

    def filled_forms(self) -> list[forms.Form]:
        return [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        filled = self.filled_forms()
        for key, messages in errors.items():
            match = INDEXED.match(key)
            form = filled[int(match[1])] if match and int(match[1]) < len(filled) else None
            for message in messages:
                if form is None:
                    self._non_form_errors = self.error_class([*self.non_form_errors(), message])
                else:
                    name = match[2] if match and match[2] in form.fields else None
                    form.add_error(name, message)


class CriterionFormSet(IndexedFormSet):
    def to_inputs(self) -> list[CriterionInput]:
        return [cast(CriterionForm, form).to_input() for form in self.filled_forms()]


def criterion_formset(
    data: Mapping[str, Any] | None, *, rubric: Rubric | None, levels: range
) -> CriterionFormSet:
    criteria = list(rubric.criteria.all()) if rubric else []
    factory = forms.formset_factory(
        CriterionForm, formset=CriterionFormSet, extra=1 if criteria else 3, can_delete=True
    )
    initial = [
        {
            "name": criterion.name,
            "weight": criterion.weight,
            "description": criterion.description,
            **{f"anchor_{anchor.level}": anchor.description for anchor in criterion.anchors.all()},
        }
        for criterion in criteria
    ]
    formset = factory(data, initial=initial, prefix="kriteria", form_kwargs={"levels": levels})
    return cast(CriterionFormSet, formset)


def rubric_input(form: RubricForm, formset: CriterionFormSet) -> RubricInput:
    data = form.cleaned_data
    return RubricInput(
        name=data["name"],
        method=data["method"],
        min_level=data["min_level"],
        max_level=data["max_level"],
        description=data.get("description") or "",
        case_material=data.get("case_material") or "",
        criteria=formset.to_inputs(),
    )


# --- components


class RubricChoiceField(forms.ModelChoiceField[Rubric]):
    def label_from_instance(self, obj: Rubric) -> str:
        return f"{obj.name} ({obj.get_method_display()})"


class ComponentForm(BootstrapFormMixin, forms.Form):
    order = forms.IntegerField(label="Urutan", min_value=1)
    method = forms.ChoiceField(label="Metode", choices=[("", "— pilih —"), *Method.choices])
    name = forms.CharField(label="Nama komponen", max_length=200)
    weight = percent_field("Bobot di dalam SKB (%)")
    cat_max_score = forms.IntegerField(
        label="Nilai maksimum SKB-CAT",
        required=False,
        help_text="Hanya SKB-CAT, mis. 500.",
    )
    rubric = RubricChoiceField(
        label="Rubrik",
        queryset=Rubric.objects.none(),
        required=False,
        empty_label="— (SKB-CAT: kosongkan)",
    )
    assessors_per_candidate = forms.IntegerField(
        label="Asesor per peserta", initial=2, help_text="Paling sedikit 2."
    )
    max_spread = percent_field(
        "Selisih maksimal antarasesor", "Skala 0–100; lebih dari ini ditandai."
    )
    aggregation = forms.ChoiceField(
        label="Penggabungan nilai", choices=Aggregation.choices, initial=Aggregation.MEAN
    )
    is_blind = forms.BooleanField(
        label="Tanpa identitas (kode peserta)", required=False, initial=True
    )
    scoring_opens_at = forms.DateTimeField(
        label="Penilaian dibuka (WIB)",
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )
    scoring_closes_at = forms.DateTimeField(
        label="Batas akhir penilaian (WIB)",
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )

    def __init__(self, *args: Any, rubrics: QuerySet[Rubric], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["max_spread"].initial = Decimal(15)
        rubric_field = self.fields["rubric"]
        assert isinstance(rubric_field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        rubric_field.queryset = rubrics

    def to_input(self) -> ComponentInput:
        data = self.cleaned_data
        return ComponentInput(
            order=data["order"],
            method=data["method"],
            name=data["name"],
            weight=data["weight"],
            cat_max_score=data.get("cat_max_score"),
            rubric=data.get("rubric"),
            assessors_per_candidate=data["assessors_per_candidate"],
            max_spread=data["max_spread"],
            aggregation=data["aggregation"],
            is_blind=bool(data.get("is_blind")),
            scoring_opens_at=data.get("scoring_opens_at"),
            scoring_closes_at=data.get("scoring_closes_at"),
        )


class ComponentFormSet(IndexedFormSet):
    def to_inputs(self) -> list[ComponentInput]:
        return [cast(ComponentForm, form).to_input() for form in self.filled_forms()]


def component_formset(
    data: Mapping[str, Any] | None,
    *,
    components: Sequence[SkbComponent],
    rubrics: QuerySet[Rubric],
) -> ComponentFormSet:
    factory = forms.formset_factory(
        ComponentForm, formset=ComponentFormSet, extra=1 if components else 2, can_delete=True
    )
    initial = [
        {
            "order": component.order,
            "method": component.method,
            "name": component.name,
            "weight": component.weight,
            "cat_max_score": component.cat_max_score,
            "rubric": component.rubric_id,
            "assessors_per_candidate": component.assessors_per_candidate,
            "max_spread": component.max_spread,
            "aggregation": component.aggregation,
            "is_blind": component.is_blind,
            "scoring_opens_at": component.scoring_opens_at,
            "scoring_closes_at": component.scoring_closes_at,
        }
        for component in components
    ]
    formset = factory(data, initial=initial, prefix="komponen", form_kwargs={"rubrics": rubrics})
    return cast(ComponentFormSet, formset)


class CopyForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    SAME_POSITION = "position"
    CODES = "codes"

    scope = forms.ChoiceField(
        label="Formasi tujuan",
        choices=[
            (SAME_POSITION, "Semua formasi lain dengan jabatan yang sama di periode ini"),
            (CODES, "Formasi dengan kode berikut"),
        ],
        initial=SAME_POSITION,
        widget=forms.RadioSelect,
    )
    codes = forms.CharField(
        label="Kode formasi",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pisahkan dengan koma, spasi atau baris baru.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == self.CODES and not self.code_list(data.get("codes", "")):
            self.add_error("codes", "Tulis paling sedikit satu kode formasi.")
        return data

    @staticmethod
    def code_list(text: str) -> list[str]:
        return [code for code in re.split(r"[\s,;]+", text) if code]

    def targets_query(self) -> dict[str, Any]:
        if self.cleaned_data["scope"] == self.SAME_POSITION:
            return {"same_position": True}
        return {"codes": self.code_list(self.cleaned_data["codes"])}


class FormasiSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Kode formasi", required=False, max_length=40)

    def search(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""
