"""k-anonymity of the public statistics: no figure on the transparency portal describes a group
of 1 to k − 1 people (issue #5 item 7; UU 27/2022 PDP, data minimisation).

Pure functions, no ORM. `k` is always a parameter: the portal passes the configured minimum group
(`SIMERIT_PORTAL_MIN_GROUP`, 5 by default), never a constant from here.

The rules, as implemented:

1. **One count** (`suppress`): 0 is shown, because it describes nobody; 1 … k − 1 is suppressed
   (None); k or more is shown.
2. **Parts of a shown whole** (`suppress_parts`, complementary suppression against differencing):
   when the whole is shown (e.g. the applicants of a formasi) a hidden part could be recovered by
   subtracting the shown parts from it. So the hidden parts together must hold 0 or at least k
   people: while they hold 1 … k − 1, the smallest shown non-zero part is hidden as well. Parts that
   are never shown (e.g. "not yet announced") count as hidden. When even hiding every non-zero part
   is not enough, every part is hidden (the whole is then below k and the caller hides it too).
3. **Histograms** (`merge_bins`, `histogram`): adjacent bins are merged, left to right, until every
   shown bin holds 0 or at least k people; a small group left at the top end is merged into the
   bins below it. When all the values together are fewer than k, the one remaining bin is
   suppressed. Every value is counted exactly once: shown counts + suppressed = n.
4. **A whole and its parts drawn together** (`shared_histograms`, against differencing: the
   portal shows the period's histogram and, on request, each formasi's). Merging each histogram
   on its own is not enough: with period 300–350: 8, 350–400: 7 and formasi A 5 and 5, formasi B
   merged into one bin of 5 is split again by subtraction into 3 and 2. So:
   - a part (formasi) with 1 … k − 1 people, or one the page never shows, is not drawn; its
     people stay in the whole;
   - the parts not drawn together (the residual: whole − the drawn parts) must hold 0 or at
     least k people, otherwise the smallest drawn part is not drawn either (as rule 2); when
     even that is not enough the whole has fewer than k people and nothing is drawn;
   - one set of bin edges is used for the whole and every drawn part: adjacent bins are merged
     until, in every drawn part and in the residual, each bin holds 0 or at least k people.
   The whole is the sum of the drawn parts and the residual, so every bin of the whole, and every
   difference a visitor can take (whole − any parts, parts + parts), is a sum of bins of 0 or at
   least k people: 0 or at least k itself. Nothing is suppressed inside a drawn histogram.
"""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Generic, TypeVar

Number = int | Decimal
Key = TypeVar("Key", bound=Hashable)


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError("Ukuran kelompok minimal (k) harus paling sedikit 1.")


def suppress(count: int, k: int) -> int | None:
    """The count as it may be shown: 0 and counts of at least k as they are, 1 … k − 1 as None."""
    _check_k(k)
    if count < 0:
        raise ValueError("Jumlah orang tidak boleh negatif.")
    return None if 0 < count < k else count


def suppress_parts(
    parts: Sequence[int], k: int, *, never_shown: Collection[int] = ()
) -> list[int | None]:
    """The parts of a shown whole as they may be shown (rule 2 in the module docstring).

    `never_shown` holds the indexes of parts the page never shows (they are None in the result and
    count as hidden). Among the other parts, a small one (1 … k − 1) is hidden; then, while the
    hidden parts hold 1 … k − 1 people together, the smallest shown non-zero part (the first one
    on a tie) is hidden too. Example with k = 5: MS 9, TMS 3 → both hidden (3 alone could be read
    off as applicants − MS).
    """
    _check_k(k)
    if any(part < 0 for part in parts):
        raise ValueError("Jumlah orang tidak boleh negatif.")
    hidden = {index for index, part in enumerate(parts) if index in never_shown or 0 < part < k}

    def hidden_total() -> int:
        return sum(parts[index] for index in hidden)

    while 0 < hidden_total() < k:
        candidates = [
            (part, index) for index, part in enumerate(parts) if index not in hidden and part > 0
        ]
        if not candidates:
            hidden = set(range(len(parts)))
            break
        hidden.add(min(candidates)[1])
    return [None if index in hidden else part for index, part in enumerate(parts)]


@dataclass(frozen=True)
class Bin:
    """Values from `low` (inclusive) to `high` (exclusive; inclusive for the last bin).
    `count` None: suppressed (fewer than k people)."""

    low: Number
    high: Number
    count: int | None


@dataclass(frozen=True)
class Histogram:
    bins: tuple[Bin, ...]
    n: int
    suppressed: int
    k: int


def _check_edges(edges: Sequence[Number]) -> None:
    if len(edges) < 2:
        raise ValueError("Histogram memerlukan paling sedikit dua batas kelas.")
    if any(low >= high for low, high in pairwise(edges)):
        raise ValueError("Batas kelas histogram harus naik.")


def bin_index(value: Number, edges: Sequence[Number]) -> int:
    """The bin of `value`: [edges[i], edges[i + 1]), the last bin closed. Values below the first
    edge go to the first bin and values above the last edge to the last bin (clamped)."""
    for index in range(len(edges) - 2):
        if value < edges[index + 1]:
            return index
    return len(edges) - 2


def bin_counts(values: Iterable[Number], edges: Sequence[Number]) -> list[int]:
    """How many values fall into each bin (see `bin_index`); len(edges) − 1 counts."""
    _check_edges(edges)
    counts = [0] * (len(edges) - 1)
    for value in values:
        counts[bin_index(value, edges)] += 1
    return counts


