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

What the demo cannot show yet: a 9-box placement needs a final predikat, and the demo's first
performance year is still running (its three decided results become final 14 days after the
demo is built, when their keberatan window ends). Until then the 9-box lists everyone with the
reason, nobody is eligible for a KP reguler ("predikat … belum final"), and the succession pools
stay empty (the service only takes someone in box 7–9).
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from simerit.accounts.models import User
from simerit.career import importing
from simerit.career.models import CreditRequirement, EducationCeiling
from simerit.career.services import credit as credit_services
from simerit.core.exceptions import DomainError
from simerit.core.spreadsheets.writing import TEXT_FORMAT, text_cell, workbook_bytes
from simerit.demo import data
from simerit.employees.models import Employee
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


@dataclass
class CareerStoryResult:
    ceilings: int = 0
    credit_requirements: int = 0
    openings: int = 0
    potentials: int = 0


class CareerStory:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.result = CareerStoryResult()
        self.admin = User.objects.get(username="admin.bkpsdm")

    def build(self) -> CareerStoryResult:
        self.configuration()
        self.openings()
        self.potentials()
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
