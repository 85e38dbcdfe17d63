"""The absence ladder (reference §7.2 [V]): the sanction PP 94/2021 attaches to days of absence
without a valid reason (tidak masuk kerja tanpa alasan yang sah), counted cumulatively in one
calendar year, and to 10 consecutive working days. Pure functions, no ORM.

The obligation breached is Pasal 4 huruf f (masuk kerja dan menaati ketentuan jam kerja). The
berat steps are Pasal 11 ayat (2) huruf d angka 1–4 (cross-checked in two sources); the ringan and
sedang steps sit in the same place of Pasal 9 and Pasal 10 (ayat (2) huruf d).

The recap is monthly, so the longest consecutive absence is the longest within one month as the
attendance system reports it: a run that crosses a month's end is seen only if the attendance
system reports it whole in one of the two months.
"""

from dataclasses import dataclass

from simerit.discipline.models import Level, SanctionType

ARTICLE_CODE = "Pasal 4 huruf f"
CONSECUTIVE_DAYS = 10


@dataclass(frozen=True)
class LadderStep:
    """One rung: the days it covers (`low`..`high`, None: no upper bound), its level and type."""

    low: int
    high: int | None
    level: str
    sanction_type: str
    band: str
    legal_basis: str
    consecutive: bool = False

    @property
    def sanction_label(self) -> str:
        return str(SanctionType(self.sanction_type).label)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    def covers(self, days: int) -> bool:
        return self.low <= days and (self.high is None or days <= self.high)


_RINGAN = "PP 94/2021 Pasal 9 ayat (2) huruf d angka {}"
_SEDANG = "PP 94/2021 Pasal 10 ayat (2) huruf d angka {}"
_BERAT = "PP 94/2021 Pasal 11 ayat (2) huruf d angka {}"

LADDER: tuple[LadderStep, ...] = (
    LadderStep(3, 3, Level.RINGAN, SanctionType.TEGURAN_LISAN, "3 hari", _RINGAN.format(1)),
    LadderStep(4, 6, Level.RINGAN, SanctionType.TEGURAN_TERTULIS, "4–6 hari", _RINGAN.format(2)),
    LadderStep(
        7, 10, Level.RINGAN, SanctionType.PERNYATAAN_TIDAK_PUAS, "7–10 hari", _RINGAN.format(3)
    ),
    LadderStep(11, 13, Level.SEDANG, SanctionType.POTONG_6, "11–13 hari", _SEDANG.format(1)),
    LadderStep(14, 16, Level.SEDANG, SanctionType.POTONG_9, "14–16 hari", _SEDANG.format(2)),
    LadderStep(17, 20, Level.SEDANG, SanctionType.POTONG_12, "17–20 hari", _SEDANG.format(3)),
    LadderStep(21, 24, Level.BERAT, SanctionType.PENURUNAN_JABATAN, "21–24 hari", _BERAT.format(1)),
    LadderStep(
        25, 27, Level.BERAT, SanctionType.PEMBEBASAN_JABATAN, "25–27 hari", _BERAT.format(2)
    ),
    LadderStep(28, None, Level.BERAT, SanctionType.PDHTAPS, "28 hari atau lebih", _BERAT.format(3)),
)

CONSECUTIVE_STEP = LadderStep(
    CONSECUTIVE_DAYS,
    None,
    Level.BERAT,
    SanctionType.PDHTAPS,
    "10 hari kerja berturut-turut",
    _BERAT.format(4) + "; gaji dihentikan mulai bulan berikutnya (Pasal 15 ayat (2))",
    consecutive=True,
)

# The fewest cumulative days that reach the first step.
THRESHOLD = LADDER[0].low


def proposal(absent_days_in_year: int, longest_consecutive: int) -> LadderStep | None:
    """The step reached by `absent_days_in_year` (cumulative working days absent without a valid
    reason in one calendar year) or by `longest_consecutive` working days in a row; None below
    3 days and fewer than 10 in a row.

    Ten consecutive working days lead to PDHTAPS whatever the cumulative count; when the
    cumulative count also reaches PDHTAPS (28 days), the cumulative step is returned.
    """
    if absent_days_in_year < 0 or longest_consecutive < 0:
        raise ValueError("Jumlah hari tidak masuk tidak boleh negatif.")
    if longest_consecutive > absent_days_in_year:
        raise ValueError("Hari berturut-turut tidak boleh melebihi jumlah hari tidak masuk.")
    cumulative = next((step for step in LADDER if step.covers(absent_days_in_year)), None)
    if cumulative is not None and cumulative.sanction_type == SanctionType.PDHTAPS:
        return cumulative
    if longest_consecutive >= CONSECUTIVE_DAYS:
        return CONSECUTIVE_STEP
    return cumulative


# Severity of a step: the position of its sanction on the ladder (10 days in a row = PDHTAPS).
RANKS: dict[str, int] = {step.sanction_type: index for index, step in enumerate(LADDER)}
# Below this many cumulative days a berat step can only come from 10 days in a row.
FIRST_BERAT_DAYS = 21


def rank(step: LadderStep) -> int:
    return RANKS[step.sanction_type]


def covered_step(absence_days: int, suspected_level: str) -> LadderStep | None:
    """The step a case opened from the ladder stands for, from what the case keeps: the
    cumulative days and the suspected level. A berat case below 21 days was opened for 10 days
    in a row; from 21 days on the cumulative step is taken (a case opened for 10 days in a row
    with 21–27 cumulative days reads as the lower berat step: at worst one more proposal)."""
    if suspected_level == Level.BERAT and absence_days < FIRST_BERAT_DAYS:
        return CONSECUTIVE_STEP
    return next((step for step in LADDER if step.covers(absence_days)), None)


def needs_new_case(step: LadderStep, opened: list[tuple[int, str]]) -> bool:
    """Whether `step` calls for a case although cases were opened from the ladder in the same
    year (`opened`: each case's absence days and suspected level): only a heavier step does,
    since the absences of a year are cumulative."""
    covered = [covered_step(days, level) for days, level in opened]
    heaviest = max((rank(item) for item in covered if item is not None), default=-1)
    return rank(step) > heaviest
