"""The succession pages: the managerial positions with their pools, one position's proposals and
pool, HR adding and removing a candidate. Refusals (a box outside 7–9, a reader posting, a
position outside the scope) change nothing."""

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.career.models import SuccessionCandidate
from simerit.career.tests.factories import CareerEmployeeFactory, appraise, make_office
from simerit.career.tests.factories_talent import (
    assess,
    candidate,
    managerial_position,
    place_in_box,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = make_office()
    place_in_box(office.staff[0], 9)
    place_in_box(office.staff[1], 8)
    place_in_box(office.staff[2], 5)
    return office


@pytest.fixture
def position(office):
    return managerial_position(unit=office.division)


def _snapshot():
    return (
        list(SuccessionCandidate.objects.values_list("pk", "removed_at")),
        AuditEvent.objects.count(),
    )


def test_the_position_list_shows_the_managerial_positions_with_their_pools(
    client, office, position
):
    managerial_position("Kepala Bidang Lalu Lintas", unit=office.other_unit)
    candidate(position, office.staff[0])
    client.force_login(office.admin)

    response = client.get(reverse("career:succession"))

    assert response.status_code == 200
    rows = [(p.name, p.holder_count, p.pool_count) for p in response.context["page_obj"]]
    assert rows == [("Kepala Bidang Pembinaan", 0, 1)]


def test_the_position_page_proposes_boxes_7_to_9(client, office, position):
    client.force_login(office.hr)

    response = client.get(reverse("career:succession_position", args=[position.pk]))

    assert response.status_code == 200
    proposals = response.context["pool"].proposals
    assert [(p.employee.name, p.placement.box) for p in proposals] == [
        ("Staf A", 9),
        ("Staf B", 8),
    ]
    page = response.content.decode()
    assert 'data-testid="pool-empty"' in page
    assert page.count(">Tetapkan</button>") == 2


def test_the_proposals_are_paginated_by_25(client, office, position):
    for number in range(24):  # with Staf A and Staf B: 26 proposals
        person = CareerEmployeeFactory.create(
            name=f"Calon {number:02d}", work_unit=office.division, supervisor=office.chief
        )
        appraise(person, year=2025, predikat="sangat_baik")
        assess(person, "70", recorded_by=office.hr)  # box 7
    client.force_login(office.hr)
    url = reverse("career:succession_position", args=[position.pk])

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(first.context["pool"].proposals) == 26
    assert [p.employee.name for p in first.context["proposals_page"]][:3] == [
        "Staf A",
        "Staf B",
        "Calon 00",
    ]
    assert len(first.context["proposals_page"]) == 25
    assert [p.employee.name for p in second.context["proposals_page"]] == ["Calon 23"]
    page = first.content.decode()
    assert page.count('data-testid="proposal-row"') == 25
    assert "Halaman 1 dari 2" in page
    assert 'href="?page=2">Berikutnya</a>' in page
    assert second.content.decode().count('data-testid="proposal-row"') == 1


def test_hr_adds_a_proposed_candidate(client, office, position):
    client.force_login(office.hr)

    response = client.post(
        reverse("career:succession_position", args=[position.pk]),
        {"employee": office.staff[1].pk, "note": "Siap 2027"},
        follow=True,
    )

    row = SuccessionCandidate.objects.get(position=position)
    assert (row.employee, row.box, row.note) == (office.staff[1], 8, "Siap 2027")
    page = response.content.decode()
    assert "Staf B masuk kelompok rencana suksesi Kepala Bidang Pembinaan (kotak 8)." in page
    assert [m.candidate.employee.name for m in response.context["pool"].pool] == ["Staf B"]


def test_a_candidate_outside_boxes_7_to_9_is_refused_with_the_message(client, office, position):
    client.force_login(office.hr)
    before = _snapshot()

    response = client.post(
        reverse("career:succession_position", args=[position.pk]),
        {"employee": office.staff[2].pk},
    )

    assert response.status_code == 422
    assert (
        "Hanya pegawai di kotak 7, 8 atau 9 yang dapat masuk kelompok rencana suksesi; Staf C "
        "berada di kotak 5." in response.content.decode()
    )
    assert _snapshot() == before


def test_readers_cannot_add_or_remove(client, office, position):
    row = candidate(position, office.staff[0])
    before = _snapshot()

    for user in (office.admin, office.auditor):
        client.force_login(user)
        add = client.post(
            reverse("career:succession_position", args=[position.pk]),
            {"employee": office.staff[1].pk},
        )
        remove = client.post(reverse("career:succession_remove", args=[row.pk]), {"reason": "x"})
        assert (add.status_code, remove.status_code) == (403, 403)
        page = client.get(reverse("career:succession_position", args=[position.pk]))
        assert ">Tetapkan</button>" not in page.content.decode()

    assert _snapshot() == before


def test_a_position_outside_the_scope_is_404_and_others_may_not_open_succession(
    client, office, position
):
    elsewhere = managerial_position("Kepala Bidang Lalu Lintas", unit=office.other_unit)
    row = candidate(elsewhere, place_in_box(office.other, 9))
    before = _snapshot()
    client.force_login(office.admin)

    assert client.get(reverse("career:succession_position", args=[elsewhere.pk])).status_code == 404
    assert (
        client.post(reverse("career:succession_remove", args=[row.pk]), {"reason": "x"}).status_code
        == 404
    )
    for user in (office.user(office.chief), office.user(office.staff[0])):
        client.force_login(user)
        assert client.get(reverse("career:succession")).status_code == 403

    assert _snapshot() == before


def test_an_employee_outside_the_scope_of_the_poster_is_404(client, office, position):
    client.force_login(office.hr)
    outsider = CareerEmployeeFactory.create(is_active=False, supervisor=None)
    before = _snapshot()

    response = client.post(
        reverse("career:succession_position", args=[position.pk]), {"employee": outsider.pk}
    )

    assert response.status_code == 404
    assert _snapshot() == before


def test_hr_removes_a_candidate_with_a_reason(client, office, position):
    row = candidate(position, office.staff[0])
    client.force_login(office.hr)

    refused = client.post(reverse("career:succession_remove", args=[row.pk]), {"reason": " "})
    assert refused.status_code == 302
    row.refresh_from_db()
    assert row.removed_at is None

    response = client.post(
        reverse("career:succession_remove", args=[row.pk]),
        {"reason": "Mutasi"},
        follow=True,
    )

    row.refresh_from_db()
    assert row.removal_reason == "Mutasi"
    page = response.content.decode()
    assert "Staf A dikeluarkan dari kelompok rencana suksesi." in page
    assert "dikeluarkan 28/11/2026: Mutasi" in page
