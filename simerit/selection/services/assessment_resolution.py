"""Settling and correcting assessed SKB results (issue #5, item 2): a third assessor or a panel
decision for a FLAGGED case, a candidate's absence (ABSENT result), and the correction of a
settled result after the candidate's sanggah on the final result was granted.
"""

import random
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.notifications.services import Message, notify_many
from simerit.selection import permissions
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    ResultSanggah,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import assessment as rules
from simerit.selection.rules import display
from simerit.selection.services.assessment import (
    deadline_note,
    queue_url,
    replacement,
    require_assessed,
    require_manager,
    system_rng,
)

Kind = AssessorAssignment.Kind
Status = ComponentResult.Status
Resolution = ComponentResult.Resolution

PANEL_NOTE_MIN_LENGTH = 20
PANEL_MEMBERS_MAX_LENGTH = 500


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
    require_manager(actor)
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
    assessor = replacement(component=component, candidate=candidate, rng=rng or system_rng())
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
                + deadline_note(component),
                url=queue_url(),
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
    require_manager(actor)
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
    require_manager(actor)
    component = SkbComponent.objects.select_related("formasi").get(pk=component.pk)
    require_assessed(component)
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
                url=queue_url(),
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
