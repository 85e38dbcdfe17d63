"""Conflict-of-interest declarations: relatives and the staff member's own KK."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.models import ConflictDeclaration, StaffFamilyCard, VerificationAssignment
from simerit.recruitment.selectors.verification import is_in_conflict
from simerit.recruitment.services import conflicts as services
from simerit.recruitment.tests.factories import ApplicantFactory
from simerit.recruitment.tests.test_verification_support import (
    assign,
    counts,
    private_media,
    submitted_application,
)

RELATIVE_NIK = "1671014507980003"  # valid: Palembang, woman born 5 July 1998
KK = "1671010101990001"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


def test_declaring_a_relative_stores_it_and_audits_without_the_nik(verifier):
    declaration = services.declare_relative(
        user=verifier,
        relative_name="  Siti   Aminah ",
        relation="adik kandung",
        relative_nik=RELATIVE_NIK,
        actor=verifier,
    )
    assert (declaration.relative_name, declaration.relative_nik) == ("Siti Aminah", RELATIVE_NIK)
    event = AuditEvent.objects.get(action="recruitment.conflict_declaration.created")
    assert event.changes == {
        "relation": "adik kandung",
        "released_assignments": 0,
        "nik": "[disamarkan]",
    }
    assert RELATIVE_NIK not in str(event.changes) + event.target_repr


def test_a_declared_relative_or_shared_kk_is_a_conflict(verifier):
    relative = ApplicantFactory.create(nik=RELATIVE_NIK)
    family = ApplicantFactory.create(kk_number=KK)
    stranger = ApplicantFactory.create()
    services.declare_relative(
        user=verifier,
        relative_name="Siti",
        relation="adik",
        relative_nik=RELATIVE_NIK,
        actor=verifier,
    )
    services.set_family_card(user=verifier, kk_number=KK, actor=verifier)
    assert is_in_conflict(user=verifier, applicant=relative) is True
    assert is_in_conflict(user=verifier, applicant=family) is True
    assert is_in_conflict(user=verifier, applicant=stranger) is False


def test_declaring_releases_open_assignments_of_that_relative(verifier):
    relative = ApplicantFactory.create(nik=RELATIVE_NIK)
    application = submitted_application(applicant=relative)
    assign(application, verifier)
    services.declare_relative(
        user=verifier,
        relative_name="Siti",
        relation="adik",
        relative_nik=RELATIVE_NIK,
        actor=verifier,
    )
    assert VerificationAssignment.objects.exists() is False
    event = AuditEvent.objects.get(action="recruitment.conflict_declaration.created")
    assert event.changes["released_assignments"] == 1


def test_setting_the_kk_releases_open_assignments_of_the_same_family(verifier):
    family = ApplicantFactory.create(kk_number=KK)
    assign(submitted_application(applicant=family), verifier)
    assign(submitted_application(), verifier)
    services.set_family_card(user=verifier, kk_number=KK, actor=verifier)
    assert VerificationAssignment.objects.count() == 1
    event = AuditEvent.objects.get(action="recruitment.staff_family_card.created")
    assert event.changes == {"kk_number": "[disamarkan]", "released_assignments": 1}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"relative_name": "", "relation": "adik"},
            {"relative_name": ["Nama kerabat wajib diisi."]},
        ),
        (
            {"relative_name": "Siti", "relation": " "},
            {"relation": ["Hubungan kekerabatan wajib diisi."]},
        ),
        (
            {"relative_name": "Siti", "relation": "adik", "relative_nik": "12345"},
            {"relative_nik": ["NIK harus 16 digit; yang diisi 5 digit."]},
        ),
    ],
)
def test_bad_declarations_are_refused_and_nothing_changes(verifier, fields, errors):
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.declare_relative(user=verifier, actor=verifier, **fields)
    assert error.value.errors == errors
    assert counts() == before


def test_the_same_relative_twice_is_a_conflict(verifier):
    services.declare_relative(
        user=verifier,
        relative_name="Siti",
        relation="adik",
        relative_nik=RELATIVE_NIK,
        actor=verifier,
    )
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.declare_relative(
            user=verifier,
            relative_name="Siti A.",
            relation="adik",
            relative_nik=RELATIVE_NIK,
            actor=verifier,
        )
    assert str(error.value) == "Kerabat dengan NIK ini sudah Anda nyatakan."
    assert counts() == before


def test_a_bad_kk_is_refused(verifier):
    with pytest.raises(InvalidInputError) as error:
        services.set_family_card(user=verifier, kk_number="16710101", actor=verifier)
    assert error.value.errors == {"kk_number": ["Nomor KK harus 16 digit angka."]}
    assert StaffFamilyCard.objects.exists() is False


def test_replacing_the_kk_is_audited_as_an_update(verifier):
    services.set_family_card(user=verifier, kk_number=KK, actor=verifier)
    services.set_family_card(user=verifier, kk_number="1671010101990002", actor=verifier)
    assert StaffFamilyCard.objects.get().kk_number == "1671010101990002"
    assert AuditEvent.objects.filter(action="recruitment.staff_family_card.updated").count() == 1


def test_only_verifiers_and_assessors_declare_and_only_for_themselves(verifier, assessor, employee):
    services.declare_relative(user=assessor, relative_name="Budi", relation="anak", actor=assessor)
    before = counts()
    with pytest.raises(PermissionDenied):
        services.declare_relative(user=employee, relative_name="X", relation="anak", actor=employee)
    with pytest.raises(PermissionDenied):
        services.declare_relative(user=verifier, relative_name="X", relation="anak", actor=assessor)
    declaration = ConflictDeclaration.objects.get()
    with pytest.raises(PermissionDenied):
        services.withdraw_declaration(declaration=declaration, actor=verifier)
    assert counts() == before


def test_mask_number_shows_region_and_last_four_digits():
    assert services.mask_number(KK) == "1671********0001"


# --- The page


def test_page_shows_masked_numbers_only(client, verifier):
    services.declare_relative(
        user=verifier,
        relative_name="Siti",
        relation="adik",
        relative_nik=RELATIVE_NIK,
        actor=verifier,
    )
    services.set_family_card(user=verifier, kk_number=KK, actor=verifier)
    client.force_login(verifier)
    response = client.get(reverse("recruitment:conflict-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1671********0003" in html
    assert "1671********0001" in html
    assert RELATIVE_NIK not in html
    assert KK not in html


def test_page_adds_a_relative_and_redirects_without_nik_in_the_url(client, verifier):
    client.force_login(verifier)
    response = client.post(
        reverse("recruitment:conflict-list"),
        {"relative_name": "Siti", "relation": "adik", "relative_nik": RELATIVE_NIK},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:conflict-list")
    assert ConflictDeclaration.objects.get().relative_nik == RELATIVE_NIK


def test_page_shows_service_errors_and_changes_nothing(client, verifier):
    client.force_login(verifier)
    before = counts()
    response = client.post(
        reverse("recruitment:conflict-list"),
        {"relative_name": "Siti", "relation": "adik", "relative_nik": "1671"},
    )
    assert response.status_code == 422
    assert "NIK harus 16 digit; yang diisi 4 digit." in response.content.decode()
    assert counts() == before


def test_page_deletes_only_own_declarations(client, verifier, assessor):
    other = services.declare_relative(
        user=assessor, relative_name="Budi", relation="anak", actor=assessor
    )
    client.force_login(verifier)
    response = client.post(reverse("recruitment:conflict-delete", args=[other.pk]))
    assert response.status_code == 404
    assert ConflictDeclaration.objects.count() == 1


def test_page_sets_the_kk(client, verifier):
    client.force_login(verifier)
    response = client.post(reverse("recruitment:conflict-family-card"), {"kk_number": KK})
    assert response.status_code == 302
    assert StaffFamilyCard.objects.get(user=verifier).kk_number == KK


@pytest.mark.parametrize(
    ("persona", "status"),
    [("verifier", 200), ("assessor", 200), ("hr_admin", 403), ("applicant", 403)],
)
def test_page_is_for_verifiers_and_assessors(client, db, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("recruitment:conflict-list")).status_code == status
