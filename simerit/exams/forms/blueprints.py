"""HTML input for blueprints (kisi-kisi). The rules live in services/blueprints.py."""

import re
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.exams.models import (
    Blueprint,
    BlueprintSection,
    ExamKind,
    PassingRule,
    QuestionBank,
    QuestionCategory,
)
from simerit.exams.services.blueprint_sections import EVERY_OTHER_TRACK, RuleInput, SectionInput
from simerit.exams.services.blueprints import BlueprintInput
from simerit.recruitment.models import SelectionPeriod, Track

INDEXED = re.compile(r"^(?:sections|rules)\.(\d+)\.(\w+)$")


class ServiceErrorsMixin:
    """Put a service's InvalidInputError messages on the matching fields (or the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)  # type: ignore[attr-defined]


class BlueprintForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama kisi-kisi", max_length=200, help_text="Mis. SKD CPNS 2026 Kota Palembang."
    )
    kind = forms.ChoiceField(label="Jenis ujian", choices=ExamKind.choices)
    period = forms.ModelChoiceField(
        label="Periode seleksi",
        queryset=SelectionPeriod.objects.order_by("-year", "name"),
        required=False,
        help_text="Wajib untuk ujian sungguhan; kosongkan untuk tryout.",
    )
    delivery = forms.ChoiceField(label="Pelaksana", choices=Blueprint.Delivery.choices)
    bank = forms.ModelChoiceField(
        label="Bank soal",
        queryset=QuestionBank.objects.order_by("name"),
        required=False,
        help_text="Tryout memakai bank latihan, ujian sungguhan bank ujian; CAT BKN tanpa bank.",
    )
    duration_minutes = forms.IntegerField(label="Durasi (menit)", min_value=1, initial=100)
    shuffle_questions = forms.BooleanField(
        label="Acak urutan soal per peserta", required=False, initial=True
    )
    shuffle_options = forms.BooleanField(
        label="Acak urutan pilihan jawaban per peserta", required=False, initial=True
    )
    is_public = forms.BooleanField(
        label="Terbuka untuk umum (hanya tryout)", required=False, initial=False
    )
    legal_basis = forms.CharField(
        label="Dasar hukum", max_length=200, required=False, help_text="Mis. KepmenPANRB 321/2024."
    )

    def __init__(self, *args: Any, blueprint: Blueprint | None = None, **kwargs: Any) -> None:
        if blueprint is not None:
            kwargs.setdefault(
                "initial", {name: getattr(blueprint, name) for name in self.base_fields}
            )
        super().__init__(*args, **kwargs)

    def to_input(self) -> BlueprintInput:
        return BlueprintInput(**self.cleaned_data)


class BlueprintFilterForm(BootstrapFormMixin, forms.Form):
    period = forms.ModelChoiceField(
        label="Periode seleksi",
        queryset=SelectionPeriod.objects.order_by("-year", "name"),
        required=False,
        empty_label="Semua periode",
    )
    kind = forms.ChoiceField(
        label="Jenis ujian", choices=[("", "Semua jenis"), *ExamKind.choices], required=False
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        period = self.cleaned_data.get("period")
        return {"period_id": period.pk if period else None, "kind": self.cleaned_data["kind"]}


class SectionForm(BootstrapFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label="Kategori", queryset=QuestionCategory.objects.none(), to_field_name="code"
    )
    question_count = forms.IntegerField(label="Jumlah soal", min_value=1)
    correct_points = forms.IntegerField(
        label="Nilai benar",
        initial=5,
        help_text="Soal berbobot (TKP): nilai opsi tertinggi.",
    )
    wrong_points = forms.IntegerField(label="Nilai salah", initial=0)
    blank_points = forms.IntegerField(label="Nilai kosong", initial=0)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = QuestionCategory.objects.order_by("exam_kind", "order", "code")
        if kind != ExamKind.TRYOUT:
            categories = categories.filter(exam_kind=kind)
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        category_field.queryset = categories


class BaseIndexedFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """A formset whose filled, undeleted forms become a list of service inputs."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def filled_forms(self) -> list[tuple[int, forms.Form]]:
        return [
            (index, form)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        """Errors keyed "<list>.<position>.<field>" go to the form of that position."""
        filled = [form for _, form in self.filled_forms()]
        for key, messages in errors.items():
            match = INDEXED.match(key)
            form = filled[int(match[1])] if match and int(match[1]) < len(filled) else None
            for message in messages:
                if form is None:
                    self._non_form_errors = self.error_class([*self.non_form_errors(), message])
                else:
                    name = match[2] if match and match[2] in form.fields else None
                    form.add_error(name, message)


class SectionFormSet(BaseIndexedFormSet):
    def to_inputs(self) -> list[SectionInput]:
        return [
            SectionInput(
                category_code=form.cleaned_data["category"].code,
                question_count=form.cleaned_data["question_count"],
                correct_points=form.cleaned_data["correct_points"],
                wrong_points=form.cleaned_data["wrong_points"],
                blank_points=form.cleaned_data["blank_points"],
            )
            for _, form in self.filled_forms()
        ]


def section_formset(
    data: Any, *, blueprint: Blueprint, sections: Sequence[BlueprintSection]
) -> SectionFormSet:
    factory = forms.formset_factory(
        SectionForm, formset=SectionFormSet, extra=1 if sections else 3, can_delete=True
    )
    initial = [
        {
            "category": section.category.code,
            "question_count": section.question_count,
            "correct_points": section.correct_points,
            "wrong_points": section.wrong_points,
            "blank_points": section.blank_points,
        }
        for section in sections
    ]
    formset = factory(data, initial=initial, prefix="bagian", form_kwargs={"kind": blueprint.kind})
    return cast(SectionFormSet, formset)


TRACK_CHOICES = [("", EVERY_OTHER_TRACK), *Track.choices]


class RuleForm(BootstrapFormMixin, forms.Form):
    track = forms.ChoiceField(label="Jalur", choices=TRACK_CHOICES, required=False)
    total_minimum = forms.IntegerField(label="Minimum kumulatif", min_value=0, required=False)
    legal_basis = forms.CharField(label="Dasar hukum", max_length=200, required=False)

    def __init__(self, *args: Any, codes: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = list(codes)
        for code in self.codes:
            self.fields[f"min_{code}"] = forms.IntegerField(
                label=f"Minimum {code}", min_value=0, required=False
            )
            self.fields[f"min_{code}"].widget.attrs["class"] = "form-control"
        minimums = [f"min_{code}" for code in self.codes]
        self.order_fields(["track", *minimums, "total_minimum", "legal_basis"])

    def minimum_fields(self) -> list[forms.BoundField]:
        return [self[f"min_{code}"] for code in self.codes]

    def to_input(self) -> RuleInput:
        data = self.cleaned_data
        return RuleInput(
            track=data.get("track") or "",
            category_minimums={
                code: data[f"min_{code}"]
                for code in self.codes
                if data.get(f"min_{code}") is not None
            },
            total_minimum=data.get("total_minimum"),
            legal_basis=data.get("legal_basis") or "",
        )


class RuleFormSet(BaseIndexedFormSet):
    def to_inputs(self) -> list[RuleInput]:
        return [form.to_input() for _, form in self.filled_forms()]  # type: ignore[attr-defined]


def rule_formset(data: Any, *, codes: Sequence[str], rules: Sequence[PassingRule]) -> RuleFormSet:
    factory = forms.formset_factory(
        RuleForm, formset=RuleFormSet, extra=1 if rules else 2, can_delete=True
    )
    initial = [
        {
            "track": rule.track,
            "total_minimum": rule.total_minimum,
            "legal_basis": rule.legal_basis,
            **{f"min_{code}": value for code, value in rule.category_minimums.items()},
        }
        for rule in rules
    ]
    formset = factory(data, initial=initial, prefix="ambang", form_kwargs={"codes": codes})
    return cast(RuleFormSet, formset)


class AssembleForm(BootstrapFormMixin, forms.Form):
    seed = forms.IntegerField(
        label="Benih acak (opsional)",
        min_value=0,
        required=False,
        help_text="Isi angka yang sama untuk mengulang perakitan yang sama; kosongkan untuk acak.",
    )


class ScoreImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas nilai BKN (.csv atau .xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
