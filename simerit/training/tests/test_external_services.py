import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.models import Notification
from simerit.recruitment.tests.samples import (
    EXECUTABLE,
    jpeg_bytes,
    media_fixture,  # noqa: F401
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
)
from simerit.training.models import ExternalTraining, ProgrammeKind
from simerit.training.selectors import records as selectors
from simerit.training.services import external as services
from simerit.training.tests.factories import TrainingYearFactory
from simerit.training.tests.factories_records import (
    ExternalTrainingFactory,
    employee_record,
    staff_record,
)

COURSE = services.ExternalTrainingInput(
    title="Kursus  Analisis Data Kesehatan",
    provider="Kementerian Kesehatan",
    kind=ProgrammeKind.ELEARNING,
    starts_on=dt.date(2026, 10, 5),
    ends_on=dt.date(2026, 10, 6),
    jp_claimed=Decimal("16"),
    certificate_number=" KMK/2026/0001 ",
)


def course(**changes):
    return dataclasses.replace(COURSE, **changes)


def certificate_upload(name="sertifikat.pdf", content=None):
    return upload(name, pdf_bytes() if content is None else content)


def submit(actor, **changes):
    return services.submit_external_training(
        data=course(**changes), upload=certificate_upload(), actor=actor
    )


def assert_nothing_stored(media):
    assert ExternalTraining.objects.exists() is False
    assert stored_files(media) == []
    assert AuditEvent.objects.filter(action__startswith="training.external").exists() is False


def test_an_employee_records_a_course_with_its_certificate(employee, media):
    record = services.submit_external_training(
        data=COURSE,
        upload=certificate_upload("Sertifikat 3171-0123-4567-8901 Budi.pdf"),
        actor=employee,
    )

    record.refresh_from_db()
    assert record.employee == employee_record(employee)
    assert record.status == ExternalTraining.Status.SUBMITTED
    assert record.title == "Kursus Analisis Data Kesehatan"
    assert record.certificate_number == "KMK/2026/0001"
    assert record.jp_claimed == Decimal("16.0")
    assert record.jp_validated is None
    assert record.original_name == "Sertifikat … Budi.pdf"
    assert record.file_format == "pdf"
    (stored,) = stored_files(media)
    assert stored.startswith("training/external/")
    assert "3171" not in stored
    assert "Budi" not in stored
    event = AuditEvent.objects.get(action="training.external_training.submitted")
    assert event.changes["jp_claimed"] == "16.0"
    assert event.changes["original_name"] == "Sertifikat … Budi.pdf"


