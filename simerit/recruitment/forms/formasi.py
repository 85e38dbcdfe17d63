"""HTML input for periods and formasi. The rules live in services/periods.py and services/formasi.py."""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q

from simerit.core.forms import BootstrapFormMixin
from simerit.core.spreadsheets.text import megabytes, thousands
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.organization.models import (
    EducationLevel,
    Golongan,
    Position,
    WorkUnit,
    WorkUnitQuerySet,
)
from simerit.recruitment import formasi_import
from simerit.recruitment.forms.board import parse_gpa
from simerit.recruitment.models import (
    DocumentKind,
    Formasi,
    SelectionKind,
    SelectionPeriod,
    Stage,
    Track,
)
from simerit.recruitment.services.formasi import (
    ALLOWED_FORMATS,
    DocumentInput,
    EducationInput,
    FormasiInput,
)
from simerit.recruitment.services.periods import PeriodInput, WindowInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Typed in Asia/Jakarta (the current time zone); Django makes the value aware.
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
# The documents a new formasi asks for: SSCASN's default registration list (domain reference §1.3).
DEFAULT_DOCUMENT_CODES = ("pas_foto", "swafoto", "ktp", "surat_lamaran", "ijazah", "transkrip")
MAJOR_SEPARATORS = re.compile(r"[\n;,]")


class PeriodForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama seleksi",
        max_length=200,
        help_text="Mis. Seleksi CASN 2026 Kota Palembang.",
    )
    kind = forms.ChoiceField(label="Jenis seleksi", choices=SelectionKind.choices)
    year = forms.IntegerField(label="Tahun anggaran")
    default_min_age = forms.IntegerField(
        label="Batas usia minimal bawaan",
        initial=18,
        help_text="Dipakai sebagai isian awal setiap formasi baru.",
    )
    default_max_age = forms.IntegerField(label="Batas usia maksimal bawaan", initial=35)
    age_reference_date = forms.DateField(
        label="Tanggal acuan usia",
        widget=DATE_WIDGET,
        help_text="Usia pelamar dihitung pada tanggal ini.",
    )
    tms_needs_confirmation = forms.BooleanField(
        label="TMS perlu konfirmasi verifikator kedua", required=False, initial=True
    )
    sanggah_days = forms.IntegerField(
        label="Lama masa sanggah (hari kalender)", initial=3, help_text="Biasanya 3 hari."
    )
    description = forms.CharField(
        label="Keterangan", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, period: SelectionPeriod | None = None, **kwargs: Any) -> None:
        if period is not None:
            kwargs.setdefault("initial", {name: getattr(period, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)

    def to_input(self) -> PeriodInput:
        return PeriodInput(**self.cleaned_data)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


@dataclass(frozen=True)
class ScheduleRow:
    stage: str
    label: str
    opens: forms.BoundField
    closes: forms.BoundField


class ScheduleForm(BootstrapFormMixin, forms.Form):
    """One row per stage; a row left empty means the stage has no window."""

    def __init__(self, *args: Any, period: SelectionPeriod, **kwargs: Any) -> None:
        windows = {window.stage: window for window in period.windows.all()}
        initial: dict[str, Any] = {}
        for stage, window in windows.items():
            initial[f"{stage}_opens"] = window.opens_at
            initial[f"{stage}_closes"] = window.closes_at
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for stage in Stage:
            for suffix, label in (("opens", "dibuka"), ("closes", "ditutup")):
                self.fields[f"{stage}_{suffix}"] = forms.DateTimeField(
                    label=f"{stage.label} {label}",
                    required=False,
                    widget=DATETIME_WIDGET,
                    input_formats=DATETIME_FORMATS,
                )
                self.fields[f"{stage}_{suffix}"].widget.attrs["class"] = "form-control"

    def rows(self) -> list[ScheduleRow]:
        return [
            ScheduleRow(stage, stage.label, self[f"{stage}_opens"], self[f"{stage}_closes"])
            for stage in Stage
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for stage in Stage:
            opens, closes = data.get(f"{stage}_opens"), data.get(f"{stage}_closes")
            if (opens is None) != (closes is None) and not self.has_error(f"{stage}_opens"):
                self.add_error(
                    f"{stage}_closes",
                    "Isi waktu dibuka dan ditutup, atau kosongkan keduanya.",
                )
        return data

    def windows(self) -> list[WindowInput]:
        data = self.cleaned_data
        return [
            WindowInput(stage, data[f"{stage}_opens"], data[f"{stage}_closes"])
            for stage in Stage
            if data.get(f"{stage}_opens") and data.get(f"{stage}_closes")
        ]

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for stage, messages in errors.items():
            name = f"{stage}_closes"
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class UnitChoiceField(forms.ModelChoiceField[WorkUnit]):
    """Units indented by depth, so that a long list still reads as a tree."""

    def label_from_instance(self, obj: WorkUnit) -> str:
        return f"{'— ' * max(obj.depth - 1, 0)}{obj.name}"


class PositionChoiceField(forms.ModelChoiceField[Position]):
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} ({obj.work_unit.name})" if obj.work_unit else obj.name


@dataclass(frozen=True)
class EducationRow:
    level: EducationLevel
    accepted: forms.BoundField
    majors: forms.BoundField


@dataclass(frozen=True)
class DocumentRow:
    kind: DocumentKind
    included: forms.BoundField
    formats: forms.BoundField
    max_kb: forms.BoundField
    required: forms.BoundField


class FormasiForm(BootstrapFormMixin, forms.Form):
    """Create (with a period) or edit (a draft) a formasi, with its education rules and documents.

    Education and documents are one row per level and per document kind; documents start from
    the national defaults of their kind.
    """

    period = forms.ModelChoiceField(
        label="Periode seleksi", queryset=SelectionPeriod.objects.none(), empty_label=None
    )
    code = forms.CharField(label="Kode formasi", max_length=40, help_text="Unik dalam periode.")
    position = PositionChoiceField(label="Jabatan", queryset=Position.objects.none())
    work_unit = UnitChoiceField(label="Unit penempatan", queryset=WorkUnit.objects.none())
    quota = forms.IntegerField(label="Kuota")
    track = forms.ChoiceField(label="Jenis formasi", choices=Track.choices, initial=Track.UMUM)
    entry_golongan = forms.ModelChoiceField(
        label="Golongan awal",
        queryset=Golongan.objects.order_by("rank"),
        required=False,
        empty_label="— (PPPK: kosongkan)",
    )
    min_age = forms.IntegerField(
        label="Usia minimal", required=False, help_text="Kosongkan: bawaan periode."
    )
    max_age = forms.IntegerField(
        label="Usia maksimal", required=False, help_text="Kosongkan: bawaan periode."
    )
    age_reference_date = forms.DateField(
        label="Tanggal acuan usia",
        required=False,
        widget=DATE_WIDGET,
        help_text="Kosongkan: tanggal acuan periode.",
    )
    min_gpa = forms.CharField(
        label="IPK minimal",
        required=False,
        max_length=6,
        help_text="Kosongkan bila tidak ada syarat IPK. Contoh: 3,00.",
    )
    extra_requirements = forms.CharField(
        label="Persyaratan tambahan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Dalam bahasa yang mudah dipahami pelamar, mis. memiliki STR yang masih berlaku.",
    )

    def __init__(
        self,
        *args: Any,
        units: WorkUnitQuerySet,
        periods: Any = None,
        formasi: Formasi | None = None,
        **kwargs: Any,
    ) -> None:
        self.levels = list(EducationLevel.objects.order_by("rank"))
        self.kinds = list(DocumentKind.objects.order_by("name"))
        kwargs["initial"] = {**self._initial(formasi), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.formasi = formasi
        self.section_errors: dict[str, list[str]] = {"education": [], "documents": []}
        if formasi is not None or periods is None:
            del self.fields["period"]
        else:
            period_field: Any = self.fields["period"]
            period_field.queryset = periods
        unit_field: Any = self.fields["work_unit"]
        unit_field.queryset = units.order_by("path")
        position_field: Any = self.fields["position"]
        # General positions and those of the managed units; the service also accepts a position of
        # a unit above the formasi's unit.
        position_field.queryset = (
            Position.objects.filter(Q(work_unit__isnull=True) | Q(work_unit__in=units))
            .select_related("work_unit")
            .order_by("name", "pk")
        )
        self._add_requirement_fields()

    def _add_requirement_fields(self) -> None:
        for level in self.levels:
            self.fields[f"edu_{level.code}"] = forms.BooleanField(label=level.name, required=False)
            self.fields[f"edu_{level.code}_majors"] = forms.CharField(
                label=f"Program studi {level.name}",
                required=False,
                # The section's own text explains the format (one help text for ten rows).
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "class": "form-control",
                        "aria-describedby": "pendidikan-bantuan",
                    }
                ),
            )
        for kind in self.kinds:
            self.fields[f"doc_{kind.code}"] = forms.BooleanField(label=kind.name, required=False)
            self.fields[f"doc_{kind.code}_formats"] = forms.MultipleChoiceField(
                label=f"Format {kind.name}",
                required=False,
                choices=[(f, f.upper()) for f in ALLOWED_FORMATS],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
            self.fields[f"doc_{kind.code}_max_kb"] = forms.IntegerField(
                label=f"Ukuran maksimal {kind.name} (KB)",
                required=False,
                min_value=1,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.fields[f"doc_{kind.code}_required"] = forms.BooleanField(
                label=f"{kind.name} wajib",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        for name, field in self.fields.items():
            if name.startswith("edu_") and not name.endswith("_majors"):
                field.widget.attrs["class"] = "form-check-input"
            if name.startswith("doc_") and isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"

    def _initial(self, formasi: Formasi | None) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        documents = {kind.code: (kind.default_formats, kind.default_max_kb) for kind in self.kinds}
        included = set(DEFAULT_DOCUMENT_CODES)
        required = set(DEFAULT_DOCUMENT_CODES)
        if formasi is not None:
            initial.update(
                code=formasi.code,
                position=formasi.position_id,
                work_unit=formasi.work_unit_id,
                quota=formasi.quota,
                track=formasi.track,
                entry_golongan=formasi.entry_golongan_id,
                min_age=formasi.min_age,
                max_age=formasi.max_age,
                age_reference_date=formasi.age_reference_date,
                min_gpa=str(formasi.min_gpa).replace(".", ",") if formasi.min_gpa else "",
                extra_requirements=formasi.extra_requirements,
            )
            for rule in formasi.education.all():
                initial[f"edu_{rule.level.code}"] = True
                initial[f"edu_{rule.level.code}_majors"] = "\n".join(rule.majors)
            included, required = set(), set()
            for doc in formasi.documents.all():
                documents[doc.kind.code] = (doc.formats, doc.max_kb)
                included.add(doc.kind.code)
                if doc.is_required:
                    required.add(doc.kind.code)
        for code, (formats, max_kb) in documents.items():
            initial[f"doc_{code}"] = code in included
            initial[f"doc_{code}_formats"] = list(formats)
            initial[f"doc_{code}_max_kb"] = max_kb
            initial[f"doc_{code}_required"] = code in required
        return initial

    def main_fields(self) -> list[forms.BoundField]:
        """The formasi's own fields, without the per-level and per-document rows."""
        return [self[name] for name in self.fields if not name.startswith(("edu_", "doc_"))]

    def education_rows(self) -> list[EducationRow]:
        return [
            EducationRow(level, self[f"edu_{level.code}"], self[f"edu_{level.code}_majors"])
            for level in self.levels
        ]

    def document_rows(self) -> list[DocumentRow]:
        return [
            DocumentRow(
                kind,
                self[f"doc_{kind.code}"],
                self[f"doc_{kind.code}_formats"],
                self[f"doc_{kind.code}_max_kb"],
                self[f"doc_{kind.code}_required"],
            )
            for kind in self.kinds
        ]

    def clean_min_gpa(self) -> Any:
        try:
            return parse_gpa(self.cleaned_data["min_gpa"])
        except ValueError:
            raise forms.ValidationError("IPK minimal harus berupa angka, mis. 3,00.") from None

    def to_input(self) -> FormasiInput:
        data = self.cleaned_data
        education = [
            EducationInput(
                level=level,
                majors=tuple(MAJOR_SEPARATORS.split(data.get(f"edu_{level.code}_majors") or "")),
            )
            for level in self.levels
            if data.get(f"edu_{level.code}")
        ]
        documents = [
            DocumentInput(
                kind=kind,
                formats=tuple(data.get(f"doc_{kind.code}_formats") or ()),
                max_kb=data.get(f"doc_{kind.code}_max_kb"),
                is_required=bool(data.get(f"doc_{kind.code}_required")),
            )
            for kind in self.kinds
            if data.get(f"doc_{kind.code}")
        ]
        return FormasiInput(
            code=data["code"],
            position=data["position"],
            work_unit=data["work_unit"],
            quota=data["quota"],
            track=data["track"],
            entry_golongan=data["entry_golongan"],
            min_age=data["min_age"],
            max_age=data["max_age"],
            age_reference_date=data["age_reference_date"],
            min_gpa=data["min_gpa"],
            extra_requirements=data["extra_requirements"],
            education=education,
            documents=documents,
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Field errors on their fields; education and document errors in their own sections."""
        for name, messages in errors.items():
            if name in self.section_errors:
                self.section_errors[name].extend(messages)
                for message in messages:
                    self.add_error(None, message)
            else:
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)


class FormasiFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari kode, jabatan atau unit", max_length=100, required=False)
    period = forms.ModelChoiceField(
        label="Periode", queryset=SelectionPeriod.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua"), *Formasi.Status.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["period"]
        field.queryset = SelectionPeriod.objects.order_by("-year", "name")
        field.empty_label = "Semua periode"

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "period": data.get("period"),
            "status": data.get("status") or "",
        }


class FormasiImportForm(BootstrapFormMixin, forms.Form):
    period = forms.ModelChoiceField(
        label="Periode seleksi", queryset=SelectionPeriod.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text=(
            f"Gunakan templat. Maksimal {formasi_import.MAX_FILE_BYTES // 1024 // 1024} MB dan "
            f"{thousands(formasi_import.MAX_ROWS)} baris data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args: Any, periods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["period"]
        field.queryset = periods

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > formasi_import.MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar ({megabytes(upload.size)} MB); batasnya "
                f"{formasi_import.MAX_FILE_BYTES // 1024 // 1024} MB."
            )
        return upload
