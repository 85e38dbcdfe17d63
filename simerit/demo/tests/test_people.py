import datetime as dt

from simerit.demo.people import PeopleGenerator, nik_for, nip_for
from simerit.employees import rules
from simerit.employees.models import EmployeeKind, Gender

TODAY = dt.date(2026, 11, 28)
GOLONGAN = [
    *("I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d"),
    *("III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"),
]


def generator(seed: int = 1) -> PeopleGenerator:
    return PeopleGenerator(seed=seed, today=TODAY, golongan_order=GOLONGAN)


def test_nik_for_adds_forty_to_the_day_for_women():
    birth = dt.date(1986, 9, 26)

    assert nik_for(birth_date=birth, gender=Gender.MALE, district="01", serial=1) == (
        "1671012609860001"
    )
    assert nik_for(birth_date=birth, gender=Gender.FEMALE, district="18", serial=42) == (
        "1671186609860042"
    )


def test_nip_for_follows_the_bkn_layout_without_the_nik_rule():
    nip = nip_for(
        birth_date=dt.date(1986, 9, 26),
        tmt_cpns=dt.date(2015, 5, 1),
        gender=Gender.FEMALE,
        serial=1,
    )

    assert nip == "198609262015052001"


def test_pns_identifiers_validate_and_agree_with_each_other():
    people = generator()

    for _ in range(300):
        person = people.person(
            kind=EmployeeKind.PNS, golongan_range=("III/c", "IV/b"), entry_golongan="III/a"
        )
        nik = rules.validate_nik(person.nik)
        nip = rules.validate_nip(person.nip, today=TODAY)
        assert rules.cross_check(nik=nik, asn_number=nip) == []
        assert nip.birth_date == person.birth_date
        assert (nip.appointment_year, nip.appointment_month) == (
            person.tmt_cpns.year,
            person.tmt_cpns.month,
        )
        assert person.golongan in {"III/c", "III/d", "IV/a", "IV/b"}
        assert person.tmt_pns is not None
        assert person.tmt_cpns < person.tmt_pns <= TODAY
        assert person.tmt_golongan is not None
        assert person.tmt_cpns <= person.tmt_golongan <= TODAY
        assert person.tmt_cpns <= person.tmt_position <= TODAY
        assert 21 <= (TODAY - person.birth_date).days // 365 <= 56


def test_a_higher_golongan_means_more_years_of_service():
    people = generator()

    for _ in range(100):
        person = people.person(
            kind=EmployeeKind.PNS, golongan_range=("IV/c", "IV/d"), entry_golongan="III/a"
        )
        # III/a → IV/c is six regular promotions of four years each, after two CPNS/PNS years.
        assert TODAY.year - person.tmt_cpns.year >= 26


def test_cpns_have_the_entry_golongan_and_were_appointed_this_year():
    people = generator()

    for _ in range(50):
        person = people.person(
            kind=EmployeeKind.CPNS, golongan_range=("III/a", "III/b"), entry_golongan="III/a"
        )
        assert person.golongan == "III/a"
        assert person.tmt_pns is None
        assert dt.date(2026, 1, 1) <= person.tmt_cpns < TODAY
        rules.validate_nip(person.nip, today=TODAY)


def test_pppk_have_no_golongan_and_a_valid_ni_pppk():
    people = generator()

    for _ in range(100):
        person = people.person(
            kind=EmployeeKind.PPPK, golongan_range=("III/a", "III/b"), entry_golongan="III/a"
        )
        assert person.golongan is None
        assert person.tmt_pns is None
        assert person.tmt_golongan is None
        nik = rules.validate_nik(person.nik)
        ni_pppk = rules.validate_ni_pppk(person.nip, today=TODAY)
        assert rules.cross_check(nik=nik, asn_number=ni_pppk, label="NI PPPK") == []


def test_identifiers_never_repeat_even_for_the_same_birth_data():
    people = generator()
    persons = [
        people.person(kind=kind, golongan_range=("II/a", "II/a"), entry_golongan="II/a")
        for kind in [EmployeeKind.PNS, EmployeeKind.PPPK, EmployeeKind.CPNS] * 1000
    ]

    assert len({person.nik for person in persons}) == 3000
    assert len({person.nip for person in persons}) == 3000


def test_the_requested_gender_is_used_everywhere():
    person = generator().person(
        kind=EmployeeKind.PNS,
        golongan_range=("III/a", "III/a"),
        entry_golongan="III/a",
        gender=Gender.FEMALE,
    )

    assert person.gender == Gender.FEMALE
    assert rules.validate_nik(person.nik).gender == rules.FEMALE
    assert person.nip[14] == "2"


def test_the_same_seed_gives_the_same_people():
    def draw(seed: int) -> list[tuple[str, str, str]]:
        people = generator(seed)
        return [
            (person.name, person.nik, person.nip)
            for person in (
                people.person(
                    kind=EmployeeKind.PNS, golongan_range=("III/a", "IV/a"), entry_golongan="III/a"
                )
                for _ in range(20)
            )
        ]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)
