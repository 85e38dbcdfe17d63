"""rules.promotion: the periods as the rule changed (1 Apr/1 Oct, six periods from 2024, every
month from 1 October 2025), years in rank to the day, and every reason with its figures."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from simerit.career.rules import promotion as rules
from simerit.career.rules.promotion import (
    Ceiling,
    CreditFacts,
    EmployeeFacts,
    Outcome,
    RuleTerms,
    RunningSanction,
    Superior,
)

# The seeded rules (career migration 0002).
RULES = [
    RuleTerms(dt.date(2000, 1, 1), 4, "baik", 2, (4, 10)),
    RuleTerms(dt.date(2024, 1, 1), 4, "baik", 2, (2, 4, 6, 8, 10, 12)),
    RuleTerms(dt.date(2025, 10, 1), 4, "baik", 2, tuple(range(1, 13))),
]
MONTHLY = RULES[2]
PERIOD = dt.date(2026, 12, 1)


def facts(**changes: Any) -> EmployeeFacts:
    values: dict[str, Any] = {
        "kind": "pns",
        "is_active": True,
        "golongan_code": "III/b",
        "golongan_rank": 10,
        "tmt_golongan": dt.date(2022, 12, 1),
        "education_code": "S1",
        "is_functional": False,
    }
    values.update(changes)
    return EmployeeFacts(**values)


def run(**changes: Any) -> Outcome:
    arguments: dict[str, Any] = {
        "facts": facts(),
        "rule": MONTHLY,
        "period": PERIOD,
        "predikats": {2025: "baik", 2024: "sangat_baik"},
        "sanction": None,
        "ceiling": Ceiling("S1", "IV/a", 13),
        "next_golongan": "III/c",
        "credit": None,
    }
    arguments.update(changes)
    return rules.check(**arguments)


# --- periods -------------------------------------------------------------------------------------


def test_periods_follow_the_rule_in_force_on_each_day():
    found = rules.periods(RULES, dt.date(2023, 1, 1), dt.date(2026, 1, 31))

    assert found == [
        dt.date(2023, 4, 1),
        dt.date(2023, 10, 1),
        # six periods from 2024 (Peraturan BKN 4/2023)
        dt.date(2024, 2, 1),
        dt.date(2024, 4, 1),
        dt.date(2024, 6, 1),
        dt.date(2024, 8, 1),
        dt.date(2024, 10, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 2, 1),
        dt.date(2025, 4, 1),
        dt.date(2025, 6, 1),
        dt.date(2025, 8, 1),
        # every month from 1 October 2025 (Peraturan BKN 4/2025)
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
    ]


def test_periods_just_before_and_after_each_change():
    assert rules.periods(RULES, dt.date(2023, 11, 1), dt.date(2024, 2, 1)) == [dt.date(2024, 2, 1)]
    # 1 September 2025 was not a period under the six-period rule; 1 October 2025 is.
    assert rules.periods(RULES, dt.date(2025, 9, 1), dt.date(2025, 10, 1)) == [dt.date(2025, 10, 1)]


def test_periods_start_on_a_first_only():
    assert rules.periods(RULES, dt.date(2026, 11, 2), dt.date(2026, 12, 31)) == [PERIOD]


def test_next_period_on_or_after_a_day():
    assert rules.next_period(RULES, dt.date(2026, 11, 28)) == PERIOD
    assert rules.next_period(RULES, PERIOD) == PERIOD
    assert rules.next_period(RULES, dt.date(2023, 4, 2)) == dt.date(2023, 10, 1)
    assert rules.next_period(RULES, dt.date(2025, 8, 2)) == dt.date(2025, 10, 1)
    assert rules.next_period([], dt.date(2026, 1, 1)) is None


def test_rule_on_a_day():
    assert rules.rule_on(RULES, dt.date(2025, 9, 30)) == RULES[1]
    assert rules.rule_on(RULES, dt.date(2025, 10, 1)) == RULES[2]
    assert rules.rule_on(RULES, dt.date(1999, 12, 31)) is None


# --- years in the rank ---------------------------------------------------------------------------


def test_four_years_exactly_is_enough():
    assert run(facts=facts(tmt_golongan=dt.date(2022, 12, 1))) == Outcome(True, [], [], "III/c")


def test_one_day_short_of_four_years():
    outcome = run(facts=facts(tmt_golongan=dt.date(2022, 12, 2)))

    assert outcome == Outcome(
        False, ["Masa kerja dalam pangkat 3 tahun 11 bulan; minimal 4 tahun."], [], "III/c"
    )


def test_years_in_rank_with_months():
    outcome = run(facts=facts(tmt_golongan=dt.date(2023, 4, 1)))

    assert outcome.reasons == ["Masa kerja dalam pangkat 3 tahun 8 bulan; minimal 4 tahun."]


@pytest.mark.parametrize(
    ("tmt", "on", "expected"),
    [
        (dt.date(2022, 12, 1), dt.date(2026, 12, 1), (4, 0)),
        (dt.date(2022, 12, 2), dt.date(2026, 12, 1), (3, 11)),
        # a month from 31 January ends on the last day of February (clamped)
        (dt.date(2024, 1, 31), dt.date(2024, 2, 28), (0, 0)),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), (0, 1)),
        (dt.date(2020, 2, 29), dt.date(2024, 2, 28), (3, 11)),
        (dt.date(2020, 2, 29), dt.date(2024, 2, 29), (4, 0)),
        (dt.date(2026, 12, 2), dt.date(2026, 12, 1), (0, 0)),
    ],
)
def test_service_in_rank(tmt, on, expected):
    assert rules.service_in_rank(tmt, on) == expected


def test_format_duration():
    assert rules.format_duration(3, 7) == "3 tahun 7 bulan"
    assert rules.format_duration(4, 0) == "4 tahun"
    assert rules.format_duration(0, 7) == "7 bulan"
    assert rules.format_duration(0, 0) == "0 bulan"


def test_no_tmt_golongan():
    assert run(facts=facts(tmt_golongan=None)).reasons == ["TMT golongan belum tercatat."]


# --- predikat ------------------------------------------------------------------------------------


def test_predikat_years_are_the_calendar_years_before_the_period():
    assert rules.predikat_years(MONTHLY, PERIOD) == [2025, 2024]
    assert rules.predikat_years(MONTHLY, dt.date(2027, 1, 1)) == [2026, 2025]


def test_predikat_below_the_minimum():
    outcome = run(predikats={2025: "butuh_perbaikan", 2024: "baik"})

    assert outcome.reasons == ["Predikat 2025: Butuh Perbaikan; minimal Baik."]


def test_predikat_not_final():
    outcome = run(predikats={2025: "baik"})

    assert outcome.reasons == ["Predikat 2024 belum final."]


def test_both_years_missing_and_below():
    outcome = run(predikats={2024: "kurang"})

    assert outcome.reasons == [
        "Predikat 2025 belum final.",
        "Predikat 2024: Kurang/Misconduct; minimal Baik.",
    ]


def test_a_stricter_rule_counts_three_years():
    rule = RuleTerms(dt.date(2025, 10, 1), 4, "sangat_baik", 3, tuple(range(1, 13)))

    outcome = run(rule=rule, predikats={2025: "sangat_baik", 2024: "baik", 2023: "sangat_baik"})

    assert outcome.reasons == ["Predikat 2024: Baik; minimal Sangat Baik."]


def test_meets():
    assert rules.meets("sangat_baik", "baik")
    assert rules.meets("baik", "baik")
    assert not rules.meets("butuh_perbaikan", "baik")


# --- sanction, ceiling, highest golongan, kind -----------------------------------------------


def test_running_sanction():
    sanction = RunningSanction("HD-2026-0001", dt.date(2026, 8, 1), dt.date(2027, 7, 31))

    outcome = run(sanction=sanction)

    assert outcome.reasons == [
        "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/07/2027."
    ]


def test_permanent_sanction():
    sanction = RunningSanction("HD-2026-0002", dt.date(2026, 8, 1), None)

    assert run(sanction=sanction).reasons == [
        "Dijatuhi hukuman disiplin pemberhentian (HD-2026-0002) sejak 01/08/2026."
    ]


@pytest.mark.parametrize("ends_on", [dt.date(2027, 7, 31), None])
def test_a_sanction_the_reader_may_not_see_names_no_case_and_no_date(ends_on):
    sanction = RunningSanction("HD-2026-0001", dt.date(2026, 8, 1), ends_on, revealed=False)

    assert run(sanction=sanction) == Outcome(
        False, ["Sedang menjalani hukuman disiplin."], [], "III/c"
    )


# --- a pending keberatan/banding [U] --------------------------------------------------------------

PENDING = (
    "Sedang menempuh upaya administratif atas hukuman disiplin; kenaikan pangkat menunggu putusan."
)
BLOCKING = RuleTerms(dt.date(2025, 10, 1), 4, "baik", 2, tuple(range(1, 13)), True)


def test_a_pending_appeal_blocks_when_the_rule_says_so():
    assert run(rule=BLOCKING, pending_appeal=True) == Outcome(False, [PENDING], [], "III/c")


def test_a_pending_appeal_does_not_block_by_default():
    assert MONTHLY.pending_appeal_blocks is False
    assert run(pending_appeal=True) == Outcome(True, [], [], "III/c")


def test_no_appeal_under_a_blocking_rule():
    assert run(rule=BLOCKING, pending_appeal=False) == Outcome(True, [], [], "III/c")


def test_a_pending_appeal_after_the_running_sanction():
    sanction = RunningSanction("HD-2026-0001", dt.date(2026, 8, 1), dt.date(2027, 1, 31))

    assert run(rule=BLOCKING, sanction=sanction, pending_appeal=True).reasons == [
        "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/01/2027.",
        PENDING,
    ]


# --- KP reguler vs structural posts, the direct superior's pangkat ------------------------------

STRUCTURAL = "Pejabat struktural: kenaikan pangkat pilihan menurut jabatan (bukan reguler)."
ABOVE_SUPERIOR = "Kenaikan pangkat reguler tidak boleh melebihi pangkat atasan langsung (III/b)."


def test_a_structural_official_stays_on_the_list_with_a_note():
    outcome = run(facts=facts(is_structural=True))

    assert outcome == Outcome(True, [], [STRUCTURAL], "III/c")


def test_the_next_golongan_above_the_superior_is_a_reason():
    outcome = run(superior=Superior("III/b", 10))

    assert outcome == Outcome(False, [ABOVE_SUPERIOR], [], "III/c")


def test_the_next_golongan_equal_to_the_superior_is_allowed():
    assert run(superior=Superior("III/c", 11)) == Outcome(True, [], [], "III/c")


def test_the_superior_limit_is_for_kp_reguler_only():
    structural = run(facts=facts(is_structural=True), superior=Superior("III/a", 9))
    credit = CreditFacts("Ahli Pertama", Decimal("50.000"), Decimal("50.000"))
    functional = run(facts=facts(is_functional=True), credit=credit, superior=Superior("III/a", 9))

    assert structural == Outcome(True, [], [STRUCTURAL], "III/c")
    assert functional == Outcome(True, [], [], "III/c")


def test_no_superior_limit_at_the_highest_golongan():
    outcome = run(
        facts=facts(golongan_code="IV/e", golongan_rank=17),
        next_golongan="",
        superior=Superior("IV/a", 13),
    )

    assert outcome.reasons == ["Sudah golongan tertinggi (IV/e)."]


def test_ceiling_by_education_reached():
    outcome = run(
        facts=facts(golongan_code="III/d", golongan_rank=12),
        ceiling=Ceiling("S1", "III/d", 12),
        next_golongan="IV/a",
    )

    assert outcome == Outcome(
        False, ["Sudah mencapai batas pangkat untuk pendidikan S-1 (III/d)."], [], "IV/a"
    )


def test_below_the_ceiling():
    outcome = run(ceiling=Ceiling("S1", "III/d", 12))

    assert outcome == Outcome(True, [], [], "III/c")


def test_ceiling_not_configured_is_a_note():
    outcome = run(ceiling=None)

    assert outcome == Outcome(True, [], ["Batas pangkat menurut pendidikan belum diatur."], "III/c")


def test_education_unknown_is_a_note():
    outcome = run(facts=facts(education_code=""), ceiling=None)

    assert outcome.notes == [
        "Pendidikan belum tercatat; batas pangkat menurut pendidikan tidak diperiksa."
    ]
    assert outcome.eligible


def test_highest_golongan():
    outcome = run(facts=facts(golongan_code="IV/e", golongan_rank=17), next_golongan="")

    assert outcome == Outcome(False, ["Sudah golongan tertinggi (IV/e)."], [], "")


def test_no_golongan():
    outcome = run(facts=facts(golongan_code="", golongan_rank=None), next_golongan="")

    assert outcome.reasons == ["Golongan belum tercatat."]


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("cpns", "Kenaikan pangkat reguler hanya untuk PNS; pegawai ini masih CPNS."),
        ("pppk", "Kenaikan pangkat reguler hanya untuk PNS; PPPK tidak memiliki pangkat."),
    ],
)
def test_only_a_pns(kind, reason):
    assert run(facts=facts(kind=kind)) == Outcome(False, [reason], [], "")


def test_inactive():
    assert run(facts=facts(is_active=False)).reasons == ["Pegawai tidak aktif."]


def test_no_rule():
    assert run(rule=None, predikats={}).reasons == [
        "Belum ada ketentuan kenaikan pangkat yang berlaku pada tanggal ini."
    ]


def test_every_reason_in_order():
    outcome = run(
        facts=facts(tmt_golongan=dt.date(2023, 5, 1), is_functional=True),
        predikats={2025: "kurang"},
        sanction=RunningSanction("HD-2026-0001", dt.date(2026, 8, 1), dt.date(2027, 1, 31)),
        credit=CreditFacts("Ahli Pertama", Decimal("42.500"), Decimal("50.000")),
    )

    assert outcome.reasons == [
        "Masa kerja dalam pangkat 3 tahun 7 bulan; minimal 4 tahun.",
        "Predikat 2025: Kurang/Misconduct; minimal Baik.",
        "Predikat 2024 belum final.",
        "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/01/2027.",
        "Angka kredit 42,500; dibutuhkan 50,000 untuk kenaikan pangkat (kurang 7,500).",
    ]


# --- angka kredit (jabatan fungsional) -----------------------------------------------------------


def test_functional_with_enough_credit():
    credit = CreditFacts("Ahli Pertama", Decimal("50.000"), Decimal("50.000"))

    assert run(facts=facts(is_functional=True), credit=credit) == Outcome(True, [], [], "III/c")


def test_functional_requirement_not_configured_is_a_note():
    credit = CreditFacts("Ahli Muda", Decimal("10.000"), None)

    outcome = run(facts=facts(is_functional=True), credit=credit)

    assert outcome == Outcome(
        True,
        [],
        ["Kebutuhan angka kredit jenjang Ahli Muda belum diatur; angka kredit tidak diperiksa."],
        "III/c",
    )


def test_functional_without_a_jenjang_is_a_note():
    outcome = run(facts=facts(is_functional=True), credit=None)

    assert outcome.notes == [
        "Jenjang jabatan fungsional belum tercatat; angka kredit tidak diperiksa."
    ]


def test_credit_is_ignored_outside_a_jabatan_fungsional():
    credit = CreditFacts("Ahli Pertama", Decimal("0.000"), Decimal("50.000"))

    assert run(credit=credit).eligible


def test_education_label():
    assert [rules.education_label(code) for code in ("S1", "S3", "D3", "D4", "SMA", "SD")] == [
        "S-1",
        "S-3",
        "D-III",
        "D-IV",
        "SMA",
        "SD",
    ]
