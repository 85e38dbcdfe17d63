"""Handing applications to verifiers: random, balanced, never to someone in conflict.

Ties between equally loaded verifiers are broken with `secrets.SystemRandom` (the operating
system's entropy: an administrator cannot predict or steer who gets an application). Tests pass a
seeded `random.Random` instead. Open work of a holder who may no longer verify is released and
handed on.
"""

import random
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import notify
from simerit.recruitment.models import (
    Application,
    Formasi,
    Sanggah,
    SelectionPeriod,
    VerificationAssignment,
)
from simerit.recruitment.selectors import verification as selectors

AssignmentRole = VerificationAssignment.Role
Status = Application.Status
# Listed in the audit row of a run; the rest are only counted (the row stays small).
MAX_LISTED_UNASSIGNED = 100


def system_rng() -> random.Random:
    return secrets.SystemRandom()


# --- Assignment


@dataclass
class AssignmentResult:
    assigned: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    per_verifier: dict[str, int] = field(default_factory=dict)
    unassigned: list[str] = field(default_factory=list)  # registration numbers
    verifiers: int = 0
    released: int = 0  # open assignments taken from holders who can no longer do them

    def summary(self) -> str:
        """One Indonesian sentence for the page and the API."""
        text = f"{self.assigned} penugasan dibuat untuk {self.verifiers} verifikator aktif."
        if self.released:
            text += (
                f" {self.released} tugas terbuka dilepas dari verifikator yang tidak lagi "
                "memenuhi syarat (nonaktif, bukan verifikator, atau konflik kepentingan) dan "
                "ditugaskan ulang."
            )
        if self.unassigned:
            text += (
                f" {len(self.unassigned)} lamaran belum dapat ditugaskan karena tidak ada "
                "verifikator yang memenuhi syarat (konflik kepentingan atau sudah menangani "
                "lamaran itu)."
            )
        return text


@dataclass(frozen=True)
class _Task:
    application: Application
    role: str
    excluded: frozenset[int]


def _pick(
    *,
    task: _Task,
    verifiers: Sequence[User],
    load: dict[int, int],
    conflicts: selectors.ConflictIndex,
    rng: random.Random,
) -> User | None:
    """The eligible verifier with the fewest open assignments; ties at random."""
    applicant = task.application.applicant
    eligible = [
        verifier
        for verifier in verifiers
        if verifier.pk not in task.excluded and not conflicts.conflicts(verifier.pk, applicant)
    ]
    if not eligible:
        return None
    fewest = min(load[verifier.pk] for verifier in eligible)
    return rng.choice([verifier for verifier in eligible if load[verifier.pk] == fewest])


def assign_one_verifier(
    *, application: Application, role: str, excluded: set[int], rng: random.Random
) -> VerificationAssignment | None:
    """Give one application to one eligible verifier now (a TMS to confirm, a sanggah to decide).

    Locks the period row like assign_applications, so that loads are not read while a run
    changes them.
    """
    SelectionPeriod.objects.select_for_update().get(pk=application.period_id)
    verifiers = list(selectors.active_verifiers())
    ids = [verifier.pk for verifier in verifiers]
    verifier = _pick(
        task=_Task(application, role, frozenset(excluded)),
        verifiers=verifiers,
        load=selectors.open_load(ids),
        conflicts=selectors.conflict_index(ids),
        rng=rng,
    )
    if verifier is None:
        return None
    return VerificationAssignment.objects.create(
        application=application, verifier=verifier, role=role
    )


def assigned_verifier_ids(application: Application) -> set[int]:
    return set(
        VerificationAssignment.objects.filter(application=application).values_list(
            "verifier_id", flat=True
        )
    )


