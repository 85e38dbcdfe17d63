"""Stage windows bind the actions: verification inside VERIFICATION, publication inside
ANNOUNCEMENT or FINAL_ANNOUNCEMENT, the sanggah answer inside SANGGAH_ANSWER (which must exist)."""

import datetime as dt
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.core.exceptions import ConflictError
from simerit.recruitment.models import Application, RejectionReason, Stage, StageWindow
from simerit.recruitment.selectors.windows import stage_refusal
from simerit.recruitment.services import announcements as announcement_services
from simerit.recruitment.services import sanggah as sanggah_services
from simerit.recruitment.services import verification as services
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.recruitment.tests.test_verification_support import (
    CONFIRMATION,
    assign,
    counts,
    decided,
    make_verifier,
    private_media,
    review_all,
    set_window,
    statuses,
    submitted_application,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
DAY = dt.timedelta(days=1)
OPENS = dt.datetime(2026, 9, 1, 8, 0, tzinfo=JAKARTA)
CLOSES = dt.datetime(2026, 9, 10, 16, 0, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


# --- The selector


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create()


def test_a_stage_without_a_window_does_not_restrict(period):
    assert stage_refusal(period, Stage.VERIFICATION, OPENS) is None


def test_a_required_stage_without_a_window_asks_hr_to_set_it(period):
    assert stage_refusal(period, Stage.SANGGAH_ANSWER, OPENS, required=True) == (
        "Jadwal jawab sanggah periode ini belum ditetapkan; minta Admin BKPSDM menetapkannya "
        "pada jadwal periode seleksi."
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (
            OPENS - dt.timedelta(minutes=1),
            "Masa verifikasi administrasi belum dibuka; dibuka pada 1 September 2026 08.00 WIB.",
        ),
        (OPENS, None),
        (CLOSES - dt.timedelta(seconds=1), None),
        (
            CLOSES,
            "Masa verifikasi administrasi sudah berakhir pada 10 September 2026 16.00 WIB.",
        ),
    ],
)
def test_one_window_is_open_from_its_opening_until_its_close(period, now, expected):
    set_window(period, Stage.VERIFICATION, opens=OPENS, closes=CLOSES)
    assert stage_refusal(period, Stage.VERIFICATION, now) == expected


def test_of_two_stages_either_window_allows_and_outside_both_both_are_named(period):
    set_window(period, Stage.ANNOUNCEMENT, opens=OPENS, closes=OPENS + DAY)
    set_window(period, Stage.FINAL_ANNOUNCEMENT, opens=CLOSES, closes=CLOSES + DAY)
    stages = (Stage.ANNOUNCEMENT, Stage.FINAL_ANNOUNCEMENT)
    assert stage_refusal(period, stages, OPENS + dt.timedelta(hours=1)) is None
    assert stage_refusal(period, stages, CLOSES + dt.timedelta(hours=1)) is None
    assert stage_refusal(period, stages, OPENS + 2 * DAY) == (
        "Saat ini di luar jadwal; tindakan ini hanya dapat dilakukan pada masa pengumuman "
        "hasil administrasi (1 September 2026 08.00 WIB sampai 2 September 2026 08.00 WIB) "
        "atau masa pengumuman pasca-sanggah (10 September 2026 16.00 WIB sampai "
        "11 September 2026 16.00 WIB)."
    )


# --- Verification outside its window


def _later_window(application, stage):
    now = timezone.now()
    set_window(application.period, stage, opens=now + DAY, closes=now + 5 * DAY)
    opens = timezone.localtime(now + DAY)
    return opens


def _opening_text(opens):
    months = [
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
    ]
    return f"{opens.day} {months[opens.month - 1]} {opens.year} {opens:%H.%M} WIB"


def test_reviewing_before_the_verification_window_is_refused(db):
    first = make_verifier()
    application = submitted_application()
    assign(application, first)
    opens = _later_window(application, Stage.VERIFICATION)
    document = application.documents.get(kind__code="ktp")
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.review_document(
            application=application, document=document, is_valid=True, actor=first
        )
    assert str(error.value) == (
        f"Masa verifikasi administrasi belum dibuka; dibuka pada {_opening_text(opens)}."
    )
    assert counts() == before


def test_deciding_after_the_verification_window_is_refused(db):
    first = make_verifier()
    application = submitted_application()
    assign(application, first)
    review_all(application, first)
    now = timezone.now()
    set_window(application.period, Stage.VERIFICATION, opens=now - 5 * DAY, closes=now - DAY)
    before, before_statuses = counts(), statuses()
    with pytest.raises(ConflictError) as error:
        services.decide_application(application=application, actor=first)
    assert str(error.value).startswith("Masa verifikasi administrasi sudah berakhir pada ")
    assert (counts(), statuses()) == (before, before_statuses)


@pytest.mark.parametrize("action", ["confirm", "return"])
def test_confirming_or_returning_outside_the_verification_window_is_refused(db, action):
    first, second = make_verifier(), make_verifier()
    application = submitted_application()
    assign(application, first)
    review_all(application, first, invalid={"ijazah": RejectionReason.UNREADABLE})
    services.decide_application(application=application, actor=first)
    assign_to = application.assignments.get(role=CONFIRMATION)
    assign_to.verifier = second
    assign_to.save()
    _later_window(application, Stage.VERIFICATION)
    before, before_statuses = counts(), statuses()
    act = (
        partial(services.confirm_tms, application=application, actor=second)
        if action == "confirm"
        else partial(services.return_tms, application=application, note="Lagi.", actor=second)
    )
    with pytest.raises(ConflictError) as error:
        act()
    assert str(error.value).startswith("Masa verifikasi administrasi belum dibuka; dibuka pada ")
    assert (counts(), statuses()) == (before, before_statuses)


def test_verification_inside_its_window_goes_ahead(db):
    first = make_verifier()
    application = submitted_application()
    now = timezone.now()
    set_window(application.period, Stage.VERIFICATION, opens=now - DAY, closes=now + DAY)
    assert decided(application, first=first).status == Application.Status.MS


def test_the_review_page_says_when_verification_opens(client, db):
    first = make_verifier()
    application = submitted_application()
    assign(application, first)
    opens = _later_window(application, Stage.VERIFICATION)
    client.force_login(first)
    page = client.get(reverse("recruitment:verification-review", args=[application.pk]))
    assert (
        f"Masa verifikasi administrasi belum dibuka; dibuka pada {_opening_text(opens)}."
        in page.content.decode()
    )


# --- Publication outside its windows


@pytest.fixture
def decided_formasi(db):
    formasi = FormasiFactory.create(code="F-JADWAL")
    decided(submitted_application(formasi=formasi), first=make_verifier())
    return formasi


def test_publishing_outside_the_announcement_windows_is_refused(decided_formasi, hr_admin):
    now = timezone.now()
    period = decided_formasi.period
    set_window(period, Stage.ANNOUNCEMENT, opens=now - 5 * DAY, closes=now - 4 * DAY)
    set_window(period, Stage.FINAL_ANNOUNCEMENT, opens=now + DAY, closes=now + 2 * DAY)
    before = counts()
    with pytest.raises(ConflictError) as error:
        announcement_services.publish_announcement(formasi=decided_formasi, actor=hr_admin)
    assert str(error.value).startswith(
        "Saat ini di luar jadwal; tindakan ini hanya dapat dilakukan pada masa pengumuman "
        "hasil administrasi ("
    )
    assert counts() == before


def test_publishing_in_the_final_announcement_window_goes_ahead(decided_formasi, hr_admin):
    now = timezone.now()
    period = decided_formasi.period
    set_window(period, Stage.ANNOUNCEMENT, opens=now - 5 * DAY, closes=now - 4 * DAY)
    set_window(period, Stage.FINAL_ANNOUNCEMENT, opens=now - DAY, closes=now + DAY)
    announcement = announcement_services.publish_announcement(
        formasi=decided_formasi, actor=hr_admin
    )
    assert announcement.version == 1


def test_the_publishing_page_shows_the_refusal_and_changes_nothing(
    client, decided_formasi, hr_admin
):
    now = timezone.now()
    set_window(decided_formasi.period, Stage.ANNOUNCEMENT, opens=now + DAY, closes=now + 2 * DAY)
    client.force_login(hr_admin)
    page = client.get(
        reverse("recruitment:announcement-admin"), {"period": decided_formasi.period_id}
    )
    assert 'data-testid="publish-refusal"' in page.content.decode()
    before = counts()
    response = client.post(
        reverse("recruitment:announcement-publish", args=[decided_formasi.pk]), follow=True
    )
    assert "F-JADWAL: Masa pengumuman hasil administrasi belum dibuka" in response.content.decode()
    assert counts() == before


# --- The sanggah answer needs its window


@pytest.fixture
def filed(db, hr_admin):
    team = make_verifier(), make_verifier(), make_verifier()
    formasi = FormasiFactory.create()
    now = timezone.now()
    set_window(formasi.period, Stage.SANGGAH_FILING, opens=now - DAY, closes=now + 2 * DAY)
    application = decided(
        submitted_application(formasi=formasi),
        first=team[0],
        second=team[1],
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )
    announcement_services.publish_announcement(formasi=formasi, actor=hr_admin)
    sanggah = sanggah_services.file_sanggah(
        application=application,
        reason="Ijazah yang saya unggah terbaca jelas dan lengkap.",
        document_ids=[application.documents.get(kind__code="ijazah").pk],
        actor=application.applicant.user,
    )
    judge = application.assignments.get(role="sanggah").verifier
    return sanggah, judge


def test_a_sanggah_cannot_be_decided_without_an_answer_window(filed):
    sanggah, judge = filed
    assert StageWindow.objects.filter(stage=Stage.SANGGAH_ANSWER).exists() is False
    before, before_statuses = counts(), statuses()
    with pytest.raises(ConflictError) as error:
        sanggah_services.decide_sanggah(sanggah=sanggah, grant=True, note="Diterima.", actor=judge)
    assert str(error.value) == (
        "Jadwal jawab sanggah periode ini belum ditetapkan; minta Admin BKPSDM menetapkannya "
        "pada jadwal periode seleksi."
    )
    assert (counts(), statuses()) == (before, before_statuses)
    sanggah.refresh_from_db()
    assert sanggah.status == "filed"


def test_a_sanggah_before_the_answer_window_is_refused(filed):
    sanggah, judge = filed
    now = timezone.now()
    set_window(
        sanggah.application.period, Stage.SANGGAH_ANSWER, opens=now + DAY, closes=now + 3 * DAY
    )
    before = counts()
    with pytest.raises(ConflictError) as error:
        sanggah_services.decide_sanggah(sanggah=sanggah, grant=True, note="Diterima.", actor=judge)
    assert str(error.value).startswith("Masa jawab sanggah belum dibuka; dibuka pada ")
    assert counts() == before
