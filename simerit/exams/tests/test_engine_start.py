import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import DomainError
from simerit.core.roles import Role
from simerit.exams.models import (
    AnswerEvent,
    Attempt,
    AttemptItem,
    ExamKind,
    ExamPin,
    IntegrityEvent,
    Participant,
    Question,
)
from simerit.exams.services import pins
from simerit.exams.services.answers import save_answer
from simerit.exams.services.attempts import (
    START_TRIES_PER_WINDOW,
    AttemptAccessError,
    StartRateLimitError,
    authenticate,
    start_attempt,
    start_practice,
)
from simerit.exams.services.finishing import finish_attempt
from simerit.exams.tests.factories import ParticipantFactory, make_skd_blueprint
from simerit.exams.tests.factories_engine import (
    begun_participant,
    begun_sitting,
    items_by_code,
    owner,
    start,
    take_over,
)

pytestmark = pytest.mark.django_db


def test_first_start_creates_the_attempt_its_items_and_locks_the_blueprint(proctor: User) -> None:
    # given
    participant = begun_participant(extra_minutes=30)
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    now = timezone.now()
    # when
    attempt, token = start_attempt(
        participant=participant, pin=pin, user=owner(participant), now=now
    )
    # then
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.ACTIVE
    assert attempt.is_practice is False
    assert attempt.user == owner(participant)
    assert attempt.started_at == now
    assert attempt.deadline == now + dt.timedelta(minutes=130)  # 100 + 30 accommodation
    assert len(token) == 43
    assert attempt.browser_token == token
    items = list(attempt.items.select_related("section__category").order_by("position"))
    assert [item.position for item in items] == [1, 2, 3, 4, 5, 6]
    # Sections stay in blueprint order (TWK, TIU, TKP); questions shuffle inside them.
    assert [item.section.category.code for item in items] == [
        "TWK",
        "TWK",
        "TIU",
        "TIU",
        "TKP",
        "TKP",
    ]
    assert all(sorted(item.option_order) == ["A", "B", "C", "D", "E"] for item in items)
    assert attempt.blueprint.locked_at == now
    assert ExamPin.objects.get(participant=participant).used_at == now
    assert list(IntegrityEvent.objects.filter(attempt=attempt).values_list("kind", flat=True)) == [
        IntegrityEvent.Kind.STARTED
    ]
    audit_row = AuditEvent.objects.get(action="exams.attempt.started")
    assert audit_row.target_id == str(attempt.pk)
    assert audit_row.actor == owner(participant)
    assert audit_row.changes["extra_minutes"] == 30


def test_start_without_shuffling_follows_the_blueprint_order(proctor: User) -> None:
    blueprint = make_skd_blueprint()
    blueprint.shuffle_questions = False
    blueprint.shuffle_options = False
    blueprint.save()
    participant = begun_participant(sitting=begun_sitting(blueprint=blueprint))

    attempt, _ = start(participant, proctor)

    items = attempt.items.select_related("question_version__question").order_by("position")
    assert [item.question_version.question.code for item in items] == [
        "TWK-0001",
        "TWK-0002",
        "TIU-0003",
        "TIU-0004",
        "TKP-0005",
        "TKP-0006",
    ]
    assert all(item.option_order == ["A", "B", "C", "D", "E"] for item in items)


def test_each_participant_gets_an_own_order_and_the_same_score_for_the_same_answers(
    proctor: User,
) -> None:
    # given: two participants of one sitting, 5 questions per sub-test
    sitting = begun_sitting(blueprint=make_skd_blueprint(counts=(5, 5, 5)))
    first, second = ParticipantFactory.create_batch(2, sitting=sitting)
    attempt_1, token_1 = start(first, proctor)
    attempt_2, token_2 = start(second, proctor)
    items_1, items_2 = items_by_code(attempt_1), items_by_code(attempt_2)
    layout_1 = [(item.position, item.option_order) for item in items_1.values()]
    layout_2 = [(items_2[code].position, items_2[code].option_order) for code in items_1]
    assert layout_1 != layout_2
    # when: both give the same answer to every question (by option key)
    choices = ["A", "B", "C", "D", "E"]
    for index, code in enumerate(sorted(items_1)):
        choice = choices[index % 5]
        for attempt, token, items in ((attempt_1, token_1, items_1), (attempt_2, token_2, items_2)):
            save_answer(
                attempt_id=attempt.pk,
                token=token,
                seq=index + 1,
                position=items[code].position,
                kind="a",
                option=choice,
            )
    finished_1 = finish_attempt(attempt=attempt_1, reason=Attempt.FinishReason.SUBMITTED)
    finished_2 = finish_attempt(attempt=attempt_2, reason=Attempt.FinishReason.SUBMITTED)
    # then: TWK-0001..0005 and TIU-0006..0010 each got A..E once (A is correct: 5 points);
    # TKP-0011..0015 got A..E = 1+2+3+4+5 points.
    assert finished_1.scores == finished_2.scores == {"TWK": 5, "TIU": 5, "TKP": 15}
    assert finished_1.total == finished_2.total == 25


