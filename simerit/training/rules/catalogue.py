"""Pure checks of the catalogue and the competency dictionary: the JP of a programme, a
competency level and an assessment date. No ORM: the services pass values in and turn the
returned message (None when the value is acceptable) into a refusal.

A JP (jam pelajaran) is 45 minutes of learning; PP 11/2017 Pasal 203(4) counts competency
development in JP (at least 20 a year). The bounds below are the model's (`JP_VALIDATORS`): half
a JP is the smallest unit anyone credits, and 999.9 is far beyond the longest programme (Latsar
CPNS is a few hundred JP), so anything larger is a typing error."""

import datetime as dt
from decimal import Decimal

from simerit.core.dates import format_date_id

JP_MIN = Decimal("0.5")
JP_MAX = Decimal("999.9")
JP_STEP = Decimal("0.1")
JP_RANGE_TEXT = "0,5 sampai 999,9"

# Levels of the standar kompetensi jabatan (PermenPANRB 38/2017: levels 1–5).
LEVEL_MIN, LEVEL_MAX = 1, 5
# Older assessments are not typed in: the dictionary starts with the 2017 competency standard, and
# a date before 2000 is a typing error (a year "0202").
ASSESSED_ON_MIN = dt.date(2000, 1, 1)


def jp_problem(jp: Decimal | None, *, what: str = "JP") -> str | None:
    """Why `jp` cannot be a programme's JP (negative, zero, absurd, too precise), or None."""
    if jp is None:
        return f"{what} wajib diisi."
    if not jp.is_finite():
        return f"{what} harus berupa angka, mis. 12,5."
    if jp < 0:
        return f"{what} tidak boleh negatif; isi {JP_RANGE_TEXT} JP."
    if jp == 0:
        return f"{what} tidak boleh nol; isi {JP_RANGE_TEXT} JP."
    if jp < JP_MIN:
        return f"{what} paling sedikit 0,5 JP."
    if jp > JP_MAX:
        return (
            f"{what} sebesar itu tidak masuk akal; paling banyak 999,9 JP (1 JP = 45 menit). "
            "Periksa kembali isiannya."
        )
    if jp != jp.quantize(JP_STEP):
        return f"{what} paling banyak satu angka di belakang koma, mis. 12,5."
    return None


def level_problem(level: int | None, *, what: str = "Level") -> str | None:
    """Why `level` is not a competency level 1–5, or None."""
    if level is None:
        return f"{what} wajib diisi."
    if isinstance(level, bool) or not LEVEL_MIN <= level <= LEVEL_MAX:
        return f"{what} harus bilangan bulat {LEVEL_MIN} sampai {LEVEL_MAX}."
    return None


def assessed_on_problem(assessed_on: dt.date | None, *, today: dt.date) -> str | None:
    """Why `assessed_on` cannot be the date of an assessment (missing, future, absurdly old)."""
    if assessed_on is None:
        return "Tanggal asesmen wajib diisi."
    if assessed_on > today:
        return f"Tanggal asesmen tidak boleh di masa depan (hari ini {format_date_id(today)})."
    if assessed_on < ASSESSED_ON_MIN:
        return f"Tanggal asesmen tidak boleh sebelum {format_date_id(ASSESSED_ON_MIN)}."
    return None


def older_assessment_problem(
    assessed_on: dt.date, *, current_on: dt.date | None, current_level: int | None
) -> str | None:
    """The latest assessment is the employee's level: an older one does not replace it."""
    if current_on is None or assessed_on >= current_on:
        return None
    return (
        f"Sudah tercatat asesmen yang lebih baru ({format_date_id(current_on)}, level "
        f"{current_level}); asesmen yang lebih lama tidak menggantikannya. Hapus asesmen itu "
        "lebih dahulu bila tanggalnya salah."
    )


def gap(*, required_level: int | None, level: int | None) -> int:
    """How many levels the employee lacks for the position (0: none). A competency not assessed
    yet counts as level 0, so its gap is the whole required level."""
    if required_level is None:
        return 0
    return max(required_level - (level or 0), 0)
