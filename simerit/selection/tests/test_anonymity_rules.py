from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simerit.selection.rules.anonymity import (
    Bin,
    bin_counts,
    even_edges,
    histogram,
    merge_bins,
    shared_histograms,
    suppress,
    suppress_parts,
)

SKD_EDGES = even_edges(550, 50)


# --- one count


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (6, 6), (1000, 1000)]
)
def test_a_count_below_k_is_suppressed_and_zero_is_shown(count, shown):
    assert suppress(count, 5) == shown


def test_k_of_one_shows_every_count():
    assert [suppress(count, 1) for count in (0, 1, 2)] == [0, 1, 2]


@pytest.mark.parametrize("k", [0, -1])
def test_k_must_be_positive(k):
    with pytest.raises(ValueError, match="paling sedikit 1"):
        suppress(3, k)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negatif"):
        suppress(-1, 5)


# --- complementary suppression


def test_a_small_tms_hides_the_ms_too_because_ms_is_applicants_minus_tms():
    # 12 applicants, 9 MS, 3 TMS, 0 not yet announced (never shown)
    assert suppress_parts([9, 3, 0], 5, never_shown={2}) == [None, None, None]


def test_parts_of_at_least_k_are_all_shown():
    assert suppress_parts([9, 6, 0], 5, never_shown={2}) == [9, 6, None]


def test_zero_parts_stay_shown_when_the_hidden_ones_hold_k():
    # 3 TMS and 2 not announced: hidden together 5 people, so MS and the zero stay
    assert suppress_parts([7, 3, 2, 0], 5, never_shown={2}) == [7, None, None, 0]


def test_a_large_never_shown_part_covers_a_small_one():
    assert suppress_parts([9, 3, 6], 5, never_shown={2}) == [9, None, None]


def test_a_small_never_shown_remainder_hides_the_smallest_shown_part():
    # applicants 12 = 11 MS + 0 TMS + 1 not announced: 1 could be read off, so MS is hidden
    assert suppress_parts([11, 0, 1], 5, never_shown={2}) == [None, 0, None]


def test_the_smallest_shown_part_is_hidden_first():
    assert suppress_parts([20, 7, 2], 5) == [20, None, None]


def test_when_nothing_can_cover_a_small_group_every_part_is_hidden():
    assert suppress_parts([3, 0], 5) == [None, None]


@given(
    parts=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=6),
    k=st.integers(min_value=1, max_value=10),
    data=st.data(),
)
def test_hidden_parts_never_reveal_a_small_group(parts, k, data):
    never_shown = data.draw(st.sets(st.integers(min_value=0, max_value=len(parts) - 1)))

    shown = suppress_parts(parts, k, never_shown=never_shown)

    hidden_total = sum(part for part, value in zip(parts, shown, strict=True) if value is None)
    assert all(value is None or value == part for part, value in zip(parts, shown, strict=True))
    assert all(value is None or value == 0 or value >= k for value in shown)
    assert all(shown[index] is None for index in never_shown)
    assert hidden_total == 0 or hidden_total >= k or all(value is None for value in shown)


# --- histograms


def test_bins_are_half_open_and_the_last_one_closed():
    assert bin_counts([0, 49, 50, 500, 549, 550], SKD_EDGES) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3]


def test_values_outside_the_edges_are_clamped_to_the_end_bins():
    assert bin_counts([-3, 600], [0, 50, 100]) == [1, 1]


def test_a_bin_of_two_merges_with_its_neighbour():
    # 0–10: 6, 10–20: 2, 20–30: 4, 30–40: 7
    result = merge_bins([6, 2, 4, 7], [0, 10, 20, 30, 40], 5)

    assert result.bins == (Bin(0, 10, 6), Bin(10, 30, 6), Bin(30, 40, 7))
    assert (result.n, result.suppressed) == (19, 0)


def test_empty_bins_are_shown_as_zero():
    result = merge_bins([5, 0, 0, 5], [0, 1, 2, 3, 4], 5)

    assert result.bins == (Bin(0, 1, 5), Bin(1, 2, 0), Bin(2, 3, 0), Bin(3, 4, 5))


