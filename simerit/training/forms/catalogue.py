"""HTML input of the catalogue, the competency dictionary and the configuration. The forms only
parse; the services validate the rules and their messages land on the fields they name."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.core.spreadsheets.text import megabytes, thousands
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.performance.models import BehaviourIndicator
from simerit.training.models import (
    LEADERSHIP_KINDS,
    Competency,
    LeadershipRule,
    Programme,
    ProgrammeKind,
    TrainingYear,
)
from simerit.training.services import catalogue_import
from simerit.training.services.catalogue import CompetencyInput, ProgrammeInput
from simerit.training.services.catalogue_levels import AssessmentInput
from simerit.training.services.config import YearInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVEL_CHOICES = [("", "— pilih —"), *((str(level), str(level)) for level in range(1, 6))]


def decimal_field(label: str, help_text: str = "", **kwargs: Any) -> forms.DecimalField:
    """A number typed with a comma or a point ("12,5"); the service checks its range, so that a
    negative or absurd value gets the domain's message instead of a generic one."""
    return forms.DecimalField(
        label=label,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class ServiceErrorsMixin:
    """A service's InvalidInputError messages on the fields they name (others above the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)  # type: ignore[attr-defined]


# --- programmes


class ProgrammeFilterForm(BootstrapFormMixin, forms.Form):
    ACTIVE_CHOICES = [("1", "Aktif"), ("0", "Nonaktif"), ("all", "Semua")]

    q = forms.CharField(label="Cari", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis"), *ProgrammeKind.choices]
    )
    active = forms.ChoiceField(label="Status", required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, show_active: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_active:
            del self.fields["active"]

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments; an invalid value is ignored (the default list)."""
        data = self.cleaned_data if self.is_valid() else {}
        active = {"1": True, "0": False, "all": None}.get(data.get("active") or "1")
        return {"search": data.get("q", ""), "kind": data.get("kind", ""), "active": active}


class IndicatorChoiceField(forms.ModelMultipleChoiceField[BehaviourIndicator]):
    def label_from_instance(self, obj: BehaviourIndicator) -> str:
        return f"{obj.code}. {obj.text}"


class CompetencyChoiceField(forms.ModelMultipleChoiceField[Competency]):
    def label_from_instance(self, obj: Competency) -> str:
        return f"{obj.code} — {obj.name}"


class ProgrammeForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label="Kode program", max_length=30, help_text="Mis. TEK-PBJ-01; disimpan huruf besar."
    )
    name = forms.CharField(label="Nama program", max_length=200)
    kind = forms.ChoiceField(label="Jenis", choices=ProgrammeKind.choices)
    jp = decimal_field(
        "JP (jam pelajaran)", "1 JP = 45 menit; 0,5 sampai 999,9, satu angka di belakang koma."
    )
    provider = forms.CharField(label="Penyelenggara", max_length=200)
    mode = forms.ChoiceField(label="Moda", choices=Programme.Mode.choices)
    description = forms.CharField(
        label="Uraian", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    competencies = CompetencyChoiceField(
        label="Kompetensi sasaran",
        required=False,
        queryset=Competency.objects.order_by("kind", "code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Tahan Ctrl (atau Cmd) untuk memilih lebih dari satu.",
    )
    indicators = IndicatorChoiceField(
        label="Panduan perilaku BerAKHLAK sasaran",
        required=False,
        queryset=BehaviourIndicator.objects.select_related("value").order_by(
            "value__order", "order"
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    for_weak_predikat = forms.BooleanField(
        label="Tindak lanjut predikat kinerja rendah (coaching, mentoring)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each checkbox of the list, not the list, carries Bootstrap's class.
        self.fields["indicators"].widget.attrs["class"] = "form-check-input"

    def to_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        return ProgrammeInput(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            jp=data["jp"],
            provider=data["provider"],
            mode=data["mode"],
            description=data.get("description", ""),
            competencies=list(data.get("competencies") or []),
            indicators=list(data.get("indicators") or []),
            for_weak_predikat=bool(data.get("for_weak_predikat")),
        )


def programme_initial(programme: Programme) -> dict[str, Any]:
    return {
        "code": programme.code,
        "name": programme.name,
        "kind": programme.kind,
        "jp": programme.jp,
        "provider": programme.provider,
        "mode": programme.mode,
        "description": programme.description,
        "competencies": list(programme.competencies.all()),
        "indicators": list(programme.indicators.all()),
        "for_weak_predikat": programme.for_weak_predikat,
    }


# --- the competency dictionary


class SearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari", required=False, max_length=100)

    def search(self) -> str:
        return str(self.cleaned_data.get("q", "")) if self.is_valid() else ""


class CompetencyFilterForm(SearchForm):
    kind = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis"), *Competency.Kind.choices]
    )

    def kind_filter(self) -> str:
        return str(self.cleaned_data.get("kind", "")) if self.is_valid() else ""


class CompetencyForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    code = forms.CharField(label="Kode", max_length=20, help_text="Mis. K001 atau MNJ-01.")
    name = forms.CharField(label="Nama kompetensi", max_length=200)
    kind = forms.ChoiceField(label="Jenis", choices=Competency.Kind.choices)
    description = forms.CharField(
        label="Uraian", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def to_input(self) -> CompetencyInput:
        data = self.cleaned_data
        return CompetencyInput(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            description=data.get("description", ""),
        )


def competency_initial(competency: Competency) -> dict[str, Any]:
    return {
        "code": competency.code,
        "name": competency.name,
        "kind": competency.kind,
        "description": competency.description,
    }


class CompetencyRefField(forms.ModelChoiceField[Competency]):
    def label_from_instance(self, obj: Competency) -> str:
        return f"{obj.code} — {obj.name}"


class RequirementForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    competency = CompetencyRefField(
        label="Kompetensi",
        queryset=Competency.objects.order_by("kind", "code"),
        empty_label="— pilih kompetensi —",
    )
    required_level = forms.TypedChoiceField(
        label="Level dipersyaratkan", choices=LEVEL_CHOICES, coerce=int
    )


class AssessmentForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    competency = CompetencyRefField(
        label="Kompetensi",
        queryset=Competency.objects.order_by("kind", "code"),
        empty_label="— pilih kompetensi —",
    )
    level = forms.TypedChoiceField(label="Level hasil asesmen", choices=LEVEL_CHOICES, coerce=int)
    assessed_on = forms.DateField(label="Tanggal asesmen", widget=DATE)
    source = forms.CharField(
        label="Sumber",
        required=False,
        max_length=200,
        help_text="Mis. assessment center BKPSDM, uji kompetensi teknis.",
    )

    def to_input(self) -> AssessmentInput:
        data = self.cleaned_data
        return AssessmentInput(
            competency=data["competency"],
            level=data["level"],
            assessed_on=data["assessed_on"],
            source=data.get("source", ""),
        )


class AssessmentImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text=(
            f"Gunakan templat. Maksimal {catalogue_import.MAX_FILE_BYTES // 1024 // 1024} MB dan "
            f"{thousands(catalogue_import.MAX_ROWS)} baris data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > catalogue_import.MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar ({megabytes(upload.size)} MB); batasnya "
                f"{catalogue_import.MAX_FILE_BYTES // 1024 // 1024} MB. "
                "Bagi data menjadi beberapa berkas."
            )
        return upload


# --- configuration


class YearForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Tahun")
    minimum_jp = decimal_field(
        "JP minimum per tahun", "PP 11/2017 Pasal 203 ayat (4): paling sedikit 20 JP setahun."
    )
    reminders_from = forms.DateField(
        label="Pengingat mulai",
        required=False,
        widget=DATE,
        help_text="Pegawai yang JP-nya kurang diingatkan sejak tanggal ini; kosongkan untuk "
        "1 Oktober tahun tersebut.",
    )
    max_jp_per_day = decimal_field(
        "JP maksimum per hari", "Batas JP yang dapat diakui untuk satu hari pelatihan (1–24)."
    )

    def __init__(self, *args: Any, instance: TrainingYear | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "year": instance.year,
                    "minimum_jp": instance.minimum_jp,
                    "reminders_from": instance.reminders_from,
                    "max_jp_per_day": instance.max_jp_per_day,
                },
            )
        else:
            kwargs.setdefault("initial", {"minimum_jp": "20", "max_jp_per_day": "10"})
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["year"].disabled = True

    def to_input(self) -> YearInput:
        data = self.cleaned_data
        return YearInput(
            minimum_jp=data["minimum_jp"],
            max_jp_per_day=data["max_jp_per_day"],
            reminders_from=data.get("reminders_from"),
        )


class LeadershipRuleForm(ServiceErrorsMixin, BootstrapFormMixin, forms.Form):
    programme_kind = forms.ChoiceField(
        label="Pelatihan wajib",
        choices=[
            (value, label)
            for value, label in ProgrammeKind.choices
            if value in {kind.value for kind in LEADERSHIP_KINDS}
        ],
    )
    months_to_complete = forms.IntegerField(
        label="Batas waktu (bulan sejak TMT jabatan)",
        help_text="1 sampai 120 bulan; sesudahnya tanda pelatihan kepemimpinan menjadi terlambat.",
    )

    def __init__(self, *args: Any, instance: LeadershipRule, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "programme_kind": instance.programme_kind,
                "months_to_complete": instance.months_to_complete,
            },
        )
        super().__init__(*args, **kwargs)
