"""Independent, blind assessment of the additional SKB components (issue #5, item 2).

Assessors are drawn at random (`secrets.SystemRandom`: nobody can predict or steer who scores
whom; tests pass a seeded `random.Random`), the least loaded first, never one with a declared
conflict of interest (a relative's NIK, a shared KK). Nothing an assessor sees follows the SKD
rank: blind codes are random, the candidates are drawn and the assignments stored (so numbered)
in a random order, and the assessor's queue is sorted by code. Each scores alone and once, inside the
component's scoring window. When the independent scores of a case are all in, the result is
written: within the spread limit it is FINAL by the component's aggregation rule; beyond it the
case is FLAGGED for a third assessor or a recorded panel decision (§3.3: configuration).
"""

import datetime as dt
import random
import secrets
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import Message, notify_many
from simerit.recruitment.models import Applicant
from simerit.recruitment.selectors.verification import ConflictIndex, conflict_index
from simerit.selection import permissions
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    CriterionScore,
    ResultSanggah,
    RubricCriterion,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import assessment as rules
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
CRITERION_NOTE_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 3000
PANEL_NOTE_MIN_LENGTH = 20
PANEL_MEMBERS_MAX_LENGTH = 500
# Listed in a refusal; the rest are only counted.
MAX_LISTED = 10
MANAGE_DENIED = "Hanya Admin BKPSDM yang dapat mengatur penilaian asesor."


def system_rng() -> random.Random:
    return secrets.SystemRandom()


def _require_manager(actor: User) -> None:
    if not permissions.can_manage(actor):
        raise PermissionDenied(MANAGE_DENIED)


def _require_assessed(component: SkbComponent) -> None:
    if component.is_cat or component.rubric_id is None:
        raise ConflictError("Komponen SKB-CAT dinilai dari hasil ujian CAT, bukan oleh asesor.")


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    return shown + (f", dan {more} lainnya" if more > 0 else "")


def _queue_url() -> str:
    return reverse("selection:my-assessments")


