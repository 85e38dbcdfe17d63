"""Starting an attempt, handing it to another browser (takeover), and the browser token.

A real exam starts with a one-time START PIN from the proctor (Peraturan BKN 5/2024: the committee
gives each participant a PIN after the identity check). The first start freezes the blueprint and
lays out this participant's items: the blueprint's sections stay in their order (CAT BKN serves
TWK, then TIU, then TKP) and the questions are shuffled inside each section, as are the options of
every question. Answers are stored by option key, so neither shuffle can change a score.

The attempt belongs to one browser at a time: its random `browser_token`. A TAKEOVER PIN gives the
attempt to a new browser with a new token; the old browser's next write is refused (locked_out).

PIN guessing is bounded twice: per participant (services/pins.MAX_WRONG_PINS wrong PINs void the
outstanding ones) and per account (START_TRIES_PER_WINDOW tries, counted in the shared cache).
Every refused start of the participant's own account is logged for the proctor (PIN_REFUSED);
another account's participant is refused before anything is read or written.
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
from simerit.core.ratelimit import count_hit
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
from simerit.exams.services import integrity, pins
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


class StartRefusedError(DomainError):
    """A start refused for another reason than a wrong PIN; `reason` goes into the proctor's
    log, and such refusals do not count towards pins.MAX_WRONG_PINS."""

    def __init__(self, message: str, *, reason: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.reason = reason


class StartRateLimitError(StartRefusedError):
    """Too many start tries from one account (answered as 429)."""


# Start tries (right or wrong PIN) one account may make per window, counted in the `default`
# cache (shared between workers when DJANGO_CACHE_URL points at one). MAX_WRONG_PINS bounds the
# guesses per participant; this bounds an account with several placements, and the refusals
# that keep reaching the database (and the proctor's log) after its PINs were voided.
START_TRIES_PER_WINDOW = 10
START_WINDOW_SECONDS = 10 * 60


NOT_YOURS = "Peserta ujian ini bukan milik akun Anda."
NOT_STARTED = "Sesi ujian belum dimulai."
ALREADY_FINISHED = "Ujian peserta ini sudah selesai dan tidak dapat dibuka lagi."
NOT_DELIVERED = "Ujian ini tidak dikerjakan di CAT SiMerit."
NO_ITEMS = "Soal ujian ini belum disusun; hubungi panitia."
NOT_A_TRYOUT = "Tryout ini tidak terbuka untuk umum."
TOO_MANY_STARTS = "Terlalu banyak percobaan PIN dari akun ini. Coba lagi 10 menit lagi."


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


def _count_start_try(user: User) -> int:
    """This account's start tries in the current window, this one included."""
    return count_hit(f"exams:start-tries:{user.pk}", window_seconds=START_WINDOW_SECONDS)


def _check_start(*, participant: Participant, purpose: str, now: dt.datetime) -> Attempt | None:
    """The participant's attempt (locked), if this start may try the PIN; else DomainError."""
    if pins.wrong_pins_since_issue(participant) >= pins.MAX_WRONG_PINS:
        raise StartRefusedError(pins.PIN_TOO_MANY, reason="too_many", field="pin")
    attempt = (
        Attempt.objects.select_for_update(of=("self",)).filter(participant=participant).first()
    )
    if attempt is not None and attempt.status == Attempt.Status.FINISHED:
        raise StartRefusedError(ALREADY_FINISHED, reason="finished")
    if (attempt is None) != (purpose == ExamPin.Purpose.START):
        # The attempt appeared or vanished since the caller looked: the PIN is for the other case.
        raise DomainError(pins.PIN_WRONG, field="pin")
    if attempt is None and now < participant.sitting.starts_at:
        # Not a wrong PIN: typing the right PIN too early must not use up the participant's
        # tries (no new START PIN can be issued after the cutoff).
        raise StartRefusedError(NOT_STARTED, reason="not_started")
    return attempt


