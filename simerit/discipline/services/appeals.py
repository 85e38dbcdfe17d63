"""Upaya administratif against a sanction (PP 79/2021; reference §7.4): filing a keberatan or a
banding administratif, and recording its outcome. Admin BKPSDM records both; never on a case
about themself.

- Which one: a dismissal (PDHTAPS) goes to BPASN as a banding administratif; every other sanction
  is contested by a keberatan to the superior of the sanctioning official. One appeal per
  sanction: its outcome is final.
- When: within `DisciplineSettings.keberatan_working_days` / `banding_working_days` working days
  (Monday to Friday less the holidays of `models.Holiday`, `pp94.add_working_days`) of the day
  the employee received the decision (`Sanction.delivered_on`); the last day counts. Not before
  the decision was received.
- Outcome: upheld; changed (the new type must belong to the level chosen; level, end date and
  TPP cut are recomputed from the same start date, and the overlap rule of a decision applies);
  annulled (the sanction stays on record, marked annulled, and stops counting everywhere).
- While an appeal is pending the sanction runs: the PP 53/2010-era rule that a pending appeal
  suspends it is not carried into PP 94/2021 [U], so nothing is suspended here.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.discipline.models import Appeal, DisciplineSettings, Sanction, SanctionType
from simerit.discipline.rules import pp94
from simerit.discipline.selectors.calendar import holidays_after
from simerit.discipline.services.cases import (
    day_text,
    lock_employee,
    notify_employee,
    require_manage,
)
from simerit.discipline.services.decisions import FIRST_OF_MONTH, check_overlap

Kind = Appeal.Kind
Outcome = Appeal.Outcome

ANNULLED = "Hukuman ini sudah dibatalkan; tidak ada yang dapat diajukan lagi."
BANDING_ONLY = (
    "Hukuman pemberhentian dengan hormat tidak atas permintaan sendiri hanya dapat diajukan "
    "banding administratif ke BPASN, bukan keberatan (PP 79/2021)."
)
KEBERATAN_ONLY = (
    "Banding administratif ke BPASN hanya untuk hukuman pemberhentian; atas hukuman ini ajukan "
    "keberatan kepada atasan pejabat yang berwenang menghukum (PP 79/2021)."
)
DECIDED_OUTCOMES = (Outcome.UPHELD, Outcome.CHANGED, Outcome.ANNULLED)


def kind_for(sanction_type: str) -> str:
    """The appeal a sanction allows: banding for PDHTAPS, keberatan for every other type."""
    return Kind.BANDING if sanction_type == SanctionType.PDHTAPS else Kind.KEBERATAN


def window_days(kind: str, settings: DisciplineSettings) -> int:
    if kind == Kind.BANDING:
        return settings.banding_working_days
    return settings.keberatan_working_days


def deadline(sanction: Sanction, *, settings: DisciplineSettings | None = None) -> dt.date | None:
    """The last day an appeal may be filed (working days skip the holidays of `models.Holiday`);
    None while the decision is not yet received."""
    if sanction.delivered_on is None:
        return None
    settings = settings or DisciplineSettings.objects.get(pk=1)
    days = window_days(kind_for(sanction.sanction_type), settings)
    return pp94.add_working_days(sanction.delivered_on, days, holidays_after(sanction.delivered_on))


def _lock(sanction: Sanction) -> Sanction:
    """The sanction row locked with its case and employee: two clerks filing at once are served
    one after the other, and the second sees the first's appeal."""
    return (
        Sanction.objects.select_for_update(of=("self",))
        .select_related("case", "case__employee", "case__employee__user", "employee")
        .get(pk=sanction.pk)
    )


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label).lower() if kind in Kind.values else "upaya administratif"


