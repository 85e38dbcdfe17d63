"""The needs analysis produces the expected recommendations for a fixture organisation (the issue's
acceptance), read set-based, with the latest appraisal, the exclusions and the unit totals."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization import services as org_services
from simerit.performance.models import Predikat
from simerit.training.models import Enrolment
from simerit.training.rules.needs import EmployeeNeeds
from simerit.training.selectors.needs import (
    analyse,
    employee_needs,
    plan_report,
)
from simerit.training.tests.factories_needs import (
    FixtureOrg,
    appraised,
    assess,
    enrol,
    fixture_organisation,
)

pytestmark = pytest.mark.django_db

INDICATOR_1A = (
    'Panduan perilaku 1a "Memahami dan memenuhi kebutuhan masyarakat" bernilai 2,30 '
    "(penilaian kinerja 2025)"
)
INDICATOR_7C = (
    'Panduan perilaku 7c "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama" '
    "bernilai 2,10 (penilaian kinerja 2025)"
)


@pytest.fixture
def fixture() -> FixtureOrg:
    return fixture_organisation()


def _summary(needs: EmployeeNeeds) -> dict[str, list[object]]:
    return {
        "proposals": [(p.programme.code, list(p.reasons)) for p in needs.proposals],
        "unmatched": [gap.reason for gap in needs.unmatched],
        "addressed": [(a.gap.reason, a.programme.code, str(a.state)) for a in needs.addressed],
    }


def test_fixture_organisation_gets_the_expected_recommendations(fixture):
    rows = analyse(Employee.objects.active(), year=2027)

    by_name = {row.employee.name: _summary(row.needs) for row in rows}
    # Eko is inactive; the order is by unit (OPD before its bidang) then name
    assert list(by_name) == ["Fajar Kadis", "Ani", "Budi", "Citra", "Dedi"]
    assert by_name["Ani"] == {
        # YAN covers two gaps; of the one-gap programmes the lower JP first; KOM-OLD is inactive
        "proposals": [
            (
                "YAN",
                [
                    "Kompetensi K102 Pelayanan kesehatan belum diases (dipersyaratkan level 3)",
                    INDICATOR_1A,
                ],
            ),
            ("COACH", ["Predikat kinerja 2025 Butuh Perbaikan"]),
            ("KOM", ["Kompetensi K101 Komunikasi level 2 dari 3 yang dipersyaratkan"]),
        ],
        "unmatched": [],
        "addressed": [],
    }
    assert by_name["Budi"] == {"proposals": [], "unmatched": [], "addressed": []}
    assert by_name["Citra"] == {
        "proposals": [
            (
                "PKP",
                [
                    "PKP (Pelatihan Kepemimpinan Pengawas) wajib bagi jabatan Pengawas dan "
                    "belum diselesaikan"
                ],
            )
        ],
        "unmatched": [],
        "addressed": [
            (
                "Kompetensi K101 Komunikasi level 3 dari 4 yang dipersyaratkan",
                "KOM",
                "sedang diikuti",
            )
        ],
    }
    assert by_name["Dedi"] == {
        "proposals": [],
        "unmatched": [INDICATOR_7C],
        "addressed": [
            (
                "Kompetensi K103 Pengolahan data belum diases (dipersyaratkan level 2)",
                "DATA",
                "sudah diselesaikan",
            )
        ],
    }
    # Fajar (JPT pratama) has PKN II validated and no required competency
    assert by_name["Fajar Kadis"] == {"proposals": [], "unmatched": [], "addressed": []}
    assert {row.employee.name: row.appraisal_year for row in rows} == {
        "Fajar Kadis": None,
        "Ani": 2025,
        "Budi": 2025,
        "Citra": None,
        "Dedi": 2025,
    }


def test_fixture_organisation_totals_per_opd(fixture, hr_admin):
    report = plan_report(hr_admin, year=2027, unit=None)

    assert [
        (
            total.unit_name,
            total.employees,
            total.with_needs,
            [(t.programme.code, t.employees, t.jp) for t in total.programmes],
            [(t.label, t.employees) for t in total.unmatched],
            total.jp,
        )
        for total in report.totals
    ] == [
        (
            "Dinas Kesehatan",
            4,
            2,
            [
                ("COACH", 1, Decimal("4.0")),
                ("KOM", 1, Decimal("16.0")),
                ("PKP", 1, Decimal("120.0")),
                ("YAN", 1, Decimal("24.0")),
            ],
            [],
            Decimal("164.0"),
        ),
        ("Dinas Pendidikan", 1, 1, [], [("Panduan perilaku 7c", 1)], Decimal("0.0")),
    ]
    assert [row.employee.name for row in report.with_needs] == ["Ani", "Citra", "Dedi"]
    assert report.total_jp == Decimal("164.0")


def test_totals_of_one_opd_are_per_unit_below_it(fixture, hr_admin):
    # given: a second analyst of the bidang with the same gaps as Ani
    twin = EmployeeFactory.create(
        name="Ani Kembar", work_unit=fixture.division, position=fixture.ani.position
    )
    assess(twin, fixture.competencies["K101"], 2)
    # when
    report = plan_report(hr_admin, year=2027, unit=fixture.dinkes)
    # then: the OPD's own staff, then the bidang; YAN and KOM for both analysts
    assert [
        (
            total.unit_name,
            total.employees,
            [(t.programme.code, t.employees) for t in total.programmes],
        )
        for total in report.totals
    ] == [
        ("Dinas Kesehatan", 1, []),
        ("Bidang Pelayanan Kesehatan", 4, [("KOM", 2), ("YAN", 2), ("COACH", 1), ("PKP", 1)]),
    ]
    assert report.totals[1].jp == Decimal("204.0")


def test_opd_admin_plan_covers_its_subtree_only(fixture):
    admin = UserFactory.create(roles=[Role.ADMIN_OPD])
    org_services.assign_opd_admin(user=admin, work_unit=fixture.disdik, actor=None)

    report = plan_report(admin, year=2027, unit=None)

    assert [row.employee.name for row in report.rows] == ["Dedi"]
    assert [total.unit_name for total in report.totals] == ["Dinas Pendidikan"]


@pytest.mark.parametrize("role", [Role.PEGAWAI, Role.ATASAN, Role.ADMIN_OPD])
def test_a_plan_outside_the_scope_is_empty(fixture, role):
    # an Admin OPD without an assigned unit reads nothing either
    user = UserFactory.create(roles=[role])
    assert plan_report(user, year=2027, unit=None).rows == []


def test_the_latest_appraisal_before_the_plan_year_is_read(fixture):
    # given: Ani's 2026 appraisal is Baik with no low indicator
    appraised(fixture.ani, year=2026, predikat=Predikat.BAIK, evaluator=fixture.fajar)
    # when / then: for 2027 the 2026 appraisal counts, for 2026 the 2025 one still does
    plan_2027 = employee_needs(fixture.ani, year=2027)
    assert plan_2027.appraisal_year == 2026
    assert [p.programme.code for p in plan_2027.needs.proposals] == ["KOM", "YAN"]
    plan_2026 = employee_needs(fixture.ani, year=2026)
    assert plan_2026.appraisal_year == 2025
    assert [p.programme.code for p in plan_2026.needs.proposals] == ["YAN", "COACH", "KOM"]


def test_a_completion_before_the_analysis_year_does_not_exclude(fixture):
    # Dedi completed DATA in June 2026: for the 2029 plan that is too old to count
    needs = employee_needs(fixture.dedi, year=2029).needs
    assert [(p.programme.code, list(p.reasons)) for p in needs.proposals] == [
        ("DATA", ["Kompetensi K103 Pengolahan data belum diases (dipersyaratkan level 2)"])
    ]


@pytest.mark.parametrize(
    ("status", "addressed"),
    [
        (Enrolment.Status.PENDING, True),
        (Enrolment.Status.WAITLISTED, True),
        (Enrolment.Status.REJECTED, False),
        (Enrolment.Status.CANCELLED, False),
        (Enrolment.Status.NOT_COMPLETED, False),
    ],
)
def test_which_enrolments_take_a_programme_off(fixture, status, addressed):
    enrol(fixture.budi, fixture.programmes["YAN"], status=status)
    # Budi's only gap after losing his K102 assessment
    fixture.budi.competencies.filter(competency__code="K102").delete()

    needs = employee_needs(fixture.budi, year=2027).needs

    assert bool(needs.addressed) is addressed
    assert [p.programme.code for p in needs.proposals] == ([] if addressed else ["YAN"])


def test_an_inactive_programme_being_taken_still_addresses_its_gap(fixture):
    # Ani is enrolled in the retired KOM-OLD class: K101 is addressed, KOM not proposed
    enrol(fixture.ani, fixture.programmes["KOM-OLD"])
    needs = employee_needs(fixture.ani, year=2027).needs
    assert [(a.programme.code, str(a.state)) for a in needs.addressed] == [
        ("KOM-OLD", "sedang diikuti")
    ]
    assert [p.programme.code for p in needs.proposals] == ["YAN", "COACH"]


def test_the_analysis_reads_a_unit_in_a_fixed_number_of_queries(fixture, django_assert_num_queries):
    # given: more employees of the same kind do not add queries
    for index in range(5):
        extra = EmployeeFactory.create(
            name=f"Analis {index}", work_unit=fixture.division, position=fixture.ani.position
        )
        assess(extra, fixture.competencies["K102"], 1)
        appraised(
            extra,
            year=2025,
            predikat=Predikat.KURANG,
            evaluator=fixture.fajar,
            low={"1a": "1.50"},
        )
    # when / then: employees, requirements, levels, performance needs, enrolments, programmes
    # with their competencies and indicators
    with django_assert_num_queries(8):
        rows = analyse(Employee.objects.active(), year=2027)
    assert len(rows) == 10


def test_an_employee_with_nothing_in_the_catalogue_is_still_listed(fixture):
    # a new position requiring K101 level 5, with no programme active for K101
    fixture.programmes["KOM"].is_active = False
    fixture.programmes["KOM"].save(update_fields=["is_active"])
    needs = employee_needs(fixture.ani, year=2027).needs
    assert [gap.reason for gap in needs.unmatched] == [
        "Kompetensi K101 Komunikasi level 2 dari 3 yang dipersyaratkan"
    ]
    assert needs.has_needs is True


def test_dates_do_not_matter_for_the_in_progress_exclusion(fixture):
    # an enrolment in a class of the plan year itself still takes the programme off
    enrol(
        fixture.ani,
        fixture.programmes["YAN"],
        status=Enrolment.Status.ENROLLED,
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 3),
    )
    needs = employee_needs(fixture.ani, year=2027).needs
    assert [p.programme.code for p in needs.proposals] == ["COACH", "KOM"]
