"""Made-up people for demo and load-test data: names, birth data and matching NIK, NIP, NI PPPK.

Everything is drawn from one seeded random source, so the same seed gives the same people. The
identifiers follow the layouts checked by `simerit.employees.rules` (domain reference §4.1–§4.3)
and agree with each other: a NIK, NIP and birth date made for one person describe the same birth
date and gender.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from faker import Faker

from simerit.employees.models import EmployeeKind, Gender

# Kota Palembang (16.71) and its kecamatan 01–18 (domain reference §4.4).
PALEMBANG = "1671"
DISTRICTS = tuple(f"{n:02d}" for n in range(1, 19))
BIRTH_PLACES = (
    ("Palembang", 14),
    ("Prabumulih", 1),
    ("Lubuklinggau", 1),
    ("Baturaja", 1),
    ("Lahat", 1),
    ("Muara Enim", 1),
    ("Kayu Agung", 1),
    ("Sekayu", 1),
    ("Pagar Alam", 1),
    ("Jambi", 1),
    ("Bengkulu", 1),
    ("Bandar Lampung", 1),
    ("Jakarta", 1),
)
# Intakes of PPPK in Kota Palembang (domain reference §10.2): TMT of the first contract.
PPPK_INTAKES = (dt.date(2022, 3, 1), dt.date(2023, 6, 1), dt.date(2024, 3, 1), dt.date(2025, 10, 1))
# Regular kenaikan pangkat: every four years, on 1 April or 1 October (PP 99/2000).
YEARS_PER_GOLONGAN = 4
# Oldest age kept in the data: below the earliest batas usia pensiun, 58 (UU 20/2023).
MAX_AGE = 56


@dataclass(frozen=True)
class Person:
    """One made-up ASN: identity, identifiers and career dates that pass every rule."""

    kind: str
    name: str
    gender: str
    birth_place: str
    birth_date: dt.date
    nik: str
    nip: str
    golongan: str | None
    tmt_cpns: dt.date
    tmt_pns: dt.date | None
    tmt_golongan: dt.date | None
    tmt_position: dt.date


def nik_for(*, birth_date: dt.date, gender: str, district: str, serial: int) -> str:
    """NIK layout (UU 24/2013): region, day of birth (+40 for women), month, year, serial."""
    day = birth_date.day + (40 if gender == Gender.FEMALE else 0)
    return f"{PALEMBANG}{district}{day:02d}{birth_date:%m%y}{serial:04d}"


def nip_for(*, birth_date: dt.date, tmt_cpns: dt.date, gender: str, serial: int) -> str:
    """NIP layout (Perka BKN 22/2007): birth date, TMT CPNS year and month, gender 1/2, serial."""
    digit = "2" if gender == Gender.FEMALE else "1"
    return f"{birth_date:%Y%m%d}{tmt_cpns:%Y%m}{digit}{serial:03d}"


class PeopleGenerator:
    """Draws people from a fixed seed; never repeats a NIK or a NIP/NI PPPK.

    `golongan_order` lists the golongan codes from lowest to highest (organization.Golongan.rank).
    """

    def __init__(self, *, seed: int, today: dt.date, golongan_order: Sequence[str]) -> None:
        # A seeded, reproducible generator on purpose: demo data, never secrets.
        self.random = random.Random(seed)  # noqa: S311
        self.faker = Faker("id_ID")
        self.faker.seed_instance(seed)
        self.today = today
        self.golongan_order = list(golongan_order)
        self.niks: set[str] = set()
        self.nips: set[str] = set()
        places, weights = zip(*BIRTH_PLACES, strict=True)
        self._places: tuple[str, ...] = places
        self._place_weights: tuple[int, ...] = weights

    def person(
        self,
        *,
        kind: str,
        golongan_range: tuple[str, str],
        entry_golongan: str,
        gender: str | None = None,
    ) -> Person:
        """A PNS, CPNS or PPPK whose age and service years fit the golongan.

        A PNS gets a golongan in `golongan_range`, reached from `entry_golongan` (the entry level
        of the position's education, domain reference §4.6) by regular promotions; a CPNS has the
        entry golongan and was appointed this year; a PPPK has no golongan.
        """
        gender = gender or self.random.choice((Gender.MALE, Gender.FEMALE))
        if kind == EmployeeKind.PPPK:
            return self._pppk(gender=gender)
        entry_rank = self.golongan_order.index(entry_golongan)
        if kind == EmployeeKind.CPNS:
            months_ago = self.random.randint(1, 10)
            tmt_cpns = _first_of_month(self.today, months_back=months_ago)
            birth_date = self._birth_date(appointed=tmt_cpns, entry_rank=entry_rank)
            return self._make(
                kind=kind,
                gender=gender,
                birth_date=birth_date,
                golongan=entry_golongan,
                tmt_cpns=tmt_cpns,
                tmt_pns=None,
                tmt_golongan=tmt_cpns,
            )
        low = self.golongan_order.index(golongan_range[0])
        high = self.golongan_order.index(golongan_range[1])
        rank = self.random.randint(max(low, entry_rank), max(high, entry_rank))
        steps = rank - entry_rank
        # A CPNS year and the first PNS year, four years per golongan, some at the current one.
        service_years = 2 + steps * YEARS_PER_GOLONGAN + self.random.randint(0, 3)
        tmt_cpns = dt.date(self.today.year - service_years, self.random.randint(1, 12), 1)
        birth_date = self._birth_date(appointed=tmt_cpns, entry_rank=entry_rank)
        tmt_pns = tmt_cpns.replace(year=tmt_cpns.year + 1)
        tmt_golongan = (
            dt.date(tmt_cpns.year + steps * YEARS_PER_GOLONGAN, self.random.choice((4, 10)), 1)
            if steps
            else tmt_cpns
        )
        return self._make(
            kind=kind,
            gender=gender,
            birth_date=birth_date,
            golongan=self.golongan_order[rank],
            tmt_cpns=tmt_cpns,
            tmt_pns=tmt_pns,
            tmt_golongan=min(tmt_golongan, self.today),
        )

    def _pppk(self, *, gender: str) -> Person:
        intakes = [intake for intake in PPPK_INTAKES if intake <= self.today]
        tmt = self.random.choice(intakes)
        age = self.random.randint(24, 45)
        birth_date = self._random_day(tmt.year - age)
        return self._make(
            kind=EmployeeKind.PPPK,
            gender=gender,
            birth_date=birth_date,
            golongan=None,
            tmt_cpns=tmt,
            tmt_pns=None,
            tmt_golongan=None,
        )

    def _birth_date(self, *, appointed: dt.date, entry_rank: int) -> dt.date:
        # Graduates of SMA enter at II/a around 20; graduates of S-1 at III/a around 24.
        entry_age = self.random.randint(19, 23) if entry_rank < 8 else self.random.randint(23, 28)
        year = appointed.year - entry_age
        year = max(year, self.today.year - MAX_AGE)
        return self._random_day(year)

    def _random_day(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.random.randint(0, 364))

    def _make(
        self,
        *,
        kind: str,
        gender: str,
        birth_date: dt.date,
        golongan: str | None,
        tmt_cpns: dt.date,
        tmt_pns: dt.date | None,
        tmt_golongan: dt.date | None,
    ) -> Person:
        start = max(tmt_cpns, dt.date(self.today.year - 5, 1, 1))
        days = (self.today - start).days
        tmt_position = _first_of_month(start + dt.timedelta(days=self.random.randint(0, days)))
        return Person(
            kind=kind,
            name=self._name(gender),
            gender=gender,
            birth_place=self.random.choices(self._places, weights=self._place_weights)[0],
            birth_date=birth_date,
            nik=self._nik(birth_date=birth_date, gender=gender),
            nip=self._nip(birth_date=birth_date, tmt_cpns=tmt_cpns, gender=gender),
            golongan=golongan,
            tmt_cpns=tmt_cpns,
            tmt_pns=tmt_pns,
            tmt_golongan=tmt_golongan,
            tmt_position=max(tmt_position, tmt_cpns),
        )

    def _name(self, gender: str) -> str:
        # first_name + last_name: Faker's name() adds academic titles, which have their own fields.
        if gender == Gender.FEMALE:
            return f"{self.faker.first_name_female()} {self.faker.last_name_female()}"
        return f"{self.faker.first_name_male()} {self.faker.last_name_male()}"

    def _nik(self, *, birth_date: dt.date, gender: str) -> str:
        district = self.random.choice(DISTRICTS)
        serial = self.random.randint(1, 9999)
        while True:
            nik = nik_for(birth_date=birth_date, gender=gender, district=district, serial=serial)
            if nik not in self.niks:
                self.niks.add(nik)
                return nik
            serial = serial % 9999 + 1

    def _nip(self, *, birth_date: dt.date, tmt_cpns: dt.date, gender: str) -> str:
        # Perka BKN 22/2007: the serial is 001 unless the first 15 digits are already taken.
        for serial in range(1, 1000):
            nip = nip_for(birth_date=birth_date, tmt_cpns=tmt_cpns, gender=gender, serial=serial)
            if nip not in self.nips:
                self.nips.add(nip)
                return nip
        raise ValueError("Nomor urut NIP habis untuk tanggal lahir dan TMT ini.")


def _first_of_month(day: dt.date, *, months_back: int = 0) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months_back
    return dt.date(month_index // 12, month_index % 12 + 1, 1)
