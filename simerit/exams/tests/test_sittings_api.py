"""/api/v1/exams/sittings...: the same rules as the pages, in the API's error shape."""

import datetime as dt

import pytest
from django.utils import timezone

from simerit.exams.models import Participant, Sitting
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import (
    blueprint_with_formasi,
    exam_audit,
    make_proctor,
    ms_applications,
    participant,
    sitting,
)

BASE = "/api/v1/exams"


def body(blueprint, **kwargs):
    values = {
        "blueprint_id": blueprint.pk,
        "code": "SKD-API",
        "starts_at": (timezone.now() + dt.timedelta(days=4)).isoformat(),
        "site": "UPT BKN Palembang",
        "room": "Ruang 3",
        "capacity": 20,
    }
    values.update(kwargs)
    return values


def test_admin_lists_sittings_with_filters(client, hr_admin):
    blueprint = make_skd_blueprint()
    item = sitting(blueprint, code="S1", capacity=10)
    participant(item)
    sitting(make_skd_blueprint(), code="S2")
    client.force_login(hr_admin)

    answer = client.get(f"{BASE}/sittings", {"blueprint_id": blueprint.pk}).json()

    assert answer["count"] == 1
    row = answer["items"][0]
    assert (row["code"], row["seated"], row["capacity"]) == ("S1", 1, 10)
    assert row["scoreboard_key"] == item.scoreboard_key


@pytest.mark.parametrize("persona", ["proctor", "applicant"])
def test_the_list_is_403_for_others(client, request, db, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"{BASE}/sittings")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_admin_creates_a_sitting(client, hr_admin):
    blueprint = make_skd_blueprint()
    client.force_login(hr_admin)

    response = client.post(
        f"{BASE}/sittings", body(blueprint, is_accessible=True), content_type="application/json"
    )

    assert response.status_code == 201
    created = Sitting.objects.get()
    answer = response.json()
    assert (answer["id"], answer["code"], answer["is_accessible"]) == (created.pk, "SKD-API", True)
    assert answer["seated"] == 0
    assert exam_audit() == ["exams.sitting.created"]


def test_a_naive_start_time_is_read_as_wib(client, hr_admin):
    blueprint = make_skd_blueprint()
    client.force_login(hr_admin)
    local = (timezone.localtime() + dt.timedelta(days=4)).replace(
        hour=8, minute=0, second=0, microsecond=0, tzinfo=None
    )

    client.post(
        f"{BASE}/sittings",
        body(blueprint, starts_at=local.isoformat()),
        content_type="application/json",
    )

    assert timezone.localtime(Sitting.objects.get().starts_at).hour == 8


def test_the_auditor_cannot_create(client, auditor):
    blueprint = make_skd_blueprint()
    client.force_login(auditor)

    response = client.post(f"{BASE}/sittings", body(blueprint), content_type="application/json")

    assert response.status_code == 403
    assert Sitting.objects.exists() is False
    assert exam_audit() == []


def test_bad_input_is_refused_and_nothing_stored(client, hr_admin):
    blueprint = make_skd_blueprint()
    sitting(blueprint, code="SKD-API")
    client.force_login(hr_admin)

    duplicate = client.post(f"{BASE}/sittings", body(blueprint), content_type="application/json")
    invalid = client.post(
        f"{BASE}/sittings",
        body(blueprint, code="BARU", capacity=0, extra="x"),
        content_type="application/json",
    )
    past = client.post(
        f"{BASE}/sittings",
        body(blueprint, code="LALU", starts_at="2020-01-01T08:00:00+07:00"),
        content_type="application/json",
    )

    assert duplicate.status_code == 409
    assert duplicate.json()["errors"] == [
        {"field": "code", "message": "Kode sesi SKD-API sudah dipakai sesi lain."}
    ]
    assert invalid.status_code == 422
    assert {item["field"] for item in invalid.json()["errors"]} == {"capacity", "extra"}
    assert past.status_code == 422
    assert past.json()["errors"] == [
        {"field": "starts_at", "message": "Waktu mulai sesi harus di masa mendatang."}
    ]
    assert Sitting.objects.count() == 1
    assert exam_audit() == []


