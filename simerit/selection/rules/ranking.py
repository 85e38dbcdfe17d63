"""The national selection rules after the tests: the SKD → SKB cut and the final integration.

Pure functions, no ORM (domain reference §2.3 and §2.4). The multiplier of the cut (3 × quota),
the SKD maximum (550) and the weights (SKD 40 %, SKB 60 %) are parameters: the services pass the
values configured for the period, never constants from here.
"""

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class SkdScore:
    """SKD sub-test scores (§2.1)."""

    twk: int
    tiu: int
    tkp: int

    @property
    def total(self) -> int:
        return self.twk + self.tiu + self.tkp

    def cut_key(self) -> tuple[int, int, int, int]:
        """Higher is better: total, then TKP, TIU, TWK (§2.3, BKN's worked example). With the total,
        TKP and TIU equal TWK is equal too; it stays in the key as the regulation names it."""
        return (self.total, self.tkp, self.tiu, self.twk)


@dataclass(frozen=True)
class SkdCandidate(Generic[Key]):
    key: Key
    skd: SkdScore


def skd_cut(candidates: Sequence[SkdCandidate[Key]], *, quota: int, multiplier: int) -> list[Key]:
    """Who proceeds to the SKB among candidates who met the passing grade of their track.

    Ranked by total SKD, ties by TKP, then TIU, then TWK; the first `multiplier × quota` proceed,
    and everyone tied with the last of them on the total and all three sub-tests proceeds too
    (§2.3). Returns the keys in rank order.
    """
    if quota < 1 or multiplier < 1:
        raise ValueError("Kuota dan pengali harus paling sedikit 1.")
    ranked = sorted(candidates, key=lambda candidate: candidate.skd.cut_key(), reverse=True)
    slots = quota * multiplier
    if len(ranked) <= slots:
        return [candidate.key for candidate in ranked]
    last = ranked[slots - 1].skd.cut_key()
    return [
        candidate.key
        for index, candidate in enumerate(ranked)
        if index < slots or candidate.skd.cut_key() == last
    ]


def final_score(
    *,
    skd_total: int,
    skd_max: int,
    skb: Decimal,
    skd_weight: Decimal,
    skb_weight: Decimal,
) -> Decimal:
    """Nilai akhir on a 0–100 scale: skd_weight × SKD/skd_max × 100 + skb_weight × SKB (§2.4).

    `skb` is already on a 0–100 scale (the weighted SKB components); weights are fractions that
    sum to 1 (e.g. 0.4 and 0.6). Exact: rounding is for display only (see `display`).
    """
    if skd_max < 1:
        raise ValueError("Nilai maksimum SKD harus positif.")
    if skd_weight + skb_weight != 1:
        raise ValueError("Bobot SKD dan SKB harus berjumlah 100 %.")
    if not 0 <= skd_total <= skd_max or not 0 <= skb <= HUNDRED:
        raise ValueError("Nilai SKD atau SKB di luar rentang.")
    return skd_weight * Decimal(skd_total) / Decimal(skd_max) * HUNDRED + skb_weight * skb


def display(value: Decimal) -> str:
    """78,40: two decimals, half up, Indonesian decimal comma."""
    return str(value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)).replace(".", ",")


class FinalStatus(StrEnum):
    LULUS = "lulus"
    # Passed without a place in the quota: available for optimalisasi onto an empty formasi
    # of the same position (§2.4).
    PL = "p_l"
    TIDAK_LULUS = "tidak_lulus"
    # Withdrew after the cut: outside the ranking, the next rank moves up.
    MENGUNDURKAN_DIRI = "mengundurkan_diri"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    FinalStatus.LULUS: "Lulus",
    FinalStatus.PL: "P/L",
    FinalStatus.TIDAK_LULUS: "Tidak Lulus",
    FinalStatus.MENGUNDURKAN_DIRI: "Mengundurkan diri",
}


@dataclass(frozen=True)
class FinalCandidate(Generic[Key]):
    key: Key
    skd: SkdScore
    final: Decimal | None  # None: a component is missing (absent): outside the ranking
    # IPK (diploma/sarjana/magister) or the average ijazah score (SMA); None ranks lowest.
    education_score: Decimal | None
    birth_date: dt.date
    # Withdrew (mengundurkan diri): outside the ranking, so the next rank moves up.
    withdrawn: bool = False


@dataclass(frozen=True)
class Placement(Generic[Key]):
    key: Key
    rank: int | None
    status: FinalStatus


def final_key(candidate: FinalCandidate[Key]) -> tuple[Decimal, int, int, int, int, Decimal, int]:
    """Higher is better: final, SKD total, TKP, TIU, TWK, education score, age (§2.4)."""
    if candidate.final is None:
        raise ValueError("Peserta tanpa nilai akhir tidak diperingkat.")
    education = candidate.education_score if candidate.education_score is not None else Decimal(-1)
    # The older applicant first: an earlier birth date ranks higher.
    return (
        candidate.final,
        *candidate.skd.cut_key(),
        education,
        -candidate.birth_date.toordinal(),
    )


def rank_final(candidates: Sequence[FinalCandidate[Key]], *, quota: int) -> list[Placement[Key]]:
    """Ranking of one formasi after integration: ranks 1..quota are Lulus, the others with every
    component P/L, anyone with a missing component Tidak Lulus (no rank), anyone who withdrew
    Mengundurkan diri (no rank: the next one moves up). Candidates equal on the whole tie-break
    chain share a rank. The result is in rank order, unranked last (in the order given)."""
    if quota < 1:
        raise ValueError("Kuota harus paling sedikit 1.")
    complete = sorted(
        (
            candidate
            for candidate in candidates
            if candidate.final is not None and not candidate.withdrawn
        ),
        key=final_key,
        reverse=True,
    )
    placements: list[Placement[Key]] = []
    previous: tuple[Decimal, int, int, int, int, Decimal, int] | None = None
    rank = 0
    for index, candidate in enumerate(complete, start=1):
        key = final_key(candidate)
        if key != previous:
            rank = index
            previous = key
        status = FinalStatus.LULUS if rank <= quota else FinalStatus.PL
        placements.append(Placement(candidate.key, rank, status))
    placements += [
        Placement(
            candidate.key,
            None,
            FinalStatus.MENGUNDURKAN_DIRI if candidate.withdrawn else FinalStatus.TIDAK_LULUS,
        )
        for candidate in candidates
        if candidate.final is None or candidate.withdrawn
    ]
    return placements


def explain(
    *,
    rank: int,
    ranked: int,
    quota: int,
    skd_total: int,
    skd_max: int,
    skb: Decimal,
    skd_weight: Decimal,
    skb_weight: Decimal,
) -> str:
    """Why, in one line: "peringkat 4 dari 57; kuota 3; nilai akhir 78,40 = 40 % × (395/550 ×
    100) + 60 % × 70,00"."""
    final = final_score(
        skd_total=skd_total, skd_max=skd_max, skb=skb, skd_weight=skd_weight, skb_weight=skb_weight
    )
    return (
        f"peringkat {rank} dari {ranked}; kuota {quota}; nilai akhir {display(final)} = "
        f"{_percent(skd_weight)} % × ({skd_total}/{skd_max} × 100) + "
        f"{_percent(skb_weight)} % × {display(skb)}"
    )


def _percent(weight: Decimal) -> str:
    return format((weight * HUNDRED).normalize(), "f").replace(".", ",")
