"""Deciding nominations, issuing the piagam (number, frozen facts, PDF hash), revocation."""

import datetime as dt
import hashlib
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.employees.models import Employee
from simerit.notifications.models import Notification
from simerit.rewards import documents
from simerit.rewards.models import Grant, Nomination
from simerit.rewards.selectors.grants import grants_of, verify_grant
from simerit.rewards.services import grants as services
from simerit.rewards.tests.factories import (
    NominationFactory,
    exact,
    granted,
    hr_user,
    sanction,
    satyalancana,
    staff,
)

pytestmark = pytest.mark.django_db


def scored(**fields: object) -> Nomination:
    return NominationFactory.create(
        status=Nomination.Status.SCORED, final_score=Decimal("88.50"), **fields
    )


def test_granting_issues_a_piagam_with_frozen_facts_and_its_hash(hr_admin):
    person = staff(name="Siti Aminah", front_title="dr.", back_title="M.Kes.")
    nomination = scored(employee=person)

    granted(nomination, actor=hr_admin)

    grant = Grant.objects.get()
    assert re.fullmatch(r"PGH-2026-000001-[2-9A-HJ-KM-NP-Z]{6}", grant.number)
    assert (grant.holder_name, grant.holder_nip) == ("dr. Siti Aminah, M.Kes.", person.nip)
    assert (grant.award_name, grant.unit_name) == (nomination.award.name, person.work_unit.name)
    assert (grant.year, grant.granted_on, grant.decree_number) == (
        2026,
        dt.date(2026, 11, 20),
        "Keppres 12/TK/2026",
    )
    pdf = documents.grant_pdf(grant)
    assert pdf.startswith(b"%PDF")
    assert grant.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decided_by) == ("granted", hr_admin)
    assert list(grants_of(person.pk)) == [grant]
    assert AuditEvent.objects.filter(action="rewards.grant.issued").count() == 1


def test_the_pdf_does_not_change_when_the_employee_does(hr_admin):
    person = staff(name="Budi")
    granted(scored(employee=person), actor=hr_admin)
    grant = Grant.objects.get()

    person.name = "Budi Santoso"
    person.save()
    grant.refresh_from_db()

    assert hashlib.sha256(documents.grant_pdf(grant)).hexdigest() == grant.pdf_sha256
    assert grant.holder_name == "Budi"


def test_numbers_follow_the_year_sequence(hr_admin):
    granted(scored(), actor=hr_admin)
    granted(scored(), actor=hr_admin)
    granted(scored(), actor=hr_admin, granted_on=dt.date(2025, 12, 31))

    numbers = sorted(Grant.objects.values_list("number", flat=True))
    assert [number[:15] for number in numbers] == [
        "PGH-2025-000001",
        "PGH-2026-000001",
        "PGH-2026-000002",
    ]


def test_the_holder_is_notified(hr_admin, employee):
    person = Employee.objects.get(user=employee)
    nomination = scored(employee=person)

    granted(nomination, actor=hr_admin)

    note = Notification.objects.get(user=employee)
    grant = Grant.objects.get()
    assert note.title == "Penghargaan diberikan"
    assert note.body == (
        f"Selamat: {nomination.award.name} tahun 2026 diberikan kepada Anda (Keppres 12/TK/2026). "
        f"Piagam bernomor {grant.number} dapat diunduh."
    )


def test_an_award_must_be_scored_before_it_is_decided(hr_admin):
    nomination = NominationFactory.create()

    with pytest.raises(
        DomainError, match=exact("Usulan belum selesai dinilai oleh seluruh anggota tim penilai.")
    ):
        granted(nomination, actor=hr_admin)

    assert not Grant.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == "nominated"


def test_decision_input_is_checked(hr_admin):
    nomination = scored()

    with pytest.raises(InvalidInputError) as grant_error:
        services.decide_nomination(
            nomination=nomination,
            granted=True,
            decree_number=" ",
            granted_on=dt.date(2026, 11, 29),
            actor=hr_admin,
        )
    with pytest.raises(InvalidInputError) as reject_error:
        services.decide_nomination(nomination=nomination, granted=False, note="", actor=hr_admin)

    assert grant_error.value.errors == {
        "decree_number": ["Nomor keputusan (Keppres/SK) wajib diisi."],
        "granted_on": ["Tanggal pemberian tidak boleh di masa depan."],
    }
    assert reject_error.value.errors == {
        "note": ["Catatan keputusan wajib diisi bila penghargaan tidak diberikan."]
    }
    assert not Grant.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


