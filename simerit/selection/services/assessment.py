"""Independent, blind assessment of the additional SKB components (issue #5, item 2): drawing the
assessors and handing a case over.

Assessors are drawn at random (`secrets.SystemRandom`: nobody can predict or steer who scores
whom; tests pass a seeded `random.Random`), the least loaded first, never one with a declared
conflict of interest (a relative's NIK, a shared KK). Nothing an assessor sees follows the SKD
rank: blind codes are random, the candidates are drawn and the assignments stored (so numbered)
in a random order, and the assessor's queue is sorted by code. Each scores alone and once, inside
the component's scoring window (`assessment_scoring`); a case whose scores are too far apart is
settled by a third assessor or a panel (`assessment_resolution`, which also records absence and
corrects a result after a granted sanggah). This module also holds the helpers both use
(`require_manager`, `locked_assignment`, `replacement`, ...).
"""

import random
import secrets
from collections import Counter, defaultdict
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import ConflictError
from simerit.notifications.services import Message, notify_many
from simerit.recruitment.models import Applicant
from simerit.recruitment.selectors.verification import ConflictIndex, conflict_index
from simerit.selection import permissions
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    RubricCriterion,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import display
from simerit.selection.selectors import assessment as selectors
from simerit.selection.services import rubrics as rubric_services

Kind = AssessorAssignment.Kind
Status = ComponentResult.Status
Resolution = ComponentResult.Resolution

# Unambiguous characters for blind codes: no 0/O, no 1/I.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_PREFIX = "K-"


# Listed in a refusal; the rest are only counted.
MAX_LISTED = 10
MANAGE_DENIED = "Hanya Admin BKPSDM yang dapat mengatur penilaian asesor."


def system_rng() -> random.Random:
    return secrets.SystemRandom()


def require_manager(actor: User) -> None:
    if not permissions.can_manage(actor):
        raise PermissionDenied(MANAGE_DENIED)


def require_assessed(component: SkbComponent) -> None:
    if component.is_cat or component.rubric_id is None:
        raise ConflictError("Komponen SKB-CAT dinilai dari hasil ujian CAT, bukan oleh asesor.")


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    return shown + (f", dan {more} lainnya" if more > 0 else "")


def queue_url() -> str:
    return reverse("selection:my-assessments")


def deadline_note(component: SkbComponent) -> str:
    if component.scoring_closes_at is None:
        return ""
    return f" Batas akhir penilaian: {format_datetime_wib(component.scoring_closes_at)}."


# --- Drawing assessors


def _eligible(
    *,
    pool: Sequence[User],
    applicant: Applicant,
    excluded: set[int],
    conflicts: ConflictIndex,
) -> list[User]:
    return [
        user
        for user in pool
        if user.pk not in excluded and not conflicts.conflicts(user.pk, applicant)
    ]


def _draw(
    *, eligible: Sequence[User], count: int, load: dict[int, int], rng: random.Random
) -> list[User]:
    """`count` distinct assessors: each time one of the least loaded, at random among equals."""
    chosen: list[User] = []
    remaining = list(eligible)
    for _ in range(count):
        fewest = min(load[user.pk] for user in remaining)
        pick = rng.choice([user for user in remaining if load[user.pk] == fewest])
        load[pick.pk] += 1
        chosen.append(pick)
        remaining.remove(pick)
    return chosen


def _new_codes(count: int, rng: random.Random) -> list[str]:
    """`count` fresh blind codes ("K-7QX2MA"), unique among themselves and in the database, in
    the order drawn (so a code says nothing about the candidate's SKD rank)."""
    codes: list[str] = []
    while len(codes) < count:
        batch: list[str] = []
        for _ in range(count - len(codes)):
            code = CODE_PREFIX + "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in codes and code not in batch:
                batch.append(code)
        taken = set(SkbCandidate.objects.filter(code__in=batch).values_list("code", flat=True))
        codes += [code for code in batch if code not in taken]
    return codes


def _check_rubric(component: SkbComponent) -> None:
    criteria = RubricCriterion.objects.filter(rubric=component.rubric)
    total = criteria.aggregate(total=Sum("weight"))["total"]
    if total is None:
        raise ConflictError(f"Rubrik komponen {component.name} belum memiliki kriteria.")
    if total != 100:
        raise ConflictError(
            f"Bobot kriteria rubrik komponen {component.name} berjumlah {display(total)} %, harus 100 %."
        )


