"""HTML input for sittings, placement, participants and check-in. The rules live in
services/sittings.py and services/checkin.py."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.forms import BootstrapFormMixin
from simerit.exams.models import Blueprint, ExamPin, Participant, Sitting
from simerit.exams.services.proctoring import MAX_REASON_LENGTH, REASON_TOO_LONG
from simerit.exams.services.sittings import MAX_NOTE_LENGTH, MAX_PIN_CUTOFF_MINUTES, SittingInput

# Typed in Asia/Jakarta (the current time zone); Django makes the value aware.
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class BlueprintChoiceField(forms.ModelChoiceField[Blueprint]):
    def label_from_instance(self, obj: Blueprint) -> str:
        return f"{obj.name} ({obj.period})"


class SittingForm(BootstrapFormMixin, forms.Form):
    blueprint = BlueprintChoiceField(label="Kisi-kisi ujian", queryset=Blueprint.objects.none())
    code = forms.CharField(
        label="Kode sesi", max_length=40, help_text="Unik, mis. SKD-2026-0812-S1-R1."
    )
    starts_at = forms.DateTimeField(
        label="Mulai (WIB)", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    site = forms.CharField(label="Lokasi", max_length=150, help_text="Mis. UPT BKN Palembang.")
    room = forms.CharField(label="Ruang", max_length=100)
    capacity = forms.IntegerField(label="Kapasitas (kursi)", min_value=1, max_value=32767)
    is_accessible = forms.BooleanField(
        label="Ruang ramah disabilitas",
        required=False,
        help_text="Pelamar penyandang disabilitas ditempatkan di sesi ramah disabilitas.",
    )
    pin_cutoff_minutes = forms.IntegerField(
        label="PIN ditutup (menit sebelum mulai)",
        min_value=0,
        max_value=MAX_PIN_CUTOFF_MINUTES,
        initial=5,
        help_text="Peraturan BKN 5/2024: 5 menit sebelum ujian dimulai.",
    )

    def __init__(
        self,
        *args: Any,
        sitting: Sitting | None = None,
        blueprints: QuerySet[Blueprint] | None = None,
        **kwargs: Any,
    ) -> None:
        if sitting is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(sitting, name) for name in self.base_fields if name != "blueprint"},
            )
        super().__init__(*args, **kwargs)
        if sitting is not None:
            # The blueprint of a sitting never changes: its participants were placed for it.
            del self.fields["blueprint"]
        else:
            field = self.fields["blueprint"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
            field.queryset = blueprints if blueprints is not None else Blueprint.objects.none()

    def to_input(self) -> SittingInput:
        data = self.cleaned_data
        return SittingInput(
            code=data["code"],
            starts_at=data["starts_at"],
            site=data["site"],
            room=data["room"],
            capacity=data["capacity"],
            is_accessible=data["is_accessible"],
            pin_cutoff_minutes=data["pin_cutoff_minutes"],
        )


class SittingFilterForm(BootstrapFormMixin, forms.Form):
    blueprint = BlueprintChoiceField(
        label="Kisi-kisi", queryset=Blueprint.objects.none(), required=False, empty_label="Semua"
    )
    date = forms.DateField(
        label="Tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, blueprints: QuerySet[Blueprint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["blueprint"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        field.queryset = blueprints

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"blueprint": self.cleaned_data["blueprint"], "date": self.cleaned_data["date"]}


class PlacementForm(BootstrapFormMixin, forms.Form):
    blueprint = BlueprintChoiceField(label="Kisi-kisi ujian", queryset=Blueprint.objects.none())

    def __init__(self, *args: Any, blueprints: QuerySet[Blueprint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["blueprint"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        field.queryset = blueprints


class ProctorChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name or obj.username} ({obj.username})"


class ProctorForm(BootstrapFormMixin, forms.Form):
    user = ProctorChoiceField(label="Pengawas ujian", queryset=User.objects.none())

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        field.queryset = users


class SittingChoiceField(forms.ModelChoiceField[Sitting]):
    def label_from_instance(self, obj: Sitting) -> str:
        local = timezone.localtime(obj.starts_at)
        seated = getattr(obj, "seated", None)
        room = f", terisi {seated}/{obj.capacity}" if seated is not None else ""
        accessible = ", ramah disabilitas" if obj.is_accessible else ""
        return f"{obj.code} — {obj.site}, {obj.room} ({local:%d-%m-%Y %H.%M} WIB{room}{accessible})"


class MoveForm(BootstrapFormMixin, forms.Form):
    sitting = SittingChoiceField(label="Pindah ke sesi", queryset=Sitting.objects.none())

    def __init__(self, *args: Any, sittings: QuerySet[Sitting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sitting"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        field.queryset = sittings


class AccommodationForm(BootstrapFormMixin, forms.Form):
    extra_minutes = forms.IntegerField(
        label="Tambahan waktu (menit)",
        min_value=0,
        max_value=32767,
        initial=0,
        help_text="Mis. 30 menit untuk peserta tunanetra (SKD 130 menit, bukan 100).",
    )
    note = forms.CharField(
        label="Catatan akomodasi",
        max_length=MAX_NOTE_LENGTH,
        required=False,
        help_text="Wajib bila ada tambahan waktu; tercetak pada kartu ujian.",
    )

    def __init__(self, *args: Any, participant: Participant | None = None, **kwargs: Any) -> None:
        if participant is not None:
            kwargs.setdefault(
                "initial",
                {
                    "extra_minutes": participant.extra_minutes,
                    "note": participant.accommodation_note,
                },
            )
        super().__init__(*args, **kwargs)


class CheckinSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari nomor pendaftaran atau nama", max_length=100, required=False)

    def query(self) -> str:
        return str(self.cleaned_data.get("q") or "") if self.is_valid() else ""


class PinForm(forms.Form):
    purpose = forms.ChoiceField(choices=ExamPin.Purpose.choices)
    # Takeover only, optional: why the participant moves to another computer (audit row).
    reason = forms.CharField(
        label="Alasan pindah komputer (opsional)",
        max_length=MAX_REASON_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"max_length": REASON_TOO_LONG},
    )

    def refusal(self) -> str:
        """The message for a refused form (the page shows it as an alert)."""
        if "purpose" in self.errors:
            return "Jenis PIN tidak dikenal."
        return next(str(message) for errors in self.errors.values() for message in errors)
