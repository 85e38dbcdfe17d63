"""Reads for turning winners into employees: readiness per formasi, the appointments of a period,
the NIPs already taken under a prefix, and the NIP proposal workbook (usul penetapan NIP)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from openpyxl.utils import get_column_letter

from simerit.core.dates import format_datetime_wib
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.employees.models import Employee, EmployeeKind
from simerit.recruitment.models import Formasi, SelectionKind, SelectionPeriod
from simerit.selection.models import (
    Appointment,
    ResultAnnouncement,
    ResultAnnouncementEntry,
    ResultSanggah,
)
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors.announcements import latest_announcement

PROPOSAL_HEADERS = (
    "No.",
    "NIP usulan",
    "Nama",
    "Jenis kelamin",
    "Tempat lahir",
    "Tanggal lahir",
    "Pendidikan",
    "Program studi",
    "Jenis pegawai",
    "Jabatan",
    "Unit kerja",
    "Golongan",
    "TMT yang diusulkan",
    "Nomor pendaftaran",
    "Kode formasi",
    "Versi pengumuman",
    "NIP ditetapkan BKN",
)
PROPOSAL_WIDTHS = (6, 22, 36, 14, 18, 14, 14, 28, 10, 36, 40, 10, 16, 20, 14, 10, 12)
DATE_FORMAT = "DD-MM-YYYY"


def employee_kind(period: SelectionPeriod) -> str:
    """A CPNS selection makes CPNS, a PPPK selection PPPK."""
    return EmployeeKind.PPPK if period.kind == SelectionKind.PPPK else EmployeeKind.CPNS


def lulus_entries(announcement: ResultAnnouncement) -> QuerySet[ResultAnnouncementEntry]:
    """The announcement's Lulus lines in rank order, with what an employee record is made from."""
    return (
        announcement.entries.filter(status=FinalStatus.LULUS.value)
        .select_related("application__applicant__user", "application__applicant__education_level")
        .order_by("rank", "registration_number", "pk")
    )


def appoint_refusal(
    *, formasi: Formasi, announcement: ResultAnnouncement | None, now: dt.datetime
) -> str | None:
    """Why the winners of `formasi` cannot be appointed now, in Indonesian; None when they can."""
    if announcement is None:
        return refusal_text(
            formasi_code=formasi.code, announcement=None, now=now, waiting=0, uncorrected=0
        )
    of_formasi = ResultSanggah.objects.filter(announcement__formasi=formasi)
    return refusal_text(
        formasi_code=formasi.code,
        announcement=announcement,
        now=now,
        waiting=of_formasi.filter(status=ResultSanggah.Status.FILED).count(),
        uncorrected=of_formasi.filter(
            status=ResultSanggah.Status.GRANTED, announcement=announcement
        ).count(),
    )


def refusal_text(
    *,
    formasi_code: str,
    announcement: ResultAnnouncement | None,
    now: dt.datetime,
    waiting: int,
    uncorrected: int,
) -> str | None:
    """The refusal from the counts: `waiting` sanggah of the formasi still filed, `uncorrected`
    granted ones on the newest version (a granted sanggah is corrected by a newer version; until
    then the list is known to be wrong)."""
    if announcement is None:
        return f"Hasil akhir formasi {formasi_code} belum diumumkan."
    if now < announcement.sanggah_closes_at:
        return (
            f"Masa sanggah hasil akhir {formasi_code} versi {announcement.version} belum "
            f"berakhir; pengangkatan dapat dilakukan setelah "
            f"{format_datetime_wib(announcement.sanggah_closes_at)}."
        )
    if waiting:
        return f"{waiting} sanggah hasil akhir formasi {formasi_code} belum diputuskan."
    if uncorrected:
        return (
            f"{uncorrected} sanggah hasil akhir yang diterima atas {formasi_code} versi "
            f"{announcement.version} belum dikoreksi; terbitkan versi pengumuman baru lebih dulu."
        )
    return None


def taken_nips(prefix: str) -> set[str]:
    """NIPs in use under the 15-digit prefix: on employee records and in earlier proposals."""
    held = Employee.objects.filter(nip__startswith=prefix).values_list("nip", flat=True)
    proposed = Appointment.objects.filter(proposed_nip__startswith=prefix).values_list(
        "proposed_nip", flat=True
    )
    return {*held, *proposed}


@dataclass(frozen=True)
class FormasiRow:
    formasi: Formasi
    announcement: ResultAnnouncement | None
    lulus: int
    appointed: int
    refusal: str | None

    @property
    def waiting(self) -> int:
        return max(self.lulus - self.appointed, 0)


