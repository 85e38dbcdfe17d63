"""Exam data for `exam-answer-save`, `scoring` and the crash test, the answer walk's Lua script,
and the scoring run (`python -m bench.exams score`, a process of its own so that its peak
memory is its own).

What is built: one SKD question bank (TWK 30 and TIU 35 single-answer questions, TKP 45 weighted
ones), and per scenario one SKD blueprint with the national configuration (sections and passing
rules) and its 110 assembled items, sittings of SITTING_SIZE seats and one participant per
application of the bench period:

- exam-answer-save: `answer_attempts` ACTIVE attempts, with their 110 items each (the
  participant's own question and option order) and a browser token, started now with the
  blueprint's 100 minutes to go, and no answers yet;
- scoring: `scoring_attempts` FINISHED attempts of 110 answer events each (one per question, a
  participant's answers drawn from an "ability"), their hash chain sealed (`final_hash`,
  `event_count`) as finishing does, and no stored result yet: the first rescoring computes and
  writes every result, the second computes them again and writes nothing.

The bank, blueprints and sittings go through the services, as Admin BKPSDM and the question
writers would make them (audited). Participants, attempts, their items and answer events are
bulk-inserted (bench.recruitment's COPY / executemany writer): the same rows
`services.attempts.start_attempt` and `services.finishing.finish_attempt` write (the item layout
is `_lay_out_items`' rule, the chain is `rules.integrity.chain`), without the START PIN, the
STARTED/FINISHED integrity events and the per-attempt audit rows, which the measured paths never
read. One sealed chain is verified against the database after the insert.

The pure parts (layout, answer sheets, the Lua script, the BENCH lines, the reconciliation of
acknowledged and stored answers) need no database and are unit-tested in bench/tests.
"""

import contextlib
import datetime as dt
import json
import random
import secrets
import sys
import time
import tracemalloc
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.wrk import DONE_HOOK, WrkResult, format_line, marked_values

if TYPE_CHECKING:
    from simerit.accounts.models import User
    from simerit.exams.models import Blueprint, QuestionBank
    from simerit.recruitment.models import SelectionPeriod

SEED = 20261101
SAVE = "exam-answer-save"
SCORING = "scoring"
# SKD (domain reference §2.1): (category, questions, weighted options).
SECTIONS = (("TWK", 30, False), ("TIU", 35, False), ("TKP", 45, True))
ITEMS = sum(count for _, count, _ in SECTIONS)
OPTION_KEYS = ("A", "B", "C", "D", "E")
DURATION_MINUTES = 100
SITTING_SIZE = 100
# The formasi of the small period an exam-only run makes (bench.recruitment.build).
EXAM_FORMASI = 50
ANSWER_PATH = "/api/v1/exams/attempts/{attempt_id}/answers"
TOKEN_HEADER = "X-Exam-Token"  # noqa: S105 (a header name)
# Client sequence numbers: every wrk run numbers from its own base, so that no request of the
# measured run repeats one of the warm-up or the hand-made preflight (each is a NEW event).
WARMUP_SEQ_BASE = 0
WARMUP_SEQ_STEP = 10_000_000  # per warm-up chunk of WARMUP_S seconds (bench.run.warm_up)
WARMUP_ANSWERS_PER_ATTEMPT = 10
PREFLIGHT_SEQ = 500_000_000
MEASURED_SEQ_BASE = 1_000_000_000
CHUNK = 500  # attempts per bulk insert (55,000 items or events)


# --- The pure parts


@dataclass(frozen=True)
class Served:
    """One assembled item as the layout needs it."""

    version_id: int
    section_id: int
    keys: tuple[str, ...]


@dataclass(frozen=True)
class LaidOut:
    position: int
    version_id: int
    section_id: int
    option_order: tuple[str, ...]


def applications_for(participants: int) -> int:
    """How many bench applications give `participants` submitted ones (bench.recruitment leaves
    DRAFT_SHARE_PERCENT of them drafts: index % 100 below it)."""
    from bench.recruitment import DRAFT_SHARE_PERCENT

    whole, rest = divmod(participants, 100 - DRAFT_SHARE_PERCENT)
    return whole * 100 + (DRAFT_SHARE_PERCENT + rest if rest else 0)


