"""rules.tpp: the order of the computation, its rounding (half up, whole rupiah, the discipline
rate to two decimals), the floor at 0, the sanction cut, the explanation steps and the weights
message."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.compensation.rules import tpp as rules

FORMULA = rules.Formula(
    performance_weight=Decimal(60),
    discipline_weight=Decimal(40),
    absent_day_cut=Decimal(3),
    late_hour_cut=Decimal(1),
)


def facts(**overrides: object) -> rules.Facts:
    values: dict[str, object] = {
        "base_amount": 5_000_000,
        "base_label": "jenis jabatan Pelaksana",
        "performance_rate": Decimal(100),
        "predikat_label": "Baik",
        "predikat_year": 2025,
    }
    values.update(overrides)
    return rules.Facts(**values)  # type: ignore[arg-type]


def test_the_brief_example_with_every_step():
    outcome = rules.compute(FORMULA, facts(absent_days=2, late_minutes=95))

    # 100 − 2 × 3 − 95/60 × 1 = 92,41666… → 92,42; 5.000.000 × 40% × 92,42% = 1.848.400
    assert outcome == rules.Outcome(
        performance_amount=3_000_000,
        discipline_rate=Decimal("92.42"),
        discipline_amount=1_848_400,
        gross_amount=4_848_400,
        sanction_cut_percent=0,
        sanction_cut_amount=0,
        total_amount=4_848_400,
        steps=(
            "Pagu TPP (jenis jabatan Pelaksana): Rp5.000.000.",
            "Predikat kinerja: Baik (tahun 2025); tarif 100%.",
            "Bagian kinerja: Rp5.000.000 × 60% × 100% (Baik) = Rp3.000.000",
            "Tarif disiplin: 100% − 2 hari × 3% − 95 menit ÷ 60 × 1% = 92,42% "
            "(dibulatkan dua desimal)",
            "Bagian disiplin: Rp5.000.000 × 40% × 92,42% = Rp1.848.400",
            "Jumlah sebelum potongan hukuman: Rp3.000.000 + Rp1.848.400 = Rp4.848.400",
            "TPP diterima: Rp4.848.400",
        ),
    )


def test_a_sedang_sanction_cuts_the_sum_by_its_percent():
    outcome = rules.compute(FORMULA, facts(cut_percent=25))

    assert (outcome.gross_amount, outcome.sanction_cut_amount, outcome.total_amount) == (
        5_000_000,
        1_250_000,
        3_750_000,
    )
    assert outcome.steps[-2:] == (
        "Potongan hukuman disiplin 25%: Rp5.000.000 × 25% = Rp1.250.000",
        "TPP diterima: Rp5.000.000 − Rp1.250.000 = Rp3.750.000",
    )


def test_a_scheme_that_does_not_apply_the_cut_says_so():
    formula = rules.Formula(**{**FORMULA.__dict__, "apply_sanction_cut": False})

    outcome = rules.compute(formula, facts(cut_percent=25))

    assert (outcome.sanction_cut_percent, outcome.sanction_cut_amount) == (0, 0)
    assert outcome.total_amount == 5_000_000
    assert outcome.steps[-2:] == (
        "Hukuman disiplin (potongan 25%) tidak diterapkan: skema ini tidak "
        "memotong TPP karena hukuman disiplin.",
        "TPP diterima: Rp5.000.000",
    )


def test_amounts_round_half_a_rupiah_up():
    assert rules.share(1_000_001, Decimal(50), Decimal(100)) == 500_001  # 500.000,5 → up
    assert rules.share(1_000_003, Decimal(50), Decimal(100)) == 500_002  # 500.001,5 → up
    assert rules.share(1_000_001, Decimal(60), Decimal(50)) == 300_000  # 300.000,3 → down
    cut = rules.compute(FORMULA, facts(base_amount=10, cut_percent=25))
    # 10 × 60% = 6; 10 × 40% = 4; gross 10; 10 × 25% = 2,5 → 3; total 7
    assert (cut.sanction_cut_amount, cut.total_amount) == (3, 7)


def test_the_discipline_rate_keeps_two_decimals_half_up():
    # 100 − 2 × 2,5 − 95/60 × 1,5 = 92,625 → 92,63 (ROUND_HALF_EVEN would give 92,62)
    rate = rules.discipline_rate(
        absent_days=2, late_minutes=95, absent_day_cut=Decimal("2.5"), late_hour_cut=Decimal("1.5")
    )
    assert rate == Decimal("92.63")


def test_the_discipline_rate_never_goes_below_zero():
    outcome = rules.compute(FORMULA, facts(absent_days=40, late_minutes=0))

    assert (outcome.discipline_rate, outcome.discipline_amount) == (Decimal("0.00"), 0)
    assert outcome.steps[3] == (
        "Tarif disiplin: 100% − 40 hari × 3% − 0 menit ÷ 60 × 1% = −20%; tarif paling rendah 0%."
    )
    assert outcome.total_amount == 3_000_000


def test_missing_predikat_and_missing_attendance_are_explained():
    outcome = rules.compute(
        FORMULA,
        facts(performance_rate=Decimal(80), predikat_label="", attendance_missing=True),
    )

    assert outcome.performance_amount == 2_400_000
    assert outcome.steps[1:4] == (
        "Predikat kinerja: belum ada predikat final; dipakai tarif kinerja skema 80%.",
        "Bagian kinerja: Rp5.000.000 × 60% × 80% (belum ada predikat final) = Rp2.400.000",
        "Rekap kehadiran belum diimpor: dihitung 0 hari tidak masuk dan 0 menit terlambat.",
    )
    assert outcome.steps[4] == "Tarif disiplin: 100% − 0 hari × 3% − 0 menit ÷ 60 × 1% = 100%"


@pytest.mark.parametrize(
    ("performance", "discipline", "message"),
    [
        ("60", "40", None),
        ("50", "40", "Jumlah bobot kinerja dan disiplin harus 100%; saat ini 90%."),
        ("60", "32.5", "Jumlah bobot kinerja dan disiplin harus 100%; saat ini 92,5%."),
        ("70", "40", "Jumlah bobot kinerja dan disiplin harus 100%; saat ini 110%."),
        ("60.00", "40.00", None),
    ],
)
def test_weights_must_sum_to_100(performance, discipline, message):
    assert rules.weights_error(Decimal(performance), Decimal(discipline)) == message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("60.00"), "60%"),
        (Decimal("92.42"), "92,42%"),
        (Decimal("92.50"), "92,5%"),
        (Decimal("0.00"), "0%"),
        (Decimal("-20"), "−20%"),
        (25, "25%"),
    ],
)
def test_percent_format(value, text):
    assert rules.format_percent(value) == text


def test_rupiah_and_month_format():
    assert rules.format_rupiah(5_000_000) == "Rp5.000.000"
    assert rules.format_rupiah(0) == "Rp0"
    assert rules.format_rupiah(999) == "Rp999"
    assert rules.month_label(dt.date(2026, 10, 1)) == "Oktober 2026"


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-10", dt.date(2026, 10, 1)),
        (" 2026-01 ", dt.date(2026, 1, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("1999-12", None),
        ("10/2026", None),
        ("2026-10-01", None),
    ],
)
def test_parse_month(text, month):
    assert rules.parse_month(text) == month
