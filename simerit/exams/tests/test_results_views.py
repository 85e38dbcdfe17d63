"""Results pages /ujian/hasil-ujian/ and /api/v1/exams/results/: reading, filters, publication."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simerit.audit.models import AuditEvent
from simerit.exams.models import BlueprintItem, ExamResult
from simerit.exams.services import decisions
from simerit.exams.tests.factories import add_passing_rule
from simerit.exams.tests.factories_analysis import (
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
        "Nilai 1 peserta belum sesuai dengan keputusan soal yang berlaku; jalankan penilaian "
        "ulang lebih dulu, periksa hasilnya, lalu umumkan."
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
    assert summary["publication_refusal"] is None


def test_the_api_publishes_for_the_admin_only(client, hr_admin, auditor, blueprint, attempts):
    client.force_login(auditor)
    denied = client.post(f"{API}/{blueprint.pk}/publish")
    assert denied.status_code == 403
    assert published_nothing()
    client.force_login(hr_admin)
    published = client.post(f"{API}/{blueprint.pk}/publish")
    assert published.status_code == 200
    assert (published.json()["results"], published.json()["absent"]) == (2, 0)
    again = client.post(f"{API}/{blueprint.pk}/publish")
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    assert ExamResult.objects.count() == 2


def test_the_api_refuses_other_roles_and_anonymous(client, applicant, blueprint):
    assert client.get(f"{API}/{blueprint.pk}").status_code == 401
    client.force_login(applicant)
    assert client.get(f"{API}/{blueprint.pk}").status_code == 403
    assert client.post(f"{API}/{blueprint.pk}/publish").status_code == 403
    assert published_nothing()
