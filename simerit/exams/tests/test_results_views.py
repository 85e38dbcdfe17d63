"""Results pages /ujian/hasil-ujian/ and /api/v1/exams/results/: reading, filters, publication."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from simerit.audit.models import AuditEvent
from simerit.exams.models import Attempt, BlueprintItem, ExamResult
from simerit.exams.services import decisions
from simerit.exams.tests.factories import add_passing_rule
from simerit.exams.tests.factories_analysis import (
    participant_for,
    participant_of,
    single_answer_blueprint,
    start,
    take,
)
from simerit.recruitment.models import Track

API = "/api/v1/exams/results"


@pytest.fixture
def blueprint(db):
    blueprint = single_answer_blueprint(2)
    add_passing_rule(blueprint, minimums={"TWK": 10})
    return blueprint


@pytest.fixture
def attempts(blueprint):
    passed = take(blueprint, {1: "A", 2: "A"}, seed=1)
    failed = take(blueprint, {1: "A", 2: "B"}, seed=2, track=Track.DISABILITAS)
    return passed, failed


def published_nothing():
    return (
        not ExamResult.objects.exists()
        and not AuditEvent.objects.filter(action="exams.results.published").exists()
    )


# --- pages


@pytest.mark.parametrize("persona", ["hr_admin", "auditor"])
def test_admin_and_auditor_read_the_results(client, request, blueprint, attempts, persona):
    client.force_login(request.getfixturevalue(persona))
    urls = [
        reverse("exams:results-blueprints"),
        reverse("exams:results-list", args=[blueprint.pk]),
        reverse("exams:results-export", args=[blueprint.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


@pytest.mark.parametrize("persona", ["applicant", "proctor", "question_writer", "employee"])
def test_other_roles_are_refused(client, request, blueprint, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("exams:results-list", args=[blueprint.pk])).status_code == 403
    assert client.post(reverse("exams:results-publish", args=[blueprint.pk])).status_code == 403


def test_the_list_shows_scores_and_verdicts_and_filters(client, hr_admin, blueprint, attempts):
    passed, failed = attempts
    client.force_login(hr_admin)
    url = reverse("exams:results-list", args=[blueprint.pk])
    rows = client.get(url).context["rows"]
    assert [(row["attempt"].pk, row["scores"], row["verdict"]) for row in rows] == [
        (passed.pk, [10], "Memenuhi ambang batas"),
        (failed.pk, [5], "Tidak memenuhi ambang batas"),
    ]
    assert [row["attempt"].pk for row in client.get(url, {"hasil": "lulus"}).context["rows"]] == [
        passed.pk
    ]
    only_disabled = client.get(url, {"jalur": Track.DISABILITAS})
    assert [row["attempt"].pk for row in only_disabled.context["rows"]] == [failed.pk]
    assert only_disabled.context["query_string"] == "jalur=disabilitas"
    html = client.get(url).content.decode()
    assert participant_of(passed).application.registration_number in html
    assert "Umumkan hasil resmi" in html


def test_the_auditor_sees_no_publish_button(client, auditor, blueprint, attempts):
    client.force_login(auditor)
    html = client.get(reverse("exams:results-list", args=[blueprint.pk])).content.decode()
    assert "Umumkan hasil resmi" not in html


def test_the_publish_button_waits_for_unfinished_attempts(client, hr_admin, blueprint, attempts):
    start(blueprint, seed=9)
    client.force_login(hr_admin)
    response = client.get(reverse("exams:results-list", args=[blueprint.pk]))
    assert response.context["refusal"].startswith("1 peserta belum selesai")
    assert "Umumkan hasil resmi" not in response.content.decode()
    published = client.post(reverse("exams:results-publish", args=[blueprint.pk]), follow=True)
    assert [str(m) for m in published.context["messages"]] == [response.context["refusal"]]
    assert published_nothing()


def test_the_publish_button_waits_for_a_rescoring(client, hr_admin, blueprint, attempts):
    decisions.annul_item(
        blueprint=blueprint,
        question_version=BlueprintItem.objects.get(blueprint=blueprint, order=2).question_version,
        mode="credit_all",
        reason="Kunci salah.",
        actor=hr_admin,
    )
    client.force_login(hr_admin)
    response = client.get(reverse("exams:results-list", args=[blueprint.pk]))
    assert response.context["refusal"] == (
        "Keputusan soal berubah sejak penilaian ulang terakhir; jalankan penilaian ulang lebih "
        "dulu, periksa hasilnya, lalu umumkan."
    )
    decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    response = client.get(reverse("exams:results-list", args=[blueprint.pk]))
    assert response.context["refusal"] is None


def test_admin_publishes_through_the_page(client, hr_admin, blueprint, attempts):
    client.force_login(hr_admin)
    response = client.post(reverse("exams:results-publish", args=[blueprint.pk]))
    assert response.status_code == 302
    assert ExamResult.objects.count() == 2
    blueprint.refresh_from_db()
    assert blueprint.results_published_at is not None
    html = client.get(reverse("exams:results-list", args=[blueprint.pk])).content.decode()
    assert "hasil resmi diumumkan" in html
    assert "Umumkan hasil resmi" not in html


def test_the_auditor_cannot_publish(client, auditor, blueprint, attempts):
    client.force_login(auditor)
    assert client.post(reverse("exams:results-publish", args=[blueprint.pk])).status_code == 403
    blueprint.refresh_from_db()
    assert blueprint.results_published_at is None
    assert published_nothing()


def test_the_export_lists_the_filtered_results(client, auditor, blueprint, attempts):
    passed, _ = attempts
    client.force_login(auditor)
    response = client.get(reverse("exams:results-export", args=[blueprint.pk]), {"hasil": "lulus"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    application = participant_of(passed).application
    assert rows[0] == (
        "Nomor pendaftaran",
        "Nama",
        "Formasi",
        "Jalur",
        "Sesi",
        "Status",
        "TWK",
        "Total",
        "Hasil",
        "Keterangan",
    )
    assert rows[1:] == [
        (
            application.registration_number,
            application.applicant.name,
            application.formasi.code,
            "Umum",
            participant_of(passed).sitting.code,
            "Selesai",
            10,
            10,
            "Memenuhi ambang batas",
            "Memenuhi nilai ambang batas.",
        )
    ]


def test_an_absent_participant_is_listed_filtered_and_exported(
    client, hr_admin, blueprint, attempts
):
    absent = participant_for(blueprint)  # placed in yesterday's sitting, never started
    client.force_login(hr_admin)
    url = reverse("exams:results-list", args=[blueprint.pk])
    response = client.get(url)
    rows = [(row["application"].pk, row["verdict"]) for row in response.context["rows"]]
    assert (absent.application_id, "Tidak hadir") in rows
    assert len(rows) == 3
    assert response.context["counts"]["absent"] == 1
    html = response.content.decode()
    assert 'data-testid="count-absent">1<' in html
    assert 'data-testid="absent">Tidak hadir</span>' in html
    only_absent = client.get(url, {"hasil": "tidak_hadir"})
    assert [row["application"].pk for row in only_absent.context["rows"]] == [absent.application_id]
    export = client.get(
        reverse("exams:results-export", args=[blueprint.pk]), {"hasil": "tidak_hadir"}
    )
    assert export["Cache-Control"] == "private, no-store"
    sheet = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    application = absent.application
    assert sheet[1:] == [
        (
            application.registration_number,
            application.applicant.name,
            application.formasi.code,
            "Umum",
            absent.sitting.code,
            "Tidak hadir",
            None,
            None,
            "Tidak hadir",
            None,
        )
    ]


def test_a_proctor_stopped_attempt_is_flagged_before_publication(client, hr_admin, blueprint):
    stopped = take(blueprint, {1: "A", 2: "A"}, seed=1, reason=Attempt.FinishReason.PROCTOR)
    take(blueprint, {1: "A"}, seed=2)
    client.force_login(hr_admin)
    url = reverse("exams:results-list", args=[blueprint.pk])
    response = client.get(url)
    html = response.content.decode()
    number = participant_of(stopped).application.registration_number
    assert f'<tr data-testid="result-{number}" class="table-warning">' in html
    assert 'data-testid="stopped">Dihentikan pengawas</span>' in html
    assert 'data-testid="stopped-notice">1 pengerjaan dihentikan pengawas.' in html
    assert response.context["refusal"] is None  # flagged, not blocked
    only = client.get(url, {"hasil": "dihentikan_pengawas"})
    assert [row["attempt"].pk for row in only.context["rows"]] == [stopped.pk]
    export = client.get(
        reverse("exams:results-export", args=[blueprint.pk]), {"hasil": "dihentikan_pengawas"}
    )
    sheet = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert sheet[1][5:] == (
        "Selesai (dihentikan pengawas)",
        10,
        10,
        "Memenuhi ambang batas",
        "Ujian dihentikan pengawas. Memenuhi nilai ambang batas.",
    )
    published = client.post(reverse("exams:results-publish", args=[blueprint.pk]), follow=True)
    [message] = [str(m) for m in published.context["messages"]]
    assert message.startswith(
        "Hasil resmi diumumkan: 2 peserta (0 tidak hadir, 1 dihentikan pengawas)."
    )
    assert ExamResult.objects.get(attempt=stopped).result_reason == (
        "Ujian dihentikan pengawas. Memenuhi nilai ambang batas."
    )
    assert 'data-testid="stopped-notice"' not in published.content.decode()


def page_queries(client, url):
    """(queries, queries reading answer events) of one GET."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    events = [q for q in queries.captured_queries if "exams_answerevent" in q["sql"]]
    return len(queries), len(events)


