"""The per-attempt hash chain over answer events (docs/decisions/0008-exam-answer-log.md)."""

import hashlib
from collections.abc import Iterable
from datetime import datetime

GENESIS = "0" * 64


def event_link(
    prev_hash: str,
    *,
    attempt_id: int,
    client_seq: int,
    position: int,
    kind: str,
    option: str,
    server_at: datetime,
) -> str:
    """sha256(prev | attempt | seq | position | kind | option | server time in ISO 8601 UTC)."""
    content = "|".join(
        [
            prev_hash,
            str(attempt_id),
            str(client_seq),
            str(position),
            kind,
            option,
            server_at.isoformat(),
        ]
    )
    return hashlib.sha256(content.encode()).hexdigest()


def chain(attempt_id: int, events: Iterable[tuple[int, int, str, str, datetime]]) -> str:
    """The final hash of (client_seq, position, kind, option, server_at) events in id order."""
    current = GENESIS
    for client_seq, position, kind, option, server_at in events:
        current = event_link(
            current,
            attempt_id=attempt_id,
            client_seq=client_seq,
            position=position,
            kind=kind,
            option=option,
            server_at=server_at,
        )
    return current