def test_an_image_certificate_is_reencoded(employee, media):
    record = services.submit_external_training(
        data=COURSE,
        upload=upload("foto.jpg", jpeg_bytes(with_exif=True), "image/jpeg"),
        actor=employee,
    )

    assert record.file_format == "jpg"
    assert b"Rahasia Pelamar" not in record.certificate_file.read()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": dt.date(2026, 11, 29)}, "ends_on", "tidak boleh di masa depan"),
        (
            {"starts_on": dt.date(2026, 11, 29), "ends_on": dt.date(2026, 11, 30)},
            "starts_on",
            "tidak boleh di masa depan",
        ),
        (
            {"starts_on": dt.date(2026, 10, 6), "ends_on": dt.date(2026, 10, 5)},
            "ends_on",
            "tidak boleh sebelum tanggal mulai",
        ),
        ({"jp_claimed": Decimal("0")}, "jp_claimed", "JP yang diajukan tidak boleh nol"),
        ({"jp_claimed": Decimal("-4")}, "jp_claimed", "JP yang diajukan tidak boleh negatif"),
        ({"jp_claimed": Decimal("0.4")}, "jp_claimed", "paling sedikit 0,5"),
        ({"jp_claimed": Decimal("1000")}, "jp_claimed", "paling banyak 999,9"),
        ({"jp_claimed": Decimal("NaN")}, "jp_claimed", "harus berupa angka"),
        ({"jp_claimed": Decimal("Infinity")}, "jp_claimed", "harus berupa angka"),
        ({"jp_claimed": Decimal("2.25")}, "jp_claimed", "satu angka di belakang koma"),
        (
            {"jp_claimed": Decimal("20.5")},
            "jp_claimed",
            "melebihi batas 20 JP: 2 hari × paling banyak 10 JP per hari",
        ),
        ({"title": "   "}, "title", "Nama pelatihan wajib diisi"),
        ({"title": "x" * 201}, "title", "paling banyak 200"),
        ({"provider": ""}, "provider", "Penyelenggara wajib diisi"),
        ({"kind": "kursus"}, "kind", "Pilih jenis"),
        ({"certificate_number": "x" * 101}, "certificate_number", "paling banyak 100"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(
    employee, media, changes, field, message
):
    with pytest.raises(InvalidInputError) as refused:
        submit(employee, **changes)

    assert list(refused.value.errors) == [field]
    assert message in refused.value.errors[field][0]
    assert_nothing_stored(media)


def test_the_daily_ceiling_is_that_of_the_year_the_course_ended(employee, media):
    TrainingYearFactory.create(year=2026, max_jp_per_day=Decimal("6.0"))

    with pytest.raises(InvalidInputError, match=r"melebihi batas 12 JP: 2 hari × paling banyak 6"):
        submit(employee, jp_claimed=Decimal("12.5"))

    assert submit(employee, jp_claimed=Decimal("12")).jp_claimed == Decimal("12.0")


def test_a_course_over_new_year_takes_the_ceiling_of_the_year_it_ended(employee, media):
    TrainingYearFactory.create(year=2025, max_jp_per_day=Decimal("2.0"))
    TrainingYearFactory.create(year=2026, max_jp_per_day=Decimal("6.0"))
    over_new_year = {"starts_on": dt.date(2025, 12, 30), "ends_on": dt.date(2026, 1, 2)}

    with pytest.raises(InvalidInputError, match=r"melebihi batas 24 JP: 4 hari × paling banyak 6"):
        submit(employee, jp_claimed=Decimal("24.5"), **over_new_year)

    assert submit(employee, jp_claimed=Decimal("24"), **over_new_year).jp_claimed == Decimal("24")


def test_without_a_training_year_the_model_default_of_10_jp_a_day_applies(employee, media):
    one_day = {"starts_on": dt.date(2026, 10, 5), "ends_on": dt.date(2026, 10, 5)}

    with pytest.raises(InvalidInputError, match="melebihi batas 10 JP"):
        submit(employee, jp_claimed=Decimal("10.5"), **one_day)

    assert submit(employee, jp_claimed=Decimal("10"), **one_day).pk is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (EXECUTABLE, "bukan PDF, JPG, atau PNG"),
        (b"", "kosong"),
        (b"%PDF-1.7\nrusak", "rusak"),
        (b"%PDF-" + b"0" * (2048 * 1024), "melebihi batas 2048 KB"),
    ],
)
def test_a_file_that_is_not_a_genuine_certificate_is_refused(employee, media, content, message):
    with pytest.raises(InvalidInputError, match=message) as refused:
        services.submit_external_training(
            data=COURSE, upload=certificate_upload("sertifikat.pdf", content), actor=employee
        )

    assert list(refused.value.errors) == ["file"]
    assert_nothing_stored(media)


def test_the_same_course_or_file_twice_is_refused_until_rejected(employee, hr_admin, media):
    content = pdf_bytes()
    first = services.submit_external_training(
        data=COURSE, upload=certificate_upload(content=content), actor=employee
    )

    with pytest.raises(ConflictError, match="nama dan tanggal yang sama"):
        submit(employee, title="kursus analisis data kesehatan")
    with pytest.raises(ConflictError, match="Berkas sertifikat yang sama"):
        services.submit_external_training(
            data=course(title="Kursus lain"),
            upload=certificate_upload(content=content),
            actor=employee,
        )
    assert ExternalTraining.objects.count() == 1

    services.reject_external_training(external=first, reason="Sertifikat buram.", actor=hr_admin)
    again = services.submit_external_training(
        data=COURSE, upload=certificate_upload(content=content), actor=employee
    )
    assert again.pk != first.pk


@pytest.mark.parametrize("persona", ["hr_admin", "auditor", "applicant"])
def test_an_account_without_an_employee_record_cannot_record(request, persona, media):
    with pytest.raises(PermissionDenied):
        submit(request.getfixturevalue(persona))

    assert_nothing_stored(media)


def test_an_inactive_employee_cannot_record(employee, media):
    record = employee_record(employee)
    record.is_active = False
    record.save(update_fields=["is_active"])

    with pytest.raises(PermissionDenied):
        submit(employee)

    assert_nothing_stored(media)


# --- Validation by HR