def _count(queryset: QuerySet[Any], group: str) -> Coalesce:
    """COUNT(*) of `queryset` (filtered on an OuterRef) as a subquery; 0 when it has no rows."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def announced_formasi(period: SelectionPeriod) -> QuerySet[Formasi]:
    """The period's formasi with a published final result, each with its newest version's id,
    its Lulus, how many of them are appointed, and the sanggah that block an appointment."""
    newest = ResultAnnouncement.objects.filter(formasi=OuterRef("pk")).order_by("-version")
    lulus = ResultAnnouncementEntry.objects.filter(
        announcement_id=OuterRef("latest_id"), status=FinalStatus.LULUS.value
    )
    sanggah = ResultSanggah.objects.filter(announcement__formasi=OuterRef("pk"))
    return (
        Formasi.objects.filter(period=period)
        .filter(Exists(ResultAnnouncement.objects.filter(formasi=OuterRef("pk"))))
        .select_related("position", "work_unit")
        .annotate(latest_id=Subquery(newest.values("pk")[:1]))
        .annotate(
            n_lulus=_count(lulus, "announcement_id"),
            n_appointed=_count(
                lulus.filter(application__appointment__isnull=False), "announcement_id"
            ),
            n_waiting=_count(sanggah.filter(status=ResultSanggah.Status.FILED), "status"),
            n_uncorrected=_count(
                sanggah.filter(
                    status=ResultSanggah.Status.GRANTED, announcement_id=OuterRef("latest_id")
                ),
                "status",
            ),
        )
        .order_by("code")
    )


def formasi_rows(formasi: Iterable[Any], *, now: dt.datetime) -> list[FormasiRow]:
    """One row per formasi of a page of `announced_formasi`, in one more query."""
    items = list(formasi)
    announcements = ResultAnnouncement.objects.defer("pdf").in_bulk(
        [item.latest_id for item in items]
    )
    rows = []
    for item in items:
        announcement = announcements.get(item.latest_id)
        rows.append(
            FormasiRow(
                formasi=item,
                announcement=announcement,
                lulus=item.n_lulus,
                appointed=item.n_appointed,
                refusal=refusal_text(
                    formasi_code=item.code,
                    announcement=announcement,
                    now=now,
                    waiting=item.n_waiting,
                    uncorrected=item.n_uncorrected,
                ),
            )
        )
    return rows


def appointments_of(period: SelectionPeriod) -> QuerySet[Appointment]:
    """The period's appointments, by formasi and proposed NIP."""
    return (
        Appointment.objects.filter(application__period=period)
        .select_related(
            "employee__golongan",
            "employee__position",
            "employee__work_unit",
            "application__formasi",
            "application__applicant__education_level",
            "announcement",
        )
        .order_by("application__formasi__code", "proposed_nip")
    )


def appointment_counts(formasi: Formasi) -> dict[str, int]:
    """Lulus in the newest version and how many of them already have an appointment."""
    announcement = latest_announcement(formasi)
    if announcement is None:
        return {"lulus": 0, "appointed": 0}
    return announcement.entries.aggregate(
        lulus=Count("pk", filter=Q(status=FinalStatus.LULUS.value)),
        appointed=Count(
            "pk",
            filter=Q(status=FinalStatus.LULUS.value, application__appointment__isnull=False),
        ),
    )


def suggested_tmt(*, period: SelectionPeriod, announcement: ResultAnnouncement) -> dt.date | None:
    """The TMT to prefill: the first of this month for a CPNS (§4.2), today for a PPPK; None
    when that is before the announcement (no TMT is possible yet)."""
    today = timezone.localdate()
    tmt = today.replace(day=1) if employee_kind(period) == EmployeeKind.CPNS else today
    return tmt if tmt >= timezone.localdate(announcement.published_at) else None


def proposals_workbook(appointments: Iterable[Appointment]) -> bytes:
    """The usul penetapan NIP: one row per appointment, in the order given. No NIK (UU 27/2022)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Usul penetapan NIP")
    for index, width in enumerate(PROPOSAL_WIDTHS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, PROPOSAL_HEADERS))
    for number, appointment in enumerate(appointments, start=1):
        employee = appointment.employee
        applicant = appointment.application.applicant
        row: list[Any] = [
            number,
            text_cell(sheet, appointment.proposed_nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.get_gender_display(),
            employee.birth_place,
            _date(sheet, employee.birth_date),
            applicant.education_level.code if applicant.education_level else "",
            applicant.education_major,
            employee.get_kind_display(),
            employee.position.name,
            employee.work_unit.name,
            employee.golongan.code if employee.golongan else "",
            _date(sheet, appointment.planned_tmt),
            text_cell(
                sheet, appointment.application.registration_number, number_format=TEXT_FORMAT
            ),
            appointment.application.formasi.code,
            appointment.announcement.version,
            "Ya" if appointment.nip_confirmed else "Belum",
        ]
        # Names, places and unit names are typed by users: none may become a formula.
        sheet.append(safe_row(sheet, row))
    return workbook_bytes(workbook)


def _date(sheet: Any, value: dt.date) -> Any:
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell
