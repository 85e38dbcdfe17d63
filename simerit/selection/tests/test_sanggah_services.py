"""Sanggah on final results: once, by the applicant, listed in the newest version, within that
version's window; decided by an Admin BKPSDM who did not publish it, with a consideration."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.models import Notification
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory
from simerit.selection.models import ResultAnnouncementEntry, ResultSanggah
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import sanggah as selectors
from simerit.selection.services import sanggah as services
from simerit.selection.tests.factories_sanggah import publish

JAKARTA = ZoneInfo("Asia/Jakarta")
REASON = "Nilai simulasi kasus saya tidak sesuai dengan lembar penilaian yang dibacakan."
Status = ResultSanggah.Status
NOTE = "Lembar penilaian diperiksa ulang; nilai sudah sesuai rubrik dan rata-rata asesor."


def counts() -> dict[str, int]:
    return {
        "sanggah": ResultSanggah.objects.count(),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def formasi(db):
    return FormasiFactory.create(code="F-PERAWAT")


@pytest.fixture
def publisher(db):
    return UserFactory.create(username="admin.penerbit", roles=[Role.ADMIN_BKPSDM])


@pytest.fixture
def loser(formasi):
    return ApplicationFactory.create(
        formasi=formasi, status=Application.Status.MS, registration_number="2026-R-000002"
    )


@pytest.fixture
def winner(formasi):
    return ApplicationFactory.create(
        formasi=formasi, status=Application.Status.MS, registration_number="2026-R-000001"
    )


@pytest.fixture
def announcement(formasi, publisher, winner, loser):
    return publish(
        formasi,
        lines=[(winner, FinalStatus.LULUS, 1), (loser, FinalStatus.PL, 2)],
        published_by=publisher,
    )


def _file(application, **overrides):
    values = {"application": application, "reason": REASON, "actor": application.applicant.user}
    values.update(overrides)
    return services.file_result_sanggah(**values)


# --- Filing


def test_filing_records_the_sanggah_on_the_newest_version_and_audits_it(
    announcement, loser, hr_admin, publisher
):
    sanggah = _file(loser)
    assert sanggah.status == ResultSanggah.Status.FILED
    assert sanggah.announcement == announcement
    assert sanggah.reason == REASON
    event = AuditEvent.objects.get(action="selection.result_sanggah.filed")
    assert event.target_id == str(sanggah.pk)
    assert event.changes == {
        "application": "2026-R-000002",
        "formasi": "F-PERAWAT",
        "announcement_version": 1,
        "status": "p_l",
        "rank": 2,
    }


def test_filing_notifies_the_applicant_and_every_admin_bkpsdm(announcement, loser, hr_admin):
    sanggah = _file(loser)
    applicant_note = Notification.objects.get(user=loser.applicant.user)
    assert applicant_note.title == "Sanggah hasil akhir diterima sistem"
    assert applicant_note.url == f"/seleksi-kompetensi/hasil-akhir/{loser.pk}/sanggah/"
    hr_notes = Notification.objects.filter(title="Sanggah hasil akhir perlu diputuskan")
    assert sorted(note.user.username for note in hr_notes) == ["admin.bkpsdm", "admin.penerbit"]
    assert {note.url for note in hr_notes} == {
        f"/seleksi-kompetensi/sanggah-hasil-akhir/{sanggah.pk}/"
    }
    assert hr_notes[0].body == (
        "Lamaran 2026-R-000002 menyanggah pengumuman hasil akhir F-PERAWAT versi 1."
    )


def test_the_reason_is_stored_trimmed(announcement, loser):
    sanggah = _file(loser, reason=f"   {REASON}\n ")
    assert sanggah.reason == REASON


def test_a_second_sanggah_is_refused_and_nothing_changes(announcement, loser):
    _file(loser)
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(loser, reason="Alasan lain yang juga cukup panjang untuk diterima.")
    assert error.value.message == "Sanggah hasil akhir hanya dapat diajukan satu kali."
    assert counts() == before


def test_the_database_keeps_it_to_one_when_two_filings_race(announcement, loser, monkeypatch):
    _file(loser)
    before = counts()
    # The second request passed the check before the first one committed.
    monkeypatch.setattr(selectors, "filing_refusal", lambda application, now: None)
    with pytest.raises(ConflictError) as error:
        _file(loser)
    assert error.value.message == "Sanggah hasil akhir hanya dapat diajukan satu kali."
    assert counts() == before


def test_only_the_applicant_may_file(announcement, loser, winner, hr_admin):
    before = counts()
    for actor in (winner.applicant.user, hr_admin):
        with pytest.raises(PermissionDenied) as error:
            _file(loser, actor=actor)
        assert str(error.value) == "Sanggah hasil akhir hanya dapat diajukan oleh pelamar sendiri."
    assert counts() == before


def test_an_application_not_listed_in_the_newest_version_is_refused(
    formasi, announcement, loser, winner, publisher
):
    publish(
        formasi,
        lines=[(winner, FinalStatus.LULUS, 1)],
        published_by=publisher,
        supersedes=announcement,
    )
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(loser)
    assert error.value.message == (
        "Lamaran ini tidak tercantum dalam pengumuman hasil akhir terbaru formasinya; "
        "sanggah hasil akhir tidak dapat diajukan."
    )
    assert counts() == before


def test_without_any_announcement_the_filing_is_refused(loser):
    with pytest.raises(ConflictError) as error:
        _file(loser)
    assert error.value.message.startswith("Lamaran ini tidak tercantum")
    assert ResultSanggah.objects.exists() is False


def test_a_newer_version_opens_its_own_window(formasi, announcement, loser, winner, publisher):
    closed = dt.datetime(2020, 8, 15, tzinfo=JAKARTA)
    announcement.published_at = closed - dt.timedelta(days=3)
    announcement.sanggah_closes_at = closed
    announcement.save()
    second = publish(
        formasi,
        lines=[(winner, FinalStatus.LULUS, 1), (loser, FinalStatus.PL, 2)],
        published_by=publisher,
        supersedes=announcement,
    )
    assert _file(loser).announcement == second


def test_before_the_publication_the_window_is_not_open(formasi, loser, winner, publisher):
    publish(
        formasi,
        lines=[(winner, FinalStatus.LULUS, 1), (loser, FinalStatus.PL, 2)],
        published_by=publisher,
        published_at=dt.datetime(2099, 8, 12, 14, 5, tzinfo=JAKARTA),
    )
    with pytest.raises(ConflictError) as error:
        _file(loser)
    assert error.value.message == (
        "Masa sanggah hasil akhir belum dibuka; dibuka pada 12 Agustus 2099 pukul 14.05 WIB."
    )
    assert ResultSanggah.objects.exists() is False


def test_after_the_close_the_window_has_ended(formasi, loser, winner, publisher):
    publish(
        formasi,
        lines=[(winner, FinalStatus.LULUS, 1), (loser, FinalStatus.PL, 2)],
        published_by=publisher,
        published_at=dt.datetime(2020, 8, 12, 14, 5, tzinfo=JAKARTA),
        sanggah_closes_at=dt.datetime(2020, 8, 16, tzinfo=JAKARTA),
    )
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(loser)
    assert error.value.message == (
        "Masa sanggah hasil akhir sudah berakhir pada 16 Agustus 2020 pukul 00.00 WIB."
    )
    assert counts() == before


def test_the_close_itself_is_outside_the_window(formasi, loser, publisher):
    closes = dt.datetime(2026, 8, 16, tzinfo=JAKARTA)
    publish(
        formasi,
        lines=[(loser, FinalStatus.PL, 2)],
        published_by=publisher,
        published_at=closes - dt.timedelta(days=3),
        sanggah_closes_at=closes,
    )
    refusal = selectors.filing_refusal(loser, now=closes)
    assert (
        refusal == "Masa sanggah hasil akhir sudah berakhir pada 16 Agustus 2026 pukul 00.00 WIB."
    )
    assert selectors.filing_refusal(loser, now=closes - dt.timedelta(microseconds=1)) is None


TOO_SHORT = (
    "Tulis alasan sanggah paling sedikit 20 karakter: nilai atau peringkat mana yang Anda "
    "sanggah dan mengapa."
)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Terlalu pendek.", TOO_SHORT),
        ("  " + "x" * 19 + "  ", TOO_SHORT),
        ("x" * 3001, "Alasan sanggah paling banyak 3000 karakter."),
    ],
)
def test_the_reason_length_is_checked(announcement, loser, reason, message):
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        _file(loser, reason=reason)
    assert error.value.errors == {"reason": [message]}
    assert counts() == before


def test_a_reason_of_exactly_the_limits_is_accepted(announcement, loser, winner):
    assert len(_file(loser, reason="x" * 20).reason) == 20
    assert len(_file(winner, reason="y" * 3000).reason) == 3000


# --- Deciding


@pytest.fixture
def filed(announcement, loser):
    return _file(loser)


def test_a_granted_sanggah_is_recorded_audited_and_told_to_the_applicant(filed, hr_admin, loser):
    Notification.objects.all().delete()
    decided = services.decide_result_sanggah(
        sanggah=filed, granted=True, note=f"  {NOTE}  ", actor=hr_admin
    )
    decided.refresh_from_db()
    assert decided.status == ResultSanggah.Status.GRANTED
    assert decided.decided_by == hr_admin
    assert decided.decided_at is not None
    assert decided.decision_note == NOTE
    event = AuditEvent.objects.get(action="selection.result_sanggah.granted")
    assert event.actor == hr_admin
    assert event.changes == {
        "application": "2026-R-000002",
        "announcement_version": 1,
        "status": ["filed", "granted"],
        "note": NOTE,
    }
    notification = Notification.objects.get()
    assert notification.user == loser.applicant.user
    assert notification.title == "Sanggah hasil akhir diterima"
    assert notification.body == (
        f"Sanggah atas hasil akhir lamaran 2026-R-000002 diterima. Pertimbangan: {NOTE}\n"
        "Hasil yang dikoreksi dimuat pada versi pengumuman berikutnya."
    )


def test_a_rejected_sanggah_keeps_the_result(filed, hr_admin):
    Notification.objects.all().delete()
    services.decide_result_sanggah(sanggah=filed, granted=False, note=NOTE, actor=hr_admin)
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.REJECTED
    assert AuditEvent.objects.filter(action="selection.result_sanggah.rejected").count() == 1
    assert Notification.objects.get().body == (
        "Sanggah atas hasil akhir lamaran 2026-R-000002 ditolak; hasil tetap seperti diumumkan "
        f"pada versi 1. Pertimbangan: {NOTE}"
    )


def test_the_publisher_of_the_disputed_version_may_not_decide(filed, publisher):
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        services.decide_result_sanggah(sanggah=filed, granted=True, note=NOTE, actor=publisher)
    assert str(error.value) == (
        "Sanggah hasil akhir harus diputuskan oleh Admin BKPSDM yang tidak menerbitkan "
        "pengumuman versi 1 yang disanggah."
    )
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.FILED
    assert counts() == before


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.VERIFIKATOR, Role.PELAMAR, Role.ASESOR])
def test_only_an_admin_bkpsdm_may_decide(filed, role):
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        services.decide_result_sanggah(
            sanggah=filed, granted=True, note=NOTE, actor=UserFactory.create(roles=[role])
        )
    assert str(error.value) == "Hanya Admin BKPSDM yang dapat memutus sanggah hasil akhir."
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.FILED
    assert counts() == before


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Tulis pertimbangan keputusan paling sedikit 20 karakter."),
        ("  " + "n" * 19 + "  ", "Tulis pertimbangan keputusan paling sedikit 20 karakter."),
        ("n" * 3001, "Pertimbangan paling banyak 3000 karakter."),
    ],
)
def test_the_consideration_is_required(filed, hr_admin, note, message):
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.decide_result_sanggah(sanggah=filed, granted=False, note=note, actor=hr_admin)
    assert error.value.errors == {"note": [message]}
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.FILED
    assert counts() == before


def test_a_sanggah_is_decided_once(filed, hr_admin):
    services.decide_result_sanggah(sanggah=filed, granted=False, note=NOTE, actor=hr_admin)
    other = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.decide_result_sanggah(sanggah=filed, granted=True, note=NOTE, actor=other)
    assert error.value.message == "Sanggah hasil akhir ini sudah diputuskan."
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.REJECTED
    assert filed.decided_by == hr_admin
    assert counts() == before


# --- A published record changed afterwards: no sanggah is filed on it or decided against it

RELINKED = (
    "Pengumuman hasil akhir F-PERAWAT versi 1 tidak utuh: baris 2026-R-000001 menunjuk lamaran "
    "lain: lamaran yang ditautkan tidak bernomor pendaftaran 2026-R-000001; jalankan "
    "verify_audit dan hubungi Inspektorat."
)


def relink_the_winner(announcement, application):
    ResultAnnouncementEntry.objects.filter(
        announcement=announcement, registration_number="2026-R-000001"
    ).update(application=application)


def test_no_sanggah_is_filed_on_a_record_changed_after_publication(announcement, loser, formasi):
    relink_the_winner(announcement, ApplicationFactory.create(formasi=formasi))
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(loser)
    assert error.value.message == RELINKED
    assert counts() == before


def test_a_line_relinked_to_an_outsider_gives_them_no_sanggah(announcement, formasi):
    outsider = ApplicationFactory.create(formasi=formasi, status=Application.Status.MS)
    relink_the_winner(announcement, outsider)
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(outsider)
    assert error.value.message == RELINKED
    assert counts() == before


def test_no_sanggah_is_decided_on_a_record_changed_after_it_was_filed(filed, formasi, hr_admin):
    relink_the_winner(filed.announcement, ApplicationFactory.create(formasi=formasi))
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.decide_result_sanggah(sanggah=filed, granted=True, note=NOTE, actor=hr_admin)
    assert error.value.message == RELINKED
    filed.refresh_from_db()
    assert (filed.status, filed.decided_by, filed.decision_note) == (Status.FILED, None, "")
    assert counts() == before
