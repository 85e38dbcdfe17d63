"""Writing to the audit log. Every service that changes data calls `record` in its transaction."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from simerit.audit.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from simerit.accounts.models import User

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR_LABEL = "Sistem"
# Values of these fields never enter the audit log: only the fact that they changed (UU 27/2022 PDP).
SENSITIVE_FIELDS = frozenset(
    {"nik", "kk_number", "password", "token", "token_hash", "pin", "pin_hash", "browser_token"}
)
MASK = "[disamarkan]"


def _mask(changes: Mapping[str, Any]) -> dict[str, Any]:
    masked: dict[str, Any] = {}
    for key, value in changes.items():
        if key in SENSITIVE_FIELDS:
            masked[key] = MASK
        elif isinstance(value, Mapping):
            masked[key] = _mask(value)
        else:
            masked[key] = value
    return masked


def canonical_content(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    target_repr: str,
    changes: Any,
) -> str:
    """The exact text that is hashed for one row: sorted keys, no spaces, UTC time with microseconds."""
    content = {
        "seq": seq,
        "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_repr": target_repr,
        "changes": changes,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as {field: [old, new]}."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


@transaction.atomic
def record(
    *,
    actor: "User | None",
    action: str,
    target: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the chain. Call it inside the service's transaction.

    `action` is `<app>.<entity>.<past-tense verb>`; `changes` is JSON-serialisable after Django's
    encoder (dates, decimals); sensitive fields are masked.
    """
    # Round-trip through JSON so that the stored value and the hashed value are the same text.
    normalized = json.loads(json.dumps(_mask(changes or {}), cls=DjangoJSONEncoder))
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )
    event = AuditEvent(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor=actor,
        actor_label=(actor.full_name or actor.username) if actor else SYSTEM_ACTOR_LABEL,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        changes=normalized,
        prev_hash=head.last_hash,
    )
    event.hash = chain_hash(
        event.prev_hash,
        canonical_content(
            seq=event.seq,
            created_at=event.created_at,
            actor_id=actor.pk if actor else None,
            actor_label=event.actor_label,
            action=action,
            target_type=event.target_type,
            target_id=event.target_id,
            target_repr=event.target_repr,
            changes=normalized,
        ),
    )
    event.save()
    head.last_seq = event.seq
    head.last_hash = event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    length: int
    intact: bool
    bad_seq: int | None = None
    bad_id: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Recompute the whole chain; report the first row that was altered, deleted or inserted.

    Safe while the system keeps writing: the head is read first and only rows up to it are
    checked; rows appended meanwhile are checked by the next run.
    """
    head = AuditChainHead.objects.filter(id=1).first()
    head_seq = head.last_seq if head else 0
    head_hash = head.last_hash if head else GENESIS_HASH
    prev_hash = GENESIS_HASH
    expected_seq = 1
    length = 0
    rows = (
        AuditEvent.objects.filter(seq__lte=head_seq)
        .order_by("seq")
        .values_list(
            "id",
            "seq",
            "created_at",
            "actor_id",
            "actor_label",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "changes",
            "prev_hash",
            "hash",
        )
        .iterator(chunk_size=2000)
    )
    for row in rows:
        row_id, seq, created_at, actor_id, actor_label, action, t_type, t_id, t_repr = row[:9]
        changes, stored_prev, stored_hash = row[9:]
        if seq != expected_seq:
            reason = (
                f"nomor urut {seq} muncul setelah {expected_seq - 1}: ada baris yang dihapus"
                if seq > expected_seq
                else f"nomor urut {seq} tidak berurutan: ada baris yang disisipkan"
            )
            return ChainReport(length, False, seq, row_id, reason)
        if stored_prev != prev_hash:
            return ChainReport(
                length,
                False,
                seq,
                row_id,
                "hash sebelumnya tidak cocok: ada baris yang dihapus atau disisipkan sebelum baris ini",
            )
        content = canonical_content(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            target_type=t_type,
            target_id=t_id,
            target_repr=t_repr,
            changes=changes,
        )
        if chain_hash(prev_hash, content) != stored_hash:
            return ChainReport(length, False, seq, row_id, "isi baris diubah (hash tidak cocok)")
        prev_hash = stored_hash
        expected_seq += 1
        length += 1
    if head_seq != length or head_hash != prev_hash:
        return ChainReport(
            length,
            False,
            length + 1,
            None,
            f"ujung rantai tidak cocok dengan kepala rantai (tercatat #{head_seq}, ditemukan #{length}):"
            " ada baris terakhir yang dihapus",
        )
    # A row past the head was not written by record(), which moves the head in the same
    # transaction. One statement, so a write committing meanwhile cannot make it look orphaned.
    current_head = AuditChainHead.objects.filter(id=1).values("last_seq")
    orphan = (
        AuditEvent.objects.filter(seq__gt=Coalesce(Subquery(current_head), Value(0)))
        .order_by("seq")
        .values_list("id", "seq")
        .first()
    )
    if orphan is not None:
        return ChainReport(
            length,
            False,
            orphan[1],
            orphan[0],
            "baris di luar kepala rantai: ada baris yang ditambahkan tanpa melalui pencatatan audit",
        )
    return ChainReport(length, True)
