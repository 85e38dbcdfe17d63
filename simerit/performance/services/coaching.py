"""Bimbingan kinerja: the pejabat penilai records coaching sessions, check-ins and konseling; the
employee answers once with the Format B.1.8 statements (PermenPANRB 6/2022 Lampiran; domain
reference §5.7)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.performance import permissions, rules
from simerit.performance.models import CoachingFeedback, CoachingNote, Skp
from simerit.performance.services.realisation import ensure_year_open

COMMENT_MAX_LENGTH = 2000
LEVELS = range(1, 6)


@transaction.atomic
def add_coaching_note(
    *,
    skp: Skp,
    kind: str,
    held_on: dt.date,
    notes: str,
    next_steps: str,
    actor: User,
) -> CoachingNote:
    """Record a session the pejabat penilai held, on a day of the year that is not in the future."""
    skp = Skp.objects.select_related("year", "evaluator").get(pk=skp.pk)
    if not permissions.is_evaluator(actor, skp):
        raise PermissionDenied(
            "Hanya pejabat penilai kinerja SKP ini yang dapat mencatat bimbingan."
        )
    ensure_year_open(skp.year)
    if kind not in CoachingNote.Kind.values:
        raise InvalidInputError({"kind": ["Pilih jenis bimbingan yang tersedia."]})
    if held_on > timezone.localdate():
        raise InvalidInputError({"held_on": ["Tanggal bimbingan tidak boleh di masa depan."]})
    year = skp.year
    if not year.starts_on <= held_on <= year.ends_on:
        raise InvalidInputError(
            {
                "held_on": [
                    f"Tanggal bimbingan harus di dalam periode penilaian {year.year} "
                    f"({format_date_id(year.starts_on)} – {format_date_id(year.ends_on)})."
                ]
            }
        )
    notes, next_steps = notes.strip(), next_steps.strip()
    if not notes:
        raise InvalidInputError({"notes": ["Catatan bimbingan wajib diisi."]})
    note = CoachingNote.objects.create(
        skp=skp, kind=kind, held_on=held_on, notes=notes, next_steps=next_steps, author=actor
    )
    audit.record(
        actor=actor,
        action="performance.coaching_note.added",
        target=note,
        changes={
            "skp": skp.pk,
            "kind": kind,
            "held_on": held_on,
            "notes": notes,
            "next_steps": next_steps,
        },
    )
    return note


def clean_answers(answers: Mapping[str, Any]) -> dict[str, int]:
    """Exactly one level 1–5 for every Format B.1.8 item."""
    codes = [code for code, _ in rules.COACHING_FEEDBACK_ITEMS]
    missing = [code for code in codes if code not in answers]
    unknown = sorted(set(answers) - set(codes))
    if missing or unknown:
        raise InvalidInputError(
            {
                "answers": [
                    f"Jawab setiap pernyataan umpan balik ({len(codes)} pernyataan) tanpa "
                    "pernyataan lain."
                ]
            }
        )
    cleaned: dict[str, int] = {}
    for code in codes:
        level = answers[code]
        if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
            raise InvalidInputError({f"answers.{code}": ["Pilih tingkat persetujuan 1 sampai 5."]})
        cleaned[code] = level
    return cleaned


@transaction.atomic
def give_coaching_feedback(
    *, note: CoachingNote, answers: Mapping[str, Any], comment: str, actor: User
) -> CoachingFeedback:
    """The employee's one feedback on a coaching session; it cannot be changed afterwards."""
    note = (
        CoachingNote.objects.select_for_update(of=("self",))
        .select_related("skp__year", "skp__employee")
        .get(pk=note.pk)
    )
    skp = note.skp
    if not permissions.is_owner(actor, skp):
        raise PermissionDenied(
            "Hanya pegawai pemilik SKP yang dapat memberi umpan balik atas bimbingan."
        )
    ensure_year_open(skp.year)
    if CoachingFeedback.objects.filter(note=note).exists():
        raise ConflictError(
            "Umpan balik atas bimbingan ini sudah diberikan; umpan balik hanya dapat diberikan "
            "satu kali."
        )
    cleaned = clean_answers(answers)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidInputError(
            {"comment": [f"Komentar paling banyak {COMMENT_MAX_LENGTH} karakter."]}
        )
    feedback = CoachingFeedback.objects.create(note=note, answers=cleaned, comment=comment)
    audit.record(
        actor=actor,
        action="performance.coaching_feedback.given",
        target=feedback,
        changes={"note": note.pk, "answers": cleaned, "comment": comment},
    )
    return feedback
