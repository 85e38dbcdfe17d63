"""What every award check is made of (pure: no database): one line per condition, the service
length since a TMT, and the sedang/berat sanctions that break a clean record.

A condition is kept on the nomination as `{"syarat", "terpenuhi", "keterangan"}` (the form the
pages show), so that what was checked when the employee was nominated stays readable later.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from simerit.discipline.models import Level

# The sanction levels that break a clean record (PP 35/2010 Pasal 22; §7.5 [V]).
HEAVY_LEVELS = (Level.SEDANG, Level.BERAT)
LEVEL_LABELS = {Level.RINGAN: "ringan", Level.SEDANG: "sedang", Level.BERAT: "berat"}
# The key of a kept condition's sentence without case numbers (only when it differs).
PUBLIC_KEY = "keterangan_publik"


@dataclass(frozen=True)
class Condition:
    """One condition of an award: what is required, whether it is met, and why (a sentence with
    its figures). `public_note` is the same sentence without case numbers, for readers who may
    not see discipline cases (an Admin OPD)."""

    requirement: str
    met: bool
    note: str
    public_note: str = ""

    def as_json(self) -> dict[str, object]:
        """As a nomination keeps it; with `keterangan_publik` when the public sentence differs
        (a clean record broken by a case), so that a reader who may not see the case reads that
        one (`shown_eligibility`)."""
        kept: dict[str, object] = {
            "syarat": self.requirement,
            "terpenuhi": self.met,
            "keterangan": self.note,
        }
        if self.public_note and self.public_note != self.note:
            kept[PUBLIC_KEY] = self.public_note
        return kept

    @property
    def shown_publicly(self) -> str:
        return self.public_note or self.note


@dataclass(frozen=True)
class SanctionFact:
    """A disciplinary sanction as the checks need it."""

    case_number: str
    level: str
    decided_on: dt.date
    annulled: bool = False


@dataclass(frozen=True)
class ServiceLength:
    years: int
    months: int

    @property
    def text(self) -> str:
        """ "9 tahun 11 bulan", "10 tahun"."""
        return f"{self.years} tahun {self.months} bulan" if self.months else f"{self.years} tahun"


def short_date(day: dt.date) -> str:
    """01/02/2026, as the reasons print a date."""
    return f"{day:%d/%m/%Y}"


def service_length(start: dt.date, on: dt.date) -> ServiceLength:
    """Whole years and months from `start` (a TMT) to `on`; a month counts once its day is
    reached (TMT 1 January 2017 → on 31 December 2026: 9 years 11 months; on 1 January 2027: 10
    years). Zero before the start."""
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if on.day < start.day:
        months -= 1
    months = max(months, 0)
    return ServiceLength(years=months // 12, months=months % 12)


def heavy_sanctions(
    sanctions: Iterable[SanctionFact], *, start: dt.date, end: dt.date
) -> list[SanctionFact]:
    """The sedang and berat sanctions in force (not annulled) decided within start..end, oldest
    first. A ringan sanction never counts."""
    found = [
        sanction
        for sanction in sanctions
        if sanction.level in HEAVY_LEVELS
        and not sanction.annulled
        and start <= sanction.decided_on <= end
    ]
    return sorted(found, key=lambda sanction: (sanction.decided_on, sanction.case_number))


def sanction_reason(sanction: SanctionFact, *, with_case: bool = True) -> str:
    """ "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0001, 01/02/2026)." (the date
    of the decision); without the case number for readers who may not see the case."""
    level = LEVEL_LABELS.get(Level(sanction.level), sanction.level)
    facts = short_date(sanction.decided_on)
    if with_case:
        facts = f"{sanction.case_number}, {facts}"
    return f"Pernah dijatuhi hukuman disiplin tingkat {level} ({facts})."


def clean_record(*, requirement: str, heavy: Sequence[SanctionFact], met_note: str) -> Condition:
    """The clean-record condition from the heavy sanctions already limited to its period."""
    if not heavy:
        return Condition(requirement=requirement, met=True, note=met_note)
    return Condition(
        requirement=requirement,
        met=False,
        note=" ".join(sanction_reason(sanction) for sanction in heavy),
        public_note=" ".join(sanction_reason(sanction, with_case=False) for sanction in heavy),
    )


def unmet_notes(conditions: Iterable[Condition], *, public: bool = False) -> list[str]:
    """The sentences of the conditions not met, in order (each sanction its own sentence)."""
    notes: list[str] = []
    for condition in conditions:
        if not condition.met:
            notes.append(condition.shown_publicly if public else condition.note)
    return notes


def refusal(*, name: str, award_name: str, conditions: Iterable[Condition], public: bool) -> str:
    """ "<Nama> tidak memenuhi syarat <award>: <reasons>." The reasons end with their own full
    stop, so the sentence is not closed twice. `public`: for a reader who may not see the
    discipline cases, the reasons without case numbers."""
    reasons = " ".join(unmet_notes(conditions, public=public))
    return f"{name} tidak memenuhi syarat {award_name}: {reasons}"


def shown_eligibility(
    kept: Iterable[Mapping[str, object]], *, public: bool
) -> list[dict[str, object]]:
    """A nomination's kept conditions as a reader sees them: `{syarat, terpenuhi, keterangan}`,
    the public sentence in `keterangan` when `public`."""
    shown: list[dict[str, object]] = []
    for item in kept:
        note = item.get(PUBLIC_KEY) if public and item.get(PUBLIC_KEY) else item.get("keterangan")
        shown.append(
            {"syarat": item.get("syarat"), "terpenuhi": item.get("terpenuhi"), "keterangan": note}
        )
    return shown
