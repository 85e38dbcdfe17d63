"""The instansi's answer deadline of a sanggah on final results (§1.4: at most 7 calendar days after
the sanggah period ends), how late an answer is, and HR's filter of the overdue ones."""

import datetime as dt

import pytest
from django.utils import timezone

from simerit.core.dates import WIB
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection.models import ResultSanggah
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import sanggah as selectors
from simerit.selection.tests.factories_sanggah import publish

pytestmark = pytest.mark.django_db

REASON = "Nilai simulasi kasus saya tidak sesuai dengan lembar penilaian yang dibacakan."
# Published 10 August 2026 09.00 WIB; the sanggah period ends 13 August 09.00; answers are due
# 20 August 09.00.
PUBLISHED = dt.datetime(2026, 8, 10, 9, 0, tzinfo=WIB)
DEADLINE = dt.datetime(2026, 8, 20, 9, 0, tzinfo=WIB)
SECOND = dt.timedelta(seconds=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create()


def filed(period, code, *, published_at=PUBLISHED, number=1):
    """A sanggah on a formasi of `period` published at `published_at`."""
    formasi = FormasiFactory.create(period=period, code=code)
    application = ApplicationFactory.create(
        formasi=formasi,
        status=Application.Status.MS,
        registration_number=f"2026-{code}-{number:04d}",
    )
    announcement = publish(
        formasi, lines=[(application, FinalStatus.LULUS, 1)], published_at=published_at
    )
    return ResultSanggah.objects.create(
        application=application, announcement=announcement, reason=REASON
    )


def decide(sanggah, at):
    sanggah.status = ResultSanggah.Status.REJECTED
    sanggah.decided_at = at
    sanggah.save(update_fields=["status", "decided_at"])
    return sanggah


def test_answers_are_due_seven_calendar_days_after_the_sanggah_period(period):
    sanggah = filed(period, "F-A")

    deadline = selectors.answer_deadline(sanggah.announcement)

    assert sanggah.announcement.sanggah_closes_at == dt.datetime(2026, 8, 13, 9, 0, tzinfo=WIB)
    assert deadline == DEADLINE
    assert selectors.answer_days() == 7


def test_the_days_are_a_setting(period, settings):
    settings.SIMERIT_RESULT_SANGGAH_ANSWER_DAYS = 3
    sanggah = filed(period, "F-A")

    assert selectors.answer_deadline(sanggah.announcement) == dt.datetime(
        2026, 8, 16, 9, 0, tzinfo=WIB
    )


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (DEADLINE - HOUR, 0),
        (DEADLINE, 0),
        (DEADLINE + SECOND, 1),
        (DEADLINE + DAY, 1),
        (DEADLINE + 2 * DAY, 2),
        (DEADLINE + 2 * DAY + HOUR, 3),
    ],
)
def test_days_late_count_every_started_day(moment, late):
    assert selectors.days_late(DEADLINE, moment) == late


def test_each_sanggah_shows_its_deadline_and_lateness(period):
    waiting_late = filed(period, "F-A")
    waiting = filed(period, "F-B", published_at=PUBLISHED + 5 * DAY)
    decided_late = decide(filed(period, "F-C"), DEADLINE + HOUR)
    decided_in_time = decide(filed(period, "F-D"), DEADLINE - HOUR)
    now = DEADLINE + 2 * DAY + HOUR

    rows = selectors.with_deadlines(selectors.sanggah_of(period=period), now=now)

    assert [(row.sanggah, row.deadline_text, row.late_days, row.lateness) for row in rows] == [
        (waiting_late, "20 Agustus 2026 pukul 09.00 WIB", 3, "terlambat 3 hari"),
        (waiting, "25 Agustus 2026 pukul 09.00 WIB", 0, ""),
        (decided_late, "20 Agustus 2026 pukul 09.00 WIB", 1, "diputuskan terlambat 1 hari"),
        (decided_in_time, "20 Agustus 2026 pukul 09.00 WIB", 0, ""),
    ]


def test_the_overdue_filter_keeps_only_waiting_sanggah_past_their_deadline(period):
    late = filed(period, "F-A")
    filed(period, "F-B", published_at=PUBLISHED + 5 * DAY)
    decide(filed(period, "F-C"), DEADLINE + HOUR)
    elsewhere = filed(SelectionPeriodFactory.create(), "F-X")
    now = DEADLINE + HOUR

    assert list(selectors.sanggah_of(period=period, overdue_at=now)) == [late]
    assert selectors.overdue_count(period, now=now) == 1
    assert list(selectors.sanggah_of(period=period, overdue_at=DEADLINE)) == []
    assert selectors.overdue_count(period, now=DEADLINE) == 0
    assert list(selectors.sanggah_of(period=elsewhere.application.period, overdue_at=now)) == [
        elsewhere
    ]
    assert (
        list(
            selectors.sanggah_of(
                period=period, status=ResultSanggah.Status.REJECTED, overdue_at=now
            )
        )
        == []
    )


def test_the_overdue_filter_follows_the_setting(period, settings):
    late = filed(period, "F-A")
    settings.SIMERIT_RESULT_SANGGAH_ANSWER_DAYS = 3
    now = dt.datetime(2026, 8, 16, 10, 0, tzinfo=WIB)

    assert list(selectors.sanggah_of(period=period, overdue_at=now)) == [late]
    assert selectors.with_deadlines([late], now=now)[0].lateness == "terlambat 1 hari"


def test_the_list_with_deadlines_takes_one_query(period, django_assert_num_queries):
    filed(period, "F-A")
    filed(period, "F-B")

    with django_assert_num_queries(1):
        rows = selectors.with_deadlines(selectors.sanggah_of(period=period), now=timezone.now())
        assert [row.deadline for row in rows] == [DEADLINE, DEADLINE]