def lay_out(
    sections: Sequence[Sequence[Served]], rng: random.Random, *, shuffle: bool = True
) -> list[LaidOut]:
    """A participant's items as services.attempts._lay_out_items lays them out: sections in
    order, questions and options shuffled inside each, positions 1..n."""
    laid: list[LaidOut] = []
    for section in sections:
        items = list(section)
        if shuffle:
            rng.shuffle(items)
        for item in items:
            keys = list(item.keys)
            if shuffle:
                rng.shuffle(keys)
            laid.append(LaidOut(len(laid) + 1, item.version_id, item.section_id, tuple(keys)))
    return laid


def answer_sheet(
    layout: Sequence[LaidOut], best: dict[int, str], rng: random.Random, *, ability: float
) -> list[tuple[int, str]]:
    """(position, option) for every item in position order: the best option (the key, or the
    weighted question's highest) with probability `ability`, else another one."""
    sheet = []
    for item in layout:
        right = best[item.version_id]
        if rng.random() < ability:
            sheet.append((item.position, right))
        else:
            sheet.append((item.position, rng.choice([k for k in item.option_order if k != right])))
    return sheet


def answer_body(*, seq: int, position: int, option: str, kind: str = "a") -> str:
    """The JSON the exam page posts for one answer event."""
    return json.dumps(
        {"seq": seq, "position": position, "kind": kind, "option": option}, separators=(",", ":")
    )


# The answer walk. Every wrk thread takes its own slice of the attempts and walks through it in
# turn; every request is a new event: its seq is unique in the whole run (base + k * THREADS +
# thread + 1 for the thread's k-th request), so it rises per attempt and names the event in the
# 200 answer. The 200 answers that stored a new event ("duplicate": false) are the acknowledged
# answers: done() writes their seqs, one a line, to BENCH_ACKS_FILE.
ANSWER_WALK = """
local base = tonumber(os.getenv("BENCH_SEQ_BASE") or "0")
local threads = {}
local created = 0
setup = function(thread)
  thread:set("index", created)
  created = created + 1
  table.insert(threads, thread)
end
index = 0
acked = {}
statuses = {}
duplicates = 0
local first, size, k = 1, 1, 0
init = function(args)
  math.randomseed(SEED + index)
  first = math.floor(#attempts * index / THREADS) + 1
  size = math.floor(#attempts * (index + 1) / THREADS) - first + 1
end
request = function()
  local attempt = attempts[first + k % size]
  local seq = base + k * THREADS + index + 1
  k = k + 1
  local body = string.format('{"seq":%d,"position":%d,"kind":"a","option":"%s"}',
    seq, math.random(1, POSITIONS), OPTIONS[math.random(1, #OPTIONS)])
  local headers = {["Content-Type"] = "application/json", ["X-Exam-Token"] = attempt[2]}
  return wrk.format("POST", "/api/v1/exams/attempts/" .. attempt[1] .. "/answers", headers, body)
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    if string.find(body, '"duplicate":%s*false') then
      acked[#acked + 1] = tonumber(string.match(body, '"seq":%s*(%d+)'))
    else
      duplicates = duplicates + 1
    end
  end
end
"""

ANSWER_DONE = """
local print_result = done
done = function(summary, latency, requests)
  print_result(summary, latency, requests)
  local counts, duplicated = {}, 0
  local out = assert(io.open(os.getenv("BENCH_ACKS_FILE"), "w"))
  for _, thread in ipairs(threads) do
    for _, seq in ipairs(thread:get("acked")) do
      out:write(string.format("%d\\n", seq))
    end
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
    duplicated = duplicated + thread:get("duplicates")
  end
  out:close()
  local parts = {}
  for status, count in pairs(counts) do
    parts[#parts + 1] = string.format("%d*%d", status, count)
  end
  table.sort(parts)
  io.write(string.format("ANSWER_STATUSES statuses=%s duplicates=%d\\n",
    #parts > 0 and table.concat(parts, ",") or "none", duplicated))
end
"""


@dataclass(frozen=True)
class ExamAttempt:
    id: int
    token: str


