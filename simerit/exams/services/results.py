"""Publishing a blueprint's official results (hasil ujian resmi).

Publication turns each finished attempt into an ExamResult (source CAT SiMerit, one per
application and exam kind), the row the selection reads. It freezes the blueprint: no item
decision and no rescoring afterwards (services/decisions.py refuses them).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError
from simerit.exams.models import Attempt, Blueprint, ExamKind, ExamResult, Participant
from simerit.exams.services.decisions import lock_blueprint, pending_changes, results_digest


@dataclass(frozen=True)
class PublishReport:
    results: int
    absent: int
    digest: str
    published_at: dt.datetime


def _refusal(blueprint: Blueprint, now: dt.datetime) -> str | None:
    """Why the results cannot be published yet, in Indonesian; None when they can."""
    if blueprint.results_published_at is not None:
        published = timezone.localtime(blueprint.results_published_at)
        return f"Hasil ujian ini sudah diumumkan pada {published:%d-%m-%Y %H:%M}."
    if blueprint.kind == ExamKind.TRYOUT:
        return "Hasil tryout adalah latihan dan tidak diumumkan sebagai hasil resmi."
    if blueprint.delivery == Blueprint.Delivery.BKN:
        return "Ujian ini dilaksanakan di CAT BKN; hasilnya masuk melalui impor nilai BKN."
    attempts = Attempt.objects.filter(blueprint=blueprint, is_practice=False)
    unfinished = attempts.exclude(status=Attempt.Status.FINISHED).count()
    if unfinished:
        return (
            f"{unfinished} peserta belum selesai mengerjakan ujian; hasil baru dapat diumumkan "
            "setelah semua pengerjaan selesai."
        )
    # A participant of a sitting that has not ended yet may still start.
    still_open = (
        Participant.objects.filter(blueprint=blueprint, attempt__isnull=True)
        .filter(sitting__starts_at__gt=now - dt.timedelta(minutes=blueprint.duration_minutes))
        .count()
    )
    if still_open:
        return (
            f"{still_open} peserta terjadwal pada sesi yang belum berakhir dan belum mengerjakan "
            "ujian; hasil baru dapat diumumkan setelah sesinya berakhir."
        )
    if not attempts.exists():
        return "Belum ada pengerjaan yang selesai; tidak ada hasil untuk diumumkan."
    return None


def _stale_refusal(stale: int) -> str:
    return (
        f"Nilai {stale} peserta belum sesuai dengan keputusan soal yang berlaku; jalankan "
        "penilaian ulang lebih dulu, periksa hasilnya, lalu umumkan."
    )


def publication_refusal(blueprint: Blueprint, *, now: dt.datetime | None = None) -> str | None:
    """For the page and the API: why the results cannot be published now, or None. The service
    checks again; this costs one scoring pass (the check that scores follow the decisions)."""
    refusal = _refusal(blueprint, now or timezone.now())
    if refusal is None:
        stale = len(pending_changes(blueprint)[1])
        refusal = _stale_refusal(stale) if stale else None
    return refusal


@transaction.atomic
def publish_results(*, blueprint: Blueprint, actor: User) -> PublishReport:
    """Write the official results of every finished attempt and close the blueprint."""
    now = timezone.now()
    locked = lock_blueprint(blueprint)
    refusal = _refusal(locked, now)
    if refusal is not None:
        raise ConflictError(refusal)
    results, stale = pending_changes(locked)
    if stale:
        raise ConflictError(_stale_refusal(len(stale)))
    attempts = list(
        Attempt.objects.filter(blueprint=locked, status=Attempt.Status.FINISHED, is_practice=False)
        .select_related("participant")
        .order_by("id")
    )
    applications = [attempt.participant.application_id for attempt in attempts]  # type: ignore[union-attr]
    taken = ExamResult.objects.filter(
        Q(application_id__in=applications) & Q(kind=locked.kind)
    ).count()
    if taken:
        raise ConflictError(
            f"{taken} pelamar sudah memiliki hasil {locked.get_kind_display()} dari sumber lain "
            "(mis. impor nilai BKN); hasil tidak diumumkan."
        )
    ExamResult.objects.bulk_create(
        [
            ExamResult(
                application_id=application_id,
                blueprint=locked,
                kind=locked.kind,
                source=ExamResult.Source.SIMERIT,
                scores=attempt.scores,
                total=attempt.total if attempt.total is not None else 0,
                passed=attempt.passed,
                result_reason=attempt.result_reason,
                attempt=attempt,
            )
            for attempt, application_id in zip(attempts, applications, strict=True)
        ],
        batch_size=500,
    )
    locked.results_published_at = now
    locked.save(update_fields=["results_published_at", "updated_at"])
    blueprint.results_published_at = now
    absent = Participant.objects.filter(blueprint=locked, attempt__isnull=True).count()
    report = PublishReport(
        results=len(attempts), absent=absent, digest=results_digest(results), published_at=now
    )
    audit.record(
        actor=actor,
        action="exams.results.published",
        target=locked,
        changes={"results": report.results, "absent": report.absent, "digest": report.digest},
    )
    return report
