"""Item analysis pages /ujian/analisis/: who may read, who may act, what the pages show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.exams.models import Attempt, Blueprint, BlueprintItem, ExamKind, ItemDecision, Sitting
from simerit.exams.services import decisions
from simerit.exams.services.analysis import CONTENT_HIDDEN
from simerit.exams.tests.factories import SittingFactory
from simerit.exams.tests.factories_analysis import (
    finish,
    participant_for,
    single_answer_blueprint,
    start,
    take,
)

SMALL = [
    {1: "A", 2: "A", 3: "A"},
    {1: "A", 2: "A", 3: "B"},
    {1: "A", 2: "C", 3: "A"},
    {1: "B", 2: "A"},
    {1: "C", 3: "B"},
]


@pytest.fixture
def blueprint(db):
    blueprint = single_answer_blueprint(3)
    for seed, answers in enumerate(SMALL):
        take(blueprint, answers, seed=seed)
    return blueprint


def version(blueprint, order):
    return BlueprintItem.objects.get(blueprint=blueprint, order=order).question_version


def pages(blueprint):
    return [
        reverse("exams:analysis-blueprints"),
        reverse("exams:analysis-detail", args=[blueprint.pk]),
        reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 1).pk]),
        reverse("exams:analysis-export", args=[blueprint.pk]),
    ]


@pytest.mark.parametrize("persona", ["hr_admin", "auditor"])
def test_admin_and_auditor_read_every_page(client, request, blueprint, persona):
    client.force_login(request.getfixturevalue(persona))
    assert [client.get(url).status_code for url in pages(blueprint)] == [200, 200, 200, 200]


@pytest.mark.parametrize("persona", ["applicant", "proctor", "employee", "question_writer"])
def test_other_roles_are_refused(client, request, blueprint, persona):
    client.force_login(request.getfixturevalue(persona))
    assert [client.get(url).status_code for url in pages(blueprint)] == [403, 403, 403, 403]


def test_anonymous_visitors_are_sent_to_login(client, blueprint):
    response = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_item_table_highlights_flagged_rows_and_shows_the_reliability(
    client, hr_admin, blueprint
):
    client.force_login(hr_admin)
    response = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]), {"urut": "-p"})
    html = response.content.decode()
    assert response.context["report"].examinees == 5
    # p = .6 .6 .4, descending; a tie keeps the item order
    assert [item.column.order for item in response.context["items"]] == [1, 2, 3]
    assert 'data-testid="reliability">0,462<' in html  # KR-20 = 6/13
    assert '<tr class="table-warning" data-testid="item-2">' in html
    assert '<tr data-testid="item-1">' in html
    assert "Nilai ulang semua pengerjaan" in html


def test_the_auditor_sees_no_action(client, auditor, blueprint):
    client.force_login(auditor)
    detail = client.get(reverse("exams:analysis-detail", args=[blueprint.pk])).content.decode()
    item = client.get(
        reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 1).pk])
    ).content.decode()
    assert "Nilai ulang semua pengerjaan" not in detail
    assert 'data-testid="annul-form"' not in item


def test_the_item_page_charts_the_option_counts(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.get(
        reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 3).pk])
    )
    assert response.context["chart"] == {
        "labels": ["A", "B", "C", "D", "E", "Kosong"],
        "counts": [2, 2, 0, 0, 0, 1],
        "upper": [1, 1, 0, 0, 0, None],
        "keys": [True, False, False, False, False, False],
    }
    html = response.content.decode()
    assert 'id="data-grafik-pilihan"' in html
    assert "js/exams-analysis.js" in html
    assert "<script>" not in html  # no inline script (CSP)
    assert 'data-testid="annul-form"' in html


def test_an_item_outside_the_blueprint_or_a_foreign_sitting_is_404(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    other = single_answer_blueprint(1)
    foreign = version(other, 1)
    url = reverse("exams:analysis-item", args=[blueprint.pk, foreign.pk])
    assert client.get(url).status_code == 404
    detail = reverse("exams:analysis-detail", args=[blueprint.pk])
    foreign_sitting = SittingFactory.create(blueprint=other)
    assert client.get(detail, {"sesi": "x"}).status_code == 404
    assert client.get(detail, {"sesi": foreign_sitting.pk}).status_code == 404


def test_admin_annuls_withdraws_and_rescores_through_the_pages(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    item = version(blueprint, 2)
    annul = reverse("exams:analysis-annul", args=[blueprint.pk, item.pk])
    response = client.post(annul, {"mode": "credit_all", "reason": "Dua jawaban benar."})
    assert response.status_code == 302
    decision = ItemDecision.objects.get()
    assert (decision.mode, decision.reason) == ("credit_all", "Dua jawaban benar.")
    detail = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]))
    # before: P1 15, P2 10, P3 10 (C on #2), P4 5, P5 0 (blank #2); P3 and P5 gain 5
    assert detail.context["needs_rescoring"] is True
    assert 'data-testid="stale">Keputusan soal berubah sejak penilaian ulang terakhir' in (
        detail.content.decode()
    )
    client.post(reverse("exams:analysis-rescore", args=[blueprint.pk]))
    assert list(Attempt.objects.order_by("total").values_list("total", flat=True)) == [
        5,
        5,
        10,
        15,
        15,
    ]
    rescored = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]))
    assert rescored.context["needs_rescoring"] is False
    assert 'data-testid="stale"' not in rescored.content.decode()
    withdraw = reverse("exams:analysis-withdraw", args=[blueprint.pk, decision.pk])
    client.post(withdraw, {"reason": "Keliru."})
    assert not ItemDecision.objects.exists()
    exams_events = AuditEvent.objects.filter(action__startswith="exams.").order_by("seq")
    assert list(exams_events.values_list("action", flat=True)) == [
        "exams.item.annulled",
        "exams.blueprint.rescored",
        "exams.item_decision.withdrawn",
    ]


def test_a_refused_annulment_is_a_message_and_stores_nothing(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    annul = reverse("exams:analysis-annul", args=[blueprint.pk, version(blueprint, 1).pk])
    response = client.post(annul, {"mode": "drop", "reason": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Bidang ini tidak boleh kosong."]
    assert not ItemDecision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="exams.").exists()


@pytest.mark.parametrize("persona", ["auditor", "proctor"])
def test_only_the_admin_may_act(client, request, blueprint, persona, hr_admin):
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="A.",
        actor=hr_admin,
    )
    audit_rows, totals = AuditEvent.objects.count(), list(Attempt.objects.values_list("total"))
    client.force_login(request.getfixturevalue(persona))
    posts = [
        (
            reverse("exams:analysis-annul", args=[blueprint.pk, version(blueprint, 2).pk]),
            {"mode": "drop", "reason": "B."},
        ),
        (
            reverse("exams:analysis-withdraw", args=[blueprint.pk, decision.pk]),
            {"reason": "C."},
        ),
        (reverse("exams:analysis-rescore", args=[blueprint.pk]), {}),
    ]
    assert [client.post(url, data).status_code for url, data in posts] == [403, 403, 403]
    assert list(ItemDecision.objects.values_list("pk", flat=True)) == [decision.pk]
    assert AuditEvent.objects.count() == audit_rows
    assert list(Attempt.objects.values_list("total")) == totals


def test_writes_are_post_only(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    assert client.get(reverse("exams:analysis-rescore", args=[blueprint.pk])).status_code == 405


def test_the_export_is_an_xlsx_file(client, auditor, blueprint):
    client.force_login(auditor)
    response = client.get(reverse("exams:analysis-export", args=[blueprint.pk]))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="analisis-butir-')


def test_an_empty_blueprint_list_shows_the_empty_state(client, db):
    client.force_login(UserFactory.create(roles=[Role.AUDITOR]))
    html = client.get(reverse("exams:analysis-blueprints")).content.decode()
    assert 'data-testid="empty-state"' in html


# --- the Auditor sees no item content before every sitting has ended


@pytest.fixture
def running_blueprint(db):
    """Three items; yesterday's sitting is over (five finished attempts); another sitting starts
    in an hour, with a participant who has not started."""
    blueprint = single_answer_blueprint(3)
    for seed, answers in enumerate(SMALL):
        take(blueprint, answers, seed=seed)
    later = SittingFactory.create(blueprint=blueprint)
    participant_for(blueprint, sitting=later)
    return blueprint


def item_text(blueprint):
    return version(blueprint, 1).text


def test_the_auditor_sees_counts_only_while_a_sitting_has_not_ended(
    client, auditor, running_blueprint
):
    blueprint = running_blueprint
    client.force_login(auditor)
    detail = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200
    assert detail.templates[0].name == "exams/analysis_hidden.html"
    assert f'data-testid="content-hidden">{CONTENT_HIDDEN}<' in html
    assert 'data-testid="count-examinees">5<' in html
    assert 'data-testid="count-items">3<' in html
    assert 'data-testid="count-sittings">1 / 2<' in html
    assert "report" not in detail.context
    for order in (1, 2, 3):
        assert version(blueprint, order).question.code not in html
    assert item_text(blueprint) not in html
    assert "kunci</span>" not in html
    item = reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 1).pk])
    export = reverse("exams:analysis-export", args=[blueprint.pk])
    refused = [client.get(item), client.get(export)]
    assert [response.status_code for response in refused] == [403, 403]
    assert all(item_text(blueprint) not in r.content.decode() for r in refused)


def test_the_admin_sees_everything_while_a_sitting_has_not_ended(
    client, hr_admin, running_blueprint
):
    blueprint = running_blueprint
    client.force_login(hr_admin)
    item = client.get(reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 1).pk]))
    assert item.status_code == 200
    assert item_text(blueprint) in item.content.decode()
    assert "kunci</span>" in item.content.decode()
    detail = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]))
    assert detail.context["report"].examinees == 5


def test_the_auditor_sees_the_content_once_every_sitting_is_over(
    client, auditor, running_blueprint
):
    blueprint = running_blueprint
    client.force_login(auditor)
    item = reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 1).pk])
    assert client.get(item).status_code == 403
    # the later sitting started 101 minutes ago (100-minute exam): ended
    Sitting.objects.filter(blueprint=blueprint).update(
        starts_at=timezone.now() - dt.timedelta(minutes=101)
    )
    assert client.get(item).status_code == 200
    # but a participant there is still at work: not over
    attempt = start(blueprint, sitting=Sitting.objects.order_by("-id").first(), seed=9)
    assert client.get(item).status_code == 403
    finish(attempt)
    assert client.get(item).status_code == 200


def test_the_auditor_sees_the_content_once_the_results_are_published(
    client, auditor, running_blueprint
):
    blueprint = running_blueprint
    Blueprint.objects.filter(pk=blueprint.pk).update(results_published_at=timezone.now())
    client.force_login(auditor)
    response = client.get(
        reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 1).pk])
    )
    assert response.status_code == 200
    assert item_text(blueprint) in response.content.decode()


def test_a_blueprint_without_sittings_hides_its_content_from_the_auditor(client, auditor, db):
    blueprint = single_answer_blueprint(2)
    client.force_login(auditor)
    detail = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]))
    assert 'data-testid="count-sittings">0 / 0<' in detail.content.decode()
    item = reverse("exams:analysis-item", args=[blueprint.pk, version(blueprint, 1).pk])
    assert client.get(item).status_code == 403


def test_tryouts_are_labelled_and_open_to_the_auditor(client, auditor, db):
    tryout = single_answer_blueprint(1)
    Blueprint.objects.filter(pk=tryout.pk).update(kind=ExamKind.TRYOUT, period=None)
    real = single_answer_blueprint(1)
    client.force_login(auditor)
    html = client.get(reverse("exams:analysis-blueprints")).content.decode()
    assert f'data-testid="tryout-{tryout.pk}">Tryout (latihan)</span>' in html
    assert f'data-testid="tryout-{real.pk}"' not in html
    detail = client.get(reverse("exams:analysis-detail", args=[tryout.pk]))
    assert 'data-testid="tryout-badge">Tryout (latihan)</span>' in detail.content.decode()
    item = reverse("exams:analysis-item", args=[tryout.pk, version(tryout, 1).pk])
    assert client.get(item).status_code == 200


def detail_queries(client, blueprint):
    """(queries, queries reading answer events) of one GET of the analysis page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("exams:analysis-detail", args=[blueprint.pk]))
    assert response.status_code == 200
    events = [q for q in queries.captured_queries if "exams_answerevent" in q["sql"]]
    return len(queries), len(events)


def test_the_analysis_page_costs_the_same_queries_for_any_number_of_attempts(
    client, hr_admin, blueprint
):
    decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 2),
        mode="credit_all",
        reason="Kunci ganda.",
        actor=hr_admin,
    )
    client.force_login(hr_admin)
    few = detail_queries(client, blueprint)
    for seed in range(10, 16):
        take(blueprint, {1: "B", 2: "C", 3: "A"}, seed=seed)
    # the statistics read the answer events once; the pending-rescoring check reads none
    assert (few, detail_queries(client, blueprint)) == ((14, 1), (14, 1))