def answer_script(
    attempts: Sequence[ExamAttempt],
    *,
    threads: int,
    positions: int = ITEMS,
    options: Sequence[str] = OPTION_KEYS,
    seed: int = SEED,
) -> str:
    """exam-answer-save's Lua script (wrk's --threads must be `threads`)."""
    if threads < 1 or len(attempts) < threads:
        raise ValueError(f"Perlu paling sedikit satu pengerjaan per thread wrk ({threads}).")
    for attempt in attempts:
        if not attempt.token.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"Token pengerjaan {attempt.id} tidak dapat dipakai dalam skrip wrk.")
    for option in options:
        if not option.isalnum():
            raise ValueError(f"Kunci pilihan {option!r} tidak dapat dipakai dalam skrip wrk.")
    table = ",\n".join(f'  {{{attempt.id}, "{attempt.token}"}}' for attempt in attempts)
    keys = ", ".join(f'"{option}"' for option in options)
    head = (
        f"local THREADS = {threads}\nlocal POSITIONS = {positions}\nlocal SEED = {seed}\n"
        f"local OPTIONS = {{{keys}}}\nlocal attempts = {{\n{table}\n}}\n"
    )
    return head + ANSWER_WALK + DONE_HOOK + ANSWER_DONE


@dataclass(frozen=True)
class AnswerStatuses:
    statuses: str  # "200*1234,409*2" or "none"
    duplicates: int


def parse_statuses(output: str) -> AnswerStatuses:
    """The ANSWER_STATUSES line the script's done() prints."""
    for line in output.splitlines():
        if line.startswith("ANSWER_STATUSES "):
            values = dict(item.split("=", 1) for item in line.split()[1:])
            return AnswerStatuses(values["statuses"], int(values["duplicates"]))
    raise ValueError("wrk tidak mencetak baris ANSWER_STATUSES.")


def read_acks(text: str) -> list[int]:
    return [int(line) for line in text.split()]


@dataclass(frozen=True)
class Reconciliation:
    """Acknowledged answers against the stored ones: `lost` were acknowledged and are not stored
    (must be empty); `unacknowledged` are stored without an acknowledgement the client saw (a
    request in flight when the client stopped)."""

    acknowledged: int
    stored: int
    lost: frozenset[Hashable]
    unacknowledged: frozenset[Hashable]
    repeated: int  # the same key acknowledged twice as new (must be 0)


def reconcile(acknowledged: Iterable[Hashable], stored: Iterable[Hashable]) -> Reconciliation:
    acked = list(acknowledged)
    acked_set, stored_set = frozenset(acked), frozenset(stored)
    return Reconciliation(
        acknowledged=len(acked_set),
        stored=len(stored_set),
        lost=acked_set - stored_set,
        unacknowledged=stored_set - acked_set,
        repeated=len(acked) - len(acked_set),
    )


def answer_line(
    *,
    db: str,
    result: WrkResult,
    check: Reconciliation,
    statuses: AnswerStatuses,
    ratio: str,
    connections: int,
    workers: int,
    attempts: int,
    warmup: int,
) -> str:
    """`BENCH exam-answer-save db=... answers_s=... p50_ms=... p99_ms=... errors=... non2xx=...
    ratio=... ...`: answers_s counts acknowledged new answers per second; `ratio` is it divided
    by limit-upsert's req/s of the same run (bench.run.ratio_text); stored, lost and
    unacked_stored compare the acknowledged answers with the events in the table."""
    seconds = result.duration_us / 1_000_000
    rate = check.acknowledged / seconds if seconds else 0.0
    fields: dict[str, object] = {
        "db": db,
        "answers_s": f"{rate:.1f}",
        "p50_ms": f"{result.p50_us / 1000:.2f}",
        "p99_ms": f"{result.p99_us / 1000:.2f}",
        # A duplicate, a lost or a repeated acknowledgement is an error: every request is new.
        "errors": result.errors + statuses.duplicates + len(check.lost) + check.repeated,
        "non2xx": result.status,
        "ratio": ratio,
        "conns": connections,
        "duration_s": f"{seconds:.1f}",
        "requests": result.requests,
        "answers": check.acknowledged,
        "stored": check.stored,
        "lost": len(check.lost),
        "unacked_stored": len(check.unacknowledged),
        "timeouts": result.timeout,
        "statuses": statuses.statuses,
        "attempts": attempts,
        "items": ITEMS,
        "warmup_answers": warmup,
        "workers": workers,
    }
    return format_line(SAVE, fields)