@pytest.fixture(name="submitted")
def submitted_fixture(employee, media):
    return submit(employee)


def test_hr_validates_part_of_the_jp_claimed(hr_admin, employee, submitted):
    services.validate_external_training(
        external=submitted,
        jp_validated=Decimal("12"),
        note="Sesi praktik tidak dihitung.",
        actor=hr_admin,
    )

    submitted.refresh_from_db()
    assert submitted.status == ExternalTraining.Status.VALIDATED
    assert submitted.jp_validated == Decimal("12.0")
    assert submitted.reviewed_by == hr_admin
    assert submitted.review_note == "Sesi praktik tidak dihitung."
    event = AuditEvent.objects.get(action="training.external_training.validated")
    assert event.changes == {
        "jp_claimed": "16.0",
        "jp_validated": "12.0",
        "note": "Sesi praktik tidak dihitung.",
    }
    notice = Notification.objects.get(user=employee, title="Pelatihan eksternal divalidasi")
    assert "12 JP dari 16 JP diajukan" in notice.body
    assert "tahun 2026" in notice.body


@pytest.mark.parametrize(
    ("jp", "message"),
    [
        (Decimal("16.5"), r"tidak boleh melebihi JP yang diajukan \(16\)"),
        (Decimal("0"), "JP yang divalidasi tidak boleh nol"),
        (Decimal("-1"), "JP yang divalidasi tidak boleh negatif"),
        (Decimal("1.25"), "satu angka di belakang koma"),
    ],
)
def test_validation_with_wrong_jp_changes_nothing(hr_admin, submitted, jp, message):
    with pytest.raises(InvalidInputError, match=message):
        services.validate_external_training(external=submitted, jp_validated=jp, actor=hr_admin)

    submitted.refresh_from_db()
    assert submitted.status == ExternalTraining.Status.SUBMITTED
    assert submitted.jp_validated is None
    assert (
        AuditEvent.objects.filter(action="training.external_training.validated").exists() is False
    )


@pytest.mark.parametrize("persona", ["auditor", "supervisor", "opd_admin", "employee"])
def test_only_hr_validates_or_rejects(request, persona, submitted):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.validate_external_training(
            external=submitted, jp_validated=Decimal("16"), actor=actor
        )
    with pytest.raises(PermissionDenied):
        services.reject_external_training(external=submitted, reason="Tidak sah.", actor=actor)

    submitted.refresh_from_db()
    assert submitted.status == ExternalTraining.Status.SUBMITTED
    assert Notification.objects.exists() is False


def test_hr_may_not_validate_or_reject_their_own_record(hr_admin, org, media):
    own = ExternalTrainingFactory.create(
        employee=staff_record(hr_admin, work_unit=org.dinkes), jp_claimed=Decimal("12.0")
    )

    with pytest.raises(PermissionDenied, match="pelatihan eksternal Anda sendiri"):
        services.validate_external_training(
            external=own, jp_validated=Decimal("12"), actor=hr_admin
        )
    with pytest.raises(PermissionDenied, match="pelatihan eksternal Anda sendiri"):
        services.reject_external_training(external=own, reason="Salah.", actor=hr_admin)

    own.refresh_from_db()
    assert own.status == ExternalTraining.Status.SUBMITTED
    assert (own.jp_validated, own.reviewed_by, own.reviewed_at) == (None, None, None)
    assert AuditEvent.objects.filter(action__startswith="training.external").exists() is False
    assert Notification.objects.exists() is False
    colleague = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    services.validate_external_training(external=own, jp_validated=Decimal("12"), actor=colleague)
    own.refresh_from_db()
    assert (own.status, own.reviewed_by) == (ExternalTraining.Status.VALIDATED, colleague)


def test_a_decided_record_is_not_decided_again(hr_admin, submitted):
    services.validate_external_training(
        external=submitted, jp_validated=Decimal("16"), actor=hr_admin
    )

    with pytest.raises(ConflictError, match="sudah divalidasi"):
        services.reject_external_training(external=submitted, reason="Salah.", actor=hr_admin)
    with pytest.raises(ConflictError, match="sudah divalidasi"):
        services.validate_external_training(
            external=submitted, jp_validated=Decimal("10"), actor=hr_admin
        )

    submitted.refresh_from_db()
    assert submitted.jp_validated == Decimal("16.0")


