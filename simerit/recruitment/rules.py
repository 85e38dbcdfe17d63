"""Eligibility rules of a formasi. Pure functions: no database, no clock.

The same checks run on the public board (a visitor's typed data), for a logged-in applicant, and
again on submission. Every failure carries a sentence in plain Indonesian.
PermenPANRB 6/2024 (pengadaan ASN) and the yearly KepmenPANRB set the numbers; here they arrive
as data (FormasiRequirements), never as constants (domain reference §1.3, [U]).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from simerit.core.dates import format_date_id


def mask_name(name: str) -> str:
    """ "Siti Aminah" -> "S*** A*****": the first letter of each word, the rest asterisks.

    The one masking of names on every public output (announcements, the receipt check page and
    API): enough for an applicant to recognise their own row, too little to identify anyone
    (UU 27/2022 PDP, data minimisation).
    """
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


@dataclass(frozen=True)
class Age:
    years: int
    months: int
    days: int

    def __str__(self) -> str:
        parts = [f"{self.years} tahun"]
        if self.months:
            parts.append(f"{self.months} bulan")
        if self.days:
            parts.append(f"{self.days} hari")
        return " ".join(parts)


def age_on(*, birth_date: dt.date, on: dt.date) -> Age:
    """Exact age in whole years, months and days on a date (calendar arithmetic).

    Someone born on 29 February completes a year on 28 February of a common year.
    """
    if on < birth_date:
        raise ValueError("Tanggal acuan sebelum tanggal lahir.")
    delta = relativedelta(on, birth_date)
    return Age(delta.years, delta.months, delta.days)


def _within_max_age(age: Age, max_age: int) -> bool:
    """Reads "paling tinggi 35 tahun" as: not older than 35 years 0 months 0 days."""
    return age.years < max_age or (age.years == max_age and not age.months and not age.days)


def birth_date_bounds(*, min_age: int, max_age: int, on: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and the latest birth date (both inclusive) whose age on `on` passes check_age.

    Shown on the board as "lahir antara ... dan ...", so a reader need not count months.
    """
    day = dt.timedelta(days=1)

    def young_enough(birth: dt.date) -> bool:
        return _within_max_age(age_on(birth_date=birth, on=on), max_age)

    def old_enough(birth: dt.date) -> bool:
        return birth <= on and age_on(birth_date=birth, on=on).years >= min_age

    # Calendar arithmetic lands within a day or two of the bound (29 February); walk to it.
    earliest = on - relativedelta(years=max_age)
    while not young_enough(earliest):
        earliest += day
    while young_enough(earliest - day):
        earliest -= day
    latest = on - relativedelta(years=min_age)
    while not old_enough(latest):
        latest -= day
    while old_enough(latest + day):
        latest += day
    return earliest, latest


@dataclass(frozen=True)
class EducationRule:
    level_code: str
    level_name: str
    majors: tuple[str, ...] = ()  # empty: any major of that level


@dataclass(frozen=True)
class FormasiRequirements:
    min_age: int
    max_age: int
    age_reference_date: dt.date
    education: tuple[EducationRule, ...]
    track: str = "umum"
    min_gpa: Decimal | None = None
    track_name: str = ""  # the track's Indonesian label, for the messages


@dataclass(frozen=True)
class ApplicantProfile:
    birth_date: dt.date
    education_level_code: str
    education_major: str = ""
    gpa: Decimal | None = None
    is_disabled: bool = False
    # The track the person applies under (a visitor states it on the board); None: not stated.
    track: str | None = None


@dataclass(frozen=True)
class Failure:
    code: str
    message: str


@dataclass(frozen=True)
class Eligibility:
    failures: list[Failure] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.failures

    def as_json(self) -> dict[str, object]:
        return {
            "eligible": self.eligible,
            "failures": [{"code": f.code, "message": f.message} for f in self.failures],
        }


def _normalise_major(value: str) -> str:
    return " ".join(value.casefold().replace("-", " ").split())


def check_age(profile: ApplicantProfile, req: FormasiRequirements) -> Failure | None:
    """Age at the reference date must be at least min_age and must not have passed max_age.

    "Paling tinggi 35 tahun" is read as: on the reference date the applicant is not older than
    35 years 0 months 0 days.
    """
    on = req.age_reference_date
    when = format_date_id(on)
    if profile.birth_date > on:
        return Failure(
            "age",
            f"Tanggal lahir Anda ({format_date_id(profile.birth_date)}) sesudah tanggal acuan usia {when}.",
        )
    age = age_on(birth_date=profile.birth_date, on=on)
    if age.years < req.min_age:
        return Failure(
            "age_min",
            f"Usia Anda pada {when} adalah {age}; usia minimal {req.min_age} tahun.",
        )
    if not _within_max_age(age, req.max_age):
        return Failure(
            "age_max",
            f"Usia Anda pada {when} adalah {age}; batas usia {req.max_age} tahun.",
        )
    return None


def check_education(profile: ApplicantProfile, req: FormasiRequirements) -> Failure | None:
    rules = {rule.level_code: rule for rule in req.education}
    if not rules:
        return None
    accepted_levels = ", ".join(rule.level_name for rule in req.education)
    rule = rules.get(profile.education_level_code)
    if rule is None:
        return Failure(
            "education_level",
            f"Pendidikan Anda tidak sesuai: formasi ini menerima jenjang {accepted_levels}.",
        )
    if rule.majors:
        wanted = {_normalise_major(major) for major in rule.majors}
        if _normalise_major(profile.education_major) not in wanted:
            majors = ", ".join(rule.majors)
            stated = profile.education_major.strip() or "(belum diisi)"
            return Failure(
                "education_major",
                f"Program studi Anda ({stated}) tidak termasuk yang diterima untuk "
                f"{rule.level_name}: {majors}.",
            )
    return None


# Tracks open to everyone, or checked by their own field (disabilitas: is_disabled).
TRACKS_WITHOUT_CLAIM = frozenset({"umum", "disabilitas"})


def check_track(profile: ApplicantProfile, req: FormasiRequirements) -> list[Failure]:
    """Special tracks (cumlaude, putra/putri daerah, diaspora, eks THK-II) are only for their own
    applicants (domain reference §1.2, jenis kebutuhan khusus); a minimum GPA is a number to reach.
    """
    failures: list[Failure] = []
    if (
        profile.track is not None
        and req.track not in TRACKS_WITHOUT_CLAIM
        and profile.track != req.track
    ):
        failures.append(
            Failure(
                "track",
                f"Formasi ini khusus untuk pelamar jalur {req.track_name or req.track}.",
            )
        )
    if req.track == "disabilitas" and not profile.is_disabled:
        failures.append(
            Failure("track_disability", "Formasi ini khusus untuk pelamar penyandang disabilitas.")
        )
    if req.min_gpa is not None:
        if profile.gpa is None:
            failures.append(
                Failure(
                    "gpa_missing",
                    f"Formasi ini mensyaratkan IPK minimal {req.min_gpa}; IPK Anda belum diisi.",
                )
            )
        elif profile.gpa < req.min_gpa:
            failures.append(
                Failure(
                    "gpa",
                    f"IPK Anda {profile.gpa}; formasi ini mensyaratkan IPK minimal {req.min_gpa}.",
                )
            )
    return failures


def check_eligibility(profile: ApplicantProfile, req: FormasiRequirements) -> Eligibility:
    """Every requirement that `profile` fails, in the order a person reads them."""
    failures = [
        failure
        for failure in (check_age(profile, req), check_education(profile, req))
        if failure is not None
    ]
    failures.extend(check_track(profile, req))
    return Eligibility(failures)