def scoring_line(*, db: str, measured: dict[str, Any]) -> str:
    """`BENCH scoring db=... attempts=... answers=... seconds=... peak_mb=... mem=rss_hwm_delta`
    (see measure_scoring for what each figure is)."""
    fields: dict[str, object] = {
        "db": db,
        "attempts": measured["attempts"],
        "answers": measured["answers"],
        "seconds": f"{measured['seconds']:.2f}",
        "peak_mb": f"{measured['peak_mb']:.1f}",
        "mem": "rss_hwm_delta",
        "changed": measured["changed"],
        "rerun_s": f"{measured['rerun_s']:.2f}",
        "rerun_changed": measured["rerun_changed"],
        "attempts_s": f"{measured['attempts'] / measured['seconds']:.0f}"
        if measured["seconds"]
        else "0",
        "rss_mb": f"{measured['rss_mb']:.1f}",
        "py_peak_mb": f"{measured['py_peak_mb']:.1f}",
        "path": "decisions.rescore_blueprint",
    }
    return format_line(SCORING, fields)


# --- Building it (needs django.setup())


@dataclass(frozen=True)
class ExamSetup:
    actor_id: int
    answer_blueprint_id: int | None
    attempts: tuple[ExamAttempt, ...]
    scoring_blueprint_id: int | None
    scoring_attempts: int
    setup_s: float


def build(
    *,
    period: "SelectionPeriod",
    actor: "User",
    answer_attempts: int = 0,
    scoring_attempts: int = 0,
    deadline_minutes: int = DURATION_MINUTES,
) -> ExamSetup:
    """The bank, and a blueprint with its attempts for each scenario asked for (count > 0).

    Participants are the period's first submitted applications (bench.recruitment made them;
    `applications_for` says how many it must make).
    """
    from django.db import connection, transaction

    from simerit.recruitment.models import Application

    started = time.monotonic()
    needed = max(answer_attempts, scoring_attempts)
    applications = list(
        Application.objects.filter(period=period, status=Application.Status.SUBMITTED)
        .order_by("pk")
        .values_list("pk", "applicant__user_id")[:needed]
    )
    if len(applications) < needed:
        raise ValueError(
            f"Periode bench hanya memiliki {len(applications)} lamaran terkirim; perlu {needed}."
        )
    answer_id = scoring_id = None
    attempts: tuple[ExamAttempt, ...] = ()
    with transaction.atomic():
        bank = _bank(actor)
        if answer_attempts:
            blueprint = _blueprint("SKD bench: simpan jawaban", period, bank, actor)
            attempts = _active_attempts(
                blueprint,
                applications[:answer_attempts],
                code="BENCH-JWB",
                deadline_minutes=deadline_minutes,
                actor=actor,
            )
            answer_id = blueprint.pk
        if scoring_attempts:
            blueprint = _blueprint("SKD bench: penilaian", period, bank, actor)
            _finished_attempts(blueprint, applications[:scoring_attempts], actor=actor)
            scoring_id = blueprint.pk
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ExamSetup(
        actor_id=actor.pk,
        answer_blueprint_id=answer_id,
        attempts=attempts,
        scoring_blueprint_id=scoring_id,
        scoring_attempts=scoring_attempts,
        setup_s=time.monotonic() - started,
    )


def _bank(actor: "User") -> "QuestionBank":
    """An exam bank with exactly the questions one SKD blueprint draws, made by the services."""
    from simerit.exams.models import Question, QuestionBank, QuestionCategory
    from simerit.exams.services import questions as question_services

    bank = question_services.create_bank(
        name=f"Bank SKD bench {secrets.token_hex(3)}",
        purpose=QuestionBank.Purpose.EXAM,
        actor=actor,
    )
    rng = random.Random(SEED)
    for code, count, weighted in SECTIONS:
        category = QuestionCategory.objects.get(code=code)
        for number in range(1, count + 1):
            if weighted:
                points = rng.sample(range(1, 6), 5)
            else:
                right = rng.randrange(5)
                points = [1 if index == right else 0 for index in range(5)]
            question_services.create_question(
                bank=bank,
                data=question_services.QuestionInput(
                    code=f"{code}-{number:03d}",
                    category=category,
                    kind=Question.Kind.WEIGHTED if weighted else Question.Kind.SINGLE,
                    text=(
                        f"Soal {code} nomor {number} untuk uji beban: bacalah uraian berikut "
                        "dengan saksama, lalu pilih jawaban yang paling tepat di antara lima "
                        "pilihan yang tersedia."
                    ),
                    options=[
                        question_services.OptionInput(key, f"Pilihan {key} soal {number}", value)
                        for key, value in zip(OPTION_KEYS, points, strict=True)
                    ],
                    topic=f"Topik {code} {1 + number % 6}",
                ),
                actor=actor,
            )
    return bank


def _blueprint(
    name: str, period: "SelectionPeriod", bank: "QuestionBank", actor: "User"
) -> "Blueprint":
    """An SKD blueprint with the national configuration and its items, locked as the first start
    locks it."""
    from django.utils import timezone

    from simerit.exams.models import Blueprint, ExamKind
    from simerit.exams.services import blueprints

    blueprint = blueprints.create_blueprint(
        data=blueprints.BlueprintInput(
            name=name,
            kind=ExamKind.SKD,
            duration_minutes=DURATION_MINUTES,
            period=period,
            bank=bank,
        ),
        actor=actor,
    )
    blueprints.apply_skd_defaults(blueprint=blueprint, actor=actor)
    blueprints.assemble_items(blueprint=blueprint, actor=actor, seed=SEED)
    Blueprint.objects.filter(pk=blueprint.pk).update(locked_at=timezone.now())
    blueprint.refresh_from_db()
    return blueprint


def _served(blueprint: "Blueprint") -> tuple[list[list[Served]], dict[int, str]]:
    """The blueprint's items by section (in order) and each version's best option."""
    from simerit.exams.models import BlueprintItem

    rows = (
        BlueprintItem.objects.filter(blueprint=blueprint)
        .select_related("section", "question_version")
        .order_by("section__order", "section_id", "order")
    )
    sections: dict[int, list[Served]] = {}
    best: dict[int, str] = {}
    for row in rows:
        options = row.question_version.options
        keys = tuple(str(option["key"]) for option in options)
        if keys != OPTION_KEYS:
            raise ValueError(f"Soal bench {row.question_version_id} tidak berpilihan A–E.")
        sections.setdefault(row.section_id, []).append(
            Served(row.question_version_id, row.section_id, keys)
        )
        best[row.question_version_id] = max(options, key=lambda option: option["points"])["key"]
    if sum(len(items) for items in sections.values()) != ITEMS:
        raise ValueError(f"Kisi-kisi bench harus {ITEMS} soal.")
    return list(sections.values()), best