@transaction.atomic
def assign_assessors(
    *, component: SkbComponent, actor: User, rng: random.Random | None = None
) -> int:
    """Give every candidate of the component's formasi its independent assessors; the number of
    assignments made.

    Candidates who withdrew or already have a result (absent, final, flagged) are skipped; those
    with fewer independent assessors than `assessors_per_candidate` get the rest. All or nothing:
    when some candidate cannot get enough eligible assessors, nothing is written. Candidates
    without a blind code get one now; the rubric is locked; each assessor is notified once; one
    audit row for the run.
    """
    require_manager(actor)
    component = (
        SkbComponent.objects.select_for_update(of=("self",))
        .select_related("formasi", "rubric")
        .get(pk=component.pk)
    )
    require_assessed(component)
    _check_rubric(component)
    rng = rng or system_rng()
    if not SkbCandidate.objects.filter(formasi=component.formasi).exists():
        raise ConflictError(
            f"Formasi {component.formasi.code} belum memiliki peserta SKB; jalankan "
            "pemeringkatan SKD lebih dahulu."
        )
    candidates = list(
        SkbCandidate.objects.filter(formasi=component.formasi, withdrawn_at__isnull=True)
        .exclude(component_results__component=component)
        .select_related("application__applicant")
        .order_by("cut_rank", "pk")
    )
    holders: dict[int, set[int]] = defaultdict(set)
    independent: Counter[int] = Counter()
    for candidate_id, assessor_id, kind in AssessorAssignment.objects.filter(
        component=component
    ).values_list("candidate_id", "assessor_id", "kind"):
        holders[candidate_id].add(assessor_id)
        if kind == Kind.INDEPENDENT:
            independent[candidate_id] += 1
    needs = {
        candidate.pk: component.assessors_per_candidate - independent[candidate.pk]
        for candidate in candidates
        if independent[candidate.pk] < component.assessors_per_candidate
    }
    waiting = [candidate for candidate in candidates if candidate.pk in needs]
    if not waiting:
        return 0
    pool = list(selectors.active_assessors())
    ids = [user.pk for user in pool]
    conflicts = conflict_index(ids)
    eligible = {
        candidate.pk: _eligible(
            pool=pool,
            applicant=candidate.application.applicant,
            excluded=holders[candidate.pk],
            conflicts=conflicts,
        )
        for candidate in waiting
    }
    short = [
        candidate.code or candidate.application.registration_number
        for candidate in waiting
        if len(eligible[candidate.pk]) < needs[candidate.pk]
    ]
    if short:
        raise ConflictError(
            f"Asesor yang memenuhi syarat tidak cukup untuk {len(short)} peserta "
            f"({_listed(short)}): setiap peserta memerlukan {component.assessors_per_candidate} "
            f"asesor independen tanpa konflik kepentingan, sedangkan asesor aktif ada "
            f"{len(pool)}. Tambahkan asesor atau periksa pernyataan konflik kepentingan; "
            "tidak ada penugasan yang dibuat."
        )
    uncoded = [candidate for candidate in waiting if not candidate.code]
    for candidate, code in zip(uncoded, _new_codes(len(uncoded), rng), strict=True):
        candidate.code = code
    if uncoded:
        SkbCandidate.objects.bulk_update(uncoded, ["code", "updated_at"])
    load = selectors.open_load(ids)
    new: list[AssessorAssignment] = []
    picked: Counter[int] = Counter()
    # Drawn and stored in a random order, so that neither who gets whom nor the assignments'
    # ids (which an assessor sees) follow the candidates' SKD rank.
    rng.shuffle(waiting)
    for candidate in waiting:
        for assessor in _draw(
            eligible=eligible[candidate.pk], count=needs[candidate.pk], load=load, rng=rng
        ):
            picked[assessor.pk] += 1
            new.append(
                AssessorAssignment(
                    component=component,
                    candidate=candidate,
                    assessor=assessor,
                    kind=Kind.INDEPENDENT,
                )
            )
    rng.shuffle(new)
    try:
        with transaction.atomic():
            AssessorAssignment.objects.bulk_create(new)
    except IntegrityError as error:
        raise ConflictError(
            "Penugasan berubah selama proses berjalan; jalankan penugasan sekali lagi."
        ) from error
    assert component.rubric is not None  # noqa: S101 (checked by require_assessed)
    rubric_services.lock_rubric(rubric=component.rubric, actor=actor)
    by_pk = {user.pk: user for user in pool}
    notify_many(
        messages=[
            Message(
                user=by_pk[assessor_id],
                title="Tugas penilaian SKB baru",
                body=f"Anda ditugaskan menilai {count} peserta pada komponen {component.name} "
                f"(formasi {component.formasi.code})." + deadline_note(component),
                url=queue_url(),
            )
            for assessor_id, count in sorted(picked.items())
        ]
    )
    audit.record(
        actor=actor,
        action="selection.assessment.assigned",
        target=component,
        changes={
            "formasi": component.formasi.code,
            "candidates": len(waiting),
            "assignments": len(new),
            "assessors": len(picked),
            "codes_given": len(uncoded),
            "tie_break": "acak (secrets.SystemRandom)",
        },
    )
    return len(new)


