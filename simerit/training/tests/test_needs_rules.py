"""The pure rules of the needs analysis: gaps, the matching of programmes, the totals of a unit."""

from decimal import Decimal
from typing import Any

from simerit.training.rules.needs import (
    EmployeeNeeds,
    GapSource,
    LeadershipGap,
    LowIndicator,
    Offer,
    Requirement,
    TakenState,
    WeakPredikat,
    competency_gaps,
    employee_gaps,
    number_id,
    propose,
    unit_totals,
)


def _requirement(competency_id: int, required: int, assessed: int | None) -> Requirement:
    return Requirement(
        competency_id=competency_id,
        code=f"K{competency_id:03d}",
        name=f"Kompetensi {competency_id}",
        required_level=required,
        assessed_level=assessed,
    )


def _offer(pk: int, code: str, jp: str, **fields: Any) -> Offer:
    return Offer(
        id=pk, code=code, name=code, kind="teknis", kind_label="Teknis", jp=Decimal(jp), **fields
    )


def test_a_level_below_the_required_one_is_a_gap_equal_or_above_is_not():
    gaps = competency_gaps([_requirement(2, 3, 2), _requirement(1, 3, 3), _requirement(3, 2, 4)])
    assert [(gap.key, gap.reason) for gap in gaps] == [
        ("kompetensi:2", "Kompetensi K002 Kompetensi 2 level 2 dari 3 yang dipersyaratkan")
    ]


def test_a_missing_assessment_is_a_full_gap():
    (gap,) = competency_gaps([_requirement(7, 4, None)])
    assert gap.reason == "Kompetensi K007 Kompetensi 7 belum diases (dipersyaratkan level 4)"
    assert gap.target == 7


def test_gaps_in_the_order_shown():
    gaps = employee_gaps(
        requirements=[_requirement(2, 3, 1), _requirement(1, 3, None)],
        weak_predikat=WeakPredikat(year=2025, predikat_label="Sangat Kurang"),
        low_indicators=[
            LowIndicator(year=2025, indicator_id=9, code="3b", text="Membantu", score=None),
            LowIndicator(
                year=2025, indicator_id=5, code="1c", text="Perbaikan", score=Decimal("2.05")
            ),
        ],
        leadership=LeadershipGap(
            programme_kind="pka", programme_kind_label="PKA", position_kind_label="Administrator"
        ),
    )
    assert [(gap.source, gap.reason) for gap in gaps] == [
        (GapSource.LEADERSHIP, "PKA wajib bagi jabatan Administrator dan belum diselesaikan"),
        (
            GapSource.COMPETENCY,
            "Kompetensi K001 Kompetensi 1 belum diases (dipersyaratkan level 3)",
        ),
        (GapSource.COMPETENCY, "Kompetensi K002 Kompetensi 2 level 1 dari 3 yang dipersyaratkan"),
        (GapSource.PREDIKAT, "Predikat kinerja 2025 Sangat Kurang"),
        (
            GapSource.INDICATOR,
            'Panduan perilaku 1c "Perbaikan" bernilai 2,05 (penilaian kinerja 2025)',
        ),
        (
            GapSource.INDICATOR,
            'Panduan perilaku 3b "Membantu" bernilai rendah (penilaian kinerja 2025)',
        ),
    ]


def test_the_fewest_programmes_cover_every_gap():
    gaps = competency_gaps([_requirement(1, 3, 1), _requirement(2, 3, 1), _requirement(3, 3, 1)])
    offers = [
        _offer(1, "A", "10", competency_ids=frozenset({1})),
        _offer(2, "B", "40", competency_ids=frozenset({1, 2})),
        _offer(3, "C", "10", competency_ids=frozenset({3})),
        _offer(4, "D", "5", competency_ids=frozenset({2})),
    ]
    needs = propose(gaps, offers, {})
    assert [(p.programme.code, [g.target for g in p.gaps]) for p in needs.proposals] == [
        ("B", [1, 2]),
        ("C", [3]),
    ]
    assert needs.total_jp == Decimal("50")
    assert needs.unmatched == ()