def _participants(
    blueprint: "Blueprint",
    applications: Sequence[tuple[int, int]],
    *,
    code: str,
    starts_at: dt.datetime,
    actor: "User",
) -> list[int]:
    """Sittings of SITTING_SIZE seats (through the service) and one participant per application;
    returns the participant ids in application order."""
    from django.utils import timezone

    from bench.recruitment import _insert, _next_id, _reset_sequences
    from simerit.exams.models import Participant
    from simerit.exams.services import sittings

    sitting_ids = []
    for number in range(-(-len(applications) // SITTING_SIZE)):
        sitting = sittings.create_sitting(
            blueprint=blueprint,
            data=sittings.SittingInput(
                code=f"{code}-{number + 1:03d}",
                starts_at=starts_at,
                site="UPT BKN Palembang (bench)",
                room=f"Ruang {number + 1}",
                capacity=SITTING_SIZE,
            ),
            actor=actor,
            # The sitting was planned before it started.
            now=starts_at - dt.timedelta(days=1),
        )
        sitting_ids.append(sitting.pk)
    now = timezone.now()
    first = _next_id(Participant)
    rows = [
        (
            first + index,
            sitting_ids[index // SITTING_SIZE],
            application_id,
            blueprint.pk,
            index % SITTING_SIZE + 1,
            secrets.token_urlsafe(16),
            _stamp(starts_at - dt.timedelta(minutes=30)),
            actor.pk,
        )
        for index, (application_id, _) in enumerate(applications)
    ]
    _insert(
        Participant,
        [
            "id",
            "sitting_id",
            "application_id",
            "blueprint_id",
            "seat_number",
            "card_key",
            "checked_in_at",
            "checked_in_by_id",
        ],
        rows,
        now=now,
    )
    _reset_sequences([Participant])
    return [row[0] for row in rows]


def _stamp(value: dt.datetime) -> Any:
    from django.db import connection

    return connection.ops.adapt_datetimefield_value(value)


ATTEMPT_COLUMNS = [
    "id",
    "blueprint_id",
    "participant_id",
    "user_id",
    "is_practice",
    "status",
    "started_at",
    "deadline",
    "finished_at",
    "finish_reason",
    "browser_token",
    "final_hash",
    "event_count",
]
ITEM_COLUMNS = ["attempt_id", "position", "question_version_id", "section_id", "option_order"]
EVENT_COLUMNS = ["attempt_id", "client_seq", "position", "kind", "option", "server_at"]


def _active_attempts(
    blueprint: "Blueprint",
    applications: Sequence[tuple[int, int]],
    *,
    code: str,
    deadline_minutes: int,
    actor: "User",
) -> tuple[ExamAttempt, ...]:
    """Attempts as start_attempt leaves them: active, items laid out, a browser token."""
    from django.utils import timezone

    from simerit.exams.services.attempts import new_token

    now = timezone.now().replace(microsecond=0)
    participants = _participants(
        blueprint, applications, code=code, starts_at=now - dt.timedelta(minutes=1), actor=actor
    )
    sections, _ = _served(blueprint)
    rng = random.Random(SEED + 1)
    made: list[ExamAttempt] = []

    def attempt_row(attempt_id: int, index: int) -> tuple[Any, ...]:
        token = new_token()
        made.append(ExamAttempt(attempt_id, token))
        return (
            attempt_id,
            blueprint.pk,
            participants[index],
            applications[index][1],
            False,
            "active",
            _stamp(now),
            _stamp(now + dt.timedelta(minutes=deadline_minutes)),
            None,
            "",
            token,
            "",
            0,
        )

    _bulk_attempts(len(applications), attempt_row, sections, rng)
    return tuple(made)


def _finished_attempts(
    blueprint: "Blueprint", applications: Sequence[tuple[int, int]], *, actor: "User"
) -> None:
    """Attempts as finish_attempt leaves them (sealed chain, event count), results not yet
    stored; 110 answer events each, one per question in position order."""
    from django.utils import timezone

    from simerit.exams.rules.integrity import chain

    started = timezone.now().replace(microsecond=0) - dt.timedelta(hours=3)
    participants = _participants(
        blueprint, applications, code="BENCH-SKOR", starts_at=started, actor=actor
    )
    sections, best = _served(blueprint)
    rng = random.Random(SEED + 2)
    answered = [started + dt.timedelta(seconds=30 * (n + 1)) for n in range(ITEMS)]
    stamps = [_stamp(at) for at in answered]
    sheets: dict[int, list[tuple[int, str]]] = {}

    def events(attempt_id: int, index: int, layout: list[LaidOut]) -> list[tuple[Any, ...]]:
        sheet = answer_sheet(layout, best, rng, ability=rng.uniform(0.35, 0.95))
        sheets[attempt_id] = sheet
        return [
            (attempt_id, seq, position, "a", option, stamps[seq - 1])
            for seq, (position, option) in enumerate(sheet, start=1)
        ]

    def attempt_row(attempt_id: int, index: int) -> tuple[Any, ...]:
        sheet = sheets.pop(attempt_id)
        final_hash = chain(
            attempt_id,
            (
                (seq, position, "a", option, answered[seq - 1])
                for seq, (position, option) in enumerate(sheet, start=1)
            ),
        )
        return (
            attempt_id,
            blueprint.pk,
            participants[index],
            applications[index][1],
            False,
            "finished",
            _stamp(started),
            _stamp(started + dt.timedelta(minutes=DURATION_MINUTES)),
            _stamp(answered[-1] + dt.timedelta(seconds=60)),
            "submitted",
            secrets.token_urlsafe(32),
            final_hash,
            ITEMS,
        )

    first = _bulk_attempts(len(applications), attempt_row, sections, rng, events=events)
    _verify_chain(first)


def _bulk_attempts(
    count: int,
    attempt_row: Callable[[int, int], tuple[Any, ...]],
    sections: list[list[Served]],
    rng: random.Random,
    *,
    events: Callable[[int, int, list[LaidOut]], list[tuple[Any, ...]]] | None = None,
) -> int:
    """Insert `count` attempts CHUNK at a time: the attempt rows (`attempt_row(id, index)`),
    their laid-out items and their answer events (`events(id, index, layout)`, called before the
    attempt's row so that the row can seal the chain). Returns the first attempt id."""
    from django.utils import timezone

    from bench.recruitment import _insert, _next_id, _reset_sequences
    from simerit.exams.models import AnswerEvent, Attempt, AttemptItem

    now = timezone.now()
    first = _next_id(Attempt)
    for start in range(0, count, CHUNK):
        attempts: list[tuple[Any, ...]] = []
        items: list[tuple[Any, ...]] = []
        answer_events: list[tuple[Any, ...]] = []
        for index in range(start, min(count, start + CHUNK)):
            attempt_id = first + index
            layout = lay_out(sections, rng)
            if events is not None:
                answer_events.extend(events(attempt_id, index, layout))
            attempts.append(attempt_row(attempt_id, index))
            items.extend(
                (attempt_id, item.position, item.version_id, item.section_id, _keys(item))
                for item in layout
            )
        _insert(Attempt, ATTEMPT_COLUMNS, attempts, now=now)
        _insert(AttemptItem, ITEM_COLUMNS, items, now=now)
        if answer_events:
            _insert(AnswerEvent, EVENT_COLUMNS, answer_events, now=now)
    _reset_sequences([Attempt, AttemptItem, AnswerEvent])
    return first


def _keys(item: LaidOut) -> str:
    return json.dumps(list(item.option_order))


def _verify_chain(attempt_id: int) -> None:
    from simerit.exams.models import Attempt
    from simerit.exams.services.integrity import verify_attempt_chain

    if not verify_attempt_chain(Attempt.objects.get(pk=attempt_id)):
        raise ValueError(
            f"Rantai hash pengerjaan bench {attempt_id} tidak cocok dengan kejadiannya."
        )


# --- The scoring run: `python -m bench.exams score <blueprint id> <actor id>`


def measure_scoring(blueprint_id: int, actor_id: int) -> dict[str, Any]:
    """Rescore the blueprint three times through services.decisions.rescore_blueprint: the first
    run computes and writes every result (`seconds`), the second computes them again and writes
    nothing (`rerun_s`), the third is the second again under tracemalloc.

    peak_mb: the process's peak resident set over the first two runs (VmHWM, reset just before
    them) less its resident set then (after the imports and the database connection); rss_mb:
    that peak itself; py_peak_mb: tracemalloc's peak of Python allocations during the third run
    (slower, so not timed). Not ru_maxrss: Linux carries it over from the parent across fork
    and exec, so a child of the big setup process starts with the setup's peak.
    """
    from simerit.accounts.models import User
    from simerit.exams.models import AnswerEvent, Attempt, Blueprint
    from simerit.exams.services.decisions import rescore_blueprint

    actor = User.objects.get(pk=actor_id)
    blueprint = Blueprint.objects.get(pk=blueprint_id)
    attempts = Attempt.objects.filter(blueprint=blueprint, status=Attempt.Status.FINISHED)
    count = attempts.count()
    events = AnswerEvent.objects.filter(attempt__blueprint=blueprint).count()
    baseline = _reset_peak_rss()
    started = time.perf_counter()
    first = rescore_blueprint(blueprint=blueprint, actor=actor)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = rescore_blueprint(blueprint=blueprint, actor=actor)
    rerun = time.perf_counter() - started
    peak = _memory_mb("VmHWM")
    tracemalloc.start()
    third = rescore_blueprint(blueprint=blueprint, actor=actor)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if not first.digest == second.digest == third.digest:
        raise ValueError("Penilaian ulang bench tidak deterministik (digest berbeda).")
    return {
        "attempts": count,
        "answers": events // count if count else 0,
        "seconds": seconds,
        "changed": first.changed,
        "rerun_s": rerun,
        "rerun_changed": second.changed,
        "peak_mb": peak - baseline,
        "rss_mb": peak,
        "py_peak_mb": traced / 2**20,
    }


def _memory_mb(field: str) -> float:
    """A figure of /proc/self/status (VmRSS: resident now, VmHWM: peak resident), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise ValueError(f"/proc/self/status tidak memuat {field}.")


def _reset_peak_rss() -> float:
    """Reset the peak (VmHWM) to the resident set now (Linux ≥ 4.0); return the resident set."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _memory_mb("VmRSS")


SCORING_MARKER = "SCORING_RESULT"


def main(argv: Sequence[str]) -> int:
    if len(argv) != 3 or argv[0] != "score":
        print("pakai: python -m bench.exams score <id kisi-kisi> <id akun>", file=sys.stderr)
        return 2
    import django

    django.setup()
    measured = measure_scoring(int(argv[1]), int(argv[2]))
    print(f"{SCORING_MARKER} {json.dumps(measured)}", flush=True)
    return 0


def parse_scoring(output: str) -> dict[str, Any]:
    return marked_values(output, SCORING_MARKER, what="Penilaian bench")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
