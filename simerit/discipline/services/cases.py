"""Opening and closing a discipline case (PP 94/2021 Pasal 24–26; reference §7.3): the report
that starts a case, its number, and its dismissal when the report proves unfounded.

The summons, the examination team and the BAP are `services/procedure.py`; the decision is
`services/decisions.py`. The helpers every writer of a case shares (the permission check, the
case lock, the date format of messages, the notification of the employee) are here."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import (
    DisciplineArticle,
    DisciplineCase,
    DisciplineSettings,
    Level,
)
from simerit.employees.models import Employee
from simerit.notifications.services import Message, notify_many

Status = DisciplineCase.Status

REPORT_DENIED = "Anda tidak berwenang melaporkan dugaan pelanggaran disiplin pegawai ini."
CLOSED = "Kasus yang sudah diputus atau dihentikan tidak dapat diubah."
# Statuses in which the procedure (summons, team, BAP) may still move.
OPEN_STATUSES = (Status.REPORTED, Status.SUMMONED)


def day_text(day: dt.date) -> str:
    """The date format of every discipline message: 12/11/2026."""
    return f"{day:%d/%m/%Y}"


def case_url(case: DisciplineCase) -> str:
    return reverse("discipline:case_detail", args=[case.pk])


def require_manage(actor: User, case: DisciplineCase) -> None:
    """Admin BKPSDM records every step, never on a case about themself: PermissionDenied."""
    if permissions.is_own_case(actor, case):
        raise PermissionDenied(permissions.OWN_CASE)
    if not permissions.can_manage_case(actor, case):
        raise PermissionDenied(permissions.HR_ONLY)


def lock_case(case: DisciplineCase) -> DisciplineCase:
    """The case row locked, with its employee: two clerks recording steps of the same case are
    served one after the other, and each sees the other's step."""
    return (
        DisciplineCase.objects.select_for_update(of=("self",))
        .select_related("employee", "employee__user")
        .get(pk=case.pk)
    )


def lock_employee(employee_id: int) -> Employee:
    """The employee row locked: writers that check something across the employee's cases (the
    overlap of sanctions, a duplicate report) are served one after the other, so two clerks
    working on two cases of the same employee cannot both pass the check."""
    return Employee.objects.select_for_update().get(pk=employee_id)


def notify_employee(case: DisciplineCase, *, title: str, body: str) -> None:
    """An in-app message to the employee concerned, when they have an active account."""
    user = case.employee.user
    if user is not None and user.is_active:
        notify_many(messages=[Message(user=user, title=title, body=body, url=case_url(case))])


