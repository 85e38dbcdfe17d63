"""Administrative selection (seleksi administrasi, domain reference §1.2 step 4).

Applications are assigned by services/assignments.py; the first verifier reviews each document;
the outcome (MS/TMS) follows from the reviews and the
requirement checks; a TMS takes effect only after a second verifier confirms it (four-eyes, when
the period asks for it). Every service checks that the actor holds the assignment, so the HTML
pages and the API refuse the same things.

Randomness: see services/assignments.py.
"""

import random
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import notify
from simerit.recruitment import permissions
from simerit.recruitment.models import (
    Application,
    ApplicationDocument,
    DocumentReview,
    RejectionReason,
    Stage,
    VerificationAssignment,
)
from simerit.recruitment.selectors import verification as selectors
from simerit.recruitment.selectors.windows import stage_refusal
from simerit.recruitment.services.assignments import (
    assign_one_verifier,
    assigned_verifier_ids,
    system_rng,
)

AssignmentRole = VerificationAssignment.Role
Status = Application.Status
# Listed in the audit row of a run; the rest are only counted (the row stays small).
MAX_LISTED_UNASSIGNED = 100
NOTE_MAX_LENGTH = 500

CONFLICT_MESSAGE = permissions.CONFLICT_MESSAGE


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("applicant__user", "formasi", "period")
        .get(pk=application.pk)
    )


def _own_assignment(
    *, application: Application, actor: User, role: str, refusal: str
) -> VerificationAssignment:
    assignment = selectors.get_assignment(application=application, role=role, verifier=actor)
    if assignment is None or not actor.has_role(Role.VERIFIKATOR):
        raise PermissionDenied(refusal)
    if selectors.is_in_conflict(user=actor, applicant=application.applicant):
        raise PermissionDenied(CONFLICT_MESSAGE)
    return assignment


def _check_verification_window(application: Application) -> None:
    """Reviews and decisions happen inside the period's VERIFICATION window, when it has one."""
    refusal = stage_refusal(application.period, Stage.VERIFICATION, timezone.now())
    if refusal is not None:
        raise ConflictError(refusal)


def _first_assignment(*, application: Application, actor: User) -> VerificationAssignment:
    assignment = _own_assignment(
        application=application,
        actor=actor,
        role=AssignmentRole.FIRST,
        refusal="Lamaran ini tidak ditugaskan kepada Anda.",
    )
    if assignment.completed_at is not None or application.status != Status.SUBMITTED:
        raise ConflictError("Lamaran ini sudah Anda putuskan; pemeriksaan tidak dapat diubah.")
    _check_verification_window(application)
    return assignment


@transaction.atomic
def review_document(
    *,
    application: Application,
    document: ApplicationDocument,
    is_valid: bool,
    reason: str = "",
    note: str = "",
    actor: User,
) -> DocumentReview:
    """Record (or change, until the decision) the first verifier's verdict on one document."""
    application = _lock(application)
    assignment = _first_assignment(application=application, actor=actor)
    if document.application_id != application.pk:
        raise InvalidInputError({"document": ["Dokumen ini bukan bagian dari lamaran tersebut."]})
    note = note.strip()
    errors: dict[str, list[str]] = {}
    if is_valid:
        reason = ""
    elif not reason:
        errors["reason"] = ["Pilih alasan mengapa dokumen tidak sah."]
    elif reason not in RejectionReason.values:
        errors["reason"] = ["Alasan tidak dikenal; pilih dari daftar."]
    elif reason == RejectionReason.OTHER and not note:
        errors["note"] = ["Alasan 'Lainnya' memerlukan catatan."]
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [f"Catatan paling banyak {NOTE_MAX_LENGTH} karakter."]
    if errors:
        raise InvalidInputError(errors)
    previous = DocumentReview.objects.filter(assignment=assignment, document=document).first()
    before = (
        {"is_valid": previous.is_valid, "reason": previous.reason, "note": previous.note}
        if previous
        else {}
    )
    review, _ = DocumentReview.objects.update_or_create(
        assignment=assignment,
        document=document,
        defaults={"is_valid": is_valid, "reason": reason, "note": note},
    )
    changes = audit.diff(before, {"is_valid": is_valid, "reason": reason, "note": note})
    if changes:
        audit.record(
            actor=actor,
            action="recruitment.document.reviewed",
            target=review,
            changes={"document": document.kind.code, **changes},
        )
    return review


