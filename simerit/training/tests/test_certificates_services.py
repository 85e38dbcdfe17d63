import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pypdf import PdfReader

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification
from simerit.training import documents
from simerit.training.models import Certificate, Enrolment, Programme, TrainingClass
from simerit.training.rules import certificates as rules
from simerit.training.selectors import records as selectors
from simerit.training.services import certificates as services
from simerit.training.tests.factories_records import (
    CertificateFactory,
    complete,
    employee_record,
    finished_class_fixture,  # noqa: F401
    holder_fixture,  # noqa: F401
    make_finished_class,
    passed_fixture,  # noqa: F401
    staff_record,
)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_hr_issues_a_certificate_to_each_passed_participant(hr_admin, passed, finished_class, org):
    # given: one more passed, one not passed and one still enrolled
    other = complete(EmployeeFactory.create(work_unit=org.dinkes, name="Budi"), finished_class)
    complete(
        EmployeeFactory.create(work_unit=org.dinkes),
        finished_class,
        status=Enrolment.Status.NOT_COMPLETED,
    )
    enrolled = complete(
        EmployeeFactory.create(work_unit=org.dinkes),
        finished_class,
        status=Enrolment.Status.ENROLLED,
        completed_at=None,
    )

    # when
    issued = services.issue_certificates(training_class=finished_class, actor=hr_admin)

    # then: by name, numbered 1 and 2 in 2026
    assert [certificate.enrolment for certificate in issued] == [other, passed]
    assert [certificate.number[:16] for certificate in issued] == [
        "SMR-2026-000001-",
        "SMR-2026-000002-",
    ]
    assert all(rules.is_well_formed(certificate.number) for certificate in issued)
    assert Certificate.objects.count() == 2
    assert not Certificate.objects.filter(enrolment=enrolled).exists()
    events = AuditEvent.objects.filter(action="training.certificate.issued")
    assert events.count() == 2
    assert events.get(target_id=str(issued[1].pk)).changes["employee_nip"] == passed.employee.nip
    assert Notification.objects.filter(
        user=passed.employee.user, title="Sertifikat pelatihan terbit"
    ).exists()


def test_issuing_freezes_what_the_certificate_states(hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )

    stored = Certificate.objects.get(pk=certificate.pk)
    assert (
        stored.holder_name,
        stored.holder_nip,
        stored.programme_name,
        stored.class_name,
        stored.provider,
        stored.starts_on,
        stored.ends_on,
        stored.jp,
    ) == (
        "dr. Pegawai Uji, M.Kes.",
        passed.employee.nip,
        "Pelayanan Prima",
        "Angkatan I",
        passed.training_class.programme.provider,
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 4),
        Decimal("24.0"),
    )
    changes = AuditEvent.objects.get(action="training.certificate.issued").changes
    assert (changes["holder_name"], changes["jp"], changes["starts_on"]) == (
        "dr. Pegawai Uji, M.Kes.",
        "24.0",
        "2026-11-02",
    )


def test_corrections_after_issue_change_neither_the_pdf_nor_its_hash(hr_admin, passed):
    # given: an issued certificate and its PDF
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )
    before = documents.certificate_pdf(selectors.certificates().get(pk=certificate.pk))

    # when: the employee's name and titles, the programme and the class are corrected
    employee = passed.employee
    employee.name, employee.front_title, employee.back_title = "Pegawai Baru", "Ir.", ""
    employee.save(update_fields=["name", "front_title", "back_title"])
    Programme.objects.filter(pk=passed.training_class.programme_id).update(
        name="Pelayanan Publik Unggul", provider="Lembaga Lain"
    )
    TrainingClass.objects.filter(pk=passed.training_class_id).update(
        name="Angkatan IX",
        starts_on=dt.date(2026, 11, 9),
        ends_on=dt.date(2026, 11, 11),
        jp=Decimal("30.0"),
    )

    # then: the same bytes, the stored hash, the issued name and training on the verification
    fresh = selectors.certificates().get(pk=certificate.pk)
    after = documents.certificate_pdf(fresh)
    assert after == before
    assert hashlib.sha256(after).hexdigest() == fresh.sha256 == certificate.sha256
    assert selectors.file_matches(fresh, after) is True
    text = " ".join(pdf_text(after).split())
    assert "dr. Pegawai Uji, M.Kes." in text
    assert "Pegawai Baru" not in text
    verification = selectors.verify_certificate(certificate.number)
    assert verification is not None
    assert (
        verification.holder_name,
        verification.programme_name,
        verification.class_name,
        verification.period,
        verification.jp,
    ) == (
        "dr. Pegawai Uji, M.Kes.",
        "Pelayanan Prima",
        "Angkatan I",
        "2–4 November 2026",
        Decimal("24.0"),
    )


def test_the_pdf_reads_only_the_certificate_row(hr_admin, passed, django_assert_num_queries):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )
    row = Certificate.objects.get(pk=certificate.pk)

    with django_assert_num_queries(0):
        content = documents.certificate_pdf(row)

    assert hashlib.sha256(content).hexdigest() == certificate.sha256