def test_a_small_group_at_the_top_merges_into_the_bins_below():
    result = merge_bins([5, 0, 2], [0, 10, 20, 30], 5)

    assert result.bins == (Bin(0, 30, 7),)


def test_fewer_than_k_values_are_suppressed_altogether():
    result = histogram([Decimal("71.5"), Decimal("80.25"), Decimal(90)], even_edges(100, 10), 5)

    assert result.bins == (Bin(0, 100, None),)
    assert (result.n, result.suppressed) == (3, 3)


def test_no_values_give_empty_bins():
    result = histogram([], [0, 50, 100], 5)

    assert result.bins == (Bin(0, 50, 0), Bin(50, 100, 0))
    assert (result.n, result.suppressed) == (0, 0)


def test_even_edges_end_at_the_maximum():
    assert even_edges(100, 10) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert even_edges(150, 40) == [0, 40, 80, 120, 150]


@pytest.mark.parametrize("edges", [[0], [0, 0], [10, 5]])
def test_edges_must_rise(edges):
    with pytest.raises(ValueError, match=r"(?i)batas kelas"):
        bin_counts([1], edges)


@given(
    counts=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=15),
    k=st.integers(min_value=1, max_value=10),
)
def test_merged_histograms_are_k_anonymous_complete_and_ordered(counts, k):
    edges = list(range(0, 10 * (len(counts) + 1), 10))

    result = merge_bins(counts, edges, k)

    shown = [b.count for b in result.bins if b.count is not None]
    assert all(count == 0 or count >= k for count in shown)
    assert sum(shown) + result.suppressed == result.n == sum(counts)
    assert result.bins[0].low == edges[0]
    assert result.bins[-1].high == edges[-1]
    assert all(a.high == b.low for a, b in pairwise(result.bins))
    assert all(b.low < b.high for b in result.bins)
    assert result.suppressed == (sum(counts) if 0 < sum(counts) < k else 0)


@given(
    values=st.lists(st.integers(min_value=0, max_value=550), max_size=60),
    k=st.integers(min_value=1, max_value=8),
)
def test_every_value_is_counted_once(values, k):
    result = histogram(values, SKD_EDGES, k)

    shown = sum(b.count for b in result.bins if b.count is not None)
    assert shown + result.suppressed == len(values)
    for b in result.bins:
        if b.count is not None:
            last = b.high == SKD_EDGES[-1]
            assert b.count == sum(
                1 for v in values if b.low <= v < b.high or (last and v == b.high)
            )


# --- a whole and its parts over one set of edges


def nonzero(result):
    return [(b.low, b.high, b.count) for b in result.bins if b.count]


def test_the_whole_and_each_part_share_edges_so_differencing_reveals_no_small_group():
    # period 300–350: 8, 350–400: 7; formasi A 5 + 5, B 3 + 2 (k = 5). Merged separately,
    # period − A would split B's 5 into 3 and 2.
    edges = even_edges(550, 50)
    a = bin_counts([310] * 5 + [360] * 5, edges)
    b = bin_counts([310] * 3 + [360] * 2, edges)

    result = shared_histograms({"A": a, "B": b}, edges, 5)

    assert result.edges == (0, 50, 100, 150, 200, 250, 300, 400, 450, 500, 550)
    assert result.whole is not None
    assert nonzero(result.whole) == [(300, 400, 15)]
    assert nonzero(result.parts["A"]) == [(300, 400, 10)]
    assert nonzero(result.parts["B"]) == [(300, 400, 5)]
    assert result.hidden == frozenset()
    assert all(h.suppressed == 0 for h in (result.whole, *result.parts.values()))


def test_a_part_below_k_is_not_drawn_and_a_small_rest_hides_the_smallest_drawn_part():
    edges = [0, 10, 20]
    # A 10, B 3: the rest (B) would be 3 = period − A, so A is not drawn either
    result = shared_histograms({"A": [5, 5], "B": [3, 0]}, edges, 5)

    assert result.parts == {}
    assert result.hidden == frozenset({"A", "B"})
    assert result.whole is not None
    assert result.whole.bins == (Bin(0, 10, 8), Bin(10, 20, 5))