def validate_filing(
    *,
    sanction: Sanction,
    kind: str,
    filed_on: dt.date,
    reason: str,
    today: dt.date,
    settings: DisciplineSettings,
) -> None:
    """DomainError/ConflictError/InvalidInputError for a filing the rules refuse."""
    if sanction.annulled_at is not None:
        raise DomainError(ANNULLED)
    existing = sanction.appeals.order_by("filed_on", "id").first()
    if existing is not None:
        raise ConflictError(
            f"{existing.get_kind_display()} atas hukuman ini sudah diajukan pada "
            f"{day_text(existing.filed_on)}; upaya administratif hanya dapat diajukan sekali."
        )
    if kind not in Kind.values:
        raise InvalidInputError({"kind": ["Jenis upaya administratif tidak dikenal."]})
    allowed = kind_for(sanction.sanction_type)
    if kind != allowed:
        message = BANDING_ONLY if allowed == Kind.BANDING else KEBERATAN_ONLY
        raise InvalidInputError({"kind": [message]})
    label = _kind_label(kind)
    if sanction.delivered_on is None:
        raise DomainError(
            f"Tanggal keputusan diterima pegawai belum dicatat; {label} baru dapat diajukan "
            "setelah keputusan diterima."
        )
    errors: dict[str, list[str]] = {}
    days = window_days(kind, settings)
    last_day = pp94.add_working_days(
        sanction.delivered_on, days, holidays_after(sanction.delivered_on)
    )
    if filed_on > today:
        errors["filed_on"] = ["Tanggal pengajuan tidak boleh di masa depan."]
    elif filed_on < sanction.delivered_on:
        errors["filed_on"] = [
            "Tanggal pengajuan tidak boleh sebelum keputusan diterima pegawai "
            f"({day_text(sanction.delivered_on)})."
        ]
    elif filed_on > last_day:
        errors["filed_on"] = [
            f"Batas pengajuan {label} sudah lewat: paling lambat {days} hari kerja sejak "
            f"keputusan diterima pada {day_text(sanction.delivered_on)}, yaitu "
            f"{day_text(last_day)}."
        ]
    if not reason.strip():
        errors["reason"] = [f"Alasan {label} wajib diisi."]
    if errors:
        raise InvalidInputError(errors)


@transaction.atomic
def file_appeal(
    *, sanction: Sanction, kind: str, filed_on: dt.date, reason: str, actor: User
) -> Appeal:
    """Record a keberatan or banding filed by the employee; the employee is told it is recorded."""
    require_manage(actor, sanction.case)
    sanction = _lock(sanction)
    settings = DisciplineSettings.objects.get(pk=1)
    validate_filing(
        sanction=sanction,
        kind=kind,
        filed_on=filed_on,
        reason=reason,
        today=timezone.localdate(),
        settings=settings,
    )
    appeal = Appeal.objects.create(
        sanction=sanction, kind=kind, filed_on=filed_on, reason=reason.strip(), filed_by=actor
    )
    audit.record(
        actor=actor,
        action="discipline.appeal.filed",
        target=appeal,
        changes={
            "case": sanction.case.number,
            "sanction_id": sanction.pk,
            "kind": kind,
            "filed_on": filed_on,
            "reason": appeal.reason,
        },
    )
    notify_employee(
        sanction.case,
        title=f"{appeal.get_kind_display()} dicatat",
        body=(
            f"{appeal.get_kind_display()} atas hukuman disiplin kasus {sanction.case.number} "
            f"tanggal {day_text(filed_on)} telah dicatat. Selama diproses, hukuman tetap berlaku."
        ),
    )
    return appeal


@dataclass(frozen=True)
class AppealDecision:
    outcome: str
    decided_on: dt.date
    decision_note: str
    new_level: str = ""
    new_sanction_type: str = ""


@dataclass(frozen=True)
class _Change:
    spec: pp94.SanctionSpec
    ends_on: dt.date | None


def validate_decision(
    data: AppealDecision, *, appeal: Appeal, sanction: Sanction, today: dt.date
) -> _Change | None:
    """The recomputed sanction when the outcome changes it (None otherwise); DomainError,
    InvalidInputError or ConflictError (overlap) for a decision the rules refuse."""
    if appeal.outcome != Outcome.PENDING:
        decided = f" pada {day_text(appeal.decided_on)}" if appeal.decided_on else ""
        raise DomainError(f"{appeal.get_kind_display()} ini sudah diputus{decided}.")
    errors: dict[str, list[str]] = {}
    if data.outcome not in DECIDED_OUTCOMES:
        errors["outcome"] = ["Pilih hasil putusan: dikuatkan, diubah, atau dibatalkan."]
    if data.decided_on > today:
        errors["decided_on"] = ["Tanggal putusan tidak boleh di masa depan."]
    elif data.decided_on < appeal.filed_on:
        errors["decided_on"] = [
            f"Tanggal putusan tidak boleh sebelum tanggal pengajuan ({day_text(appeal.filed_on)})."
        ]
    if not data.decision_note.strip():
        errors["decision_note"] = ["Pertimbangan putusan wajib diisi."]
    change = None
    if data.outcome == Outcome.CHANGED:
        change = _validate_change(data, sanction=sanction, errors=errors)
    elif data.new_sanction_type or data.new_level:
        errors["new_sanction_type"] = ["Jenis hukuman pengganti hanya diisi bila hukuman diubah."]
    if errors:
        raise InvalidInputError(errors)
    if change is not None:
        check_overlap(
            employee=sanction.employee,
            sanction_type=change.spec.type,
            starts_on=sanction.starts_on,
            ends_on=change.ends_on,
            exclude_id=sanction.pk,
        )
    return change