def test_an_upload_is_compared_with_the_stored_hash_only(hr_admin, passed):
    # A row whose stored hash is not that of the PDF the system builds: no rebuild rescues it.
    certificate = CertificateFactory.create(enrolment=passed, issued_by=hr_admin)

    assert selectors.file_matches(certificate, documents.certificate_pdf(certificate)) is False


def test_the_stored_sha256_is_that_of_the_pdf_built_again_from_the_row(hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )

    fresh = selectors.certificates().get(pk=certificate.pk)
    first, second = documents.certificate_pdf(fresh), documents.certificate_pdf(fresh)

    assert first == second
    assert hashlib.sha256(first).hexdigest() == fresh.sha256
    assert selectors.file_matches(fresh, first) is True
    assert selectors.file_matches(fresh, first + b"\n%") is False


def test_the_pdf_is_landscape_and_states_holder_training_and_verification_address(
    hr_admin, passed, settings
):
    settings.SIMERIT_PUBLIC_URL = "https://simerit.palembang.go.id"
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )

    content = documents.certificate_pdf(selectors.certificates().get(pk=certificate.pk))

    page = PdfReader(io.BytesIO(content)).pages[0]
    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = " ".join(pdf_text(content).split())
    assert "dr. Pegawai Uji, M.Kes." in text
    assert f"NIP {passed.employee.nip}" in text
    assert "Pelayanan Prima" in text
    assert "2–4 November 2026" in text
    assert "24 JP" in text
    assert certificate.number in text
    assert "28 November 2026" in text
    # The address wraps at the column's edge.
    assert (
        f"https://simerit.palembang.go.id/pelatihan/sertifikat/verifikasi/{certificate.number}/"
        in text.replace(" ", "")
    )
    assert passed.employee.nik not in text


def test_issuing_again_issues_only_to_those_completed_since(hr_admin, passed, org):
    (first,) = services.issue_certificates(training_class=passed.training_class, actor=hr_admin)
    events = AuditEvent.objects.count()

    assert services.issue_certificates(training_class=passed.training_class, actor=hr_admin) == []
    assert AuditEvent.objects.count() == events

    late = complete(EmployeeFactory.create(work_unit=org.dinkes), passed.training_class)
    (second,) = services.issue_certificates(training_class=passed.training_class, actor=hr_admin)
    assert second.enrolment == late
    assert rules.sequence_of(second.number) == rules.sequence_of(first.number) + 1
    assert Certificate.objects.get(pk=first.pk).number == first.number


def test_the_sequence_runs_on_across_classes_of_the_year(hr_admin, passed, org):
    services.issue_certificates(training_class=passed.training_class, actor=hr_admin)
    other_class = make_finished_class(name="Angkatan II")
    complete(EmployeeFactory.create(work_unit=org.dinkes), other_class)

    (certificate,) = services.issue_certificates(training_class=other_class, actor=hr_admin)

    assert certificate.number.startswith("SMR-2026-000002-")


def test_the_sequence_starts_again_in_a_new_year(hr_admin, passed, monkeypatch):
    services.issue_certificates(training_class=passed.training_class, actor=hr_admin)
    other = make_finished_class(name="Angkatan II")
    complete(passed.employee, other)
    new_year = dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: new_year)

    (certificate,) = services.issue_certificates(training_class=other, actor=hr_admin)

    assert certificate.number.startswith("SMR-2027-000001-")
    assert certificate.issued_at == new_year


@pytest.mark.parametrize("persona", ["auditor", "supervisor", "employee", "opd_admin"])
def test_only_hr_issues_certificates(request, persona, passed):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.issue_certificates(training_class=passed.training_class, actor=actor)

    assert Certificate.objects.exists() is False
    assert AuditEvent.objects.filter(action__startswith="training.certificate").exists() is False


def test_hr_does_not_issue_their_own_certificate(hr_admin, passed, org):
    own = complete(staff_record(hr_admin, work_unit=org.dinkes), passed.training_class)

    issued = services.issue_certificates(training_class=passed.training_class, actor=hr_admin)

    assert [certificate.enrolment for certificate in issued] == [passed]
    assert Certificate.objects.filter(enrolment=own).exists() is False
    events = AuditEvent.objects.filter(action="training.certificate.issued")
    assert [event.changes["enrolment"] for event in events] == [passed.pk]
    assert selectors.own_missing_certificate(passed.training_class, hr_admin) == own
    assert selectors.missing_certificate_count(passed.training_class) == 1
    assert selectors.missing_certificate_count(passed.training_class, issuer=hr_admin) == 0