def replacement(
    *, component: SkbComponent, candidate: SkbCandidate, rng: random.Random
) -> User | None:
    """One eligible assessor who has not been on the case, the least loaded (random ties)."""
    pool = list(selectors.active_assessors())
    ids = [user.pk for user in pool]
    eligible = _eligible(
        pool=pool,
        applicant=candidate.application.applicant,
        excluded=selectors.case_assessor_ids(component=component, candidate=candidate),
        conflicts=conflict_index(ids),
    )
    if not eligible:
        return None
    return _draw(eligible=eligible, count=1, load=selectors.open_load(ids), rng=rng)[0]


def locked_assignment(assignment: AssessorAssignment) -> AssessorAssignment:
    locked = (
        AssessorAssignment.objects.select_for_update(of=("self",))
        .select_related(
            "component__formasi",
            "component__rubric",
            "candidate__application__applicant",
            "assessor",
        )
        .filter(pk=assignment.pk)
        .first()
    )
    if locked is None:
        raise ConflictError("Penugasan ini sudah dihapus; muat ulang halaman.")
    return locked


@transaction.atomic
def reassign(
    *, assignment: AssessorAssignment, actor: User, rng: random.Random | None = None
) -> AssessorAssignment:
    """Hand an unsubmitted assignment to another eligible assessor (the holder fell ill, or a
    conflict of interest was declared later). Same kind, same case; one audit row."""
    require_manager(actor)
    assignment = locked_assignment(assignment)
    if assignment.submitted_at is not None:
        raise ConflictError(
            "Nilai penugasan ini sudah dikirim; penugasan yang sudah dinilai tidak dapat dialihkan."
        )
    component, candidate = assignment.component, assignment.candidate
    successor = replacement(component=component, candidate=candidate, rng=rng or system_rng())
    if successor is None:
        raise ConflictError(
            f"Tidak ada asesor lain yang memenuhi syarat untuk peserta {candidate.code}: semua "
            "asesor aktif sudah menangani kasus ini atau memiliki konflik kepentingan."
        )
    previous = assignment.assessor
    assignment.assessor = successor
    assignment.save(update_fields=["assessor", "updated_at"])
    notify_many(
        messages=[
            Message(
                user=successor,
                title="Tugas penilaian SKB baru",
                body=f"Penilaian peserta {candidate.code} pada komponen {component.name} "
                f"(formasi {component.formasi.code}) dialihkan kepada Anda."
                + deadline_note(component),
                url=queue_url(),
            ),
            Message(
                user=previous,
                title="Tugas penilaian SKB dialihkan",
                body=f"Penilaian peserta {candidate.code} pada komponen {component.name} "
                "dialihkan kepada asesor lain; Anda tidak perlu menilainya.",
                url=queue_url(),
            ),
        ]
    )
    audit.record(
        actor=actor,
        action="selection.assessment.reassigned",
        target=assignment,
        changes={
            "component": component.name,
            "candidate": candidate.code,
            "kind": assignment.kind,
            "assessor": [previous.username, successor.username],
        },
    )
    return assignment
