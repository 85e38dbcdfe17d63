import datetime as dt

import pytest

from bench import recruitment
from bench.database import BENCH_UNITS, _bench_units
from bench.recruitment import (
    BULK_DISTRICT,
    FLOW_DISTRICT,
    Target,
    api_paths,
    board_paths,
    copy_text,
    flow_applicant,
    formasi_plan,
    identity,
    matches,
    search_counts,
)
from bench.run import ratio_text
from simerit.accounts.models import User
from simerit.employees import rules as id_rules
from simerit.recruitment.models import Applicant, Application, Formasi
from simerit.recruitment.selectors.board import BoardFilters, list_board_formasi
from simerit.recruitment.services.applicants import identity_mismatches, validate_kk_number

TODAY = dt.date(2026, 11, 28)
UNIT_CODES = [code for code, _ in BENCH_UNITS]
UNIT_NAMES = [name for _, name in BENCH_UNITS]


def test_formasi_plan_spreads_formasi_over_units_then_openings():
    plans = formasi_plan(count=25, unit_codes=UNIT_CODES, year=2026)

    assert [(plan.code, plan.unit_index, plan.opening.position) for plan in plans[9:12]] == [
        ("2026-SATPOLPP-0010", 9, "Perawat Ahli Pertama"),
        ("2026-DINKES-0011", 0, "Bidan Terampil"),
        ("2026-DISDIK-0012", 1, "Bidan Terampil"),
    ]
    assert len({plan.code for plan in plans}) == 25


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("perawat", True),
        ("PERAWAT ahli", True),
        ("pranata dinas", False),
        ("kesehatan perawat", True),
        ("dinkes", True),
        ("guru", False),
    ],
)
def test_matches_needs_every_word_in_code_position_or_unit(term, expected):
    assert (
        matches(
            term, code="2026-DINKES-0001", position="Perawat Ahli Pertama", unit="Dinas Kesehatan"
        )
        is expected
    )


def test_search_counts_of_the_standard_board():
    plans = formasi_plan(count=5000, unit_codes=UNIT_CODES, year=2026)

    assert search_counts(plans, unit_names=UNIT_NAMES, terms=recruitment.SEARCH_TERMS) == {
        "perawat": 420,
        "guru": 420,
        "pranata komputer": 420,
    }


def test_board_paths_alternate_the_whole_list_with_the_searches():
    paths = board_paths(formasi=45, searches={"pranata komputer": 21})

    assert paths == [
        "/seleksi/formasi/?page=1",
        "/seleksi/formasi/?q=pranata+komputer&page=1",
        "/seleksi/formasi/?page=2",
        "/seleksi/formasi/?q=pranata+komputer&page=2",
        "/seleksi/formasi/?page=3",
        "/seleksi/formasi/?q=pranata+komputer&page=1",
    ]


def test_api_paths_walk_pages_of_fifty_and_a_search_that_finds_nothing_still_asks_once():
    paths = api_paths(formasi=120, searches={"guru": 0})

    assert paths == [
        "/api/v1/recruitment/formasi/?page=1",
        "/api/v1/recruitment/formasi/?search=guru&page=1",
        "/api/v1/recruitment/formasi/?page=2",
        "/api/v1/recruitment/formasi/?search=guru&page=1",
        "/api/v1/recruitment/formasi/?page=3",
        "/api/v1/recruitment/formasi/?search=guru&page=1",
    ]


@pytest.mark.parametrize("district", [BULK_DISTRICT, FLOW_DISTRICT])
def test_identities_are_valid_unique_and_agree_with_their_nik(district):
    # Around the end of the first block of birth days and serials, and the start of the next.
    block = recruitment.BIRTH_DAYS * recruitment.SERIALS
    indexes = [*range(0, 12_000), *range(block - 50, block + 50)]

    people = [identity(index, district=district, today=TODAY) for index in indexes]

    for person in people:
        nik = id_rules.validate_nik(person.nik)
        validate_kk_number(person.kk_number)
        assert (
            identity_mismatches(nik=nik, birth_date=person.birth_date, gender=person.gender) == []
        )
        assert dt.date(1993, 1, 1) <= person.birth_date <= dt.date(2001, 3, 19)
    assert len({person.nik for person in people}) == len(indexes)


def test_bulk_and_flow_applicants_never_share_a_nik():
    bulk = {identity(n, district=BULK_DISTRICT, today=TODAY).nik for n in range(0, 200_000, 7)}
    flows = {identity(n, district=FLOW_DISTRICT, today=TODAY).nik for n in range(0, 200_000, 7)}

    assert bulk.isdisjoint(flows)


def test_flow_applicant_takes_the_education_of_its_formasi():
    targets = (Target(11, "S1", "Keperawatan"), Target(12, "D3", "Kebidanan"))

    applicant = flow_applicant(3, targets=targets, today=TODAY, run="abc123")

    assert (
        applicant.email,
        applicant.formasi_id,
        applicant.education_level,
        applicant.education_major,
        applicant.nik[4:6],
    ) == ("pelamar.alur000003.abc123@bench.contoh.id", 12, "D3", "Kebidanan", "10")
    assert len(applicant.password) >= 16


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "\\N"),
        (True, "t"),
        (False, "f"),
        (42, "42"),
        (dt.date(1998, 5, 14), "1998-05-14"),
        (
            dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC),
            "2026-11-28T09:30:00+00:00",
        ),
        ({}, "{}"),
        (["a"], '["a"]'),
        ("Siti\tAminah\nPalembang\\", "Siti\\tAminah\\nPalembang\\\\"),
    ],
)
def test_copy_text_writes_postgresql_copy_text_format(value, text):
    assert copy_text(value) == text


@pytest.mark.parametrize(
    ("rate", "reference", "text"),
    [(15.6, 1649.7, "0.009"), (300.0, 1500.0, "0.200"), (10.0, None, "na"), (10.0, 0.0, "na")],
)
def test_ratio_text(rate, reference, text):
    assert ratio_text(rate, reference) == text


@pytest.mark.django_db
def test_build_makes_rows_the_models_accept_and_the_board_finds_what_was_counted():
    from simerit.accounts.tests.factories import UserFactory
    from simerit.core.roles import Role

    actor = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    units = _bench_units()

    board = recruitment.build(formasi=36, applications=150, today=TODAY, units=units, actor=actor)

    formasi = Formasi.objects.filter(period__name__endswith="(bench)")
    assert (formasi.count(), Application.objects.count(), len(board.targets)) == (36, 150, 36)
    # index % 100 < 10: 0–9 and 100–109.
    assert Application.objects.filter(status=Application.Status.DRAFT).count() == 20
    period = formasi.first().period  # type: ignore[union-attr]
    for term, found in board.searches.items():
        listed = list_board_formasi(period=period, filters=BoardFilters(search=term))
        assert listed.count() == found, term
    for model in (Application, Applicant, User):
        for row in model.objects.order_by("-pk")[:3]:
            row.full_clean(exclude=["password"] if model is User else None)
    last = Application.objects.order_by("-pk").first()
    assert last is not None
    assert (
        last.eligibility_snapshot,
        last.result_reasons,
        last.applicant.user.has_role(Role.PELAMAR),
    ) == (
        {},
        [],
        True,
    )