def _tasks(*, period: SelectionPeriod, formasi: Formasi | None) -> list[_Task]:
    applications = Application.objects.filter(period=period).select_related("applicant")
    if formasi is not None:
        applications = applications.filter(formasi=formasi)
    # Whoever already took part in an application (a released first verifier's successor must
    # not be the confirmer of an earlier round, for instance) is never given it again.
    holders: dict[int, set[int]] = {}
    for app_id, verifier_id in VerificationAssignment.objects.filter(
        application__in=applications.filter(
            status__in=(Status.SUBMITTED, Status.TMS_PENDING, Status.TMS)
        ).values("pk")
    ).values_list("application_id", "verifier_id"):
        holders.setdefault(app_id, set()).add(verifier_id)
    tasks = [
        _Task(app, AssignmentRole.FIRST, frozenset(holders.get(app.pk, set())))
        for app in applications.filter(status=Status.SUBMITTED)
        .exclude(assignments__role=AssignmentRole.FIRST)
        .order_by("pk")
    ]
    tasks += [
        _Task(app, AssignmentRole.CONFIRMATION, frozenset(holders.get(app.pk, set())))
        for app in applications.filter(status=Status.TMS_PENDING)
        .exclude(assignments__role=AssignmentRole.CONFIRMATION)
        .order_by("pk")
    ]
    tasks += [
        _Task(app, AssignmentRole.SANGGAH, frozenset(holders.get(app.pk, set())))
        for app in applications.filter(status=Status.TMS, sanggah__status=Sanggah.Status.FILED)
        .exclude(assignments__role=AssignmentRole.SANGGAH)
        .order_by("pk")
    ]
    return tasks


@transaction.atomic
def assign_applications(
    *,
    period: SelectionPeriod,
    actor: User,
    formasi: Formasi | None = None,
    rng: random.Random | None = None,
) -> AssignmentResult:
    """Assign every waiting application of the period (or one formasi) to a verifier.

    Waiting: submitted without a first verifier, TMS pending without a second verifier, a filed
    sanggah without a verifier to decide it, and any open assignment whose holder is inactive,
    lost the VERIFIKATOR role or is now in conflict (released first, with its reviews). Each goes,
    in random order, to the eligible active verifier with the fewest open assignments. Never to a
    verifier in conflict with the applicant, never twice to the same verifier for one
    application. One audit row per run.
    """
    if not actor.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menjalankan penugasan verifikasi.")
    if formasi is not None and formasi.period_id != period.pk:
        raise InvalidInputError({"formasi": ["Formasi ini bukan bagian dari periode tersebut."]})
    rng = rng or system_rng()
    # One run per period at a time: two concurrent runs would pick from the same loads.
    SelectionPeriod.objects.select_for_update().get(pk=period.pk)
    verifiers = list(selectors.active_verifiers())
    if not verifiers:
        raise ConflictError("Belum ada verifikator aktif; tambahkan peran Verifikator dahulu.")
    stale = selectors.stale_open_assignments(period=period, formasi=formasi)
    released = [_released_row(item.assignment, item.problem) for item in stale]
    if stale:
        VerificationAssignment.objects.filter(
            pk__in=[item.assignment.pk for item in stale]
        ).delete()
    ids = [verifier.pk for verifier in verifiers]
    load = selectors.open_load(ids)
    conflicts = selectors.conflict_index(ids)
    tasks = _tasks(period=period, formasi=formasi)
    rng.shuffle(tasks)
    result = AssignmentResult(verifiers=len(verifiers), released=len(released))
    new: list[VerificationAssignment] = []
    picked: Counter[User] = Counter()
    for task in tasks:
        verifier = _pick(task=task, verifiers=verifiers, load=load, conflicts=conflicts, rng=rng)
        if verifier is None:
            result.unassigned.append(task.application.registration_number)
            continue
        load[verifier.pk] += 1
        picked[verifier] += 1
        new.append(
            VerificationAssignment(application=task.application, verifier=verifier, role=task.role)
        )
    try:
        with transaction.atomic():
            VerificationAssignment.objects.bulk_create(new)
    except IntegrityError as error:
        raise ConflictError(
            "Penugasan berubah selama proses berjalan; jalankan penugasan sekali lagi."
        ) from error
    result.assigned = len(new)
    result.by_role = dict(Counter(str(a.role) for a in new))
    result.per_verifier = {v.username: n for v, n in sorted(picked.items(), key=lambda i: i[0].pk)}
    result.unassigned.sort()
    queue_url = reverse("recruitment:verification-queue")
    for verifier, count in picked.items():
        notify(
            user=verifier,
            title="Penugasan verifikasi baru",
            body=f"{count} tugas verifikasi baru ditugaskan kepada Anda ({period.name}).",
            url=queue_url,
        )
    # Last, so the audit chain's head is locked only briefly.
    audit.record(
        actor=actor,
        action="recruitment.verification.assigned",
        target=formasi or period,
        changes={
            "period": period.name,
            "formasi": formasi.code if formasi else None,
            "assigned": result.assigned,
            "by_role": result.by_role,
            "per_verifier": result.per_verifier,
            "unassigned": len(result.unassigned),
            "unassigned_registration_numbers": result.unassigned[:MAX_LISTED_UNASSIGNED],
            "released": len(released),
            "released_assignments": released[:MAX_LISTED_UNASSIGNED],
            "tie_break": "acak (secrets.SystemRandom)",
        },
    )
    return result


