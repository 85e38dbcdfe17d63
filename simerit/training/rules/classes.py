"""Pure rules of classes, enrolment texts, attendance and completion (no ORM).

Sources: PP 11/2017 Pasal 203(4) counts competency development in jam pelajaran (JP); the
daily ceiling of JP, the check-in window and the minimum attendance are this instansi's
configuration ([U] in domain reference §6): TrainingYear.max_jp_per_day and
TrainingClass.min_attendance_percent hold them, this module only applies them. The range of a
JP is the catalogue's (rules.catalogue.jp_problem); the year of a class is the year it ends
(rules.jp.training_year).
"""

import datetime as dt
import enum
from decimal import ROUND_DOWN, Decimal

from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import InvalidInputError
from simerit.training.rules.catalogue import jp_problem
from simerit.training.rules.jp import format_jp

# A participant may scan the QR code from this long before the meeting starts until it ends.
CHECKIN_OPENS_BEFORE = dt.timedelta(minutes=30)
# The QR code on the room's screen carries a signed, timestamped check-in code and is redrawn
# every CHECKIN_CODE_REFRESH seconds; a code older than CHECKIN_CODE_MAX_AGE seconds is refused,
# so a photo of the code passed around outside the room stops working within minutes.
CHECKIN_CODE_SALT = "training.checkin"
CHECKIN_CODE_MAX_AGE = 180
CHECKIN_CODE_REFRESH = 30
# A class longer than a year is a typing error (Latsar CPNS, the longest, runs for months).
MAX_CLASS_DAYS = 366
# Reasons, notes and motivations typed on enrolments and classes.
TEXT_MAX_LENGTH = 500
SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(100)


