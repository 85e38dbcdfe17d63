"""Identifier rules for ASN records: NIK, NIP and NI PPPK. Pure functions, no database.

Each validator returns what the number encodes, or raises `IdentifierError` whose message says in
Indonesian what is wrong.
"""

import re
from dataclasses import dataclass
from datetime import date

# Kemendagri province codes (Permendagri 72/2019 and the 2022 Papua provinces).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36",
        "51", "52", "53",
        "61", "62", "63", "64", "65",
        "71", "72", "73", "74", "75", "76",
        "81", "82",
        "91", "92", "93", "94", "95", "96",
    }
)  # fmt: skip
# Kota Palembang (16.71) has 18 kecamatan, coded 01–18 (domain reference §4.4).
PALEMBANG_CODE = "1671"
PALEMBANG_DISTRICTS = frozenset(f"{n:02d}" for n in range(1, 19))

MALE = "L"
FEMALE = "P"
_DIGITS = re.compile(r"^\d+$")


class IdentifierError(ValueError):
    """An identifier is malformed; the message is Indonesian and names the offending part."""


@dataclass(frozen=True)
class NikInfo:
    province: str
    regency: str
    district: str
    day: int
    month: int
    year_2d: int
    gender: str
    serial: str

    def matches_birth_date(self, birth_date: date) -> bool:
        return (birth_date.day, birth_date.month, birth_date.year % 100) == (
            self.day,
            self.month,
            self.year_2d,
        )


@dataclass(frozen=True)
class NipInfo:
    birth_date: date
    appointment_year: int
    appointment_month: int | None
    gender: str
    serial: str


def _digits(value: str, *, label: str, length: int) -> str:
    value = value.strip().replace(" ", "")
    if not value:
        raise IdentifierError(f"{label} wajib diisi.")
    if not _DIGITS.match(value):
        raise IdentifierError(f"{label} hanya boleh berisi angka.")
    if len(value) != length:
        raise IdentifierError(f"{label} harus {length} digit; yang diisi {len(value)} digit.")
    return value


def validate_nik(nik: str) -> NikInfo:
    """Check a NIK (UU 24/2013; Dukcapil layout, domain reference §4.1).

    Positions 1–6 region, 7–8 day of birth (+40 for women), 9–10 month, 11–12 year, 13–16 serial.
    """
    nik = _digits(nik, label="NIK", length=16)
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    if province not in PROVINCE_CODES:
        raise IdentifierError(f"Kode provinsi NIK '{province}' (digit 1–2) tidak dikenal.")
    if regency == "00":
        raise IdentifierError("Kode kabupaten/kota NIK (digit 3–4) tidak boleh 00.")
    if district == "00":
        raise IdentifierError("Kode kecamatan NIK (digit 5–6) tidak boleh 00.")
    if nik[:4] == PALEMBANG_CODE and district not in PALEMBANG_DISTRICTS:
        raise IdentifierError(
            f"Kode kecamatan NIK '{district}' (digit 5–6) tidak ada di Kota Palembang (01–18)."
        )
    raw_day, month, year_2d = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = FEMALE if raw_day > 40 else MALE
    day = raw_day - 40 if gender == FEMALE else raw_day
    if not 1 <= month <= 12:
        raise IdentifierError(f"Bulan lahir pada NIK '{nik[8:10]}' (digit 9–10) tidak valid.")
    if not 1 <= day <= 31:
        raise IdentifierError(
            f"Tanggal lahir pada NIK '{nik[6:8]}' (digit 7–8) tidak valid: laki-laki 01–31, "
            "perempuan 41–71."
        )
    if not _is_valid_day(day=day, month=month, year_2d=year_2d):
        raise IdentifierError(
            f"Tanggal lahir pada NIK ({day:02d}-{month:02d}-{year_2d:02d}) tidak ada di kalender."
        )
    serial = nik[12:16]
    if serial == "0000":
        raise IdentifierError("Nomor urut NIK (digit 13–16) tidak boleh 0000.")
    return NikInfo(province, regency, district, day, month, year_2d, gender, serial)


def _is_valid_day(*, day: int, month: int, year_2d: int) -> bool:
    """A NIK's two-digit year has no century: accept the day if it exists in either century."""
    for century in (1900, 2000):
        try:
            date(century + year_2d, month, day)
        except ValueError:
            continue
        return True
    return False


def _parse_birth_date(value: str, *, label: str) -> date:
    try:
        birth = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise IdentifierError(
            f"Tanggal lahir pada {label} '{value[0:8]}' (digit 1–8, TTTTBBHH) tidak valid."
        ) from None
    if birth.year < 1900:
        raise IdentifierError(f"Tahun lahir pada {label} ({birth.year}) tidak masuk akal.")
    return birth


