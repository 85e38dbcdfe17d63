"""services/results.py (publishing official results) and selectors/results.py."""

import datetime as dt

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.exams.models import (
    Attempt,
    Blueprint,
    BlueprintItem,
    ExamKind,
    ExamPin,
    ExamResult,
    Participant,
)
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

PROCTOR = Attempt.FinishReason.PROCTOR


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
        {"results": 2, "absent": 1, "stopped_by_proctor": [], "digest": report.digest},
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
    assert results.publication_refusal(blueprint) == (
        "Belum ada pengerjaan yang selesai; tidak ada hasil untuk diumumkan."
    )
    assert nothing_published(blueprint)


def test_a_proctor_stopped_attempt_is_published_with_its_reason_and_its_verdict(
    blueprint, hr_admin
):
    # given: an impostor stopped by the proctor after answering both items right
    stopped = take(blueprint, {1: "A", 2: "A"}, seed=1, reason=PROCTOR)
    take(blueprint, {1: "A"}, seed=2)
    # when
    report = results.publish_results(blueprint=blueprint, actor=hr_admin)
    # then: the verdict comes from the scores; the reason says the proctor stopped it
    row = ExamResult.objects.get(attempt=stopped)
    assert (row.total, row.passed, row.result_reason) == (
        10,
        True,
        "Ujian dihentikan pengawas. Memenuhi nilai ambang batas.",
    )
    assert ExamResult.objects.exclude(attempt=stopped).get().result_reason == (
        "Tidak memenuhi nilai ambang batas: TWK 5 < 10."
    )
    assert (report.results, report.stopped) == (2, 1)
    event = AuditEvent.objects.get(action="exams.results.published")
    assert event.changes["stopped_by_proctor"] == [stopped.pk]
    # the attempt itself keeps the engine's verdict reason (a rescoring compares it)
    stopped.refresh_from_db()
    assert stopped.result_reason == "Memenuhi nilai ambang batas."


def test_publication_takes_the_demo_clock(blueprint, hr_admin):
    take(blueprint, {1: "A"}, seed=1)
    now = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=5)
    report = results.publish_results(blueprint=blueprint, actor=hr_admin, now=now)
    blueprint.refresh_from_db()
    assert (report.published_at, blueprint.results_published_at) == (now, now)


def test_a_decision_since_the_latest_rescoring_blocks_publication_cheaply(blueprint, hr_admin):
    # given: the decision changes no score (every participant answered #2 right)
    take(blueprint, {1: "A", 2: "A"}, seed=1)
    decisions.annul_item(
        blueprint=blueprint,
        question_version=BlueprintItem.objects.get(blueprint=blueprint, order=2).question_version,
        mode="credit_all",
        reason="Kunci ganda.",
        actor=hr_admin,
    )
    # then: a rescoring must record the decisions in force before publication
    assert results.publication_refusal(blueprint) == results.RESCORE_FIRST
    with pytest.raises(ConflictError) as caught:
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert caught.value.message == (
        "Keputusan soal berubah sejak penilaian ulang terakhir; jalankan penilaian ulang lebih "
        "dulu, periksa hasilnya, lalu umumkan."
    )
    assert nothing_published(blueprint)
    assert decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin).changed == 0
    assert results.publication_refusal(blueprint) is None


def test_publication_still_checks_every_score_in_full(blueprint, hr_admin):
    # given: a stored score that no rescoring would give (not through any service)
    attempt = take(blueprint, {1: "A"}, seed=1)
    Attempt.objects.filter(pk=attempt.pk).update(total=99)
    # then: the cheap check sees no decision change; the service's full check refuses
    assert results.publication_refusal(blueprint) is None
    with pytest.raises(ConflictError) as caught:
        results.publish_results(blueprint=blueprint, actor=hr_admin)
    assert caught.value.message == (
        "Nilai 1 peserta belum sesuai dengan keputusan soal yang berlaku; jalankan penilaian "
        "ulang lebih dulu, periksa hasilnya, lalu umumkan."
    )
    assert nothing_published(blueprint)


# --- the publication window: a sitting ends after max(start + duration + the largest extra
# minutes plus extension, the latest START PIN expiry)


