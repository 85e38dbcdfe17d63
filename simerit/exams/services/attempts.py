"""Starting an attempt, handing it to another browser (takeover), and the browser token.

A real exam starts with a one-time START PIN from the proctor (Peraturan BKN 5/2024: the committee
gives each participant a PIN after the identity check). The first start freezes the blueprint and
lays out this participant's items: the blueprint's sections stay in their order (CAT BKN serves
TWK, then TIU, then TKP) and the questions are shuffled inside each section, as are the options of
every question. Answers are stored by option key, so neither shuffle can change a score.

The attempt belongs to one browser at a time: its random `browser_token`. A TAKEOVER PIN gives the
attempt to a new browser with a new token; the old browser's next write is refused (locked_out).
"""

import datetime as dt
import hashlib
import hmac
import secrets
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError
from simerit.exams.models import (
    Attempt,
    AttemptItem,
    Blueprint,
    BlueprintItem,
    ExamKind,
    ExamPin,
    IntegrityEvent,
    Participant,
)
from simerit.exams.services import pins
from simerit.exams.services.finishing import finish_if_expired

# The API answer (HTTP status, Indonesian message) of every refused call on an attempt.
REFUSALS: dict[str, tuple[int, str]] = {
    "invalid_token": (
        403,
        "Token ujian tidak valid. Buka kembali ujian dari halaman Ujian di peramban ini.",
    ),
    "locked_out": (
        409,
        "Ujian ini sudah dibuka di peramban atau komputer lain; peramban ini tidak dapat lagi "
        "menyimpan jawaban. Hubungi pengawas bila itu bukan Anda.",
    ),
    "deadline_passed": (409, "Waktu ujian sudah habis; jawaban tidak disimpan."),
    "paused": (
        409,
        "Ujian sedang dijeda oleh pengawas; jawaban tidak disimpan. Tunggu hingga dilanjutkan.",
    ),
    "finished": (409, "Ujian sudah selesai; jawaban tidak dapat diubah lagi."),
    "not_finished": (409, "Ujian belum selesai; hasil belum tersedia."),
    "invalid_position": (422, "Nomor soal tidak ada dalam ujian ini."),
    "invalid_option": (422, "Pilihan jawaban tidak ada pada soal ini."),
    "seq_conflict": (
        409,
        "Nomor urut kiriman ini sudah dipakai untuk jawaban yang berbeda; muat ulang halaman.",
    ),
    "retry": (409, "Jawaban belum tersimpan karena status ujian baru berubah; kirim ulang."),
}


class AttemptError(DomainError):
    """A refused call on an attempt; `code` and `status` are what the API answers."""

    def __init__(self, code: str, *, field: str | None = None) -> None:
        status, message = REFUSALS[code]
        super().__init__(message, field=field)
        self.code = code
        self.status = status


class AttemptAccessError(AttemptError):
    """The browser token is wrong (invalid_token, 403) or was replaced by a takeover (409)."""


NOT_YOURS = "Peserta ujian ini bukan milik akun Anda."
NOT_STARTED = "Sesi ujian belum dimulai."
ALREADY_FINISHED = "Ujian peserta ini sudah selesai dan tidak dapat dibuka lagi."
NOT_DELIVERED = "Ujian ini tidak dikerjakan di CAT SiMerit."
NO_ITEMS = "Soal ujian ini belum disusun; hubungi panitia."
NOT_A_TRYOUT = "Tryout ini tidak terbuka untuk umum."


def new_token() -> str:
    """43 URL-safe characters (256 random bits): the browser's secret."""
    return secrets.token_urlsafe(32)


