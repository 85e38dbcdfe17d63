"""HTML input of classes, meetings and results. The rules live in services/classes.py,
services/attendance.py and services/completion.py: these forms only read the fields."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from simerit.core.forms import BootstrapFormMixin
from simerit.organization.models import WorkUnit
from simerit.training.models import Enrolment, Programme, ProgrammeKind, TrainingClass
from simerit.training.rules.classes import TEXT_MAX_LENGTH
from simerit.training.selectors.classes import ClassFilters
from simerit.training.services.attendance import MeetingInput
from simerit.training.services.classes import ClassInput
from simerit.training.services.completion import Scores

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Typed in Asia/Jakarta (the current time zone); Django makes the value aware.
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
SCORE_WIDGET_ATTRS = {"step": "0.01", "min": "0", "max": "100", "inputmode": "decimal"}


class ClassFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari kelas atau program", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *TrainingClass.Status.choices]
    )
    kind = forms.ChoiceField(
        label="Jenis program", required=False, choices=[("", "Semua"), *ProgrammeKind.choices]
    )
    # The year of a class is the year it ends (rules.jp.training_year): its JP count for that year.
    year = forms.TypedChoiceField(
        label="Tahun selesai", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
        field.choices = [("", "Semua"), *((year, str(year)) for year in years)]

    def filters(self) -> ClassFilters:
        if not self.is_valid():
            return ClassFilters()
        data = self.cleaned_data
        return ClassFilters(
            query=data["q"].strip(), status=data["status"], kind=data["kind"], year=data["year"]
        )


class ProgrammeChoiceField(forms.ModelChoiceField[Programme]):
    def label_from_instance(self, obj: Programme) -> str:
        return f"{obj.code} — {obj.name} ({obj.jp} JP)"


class WorkUnitChoiceField(forms.ModelChoiceField[WorkUnit]):
    def label_from_instance(self, obj: WorkUnit) -> str:
        return obj.name


class ClassForm(BootstrapFormMixin, forms.Form):
    """A new class (with its programme) or an edit of one (the programme stays)."""

    programme = ProgrammeChoiceField(label="Program", queryset=Programme.objects.none())
    name = forms.CharField(
        label="Nama kelas/angkatan", max_length=120, help_text="Mis. Angkatan I Tahun 2026."
    )
    starts_on = forms.DateField(label="Tanggal mulai", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Tanggal selesai", widget=DATE_WIDGET)
    enrolment_closes_on = forms.DateField(
        label="Pendaftaran ditutup",
        widget=DATE_WIDGET,
        help_text="Paling lambat pada tanggal mulai kelas.",
    )
    capacity = forms.IntegerField(label="Kapasitas (peserta)")
    venue = forms.CharField(label="Tempat", max_length=200, required=False)
    online_url = forms.CharField(
        label="Tautan daring",
        max_length=200,
        required=False,
        help_text="Hanya ditampilkan kepada peserta yang mendapat kursi.",
    )
    jp = forms.DecimalField(
        label="JP",
        required=False,
        help_text="Kosongkan untuk memakai JP program.",
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    min_attendance_percent = forms.IntegerField(
        label="Kehadiran minimum untuk lulus (%)",
        initial=80,
        help_text="Bagian pertemuan (yang tidak dibatalkan) yang harus dihadiri peserta.",
    )
    work_unit = WorkUnitChoiceField(
        label="Khusus unit kerja",
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label="Semua unit kerja",
        help_text="Bila diisi, hanya pegawai unit ini (dan unit di bawahnya) yang dapat mendaftar.",
    )

    def __init__(
        self,
        *args: Any,
        training_class: TrainingClass | None = None,
        programmes: QuerySet[Programme] | None = None,
        **kwargs: Any,
    ) -> None:
        if training_class is not None:
            initial = {
                name: getattr(training_class, name)
                for name in self.base_fields
                if name not in ("programme", "work_unit")
            }
            initial["work_unit"] = training_class.work_unit_id
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        unit_field = self.fields["work_unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        unit_field.queryset = WorkUnit.objects.active().order_by("path")
        if training_class is not None:
            del self.fields["programme"]
            self.fields["jp"].help_text = (
                "Dapat diubah selama kelas berstatus draf atau pendaftaran dibuka dan belum ada "
                "peserta yang diputuskan kelulusannya."
            )
        else:
            programme_field = self.fields["programme"]
            assert isinstance(programme_field, forms.ModelChoiceField)  # noqa: S101
            programme_field.queryset = (
                programmes if programmes is not None else Programme.objects.none()
            )

    def to_input(self) -> ClassInput:
        data = self.cleaned_data
        return ClassInput(
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            enrolment_closes_on=data["enrolment_closes_on"],
            capacity=data["capacity"],
            venue=data["venue"],
            online_url=data["online_url"],
            min_attendance_percent=data["min_attendance_percent"],
            work_unit=data["work_unit"],
            jp=data["jp"],
        )


class MeetingForm(BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(
        label="Pertemuan ke-",
        required=False,
        help_text="Kosongkan untuk nomor berikutnya.",
    )
    topic = forms.CharField(label="Materi", max_length=200)
    starts_at = forms.DateTimeField(
        label="Mulai (WIB)", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label="Selesai (WIB)", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )

    def to_input(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(
            number=data["number"],
            topic=data["topic"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
        )


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


OUTCOME_CHOICES = [
    ("", "Belum diputuskan"),
    (Enrolment.Status.COMPLETED, "Lulus"),
    (Enrolment.Status.NOT_COMPLETED, "Tidak lulus"),
]


class ResultForm(forms.Form):
    """One participant's row of the roster. Its inputs sit in the table's cells and point to the
    row's <form> by the `form` attribute (form_id)."""

    pre_test_score = forms.DecimalField(label="Pre-test", required=False)
    post_test_score = forms.DecimalField(label="Post-test", required=False)
    assessment_score = forms.DecimalField(label="Evaluasi akhir", required=False)
    outcome = forms.ChoiceField(label="Keputusan", required=False, choices=OUTCOME_CHOICES)

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"hasil-{enrolment.pk}")
        kwargs.setdefault(
            "initial",
            {name: getattr(enrolment, name) for name in Scores.__dataclass_fields__},
        )
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.form_id = f"hasil-{enrolment.pk}"
        for name, field in self.fields.items():
            attrs = {"form": self.form_id, "class": "form-control form-control-sm"}
            if name == "outcome":
                attrs["class"] = "form-select form-select-sm"
            else:
                attrs.update(SCORE_WIDGET_ATTRS)
            field.widget.attrs.update(attrs)
        if enrolment.status != Enrolment.Status.ENROLLED:
            # A decided participant keeps the decision (revert_result undoes it).
            del self.fields["outcome"]

    def scores(self) -> Scores:
        data = self.cleaned_data
        return Scores(
            pre_test_score=data["pre_test_score"],
            post_test_score=data["post_test_score"],
            assessment_score=data["assessment_score"],
        )

    def chosen_outcome(self) -> str | None:
        return self.cleaned_data.get("outcome") or None
