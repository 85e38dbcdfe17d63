"""Reads for sittings, their participants, check-in lists and exam cards, and the lookups by id
that do not tell a caller whether an id they may not see exists (security review S7).

A caller who may see every row of the kind (Admin BKPSDM; for reading sittings also the Auditor)
gets 404 for a missing id. Anyone else gets the same 403 for a missing id as for a row they may
not see, so ids cannot be enumerated by comparing answers (`visible`, `proctored`, `readable`).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.exams.models import Attempt, Blueprint, ExamKind, ExamPin, Participant, Sitting
from simerit.exams.permissions import can_manage_exams, can_proctor, can_read_exams
from simerit.exams.services.pins import pin_valid_minutes
from simerit.exams.services.sittings import pin_closes_at
from simerit.recruitment.models import ApplicationDocument

PHOTO_KIND = "pas_foto"
PHOTO_FORMATS = frozenset({"jpg", "png"})


def sitting_has_ended(
    sitting: Sitting, *, now: dt.datetime, people: Iterable[Participant] | None = None
) -> bool:
    """Whether the sitting is over, by the rule of selectors.results.sitting_ends: no attempt of
    it is active or paused, and now is past both its start + duration + the largest extra
    minutes plus extension of its participants, and the START PINs' expiry. That expiry is taken
    as start + SIMERIT_EXAM_PIN_VALID_MINUTES, what services/checkin.start_pin_expires_at gives
    every START PIN, so the PINs are not read (sitting_ends reads them: it ends a short exam
    earlier only when no START PIN was issued at all). From then on a participant who never
    started is absent (tidak hadir).

    `people`: the sitting's participants with their attempts (select_related "attempt") when the
    caller has them already; otherwise they are read (one query), and only once the duration has
    passed since the start (before that the sitting cannot have ended).
    """
    duration = sitting.blueprint.duration_minutes
    if now < sitting.starts_at + dt.timedelta(minutes=duration):
        return False
    if people is None:
        people = Participant.objects.filter(sitting=sitting).select_related("attempt")
    longest = 0
    for person in people:
        attempt: Attempt | None = getattr(person, "attempt", None)
        if attempt is not None and attempt.status != Attempt.Status.FINISHED:
            return False
        extended = attempt.extended_minutes if attempt is not None else 0
        longest = max(longest, person.extra_minutes + extended)
    minutes = max(duration + longest, pin_valid_minutes())
    return now >= sitting.starts_at + dt.timedelta(minutes=minutes)


def list_sittings(
    *, blueprint: Blueprint | None = None, date: dt.date | None = None
) -> QuerySet[Sitting]:
    """Sittings with their seated count, soonest first; `date` is the local (WIB) date."""
    sittings = Sitting.objects.select_related("blueprint").annotate(
        seated=Count("participants", distinct=True)
    )
    if blueprint is not None:
        sittings = sittings.filter(blueprint=blueprint)
    if date is not None:
        sittings = sittings.filter(starts_at__date=date)
    return sittings.order_by("starts_at", "code")


def sitting_blueprints() -> QuerySet[Blueprint]:
    """Blueprints that take sittings: real exams delivered by SiMerit."""
    return (
        Blueprint.objects.filter(delivery=Blueprint.Delivery.SIMERIT, period__isnull=False)
        .exclude(kind=ExamKind.TRYOUT)
        .select_related("period")
        .order_by("-created_at")
    )


def list_proctored_sittings(*, user: User) -> QuerySet[Sitting]:
    """The sittings a proctor may run: their own; Admin BKPSDM sees all of them."""
    sittings = Sitting.objects.select_related("blueprint").annotate(
        seated=Count("participants", distinct=True),
        present=Count(
            "participants",
            filter=Q(participants__checked_in_at__isnull=False),
            distinct=True,
        ),
    )
    if not user.has_role(Role.ADMIN_BKPSDM):
        sittings = sittings.filter(proctors__user=user)
    return sittings.order_by("starts_at", "code")


def list_participants(*, sitting: Sitting, query: str = "") -> QuerySet[Participant]:
    """A sitting's participants by seat; `query` matches a registration number or a name."""
    participants = Participant.objects.filter(sitting=sitting).select_related(
        "application__applicant", "application__formasi__position", "attempt"
    )
    query = query.strip()
    if query:
        participants = participants.filter(
            Q(application__registration_number__icontains=query)
            | Q(application__applicant__name__icontains=query)
        )
    return participants.order_by("seat_number")


def _participant_details() -> QuerySet[Participant]:
    return Participant.objects.select_related(
        "sitting__blueprint",
        "application__applicant",
        "application__formasi__position",
        "application__formasi__work_unit",
        "checked_in_by",
        "attempt",
    )


