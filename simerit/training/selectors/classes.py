"""Reads of classes, meetings, the roster and attendance, and the signed check-in code of a
meeting.

Who sees a class is the one rule of permissions.classes_visible_to (the catalogue, the class pages
and enrolment share it)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.training.models import Attendance, Enrolment, Meeting, TrainingClass
from simerit.training.permissions import classes_visible_to, employee_of, is_hr, reads_everything
from simerit.training.rules import classes as rules
from simerit.training.rules.jp import training_year

Status = TrainingClass.Status
EnrolmentStatus = Enrolment.Status
# The class is running: attendance and results may be recorded.
RUNNING_STATUSES = (Status.OPEN, Status.CLOSED)
DECIDED_STATUSES = (EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED)


def _seat_count(statuses: tuple[str, ...]) -> Coalesce:
    return Coalesce(
        Subquery(
            Enrolment.objects.filter(training_class=OuterRef("pk"), status__in=statuses)
            .order_by()
            .values("training_class")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def with_counts(classes: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    """Each class with `seats_taken`, `waitlisted`, `pending` and `meeting_count` (meetings
    not cancelled)."""
    meetings = Coalesce(
        Subquery(
            Meeting.objects.filter(training_class=OuterRef("pk"), is_cancelled=False)
            .order_by()
            .values("training_class")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
    return classes.annotate(
        seats_taken=_seat_count(Enrolment.SEAT_STATUSES),
        waitlisted=_seat_count((EnrolmentStatus.WAITLISTED,)),
        pending=_seat_count((EnrolmentStatus.PENDING,)),
        meeting_count=meetings,
    )


def get_visible_class(user: User, class_id: int) -> TrainingClass | None:
    return (
        with_counts(classes_visible_to(user))
        .select_related("programme", "work_unit")
        .filter(pk=class_id)
        .first()
    )


@dataclass(frozen=True)
class ClassFilters:
    query: str = ""
    status: str = ""
    kind: str = ""
    year: int | None = None


def list_classes(user: User, filters: ClassFilters) -> QuerySet[TrainingClass]:
    """The classes the account sees, filtered, newest start first, with their counts."""
    classes = classes_visible_to(user).select_related("programme", "work_unit")
    if filters.query:
        classes = classes.filter(
            Q(name__icontains=filters.query)
            | Q(programme__name__icontains=filters.query)
            | Q(programme__code__icontains=filters.query)
        )
    if filters.status:
        classes = classes.filter(status=filters.status)
    if filters.kind:
        classes = classes.filter(programme__kind=filters.kind)
    if filters.year:
        # The year of a class is the year it ends (rules.jp.training_year).
        classes = classes.filter(ends_on__year=filters.year)
    return with_counts(classes).order_by("-starts_on", "name", "pk")


def class_years() -> list[int]:
    """The years of the classes (the year each ends: rules.jp.training_year), newest first (the
    year filter's choices)."""
    dates = TrainingClass.objects.dates("ends_on", "year", order="DESC")
    return sorted({training_year(date) for date in dates}, reverse=True)


# --- One class


def meetings_of(training_class: TrainingClass) -> QuerySet[Meeting]:
    """The class's meetings by number, each with `present` (attendance count)."""
    present = Coalesce(
        Subquery(
            Attendance.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
    return training_class.meetings.annotate(present=present).order_by("number")


def my_enrolment(user: User, training_class: TrainingClass) -> Enrolment | None:
    """The account's seat in the class (ENROLLED, COMPLETED or NOT_COMPLETED), if any."""
    employee = employee_of(user)
    if employee is None:
        return None
    return (
        training_class.enrolments.filter(employee=employee, status__in=Enrolment.SEAT_STATUSES)
        .order_by("-pk")
        .first()
    )


def attended_meeting_ids(enrolment: Enrolment | None) -> set[int]:
    if enrolment is None:
        return set()
    return set(enrolment.attendance.values_list("meeting_id", flat=True))


@dataclass(frozen=True)
class SeatAttendance:
    attended: int
    held: int
    percent: Decimal | None


def seat_attendance(meetings: list[Meeting], attended_ids: set[int]) -> SeatAttendance:
    """A participant's attendance over the class's meetings (cancelled ones left out)."""
    held = [meeting for meeting in meetings if not meeting.is_cancelled]
    attended = sum(1 for meeting in held if meeting.pk in attended_ids)
    return SeatAttendance(
        attended=attended,
        held=len(held),
        percent=rules.attendance_percent(attended=attended, held=len(held)),
    )


def may_see_online_url(user: User, training_class: TrainingClass, seat: Enrolment | None) -> bool:
    """The online link goes to staff who read everything and to participants with a seat."""
    return reads_everything(user) or seat is not None


@dataclass(frozen=True)
class ClassActions:
    """Which of Admin BKPSDM's buttons the class page shows (the services decide again)."""

    edit: bool
    open: bool
    close: bool
    cancel: bool
    complete: bool
    add_meeting: bool


def class_actions(user: User, training_class: TrainingClass) -> ClassActions:
    status = training_class.status
    hr = is_hr(user)
    editable = hr and status in (Status.DRAFT, Status.OPEN, Status.CLOSED)
    return ClassActions(
        edit=editable,
        open=hr
        and status in (Status.DRAFT, Status.CLOSED)
        and training_class.enrolment_closes_on >= timezone.localdate(),
        close=hr and status == Status.OPEN,
        cancel=editable,
        complete=hr and status in RUNNING_STATUSES,
        add_meeting=editable,
    )


# --- Roster


def _attended() -> Coalesce:
    return Coalesce(
        Subquery(
            Attendance.objects.filter(enrolment=OuterRef("pk"), meeting__is_cancelled=False)
            .order_by()
            .values("enrolment")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def held_meetings(training_class: TrainingClass) -> int:
    return training_class.meetings.filter(is_cancelled=False).count()


def roster(training_class: TrainingClass) -> QuerySet[Enrolment]:
    """The seat holders by name, each with `attended` (meetings not cancelled)."""
    return (
        training_class.enrolments.filter(status__in=Enrolment.SEAT_STATUSES)
        .select_related("employee__work_unit", "employee__user")
        .annotate(attended=_attended())
        .order_by("employee__name", "pk")
    )


def waiting_list(training_class: TrainingClass) -> QuerySet[Enrolment]:
    """Requests without a seat: the waitlist in its order, then those awaiting approval."""
    return (
        training_class.enrolments.filter(
            status__in=(EnrolmentStatus.WAITLISTED, EnrolmentStatus.PENDING)
        )
        .select_related("employee__work_unit")
        .order_by("-status", "waitlisted_at", "created_at", "pk")
    )


@dataclass(frozen=True)
class RosterRow:
    """One line of the roster export."""

    nip: str
    name: str
    unit: str
    route: str
    status: str
    attended: int
    held: int
    percent: Decimal | None
    pre_test_score: Decimal | None
    post_test_score: Decimal | None
    assessment_score: Decimal | None
    completed_at: dt.datetime | None


def roster_rows(training_class: TrainingClass) -> list[RosterRow]:
    held = held_meetings(training_class)
    rows = []
    for enrolment in roster(training_class):
        attended: int = enrolment.attended  # type: ignore[attr-defined]
        rows.append(
            RosterRow(
                nip=enrolment.employee.nip,
                name=enrolment.employee.display_name,
                unit=enrolment.employee.work_unit.name,
                route=enrolment.get_route_display(),
                status=enrolment.get_status_display(),
                attended=attended,
                held=held,
                percent=rules.attendance_percent(attended=attended, held=held),
                pre_test_score=enrolment.pre_test_score,
                post_test_score=enrolment.post_test_score,
                assessment_score=enrolment.assessment_score,
                completed_at=enrolment.completed_at,
            )
        )
    return rows


# --- One meeting


def meeting_participants(meeting: Meeting) -> QuerySet[Enrolment]:
    """The class's seat holders by name, each with `present_method` and `present_at` (None when
    not recorded at this meeting) and `attendance_id`."""
    here = Attendance.objects.filter(meeting=meeting, enrolment=OuterRef("pk"))
    return (
        meeting.training_class.enrolments.filter(status__in=Enrolment.SEAT_STATUSES)
        .select_related("employee__work_unit")
        .annotate(
            attendance_id=Subquery(here.values("pk")[:1]),
            present_method=Subquery(here.values("method")[:1]),
            present_at=Subquery(here.values("created_at")[:1]),
        )
        .order_by("employee__name", "pk")
    )


def _checkin_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=rules.CHECKIN_CODE_SALT)


def checkin_code(meeting: Meeting) -> str:
    """The meeting's check-in code as of now: its token, the time and a signature
    ("<token>:<time>:<signature>"), accepted for rules.CHECKIN_CODE_MAX_AGE seconds."""
    return _checkin_signer().sign(meeting.checkin_token)


def checkin_url(meeting: Meeting) -> str:
    """The absolute address the meeting's QR code encodes right now (a credential for a few
    minutes: show it to HR only)."""
    path = reverse("training:meeting-checkin", args=[checkin_code(meeting)])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


# Longer than any code checkin_code makes (43 + time + 43 + separators); longer is refused unread.
CHECKIN_CODE_MAX_LENGTH = 200


def meeting_for_code(code: str) -> Meeting:
    """The meeting of a check-in code signed less than rules.CHECKIN_CODE_MAX_AGE seconds ago;
    refused (DomainError) when the code is too old, forged, malformed or of a replaced token."""
    if not code or len(code) > CHECKIN_CODE_MAX_LENGTH:
        raise DomainError(rules.CODE_UNKNOWN)
    try:
        token = _checkin_signer().unsign(code, max_age=rules.CHECKIN_CODE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise DomainError(rules.CODE_EXPIRED) from error
    except signing.BadSignature as error:
        raise DomainError(rules.CODE_UNKNOWN) from error
    meeting = (
        Meeting.objects.select_related("training_class__programme")
        .filter(checkin_token=token)
        .first()
    )
    if meeting is None:
        raise DomainError(rules.CODE_UNKNOWN)
    return meeting


@dataclass(frozen=True)
class CheckinState:
    """What the check-in page tells the participant before they confirm."""

    refusal: str | None
    already_present: bool
    opens_at: dt.datetime

    @property
    def can_confirm(self) -> bool:
        return self.refusal is None and not self.already_present


def checkin_state(user: User, meeting: Meeting) -> CheckinState:
    """The same checks as services.attendance.check_in, for the confirmation page."""
    seat = my_enrolment(user, meeting.training_class)
    present = seat is not None and seat.attendance.filter(meeting=meeting).exists()
    refusal = rules.checkin_refusal(
        meeting_cancelled=meeting.is_cancelled,
        class_running=meeting.training_class.status in RUNNING_STATUSES,
        enrolled=seat is not None,
        already_present=present,
        decided=seat is not None and seat.status in DECIDED_STATUSES,
        window=rules.checkin_window(
            now=timezone.now(), starts_at=meeting.starts_at, ends_at=meeting.ends_at
        ),
        starts_at=meeting.starts_at,
    )
    return CheckinState(
        refusal=refusal,
        already_present=present and refusal is None,
        opens_at=rules.checkin_opens_at(meeting.starts_at),
    )
