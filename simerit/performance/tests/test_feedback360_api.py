"""360 over JSON: the rater's list and answer, the aggregated evidence (never per rater), HR's
adjustments; the same services and refusals as the pages."""

import pytest

from simerit.performance.models import BehaviourResponse, RaterAssignment, RaterGroup
from simerit.performance.tests.factories import make_team
from simerit.performance.tests.factories_feedback360 import (
    answered,
    approved_skp,
    invite,
    publish,
    sheet,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def skp(team):
    return approved_skp(team.staff[1])


def test_my_ratings_pending_first(client, team, skp):
    done = answered(approved_skp(team.staff[3]), team.staff[2], RaterGroup.PEER, 4)
    pending = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[2]))

    body = client.get(f"{API}/my-ratings").json()

    assert body["count"] == 2
    assert [(i["id"], i["employee_name"], i["status"]) for i in body["items"]] == [
        (pending.pk, "Staf B", "invited"),
        (done.pk, "Staf D", "answered"),
    ]


def test_one_task_carries_the_21_indicators(client, team, skp):
    pending = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[2]))

    body = client.get(f"{API}/my-ratings/{pending.pk}").json()

    assert [value["code"] for value in body["values"]] == list("1234567")
    assert sum(len(value["indicators"]) for value in body["values"]) == 21


def test_posting_ratings_answers_once(client, team, skp):
    pending = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[2]))
    url = f"{API}/assignments/{pending.pk}/ratings"

    first = client.post(url, {"scores": sheet(4)}, content_type="application/json")
    second = client.post(url, {"scores": sheet(2)}, content_type="application/json")

    assert first.status_code == 201
    assert first.json() == {"assignment_id": pending.pk, "status": "answered"}
    assert second.status_code == 409
    assert BehaviourResponse.objects.count() == 1


def test_posting_a_6_answers_422_and_stores_nothing(client, team, skp):
    pending = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[2]))

    response = client.post(
        f"{API}/assignments/{pending.pk}/ratings",
        {"scores": sheet(3, _2c=6)},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "2c", "message": "Nilai harus bilangan bulat 1 sampai 5."}
    ]
    assert BehaviourResponse.objects.count() == 0


def test_posting_on_someone_elses_task_is_not_found(client, team, skp):
    pending = invite(skp, team.staff[2], RaterGroup.PEER)
    client.force_login(team.user(team.staff[3]))

    response = client.post(
        f"{API}/assignments/{pending.pk}/ratings",
        {"scores": sheet(3)},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert BehaviourResponse.objects.count() == 0


def test_evidence_is_aggregated_and_names_nobody(client, team, skp):
    # given: published; the supervisor's own answer is shown but is no evidence (overall None)
    answered(skp, team.chief, RaterGroup.SUPERVISOR, 2)
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    answered(skp, team.staff[3], RaterGroup.PEER, 4)
    publish(skp)
    client.force_login(team.user(team.staff[1]))

    response = client.get(f"{API}/skps/{skp.pk}/feedback360")

    body = response.json()
    assert body["published"] is True
    assert [(g["group"], g["answers"], g["mean"]) for g in body["groups"]] == [
        ("supervisor", 1, "2.00"),
        ("peer", 2, None),
    ]
    assert body["values"][0]["means"] == ["2.00", None]
    assert body["overall_mean"] is None
    assert "Staf C" not in response.content.decode()


def test_published_evidence_averages_the_peers_only(client, team, skp):
    answered(skp, team.staff[1], RaterGroup.SELF, 5)
    answered(skp, team.chief, RaterGroup.SUPERVISOR, 1)
    for rater, score in ((team.staff[2], 5), (team.staff[3], 4), (team.staff[0], 4)):
        answered(skp, rater, RaterGroup.PEER, score)
    publish(skp)
    client.force_login(team.user(team.chief))

    body = client.get(f"{API}/skps/{skp.pk}/feedback360").json()

    assert [(g["group"], g["answers"], g["mean"]) for g in body["groups"]] == [
        ("self", 1, "5.00"),
        ("supervisor", 1, "1.00"),
        ("peer", 3, "4.33"),
    ]
    assert body["overall_mean"] == "4.33"


def test_evidence_is_not_found_for_a_peer(client, team, skp):
    client.force_login(team.user(team.staff[2]))

    assert client.get(f"{API}/skps/{skp.pk}/feedback360").status_code == 404


def test_hr_adds_and_removes_over_json(client, team, skp, hr_admin):
    client.force_login(hr_admin)

    added = client.post(
        f"{API}/skps/{skp.pk}/raters",
        {"rater_id": team.staff[2].pk, "group": "peer"},
        content_type="application/json",
    )
    assignment_id = added.json()["id"]
    removed = client.post(
        f"{API}/rater-assignments/{assignment_id}/removal",
        {"reason": "Salah kelompok."},
        content_type="application/json",
    )

    assert added.status_code == 201
    assert removed.status_code == 200
    assert removed.json()["status"] == "removed"
    assert RaterAssignment.objects.get().removed_reason == "Salah kelompok."


def test_the_pejabat_penilai_proposes_but_cannot_add(client, team, skp):
    client.force_login(team.user(team.chief))

    proposed = client.post(f"{API}/skps/{skp.pk}/raters/proposal")
    added = client.post(
        f"{API}/skps/{skp.pk}/raters",
        {"rater_id": team.juniors[0].pk, "group": "peer"},
        content_type="application/json",
    )

    assert proposed.status_code == 201
    assert sorted(item["rater_name"] for item in proposed.json()) == [
        "Kabid Layan",
        "Staf B",
        "Staf C",
        "Staf D",
    ]
    assert added.status_code == 403
    assert RaterAssignment.objects.count() == 4