def test_the_results_page_costs_the_same_queries_for_any_number_of_attempts(
    client, hr_admin, blueprint
):
    take(blueprint, {1: "A"}, seed=1)
    decisions.annul_item(
        blueprint=blueprint,
        question_version=BlueprintItem.objects.get(blueprint=blueprint, order=2).question_version,
        mode="credit_all",
        reason="Kunci ganda.",
        actor=hr_admin,
    )
    decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    client.force_login(hr_admin)
    url = reverse("exams:results-list", args=[blueprint.pk])
    few = page_queries(client, url)
    for seed in range(2, 8):
        take(blueprint, {1: "A", 2: "C"}, seed=seed)
    assert (few, page_queries(client, url)) == ((16, 0), (16, 0))
    assert client.get(url).context["refusal"] is None


# --- API


def test_the_api_lists_results_with_filters(client, auditor, blueprint, attempts):
    passed, failed = attempts
    client.force_login(auditor)
    body = client.get(f"{API}/{blueprint.pk}").json()
    assert (body["count"], body["pages"]) == (2, 1)
    first = body["items"][0]
    assert (first["attempt_id"], first["scores"], first["total"], first["passed"]) == (
        passed.pk,
        {"TWK": 10},
        10,
        True,
    )
    failing = client.get(f"{API}/{blueprint.pk}", {"verdict": "tidak_lulus"}).json()
    assert [item["attempt_id"] for item in failing["items"]] == [failed.pk]
    assert client.get(f"{API}/{blueprint.pk}", {"verdict": "x"}).status_code == 422
    summary = client.get(f"{API}/{blueprint.pk}/summary").json()
    assert (summary["finished"], summary["passed"], summary["failed"]) == (2, 1, 1)
    assert (summary["placed"], summary["absent"], summary["stopped"]) == (2, 0, 0)
    assert summary["publication_refusal"] is None


