"""Blueprint pages: Admin BKPSDM writes, the Auditor reads, everybody else is refused."""

import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.exams.models import Blueprint, BlueprintItem, ExamKind, PassingRule
from simerit.exams.tests.factories_blueprints import fill_bank, make_blueprint, writer
from simerit.recruitment.tests.factories import SelectionPeriodFactory


@pytest.fixture
def blueprint(db):
    blueprint = make_blueprint(sections=(("TWK", 2), ("TIU", 1)), name="SKD Palembang")
    fill_bank(blueprint.bank, "TWK", 3)
    fill_bank(blueprint.bank, "TIU", 1)
    return blueprint


def url(name, *args):
    return reverse(f"exams:{name}", args=args)


# --- list


def test_list_filters_by_period_and_kind(client, hr_admin):
    period = SelectionPeriodFactory.create()
    make_blueprint(period=period, name="SKD pilihan")
    make_blueprint(name="SKD lain")
    make_blueprint(kind=ExamKind.TRYOUT, name="Tryout umum")
    client.force_login(hr_admin)

    response = client.get(url("blueprint-list"), {"period": period.pk, "kind": "skd"})

    assert response.status_code == 200
    assert [b.name for b in response.context["page_obj"]] == ["SKD pilihan"]
    assert "Tambah kisi-kisi" in response.content.decode()


def test_list_shows_an_empty_state_and_pages(client, auditor):
    client.force_login(auditor)
    response = client.get(url("blueprint-list"))
    assert 'data-testid="empty-state"' in response.content.decode()
    assert "Tambah kisi-kisi" not in response.content.decode()
    for index in range(26):
        make_blueprint(kind=ExamKind.TRYOUT, name=f"Tryout {index}")
    response = client.get(url("blueprint-list"), {"page": 2})
    assert len(response.context["page_obj"]) == 1


