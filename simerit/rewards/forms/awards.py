"""HTML input of the award catalogue and committees. These only parse; the services check the
rules and their messages land on the fields."""

from typing import Any

from django import forms

from simerit.accounts.models import User
from simerit.core.forms import BootstrapFormMixin
from simerit.performance.models import Predikat
from simerit.rewards.models import Award, Criterion
from simerit.rewards.services.awards import NAME_MAX_LENGTH, AwardInput, CriterionInput


class AwardForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Nama penghargaan", max_length=NAME_MAX_LENGTH)
    description = forms.CharField(
        label="Keterangan", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    min_service_years = forms.IntegerField(
        label="Masa kerja minimal (tahun)",
        min_value=0,
        initial=0,
        help_text="Sejak TMT CPNS (TMT PPPK bagi PPPK); 0 bila tidak disyaratkan.",
    )
    min_predikat = forms.ChoiceField(
        label="Predikat kinerja terakhir minimal",
        required=False,
        choices=[("", "Tidak disyaratkan"), *Predikat.choices],
    )
    clean_record_years = forms.IntegerField(
        label="Tanpa hukuman disiplin sedang/berat selama (tahun)",
        min_value=0,
        initial=0,
        help_text="0 bila tidak disyaratkan.",
    )
    is_active = forms.BooleanField(label="Aktif (dapat diusulkan)", required=False, initial=True)

    @classmethod
    def initial_of(cls, award: Award) -> dict[str, Any]:
        return {
            "name": award.name,
            "description": award.description,
            "min_service_years": award.min_service_years,
            "min_predikat": award.min_predikat,
            "clean_record_years": award.clean_record_years,
            "is_active": award.is_active,
        }

    def to_input(self) -> AwardInput:
        data = self.cleaned_data
        return AwardInput(
            name=data["name"],
            description=data["description"],
            min_service_years=data["min_service_years"],
            min_predikat=data["min_predikat"],
            clean_record_years=data["clean_record_years"],
            is_active=data["is_active"],
        )


class CriterionForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Kriteria", max_length=NAME_MAX_LENGTH)
    description = forms.CharField(
        label="Penjelasan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.DecimalField(
        label="Bobot (%)", max_digits=6, decimal_places=2, help_text="Jumlah semua bobot 100%."
    )
    max_score = forms.IntegerField(label="Nilai maksimal", initial=100)
    order = forms.IntegerField(label="Urutan", initial=0, min_value=0)

    @classmethod
    def initial_of(cls, criterion: Criterion) -> dict[str, Any]:
        return {
            "name": criterion.name,
            "description": criterion.description,
            "weight": criterion.weight,
            "max_score": criterion.max_score,
            "order": criterion.order,
        }

    def to_input(self) -> CriterionInput:
        data = self.cleaned_data
        return CriterionInput(
            name=data["name"],
            description=data["description"],
            weight=data["weight"],
            max_score=data["max_score"],
            order=data["order"],
        )


class CommitteeMemberForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(
        label="Nama pengguna anggota", max_length=150, help_text="Nama pengguna akun SiMerit."
    )
    year = forms.IntegerField(label="Tahun")

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError("Akun dengan nama pengguna ini tidak ditemukan.")
        return user
