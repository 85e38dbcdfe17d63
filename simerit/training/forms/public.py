"""HTML input of the public preparation: the visitor's registration, and Admin BKPSDM's session,
material and filter forms. The rules live in services/public.py; these only parse."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from simerit.core.forms import BootstrapFormMixin
from simerit.recruitment.models import SelectionPeriod
from simerit.training.models import InformationSession, ReadingMaterial, SessionRegistration
from simerit.training.services import public as services
from simerit.training.services import public_materials as material_services
from simerit.training.services import public_sessions as session_services

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

# UU 27/2022 (Pelindungan Data Pribadi) Pasal 20–22: consent names the purpose of the processing.
CONSENT_PURPOSE = (
    "Nama, e-mail, dan nomor HP Anda dipakai hanya untuk mengelola pendaftaran pada sesi ini: "
    "bukti pendaftaran, daftar hadir, pemberitahuan daftar tunggu, serta kabar perubahan atau "
    "pembatalan sesi. Data ini tidak ditampilkan kepada publik dan tidak dipakai untuk seleksi "
    "(UU 27/2022 tentang Pelindungan Data Pribadi)."
)


def consent_purpose(retention_days: int) -> str:
    """CONSENT_PURPOSE with how long the data is kept (services.public_retention)."""
    return f"{CONSENT_PURPOSE} Data ini dianonimkan {retention_days} hari setelah sesi berakhir."


def add_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """Put a service's InvalidInputError messages on the fields they name (others on the form)."""
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class RegistrationForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama lengkap",
        max_length=services.NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=services.EMAIL_MAX_LENGTH,
        help_text="Kode pendaftaran dikirim ke alamat ini.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Nomor HP",
        max_length=25,
        help_text="Diawali 08 atau +62, mis. 081234567890.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label="Saya menyetujui pemrosesan data pribadi saya untuk tujuan di atas.",
        required=False,
        # The purpose is the paragraph above the box (session_detail.html, id="tujuan-data").
        widget=forms.CheckboxInput(attrs={"aria-describedby": "tujuan-data"}),
    )
    # A field people never see (hidden from sight, screen readers and the tab order): a form
    # that arrives with it filled in was filled in by a robot.
    website = forms.CharField(
        label="Situs web (kosongkan)",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())

    def to_input(self, *, waitlist: bool) -> services.RegistrationInput:
        data = self.cleaned_data
        return services.RegistrationInput(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            consent=bool(data.get("consent")),
            waitlist=waitlist,
        )


class SessionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="Judul", max_length=session_services.TITLE_MAX_LENGTH)
    kind = forms.ChoiceField(label="Jenis", choices=InformationSession.Kind.choices)
    description = forms.CharField(
        label="Uraian",
        max_length=session_services.DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Apa yang dibahas (persyaratan, tahapan, cara penilaian dan pemeringkatan) "
        "dan untuk siapa.",
    )
    period = forms.ModelChoiceField(
        label="Periode seleksi",
        queryset=SelectionPeriod.objects.order_by("-year", "name"),
        required=False,
        empty_label="— tidak terkait periode tertentu —",
    )
    starts_at = forms.DateTimeField(
        label="Mulai", widget=DATETIME, input_formats=DATETIME_FORMATS, help_text="WIB."
    )
    ends_at = forms.DateTimeField(
        label="Selesai", widget=DATETIME, input_formats=DATETIME_FORMATS, help_text="WIB."
    )
    registration_closes_at = forms.DateTimeField(
        label="Pendaftaran ditutup",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text="WIB; paling lambat saat sesi dimulai.",
    )
    venue = forms.CharField(
        label="Tempat", max_length=session_services.VENUE_MAX_LENGTH, required=False
    )
    online_url = forms.URLField(
        label="Tautan daring",
        max_length=session_services.URL_MAX_LENGTH,
        required=False,
        assume_scheme="https",
        help_text="Hanya ditampilkan kepada pendaftar yang mendapat kursi.",
    )
    capacity = forms.IntegerField(label="Kapasitas (kursi)", min_value=1)

    def __init__(self, *args: Any, instance: InformationSession | None = None, **kwargs: Any):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {**session_services.session_snapshot(instance), "period": instance.period_id},
            )
        super().__init__(*args, **kwargs)

    def to_input(self) -> session_services.SessionInput:
        data = self.cleaned_data
        return session_services.SessionInput(
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            registration_closes_at=data["registration_closes_at"],
            capacity=data["capacity"],
            venue=data.get("venue") or "",
            online_url=data.get("online_url") or "",
            period=data.get("period"),
        )


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Alasan",
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Dikirim melalui e-mail kepada pendaftar.",
    )


class SessionFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Semua status"), *InformationSession.Status.choices],
        required=False,
    )
    q = forms.CharField(label="Cari judul atau tempat", max_length=100, required=False)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"status": "", "search": ""}
        return {
            "status": self.cleaned_data.get("status") or "",
            "search": (self.cleaned_data.get("q") or "").strip(),
        }


class RegistrantFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status pendaftar",
        choices=[("", "Semua status"), *SessionRegistration.Status.choices],
        required=False,
    )

    def status_value(self) -> str:
        return str(self.cleaned_data.get("status") or "") if self.is_valid() else ""


class MaterialForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="Judul", max_length=material_services.TITLE_MAX_LENGTH)
    summary = forms.CharField(
        label="Ringkasan",
        max_length=material_services.SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Satu atau dua kalimat untuk daftar bahan bacaan.",
    )
    body = forms.CharField(
        label="Isi",
        max_length=material_services.BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Teks biasa; pisahkan paragraf dengan satu baris kosong.",
    )
    position = forms.IntegerField(
        label="Urutan",
        min_value=0,
        max_value=material_services.MAX_POSITION,
        initial=0,
        help_text="Bahan dengan angka lebih kecil tampil lebih dulu.",
    )
    # An empty file passes here so that the service can say why it is refused.
    file = forms.FileField(
        label="Lampiran PDF",
        required=False,
        allow_empty_file=True,
        help_text=f"Opsional; PDF paling besar {material_services.MATERIAL_MAX_KB // 1024} MB.",
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    remove_file = forms.BooleanField(label="Hapus lampiran yang ada", required=False)

    def __init__(self, *args: Any, instance: ReadingMaterial | None = None, **kwargs: Any):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": instance.title,
                    "summary": instance.summary,
                    "body": instance.body,
                    "position": instance.position,
                },
            )
        super().__init__(*args, **kwargs)
        if instance is None or not instance.file:
            del self.fields["remove_file"]

    def to_input(self) -> material_services.MaterialInput:
        data = self.cleaned_data
        return material_services.MaterialInput(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            position=data["position"],
        )

    def upload(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file") or None
        return upload

    def wants_file_removed(self) -> bool:
        return bool(self.cleaned_data.get("remove_file"))