def test_participants_for_the_sittings_proctor_but_not_another(client, db):
    item = sitting(make_skd_blueprint())
    seat = participant(item, seat_number=2, extra_minutes=30, accommodation_note="Tunanetra")
    client.force_login(make_proctor(item))

    answer = client.get(f"{BASE}/sittings/{item.pk}/participants").json()

    assert answer["count"] == 1
    row = answer["items"][0]
    assert row["registration_number"] == seat.application.registration_number
    assert (row["seat_number"], row["extra_minutes"], row["attempt_status"]) == (2, 30, None)
    assert "nik" not in row
    client.force_login(make_proctor(sitting(make_skd_blueprint())))
    assert client.get(f"{BASE}/sittings/{item.pk}/participants").status_code == 403
    assert client.get(f"{BASE}/sittings/{item.pk}").status_code == 403


@pytest.mark.parametrize("persona", ["other_proctor", "applicant", "employee"])
def test_an_unknown_sitting_looks_like_a_forbidden_one(client, request, db, persona):
    # given: a sitting this caller may not read, and an id that does not exist
    item = sitting(make_skd_blueprint())
    user = (
        make_proctor(sitting(make_skd_blueprint()))
        if persona == "other_proctor"
        else request.getfixturevalue(persona)
    )
    client.force_login(user)
    urls = [
        f"{BASE}/sittings/{pk}{tail}"
        for tail in ("", "/participants")
        for pk in (item.pk, item.pk + 999)
    ]
    # when / then: the same 403 for both
    answers = [client.get(url) for url in urls]
    assert [(r.status_code, r.json()["code"]) for r in answers] == [(403, "permission_denied")] * 4


@pytest.mark.parametrize("persona", ["hr_admin", "auditor"])
def test_an_unknown_sitting_is_a_404_to_those_who_read_every_sitting(client, request, db, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"{BASE}/sittings/999999").status_code == 404
    assert client.get(f"{BASE}/sittings/999999/participants").status_code == 404


def test_assign_participants_reports_per_sitting(client, hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    first = sitting(
        blueprint, code="S1", capacity=5, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    sitting(blueprint, code="S2", capacity=5, starts_at=timezone.now() + dt.timedelta(days=2))
    ms_applications(formasi, 3)
    client.force_login(hr_admin)

    response = client.post(
        f"{BASE}/sittings/assign-participants",
        {"blueprint_id": blueprint.pk, "seed": 7},
        content_type="application/json",
    )

    assert response.status_code == 200
    answer = response.json()
    assert (answer["placed"], answer["already_placed"]) == (3, 0)
    assert answer["sittings"][0] == {
        "sitting_id": first.pk,
        "code": "S1",
        "placed": 2,
        "disabled_placed": 0,
        "seated": 2,
        "capacity": 5,
    }
    assert [row["placed"] for row in answer["sittings"]] == [2, 1]


def test_assign_participants_refusal_is_a_400_with_nothing_placed(client, hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, capacity=1)
    ms_applications(formasi, 2, applicant__is_disabled=True)
    client.force_login(hr_admin)

    response = client.post(
        f"{BASE}/sittings/assign-participants",
        {"blueprint_id": blueprint.pk},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "2 dari 2 pelamar penyandang disabilitas belum mendapat tempat"
    )
    assert Participant.objects.exists() is False


def test_a_proctor_cannot_assign_participants(client, db):
    blueprint, formasi = blueprint_with_formasi()
    item = sitting(blueprint)
    ms_applications(formasi, 1)
    client.force_login(make_proctor(item))

    response = client.post(
        f"{BASE}/sittings/assign-participants",
        {"blueprint_id": blueprint.pk},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Participant.objects.exists() is False
    assert exam_audit() == []
