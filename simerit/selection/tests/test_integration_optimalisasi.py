"""Optimalisasi (§2.4): the open formasi of a run next to the P/L applicants of the same position,
best first, in two queries; on the ranking page and as a sheet of the Excel export."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.rules import mask_name
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import FinalResult, IntegrationRun
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import ranking as selectors
from simerit.selection.selectors import ranking_optimalisasi as optimalisasi_selectors
from simerit.selection.services.integration import run_integration
from simerit.selection.tests.factories import SelectionSetupFactory
from simerit.selection.tests.factories_integration import make_candidate, make_scored_formasi

pytestmark = pytest.mark.django_db

LULUS, PL, TL, MD = (status.value for status in FinalStatus)
OLD, YOUNG = dt.date(1995, 1, 9), dt.date(1998, 5, 17)


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create(name="Seleksi CPNS 2026")
    SelectionSetupFactory.create(period=period)
    return period


@pytest.fixture
def run(period, hr_admin) -> IntegrationRun:
    return IntegrationRun.objects.create(
        period=period,
        run_by=hr_admin,
        run_at=timezone.now(),
        settings_snapshot={"skd_max": 550, "skd_weight": "40.00", "skb_weight": "60.00"},
        formasi_count=0,
        result_count=0,
    )


def _formasi(period, position: Position, code: str, quota: int, **extra) -> Formasi:
    return FormasiFactory.create(period=period, position=position, code=code, quota=quota, **extra)


def _result(
    run,
    formasi,
    number: str,
    rank: int | None,
    status: str,
    final: str | None,
    *,
    skd: tuple[int, int, int] = (100, 110, 180),
    gpa: str | None = "3.50",
    birth_date: dt.date = YOUNG,
) -> FinalResult:
    """A FinalResult as the integration writes it (the selector only reads)."""
    twk, tiu, tkp = skd
    education = Decimal(gpa) if gpa is not None else None
    candidate = make_candidate(
        formasi, number, twk=twk, tiu=tiu, tkp=tkp, gpa=education, birth_date=birth_date
    )
    return FinalResult.objects.create(
        run=run,
        formasi=formasi,
        candidate=candidate,
        application=candidate.application,
        skd_total=twk + tiu + tkp,
        twk=twk,
        tiu=tiu,
        tkp=tkp,
        skb_score=Decimal(final) if final is not None else None,
        final_score=Decimal(final) if final is not None else None,
        education_score=education,
        birth_date=birth_date,
        rank=rank,
        status=status,
    )


@pytest.fixture
def world(period, run):
    """Perawat: F-A and F-E full with P/L, F-B (quota 2, 1 Lulus) and F-C (no candidate) open,
    F-D a draft. Bidan: B-A full with a P/L, B-B open. Apoteker: full with a P/L, nothing open.
    Guru: open, no P/L anywhere."""
    perawat = PositionFactory.create(name="Perawat Ahli Pertama")
    bidan = PositionFactory.create(name="Bidan Ahli Pertama")
    apoteker = PositionFactory.create(name="Apoteker Ahli Pertama")
    guru = PositionFactory.create(name="Guru Ahli Pertama")
    f_a = _formasi(period, perawat, "F-A", 1)
    f_b = _formasi(period, perawat, "F-B", 2)
    _formasi(period, perawat, "F-C", 1)
    _formasi(period, perawat, "F-D", 1, status=Formasi.Status.DRAFT)
    f_e = _formasi(period, perawat, "F-E", 1)
    _result(run, f_a, "A-1", 1, LULUS, "80.0000")
    # the P/L of F-A, equal on the final score: SKD total, TKP, IPK (none last), age decide
    _result(run, f_a, "A-6", 7, PL, "75.0000", skd=(100, 110, 180), gpa=None)
    _result(run, f_a, "A-5", 6, PL, "75.0000", skd=(100, 110, 180), gpa="3.50")
    _result(run, f_a, "A-4", 5, PL, "75.0000", skd=(100, 110, 180), gpa="3.50", birth_date=OLD)
    _result(run, f_a, "A-3", 4, PL, "75.0000", skd=(100, 110, 180), gpa="3.80")
    _result(run, f_a, "A-7", 3, PL, "75.0000", skd=(110, 130, 160))
    _result(run, f_a, "A-2", 2, PL, "75.0000", skd=(110, 120, 170))
    _result(run, f_a, "A-TL", None, TL, None)
    _result(run, f_a, "A-MD", None, MD, None)
    _result(run, f_b, "B-LULUS", 1, LULUS, "70.0000")
    _result(run, f_e, "E-1", 1, LULUS, "85.0000")
    _result(run, f_e, "E-2", 2, PL, "78.0000")
    b_a = _formasi(period, bidan, "B-A", 1)
    _formasi(period, bidan, "B-B", 1)
    _result(run, b_a, "BID-1", 1, LULUS, "90.0000")
    _result(run, b_a, "BID-2", 2, PL, "60.0000")
    apotek = _formasi(period, apoteker, "AP-A", 1)
    _result(run, apotek, "AP-1", 1, LULUS, "90.0000")
    _result(run, apotek, "AP-2", 2, PL, "88.0000")
    _formasi(period, guru, "G-A", 1)
    return {"perawat": perawat, "bidan": bidan}


def _view(groups):
    return [
        (
            group.position_name,
            [(item.formasi.code, item.lulus, item.open_places) for item in group.formasi],
            group.open_places,
            [r.application.registration_number for r in group.candidates],
            group.available,
        )
        for group in groups
    ]


def test_open_formasi_next_to_the_p_l_of_the_same_position_best_first(
    run, world, django_assert_num_queries
):
    with django_assert_num_queries(2):
        groups = optimalisasi_selectors.optimalisasi(run)

    assert _view(groups) == [
        ("Bidan Ahli Pertama", [("B-B", 0, 1)], 1, ["BID-2"], 1),
        (
            "Perawat Ahli Pertama",
            [("F-B", 1, 1), ("F-C", 0, 1)],
            2,
            ["E-2", "A-2", "A-7", "A-3", "A-4", "A-5", "A-6"],
            7,
        ),
    ]
    assert groups[1].position_id == world["perawat"].pk


def test_a_limit_keeps_the_best_of_each_position_and_counts_all(run, world):
    groups = optimalisasi_selectors.optimalisasi(run, limit=3)

    assert _view(groups) == [
        ("Bidan Ahli Pertama", [("B-B", 0, 1)], 1, ["BID-2"], 1),
        ("Perawat Ahli Pertama", [("F-B", 1, 1), ("F-C", 0, 1)], 2, ["E-2", "A-2", "A-7"], 7),
    ]


def test_no_open_formasi_means_no_optimalisasi(period, run):
    position = PositionFactory.create(name="Perawat Ahli Pertama")
    full = _formasi(period, position, "F-A", 1)
    _result(run, full, "A-1", 1, LULUS, "80.0000")
    _result(run, full, "A-2", 2, PL, "70.0000")

    assert optimalisasi_selectors.optimalisasi(run) == []


def _copy(result: FinalResult, run: IntegrationRun, rank: int | None, status: str) -> None:
    result.pk = None
    result.run = run
    result.rank = rank
    result.status = status
    if rank is None:
        result.skb_score = result.final_score = None
    result.save()


def test_only_the_run_given_counts(period, run, hr_admin):
    # given: in an older run B-1 was Tidak Lulus (a missing score, corrected since), so F-B was
    # open; in `run` B-1 is Lulus and nothing is open
    position = PositionFactory.create(name="Perawat Ahli Pertama")
    f_a = _formasi(period, position, "F-A", 1)
    f_b = _formasi(period, position, "F-B", 1)
    rows = [
        _result(run, f_a, "A-1", 1, LULUS, "80.0000"),
        _result(run, f_a, "A-2", 2, PL, "70.0000"),
        _result(run, f_b, "B-1", 1, LULUS, "75.0000"),
    ]
    older = IntegrationRun.objects.create(
        period=period,
        run_by=hr_admin,
        run_at=timezone.now() - dt.timedelta(days=1),
        settings_snapshot={},
        formasi_count=0,
        result_count=0,
    )
    for result, rank, status in zip(rows, (1, 2, None), (LULUS, PL, TL), strict=True):
        _copy(result, older, rank, status)

    assert optimalisasi_selectors.optimalisasi(run) == []
    assert _view(optimalisasi_selectors.optimalisasi(older)) == [
        ("Perawat Ahli Pertama", [("F-B", 0, 1)], 1, ["A-2"], 1)
    ]


def test_the_export_of_the_run_has_an_optimalisasi_sheet(run, world):
    export = selectors.results_workbook(run=run)

    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["Hasil integrasi", "Optimalisasi"]
    rows = list(workbook["Optimalisasi"].iter_rows(values_only=True))
    assert rows[0] == (
        "Jabatan",
        "Formasi belum terisi (sisa kuota)",
        "Sisa kuota jabatan",
        "Urutan",
        "Nomor pendaftaran",
        "Nama (disamarkan)",
        "Formasi asal",
        "Peringkat di formasi asal",
        "Nilai akhir",
        "Total SKD",
        "TWK",
        "TIU",
        "TKP",
        "IPK / rata-rata ijazah",
    )
    assert [row[:5] + row[6:10] for row in rows[1:4]] == [
        ("Bidan Ahli Pertama", "B-B (1)", 1, 1, "BID-2", "B-A", 2, 60, 390),
        ("Perawat Ahli Pertama", "F-B (1), F-C (1)", 2, 1, "E-2", "F-E", 2, 78, 390),
        ("Perawat Ahli Pertama", "F-B (1), F-C (1)", 2, 2, "A-2", "F-A", 2, 75, 400),
    ]
    assert [row[4] for row in rows[1:]] == [
        "BID-2",
        "E-2",
        "A-2",
        "A-7",
        "A-3",
        "A-4",
        "A-5",
        "A-6",
    ]
    a_6 = FinalResult.objects.get(run=run, application__registration_number="A-6")
    assert rows[-1][5] == mask_name(a_6.application.applicant.name)
    assert (rows[-1][10:], rows[-2][13]) == ((100, 110, 180, None), 3.5)
    assert export.rows == FinalResult.objects.filter(run=run).count()


def test_the_export_of_one_formasi_has_no_optimalisasi_sheet(run, world):
    formasi = Formasi.objects.get(code="F-A")

    export = selectors.results_workbook(run=run, formasi=formasi)

    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["Hasil integrasi"]
    assert export.rows == 9


def test_an_empty_optimalisasi_sheet_says_so(period, run):
    position = PositionFactory.create(name="Perawat Ahli Pertama")
    _result(run, _formasi(period, position, "F-A", 1), "A-1", 1, LULUS, "80.0000")

    workbook = openpyxl.load_workbook(io.BytesIO(selectors.results_workbook(run=run).content))

    rows = list(workbook["Optimalisasi"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [
        "Tidak ada formasi yang belum terisi dengan peserta P/L jabatan yang sama."
    ]
    assert set(rows[1][1:]) == {None}


def test_the_ranking_page_shows_the_optimalisasi_read_only(client, auditor, hr_admin, period):
    # given: PRW-01 (quota 1) ranks R-1 Lulus and P/L; PRW-02 of the same position has
    # no candidate at all
    scored = make_scored_formasi(period, "PRW-01", quota=1)
    FormasiFactory.create(period=period, code="PRW-02", quota=2, position=scored.position)
    run_integration(period=period, actor=hr_admin)
    client.force_login(auditor)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    page = response.content.decode()
    assert "Optimalisasi: formasi yang belum terisi dan peserta P/L jabatan yang sama" in page
    [row] = response.context["optimalisasi_rows"]
    assert row["open_formasi"] == "PRW-02 (2)"
    assert [c["result"].application.registration_number for c in row["candidates"]] == [
        "R-2",
        "R-3",
    ]
    assert [(c["final"], c["education"]) for c in row["candidates"]] == [
        ("76,36", "3,50"),
        ("70,36", "3,50"),
    ]
    assert row["more"] == 0
    assert f'data-testid="optimalisasi-{scored.position_id}"' in page
    assert 'data-testid="pl-R-2"' in page
    assert 'data-testid="optimalisasi-empty"' not in page
    names = [c["result"].application.applicant.name for c in row["candidates"]]
    assert not any(name in page for name in names)


def test_the_ranking_page_says_when_there_is_nothing_to_optimise(client, hr_admin, period):
    make_scored_formasi(period, "PRW-01", quota=1)
    run_integration(period=period, actor=hr_admin)
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    assert response.context["optimalisasi_rows"] == []
    assert (
        '<p class="alert alert-light" data-testid="optimalisasi-empty">Tidak ada formasi yang '
        "belum terisi dengan peserta P/L jabatan yang sama pada integrasi terakhir.</p>"
    ) in response.content.decode()


def test_without_a_run_the_page_has_no_optimalisasi_section(client, hr_admin, period):
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    assert response.context["optimalisasi_page"] is None
    assert 'data-testid="optimalisasi"' not in response.content.decode()


def test_the_optimalisasi_positions_are_paginated_with_their_own_parameter(
    client, hr_admin, period, run
):
    # given: 12 positions, each with a full formasi with one P/L and an open one
    for number in range(12):
        position = PositionFactory.create(name=f"Jabatan {number:02d}")
        full = _formasi(period, position, f"J{number:02d}-A", 1)
        _formasi(period, position, f"J{number:02d}-B", 1)
        _result(run, full, f"J{number:02d}-1", 1, LULUS, "80.0000")
        _result(run, full, f"J{number:02d}-2", 2, PL, "70.0000")
    client.force_login(hr_admin)
    url = reverse("selection:ranking", args=[period.pk])

    first = client.get(url, {"page": 1})
    second = client.get(url, {"page": 1, "halaman_optimalisasi": 2})

    assert [r["group"].position_name for r in first.context["optimalisasi_rows"]] == [
        f"Jabatan {n:02d}" for n in range(10)
    ]
    assert [r["group"].position_name for r in second.context["optimalisasi_rows"]] == [
        "Jabatan 10",
        "Jabatan 11",
    ]
    assert "?page=1&amp;halaman_optimalisasi=2" in first.content.decode()
