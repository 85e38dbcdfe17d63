"""Placing MS applicants in a blueprint's sittings (services/sittings.py re-exports it).

Placement (assign_participants) is all-or-nothing and idempotent: every MS application of the
blueprint's period that has no seat yet gets one, or nothing is placed and the refusal says how
many would be left without a seat. Applicants with a disability are placed first, in rooms fit
for them (`Sitting.is_accessible`); every participant goes to the sitting with the most free
seats at that moment, so the free seats stay evenly spread (the rooms fill evenly).
"""

import datetime as dt
import heapq
import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError
from simerit.exams.models import Blueprint, ExamKind, Participant, Sitting
from simerit.recruitment.models import Application

NOT_SIMERIT = (
    "Sesi ujian hanya dibuat untuk kisi-kisi yang dilaksanakan dengan CAT SiMerit; nilai ujian "
    "CAT BKN diimpor."
)
TRYOUT_HAS_NO_SITTINGS = (
    "Tryout tidak memakai sesi ujian: peserta mengerjakannya dari halaman latihan."
)


@dataclass(frozen=True)
class PlacementRow:
    sitting: Sitting
    placed: int  # in this run
    seated: int  # in the sitting after this run
    disabled_placed: int


@dataclass(frozen=True)
class PlacementReport:
    blueprint: Blueprint
    rows: list[PlacementRow]
    already_placed: int  # applications of the blueprint that had a seat before this run

    @property
    def placed(self) -> int:
        return sum(row.placed for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        """{sitting code: placed in this run}, for the audit row and the API."""
        return {row.sitting.code: row.placed for row in self.rows}


def check_blueprint_takes_sittings(blueprint: Blueprint) -> None:
    if blueprint.kind == ExamKind.TRYOUT or blueprint.period_id is None:
        raise DomainError(TRYOUT_HAS_NO_SITTINGS, field="blueprint")
    if blueprint.delivery != Blueprint.Delivery.SIMERIT:
        raise DomainError(NOT_SIMERIT, field="blueprint")


def unplaced_applications(blueprint: Blueprint) -> QuerySet[Application]:
    """MS applications of the blueprint's period without a seat for this blueprint."""
    placed = Participant.objects.filter(blueprint=blueprint).values("application_id")
    return (
        Application.objects.filter(period_id=blueprint.period_id, status=Application.Status.MS)
        .exclude(pk__in=placed)
        .select_related("applicant")
        .order_by("registration_number")
    )


@transaction.atomic
def assign_participants(
    *,
    blueprint: Blueprint,
    actor: User,
    seed: int | None = None,
    now: dt.datetime | None = None,
) -> PlacementReport:
    """Seat every unplaced MS application of the blueprint's period in its coming sittings.

    The applicants are shuffled (reproducibly with `seed`), then applicants with a disability
    take seats in accessible sittings and everyone else the remaining seats, each in the sitting
    with the most free seats. Capacity is never exceeded: when seats run short nothing is placed.
    """
    now = now or timezone.now()
    check_blueprint_takes_sittings(blueprint)
    sittings = list(
        Sitting.objects.select_for_update()
        .filter(blueprint=blueprint, starts_at__gt=now)
        .order_by("starts_at", "code")
    )
    candidates = list(unplaced_applications(blueprint))
    already_placed = Participant.objects.filter(blueprint=blueprint).count()
    if not candidates:
        return PlacementReport(blueprint, [_row(s, 0, 0) for s in sittings], already_placed)
    if not sittings:
        raise DomainError(
            f"Belum ada sesi mendatang untuk kisi-kisi ini; {len(candidates)} pelamar MS belum "
            "mendapat tempat. Buat sesi terlebih dahulu."
        )
    random.Random(seed).shuffle(candidates)  # noqa: S311 (a fair order, not a secret)
    disabled = [app for app in candidates if app.applicant.is_disabled]
    others = [app for app in candidates if not app.applicant.is_disabled]
    free = _free_seats(sittings)
    _check_room(sittings, free, disabled=len(disabled), total=len(candidates))
    remaining = {sitting.pk: len(free[sitting.pk]) for sitting in sittings}
    placements: dict[int, list[Application]] = {sitting.pk: [] for sitting in sittings}
    _spread(disabled, [s for s in sittings if s.is_accessible], remaining, placements)
    disabled_counts = {pk: len(placed) for pk, placed in placements.items()}
    _spread(others, sittings, remaining, placements)
    _save_placements(blueprint, placements, free)
    report = PlacementReport(
        blueprint,
        [
            _row(sitting, len(placements[sitting.pk]), disabled_counts[sitting.pk])
            for sitting in sittings
        ],
        already_placed,
    )
    audit.record(
        actor=actor,
        action="exams.participants.assigned",
        target=blueprint,
        changes={
            "seed": seed,
            "placed": report.placed,
            "per_sitting": report.counts,
            "registration_numbers": {
                sitting.code: [app.registration_number for app in placements[sitting.pk]]
                for sitting in sittings
                if placements[sitting.pk]
            },
        },
    )
    return report


def _free_seats(sittings: Sequence[Sitting]) -> dict[int, list[int]]:
    """Each sitting's free seat numbers, lowest first."""
    taken: dict[int, set[int]] = {sitting.pk: set() for sitting in sittings}
    rows = Participant.objects.filter(sitting__in=sittings).values_list("sitting_id", "seat_number")
    for sitting_id, seat in rows:
        taken[sitting_id].add(seat)
    return {
        sitting.pk: [n for n in range(1, sitting.capacity + 1) if n not in taken[sitting.pk]]
        for sitting in sittings
    }


def _check_room(
    sittings: Sequence[Sitting], free: dict[int, list[int]], *, disabled: int, total: int
) -> None:
    accessible_free = sum(len(free[s.pk]) for s in sittings if s.is_accessible)
    if disabled > accessible_free:
        left = disabled - accessible_free
        raise DomainError(
            f"{left} dari {disabled} pelamar penyandang disabilitas belum mendapat tempat: kursi "
            f"sesi ramah disabilitas yang tersisa hanya {accessible_free}. Tambahkan sesi ramah "
            "disabilitas atau naikkan kapasitasnya; belum ada peserta yang ditempatkan."
        )
    all_free = sum(len(seats) for seats in free.values())
    if total > all_free:
        raise DomainError(
            f"{total - all_free} dari {total} pelamar MS belum mendapat tempat: kursi yang "
            f"tersisa di semua sesi hanya {all_free}. Tambahkan sesi atau naikkan kapasitasnya; "
            "belum ada peserta yang ditempatkan."
        )


def _spread(
    applications: Iterable[Application],
    sittings: Sequence[Sitting],
    remaining: dict[int, int],
    placements: dict[int, list[Application]],
) -> None:
    """Each application to the sitting with the most free seats (ties: the earlier sitting).

    _check_room has made sure that the seats do not run out before the applications do.
    """
    heap = [(-remaining[s.pk], index, s.pk) for index, s in enumerate(sittings) if remaining[s.pk]]
    heapq.heapify(heap)
    for application in applications:
        negative_free, index, sitting_id = heapq.heappop(heap)
        placements[sitting_id].append(application)
        remaining[sitting_id] -= 1
        if remaining[sitting_id]:
            heapq.heappush(heap, (negative_free + 1, index, sitting_id))


def _save_placements(
    blueprint: Blueprint,
    placements: dict[int, list[Application]],
    free: dict[int, list[int]],
) -> None:
    """The placed applications take their sitting's lowest free seats, in placement order."""
    Participant.objects.bulk_create(
        Participant(
            sitting_id=sitting_id,
            application=application,
            blueprint=blueprint,
            seat_number=seat,
            card_key=secrets.token_urlsafe(16),
        )
        for sitting_id, placed in placements.items()
        for application, seat in zip(placed, free[sitting_id], strict=False)
    )


def _row(sitting: Sitting, placed: int, disabled_placed: int) -> PlacementRow:
    seated = Participant.objects.filter(sitting=sitting).count()
    return PlacementRow(
        sitting=sitting, placed=placed, seated=seated, disabled_placed=disabled_placed
    )
