import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from simerit.selection.rules import (
    FinalCandidate,
    FinalStatus,
    Placement,
    SkdCandidate,
    SkdScore,
    display,
    explain,
    final_score,
    rank_final,
    skd_cut,
)

FORTY = Decimal("0.4")
SIXTY = Decimal("0.6")
BORN = dt.date(1998, 5, 17)


def skd(key: str, tkp: int, tiu: int, twk: int) -> SkdCandidate[str]:
    return SkdCandidate(key, SkdScore(twk=twk, tiu=tiu, tkp=tkp))


# BKN's worked example (domain reference §2.3, BKN via tribunnews 2020-02-29): one formasi, so
# three slots; C, D and E tie at 367 and C wins on TKP 147.
BKN_EXAMPLE = [
    skd("A", tkp=150, tiu=110, twk=135),
    skd("B", tkp=148, tiu=125, twk=115),
    skd("D", tkp=145, tiu=105, twk=117),
    skd("C", tkp=147, tiu=115, twk=105),
    skd("E", tkp=146, tiu=112, twk=109),
]


def test_bkn_worked_example_a_b_and_c_advance():
    assert [c.skd.total for c in BKN_EXAMPLE] == [395, 388, 367, 367, 367]
    assert skd_cut(BKN_EXAMPLE, quota=1, multiplier=3) == ["A", "B", "C"]


def test_a_tie_on_total_and_every_sub_test_at_the_cut_takes_everyone_tied():
    twins = [*BKN_EXAMPLE, skd("F", tkp=147, tiu=115, twk=105)]
    assert skd_cut(twins, quota=1, multiplier=3) == ["A", "B", "C", "F"]


def test_ties_on_total_go_to_tkp_then_tiu_then_twk():
    tied = [
        skd("twk", tkp=150, tiu=100, twk=101),
        skd("tiu", tkp=150, tiu=101, twk=100),
        skd("tkp", tkp=151, tiu=100, twk=100),
    ]
    assert skd_cut(tied, quota=1, multiplier=3) == ["tkp", "tiu", "twk"]
    assert skd_cut(tied, quota=1, multiplier=1) == ["tkp"]


def test_fewer_candidates_than_slots_all_proceed_in_rank_order():
    assert skd_cut(BKN_EXAMPLE[:2], quota=2, multiplier=3) == ["A", "B"]
    assert skd_cut([], quota=1, multiplier=3) == []


def test_the_cut_refuses_a_quota_or_multiplier_below_one():
    with pytest.raises(ValueError, match="paling sedikit 1"):
        skd_cut(BKN_EXAMPLE, quota=0, multiplier=3)


def test_final_score_is_forty_sixty_of_skd_over_550_and_skb():
    # 0.4 × 395/550 × 100 + 0.6 × 70 = 28.727… + 42 = 70.727…
    score = final_score(
        skd_total=395, skd_max=550, skb=Decimal(70), skd_weight=FORTY, skb_weight=SIXTY
    )
    assert display(score) == "70,73"
    assert score == Decimal("0.4") * Decimal(395) / Decimal(550) * 100 + Decimal(42)


def test_final_score_refuses_weights_not_summing_to_one_and_out_of_range_scores():
    with pytest.raises(ValueError, match="berjumlah 100 %"):
        final_score(skd_total=1, skd_max=550, skb=Decimal(1), skd_weight=FORTY, skb_weight=FORTY)
    with pytest.raises(ValueError, match="di luar rentang"):
        final_score(skd_total=551, skd_max=550, skb=Decimal(1), skd_weight=FORTY, skb_weight=SIXTY)
    with pytest.raises(ValueError, match="di luar rentang"):
        final_score(skd_total=1, skd_max=550, skb=Decimal(101), skd_weight=FORTY, skb_weight=SIXTY)


def final(
    key: str,
    score: str | None,
    *,
    tkp: int = 150,
    tiu: int = 100,
    twk: int = 100,
    education: str | None = "3.50",
    born: dt.date = BORN,
) -> FinalCandidate[str]:
    return FinalCandidate(
        key,
        SkdScore(twk=twk, tiu=tiu, tkp=tkp),
        Decimal(score) if score is not None else None,
        Decimal(education) if education is not None else None,
        born,
    )


def test_the_final_tie_break_chain_skd_total_tkp_tiu_education_then_the_older():
    # With the SKD total, TKP and TIU equal, TWK is equal too: the chain's TWK step never decides.
    candidates = [
        final("younger", "80", born=dt.date(1999, 1, 1)),
        final("older", "80", born=dt.date(1997, 1, 1)),
        final("higher_ipk", "80", education="3.60"),
        final("no_ipk", "80", education=None, born=dt.date(1990, 1, 1)),
        final("higher_tiu", "80", tkp=150, tiu=101, twk=99),
        final("higher_tkp", "80", tkp=151, tiu=99, twk=100),
        final("higher_skd", "80", tkp=151),
        final("higher_final", "80.01", tkp=100),
    ]
    placements = rank_final(candidates, quota=3)
    assert [p.key for p in placements] == [
        "higher_final",
        "higher_skd",
        "higher_tkp",
        "higher_tiu",
        "higher_ipk",
        "older",
        "younger",
        "no_ipk",
    ]
    assert [p.rank for p in placements] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [p.status for p in placements] == [FinalStatus.LULUS] * 3 + [FinalStatus.PL] * 5