class CheckinWindow(enum.StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def number_id(value: Decimal, places: int = 1) -> str:
    """12,5: `places` decimals with the Indonesian comma."""
    return f"{value:.{places}f}".replace(".", ",")


def checkin_opens_at(starts_at: dt.datetime) -> dt.datetime:
    return starts_at - CHECKIN_OPENS_BEFORE


def checkin_window(*, now: dt.datetime, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """Whether a QR check-in at `now` is too early, accepted or too late (both ends included)."""
    if now < checkin_opens_at(starts_at):
        return CheckinWindow.NOT_YET
    if now > ends_at:
        return CheckinWindow.CLOSED
    return CheckinWindow.OPEN


def clean_text(value: str, *, label: str, field: str = "reason", required: bool = True) -> str:
    """A typed reason, note or motivation without surrounding blanks; refused (InvalidInputError
    on `field`) when required and empty, or longer than TEXT_MAX_LENGTH."""
    value = value.strip()
    if required and not value:
        raise InvalidInputError({field: [f"{label} wajib diisi."]})
    if len(value) > TEXT_MAX_LENGTH:
        raise InvalidInputError({field: [f"{label} paling banyak {TEXT_MAX_LENGTH} karakter."]})
    return value


CODE_EXPIRED = "Kode QR sudah kedaluwarsa; pindai ulang kode di layar."
CODE_UNKNOWN = "Kode presensi tidak dikenal."
NOT_ENROLLED = "Anda tidak terdaftar di kelas ini."
ALREADY_PRESENT = "Anda sudah tercatat hadir pada pertemuan ini."
MEETING_CANCELLED = "Pertemuan ini dibatalkan; presensi tidak dibuka."
CLASS_NOT_RUNNING = "Kelas ini tidak sedang berjalan; presensi tidak dibuka."
CLOSED_MESSAGE = "Presensi pertemuan ini sudah ditutup."
# Attendance is the evidence of a pass/fail decision: none is added once the decision is taken.
DECIDED_SELF = (
    "Kelulusan Anda di kelas ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi."
)
DECIDED_PARTICIPANT = (
    "Kelulusan peserta ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi. Batalkan "
    "keputusan itu dahulu bila kehadirannya perlu dikoreksi."
)


def not_yet_message(starts_at: dt.datetime) -> str:
    opens = format_datetime_wib(checkin_opens_at(starts_at))
    return f"Presensi pertemuan ini belum dibuka; presensi dibuka {opens}."


def checkin_refusal(
    *,
    meeting_cancelled: bool,
    class_running: bool,
    enrolled: bool,
    already_present: bool,
    decided: bool,
    window: str,
    starts_at: dt.datetime,
) -> str | None:
    """Why a participant's QR check-in is refused, checked in this order, or None. Someone
    already present is not refused (whatever the time): the caller answers ALREADY_PRESENT. A
    participant whose pass/fail is decided gets no new attendance."""
    if meeting_cancelled:
        return MEETING_CANCELLED
    if not class_running:
        return CLASS_NOT_RUNNING
    if not enrolled:
        return NOT_ENROLLED
    if already_present:
        return None
    if decided:
        return DECIDED_SELF
    if window == CheckinWindow.NOT_YET:
        return not_yet_message(starts_at)
    if window == CheckinWindow.CLOSED:
        return CLOSED_MESSAGE
    return None


def attendance_percent(*, attended: int, held: int) -> Decimal | None:
    """The share of meetings attended in percent, cut (never rounded up) to two decimals, so
    that a share just below the minimum never reads as the minimum; None without meetings."""
    if held <= 0:
        return None
    return (Decimal(attended) * 100 / Decimal(held)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def meets_attendance(*, attended: int, held: int, minimum_percent: int) -> bool:
    """attended / held ≥ minimum %, compared exactly; a class without meetings has no
    attendance to require."""
    if held <= 0:
        return True
    return attended * 100 >= minimum_percent * held


def attendance_shortfall_message(*, attended: int, held: int, minimum_percent: int) -> str:
    percent = attendance_percent(attended=attended, held=held) or Decimal(0)
    return (
        f"Kehadiran peserta {attended} dari {held} pertemuan ({number_id(percent, 2)}%) kurang "
        f"dari batas minimum {minimum_percent}%; peserta tidak dapat dinyatakan lulus."
    )


def class_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Calendar days of a class, both ends included."""
    return (ends_on - starts_on).days + 1


def class_dates_errors(
    *, starts_on: dt.date, ends_on: dt.date, enrolment_closes_on: dt.date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if ends_on < starts_on:
        errors["ends_on"] = ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    elif class_days(starts_on, ends_on) > MAX_CLASS_DAYS:
        errors["ends_on"] = [f"Satu kelas paling lama {MAX_CLASS_DAYS} hari."]
    if enrolment_closes_on > starts_on:
        errors["enrolment_closes_on"] = [
            "Pendaftaran harus ditutup paling lambat pada tanggal mulai kelas."
        ]
    return errors


def jp_error(jp: Decimal, *, days: int, per_day: Decimal) -> str | None:
    """Why `jp` cannot be the JP of a class of `days` days, or None: the catalogue's range and
    precision (rules.catalogue.jp_problem), then the daily ceiling (JP ≤ days × per_day, per_day
    of the class's year)."""
    problem = jp_problem(jp)
    if problem is not None:
        return problem
    ceiling = per_day * days
    if days > 0 and jp > ceiling:
        return (
            f"JP {format_jp(jp)} tidak masuk akal untuk kelas {days} hari: paling banyak "
            f"{format_jp(ceiling)} JP ({format_jp(per_day)} JP per hari)."
        )
    return None


def score_error(value: Decimal) -> str | None:
    """Why `value` cannot be a test or assessment score (0–100, two decimals), or None."""
    if not value.is_finite() or not SCORE_MIN <= value <= SCORE_MAX:
        return "Nilai harus antara 0 dan 100."
    if value != value.quantize(Decimal("0.01")):
        return "Nilai ditulis dengan paling banyak dua angka desimal."
    return None


def meeting_times_errors(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    class_starts_on: dt.date,
    class_ends_on: dt.date,
    tz: dt.tzinfo,
) -> dict[str, list[str]]:
    """A meeting ends after it starts and lies within the class's dates (read in `tz`, WIB)."""
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = ["Waktu selesai harus sesudah waktu mulai."]
    if not class_starts_on <= starts_at.astimezone(tz).date() <= class_ends_on:
        errors["starts_at"] = ["Pertemuan harus berada di antara tanggal mulai dan selesai kelas."]
    if not class_starts_on <= ends_at.astimezone(tz).date() <= class_ends_on:
        errors.setdefault("ends_at", []).append(
            "Pertemuan harus berada di antara tanggal mulai dan selesai kelas."
        )
    return errors
