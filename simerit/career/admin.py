"""The career configuration in the Django admin, audited (`AuditedAdmin`: every add and change
leaves an audit row; deletes are disabled): the kenaikan pangkat rule as it changed (§8.1), the
ceiling by education [U], the angka kredit each jenjang needs [S/U], the talent settings row
(§8.2, pk 1) and the batas usia pensiun (UU 20/2023). The opening balances of angka kredit are
recorded on the angka kredit pages (career.services.credit), not here."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.career.models import (
    CreditRequirement,
    EducationCeiling,
    PromotionRule,
    RetirementAge,
    TalentSettings,
)
from simerit.performance.models import Predikat

MONTHS = [(month, str(month)) for month in range(1, 13)]


class PromotionRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    min_predikat = forms.ChoiceField(label="predikat minimal", choices=Predikat.choices)
    period_months = forms.TypedMultipleChoiceField(
        label="bulan periode (tanggal 1)",
        choices=MONTHS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Bulan yang tanggal 1-nya menjadi periode kenaikan pangkat.",
    )

    class Meta:
        model = PromotionRule
        fields = (
            "effective_from",
            "min_years_in_rank",
            "min_predikat",
            "predikat_years",
            "period_months",
            "legal_basis",
            "pending_appeal_blocks",
        )

    def clean_period_months(self) -> list[int]:
        months: list[int] = self.cleaned_data["period_months"]
        return sorted(set(months))


@admin.register(PromotionRule)
class PromotionRuleAdmin(AuditedAdmin):
    """A new rule is a new row from its date; the rule in force on a day is the latest before."""

    form = PromotionRuleForm
    list_display = (
        "effective_from",
        "min_years_in_rank",
        "min_predikat",
        "predikat_years",
        "period_months",
        "legal_basis",
        "pending_appeal_blocks",
    )
    ordering = ("-effective_from",)


@admin.register(EducationCeiling)
class EducationCeilingAdmin(AuditedAdmin):
    list_display = ("education_level", "max_golongan", "legal_basis", "updated_at")
    ordering = ("education_level__rank",)


@admin.register(CreditRequirement)
class CreditRequirementAdmin(AuditedAdmin):
    list_display = ("functional_level", "for_next_rank", "legal_basis", "updated_at")
    ordering = ("functional_level",)


class TalentSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    above_predikats = forms.MultipleChoiceField(
        label="predikat di atas ekspektasi",
        choices=Predikat.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    as_expected_predikats = forms.MultipleChoiceField(
        label="predikat sesuai ekspektasi",
        choices=Predikat.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TalentSettings
        fields = (
            "potential_medium_from",
            "potential_high_from",
            "above_predikats",
            "as_expected_predikats",
            "assessment_valid_years",
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        medium, high = data.get("potential_medium_from"), data.get("potential_high_from")
        if medium is not None and high is not None and high <= medium:
            self.add_error(
                "potential_high_from", "Batas potensial tinggi harus di atas batas menengah."
            )
        both = set(data.get("above_predikats") or ()) & set(data.get("as_expected_predikats") or ())
        if both:
            labels = ", ".join(str(Predikat(value).label) for value in sorted(both))
            self.add_error(
                "as_expected_predikats",
                f"Predikat tidak boleh di dua kelompok sekaligus: {labels}.",
            )
        return data


@admin.register(TalentSettings)
class TalentSettingsAdmin(AuditedAdmin):
    """One row (pk 1, seeded): it can be changed, never added or removed."""

    form = TalentSettingsForm
    list_display = (
        "__str__",
        "potential_medium_from",
        "potential_high_from",
        "assessment_valid_years",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(RetirementAge)
class RetirementAgeAdmin(AuditedAdmin):
    list_display = ("position_kind", "functional_level", "age", "legal_basis", "updated_at")
    ordering = ("position_kind", "functional_level")
