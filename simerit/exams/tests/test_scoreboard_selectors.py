"""The scoreboard computation: the one public masking, exact running scores from events (the
scoring's own inputs), final scores, order, absent participants after the sitting, tryouts
excluded, item decisions, no personal data, closed boards, and a fixed number of queries."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.exams.models import AnswerEvent, Attempt, BlueprintItem, ExamKind, ItemDecision
from simerit.exams.selectors import scoreboard as selectors
from simerit.exams.services.scoring import item_keys, score_attempt
from simerit.exams.tests.factories import SittingFactory, make_skd_blueprint
from simerit.exams.tests.factories_proctor import T0, event, make_participant, start
from simerit.exams.tests.factories_proctor import sitting as make_sitting
from simerit.recruitment.rules import mask_name

MIN = dt.timedelta(minutes=1)
CLEAR = AnswerEvent.Kind.CLEAR
FLAG = AnswerEvent.Kind.FLAG


@pytest.fixture
def room(db):
    return make_sitting(code="SESI-SKOR-01", site="UPT BKN Palembang", room="Ruang 2")


@pytest.fixture
def sheet(room):
    """Five participants in every state (items: TWK 1–2, TIU 3–4, TKP 5–6 in blueprint order;
    TWK/TIU correct option A; TKP options A–E worth 1–5)."""
    working = make_participant(room, name="Budi Santoso", registration_number="R-0001")
    attempt = start(working, at=T0)
    for position, option, kind in [
        (1, "A", "a"),  # TWK correct: 5
        (2, "B", "a"),  # TWK wrong: 0
        (3, "A", "a"),
        (3, "C", "a"),  # TIU changed to wrong: 0
        (4, "A", "a"),
        (4, "", CLEAR),  # TIU cleared: blank 0
        (5, "E", "a"),  # TKP 5
        (6, "B", "a"),  # TKP 2
    ]:
        event(attempt, position, option, kind=kind, at=T0)
    paused = make_participant(room, name="Siti Aminah", registration_number="R-0002")
    # reversed order, as a shuffle: positions 1–2 TKP, 3–4 TIU, 5–6 TWK
    attempt = start(paused, at=T0, reverse=True, status="paused", paused_at=T0)
    for position, option, kind in [(1, "D", "a"), (3, "A", "a"), (5, "A", "a"), (6, "A", "a")]:
        event(attempt, position, option, kind=kind, at=T0)
    event(attempt, 2, kind=FLAG, at=T0)
    finished = make_participant(room, name="Rahmat Hidayat", registration_number="R-0003")
    start(
        finished,
        status="finished",
        finished_at=T0,
        scores={"TWK": 10, "TIU": 5, "TKP": 8},
        total=23,
        passed=False,
    )
    tie = make_participant(room, name="Ahmad Fauzi", registration_number="R-0000")
    start(
        tie,
        status="finished",
        finished_at=T0,
        scores={"TKP": 7, "TWK": 5, "TIU": 0},
        total=12,
        passed=True,
    )
    make_participant(room, name="Dewi Lestari", registration_number="R-0004")
    return room


def test_the_board_has_exact_running_and_final_scores_in_order(sheet):
    board = selectors.compute_scoreboard(sheet.scoreboard_key)
    assert board is not None
    assert board["sections"] == ["TWK", "TIU", "TKP"]
    assert board["sitting"]["code"] == "SESI-SKOR-01"
    assert board["sitting"]["room"] == "Ruang 2"
    assert [
        (r["rank"], r["registration_number"], r["name"], r["scores"], r["total"], r["status"])
        for r in board["rows"]
    ] == [
        (1, "R-0003", "R***** H******", {"TWK": 10, "TIU": 5, "TKP": 8}, 23, "finished"),
        (2, "R-0002", "S*** A*****", {"TWK": 10, "TIU": 5, "TKP": 4}, 19, "paused"),
        (3, "R-0000", "A**** F****", {"TWK": 5, "TIU": 0, "TKP": 7}, 12, "finished"),
        (3, "R-0001", "B*** S******", {"TWK": 5, "TIU": 0, "TKP": 7}, 12, "active"),
        (None, "R-0004", "D*** L******", {}, None, "belum_mulai"),
    ]
    assert [(r["status_label"], r["passed"]) for r in board["rows"]] == [
        ("Selesai", False),
        ("Dijeda", None),
        ("Selesai", True),
        ("Mengerjakan", None),
        ("Belum mulai", None),
    ]
    # the finished scores are shown in the sections' order
    assert list(board["rows"][2]["scores"]) == ["TWK", "TIU", "TKP"]


def test_running_scores_equal_the_engine_scoring(sheet):
    board = selectors.compute_scoreboard(sheet.scoreboard_key)
    assert board is not None
    by_number = {row["registration_number"]: row for row in board["rows"]}
    for attempt in Attempt.objects.filter(participant__sitting=sheet).exclude(status="finished"):
        result, _ = score_attempt(attempt)
        assert attempt.participant is not None
        row = by_number[attempt.participant.application.registration_number]
        assert (row["scores"], row["total"]) == (result.scores, result.total)


def test_an_item_decision_counts_in_the_running_score(sheet):
    twk_second = BlueprintItem.objects.get(blueprint=sheet.blueprint, order=2)
    ItemDecision.objects.create(
        blueprint=sheet.blueprint,
        question_version=twk_second.question_version,
        mode=ItemDecision.Mode.CREDIT_ALL,
        reason="Kunci jawaban salah",
        decided_by=UserFactory.create(),
        decided_at=timezone.now(),
    )
    board = selectors.compute_scoreboard(sheet.scoreboard_key)
    assert board is not None
    budi = next(row for row in board["rows"] if row["registration_number"] == "R-0001")
    assert (budi["scores"]["TWK"], budi["total"]) == (10, 17)


def test_the_board_shows_no_nik_and_no_full_name(sheet):
    board = selectors.compute_scoreboard(sheet.scoreboard_key)
    dumped = json.dumps(board)
    for participant in sheet.participants.select_related("application__applicant"):
        applicant = participant.application.applicant
        assert applicant.nik not in dumped
        assert applicant.name not in dumped
        assert applicant.name.split()[0] not in dumped


def test_unknown_key_and_tryout_sittings_have_no_board(db):
    tryout = SittingFactory.create(blueprint=make_skd_blueprint(kind=ExamKind.TRYOUT))
    assert selectors.compute_scoreboard("tidak-ada") is None
    assert selectors.compute_scoreboard(tryout.scoreboard_key) is None


def test_an_empty_sitting_has_an_empty_board(room):
    board = selectors.compute_scoreboard(room.scoreboard_key)
    assert board is not None
    assert board["rows"] == []


def fill(room, count):
    for index in range(count):
        attempt = start(make_participant(room), at=T0)
        event(attempt, 1, "A", at=T0)
        event(attempt, 5, "C", at=T0)
        if index % 2:
            start(make_participant(room), status="finished", total=5, scores={"TWK": 5})


@pytest.mark.parametrize("count", [1, 6])
def test_the_board_is_computed_in_seven_queries_whatever_the_size(
    room, count, django_assert_num_queries
):
    fill(room, count)
    with django_assert_num_queries(7):
        board = selectors.compute_scoreboard(room.scoreboard_key)
    assert board is not None
    assert [row["total"] for row in board["rows"]][:count] == [8] * count


def test_after_the_sitting_the_board_needs_three_queries(room, django_assert_num_queries):
    # the sitting, its sections, its participants with their attempts: nothing runs any more,
    # and the absent rule reads the participants already loaded
    fill(room, 3)
    make_participant(room)
    Attempt.objects.filter(participant__sitting=room).update(status="finished")
    after = room.starts_at + dt.timedelta(days=1)
    with django_assert_num_queries(3):
        board = selectors.compute_scoreboard(room.scoreboard_key, now=after)
    assert board is not None
    assert board["rows"][-1]["status"] == "tidak_hadir"


def test_running_scores_are_built_by_the_scorings_item_keys(sheet, monkeypatch):
    # given: a spy on services.scoring.item_keys as the board imports it
    calls = []

    def spy(items, *, decisions=None):
        items = list(items)
        calls.append([(item.question_version_id, item.section_id) for item in items])
        return item_keys(items, decisions=decisions)

    monkeypatch.setattr("simerit.exams.selectors.scoreboard.item_keys", spy)
    # when
    selectors.compute_scoreboard(sheet.scoreboard_key)
    # then: one call, one shape per blueprint item, in the blueprint's own version and section
    expected = list(
        BlueprintItem.objects.filter(blueprint=sheet.blueprint)
        .order_by("order")
        .values_list("question_version_id", "section_id")
    )
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(expected)


def test_names_are_masked_as_on_the_recruitment_announcement(sheet):
    board = selectors.compute_scoreboard(sheet.scoreboard_key)
    assert board is not None
    masked = {
        p.application.registration_number: mask_name(p.application.applicant.name)
        for p in sheet.participants.select_related("application__applicant")
    }
    assert {row["registration_number"]: row["name"] for row in board["rows"]} == masked
    assert masked["R-0001"] == "B*** S******"


@pytest.fixture
def held(db):
    """A sitting at T0 (100 minutes, START PINs valid 30): one finished, one who never came."""
    sitting = make_sitting(code="SESI-SELESAI", starts_at=T0)
    start(
        make_participant(sitting, name="Rahmat Hidayat", registration_number="R-1"),
        at=T0,
        status="finished",
        finished_at=T0 + 90 * MIN,
        scores={"TWK": 5, "TIU": 5, "TKP": 5},
        total=15,
        passed=None,
    )
    make_participant(sitting, name="Dewi Lestari", registration_number="R-2")
    return sitting


@pytest.mark.parametrize(
    ("after", "status", "label"),
    [
        (100 * MIN - dt.timedelta(seconds=1), "belum_mulai", "Belum mulai"),
        (100 * MIN, "tidak_hadir", "Tidak hadir"),
        (dt.timedelta(days=3), "tidak_hadir", "Tidak hadir"),
    ],
)
def test_who_never_started_is_absent_once_the_sitting_has_ended(held, after, status, label):
    board = selectors.compute_scoreboard(held.scoreboard_key, now=T0 + after)
    assert board is not None
    rows = [
        (r["registration_number"], r["rank"], r["status"], r["status_label"]) for r in board["rows"]
    ]
    assert rows == [("R-1", 1, "finished", "Selesai"), ("R-2", None, status, label)]


def test_a_running_attempt_keeps_the_others_not_started(held):
    # given: a participant with 30 extra minutes, still working after the 100 minutes
    late = make_participant(held, registration_number="R-3", extra_minutes=30)
    start(late, at=T0)
    # when
    board = selectors.compute_scoreboard(held.scoreboard_key, now=T0 + 120 * MIN)
    # then
    assert board is not None
    assert [row["status"] for row in board["rows"]] == ["finished", "active", "belum_mulai"]


@pytest.mark.parametrize(
    ("after", "is_open"),
    [(dt.timedelta(days=30), True), (dt.timedelta(days=31), False)],
)
def test_the_board_closes_open_days_after_the_sitting(held, after, is_open):
    now = T0 + after
    if is_open:
        board = selectors.compute_scoreboard(held.scoreboard_key, now=now)
        assert board is not None
        assert board["sitting"]["code"] == "SESI-SELESAI"
    else:
        with pytest.raises(selectors.BoardClosedError) as closed:
            selectors.compute_scoreboard(held.scoreboard_key, now=now)
        assert str(closed.value) == "Papan skor sesi ini sudah ditutup."
    assert selectors.is_open(held, now=now) is is_open
    assert selectors.OPEN_DAYS == 30


def test_public_sittings_are_the_open_boards_of_real_exams(db):
    now = timezone.now()
    blueprint = make_skd_blueprint()
    today = SittingFactory.create(code="HARI-INI", blueprint=blueprint, starts_at=now)
    week = SittingFactory.create(
        code="MINGGU-LALU", blueprint=blueprint, starts_at=now - dt.timedelta(days=6)
    )
    last = SittingFactory.create(
        code="HARI-KE-30", blueprint=blueprint, starts_at=now - dt.timedelta(days=30)
    )
    SittingFactory.create(code="LAMA", blueprint=blueprint, starts_at=now - dt.timedelta(days=31))
    SittingFactory.create(code="BESOK", blueprint=blueprint, starts_at=now + dt.timedelta(days=1))
    SittingFactory.create(
        code="TRYOUT", blueprint=make_skd_blueprint(kind=ExamKind.TRYOUT), starts_at=now
    )
    listed = list(selectors.public_sittings(now=now))
    assert [s.code for s in listed] == [today.code, week.code, last.code]
    assert all(selectors.is_open(s, now=now) for s in listed)
