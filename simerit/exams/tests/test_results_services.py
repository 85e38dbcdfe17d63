"""services/results.py (publishing official results) and selectors/results.py."""

import pytest

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.exams.models import Blueprint, BlueprintItem, ExamKind, ExamResult
from simerit.exams.selectors import results as selectors
from simerit.exams.services import decisions, results
from simerit.exams.tests.factories import SittingFactory, add_passing_rule, make_skd_blueprint
from simerit.exams.tests.factories_analysis import (
    participant_for,
    participant_of,
    single_answer_blueprint,
    start,
    take,
)
from simerit.recruitment.models import Track


@pytest.fixture
def blueprint(db):
    blueprint = single_answer_blueprint(2)
    add_passing_rule(blueprint, minimums={"TWK": 10})
    return blueprint


def nothing_published(blueprint):
    blueprint.refresh_from_db()
    return (
        blueprint.results_published_at is None
        and not ExamResult.objects.exists()
        and not AuditEvent.objects.filter(action="exams.results.published").exists()
    )


def test_publishing_writes_one_official_result_per_finished_attempt(blueprint, hr_admin):
    # given: one passes, one fails, one participant never came (their sitting has ended)
    passed = take(blueprint, {1: "A", 2: "A"}, seed=1)
    failed = take(blueprint, {1: "A", 2: "C"}, seed=2)
    participant_for(blueprint)
    # when
    report = results.publish_results(blueprint=blueprint, actor=hr_admin)
    # then
    rows = list(
        ExamResult.objects.order_by("attempt_id").values_list(
            "application_id", "blueprint_id", "kind", "source", "scores", "total", "passed"
        )
    )
    assert rows == [
        (
            participant_of(passed).application_id,
            blueprint.pk,
            "skd",
            "simerit",
            {"TWK": 10},
            10,
            True,
        ),
        (
            participant_of(failed).application_id,
            blueprint.pk,
            "skd",
            "simerit",
            {"TWK": 5},
            5,
            False,
        ),
    ]
    assert ExamResult.objects.get(attempt=failed).result_reason == (
        "Tidak memenuhi nilai ambang batas: TWK 5 < 10."
    )
    assert (report.results, report.absent) == (2, 1)
    assert blueprint.results_published_at == report.published_at
    assert Blueprint.objects.get(pk=blueprint.pk).results_published_at == report.published_at
    event = AuditEvent.objects.get(action="exams.results.published")
    assert (event.target_id, event.changes) == (
        str(blueprint.pk),
        {"results": 2, "absent": 1, "digest": report.digest},
    )
    # the published digest is the rescoring digest: the same scores, the same evidence
    assert report.digest == decisions.results_digest(decisions.compute_results(blueprint))


def test_publishing_is_refused_while_attempts_are_unfinished(blueprint, hr_admin):
    take(blueprint, {1: "A"}, seed=1)
    start(blueprint, seed=2)
    start(blueprint, seed=3)
    with pytest.raises(ConflictError) as caught:
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert caught.value.message == (
        "2 peserta belum selesai mengerjakan ujian; hasil baru dapat diumumkan setelah semua "
        "pengerjaan selesai."
    )
    assert nothing_published(blueprint)


def test_publishing_is_refused_while_a_sitting_has_not_ended(blueprint, hr_admin):
    take(blueprint, {1: "A"}, seed=1)
    later = SittingFactory.create(blueprint=blueprint)  # starts in an hour
    participant_for(blueprint, sitting=later)
    with pytest.raises(ConflictError, match="1 peserta terjadwal pada sesi yang belum berakhir"):
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert nothing_published(blueprint)


def test_publishing_is_refused_when_scores_do_not_follow_the_decisions(blueprint, hr_admin):
    take(blueprint, {1: "B", 2: "A"}, seed=1)
    decisions.annul_item(
        blueprint=blueprint,
        question_version=BlueprintItem.objects.get(blueprint=blueprint, order=1).question_version,
        mode="credit_all",
        reason="Kunci salah.",
        actor=hr_admin,
    )
    with pytest.raises(ConflictError, match="jalankan penilaian ulang lebih dulu"):
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert nothing_published(blueprint)
    decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert ExamResult.objects.get().scores == {"TWK": 10}


def test_publishing_twice_is_refused(blueprint, hr_admin):
    take(blueprint, {1: "A"}, seed=1)
    results.publish_results(blueprint=blueprint, actor=hr_admin)
    with pytest.raises(ConflictError, match="sudah diumumkan pada"):
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert ExamResult.objects.count() == 1
    assert AuditEvent.objects.filter(action="exams.results.published").count() == 1


def test_an_application_with_a_result_from_another_source_blocks_publication(blueprint, hr_admin):
    attempt = take(blueprint, {1: "A"}, seed=1)
    other = make_skd_blueprint(period=blueprint.period)
    ExamResult.objects.create(
        application=participant_of(attempt).application,
        blueprint=other,
        kind=ExamKind.SKD,
        source=ExamResult.Source.BKN,
        scores={"TWK": 100},
        total=100,
    )
    with pytest.raises(ConflictError, match="1 pelamar sudah memiliki hasil"):
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    blueprint.refresh_from_db()
    assert blueprint.results_published_at is None
    assert ExamResult.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": ExamKind.TRYOUT, "period": None}, "Hasil tryout adalah latihan"),
        ({"delivery": Blueprint.Delivery.BKN}, "hasilnya masuk melalui impor nilai BKN"),
    ],
)
def test_tryouts_and_bkn_exams_are_not_published_here(db, hr_admin, change, message):
    blueprint = single_answer_blueprint(1)
    Blueprint.objects.filter(pk=blueprint.pk).update(**change)
    blueprint.refresh_from_db()
    with pytest.raises(ConflictError, match=message):
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert nothing_published(blueprint)


def test_a_blueprint_without_finished_attempts_has_nothing_to_publish(blueprint, hr_admin):
    with pytest.raises(ConflictError, match="Belum ada pengerjaan yang selesai"):
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert results.publication_refusal(blueprint) is not None


# --- selectors


def test_results_are_listed_by_registration_number_and_filtered(blueprint):
    passed = take(blueprint, {1: "A", 2: "A"}, seed=1)
    failed = take(blueprint, {1: "A"}, seed=2, track=Track.DISABILITAS)
    active = start(blueprint, seed=3)
    everyone = list(selectors.list_results(blueprint=blueprint))
    numbers = [participant_of(a).application.registration_number for a in everyone]
    assert numbers == sorted(numbers)
    assert {a.pk for a in everyone} == {passed.pk, failed.pk, active.pk}

    def listed(**filters):
        chosen = selectors.ResultFilters(**filters)
        return [a.pk for a in selectors.list_results(blueprint=blueprint, filters=chosen)]

    assert listed(verdict=selectors.PASSED) == [passed.pk]
    assert listed(verdict=selectors.FAILED) == [failed.pk]
    assert listed(verdict=selectors.NO_THRESHOLD) == []
    assert listed(track=Track.DISABILITAS) == [failed.pk]
    assert selectors.result_counts(blueprint) == {
        "attempts": 3,
        "finished": 2,
        "passed": 1,
        "failed": 1,
        "no_threshold": 0,
    }


def test_listing_results_is_one_query(blueprint, django_assert_num_queries):
    for seed in range(3):
        take(blueprint, {1: "A"}, seed=seed)
    with django_assert_num_queries(1):
        rows = [
            (participant_of(a).application.applicant.name, participant_of(a).sitting.code)
            for a in selectors.list_results(blueprint=blueprint)
        ]
    assert len(rows) == 3
