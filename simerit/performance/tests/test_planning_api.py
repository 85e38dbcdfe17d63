"""The planning API: the same visibility and refusals as the pages."""

import pytest

from simerit.audit.models import AuditEvent
from simerit.performance.models import Indicator, Skp, WorkResult
from simerit.performance.tests.factories import make_skp, make_team
from simerit.performance.tests.factories_planning import complete_skp, planning_year

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def year():
    return planning_year()


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def counts() -> tuple[int, int, int, int]:
    return (
        Skp.objects.count(),
        WorkResult.objects.count(),
        Indicator.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_flow_over_the_api(client, team, year):
    staff = team.staff[1]
    client.force_login(team.user(staff))

    created = post(client, f"{API}/skps", {"year": 2026})
    skp_id = created.json()["id"]
    result = post(client, f"{API}/skps/{skp_id}/results", {"kind": "utama", "text": "Laporan"})
    indicator = post(
        client,
        f"{API}/skps/{skp_id}/results/{result.json()['id']}/indicators",
        {"aspect": "biaya", "text": "Anggaran", "target": "1500000", "unit": "rupiah"},
    )
    submitted = post(client, f"{API}/skps/{skp_id}/submit")
    client.force_login(team.user(team.chief))
    approved = post(client, f"{API}/skps/{skp_id}/approve")
    detail = client.get(f"{API}/skps/{skp_id}")

    assert created.status_code == 201
    assert created.json()["evaluator_id"] == team.chief.pk
    assert (result.status_code, indicator.status_code) == (201, 201)
    assert indicator.json()["lower_is_better"] is True
    assert (submitted.json()["status"], approved.json()["status"]) == ("submitted", "approved")
    body = detail.json()
    assert body["results"][0]["text"] == "Laporan"
    assert body["results"][0]["indicators"][0]["target"] == "1500000.00"


def test_list_is_what_the_caller_may_see_with_filters(client, team, year, auditor):
    other = make_team("Lain ")
    mine = complete_skp(team.staff[1], year=year)
    complete_skp(team.staff[2], year=year, status=Skp.Status.SUBMITTED)
    complete_skp(other.staff[1], year=year)
    complete_skp(team.staff[1], year=planning_year(2025), status=Skp.Status.APPROVED)

    client.force_login(team.user(team.staff[1]))
    own = client.get(f"{API}/skps", {"year": 2026}).json()
    client.force_login(team.user(team.chief))
    chief = client.get(f"{API}/skps", {"status": "submitted"}).json()
    client.force_login(auditor)
    everything = client.get(f"{API}/skps", {"page_size": 2}).json()

    assert [item["id"] for item in own["items"]] == [mine.pk]
    assert [item["employee_name"] for item in chief["items"]] == ["Staf C"]
    assert (everything["count"], everything["pages"], len(everything["items"])) == (4, 2, 2)


def test_a_peers_or_another_units_skp_is_404(client, team, year):
    other = make_team("Lain ")
    peer = complete_skp(team.staff[2], year=year)
    foreign = complete_skp(other.staff[1], year=year)
    client.force_login(team.user(team.staff[1]))
    before = counts()

    for skp in (peer, foreign):
        assert client.get(f"{API}/skps/{skp.pk}").status_code == 404
        assert post(client, f"{API}/skps/{skp.pk}/submit").status_code == 404
    assert counts() == before


def test_the_auditor_reads_but_every_write_is_403(client, team, year, auditor):
    submitted = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    draft = complete_skp(team.staff[2], year=year)
    client.force_login(auditor)
    before = (counts(), list(Skp.objects.values_list("status", flat=True)))

    assert client.get(f"{API}/skps/{draft.pk}").status_code == 200
    responses = [
        post(client, f"{API}/skps", {"year": 2026}),
        post(client, f"{API}/skps/{draft.pk}/results", {"text": "X"}),
        post(client, f"{API}/skps/{draft.pk}/submit"),
        post(client, f"{API}/skps/{submitted.pk}/approve"),
        post(client, f"{API}/skps/{submitted.pk}/return", {"note": "X"}),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    assert (counts(), list(Skp.objects.values_list("status", flat=True))) == before


def test_bad_input_gives_the_exact_message_and_changes_nothing(client, team, year):
    chief_draft = complete_skp(team.chief, year=year)
    skp = make_skp(team.staff[1], year=year)
    peer = complete_skp(team.staff[2], year=year)
    result = WorkResult.objects.create(skp=skp, order=1, text="Laporan")
    client.force_login(team.user(team.staff[1]))
    before = counts()

    negative = post(
        client,
        f"{API}/skps/{skp.pk}/results/{result.pk}/indicators",
        {"aspect": "kuantitas", "text": "Jumlah", "target": "-1", "unit": "dokumen"},
    )
    cascade = post(
        client,
        f"{API}/skps/{skp.pk}/results",
        {"text": "X", "parent_id": peer.results.get().pk},
    )
    submit = post(client, f"{API}/skps/{skp.pk}/submit")
    client.force_login(team.user(team.head))
    returned = post(client, f"{API}/skps/{chief_draft.pk}/return", {"note": ""})

    assert (negative.status_code, negative.json()["detail"]) == (400, "Target tidak boleh negatif.")
    assert cascade.status_code == 400
    assert cascade.json()["detail"].startswith("RHK pimpinan yang diintervensi harus berasal")
    assert submit.json()["detail"] == (
        'SKP belum dapat diajukan: RHK "Laporan" belum memiliki indikator kinerja.'
    )
    assert returned.json()["detail"] == (
        "Hanya SKP yang berstatus diajukan yang dapat disetujui atau dikembalikan."
    )
    assert counts() == before


def test_return_without_note_over_the_api(client, team, year):
    skp = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    client.force_login(team.user(team.chief))

    response = post(client, f"{API}/skps/{skp.pk}/return", {"note": " "})

    assert (response.status_code, response.json()["detail"]) == (
        400,
        "Catatan pengembalian wajib diisi.",
    )
    skp.refresh_from_db()
    assert skp.status == "submitted"