def token_fingerprint(token: str) -> str:
    """A short, irreversible name for a browser token, kept in integrity events so that a
    replaced browser can be told apart from a wrong token."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def _was_replaced(attempt_id: int, token: str) -> bool:
    fingerprint = token_fingerprint(token)
    details = IntegrityEvent.objects.filter(
        attempt_id=attempt_id, kind=IntegrityEvent.Kind.TAKEOVER
    ).values_list("detail", flat=True)
    return any(detail.get("previous_browser") == fingerprint for detail in details)


def token_matches(expected: str, token: str) -> bool:
    """Constant-time comparison (the token may hold anything a client sends)."""
    return hmac.compare_digest(expected.encode(), token.encode())


def token_refusal(attempt_id: int, token: str) -> AttemptAccessError:
    """Why a token that does not match the attempt's current one is refused."""
    if token and _was_replaced(attempt_id, token):
        return AttemptAccessError("locked_out")
    return AttemptAccessError("invalid_token")


def authenticate(attempt_id: int, token: str) -> Attempt:
    """The attempt whose current browser token is `token`, else AttemptAccessError."""
    attempt = Attempt.objects.select_related("blueprint").filter(pk=attempt_id).first()
    if attempt is None or not token:
        raise AttemptAccessError("invalid_token")
    if not token_matches(attempt.browser_token, token):
        raise token_refusal(attempt.pk, token)
    return attempt


def _lay_out_items(*, attempt: Attempt, blueprint: Blueprint) -> list[AttemptItem]:
    """This attempt's items: sections in blueprint order, questions (and options) shuffled as
    the blueprint says, positions 1..n."""
    rows = (
        BlueprintItem.objects.filter(blueprint=blueprint)
        .select_related("section", "question_version")
        .order_by("section__order", "section_id", "order")
    )
    sections: dict[int, list[BlueprintItem]] = defaultdict(list)
    for row in rows:
        sections[row.section_id].append(row)
    if not sections:
        raise DomainError(NO_ITEMS)
    rng = secrets.SystemRandom()
    items: list[AttemptItem] = []
    for section_items in sections.values():  # insertion order = section order
        if blueprint.shuffle_questions:
            rng.shuffle(section_items)
        for row in section_items:
            keys = [str(option["key"]) for option in row.question_version.options]
            if blueprint.shuffle_options:
                rng.shuffle(keys)
            items.append(
                AttemptItem(
                    attempt=attempt,
                    position=len(items) + 1,
                    question_version_id=row.question_version_id,
                    section_id=row.section_id,
                    option_order=keys,
                )
            )
    return items


def _create_attempt(
    *,
    blueprint: Blueprint,
    participant: Participant | None,
    user: User | None,
    now: dt.datetime,
    minutes: int,
) -> tuple[Attempt, str]:
    if blueprint.delivery != Blueprint.Delivery.SIMERIT:
        raise DomainError(NOT_DELIVERED)
    token = new_token()
    attempt = Attempt.objects.create(
        blueprint=blueprint,
        participant=participant,
        user=user,
        is_practice=participant is None,
        status=Attempt.Status.ACTIVE,
        started_at=now,
        deadline=now + dt.timedelta(minutes=minutes),
        browser_token=token,
    )
    AttemptItem.objects.bulk_create(_lay_out_items(attempt=attempt, blueprint=blueprint))
    # The first start freezes the item set, sections and scoring (Blueprint.locked_at).
    Blueprint.objects.filter(pk=blueprint.pk, locked_at__isnull=True).update(locked_at=now)
    return attempt, token


def _check_owner(participant: Participant, user: User) -> None:
    owner_id = (
        Participant.objects.filter(pk=participant.pk)
        .values_list("application__applicant__user_id", flat=True)
        .first()
    )
    if not user.is_authenticated or owner_id != user.pk:
        raise PermissionDenied(NOT_YOURS)


@transaction.atomic
def _start_or_take_over(
    *, participant: Participant, pin: str, user: User, purpose: str, now: dt.datetime
) -> tuple[Attempt, str]:
    _check_owner(participant, user)
    locked = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("sitting", "blueprint")
        .get(pk=participant.pk)
    )
    attempt = Attempt.objects.select_for_update(of=("self",)).filter(participant=locked).first()
    if attempt is not None and attempt.status == Attempt.Status.FINISHED:
        raise DomainError(ALREADY_FINISHED)
    if (attempt is None) != (purpose == ExamPin.Purpose.START):
        # The attempt appeared or vanished since the caller looked: the PIN is for the other case.
        raise DomainError(pins.PIN_WRONG, field="pin")
    if attempt is None and now < locked.sitting.starts_at:
        raise DomainError(NOT_STARTED)
    pins.consume_pin(participant=locked, purpose=purpose, pin=pin, now=now)
    if attempt is None:
        return _first_start(participant=locked, user=user, now=now)
    return _take_over(attempt=attempt, user=user, now=now)


