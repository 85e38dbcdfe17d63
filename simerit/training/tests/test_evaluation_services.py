"""The satisfaction survey: the participant answers once, after the class is over for them and
until the survey closes; the answer is stored apart from the participant. Bad input, a second
answer, someone else's enrolment, a class not over yet or a closed survey change nothing."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.training.models import Enrolment, SurveyResponse, SurveySubmission
from simerit.training.services.evaluation import submit_survey
from simerit.training.tests.factories_evaluation import (
    Office,
    answer,
    meeting,
    participant,
    past_class,
    recent_class,
)

pytestmark = pytest.mark.django_db

SCORES = {"content_score": 5, "facilitator_score": 4, "relevance_score": 3, "organisation_score": 2}


@pytest.fixture
def office() -> Office:
    return Office()


@pytest.fixture
def enrolment(office: Office) -> Enrolment:
    return participant(recent_class(), office.employee("Sari Peserta"))


def _submit(enrolment: Enrolment, scores=None, comment: str = "", actor=None):
    participant_user = enrolment.employee.user
    assert participant_user is not None
    return submit_survey(
        enrolment=enrolment,
        scores=SCORES if scores is None else scores,
        comment=comment,
        actor=actor or participant_user,
    )


def _state() -> tuple[int, int, int]:
    return (
        SurveySubmission.objects.count(),
        SurveyResponse.objects.count(),
        AuditEvent.objects.filter(action__startswith="training.survey").count(),
    )


def test_the_answer_names_only_the_class_and_the_audit_keeps_no_scores(enrolment):
    survey = _submit(enrolment, comment="  Materi sangat bermanfaat.  ")

    survey.refresh_from_db()
    assert (
        survey.training_class_id,
        survey.content_score,
        survey.facilitator_score,
        survey.relevance_score,
        survey.organisation_score,
        survey.comment,
    ) == (enrolment.training_class_id, 5, 4, 3, 2, "Materi sangat bermanfaat.")
    # nothing of the answer points to the participant: no enrolment, no timestamp, no
    # sequential id
    assert {field.name for field in SurveyResponse._meta.concrete_fields} == {
        "id",
        "training_class",
        "content_score",
        "facilitator_score",
        "relevance_score",
        "organisation_score",
        "comment",
    }
    assert isinstance(survey.pk, uuid.UUID)
    assert survey.pk.version == 4
    # the marker says who answered, without what
    assert list(SurveySubmission.objects.values_list("enrolment_id", flat=True)) == [enrolment.pk]
    event = AuditEvent.objects.get(action="training.survey.submitted")
    assert (event.actor, event.target_type, event.target_id, event.changes) == (
        enrolment.employee.user,
        "training.trainingclass",
        str(enrolment.training_class_id),
        {"survey": "submitted"},
    )
    assert _state() == (1, 1, 1)


def test_not_completed_participant_may_answer_too(office):
    enrolment = participant(
        recent_class(), office.employee("Tono"), status=Enrolment.Status.NOT_COMPLETED
    )
    _submit(enrolment)
    assert SurveySubmission.objects.filter(enrolment=enrolment).count() == 1
    assert SurveyResponse.objects.filter(training_class=enrolment.training_class).count() == 1


def test_enrolled_participant_answers_once_the_last_meeting_has_ended(office):
    # given: a class still CLOSED (HR has not completed it) whose meetings ended on 18 November
    training_class = recent_class(status="closed")
    meeting(training_class, day=dt.date(2026, 11, 16), number=1)
    meeting(training_class, day=dt.date(2026, 11, 18), number=2)
    # and a cancelled meeting later does not hold the survey back
    meeting(training_class, day=dt.date(2026, 12, 1), number=3, is_cancelled=True)
    enrolment = participant(
        training_class, office.employee("Rina"), status=Enrolment.Status.ENROLLED
    )
    # when
    _submit(enrolment)
    # then
    assert SurveySubmission.objects.filter(enrolment=enrolment).count() == 1
    assert SurveyResponse.objects.filter(training_class=training_class).count() == 1


def test_the_last_day_of_the_window_is_open_and_the_day_after_is_closed(office):
    # given: a class ending 14 November (its survey closes today, 28 November) and one ending
    # 13 November (closed yesterday)
    last_day = participant(
        past_class(ends_on=dt.date(2026, 11, 14)), office.employee("Tepat Waktu")
    )
    late = participant(past_class(ends_on=dt.date(2026, 11, 13)), office.employee("Terlambat"))
    # when
    _submit(last_day)
    before = _state()
    with pytest.raises(DomainError) as refused:
        _submit(late)
    # then
    assert refused.value.message == (
        "Survei kelas ini sudah ditutup pada 27 November 2026 (14 hari setelah hari terakhir "
        "kelas)."
    )
    assert _state() == before == (1, 1, 1)
    assert SurveySubmission.objects.filter(enrolment=late).exists() is False


def test_enrolled_participant_waits_until_the_last_meeting_is_over(office):
    # given: the class of 14–16 December, not held yet
    training_class = past_class(
        starts_on=dt.date(2026, 12, 14),
        ends_on=dt.date(2026, 12, 16),
        enrolment_closes_on=dt.date(2026, 12, 10),
        status="closed",
    )
    meeting(training_class, day=dt.date(2026, 12, 16), number=1)
    enrolment = participant(
        training_class, office.employee("Budi"), status=Enrolment.Status.ENROLLED
    )
    before = _state()
    # when
    with pytest.raises(DomainError) as refused:
        _submit(enrolment)
    # then
    assert refused.value.message == (
        "Survei dapat diisi setelah pertemuan terakhir kelas ini selesai."
    )
    assert _state() == before == (0, 0, 0)


@pytest.mark.parametrize(
    "status",
    [
        Enrolment.Status.PENDING,
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.REJECTED,
        Enrolment.Status.CANCELLED,
    ],
)
def test_someone_without_a_seat_is_refused(office, status):
    enrolment = participant(recent_class(), office.employee("Dedi"), status=status)
    before = _state()
    with pytest.raises(DomainError) as refused:
        _submit(enrolment)
    assert refused.value.message == "Survei hanya untuk peserta yang mendapat kursi di kelas ini."
    assert _state() == before == (0, 0, 0)


@pytest.mark.parametrize(
    ("scores", "field", "message"),
    [
        ({**SCORES, "content_score": 0}, "content_score", "Nilai materi harus bilangan bulat"),
        (
            {**SCORES, "organisation_score": 6},
            "organisation_score",
            "Nilai penyelenggaraan harus bilangan bulat",
        ),
        (
            {**SCORES, "relevance_score": -1},
            "relevance_score",
            "Nilai manfaat bagi pekerjaan harus bilangan bulat",
        ),
        (
            {k: v for k, v in SCORES.items() if k != "facilitator_score"},
            "facilitator_score",
            "Nilai pengajar/fasilitator wajib diisi.",
        ),
    ],
)
def test_out_of_range_score_is_refused_and_nothing_is_saved(enrolment, scores, field, message):
    before = _state()
    with pytest.raises(InvalidInputError) as refused:
        _submit(enrolment, scores=scores)
    assert list(refused.value.errors) == [field]
    assert refused.value.errors[field][0].startswith(message)
    assert _state() == before == (0, 0, 0)


def test_too_long_comment_is_refused(enrolment):
    before = _state()
    with pytest.raises(InvalidInputError) as refused:
        _submit(enrolment, comment="x" * 2001)
    assert refused.value.errors == {"comment": ["Saran paling banyak 2000 karakter."]}
    assert _state() == before == (0, 0, 0)


def test_second_answer_is_refused_by_the_submission_and_the_first_is_kept(enrolment):
    _submit(enrolment, scores=dict.fromkeys(SCORES, 1), comment="Pertama")
    before = _state()
    with pytest.raises(ConflictError) as refused:
        _submit(enrolment)
    assert refused.value.message == (
        "Anda sudah mengisi survei kelas ini; jawaban tidak dapat diubah."
    )
    assert _state() == before == (1, 1, 1)
    kept = SurveyResponse.objects.get(training_class=enrolment.training_class)
    assert (kept.content_score, kept.comment) == (1, "Pertama")


def test_the_submission_alone_refuses_a_second_answer(enrolment):
    # given: the marker written (e.g. by answer()), the class's answers not looked at
    answer(enrolment, (2, 2, 2, 2))
    before = _state()
    with pytest.raises(ConflictError):
        _submit(enrolment)
    assert _state() == before == (1, 1, 0)


def test_someone_else_may_not_answer_for_the_participant(enrolment, hr_admin, office):
    before = _state()
    for actor in (hr_admin, office.evaluator.user):
        with pytest.raises(PermissionDenied) as refused:
            _submit(enrolment, actor=actor)
        assert str(refused.value) == "Survei hanya dapat diisi oleh peserta sendiri."
    assert _state() == before == (0, 0, 0)
