"""Sanggah: the applicant's one appeal against a TMS (domain reference §1.4).

Only for a TMS that has been announced, only once, only within the filing window, and about
documents already uploaded (no new files). A verifier who took no part in the decision (neither
the first verifier nor the confirming one) and has no conflict of interest decides it within the
answer window; the outcome appears in the next version of the announcement.
"""

import random
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import notify
from simerit.recruitment.models import Application, Sanggah, Stage, VerificationAssignment
from simerit.recruitment.selectors import announcements as announcement_selectors
from simerit.recruitment.selectors import verification as verification_selectors
from simerit.recruitment.selectors.windows import stage_refusal
from simerit.recruitment.services import assignments
from simerit.recruitment.services import verification as verification_services

REASON_MIN_LENGTH = 20
REASON_MAX_LENGTH = 3000
NOTE_MAX_LENGTH = 3000
AssignmentRole = VerificationAssignment.Role


@transaction.atomic
def file_sanggah(
    *,
    application: Application,
    reason: str,
    document_ids: Sequence[int],
    actor: User,
    rng: random.Random | None = None,
) -> Sanggah:
    """File the applicant's sanggah and hand it to an eligible verifier when one is free."""
    application = (
        Application.objects.select_for_update()
        .select_related("applicant__user", "period", "formasi")
        .get(pk=application.pk)
    )
    if application.applicant.user_id != actor.pk:
        raise PermissionDenied("Sanggah hanya dapat diajukan oleh pelamar sendiri.")
    now = timezone.now()
    refusal = announcement_selectors.sanggah_filing_refusal(application, now=now)
    announcement = announcement_selectors.disputed_announcement(application)
    if refusal is not None or announcement is None:
        raise ConflictError(refusal or "Hasil TMS lamaran ini belum diumumkan.")
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if len(reason) < REASON_MIN_LENGTH:
        errors["reason"] = [
            f"Tulis alasan sanggah paling sedikit {REASON_MIN_LENGTH} karakter, dengan merujuk "
            "dokumen yang sudah Anda unggah."
        ]
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [f"Alasan sanggah paling banyak {REASON_MAX_LENGTH} karakter."]
    wanted = set(document_ids)
    documents = list(application.documents.filter(pk__in=wanted).select_related("kind"))
    if not wanted:
        errors["documents"] = ["Pilih paling sedikit satu dokumen yang Anda rujuk."]
    elif len(documents) != len(wanted):
        errors["documents"] = ["Pilih hanya dokumen yang sudah Anda unggah pada lamaran ini."]
    if errors:
        raise InvalidInputError(errors)
    try:
        with transaction.atomic():
            sanggah = Sanggah.objects.create(
                application=application, announcement=announcement, reason=reason
            )
    except IntegrityError as error:
        raise ConflictError("Sanggah hanya dapat diajukan satu kali.") from error
    sanggah.documents.set(documents)
    judge = _assign_judge(application=application, rng=rng)
    audit.record(
        actor=actor,
        action="recruitment.sanggah.filed",
        target=sanggah,
        changes={
            "application": application.registration_number,
            "announcement_version": announcement.version,
            "documents": sorted(doc.kind.code for doc in documents),
            "judge": judge.username if judge else None,
        },
    )
    notify(
        user=actor,
        title="Sanggah diterima sistem",
        body=f"Sanggah atas lamaran {application.registration_number} telah tercatat dan akan "
        "diputuskan oleh verifikator lain pada masa jawab sanggah.",
        url=reverse("recruitment:application-result"),
    )
    return sanggah


def _assign_judge(*, application: Application, rng: random.Random | None) -> User | None:
    """A verifier who neither decided nor confirmed the TMS; None leaves it to the next run."""
    excluded = set(
        VerificationAssignment.objects.filter(application=application).values_list(
            "verifier_id", flat=True
        )
    )
    assignment = assignments.assign_one_verifier(
        application=application,
        role=AssignmentRole.SANGGAH,
        excluded=excluded,
        rng=rng or assignments.system_rng(),
    )
    if assignment is None:
        return None
    notify(
        user=assignment.verifier,
        title="Sanggah perlu diputuskan",
        body=f"Sanggah atas lamaran {application.registration_number} ditugaskan kepada Anda.",
        url=reverse("recruitment:verification-queue"),
    )
    return assignment.verifier


