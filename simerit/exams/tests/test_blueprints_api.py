"""/api/v1/exams/blueprints: Admin BKPSDM writes, the Auditor reads, others get 403."""

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.exams.models import Blueprint, BlueprintItem, BlueprintSection, ExamKind, PassingRule
from simerit.exams.tests.factories import QuestionBankFactory
from simerit.exams.tests.factories_blueprints import fill_bank, make_blueprint, writer
from simerit.recruitment.tests.factories import SelectionPeriodFactory

BASE = "/api/v1/exams/blueprints"


@pytest.fixture
def blueprint(db):
    blueprint = make_blueprint(sections=(("TWK", 2), ("TIU", 1)), name="SKD API")
    fill_bank(blueprint.bank, "TWK", 2)
    fill_bank(blueprint.bank, "TIU", 2)
    return blueprint


def changed():
    return (
        Blueprint.objects.count(),
        BlueprintSection.objects.count(),
        PassingRule.objects.count(),
        BlueprintItem.objects.count(),
        AuditEvent.objects.filter(action__startswith="exams.").count(),
    )


# --- reading


def test_list_pages_and_filters(client, auditor):
    period = SelectionPeriodFactory.create()
    make_blueprint(period=period, name="SKD A")
    make_blueprint(period=period, kind=ExamKind.SKB, name="SKB A")
    make_blueprint(kind=ExamKind.TRYOUT, name="Tryout")
    client.force_login(auditor)

    body = client.get(BASE, {"period_id": period.pk, "kind": "skb"}).json()

    assert body["count"] == 1
    assert body["items"][0]["name"] == "SKB A"
    assert body["items"][0]["period_name"] == period.name
    assert body["items"][0]["section_count"] == 0
    body = client.get(BASE, {"page_size": 2, "page": 2}).json()
    assert (body["count"], body["pages"], len(body["items"])) == (3, 2, 1)


def test_detail_has_sections_rules_and_item_counts(client, hr_admin, blueprint):
    PassingRule.objects.create(
        blueprint=blueprint, track="cumlaude", category_minimums={"TIU": 4}, total_minimum=10
    )
    client.force_login(hr_admin)
    client.post(f"{BASE}/{blueprint.pk}/assemble?seed=3")

    body = client.get(f"{BASE}/{blueprint.pk}").json()

    assert body["name"] == "SKD API"
    assert body["item_count"] == 3
    assert body["maximum_total"] == 15
    assert body["sections"][0] == {
        "category": "TWK",
        "category_name": "Tes Wawasan Kebangsaan",
        "order": 0,
        "question_count": 2,
        "correct_points": 5,
        "wrong_points": 0,
        "blank_points": 0,
        "maximum": 10,
        "item_count": 2,
    }
    assert body["passing_rules"] == [
        {
            "track": "cumlaude",
            "track_label": "Lulusan cumlaude",
            "category_minimums": {"TIU": 4},
            "total_minimum": 10,
            "legal_basis": "",
        }
    ]


