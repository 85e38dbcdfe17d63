"""Evaluation → training: a weak predikat and each low BerAKHLAK indicator (mean below 2,50 over
the answers the evidence may show, self excluded, withheld groups excluded) become training needs,
recorded with the decision and replaced when a keberatan changes the predikat."""

from decimal import Decimal

import pytest

from simerit.performance.models import RaterGroup, Rating, TrainingNeed
from simerit.performance.selectors.appraisal_training import unit_totals
from simerit.performance.services.objections import (
    add_objection_statement,
    decide_objection,
    file_objection,
)
from simerit.performance.tests.factories_appraisal import (
    Case,
    add_answers,
    approved_case,
    decided,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> Case:
    return approved_case()


def _needs(case: Case) -> list[tuple[str, str | None, Decimal | None]]:
    return [
        (need.source, need.indicator.code if need.indicator else None, need.score)
        for need in TrainingNeed.objects.filter(skp=case.skp).select_related("indicator")
    ]


def _evidence(case: Case) -> None:
    """1a: supervisor 1, peers 2,2,2 → 1,75 (low). 2a: supervisor 1, peers 3,3,3 → 2,50 (not
    below). 2b: only self scores 1 (self never counts). 3c: the 2 subordinates score 1, but two
    answers are withheld (peers are shown on their own, so they are not merged)."""
    add_answers(case.skp, group=RaterGroup.SUPERVISOR, score=3, overrides={"1a": 1, "2a": 1})
    add_answers(case.skp, group=RaterGroup.PEER, score=3, count=3, overrides={"1a": 2})
    add_answers(case.skp, group=RaterGroup.SELF, score=4, overrides={"2b": 1})
    add_answers(case.skp, group=RaterGroup.SUBORDINATE, score=3, count=2, overrides={"3c": 1})


def test_low_indicator_need_from_shown_groups_only(case):
    _evidence(case)
    decided(case)
    assert _needs(case) == [("indicator", "1a", Decimal("1.75"))]
    need = TrainingNeed.objects.get(skp=case.skp)
    assert need.recommendation == (
        'Nilai rata-rata 1,75 dari penilai lain pada panduan perilaku "Memahami dan memenuhi '
        'kebutuhan masyarakat" (nilai Berorientasi Pelayanan) di bawah 2,50: pelatihan atau '
        "bimbingan tentang nilai Berorientasi Pelayanan."
    )


def test_merged_groups_count(case):
    # given: 2 peers and 1 subordinate, merged (3 together); 4a low only there
    add_answers(case.skp, group=RaterGroup.PEER, score=3, count=2, overrides={"4a": 2})
    add_answers(case.skp, group=RaterGroup.SUBORDINATE, score=3, overrides={"4a": 1})
    # when
    decided(case)
    # then: (2 + 2 + 1) / 3
    assert _needs(case) == [("indicator", "4a", Decimal("1.67"))]


@pytest.mark.parametrize(
    ("result", "behaviour", "recommendation"),
    [
        (
            Rating.BELOW,
            Rating.ABOVE,
            "Predikat Butuh Perbaikan (hasil kerja di bawah ekspektasi): pelatihan teknis pada "
            "rencana hasil kerja yang belum tercapai dan bimbingan kinerja oleh pejabat penilai.",
        ),
        (
            Rating.AS_EXPECTED,
            Rating.BELOW,
            "Predikat Kurang/Misconduct (perilaku kerja di bawah ekspektasi): pembinaan perilaku "
            "kerja BerAKHLAK dan konseling kinerja oleh pejabat penilai.",
        ),
        (
            Rating.BELOW,
            Rating.BELOW,
            "Predikat Sangat Kurang (hasil dan perilaku kerja di bawah ekspektasi): rencana "
            "pengembangan kompetensi bersama pejabat penilai, pelatihan teknis, dan pembinaan "
            "perilaku kerja BerAKHLAK.",
        ),
    ],
)
def test_weak_predikat_need_says_what_is_weak(case, result, behaviour, recommendation):
    # Kurang/Misconduct is behaviour below expectation, not results
    decided(case, result=result, behaviour=behaviour)
    assert _needs(case) == [("predikat", None, None)]
    assert TrainingNeed.objects.get(skp=case.skp).recommendation == recommendation


@pytest.mark.parametrize(
    ("result", "behaviour", "expected"),
    [
        (Rating.AS_EXPECTED, Rating.BELOW, 1),  # Kurang/Misconduct
        (Rating.BELOW, Rating.BELOW, 1),  # Sangat Kurang
        (Rating.AS_EXPECTED, Rating.AS_EXPECTED, 0),  # Baik
        (Rating.ABOVE, Rating.ABOVE, 0),  # Sangat Baik
    ],
)
def test_predikat_need_only_for_weak_predikat(case, result, behaviour, expected):
    decided(case, result=result, behaviour=behaviour)
    assert TrainingNeed.objects.filter(source=TrainingNeed.Source.PREDIKAT).count() == expected


def test_a_changed_predikat_recomputes_the_needs(case):
    # given: Butuh Perbaikan with one low indicator
    _evidence(case)
    appraisal = decided(case, result=Rating.BELOW, behaviour=Rating.AS_EXPECTED)
    assert _needs(case) == [("indicator", "1a", Decimal("1.75")), ("predikat", None, None)]
    objection = file_objection(
        appraisal=appraisal,
        reasons="Hasil kerja triwulan IV tidak dipertimbangkan sama sekali.",
        actor=case.employee,
    )
    add_objection_statement(
        objection=objection, text="Bukti triwulan IV terlambat diunggah.", actor=case.evaluator
    )
    # when: the atasan changes it to Baik
    decide_objection(
        objection=objection,
        outcome="changed",
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        reason="Bukti dukung triwulan IV sah dan memenuhi target.",
        actor=case.superior,
    )
    # then
    assert _needs(case) == [("indicator", "1a", Decimal("1.75"))]


def test_unit_totals(case):
    _evidence(case)
    decided(case, result=Rating.BELOW, behaviour=Rating.AS_EXPECTED)
    rows = list(unit_totals(year=case.skp.year))
    assert [
        (row["skp__work_unit__name"], row["employees"], row["predikat"], row["indicator"])
        for row in rows
    ] == [("Bidang Pelayanan Kesehatan", 1, 1, 1)]
