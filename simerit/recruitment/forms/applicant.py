"""HTML input on the applicant's side. The rules live in the services; these only parse."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from simerit.core.forms import BootstrapFormMixin
from simerit.organization.models import EducationLevel
from simerit.recruitment.models import Track
from simerit.recruitment.services.applicants import RegistrationInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistrationForm(BootstrapFormMixin, forms.Form):
    nik = forms.CharField(
        label="NIK",
        max_length=20,
        help_text="16 digit sesuai KTP elektronik. Satu NIK hanya untuk satu akun.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label="Nomor Kartu Keluarga (KK)",
        max_length=20,
        help_text="16 digit, tertera di bagian atas Kartu Keluarga.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label="Nama sesuai KTP", max_length=150)
    birth_place = forms.CharField(label="Tempat lahir", max_length=100)
    birth_date = forms.DateField(label="Tanggal lahir", widget=DATE_WIDGET)
    gender = forms.ChoiceField(
        label="Jenis kelamin", choices=[("", "— pilih —"), ("L", "Laki-laki"), ("P", "Perempuan")]
    )
    phone = forms.CharField(
        label="Nomor HP",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=150,
        help_text="Tautan konfirmasi dikirim ke alamat ini; alamat ini juga nama pengguna Anda.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        help_text="Paling sedikit 10 karakter, tidak hanya angka, dan tidak mirip nama atau e-mail.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Ulangi kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    education_level = forms.ModelChoiceField(
        label="Pendidikan terakhir",
        queryset=EducationLevel.objects.order_by("rank"),
        required=False,
        empty_label="— pilih —",
    )
    education_major = forms.CharField(
        label="Program studi / jurusan", max_length=150, required=False
    )
    gpa = forms.DecimalField(
        label="IPK / nilai rata-rata ijazah",
        max_digits=4,
        decimal_places=2,
        required=False,
        help_text="Contoh: 3,45. Boleh dikosongkan bila formasi tidak mensyaratkan IPK.",
    )
    is_disabled = forms.BooleanField(label="Saya penyandang disabilitas", required=False)
    consent = forms.BooleanField(
        label="Saya telah membaca dan menyetujui pemrosesan data pribadi di atas.",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "Kedua kata sandi tidak sama.")
        return data

    def to_input(self) -> RegistrationInput:
        data = self.cleaned_data
        return RegistrationInput(
            nik=data["nik"],
            kk_number=data["kk_number"],
            name=data["name"],
            birth_place=data["birth_place"],
            birth_date=data["birth_date"],
            gender=data["gender"],
            phone=data["phone"],
            email=data["email"],
            password=data["password"],
            consent_given=bool(data.get("consent")),
            education_level=data.get("education_level"),
            education_major=data.get("education_major") or "",
            gpa=data.get("gpa"),
            is_disabled=bool(data.get("is_disabled")),
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class FormasiSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label="Cari kode formasi, jabatan, atau unit", max_length=100, required=False
    )

    def search(self) -> str:
        self.is_valid()
        return str(self.cleaned_data.get("q") or "")


class DocumentUploadForm(BootstrapFormMixin, forms.Form):
    # An empty file passes here so that the service can say why it is refused.
    file = forms.FileField(label="Berkas", allow_empty_file=True)

    def uploaded(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        return upload


class ApplyForm(BootstrapFormMixin, forms.Form):
    """Applying to a formasi: for a special-track formasi, the declaration of that track."""

    track_claim = forms.ChoiceField(label="Pernyataan jalur", choices=Track.choices, required=False)

    def claim(self) -> str:
        """The declared track; nothing declared is the general track (umum)."""
        self.is_valid()
        return str(self.cleaned_data.get("track_claim") or Track.UMUM)