def test_a_tie_goes_to_the_lower_jp_then_the_code():
    gaps = competency_gaps([_requirement(1, 3, 1)])
    offers = [
        _offer(1, "Z", "8", competency_ids=frozenset({1})),
        _offer(2, "B", "12", competency_ids=frozenset({1})),
        _offer(3, "A", "8", competency_ids=frozenset({1})),
    ]
    assert [p.programme.code for p in propose(gaps, offers, {}).proposals] == ["A"]


def test_inactive_programmes_are_never_proposed_and_a_gap_without_one_is_listed():
    gaps = competency_gaps([_requirement(1, 3, 1)])
    offers = [_offer(1, "OLD", "8", competency_ids=frozenset({1}), is_active=False)]
    needs = propose(gaps, offers, {})
    assert needs.proposals == ()
    assert [gap.key for gap in needs.unmatched] == ["kompetensi:1"]
    assert needs.has_needs is True


def test_a_programme_taken_addresses_its_gaps_and_is_not_proposed():
    gaps = competency_gaps([_requirement(1, 3, 1), _requirement(2, 3, 1)])
    offers = [
        _offer(1, "A", "10", competency_ids=frozenset({1, 2})),
        _offer(2, "B", "10", competency_ids=frozenset({2})),
    ]
    needs = propose(gaps, offers, {1: TakenState.COMPLETED})
    assert needs.proposals == ()
    assert [(a.gap.target, a.programme.code, a.state) for a in needs.addressed] == [
        (1, "A", TakenState.COMPLETED),
        (2, "A", TakenState.COMPLETED),
    ]
    assert needs.has_needs is False


def test_predikat_indicator_and_leadership_gaps_match_their_programmes():
    gaps = employee_gaps(
        requirements=[],
        weak_predikat=WeakPredikat(year=2025, predikat_label="Butuh Perbaikan"),
        low_indicators=[
            LowIndicator(year=2025, indicator_id=4, code="2a", text="Jujur", score=Decimal("2"))
        ],
        leadership=LeadershipGap(
            programme_kind="pkp", programme_kind_label="PKP", position_kind_label="Pengawas"
        ),
    )
    offers = [
        _offer(1, "COACH", "4", for_weak_predikat=True),
        _offer(2, "INTEG", "12", indicator_ids=frozenset({4})),
        Offer(id=3, code="PKP", name="PKP", kind="pkp", kind_label="PKP", jp=Decimal("120")),
        Offer(id=4, code="PKA", name="PKA", kind="pka", kind_label="PKA", jp=Decimal("100")),
    ]
    needs = propose(gaps, offers, {})
    assert [p.programme.code for p in needs.proposals] == ["COACH", "INTEG", "PKP"]


def test_number_id_uses_the_decimal_comma():
    assert number_id(Decimal("2.30")) == "2,30"
    assert number_id(Decimal("12.0")) == "12,0"


def test_unit_totals_count_employees_per_programme_and_gaps_without_one():
    gaps_a = competency_gaps([_requirement(1, 3, 1), _requirement(9, 2, None)])
    gaps_b = competency_gaps([_requirement(1, 3, 2)])
    offers = [_offer(1, "A", "12.5", competency_ids=frozenset({1}))]
    rows = [
        (10, propose(gaps_a, offers, {})),
        (10, propose(gaps_b, offers, {})),
        (10, EmployeeNeeds()),
        (20, EmployeeNeeds()),
    ]
    totals = unit_totals(rows, [(20, "Dinas B"), (10, "Dinas A")])
    assert [
        (
            t.unit_name,
            t.employees,
            t.with_needs,
            [(p.programme.code, p.employees, p.jp) for p in t.programmes],
            [(g.label, g.employees) for g in t.unmatched],
            t.jp,
        )
        for t in totals
    ] == [
        ("Dinas B", 1, 0, [], [], Decimal("0.0")),
        (
            "Dinas A",
            3,
            2,
            [("A", 2, Decimal("25.0"))],
            [("Kompetensi K009 Kompetensi 9", 1)],
            Decimal("25.0"),
        ),
    ]