def _result_url() -> str:
    return reverse("recruitment:application-result")


def _notify_applicant(application: Application, *, title: str, body: str) -> None:
    notify(user=application.applicant.user, title=title, body=body, url=_result_url())


def _reason_lines(reasons: Sequence[str]) -> str:
    return "\n".join(f"- {reason}" for reason in reasons)


@transaction.atomic
def decide_application(
    *, application: Application, actor: User, rng: random.Random | None = None
) -> Application:
    """The first verifier's decision: MS, TMS, or TMS pending a second verifier's confirmation."""
    application = _lock(application)
    assignment = _first_assignment(application=application, actor=actor)
    outcome = selectors.compute_outcome(application, assignment)
    if outcome.unreviewed:
        raise ConflictError(
            "Periksa dahulu setiap dokumen sebelum memutuskan; belum diperiksa: "
            + ", ".join(outcome.unreviewed)
            + "."
        )
    now = timezone.now()
    old_status = application.status
    confirmer: User | None = None
    if outcome.is_ms:
        application.status = Status.MS
        application.decided_at = now
    elif application.period.tms_needs_confirmation:
        application.status = Status.TMS_PENDING
        application.decided_at = None
        confirmer = _hand_to_confirmer(application=application, actor=actor, rng=rng)
    else:
        application.status = Status.TMS
        application.decided_at = now
    application.result_reasons = outcome.reasons
    application.public_reasons = outcome.public_reasons
    application.save(
        update_fields=["status", "decided_at", "result_reasons", "public_reasons", "updated_at"]
    )
    assignment.completed_at = now
    assignment.save(update_fields=["completed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.application.verified",
        target=application,
        changes={
            "status": [old_status, application.status],
            "result_reasons": outcome.reasons,
            "confirmation_verifier": confirmer.username if confirmer else None,
        },
    )
    _notify_decision(application)
    return application


def _hand_to_confirmer(
    *, application: Application, actor: User, rng: random.Random | None
) -> User | None:
    """Reopen the second verifier's assignment after a returned TMS, or assign a new one.

    The previous second verifier gets it back only while still active, still a verifier and not
    in conflict with the applicant; otherwise their (completed) assignment gives way to a new
    one. None when no verifier can confirm now: the next assignment run tries again.
    """
    existing = selectors.get_assignment(application=application, role=AssignmentRole.CONFIRMATION)
    if existing is not None and selectors.can_hold_assignment(
        user=existing.verifier, applicant=application.applicant
    ):
        existing.completed_at = None
        existing.save(update_fields=["completed_at", "updated_at"])
        confirmer = existing.verifier
    else:
        excluded = assigned_verifier_ids(application) | {actor.pk}
        if existing is not None:
            existing.delete()
        created = assign_one_verifier(
            application=application,
            role=AssignmentRole.CONFIRMATION,
            excluded=excluded,
            rng=rng or system_rng(),
        )
        if created is None:
            return None
        confirmer = created.verifier
    notify(
        user=confirmer,
        title="Konfirmasi TMS diperlukan",
        body=f"Lamaran {application.registration_number} dinilai TMS oleh verifikator pertama "
        "dan menunggu konfirmasi Anda.",
        url=reverse("recruitment:verification-review", args=[application.pk]),
    )
    return confirmer


def _notify_decision(application: Application) -> None:
    number = application.registration_number
    if application.status == Status.MS:
        _notify_applicant(
            application,
            title="Hasil verifikasi administrasi: Memenuhi Syarat (MS)",
            body=f"Lamaran {number} dinyatakan memenuhi syarat administrasi. Hasil resmi "
            "diumumkan pada pengumuman hasil seleksi administrasi.",
        )
    elif application.status == Status.TMS_PENDING:
        _notify_applicant(
            application,
            title="Hasil verifikasi administrasi sementara: TMS",
            body=f"Verifikator pertama menilai lamaran {number} tidak memenuhi syarat. Penilaian "
            "ini diperiksa oleh verifikator kedua sebelum berlaku. Alasan:\n"
            + _reason_lines(application.result_reasons),
        )
    elif application.status == Status.TMS:
        _notify_applicant(
            application,
            title="Hasil verifikasi administrasi: Tidak Memenuhi Syarat (TMS)",
            body=f"Lamaran {number} dinyatakan tidak memenuhi syarat administrasi. Alasan:\n"
            + _reason_lines(application.result_reasons)
            + "\nAnda dapat mengajukan sanggah satu kali pada masa sanggah setelah pengumuman.",
        )


# --- Four-eyes: the second verifier


def _confirmation_assignment(*, application: Application, actor: User) -> VerificationAssignment:
    first = selectors.get_assignment(application=application, role=AssignmentRole.FIRST)
    if first is not None and first.verifier_id == actor.pk:
        raise PermissionDenied(
            "Verifikator pertama tidak boleh mengonfirmasi TMS-nya sendiri (prinsip empat mata)."
        )
    assignment = _own_assignment(
        application=application,
        actor=actor,
        role=AssignmentRole.CONFIRMATION,
        refusal="Konfirmasi TMS lamaran ini tidak ditugaskan kepada Anda.",
    )
    if assignment.completed_at is not None or application.status != Status.TMS_PENDING:
        raise ConflictError("Lamaran ini tidak sedang menunggu konfirmasi TMS.")
    _check_verification_window(application)
    return assignment


@transaction.atomic
def confirm_tms(*, application: Application, actor: User) -> Application:
    """The second verifier agrees: the TMS takes effect with the first verifier's reasons."""
    application = _lock(application)
    assignment = _confirmation_assignment(application=application, actor=actor)
    now = timezone.now()
    application.status = Status.TMS
    application.decided_at = now
    application.save(update_fields=["status", "decided_at", "updated_at"])
    assignment.completed_at = now
    assignment.save(update_fields=["completed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.application.tms_confirmed",
        target=application,
        changes={"status": [Status.TMS_PENDING, Status.TMS]},
    )
    _notify_decision(application)
    return application


@transaction.atomic
def return_tms(*, application: Application, note: str, actor: User) -> Application:
    """The second verifier disagrees: the application goes back to the first verifier's review.

    The first verifier sees the note, may change document verdicts and decides again; a new TMS
    comes back to the same second verifier.
    """
    application = _lock(application)
    assignment = _confirmation_assignment(application=application, actor=actor)
    note = note.strip()
    if not note:
        raise InvalidInputError({"note": ["Tulis alasan mengapa TMS ini dikembalikan."]})
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInputError({"note": [f"Catatan paling banyak {NOTE_MAX_LENGTH} karakter."]})
    now = timezone.now()
    old_reasons = application.result_reasons
    application.status = Status.SUBMITTED
    application.result_reasons = []
    application.public_reasons = []
    application.save(update_fields=["status", "result_reasons", "public_reasons", "updated_at"])
    assignment.completed_at = now
    assignment.note = note
    assignment.save(update_fields=["completed_at", "note", "updated_at"])
    first = VerificationAssignment.objects.select_related("verifier").get(
        application=application, role=AssignmentRole.FIRST
    )
    first.completed_at = None
    first.save(update_fields=["completed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.application.tms_returned",
        target=application,
        changes={
            "status": [Status.TMS_PENDING, Status.SUBMITTED],
            "note": note,
            "result_reasons": [old_reasons, []],
        },
    )
    notify(
        user=first.verifier,
        title="TMS dikembalikan untuk ditinjau ulang",
        body=f"Verifikator kedua mengembalikan lamaran {application.registration_number}: {note}",
        url=reverse("recruitment:verification-review", args=[application.pk]),
    )
    _notify_applicant(
        application,
        title="Lamaran Anda ditinjau ulang",
        body=f"Verifikator kedua tidak mengonfirmasi hasil TMS sementara lamaran "
        f"{application.registration_number}; lamaran Anda diperiksa ulang.",
    )
    return application