@transaction.atomic
def decide_sanggah(*, sanggah: Sanggah, grant: bool, note: str, actor: User) -> Sanggah:
    """Grant (the application becomes MS) or reject (it stays TMS), with the reasoning."""
    sanggah = (
        Sanggah.objects.select_for_update()
        .select_related("application__applicant__user", "application__period")
        .get(pk=sanggah.pk)
    )
    application = sanggah.application
    took_part = VerificationAssignment.objects.filter(
        application=application,
        verifier=actor,
        role__in=(AssignmentRole.FIRST, AssignmentRole.CONFIRMATION),
    ).exists()
    if took_part:
        raise PermissionDenied(
            "Sanggah harus diputuskan oleh verifikator yang tidak ikut memutus hasil TMS ini."
        )
    assignment = verification_selectors.get_assignment(
        application=application, role=AssignmentRole.SANGGAH, verifier=actor
    )
    if assignment is None or not actor.has_role(Role.VERIFIKATOR):
        raise PermissionDenied("Sanggah ini tidak ditugaskan kepada Anda.")
    if verification_selectors.is_in_conflict(user=actor, applicant=application.applicant):
        raise PermissionDenied(verification_services.CONFLICT_MESSAGE)
    if sanggah.status != Sanggah.Status.FILED:
        raise ConflictError("Sanggah ini sudah diputuskan.")
    now = timezone.now()
    # Domain reference §1.4: the answer has its own window; without one nobody knows the deadline.
    refusal = stage_refusal(application.period, Stage.SANGGAH_ANSWER, now, required=True)
    if refusal is not None:
        raise ConflictError(refusal)
    note = note.strip()
    if not note:
        raise InvalidInputError({"note": ["Tulis pertimbangan keputusan sanggah."]})
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInputError(
            {"note": [f"Pertimbangan paling banyak {NOTE_MAX_LENGTH} karakter."]}
        )
    sanggah.status = Sanggah.Status.GRANTED if grant else Sanggah.Status.REJECTED
    sanggah.decided_by = actor
    sanggah.decided_at = now
    sanggah.decision_note = note
    sanggah.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    assignment.completed_at = now
    assignment.save(update_fields=["completed_at", "updated_at"])
    changes: dict[str, object] = {"status": [Sanggah.Status.FILED, sanggah.status], "note": note}
    if grant:
        # The TMS reasons stay in this audit row and in the earlier announcement versions.
        changes["application_status"] = [application.status, Application.Status.MS]
        changes["result_reasons"] = [application.result_reasons, []]
        application.status = Application.Status.MS
        application.result_reasons = []
        application.public_reasons = []
        application.decided_at = now
        application.save(
            update_fields=[
                "status",
                "result_reasons",
                "public_reasons",
                "decided_at",
                "updated_at",
            ]
        )
    audit.record(
        actor=actor,
        action="recruitment.sanggah.granted" if grant else "recruitment.sanggah.rejected",
        target=sanggah,
        changes=changes,
    )
    number = application.registration_number
    if grant:
        title = "Sanggah diterima: Memenuhi Syarat (MS)"
        body = f"Sanggah atas lamaran {number} diterima; lamaran Anda kini MS. Pertimbangan: {note}"
    else:
        title = "Sanggah ditolak"
        body = f"Sanggah atas lamaran {number} ditolak; hasil tetap TMS. Pertimbangan: {note}"
    notify(
        user=application.applicant.user,
        title=title,
        body=body + "\nHasilnya dimuat pada pengumuman versi berikutnya.",
        url=reverse("recruitment:application-result"),
    )
    return sanggah
