"""360 answers: the assigned rater answers once, with 21 scores 1–5, before the closing day; the
audit row names no score (nothing changes on refusal)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.performance.models import (
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    RaterAssignment,
    RaterGroup,
    Skp,
)
from simerit.performance.services import feedback360 as services
from simerit.performance.tests.factories import make_team
from simerit.performance.tests.factories_feedback360 import approved_skp, invite, sheet

pytestmark = pytest.mark.django_db
CLOSED_BY_DEADLINE = "Pengisian masukan 360 periode 2026 sudah ditutup (batas 31 Januari 2027)."


@pytest.fixture
def peer_task():
    team = make_team()
    skp = approved_skp(team.staff[1])
    return team, invite(skp, team.staff[2], RaterGroup.PEER)


def test_the_assigned_rater_answers_once_with_21_scores(peer_task):
    team, assignment = peer_task

    response = services.submit_ratings(
        assignment=assignment,
        scores=sheet(4, _1a=5, _7c=2),
        comment="Sangat membantu rekan baru.",
        actor=team.user(team.staff[2]),
    )

    assignment.refresh_from_db()
    assert (assignment.status, assignment.response) == (RaterAssignment.Status.ANSWERED, response)
    assert (response.skp, response.group, response.comment) == (
        assignment.skp,
        "peer",
        "Sangat membantu rekan baru.",
    )
    scores = dict(response.ratings.values_list("indicator__code", "score"))
    assert len(scores) == 21
    assert (scores["1a"], scores["1b"], scores["7c"]) == (5, 4, 2)


def test_the_audit_row_of_an_answer_names_the_assignment_and_group_but_no_score(peer_task):
    team, assignment = peer_task

    response = services.submit_ratings(
        assignment=assignment, scores=sheet(5), comment="", actor=team.user(team.staff[2])
    )

    event = AuditEvent.objects.get(action="performance.rater.answered")
    assert (event.target_type, event.target_id) == (
        "performance.raterassignment",
        str(assignment.pk),
    )
    assert event.changes == {"answered": True, "group": "peer"}
    assert str(response.pk) not in str(event.changes)


def assert_nothing_answered(assignment):
    assignment.refresh_from_db()
    assert assignment.status == RaterAssignment.Status.INVITED
    assert assignment.response is None
    assert BehaviourResponse.objects.count() == 0
    assert BehaviourRating.objects.count() == 0
    assert not AuditEvent.objects.filter(action="performance.rater.answered").exists()


def test_a_second_answer_is_refused(peer_task):
    team, assignment = peer_task
    actor = team.user(team.staff[2])
    services.submit_ratings(assignment=assignment, scores=sheet(3), comment="", actor=actor)

    with pytest.raises(ConflictError, match="sudah Anda kirim"):
        services.submit_ratings(assignment=assignment, scores=sheet(5), comment="", actor=actor)

    assert BehaviourResponse.objects.count() == 1
    assert set(BehaviourRating.objects.values_list("score", flat=True)) == {3}


def test_an_answer_by_someone_not_assigned_is_refused(peer_task):
    team, assignment = peer_task

    for actor in (team.user(team.staff[3]), team.user(team.staff[1]), team.user(team.chief)):
        with pytest.raises(
            PermissionDenied, match=r"^Anda bukan penilai yang ditugaskan untuk penilaian ini\.$"
        ):
            services.submit_ratings(assignment=assignment, scores=sheet(3), comment="", actor=actor)

    assert_nothing_answered(assignment)


def test_an_answer_after_the_closing_day_is_refused(peer_task, monkeypatch):
    team, assignment = peer_task
    year = assignment.skp.year
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: year.ratings_close_on + dt.timedelta(1)
    )

    with pytest.raises(DomainError) as refused:
        services.submit_ratings(
            assignment=assignment, scores=sheet(3), comment="", actor=team.user(team.staff[2])
        )

    assert refused.value.message == CLOSED_BY_DEADLINE
    assert_nothing_answered(assignment)


def test_an_answer_on_the_closing_day_is_accepted(peer_task, monkeypatch):
    team, assignment = peer_task
    close = assignment.skp.year.ratings_close_on
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: close)

    services.submit_ratings(
        assignment=assignment, scores=sheet(3), comment="", actor=team.user(team.staff[2])
    )

    assert BehaviourResponse.objects.count() == 1


def test_an_answer_in_a_closed_year_is_refused(peer_task):
    team, assignment = peer_task
    PerformanceYear.objects.filter(pk=assignment.skp.year_id).update(
        status=PerformanceYear.Status.CLOSED
    )
    assignment.skp.year.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        services.submit_ratings(
            assignment=assignment, scores=sheet(3), comment="", actor=team.user(team.staff[2])
        )

    assert refused.value.message == CLOSED_BY_DEADLINE
    assert_nothing_answered(assignment)


def test_an_answer_by_a_removed_rater_is_refused(peer_task, hr_admin):
    team, assignment = peer_task
    services.remove_rater(assignment=assignment, reason="Mutasi.", actor=hr_admin)

    with pytest.raises(ConflictError, match="dikeluarkan"):
        services.submit_ratings(
            assignment=assignment, scores=sheet(3), comment="", actor=team.user(team.staff[2])
        )

    assert BehaviourResponse.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"_1a": 0}, "1a"),
        ({"_3b": 6}, "3b"),
    ],
)
def test_a_score_outside_1_to_5_is_refused(peer_task, change, field):
    team, assignment = peer_task

    with pytest.raises(InvalidInputError) as refused:
        services.submit_ratings(
            assignment=assignment,
            scores=sheet(3, **change),
            comment="",
            actor=team.user(team.staff[2]),
        )

    assert refused.value.errors == {field: ["Nilai harus bilangan bulat 1 sampai 5."]}
    assert_nothing_answered(assignment)


def test_all_21_scores_are_required_and_no_others(peer_task):
    team, assignment = peer_task
    scores = sheet(3)
    del scores["7c"]
    scores["8a"] = 3

    with pytest.raises(InvalidInputError) as refused:
        services.submit_ratings(
            assignment=assignment, scores=scores, comment="", actor=team.user(team.staff[2])
        )

    assert refused.value.errors == {
        "7c": ["Nilai wajib diisi."],
        "scores": ["Panduan perilaku tidak dikenal: 8a."],
    }
    assert_nothing_answered(assignment)


def test_an_answer_on_an_skp_that_is_no_longer_approved_is_refused(peer_task):
    team, assignment = peer_task
    Skp.objects.filter(pk=assignment.skp_id).update(status=Skp.Status.RETURNED)

    with pytest.raises(DomainError, match="belum disetujui"):
        services.submit_ratings(
            assignment=assignment, scores=sheet(3), comment="", actor=team.user(team.staff[2])
        )

    assert_nothing_answered(assignment)
