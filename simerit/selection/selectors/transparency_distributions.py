"""Score histograms of the public transparency portal (issue #5 item 7): SKD, SKB and final
scores of a period or of one public formasi, each one GROUP BY over bins computed in the database.

Score histograms and differencing: the page draws the period's histogram and, on request, the
histogram of any public formasi, so a visitor can subtract one from the other. All of them are
drawn over ONE set of bin edges per period and kind (`rules.anonymity.shared_histograms`, rule 4),
merged until each bin holds 0 or at least k people in every drawn formasi and in the rest of the
period (formasi not drawn: non-public ones, those below k, and any hidden so that this rest is not
a small group). The period histogram is that rest plus the drawn formasi, so the period's bins
and every difference (period − formasi, period − several formasi) are 0 or at least k. A formasi
histogram of fewer than k people is not drawn at all (the page says so); neither is the period's
when the whole period has fewer than k. (k and the counting rules: `transparency`.)
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from simerit.exams.models import ExamKind, ExamResult
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.selectors.board import PUBLIC_FORMASI_STATUSES
from simerit.selection.models import ResultAnnouncement, ResultAnnouncementEntry, SelectionSetup
from simerit.selection.rules.anonymity import (
    Histogram,
    SharedHistograms,
    even_edges,
    shared_histograms,
)
from simerit.selection.selectors.transparency import min_group

FINAL_EDGES = even_edges(100, 10)

# --- score distributions


@dataclass(frozen=True)
class Distributions:
    """`skd` / `final` None: nothing drawn. `skd_hidden` / `final_hidden` say why: True when
    scores are published but the histogram is withheld (fewer than k people, or it would let a
    small group be computed from the other histograms of the period); False when nothing of that
    kind is published yet for the period (or formasi)."""

    skd: Histogram | None
    final: Histogram | None
    skd_max: int
    skd_hidden: bool = False
    final_hidden: bool = False


def _bin_case(field: str, edges: Sequence[int]) -> Case:
    """The bin of `field` computed by the database, exactly as `rules.anonymity.bin_index`."""
    return Case(
        *[
            When(**{f"{field}__lt": edges[index + 1]}, then=Value(index))
            for index in range(len(edges) - 2)
        ],
        default=Value(len(edges) - 2),
        output_field=IntegerField(),
    )


def _shared(
    queryset: QuerySet[Any], *, field: str, formasi: str, edges: Sequence[int], k: int
) -> SharedHistograms[int]:
    """Counts per formasi and bin (one GROUP BY), drawn over the period's common edges; formasi
    that are not public are never drawn on their own (their people count in the period)."""
    rows = (
        queryset.order_by()
        .annotate(bin=_bin_case(field, edges))
        .values(formasi, f"{formasi}__status", "bin")
        .annotate(n=Count("pk"))
        .values_list(formasi, f"{formasi}__status", "bin", "n")
    )
    parts: dict[int, list[int]] = {}
    private: set[int] = set()
    for formasi_id, status, index, n in rows:
        parts.setdefault(formasi_id, [0] * (len(edges) - 1))[index] += n
        if status not in PUBLIC_FORMASI_STATUSES:
            private.add(formasi_id)
    return shared_histograms(parts, edges, k, never_shown=private)


def _pick(shared: SharedHistograms[int], formasi: Formasi | None) -> tuple[Histogram | None, bool]:
    """(the histogram to draw or None, whether it is withheld)."""
    if formasi is None:
        if shared.whole is None:
            return None, True
        return (shared.whole, False) if shared.whole.n else (None, False)
    drawn = shared.parts.get(formasi.pk)
    if drawn is not None and drawn.n:
        return drawn, False
    return None, formasi.pk in shared.hidden


def skd_edges(skd_max: int) -> list[int]:
    """Bins of 50 for the national 550; for a smaller test (the demo's), the widest of 25, 10, 5
    or 1 that still gives at least five bins."""
    width = next((width for width in (50, 25, 10, 5) if skd_max // width >= 5), 1)
    return even_edges(skd_max, width)


def period_setup(period: SelectionPeriod) -> tuple[SelectionSetup, bool]:
    """The period's selection setup and whether it is stored; an unsaved row with the national
    defaults when the period has none (a public read never creates one)."""
    setup = SelectionSetup.objects.filter(period=period).first()
    if setup is None:
        return SelectionSetup(period=period), False
    return setup, True


def score_distributions(
    period: SelectionPeriod,
    formasi: Formasi | None = None,
    *,
    k: int | None = None,
    skd_max: int | None = None,
) -> Distributions:
    """Histograms of published SKD totals (0 – skd_max, bins of 50 for 550) and of the final
    scores of the newest published final announcements (0–100, bins of 10) for the period or one
    formasi, k-anonymous together (the module docstring): the bins are the same whichever formasi
    is asked for. One GROUP BY each over the whole period (plus one read of the setup for
    skd_max)."""
    k = min_group() if k is None else k
    if skd_max is None:
        skd_max = period_setup(period)[0].skd_max
    skd = ExamResult.objects.filter(
        application__period=period,
        kind=ExamKind.SKD,
        blueprint__results_published_at__isnull=False,
    )
    newest_version = ResultAnnouncement.objects.filter(
        formasi=OuterRef("announcement__formasi")
    ).order_by("-version")
    final = ResultAnnouncementEntry.objects.filter(
        announcement__formasi__period=period,
        final_score__isnull=False,
        announcement__version=Subquery(newest_version.values("version")[:1]),
    )
    skd_histogram, skd_hidden = _pick(
        _shared(skd, field="total", formasi="application__formasi", edges=skd_edges(skd_max), k=k),
        formasi,
    )
    final_histogram, final_hidden = _pick(
        _shared(
            final, field="final_score", formasi="announcement__formasi", edges=FINAL_EDGES, k=k
        ),
        formasi,
    )
    return Distributions(
        skd=skd_histogram,
        final=final_histogram,
        skd_max=skd_max,
        skd_hidden=skd_hidden,
        final_hidden=final_hidden,
    )


def chart_data(histogram: Histogram | None, *, decimals: bool = False) -> dict[str, Any] | None:
    """What the chart script reads (json_script): labels, counts (null when suppressed)."""
    if histogram is None:
        return None
    labels = [f"{low}–{high}" for low, high in ((b.low, b.high) for b in histogram.bins)]
    return {
        "labels": labels,
        "counts": [b.count for b in histogram.bins],
        "k": histogram.k,
        "n": histogram.n,
        "suppressed": histogram.suppressed,
        "decimals": decimals,
    }
