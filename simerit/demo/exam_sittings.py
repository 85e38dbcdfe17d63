"""The demo's exam sittings: where and when they are, the proctor on each, the automatic
placement of the MS applicants, and the PPPK 2025 competency test still to come.

The PPPK test starts PPPK_LEAD_MINUTES after the seed in two rooms (one accessible), with the
`pengawas` as proctor and every MS applicant placed, the `pelamar` login among them: the README
explains how to try it (check-in, PIN, exam).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.exams.models import Blueprint, Sitting
from simerit.exams.services import sittings as sitting_services

SITE = "Gedung CAT BKPSDM Kota Palembang"
ROOM_1 = "Ruang CAT 1 (lantai 2)"
ROOM_2 = "Ruang CAT 2 (lantai 1, ramah disabilitas)"
PPPK_LEAD_MINUTES = 15  # the PPPK sittings start at least this long after the seed


@dataclass(frozen=True)
class SittingPlan:
    code: str
    room: str
    capacity: int
    accessible: bool = False
    start: dt.time = dt.time(8, 0)  # local time (the PPPK sittings start after the seed)
    pause_after_minutes: int = 0  # a power cut this long after the start (0: none)
    pause_minutes: int = 0


PPPK_SITTINGS = (
    SittingPlan("PPPK25-R1", ROOM_1, 10),
    SittingPlan("PPPK25-R2", ROOM_2, 10, accessible=True),
)


def create_sittings(
    blueprint: Blueprint,
    plans: Sequence[SittingPlan],
    *,
    starts: Sequence[dt.datetime],
    planned: dt.datetime,
    admin: User,
    proctor: User,
    seed: int,
) -> list[Sitting]:
    """The sittings of `plans` as planned at `planned`, with the demo proctor on each and
    the period's MS applicants placed automatically."""
    created = []
    for plan, starts_at in zip(plans, starts, strict=True):
        sitting = sitting_services.create_sitting(
            blueprint=blueprint,
            data=sitting_services.SittingInput(
                code=plan.code,
                starts_at=starts_at,
                site=SITE,
                room=plan.room,
                capacity=plan.capacity,
                is_accessible=plan.accessible,
            ),
            actor=admin,
            now=planned,
        )
        sitting_services.assign_proctor(sitting=sitting, user=proctor, actor=admin)
        created.append(sitting)
    sitting_services.assign_participants(blueprint=blueprint, actor=admin, seed=seed, now=planned)
    return created


def coming_pppk(
    blueprint: Blueprint,
    *,
    now: dt.datetime,
    admin: User,
    proctor: User,
    seed: int,
    pelamar_email: str,
) -> Sitting:
    """Both rooms start together, soon after the seed; the pelamar sits in one of them (their
    sitting is returned)."""
    starts = _round_up(now + dt.timedelta(minutes=PPPK_LEAD_MINUTES), minutes=5)
    create_sittings(
        blueprint,
        PPPK_SITTINGS,
        starts=[starts] * len(PPPK_SITTINGS),
        planned=now,
        admin=admin,
        proctor=proctor,
        seed=seed,
    )
    own = pelamar_sitting(pelamar_email)
    if own is None or own.blueprint_id != blueprint.pk:
        raise DomainError("Data demo: pelamar demo tidak ditempatkan di sesi PPPK.")
    return own


def pelamar_sitting(email: str) -> Sitting | None:
    """The demo applicant's sitting that they have not taken yet (the PPPK test), if any."""
    return (
        Sitting.objects.filter(
            participants__application__applicant__email=email,
            participants__attempt__isnull=True,
        )
        .order_by("-starts_at")
        .first()
    )


def _round_up(moment: dt.datetime, *, minutes: int) -> dt.datetime:
    """The first whole `minutes` mark of the local clock at or after `moment`."""
    local = timezone.localtime(moment)
    floor = local.replace(minute=local.minute - local.minute % minutes, second=0, microsecond=0)
    return floor if floor == local else floor + dt.timedelta(minutes=minutes)
