"""The ranking written by the database equals `rules.rank_final`, on random data full of ties.

The data is drawn from small pools so that every step of the tie-break chain decides somewhere:
equal final scores from different SKD totals (40 % × 33/550 × 100 = 2,4 = 60 % × 4 SKB points),
equal totals with different TKP, equal TKP with different TIU, then IPK (with missing ones), birth
date, and whole-chain ties that share a rank. The test also checks that the data holds, for each
step of the chain, a pair that only that step orders correctly: dropping any key from the ORDER BY
of the INSERT … SELECT would change a rank and fail the test.
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection import rules
from simerit.selection.models import ComponentResult, FinalResult, SelectionSetup, SkbCandidate
from simerit.selection.services.cat_scores import import_cat_scores
from simerit.selection.services.integration import run_integration
from simerit.selection.tests.factories import SelectionSetupFactory, make_components, make_rubric
from simerit.selection.tests.factories_integration import (
    component_result,
    make_candidate,
    skb_result,
)

pytestmark = pytest.mark.django_db

FOUR_PLACES = Decimal("0.0001")
KEY_NAMES = ("final", "skd_total", "tkp", "tiu", "twk", "education", "birth_date")
# With the total, TKP and TIU equal, TWK is equal too: that step can never decide alone.
DECIDING_KEYS = (0, 1, 2, 3, 5, 6)


def _sign(a: tuple[object, ...], b: tuple[object, ...]) -> int:
    return (a > b) - (a < b)


def _only_this_key_decides(keys: list[tuple[object, ...]], index: int) -> bool:
    """Some pair equal before `index`, different at it, and not ordered the same way by the keys
    after it: without this key their ranks would differ."""
    for position, a in enumerate(keys):
        for b in keys[position + 1 :]:
            if a[:index] != b[:index] or a[index] == b[index]:
                continue
            if _sign(a[index + 1 :], b[index + 1 :]) != _sign(
                a[index : index + 1], b[index : index + 1]
            ):
                return True
    return False


def _populate(period, draw: random.Random) -> None:
    rubric = make_rubric(period=period)
    for number in range(10):
        formasi = FormasiFactory.create(period=period, code=f"F-{number:02d}", quota=number % 4 + 1)
        _cat, simulation = make_components(formasi, rubric=rubric)  # 60 % CAT (max 500), 40 %
        for index in range(20):
            total = draw.choice([400, 433, 466])
            tkp, tiu = draw.choice([150, 160]), draw.choice([100, 110])
            candidate = make_candidate(
                formasi,
                f"R-{number:02d}-{index:02d}",
                tkp=tkp,
                tiu=tiu,
                twk=total - tkp - tiu,
                gpa=draw.choice([None, Decimal("3.50"), Decimal("3.75")]),
                birth_date=draw.choice([dt.date(1995, 1, 1), dt.date(1997, 6, 30)]),
                cut_rank=index + 1,
            )
            # SKB-CAT 350 or 370 of 500 (70 or 74); simulation 70 or 74: SKB 70, 71.6, 72.4, 74
            if draw.random() > 0.05:
                skb_result(candidate.application, draw.choice([350, 370]))
            if draw.random() < 0.08:
                component_result(simulation, candidate, None, status=ComponentResult.Status.ABSENT)
            else:
                component_result(simulation, candidate, draw.choice([Decimal(70), Decimal(74)]))
            if draw.random() < 0.08:
                SkbCandidate.objects.filter(pk=candidate.pk).update(withdrawn_at=timezone.now())


def _expected(
    period, setup: SelectionSetup
) -> tuple[
    dict[int, tuple[int | None, str]],
    dict[int, list[tuple[object, ...]]],
    dict[int, Decimal | None],
]:
    """rules.rank_final per formasi on the stored inputs: {candidate: (rank, status)}, the chain
    keys of the ranked candidates per formasi, and the exact final scores."""
    scores: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for result in ComponentResult.objects.filter(
        candidate__period=period, status=ComponentResult.Status.FINAL
    ).select_related("component"):
        assert result.score is not None
        scores[result.candidate_id].append((result.component.weight, result.score))
    by_formasi: dict[int, list[rules.FinalCandidate[int]]] = defaultdict(list)
    finals: dict[int, Decimal | None] = {}
    for candidate in SkbCandidate.objects.filter(period=period).select_related(
        "application__applicant", "formasi"
    ):
        parts = scores[candidate.pk]
        final = None
        if len(parts) == candidate.formasi.skb_components.count():
            skb = sum((weight * score / 100 for weight, score in parts), Decimal(0))
            final = rules.final_score(
                skd_total=candidate.skd_total,
                skd_max=setup.skd_max,
                skb=skb,
                skd_weight=setup.skd_weight / 100,
                skb_weight=setup.skb_weight / 100,
            )
        withdrawn = candidate.withdrawn_at is not None
        finals[candidate.pk] = None if withdrawn else final
        by_formasi[candidate.formasi_id].append(
            rules.FinalCandidate(
                key=candidate.pk,
                skd=rules.SkdScore(twk=candidate.twk, tiu=candidate.tiu, tkp=candidate.tkp),
                final=final,
                education_score=candidate.application.applicant.gpa,
                birth_date=candidate.application.applicant.birth_date,
                withdrawn=withdrawn,
            )
        )
    placements: dict[int, tuple[int | None, str]] = {}
    keys: dict[int, list[tuple[object, ...]]] = {}
    quotas = dict(
        SkbCandidate.objects.filter(period=period).values_list("formasi_id", "formasi__quota")
    )
    for formasi_id, candidates in by_formasi.items():
        for placement in rules.rank_final(candidates, quota=quotas[formasi_id]):
            placements[placement.key] = (placement.rank, placement.status.value)
        keys[formasi_id] = [
            rules.final_key(c) for c in candidates if c.final is not None and not c.withdrawn
        ]
    return placements, keys, finals


@pytest.mark.parametrize("seed", [5, 11])
def test_the_database_ranking_equals_rank_final_on_random_data_with_ties(seed, hr_admin):
    # given
    period = SelectionPeriodFactory.create()
    setup = SelectionSetupFactory.create(period=period, cut_at=timezone.now())
    _populate(period, random.Random(seed))  # noqa: S311 (reproducible test data)
    import_cat_scores(period=period, actor=hr_admin)

    # when
    run = run_integration(period=period, actor=hr_admin)

    # then: the same rank and status for every candidate, and the exact final score to 4 places
    placements, keys, finals = _expected(period, setup)
    stored = {
        r.candidate_id: r for r in FinalResult.objects.filter(run=run).select_related("candidate")
    }
    assert len(stored) == 200
    assert {pk: (r.rank, r.status) for pk, r in stored.items()} == placements
    assert {pk: r.final_score for pk, r in stored.items()} == {
        pk: final.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP) if final is not None else None
        for pk, final in finals.items()
    }
    # and the data exercises every step of the chain, whole-chain ties and every status
    for index in DECIDING_KEYS:
        assert any(_only_this_key_decides(k, index) for k in keys.values()), KEY_NAMES[index]
    assert any(len(k) != len(set(k)) for k in keys.values())
    assert {status for _rank, status in placements.values()} == {
        "lulus",
        "p_l",
        "tidak_lulus",
        "mengundurkan_diri",
    }