def merge_bins(counts: Sequence[int], edges: Sequence[Number], k: int) -> Histogram:
    """The k-anonymous histogram of counts per bin (rule 3 in the module docstring)."""
    _check_k(k)
    _check_edges(edges)
    if len(counts) != len(edges) - 1:
        raise ValueError("Jumlah kelas tidak sesuai dengan batas kelas.")
    if any(count < 0 for count in counts):
        raise ValueError("Jumlah orang tidak boleh negatif.")
    # Each group: [first bin, one past the last bin, people].
    groups: list[list[int]] = []
    current: list[int] | None = None
    for index, count in enumerate(counts):
        if current is None:
            current = [index, index + 1, count]
        else:
            current[1], current[2] = index + 1, current[2] + count
        if current[2] == 0 or current[2] >= k:
            groups.append(current)
            current = None
    if current is not None:
        while groups and current[2] < k:
            previous = groups.pop()
            current = [previous[0], current[1], previous[2] + current[2]]
        groups.append(current)
    n = sum(counts)
    bins = tuple(
        Bin(edges[first], edges[last], suppress(people, k)) for first, last, people in groups
    )
    suppressed = sum(people for _, _, people in groups if suppress(people, k) is None)
    return Histogram(bins=bins, n=n, suppressed=suppressed, k=k)


def histogram(values: Iterable[Number], edges: Sequence[Number], k: int) -> Histogram:
    """The k-anonymous histogram of `values` over the bins given by `edges`."""
    return merge_bins(bin_counts(values, edges), edges, k)


def even_edges(maximum: int, width: int) -> list[int]:
    """0, width, 2 × width, … up to `maximum` (the last bin may be narrower)."""
    if maximum < 1 or width < 1:
        raise ValueError("Nilai maksimum dan lebar kelas harus positif.")
    return [*range(0, maximum, width), maximum]


# --- one set of edges for a whole and its parts (rule 4)


@dataclass(frozen=True)
class SharedHistograms(Generic[Key]):
    """The whole and its drawn parts over the same `edges`.

    `whole` None: the whole holds 1 … k − 1 people, nothing is drawn. `parts`: the drawn parts
    (a part with nobody is drawn too, with empty bins); `hidden`: the parts with people that are
    not drawn (fewer than k, never shown, or hidden so that the residual is not a small group).
    """

    edges: tuple[Number, ...]
    whole: Histogram | None
    parts: dict[Key, Histogram] = field(default_factory=dict)
    hidden: frozenset[Key] = frozenset()


def _safe(count: int, k: int) -> bool:
    return count == 0 or count >= k


def _common_runs(groups: Sequence[Sequence[int]], width: int, k: int) -> list[tuple[int, int]]:
    """Runs of adjacent bins [first, last) such that every group holds 0 or ≥ k people in each
    run: cut left to right as soon as the run is safe in every group; an unsafe run left at the
    top end is merged into the runs below it. Every group's total must be 0 or ≥ k (then the
    single run over all bins is safe, so this always ends)."""

    def safe(first: int, last: int) -> bool:
        return all(_safe(sum(group[first:last]), k) for group in groups)

    runs: list[tuple[int, int]] = []
    first = 0
    for last in range(1, width + 1):
        if safe(first, last):
            runs.append((first, last))
            first = last
    if first < width:
        while runs and not safe(first, width):
            first = runs.pop()[0]
        runs.append((first, width))
    return runs


def _drawn(
    counts: Sequence[int], runs: Sequence[tuple[int, int]], edges: Sequence[Number], k: int
) -> Histogram:
    bins = tuple(Bin(edges[first], edges[last], sum(counts[first:last])) for first, last in runs)
    return Histogram(bins=bins, n=sum(counts), suppressed=0, k=k)


def shared_histograms(
    parts: Mapping[Key, Sequence[int]],
    edges: Sequence[Number],
    k: int,
    *,
    never_shown: Collection[Key] = (),
) -> SharedHistograms[Key]:
    """The histograms of a whole (the sum of `parts`) and of its parts over one set of edges
    (rule 4 in the module docstring). `parts`: counts per bin of `edges` for each part."""
    _check_k(k)
    _check_edges(edges)
    width = len(edges) - 1
    for counts in parts.values():
        if len(counts) != width:
            raise ValueError("Jumlah kelas tidak sesuai dengan batas kelas.")
        if any(count < 0 for count in counts):
            raise ValueError("Jumlah orang tidak boleh negatif.")
    order = list(parts)
    totals = {key: sum(parts[key]) for key in order}
    hidden = {key for key in order if totals[key] > 0 and (key in never_shown or totals[key] < k)}
    while 0 < sum(totals[key] for key in hidden) < k:
        drawn = [
            (totals[key], index)
            for index, key in enumerate(order)
            if key not in hidden and totals[key] > 0
        ]
        if not drawn:
            break
        hidden.add(order[min(drawn)[1]])
    whole = [sum(parts[key][index] for key in order) for index in range(width)]
    if 0 < sum(whole) < k:
        return SharedHistograms(
            edges=tuple(edges),
            whole=None,
            parts={},
            hidden=frozenset(key for key in order if totals[key] > 0),
        )
    residual = [sum(parts[key][index] for key in hidden) for index in range(width)]
    shown = [key for key in order if key not in hidden and key not in never_shown]
    runs = _common_runs([*(parts[key] for key in shown), residual], width, k)
    return SharedHistograms(
        edges=(*(edges[first] for first, _ in runs), edges[-1]),
        whole=_drawn(whole, runs, edges, k),
        parts={key: _drawn(parts[key], runs, edges, k) for key in shown},
        hidden=frozenset(hidden),
    )