STARTS = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def window(blueprint, hr_admin):
    """A 100-minute sitting at 08:00: one finished attempt, one participant who has not started.
    Returns (the participant who has not started, the finished attempt)."""
    sitting = SittingFactory.create(blueprint=blueprint, starts_at=STARTS)
    attempt = take(blueprint, {1: "A"}, sitting=sitting, seed=1)
    waiting = participant_for(blueprint, sitting=sitting)
    return waiting, attempt


def refused_at(blueprint, hour, minute):
    now = dt.datetime(2026, 3, 2, hour, minute, tzinfo=dt.UTC)
    return results.publication_refusal(blueprint, now=now)


OPEN = (
    "1 peserta terjadwal pada sesi yang belum berakhir dan belum mengerjakan ujian; hasil baru "
    "dapat diumumkan setelah sesinya berakhir."
)


def test_a_sitting_ends_after_its_duration(blueprint, window):
    assert (refused_at(blueprint, 9, 39), refused_at(blueprint, 9, 40)) == (OPEN, None)


def test_the_largest_extra_time_plus_extension_moves_the_end(blueprint, window):
    waiting, attempt = window
    Participant.objects.filter(pk=waiting.pk).update(extra_minutes=30)  # 10:10
    Attempt.objects.filter(pk=attempt.pk).update(extended_minutes=10)  # its own: 09:50
    assert (refused_at(blueprint, 10, 9), refused_at(blueprint, 10, 10)) == (OPEN, None)
    Participant.objects.filter(pk=participant_of(attempt).pk).update(extra_minutes=25)  # 10:15
    assert (refused_at(blueprint, 10, 14), refused_at(blueprint, 10, 15)) == (OPEN, None)


def test_a_start_pin_valid_longer_than_the_exam_moves_the_end(blueprint, window, hr_admin):
    # given: a 20-minute exam, a START PIN valid until 08:30 (30 minutes after the start)
    waiting, _ = window
    Blueprint.objects.filter(pk=blueprint.pk).update(duration_minutes=20)
    blueprint.refresh_from_db()
    ExamPin.objects.create(
        participant=waiting,
        purpose=ExamPin.Purpose.START,
        pin_hash="0" * 64,
        issued_by=hr_admin,
        issued_at=STARTS - dt.timedelta(minutes=10),
        expires_at=STARTS + dt.timedelta(minutes=30),
    )
    # a takeover PIN does not count
    ExamPin.objects.create(
        participant=waiting,
        purpose=ExamPin.Purpose.TAKEOVER,
        pin_hash="1" * 64,
        issued_by=hr_admin,
        issued_at=STARTS,
        expires_at=STARTS + dt.timedelta(minutes=50),
    )
    assert (refused_at(blueprint, 8, 29), refused_at(blueprint, 8, 30)) == (OPEN, None)
    with pytest.raises(ConflictError) as caught:
        results.publish_results(
            blueprint=blueprint,
            actor=hr_admin,
            now=STARTS + dt.timedelta(minutes=29),
        )
    assert caught.value.message == OPEN
    assert nothing_published(blueprint)
    report = results.publish_results(
        blueprint=blueprint, actor=hr_admin, now=STARTS + dt.timedelta(minutes=30)
    )
    assert (report.results, report.absent) == (1, 1)


def test_sitting_ends_lists_each_sitting_with_its_end(blueprint, window, hr_admin):
    _, attempt = window
    later = SittingFactory.create(blueprint=blueprint, starts_at=STARTS + dt.timedelta(days=1))
    running = start(blueprint, sitting=later, seed=3)
    Participant.objects.filter(pk=participant_of(running).pk).update(extra_minutes=30)
    assert selectors.sitting_ends(blueprint) == [
        selectors.SittingEnd(
            participant_of(attempt).sitting_id,
            participant_of(attempt).sitting.code,
            STARTS + dt.timedelta(minutes=100),
            0,
        ),
        selectors.SittingEnd(later.pk, later.code, STARTS + dt.timedelta(days=1, minutes=130), 1),
    ]
    first, second = selectors.sitting_ends(blueprint)
    after = STARTS + dt.timedelta(days=1, minutes=130)
    assert [first.has_ended(after), second.has_ended(after - dt.timedelta(seconds=1))] == [
        True,
        False,
    ]
    # ended, but an attempt still runs there: not over (the item content stays hidden)
    assert [second.has_ended(after), second.is_over(after), first.is_over(after)] == [
        True,
        False,
        True,
    ]
    assert selectors.ended_sitting_ids(blueprint, now=after) == {first.sitting_id, later.pk}


