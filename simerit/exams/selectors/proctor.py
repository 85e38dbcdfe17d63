"""What the proctor (pengawas ujian) sees: a sitting's participants with their state, progress,
last activity, idleness and integrity flags (issue #4 item 7).

The dashboard is polled every few seconds by every proctor of a sitting, so it is read in a
fixed number of queries whatever the number of participants: the participants with their
attempts, one aggregate for the answered counts, one for the last activity, one for the flags
and one for the number of questions.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.exams.models import (
    AnswerEvent,
    Attempt,
    BlueprintSection,
    IntegrityEvent,
    Participant,
    Sitting,
)
from simerit.exams.permissions import EXAM_ADMIN_ROLES
from simerit.exams.selectors.sittings import sitting_has_ended

Kind = IntegrityEvent.Kind

# The integrity events the proctor should look at; the others (started, paused, ...) are the
# normal course of an exam.
FLAG_KINDS: tuple[str, ...] = (
    Kind.FOCUS_LOST,
    Kind.HIDDEN,
    Kind.PASTE,
    Kind.TAKEOVER,
    Kind.LOCKED_OUT,
    Kind.LATE_ANSWER,
    Kind.INVALID_ANSWER,
    Kind.PIN_REFUSED,
)
FLAG_LABELS: dict[str, str] = {kind: str(Kind(kind).label) for kind in FLAG_KINDS}
FLAG_SHORT_LABELS: dict[str, str] = {
    Kind.FOCUS_LOST: "Fokus",
    Kind.HIDDEN: "Tersembunyi",
    Kind.PASTE: "Tempel",
    Kind.TAKEOVER: "Ambil alih",
    Kind.LOCKED_OUT: "Terkunci",
    Kind.LATE_ANSWER: "Terlambat",
    Kind.INVALID_ANSWER: "Tak sah",
    Kind.PIN_REFUSED: "PIN ditolak",
}

FLAG_LEGEND: list[tuple[str, str]] = [(FLAG_SHORT_LABELS[k], FLAG_LABELS[k]) for k in FLAG_KINDS]

# The integrity log's detail keys and values in the proctor's words.
DETAIL_LABELS = {
    "reason": "alasan",
    "scope": "cakupan",
    "minutes": "menit",
    "paused_seconds": "lama jeda (detik)",
    "purpose": "keperluan",
    "final_hash": "hash akhir",
    "event_count": "jumlah kejadian",
    "code": "sebab",
    "seq": "nomor kiriman",
    "position": "nomor soal",
    "kind": "jenis",
    "option": "pilihan",
    "ms": "lama (milidetik)",
    "browser": "peramban",
    "previous_browser": "peramban sebelumnya",
}
DETAIL_VALUES = {
    "attempt": "peserta ini",
    "sitting": "seluruh sesi",
    "start": "mulai ujian",
    "takeover": "pindah komputer",
    "finished": "ujian sudah selesai",
    "deadline_passed": "waktu sudah habis",
    "invalid_position": "nomor soal tidak ada",
    "invalid_option": "pilihan tidak ada",
    "page_without_token": "halaman ujian dibuka tanpa token peramban ini",
    "too_many": "terlalu banyak PIN salah",
    "too_many_wrong_pins": "terlalu banyak PIN salah",
    "not_started": "sesi belum dimulai",
    "rate_limited": "terlalu sering mencoba",
}


def detail_items(detail: dict[str, object]) -> list[tuple[str, str]]:
    """An integrity event's detail as (label, value) pairs for the log table, known keys in the
    order of DETAIL_LABELS, then the others by name (PostgreSQL's jsonb keeps no key order)."""
    order = {key: index for index, key in enumerate(DETAIL_LABELS)}
    keys = sorted(detail, key=lambda key: (order.get(key, len(order)), key))
    return [
        (DETAIL_LABELS.get(key, key), DETAIL_VALUES.get(str(detail[key]), str(detail[key])))
        for key in keys
    ]


class State:
    """A participant's state on the dashboard (labels are the proctor's words)."""

    ABSENT = "belum_hadir"
    PRESENT = "hadir"
    # The sitting has ended (sitting_has_ended) and the participant never started.
    NO_SHOW = "tidak_hadir"
    WORKING = "mengerjakan"
    PAUSED = "dijeda"
    FINISHED = "selesai"


STATES: tuple[str, ...] = (
    State.ABSENT,
    State.PRESENT,
    State.WORKING,
    State.PAUSED,
    State.FINISHED,
    State.NO_SHOW,
)
STATE_LABELS: dict[str, str] = {
    State.ABSENT: "Belum hadir",
    State.PRESENT: "Hadir",
    State.WORKING: "Mengerjakan",
    State.PAUSED: "Dijeda",
    State.FINISHED: "Selesai",
    State.NO_SHOW: "Tidak hadir",
}


def idle_minutes() -> int:
    return int(settings.SIMERIT_EXAM_IDLE_MINUTES)


def clock_display(seconds: int | None) -> str:
    """3725 -> "1:02:05", 125 -> "02:05", None -> "—"."""
    if seconds is None:
        return "—"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class FlagCount:
    kind: str
    label: str
    short_label: str
    count: int


@dataclass(frozen=True)
class DashboardRow:
    participant_id: int
    seat_number: int
    registration_number: str
    name: str
    extra_minutes: int
    accommodation_note: str
    checked_in_at: dt.datetime | None
    state: str
    state_label: str
    attempt_id: int | None
    attempt_status: str | None
    answered: int
    question_count: int
    last_activity: dt.datetime | None
    idle: bool
    idle_seconds: int | None
    flags: dict[str, int]
    deadline: dt.datetime | None
    remaining_seconds: int | None
    extended_minutes: int
    finish_reason: str

    @property
    def remaining_display(self) -> str:
        return clock_display(self.remaining_seconds)

    @property
    def idle_display(self) -> str:
        return clock_display(self.idle_seconds)

    @property
    def flag_total(self) -> int:
        return sum(self.flags.values())

    @property
    def flagged(self) -> bool:
        return self.flag_total > 0

    @property
    def flag_list(self) -> list[FlagCount]:
        """The kinds that occurred, for the template (no dict lookups there)."""
        return [
            FlagCount(kind, FLAG_LABELS[kind], FLAG_SHORT_LABELS[kind], self.flags[kind])
            for kind in FLAG_KINDS
            if self.flags.get(kind)
        ]

    @property
    def can_pause(self) -> bool:
        return self.state == State.WORKING and bool(self.remaining_seconds)

    @property
    def can_resume(self) -> bool:
        return self.state == State.PAUSED

    @property
    def can_extend(self) -> bool:
        return self.state == State.PAUSED or self.can_pause

    @property
    def can_stop(self) -> bool:
        return self.state in (State.WORKING, State.PAUSED)


@dataclass(frozen=True)
class Summary:
    total: int
    states: dict[str, int]
    idle: int
    flagged: int

    @property
    def state_list(self) -> list[tuple[str, str, int]]:
        return [(state, STATE_LABELS[state], self.states.get(state, 0)) for state in STATES]


@dataclass(frozen=True)
class Dashboard:
    sitting: Sitting
    now: dt.datetime
    idle_minutes: int
    rows: list[DashboardRow]
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        states = Counter(row.state for row in self.rows)
        summary = Summary(
            total=len(self.rows),
            states={state: states.get(state, 0) for state in STATES},
            idle=sum(1 for row in self.rows if row.idle),
            flagged=sum(1 for row in self.rows if row.flagged),
        )
        object.__setattr__(self, "summary", summary)


def list_proctor_sittings(user: User) -> QuerySet[Sitting]:
    """The sittings a user may proctor: all for Admin BKPSDM, else the assigned ones."""
    sittings = Sitting.objects.select_related("blueprint").annotate(
        participant_count=Count("participants", distinct=True)
    )
    if not user.has_role(*EXAM_ADMIN_ROLES):
        if not user.has_role(Role.PENGAWAS_UJIAN):
            return sittings.none()
        sittings = sittings.filter(proctors__user=user)
    return sittings.order_by("-starts_at", "code")


def get_proctor_sitting(sitting_id: int) -> Sitting | None:
    return Sitting.objects.select_related("blueprint").filter(pk=sitting_id).first()


def get_participant(participant_id: int) -> Participant | None:
    """A participant with their sitting, application and applicant (for the detail page)."""
    return (
        Participant.objects.select_related(
            "sitting__blueprint", "application__applicant", "application__formasi"
        )
        .filter(pk=participant_id)
        .first()
    )


def get_attempt(participant: Participant) -> Attempt | None:
    return Attempt.objects.filter(participant=participant).first()


def integrity_log(participant: Participant) -> QuerySet[IntegrityEvent]:
    """Every integrity event of the participant, newest first (paginate it)."""
    return (
        IntegrityEvent.objects.filter(
            Q(participant=participant) | Q(attempt__participant=participant)
        )
        .select_related("actor")
        .order_by("-server_at", "-id")
    )


def _answered_counts(attempt_ids: list[int]) -> dict[int, int]:
    """Distinct positions whose latest answer-or-clear event is an answer, per attempt."""
    cleared_later = AnswerEvent.objects.filter(
        attempt=OuterRef("attempt"),
        position=OuterRef("position"),
        kind=AnswerEvent.Kind.CLEAR,
        id__gt=OuterRef("id"),
    )
    rows = (
        AnswerEvent.objects.filter(attempt_id__in=attempt_ids, kind=AnswerEvent.Kind.ANSWER)
        .exclude(Exists(cleared_later))
        .order_by()
        .values("attempt_id")
        .annotate(answered=Count("position", distinct=True))
        .values_list("attempt_id", "answered")
    )
    return dict(rows)


def _last_activity(attempt_ids: list[int]) -> dict[int, dt.datetime]:
    rows = (
        AnswerEvent.objects.filter(attempt_id__in=attempt_ids)
        .order_by()
        .values("attempt_id")
        .annotate(last=Max("server_at"))
        .values_list("attempt_id", "last")
    )
    return dict(rows)


def _flag_counts(sitting: Sitting, participant_ids: list[int] | None) -> dict[int, dict[str, int]]:
    """Flag counts per participant and kind; an event may name the participant, the attempt or
    both (a refused PIN before the start has no attempt)."""
    events = IntegrityEvent.objects.filter(
        Q(participant__sitting=sitting) | Q(attempt__participant__sitting=sitting),
        kind__in=FLAG_KINDS,
    ).annotate(who=Coalesce("participant_id", "attempt__participant_id"))
    if participant_ids is not None:
        events = events.filter(who__in=participant_ids)
    rows = events.order_by().values("who", "kind").annotate(n=Count("id"))
    counts: dict[int, dict[str, int]] = {}
    for row in rows.values_list("who", "kind", "n"):
        who, kind, n = row
        counts.setdefault(who, {})[kind] = n
    return counts


def _question_count(sitting: Sitting) -> int:
    total = BlueprintSection.objects.filter(blueprint_id=sitting.blueprint_id).aggregate(
        total=Sum("question_count")
    )["total"]
    return int(total or 0)


def _remaining(attempt: Attempt | None, now: dt.datetime) -> int | None:
    if attempt is None:
        return None
    if attempt.status == Attempt.Status.FINISHED:
        return 0
    # A paused attempt's clock stands still at the moment of the pause.
    reference = attempt.paused_at if attempt.status == Attempt.Status.PAUSED else now
    assert reference is not None  # noqa: S101 (a paused attempt has paused_at)
    return max(0, int((attempt.deadline - reference).total_seconds()))


def _state(participant: Participant, attempt: Attempt | None, *, ended: bool) -> str:
    if attempt is None:
        if ended:
            return State.NO_SHOW
        return State.PRESENT if participant.checked_in_at else State.ABSENT
    return {
        Attempt.Status.ACTIVE: State.WORKING,
        Attempt.Status.PAUSED: State.PAUSED,
        Attempt.Status.FINISHED: State.FINISHED,
    }[Attempt.Status(attempt.status)]


def dashboard(
    sitting: Sitting,
    *,
    now: dt.datetime | None = None,
    participant_ids: list[int] | None = None,
) -> Dashboard:
    """The sitting's rows (or only `participant_ids`), in seat order, in five queries.

    Idle: working and no answer event (or, before the first, no start) for
    SIMERIT_EXAM_IDLE_MINUTES minutes. Once the sitting has ended, whoever never started is
    "Tidak hadir" (checked in or not).
    """
    now = now or timezone.now()
    participants = Participant.objects.filter(sitting=sitting).select_related(
        "application__applicant", "attempt"
    )
    if participant_ids is not None:
        participants = participants.filter(pk__in=participant_ids)
    people = list(participants.order_by("seat_number", "pk"))
    attempts = {p.pk: getattr(p, "attempt", None) for p in people}
    attempt_ids = [attempt.pk for attempt in attempts.values() if attempt is not None]
    answered = _answered_counts(attempt_ids)
    last_seen = _last_activity(attempt_ids)
    flags = _flag_counts(sitting, participant_ids)
    question_count = _question_count(sitting)
    limit = idle_minutes()
    # One participant's rows (the detail page) do not tell whether the sitting has ended: then
    # sitting_has_ended reads the whole sitting (one query, only after the duration has passed).
    ended = sitting_has_ended(sitting, now=now, people=people if participant_ids is None else None)
    rows = []
    for person in people:
        attempt = attempts[person.pk]
        state = _state(person, attempt, ended=ended)
        last = last_seen.get(attempt.pk) if attempt else None
        idle_seconds = None
        if state == State.WORKING and attempt is not None:
            idle_seconds = max(0, int((now - (last or attempt.started_at)).total_seconds()))
        remaining = _remaining(attempt, now)
        rows.append(
            DashboardRow(
                participant_id=person.pk,
                seat_number=person.seat_number,
                registration_number=person.application.registration_number,
                name=person.application.applicant.name,
                extra_minutes=person.extra_minutes,
                accommodation_note=person.accommodation_note,
                checked_in_at=person.checked_in_at,
                state=state,
                state_label=STATE_LABELS[state],
                attempt_id=attempt.pk if attempt else None,
                attempt_status=attempt.status if attempt else None,
                answered=answered.get(attempt.pk, 0) if attempt else 0,
                question_count=question_count,
                last_activity=last,
                idle=bool(remaining) and idle_seconds is not None and idle_seconds >= limit * 60,
                idle_seconds=idle_seconds,
                flags={kind: flags.get(person.pk, {}).get(kind, 0) for kind in FLAG_KINDS},
                deadline=attempt.deadline if attempt else None,
                remaining_seconds=remaining,
                extended_minutes=attempt.extended_minutes if attempt else 0,
                finish_reason=attempt.finish_reason if attempt else "",
            )
        )
    return Dashboard(sitting=sitting, now=now, idle_minutes=limit, rows=rows)
