"""Reads of the sanggah on final results: what an applicant may dispute and when, and HR's list."""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from simerit.core.dates import format_datetime_wib
from simerit.recruitment.models import Application, SelectionPeriod
from simerit.selection.models import ResultAnnouncement, ResultAnnouncementEntry, ResultSanggah
from simerit.selection.selectors.announcements import latest_announcement

ONCE_MESSAGE = "Sanggah hasil akhir hanya dapat diajukan satu kali."
DEFAULT_ANSWER_DAYS = 7
DAY = dt.timedelta(days=1)
NOT_LISTED_MESSAGE = (
    "Lamaran ini tidak tercantum dalam pengumuman hasil akhir terbaru formasinya; "
    "sanggah hasil akhir tidak dapat diajukan."
)


@dataclass(frozen=True)
class Disputable:
    """The newest version of the application's formasi and the application's line in it."""

    announcement: ResultAnnouncement
    entry: ResultAnnouncementEntry

    def is_open(self, now: dt.datetime) -> bool:
        return self.announcement.published_at <= now < self.announcement.sanggah_closes_at


def disputable(application: Application) -> Disputable | None:
    """None when the newest announcement of the formasi does not list the application."""
    announcement = latest_announcement(application.formasi)
    if announcement is None:
        return None
    entry = announcement.entries.filter(application=application).first()
    return Disputable(announcement, entry) if entry is not None else None


def filing_refusal(application: Application, *, now: dt.datetime) -> str | None:
    """Why the applicant cannot file a sanggah on the final result now; None when they can."""
    if ResultSanggah.objects.filter(application=application).exists():
        return ONCE_MESSAGE
    target = disputable(application)
    if target is None:
        return NOT_LISTED_MESSAGE
    announcement = target.announcement
    if now < announcement.published_at:
        return (
            "Masa sanggah hasil akhir belum dibuka; dibuka pada "
            f"{format_datetime_wib(announcement.published_at)}."
        )
    if now >= announcement.sanggah_closes_at:
        return (
            "Masa sanggah hasil akhir sudah berakhir pada "
            f"{format_datetime_wib(announcement.sanggah_closes_at)}."
        )
    return None


def get_own_sanggah(application: Application) -> ResultSanggah | None:
    return (
        ResultSanggah.objects.filter(application=application).select_related("announcement").first()
    )


def sanggah_of(
    *, period: SelectionPeriod, status: str = "", overdue_at: dt.datetime | None = None
) -> QuerySet[ResultSanggah]:
    """The period's sanggah on final results, oldest first (decided in the order filed); with
    `overdue_at`, only those still waiting for a decision after their answer deadline."""
    sanggah = ResultSanggah.objects.filter(application__period=period).select_related(
        "application__applicant",
        "application__formasi__position",
        "announcement",
        "decided_by",
    )
    if status:
        sanggah = sanggah.filter(status=status)
    if overdue_at is not None:
        sanggah = sanggah.filter(overdue_filter(overdue_at))
    return sanggah.order_by("created_at", "pk")


# --- The instansi's answer deadline (§1.4: answered and announced at most 7 calendar days after
# the sanggah period ends)


def answer_days() -> int:
    """SIMERIT_RESULT_SANGGAH_ANSWER_DAYS (7 by default): calendar days after the end of the
    sanggah period within which the instansi answers every sanggah."""
    return int(getattr(settings, "SIMERIT_RESULT_SANGGAH_ANSWER_DAYS", DEFAULT_ANSWER_DAYS))


def answer_deadline(announcement: ResultAnnouncement) -> dt.datetime:
    """When the answers to the sanggah on this version are due: the end of its sanggah period
    plus `answer_days()` calendar days."""
    return announcement.sanggah_closes_at + answer_days() * DAY


def overdue_filter(now: dt.datetime) -> Q:
    """Still waiting for a decision, and the answer deadline has passed."""
    return Q(
        status=ResultSanggah.Status.FILED,
        announcement__sanggah_closes_at__lt=now - answer_days() * DAY,
    )


def days_late(deadline: dt.datetime, moment: dt.datetime) -> int:
    """Started days from the deadline to `moment`: 1 as soon as the deadline has passed, 0 when
    `moment` is not after it."""
    if moment <= deadline:
        return 0
    return math.ceil((moment - deadline) / DAY)


@dataclass(frozen=True)
class ListedSanggah:
    """A sanggah as HR's list shows it: its answer deadline and how late the answer is (the days
    past the deadline until now while it waits, or until the decision)."""

    sanggah: ResultSanggah
    deadline: dt.datetime
    late_days: int

    @property
    def deadline_text(self) -> str:
        return format_datetime_wib(self.deadline)

    @property
    def is_waiting(self) -> bool:
        return self.sanggah.status == ResultSanggah.Status.FILED

    @property
    def lateness(self) -> str:
        """ "terlambat 3 hari" (waiting), "diputuskan terlambat 2 hari", or ""."""
        if not self.late_days:
            return ""
        prefix = "terlambat" if self.is_waiting else "diputuskan terlambat"
        return f"{prefix} {self.late_days} hari"


def with_deadlines(sanggah: Iterable[ResultSanggah], *, now: dt.datetime) -> list[ListedSanggah]:
    """Each sanggah with its answer deadline and lateness (no query: the announcement is loaded
    with the sanggah by `sanggah_of`)."""
    listed = []
    for item in sanggah:
        deadline = answer_deadline(item.announcement)
        until = now if item.status == ResultSanggah.Status.FILED else item.decided_at
        late = days_late(deadline, until) if until is not None else 0
        listed.append(ListedSanggah(sanggah=item, deadline=deadline, late_days=late))
    return listed


def overdue_count(period: SelectionPeriod, *, now: dt.datetime) -> int:
    """The period's sanggah still waiting after their answer deadline."""
    return ResultSanggah.objects.filter(overdue_filter(now), application__period=period).count()


def status_counts(period: SelectionPeriod) -> dict[str, int]:
    """{"filed": n, "granted": n, "rejected": n, "total": n} for the period."""
    return ResultSanggah.objects.filter(application__period=period).aggregate(
        total=Count("pk"),
        **{
            status.value: Count("pk", filter=Q(status=status.value))
            for status in ResultSanggah.Status
        },
    )


def get_sanggah(sanggah_id: int) -> ResultSanggah | None:
    return (
        ResultSanggah.objects.select_related(
            "application__applicant",
            "application__period",
            "application__formasi__position",
            "application__formasi__work_unit",
            "announcement__published_by",
            "decided_by",
        )
        .filter(pk=sanggah_id)
        .first()
    )


def entry_in(sanggah: ResultSanggah) -> ResultAnnouncementEntry | None:
    """The disputed line: the application's entry in the version the sanggah was filed on."""
    return sanggah.announcement.entries.filter(application_id=sanggah.application_id).first()


def own_application(*, user_id: int, application_id: int) -> Application | None:
    """The applicant's own submitted application; another applicant's is None (a 404)."""
    return (
        Application.objects.filter(pk=application_id, applicant__user_id=user_id)
        .exclude(status=Application.Status.DRAFT)
        .select_related("applicant__user", "formasi__position", "formasi__work_unit", "period")
        .first()
    )


def newest_announced_application(*, user_id: int) -> Application | None:
    """The user's newest application listed in a published final result, if any."""
    return (
        Application.objects.filter(
            applicant__user_id=user_id,
            pk__in=ResultAnnouncementEntry.objects.values("application_id"),
        )
        .order_by("-period__year", "-pk")
        .first()
    )
