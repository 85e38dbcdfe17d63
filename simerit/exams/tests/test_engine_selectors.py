import datetime as dt
from typing import Any

import pytest

from simerit.accounts.models import User
from simerit.exams.models import Attempt, QuestionVersion
from simerit.exams.selectors.attempts import (
    attempt_result,
    attempt_state,
    image_url,
    remaining_seconds,
)
from simerit.exams.services.attempts import authenticate
from simerit.exams.services.finishing import finish_attempt
from simerit.exams.tests.factories_engine import begun_participant, start

pytestmark = pytest.mark.django_db


def test_state_takes_two_queries_after_authentication(
    proctor: User, django_assert_num_queries: Any
) -> None:
    attempt, token = start(begun_participant(), proctor)
    attempt = authenticate(attempt.pk, token)

    with django_assert_num_queries(2):
        state = attempt_state(attempt)

    assert len(state["items"]) == 6
    assert state["answers"] == {}
    assert state["last_seq"] == 0


def test_an_item_with_an_image_points_at_the_image_view(proctor: User) -> None:
    attempt, token = start(begun_participant(), proctor)
    item = attempt.items.get(position=2)
    QuestionVersion.objects.filter(pk=item.question_version_id).update(image="soal/1/v1-ab.png")

    items = attempt_state(authenticate(attempt.pk, token))["items"]

    # The image view belongs to the exam page; until its route exists the URL is null.
    assert items[1]["image_url"] == image_url(attempt.pk, 2)
    assert items[0]["image_url"] is None


def test_remaining_time_stops_while_paused_and_is_zero_when_finished(proctor: User) -> None:
    attempt, _ = start(begun_participant(), proctor)
    attempt.status = Attempt.Status.PAUSED
    attempt.paused_at = attempt.deadline - dt.timedelta(minutes=40)

    assert remaining_seconds(attempt, attempt.deadline + dt.timedelta(hours=1)) == 2400
    finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.PROCTOR)
    assert remaining_seconds(finished, finished.started_at) == 0
    assert attempt_result(finished)["finish_reason"] == "proctor"