def _released_row(assignment: VerificationAssignment, problem: str) -> dict[str, object]:
    return {
        "registration_number": assignment.application.registration_number,
        "role": assignment.role,
        "verifier": assignment.verifier.username,
        "problem": problem,
    }


@transaction.atomic
def release_assignment(
    *,
    assignment: VerificationAssignment,
    actor: User,
    rng: random.Random | None = None,
) -> VerificationAssignment | None:
    """Admin BKPSDM takes back an open assignment (a verifier on leave, stuck work).

    The assignment and its document reviews are deleted, and the work goes at once to another
    eligible verifier who has not taken part in the application; the new assignment, or None
    when nobody is free now (the next assignment run tries again). One audit row.
    """
    if not actor.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat melepas tugas verifikasi.")
    SelectionPeriod.objects.select_for_update().get(pk=assignment.application.period_id)
    locked = (
        VerificationAssignment.objects.select_for_update()
        .select_related("application__applicant", "verifier")
        .filter(pk=assignment.pk)
        .first()
    )
    if locked is None:
        raise ConflictError("Tugas ini sudah dilepas atau dihapus; muat ulang halaman.")
    if locked.completed_at is not None:
        raise ConflictError("Tugas yang sudah selesai tidak dapat dilepas.")
    application = locked.application
    previous = locked.verifier
    reviews = locked.reviews.count()
    excluded = assigned_verifier_ids(application)
    locked.delete()
    successor = assign_one_verifier(
        application=application, role=locked.role, excluded=excluded, rng=rng or system_rng()
    )
    if successor is not None:
        notify(
            user=successor.verifier,
            title="Penugasan verifikasi baru",
            body=f"Lamaran {application.registration_number} dialihkan kepada Anda "
            f"({AssignmentRole(locked.role).label}).",
            url=reverse("recruitment:verification-queue"),
        )
    audit.record(
        actor=actor,
        action="recruitment.verification_assignment.released",
        target=application,
        changes={
            "role": locked.role,
            "verifier": previous.username,
            "reviews_removed": reviews,
            "reassigned_to": successor.verifier.username if successor else None,
        },
    )
    return successor


def release_summary(number: str, successor: VerificationAssignment | None) -> str:
    """One Indonesian sentence on a release, for the page and the API."""
    if successor is None:
        return (
            f"Tugas lamaran {number} dilepas. Belum ada verifikator lain yang memenuhi syarat; "
            "penugasan berikutnya akan mencoba lagi."
        )
    name = successor.verifier.full_name or successor.verifier.username
    return f"Tugas lamaran {number} dilepas dan dialihkan kepada {name}."


# --- Reviewing and deciding (first verifier)