def test_a_missing_component_is_tidak_lulus_without_a_rank():
    placements = rank_final([final("absent", None), final("present", "60")], quota=1)
    assert placements == [
        Placement("present", 1, FinalStatus.LULUS),
        Placement("absent", None, FinalStatus.TIDAK_LULUS),
    ]


def test_candidates_equal_on_the_whole_chain_share_a_rank():
    placements = rank_final([final("a", "70"), final("b", "70"), final("c", "60")], quota=1)
    assert [(p.key, p.rank, p.status) for p in placements] == [
        ("a", 1, FinalStatus.LULUS),
        ("b", 1, FinalStatus.LULUS),
        ("c", 3, FinalStatus.PL),
    ]


def test_explain_says_rank_quota_and_the_formula():
    assert explain(
        rank=4,
        ranked=57,
        quota=3,
        skd_total=395,
        skd_max=550,
        skb=Decimal(70),
        skd_weight=FORTY,
        skb_weight=SIXTY,
    ) == ("peringkat 4 dari 57; kuota 3; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00")


# --- Properties


scores = st.builds(
    SkdScore,
    twk=st.integers(0, 150),
    tiu=st.integers(0, 175),
    tkp=st.integers(0, 225),
)
finals = st.builds(
    lambda skd_score, skb, education, day: (skd_score, skb, education, day),
    scores,
    st.integers(0, 100),
    st.one_of(st.none(), st.integers(200, 400)),
    st.integers(0, 3000),
)


def build(rows: list[tuple[SkdScore, int, int | None, int]]) -> list[FinalCandidate[int]]:
    return [
        FinalCandidate(
            index,
            skd_score,
            final_score(
                skd_total=skd_score.total,
                skd_max=550,
                skb=Decimal(skb),
                skd_weight=FORTY,
                skb_weight=SIXTY,
            ),
            Decimal(education) / 100 if education is not None else None,
            dt.date(1990, 1, 1) + dt.timedelta(days=day),
        )
        for index, (skd_score, skb, education, day) in enumerate(rows)
    ]


@given(st.lists(finals, max_size=25), st.randoms(use_true_random=False), st.integers(1, 5))
def test_the_ranking_does_not_depend_on_input_order(rows, random, quota):
    candidates = build(rows)
    shuffled = list(candidates)
    random.shuffle(shuffled)
    ranks = {p.key: (p.rank, p.status) for p in rank_final(candidates, quota=quota)}
    assert {p.key: (p.rank, p.status) for p in rank_final(shuffled, quota=quota)} == ranks


@given(st.lists(finals, min_size=1, max_size=25), finals, st.integers(1, 5))
def test_adding_a_lower_scoring_applicant_never_changes_the_ranks_above(rows, extra, quota):
    candidates = build(rows)
    lowest = min(c.final for c in candidates if c.final is not None)
    assume(lowest > 0)
    newcomer = build([extra])[0]
    # lower-scoring: a final score strictly below everyone's, whatever the rest of the chain
    added = FinalCandidate(
        len(candidates),
        newcomer.skd,
        lowest - Decimal("0.001"),
        newcomer.education_score,
        newcomer.birth_date,
    )
    before = {p.key: p.rank for p in rank_final(candidates, quota=quota)}
    after = {p.key: p.rank for p in rank_final([*candidates, added], quota=quota)}
    assert {key: after[key] for key in before} == before


@given(st.lists(st.builds(lambda s, k: SkdCandidate(k, s), scores, st.integers()), max_size=30))
def test_the_cut_does_not_depend_on_input_order(candidates):
    unique = list({c.key: c for c in candidates}.values())
    assert set(skd_cut(unique, quota=2, multiplier=3)) == set(
        skd_cut(list(reversed(unique)), quota=2, multiplier=3)
    )


def test_a_withdrawn_candidate_is_unranked_and_the_next_one_moves_up():
    best = FinalCandidate(
        "best", SkdScore(twk=100, tiu=100, tkp=150), Decimal(90), None, BORN, True
    )
    placements = rank_final([best, final("second", "80"), final("third", "70")], quota=1)
    assert placements == [
        Placement("second", 1, FinalStatus.LULUS),
        Placement("third", 2, FinalStatus.PL),
        Placement("best", None, FinalStatus.MENGUNDURKAN_DIRI),
    ]


def test_withdrawal_wins_over_a_missing_component():
    gone = FinalCandidate("gone", SkdScore(twk=100, tiu=100, tkp=150), None, None, BORN, True)
    placements = rank_final([gone, final("absent", None)], quota=1)
    assert placements == [
        Placement("gone", None, FinalStatus.MENGUNDURKAN_DIRI),
        Placement("absent", None, FinalStatus.TIDAK_LULUS),
    ]
