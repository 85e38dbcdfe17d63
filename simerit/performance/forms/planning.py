"""HTML input of SKP planning: the year's configuration, an RHK, an indicator, the return note, an
expectation and the filters. The services validate the rules; these only parse."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from simerit.core.forms import BootstrapFormMixin
from simerit.performance.models import Frequency, Indicator, PerformanceYear, Skp, WorkResult
from simerit.performance.services.planning import EXPECTATION_MAX_LENGTH, NOTE_MAX_LENGTH
from simerit.performance.services.planning_results import (
    TEXT_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    IndicatorInput,
    ResultInput,
)
from simerit.performance.services.planning_years import YearConfig

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DIRECTION_BY_ASPECT, LOWER_BETTER, HIGHER_BETTER = "", "1", "0"


class YearForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Tahun")
    starts_on = forms.DateField(label="Mulai", widget=DATE)
    ends_on = forms.DateField(label="Berakhir", widget=DATE)
    feedback_closes_on = forms.DateField(
        label="Batas akhir masukan 360",
        widget=DATE,
        required=False,
        help_text="Jawaban masukan 360 diterima sampai tanggal ini; rekapitulasinya baru "
        "ditampilkan sesudahnya (atau sesudah Admin BKPSDM menutup masukan lebih awal). Kosongkan "
        "untuk memakai batas akhir penilaian.",
    )
    ratings_close_on = forms.DateField(
        label="Batas akhir penilaian",
        widget=DATE,
        help_text="Keputusan pejabat penilai ditolak sesudah tanggal ini.",
    )
    frequency = forms.ChoiceField(label="Periode realisasi", choices=Frequency.choices)
    min_group_raters = forms.IntegerField(
        label="Minimal penilai per kelompok",
        initial=3,
        help_text="Masukan rekan dan bawahan ditampilkan hanya bila sekurang-kurangnya sejumlah "
        "ini menjawab (paling sedikit 2).",
    )
    justification_margin = forms.DecimalField(
        label="Batas selisih tanpa justifikasi",
        initial=1,
        help_text="Selisih keputusan dari bukti 360 (skala 1–5) yang mewajibkan justifikasi.",
    )
    objection_days = forms.IntegerField(label="Batas hari keberatan", initial=14)
    achievement_cap = forms.IntegerField(label="Batas capaian (%)", initial=120)

    def __init__(self, *args: Any, instance: PerformanceYear | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    field: getattr(instance, field)
                    for field in [*YearConfig.__dataclass_fields__, "year"]
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["year"].disabled = True

    def config(self) -> YearConfig:
        data = self.cleaned_data
        values: dict[str, Any] = {
            field: data.get(field) for field in YearConfig.__dataclass_fields__
        }
        return YearConfig(**values)


class ResultForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Jenis", choices=WorkResult.Kind.choices)
    text = forms.CharField(
        label="Rencana hasil kerja",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Rencana hasil kerja wajib diisi."},
    )
    parent = forms.ModelChoiceField(
        label="RHK pimpinan yang diintervensi",
        queryset=WorkResult.objects.none(),
        required=False,
        empty_label="— tidak ada —",
    )
    perspective = forms.ChoiceField(
        label="Perspektif (JPT)",
        choices=[("", "—"), *WorkResult.Perspective.choices],
        required=False,
    )

    def __init__(self, *args: Any, parents: QuerySet[WorkResult], jpt: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent_field: Any = self.fields["parent"]
        # Any RHK may be posted: the service refuses one that is not the evaluator's with the
        # message of the cascade rule, instead of a bare "invalid choice".
        parent_field.queryset = WorkResult.objects.all()
        parent_field.widget.choices = [("", "— tidak ada —")] + [
            (result.pk, f"{result.get_kind_display()} {result.order}. {result.text}")
            for result in parents
        ]
        if not jpt:
            del self.fields["perspective"]

    def result_input(self) -> ResultInput:
        data = self.cleaned_data
        return ResultInput(
            kind=data["kind"],
            text=data["text"],
            parent=data["parent"],
            perspective=data.get("perspective") or "",
        )


class IndicatorForm(BootstrapFormMixin, forms.Form):
    aspect = forms.ChoiceField(label="Aspek", choices=Indicator.Aspect.choices)
    text = forms.CharField(
        label="Indikator kinerja individu",
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": "Indikator kinerja wajib diisi."},
    )
    target = forms.DecimalField(
        label="Target",
        error_messages={
            "required": "Target wajib diisi.",
            "invalid": "Target harus berupa angka.",
        },
    )
    unit = forms.CharField(
        label="Satuan",
        max_length=UNIT_MAX_LENGTH,
        error_messages={"required": "Satuan wajib diisi."},
        help_text="Mis. dokumen, %, hari, rupiah.",
    )
    direction = forms.ChoiceField(
        label="Arah capaian",
        required=False,
        choices=[
            (DIRECTION_BY_ASPECT, "Menurut aspek (waktu dan biaya: makin kecil makin baik)"),
            (LOWER_BETTER, "Makin kecil makin baik"),
            (HIGHER_BETTER, "Makin besar makin baik"),
        ],
    )

    def __init__(self, *args: Any, instance: Indicator | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "aspect": instance.aspect,
                    "text": instance.text,
                    "target": instance.target,
                    "unit": instance.unit,
                    "direction": LOWER_BETTER if instance.lower_is_better else HIGHER_BETTER,
                },
            )
        super().__init__(*args, **kwargs)

    def indicator_input(self) -> IndicatorInput:
        data = self.cleaned_data
        direction = data.get("direction") or DIRECTION_BY_ASPECT
        return IndicatorInput(
            aspect=data["aspect"],
            text=data["text"],
            target=data["target"],
            unit=data["unit"],
            lower_is_better=None if direction == DIRECTION_BY_ASPECT else direction == LOWER_BETTER,
        )


class ReturnForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label="Catatan pengembalian",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Catatan pengembalian wajib diisi."},
        help_text="Apa yang harus diperbaiki pegawai sebelum mengajukan lagi.",
    )


class ExpectationForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label="Ekspektasi khusus pimpinan",
        max_length=EXPECTATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Ekspektasi khusus pimpinan wajib diisi."},
    )


class TeamFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *Skp.Status.choices]
    )

    def status_filter(self) -> str:
        if not self.is_valid():
            return ""
        return str(self.cleaned_data["status"])
