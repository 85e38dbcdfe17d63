"""HTML input of the evaluation of training: the participant's survey and the filters of HR's
evaluation pages. The rules are the services' and rules/evaluation.py's; these forms only read."""

from typing import Any

from django import forms

from simerit.training.models import Enrolment, Programme, TrainingClass
from simerit.training.rules import evaluation as rules

SCORE_CHOICES = [(score, f"{score} — {label}") for score, label in rules.SURVEY_SCALE.items()]
SELECT = {"class": "form-select"}


class SurveyForm(forms.Form):
    """One required 1–5 choice per aspect (field name = the SurveyResponse field) and a comment."""

    comment = forms.CharField(
        label="Saran untuk penyelenggara (tidak wajib)",
        required=False,
        max_length=rules.SURVEY_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text="Saran ditampilkan kepada penyelenggara tanpa nama Anda, setelah survei ditutup "
        f"dan bila paling sedikit {rules.MIN_SURVEY_RESPONSES} peserta mengisi survei.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in rules.SURVEY_ASPECTS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": f"Pilih nilai {label.lower()} 1 sampai 5.",
                    "invalid_choice": f"Nilai {label.lower()} harus 1 sampai 5.",
                },
            )
        # The comment after the scores.
        self.order_fields([name for name, _ in rules.SURVEY_ASPECTS])

    def scores(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name, _ in rules.SURVEY_ASPECTS}

    def aspect_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _ in rules.SURVEY_ASPECTS]


class ProgrammeChoiceField(forms.ModelChoiceField[Programme]):
    def label_from_instance(self, obj: Programme) -> str:
        return f"{obj.code} — {obj.name}"


class ClassChoiceField(forms.ModelChoiceField[TrainingClass]):
    def label_from_instance(self, obj: TrainingClass) -> str:
        return f"{obj.programme.code} — {obj.name} ({obj.starts_on:%d-%m-%Y})"


def _year_choices(years: list[int]) -> list[tuple[str, str]]:
    return [("", "Semua tahun"), *((str(year), str(year)) for year in years)]


class OverviewFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(
        label="Tahun", required=False, coerce=int, empty_value=None, widget=forms.Select(SELECT)
    )
    program = ProgrammeChoiceField(
        label="Program",
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label="Semua program",
        widget=forms.Select(SELECT),
    )
    q = forms.CharField(
        label="Cari kelas atau program",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = _year_choices(years)  # type: ignore[attr-defined]


class ComparisonFilterForm(forms.Form):
    """The group compared: all lulus participants, or those of a year, a programme or a class."""

    tahun = forms.TypedChoiceField(
        label="Tahun kelas",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(SELECT),
    )
    program = ProgrammeChoiceField(
        label="Program",
        queryset=Programme.objects.filter(
            classes__enrolments__status=Enrolment.Status.COMPLETED
        ).distinct(),
        required=False,
        empty_label="Semua program",
        widget=forms.Select(SELECT),
    )
    kelas = ClassChoiceField(
        label="Kelas",
        queryset=TrainingClass.objects.filter(enrolments__status=Enrolment.Status.COMPLETED)
        .select_related("programme")
        .distinct(),
        required=False,
        empty_label="Semua kelas",
        widget=forms.Select(SELECT),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = _year_choices(years)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        programme = cleaned.get("program")
        training_class = cleaned.get("kelas")
        if programme and training_class and training_class.programme_id != programme.pk:
            self.add_error("kelas", "Kelas ini bukan kelas dari program yang dipilih.")
        return cleaned