def get_participant(participant_id: int) -> Participant:
    """Raises Participant.DoesNotExist."""
    return _participant_details().get(pk=participant_id)


def find_participant(participant_id: int) -> Participant | None:
    return _participant_details().filter(pk=participant_id).first()


def get_participant_by_card_key(card_key: str) -> Participant | None:
    return (
        Participant.objects.select_related(
            "sitting__blueprint", "application__applicant", "application__formasi__position"
        )
        .filter(card_key=card_key)
        .first()
    )


def list_own_placements(*, user: User) -> QuerySet[Participant]:
    """The signed-in applicant's seats, soonest first."""
    return (
        Participant.objects.filter(application__applicant__user=user)
        .select_related(
            "sitting__blueprint", "application__formasi__position", "application__applicant"
        )
        .order_by("sitting__starts_at")
    )


def registration_photo(participant: Participant) -> ApplicationDocument | None:
    """The applicant's pas foto as uploaded with the application (an image), if any."""
    return (
        ApplicationDocument.objects.filter(
            application_id=participant.application_id,
            kind__code=PHOTO_KIND,
            file_format__in=PHOTO_FORMATS,
        )
        .select_related("kind")
        .first()
    )


def proctors_of(sitting: Sitting) -> QuerySet[User]:
    return User.objects.filter(proctored_sittings__sitting=sitting).order_by("full_name")


def assignable_proctors(sitting: Sitting) -> QuerySet[User]:
    """Active Pengawas Ujian accounts not yet on this sitting."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.PENGAWAS_UJIAN)
        .exclude(proctored_sittings__sitting=sitting)
        .order_by("full_name", "username")
        .distinct()
    )


def move_targets(participant: Participant) -> QuerySet[Sitting]:
    """Other sittings of the participant's blueprint (the service checks room and time)."""
    return (
        Sitting.objects.filter(blueprint_id=participant.blueprint_id)
        .exclude(pk=participant.sitting_id)
        .annotate(seated=Count("participants"))
        .order_by("starts_at", "code")
    )


@dataclass(frozen=True)
class CheckinState:
    """What the proctor can do for one participant now (the services enforce the same)."""

    closes_at: dt.datetime
    is_closed: bool
    attempt_status: str  # "" before the start
    can_check_in: bool
    can_issue_start_pin: bool
    can_issue_takeover_pin: bool


def checkin_state(participant: Participant, *, now: dt.datetime) -> CheckinState:
    closes_at = pin_closes_at(participant.sitting)
    is_closed = now >= closes_at
    attempt = Attempt.objects.filter(participant=participant).only("status", "deadline").first()
    running = attempt is not None and (
        attempt.status == Attempt.Status.PAUSED
        or (attempt.status == Attempt.Status.ACTIVE and attempt.deadline > now)
    )
    checked_in = participant.checked_in_at is not None
    return CheckinState(
        closes_at=closes_at,
        is_closed=is_closed,
        attempt_status=attempt.status if attempt is not None else "",
        can_check_in=not checked_in and not is_closed,
        can_issue_start_pin=checked_in and not is_closed and attempt is None,
        can_issue_takeover_pin=running,
    )


def latest_pin(participant: Participant) -> ExamPin | None:
    """The participant's newest PIN (issuing one voids the older unused ones)."""
    return ExamPin.objects.filter(participant=participant).order_by("-issued_at", "-id").first()


# --- lookups that do not leak existence

T = TypeVar("T", Sitting, Participant)


def visible(found: T | None, *, allowed: Callable[[T], bool], sees_all: bool, refusal: str) -> T:
    """`found` when `allowed`; otherwise Http404 (missing, and the caller sees every row) or
    PermissionDenied(refusal) (missing or not allowed, to everyone else)."""
    if found is not None and allowed(found):
        return found
    if found is None and sees_all:
        raise Http404
    raise PermissionDenied(refusal)


def _sitting_of(found: Sitting | Participant) -> Sitting:
    return found if isinstance(found, Sitting) else found.sitting


def proctored(user: User, found: T | None, *, refusal: str) -> T:
    """A sitting or participant the user proctors (Admin BKPSDM: every one)."""
    return visible(
        found,
        allowed=lambda row: can_proctor(user, _sitting_of(row)),
        sees_all=can_manage_exams(user),
        refusal=refusal,
    )


def readable(user: User, found: T | None, *, refusal: str) -> T:
    """A sitting or participant the user may read: Admin BKPSDM and the Auditor every one, a
    proctor those of their own sittings."""
    return visible(
        found,
        allowed=lambda row: can_read_exams(user) or can_proctor(user, _sitting_of(row)),
        sees_all=can_read_exams(user),
        refusal=refusal,
    )