def test_when_only_their_own_is_missing_nothing_is_issued(hr_admin, finished_class, org):
    own = complete(staff_record(hr_admin, work_unit=org.dinkes), finished_class)

    assert services.issue_certificates(training_class=finished_class, actor=hr_admin) == []

    assert Certificate.objects.exists() is False
    assert AuditEvent.objects.filter(action__startswith="training.certificate").exists() is False
    assert Notification.objects.exists() is False
    colleague = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    (certificate,) = services.issue_certificates(training_class=finished_class, actor=colleague)
    assert certificate.enrolment == own
    assert certificate.issued_by == colleague


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (TrainingClass.Status.DRAFT, "masih draf"),
        (TrainingClass.Status.CANCELLED, "dibatalkan"),
    ],
)
def test_no_certificate_for_a_draft_or_cancelled_class(hr_admin, passed, status, message):
    TrainingClass.objects.filter(pk=passed.training_class_id).update(status=status)

    with pytest.raises(ConflictError, match=message):
        services.issue_certificates(training_class=passed.training_class, actor=hr_admin)

    assert Certificate.objects.exists() is False


def test_hr_revokes_a_certificate_with_a_reason(hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )

    services.revoke_certificate(
        certificate=certificate, reason="  Data kehadiran dipalsukan. ", actor=hr_admin
    )

    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoke_reason == "Data kehadiran dipalsukan."
    event = AuditEvent.objects.get(action="training.certificate.revoked")
    assert event.changes == {"number": certificate.number, "reason": "Data kehadiran dipalsukan."}
    assert Notification.objects.filter(
        user=passed.employee.user, title="Sertifikat pelatihan dicabut"
    ).exists()
    verification = selectors.verify_certificate(certificate.number)
    assert verification is not None
    assert verification.revoked is True
    assert verification.revoked_on == dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("reason", "message"), [("  ", "wajib diisi"), ("x" * 501, "paling banyak 500")]
)
def test_revoking_needs_a_reason_of_reasonable_length(hr_admin, passed, reason, message):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )

    with pytest.raises(InvalidInputError, match=message):
        services.revoke_certificate(certificate=certificate, reason=reason, actor=hr_admin)

    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert AuditEvent.objects.filter(action="training.certificate.revoked").exists() is False


def test_a_certificate_is_revoked_once(hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )
    services.revoke_certificate(certificate=certificate, reason="Salah nama.", actor=hr_admin)

    with pytest.raises(ConflictError, match="sudah dicabut"):
        services.revoke_certificate(certificate=certificate, reason="Lagi.", actor=hr_admin)

    assert Certificate.objects.get().revoke_reason == "Salah nama."


@pytest.mark.parametrize("persona", ["auditor", "employee", "supervisor"])
def test_only_hr_revokes(request, persona, hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )

    with pytest.raises(PermissionDenied):
        services.revoke_certificate(
            certificate=certificate, reason="Tidak sah.", actor=request.getfixturevalue(persona)
        )

    assert Certificate.objects.get().revoked_at is None


def test_verification_forgives_case_and_spaces_and_shows_no_nip(hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )

    verification = selectors.verify_certificate(f"  {certificate.number.lower()} ")

    assert verification is not None
    assert verification.holder_name == "dr. Pegawai Uji, M.Kes."
    assert verification.period == "2–4 November 2026"
    assert verification.revoked is False
    assert passed.employee.nip not in repr(verification)


def test_a_forged_or_ill_formed_number_verifies_to_nothing(
    hr_admin, passed, django_assert_num_queries
):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )
    forged = certificate.number[:-6] + (
        "ZZZZZZ" if certificate.number[-6:] != "ZZZZZZ" else "YYYYYY"
    )

    assert selectors.verify_certificate(forged) is None
    with django_assert_num_queries(0):
        assert selectors.verify_certificate("SMR-2026-1-ABC") is None


def test_the_verify_rate_is_limited_per_address(settings):
    settings.SIMERIT_CERTIFICATE_VERIFY_PER_HOUR = 2
    services.check_verify_rate(client_address="10.0.0.1")
    services.check_verify_rate(client_address="10.0.0.1")

    with pytest.raises(services.VerifyRateLimitError, match="Terlalu banyak"):
        services.check_verify_rate(client_address="10.0.0.1")
    services.check_verify_rate(client_address="10.0.0.2")


def test_my_certificates_are_the_accounts_own(hr_admin, passed, org, employee):
    other = complete(EmployeeFactory.create(work_unit=org.dinkes), passed.training_class)
    services.issue_certificates(training_class=passed.training_class, actor=hr_admin)

    mine = list(selectors.list_my_certificates(employee))

    assert [certificate.enrolment for certificate in mine] == [passed]
    assert other.employee != employee_record(employee)


def test_listing_certificates_reads_in_one_query(
    hr_admin, passed, org, employee, django_assert_num_queries
):
    complete(EmployeeFactory.create(work_unit=org.dinkes), passed.training_class)
    services.issue_certificates(training_class=passed.training_class, actor=hr_admin)

    with django_assert_num_queries(1):
        rows = [
            (c.number, c.enrolment.employee.display_name, c.enrolment.training_class.programme.name)
            for c in selectors.visible_certificates(hr_admin)
        ]
    with django_assert_num_queries(1):
        participants = selectors.participant_rows(
            selectors.class_certificate_enrolments(passed.training_class)
        )

    assert len(rows) == 2
    assert all(row.certificate is not None for row in participants)
    assert selectors.missing_certificate_count(passed.training_class) == 0
