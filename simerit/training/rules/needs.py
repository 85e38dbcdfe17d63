"""The needs analysis for next year's plan as pure functions (no ORM): the gaps of one employee,
the programmes of the catalogue proposed for them, and the totals of a unit.

PP 11/2017 Pasal 205–206 (domain reference §6.1, §6.3): the needs come from the analisis
kesenjangan kompetensi (the employee's assessed levels against the standar kompetensi jabatan) and
the analisis kesenjangan kinerja (the appraisal: a weak predikat, a low BerAKHLAK indicator).
Pasal 203(5): the PPK sets the needs and the plan. A managerial position without its leadership
training (§6.2) is a gap too.

Choices of this module (documented on the pages):
- A required competency with no assessment is a gap with the full required level ("belum
  diases"), so that an unassessed employee is planned for, not silently skipped.
- Each gap is covered once: the fewest programmes that cover every gap are proposed (greedy:
  the programme covering most open gaps first; ties go to the lower JP, then the code), so that a
  unit's total JP is not counted twice for two programmes with the same aim.
- A gap already targeted by a programme the employee is taking (pending, enrolled, waitlisted)
  or completed in the analysis year or the plan year is not proposed again: it is listed as
  being addressed.
- A gap no active programme targets is still listed: "belum ada program di katalog".
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from simerit.training.rules import catalogue as catalogue_rules

NO_PROGRAMME = "belum ada program di katalog"
NOT_ASSESSED_NOTE = (
    "Kompetensi yang dipersyaratkan jabatan tetapi belum diases dihitung sebagai kesenjangan "
    "penuh (level 0 terhadap level yang dipersyaratkan)."
)


class GapSource(StrEnum):
    COMPETENCY = "kompetensi"
    PREDIKAT = "predikat"
    INDICATOR = "perilaku"
    LEADERSHIP = "kepemimpinan"


class TakenState(StrEnum):
    """Why a programme is not proposed again to an employee."""

    IN_PROGRESS = "sedang diikuti"
    COMPLETED = "sudah diselesaikan"


def number_id(value: Decimal) -> str:
    """2.30 → "2,30" (Indonesian decimal comma, as stored)."""
    return f"{value:f}".replace(".", ",")


def taken_since(plan_year: int) -> dt.date:
    """Completions from this day on take a programme off the proposals: those of the analysis
    year (the year before the plan) and of the plan year itself."""
    return dt.date(plan_year - 1, 1, 1)


# --- Inputs


@dataclass(frozen=True)
class Requirement:
    """One competency the employee's position requires, with the employee's assessed level
    (None: not assessed)."""

    competency_id: int
    code: str
    name: str
    required_level: int
    assessed_level: int | None


@dataclass(frozen=True)
class LowIndicator:
    """A training need of the latest appraisal from a BerAKHLAK indicator scoring low."""

    year: int
    indicator_id: int
    code: str
    text: str
    score: Decimal | None


@dataclass(frozen=True)
class WeakPredikat:
    """A training need of the latest appraisal from a weak predikat."""

    year: int
    predikat_label: str


@dataclass(frozen=True)
class LeadershipGap:
    """A managerial position whose leadership training is not completed yet."""

    programme_kind: str
    programme_kind_label: str
    position_kind_label: str


@dataclass(frozen=True)
class Offer:
    """A programme of the catalogue as the matching sees it."""

    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    jp: Decimal
    competency_ids: frozenset[int] = frozenset()
    indicator_ids: frozenset[int] = frozenset()
    for_weak_predikat: bool = False
    is_active: bool = True

    def covers(self, gap: "Gap") -> bool:
        if gap.source is GapSource.COMPETENCY:
            return gap.target in self.competency_ids
        if gap.source is GapSource.INDICATOR:
            return gap.target in self.indicator_ids
        if gap.source is GapSource.PREDIKAT:
            return self.for_weak_predikat
        return gap.target == self.kind


# --- Outputs


@dataclass(frozen=True)
class Gap:
    """One need. `key` is the same for the same need of two employees (unit totals group by it);
    `label` names what is missing; `reason` is the sentence shown with a proposal."""

    source: GapSource
    key: str
    label: str
    reason: str
    # The competency or indicator id; the programme kind for a leadership gap; None for predikat.
    target: int | str | None


@dataclass(frozen=True)
class Proposal:
    programme: Offer
    gaps: tuple[Gap, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(gap.reason for gap in self.gaps)


@dataclass(frozen=True)
class Addressed:
    """A gap targeted by a programme the employee is taking or has just completed."""

    gap: Gap
    programme: Offer
    state: TakenState


@dataclass(frozen=True)
class EmployeeNeeds:
    proposals: tuple[Proposal, ...] = ()
    unmatched: tuple[Gap, ...] = ()
    addressed: tuple[Addressed, ...] = ()

    @property
    def has_needs(self) -> bool:
        """Something left to plan: a proposed programme or a gap without one."""
        return bool(self.proposals or self.unmatched)

    @property
    def total_jp(self) -> Decimal:
        return sum((proposal.programme.jp for proposal in self.proposals), Decimal("0.0"))


# --- Gaps


def competency_gaps(requirements: Iterable[Requirement]) -> list[Gap]:
    """PP 11/2017 Pasal 205: each required competency whose assessed level is below the
    required one (`rules.catalogue.gap`: an unassessed competency counts as level 0). By
    competency code."""
    gaps = []
    for item in sorted(requirements, key=lambda r: (r.code, r.competency_id)):
        if catalogue_rules.gap(required_level=item.required_level, level=item.assessed_level) == 0:
            continue
        label = f"Kompetensi {item.code} {item.name}"
        if item.assessed_level is None:
            reason = f"{label} belum diases (dipersyaratkan level {item.required_level})"
        else:
            reason = (
                f"{label} level {item.assessed_level} dari {item.required_level} "
                "yang dipersyaratkan"
            )
        gaps.append(
            Gap(
                source=GapSource.COMPETENCY,
                key=f"{GapSource.COMPETENCY}:{item.competency_id}",
                label=label,
                reason=reason,
                target=item.competency_id,
            )
        )
    return gaps


def predikat_gap(need: WeakPredikat) -> Gap:
    """PP 11/2017 Pasal 206 and §6.3: a weak predikat calls for development (coaching,
    mentoring: the programmes marked for a weak predikat)."""
    return Gap(
        source=GapSource.PREDIKAT,
        key=str(GapSource.PREDIKAT),
        label="Predikat kinerja rendah",
        reason=f"Predikat kinerja {need.year} {need.predikat_label}",
        target=None,
    )


def indicator_gap(need: LowIndicator) -> Gap:
    """PP 11/2017 Pasal 206: a BerAKHLAK panduan perilaku scoring low in the appraisal."""
    label = f"Panduan perilaku {need.code}"
    score = f"bernilai {number_id(need.score)}" if need.score is not None else "bernilai rendah"
    return Gap(
        source=GapSource.INDICATOR,
        key=f"{GapSource.INDICATOR}:{need.indicator_id}",
        label=label,
        reason=f'{label} "{need.text}" {score} (penilaian kinerja {need.year})',
        target=need.indicator_id,
    )


def leadership_gap(need: LeadershipGap) -> Gap:
    """§6.2: a managerial position requires its leadership training (PKP, PKA, PKN)."""
    return Gap(
        source=GapSource.LEADERSHIP,
        key=f"{GapSource.LEADERSHIP}:{need.programme_kind}",
        label=f"Pelatihan kepemimpinan {need.programme_kind_label}",
        reason=(
            f"{need.programme_kind_label} wajib bagi jabatan {need.position_kind_label} "
            "dan belum diselesaikan"
        ),
        target=need.programme_kind,
    )


def employee_gaps(
    *,
    requirements: Iterable[Requirement],
    weak_predikat: WeakPredikat | None,
    low_indicators: Iterable[LowIndicator],
    leadership: LeadershipGap | None,
) -> list[Gap]:
    """Every gap of one employee, in the order shown: leadership, competencies, predikat,
    indicators."""
    gaps = [leadership_gap(leadership)] if leadership is not None else []
    gaps += competency_gaps(requirements)
    if weak_predikat is not None:
        gaps.append(predikat_gap(weak_predikat))
    gaps += [indicator_gap(need) for need in sorted(low_indicators, key=lambda n: n.code)]
    return gaps


# --- Matching


def propose(
    gaps: Sequence[Gap], offers: Iterable[Offer], taken: Mapping[int, TakenState]
) -> EmployeeNeeds:
    """The programmes proposed for `gaps` (see the module docstring for the choices). `taken`
    maps the programmes the employee is taking or has just completed to why; `offers` holds the
    active programmes and the taken ones (whatever their state)."""
    offers = sorted(offers, key=lambda o: (o.code, o.id))
    addressed: list[Addressed] = []
    open_gaps: list[Gap] = []
    for gap in gaps:
        taking = next((o for o in offers if o.id in taken and o.covers(gap)), None)
        if taking is None:
            open_gaps.append(gap)
        else:
            addressed.append(Addressed(gap=gap, programme=taking, state=taken[taking.id]))
    candidates = [o for o in offers if o.is_active and o.id not in taken]
    proposals: list[Proposal] = []
    while open_gaps:
        best: tuple[tuple[int, Decimal, str, int], Offer, tuple[Gap, ...]] | None = None
        for offer in candidates:
            covered = tuple(gap for gap in open_gaps if offer.covers(gap))
            rank = (-len(covered), offer.jp, offer.code, offer.id)
            if covered and (best is None or rank < best[0]):
                best = (rank, offer, covered)
        if best is None:
            break
        _, offer, covered = best
        proposals.append(Proposal(programme=offer, gaps=covered))
        candidates.remove(offer)
        open_gaps = [gap for gap in open_gaps if gap not in covered]
    return EmployeeNeeds(
        proposals=tuple(proposals), unmatched=tuple(open_gaps), addressed=tuple(addressed)
    )


# --- Totals of a unit


@dataclass(frozen=True)
class ProgrammeTotal:
    programme: Offer
    employees: int

    @property
    def jp(self) -> Decimal:
        return self.programme.jp * self.employees


@dataclass(frozen=True)
class GapTotal:
    """A need no programme of the catalogue targets, with how many employees have it."""

    label: str
    employees: int


@dataclass(frozen=True)
class UnitTotal:
    unit_id: int
    unit_name: str
    employees: int  # analysed
    with_needs: int
    programmes: tuple[ProgrammeTotal, ...] = ()
    unmatched: tuple[GapTotal, ...] = ()

    @property
    def jp(self) -> Decimal:
        return sum((row.jp for row in self.programmes), Decimal("0.0"))


@dataclass
class _Tally:
    employees: int = 0
    with_needs: int = 0
    programmes: dict[int, Offer] = field(default_factory=dict)
    programme_counts: Counter[int] = field(default_factory=Counter)
    gap_labels: dict[str, str] = field(default_factory=dict)
    gap_counts: Counter[str] = field(default_factory=Counter)

    def add(self, needs: EmployeeNeeds) -> None:
        self.employees += 1
        self.with_needs += needs.has_needs
        for proposal in needs.proposals:
            self.programmes[proposal.programme.id] = proposal.programme
            self.programme_counts[proposal.programme.id] += 1
        for gap in needs.unmatched:
            self.gap_labels[gap.key] = gap.label
            self.gap_counts[gap.key] += 1

    def total(self, unit_id: int, unit_name: str) -> "UnitTotal":
        programmes = sorted(
            (
                ProgrammeTotal(programme=self.programmes[pk], employees=count)
                for pk, count in self.programme_counts.items()
            ),
            key=lambda t: (-t.employees, t.programme.code),
        )
        unmatched = sorted(
            (
                GapTotal(label=self.gap_labels[key], employees=count)
                for key, count in self.gap_counts.items()
            ),
            key=lambda t: (-t.employees, t.label),
        )
        return UnitTotal(
            unit_id=unit_id,
            unit_name=unit_name,
            employees=self.employees,
            with_needs=self.with_needs,
            programmes=tuple(programmes),
            unmatched=tuple(unmatched),
        )


def unit_totals(
    rows: Iterable[tuple[int, EmployeeNeeds]], units: Sequence[tuple[int, str]]
) -> list[UnitTotal]:
    """Per unit (in the order of `units`, each (id, name); a unit nobody belongs to is kept, with
    zeros): employees analysed, employees with a need, each proposed programme with its number of
    employees and total JP (most employees first), and each need without a programme with its
    number of employees."""
    tallies: dict[int, _Tally] = {unit_id: _Tally() for unit_id, _ in units}
    for unit_id, needs in rows:
        tallies.setdefault(unit_id, _Tally()).add(needs)
    names = dict(units)
    return [tally.total(unit_id, names.get(unit_id, "")) for unit_id, tally in tallies.items()]
