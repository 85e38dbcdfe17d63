"""The 9-box reads: the contract `boxes(ids, on=)` (latest final predikat, latest valid
assessment, the settings as configuration, set-based), who sees which placements, and the grid."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.career.models import TalentSettings
from simerit.career.selectors import talent as selectors
from simerit.career.selectors.talent import TalentPlacement
from simerit.career.tests.factories import (
    CareerEmployeeFactory,
    appraise,
    make_office,
    user_with,
)
from simerit.career.tests.factories_talent import assess, place_in_box
from simerit.core.roles import Role
from simerit.performance.models import Appraisal

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def test_boxes_places_an_employee_with_the_facts_behind_the_axes():
    person = CareerEmployeeFactory.create()
    appraise(person, year=2025, predikat="sangat_baik")
    assess(person, "90", on=dt.date(2026, 3, 1))

    placements = selectors.boxes([person.pk], on=TODAY)

    assert placements == {
        person.pk: TalentPlacement(
            employee_id=person.pk,
            performance="above",
            potential="high",
            box=9,
            actions=[
                "Dipromosikan dan dipertahankan",
                "Masuk Kelompok Rencana Suksesi Instansi/Nasional",
                "Penghargaan",
            ],
            reason="",
            predikat="sangat_baik",
            predikat_year=2025,
            score=Decimal("90.00"),
            assessed_on=dt.date(2026, 3, 1),
            method="CACT BKN",
        )
    }


def test_the_latest_final_predikat_counts_and_an_undelivered_one_does_not():
    person = CareerEmployeeFactory.create()
    appraise(person, year=2024, predikat="sangat_baik")
    appraise(person, year=2025, predikat="baik")
    appraise(person, year=2026, predikat="sangat_baik", status=Appraisal.Status.DECIDED)
    assess(person, "70")

    placement = selectors.boxes([person.pk], on=TODAY)[person.pk]

    assert (placement.predikat_year, placement.performance, placement.box) == (
        2025,
        "as_expected",
        5,
    )


def test_the_latest_valid_assessment_counts():
    person = CareerEmployeeFactory.create()
    appraise(person, year=2025, predikat="baik")
    assess(person, "95", on=dt.date(2025, 6, 1), method="Assessment center")
    assess(person, "50", on=dt.date(2026, 2, 1))
    assess(person, "99", on=dt.date(2026, 12, 1), method="Uji lanjutan")  # after the day asked

    placement = selectors.boxes([person.pk], on=TODAY)[person.pk]

    assert (placement.score, placement.potential, placement.box) == (Decimal("50.00"), "low", 2)


def test_an_assessment_older_than_the_valid_years_gives_no_box_with_the_reason():
    person = CareerEmployeeFactory.create()
    appraise(person, year=2025, predikat="baik")
    assess(person, "95", on=dt.date(2023, 11, 27))  # three years and one day before TODAY

    placement = selectors.boxes([person.pk], on=TODAY)[person.pk]

    assert (placement.box, placement.potential, placement.reason) == (
        None,
        "",
        "Belum ada hasil asesmen potensial yang berlaku.",
    )


def test_nothing_recorded_gives_both_reasons():
    person = CareerEmployeeFactory.create()

    placement = selectors.boxes([person.pk], on=TODAY)[person.pk]

    assert placement.box is None
    assert placement.actions == []
    assert placement.reason == (
        "Belum ada predikat final. Belum ada hasil asesmen potensial yang berlaku."
    )


def test_the_settings_are_configuration():
    person = place_in_box(CareerEmployeeFactory.create(), 5)  # baik, 70
    TalentSettings.objects.filter(pk=1).update(
        potential_medium_from=Decimal("50"),
        potential_high_from=Decimal("65"),
        above_predikats=["sangat_baik", "baik"],
        as_expected_predikats=[],
    )

    assert selectors.boxes([person.pk], on=TODAY)[person.pk].box == 9


def test_boxes_reads_a_past_day():
    person = CareerEmployeeFactory.create()
    appraise(person, year=2025, predikat="sangat_baik")
    assess(person, "90", on=dt.date(2026, 3, 1))

    placement = selectors.boxes([person.pk], on=dt.date(2026, 2, 28))[person.pk]

    assert placement.box is None
    assert placement.reason == "Belum ada hasil asesmen potensial yang berlaku."


def test_boxes_costs_the_same_queries_for_many_employees(django_assert_num_queries):
    people = [place_in_box(CareerEmployeeFactory.create(), box) for box in (1, 5, 9)]
    ids = [person.pk for person in people]

    with django_assert_num_queries(3):  # settings, assessments, appraisals
        placements = selectors.boxes(ids, on=TODAY)

    assert [placements[pk].box for pk in ids] == [1, 5, 9]


# --- who sees which placements


def _names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_hr_and_the_auditor_see_every_active_employee_but_themselves():
    office = make_office()
    hr_person = CareerEmployeeFactory.create(name="Admin Sendiri", supervisor=None)
    hr_person.user = office.hr
    hr_person.save()
    CareerEmployeeFactory.create(name="Sudah Pensiun", is_active=False, supervisor=None)

    names = _names(selectors.talent_scope(office.hr))

    assert "Admin Sendiri" not in names
    assert "Sudah Pensiun" not in names
    assert {"Kabid Bina", "Staf A", "Staf B", "Staf C", "Pegawai Lain"} <= set(names)
    assert _names(selectors.talent_scope(office.auditor)) == sorted([*names, "Admin Sendiri"])


def test_an_opd_admin_sees_its_subtree_and_a_supervisor_their_team():
    office = make_office()

    assert _names(selectors.talent_scope(office.admin)) == [
        "Kabid Bina",
        "Staf A",
        "Staf B",
        "Staf C",
    ]
    assert _names(selectors.talent_scope(office.user(office.chief))) == [
        "Staf A",
        "Staf B",
        "Staf C",
    ]


def test_an_employee_may_not_open_the_talent_pages():
    office = make_office()

    assert selectors.talent_scope(office.user(office.staff[0])) is None
    assert selectors.access_of(user_with(Role.PEGAWAI)) is None


def test_the_access_opens_on_the_opd_for_its_admin_and_nowhere_for_hr():
    office = make_office()

    admin = selectors.access_of(office.admin)
    hr = selectors.access_of(office.hr)

    assert admin is not None
    assert hr is not None
    assert admin.home == office.unit
    assert admin.may_open(office.division) is True
    assert admin.may_open(office.other_unit) is False
    assert [unit.name for unit in admin.unit_choices()] == ["Dinas Pendidikan", "Bidang Pembinaan"]
    assert (hr.home, hr.may_open(office.other_unit)) == (None, True)


# --- the grid


def test_the_grid_counts_each_box_and_lists_those_without_one():
    office = make_office()
    place_in_box(office.staff[0], 9)
    place_in_box(office.staff[1], 9)
    place_in_box(office.staff[2], 1)

    scope = selectors.talent_scope(office.admin)
    assert scope is not None

    result = selectors.grid(scope, on=TODAY)

    assert result.counts == {9: 2, 1: 1}
    assert result.placed == 3
    assert [row.employee.name for row in result.unplaced] == ["Kabid Bina"]
    assert [row.employee.name for row in result.in_box(9)] == ["Staf A", "Staf B"]
    assert [[cell.count for cell in cells] for _label, cells in result.lines()] == [
        [0, 0, 2],
        [0, 0, 0],
        [1, 0, 0],
    ]
    assert [label for label, _cells in result.lines()] == [
        "Di atas ekspektasi",
        "Sesuai ekspektasi",
        "Di bawah ekspektasi",
    ]
