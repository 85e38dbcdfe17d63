"""How a published final result reads (§2.4): the one-line explanation of an entry ("peringkat 4
dari 57; kuota 3; nilai akhir 78,40 = 40 % × ..."), its component cells, and, for entries whose
shown scores look equal, which tie-break step decided the order.
"""

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from simerit.selection import files
from simerit.selection.models import FinalResult, ResultAnnouncementEntry
from simerit.selection.rules import FinalStatus, display, explain


def _missing_components(entry: ResultAnnouncementEntry) -> str:
    parts = []
    for component in entry.skb_components:
        if component.get("score") is not None:
            continue
        why = "tidak hadir" if component.get("status") == files.COMPONENT_ABSENT else "tanpa nilai"
        parts.append(f"{component.get('name', '')} tidak ada ({why})")
    return "; ".join(parts)


def explanation(entry: ResultAnnouncementEntry) -> str:
    """Why, in one line: "peringkat 4 dari 57; kuota 3; nilai akhir 78,40 = 40 % × (395/550 ×
    100) + 60 % × 70,00", or for an unranked line the reason ("Tidak Lulus: nilai komponen
    Simulasi kasus klinis tidak ada (tidak hadir)", "Mengundurkan diri")."""
    status = FinalStatus(entry.status)
    if status == FinalStatus.MENGUNDURKAN_DIRI:
        return f"{status.label}: tidak diperingkat; peringkat berikutnya naik."
    if entry.rank is None or entry.skb_score is None:
        missing = _missing_components(entry)
        return f"{status.label}: nilai komponen {missing}" if missing else status.label
    announcement = entry.announcement
    formula = announcement.formula
    ranked = announcement.entries.filter(rank__isnull=False).count()
    try:
        line = explain(
            rank=entry.rank,
            ranked=ranked,
            quota=announcement.quota,
            skd_total=entry.skd_total,
            skd_max=int(formula["skd_max"]),
            skb=entry.skb_score,
            skd_weight=Decimal(formula["skd_weight"]) / 100,
            skb_weight=Decimal(formula["skb_weight"]) / 100,
        )
    except (KeyError, ValueError, TypeError, ArithmeticError):
        line = f"peringkat {entry.rank} dari {ranked}; kuota {announcement.quota}"
    return line + tie_notes(entry)


# --- Ties that look equal: what decided the order (§2.4)

# The keys after the final score that the published line shows, in the order of the chain.
SHOWN_KEYS = (("total SKD", "skd_total"), ("TKP", "tkp"), ("TIU", "tiu"), ("TWK", "twk"))
EDUCATION = "IPK/rata-rata ijazah"
# When the run's rows of the two applications are gone: the keys that are not published.
PRIVATE_KEYS = f"{EDUCATION} atau usia (tidak diumumkan)"
MAX_PLACES = 30


def tie_notes(entry: ResultAnnouncementEntry) -> str:
    """For each neighbouring rank of the same version (the one above, then the one below) whose
    final score reads the same with two decimals: "; sama-sama 78,40 dengan peringkat 5,
    diputus oleh total SKD 395 > 390". Empty when no neighbour looks equal."""
    if entry.rank is None or entry.final_score is None:
        return ""
    ranked = entry.announcement.entries.filter(rank__isnull=False, final_score__isnull=False)
    above = ranked.filter(rank__lt=entry.rank).order_by("-rank", "registration_number").first()
    below = ranked.filter(rank__gt=entry.rank).order_by("rank", "registration_number").first()
    shown = display(entry.final_score)
    notes = []
    for other in (above, below):
        if other is None or other.final_score is None or display(other.final_score) != shown:
            continue
        notes.append(
            f"; sama-sama {shown} dengan peringkat {other.rank}, diputus oleh "
            f"{deciding_step(entry, other)}"
        )
    return "".join(notes)


