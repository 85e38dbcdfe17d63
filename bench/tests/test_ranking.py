import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import ranking
from bench.ranking import Measured, bare_query, parse_measured, ranking_line
from bench.scenarios import RANK, SCENARIOS, select

TODAY = dt.date(2026, 11, 28)


def measured(**changes: float) -> Measured:
    values: dict[str, float] = {
        "skd_passed": 700_414,
        "candidates": 120_704,
        "candidate_rows": 120_704,
        "cat_results": 119_490,
        "final_results": 120_704,
        "lulus": 40_001,
        "cut_s": 12.0,
        "assessed_s": 0.8,
        "cat_s": 3.0,
        "integration_s": 4.0,
        "commit_s": 0.5,
        "bare_s": 8.0,
        "bare_serial_s": 8.0,
        "bare_rows": 700_414,
        "peak_mib": 86.96,
        "base_mib": 78.0,
        **changes,
    }
    return Measured(**values)  # type: ignore[arg-type]


def fields(line: str) -> dict[str, str]:
    head, name, *pairs = line.split()
    assert (head, name) == ("BENCH", "ranking")
    return dict(pair.split("=", 1) for pair in pairs)


# --- the pure parts


def test_ranking_line_has_the_agreed_keys_and_ratio():
    line = ranking_line(
        db="sqlite", applications=1_000_000, formasi=20_000, measured=measured(), setup_s=41.04
    )

    assert line == (
        "BENCH ranking db=sqlite applications=1000000 formasi=20000 skd_passed=700414 "
        "candidates=120704 cut_s=12.00 cat_s=3.00 integration_s=4.00 total_s=19.00 bare_s=8.00 "
        "ratio=2.38 peak_mib=87.0 target_ratio=3 target_peak_mib=1024 ok=yes cat_results=119490 "
        "final_results=120704 lulus=40001 consistent=yes commit_s=0.50 bare_serial_s=8.00 "
        "ratio_serial=2.38 base_mib=78.0 mem=rss_hwm bare=row_number_best_of_3 assessed_s=0.80 "
        "setup_s=41.0"
    )


@pytest.mark.parametrize(
    ("changes", "consistent"),
    [
        ({"bare_s": 6.0}, "yes"),  # ratio 3.17
        ({"peak_mib": 1024.5}, "yes"),
        ({"candidate_rows": 120_703}, "no"),  # the cut's answer is not what it wrote
        ({"final_results": 120_703}, "no"),  # a candidate without a final result
        ({"bare_rows": 700_413}, "no"),  # the bare query did not number the same rows
    ],
)
def test_ranking_line_is_not_ok_past_a_target_or_when_counts_disagree(changes, consistent):
    values = fields(
        ranking_line(
            db="postgresql", applications=1, formasi=1, measured=measured(**changes), setup_s=1
        )
    )

    assert (values["ok"], values["consistent"]) == ("no", consistent)


def test_a_ratio_of_exactly_three_is_within_the_target():
    values = fields(
        ranking_line(
            db="sqlite",
            applications=1,
            formasi=1,
            measured=measured(cut_s=5.0, bare_s=4.0),  # (5 + 3 + 4) / 4
            setup_s=1,
        )
    )

    assert (values["ratio"], values["ok"]) == ("3.00", "yes")


def test_parse_measured_reads_the_marker_line():
    expected = measured()

    assert parse_measured(f"noise\n{ranking.MARKER} {expected.to_json()}\n") == expected
    with pytest.raises(ValueError, match="RANKING_RESULT"):
        parse_measured("Traceback ...\n")


@pytest.mark.parametrize(
    ("vendor", "extraction"),
    [
        ("sqlite", "CAST(json_extract(r.scores, '$.TKP') AS integer) DESC"),
        ("postgresql", "CAST((r.scores ->> 'TKP') AS integer) DESC"),
    ],
)
def test_bare_query_numbers_every_passed_result_per_formasi_in_the_cut_order(vendor, extraction):
    sql = bare_query(vendor)

    assert "ROW_NUMBER() OVER (  PARTITION BY a.formasi_id ORDER BY r.total DESC, " in sql
    assert extraction in sql
    assert "a.status = 'ms' AND r.kind = 'skd' AND r.passed" in sql
    assert sql.count("%s") == 1


def test_ranking_runs_last_without_a_server():
    assert SCENARIOS[-1].name == "ranking"
    assert SCENARIOS[-1].driver == RANK
    assert [scenario.name for scenario in select("ranking")] == ["ranking"]


# --- the data and the measured services, against the real engine


def expected_cut(setup: ranking.RankingSetup) -> dict[int, set[int]]:
    """formasi id → application ids that proceed, by rules.skd_cut over the SKD results."""
    from simerit.exams.models import ExamKind, ExamResult
    from simerit.selection import rules
    from simerit.selection.models import SelectionSetup

    multiplier = SelectionSetup.objects.get(period_id=setup.period_id).cut_multiplier
    by_formasi: dict[int, list[rules.SkdCandidate[int]]] = defaultdict(list)
    quotas: dict[int, int] = {}
    results = ExamResult.objects.filter(
        application__period_id=setup.period_id, kind=ExamKind.SKD, passed=True
    ).values_list(
        "application_id", "application__formasi_id", "application__formasi__quota", "scores"
    )
    for application_id, formasi_id, quota, scores in results:
        score = rules.SkdScore(twk=scores["TWK"], tiu=scores["TIU"], tkp=scores["TKP"])
        by_formasi[formasi_id].append(rules.SkdCandidate(application_id, score))
        quotas[formasi_id] = quota
    return {
        formasi_id: set(rules.skd_cut(candidates, quota=quotas[formasi_id], multiplier=multiplier))
        for formasi_id, candidates in by_formasi.items()
    }


