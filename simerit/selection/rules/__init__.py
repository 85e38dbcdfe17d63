"""The selection's regulation formulas: pure functions, no ORM.

`ranking`: the SKD → SKB cut, the integration and the final tie-breaks (§2.3–§2.4).
`assessment`: rubric scores, aggregation of several assessors and inter-rater reliability (§3.3).
"""

from simerit.selection.rules.ranking import (
    FinalCandidate,
    FinalStatus,
    Placement,
    SkdCandidate,
    SkdScore,
    display,
    explain,
    final_key,
    final_score,
    rank_final,
    skd_cut,
)

__all__ = [
    "FinalCandidate",
    "FinalStatus",
    "Placement",
    "SkdCandidate",
    "SkdScore",
    "display",
    "explain",
    "final_key",
    "final_score",
    "rank_final",
    "skd_cut",
]