def _validate_change(
    data: AppealDecision, *, sanction: Sanction, errors: dict[str, list[str]]
) -> _Change | None:
    if not data.new_level or not data.new_sanction_type:
        errors["new_sanction_type"] = ["Pilih tingkat dan jenis hukuman pengganti."]
        return None
    try:
        spec = pp94.spec_for(data.new_sanction_type, data.new_level)
    except pp94.SanctionTableError as error:
        errors["new_sanction_type"] = [str(error)]
        return None
    if spec.type == sanction.sanction_type:
        errors["new_sanction_type"] = [
            "Jenis hukuman pengganti sama dengan hukuman semula; pilih hasil “Hukuman dikuatkan”."
        ]
        return None
    if spec.tpp_cut_percent and sanction.starts_on.day != 1:
        errors["new_sanction_type"] = [
            f"{FIRST_OF_MONTH} Hukuman ini berlaku mulai {day_text(sanction.starts_on)}, "
            "sehingga tidak dapat diubah menjadi pemotongan TPP."
        ]
        return None
    return _Change(spec=spec, ends_on=pp94.end_date(spec.type, sanction.starts_on))


@transaction.atomic
def decide_appeal(*, appeal: Appeal, data: AppealDecision, actor: User) -> Appeal:
    """Record the outcome; a changed or annulled sanction is updated (audited with its old and
    new values) and the employee is told."""
    require_manage(actor, appeal.sanction.case)
    sanction = _lock(appeal.sanction)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if data.outcome == Outcome.CHANGED:
        # A changed sanction is checked for overlap like a decision: the employee row is locked
        # so that a decision on another case of the employee waits (and then sees this one).
        lock_employee(sanction.employee_id)
    change = validate_decision(data, appeal=appeal, sanction=sanction, today=timezone.localdate())
    appeal.outcome = data.outcome
    appeal.decided_on = data.decided_on
    appeal.decision_note = data.decision_note.strip()
    appeal.new_sanction_type = change.spec.type if change is not None else ""
    appeal.decided_by = actor
    appeal.save(
        update_fields=[
            "outcome",
            "decided_on",
            "decision_note",
            "new_sanction_type",
            "decided_by",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="discipline.appeal.decided",
        target=appeal,
        changes={
            "case": sanction.case.number,
            "outcome": [Outcome.PENDING, appeal.outcome],
            "decided_on": [None, appeal.decided_on],
            "decision_note": ["", appeal.decision_note],
            "new_sanction_type": ["", appeal.new_sanction_type],
        },
    )
    if change is not None:
        _apply_change(sanction, change, actor=actor)
    elif appeal.outcome == Outcome.ANNULLED:
        _annul(sanction, appeal, actor=actor)
    notify_employee(
        sanction.case,
        title=f"Putusan {appeal.get_kind_display().lower()}: {appeal.get_outcome_display()}",
        body=(
            f"{appeal.get_kind_display()} atas hukuman disiplin kasus {sanction.case.number} "
            f"diputus pada {day_text(data.decided_on)}: {appeal.get_outcome_display()}. "
            f"{appeal.decision_note}"
        ),
    )
    return appeal


def _apply_change(sanction: Sanction, change: _Change, *, actor: User) -> None:
    before = {
        "sanction_type": sanction.sanction_type,
        "level": sanction.level,
        "ends_on": sanction.ends_on,
        "tpp_cut_percent": sanction.tpp_cut_percent,
    }
    sanction.sanction_type = change.spec.type
    sanction.level = change.spec.level
    sanction.ends_on = change.ends_on
    sanction.tpp_cut_percent = change.spec.tpp_cut_percent
    sanction.save(
        update_fields=["sanction_type", "level", "ends_on", "tpp_cut_percent", "updated_at"]
    )
    after = {
        "sanction_type": sanction.sanction_type,
        "level": sanction.level,
        "ends_on": sanction.ends_on,
        "tpp_cut_percent": sanction.tpp_cut_percent,
    }
    audit.record(
        actor=actor,
        action="discipline.sanction.changed",
        target=sanction,
        changes={"case": sanction.case.number, **audit.diff(before, after)},
    )


def _annul(sanction: Sanction, appeal: Appeal, *, actor: User) -> None:
    sanction.annulled_at = timezone.now()
    sanction.annulment_reason = (
        f"Dibatalkan melalui {appeal.get_kind_display().lower()}: {appeal.decision_note}"
    )
    sanction.save(update_fields=["annulled_at", "annulment_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="discipline.sanction.annulled",
        target=sanction,
        changes={
            "case": sanction.case.number,
            "annulled_at": [None, sanction.annulled_at],
            "annulment_reason": ["", sanction.annulment_reason],
        },
    )
