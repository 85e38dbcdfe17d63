"""PostgreSQL only: an answer that races the finish is refused, never stored outside the seal.

The test needs committed rows seen by two connections, so it runs in a transactional database;
the append-only triggers (which refuse the TRUNCATE that empties it afterwards) are dropped for
that flush and restored, with the migrated reference data, after the module.
"""

import importlib
import threading
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection, transaction
from pytest_django import DjangoDbBlocker

from simerit.accounts.models import User
from simerit.exams.models import AnswerEvent, Attempt
from simerit.exams.services.answers import save_answer
from simerit.exams.services.attempts import AttemptError
from simerit.exams.services.finishing import finish_attempt
from simerit.exams.services.integrity import verify_attempt_chain
from simerit.exams.tests.factories_engine import begun_participant, position_of, start

POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = pytest.mark.skipif(
    not POSTGRESQL, reason="SQLite serialises every writer; the race needs PostgreSQL row locks"
)
TRIGGER_MODULES = [
    importlib.import_module("simerit.audit.migrations.0002_append_only_trigger"),
    importlib.import_module("simerit.exams.migrations.0002_answer_event_append_only"),
]


def run(kind: str) -> None:
    with connection.cursor() as cursor:
        for module in TRIGGER_MODULES:
            for sql in getattr(module, f"POSTGRESQL_{kind}"):
                cursor.execute(sql)


@pytest.fixture
def triggers_off_for_flush(transactional_db: None) -> Iterator[None]:
    yield
    run("DROP")


@pytest.fixture(autouse=True, scope="module")
def _database_restored_after_module(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    yield
    if not POSTGRESQL:
        return
    with django_db_blocker.unblock():
        run("DROP")
        run("CREATE")
        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            connection.creation.deserialize_db_from_string(serialized)


def click(attempt: Attempt, token: str, seq: int, code: str) -> None:
    save_answer(
        attempt_id=attempt.pk,
        token=token,
        seq=seq,
        position=position_of(attempt, code),
        kind="a",
        option="A",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_answer_racing_the_finish_is_refused_never_left_out_of_the_seal(
    proctor: User, triggers_off_for_flush: None
) -> None:
    # given: an attempt with one answer
    attempt, token = start(begun_participant(), proctor)
    click(attempt, token, 1, "TWK-0001")
    outcome: dict[str, str] = {}

    def late_click() -> None:
        try:
            click(attempt, token, 2, "TWK-0002")
            outcome["result"] = "saved"
        except AttemptError as error:
            outcome["result"] = error.code
        finally:
            connection.close()

    # when: the finish holds the attempt row while a second answer arrives
    with transaction.atomic():
        Attempt.objects.select_for_update().get(pk=attempt.pk)
        clicker = threading.Thread(target=late_click)
        clicker.start()
        time.sleep(0.3)  # the INSERT now waits for the row lock
        finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)
    clicker.join(timeout=10)
    # then: the click is refused, and what is stored is exactly what was sealed
    assert outcome == {"result": "finished"}
    assert finished.event_count == AnswerEvent.objects.filter(attempt=attempt).count() == 1
    assert verify_attempt_chain(Attempt.objects.get(pk=attempt.pk)) is True
