"""Sanggah: once, within the window, for an announced TMS, about uploaded documents; decided by a
verifier who took no part in the TMS; the outcome appears in the next announcement version."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.notifications.models import Notification
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Application,
    RejectionReason,
    Sanggah,
    StaffFamilyCard,
    Stage,
    StageWindow,
    VerificationAssignment,
)
from simerit.recruitment.selectors.announcements import SanggahWindow, sanggah_window
from simerit.recruitment.services import announcements as announcement_services
from simerit.recruitment.services import sanggah as services
from simerit.recruitment.tests.factories import FormasiFactory
from simerit.recruitment.tests.test_verification_support import (
    SANGGAH,
    counts,
    decided,
    make_verifier,
    open_sanggah_windows,
    private_media,
    set_window,
    statuses,
    submitted_application,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
REASON = "Ijazah yang saya unggah terbaca jelas; nama sesuai KTP."
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def team(db):
    """The first verifier, the confirming one, and the one free to decide a sanggah."""
    return (
        make_verifier(username="v.satu"),
        make_verifier(username="v.dua"),
        make_verifier(username="v.tiga"),
    )


@pytest.fixture
def formasi(db):
    formasi = FormasiFactory.create()
    open_sanggah_windows(formasi.period)
    return formasi


@pytest.fixture
def tms(formasi, team, hr_admin):
    """An announced, confirmed TMS (invalid ijazah)."""
    application = decided(
        submitted_application(formasi=formasi),
        first=team[0],
        second=team[1],
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )
    announcement_services.publish_announcement(formasi=formasi, actor=hr_admin)
    return application


def _file(application, **overrides):
    values = {
        "application": application,
        "reason": REASON,
        "document_ids": [application.documents.get(kind__code="ijazah").pk],
        "actor": application.applicant.user,
    }
    values.update(overrides)
    return services.file_sanggah(**values)


def test_filing_a_sanggah_records_it_and_assigns_a_verifier_who_did_not_decide(tms, team):
    sanggah = _file(tms)
    assert sanggah.status == Sanggah.Status.FILED
    assert sanggah.announcement.version == 1
    assert [doc.kind.code for doc in sanggah.documents.all()] == ["ijazah"]
    judge = VerificationAssignment.objects.get(application=tms, role=SANGGAH).verifier
    assert judge == team[2]
    event = AuditEvent.objects.get(action="recruitment.sanggah.filed")
    assert event.changes == {
        "application": tms.registration_number,
        "announcement_version": 1,
        "documents": ["ijazah"],
        "judge": "v.tiga",
    }
    assert Notification.objects.filter(user=team[2], title="Sanggah perlu diputuskan").exists()


def test_a_second_sanggah_is_refused_and_nothing_changes(tms):
    _file(tms)
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(tms, reason="Alasan lain yang cukup panjang untuk diterima.")
    assert str(error.value).startswith(
        "Sanggah hanya dapat diajukan satu kali; Anda sudah mengajukannya pada "
    )
    assert counts() == before


def test_a_race_to_file_twice_is_stopped_by_the_database(tms, monkeypatch):
    """Both requests pass the check; the one-to-one constraint refuses the second insert."""
    _file(tms)
    monkeypatch.setattr(
        "simerit.recruitment.selectors.announcements.sanggah_filing_refusal",
        lambda application, *, now: None,
    )
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(tms)
    assert str(error.value) == "Sanggah hanya dapat diajukan satu kali."
    assert counts() == before
    assert isinstance(error.value.__cause__, IntegrityError)


def test_a_sanggah_after_the_window_is_refused(tms):
    now = timezone.now()
    Announcement.objects.update(published_at=now - 5 * DAY, sanggah_closes_at=now - 2 * DAY)
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(tms)
    closes = timezone.localtime(now - 2 * DAY)
    assert str(error.value) == (
        f"Masa sanggah sudah berakhir pada {closes.day} {_month(closes)} {closes.year} "
        f"{closes:%H.%M} WIB."
    )
    assert counts() == before


def _publish_at(monkeypatch, formasi, hr_admin, when):
    monkeypatch.setattr(timezone, "now", lambda: when)
    announcement = announcement_services.publish_announcement(formasi=formasi, actor=hr_admin)
    monkeypatch.undo()
    return announcement


def _tms_decided(formasi, team):
    return decided(
        submitted_application(formasi=formasi),
        first=team[0],
        second=team[1],
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )


def test_the_window_opens_at_the_announcement_even_when_the_filing_window_closed_before_it(
    monkeypatch, formasi, team, hr_admin
):
    # given: the period's filing window closed before the results were announced (a late list)
    set_window(
        formasi.period,
        Stage.SANGGAH_FILING,
        opens=dt.datetime(2026, 8, 1, 8, tzinfo=JAKARTA),
        closes=dt.datetime(2026, 8, 3, 23, 59, tzinfo=JAKARTA),
    )
    application = _tms_decided(formasi, team)
    published = dt.datetime(2026, 8, 10, 14, 30, tzinfo=JAKARTA)
    # when
    announcement = _publish_at(monkeypatch, formasi, hr_admin, published)
    # then: 3 calendar days after 10 August, until the end of 13 August (Asia/Jakarta)
    closes = dt.datetime(2026, 8, 14, tzinfo=JAKARTA)
    assert announcement.sanggah_closes_at == closes
    assert sanggah_window(application) == SanggahWindow(published, closes)
    event = AuditEvent.objects.get(action="recruitment.announcement.published")
    assert event.changes["sanggah_closes_at"] == "2026-08-14T00:00:00+07:00"


def test_a_filing_window_closing_after_the_sanggah_days_extends_the_window(
    monkeypatch, formasi, team, hr_admin
):
    set_window(
        formasi.period,
        Stage.SANGGAH_FILING,
        opens=dt.datetime(2026, 8, 10, 8, tzinfo=JAKARTA),
        closes=dt.datetime(2026, 8, 20, 16, tzinfo=JAKARTA),
    )
    application = _tms_decided(formasi, team)
    published = dt.datetime(2026, 8, 10, 14, 30, tzinfo=JAKARTA)
    _publish_at(monkeypatch, formasi, hr_admin, published)
    assert sanggah_window(application) == SanggahWindow(
        published, dt.datetime(2026, 8, 20, 16, tzinfo=JAKARTA)
    )


def test_without_a_filing_window_the_sanggah_days_after_the_announcement_apply(
    monkeypatch, formasi, team, hr_admin
):
    StageWindow.objects.filter(stage=Stage.SANGGAH_FILING).delete()
    application = _tms_decided(formasi, team)
    published = dt.datetime(2026, 8, 2, 14, 30, tzinfo=JAKARTA)
    _publish_at(monkeypatch, formasi, hr_admin, published)
    window = sanggah_window(application)
    assert window is not None
    assert window.opens_at == published
    # 3 calendar days after 2 August: until the end of 5 August, Asia/Jakarta.
    assert timezone.localtime(window.closes_at) == dt.datetime(2026, 8, 6, tzinfo=JAKARTA)
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(application)
    assert str(error.value) == "Masa sanggah sudah berakhir pada 6 Agustus 2026 00.00 WIB."
    assert counts() == before


def test_later_changes_to_the_period_do_not_move_a_running_window(tms, hr_admin):
    announcement = Announcement.objects.get()
    stored = announcement.sanggah_closes_at
    now = timezone.now()
    # HR shortens the filing window and the sanggah days after the announcement
    set_window(tms.period, Stage.SANGGAH_FILING, opens=now - 5 * DAY, closes=now - 2 * DAY)
    type(tms.period).objects.filter(pk=tms.period_id).update(sanggah_days=1)
    assert sanggah_window(tms) == SanggahWindow(announcement.published_at, stored)
    assert _file(tms).status == Sanggah.Status.FILED


def test_without_a_window_a_fresh_announcement_is_open(tms):
    StageWindow.objects.filter(stage=Stage.SANGGAH_FILING).delete()
    assert _file(tms).status == Sanggah.Status.FILED


def test_a_sanggah_on_an_ms_application_is_refused(formasi, team, hr_admin):
    ms = decided(submitted_application(formasi=formasi), first=team[0])
    announcement_services.publish_announcement(formasi=formasi, actor=hr_admin)
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(ms)
    assert str(error.value) == "Sanggah hanya dapat diajukan untuk lamaran berstatus TMS."
    assert counts() == before


def test_a_sanggah_before_the_announcement_is_refused(formasi, team):
    application = decided(
        submitted_application(formasi=formasi),
        first=team[0],
        second=team[1],
        invalid={"ktp": RejectionReason.WRONG_DOCUMENT},
    )
    before = counts()
    with pytest.raises(ConflictError) as error:
        _file(application, document_ids=[application.documents.earliest("pk").pk])
    assert (
        str(error.value) == "Hasil TMS lamaran ini belum diumumkan; sanggah belum dapat diajukan."
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"reason": "Tidak setuju."},
            {
                "reason": [
                    "Tulis alasan sanggah paling sedikit 20 karakter, dengan merujuk dokumen "
                    "yang sudah Anda unggah."
                ]
            },
        ),
        (
            {"document_ids": []},
            {"documents": ["Pilih paling sedikit satu dokumen yang Anda rujuk."]},
        ),
        (
            {"document_ids": [999999]},
            {"documents": ["Pilih hanya dokumen yang sudah Anda unggah pada lamaran ini."]},
        ),
    ],
)
def test_bad_sanggah_input_is_refused_and_nothing_changes(tms, overrides, errors):
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        _file(tms, **overrides)
    assert error.value.errors == errors
    assert counts() == before


def test_a_document_of_another_application_cannot_be_referred_to(tms, formasi):
    other = submitted_application(formasi=formasi)
    before = counts()
    with pytest.raises(InvalidInputError):
        _file(tms, document_ids=[other.documents.earliest("pk").pk])
    assert counts() == before


def test_someone_else_cannot_file_for_the_applicant(tms, applicant):
    before = counts()
    with pytest.raises(PermissionDenied):
        _file(tms, actor=applicant)
    assert counts() == before


# --- Deciding


def test_granting_makes_the_application_ms_and_the_next_version_shows_it(tms, team, hr_admin):
    sanggah = _file(tms)
    old_reasons = Application.objects.get(pk=tms.pk).result_reasons
    services.decide_sanggah(
        sanggah=sanggah,
        grant=True,
        note="Ijazah terbaca jelas; kesalahan verifikasi.",
        actor=team[2],
    )
    tms.refresh_from_db()
    assert tms.status == Application.Status.MS
    assert (tms.result_reasons, tms.public_reasons) == ([], [])
    event = AuditEvent.objects.get(action="recruitment.sanggah.granted")
    assert event.changes["result_reasons"] == [old_reasons, []]
    assert VerificationAssignment.objects.get(role=SANGGAH).completed_at is not None
    second = announcement_services.publish_announcement(
        formasi=tms.formasi, actor=hr_admin, note="Hasil sanggah."
    )
    entry = AnnouncementEntry.objects.get(announcement=second, application=tms)
    assert (entry.result, entry.reason) == ("MS", "")
    assert Notification.objects.filter(
        user=tms.applicant.user, title="Sanggah diterima: Memenuhi Syarat (MS)"
    ).exists()


def test_rejecting_keeps_the_tms_with_the_reasoning(tms, team):
    sanggah = _file(tms)
    services.decide_sanggah(
        sanggah=sanggah, grant=False, note="Ijazah memang buram.", actor=team[2]
    )
    sanggah.refresh_from_db()
    assert (sanggah.status, sanggah.decided_by, sanggah.decision_note) == (
        Sanggah.Status.REJECTED,
        team[2],
        "Ijazah memang buram.",
    )
    tms.refresh_from_db()
    assert tms.status == Application.Status.TMS


def test_a_pending_sanggah_blocks_the_next_version(tms, hr_admin):
    _file(tms)
    before = counts()
    with pytest.raises(ConflictError) as error:
        announcement_services.publish_announcement(
            formasi=tms.formasi, actor=hr_admin, note="Hasil sanggah."
        )
    assert str(error.value) == (
        "Pengumuman belum dapat diterbitkan: 1 sanggah formasi ini belum diputuskan."
    )
    assert counts() == before


@pytest.mark.parametrize("who", [0, 1])
def test_the_first_and_the_confirming_verifier_cannot_decide_the_sanggah(tms, team, who):
    sanggah = _file(tms)
    before, before_statuses = counts(), statuses()
    with pytest.raises(PermissionDenied) as error:
        services.decide_sanggah(sanggah=sanggah, grant=True, note="Diterima.", actor=team[who])
    assert str(error.value) == (
        "Sanggah harus diputuskan oleh verifikator yang tidak ikut memutus hasil TMS ini."
    )
    assert (counts(), statuses()) == (before, before_statuses)


def test_an_unassigned_verifier_cannot_decide_the_sanggah(tms):
    sanggah = _file(tms)
    outsider = make_verifier()
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        services.decide_sanggah(sanggah=sanggah, grant=True, note="Diterima.", actor=outsider)
    assert str(error.value) == "Sanggah ini tidak ditugaskan kepada Anda."
    assert counts() == before


def test_a_judge_in_conflict_cannot_decide(tms, team):
    sanggah = _file(tms)
    StaffFamilyCard.objects.create(user=team[2], kk_number=tms.applicant.kk_number)
    before = counts()
    with pytest.raises(PermissionDenied):
        services.decide_sanggah(sanggah=sanggah, grant=True, note="Diterima.", actor=team[2])
    assert counts() == before


def test_deciding_outside_the_answer_window_is_refused(tms, team):
    sanggah = _file(tms)
    now = timezone.now()
    set_window(tms.period, Stage.SANGGAH_ANSWER, opens=now - 9 * DAY, closes=now - DAY)
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.decide_sanggah(sanggah=sanggah, grant=True, note="Diterima.", actor=team[2])
    assert str(error.value).startswith("Masa jawab sanggah sudah berakhir pada ")
    assert counts() == before


def test_a_sanggah_is_decided_once(tms, team):
    sanggah = _file(tms)
    services.decide_sanggah(sanggah=sanggah, grant=False, note="Ditolak.", actor=team[2])
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.decide_sanggah(sanggah=sanggah, grant=True, note="Diterima.", actor=team[2])
    assert str(error.value) == "Sanggah ini sudah diputuskan."
    assert counts() == before


def test_a_decision_needs_a_note(tms, team):
    sanggah = _file(tms)
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.decide_sanggah(sanggah=sanggah, grant=True, note=" ", actor=team[2])
    assert error.value.errors == {"note": ["Tulis pertimbangan keputusan sanggah."]}
    assert counts() == before


def _month(value):
    return [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ][value.month - 1]
