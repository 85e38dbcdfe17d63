"""Rules of §5 as pure functions: the predikat matrix (§5.4), capped achievement (§5.3), 360
anonymity and the justification margin (§5.7), angka kredit (§5.8), rater bias (§5.7) and the
evaluation → training thresholds. The distribution curve (§5.5) is in test_rules_distribution.py."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simerit.performance import rules
from simerit.performance.berakhlak import BERAKHLAK
from simerit.performance.models import Predikat, Rating
from simerit.performance.rules import BiasThresholds, GroupVisibility, RaterFlags

A, S, B = Rating.ABOVE, Rating.AS_EXPECTED, Rating.BELOW

# --- the predikat matrix (§5.4): all 9 cells


@pytest.mark.parametrize(
    ("result", "behaviour", "expected"),
    [
        (A, B, Predikat.KURANG),
        (A, S, Predikat.BAIK),
        (A, A, Predikat.SANGAT_BAIK),
        (S, B, Predikat.KURANG),
        (S, S, Predikat.BAIK),
        (S, A, Predikat.BAIK),
        (B, B, Predikat.SANGAT_KURANG),
        (B, S, Predikat.BUTUH_PERBAIKAN),
        (B, A, Predikat.BUTUH_PERBAIKAN),
    ],
)
def test_each_cell_of_the_matrix(result, behaviour, expected):
    assert rules.predikat(result=result, behaviour=behaviour) == expected
    # The stored string values give the same answer.
    assert rules.predikat(result=result.value, behaviour=behaviour.value) == expected


def test_the_matrix_has_exactly_the_nine_cells():
    assert set(rules.PREDIKAT_MATRIX) == {(r, b) for r in Rating for b in Rating}


def test_an_unknown_rating_is_refused():
    with pytest.raises(ValueError, match="is not a valid"):
        rules.predikat(result="excellent", behaviour=S)  # type: ignore[arg-type]


# --- achievement (PP 30/2019, §5.3): capped


@pytest.mark.parametrize(
    ("target", "realised", "lower_is_better", "expected"),
    [
        ("100", "100", False, "100.00"),
        ("100", "80", False, "80.00"),
        ("100", "120", False, "120.00"),
        ("100", "150", False, "120"),  # capped
        ("3", "1", False, "33.33"),
        ("3", "2", False, "66.67"),  # half up
        ("8", "1", False, "12.50"),
        ("100", "0", False, "0.00"),
        ("10", "20", True, "50.00"),  # 20 days where 10 were the target
        ("10", "10", True, "100.00"),
        ("10", "9", True, "111.11"),
        ("10", "8", True, "120"),  # 125 capped
    ],
)
def test_achievement(target, realised, lower_is_better, expected):
    result = rules.achievement(
        target=Decimal(target), realised=Decimal(realised), lower_is_better=lower_is_better, cap=120
    )
    assert result == Decimal(expected)


def test_achievement_cannot_be_computed_on_a_zero_target_or_zero_cost():
    assert (
        rules.achievement(target=Decimal(0), realised=Decimal(5), lower_is_better=False, cap=120)
        is None
    )
    assert (
        rules.achievement(target=Decimal(5), realised=Decimal(0), lower_is_better=True, cap=120)
        is None
    )


def test_achievement_refuses_negative_numbers():
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        rules.achievement(target=Decimal(-1), realised=Decimal(5), lower_is_better=False, cap=120)
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        rules.achievement(target=Decimal(1), realised=Decimal(-5), lower_is_better=True, cap=120)


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(target=amounts, realised=amounts, lower=st.booleans(), cap=st.integers(100, 300))
def test_achievement_never_exceeds_the_cap_nor_goes_negative(target, realised, lower, cap):
    result = rules.achievement(target=target, realised=realised, lower_is_better=lower, cap=cap)
    if result is not None:
        assert Decimal(0) <= result <= cap


# --- anonymity of 360 input (§5.7; the issue: at least 3 answers per group)

SHOWN = GroupVisibility(shown=True, merged=False, reason="")


def visibility(**counts):
    return rules.group_visibility(counts, min_raters=3)


def test_two_peer_answers_are_withheld_with_the_reason():
    result = visibility(peer=2)
    assert result["peer"] == GroupVisibility(
        shown=False,
        merged=False,
        reason=(
            "Baru 2 jawaban dari kelompok ini; hasilnya ditampilkan setelah paling sedikit 3 "
            "penilai menjawab agar penilai tidak dapat dikenali."
        ),
    )


def test_three_peer_answers_are_shown():
    assert visibility(peer=3) == {"peer": SHOWN}


def test_two_peers_and_one_subordinate_are_merged():
    result = visibility(peer=2, subordinate=1)
    assert {group: (v.shown, v.merged) for group, v in result.items()} == {
        "peer": (False, True),
        "subordinate": (False, True),
    }
    assert "digabung" in result["peer"].reason


def test_a_small_group_is_not_merged_into_a_shown_one():
    # 5 peers are shown; merging 1 subordinate into them would let anyone subtract the peers'
    # mean from the merged mean and read the subordinate's answer: withheld instead.
    result = visibility(peer=5, subordinate=1)
    assert result["peer"] == SHOWN
    assert (result["subordinate"].shown, result["subordinate"].merged) == (False, False)
    assert result["subordinate"].reason.startswith("Baru 1 jawaban")


def test_two_small_groups_too_small_together_are_both_withheld():
    result = visibility(peer=1, subordinate=1)
    assert all(not v.shown and not v.merged for v in result.values())


def test_self_and_supervisor_are_always_shown_and_empty_groups_left_out():
    assert visibility(self=1, supervisor=1, peer=0) == {"self": SHOWN, "supervisor": SHOWN}


def test_the_minimum_is_the_years_setting():
    assert rules.group_visibility({"peer": 4}, min_raters=5)["peer"].shown is False
    assert rules.group_visibility({"peer": 2}, min_raters=2)["peer"] == SHOWN


# --- the decision against the 360 evidence (the item 3)


def test_rating_scale_values():
    assert {B: Decimal(2), S: Decimal(3), A: Decimal(4)} == rules.RATING_SCALE_VALUE


@pytest.mark.parametrize(
    ("decision", "evidence", "margin", "expected"),
    [
        (A, "3.00", "1", False),  # exactly at the margin
        (A, "2.99", "1", True),
        (A, "5.00", "1", False),
        (B, "3.00", "1", False),
        (B, "3.01", "1", True),
        (B, "1.00", "1", False),
        (S, "4.50", "1", True),
        (S, "3.00", "0", False),
        (S, "3.01", "0", True),
        (S, "4.50", "1.50", False),
    ],
)
def test_needs_justification(decision, evidence, margin, expected):
    assert (
        rules.needs_justification(
            decision=decision, evidence_mean=Decimal(evidence), margin=Decimal(margin)
        )
        is expected
    )


def test_no_evidence_needs_no_justification():
    assert rules.needs_justification(decision=A, evidence_mean=None, margin=Decimal(0)) is False


def test_needs_justification_accepts_the_stored_value():
    assert rules.needs_justification(decision="below", evidence_mean=Decimal(4), margin=Decimal(1))  # type: ignore[arg-type]


# --- angka kredit (§5.8)


def test_bkn_examples_ahli_pertama():
    coefficient = Decimal("12.5")
    sb = rules.angka_kredit(predikat=Predikat.SANGAT_BAIK, months=12, coefficient=coefficient)
    assert sb == Decimal("18.750")
    assert str(sb) == "18.750"
    baik = rules.angka_kredit(predikat=Predikat.BAIK, months=2, coefficient=coefficient)
    assert str(baik) == "2.083"


@pytest.mark.parametrize(
    ("predikat", "expected"),
    [
        (Predikat.SANGAT_BAIK, "37.500"),
        (Predikat.BAIK, "25.000"),
        (Predikat.BUTUH_PERBAIKAN, "18.750"),
        (Predikat.KURANG, "12.500"),
        (Predikat.SANGAT_KURANG, "6.250"),
    ],
)
def test_each_predikat_percentage_on_ahli_muda(predikat, expected):
    result = rules.angka_kredit(predikat=predikat, months=12, coefficient=Decimal(25))
    assert str(result) == expected


def test_angka_kredit_rounds_half_up():
    # 1/12 × 25 % × 12.5 = 0.2604166… → 0.260; 1/12 × 150 % × 3 = 0.375 exactly.
    assert (
        str(
            rules.angka_kredit(
                predikat=Predikat.SANGAT_KURANG, months=1, coefficient=Decimal("12.5")
            )
        )
        == "0.260"
    )
    assert (
        str(rules.angka_kredit(predikat=Predikat.SANGAT_BAIK, months=1, coefficient=Decimal(3)))
        == "0.375"
    )
    # 5/12 × 75 % × 0.1 = 0.03125 → 0.031; 7/12 × 100 % × 0.0063 = 0.003675 → 0.004 (half up).
    assert (
        str(
            rules.angka_kredit(
                predikat=Predikat.BUTUH_PERBAIKAN, months=5, coefficient=Decimal("0.1")
            )
        )
        == "0.031"
    )
    assert (
        str(rules.angka_kredit(predikat=Predikat.BAIK, months=7, coefficient=Decimal("0.0063")))
        == "0.004"
    )


@pytest.mark.parametrize("months", [0, 13, -1, True])
def test_angka_kredit_months_out_of_range(months):
    with pytest.raises(ValueError, match=r"^Masa penilaian harus 1 sampai 12 bulan\.$"):
        rules.angka_kredit(predikat=Predikat.BAIK, months=months, coefficient=Decimal(25))


@pytest.mark.parametrize("coefficient", ["0", "-12.5"])
def test_angka_kredit_coefficient_must_be_positive(coefficient):
    with pytest.raises(ValueError, match=r"^Koefisien angka kredit harus lebih dari nol\.$"):
        rules.angka_kredit(predikat=Predikat.BAIK, months=12, coefficient=Decimal(coefficient))


@given(
    predikat=st.sampled_from(Predikat),
    months=st.integers(1, 11),
    coefficient=st.decimals(min_value="0.5", max_value=100, places=2),
)
def test_angka_kredit_grows_with_months_and_stays_within_150_percent(predikat, months, coefficient):
    this = rules.angka_kredit(predikat=predikat, months=months, coefficient=coefficient)
    later = rules.angka_kredit(predikat=predikat, months=months + 1, coefficient=coefficient)
    assert Decimal(0) < this <= later <= coefficient * Decimal("1.5")


# --- rater bias (§5.7)


def test_default_thresholds():
    assert BiasThresholds() == BiasThresholds(z=2.0, min_spread=0.5, halo_share=0.8)


NONE = RaterFlags(lenient=False, severe=False, central_tendency=False, halo=False)


@pytest.mark.parametrize(
    ("z", "spread", "halo", "expected"),
    [
        (0.0, 1.0, 0.0, NONE),
        (2.0, 1.0, 0.0, NONE),  # exactly at the threshold: not lenient
        (
            2.01,
            1.0,
            0.0,
            RaterFlags(lenient=True, severe=False, central_tendency=False, halo=False),
        ),
        (-2.0, 1.0, 0.0, NONE),
        (
            -2.01,
            1.0,
            0.0,
            RaterFlags(lenient=False, severe=True, central_tendency=False, halo=False),
        ),
        (0.0, 0.5, 0.0, NONE),  # exactly the minimum spread: no central tendency
        (
            0.0,
            0.49,
            0.0,
            RaterFlags(lenient=False, severe=False, central_tendency=True, halo=False),
        ),
        (0.0, 1.0, 0.79, NONE),
        (0.0, 1.0, 0.8, RaterFlags(lenient=False, severe=False, central_tendency=False, halo=True)),
        (2.5, 0.0, 1.0, RaterFlags(lenient=True, severe=False, central_tendency=True, halo=True)),
        (None, None, None, NONE),  # too few answers to tell
    ],
)
def test_classify_rater(z, spread, halo, expected):
    flags = rules.classify_rater(z=z, spread=spread, halo_share=halo)
    assert flags == expected
    assert flags.any is (expected != NONE)


def test_classify_rater_with_other_thresholds():
    strict = BiasThresholds(z=1.0, min_spread=0.8, halo_share=0.5)
    flags = rules.classify_rater(z=-1.2, spread=0.7, halo_share=0.5, thresholds=strict)
    assert flags == RaterFlags(lenient=False, severe=True, central_tendency=True, halo=True)


def test_z_score():
    assert rules.z_score(4.0, 3.0, 0.5) == 2.0
    assert rules.z_score(2.5, 3.0, 0.25) == -2.0
    assert rules.z_score(Decimal("3.5"), Decimal(3), Decimal("0.5")) == 1.0
    assert rules.z_score(4.0, 3.0, 0.0) is None
    assert rules.z_score(4.0, 3.0, None) is None


def test_normalised():
    # A rater with mean 4 and sd 0.5 gives 4.5: one sd above their own mean, which is 4 on a
    # reference of mean 3 and sd 1.
    assert rules.normalised(4.5, 4.0, 0.5, 3.0, 1.0) == 4.0
    assert rules.normalised(4.0, 4.0, 0.5, 3.0, 1.0) == 3.0
    # A rater without spread keeps the distance from their mean.
    assert rules.normalised(4.0, 4.0, 0.0, 3.2, 1.0) == pytest.approx(3.2)
    assert rules.normalised(5.0, 4.0, None, 3.2, 1.0) == pytest.approx(4.2)
    # A reference without spread maps everything to its mean.
    assert rules.normalised(4.5, 4.0, 0.5, 3.0, 0.0) == 3.0


scores = st.floats(min_value=1, max_value=5)


@given(
    score=scores, mean=scores, sd=st.floats(0.1, 2), shift=st.floats(-2, 2), ref_sd=st.floats(0, 2)
)
def test_a_uniformly_lenient_rater_normalises_to_the_same_scores(score, mean, sd, shift, ref_sd):
    fair = rules.normalised(score, mean, sd, 3.0, ref_sd)
    lenient = rules.normalised(score + shift, mean + shift, sd, 3.0, ref_sd)
    assert lenient == pytest.approx(fair, abs=1e-9)


# --- evaluation → training (the item 8)


def test_weak_predikat_and_their_recommendations():
    assert {
        Predikat.BUTUH_PERBAIKAN,
        Predikat.KURANG,
        Predikat.SANGAT_KURANG,
    } == rules.WEAK_PREDIKAT
    for predikat in Predikat:
        text = rules.predikat_recommendation(predikat)
        if predikat in rules.WEAK_PREDIKAT:
            assert text is not None
            assert 0 < len(text) <= 500
            assert str(predikat.label) in text
        else:
            assert text is None
    assert rules.predikat_recommendation("kurang") == rules.predikat_recommendation(Predikat.KURANG)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "low"),
    [("2.49", True), ("2.50", False), ("2.5", False), ("1.00", True), (None, False)],
)
def test_low_indicator(score, low):
    assert Decimal("2.50") == rules.LOW_INDICATOR_SCORE
    assert rules.is_low_indicator(None if score is None else Decimal(score)) is low


def test_indicator_recommendation_text():
    text = rules.indicator_recommendation(
        value_name="Kompeten", indicator_text="Membantu orang lain belajar", score=Decimal("2.333")
    )
    assert text == (
        'Nilai rata-rata 2,33 dari penilai lain pada panduan perilaku "Membantu orang lain '
        'belajar" (nilai Kompeten) di bawah 2,50: pelatihan atau bimbingan tentang nilai Kompeten.'
    )


def test_every_berakhlak_indicator_fits_the_recommendation_field():
    for _code, name, _definition, indicators in BERAKHLAK:
        for indicator in indicators:
            text = rules.indicator_recommendation(
                value_name=name, indicator_text=indicator, score=Decimal("1.00")
            )
            assert len(text) <= 500
            assert indicator in text


def test_an_overlong_recommendation_is_cut_to_the_field():
    text = rules.indicator_recommendation(
        value_name="X", indicator_text="a" * 600, score=Decimal(1)
    )
    assert len(text) == 500
    assert text.endswith("…")