# --- selectors


def test_results_are_listed_by_registration_number_and_filtered(blueprint):
    passed = take(blueprint, {1: "A", 2: "A"}, seed=1)
    failed = take(blueprint, {1: "A"}, seed=2, track=Track.DISABILITAS)
    active = start(blueprint, seed=3)
    stopped = take(blueprint, {1: "C"}, seed=4, reason=PROCTOR)
    absent = participant_for(blueprint)  # the sitting (yesterday) has ended
    ended = selectors.ended_sitting_ids(blueprint)
    everyone = list(selectors.list_results(blueprint=blueprint, ended_sittings=ended))
    numbers = [p.application.registration_number for p in everyone]
    assert numbers == sorted(numbers)
    assert {p.pk for p in everyone} == {
        participant_of(passed).pk,
        participant_of(failed).pk,
        participant_of(active).pk,
        participant_of(stopped).pk,
        absent.pk,
    }

    def listed(**filters):
        chosen = selectors.ResultFilters(**filters)
        found = selectors.list_results(blueprint=blueprint, ended_sittings=ended, filters=chosen)
        return [p.pk for p in found]

    assert listed(verdict=selectors.PASSED) == [participant_of(passed).pk]
    assert sorted(listed(verdict=selectors.FAILED)) == sorted(
        [participant_of(failed).pk, participant_of(stopped).pk]
    )
    assert listed(verdict=selectors.NO_THRESHOLD) == []
    assert listed(verdict=selectors.ABSENT) == [absent.pk]
    assert listed(verdict=selectors.STOPPED) == [participant_of(stopped).pk]
    assert listed(track=Track.DISABILITAS) == [participant_of(failed).pk]
    assert selectors.result_counts(blueprint, ended_sittings=ended) == {
        "placed": 5,
        "attempts": 4,
        "finished": 3,
        "passed": 1,
        "failed": 2,
        "no_threshold": 0,
        "absent": 1,
        "stopped": 1,
    }
    rows = {
        row.participant.pk: (row.status, row.status_label, row.verdict, row.result_reason)
        for row in selectors.result_rows(everyone, ended_sittings=ended)
    }
    assert rows[absent.pk] == ("absent", "Tidak hadir", "Tidak hadir", "")
    assert rows[participant_of(active).pk] == ("active", "Sedang mengerjakan", "Belum selesai", "")
    assert rows[participant_of(stopped).pk] == (
        "finished",
        "Selesai (dihentikan pengawas)",
        "Tidak memenuhi ambang batas",
        "Ujian dihentikan pengawas. Tidak memenuhi nilai ambang batas: TWK 0 < 10.",
    )


def test_a_participant_whose_sitting_has_not_ended_is_not_yet_absent(blueprint):
    take(blueprint, {1: "A"}, seed=1)
    later = SittingFactory.create(blueprint=blueprint)  # starts in an hour
    waiting = participant_for(blueprint, sitting=later)
    ended = selectors.ended_sitting_ids(blueprint)
    assert later.pk not in ended
    [row] = selectors.result_rows([waiting], ended_sittings=ended)
    assert (row.status, row.verdict, row.attempt) == ("not_started", "Belum mulai", None)
    chosen = selectors.ResultFilters(verdict=selectors.ABSENT)
    assert not selectors.list_results(blueprint=blueprint, ended_sittings=ended, filters=chosen)
    assert selectors.result_counts(blueprint, ended_sittings=ended)["absent"] == 0


def test_listing_results_is_one_query(blueprint, django_assert_num_queries):
    for seed in range(3):
        take(blueprint, {1: "A"}, seed=seed)
    participant_for(blueprint)
    ended = selectors.ended_sitting_ids(blueprint)
    with django_assert_num_queries(1):
        rows = [
            (row.participant.application.applicant.name, row.participant.sitting.code, row.verdict)
            for row in selectors.result_rows(
                selectors.list_results(blueprint=blueprint, ended_sittings=ended),
                ended_sittings=ended,
            )
        ]
    assert len(rows) == 4
