"""The career configuration in the Django admin: every save audited, no deletes, the talent
settings row never added, the forms' checks."""

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.career.admin import PromotionRuleForm, TalentSettingsForm
from simerit.career.models import (
    CreditRequirement,
    EducationCeiling,
    PromotionRule,
    TalentSettings,
)
from simerit.organization.models import EducationLevel, Golongan

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_new_promotion_rule_is_audited(client, root):
    response = client.post(
        reverse("admin:career_promotionrule_add"),
        {
            "effective_from": "2027-01-01",
            "min_years_in_rank": "4",
            "min_predikat": "baik",
            "predikat_years": "2",
            "period_months": ["4", "10", "4"],
            "legal_basis": "Peraturan BKN (uji)",
        },
    )

    assert response.status_code == 302
    rule = PromotionRule.objects.get(effective_from="2027-01-01")
    assert rule.period_months == [4, 10]
    event = AuditEvent.objects.get(action="career.promotionrule.created_in_admin")
    assert (event.actor, event.target_id) == (root, str(rule.pk))


def test_hr_turns_on_the_pending_appeal_rule(client, root):
    rule = PromotionRule.objects.get(effective_from="2025-10-01")
    assert rule.pending_appeal_blocks is False

    response = client.post(
        reverse("admin:career_promotionrule_change", args=[rule.pk]),
        {
            "effective_from": "2025-10-01",
            "min_years_in_rank": "4",
            "min_predikat": "baik",
            "predikat_years": "2",
            "period_months": [str(month) for month in range(1, 13)],
            "legal_basis": rule.legal_basis,
            "pending_appeal_blocks": "on",
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.pending_appeal_blocks is True
    event = AuditEvent.objects.get(action="career.promotionrule.changed_in_admin")
    assert event.changes["pending_appeal_blocks"] == [False, True]


def test_promotion_rule_form_refuses_an_unknown_predikat():
    form = PromotionRuleForm(
        data={
            "effective_from": "2027-01-01",
            "min_years_in_rank": "4",
            "min_predikat": "cukup",
            "predikat_years": "2",
            "period_months": ["13"],
            "legal_basis": "x",
        }
    )

    assert not form.is_valid()
    assert set(form.errors) == {"min_predikat", "period_months"}


def test_ceiling_and_requirement_are_audited(client, root):
    s1 = EducationLevel.objects.get(code="S1")
    client.post(
        reverse("admin:career_educationceiling_add"),
        {
            "education_level": s1.pk,
            "max_golongan": Golongan.objects.get(code="III/d").pk,
            "legal_basis": "PP 99/2000 Pasal 8",
        },
    )
    client.post(
        reverse("admin:career_creditrequirement_add"),
        {"functional_level": "ahli_muda", "for_next_rank": "100", "legal_basis": "uji"},
    )

    assert EducationCeiling.objects.get().max_golongan.code == "III/d"
    assert CreditRequirement.objects.get().for_next_rank == 100
    assert AuditEvent.objects.filter(action__endswith="created_in_admin").count() == 2


def test_no_delete_and_no_second_settings_row(client, root):
    rule = PromotionRule.objects.first()
    assert rule is not None

    deleted = client.post(
        reverse("admin:career_promotionrule_delete", args=[rule.pk]), {"post": "yes"}
    )
    added = client.get(reverse("admin:career_talentsettings_add"))

    assert (deleted.status_code, added.status_code) == (403, 403)
    assert PromotionRule.objects.count() == 3
    assert TalentSettings.objects.count() == 1


def test_talent_settings_form_checks():
    form = TalentSettingsForm(
        data={
            "potential_medium_from": "80",
            "potential_high_from": "60",
            "above_predikats": ["sangat_baik", "baik"],
            "as_expected_predikats": ["baik"],
            "assessment_valid_years": "3",
        },
        instance=TalentSettings.objects.get(pk=1),
    )

    assert not form.is_valid()
    assert form.errors == {
        "potential_high_from": ["Batas potensial tinggi harus di atas batas menengah."],
        "as_expected_predikats": ["Predikat tidak boleh di dua kelompok sekaligus: Baik."],
    }


def test_talent_settings_change_is_audited(client, root):
    response = client.post(
        reverse("admin:career_talentsettings_change", args=[1]),
        {
            "potential_medium_from": "55",
            "potential_high_from": "80",
            "above_predikats": ["sangat_baik"],
            "as_expected_predikats": ["baik"],
            "assessment_valid_years": "3",
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="career.talentsettings.changed_in_admin")
    assert event.changes == {"potential_medium_from": ["60.00", "55"]}
