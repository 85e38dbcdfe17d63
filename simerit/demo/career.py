"""The demo's career story (issue #8): the promotion and angka kredit configuration, opening
balances of angka kredit and potential scores, built through the career services and, for the
configuration HR keeps in the Django admin, through that admin (audited like every admin edit).

1. Admin BKPSDM enters the ceilings of a KP reguler by education and the angka kredit a jenjang
   fungsional needs for the next rank. Both are labelled as demo configuration: the ceilings
   follow PP 99/2000 Pasal 8 as commonly quoted (the full list is not verified, §8.1 [U]); the
   angka kredit are those of the BKN deck of 2023 for the jenjang it lists legibly (§5.8 [S/U]),
   so the keterampilan jenjang other than Penyelia stay unset and their pages say so.
2. Admin BKPSDM records the opening balances of angka kredit (the integrated balance at the end
   of last year) of the jabatan fungsional staff of Bidang Pelayanan Kesehatan.
3. Admin BKPSDM imports the potential scores of the Dinas Kesehatan staff from an assessment
   held two months ago (an Excel file as the assessment centre delivers it).
4. With the final predikat of the performance history (performance_history.py), the 9-box
   places the Dinas Kesehatan staff: the kepala bidang (`atasan`, Sangat Baik last year,
   potential 81,00) lands in box 9, and Admin BKPSDM adds the kepala bidang to the succession
   pool of the Kepala Dinas Kesehatan (the service takes only someone in box 7–9).

What the demo then shows, read at the end of the build for `seed_demo`'s summary: the promotion
list of the next period (the staff with 4 years in rank and both predikat at least Baik are
eligible; the sanctioned apoteker of the discipline story is not, the running sanction being
one of the reasons), and the 9-box. The predikat a period needs are those of the two calendar
years before it: from 2 December to 30 September the next period also needs the performance
story's year, whose results are not final yet, so nobody is eligible then ("Predikat … belum
final").
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from simerit.accounts.models import User
from simerit.career import importing
from simerit.career.models import CreditRequirement, EducationCeiling
from simerit.career.rules import promotion as promotion_rules
from simerit.career.selectors.promotion import checks_for, default_period, rule_terms
from simerit.career.selectors.talent import boxes
from simerit.career.services import credit as credit_services
from simerit.career.services import succession as succession_services
from simerit.core.exceptions import DomainError
from simerit.core.spreadsheets.writing import TEXT_FORMAT, text_cell, workbook_bytes
from simerit.demo import data
from simerit.demo.discipline import sanctioned_employee
from simerit.employees.models import Employee, EmployeeKind
from simerit.organization.models import EducationLevel, Golongan, Position

DEMO_CONFIG = "Konfigurasi demo SiMerit"
CEILING_BASIS = f"{DEMO_CONFIG} — PP 99/2000 Pasal 8 sebagaimana lazim dikutip; belum diverifikasi"
CREDIT_BASIS = (
    f"{DEMO_CONFIG} — angka kredit kumulatif menurut paparan BKN 2023; belum diverifikasi"
)
# Education level code → the highest golongan a KP reguler reaches.
CEILINGS = (
    ("SD", "II/a"),
    ("SMP", "II/b"),
    ("SMA", "III/a"),
    ("D1", "III/a"),
    ("D2", "III/b"),
    ("D3", "III/c"),
    ("D4", "III/d"),
    ("S1", "III/d"),
    ("S2", "IV/a"),
    ("S3", "IV/b"),
)
CREDIT_FOR_NEXT_RANK = (
    (Position.FunctionalLevel.AHLI_PERTAMA, Decimal(50)),
    (Position.FunctionalLevel.AHLI_MUDA, Decimal(100)),
    (Position.FunctionalLevel.AHLI_MADYA, Decimal(150)),
    (Position.FunctionalLevel.AHLI_UTAMA, Decimal(200)),
    (Position.FunctionalLevel.PENYELIA, Decimal(100)),
)
# The bidang's jabatan fungsional PNS (demo logins) and their integrated balance.
OPENINGS = (
    ("pegawai", Decimal("37.500")),
    ("rekan2", Decimal("18.750")),
    ("rekan3", Decimal("31.250")),
    ("rekan4", Decimal("25.000")),
)
OPENING_NOTE = "Konversi angka kredit integrasi (data demo)."
POTENTIAL_UNIT = "DINKES"
POTENTIAL_DAYS_AGO = 60
POTENTIAL_METHOD = "Asesmen potensial (data demo)"
POTENTIAL_INSTITUTION = "UPT Penilaian Kompetensi BKPSDM Kota Palembang"
# Fixed scores for the demo logins; the other staff draw theirs from the demo's seed.
POTENTIAL_SCORES = {
    "kadinkes": Decimal("84.50"),
    "atasan": Decimal("81.00"),
    "pegawai": Decimal("86.25"),
    "rekan1": Decimal("82.00"),
    "rekan2": Decimal("74.50"),
    "rekan3": Decimal("58.00"),
    "rekan4": Decimal("67.75"),
}
# The succession pool entry: (login of the candidate, login of the holder of the position).
SUCCESSOR = ("atasan", "kadinkes")
SUCCESSION_NOTE = (
    "Kotak 9: predikat Sangat Baik dua tahun berturut-turut dan potensial tinggi (asesmen "
    "BKPSDM). Disiapkan melalui penugasan pelaksana harian Kepala Dinas dan PKN Tingkat II. "
    "Data demo."
)


@dataclass
class CareerStoryResult:
    ceilings: int = 0
    credit_requirements: int = 0
    openings: int = 0
    potentials: int = 0
    succession: int = 0
    successor: str = ""  # "name (box n)" of the pool entry
    successor_position: str = ""
    # Read at the end of the build: the promotion list of the next period over the active PNS.
    promotion_period: dt.date | None = None
    promotion_years: list[int] = field(default_factory=list)  # whose predikat the period needs
    promotion_checked: int = 0
    promotion_eligible: int = 0
    sanctioned: str = ""  # the sanctioned apoteker's name
    sanctioned_reasons: list[str] = field(default_factory=list)
    # The 9-box of today over the active employees: placed, and placed in boxes 7–9.
    talent_placed: int = 0
    talent_top: int = 0


class CareerStory:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.result = CareerStoryResult()
        self.admin = User.objects.get(username="admin.bkpsdm")

    def build(self) -> CareerStoryResult:
        self.configuration()
        self.openings()
        self.potentials()
        self.succession()
        self.read_lists()
        return self.result

    # --- 1. Configuration kept in the Django admin

    def configuration(self) -> None:
        levels = {level.code: level for level in EducationLevel.objects.all()}
        golongan = {row.code: row for row in Golongan.objects.all()}
        for education, highest in CEILINGS:
            admin_add(
                EducationCeiling,
                {
                    "education_level": levels[education].pk,
                    "max_golongan": golongan[highest].pk,
                    "legal_basis": CEILING_BASIS,
                },
                actor=self.admin,
            )
            self.result.ceilings += 1
        for level, amount in CREDIT_FOR_NEXT_RANK:
            admin_add(
                CreditRequirement,
                {"functional_level": level, "for_next_rank": amount, "legal_basis": CREDIT_BASIS},
                actor=self.admin,
            )
            self.result.credit_requirements += 1

    # --- 2. Opening balances of angka kredit

    def openings(self) -> None:
        as_of = dt.date(self.today.year - 1, 12, 31)
        for username, amount in OPENINGS:
            credit_services.record_opening(
                employee=login_employee(username),
                as_of=as_of,
                amount=amount,
                note=OPENING_NOTE,
                actor=self.admin,
            )
            self.result.openings += 1

    # --- 3. Potential scores, imported

    def potentials(self) -> None:
        assessed_on = self.today - dt.timedelta(days=POTENTIAL_DAYS_AGO)
        content = potential_workbook(potential_rows(assessed_on=assessed_on))
        result = importing.import_potentials(content, actor=self.admin)
        if result.errors:
            raise DomainError(f"Data demo: impor hasil asesmen ditolak: {result.errors[0]}")
        self.result.potentials = result.created

    # --- 4. A succession pool entry from box 9

    def succession(self) -> None:
        candidate, holder = (login_employee(username) for username in SUCCESSOR)
        entry = succession_services.add_candidate(
            position=holder.position, employee=candidate, note=SUCCESSION_NOTE, actor=self.admin
        )
        self.result.succession += 1
        self.result.successor = f"{candidate.display_name} (kotak {entry.box})"
        self.result.successor_position = holder.position.name

    # --- What the pages show now, for the summary

    def read_lists(self) -> None:
        period = default_period(today=self.today)
        pns = list(
            Employee.objects.active()
            .filter(kind=EmployeeKind.PNS)
            .select_related("golongan", "position")
        )
        sanctioned = sanctioned_employee()
        if period is not None:
            checks = checks_for(pns, period=period)
            self.result.promotion_period = period
            rule = promotion_rules.rule_on(rule_terms(), period)
            if rule is not None:
                self.result.promotion_years = promotion_rules.predikat_years(rule, period)
            self.result.promotion_checked = len(checks)
            self.result.promotion_eligible = sum(check.eligible for check in checks.values())
            self.result.sanctioned = sanctioned.display_name
            self.result.sanctioned_reasons = checks[sanctioned.pk].reasons
        ids = list(Employee.objects.active().values_list("pk", flat=True))
        placed = [placement.box for placement in boxes(ids, on=self.today).values()]
        self.result.talent_placed = sum(box is not None for box in placed)
        self.result.talent_top = sum(box is not None and box >= 7 for box in placed)


def login_employee(username: str) -> Employee:
    found = Employee.objects.filter(user__username=username).first()
    if found is None:
        raise DomainError(f"Data demo: pegawai {username} untuk cerita karier tidak ada.")
    return found


def potential_rows(*, assessed_on: dt.date) -> list[tuple[str, dt.date, Decimal]]:
    """(NIP, day, score) of every active employee of Dinas Kesehatan but the Admin BKPSDM's own
    record: the demo logins' fixed scores, the others drawn from the demo's seed (50–95)."""
    draw = random.Random(data.SEED + 9)  # noqa: S311 - demo data, never secrets
    staff = (
        Employee.objects.filter(work_unit__code__startswith=POTENTIAL_UNIT, is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    rows = []
    for employee in staff:
        fixed = POTENTIAL_SCORES.get(employee.user.username) if employee.user else None
        drawn = Decimal(draw.randint(5000, 9500)) / 100
        rows.append((employee.nip, assessed_on, fixed if fixed is not None else drawn))
    return rows


def potential_workbook(rows: list[tuple[str, dt.date, Decimal]]) -> bytes:
    """The scores as the assessment centre delivers them: the import's columns, NIP as text."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Hasil asesmen")
    sheet.append(list(importing.HEADERS))
    for nip, day, score in rows:
        sheet.append(
            [
                text_cell(sheet, nip, number_format=TEXT_FORMAT),
                text_cell(sheet, f"{day:%d-%m-%Y}", number_format=TEXT_FORMAT),
                POTENTIAL_METHOD,
                POTENTIAL_INSTITUTION,
                float(score),
            ]
        )
    return workbook_bytes(workbook)


def admin_add(model: type[models.Model], values: dict[str, Any], *, actor: User) -> models.Model:
    """Add a row as Admin BKPSDM does in the Django admin: the model admin's own form checks the
    values, and its `save_model` writes the row with its audit row."""
    model_admin = admin.site._registry[model]
    request = HttpRequest()
    request.method = "POST"
    request.user = actor
    form_class = model_admin.get_form(request, None, change=False)
    form = form_class(data=values)
    if not form.is_valid():
        raise DomainError(f"Data demo: {model._meta.verbose_name} ditolak: {form.errors.as_text()}")
    row: models.Model = form.save(commit=False)
    model_admin.save_model(request, row, form, change=False)
    form.save_m2m()
    return row
