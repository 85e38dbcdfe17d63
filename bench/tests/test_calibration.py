import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from bench import calibration
from bench.calibration import (
    Measured,
    calibration_line,
    check_size,
    count_flagged,
    indicator_list,
    parse_measured,
)
from bench.scenarios import CALIBRATE, SCENARIOS, select
from simerit.performance.rules import RaterFlags

TODAY = dt.date(2026, 11, 28)


def measured(**changes: float) -> Measured:
    values: dict[str, float] = {
        "skps": 15_000,
        "ratings": 2_520_000,
        "raters": 15_000,
        "rater_rows": 15_000,
        "flagged": 450,
        "normalised_rows": 15_000,
        "statistics_s": 6.5,
        "normalised_s": 4.25,
        "peak_mib": 212.46,
        "base_mib": 80.0,
        **changes,
    }
    return Measured(**values)  # type: ignore[arg-type]


def line_for(result: Measured, *, employees: int = 15_000, db: str = "sqlite") -> str:
    return calibration_line(
        db=db, employees=employees, raters=8, indicators=21, measured=result, setup_s=61.04
    )


def fields(line: str) -> dict[str, str]:
    head, name, *pairs = line.split()
    assert (head, name) == ("BENCH", "calibration")
    return dict(pair.split("=", 1) for pair in pairs)


# --- the pure parts


def test_calibration_line_has_the_agreed_keys():
    assert line_for(measured()) == (
        "BENCH calibration db=sqlite employees=15000 raters=8 indicators=21 ratings=2520000 "
        "statistics_s=6.50 normalised_s=4.25 total_s=10.75 peak_mib=212.5 target_s=20 "
        "target_peak_mib=1024 ok=yes rater_rows=15000 flagged=450 setup_s=61.0 "
        "normalised_rows=15000 consistent=yes base_mib=80.0 mem=rss_hwm"
    )


@pytest.mark.parametrize(
    ("changes", "consistent"),
    [
        ({"statistics_s": 15.0, "normalised_s": 5.01}, "yes"),  # 20.01 s
        ({"peak_mib": 1024.5}, "yes"),
        ({"ratings": 2_519_999}, "no"),  # a rating missing from the year
        ({"skps": 14_999}, "no"),
        ({"rater_rows": 14_999}, "no"),  # a rater without a statistic
        ({"normalised_rows": 14_999}, "no"),  # an SKP without a normalised score
    ],
)
def test_calibration_line_is_not_ok_past_a_target_or_when_counts_disagree(changes, consistent):
    values = fields(line_for(measured(**changes), db="postgresql"))

    assert (values["ok"], values["consistent"]) == ("no", consistent)


def test_twenty_seconds_and_one_gib_are_within_the_targets():
    values = fields(line_for(measured(statistics_s=12.0, normalised_s=8.0, peak_mib=1024.0)))

    assert (values["total_s"], values["peak_mib"], values["ok"]) == ("20.00", "1024.0", "yes")


def test_parse_measured_reads_the_marker_line():
    expected = measured()

    assert parse_measured(f"noise\n{calibration.MARKER} {expected.to_json()}\n") == expected
    with pytest.raises(ValueError, match="CALIBRATION_RESULT"):
        parse_measured("Traceback ...\n")


@pytest.mark.parametrize(
    ("employees", "raters", "message"),
    [
        (150, 8, "kelipatan 100 pegawai, paling sedikit 200; yang diisi 150"),
        (100, 8, "paling sedikit 200; yang diisi 100"),
        (15_050, 8, "yang diisi 15050"),
        (15_000, 1, "2 sampai 98 penilai per SKP; yang diisi 1"),
        (15_000, 99, "yang diisi 99"),
    ],
)
def test_check_size_refuses_shapes_the_scheme_cannot_fill(employees, raters, message):
    with pytest.raises(ValueError, match=message):
        check_size(employees=employees, raters=raters)


def test_check_size_accepts_the_acceptance_shape_and_the_smallest_one():
    check_size(employees=15_000, raters=8)
    check_size(employees=200, raters=98)


def test_indicator_list_numbers_the_indicators_in_order():
    assert indicator_list([7, 9, 8]) == (
        "(SELECT 1 AS o, 7 AS id UNION ALL SELECT 2, 9 UNION ALL SELECT 3, 8)"
    )
    with pytest.raises(ValueError, match="panduan perilaku"):
        indicator_list([])


@dataclass(frozen=True)
class Statistic:
    flags: RaterFlags


def test_count_flagged_counts_raters_with_any_flag():
    def statistic(*set_flags: str) -> Statistic:
        names = ("lenient", "severe", "central_tendency", "halo")
        return Statistic(RaterFlags(**{name: name in set_flags for name in names}))

    statistics = [statistic(), statistic("lenient"), statistic("halo", "central_tendency")]

    assert count_flagged(statistics) == 2  # type: ignore[arg-type]


