"""Satyalancana Karya Satya eligibility (pure: no database).

UU 20/2009 tentang Gelar, Tanda Jasa, dan Tanda Kehormatan; PP 35/2010 Pasal 22 (§7.6 [V]):
the medal is given for 10 (X), 20 (XX) or 30 (XXX) years of continuous service counted from TMT
CPNS (non-PNS service is excluded, so only `tmt_cpns` counts), to a PNS (or CPNS) who was never
given a sedang or berat disciplinary sanction in the counted period (§7.5). A PPPK is not a
candidate. The service is counted on 31 December of the proposal year: an employee appears in
the year in which they reach the class.

For XX and XXX the lower classes need not have been granted in SiMerit (they may have been given
before the system existed), but a class already granted is not given twice. The class checked is
the highest class reached by 31 December, unless a particular class is asked for (a nomination
for one award); asking for a lower class than the one reached is refused, since the higher class
is the one to propose.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from simerit.employees.models import EmployeeKind
from simerit.rewards.rules.conditions import (
    Condition,
    SanctionFact,
    clean_record,
    heavy_sanctions,
    service_length,
    short_date,
    unmet_notes,
)

CLASSES = (10, 20, 30)
ROMAN = {10: "X", 20: "XX", 30: "XXX"}
FIRST_CLASS = CLASSES[0]

NOT_ACTIVE = "Pegawai tidak aktif."
PPPK_EXCLUDED = "PPPK tidak termasuk penerima Satyalancana Karya Satya; hanya PNS dan CPNS."
NO_TMT_CPNS = "TMT CPNS belum dicatat; masa kerja tidak dapat dihitung."


def class_label(years: int) -> str:
    """ "Satyalancana Karya Satya XX Tahun" (the names the catalogue is seeded with)."""
    return f"Satyalancana Karya Satya {ROMAN[years]} Tahun"


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def class_reached(service_years: int) -> int | None:
    """The highest class whose years are reached (None below 10 years)."""
    reached = [years for years in CLASSES if service_years >= years]
    return reached[-1] if reached else None


@dataclass(frozen=True)
class Verdict:
    """The check of one employee for one year: the whole service years on 31 December, the
    class checked (None when no class is reached and none was asked for), the conditions, and
    whether the class was granted already."""

    service_years: int
    class_years: int | None
    conditions: list[Condition] = field(default_factory=list)
    already_granted: bool = False

    @property
    def eligible(self) -> bool:
        return self.class_years is not None and all(item.met for item in self.conditions)

    @property
    def reasons(self) -> list[str]:
        return unmet_notes(self.conditions)

    @property
    def public_reasons(self) -> list[str]:
        return unmet_notes(self.conditions, public=True)


def _service_condition(
    *, tmt_cpns: dt.date | None, year: int, target: int | None
) -> tuple[Condition, int, int | None]:
    """The service condition, the whole years, and the class checked."""
    end = year_end(year)
    needed = target or FIRST_CLASS
    requirement = (
        f"Masa kerja terus-menerus sejak TMT CPNS minimal {needed} tahun pada {short_date(end)}"
    )
    if tmt_cpns is None:
        return Condition(requirement, False, NO_TMT_CPNS), 0, target
    length = service_length(tmt_cpns, end)
    reached = class_reached(length.years)
    stated = f"Masa kerja pada {short_date(end)}: {length.text}"
    if length.years < needed:
        note = f"{stated}; minimal {needed} tahun."
        return Condition(requirement, False, note), length.years, target
    if target is not None and reached is not None and reached > target:
        note = f"{stated}; kelas yang dicapai adalah {class_label(reached)}."
        return Condition(requirement, False, note), length.years, target
    return Condition(requirement, True, f"{stated}."), length.years, target or reached


def check(
    *,
    kind: str,
    is_active: bool,
    tmt_cpns: dt.date | None,
    year: int,
    sanctions: Iterable[SanctionFact],
    granted: Mapping[int, int],
    target: int | None = None,
) -> Verdict:
    """Check one employee for `year`. `granted` maps each class already granted (and not
    revoked) to the year it was granted; `target` asks for one class (10, 20 or 30)."""
    if target is not None and target not in CLASSES:
        raise ValueError(f"Kelas Satyalancana tidak dikenal: {target}.")
    service, years, checked = _service_condition(tmt_cpns=tmt_cpns, year=year, target=target)
    conditions = [
        Condition("Pegawai aktif", is_active, "Pegawai aktif." if is_active else NOT_ACTIVE),
        Condition(
            "Berstatus PNS atau CPNS",
            kind != EmployeeKind.PPPK,
            PPPK_EXCLUDED if kind == EmployeeKind.PPPK else "Berstatus PNS/CPNS.",
        ),
        service,
    ]
    if tmt_cpns is not None:
        heavy = heavy_sanctions(sanctions, start=tmt_cpns, end=year_end(year))
        conditions.append(
            clean_record(
                requirement="Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat "
                "sejak TMT CPNS",
                heavy=heavy,
                met_note="Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat.",
            )
        )
    already = checked is not None and checked in granted
    if checked is not None:
        label = class_label(checked)
        note = (
            f"Sudah menerima {label} ({granted[checked]})."
            if already
            else f"Belum menerima {label}."
        )
        conditions.append(Condition(f"Belum pernah menerima {label}", not already, note))
    return Verdict(
        service_years=years, class_years=checked, conditions=conditions, already_granted=already
    )