def test_unknown_blueprint_is_404(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(f"{BASE}/999999").json()["code"] == "not_found"


# --- writing


def test_create_a_bkn_skd(client, hr_admin):
    period = SelectionPeriodFactory.create()
    client.force_login(hr_admin)

    response = client.post(
        BASE,
        {
            "name": "SKD BKN",
            "kind": "skd",
            "period_id": period.pk,
            "delivery": "bkn",
            "duration_minutes": 100,
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["delivery"], body["bank_id"], body["period_id"]) == ("bkn", None, period.pk)
    assert body["sections"] == []


def test_create_refuses_bad_input_with_the_error_shape(client, hr_admin):
    practice = QuestionBankFactory.create(purpose="practice")
    client.force_login(hr_admin)

    response = client.post(
        BASE,
        {
            "name": "SKD",
            "kind": "skd",
            "period_id": 999999,
            "bank_id": practice.pk,
            "duration_minutes": 100,
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "period_id", "message": "Periode seleksi dengan id 999999 tidak ada."}
    ]
    response = client.post(
        BASE,
        {"name": "SKD", "kind": "skd", "bank_id": practice.pk, "duration_minutes": 100},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "period", "message": "Periode seleksi wajib diisi untuk ujian selain tryout."},
        {
            "field": "bank",
            "message": "Ujian sungguhan hanya boleh memakai bank soal ujian, bukan bank soal latihan.",
        },
    ]
    assert Blueprint.objects.exists() is False


def test_put_sections_replaces_them(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.put(
        f"{BASE}/{blueprint.pk}/sections",
        {
            "sections": [
                {"category": "TKP", "question_count": 45},
                {"category": "TWK", "question_count": 30},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [(s["category"], s["order"], s["maximum"]) for s in response.json()["sections"]] == [
        ("TKP", 0, 225),
        ("TWK", 1, 150),
    ]


def test_put_sections_names_the_bad_row(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.put(
        f"{BASE}/{blueprint.pk}/sections",
        {"sections": [{"category": "TEKNIS", "question_count": 5}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "sections.0.category", "message": "Kategori TEKNIS bukan kategori ujian SKD."}
    ]


def test_put_passing_rules(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.put(
        f"{BASE}/{blueprint.pk}/passing-rules",
        {"rules": [{"track": "", "category_minimums": {"TWK": 5, "TIU": 3}}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["passing_rules"][0]["category_minimums"] == {"TWK": 5, "TIU": 3}
    assert response.json()["passing_rules"][0]["track_label"] == "Semua jalur lain"


def test_skd_defaults_endpoint(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    body = client.post(f"{BASE}/{blueprint.pk}/skd-defaults").json()
    assert [(s["category"], s["question_count"]) for s in body["sections"]] == [
        ("TWK", 30),
        ("TIU", 35),
        ("TKP", 45),
    ]
    assert body["maximum_total"] == 550
    assert body["legal_basis"] == "KepmenPANRB 321/2024"
    assert len(body["passing_rules"]) == 5


def test_assemble_with_and_without_a_seed(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    first = client.post(f"{BASE}/{blueprint.pk}/assemble?seed=9")
    versions = list(
        BlueprintItem.objects.order_by("order").values_list("question_version_id", flat=True)
    )
    client.post(f"{BASE}/{blueprint.pk}/assemble?seed=9")
    assert first.status_code == 200
    assert first.json()["item_count"] == 3
    assert (
        list(BlueprintItem.objects.order_by("order").values_list("question_version_id", flat=True))
        == versions
    )
    assert client.post(f"{BASE}/{blueprint.pk}/assemble").status_code == 200


def test_assemble_short_bank_is_400_with_the_message(client, hr_admin, blueprint):
    blueprint.sections.filter(category__code="TIU").update(question_count=35)
    client.force_login(hr_admin)
    response = client.post(f"{BASE}/{blueprint.pk}/assemble")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Bank soal hanya memiliki 2 soal TIU aktif; kisi-kisi memerlukan 35."
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("put", "", {"name": "X", "kind": "skd", "duration_minutes": 100}),
        ("put", "/sections", {"sections": [{"category": "TWK", "question_count": 1}]}),
        ("put", "/passing-rules", {"rules": []}),
        ("post", "/skd-defaults", None),
        ("post", "/assemble", None),
    ],
)
def test_a_locked_blueprint_answers_409_and_changes_nothing(
    client, hr_admin, blueprint, method, path, body
):
    Blueprint.objects.filter(pk=blueprint.pk).update(locked_at=timezone.now())
    client.force_login(hr_admin)
    before = changed()
    kwargs = {"content_type": "application/json"} if body is not None else {}
    args = (body,) if body is not None else ()

    response = getattr(client, method)(f"{BASE}/{blueprint.pk}{path}", *args, **kwargs)

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert changed() == before


# --- permissions


WRITES = [
    ("post", "", {"name": "X", "kind": "tryout", "duration_minutes": 100}),
    ("put", "/{id}", {"name": "X", "kind": "skd", "duration_minutes": 100}),
    ("put", "/{id}/sections", {"sections": [{"category": "TWK", "question_count": 1}]}),
    ("put", "/{id}/passing-rules", {"rules": []}),
    ("post", "/{id}/skd-defaults", None),
    ("post", "/{id}/assemble", None),
]


@pytest.mark.parametrize("persona", ["auditor", "proctor", "applicant", "verifier", "writer"])
@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_are_403_for_everyone_but_admin(
    client, blueprint, persona, method, path, body, request
):
    user = writer() if persona == "writer" else request.getfixturevalue(persona)
    client.force_login(user)
    before = changed()
    kwargs = {"content_type": "application/json"} if body is not None else {}
    args = (body,) if body is not None else ()

    response = getattr(client, method)(BASE + path.format(id=blueprint.pk), *args, **kwargs)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert changed() == before


@pytest.mark.parametrize("persona", ["proctor", "applicant", "writer"])
def test_reads_are_403_for_others(client, blueprint, persona, request):
    client.force_login(writer() if persona == "writer" else request.getfixturevalue(persona))
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}/{blueprint.pk}").status_code == 403


def test_anonymous_gets_401(client, blueprint):
    assert client.get(BASE).status_code == 401
    assert client.post(f"{BASE}/{blueprint.pk}/assemble").status_code == 401
    assert BlueprintItem.objects.exists() is False