def test_the_api_lists_absent_and_proctor_stopped_participants(client, auditor, blueprint):
    stopped = take(blueprint, {1: "A"}, seed=1, reason=Attempt.FinishReason.PROCTOR)
    absent = participant_for(blueprint)
    client.force_login(auditor)
    body = client.get(f"{API}/{blueprint.pk}", {"verdict": "tidak_hadir"}).json()
    assert body["items"] == [
        {
            "participant_id": absent.pk,
            "attempt_id": None,
            "registration_number": absent.application.registration_number,
            "name": absent.application.applicant.name,
            "formasi_code": absent.application.formasi.code,
            "track": "umum",
            "sitting_code": absent.sitting.code,
            "status": "absent",
            "finish_reason": "",
            "stopped_by_proctor": False,
            "scores": {},
            "total": None,
            "passed": None,
            "verdict": "Tidak hadir",
            "result_reason": "",
        }
    ]
    flagged = client.get(f"{API}/{blueprint.pk}", {"verdict": "dihentikan_pengawas"}).json()
    [item] = flagged["items"]
    assert (item["attempt_id"], item["finish_reason"], item["stopped_by_proctor"]) == (
        stopped.pk,
        "proctor",
        True,
    )
    assert item["result_reason"] == (
        "Ujian dihentikan pengawas. Tidak memenuhi nilai ambang batas: TWK 5 < 10."
    )
    summary = client.get(f"{API}/{blueprint.pk}/summary").json()
    assert (summary["placed"], summary["absent"], summary["stopped"]) == (2, 1, 1)


def test_the_api_publishes_for_the_admin_only(client, hr_admin, auditor, blueprint, attempts):
    client.force_login(auditor)
    denied = client.post(f"{API}/{blueprint.pk}/publish")
    assert denied.status_code == 403
    assert published_nothing()
    client.force_login(hr_admin)
    published = client.post(f"{API}/{blueprint.pk}/publish")
    assert published.status_code == 200
    body = published.json()
    assert (body["results"], body["absent"], body["stopped_by_proctor"]) == (2, 0, 0)
    again = client.post(f"{API}/{blueprint.pk}/publish")
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    assert ExamResult.objects.count() == 2


def test_the_api_refuses_other_roles_and_anonymous(client, applicant, blueprint):
    assert client.get(f"{API}/{blueprint.pk}").status_code == 401
    client.force_login(applicant)
    assert client.get(f"{API}/{blueprint.pk}").status_code == 403
    assert client.post(f"{API}/{blueprint.pk}/publish").status_code == 403
    assert published_nothing()
