"""Publishing the administrative result: frozen entries, SHA-256 in the audit chain, versions."""

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.notifications.models import Notification
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Application,
    Formasi,
    RejectionReason,
    SelectionPeriod,
)
from simerit.recruitment.selectors.announcements import canonical_json, sha256_of
from simerit.recruitment.services import announcements as services
from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory
from simerit.recruitment.tests.test_verification_support import (
    counts,
    decided,
    make_verifier,
    private_media,
    submitted_application,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def verifiers(db):
    return make_verifier(), make_verifier()


@pytest.fixture
def formasi(db):
    return FormasiFactory.create(code="F-PERAWAT")


def _ms(formasi, verifiers, **applicant):
    application = submitted_application(
        formasi=formasi, applicant=ApplicantFactory.create(**applicant)
    )
    return decided(application, first=verifiers[0])


def _tms(formasi, verifiers, **applicant):
    application = submitted_application(
        formasi=formasi, applicant=ApplicantFactory.create(**applicant)
    )
    return decided(
        application,
        first=verifiers[0],
        second=verifiers[1],
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )


def test_publishing_freezes_the_list_with_masked_names_and_public_reasons(
    formasi, verifiers, hr_admin
):
    ms = _ms(formasi, verifiers, name="Siti Aminah")
    tms = _tms(formasi, verifiers, name="Budi Santoso")
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    entries = list(
        AnnouncementEntry.objects.filter(announcement=announcement)
        .order_by("registration_number")
        .values_list("registration_number", "masked_name", "result", "reason")
    )
    assert entries == sorted(
        [
            (ms.registration_number, "S*** A*****", "MS", ""),
            (
                tms.registration_number,
                "B*** S******",
                "TMS",
                "Ijazah: Berkas tidak terbaca atau buram",
            ),
        ]
    )
    assert (announcement.version, announcement.replaces) == (1, None)
    # The verifier's free note stays on the applicant's own page, never on the public list.
    assert "buram di bagian nama" not in str(entries)


def test_the_audited_hash_is_recomputed_from_the_public_canonical_json(
    client, formasi, verifiers, hr_admin
):
    ms = _ms(formasi, verifiers, name="Siti Aminah")
    tms = _tms(formasi, verifiers, name="Budi Santoso")
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    # given: what anyone can download, without logging in
    response = client.get(
        reverse("recruitment:announcement-json", args=[formasi.pk, announcement.version])
    )
    assert response.status_code == 200
    # when: a citizen hashes the bytes
    recomputed = hashlib.sha256(response.content).hexdigest()
    # then: it matches the hash written to the audit chain, which is intact
    event = AuditEvent.objects.get(action="recruitment.announcement.published")
    assert event.changes["sha256"] == recomputed
    assert event.changes["version"] == 1
    assert announcement.sha256 == recomputed
    assert verify_chain().intact is True
    payload = json.loads(response.content)
    assert payload["formasi"] == "F-PERAWAT"
    assert payload["version"] == 1
    assert payload["replaces_version"] is None
    expected = [
        {
            "registration_number": ms.registration_number,
            "masked_name": "S*** A*****",
            "result": "MS",
            "reason": "",
        },
        {
            "registration_number": tms.registration_number,
            "masked_name": "B*** S******",
            "result": "TMS",
            "reason": "Ijazah: Berkas tidak terbaca atau buram",
        },
    ]
    assert payload["entries"] == sorted(expected, key=lambda e: e["registration_number"])


def test_renaming_the_period_and_formasi_after_publishing_keeps_the_hash(
    client, formasi, verifiers, hr_admin
):
    # given: a published announcement
    _ms(formasi, verifiers, name="Siti Aminah")
    _tms(formasi, verifiers, name="Budi Santoso")
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    published_name = formasi.period.name
    # when: the period and the formasi are renamed afterwards (e.g. in the Django admin)
    SelectionPeriod.objects.filter(pk=formasi.period_id).update(name="Nama Periode Baru")
    Formasi.objects.filter(pk=formasi.pk).update(code="F-BARU")
    # then: the public JSON still names what was published, and its hash still matches
    announcement.refresh_from_db()
    response = client.get(
        reverse("recruitment:announcement-json", args=[formasi.pk, announcement.version])
    )
    assert hashlib.sha256(response.content).hexdigest() == announcement.sha256
    assert sha256_of(canonical_json(announcement)) == announcement.sha256
    payload = json.loads(response.content)
    assert (payload["formasi"], payload["period"]) == ("F-PERAWAT", published_name)
    assert (announcement.formasi_code, announcement.period_name) == ("F-PERAWAT", published_name)


def test_a_changed_entry_no_longer_matches_the_published_hash(formasi, verifiers, hr_admin):
    _ms(formasi, verifiers)
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    AnnouncementEntry.objects.filter(announcement=announcement).update(result="TMS")
    assert sha256_of(canonical_json(announcement)) != announcement.sha256


def test_announcement_with_undecided_applications_is_refused(formasi, verifiers, hr_admin):
    _ms(formasi, verifiers)
    submitted_application(formasi=formasi)
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.publish_announcement(formasi=formasi, actor=hr_admin)
    assert str(error.value) == (
        "Pengumuman belum dapat diterbitkan: 1 lamaran formasi ini belum selesai diverifikasi "
        "(berstatus Dikirim atau TMS menunggu konfirmasi)."
    )
    assert counts() == before


def test_announcement_with_a_tms_waiting_for_confirmation_is_refused(formasi, verifiers, hr_admin):
    application = submitted_application(formasi=formasi)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.TMS_PENDING)
    before = counts()
    with pytest.raises(ConflictError):
        services.publish_announcement(formasi=formasi, actor=hr_admin)
    assert counts() == before