def _first_start(*, participant: Participant, user: User, now: dt.datetime) -> tuple[Attempt, str]:
    blueprint = participant.blueprint
    attempt, token = _create_attempt(
        blueprint=blueprint,
        participant=participant,
        user=user,
        now=now,
        minutes=blueprint.duration_minutes + participant.extra_minutes,
    )
    IntegrityEvent.objects.create(
        attempt=attempt,
        participant=participant,
        kind=IntegrityEvent.Kind.STARTED,
        detail={"browser": token_fingerprint(token)},
        server_at=now,
        actor=user,
    )
    audit.record(
        actor=user,
        action="exams.attempt.started",
        target=attempt,
        changes={
            "participant": participant.pk,
            "blueprint": blueprint.pk,
            "deadline": attempt.deadline,
            "extra_minutes": participant.extra_minutes,
        },
    )
    return attempt, token


def _take_over(*, attempt: Attempt, user: User, now: dt.datetime) -> tuple[Attempt, str]:
    previous = token_fingerprint(attempt.browser_token)
    token = new_token()
    attempt.browser_token = token
    attempt.save(update_fields=["browser_token"])
    common = {"attempt": attempt, "participant_id": attempt.participant_id, "server_at": now}
    IntegrityEvent.objects.create(
        **common,
        kind=IntegrityEvent.Kind.TAKEOVER,
        detail={"previous_browser": previous, "browser": token_fingerprint(token)},
        actor=user,
    )
    IntegrityEvent.objects.create(
        **common, kind=IntegrityEvent.Kind.LOCKED_OUT, detail={"browser": previous}
    )
    audit.record(
        actor=user,
        action="exams.attempt.taken_over",
        target=attempt,
        changes={"browser_token": "diganti", "status": attempt.status},
    )
    return attempt, token


def start_attempt(
    *, participant: Participant, pin: str, user: User, now: dt.datetime | None = None
) -> tuple[Attempt, str]:
    """Start the participant's attempt with a START PIN, or take it over with a TAKEOVER PIN;
    returns the attempt and the new browser token (show it to this browser only).

    Refusals raise DomainError (PermissionDenied for another account's participant) and leave
    nothing behind but a PIN_REFUSED integrity event for the proctor.
    """
    now = now or timezone.now()
    attempt = Attempt.objects.filter(participant=participant).first()
    if attempt is not None and attempt.status != Attempt.Status.FINISHED:
        # An attempt past its deadline finishes first (outside the start's transaction, so
        # that a refused takeover cannot roll the finish back).
        attempt = finish_if_expired(attempt, now=now)
    if attempt is not None and attempt.status == Attempt.Status.FINISHED:
        raise DomainError(ALREADY_FINISHED)
    purpose = ExamPin.Purpose.START if attempt is None else ExamPin.Purpose.TAKEOVER
    try:
        return _start_or_take_over(
            participant=participant, pin=pin, user=user, purpose=purpose, now=now
        )
    except (DomainError, PermissionDenied):
        pins.log_refused_pin(participant=participant, purpose=purpose, now=now)
        raise


@transaction.atomic
def start_practice(*, blueprint: Blueprint, user: User | None) -> tuple[Attempt, str]:
    """Start a public tryout (no PIN; `user` None for an anonymous visitor).

    Tryouts are never official results, so they write no audit row (ADR 0008).
    """
    if blueprint.kind != ExamKind.TRYOUT or not blueprint.is_public:
        raise DomainError(NOT_A_TRYOUT)
    owner = user if user is not None and user.is_authenticated else None
    return _create_attempt(
        blueprint=blueprint,
        participant=None,
        user=owner,
        now=timezone.now(),
        minutes=blueprint.duration_minutes,
    )
