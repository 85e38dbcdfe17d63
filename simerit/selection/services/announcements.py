"""Publishing the final result of a formasi (issue #5 item 6; domain reference §2.4).

Publication copies the latest integration run's results into frozen entry rows with the score
breakdown, hashes the canonical JSON (SHA-256), builds the CSV and the PDF (with the hash and a QR
code of the verify page), stores the three hashes and writes them to the audit chain. Nothing is
edited afterwards: a correction is a new version, from a new integration run, that names the
version it supersedes.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import Message, notify_many
from simerit.recruitment.models import Formasi, SelectionPeriod, Stage
from simerit.recruitment.rules import mask_name
from simerit.recruitment.selectors.windows import stage_refusal
from simerit.selection import files
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    ResultAnnouncement,
    ResultAnnouncementEntry,
    ResultSanggah,
    SelectionSetup,
    SkbComponent,
)
from simerit.selection.rules import (
    FinalCandidate,
    FinalStatus,
    SkdScore,
    final_score,
    rank_final,
)
from simerit.selection.selectors import announcements as selectors
from simerit.selection.selectors import ranking, ranking_digest
from simerit.selection.selectors.setup import get_setup

NOTE_MAX_LENGTH = 300
# The integration stores scores with four decimals (and SQLite computes in floating point): a
# published breakdown must explain its final score to within this.
TOLERANCE = Decimal("0.0005")
DENIED = "Hanya Admin BKPSDM yang dapat mengumumkan hasil akhir."


@dataclass
class _Draft:
    """A formasi's entries and formula as the latest run gives them, before anything is saved."""

    formasi: Formasi
    run: IntegrationRun
    setup: SelectionSetup
    formula: dict[str, Any]
    entries: list[ResultAnnouncementEntry]
    previous: ResultAnnouncement | None
    # The run's rows the entries were copied from (with their candidates), for the checks.
    results: list[FinalResult]


@transaction.atomic
def publish_results(*, formasi: Formasi, actor: User, note: str = "") -> ResultAnnouncement:
    """Publish the formasi's final result from the period's latest integration run as the next
    version, and audit its three SHA-256 values.

    Refused without a run, without results of the formasi in it, when the latest run is the one
    already published (a new version needs a new run), when the run changed nothing for the
    formasi, while a sanggah on the result waits for its decision, and outside the period's
    result-announcement window (when one is set). A version after the first needs a note.
    Refused too when the run's rows are not what the integration wrote or ranked: their digest
    differs from the one in the run's audit row, their SKD scores or withdrawals differ from the
    SKB candidates', or `rules.rank_final` gives another rank or status.
    """
    _check_actor(actor)
    formasi = (
        Formasi.objects.select_for_update()
        .select_related("period", "position", "work_unit")
        .get(pk=formasi.pk)
    )
    run = ranking.latest_run(formasi.period)
    if run is None:
        raise ConflictError(_no_run(formasi.period))
    _check_sealed(run)
    draft = _draft(formasi, run)
    _check_publishable(draft)
    note = _clean_note(note, draft.previous)
    return _publish(draft, actor=actor, note=note)


@transaction.atomic
def publish_period(*, period: SelectionPeriod, actor: User, note: str = "") -> int:
    """Publish every formasi of the latest run that has no version from that run yet (one version
    each; formasi the run did not change are left alone). All or nothing: when one formasi is
    refused, none is published. Returns the number of versions published."""
    _check_actor(actor)
    run = ranking.latest_run(period)
    if run is None:
        raise ConflictError(_no_run(period))
    _check_sealed(run)
    formasi_ids = FinalResult.objects.filter(run=run).values_list("formasi", flat=True).distinct()
    formasi_list = list(
        Formasi.objects.select_for_update()
        .filter(pk__in=list(formasi_ids))
        .select_related("period", "position", "work_unit")
        .order_by("code")
    )
    drafts = []
    for formasi in formasi_list:
        draft = _draft(formasi, run)
        previous = draft.previous
        if previous is not None and (previous.run_id == run.pk or _unchanged(draft)):
            continue
        drafts.append(draft)
    corrections = [draft.previous for draft in drafts if draft.previous is not None]
    note = _clean_note(note, corrections[0] if corrections else None)
    for draft in drafts:
        _check_publishable(draft)
    for draft in drafts:
        _publish(draft, actor=actor, note=note)
    return len(drafts)


