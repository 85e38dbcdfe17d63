"""Publishing a blueprint's official results (hasil ujian resmi).

Publication turns each finished attempt into an ExamResult (source CAT SiMerit, one per
application and exam kind), the row the selection reads. It freezes the blueprint: no item
decision and no rescoring afterwards (services/decisions.py refuses them).

- Absent participants (placed, never started) get no ExamResult: the selection treats a placed
  participant of a published blueprint without an ExamResult as absent (tidak hadir). They are
  counted in the audit row and listed as "Tidak hadir" in the results list and its export.
- An attempt stopped by a proctor (e.g. a proven impostor) keeps the verdict computed from its
  scores; its ExamResult.result_reason starts with "Ujian dihentikan pengawas." and the results
  list flags it before publication.
- Publication waits until every sitting has ended for its participants who have not started:
  a sitting ends after max(start + duration + the largest extra minutes plus extension, the latest
  START PIN expiry of its participants) (selectors/results.sitting_ends).
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
from simerit.exams.selectors import results as selectors
from simerit.exams.services.decisions import (
    lock_blueprint,
    needs_rescoring,
    pending_changes,
    results_digest,
)

RESCORE_FIRST = (
    "Keputusan soal berubah sejak penilaian ulang terakhir; jalankan penilaian ulang lebih dulu, "
    "periksa hasilnya, lalu umumkan."
)


@dataclass(frozen=True)
class PublishReport:
    results: int
    absent: int
    stopped: int  # results of attempts stopped by a proctor
    digest: str
    published_at: dt.datetime


def _refusal(blueprint: Blueprint, now: dt.datetime) -> str | None:
    """Why the results cannot be published yet, in Indonesian; None when they can. A fixed number
    of queries whatever the number of attempts."""
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
    ended = selectors.ended_sitting_ids(blueprint, now=now)
    still_open = (
        Participant.objects.filter(blueprint=blueprint, attempt__isnull=True)
        .exclude(sitting_id__in=ended)
        .count()
    )
    if still_open:
        return (
            f"{still_open} peserta terjadwal pada sesi yang belum berakhir dan belum mengerjakan "
            "ujian; hasil baru dapat diumumkan setelah sesinya berakhir."
        )
    if not attempts.exists():
        return "Belum ada pengerjaan yang selesai; tidak ada hasil untuk diumumkan."
    if needs_rescoring(blueprint):
        return RESCORE_FIRST
    return None


def _stale_refusal(stale: int) -> str:
    return (
        f"Nilai {stale} peserta belum sesuai dengan keputusan soal yang berlaku; jalankan "
        "penilaian ulang lebih dulu, periksa hasilnya, lalu umumkan."
    )


def publication_refusal(blueprint: Blueprint, *, now: dt.datetime | None = None) -> str | None:
    """For the page and the API: why the results cannot be published now, or None. Cheap: no
    answer event is read (whether a rescoring is pending comes from the decisions and the latest
    rescoring's audit row). The service checks again, in full, when it publishes."""
    return _refusal(blueprint, now or timezone.now())


@transaction.atomic
def publish_results(
    *, blueprint: Blueprint, actor: User, now: dt.datetime | None = None
) -> PublishReport:
    """Write the official results of every finished attempt and close the blueprint. `now` (the
    demo's clock) is the publication time and the time the sittings are judged ended at."""
    now = now or timezone.now()
    locked = lock_blueprint(blueprint)
    refusal = _refusal(locked, now)
    if refusal is not None:
        raise ConflictError(refusal)
    # The full check: every stored score equals a rescoring now (one replay, at publication only).
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
                result_reason=selectors.published_reason(attempt),
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
    stopped = [attempt.pk for attempt in attempts if selectors.is_stopped(attempt)]
    report = PublishReport(
        results=len(attempts),
        absent=absent,
        stopped=len(stopped),
        digest=results_digest(results),
        published_at=now,
    )
    audit.record(
        actor=actor,
        action="exams.results.published",
        target=locked,
        changes={
            "results": report.results,
            "absent": report.absent,
            "stopped_by_proctor": stopped,
            "digest": report.digest,
        },
    )
    return report
