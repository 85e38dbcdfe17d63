"""Winners become employees (issue #5 item 8): each Lulus applicant of the newest published final
result becomes a CPNS or PPPK employee record with a proposed NIP (domain reference §4.2–§4.3),
made from the data already verified in the selection, without retyping.

The record is created by `employees.services.create_employee`, so every rule of the employee
register applies (NIK and NIP checks, golongan for a CPNS and none for a PPPK), validated as of
the planned TMT (the record is usually made before the TMT, and the proposed NIP holds its month),
and the register writes its own audit rows. The education level and major checked at the
application become the first education record.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts import services as account_services
from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees import services as employee_services
from simerit.employees.models import EmployeeKind
from simerit.notifications.services import Message, notify_many
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection import permissions
from simerit.selection.models import Appointment, ResultAnnouncement, ResultAnnouncementEntry
from simerit.selection.rules.appointments import NipProposalError, nip_prefix, propose_nip
from simerit.selection.selectors import appointments as selectors
from simerit.selection.selectors.announcements import (
    announcement_problems,
    latest_announcement,
    not_intact_message,
)

# A TMT is set months after the announcement, not years: a later date is a typing error.
MAX_TMT_AFTER_ANNOUNCEMENT = dt.timedelta(days=366)


@transaction.atomic
def appoint_winners(*, formasi: Formasi, planned_tmt: dt.date, actor: User) -> list[Appointment]:
    """Create the employee record and the Appointment of every Lulus applicant not yet appointed.

    All or nothing: when one applicant's data cannot become an employee record, nobody is
    appointed and the message names that applicant. Running it again appoints only the ones
    left (none, once all are appointed).
    """
    if not permissions.can_manage(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengangkat pelamar yang lulus.")
    # Lock the formasi (only its own row: PostgreSQL refuses FOR UPDATE on the nullable side of
    # the outer join to entry_golongan), then its period: appointments of one period run one
    # after the other, so two formasi never read the same free NIP sequence at once.
    formasi = (
        Formasi.objects.select_for_update(of=("self",))
        .select_related("period", "position", "work_unit", "entry_golongan")
        .get(pk=formasi.pk)
    )
    SelectionPeriod.objects.select_for_update().filter(pk=formasi.period_id).values_list(
        "pk", flat=True
    ).get()
    announcement = latest_announcement(formasi)
    refusal = selectors.appoint_refusal(
        formasi=formasi, announcement=announcement, now=timezone.now()
    )
    if refusal is not None or announcement is None:
        raise ConflictError(refusal or f"Hasil akhir formasi {formasi.code} belum diumumkan.")
    problems = announcement_problems(announcement)
    if problems:
        raise ConflictError(not_intact_message(announcement, problems))
    kind = selectors.employee_kind(formasi.period)
    _check_tmt(planned_tmt, announcement=announcement, kind=kind)
    if kind == EmployeeKind.CPNS and formasi.entry_golongan is None:
        raise ConflictError(
            f"Formasi {formasi.code} belum memiliki golongan awal; isi golongan awal formasi "
            "sebelum mengangkat CPNS."
        )
    winners = selectors.lulus_entries(announcement)
    skipped = winners.filter(application__appointment__isnull=False).count()
    appointments = [
        _appoint(
            entry=entry,
            formasi=formasi,
            announcement=announcement,
            kind=kind,
            planned_tmt=planned_tmt,
            actor=actor,
        )
        for entry in winners.filter(application__appointment__isnull=True)
    ]
    if not appointments:
        return []
    audit.record(
        actor=actor,
        action="selection.winners.appointed",
        target=formasi,
        changes={
            "announcement_version": announcement.version,
            "kind": kind,
            "planned_tmt": planned_tmt,
            "created": len(appointments),
            "skipped": skipped,
            "proposed_nips": [appointment.proposed_nip for appointment in appointments],
        },
    )
    _notify(appointments, kind=kind)
    return appointments


def _check_tmt(planned_tmt: dt.date, *, announcement: ResultAnnouncement, kind: str) -> None:
    announced_on = timezone.localdate(announcement.published_at)
    if planned_tmt < announced_on:
        message = (
            f"TMT yang diusulkan ({format_date_id(planned_tmt)}) tidak boleh sebelum tanggal "
            f"pengumuman hasil akhir ({format_date_id(announced_on)})."
        )
    elif planned_tmt > announced_on + MAX_TMT_AFTER_ANNOUNCEMENT:
        message = (
            f"TMT yang diusulkan ({format_date_id(planned_tmt)}) lebih dari satu tahun sesudah "
            f"pengumuman hasil akhir ({format_date_id(announced_on)}); periksa kembali tanggalnya."
        )
    elif kind == EmployeeKind.CPNS and planned_tmt.day != 1:
        # Perka BKN 22/2007 (§4.2): the NIP holds the TMT's year and month; a TMT CPNS is the 1st.
        message = (
            f"TMT CPNS selalu tanggal 1 suatu bulan; yang diisi {format_date_id(planned_tmt)}."
        )
    else:
        return
    raise InvalidInputError({"planned_tmt": [message]})


def _appoint(
    *,
    entry: ResultAnnouncementEntry,
    formasi: Formasi,
    announcement: ResultAnnouncement,
    kind: str,
    planned_tmt: dt.date,
    actor: User,
) -> Appointment:
    application = entry.application
    applicant = application.applicant
    number = application.registration_number
    try:
        prefix = nip_prefix(
            birth_date=applicant.birth_date, tmt=planned_tmt, gender=applicant.gender
        )
        nip = propose_nip(
            birth_date=applicant.birth_date,
            tmt=planned_tmt,
            gender=applicant.gender,
            taken=selectors.taken_nips(prefix),
        )
    except NipProposalError as error:
        raise _refusal(number, str(error)) from None
    data = employee_services.EmployeeInput(
        kind=kind,
        nip=nip,
        nik=applicant.nik,
        name=applicant.name,
        birth_place=applicant.birth_place,
        birth_date=applicant.birth_date,
        gender=applicant.gender,
        work_unit=formasi.work_unit,
        position=formasi.position,
        # A PPPK has no PNS golongan ruang (the employee register refuses one).
        golongan=formasi.entry_golongan if kind == EmployeeKind.CPNS else None,
        tmt_cpns=planned_tmt,
    )
    try:
        employee = employee_services.create_employee(data=data, actor=actor, as_of=planned_tmt)
    except ConflictError as error:
        if error.field == "nip":
            # The NIP was free when proposed: another appointment (of another period, which the
            # period lock does not hold back) has just taken it.
            raise _nip_race(nip) from None
        raise _refusal(number, error.message) from None
    except DomainError as error:
        raise _refusal(number, error.message) from None
    try:
        employee_services.link_user_to_employee(employee=employee, user=applicant.user, actor=actor)
        if applicant.education_level is not None:
            employee_services.add_education(
                employee=employee,
                level=applicant.education_level,
                major=applicant.education_major,
                actor=actor,
            )
    except DomainError as error:
        raise _refusal(number, error.message) from None
    _grant_employee_role(applicant.user, actor=actor)
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                application=application,
                employee=employee,
                announcement=announcement,
                proposed_nip=nip,
                planned_tmt=planned_tmt,
                created_by=actor,
            )
    except IntegrityError:
        if Appointment.objects.filter(proposed_nip=nip).exists():
            raise _nip_race(nip) from None
        raise ConflictError(
            f"Pelamar {number} baru saja diangkat oleh admin lain; muat ulang halaman. Tidak ada "
            "pelamar yang diangkat."
        ) from None
    audit.record(
        actor=actor,
        action="selection.appointment.created",
        target=appointment,
        changes={
            "application": number,
            "employee": employee.pk,
            "kind": kind,
            "proposed_nip": nip,
            "planned_tmt": planned_tmt,
            "announcement_version": announcement.version,
            "rank": entry.rank,
            "education_level": applicant.education_level.code if applicant.education_level else "",
            "education_major": applicant.education_major,
        },
    )
    return appointment


def _refusal(number: str, message: str) -> ConflictError:
    return ConflictError(
        f"Data pelamar {number} tidak dapat dijadikan data pegawai: {message} "
        "Tidak ada pelamar yang diangkat."
    )


def _nip_race(nip: str) -> ConflictError:
    return ConflictError(
        f"NIP usulan {nip} baru saja dipakai oleh pengangkatan lain; jalankan sekali lagi. "
        "Tidak ada pelamar yang diangkat."
    )


def _grant_employee_role(user: User, *, actor: User) -> None:
    """Add the Pegawai role and keep the others (read from the groups: an inactive account's
    `roles` is empty, and replacing with that would drop them)."""
    names = set(user.groups.values_list("name", flat=True))
    if Role.PEGAWAI.value in names:
        return
    roles = {Role(name) for name in names if name in Role.values} | {Role.PEGAWAI}
    account_services.set_roles(user=user, roles=roles, actor=actor)


def _notify(appointments: list[Appointment], *, kind: str) -> None:
    label = EmployeeKind(kind).label
    url = reverse("employees:my-profile")
    notify_many(
        messages=[
            Message(
                user=appointment.application.applicant.user,
                title=f"Anda dicatat sebagai {label}",
                body=f"Berdasarkan pengumuman hasil akhir, data pegawai {label} Anda telah dibuat "
                f"dengan NIP usulan {appointment.proposed_nip} dan TMT "
                f"{format_date_id(appointment.planned_tmt)}. NIP definitif ditetapkan oleh BKN.",
                url=url,
            )
            for appointment in appointments
        ]
    )


@transaction.atomic
def record_proposal_export(*, period: SelectionPeriod, count: int, actor: User) -> None:
    """Log that `actor` downloaded the NIP proposals (personal data, UU 27/2022 PDP)."""
    if not permissions.can_read(actor):
        raise PermissionDenied("Hanya Admin BKPSDM dan Auditor yang dapat mengunduh usul NIP.")
    audit.record(
        actor=actor,
        action="selection.nip_proposals.exported",
        target=period,
        changes={"count": count},
    )
