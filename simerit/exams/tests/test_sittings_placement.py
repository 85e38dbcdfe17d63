"""services/placement.py (also importable from services/sittings.py): balanced, all-or-nothing,
idempotent placement of MS applicants, disabled applicants first in accessible sittings."""

import datetime as dt

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import DomainError
from simerit.exams.models import Participant
from simerit.exams.services import placement as services
from simerit.exams.services import sittings
from simerit.exams.tests.factories_sittings import (
    blueprint_with_formasi,
    exam_audit,
    ms_applications,
    sitting,
)
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory


def seated(item):
    return list(
        Participant.objects.filter(sitting=item)
        .order_by("seat_number")
        .values_list("seat_number", flat=True)
    )


def test_placement_spreads_participants_evenly_with_sequential_seats(hr_admin):
    # given three rooms of ten and seven MS applicants
    blueprint, formasi = blueprint_with_formasi()
    first = sitting(
        blueprint, code="S1", capacity=10, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    second = sitting(
        blueprint, code="S2", capacity=10, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    third = sitting(
        blueprint, code="S3", capacity=10, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    applications = ms_applications(formasi, 7)

    # when
    report = services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=4)

    # then
    assert report.counts == {"S1": 3, "S2": 2, "S3": 2}
    assert (report.placed, report.already_placed) == (7, 0)
    assert [row.seated for row in report.rows] == [3, 2, 2]
    assert (seated(first), seated(second), seated(third)) == ([1, 2, 3], [1, 2], [1, 2])
    placed = Participant.objects.filter(blueprint=blueprint)
    assert sorted(placed.values_list("application_id", flat=True)) == sorted(
        app.pk for app in applications
    )
    assert len(set(placed.values_list("card_key", flat=True))) == 7
    event = AuditEvent.objects.get(action="exams.participants.assigned")
    assert event.changes["placed"] == 7
    assert event.changes["per_sitting"] == {"S1": 3, "S2": 2, "S3": 2}
    assert event.changes["seed"] == 4
    assert sum(len(numbers) for numbers in event.changes["registration_numbers"].values()) == 7


def test_placement_fills_the_sitting_with_the_most_free_seats_first(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    big = sitting(blueprint, code="A", capacity=10, starts_at=timezone.now() + dt.timedelta(days=1))
    small = sitting(
        blueprint, code="B", capacity=4, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    ms_applications(formasi, 8)

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert report.counts == {"A": 7, "B": 1}
    assert (len(seated(big)), len(seated(small))) == (7, 1)


def test_placement_seats_disabled_applicants_in_accessible_sittings_first(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    accessible = sitting(
        blueprint,
        code="A",
        capacity=4,
        is_accessible=True,
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    plain = sitting(
        blueprint, code="B", capacity=4, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    disabled = ms_applications(formasi, 2, applicant__is_disabled=True)
    ms_applications(formasi, 4)

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=1)

    assert report.counts == {"A": 3, "B": 3}
    assert [row.disabled_placed for row in report.rows] == [2, 0]
    assert set(
        Participant.objects.filter(application__in=disabled).values_list("sitting_id", flat=True)
    ) == {accessible.pk}
    assert len(seated(plain)) == 3


def test_placement_refuses_when_accessible_seats_run_short_and_places_nobody(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, code="A", capacity=1, is_accessible=True)
    sitting(blueprint, code="B", capacity=30)
    ms_applications(formasi, 3, applicant__is_disabled=True)
    ms_applications(formasi, 2)

    with pytest.raises(DomainError) as caught:
        services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert caught.value.message.startswith(
        "2 dari 3 pelamar penyandang disabilitas belum mendapat tempat: kursi sesi ramah "
        "disabilitas yang tersisa hanya 1."
    )
    assert Participant.objects.exists() is False
    assert exam_audit() == []


def test_placement_never_exceeds_capacity(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, code="A", capacity=2)
    sitting(blueprint, code="B", capacity=2)
    ms_applications(formasi, 5)

    with pytest.raises(DomainError, match=r"^1 dari 5 pelamar MS belum mendapat tempat"):
        services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert Participant.objects.exists() is False


def test_placement_without_coming_sittings_is_refused(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, starts_at=timezone.now() - dt.timedelta(hours=1))
    ms_applications(formasi, 1)

    with pytest.raises(DomainError, match="Belum ada sesi mendatang"):
        services.assign_participants(blueprint=blueprint, actor=hr_admin)


def test_placement_takes_only_ms_applications_of_the_blueprint_period(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, capacity=10)
    wanted = ms_applications(formasi, 1)
    for status in (Application.Status.SUBMITTED, Application.Status.TMS, Application.Status.DRAFT):
        ApplicationFactory.create(formasi=formasi, status=status)
    ApplicationFactory.create(status=Application.Status.MS, formasi=FormasiFactory.create())

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert report.placed == 1
    assert list(Participant.objects.values_list("application_id", flat=True)) == [wanted[0].pk]


def test_placement_is_idempotent_and_places_only_new_applicants(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    first = sitting(
        blueprint, code="A", capacity=5, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    second = sitting(
        blueprint, code="B", capacity=5, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    ms_applications(formasi, 4)
    services.assign_participants(blueprint=blueprint, actor=hr_admin)

    again = services.assign_participants(blueprint=blueprint, actor=hr_admin)
    assert (again.placed, again.already_placed) == (0, 4)
    assert AuditEvent.objects.filter(action="exams.participants.assigned").count() == 1

    ms_applications(formasi, 3)
    later = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert (later.placed, later.already_placed) == (3, 4)
    assert later.counts == {"A": 2, "B": 1}
    assert (seated(first), seated(second)) == ([1, 2, 3, 4], [1, 2, 3])
    assert Participant.objects.count() == 7


def test_placement_fills_seats_freed_by_a_removal(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    item = sitting(blueprint, capacity=4)
    ms_applications(formasi, 3)
    services.assign_participants(blueprint=blueprint, actor=hr_admin)
    sittings.remove_participant(participant=Participant.objects.get(seat_number=2), actor=hr_admin)
    ms_applications(formasi, 1)

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert report.counts == {item.code: 2}  # the removed applicant (still MS) and the new one
    assert seated(item) == [1, 2, 3, 4]


def test_the_same_seed_gives_the_same_placement(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, code="A", capacity=5, starts_at=timezone.now() + dt.timedelta(days=1))
    sitting(blueprint, code="B", capacity=5, starts_at=timezone.now() + dt.timedelta(days=2))
    ms_applications(formasi, 6)

    def placement():
        return sorted(
            Participant.objects.values_list("application_id", "sitting__code", "seat_number")
        )

    services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=42)
    first = placement()
    Participant.objects.all().delete()
    services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=42)

    assert placement() == first


def test_placement_names_stay_importable_from_services_sittings():
    assert sittings.assign_participants is services.assign_participants
    assert sittings.unplaced_applications is services.unplaced_applications
    assert sittings.PlacementReport is services.PlacementReport