def test_the_rest_of_hidden_parts_is_a_group_of_its_own():
    # C is never shown (5 people, split 2 + 3); A alone could be drawn in two bins of 5, but then
    # period − A gives C's 2 and 3
    result = shared_histograms({"A": [5, 5], "C": [2, 3]}, [0, 10, 20], 5, never_shown={"C"})

    assert result.whole is not None
    assert result.whole.bins == (Bin(0, 20, 15),)
    assert result.parts["A"].bins == (Bin(0, 20, 10),)
    assert "C" not in result.parts
    assert result.hidden == frozenset({"C"})


def test_a_whole_below_k_draws_nothing():
    result = shared_histograms({"A": [2, 0], "B": [0, 1]}, [0, 10, 20], 5)

    assert result.whole is None
    assert result.parts == {}
    assert result.hidden == frozenset({"A", "B"})


def test_parts_of_at_least_k_in_every_bin_keep_the_fine_bins():
    result = shared_histograms({"A": [5, 0, 6], "B": [0, 0, 7]}, [0, 10, 20, 30], 5)

    assert result.edges == (0, 10, 20, 30)
    assert result.whole is not None
    assert result.whole.bins == (Bin(0, 10, 5), Bin(10, 20, 0), Bin(20, 30, 13))


def test_shared_histograms_refuse_bad_counts():
    with pytest.raises(ValueError, match="tidak sesuai"):
        shared_histograms({"A": [1, 2, 3]}, [0, 10, 20], 5)
    with pytest.raises(ValueError, match="negatif"):
        shared_histograms({"A": [1, -2]}, [0, 10, 20], 5)


def _safe(count, k):
    return count == 0 or count >= k


@given(
    scores=st.lists(
        st.lists(st.integers(min_value=0, max_value=550), max_size=25), min_size=1, max_size=6
    ),
    k=st.integers(min_value=1, max_value=8),
    data=st.data(),
)
def test_no_shown_bin_and_no_period_minus_formasi_difference_is_a_small_group(scores, k, data):
    never_shown = data.draw(st.sets(st.integers(min_value=0, max_value=len(scores) - 1)))
    parts = {index: bin_counts(values, SKD_EDGES) for index, values in enumerate(scores)}

    result = shared_histograms(parts, SKD_EDGES, k, never_shown=never_shown)

    everyone = [value for values in scores for value in values]
    if 0 < len(everyone) < k:
        assert result.whole is None
        assert result.parts == {}
        return
    assert result.whole is not None
    assert result.whole.n == len(everyone)
    # one set of edges, taken from the base edges, for the whole and every drawn part
    assert result.edges[0] == SKD_EDGES[0]
    assert result.edges[-1] == SKD_EDGES[-1]
    assert set(result.edges) <= set(SKD_EDGES)
    assert list(result.edges) == sorted(result.edges)
    drawn = [result.whole, *result.parts.values()]
    for shown in drawn:
        assert [b.low for b in shown.bins] + [shown.bins[-1].high] == list(result.edges)
        assert all(b.count is not None and _safe(b.count, k) for b in shown.bins)
    # the counts are the true counts
    for index, shown in result.parts.items():
        last = len(shown.bins) - 1
        assert [b.count for b in shown.bins] == [
            sum(
                1
                for value in scores[index]
                if b.low <= value < b.high or (position == last and value == b.high)
            )
            for position, b in enumerate(shown.bins)
        ]
    # every difference a visitor can take: period − one formasi, period − all drawn formasi
    whole = [b.count or 0 for b in result.whole.bins]
    for shown in result.parts.values():
        part = [b.count or 0 for b in shown.bins]
        assert all(_safe(w - p, k) for w, p in zip(whole, part, strict=True))
    rest = [
        w - sum(b.count or 0 for b in (shown.bins[position] for shown in result.parts.values()))
        for position, w in enumerate(whole)
    ]
    assert all(_safe(count, k) for count in rest)
    # a formasi is drawn only when public and of at least k people; never one below k
    for index, values in enumerate(scores):
        if index in never_shown or 0 < len(values) < k:
            assert index not in result.parts
        if values and index not in result.parts:
            assert index in result.hidden
