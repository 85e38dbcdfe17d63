"""Acceptance (issue #8): "TPP export for a month matches a hand-computed fixture to the rupiah".

October 2026 under one scheme: weights 60 % kinerja / 40 % disiplin; a day absent cuts 2,5 % of
the discipline share, an hour late 1,5 %; without a final predikat the performance rate is 70 %;
rates Sangat Baik 100 %, Baik 90 %, Butuh Perbaikan 75 %, Kurang 50 %; base amounts Pelaksana
Rp3.250.000, Fungsional Rp4.875.500, Pengawas Rp6.500.000, none for Administrator. Every figure
below is worked out by hand in the comments; the test asserts the export's cells equal them."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from simerit.compensation.models import Run
from simerit.compensation.services import runs as services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    appraise,
    attendance,
    make_scheme,
    sanction,
    staff,
)
from simerit.discipline.models import SanctionType
from simerit.organization.models import Position
from simerit.performance.models import Appraisal, Predikat

pytestmark = pytest.mark.django_db

HEADERS = [
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Pagu (Rp)",
    "Predikat",
    "Tarif kinerja (%)",
    "Bagian kinerja (Rp)",
    "Hari tidak masuk",
    "Menit terlambat",
    "Tarif disiplin (%)",
    "Bagian disiplin (Rp)",
    "Potongan hukuman (Rp)",
    "Kasus hukuman",
    "TPP diterima (Rp)",
]


@pytest.fixture
def city(org, hr_admin):
    make_scheme(created_by=hr_admin)
    unit = org.dinkes
    people: dict[str, Any] = {}

    # Ani: Fungsional, Sangat Baik (2025), full attendance.
    people["ani"] = staff(unit, name="Ani", kind=Position.Kind.FUNGSIONAL)
    appraise(people["ani"], year=2025, predikat=Predikat.SANGAT_BAIK)
    attendance(people["ani"], absent=0, late=0)

    # Budi: Pelaksana, Baik (2025), 2 days absent and 95 minutes late.
    people["budi"] = staff(unit, name="Budi")
    appraise(people["budi"], year=2024, predikat=Predikat.KURANG)  # older: not used
    appraise(people["budi"], year=2025, predikat=Predikat.BAIK)
    attendance(people["budi"], absent=2, late=95)

    # Citra: Pelaksana, no final predikat (her 2026 appraisal is only decided), no recap.
    people["citra"] = staff(unit, name="Citra")
    appraise(
        people["citra"], year=2026, predikat=Predikat.SANGAT_BAIK, status=Appraisal.Status.DECIDED
    )

    # Dedi: Pengawas, Baik (2025), 1 day absent and 7 minutes late, a sedang sanction (25 %
    # for 6 months) running from 1 August 2026 to 31 January 2027.
    people["dedi"] = staff(unit, name="Dedi", kind=Position.Kind.PENGAWAS)
    appraise(people["dedi"], year=2025, predikat=Predikat.BAIK)
    attendance(people["dedi"], absent=1, late=7)
    people["dedi_case"] = sanction(
        people["dedi"], starts_on=dt.date(2026, 8, 1), sanction_type=SanctionType.POTONG_6
    )

    # Eka: Pelaksana, Butuh Perbaikan (2025), full attendance, a sedang sanction that ran from
    # 1 April to 30 September 2026: ended the month before, no cut.
    people["eka"] = staff(unit, name="Eka")
    appraise(people["eka"], year=2025, predikat=Predikat.BUTUH_PERBAIKAN)
    attendance(people["eka"])
    ended = sanction(
        people["eka"], starts_on=dt.date(2026, 4, 1), sanction_type=SanctionType.POTONG_6
    )
    assert ended.ends_on == dt.date(2026, 9, 30)

    # Fajar: Fungsional, Kurang (2024; his 2025 appraisal is under keberatan), 10 minutes late.
    people["fajar"] = staff(unit, name="Fajar", kind=Position.Kind.FUNGSIONAL)
    appraise(people["fajar"], year=2024, predikat=Predikat.KURANG)
    appraise(people["fajar"], year=2025, predikat=Predikat.BAIK, status=Appraisal.Status.OBJECTED)
    attendance(people["fajar"], late=10)

    # Gita: Administrator: the scheme has no base amount for it — skipped ("tanpa pagu").
    people["gita"] = staff(unit, name="Gita", kind=Position.Kind.ADMINISTRATOR)
    attendance(people["gita"])
    # Hadi: not active — never computed.
    staff(unit, name="Hadi", is_active=False)
    return people


def expected_rows(people):
    dedi_case = people["dedi_case"].case.number
    # fmt: off
    return [
        # Ani: kinerja 4.875.500 × 60% × 100% = 2.925.300;
        #      disiplin rate 100 − 0 − 0 = 100%; 4.875.500 × 40% × 100% = 1.950.200;
        #      total 2.925.300 + 1.950.200 = 4.875.500.
        ["Ani", 4_875_500, "Sangat Baik (2025)", 100.0, 2_925_300, 0, 0, 100.0, 1_950_200,
         0, "", 4_875_500],
        # Budi: kinerja 3.250.000 × 60% × 90% = 1.755.000;
        #       disiplin rate 100 − 2 × 2,5 − 95/60 × 1,5 = 100 − 5 − 2,375 = 92,625 → 92,63
        #       (half up); 3.250.000 × 40% × 92,63% = 1.300.000 × 0,9263 = 1.204.190;
        #       total 1.755.000 + 1.204.190 = 2.959.190.
        ["Budi", 3_250_000, "Baik (2025)", 90.0, 1_755_000, 2, 95, 92.63, 1_204_190,
         0, "", 2_959_190],
        # Citra: kinerja 3.250.000 × 60% × 70% (no predikat) = 1.365.000;
        #        no recap → 0 days, 0 minutes → 100%; 3.250.000 × 40% = 1.300.000;
        #        total 2.665.000.
        ["Citra", 3_250_000, "Belum ada predikat final", 70.0, 1_365_000, 0, 0, 100.0,
         1_300_000, 0, "", 2_665_000],
        # Dedi: kinerja 6.500.000 × 60% × 90% = 3.510.000;
        #       disiplin rate 100 − 1 × 2,5 − 7/60 × 1,5 = 100 − 2,5 − 0,175 = 97,325 → 97,33;
        #       6.500.000 × 40% × 97,33% = 2.600.000 × 0,9733 = 2.530.580;
        #       gross 3.510.000 + 2.530.580 = 6.040.580; cut 25% = 1.510.145;
        #       total 6.040.580 − 1.510.145 = 4.530.435.
        ["Dedi", 6_500_000, "Baik (2025)", 90.0, 3_510_000, 1, 7, 97.33, 2_530_580,
         1_510_145, dedi_case, 4_530_435],
        # Eka: kinerja 3.250.000 × 60% × 75% = 1.462.500; disiplin 1.300.000 (100%);
        #      the sanction ended on 30 September: no cut; total 2.762.500.
        ["Eka", 3_250_000, "Butuh Perbaikan (2025)", 75.0, 1_462_500, 0, 0, 100.0, 1_300_000,
         0, "", 2_762_500],
        # Fajar: kinerja 4.875.500 × 60% × 50% (Kurang 2024) = 1.462.650;
        #        disiplin rate 100 − 10/60 × 1,5 = 99,75; 4.875.500 × 40% × 99,75%
        #        = 1.950.200 × 0,9975 = 1.945.324,5 → 1.945.325 (half up);
        #        total 1.462.650 + 1.945.325 = 3.407.975.
        ["Fajar", 4_875_500, "Kurang/Misconduct (2024)", 50.0, 1_462_650, 0, 10, 99.75, 1_945_325,
         0, "", 3_407_975],
    ]
    # fmt: on


def test_the_october_export_matches_the_hand_computed_fixture(client, hr_admin, city, org):
    # given: October computed and finalised
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    run = services.finalise_run(actor=hr_admin, run=run)

    # when: payroll downloads the export
    client.force_login(hr_admin)
    response = client.get(reverse("compensation:run_export", args=[run.pk]))

    # then
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["TPP"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    body, total = rows[1:-1], rows[-1]
    people = city
    for row, name in zip(body, ["ani", "budi", "citra", "dedi", "eka", "fajar"], strict=True):
        employee = people[name]
        assert row[0] == employee.nip
        assert row[2:4] == ["Dinas Kesehatan", employee.position.name]
    assert [[row[1], *row[4:13], row[13] or "", row[14]] for row in body] == expected_rows(people)
    # Totals: pagu 26.001.000; kinerja 12.480.450; disiplin 10.230.295; potongan 1.510.145;
    # diterima 21.200.600 (= 12.480.450 + 10.230.295 − 1.510.145).
    assert total == [
        "Jumlah",
        "6 pegawai",
        None,
        None,
        26_001_000,
        None,
        None,
        12_480_450,
        None,
        None,
        None,
        10_230_295,
        1_510_145,
        None,
        21_200_600,
    ]
    assert (run.employees, run.total_amount) == (6, 21_200_600)


def test_the_fixture_run_explains_dedi_and_warns_about_citra_and_gita(hr_admin, city):
    run = services.compute_run(actor=hr_admin, month=OCTOBER)

    dedi = run.lines.get(employee=city["dedi"])
    number = city["dedi_case"].case.number
    assert dedi.explanation == [
        "Pagu TPP (jenis jabatan Pengawas): Rp6.500.000.",
        "Predikat kinerja: Baik (tahun 2025); tarif 90%.",
        "Bagian kinerja: Rp6.500.000 × 60% × 90% (Baik) = Rp3.510.000",
        "Tarif disiplin: 100% − 1 hari × 2,5% − 7 menit ÷ 60 × 1,5% = 97,33% "
        "(dibulatkan dua desimal)",
        "Bagian disiplin: Rp6.500.000 × 40% × 97,33% = Rp2.530.580",
        "Jumlah sebelum potongan hukuman: Rp3.510.000 + Rp2.530.580 = Rp6.040.580",
        "Potongan hukuman disiplin 25%: Rp6.040.580 × 25% = Rp1.510.145",
        "TPP diterima: Rp6.040.580 − Rp1.510.145 = Rp4.530.435",
    ]
    # The case stays on the line (for those who may see it), never in the explanation.
    assert dedi.sanction_case_number == number
    citra = run.lines.get(employee=city["citra"])
    assert citra.explanation[1:4] == [
        "Predikat kinerja: belum ada predikat final; dipakai tarif kinerja skema 70%.",
        "Bagian kinerja: Rp3.250.000 × 60% × 70% (belum ada predikat final) = Rp1.365.000",
        "Rekap kehadiran belum diimpor: dihitung 0 hari tidak masuk dan 0 menit terlambat.",
    ]
    assert run.status == Run.Status.DRAFT
    assert not run.lines.filter(employee=city["gita"]).exists()