def deciding_step(entry: ResultAnnouncementEntry, other: ResultAnnouncementEntry) -> str:
    """The first key of the §2.4 chain on which the two lines differ, with the entry's value
    first: the final score as published (4 decimals), the exact final score (from the published
    breakdown and formula), total SKD, TKP, TIU, TWK, then the IPK and the age from the run's
    rows of the two applications, never their values: only which of them decided."""
    mine, theirs = entry.final_score, other.final_score
    if mine is not None and theirs is not None and mine != theirs:
        return f"nilai akhir {_four(mine)} {_sign(mine, theirs)} {_four(theirs)}"
    exact_mine, exact_theirs = exact_final(entry), exact_final(other)
    if exact_mine is not None and exact_theirs is not None and exact_mine != exact_theirs:
        places = _places_apart(exact_mine, exact_theirs)
        return (
            f"nilai akhir sebelum pembulatan {_digits(exact_mine, places)} "
            f"{_sign(exact_mine, exact_theirs)} {_digits(exact_theirs, places)}"
        )
    for label, name in SHOWN_KEYS:
        a, b = getattr(entry, name), getattr(other, name)
        if a != b:
            return f"{label} {a} {_sign(a, b)} {b}"
    return _private_step(entry, other)


def _private_step(entry: ResultAnnouncementEntry, other: ResultAnnouncementEntry) -> str:
    """IPK (none ranks lowest), then the older first, read from the run's FinalResult rows."""
    rows = {
        application_id: (education, birth_date)
        for application_id, education, birth_date in FinalResult.objects.filter(
            run_id=entry.announcement.run_id,
            application_id__in=[entry.application_id, other.application_id],
        ).values_list("application_id", "education_score", "birth_date")
    }
    if entry.application_id not in rows or other.application_id not in rows:
        return PRIVATE_KEYS
    (education, born), (their_education, their_born) = (
        rows[entry.application_id],
        rows[other.application_id],
    )
    mine = education if education is not None else Decimal(-1)
    theirs = their_education if their_education is not None else Decimal(-1)
    if mine != theirs:
        return f"{EDUCATION} {'lebih tinggi' if mine > theirs else 'lebih rendah'}"
    if born != their_born:
        return f"usia {'lebih tua' if born < their_born else 'lebih muda'}"
    return PRIVATE_KEYS


def exact_final(entry: ResultAnnouncementEntry) -> Fraction | None:
    """The final score without rounding, from the published breakdown and formula (the integration
    ranks by it): skd_weight % × total SKD / skd_max × 100 + skb_weight % × Σ weight % × score.
    None when the record does not allow it."""
    formula = entry.announcement.formula
    try:
        skb = sum(
            (
                Fraction(Decimal(part["weight"])) * Fraction(Decimal(part["score"])) / 100
                for part in entry.skb_components
            ),
            Fraction(0),
        )
        skd_max = int(formula["skd_max"])
        return (
            Fraction(Decimal(formula["skd_weight"])) * entry.skd_total / skd_max
            + Fraction(Decimal(formula["skb_weight"])) * skb / 100
        )
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None


def _sign(a: Any, b: Any) -> str:
    return ">" if a > b else "<"


def _four(value: Decimal) -> str:
    return files.comma(files.fixed(value) or "")


def _rounded(value: Fraction, places: int) -> int:
    """value × 10^places, rounded half up."""
    scaled = value * Fraction(10) ** places
    return math.floor(scaled + Fraction(1, 2))


def _places_apart(a: Fraction, b: Fraction) -> int:
    """The fewest decimals (more than the published 4) at which a and b read differently."""
    for places in range(5, MAX_PLACES + 1):
        if _rounded(a, places) != _rounded(b, places):
            return places
    return MAX_PLACES


def _digits(value: Fraction, places: int) -> str:
    """78,40363636: `value` rounded half up to `places` decimals, with a decimal comma."""
    units = _rounded(value, places)
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), 10**places)
    return f"{sign}{whole},{fraction:0{places}d}"


def component_cells(entry: ResultAnnouncementEntry) -> list[tuple[str, str]]:
    """(name and weight, score as shown) per component: "78,40", "tidak hadir" or "—"."""
    cells = []
    for component in entry.skb_components:
        score = component.get("score")
        if score is not None:
            shown = files.comma(str(score))
        elif component.get("status") == files.COMPONENT_ABSENT:
            shown = "tidak hadir"
        else:
            shown = "—"
        cells.append((files.component_header(component), shown))
    return cells