def test_calibration_runs_without_a_server_before_ranking():
    names = [scenario.name for scenario in SCENARIOS]

    assert names[-2:] == ["calibration", "ranking"]
    assert SCENARIOS[-2].driver == CALIBRATE
    assert [scenario.name for scenario in select("calibration")] == ["calibration"]


# --- the data, against the real engine


@pytest.mark.django_db
def test_build_makes_the_rating_scheme_on_the_engine():
    from django.db.models import Count, Max, Min

    from simerit.employees.models import Employee
    from simerit.performance.models import (
        BehaviourRating,
        BehaviourResponse,
        RaterAssignment,
        RaterGroup,
        Skp,
    )

    with CaptureQueriesContext(connection) as queries:
        setup = calibration.build(employees=200, raters=8, today=TODAY)
    # Set-based: a few dozen statements, whatever the number of ratings.
    assert len(queries) < 80

    assert (setup.employees, setup.raters, setup.indicators) == (200, 8, 21)
    assert setup.ratings == 200 * 8 * 21 == 33_600
    skps = Skp.objects.filter(year_id=setup.year_id)
    assert skps.count() == skps.filter(status=Skp.Status.APPROVED).count() == 200
    employees = Employee.objects.filter(skps__year_id=setup.year_id)
    assert employees.values("work_unit_id").distinct().count() == 2
    assert employees.filter(user=None).count() == 200
    assert all(
        len(nik) == 16 and len(nip) == 18 for nik, nip in employees.values_list("nik", "nip")
    )

    assignments = RaterAssignment.objects.filter(skp__year_id=setup.year_id)
    assert assignments.count() == 1600
    assert (
        assignments.filter(
            status=RaterAssignment.Status.ANSWERED, response__skp_id=F("skp_id")
        ).count()
        == 1600
    )
    assert BehaviourResponse.objects.filter(skp__year_id=setup.year_id).count() == 1600
    # The pejabat penilai rates as the supervisor; colleagues of the same unit, never oneself.
    supervisors = assignments.filter(group=RaterGroup.SUPERVISOR)
    assert supervisors.count() == 200
    assert supervisors.filter(rater_id=F("skp__evaluator_id")).count() == 200
    assert assignments.filter(rater_id=F("skp__employee_id")).count() == 0
    others = assignments.exclude(group=RaterGroup.SUPERVISOR)
    assert others.filter(rater__work_unit_id=F("skp__work_unit_id")).count() == 1400
    assert Counter(others.values_list("group", flat=True)) == {
        RaterGroup.PEER: 198 * 7,
        RaterGroup.SUBORDINATE: 2 * 7,
    }
    # Each response names its group as its assignment does.
    assert assignments.filter(response__group=F("group")).count() == 1600

    ratings = BehaviourRating.objects.filter(response__skp__year_id=setup.year_id)
    per_response = ratings.values("response_id").annotate(
        n=Count("pk"), distinct=Count("indicator_id", distinct=True)
    )
    assert {(row["n"], row["distinct"]) for row in per_response} == {(21, 21)}
    assert ratings.aggregate(low=Min("score"), high=Max("score")) == {"low": 1, "high": 5}

    # The biased raters: LENIENT and HARSH above and below the fair ones, HALO one score a response.
    by_place: dict[int, list[int]] = defaultdict(list)
    halo_scores: dict[int, set[int]] = defaultdict(set)
    first = employees.order_by("pk").values_list("pk", flat=True)[0]
    for response_id, rater_id, score in ratings.values_list(
        "response_id", "response__assignment__rater_id", "score"
    ):
        place = (rater_id - first) % calibration.UNIT_SIZE
        by_place[place].append(score)
        if place == calibration.HALO:
            halo_scores[response_id].add(score)
    fair = [
        score
        for place, scores in by_place.items()
        if place not in calibration.BIASED
        for score in scores
    ]
    fair_mean = sum(fair) / len(fair)
    lenient, harsh = (by_place[place] for place in (calibration.LENIENT, calibration.HARSH))
    assert sum(lenient) / len(lenient) > fair_mean + 0.5
    assert sum(harsh) / len(harsh) < fair_mean - 0.5
    assert len(halo_scores) == 2 * 7  # two halo raters, seven colleagues each
    assert all(len(scores) == 1 for scores in halo_scores.values())


@pytest.mark.django_db
def test_measure_reads_the_year_set_based():
    setup = calibration.build(employees=200, raters=8, today=TODAY)

    with CaptureQueriesContext(connection) as queries:
        result = calibration.measure(setup.year_id)
    # Set-based: a few statements, whatever the number of ratings.
    assert len(queries) < 40

    assert (result.skps, result.ratings, result.raters) == (200, 33_600, 200)
    assert result.rater_rows == 200
    assert result.normalised_rows == 200
    # The six biased raters (three per unit) are among the flagged.
    assert result.flagged >= 6
    values = fields(
        calibration_line(
            db=connection.vendor,
            employees=200,
            raters=8,
            indicators=21,
            measured=result,
            setup_s=setup.setup_s,
        )
    )
    assert values["consistent"] == "yes"
    assert float(values["peak_mib"]) >= float(values["base_mib"]) > 0