@pytest.mark.parametrize("case", ["wrong_pin", "other_participants_pin", "before_start"])
def test_a_refused_start_stores_nothing_and_is_logged(proctor: User, case: str) -> None:
    # given
    starts_at = timezone.now() + dt.timedelta(hours=1) if case == "before_start" else None
    sitting = begun_sitting()
    if starts_at is not None:
        sitting.starts_at = starts_at
        sitting.save()
    participant = begun_participant(sitting=sitting)
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    if case == "wrong_pin":
        pin = "000000" if pin != "000000" else "111111"
    if case == "other_participants_pin":
        other = begun_participant(sitting=sitting)
        pin = pins.issue_pin(participant=other, purpose=ExamPin.Purpose.START, actor=proctor)
    audit_rows = AuditEvent.objects.count()
    # when
    with pytest.raises(DomainError) as refused:
        start_attempt(participant=participant, pin=pin, user=owner(participant))
    # then
    expected = "Sesi ujian belum dimulai." if case == "before_start" else pins.PIN_WRONG
    assert refused.value.message == expected
    assert Attempt.objects.exists() is False
    assert AttemptItem.objects.exists() is False
    assert ExamPin.objects.filter(used_at__isnull=False).exists() is False
    assert AuditEvent.objects.count() == audit_rows
    logged = IntegrityEvent.objects.get(participant=participant)
    # Entering the right PIN too early is not a wrong PIN: it carries a reason.
    detail = {"purpose": "start", "reason": "not_started"} if case == "before_start" else None
    assert (logged.kind, logged.detail, logged.actor) == (
        IntegrityEvent.Kind.PIN_REFUSED,
        detail or {"purpose": "start"},
        owner(participant),
    )
    assert participant.blueprint.locked_at is None


def test_another_account_cannot_start_the_participants_exam_and_leaves_no_trace(
    proctor: User,
) -> None:
    participant = begun_participant()
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    intruder = UserFactory.create(roles=[Role.PELAMAR])
    audit_rows = AuditEvent.objects.count()

    for guess in (pin, "000000"):
        with pytest.raises(PermissionDenied):
            start_attempt(participant=participant, pin=guess, user=intruder)

    assert Attempt.objects.exists() is False
    assert ExamPin.objects.get(participant=participant).used_at is None
    assert AuditEvent.objects.count() == audit_rows
    # The victim is not flagged on the proctor's dashboard.
    assert IntegrityEvent.objects.exists() is False


def test_a_start_pin_works_once(proctor: User) -> None:
    # given: a started attempt
    participant = begun_participant()
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    attempt, token = start_attempt(participant=participant, pin=pin, user=owner(participant))
    audit_rows = AuditEvent.objects.count()
    # when: the same PIN again
    with pytest.raises(DomainError, match="PIN salah"):
        start_attempt(participant=participant, pin=pin, user=owner(participant))
    # then: the first browser keeps the attempt
    attempt.refresh_from_db()
    assert attempt.browser_token == token
    assert Attempt.objects.count() == 1
    assert AuditEvent.objects.count() == audit_rows
    kinds = list(IntegrityEvent.objects.order_by("id").values_list("kind", "detail"))
    assert kinds == [
        ("started", {"browser": kinds[0][1]["browser"]}),
        ("pin_refused", {"purpose": "takeover"}),
    ]