def _refuse(
    *, participant: Participant, purpose: str, error: DomainError, user: User, now: dt.datetime
) -> DomainError:
    """Log a refused start for the proctor (inside the start's transaction, which wrote nothing
    else: the row stays); the MAX_WRONG_PINS-th wrong PIN since the last issued PIN voids the
    participant's unused PINs. Returns the error to raise."""
    reason = error.reason if isinstance(error, StartRefusedError) else None
    pins.log_refused_pin(
        participant=participant, purpose=purpose, now=now, reason=reason, actor=user
    )
    if reason is not None or pins.wrong_pins_since_issue(participant) < pins.MAX_WRONG_PINS:
        return error
    voided = pins.void_pins(participant=participant, now=now)
    if voided:
        audit.record(
            actor=user,
            action="exams.pin.voided",
            target=participant,
            changes={"reason": "too_many_wrong_pins", "voided": voided},
        )
    return DomainError(pins.PIN_TOO_MANY, field="pin")


def _first_start(*, participant: Participant, user: User, now: dt.datetime) -> tuple[Attempt, str]:
    blueprint = participant.blueprint
    attempt, token = _create_attempt(
        blueprint=blueprint,
        participant=participant,
        user=user,
        now=now,
        minutes=blueprint.duration_minutes + participant.extra_minutes,
    )
    integrity.log_event(
        attempt=attempt,
        kind=IntegrityEvent.Kind.STARTED,
        detail={"browser": token_fingerprint(token)},
        actor=user,
        now=now,
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
    integrity.log_event(
        attempt=attempt,
        kind=IntegrityEvent.Kind.TAKEOVER,
        detail={"previous_browser": previous, "browser": token_fingerprint(token)},
        actor=user,
        now=now,
    )
    integrity.log_event(
        attempt=attempt, kind=IntegrityEvent.Kind.LOCKED_OUT, detail={"browser": previous}, now=now
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

    Another account's participant raises PermissionDenied and leaves no trace. Every other
    refusal raises DomainError (StartRateLimitError past the account's tries) and leaves nothing
    behind but a PIN_REFUSED integrity event for the proctor (once per window when rate
    limited); the MAX_WRONG_PINS-th wrong PIN also voids the participant's PINs.
    """
    now = now or timezone.now()
    _check_owner(participant, user)
    tries = _count_start_try(user)
    attempt = Attempt.objects.filter(participant=participant).first()
    purpose = ExamPin.Purpose.START if attempt is None else ExamPin.Purpose.TAKEOVER
    if tries > START_TRIES_PER_WINDOW:
        if tries == START_TRIES_PER_WINDOW + 1:  # the first refused try of the window only
            pins.log_refused_pin(
                participant=participant, purpose=purpose, now=now, reason="rate_limited", actor=user
            )
        raise StartRateLimitError(TOO_MANY_STARTS, reason="rate_limited", field="pin")
    if attempt is not None and attempt.status != Attempt.Status.FINISHED:
        # An attempt past its deadline finishes first (outside the start's transaction, so
        # that a refused takeover cannot roll the finish back).
        attempt = finish_if_expired(attempt, now=now)
    if attempt is not None and attempt.status == Attempt.Status.FINISHED:
        pins.log_refused_pin(
            participant=participant, purpose=purpose, now=now, reason="finished", actor=user
        )
        raise StartRefusedError(ALREADY_FINISHED, reason="finished")
    with transaction.atomic():
        locked = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("sitting", "blueprint")
            .get(pk=participant.pk)
        )
        try:
            attempt = _check_start(participant=locked, purpose=purpose, now=now)
            pins.consume_pin(participant=locked, purpose=purpose, pin=pin, now=now)
        except DomainError as error:
            refusal = _refuse(participant=locked, purpose=purpose, error=error, user=user, now=now)
        else:
            if attempt is None:
                return _first_start(participant=locked, user=user, now=now)
            return _take_over(attempt=attempt, user=user, now=now)
    raise refusal


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
