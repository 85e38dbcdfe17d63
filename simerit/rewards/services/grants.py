"""Deciding a nomination, issuing the piagam of a grant, revoking it, and guarding the public
check of piagam numbers.

Admin BKPSDM decides: an award other than the Satyalancana only once the committee has scored it
(SCORED); a Satyalancana nomination (from the yearly proposal) directly, with the Keppres number.
Granting re-checks the award's conditions (a sanction decided since the nomination excludes) and
creates the Grant with what the piagam prints frozen on the row (documents.py) and the SHA-256 of
its PDF. A revoked grant stays in the register; its number then checks as revoked. Nobody
decides on or revokes a grant of themself."""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.ratelimit import address_key, count_hit
from simerit.employees.models import Employee
from simerit.notifications import services as notifications
from simerit.rewards import documents, permissions
from simerit.rewards.models import Award, Grant, Nomination
from simerit.rewards.rules import grants as rules
from simerit.rewards.rules.conditions import refusal
from simerit.rewards.selectors.eligibility import conditions_for

NOTE_MAX_LENGTH = 2000
DECREE_MAX_LENGTH = 100
REASON_MAX_LENGTH = 500
VERIFY_RATE_WINDOW_SECONDS = 60 * 60
# Any constant: the first key of the PostgreSQL advisory lock that serialises a year's sequence.
SEQUENCE_LOCK_CLASS = 7_202_612

NOT_SCORED = "Usulan belum selesai dinilai oleh seluruh anggota tim penilai."
ALREADY_DECIDED = {
    Nomination.Status.GRANTED: "Usulan ini sudah diputus: penghargaan diberikan.",
    Nomination.Status.REJECTED: "Usulan ini sudah diputus: penghargaan tidak diberikan.",
    Nomination.Status.WITHDRAWN: "Usulan ini sudah ditarik.",
}


class VerifyRateLimitError(DomainError):
    """Too many piagam checks from one address (answered as 429)."""


def check_verify_rate(*, client_address: str) -> None:
    """Count one check from this address; refuse it past the hourly limit (the setting the
    training certificates use, SIMERIT_CERTIFICATE_VERIFY_PER_HOUR; 0 switches it off)."""
    limit = int(settings.SIMERIT_CERTIFICATE_VERIFY_PER_HOUR)
    if limit <= 0:
        return
    key = address_key("rewards:grant-verify", client_address)
    if count_hit(key, window_seconds=VERIFY_RATE_WINDOW_SECONDS) > limit:
        raise VerifyRateLimitError(
            "Terlalu banyak pemeriksaan piagam dari jaringan Anda. Coba lagi dalam satu jam."
        )


