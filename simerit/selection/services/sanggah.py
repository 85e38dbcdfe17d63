"""Sanggah on the final result (domain reference §1.4: "hasil akhir (integrasi)").

The recruitment sanggah's workflow applied to the published final result: the applicant files
once, within the window that each published version opens (`published_at` until its
`sanggah_closes_at`), with reasons. An Admin BKPSDM who did not publish the disputed version
decides it with a written consideration. A granted sanggah changes nothing here: HR corrects the
score (an assessed component with `services.assessment_resolution.revise_result`, the SKB-CAT through its
official ExamResult and a new import), runs the integration again and publishes a new version that
supersedes the disputed one.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import Message, notify, notify_many
from simerit.recruitment.models import Application
from simerit.recruitment.services.sanggah import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REASON_MIN_LENGTH,
)
from simerit.selection import permissions
from simerit.selection.models import ResultAnnouncement, ResultSanggah
from simerit.selection.selectors import sanggah as selectors
from simerit.selection.selectors.announcements import announcement_problems, not_intact_message

NOTE_MIN_LENGTH = 20
Status = ResultSanggah.Status


@transaction.atomic
def file_result_sanggah(*, application: Application, reason: str, actor: User) -> ResultSanggah:
    """Record the applicant's one sanggah on the newest published final result of their formasi."""
    application = (
        Application.objects.select_for_update()
        .select_related("applicant__user", "formasi")
        .get(pk=application.pk)
    )
    if application.applicant.user_id != actor.pk:
        raise PermissionDenied("Sanggah hasil akhir hanya dapat diajukan oleh pelamar sendiri.")
    refusal = selectors.filing_refusal(application, now=timezone.now())
    target = selectors.disputable(application)
    if refusal is not None or target is None:
        raise ConflictError(refusal or selectors.NOT_LISTED_MESSAGE)
    _refuse_if_not_intact(target.announcement)
    reason = reason.strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise InvalidInputError(
            {
                "reason": [
                    f"Tulis alasan sanggah paling sedikit {REASON_MIN_LENGTH} karakter: nilai "
                    "atau peringkat mana yang Anda sanggah dan mengapa."
                ]
            }
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError(
            {"reason": [f"Alasan sanggah paling banyak {REASON_MAX_LENGTH} karakter."]}
        )
    announcement = target.announcement
    try:
        with transaction.atomic():
            sanggah = ResultSanggah.objects.create(
                application=application, announcement=announcement, reason=reason
            )
    except IntegrityError as error:
        raise ConflictError(selectors.ONCE_MESSAGE) from error
    audit.record(
        actor=actor,
        action="selection.result_sanggah.filed",
        target=sanggah,
        changes={
            "application": application.registration_number,
            "formasi": announcement.formasi_code,
            "announcement_version": announcement.version,
            "status": target.entry.status,
            "rank": target.entry.rank,
        },
    )
    number = application.registration_number
    notify(
        user=actor,
        title="Sanggah hasil akhir diterima sistem",
        body=f"Sanggah atas hasil akhir lamaran {number} (pengumuman {announcement.formasi_code} "
        f"versi {announcement.version}) telah tercatat dan akan diputuskan oleh Admin BKPSDM.",
        url=reverse("selection:result-sanggah", args=[application.pk]),
    )
    url = reverse("selection:result-sanggah-decide", args=[sanggah.pk])
    notify_many(
        messages=[
            Message(
                user=user,
                title="Sanggah hasil akhir perlu diputuskan",
                body=f"Lamaran {number} menyanggah pengumuman hasil akhir "
                f"{announcement.formasi_code} versi {announcement.version}.",
                url=url,
            )
            for user in User.objects.filter(groups__name=Role.ADMIN_BKPSDM, is_active=True)
            .distinct()
            .order_by("pk")
        ]
    )
    return sanggah


@transaction.atomic
def decide_result_sanggah(
    *, sanggah: ResultSanggah, granted: bool, note: str, actor: User
) -> ResultSanggah:
    """Grant or reject with a written consideration; the publisher of the version may not decide."""
    if not permissions.can_manage(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat memutus sanggah hasil akhir.")
    sanggah = (
        ResultSanggah.objects.select_for_update()
        .select_related("application__applicant__user", "announcement")
        .get(pk=sanggah.pk)
    )
    announcement = sanggah.announcement
    if announcement.published_by_id == actor.pk:
        # Four eyes: the one who published the disputed result does not judge the appeal on it.
        raise PermissionDenied(
            "Sanggah hasil akhir harus diputuskan oleh Admin BKPSDM yang tidak menerbitkan "
            f"pengumuman versi {announcement.version} yang disanggah."
        )
    if sanggah.status != Status.FILED:
        raise ConflictError("Sanggah hasil akhir ini sudah diputuskan.")
    _refuse_if_not_intact(announcement)
    note = note.strip()
    if len(note) < NOTE_MIN_LENGTH:
        raise InvalidInputError(
            {"note": [f"Tulis pertimbangan keputusan paling sedikit {NOTE_MIN_LENGTH} karakter."]}
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInputError(
            {"note": [f"Pertimbangan paling banyak {NOTE_MAX_LENGTH} karakter."]}
        )
    sanggah.status = Status.GRANTED if granted else Status.REJECTED
    sanggah.decided_by = actor
    sanggah.decided_at = timezone.now()
    sanggah.decision_note = note
    sanggah.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    application = sanggah.application
    audit.record(
        actor=actor,
        action="selection.result_sanggah.granted"
        if granted
        else "selection.result_sanggah.rejected",
        target=sanggah,
        changes={
            "application": application.registration_number,
            "announcement_version": announcement.version,
            "status": [Status.FILED.value, sanggah.status],
            "note": note,
        },
    )
    number = application.registration_number
    if granted:
        title = "Sanggah hasil akhir diterima"
        body = (
            f"Sanggah atas hasil akhir lamaran {number} diterima. Pertimbangan: {note}\n"
            "Hasil yang dikoreksi dimuat pada versi pengumuman berikutnya."
        )
    else:
        title = "Sanggah hasil akhir ditolak"
        body = (
            f"Sanggah atas hasil akhir lamaran {number} ditolak; hasil tetap seperti diumumkan "
            f"pada versi {announcement.version}. Pertimbangan: {note}"
        )
    notify(
        user=application.applicant.user,
        title=title,
        body=body,
        url=reverse("selection:result-sanggah", args=[application.pk]),
    )
    return sanggah


def _refuse_if_not_intact(announcement: ResultAnnouncement) -> None:
    """A sanggah is filed on, and decided against, the record as published: never on one that was
    changed afterwards (its lines may name someone else)."""
    problems = announcement_problems(announcement)
    if problems:
        raise ConflictError(not_intact_message(announcement, problems))