def _gender_digit(value: str, *, label: str) -> str:
    digit = value[14]
    if digit not in {"1", "2"}:
        raise IdentifierError(
            f"Digit jenis kelamin pada {label} (digit 15) harus 1 (laki-laki) atau 2 (perempuan); "
            f"yang diisi {digit}."
        )
    return MALE if digit == "1" else FEMALE


def validate_nip(nip: str, *, today: date) -> NipInfo:
    """Check an 18-digit NIP PNS (Perka BKN 22/2007; domain reference §4.2).

    YYYYMMDD birth date, YYYYMM TMT CPNS, gender 1/2, serial NNN starting at 001. The NIK's +40
    rule for women does not apply to NIP.
    """
    nip = _digits(nip, label="NIP", length=18)
    birth = _parse_birth_date(nip, label="NIP")
    if birth >= today:
        raise IdentifierError("Tanggal lahir pada NIP berada di masa depan.")
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise IdentifierError(f"Bulan TMT CPNS pada NIP '{nip[12:14]}' (digit 13–14) tidak valid.")
    if (year, month) > (today.year, today.month):
        raise IdentifierError(f"TMT CPNS pada NIP ({month:02d}-{year}) berada di masa depan.")
    if year < birth.year + 15:
        raise IdentifierError(
            f"TMT CPNS pada NIP ({year}) terlalu dekat dengan tahun lahir ({birth.year}): "
            "usia saat pengangkatan kurang dari 15 tahun."
        )
    gender = _gender_digit(nip, label="NIP")
    serial = nip[15:18]
    if serial == "000":
        raise IdentifierError("Nomor urut NIP (digit 16–18) dimulai dari 001.")
    return NipInfo(birth, year, month, gender, serial)


def validate_ni_pppk(ni_pppk: str, *, today: date) -> NipInfo:
    """Check an 18-digit NI PPPK: only length, birth date (1–8) and gender digit (15).

    Positions 9–14 are treated as opaque because sources disagree on their layout (domain
    reference §4.3, [U]).
    """
    ni_pppk = _digits(ni_pppk, label="NI PPPK", length=18)
    birth = _parse_birth_date(ni_pppk, label="NI PPPK")
    if birth >= today:
        raise IdentifierError("Tanggal lahir pada NI PPPK berada di masa depan.")
    gender = _gender_digit(ni_pppk, label="NI PPPK")
    return NipInfo(birth, int(ni_pppk[8:12]), None, gender, ni_pppk[15:18])


def cross_check(*, nik: NikInfo, asn_number: NipInfo, label: str = "NIP") -> list[str]:
    """Disagreements between a NIK and a NIP/NI PPPK of the same person, as Indonesian messages."""
    problems = []
    if not nik.matches_birth_date(asn_number.birth_date):
        problems.append(
            f"Tanggal lahir pada NIK ({nik.day:02d}-{nik.month:02d}-{nik.year_2d:02d}) berbeda "
            f"dengan tanggal lahir pada {label} ({asn_number.birth_date:%d-%m-%Y})."
        )
    if nik.gender != asn_number.gender:
        problems.append(
            f"Jenis kelamin pada NIK ({_gender_name(nik.gender)}) berbeda dengan jenis kelamin "
            f"pada {label} ({_gender_name(asn_number.gender)})."
        )
    return problems


def nik_review_reasons(*, nik: NikInfo, asn_number: NipInfo, label: str = "NIP") -> list[str]:
    """What HR must check where a NIK disagrees with the NIP/NI PPPK; empty when they agree.

    Domain reference §4.1 (caveat): some NIKs were issued with a wrong birth date and are never
    corrected, so a disagreement marks the record for manual review instead of refusing it. The
    reasons leave out the NIK's coded date, which mask_nik hides as well.
    """
    reasons = []
    if not nik.matches_birth_date(asn_number.birth_date):
        reasons.append(f"Tanggal lahir pada NIK berbeda dengan tanggal lahir pada {label}.")
    if nik.gender != asn_number.gender:
        reasons.append(f"Jenis kelamin pada NIK berbeda dengan jenis kelamin pada {label}.")
    return reasons


def _gender_name(code: str) -> str:
    return "perempuan" if code == FEMALE else "laki-laki"


def mask_nik(nik: str) -> str:
    """Show the region (4 digits) and the last 4 digits only: 1671********0001 (UU 27/2022 PDP)."""
    if len(nik) != 16:
        return "*" * len(nik)
    return f"{nik[:4]}{'*' * 8}{nik[12:]}"