def _check_actor(actor: User) -> None:
    if not actor.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied(DENIED)


def _no_run(period: SelectionPeriod) -> str:
    return f"Integrasi nilai {period.name} belum dijalankan; hasil akhir belum dapat diumumkan."


def _clean_note(note: str, previous: ResultAnnouncement | None) -> str:
    note = " ".join(note.split())
    if previous is not None and not note:
        raise InvalidInputError(
            {
                "note": [
                    f"Versi {previous.version + 1} hasil akhir {previous.formasi_code} adalah "
                    "koreksi: tulis catatan perubahannya."
                ]
            }
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInputError({"note": [f"Catatan paling banyak {NOTE_MAX_LENGTH} karakter."]})
    return note


def _check_publishable(draft: _Draft) -> None:
    """Raise ConflictError when the draft may not be published now."""
    formasi, previous = draft.formasi, draft.previous
    if not draft.entries:
        raise ConflictError(
            f"Formasi {formasi.code} tidak memiliki hasil akhir pada integrasi terakhir; tidak "
            "ada yang dapat diumumkan."
        )
    if previous is not None and previous.run_id == draft.run.pk:
        raise ConflictError(
            f"Hasil akhir formasi {formasi.code} dari integrasi terakhir sudah diumumkan sebagai "
            f"versi {previous.version}. Versi baru hanya dapat diterbitkan dari integrasi baru "
            "(misalnya sesudah sanggah dikabulkan atau peserta mengundurkan diri)."
        )
    waiting = ResultSanggah.objects.filter(
        application__formasi=formasi, status=ResultSanggah.Status.FILED
    ).count()
    if waiting:
        raise ConflictError(
            f"Hasil akhir formasi {formasi.code} belum dapat diumumkan: {waiting} sanggah hasil "
            "akhir formasi ini belum diputuskan."
        )
    if previous is None:
        # The first publication keeps to the schedule; a correction follows a sanggah decision,
        # which comes after the announcement window.
        refusal = stage_refusal(formasi.period, (Stage.RESULT_ANNOUNCEMENT,), timezone.now())
        if refusal is not None:
            raise ConflictError(refusal)
    if previous is not None and _unchanged(draft):
        raise ConflictError(
            f"Integrasi terakhir tidak mengubah hasil akhir formasi {formasi.code} dibanding "
            f"versi {previous.version}; tidak ada yang perlu diumumkan ulang."
        )
    inconsistent = _inconsistent(draft)
    if inconsistent is not None:
        raise ConflictError(
            f"Hasil akhir formasi {formasi.code} pada integrasi terakhir tidak sesuai dengan "
            f"nilai komponen dan bobot yang berlaku sekarang (lamaran {inconsistent}); jalankan "
            "integrasi ulang sebelum mengumumkan."
        )
    unlike_candidate = _unlike_candidates(draft)
    if unlike_candidate is not None:
        raise ConflictError(
            f"Hasil akhir formasi {formasi.code} pada integrasi terakhir tidak sesuai dengan data "
            f"peserta SKB ({unlike_candidate}); jalankan integrasi ulang sebelum mengumumkan."
        )
    misranked = _misranked(draft)
    if misranked is not None:
        raise ConflictError(
            f"Peringkat hasil akhir formasi {formasi.code} pada integrasi terakhir tidak sesuai "
            f"dengan aturan pemeringkatan ({misranked}); jalankan integrasi ulang sebelum "
            "mengumumkan."
        )


def _check_sealed(run: IntegrationRun) -> None:
    """Refuse when the run's FinalResult rows are no longer what the integration wrote: the
    digest in the run's audit row against the rows now. A run without a recorded digest (not
    written by `services.integration.run_integration`) is checked by the rules only."""
    recorded = ranking_digest.recorded_digest(run)
    if recorded is not None and ranking_digest.run_digest(run) != recorded:
        raise ConflictError(
            f"Hasil integrasi berubah sesudah dijalankan (integrasi #{run.pk}): baris hasil akhir "
            "tidak lagi sama dengan sidik SHA-256 yang tercatat di log audit. Jangan umumkan; "
            "periksa log audit dan jalankan integrasi ulang."
        )


# --- The draft: entries copied from the run


def _formula(run: IntegrationRun, components: list[SkbComponent]) -> dict[str, Any]:
    """The weights the run used (its snapshot, not today's setup) and the formasi's SKB."""
    weights = ranking.run_settings(run)
    return {
        "skd_weight": files.fixed(weights.skd_weight),
        "skb_weight": files.fixed(weights.skb_weight),
        "skd_max": weights.skd_max,
        "components": [
            {
                "order": component.order,
                "name": component.name,
                "method": component.method,
                "weight": files.fixed(component.weight),
                "aggregation": "" if component.is_cat else component.aggregation,
                "cat_max_score": component.cat_max_score,
            }
            for component in components
        ],
    }


def _draft(formasi: Formasi, run: IntegrationRun) -> _Draft:
    setup = get_setup(formasi.period)
    components = list(SkbComponent.objects.filter(formasi=formasi).order_by("order"))
    results = list(
        FinalResult.objects.filter(run=run, formasi=formasi).select_related(
            "application__applicant__user", "candidate"
        )
    )
    scores = {
        (row.candidate_id, row.component_id): row
        for row in ComponentResult.objects.filter(component__formasi=formasi)
    }
    entries = [
        ResultAnnouncementEntry(
            application=result.application,
            registration_number=result.application.registration_number,
            masked_name=mask_name(result.application.applicant.name),
            skd_total=result.skd_total,
            twk=result.twk,
            tiu=result.tiu,
            tkp=result.tkp,
            skb_components=[
                _breakdown(component, scores.get((result.candidate_id, component.pk)))
                for component in components
            ],
            skb_score=result.skb_score,
            final_score=result.final_score,
            rank=result.rank,
            status=result.status,
        )
        for result in results
    ]
    entries.sort(key=files.entry_order)
    return _Draft(
        formasi=formasi,
        run=run,
        setup=setup,
        formula=_formula(run, components),
        entries=entries,
        previous=selectors.latest_announcement(formasi),
        results=results,
    )


def _breakdown(component: SkbComponent, result: ComponentResult | None) -> dict[str, Any]:
    final = result is not None and result.status == ComponentResult.Status.FINAL
    if final:
        state = files.COMPONENT_FINAL
    elif result is not None and result.status == ComponentResult.Status.ABSENT:
        state = files.COMPONENT_ABSENT
    else:
        state = files.COMPONENT_MISSING
    return {
        "name": component.name,
        "method": component.method,
        "weight": files.fixed(component.weight),
        "score": files.fixed(result.score) if final and result is not None else None,
        "status": state,
    }


def _content(
    formula: dict[str, Any], entries: list[ResultAnnouncementEntry]
) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """What a version says about the applicants, without its version, dates and note."""
    return (
        formula,
        [
            (
                entry.application_id,
                entry.registration_number,
                entry.masked_name,
                entry.skd_total,
                entry.twk,
                entry.tiu,
                entry.tkp,
                entry.skb_components,
                files.fixed(entry.skb_score),
                files.fixed(entry.final_score),
                entry.rank,
                entry.status,
            )
            for entry in sorted(entries, key=files.entry_order)
        ],
    )


def _unchanged(draft: _Draft) -> bool:
    previous = draft.previous
    if previous is None:
        return False
    return _content(previous.formula, selectors.entries_of(previous)) == _content(
        draft.formula, draft.entries
    )


def _explained(
    entry: ResultAnnouncementEntry, formula: dict[str, Any]
) -> tuple[Decimal, Decimal] | None:
    """The exact SKB and final score that the entry's breakdown and the run's weights give;
    None when a component has no score or the scores are outside the rule's range."""
    parts = entry.skb_components
    if any(part["score"] is None for part in parts):
        return None
    skb = sum(
        (Decimal(part["weight"]) * Decimal(part["score"]) / 100 for part in parts),
        Decimal(0),
    )
    try:
        final = final_score(
            skd_total=entry.skd_total,
            skd_max=int(formula["skd_max"]),
            skb=skb,
            skd_weight=Decimal(formula["skd_weight"]) / 100,
            skb_weight=Decimal(formula["skb_weight"]) / 100,
        )
    except ValueError:
        return None
    return skb, final


def _inconsistent(draft: _Draft) -> str | None:
    """The registration number of the first ranked entry whose SKB and final score the
    breakdown and the weights do not give; None when every one is explained."""
    for entry in draft.entries:
        if entry.final_score is None or entry.status == FinalStatus.MENGUNDURKAN_DIRI:
            continue
        explained = _explained(entry, draft.formula)
        if entry.skb_score is None or explained is None:
            return entry.registration_number
        skb, final = explained
        if abs(skb - entry.skb_score) > TOLERANCE or abs(final - entry.final_score) > TOLERANCE:
            return entry.registration_number
    return None


def _unlike_candidates(draft: _Draft) -> str | None:
    """What differs first between the run's rows and the SKB candidates they were ranked from:
    the SKD sub-scores and total, or the withdrawal (Mengundurkan diri exactly when the candidate
    withdrew); None when nothing does."""
    for result in sorted(draft.results, key=lambda row: row.application.registration_number):
        candidate = result.candidate
        number = result.application.registration_number
        stored = (result.skd_total, result.twk, result.tiu, result.tkp)
        expected = (candidate.skd_total, candidate.twk, candidate.tiu, candidate.tkp)
        if stored != expected or result.skd_total != result.twk + result.tiu + result.tkp:
            return (
                f"lamaran {number}: SKD tercatat {_skd_text(stored)}, peserta SKB "
                f"{_skd_text(expected)}"
            )
        withdrawn = result.status == FinalStatus.MENGUNDURKAN_DIRI
        if withdrawn != (candidate.withdrawn_at is not None):
            state = "mengundurkan diri" if candidate.withdrawn_at is not None else "tidak mundur"
            return (
                f"lamaran {number}: status {FinalStatus(result.status).label}, peserta SKB "
                f"tercatat {state}"
            )
    return None


def _skd_text(scores: tuple[int, int, int, int]) -> str:
    total, twk, tiu, tkp = scores
    return f"{total} (TWK {twk}, TIU {tiu}, TKP {tkp})"


def _misranked(draft: _Draft) -> str | None:
    """The first row (rank order) whose rank or status `rules.rank_final` does not give, from
    the run's SKD sub-scores, final score, IPK and birth date, with Mengundurkan diri for the
    withdrawn; None when all agree.

    The final score ranked is the exact one of the published breakdown (`_inconsistent` has
    checked it against the stored score): the integration ranks the exact value, and two scores
    equal at four decimals may differ below them."""
    exact = _exact_finals(draft)
    placements = rank_final(
        [
            FinalCandidate(
                key=result.pk,
                skd=SkdScore(twk=result.twk, tiu=result.tiu, tkp=result.tkp),
                final=exact.get(result.application_id, result.final_score),
                education_score=result.education_score,
                birth_date=result.birth_date,
                withdrawn=result.status == FinalStatus.MENGUNDURKAN_DIRI,
            )
            for result in draft.results
        ],
        quota=draft.formasi.quota,
    )
    by_key = {result.pk: result for result in draft.results}
    for placement in placements:
        result = by_key[placement.key]
        if (result.rank, result.status) != (placement.rank, placement.status.value):
            return (
                f"lamaran {result.application.registration_number}: tercatat "
                f"{_place_text(result.rank, result.status)}, seharusnya "
                f"{_place_text(placement.rank, placement.status.value)}"
            )
    return None


def _place_text(rank: int | None, status: str) -> str:
    label = FinalStatus(status).label
    return f"peringkat {rank} {label}" if rank is not None else f"tanpa peringkat {label}"


def _exact_finals(draft: _Draft) -> dict[int, Decimal]:
    """{application id: exact final score from the entry's breakdown and the run's weights} for
    the entries with a final score and a complete breakdown."""
    finals = {}
    for entry in draft.entries:
        explained = _explained(entry, draft.formula) if entry.final_score is not None else None
        if explained is not None:
            finals[entry.application_id] = explained[1]
    return finals


# --- Publication


def _publish(draft: _Draft, *, actor: User, note: str) -> ResultAnnouncement:
    formasi, previous = draft.formasi, draft.previous
    version = previous.version + 1 if previous is not None else 1
    # Whole seconds: the time is part of the hashed text, and reads the same everywhere.
    published_at = timezone.now().replace(microsecond=0)
    try:
        with transaction.atomic():
            announcement = ResultAnnouncement.objects.create(
                formasi=formasi,
                run=draft.run,
                version=version,
                supersedes=previous,
                published_at=published_at,
                published_by=actor,
                formasi_code=formasi.code,
                position_name=formasi.position.name,
                unit_name=formasi.work_unit.name,
                period_name=formasi.period.name,
                quota=formasi.quota,
                formula=draft.formula,
                sha256="",
                csv_sha256="",
                pdf_sha256="",
                pdf=b"",
                note=note,
                sanggah_closes_at=published_at + dt.timedelta(days=draft.setup.result_sanggah_days),
            )
    except IntegrityError as error:
        raise ConflictError(
            f"Versi {version} hasil akhir {formasi.code} baru saja diterbitkan oleh admin lain; "
            "muat ulang halaman."
        ) from error
    for entry in draft.entries:
        entry.announcement = announcement
    ResultAnnouncementEntry.objects.bulk_create(draft.entries)
    payload = files.canonical_payload(announcement, draft.entries)
    announcement.sha256 = files.sha256_hex(files.canonical_json_bytes(payload))
    announcement.csv_sha256 = files.sha256_hex(files.csv_bytes(payload))
    pdf = files.pdf_bytes(announcement, payload)
    announcement.pdf = pdf
    announcement.pdf_sha256 = files.sha256_hex(pdf)
    announcement.save(update_fields=["sha256", "csv_sha256", "pdf_sha256", "pdf", "updated_at"])
    counts = {status.value: 0 for status in FinalStatus}
    for entry in draft.entries:
        counts[entry.status] += 1
    audit.record(
        actor=actor,
        action=selectors.PUBLISHED_ACTION,
        target=announcement,
        changes={
            "formasi": formasi.code,
            "version": version,
            "sha256": announcement.sha256,
            "csv_sha256": announcement.csv_sha256,
            "pdf_sha256": announcement.pdf_sha256,
            "supersedes_version": previous.version if previous is not None else None,
            "run": draft.run.pk,
            "entries": len(draft.entries),
            "statuses": counts,
            "note": note,
            "sanggah_closes_at": timezone.localtime(announcement.sanggah_closes_at).isoformat(),
        },
    )
    _notify(announcement, draft)
    return announcement


def _notify(announcement: ResultAnnouncement, draft: _Draft) -> None:
    """One message per listed applicant, written in one statement."""
    url = reverse("selection:my-result")
    correction = " (koreksi)" if announcement.version > 1 else ""
    notify_many(
        messages=[
            Message(
                user=entry.application.applicant.user,
                title="Pengumuman hasil akhir seleksi",
                body=(
                    f"Hasil akhir formasi {announcement.formasi_code} versi "
                    f"{announcement.version}{correction} telah diumumkan. Lamaran "
                    f"{entry.registration_number}: {FinalStatus(entry.status).label}. Lihat "
                    "rincian nilai, alasannya dan masa sanggah pada halaman hasil akhir Anda."
                ),
                url=url,
            )
            for entry in draft.entries
        ]
    )