def next_case_number(year: int) -> str:
    """The next number of `year`, `HD-<year>-<4-digit sequence>`. Call inside a transaction: it
    locks the settings row (pk 1), so concurrent openings are numbered one after the other and
    each reads the numbers the previous one committed."""
    DisciplineSettings.objects.select_for_update().get_or_create(pk=1)
    prefix = f"HD-{year}-"
    last = (
        DisciplineCase.objects.filter(number__startswith=prefix)
        .annotate(length=Length("number"))
        .order_by("-length", "-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


@dataclass(frozen=True)
class CaseInput:
    employee: Employee
    source: str
    reporter_name: str
    reported_on: dt.date
    incident_on: dt.date
    description: str
    articles: Sequence[DisciplineArticle]
    suspected_level: str


def validate_case_input(data: CaseInput, *, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if not data.employee.is_active:
        errors["employee"] = ["Pegawai sudah tidak aktif."]
    if data.source not in DisciplineCase.Source.values:
        errors["source"] = ["Sumber laporan tidak dikenal."]
    if not data.reporter_name.strip():
        errors["reporter_name"] = ["Nama pelapor wajib diisi."]
    if data.reported_on > today:
        errors["reported_on"] = ["Tanggal laporan tidak boleh di masa depan."]
    if data.incident_on > today:
        errors["incident_on"] = ["Tanggal kejadian tidak boleh di masa depan."]
    elif data.incident_on > data.reported_on:
        errors["incident_on"] = ["Tanggal kejadian tidak boleh setelah tanggal laporan."]
    if not data.description.strip():
        errors["description"] = ["Uraian dugaan pelanggaran wajib diisi."]
    if not data.articles:
        errors["articles"] = ["Pilih sedikitnya satu pasal yang diduga dilanggar."]
    else:
        inactive = [article.code for article in data.articles if not article.is_active]
        if inactive:
            errors["articles"] = [f"Pasal tidak aktif: {', '.join(inactive)}."]
    if data.suspected_level not in Level.values:
        errors["suspected_level"] = ["Dugaan tingkat hukuman tidak dikenal."]
    if errors:
        raise InvalidInputError(errors)


def duplicate_of(data: CaseInput) -> DisciplineCase | None:
    """A case of the same employee, not dismissed, with the same incident date, description and
    articles: the same report recorded before."""
    articles = {article.pk for article in data.articles}
    candidates = (
        DisciplineCase.objects.filter(
            employee=data.employee,
            incident_on=data.incident_on,
            description=data.description.strip(),
        )
        .exclude(status=Status.DISMISSED)
        .prefetch_related("articles")
        .order_by("id")
    )
    for case in candidates:
        if {article.pk for article in case.articles.all()} == articles:
            return case
    return None


@transaction.atomic
def open_case(*, data: CaseInput, actor: User) -> DisciplineCase:
    """Record a report: Admin BKPSDM about anyone but themself, a supervisor about someone in
    their team. Admin BKPSDM and the atasan langsung are told; the employee is told when
    summoned (the report alone is not yet an accusation). The same report twice is refused."""
    employee = data.employee
    if employee.user_id is not None and employee.user_id == actor.pk:
        raise PermissionDenied(permissions.OWN_CASE)
    if not permissions.can_report(actor, employee):
        raise PermissionDenied(REPORT_DENIED)
    validate_case_input(data, today=timezone.localdate())
    # A report posted twice (a double click, an API retry) is served after the first and finds it.
    lock_employee(employee.pk)
    duplicate = duplicate_of(data)
    if duplicate is not None:
        raise ConflictError(f"Laporan yang sama sudah tercatat sebagai kasus {duplicate.number}.")
    case = DisciplineCase.objects.create(
        number=next_case_number(data.reported_on.year),
        employee=employee,
        supervisor_id=employee.supervisor_id,
        source=data.source,
        reporter_name=data.reporter_name.strip(),
        reported_on=data.reported_on,
        incident_on=data.incident_on,
        description=data.description.strip(),
        suspected_level=data.suspected_level,
        opened_by=actor,
    )
    case.articles.set(data.articles)
    audit.record(
        actor=actor,
        action="discipline.case.opened",
        target=case,
        changes={
            "number": case.number,
            "employee_id": employee.pk,
            "supervisor_id": case.supervisor_id,
            "source": case.source,
            "reporter_name": case.reporter_name,
            "reported_on": case.reported_on,
            "incident_on": case.incident_on,
            "description": case.description,
            "articles": sorted(article.code for article in data.articles),
            "suspected_level": case.suspected_level,
        },
    )
    _notify_opened(case, actor=actor)
    return case


def _notify_opened(case: DisciplineCase, *, actor: User) -> None:
    """Admin BKPSDM accounts and the atasan langsung's account, except the one who reported and
    except the employee concerned."""
    recipients = {
        user.pk: user
        for user in User.objects.filter(groups__name=Role.ADMIN_BKPSDM, is_active=True)
    }
    supervisor = case.supervisor
    if supervisor is not None and supervisor.user is not None and supervisor.user.is_active:
        recipients[supervisor.user.pk] = supervisor.user
    recipients.pop(actor.pk, None)
    if case.employee.user_id is not None:
        recipients.pop(case.employee.user_id, None)
    title = f"Kasus disiplin {case.number} dibuka"
    body = (
        f"Laporan dugaan pelanggaran disiplin atas {case.employee.name} tanggal "
        f"{day_text(case.reported_on)} telah dicatat."
    )
    url = case_url(case)
    messages = [
        Message(user=user, title=title, body=body, url=url)
        for _, user in sorted(recipients.items())
    ]
    if messages:
        notify_many(messages=messages)


@transaction.atomic
def dismiss_case(*, case: DisciplineCase, reason: str, actor: User) -> DisciplineCase:
    """Stop a case without a sanction: the report was unfounded (before the examination) or the
    BAP found no breach. A breach the BAP found proven must be decided, not dismissed."""
    require_manage(actor, case)
    case = lock_case(case)
    if case.status not in (*OPEN_STATUSES, Status.EXAMINED):
        raise DomainError(CLOSED)
    examination = getattr(case, "examination", None)
    if examination is not None and examination.proven:
        raise DomainError(
            "Pelanggaran dinyatakan terbukti dalam BAP; kasus tidak dapat dihentikan dan harus "
            "diputus."
        )
    if not reason.strip():
        raise InvalidInputError({"reason": ["Alasan penghentian wajib diisi."]})
    old_status = case.status
    case.status = Status.DISMISSED
    case.dismissal_reason = reason.strip()
    case.save(update_fields=["status", "dismissal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="discipline.case.dismissed",
        target=case,
        changes={
            "status": [old_status, case.status],
            "dismissal_reason": ["", case.dismissal_reason],
        },
    )
    notify_employee(
        case,
        title=f"Kasus disiplin {case.number} dihentikan",
        body=f"Pemeriksaan dugaan pelanggaran disiplin dihentikan: {case.dismissal_reason}",
    )
    return case