def test_takeover_hands_the_attempt_to_the_new_browser(proctor: User) -> None:
    # given
    participant = begun_participant()
    attempt, first_token = start(participant, proctor)
    # when
    taken, second_token = take_over(participant, proctor)
    # then
    assert taken.pk == attempt.pk
    assert second_token != first_token
    taken.refresh_from_db()
    assert taken.browser_token == second_token
    assert AttemptItem.objects.filter(attempt=attempt).count() == 6
    kinds = list(
        IntegrityEvent.objects.filter(attempt=attempt).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["started", "takeover", "locked_out"]
    assert AuditEvent.objects.filter(action="exams.attempt.taken_over").count() == 1
    assert authenticate(attempt.pk, second_token).pk == attempt.pk
    with pytest.raises(AttemptAccessError) as refused:
        authenticate(attempt.pk, first_token)
    assert (refused.value.code, refused.value.status) == ("locked_out", 409)


def test_a_finished_attempt_cannot_be_opened_again(proctor: User) -> None:
    participant = begun_participant()
    attempt, _ = start(participant, proctor)
    finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.TAKEOVER, actor=proctor)
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(DomainError, match="sudah selesai"):
        start_attempt(participant=participant, pin=pin, user=owner(participant))

    assert ExamPin.objects.get(purpose=ExamPin.Purpose.TAKEOVER).used_at is None
    assert AuditEvent.objects.count() == audit_rows
    logged = IntegrityEvent.objects.filter(kind=IntegrityEvent.Kind.PIN_REFUSED).get()
    assert (logged.attempt_id, logged.detail, logged.actor) == (
        attempt.pk,
        {"purpose": "takeover", "reason": "finished"},
        owner(participant),
    )


def test_a_takeover_after_the_deadline_finishes_the_attempt_instead(proctor: User) -> None:
    participant = begun_participant()
    attempt, _ = start(participant, proctor)
    later = attempt.deadline + dt.timedelta(seconds=1)
    pin = pins.issue_pin(
        participant=participant, purpose=ExamPin.Purpose.TAKEOVER, actor=proctor, now=later
    )

    with pytest.raises(DomainError, match="sudah selesai"):
        start_attempt(participant=participant, pin=pin, user=owner(participant), now=later)

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED
    assert attempt.finish_reason == Attempt.FinishReason.TIMEOUT


def test_authenticate_refuses_a_wrong_token(proctor: User) -> None:
    attempt, token = start(begun_participant(), proctor)

    for wrong in ["", "x" * 43, token[:-1] + "é"]:
        with pytest.raises(AttemptAccessError) as refused:
            authenticate(attempt.pk, wrong)
        assert (refused.value.code, refused.value.status) == ("invalid_token", 403)
    with pytest.raises(AttemptAccessError):
        authenticate(attempt.pk + 1000, token)


def test_anonymous_visitor_starts_a_public_tryout() -> None:
    # given
    blueprint = make_skd_blueprint(kind=ExamKind.TRYOUT, duration_minutes=60)
    # when
    attempt, token = start_practice(blueprint=blueprint, user=None)
    # then
    attempt.refresh_from_db()
    assert attempt.is_practice is True
    assert attempt.participant is None
    assert attempt.user is None
    assert attempt.deadline - attempt.started_at == dt.timedelta(minutes=60)
    assert attempt.items.count() == 6
    assert AuditEvent.objects.exists() is False
    position = attempt.items.get(
        question_version__question__kind=Question.Kind.WEIGHTED, position=5
    )
    save_answer(
        attempt_id=attempt.pk, token=token, seq=1, position=position.position, kind="a", option="E"
    )
    finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)
    assert finished.scores == {"TWK": 0, "TIU": 0, "TKP": 5}
    assert AnswerEvent.objects.count() == 1
    assert AuditEvent.objects.exists() is False


def test_a_blueprint_that_is_not_a_public_tryout_cannot_be_practised() -> None:
    with pytest.raises(DomainError, match="tidak terbuka"):
        start_practice(blueprint=make_skd_blueprint(), user=None)
    assert Attempt.objects.exists() is False


# --- Guessing PINs


def wrong(pin: str) -> str:
    return "000000" if pin != "000000" else "111111"


def refused_message(participant: Participant, pin: str, **kwargs: Any) -> str:
    with pytest.raises(DomainError) as refused:
        start_attempt(participant=participant, pin=pin, user=owner(participant), **kwargs)
    return refused.value.message


