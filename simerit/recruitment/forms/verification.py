"""HTML input for verification, conflicts of interest, announcements and sanggah.

The rules live in the services; these forms only parse.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet

from simerit.accounts.models import User
from simerit.core.forms import BootstrapFormMixin
from simerit.recruitment.models import (
    Application,
    ApplicationDocument,
    Formasi,
    RejectionReason,
    SelectionPeriod,
    VerificationAssignment,
)
from simerit.recruitment.selectors.verification import QueueState, default_period


class FormasiChoiceField(forms.ModelChoiceField[Formasi]):
    def label_from_instance(self, obj: Formasi) -> str:
        return f"{obj.code} — {obj.position.name}"


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    formasi = FormasiChoiceField(
        label="Formasi", queryset=Formasi.objects.none(), required=False, empty_label="Semua"
    )
    status = forms.ChoiceField(
        label="Status lamaran",
        required=False,
        choices=[("", "Semua"), *Application.Status.choices[1:]],
    )
    state = forms.ChoiceField(label="Tugas", required=False, choices=QueueState.CHOICES)
    role = forms.ChoiceField(
        label="Jenis tugas",
        required=False,
        choices=[("", "Semua"), *VerificationAssignment.Role.choices],
    )

    def __init__(self, *args: Any, formasi: QuerySet[Formasi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["formasi"]
        field.queryset = formasi

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a bad value in one field does not drop the others."""
        self.is_valid()
        data = self.cleaned_data
        formasi = data.get("formasi")
        return {
            "formasi_id": formasi.pk if formasi else None,
            "status": data.get("status") or "",
            "state": data.get("state") or "",
            "role": data.get("role") or "",
        }


class DocumentReviewForm(BootstrapFormMixin, forms.Form):
    verdict = forms.ChoiceField(
        label="Hasil pemeriksaan",
        choices=[("valid", "Sah"), ("invalid", "Tidak sah")],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label="Alasan (wajib bila tidak sah)",
        required=False,
        choices=[("", "— pilih alasan —"), *RejectionReason.choices],
    )
    note = forms.CharField(label="Catatan", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radio buttons take Bootstrap's check-input class, not form-control.
        self.fields["verdict"].widget.attrs["class"] = "form-check-input"


class ReturnForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label="Alasan pengembalian",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dikirim kepada verifikator pertama untuk ditinjau ulang.",
    )


class SanggahDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Keputusan",
        choices=[("grant", "Terima sanggah (lamaran menjadi MS)"), ("reject", "Tolak sanggah")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Pertimbangan",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ditampilkan kepada pelamar.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class DocumentChoiceField(forms.ModelMultipleChoiceField[ApplicationDocument]):
    def label_from_instance(self, obj: ApplicationDocument) -> str:
        return obj.kind.name


class SanggahFilingForm(BootstrapFormMixin, forms.Form):
    documents = DocumentChoiceField(
        label="Dokumen yang Anda rujuk",
        queryset=ApplicationDocument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Hanya dokumen yang sudah diunggah; sanggah tidak dapat menambah berkas baru.",
    )
    reason = forms.CharField(
        label="Alasan sanggah",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Jelaskan mengapa dokumen yang Anda rujuk sebenarnya memenuhi syarat.",
    )
    agree = forms.BooleanField(
        label="Saya mengerti bahwa sanggah hanya dapat diajukan satu kali dan tidak dapat diubah.",
    )

    def __init__(self, *args: Any, documents: QuerySet[ApplicationDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["documents"]
        field.queryset = documents
        field.widget.attrs["class"] = "form-check-input"


class ConflictDeclarationForm(BootstrapFormMixin, forms.Form):
    relative_name = forms.CharField(label="Nama kerabat", max_length=150)
    relation = forms.CharField(
        label="Hubungan",
        max_length=60,
        help_text="Misalnya: anak, saudara kandung, keponakan, suami/istri.",
    )
    relative_nik = forms.CharField(
        label="NIK kerabat",
        required=False,
        max_length=20,
        help_text="Bila diketahui. Disimpan untuk pencocokan, tidak pernah ditampilkan utuh.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class FamilyCardForm(BootstrapFormMixin, forms.Form):
    kk_number = forms.CharField(
        label="Nomor KK Anda",
        max_length=20,
        help_text="16 digit. Pelamar dengan nomor KK yang sama tidak akan ditugaskan kepada Anda.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class PeriodChoiceField(forms.ModelChoiceField[SelectionPeriod]):
    def label_from_instance(self, obj: SelectionPeriod) -> str:
        return obj.name


class PeriodFilterForm(BootstrapFormMixin, forms.Form):
    period = PeriodChoiceField(
        label="Periode seleksi",
        queryset=SelectionPeriod.objects.order_by("-year", "name"),
        required=False,
        empty_label=None,
    )


class VerifierChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.username


class OpenAssignmentFilterForm(BootstrapFormMixin, forms.Form):
    period = PeriodChoiceField(
        label="Periode seleksi",
        queryset=SelectionPeriod.objects.order_by("-year", "name"),
        required=False,
        empty_label=None,
    )
    verifier = VerifierChoiceField(
        label="Verifikator",
        queryset=User.objects.filter(verification_assignments__completed_at__isnull=True)
        .distinct()
        .order_by("full_name", "username"),
        required=False,
        empty_label="Semua",
    )

    def selection(self) -> tuple[SelectionPeriod | None, User | None]:
        """The valid choices only; no period chosen: the default one."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        period = data.get("period") or default_period()
        if period is not None and not self.is_bound:
            self.initial = {"period": period.pk}
        return period, data.get("verifier")


class AssignmentRunForm(BootstrapFormMixin, forms.Form):
    formasi = FormasiChoiceField(
        label="Formasi",
        queryset=Formasi.objects.none(),
        required=False,
        empty_label="Seluruh formasi periode ini",
    )

    def __init__(self, *args: Any, period: SelectionPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["formasi"]
        field.queryset = Formasi.objects.filter(period=period).select_related("position")


class PublishForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label="Catatan perubahan",
        required=False,
        max_length=300,
        help_text="Wajib untuk versi koreksi (versi 2 dan seterusnya).",
    )