def _lock_year_sequence(year: int) -> None:
    """SQLite runs one writer at a time (IMMEDIATE transactions); PostgreSQL takes an advisory
    lock, since the first piagam of a year has no row to lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SEQUENCE_LOCK_CLASS, year])


def _next_number(year: int) -> str:
    _lock_year_sequence(year)
    last = (
        Grant.objects.filter(number__startswith=rules.year_prefix(year))
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = (rules.sequence_of(last) if last else 0) + 1
    return rules.grant_number(year=year, sequence=sequence, random=rules.random_part())


def grant_facts(grant: Grant) -> dict[str, object]:
    return {
        "number": grant.number,
        "award": grant.award_name,
        "employee_nip": grant.holder_nip,
        "holder_name": grant.holder_name,
        "unit_name": grant.unit_name,
        "year": grant.year,
        "granted_on": grant.granted_on,
        "decree_number": grant.decree_number,
        "nomination": grant.nomination_id,
        "pdf_sha256": grant.pdf_sha256,
    }


def _issue(
    *, nomination: Nomination, granted_on: dt.date, decree_number: str, actor: User
) -> Grant:
    employee: Employee = nomination.employee
    grant = Grant(
        award=nomination.award,
        employee=employee,
        nomination=nomination,
        year=nomination.year,
        granted_on=granted_on,
        decree_number=decree_number,
        number=_next_number(granted_on.year),
        holder_name=employee.display_name,
        holder_nip=employee.nip,
        award_name=nomination.award.name,
        unit_name=employee.work_unit.name,
        granted_by=actor,
    )
    grant.pdf_sha256 = hashlib.sha256(documents.grant_pdf(grant)).hexdigest()
    grant.save()
    audit.record(
        actor=actor, action="rewards.grant.issued", target=grant, changes=grant_facts(grant)
    )
    return grant


def _clean_decision(
    *, granted: bool, note: str, decree_number: str, granted_on: dt.date | None
) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    note, decree_number = note.strip(), decree_number.strip()
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [f"Catatan keputusan paling banyak {NOTE_MAX_LENGTH} karakter."]
    elif not granted and not note:
        errors["note"] = ["Catatan keputusan wajib diisi bila penghargaan tidak diberikan."]
    if granted:
        if not decree_number:
            errors["decree_number"] = ["Nomor keputusan (Keppres/SK) wajib diisi."]
        elif len(decree_number) > DECREE_MAX_LENGTH:
            errors["decree_number"] = [
                f"Nomor keputusan paling banyak {DECREE_MAX_LENGTH} karakter."
            ]
        if granted_on is None:
            errors["granted_on"] = ["Tanggal pemberian wajib diisi."]
        elif granted_on > timezone.localdate():
            errors["granted_on"] = ["Tanggal pemberian tidak boleh di masa depan."]
    if errors:
        raise InvalidInputError(errors)
    return note, decree_number


@transaction.atomic
def decide_nomination(
    *,
    nomination: Nomination,
    granted: bool,
    actor: User,
    note: str = "",
    decree_number: str = "",
    granted_on: dt.date | None = None,
) -> Nomination:
    """Grant (with the decree number and date: a Grant and its piagam are issued) or reject (with
    a note). The nominee is told either way."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award", "employee__work_unit", "employee__user")
        .get(pk=nomination.pk)
    )
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    if permissions.is_own(actor, nomination.employee):
        raise PermissionDenied(permissions.OWN_DECISION)
    decided = ALREADY_DECIDED.get(Nomination.Status(nomination.status))
    if decided:
        raise ConflictError(decided)
    award = nomination.award
    if award.kind == Award.Kind.OTHER and nomination.status != Nomination.Status.SCORED:
        raise DomainError(NOT_SCORED)
    note, decree_number = _clean_decision(
        granted=granted, note=note, decree_number=decree_number, granted_on=granted_on
    )
    grant = None
    if granted and granted_on is not None:  # a grant without a date was refused above
        conditions = conditions_for(award=award, employee=nomination.employee, year=nomination.year)
        if not all(condition.met for condition in conditions):
            raise DomainError(
                refusal(
                    name=nomination.employee.display_name,
                    award_name=award.name,
                    conditions=conditions,
                    public=not permissions.sees_cases_of(actor, nomination.employee),
                )
            )
        grant = _issue(
            nomination=nomination, granted_on=granted_on, decree_number=decree_number, actor=actor
        )
    old = nomination.status
    nomination.status = Nomination.Status.GRANTED if granted else Nomination.Status.REJECTED
    nomination.decision_note = note
    nomination.decided_by = actor
    nomination.decided_at = timezone.now()
    nomination.save(
        update_fields=["status", "decision_note", "decided_by", "decided_at", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="rewards.nomination.decided",
        target=nomination,
        changes={
            "status": [old, nomination.status],
            "note": note,
            "grant": grant.number if grant else None,
        },
    )
    _notify_decision(nomination, grant)
    return nomination


def _notify_decision(nomination: Nomination, grant: Grant | None) -> None:
    user = nomination.employee.user
    if user is None:
        return
    if grant is not None:
        notifications.notify(
            user=user,
            title="Penghargaan diberikan",
            body=(
                f"Selamat: {nomination.award.name} tahun {nomination.year} diberikan kepada Anda "
                f"({grant.decree_number}). Piagam bernomor {grant.number} dapat diunduh."
            ),
            url=reverse("rewards:grant_pdf", args=[grant.pk]),
        )
    else:
        notifications.notify(
            user=user,
            title="Usulan penghargaan tidak diberikan",
            body=(
                f"Usulan {nomination.award.name} tahun {nomination.year} untuk Anda tidak "
                f"diberikan. Catatan: {nomination.decision_note}"
            ),
        )


@transaction.atomic
def revoke_grant(*, grant: Grant, reason: str, actor: User) -> Grant:
    """Revoke a grant with a reason (the public check then says "dicabut"); once; Admin BKPSDM,
    never a grant of themself."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    grant = (
        Grant.objects.select_for_update(of=("self",))
        .select_related("employee__user")
        .get(pk=grant.pk)
    )
    if permissions.is_own(actor, grant.employee):
        raise PermissionDenied(permissions.OWN_REVOCATION)
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan pencabutan wajib diisi."]})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError(
            {"reason": [f"Alasan pencabutan paling banyak {REASON_MAX_LENGTH} karakter."]}
        )
    if grant.revoked_at is not None:
        raise ConflictError(f"Piagam {grant.number} sudah dicabut sebelumnya.")
    grant.revoked_at = timezone.now()
    grant.revoke_reason = reason
    grant.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="rewards.grant.revoked",
        target=grant,
        changes={"number": grant.number, "revoked_at": [None, grant.revoked_at], "reason": reason},
    )
    holder = grant.employee.user
    if holder is not None:
        notifications.notify(
            user=holder,
            title="Penghargaan dicabut",
            body=f"{grant.award_name} ({grant.number}) dicabut oleh BKPSDM. Alasan: {reason}",
        )
    return grant
