"""Setup pages under /seleksi-kompetensi/: HR writes, the Auditor reads (every write 403, nothing
changed), assessors see only the rubrics they score with, others are refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import Method, Rubric, SelectionSetup, SkbComponent
from simerit.selection.selectors.setup import ensure_setup
from simerit.selection.services.rubrics import lock_rubric
from simerit.selection.tests.factories import make_components, make_rubric
from simerit.selection.tests.factories_setup import assign, selection_events, state


@pytest.fixture
def period(db):
    period = SelectionPeriodFactory.create(name="Seleksi CASN 2026")
    ensure_setup(period)  # a stored row (so "nothing changed" compares stored values)
    return period


@pytest.fixture
def rubric(period):
    return make_rubric(period=period)


@pytest.fixture
def formasi(period, rubric):
    formasi = FormasiFactory.create(period=period, code="F-01")
    make_components(formasi, rubric=rubric)
    return formasi


@pytest.fixture
def pages(period, rubric, formasi):
    """Every page with (url, read-only page?)."""
    return {
        "period-list": (reverse("selection:period-list"), True),
        "setup": (reverse("selection:setup", args=[period.pk]), True),
        "setup-edit": (reverse("selection:setup-edit", args=[period.pk]), False),
        "rubric-list": (reverse("selection:rubric-list", args=[period.pk]), True),
        "rubric-create": (reverse("selection:rubric-create", args=[period.pk]), False),
        "rubric-detail": (reverse("selection:rubric-detail", args=[rubric.pk]), True),
        "rubric-edit": (reverse("selection:rubric-edit", args=[rubric.pk]), False),
        "rubric-delete": (reverse("selection:rubric-delete", args=[rubric.pk]), False),
        "formasi-list": (reverse("selection:formasi-list", args=[period.pk]), True),
        "components": (reverse("selection:components", args=[formasi.pk]), True),
        "components-copy": (reverse("selection:components-copy", args=[formasi.pk]), False),
    }


def setup_data(**changes):
    data = {
        "skd_max": "550",
        "cut_multiplier": "3",
        "skd_weight": "40",
        "skb_weight": "60",
        "min_cat_weight": "60",
        "max_additional_components": "1",
        "max_interview_weight": "10",
        "result_sanggah_days": "3",
    }
    return {**data, **changes}


def rubric_data(criteria, **changes):
    """The rubric form plus its criteria formset; `criteria` is [(name, weight, {level: text})]."""
    data = {
        "name": "Wawancara terstruktur",
        "method": Method.INTERVIEW,
        "min_level": "1",
        "max_level": "3",
        "description": "",
        "case_material": "",
        "kriteria-TOTAL_FORMS": str(len(criteria)),
        "kriteria-INITIAL_FORMS": "0",
        "kriteria-MIN_NUM_FORMS": "0",
        "kriteria-MAX_NUM_FORMS": "1000",
    }
    for index, (name, weight, anchors) in enumerate(criteria):
        data[f"kriteria-{index}-name"] = name
        data[f"kriteria-{index}-weight"] = weight
        data[f"kriteria-{index}-description"] = ""
        for level, text in anchors.items():
            data[f"kriteria-{index}-anchor_{level}"] = text
    return {**data, **changes}


def anchors(name, levels=(1, 2, 3)):
    return {level: f"{name} skor {level}" for level in levels}


def component_data(rows, *, initial=0):
    """The components formset; each row a dict of field values."""
    data = {
        "komponen-TOTAL_FORMS": str(len(rows)),
        "komponen-INITIAL_FORMS": str(initial),
        "komponen-MIN_NUM_FORMS": "0",
        "komponen-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        base = {
            "assessors_per_candidate": "2",
            "max_spread": "15",
            "aggregation": "mean",
            "is_blind": "on",
        }
        for name, value in {**base, **row}.items():
            data[f"komponen-{index}-{name}"] = value
    return data


def cat_row(weight="60"):
    return {
        "order": "1",
        "method": "cat",
        "name": "SKB-CAT",
        "weight": weight,
        "cat_max_score": "500",
    }


def assessed_row(rubric, weight="40"):
    return {
        "order": "2",
        "method": rubric.method,
        "name": "Simulasi kasus",
        "weight": weight,
        "rubric": str(rubric.pk),
        "max_spread": "12,5",
    }


# --- who may see what


def test_anonymous_visitors_are_sent_to_the_login_page(client, pages):
    for url, _ in pages.values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_hr_opens_every_page(client, hr_admin, pages):
    client.force_login(hr_admin)

    assert {name: client.get(url).status_code for name, (url, _) in pages.items()} == dict.fromkeys(
        pages, 200
    )


def test_the_auditor_reads_but_is_refused_every_write(client, auditor, pages, rubric, formasi):
    client.force_login(auditor)
    before = state()

    reads = {name: client.get(url).status_code for name, (url, read) in pages.items() if read}
    write_pages = {
        name: client.get(url).status_code for name, (url, read) in pages.items() if not read
    }
    posts = {
        name: client.post(url, {}).status_code
        for name, (url, _) in pages.items()
        if name not in {"period-list", "setup", "rubric-list", "rubric-detail", "formasi-list"}
    }
    posts["components-filled"] = client.post(
        pages["components"][0], component_data([cat_row("100")])
    ).status_code

    assert set(reads.values()) == {200}
    assert set(write_pages.values()) == {403}
    assert set(posts.values()) == {403}
    assert state() == before


def test_reading_a_period_without_a_setup_writes_no_row(client, auditor, hr_admin):
    # given: a period nobody has configured yet
    fresh = SelectionPeriodFactory.create(name="Seleksi PPPK 2026")
    urls = [
        reverse("selection:setup", args=[fresh.pk]),
        reverse("selection:ranking", args=[fresh.pk]),
        reverse("selection:formasi-list", args=[fresh.pk]),
        reverse("selection:rubric-list", args=[fresh.pk]),
        f"/api/v1/selection/periods/{fresh.pk}/setup",
    ]
    before = SelectionSetup.objects.count()
    # when: the Auditor reads every page, and HR opens the edit form
    client.force_login(auditor)
    codes = [client.get(url).status_code for url in urls]
    setup_page = client.get(urls[0])
    client.force_login(hr_admin)
    edit_form = client.get(reverse("selection:setup-edit", args=[fresh.pk]))
    # then: the national defaults are shown, and no row was created
    assert codes == [200, 200, 200, 200, 200]
    assert edit_form.status_code == 200
    assert SelectionSetup.objects.count() == before
    assert not SelectionSetup.objects.filter(period=fresh).exists()
    assert setup_page.context["cut_multiplier"] == 3
    assert edit_form.context["form"].initial["skd_weight"] == Decimal("40.00")


def test_the_auditor_sees_no_edit_controls(client, auditor, pages):
    client.force_login(auditor)

    components = client.get(pages["components"][0])
    setup = client.get(pages["setup"][0])

    assert components.context["formset"] is None
    assert b"Simpan komponen" not in components.content
    assert b"Ubah pengaturan" not in setup.content


@pytest.mark.parametrize("persona", ["assessor", "applicant", "verifier"])
def test_other_roles_are_refused_and_rubrics_are_hidden(client, request, pages, persona):
    client.force_login(request.getfixturevalue(persona))

    codes = {name: client.get(url).status_code for name, (url, _) in pages.items()}

    assert codes == {name: 404 if name == "rubric-detail" else 403 for name in pages}


def test_an_assigned_assessor_reads_the_rubric_only(client, assessor, rubric, formasi):
    assign(formasi.skb_components.get(order=2), assessor=assessor)
    client.force_login(assessor)

    response = client.get(reverse("selection:rubric-detail", args=[rubric.pk]))

    assert response.status_code == 200
    assert response.context["reader"] is False
    assert response.context["used_by"] == []
    assert "Penilaian klinis: perilaku tingkat 5" in response.content.decode()
    assert b"Ubah rubrik" not in response.content
    assert client.get(reverse("selection:rubric-list", args=[rubric.period_id])).status_code == 403


# --- setup


def test_hr_saves_the_setup(client, hr_admin, period):
    client.force_login(hr_admin)

    response = client.post(
        reverse("selection:setup-edit", args=[period.pk]),
        setup_data(skd_weight="37,5", skb_weight="62.5", result_sanggah_days="5"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("selection:setup", args=[period.pk])
    setup = SelectionSetup.objects.get(period=period)
    assert (setup.skd_weight, setup.skb_weight, setup.result_sanggah_days) == (
        Decimal("37.5"),
        Decimal("62.5"),
        5,
    )
    page = client.get(response["Location"]).content.decode()
    assert "37,5 %" in page
    assert "5 hari kalender" in page


def test_hr_allows_the_interview_with_its_maximum_weight(client, hr_admin, period):
    client.force_login(hr_admin)

    response = client.post(
        reverse("selection:setup-edit", args=[period.pk]),
        setup_data(allow_interview="on", max_interview_weight="7,5"),
    )

    assert response.status_code == 302
    setup = SelectionSetup.objects.get(period=period)
    assert (setup.allow_interview, setup.max_interview_weight) == (True, Decimal("7.5"))
    event = selection_events().get()
    assert (event.action, event.changes) == (
        "selection.setup.updated",
        {"allow_interview": [False, True], "max_interview_weight": ["10.00", "7.50"]},
    )
    values = client.get(response["Location"]).context["rows"]
    assert values[6:8] == [
        ("Wawancara sebagai SKB tambahan", "Boleh"),
        ("Bobot maksimal wawancara di dalam SKB", "7,5 %"),
    ]


def test_an_interview_weight_out_of_range_shows_the_message_and_changes_nothing(
    client, hr_admin, period
):
    client.force_login(hr_admin)
    before = state()

    response = client.post(
        reverse("selection:setup-edit", args=[period.pk]),
        setup_data(allow_interview="on", max_interview_weight="101"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "max_interview_weight": ["Bobot maksimal wawancara harus antara 0 dan 100."]
    }
    assert state() == before


def test_weights_not_summing_to_100_show_the_message_and_change_nothing(client, hr_admin, period):
    client.force_login(hr_admin)
    before = state()

    response = client.post(
        reverse("selection:setup-edit", args=[period.pk]),
        setup_data(skd_weight="40", skb_weight="50"),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Jumlah bobot SKD dan SKB harus tepat 100 %; sekarang 90 %."
    ]
    assert "Jumlah bobot SKD dan SKB harus tepat 100 %; sekarang 90 %." in response.content.decode()
    assert state() == before
    assert SelectionSetup.objects.get(period=period).skb_weight == Decimal(60)


# --- rubrics


def test_hr_creates_a_rubric_with_its_anchors(client, hr_admin, period):
    client.force_login(hr_admin)
    data = rubric_data(
        [("Struktur jawaban", "70", anchors("Struktur")), ("Sikap", "30", anchors("Sikap"))]
    )

    response = client.post(reverse("selection:rubric-create", args=[period.pk]), data)

    rubric = Rubric.objects.get(name="Wawancara terstruktur")
    assert response["Location"] == reverse("selection:rubric-detail", args=[rubric.pk])
    assert [
        (item.name, item.weight, [anchor.description for anchor in item.anchors.order_by("level")])
        for item in rubric.criteria.order_by("order")
    ] == [
        (
            "Struktur jawaban",
            Decimal(70),
            ["Struktur skor 1", "Struktur skor 2", "Struktur skor 3"],
        ),
        ("Sikap", Decimal(30), ["Sikap skor 1", "Sikap skor 2", "Sikap skor 3"]),
    ]


def test_a_missing_anchor_and_a_bad_weight_sum_are_shown_on_the_form(client, hr_admin, period):
    client.force_login(hr_admin)
    before = state()
    data = rubric_data(
        [
            ("Struktur jawaban", "70", anchors("Struktur", levels=(1, 3))),
            ("Sikap", "20", anchors("Sikap")),
        ]
    )

    response = client.post(reverse("selection:rubric-create", args=[period.pk]), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.non_form_errors() == ["Jumlah bobot kriteria harus tepat 100 %; sekarang 90 %."]
    assert formset.forms[0].errors == {"anchor_2": ["Jangkar perilaku skor 2 wajib diisi."]}
    assert state() == before


def test_changing_the_levels_asks_for_the_new_anchors(client, hr_admin, period):
    client.force_login(hr_admin)
    data = rubric_data([("Sikap", "100", anchors("Sikap"))], max_level="4")

    response = client.post(reverse("selection:rubric-create", args=[period.pk]), data)

    assert response.status_code == 200
    form = response.context["formset"].forms[0]
    assert [field.name for field in form.anchor_fields()] == [
        "anchor_4",
        "anchor_3",
        "anchor_2",
        "anchor_1",
    ]
    assert form.errors == {"anchor_4": ["Jangkar perilaku skor 4 wajib diisi."]}
    assert not Rubric.objects.filter(name="Wawancara terstruktur").exists()


def test_hr_edits_a_rubric_deleting_a_criterion(client, hr_admin, period):
    rubric = make_rubric(
        period=period,
        method=Method.INTERVIEW,
        criteria=(("A", Decimal(50)), ("B", Decimal(50))),
        max_level=3,
    )
    client.force_login(hr_admin)
    data = rubric_data(
        [("A", "100", anchors("A")), ("B", "50", anchors("B"))],
        **{"kriteria-INITIAL_FORMS": "2", "kriteria-1-DELETE": "on"},
    )

    response = client.post(reverse("selection:rubric-edit", args=[rubric.pk]), data)

    assert response.status_code == 302
    assert list(rubric.criteria.values_list("name", "weight")) == [("A", Decimal(100))]


def test_a_locked_rubric_sends_hr_back_with_the_reason(client, hr_admin, rubric):
    lock_rubric(rubric=rubric, actor=hr_admin)
    client.force_login(hr_admin)
    before = state()

    response = client.post(
        reverse("selection:rubric-edit", args=[rubric.pk]),
        rubric_data([("A", "100", anchors("A"))]),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("selection:rubric-detail", args=[rubric.pk]), 302)]
    assert "Rubrik ini sudah dikunci" in response.content.decode()
    assert state() == before


def test_hr_deletes_an_unused_rubric(client, hr_admin, period):
    rubric = make_rubric(period=period)
    client.force_login(hr_admin)

    response = client.post(reverse("selection:rubric-delete", args=[rubric.pk]))

    assert response["Location"] == reverse("selection:rubric-list", args=[period.pk])
    assert not Rubric.objects.filter(pk=rubric.pk).exists()


def test_a_rubric_in_use_is_not_deleted(client, hr_admin, rubric, formasi):
    client.force_login(hr_admin)
    before = state()

    response = client.post(reverse("selection:rubric-delete", args=[rubric.pk]), follow=True)

    assert "dipakai komponen SKB formasi F-01" in response.content.decode()
    assert state() == before


# --- components


def test_hr_saves_components(client, hr_admin, period, rubric):
    formasi = FormasiFactory.create(period=period, code="F-09")
    client.force_login(hr_admin)
    url = reverse("selection:components", args=[formasi.pk])

    response = client.post(url, component_data([cat_row("65"), assessed_row(rubric, "35")]))

    assert response["Location"] == url
    assert list(
        SkbComponent.objects.filter(formasi=formasi).values_list("name", "weight", "max_spread")
    ) == [("SKB-CAT", Decimal(65), Decimal(15)), ("Simulasi kasus", Decimal(35), Decimal("12.5"))]
    page = client.get(url)
    assert page.context["problems"] == []
    assert "65 %" in page.content.decode()


def test_invalid_components_show_their_errors_and_change_nothing(client, hr_admin, period, rubric):
    formasi = FormasiFactory.create(period=period)
    client.force_login(hr_admin)
    before = state()

    response = client.post(
        reverse("selection:components", args=[formasi.pk]),
        component_data([cat_row("50"), assessed_row(rubric, "40")]),
    )

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.non_form_errors() == ["Jumlah bobot komponen harus tepat 100 %; sekarang 90 %."]
    assert formset.forms[0].errors == {
        "weight": ["Bobot SKB-CAT paling sedikit 60 % (pengaturan periode); sekarang 50 %."]
    }
    assert state() == before


def test_a_forbidden_interview_is_shown_on_its_row_and_changes_nothing(client, hr_admin, period):
    formasi = FormasiFactory.create(period=period)
    interview = make_rubric(period=period, method=Method.INTERVIEW)
    client.force_login(hr_admin)
    url = reverse("selection:components", args=[formasi.pk])
    before = state()

    response = client.post(url, component_data([cat_row("90"), assessed_row(interview, "10")]))

    assert response.status_code == 200
    message = "Wawancara tidak boleh menjadi SKB tambahan untuk instansi ini (pengaturan periode)."
    assert response.context["formset"].forms[1].errors == {"method": [message]}
    assert message in response.content.decode()
    assert response.context["composition_rules"] == (
        "Pengaturan periode: tepat satu SKB-CAT dengan bobot paling sedikit 60 %; paling banyak "
        "1 SKB tambahan; wawancara tidak boleh menjadi SKB tambahan."
    )
    assert state() == before


def test_an_allowed_interview_is_saved_from_the_page(client, hr_admin, period):
    SelectionSetup.objects.filter(period=period).update(allow_interview=True)
    formasi = FormasiFactory.create(period=period)
    interview = make_rubric(period=period, method=Method.INTERVIEW)
    client.force_login(hr_admin)
    url = reverse("selection:components", args=[formasi.pk])

    response = client.post(url, component_data([cat_row("90"), assessed_row(interview, "10")]))

    assert response["Location"] == url
    assert list(formasi.skb_components.values_list("method", "weight")) == [
        ("cat", Decimal(90)),
        ("interview", Decimal(10)),
    ]
    page = client.get(url)
    assert page.context["problems"] == []
    assert (
        "wawancara boleh menjadi SKB tambahan dengan bobot paling banyak 10 %"
        in page.content.decode()
    )


def test_components_of_a_formasi_being_scored_cannot_be_posted(client, hr_admin, formasi):
    assign(formasi.skb_components.get(order=2))
    client.force_login(hr_admin)
    before = state()

    response = client.post(
        reverse("selection:components", args=[formasi.pk]),
        component_data([cat_row("100")]),
        follow=True,
    )

    assert "asesor sudah ditugaskan" in response.content.decode()
    assert response.context["formset"] is None
    assert state() == before


def test_hr_copies_components_to_formasi_of_the_same_position(client, hr_admin, period, formasi):
    same = FormasiFactory.create(period=period, code="F-02", position=formasi.position)
    client.force_login(hr_admin)

    response = client.post(
        reverse("selection:components-copy", args=[formasi.pk]), {"scope": "position"}
    )

    assert response["Location"] == reverse("selection:formasi-list", args=[period.pk])
    assert list(same.skb_components.values_list("name", "weight")) == [
        ("SKB-CAT", Decimal(60)),
        ("Simulasi kasus klinis", Decimal(40)),
    ]
    assert selection_events().filter(action="selection.components.copied").count() == 1


def test_copy_by_codes_reports_unknown_codes_and_changes_nothing(client, hr_admin, period, formasi):
    FormasiFactory.create(period=period, code="F-02")
    client.force_login(hr_admin)
    before = state()

    response = client.post(
        reverse("selection:components-copy", args=[formasi.pk]),
        {"scope": "codes", "codes": "F-02, F-77"},
    )

    assert response.context["form"].errors == {
        "codes": ["Kode tidak ditemukan di periode ini: F-77."]
    }
    assert state() == before


# --- lists


def test_the_formasi_index_shows_summaries_problems_search_and_pages(
    client, auditor, period, formasi
):
    for number in range(2, 28):
        FormasiFactory.create(period=period, code=f"F-{number:02d}")
    client.force_login(auditor)
    url = reverse("selection:formasi-list", args=[period.pk])

    first = client.get(url)
    second = client.get(url, {"page": 2})
    searched = client.get(url, {"q": "f-01"})

    assert first.context["page_obj"].paginator.num_pages == 2
    assert [(row.formasi.code, row.summary, row.problems) for row in first.context["rows"][:2]] == [
        ("F-01", "SKB-CAT 60 % + Simulasi kasus klinis 40 %", []),
        ("F-02", "—", ["Belum ada komponen SKB."]),
    ]
    assert [row.formasi.code for row in second.context["rows"]] == ["F-26", "F-27"]
    assert [row.formasi.code for row in searched.context["rows"]] == ["F-01"]
    empty = client.get(url, {"q": "tidak-ada"})
    assert b'data-testid="empty-state"' in empty.content


def test_the_setup_page_counts_formasi_with_problems(client, hr_admin, period, formasi):
    FormasiFactory.create(period=period)
    client.force_login(hr_admin)

    response = client.get(reverse("selection:setup", args=[period.pk]))

    assert response.context["problem_count"] == 1
    assert ("Bobot SKD dalam nilai akhir", "40 %") in response.context["rows"]


def test_the_period_list_links_each_period(client, hr_admin, period):
    client.force_login(hr_admin)

    response = client.get(reverse("selection:period-list"))

    assert reverse("selection:setup", args=[period.pk]) in response.content.decode()
    assert reverse("selection:formasi-list", args=[period.pk]) in response.content.decode()


def test_the_setup_page_links_every_stage_of_the_period(client, auditor, period):
    client.force_login(auditor)

    body = client.get(reverse("selection:setup", args=[period.pk])).content.decode()

    for name in (
        "selection:assessment-overview",
        "selection:ranking",
        "selection:announcement-admin",
        "selection:result-sanggah-list",
        "selection:appointments",
    ):
        assert f'href="{reverse(name, args=[period.pk])}"' in body


def test_the_period_list_links_the_stages_each_period_needs_most(client, hr_admin, period):
    client.force_login(hr_admin)

    body = client.get(reverse("selection:period-list")).content.decode()

    for name in (
        "selection:assessment-overview",
        "selection:ranking",
        "selection:announcement-admin",
    ):
        assert f'href="{reverse(name, args=[period.pk])}"' in body


def test_the_setup_page_names_the_configured_cut_multiplier(client, hr_admin, period):
    SelectionSetup.objects.update_or_create(period=period, defaults={"cut_multiplier": 2})
    client.force_login(hr_admin)

    body = client.get(reverse("selection:setup", args=[period.pk])).content.decode()

    assert "peserta SKB (2 × kuota)" in body
    assert "3 × kuota" not in body
