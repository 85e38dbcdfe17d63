import datetime as dt

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import timezone

from simerit.core.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    username = forms.CharField(
        label="Nama pengguna",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah.",
        "inactive": "Akun ini tidak aktif.",
    }


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    pass


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama token",
        max_length=100,
        help_text='Untuk apa token ini, mis. "Skrip rekap SIASN".',
    )
    expires_on = forms.DateField(
        label="Berlaku sampai (opsional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Kosongkan bila token berlaku sampai dicabut. Token berhenti berlaku setelah "
        "tanggal ini berakhir.",
    )

    def clean_expires_on(self) -> dt.date | None:
        expires_on: dt.date | None = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on < timezone.localdate():
            raise forms.ValidationError("Tanggal berlaku tidak boleh di masa lalu.")
        return expires_on

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day in the server's time zone (the moment the token stops)."""
        expires_on: dt.date | None = self.cleaned_data.get("expires_on")
        if expires_on is None:
            return None
        next_day = expires_on + dt.timedelta(days=1)
        return dt.datetime.combine(next_day, dt.time.min, tzinfo=timezone.get_current_timezone())