def test_hr_rejects_with_a_reason(hr_admin, employee, submitted):
    with pytest.raises(InvalidInputError, match="Alasan penolakan wajib diisi"):
        services.reject_external_training(external=submitted, reason=" ", actor=hr_admin)

    services.reject_external_training(
        external=submitted, reason="Penyelenggara tidak terakreditasi.", actor=hr_admin
    )

    submitted.refresh_from_db()
    assert submitted.status == ExternalTraining.Status.REJECTED
    assert submitted.jp_validated is None
    assert submitted.review_note == "Penyelenggara tidak terakreditasi."
    assert Notification.objects.filter(user=employee, title="Pelatihan eksternal ditolak").exists()


# --- Correcting and withdrawing


def test_the_owner_corrects_a_waiting_record_and_replaces_its_file(
    employee, submitted, media, django_capture_on_commit_callbacks
):
    (old_file,) = stored_files(media)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_external_training(
            external=submitted,
            data=course(jp_claimed=Decimal("14")),
            upload=upload("baru.png", png_bytes(), "image/png"),
            actor=employee,
        )

    submitted.refresh_from_db()
    assert submitted.jp_claimed == Decimal("14.0")
    assert submitted.file_format == "png"
    assert old_file not in stored_files(media)
    assert len(stored_files(media)) == 1
    event = AuditEvent.objects.get(action="training.external_training.changed")
    assert event.changes["jp_claimed"] == ["16.0", "14.0"]


def test_a_correction_that_changes_nothing_writes_nothing(employee, submitted):
    services.update_external_training(external=submitted, data=COURSE, actor=employee)

    assert AuditEvent.objects.filter(action="training.external_training.changed").exists() is False


def test_a_correction_is_checked_like_a_submission(employee, submitted):
    with pytest.raises(InvalidInputError, match="melebihi batas"):
        services.update_external_training(
            external=submitted, data=course(jp_claimed=Decimal("21")), actor=employee
        )

    submitted.refresh_from_db()
    assert submitted.jp_claimed == Decimal("16.0")


def test_only_the_owner_corrects_or_withdraws(supervisor, hr_admin, submitted):
    for actor in (supervisor, hr_admin):
        with pytest.raises(PermissionDenied):
            services.update_external_training(
                external=submitted, data=course(jp_claimed=Decimal("2")), actor=actor
            )
        with pytest.raises(PermissionDenied):
            services.withdraw_external_training(external=submitted, actor=actor)

    submitted.refresh_from_db()
    assert submitted.jp_claimed == Decimal("16.0")


def test_the_owner_withdraws_a_waiting_record_and_its_file(
    employee, submitted, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_external_training(external=submitted, actor=employee)

    assert ExternalTraining.objects.exists() is False
    assert stored_files(media) == []
    assert AuditEvent.objects.filter(action="training.external_training.withdrawn").count() == 1


def test_a_decided_record_cannot_be_withdrawn_or_corrected(employee, hr_admin, submitted):
    services.validate_external_training(
        external=submitted, jp_validated=Decimal("16"), actor=hr_admin
    )

    with pytest.raises(ConflictError, match="hanya yang menunggu validasi yang dapat ditarik"):
        services.withdraw_external_training(external=submitted, actor=employee)
    with pytest.raises(ConflictError, match="dapat diubah"):
        services.update_external_training(
            external=submitted, data=course(jp_claimed=Decimal("2")), actor=employee
        )

    assert ExternalTraining.objects.get().jp_claimed == Decimal("16.0")


def test_the_factory_makes_a_valid_record(employee, media):
    record = ExternalTrainingFactory.create(employee=employee_record(employee))

    record.full_clean()
    assert record.status == ExternalTraining.Status.SUBMITTED


def test_the_review_queue_reads_in_one_query_oldest_first(
    hr_admin, employee, supervisor, media, django_assert_num_queries
):
    first = ExternalTrainingFactory.create(employee=employee_record(employee))
    second = ExternalTrainingFactory.create(employee=employee_record(supervisor))
    services.validate_external_training(external=second, jp_validated=Decimal("1"), actor=hr_admin)

    with django_assert_num_queries(1):
        rows = [
            (record.pk, record.employee.work_unit.name, record.reviewed_by)
            for record in selectors.list_external_reviews()
        ]

    assert [row[0] for row in rows] == [first.pk, second.pk]
    assert [r.pk for r in selectors.list_external_reviews(status="validated")] == [second.pk]
    assert [r.pk for r in selectors.list_external_reviews(search="kepala")] == [second.pk]