def expected_placements(
    setup: ranking.RankingSetup,
) -> dict[int, list[tuple[int, int | None, str]]]:
    """formasi id → (application, rank, status) by rules.rank_final over the stored scores."""
    from simerit.selection import rules
    from simerit.selection.models import ComponentResult, SelectionSetup, SkbCandidate, SkbComponent

    config = SelectionSetup.objects.get(period_id=setup.period_id)
    components: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for component_id, formasi_id, weight in SkbComponent.objects.filter(
        formasi__period_id=setup.period_id
    ).values_list("pk", "formasi_id", "weight"):
        components[formasi_id].append((component_id, weight))
    scores = {
        (candidate_id, component_id): score
        for candidate_id, component_id, score in ComponentResult.objects.filter(
            candidate__period_id=setup.period_id, status=ComponentResult.Status.FINAL
        ).values_list("candidate_id", "component_id", "score")
    }
    by_formasi: dict[int, list[rules.FinalCandidate[int]]] = defaultdict(list)
    quotas: dict[int, int] = {}
    for candidate in SkbCandidate.objects.filter(period_id=setup.period_id).select_related(
        "application__applicant", "formasi"
    ):
        parts = [
            (weight, scores.get((candidate.pk, pk)))
            for pk, weight in components[candidate.formasi_id]
        ]
        final = None
        if all(score is not None for _, score in parts):
            skb = sum(
                (weight / 100 * score for weight, score in parts if score is not None), Decimal(0)
            )
            final = rules.final_score(
                skd_total=candidate.skd_total,
                skd_max=config.skd_max,
                skb=skb,
                skd_weight=config.skd_weight / 100,
                skb_weight=config.skb_weight / 100,
            )
        applicant = candidate.application.applicant
        by_formasi[candidate.formasi_id].append(
            rules.FinalCandidate(
                key=candidate.application_id,
                skd=rules.SkdScore(twk=candidate.twk, tiu=candidate.tiu, tkp=candidate.tkp),
                final=final,
                education_score=applicant.gpa,
                birth_date=applicant.birth_date,
            )
        )
        quotas[candidate.formasi_id] = candidate.formasi.quota
    return {
        formasi_id: sorted(
            (placement.key, placement.rank, placement.status.value)
            for placement in rules.rank_final(candidates, quota=quotas[formasi_id])
        )
        for formasi_id, candidates in by_formasi.items()
    }


@pytest.mark.django_db
def test_build_and_measure_end_to_end_agree_with_the_rules():
    from simerit.accounts.tests.factories import UserFactory
    from simerit.core.roles import Role
    from simerit.exams.models import ExamKind, ExamResult
    from simerit.recruitment.models import Application, Formasi
    from simerit.selection.models import FinalResult, SkbCandidate

    actor = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    setup = ranking.build(applications=2000, formasi=40, actor=actor, today=TODAY)

    applications = Application.objects.filter(period_id=setup.period_id)
    assert applications.filter(status=Application.Status.MS).count() == 2000
    assert Formasi.objects.filter(period_id=setup.period_id).count() == 40
    # Every formasi has applicants; the data is the same on both engines (integer hashes).
    assert applications.values("formasi_id").distinct().count() == 40
    skd = ExamResult.objects.filter(application__period_id=setup.period_id, kind=ExamKind.SKD)
    assert skd.count() == 2000
    assert setup.skd_passed == skd.filter(passed=True).count() == 1437
    cut = expected_cut(setup)
    # Ties at the last place proceed too: some formasi send more than 3 × quota.
    quotas = dict(Formasi.objects.filter(period_id=setup.period_id).values_list("pk", "quota"))
    assert any(len(ids) > 3 * quotas[formasi_id] for formasi_id, ids in cut.items())

    with CaptureQueriesContext(connection) as queries:
        result = ranking.measure(setup.period_id, actor.pk)
    # Set-based: a few dozen statements, whatever the number of applications.
    assert len(queries) < 150

    assert result.skd_passed == result.bare_rows == setup.skd_passed
    assert result.candidates == result.candidate_rows == sum(len(ids) for ids in cut.values())
    rows = SkbCandidate.objects.filter(period_id=setup.period_id)
    assert {
        formasi_id: set(rows.filter(formasi_id=formasi_id).values_list("application_id", flat=True))
        for formasi_id in cut
    } == cut
    with_skb = ExamResult.objects.filter(
        application__skb_candidate__period_id=setup.period_id, kind=ExamKind.SKB
    ).count()
    assert 0 < with_skb < result.candidates  # about 1 % absent from the SKB-CAT
    assert result.cat_results == with_skb
    assert result.final_results == result.candidates

    stored: dict[int, list[tuple[int, int | None, str]]] = defaultdict(list)
    for formasi_id, application_id, rank, status in FinalResult.objects.filter(
        run__period_id=setup.period_id
    ).values_list("formasi_id", "application_id", "rank", "status"):
        stored[formasi_id].append((application_id, rank, status))
    assert {formasi_id: sorted(rows) for formasi_id, rows in stored.items()} == expected_placements(
        setup
    )
    assert result.lulus == FinalResult.objects.filter(status="lulus").count() > 0

    values = fields(
        ranking_line(
            db=connection.vendor,
            applications=setup.applications,
            formasi=setup.formasi,
            measured=result,
            setup_s=setup.setup_s,
        )
    )
    assert values["candidates"] == str(result.candidates)
    assert values["consistent"] == "yes"
    assert float(values["total_s"]) > 0
    assert float(values["peak_mib"]) >= float(values["base_mib"]) > 0