def test_list_answers_htmx_with_the_results_partial(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.get(url("blueprint-list"), headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "SKD Palembang" in response.content.decode()


@pytest.mark.parametrize("persona", ["proctor", "applicant", "employee", "verifier"])
def test_list_is_refused_to_other_roles(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("blueprint-list")).status_code == 403


def test_question_writer_sees_no_blueprint_page(client, blueprint):
    client.force_login(writer())
    assert client.get(url("blueprint-list")).status_code == 403
    assert client.get(url("blueprint-detail", blueprint.pk)).status_code == 403


def test_anonymous_is_sent_to_login(client, blueprint):
    response = client.get(url("blueprint-detail", blueprint.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- detail and items


def test_detail_shows_sections_items_rules_and_lock_state(client, hr_admin, blueprint):
    from simerit.exams.services.blueprints import assemble_items

    assemble_items(blueprint=blueprint, actor=hr_admin, seed=5)
    PassingRule.objects.create(blueprint=blueprint, track="", category_minimums={"TWK": 5})
    client.force_login(hr_admin)

    response = client.get(url("blueprint-detail", blueprint.pk))

    html = response.content.decode()
    overview = response.context["overview"]
    assert [
        (row.section.category.code, row.item_count, row.available) for row in overview.sections
    ] == [
        ("TWK", 2, 3),
        ("TIU", 1, 1),
    ]
    assert "Belum dikunci" in html
    assert "TWK ≥ 5" in html
    item = BlueprintItem.objects.filter(blueprint=blueprint).order_by("order")[0]
    assert url("blueprint-item", blueprint.pk, item.pk) in html
    assert "Rakit soal" in html


def test_auditor_reads_the_detail_without_write_buttons_or_question_texts(
    client, auditor, hr_admin, blueprint
):
    from simerit.exams.services.blueprints import assemble_items

    assemble_items(blueprint=blueprint, actor=hr_admin, seed=5)
    client.force_login(auditor)

    html = client.get(url("blueprint-detail", blueprint.pk)).content.decode()

    assert "Rakit soal" not in html
    assert "Atur bagian" not in html
    item = BlueprintItem.objects.filter(blueprint=blueprint)[0]
    assert url("blueprint-item", blueprint.pk, item.pk) not in html
    assert client.get(url("blueprint-item", blueprint.pk, item.pk)).status_code == 403


def test_item_page_shows_the_served_version_text(client, hr_admin, blueprint):
    from simerit.exams.services.blueprints import assemble_items

    item = assemble_items(blueprint=blueprint, actor=hr_admin, seed=5)[0]
    client.force_login(hr_admin)

    response = client.get(url("blueprint-item", blueprint.pk, item.pk))

    assert response.status_code == 200
    assert item.question_version.text in response.content.decode()
    other = make_blueprint()
    assert client.get(url("blueprint-item", other.pk, item.pk)).status_code == 404


def test_locked_detail_says_so_and_offers_no_change(client, hr_admin, blueprint):
    Blueprint.objects.filter(pk=blueprint.pk).update(locked_at=timezone.now())
    client.force_login(hr_admin)
    html = client.get(url("blueprint-detail", blueprint.pk)).content.decode()
    assert "Terkunci sejak" in html
    assert "Rakit soal" not in html
    assert "Isi ketentuan SKD nasional" not in html


def test_unknown_blueprint_is_404(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(url("blueprint-detail", 999999)).status_code == 404


# --- writing


def test_create_saves_and_goes_to_the_detail(client, hr_admin):
    period = SelectionPeriodFactory.create()
    client.force_login(hr_admin)

    response = client.post(
        url("blueprint-create"),
        {
            "name": "SKD BKN 2026",
            "kind": "skd",
            "period": period.pk,
            "delivery": "bkn",
            "duration_minutes": 100,
            "legal_basis": "KepmenPANRB 321/2024",
        },
    )

    blueprint = Blueprint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("blueprint-detail", blueprint.pk)
    assert (blueprint.delivery, blueprint.bank, blueprint.period) == ("bkn", None, period)
    assert AuditEvent.objects.filter(action="exams.blueprint.created").count() == 1


def test_create_shows_service_errors_on_the_fields(client, hr_admin):
    client.force_login(hr_admin)
    response = client.post(
        url("blueprint-create"),
        {"name": "Tryout", "kind": "tryout", "delivery": "simerit", "duration_minutes": 100},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["bank"] == [
        "Bank soal wajib diisi untuk ujian yang dilaksanakan di CAT SiMerit."
    ]
    assert Blueprint.objects.exists() is False


def test_auditor_cannot_create_or_edit(client, auditor, blueprint):
    client.force_login(auditor)
    assert client.get(url("blueprint-create")).status_code == 403
    response = client.post(url("blueprint-edit", blueprint.pk), {"name": "x"})
    assert response.status_code == 403
    assert AuditEvent.objects.exists() is False


def test_edit_changes_the_blueprint(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.post(
        url("blueprint-edit", blueprint.pk),
        {
            "name": "SKD Palembang (ubah)",
            "kind": "skd",
            "period": blueprint.period.pk,
            "delivery": "simerit",
            "bank": blueprint.bank.pk,
            "duration_minutes": 110,
            "shuffle_questions": "on",
        },
    )
    assert response.status_code == 302
    blueprint.refresh_from_db()
    assert (blueprint.name, blueprint.duration_minutes, blueprint.shuffle_options) == (
        "SKD Palembang (ubah)",
        110,
        False,
    )


def section_post(rows, *, initial=0):
    data = {
        "bagian-TOTAL_FORMS": str(len(rows)),
        "bagian-INITIAL_FORMS": str(initial),
        "bagian-MIN_NUM_FORMS": "0",
        "bagian-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"bagian-{index}-{key}"] = value
    return data


def test_sections_page_replaces_the_sections(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    data = section_post(
        [
            {
                "category": "TWK",
                "question_count": 30,
                "correct_points": 5,
                "wrong_points": 0,
                "blank_points": 0,
            },
            {
                "category": "TIU",
                "question_count": 35,
                "correct_points": 5,
                "wrong_points": 0,
                "blank_points": 0,
                "DELETE": "on",
            },
            {
                "category": "TKP",
                "question_count": 45,
                "correct_points": 5,
                "wrong_points": 0,
                "blank_points": 0,
            },
        ],
        initial=2,
    )

    response = client.post(url("blueprint-sections", blueprint.pk), data)

    assert response.status_code == 302
    assert [(s.category.code, s.question_count) for s in blueprint.sections.order_by("order")] == [
        ("TWK", 30),
        ("TKP", 45),
    ]


def test_sections_page_puts_service_errors_on_the_row(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    data = section_post(
        [
            {
                "category": "TWK",
                "question_count": 600,
                "correct_points": 5,
                "wrong_points": 0,
                "blank_points": 0,
            }
        ]
    )
    response = client.post(url("blueprint-sections", blueprint.pk), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["question_count"] == [
        "Jumlah soal harus 1 sampai 500."
    ]


def test_sections_page_offers_only_categories_of_the_kind(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.get(url("blueprint-sections", blueprint.pk))
    choices = response.context["formset"].forms[0].fields["category"].queryset
    assert sorted(c.code for c in choices) == ["TIU", "TKP", "TWK"]


def test_rules_page_writes_rules_per_track(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    data = {
        "ambang-TOTAL_FORMS": "2",
        "ambang-INITIAL_FORMS": "0",
        "ambang-MIN_NUM_FORMS": "0",
        "ambang-MAX_NUM_FORMS": "1000",
        "ambang-0-track": "",
        "ambang-0-min_TWK": "5",
        "ambang-0-min_TIU": "",
        "ambang-1-track": "cumlaude",
        "ambang-1-total_minimum": "10",
    }

    response = client.post(url("blueprint-rules", blueprint.pk), data)

    assert response.status_code == 302
    rules = PassingRule.objects.filter(blueprint=blueprint).order_by("track")
    assert [(r.track, r.category_minimums, r.total_minimum) for r in rules] == [
        ("", {"TWK": 5}, None),
        ("cumlaude", {}, 10),
    ]


def test_rules_page_shows_service_errors(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    data = {
        "ambang-TOTAL_FORMS": "1",
        "ambang-INITIAL_FORMS": "0",
        "ambang-MIN_NUM_FORMS": "0",
        "ambang-MAX_NUM_FORMS": "1000",
        "ambang-0-track": "",
        "ambang-0-min_TWK": "11",
    }
    response = client.post(url("blueprint-rules", blueprint.pk), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].non_field_errors() == [
        "Nilai minimum TWK harus 0 sampai 10."
    ]
    assert PassingRule.objects.exists() is False


def test_skd_defaults_button_fills_the_national_configuration(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.post(url("blueprint-skd-defaults", blueprint.pk), follow=True)
    assert [(s.category.code, s.question_count) for s in blueprint.sections.order_by("order")] == [
        ("TWK", 30),
        ("TIU", 35),
        ("TKP", 45),
    ]
    assert "Ketentuan SKD nasional (KepmenPANRB 321/2024) terisi" in response.content.decode()
    assert client.get(url("blueprint-skd-defaults", blueprint.pk)).status_code == 405


def test_assemble_button_draws_items_or_says_why_not(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.post(url("blueprint-assemble", blueprint.pk), {"seed": "4"}, follow=True)
    assert "Soal kisi-kisi telah dirakit dari bank soal." in response.content.decode()
    assert BlueprintItem.objects.filter(blueprint=blueprint).count() == 3

    blueprint.sections.filter(category__code="TIU").update(question_count=4)
    response = client.post(url("blueprint-assemble", blueprint.pk), follow=True)
    assert "Bank soal hanya memiliki 1 soal TIU aktif; kisi-kisi memerlukan 4." in (
        response.content.decode()
    )


def test_locked_blueprint_refuses_changes_through_the_pages(client, hr_admin, blueprint):
    Blueprint.objects.filter(pk=blueprint.pk).update(locked_at=timezone.now())
    client.force_login(hr_admin)
    response = client.post(url("blueprint-assemble", blueprint.pk), follow=True)
    assert "sudah dikunci" in response.content.decode()
    assert BlueprintItem.objects.exists() is False
    assert AuditEvent.objects.exists() is False


@pytest.mark.parametrize("name", ["blueprint-skd-defaults", "blueprint-assemble"])
def test_write_buttons_are_refused_to_the_auditor(client, auditor, blueprint, name):
    client.force_login(auditor)
    assert client.post(url(name, blueprint.pk)).status_code == 403
    assert BlueprintItem.objects.exists() is False
    assert AuditEvent.objects.exists() is False
