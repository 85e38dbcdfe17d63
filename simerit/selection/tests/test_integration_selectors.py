from decimal import Decimal

import pytest
from django.utils import timezone

from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import FinalResult, Method, SelectionSetup, SkbComponent
from simerit.selection.selectors import ranking as selectors
from simerit.selection.selectors import ranking_readiness as readiness_selectors
from simerit.selection.selectors.setup import component_problems
from simerit.selection.services.integration import run_integration
from simerit.selection.tests.factories import SelectionSetupFactory, make_rubric
from simerit.selection.tests.factories_integration import make_candidate, make_scored_formasi

pytestmark = pytest.mark.django_db


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period, cut_at=timezone.now())
    return period


def _add(formasi, order: int, method: str, weight: str, rubric=None) -> None:
    SkbComponent.objects.create(
        formasi=formasi,
        order=order,
        method=method,
        name=f"Komponen {order}",
        weight=Decimal(weight),
        cat_max_score=500 if method == Method.CAT else None,
        rubric=None if method == Method.CAT else rubric,
    )


COMPOSITIONS = {
    "VALID": [(Method.CAT, "60"), (Method.CASE_SIMULATION, "40")],
    "CAT-ONLY": [(Method.CAT, "100")],
    "EMPTY": [],
    "SUM-90": [(Method.CAT, "60"), (Method.PRACTICAL, "30")],
    "THIRDS": [(Method.CAT, "66.67"), (Method.CASE_SIMULATION, "33.33")],
    "NO-CAT": [(Method.CASE_SIMULATION, "100")],
    "TWO-CAT": [(Method.CAT, "60"), (Method.CAT, "40")],
    "CAT-LOW": [(Method.CAT, "50"), (Method.PRACTICAL, "50")],
    "TOO-MANY": [(Method.CAT, "60"), (Method.PRACTICAL, "20"), (Method.CASE_SIMULATION, "20")],
    "WAWANCARA-10": [(Method.CAT, "90"), (Method.INTERVIEW, "10")],
    "WAWANCARA-10.01": [(Method.CAT, "89.99"), (Method.INTERVIEW, "10.01")],
}
SAME_EVERYWHERE = {"EMPTY", "SUM-90", "NO-CAT", "TWO-CAT", "CAT-LOW", "TOO-MANY"}


@pytest.mark.parametrize(
    ("allow_interview", "invalid_interviews"),
    [
        # an instansi daerah: no wawancara at all (the default)
        (False, {"WAWANCARA-10", "WAWANCARA-10.01"}),
        # an instansi pusat: wawancara up to 10 % of the SKB
        (True, {"WAWANCARA-10.01"}),
    ],
)
def test_the_set_based_composition_check_agrees_with_component_problems(
    period, allow_interview, invalid_interviews
):
    # given: one formasi per kind of problem, valid ones, and one without candidates
    SelectionSetup.objects.filter(period=period).update(
        allow_interview=allow_interview, max_interview_weight=Decimal(10)
    )
    rubric = make_rubric(period=period)
    formasi = {}
    for code, parts in COMPOSITIONS.items():
        formasi[code] = FormasiFactory.create(period=period, code=code)
        for order, (method, weight) in enumerate(parts, start=1):
            _add(formasi[code], order, method, weight, rubric)
        make_candidate(formasi[code], f"R-{code}")
    FormasiFactory.create(period=period, code="NOBODY")
    setup = SelectionSetup.objects.get(period=period)

    # when
    invalid = {f.code for f in readiness_selectors.invalid_formasi(period, setup)}

    # then
    expected = {code for code, item in formasi.items() if component_problems(item, setup=setup)}
    assert invalid == expected
    assert invalid == SAME_EVERYWHERE | invalid_interviews


def test_readiness_names_three_invalid_formasi_and_counts_the_others(period):
    for number in range(5):
        item = FormasiFactory.create(period=period, code=f"F-{number}")
        make_candidate(item, f"R-{number}")

    readiness = readiness_selectors.readiness(period)

    assert readiness.invalid_formasi == 5
    assert readiness.message == (
        "Integrasi belum dapat dijalankan: susunan SKB 5 formasi belum valid (F-0: Belum ada "
        "komponen SKB. F-1: Belum ada komponen SKB. F-2: Belum ada komponen SKB. Ada 2 formasi "
        "lain.)."
    )


def test_readiness_of_a_complete_period_is_ready(period):
    make_scored_formasi(period, "F-1")

    readiness = readiness_selectors.readiness(period)

    assert readiness.ready
    assert (readiness.candidates, readiness.cat_components, readiness.cat_imported) == (3, 1, True)


def test_run_summary_counts_each_status_per_formasi_in_one_query(
    period, hr_admin, django_assert_num_queries
):
    make_scored_formasi(period, "F-2", quota=2)
    make_scored_formasi(period, "F-1", quota=1, scores=(("A-1", "90", "90"), ("A-2", "90", "90")))
    run = run_integration(period=period, actor=hr_admin)

    with django_assert_num_queries(1):
        rows = [
            (r["formasi__code"], r["results"], r["ranked"], r["lulus"], r["p_l"])
            for r in selectors.run_summary(run)
        ]

    assert rows == [("F-1", 2, 2, 2, 0), ("F-2", 3, 3, 2, 1)]
    assert selectors.run_totals(run) == {
        "lulus": 4,
        "p_l": 1,
        "tidak_lulus": 0,
        "mengundurkan_diri": 0,
    }
    assert [r["formasi__code"] for r in selectors.run_summary(run, search="f-2")] == ["F-2"]


def test_cut_counts_per_formasi(period):
    first = make_scored_formasi(period, "F-1")
    FormasiFactory.create(period=period, code="F-2")
    first.skb_candidates.filter(cut_rank=1).update(withdrawn_at=timezone.now())

    rows = [(f.code, f.candidates, f.withdrawn) for f in readiness_selectors.cut_counts(period)]

    assert rows == [("F-1", 3, 1), ("F-2", 0, 0)]


def test_explain_result_of_unranked_results():
    settings = selectors.RunSettings(skd_max=550, skd_weight=Decimal(40), skb_weight=Decimal(60))
    withdrawn = FinalResult(status="mengundurkan_diri", rank=None, skd_total=390)
    incomplete = FinalResult(status="tidak_lulus", rank=None, skd_total=390)

    assert selectors.explain_result(withdrawn, settings, 3, 1) == (
        "Mengundurkan diri: tidak diperingkat; peringkat berikutnya naik."
    )
    assert selectors.explain_result(incomplete, settings, 3, 1) == (
        "Tidak Lulus: ada komponen SKB tanpa nilai (tidak hadir atau tidak mengikuti)."
    )


def test_explain_result_of_a_ranked_result_uses_the_weights_given():
    result = FinalResult(
        status="p_l", rank=4, skd_total=395, skb_score=Decimal("70.0000"), final_score=None
    )
    settings = selectors.RunSettings(skd_max=550, skd_weight=Decimal(40), skb_weight=Decimal(60))

    assert selectors.explain_result(result, settings, 57, 3) == (
        "peringkat 4 dari 57; kuota 3; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00"
    )