def test_announcement_with_nothing_decided_is_refused(formasi, hr_admin):
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.publish_announcement(formasi=formasi, actor=hr_admin)
    assert str(error.value) == "Belum ada lamaran formasi ini yang selesai diverifikasi."
    assert counts() == before


def test_drafts_are_not_announced(formasi, verifiers, hr_admin):
    _ms(formasi, verifiers)
    draft = submitted_application(formasi=formasi)
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.DRAFT)
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    assert announcement.entries.count() == 1


def test_a_correction_is_a_new_version_naming_the_old_one_and_needs_a_note(
    formasi, verifiers, hr_admin
):
    _ms(formasi, verifiers)
    first = services.publish_announcement(formasi=formasi, actor=hr_admin)
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.publish_announcement(formasi=formasi, actor=hr_admin, note=" ")
    assert error.value.errors == {"note": ["Versi 2 adalah koreksi: tulis catatan perubahannya."]}
    assert counts() == before
    second = services.publish_announcement(
        formasi=formasi, actor=hr_admin, note="Perbaikan ejaan nama formasi."
    )
    assert (second.version, second.replaces, second.note) == (
        2,
        first,
        "Perbaikan ejaan nama formasi.",
    )
    event = AuditEvent.objects.filter(action="recruitment.announcement.published").order_by("seq")
    assert [e.changes["replaces_version"] for e in event] == [None, 1]
    # The hash binds the version: same entries, different text, different hash.
    assert second.sha256 != first.sha256


def test_publishing_notifies_each_applicant_with_their_result(formasi, verifiers, hr_admin):
    ms = _ms(formasi, verifiers)
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    notice = Notification.objects.filter(
        user=ms.applicant.user, title="Pengumuman hasil seleksi administrasi"
    ).get()
    assert notice.body == (
        "Pengumuman hasil seleksi administrasi formasi F-PERAWAT versi 1 telah terbit. "
        f"Hasil lamaran {ms.registration_number}: MS."
    )


def test_only_admin_bkpsdm_publishes(formasi, verifiers, opd_admin):
    _ms(formasi, verifiers)
    before = counts()
    with pytest.raises(PermissionDenied):
        services.publish_announcement(formasi=formasi, actor=opd_admin)
    assert counts() == before
    assert Announcement.objects.exists() is False


def _publish_queries(count, verifiers, hr_admin):
    formasi = FormasiFactory.create()
    for _ in range(count):
        _tms(formasi, verifiers)
    _ms(formasi, verifiers)
    actor = User.objects.get(pk=hr_admin.pk)  # roles not yet read, as in a request
    with CaptureQueriesContext(connection) as queries:
        services.publish_announcement(formasi=formasi, actor=actor)
    return len(queries)


def test_publishing_runs_the_same_number_of_queries_for_2_or_8_tms(
    verifiers, hr_admin, django_assert_max_num_queries
):
    two = _publish_queries(2, verifiers, hr_admin)
    eight = _publish_queries(8, verifiers, hr_admin)
    assert two == eight
    formasi = FormasiFactory.create()
    for _ in range(8):
        _tms(formasi, verifiers)
    actor = User.objects.get(pk=hr_admin.pk)
    with django_assert_max_num_queries(two):
        services.publish_announcement(formasi=formasi, actor=actor)


def test_the_public_reason_is_the_one_stored_at_decision_time(formasi, verifiers, hr_admin):
    tms = _tms(formasi, verifiers)
    assert tms.public_reasons == ["Ijazah: Berkas tidak terbaca atau buram"]
    # A later change to the reviews or the rules does not change what is announced.
    Application.objects.filter(pk=tms.pk).update(public_reasons=["Ijazah: Dokumen tidak lengkap"])
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    entry = AnnouncementEntry.objects.get(announcement=announcement)
    assert (entry.result, entry.reason) == ("TMS", "Ijazah: Dokumen tidak lengkap")


def test_publishing_notifies_everyone_in_one_statement_and_emails_after_commit(
    formasi, verifiers, hr_admin, django_capture_on_commit_callbacks, mailoutbox
):
    ms = _ms(formasi, verifiers)
    tms = _tms(formasi, verifiers)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_announcement(formasi=formasi, actor=hr_admin)
    notices = Notification.objects.filter(title="Pengumuman hasil seleksi administrasi")
    assert sorted(notices.values_list("user_id", flat=True)) == sorted(
        [ms.applicant.user_id, tms.applicant.user_id]
    )
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [ms.applicant.user.email, tms.applicant.user.email]
    )
    assert notices.filter(emailed_at__isnull=True).exists() is False


@pytest.mark.parametrize(
    ("code", "header"),
    [
        ("F-01", 'attachment; filename="pengumuman-F-01-v1.json"'),
        # Codes written before codes were checked: quoted or encoded, never a broken header.
        ('F"1', 'attachment; filename="pengumuman-F\\"1-v1.json"'),
        ("FÉ", "attachment; filename*=utf-8''pengumuman-F%C3%89-v1.json"),
    ],
)
def test_the_json_download_header_is_built_safely(client, verifiers, hr_admin, code, header):
    formasi = FormasiFactory.create()
    _ms(formasi, verifiers)
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    Formasi.objects.filter(pk=formasi.pk).update(code=code)
    response = client.get(reverse("recruitment:announcement-json", args=[formasi.pk, 1]))
    assert response["Content-Disposition"] == header
