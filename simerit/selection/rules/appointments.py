"""The NIP proposal (usul penetapan NIP) for a winner who becomes a CPNS or PPPK. Pure, no ORM."""

import datetime as dt
from collections.abc import Collection

from simerit.employees import rules as employee_rules

GENDER_DIGITS = {employee_rules.MALE: "1", employee_rules.FEMALE: "2"}
FIRST_SERIAL = 1
LAST_SERIAL = 999


class NipProposalError(ValueError):
    """No NIP can be proposed; the message is Indonesian and says why."""


def nip_prefix(*, birth_date: dt.date, tmt: dt.date, gender: str) -> str:
    """The first 15 digits: birth date YYYYMMDD, TMT YYYYMM and the gender digit (§4.2)."""
    digit = GENDER_DIGITS.get(gender)
    if digit is None:
        raise NipProposalError(
            f"Jenis kelamin harus L (laki-laki) atau P (perempuan); yang tercatat '{gender}'."
        )
    return f"{birth_date:%Y%m%d}{tmt:%Y%m}{digit}"


def propose_nip(*, birth_date: dt.date, tmt: dt.date, gender: str, taken: Collection[str]) -> str:
    """The 18-digit NIP to propose: the first serial from 001 not yet taken under the same 15 digits.

    Perka BKN 22/2007 (domain reference §4.2): YYYYMMDD birth date, YYYYMM TMT CPNS, 1 (laki-laki)
    or 2 (perempuan) — never the NIK's +40 rule — and NNN, 001 when the first 15 digits are unique
    and incremented otherwise. The result passes `employees.rules.validate_nip` as of the TMT
    (birth before the TMT, at least 15 years old at it).

    A PPPK gets the same layout (§4.3): the sources disagree on NI PPPK positions 9–14 (YYYYMM,
    or year + an agreement/cohort code), so this is only the proposal; BKN sets the number and
    SiMerit validates an NI PPPK on length, birth date and gender digit alone.
    """
    if birth_date >= tmt:
        raise NipProposalError(
            f"Tanggal lahir ({birth_date:%d-%m-%Y}) harus sebelum TMT ({tmt:%d-%m-%Y})."
        )
    prefix = nip_prefix(birth_date=birth_date, tmt=tmt, gender=gender)
    serial = FIRST_SERIAL
    while f"{prefix}{serial:03d}" in taken:
        serial += 1
        if serial > LAST_SERIAL:
            raise NipProposalError(
                f"Nomor urut NIP untuk {prefix} sudah terpakai semua (001–999); "
                "NIP tidak dapat diusulkan."
            )
    nip = f"{prefix}{serial:03d}"
    try:
        employee_rules.validate_nip(nip, today=tmt)
    except employee_rules.IdentifierError as error:
        raise NipProposalError(str(error)) from None
    return nip