def _deadline(component: SkbComponent) -> str:
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
    _require_manager(actor)
    component = (
        SkbComponent.objects.select_for_update(of=("self",))
        .select_related("formasi", "rubric")
        .get(pk=component.pk)
    )
    _require_assessed(component)
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
    assert component.rubric is not None  # noqa: S101 (checked by _require_assessed)
    rubric_services.lock_rubric(rubric=component.rubric, actor=actor)
    by_pk = {user.pk: user for user in pool}
    notify_many(
        messages=[
            Message(
                user=by_pk[assessor_id],
                title="Tugas penilaian SKB baru",
                body=f"Anda ditugaskan menilai {count} peserta pada komponen {component.name} "
                f"(formasi {component.formasi.code})." + _deadline(component),
                url=_queue_url(),
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


def _replacement(
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


def _locked_assignment(assignment: AssessorAssignment) -> AssessorAssignment:
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
    _require_manager(actor)
    assignment = _locked_assignment(assignment)
    if assignment.submitted_at is not None:
        raise ConflictError(
            "Nilai penugasan ini sudah dikirim; penugasan yang sudah dinilai tidak dapat dialihkan."
        )
    component, candidate = assignment.component, assignment.candidate
    successor = _replacement(component=component, candidate=candidate, rng=rng or system_rng())
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
                f"(formasi {component.formasi.code}) dialihkan kepada Anda." + _deadline(component),
                url=_queue_url(),
            ),
            Message(
                user=previous,
                title="Tugas penilaian SKB dialihkan",
                body=f"Penilaian peserta {candidate.code} pada komponen {component.name} "
                "dialihkan kepada asesor lain; Anda tidak perlu menilainya.",
                url=_queue_url(),
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


# --- Scoring


def scoring_refusal(component: SkbComponent, now: dt.datetime) -> str | None:
    if component.scoring_opens_at is not None and now < component.scoring_opens_at:
        return (
            f"Penilaian komponen {component.name} baru dibuka "
            f"{format_datetime_wib(component.scoring_opens_at)}."
        )
    if component.scoring_closes_at is not None and now > component.scoring_closes_at:
        return (
            f"Batas akhir penilaian komponen {component.name} sudah lewat "
            f"({format_datetime_wib(component.scoring_closes_at)}); nilai tidak disimpan."
        )
    return None


def _level_errors(
    criteria: Sequence[RubricCriterion],
    levels: Mapping[int, int],
    *,
    min_level: int,
    max_level: int,
) -> list[str]:
    known = {criterion.pk for criterion in criteria}
    errors = []
    if set(levels) - known:
        errors.append("Ada skor untuk kriteria yang tidak ada pada rubrik ini.")
    missing = [criterion.name for criterion in criteria if levels.get(criterion.pk) is None]
    if missing:
        errors.append(f"Beri skor untuk setiap kriteria. Belum diberi skor: {', '.join(missing)}.")
    for criterion in criteria:
        level = levels.get(criterion.pk)
        if level is None:
            continue
        if (
            isinstance(level, bool)
            or not isinstance(level, int)
            or not (min_level <= level <= max_level)
        ):
            errors.append(
                f'Skor kriteria "{criterion.name}" harus bilangan bulat {min_level}–{max_level}; '
                f"yang dikirim {level}."
            )
    return errors


@transaction.atomic
def submit_scores(
    *,
    assignment: AssessorAssignment,
    levels: Mapping[int, int],
    actor: User,
    notes: Mapping[int, str] | None = None,
    note: str = "",
) -> AssessorAssignment:
    """Store the assessor's levels per criterion and the rubric score (rules.rubric_score), once.

    Only by the assessor it belongs to, inside the component's scoring window, every criterion
    scored within the rubric's levels. When the case's scores are then complete, its result is
    written (FINAL or FLAGGED). Nothing is stored on any refusal.
    """
    if not permissions.is_assessor(actor):
        raise PermissionDenied("Hanya asesor yang dapat mengirim nilai.")
    # The candidate row serialises the assessors of one case, so the last submission sees all.
    SkbCandidate.objects.select_for_update(of=("self",)).filter(pk=assignment.candidate_id).first()
    assignment = _locked_assignment(assignment)
    if assignment.assessor_id != actor.pk:
        raise PermissionDenied("Penugasan penilaian ini bukan milik Anda.")
    component, candidate = assignment.component, assignment.candidate
    if assignment.submitted_at is not None:
        raise ConflictError(
            f"Nilai untuk peserta {candidate.code} sudah dikirim pada "
            f"{format_datetime_wib(assignment.submitted_at)}; nilai yang sudah dikirim tidak "
            "dapat diubah."
        )
    if candidate.withdrawn_at is not None:
        raise ConflictError(
            f"Peserta {candidate.code} sudah mengundurkan diri; penilaian tidak diperlukan."
        )
    now = timezone.now()
    refusal = scoring_refusal(component, now)
    if refusal is not None:
        raise ConflictError(refusal)
    rubric = component.rubric
    assert rubric is not None  # noqa: S101 (assignments exist only on assessed components)
    criteria = list(RubricCriterion.objects.filter(rubric=rubric).order_by("order"))
    notes = notes or {}
    errors: dict[str, list[str]] = {}
    level_errors = _level_errors(
        criteria, levels, min_level=rubric.min_level, max_level=rubric.max_level
    )
    if level_errors:
        errors["levels"] = level_errors
    long_notes = [
        f'Catatan kriteria "{criterion.name}" paling banyak {CRITERION_NOTE_MAX_LENGTH} karakter.'
        for criterion in criteria
        if len((notes.get(criterion.pk) or "").strip()) > CRITERION_NOTE_MAX_LENGTH
    ]
    if long_notes:
        errors["notes"] = long_notes
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [f"Catatan umum paling banyak {NOTE_MAX_LENGTH} karakter."]
    if errors:
        raise InvalidInputError(errors)
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    score = rules.rubric_score({key: levels[key] for key in weights}, weights, rubric.max_level)
    if not Decimal(0) <= score <= rules.HUNDRED:
        raise ConflictError(
            "Bobot kriteria rubrik ini tidak berjumlah 100 %; hubungi Admin BKPSDM."
        )
    CriterionScore.objects.bulk_create(
        CriterionScore(
            assignment=assignment,
            criterion=criterion,
            level=levels[criterion.pk],
            note=(notes.get(criterion.pk) or "").strip(),
        )
        for criterion in criteria
    )
    assignment.score = score
    assignment.submitted_at = now
    assignment.note = note
    assignment.save(update_fields=["score", "submitted_at", "note", "updated_at"])
    audit.record(
        actor=actor,
        action="selection.assessment.submitted",
        target=assignment,
        changes={
            "component": component.name,
            "candidate": candidate.code,
            "kind": assignment.kind,
            "score": score,
            "levels": {criterion.name: levels[criterion.pk] for criterion in criteria},
        },
    )
    _settle(component=component, candidate=candidate, actor=actor, now=now)
    return assignment


def _settle(
    *, component: SkbComponent, candidate: SkbCandidate, actor: User, now: dt.datetime
) -> ComponentResult | None:
    """Write the case's result once its scores are complete; None while some are missing."""
    assignments = list(
        AssessorAssignment.objects.filter(component=component, candidate=candidate).order_by("pk")
    )
    independent = [item for item in assignments if item.kind == Kind.INDEPENDENT]
    third = [item for item in assignments if item.kind == Kind.THIRD]
    result = (
        ComponentResult.objects.select_for_update(of=("self",))
        .filter(component=component, candidate=candidate)
        .first()
    )
    if result is None:
        complete = len(independent) >= component.assessors_per_candidate and all(
            item.score is not None for item in independent
        )
        if not complete:
            return None
        scores = [item.score for item in independent if item.score is not None]
        result = ComponentResult(component=component, candidate=candidate)
        if rules.needs_resolution(scores, component.max_spread):
            return _flag(result=result, scores=scores, actor=actor)
        return _finalise(
            result=result, scores=scores, resolution=Resolution.AGREED, actor=actor, now=now
        )
    if result.status != Status.FLAGGED or not third:
        return None
    if any(item.score is None for item in third):
        return None
    scores = [item.score for item in independent + third if item.score is not None]
    return _finalise(
        result=result, scores=scores, resolution=Resolution.THIRD_ASSESSOR, actor=actor, now=now
    )


def _finalise(
    *,
    result: ComponentResult,
    scores: Sequence[Decimal],
    resolution: str,
    actor: User,
    now: dt.datetime,
) -> ComponentResult:
    component = result.component
    previous = result.status or None
    result.status = Status.FINAL
    result.aggregation = component.aggregation
    result.score = rules.aggregate(component.aggregation, scores)
    result.assessor_scores = [str(score) for score in scores]
    result.spread = rules.spread(scores)
    result.resolution = resolution
    result.decided_at = now
    result.save()
    audit.record(
        actor=actor,
        action="selection.component_result.finalized",
        target=result,
        changes={
            "component": component.name,
            "candidate": result.candidate.code,
            "status": [previous, Status.FINAL],
            "score": result.score,
            "aggregation": result.aggregation,
            "assessor_scores": result.assessor_scores,
            "spread": result.spread,
            "resolution": resolution,
        },
    )
    return result


def _flag(*, result: ComponentResult, scores: Sequence[Decimal], actor: User) -> ComponentResult:
    component = result.component
    result.status = Status.FLAGGED
    result.score = None
    result.aggregation = component.aggregation
    result.assessor_scores = [str(score) for score in scores]
    result.spread = rules.spread(scores)
    result.resolution = ""
    result.save()
    audit.record(
        actor=actor,
        action="selection.component_result.flagged",
        target=result,
        changes={
            "component": component.name,
            "candidate": result.candidate.code,
            "assessor_scores": result.assessor_scores,
            "spread": result.spread,
            "max_spread": component.max_spread,
        },
    )
    admins = User.objects.filter(is_active=True, groups__name=Role.ADMIN_BKPSDM.value).distinct()
    url = reverse("selection:assessment-component", args=[component.pk])
    notify_many(
        messages=[
            Message(
                user=admin,
                title="Selisih nilai asesor melebihi batas",
                body=f"Peserta {result.candidate.code} pada komponen {component.name} (formasi "
                f"{component.formasi.code}): selisih {display(result.spread)} "
                f"melebihi batas {display(component.max_spread)}. Tugaskan asesor "
                "ketiga atau catat keputusan panel.",
                url=url,
            )
            for admin in admins.order_by("pk")
        ]
    )
    return result


# --- Resolving a flagged case; absence


def _locked_result(component_result: ComponentResult) -> ComponentResult:
    return (
        ComponentResult.objects.select_for_update(of=("self",))
        .select_related("component__formasi", "candidate__application__applicant")
        .get(pk=component_result.pk)
    )


@transaction.atomic
def assign_third_assessor(
    *, component_result: ComponentResult, actor: User, rng: random.Random | None = None
) -> AssessorAssignment:
    """A third eligible assessor for a FLAGGED case (none of the first ones, no conflict); their
    score, with the others, makes the result FINAL by the component's aggregation rule."""
    _require_manager(actor)
    result = _locked_result(component_result)
    component, candidate = result.component, result.candidate
    if result.status != Status.FLAGGED:
        raise ConflictError(
            "Asesor ketiga hanya untuk kasus yang selisih nilainya melebihi batas dan belum "
            "diselesaikan."
        )
    existing = (
        AssessorAssignment.objects.filter(component=component, candidate=candidate, kind=Kind.THIRD)
        .select_related("assessor")
        .first()
    )
    if existing is not None:
        raise ConflictError(
            f"Peserta {candidate.code} sudah memiliki asesor ketiga "
            f"({existing.assessor.full_name or existing.assessor.username})."
        )
    now = timezone.now()
    if component.scoring_closes_at is not None and now > component.scoring_closes_at:
        raise ConflictError(
            f"Batas akhir penilaian komponen {component.name} sudah lewat "
            f"({format_datetime_wib(component.scoring_closes_at)}); perpanjang batas akhir "
            "penilaian atau catat keputusan panel."
        )
    assessor = _replacement(component=component, candidate=candidate, rng=rng or system_rng())
    if assessor is None:
        raise ConflictError(
            f"Tidak ada asesor lain yang memenuhi syarat untuk peserta {candidate.code}: semua "
            "asesor aktif sudah menilai kasus ini atau memiliki konflik kepentingan. Catat "
            "keputusan panel."
        )
    assignment = AssessorAssignment.objects.create(
        component=component, candidate=candidate, assessor=assessor, kind=Kind.THIRD
    )
    notify_many(
        messages=[
            Message(
                user=assessor,
                title="Tugas penilaian SKB baru (asesor ketiga)",
                body=f"Anda ditugaskan menilai peserta {candidate.code} pada komponen "
                f"{component.name} (formasi {component.formasi.code}) sebagai asesor ketiga."
                + _deadline(component),
                url=_queue_url(),
            )
        ]
    )
    audit.record(
        actor=actor,
        action="selection.assessment.third_assigned",
        target=assignment,
        changes={
            "component": component.name,
            "candidate": candidate.code,
            "assessor": assessor.username,
            "assessor_scores": result.assessor_scores,
            "spread": result.spread,
        },
    )
    return assignment


def _panel_input(
    *, score: Decimal, members: str, note: str, score_label: str, note_message: str
) -> tuple[Decimal, str, str]:
    """The score a panel sets (0–100, at most 4 decimals), with its members and its reasoning
    (stripped); InvalidInputError listing every problem."""
    members, note = members.strip(), note.strip()
    errors: dict[str, list[str]] = {}
    try:
        value = Decimal(score)
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite() or not Decimal(0) <= value <= rules.HUNDRED:
        errors["score"] = [f"{score_label} harus angka 0–100."]
    elif value != value.quantize(rules.PLACES):
        errors["score"] = [f"{score_label} paling banyak 4 angka di belakang koma."]
    if not members:
        errors["members"] = ["Tuliskan anggota panel."]
    elif len(members) > PANEL_MEMBERS_MAX_LENGTH:
        errors["members"] = [f"Anggota panel paling banyak {PANEL_MEMBERS_MAX_LENGTH} karakter."]
    if len(note) < PANEL_NOTE_MIN_LENGTH:
        errors["note"] = [note_message]
    if errors:
        raise InvalidInputError(errors)
    assert value is not None  # noqa: S101 (checked above)
    return value.quantize(rules.PLACES), members, note


def _save_panel_score(
    result: ComponentResult, *, score: Decimal, members: str, note: str, actor: User
) -> None:
    """The result becomes FINAL with the score a panel set (a decision or a correction)."""
    result.status = Status.FINAL
    result.score = score
    result.aggregation = ""
    result.resolution = Resolution.PANEL
    result.panel_members = members
    result.panel_note = note
    result.decided_by = actor
    result.decided_at = timezone.now()
    result.save()


@transaction.atomic
def record_panel_decision(
    *,
    component_result: ComponentResult,
    score: Decimal,
    members: str,
    note: str,
    actor: User,
) -> ComponentResult:
    """Settle a FLAGGED case by a panel: its score (0–100), members and reasoning are recorded.

    An unsubmitted third assessor's assignment is withdrawn: the panel's decision replaces it.
    """
    _require_manager(actor)
    result = _locked_result(component_result)
    if result.status != Status.FLAGGED:
        raise ConflictError(
            "Keputusan panel hanya untuk kasus yang selisih nilainya melebihi batas dan belum "
            "diselesaikan."
        )
    value, members, note = _panel_input(
        score=score,
        members=members,
        note=note,
        score_label="Nilai keputusan panel",
        note_message=f"Tulis pertimbangan panel paling sedikit {PANEL_NOTE_MIN_LENGTH} karakter.",
    )
    withdrawn = list(
        AssessorAssignment.objects.filter(
            component=result.component,
            candidate=result.candidate,
            kind=Kind.THIRD,
            submitted_at__isnull=True,
        ).select_related("assessor")
    )
    AssessorAssignment.objects.filter(pk__in=[item.pk for item in withdrawn]).delete()
    _save_panel_score(result, score=value, members=members, note=note, actor=actor)
    audit.record(
        actor=actor,
        action="selection.component_result.panel_decided",
        target=result,
        changes={
            "component": result.component.name,
            "candidate": result.candidate.code,
            "status": [Status.FLAGGED, Status.FINAL],
            "score": result.score,
            "assessor_scores": result.assessor_scores,
            "members": members,
            "note": note,
            "third_assessor_withdrawn": [item.assessor.username for item in withdrawn],
        },
    )
    return result


@transaction.atomic
def mark_absent(
    *, component: SkbComponent, candidate: SkbCandidate, actor: User
) -> ComponentResult:
    """The candidate did not attend the component's test: its result is ABSENT (so the candidate
    is Tidak Lulus at integration) and its open assignments are removed."""
    _require_manager(actor)
    component = SkbComponent.objects.select_related("formasi").get(pk=component.pk)
    _require_assessed(component)
    candidate = (
        SkbCandidate.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=candidate.pk)
    )
    if candidate.formasi_id != component.formasi_id:
        raise ConflictError("Peserta ini bukan peserta formasi komponen tersebut.")
    if candidate.withdrawn_at is not None:
        raise ConflictError(f"Peserta {candidate.code} sudah mengundurkan diri.")
    existing = ComponentResult.objects.filter(component=component, candidate=candidate).first()
    if existing is not None:
        raise ConflictError(
            f"Peserta {candidate.code} sudah memiliki hasil pada komponen ini "
            f"({existing.get_status_display()}); ketidakhadiran tidak dapat dicatat."
        )
    assignments = AssessorAssignment.objects.filter(component=component, candidate=candidate)
    scored = assignments.filter(submitted_at__isnull=False).count()
    if scored:
        raise ConflictError(
            f"Peserta {candidate.code} sudah dinilai oleh {scored} asesor; ketidakhadiran tidak "
            "dapat dicatat."
        )
    removed = list(assignments.select_related("assessor").order_by("pk"))
    assignments.delete()
    result = ComponentResult.objects.create(
        component=component,
        candidate=candidate,
        status=Status.ABSENT,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    notify_many(
        messages=[
            Message(
                user=item.assessor,
                title="Tugas penilaian SKB dibatalkan",
                body=f"Peserta {candidate.code} tidak hadir pada komponen {component.name}; "
                "Anda tidak perlu menilainya.",
                url=_queue_url(),
            )
            for item in removed
        ]
    )
    audit.record(
        actor=actor,
        action="selection.component_result.absent_marked",
        target=result,
        changes={
            "component": component.name,
            "candidate": candidate.code,
            "registration_number": candidate.application.registration_number,
            "assignments_removed": [item.assessor.username for item in removed],
        },
    )
    return result


# --- Correcting a settled result after a granted sanggah on the final result

REVISE_DENIED = "Hanya Admin BKPSDM yang dapat mengoreksi nilai komponen SKB."
CAT_REVISION = "Nilai SKB-CAT dikoreksi melalui hasil ujian resminya lalu impor ulang."


def revision_refusal(*, component_result: ComponentResult, sanggah: ResultSanggah) -> str | None:
    """Why `component_result` may not be corrected on the strength of `sanggah` (None: it may).

    Only an assessed component's FINAL or ABSENT result, of a candidate who did not withdraw,
    after that candidate's own sanggah on the final result was GRANTED."""
    component, candidate = component_result.component, component_result.candidate
    if component.is_cat:
        return CAT_REVISION
    if sanggah.application_id != candidate.application_id:
        return (
            f"Sanggah ini bukan sanggah peserta {candidate.code}; nilai komponen hanya dikoreksi "
            "atas sanggah hasil akhir peserta itu sendiri."
        )
    if sanggah.status != ResultSanggah.Status.GRANTED:
        return (
            "Nilai komponen hanya dapat dikoreksi setelah sanggah hasil akhir peserta ini "
            f"diterima; status sanggahnya sekarang: {sanggah.get_status_display()}."
        )
    if component_result.status == Status.FLAGGED:
        return (
            f"Nilai peserta {candidate.code} pada komponen {component.name} belum selesai "
            "(selisih nilai asesor melebihi batas); selesaikan dengan asesor ketiga atau "
            "keputusan panel."
        )
    if candidate.withdrawn_at is not None:
        return f"Peserta {candidate.code} sudah mengundurkan diri; nilainya tidak dikoreksi."
    return None


@transaction.atomic
def revise_result(
    *,
    component_result: ComponentResult,
    score: Decimal,
    members: str,
    note: str,
    sanggah: ResultSanggah,
    actor: User,
) -> ComponentResult:
    """Correct a settled result of an assessed component after the candidate's sanggah on the
    final result was granted: a FINAL score is replaced, or a candidate wrongly recorded absent
    gets a FINAL score. The correction is a panel decision (members and reasoning, at least 20
    characters), so the result's resolution becomes PANEL; the assessors' scores stay as they
    were, and the audit row keeps the score before and after and the sanggah it rests on. The
    published announcement is not touched: integrate again and publish a new version.
    """
    if not permissions.can_manage(actor):
        raise PermissionDenied(REVISE_DENIED)
    result = (
        ComponentResult.objects.select_for_update(of=("self",))
        .select_related("component__formasi", "candidate__application")
        .get(pk=component_result.pk)
    )
    sanggah = ResultSanggah.objects.select_related("announcement").get(pk=sanggah.pk)
    refusal = revision_refusal(component_result=result, sanggah=sanggah)
    if refusal is not None:
        raise ConflictError(refusal)
    value, members, note = _panel_input(
        score=score,
        members=members,
        note=note,
        score_label="Nilai koreksi",
        note_message=f"Tulis alasan koreksi paling sedikit {PANEL_NOTE_MIN_LENGTH} karakter.",
    )
    if result.status == Status.FINAL and result.score == value:
        raise InvalidInputError(
            {
                "score": [
                    f"Nilai koreksi sama dengan nilai sekarang ({display(value)}); tidak ada "
                    "yang diubah."
                ]
            }
        )
    before = {"status": result.status, "score": result.score, "resolution": result.resolution}
    _save_panel_score(result, score=value, members=members, note=note, actor=actor)
    audit.record(
        actor=actor,
        action="selection.component_result.revised",
        target=result,
        changes={
            "component": result.component.name,
            "candidate": result.candidate.code,
            "registration_number": result.candidate.application.registration_number,
            "status": [before["status"], Status.FINAL],
            "score": [before["score"], value],
            "resolution": [before["resolution"] or None, Resolution.PANEL],
            "assessor_scores": result.assessor_scores,
            "members": members,
            "note": note,
            "sanggah": sanggah.pk,
            "announcement_version": sanggah.announcement.version,
        },
    )
    return result