def test_the_fifth_wrong_pin_voids_the_pins_and_even_the_right_one_is_refused(
    proctor: User,
) -> None:
    # given: a START PIN and four wrong tries
    participant = begun_participant()
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    for _ in range(pins.MAX_WRONG_PINS - 1):
        assert refused_message(participant, wrong(pin)) == pins.PIN_WRONG
    assert ExamPin.objects.get().expires_at > timezone.now()
    audit_rows = AuditEvent.objects.count()
    # when: the fifth wrong PIN
    now = timezone.now()
    message = refused_message(participant, wrong(pin), now=now)
    # then: every outstanding PIN is void, and the right PIN no longer starts anything
    assert message == "Terlalu banyak PIN salah; mintalah PIN baru kepada pengawas."
    assert message == pins.PIN_TOO_MANY
    assert ExamPin.objects.get().expires_at == now
    voided = AuditEvent.objects.get(action="exams.pin.voided")
    assert (voided.actor, voided.target_id) == (owner(participant), str(participant.pk))
    assert voided.changes == {"reason": "too_many_wrong_pins", "voided": 1}
    assert refused_message(participant, pin) == pins.PIN_TOO_MANY
    assert Attempt.objects.exists() is False
    assert ExamPin.objects.get().used_at is None
    assert AuditEvent.objects.count() == audit_rows + 1
    details = list(
        IntegrityEvent.objects.filter(participant=participant)
        .order_by("id")
        .values_list("kind", "detail")
    )
    assert details == [("pin_refused", {"purpose": "start"})] * 5 + [
        ("pin_refused", {"purpose": "start", "reason": "too_many"})
    ]


def test_a_new_pin_from_the_proctor_counts_wrong_pins_afresh(proctor: User) -> None:
    participant = begun_participant()
    first = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    for _ in range(pins.MAX_WRONG_PINS):
        refused_message(participant, wrong(first))
    later = timezone.now() + dt.timedelta(seconds=1)
    second = pins.issue_pin(
        participant=participant, purpose=ExamPin.Purpose.START, actor=proctor, now=later
    )

    assert pins.wrong_pins_since_issue(participant) == 0
    assert refused_message(participant, wrong(second), now=later) == pins.PIN_WRONG
    attempt, _ = start_attempt(
        participant=participant, pin=second, user=owner(participant), now=later
    )

    assert attempt.status == Attempt.Status.ACTIVE


def test_a_right_pin_entered_too_early_does_not_use_up_the_tries(proctor: User) -> None:
    # given: the sitting starts in a minute; the participant keeps trying the right PIN
    sitting = begun_sitting()
    sitting.starts_at = timezone.now() + dt.timedelta(minutes=1)
    sitting.save()
    participant = begun_participant(sitting=sitting)
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    for _ in range(pins.MAX_WRONG_PINS + 1):
        assert refused_message(participant, pin) == "Sesi ujian belum dimulai."
    # when: the sitting has begun
    attempt, _ = start_attempt(
        participant=participant,
        pin=pin,
        user=owner(participant),
        now=sitting.starts_at + dt.timedelta(seconds=5),
    )
    # then
    assert attempt.status == Attempt.Status.ACTIVE
    assert pins.wrong_pins_since_issue(participant) == 0


def test_an_account_may_try_only_so_many_starts_per_window(proctor: User) -> None:
    # given: tries refused for being too early (they do not count as wrong PINs)
    sitting = begun_sitting()
    sitting.starts_at = timezone.now() + dt.timedelta(minutes=1)
    sitting.save()
    participant = begun_participant(sitting=sitting)
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    for _ in range(START_TRIES_PER_WINDOW):
        refused_message(participant, pin)
    audit_rows = AuditEvent.objects.count()
    # when: two more tries, the right PIN after the start among them
    begun = sitting.starts_at + dt.timedelta(seconds=5)
    for _ in range(2):
        with pytest.raises(StartRateLimitError) as limited:
            start_attempt(participant=participant, pin=pin, user=owner(participant), now=begun)
        assert (
            limited.value.message
            == "Terlalu banyak percobaan PIN dari akun ini. Coba lagi 10 menit lagi."
        )
    # then: nothing started; the limit is logged once for the proctor
    assert Attempt.objects.exists() is False
    assert ExamPin.objects.get().used_at is None
    assert AuditEvent.objects.count() == audit_rows
    reasons = list(IntegrityEvent.objects.order_by("id").values_list("detail__reason", flat=True))
    assert reasons == ["not_started"] * START_TRIES_PER_WINDOW + ["rate_limited"]
