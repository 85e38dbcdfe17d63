"""The conditions of an award other than the Satyalancana (pure: no database).

Each award sets its own (§7.6: "Pegawai Teladan" and the like are instansi awards, [U]): a
minimum service since TMT CPNS (TMT PPPK for a PPPK), a minimum predikat in the employee's latest
final appraisal (PermenPANRB 6/2022: Sangat Baik > Baik > Butuh Perbaikan > Kurang > Sangat
Kurang), and a clean record: no sedang or berat disciplinary sanction decided in the last N years
(PP 94/2021 Pasal 8; the same rule as the Satyalancana's over a shorter period). The employee
must be active. A condition the award does not set is not listed.
"""

import datetime as dt
from collections.abc import Iterable

from simerit.performance.models import Predikat
from simerit.rewards.rules.conditions import (
    Condition,
    SanctionFact,
    clean_record,
    heavy_sanctions,
    service_length,
    short_date,
)
from simerit.rewards.rules.satyalancana import NOT_ACTIVE

# Lowest first: a predikat meets a minimum when its rank is at least the minimum's.
PREDIKAT_RANK = {
    Predikat.SANGAT_KURANG: 0,
    Predikat.KURANG: 1,
    Predikat.BUTUH_PERBAIKAN: 2,
    Predikat.BAIK: 3,
    Predikat.SANGAT_BAIK: 4,
}


def predikat_label(value: str) -> str:
    return str(Predikat(value).label)


def meets_predikat(value: str, minimum: str) -> bool:
    return PREDIKAT_RANK[Predikat(value)] >= PREDIKAT_RANK[Predikat(minimum)]


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _service(*, tmt: dt.date | None, on: dt.date, minimum: int) -> Condition:
    requirement = f"Masa kerja minimal {minimum} tahun"
    if tmt is None:
        return Condition(
            requirement, False, "TMT CPNS/PPPK belum dicatat; masa kerja tidak dapat dihitung."
        )
    length = service_length(tmt, on)
    stated = f"Masa kerja pada {short_date(on)}: {length.text}"
    if length.years < minimum:
        return Condition(requirement, False, f"{stated}; minimal {minimum} tahun.")
    return Condition(requirement, True, f"{stated}.")


def _predikat(*, latest: tuple[int, str] | None, minimum: str) -> Condition:
    wanted = predikat_label(minimum)
    requirement = f"Predikat kinerja terakhir minimal {wanted}"
    if latest is None:
        return Condition(requirement, False, f"Belum ada predikat kinerja final; minimal {wanted}.")
    year, value = latest
    stated = f"Predikat {year}: {predikat_label(value)}"
    if not meets_predikat(value, minimum):
        return Condition(requirement, False, f"{stated}; minimal {wanted}.")
    return Condition(requirement, True, f"{stated}.")


def award_conditions(
    *,
    is_active: bool,
    tmt: dt.date | None,
    on: dt.date,
    min_service_years: int,
    min_predikat: str,
    latest_predikat: tuple[int, str] | None,
    clean_record_years: int,
    sanctions: Iterable[SanctionFact],
) -> list[Condition]:
    """The conditions of one award for one employee on `on` (the nomination day, at most 31
    December of the award year). `latest_predikat` is (year, predikat) of the latest appraisal
    final on `on`."""
    conditions = [
        Condition("Pegawai aktif", is_active, "Pegawai aktif." if is_active else NOT_ACTIVE)
    ]
    if min_service_years:
        conditions.append(_service(tmt=tmt, on=on, minimum=min_service_years))
    if min_predikat:
        conditions.append(_predikat(latest=latest_predikat, minimum=min_predikat))
    if clean_record_years:
        start = years_before(on, clean_record_years)
        conditions.append(
            clean_record(
                requirement="Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat "
                f"dalam {clean_record_years} tahun terakhir",
                heavy=heavy_sanctions(sanctions, start=start, end=on),
                met_note="Tidak ada hukuman disiplin tingkat sedang atau berat sejak "
                f"{short_date(start)}.",
            )
        )
    return conditions