def test_rejection_keeps_the_note_and_tells_the_nominee(hr_admin, employee):
    nomination = scored(employee=Employee.objects.get(user=employee))

    services.decide_nomination(
        nomination=nomination, granted=False, note="Kuota terbatas.", actor=hr_admin
    )

    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_note) == ("rejected", "Kuota terbatas.")
    assert Notification.objects.get(user=employee).title == "Usulan penghargaan tidak diberikan"
    with pytest.raises(
        ConflictError, match=exact("Usulan ini sudah diputus: penghargaan tidak diberikan.")
    ):
        granted(nomination, actor=hr_admin)


def test_hr_does_not_decide_their_own_nomination_nor_the_auditor_any(hr_admin, auditor):
    own = scored(employee=staff(user=hr_admin))
    other = scored()

    with pytest.raises(
        PermissionDenied,
        match=exact("Anda tidak dapat memutus usulan penghargaan atas diri sendiri."),
    ):
        granted(own, actor=hr_admin)
    with pytest.raises(PermissionDenied):
        granted(other, actor=auditor)

    assert not Grant.objects.exists()
    assert Nomination.objects.filter(status="scored").count() == 2


def test_a_satyalancana_grant_needs_no_scoring_but_a_fresh_check(hr_admin):
    clean = staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani")
    late = staff(tmt_cpns=dt.date(2016, 3, 1), name="Budi", front_title="", back_title="")
    first = NominationFactory.create(award=satyalancana(10), employee=clean)
    second = NominationFactory.create(award=satyalancana(10), employee=late)
    sanction(late, decided_on=dt.date(2026, 11, 2), number="HD-2026-0042")

    granted(first, actor=hr_admin, decree_number="Keppres 65/TK/2026")
    with pytest.raises(
        DomainError,
        match=exact(
            "Budi tidak memenuhi syarat Satyalancana Karya Satya X Tahun: Pernah dijatuhi hukuman "
            "disiplin tingkat sedang (HD-2026-0042, 02/11/2026)."
        ),
    ):
        granted(second, actor=hr_admin)

    assert Grant.objects.get().employee == clean
    second.refresh_from_db()
    assert second.status == "nominated"


def test_revocation_keeps_the_grant_and_the_check_says_revoked(hr_admin, employee):
    granted(scored(employee=Employee.objects.get(user=employee)), actor=hr_admin)
    grant = Grant.objects.get()

    with pytest.raises(InvalidInputError) as error:
        services.revoke_grant(grant=grant, reason=" ", actor=hr_admin)
    services.revoke_grant(grant=grant, reason="Data masa kerja keliru.", actor=hr_admin)
    with pytest.raises(
        ConflictError, match=exact(f"Piagam {grant.number} sudah dicabut sebelumnya.")
    ):
        services.revoke_grant(grant=grant, reason="lagi", actor=hr_admin)

    assert error.value.errors == {"reason": ["Alasan pencabutan wajib diisi."]}
    verification = verify_grant(grant.number.lower())
    assert verification is not None
    assert (verification.revoked, verification.revoked_on) == (True, dt.date(2026, 11, 28))
    assert Notification.objects.filter(user=employee, title="Penghargaan dicabut").count() == 1


def test_only_hr_revokes(auditor, hr_admin):
    granted(scored(), actor=hr_admin)
    grant = Grant.objects.get()

    with pytest.raises(PermissionDenied):
        services.revoke_grant(grant=grant, reason="x", actor=auditor)

    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_hr_may_not_revoke_their_own_grant(hr_admin):
    own = staff(user=hr_admin)
    granted(scored(employee=own), actor=hr_user())
    grant = Grant.objects.get()
    events = AuditEvent.objects.count()

    with pytest.raises(
        PermissionDenied, match=exact("Anda tidak dapat mencabut penghargaan atas diri sendiri.")
    ):
        services.revoke_grant(grant=grant, reason="Data masa kerja keliru.", actor=hr_admin)

    grant.refresh_from_db()
    assert (grant.revoked_at, grant.revoke_reason) == (None, "")
    assert AuditEvent.objects.count() == events
    assert not Notification.objects.filter(title="Penghargaan dicabut").exists()
    services.revoke_grant(grant=grant, reason="Data masa kerja keliru.", actor=hr_user())
    grant.refresh_from_db()
    assert grant.revoke_reason == "Data masa kerja keliru."


def test_unknown_and_ill_formed_numbers_are_not_found():
    assert verify_grant("PGH-2026-000001-ABCDEF") is None
    assert verify_grant("bukan nomor") is None
