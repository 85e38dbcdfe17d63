"""services/components.py: replacing a formasi's SKB components (every rule of §3.2 as configured),
the refusal once scoring has begun, and copying a composition onto other formasi."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.organization.tests.factories import PositionFactory
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import Aggregation, Method, SelectionSetup, SkbComponent
from simerit.selection.selectors.setup import get_setup
from simerit.selection.services import components as services
from simerit.selection.services.components import ComponentInput
from simerit.selection.tests.factories import (
    SelectionSetupFactory,
    make_components,
    make_rubric,
)
from simerit.selection.tests.factories_setup import (
    assessed_input,
    assign,
    cat_input,
    cat_result,
    selection_events,
    state,
)

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create()


@pytest.fixture
def formasi(period):
    return FormasiFactory.create(period=period, code="F-01")


@pytest.fixture
def rubric(period):
    return make_rubric(period=period)


def rows(formasi):
    return list(
        SkbComponent.objects.filter(formasi=formasi)
        .order_by("order")
        .values_list(
            "order",
            "method",
            "name",
            "weight",
            "cat_max_score",
            "rubric",
            "assessors_per_candidate",
            "max_spread",
            "aggregation",
            "is_blind",
        )
    )


def refused(formasi, components, actor):
    with pytest.raises(InvalidInputError) as caught:
        services.save_components(formasi=formasi, components=components, actor=actor)
    return caught.value.errors


def test_save_writes_the_components_and_audits_them(formasi, rubric, hr_admin):
    opens = dt.datetime(2026, 10, 1, 8, 0, tzinfo=WIB)
    closes = dt.datetime(2026, 10, 3, 16, 0, tzinfo=WIB)
    assessed = assessed_input(rubric, scoring_opens_at=opens, scoring_closes_at=closes)

    saved = services.save_components(
        formasi=formasi, components=[assessed, cat_input()], actor=hr_admin
    )

    assert [component.order for component in saved] == [1, 2]
    assert rows(formasi) == [
        (1, "cat", "SKB-CAT", Decimal(60), 500, None, 2, Decimal(15), "mean", True),
        (
            2,
            "case_simulation",
            "Simulasi kasus",
            Decimal(40),
            None,
            rubric.pk,
            3,
            Decimal("12.5"),
            "median",
            False,
        ),
    ]
    assert saved[1].scoring_opens_at == opens
    event = selection_events().get()
    assert (event.action, event.actor, event.target_id) == (
        "selection.components.saved",
        hr_admin,
        str(formasi.pk),
    )
    assert event.changes["before"] == []
    assert event.changes["after"][1] == {
        "order": 2,
        "method": "case_simulation",
        "name": "Simulasi kasus",
        "weight": "40.00",
        "cat_max_score": None,
        "rubric": {"id": rubric.pk, "name": rubric.name},
        "assessors_per_candidate": 3,
        "max_spread": "12.50",
        "aggregation": "median",
        "is_blind": False,
        "scoring_opens_at": "2026-10-01T08:00:00+07:00",
        "scoring_closes_at": "2026-10-03T16:00:00+07:00",
    }


def test_save_replaces_the_whole_set(formasi, rubric, hr_admin):
    make_components(formasi, rubric=rubric)

    services.save_components(
        formasi=formasi, components=[cat_input(weight=Decimal(100))], actor=hr_admin
    )

    assert rows(formasi) == [
        (1, "cat", "SKB-CAT", Decimal(100), 500, None, 2, Decimal(15), "mean", True)
    ]
    event = selection_events().get()
    assert [item["name"] for item in event.changes["before"]] == [
        "SKB-CAT",
        "Simulasi kasus klinis",
    ]
    assert [item["weight"] for item in event.changes["after"]] == ["100.00"]


def test_saving_the_same_set_writes_no_audit_row(formasi, rubric, hr_admin):
    components = [cat_input(), assessed_input(rubric)]
    services.save_components(formasi=formasi, components=components, actor=hr_admin)

    services.save_components(formasi=formasi, components=components, actor=hr_admin)

    assert selection_events().count() == 1


def test_the_cat_part_keeps_the_defaults_of_the_assessed_settings(formasi, hr_admin):
    cat = cat_input(
        weight=Decimal(100),
        assessors_per_candidate=5,
        max_spread=Decimal(1),
        aggregation=Aggregation.MEDIAN,
        is_blind=False,
        scoring_opens_at=dt.datetime(2026, 10, 1, tzinfo=WIB),
    )

    services.save_components(formasi=formasi, components=[cat], actor=hr_admin)

    component = SkbComponent.objects.get()
    assert (
        component.assessors_per_candidate,
        component.max_spread,
        component.aggregation,
        component.is_blind,
        component.scoring_opens_at,
    ) == (2, Decimal(15), "mean", True, None)


def test_weights_that_do_not_sum_to_100_are_refused(formasi, rubric, hr_admin):
    before = state()

    errors = refused(formasi, [cat_input(), assessed_input(rubric, weight=Decimal(30))], hr_admin)

    assert errors == {"components": ["Jumlah bobot komponen harus tepat 100 %; sekarang 90 %."]}
    assert state() == before


def test_exactly_one_cat_component_is_required(formasi, rubric, hr_admin):
    get_setup(formasi.period)
    before = state()

    none = refused(formasi, [assessed_input(rubric, weight=Decimal(100))], hr_admin)
    two = refused(
        formasi,
        [cat_input(weight=Decimal(50)), cat_input(order=2, name="CAT 2", weight=Decimal(50))],
        hr_admin,
    )

    assert none == {"components": ["Harus ada tepat satu komponen SKB-CAT; sekarang 0."]}
    assert two == {"components": ["Harus ada tepat satu komponen SKB-CAT; sekarang 2."]}
    assert state() == before


def test_the_cat_weight_must_reach_the_period_minimum(formasi, rubric, hr_admin):
    get_setup(formasi.period)
    before = state()

    errors = refused(
        formasi,
        [cat_input(weight=Decimal("59.5")), assessed_input(rubric, weight=Decimal("40.5"))],
        hr_admin,
    )

    assert errors == {
        "components.0.weight": [
            "Bobot SKB-CAT paling sedikit 60 % (pengaturan periode); sekarang 59,5 %."
        ]
    }
    assert state() == before


def test_the_limits_follow_the_period_setup(formasi, hr_admin):
    setup = get_setup(formasi.period)
    setup.min_cat_weight = Decimal(40)
    setup.max_additional_components = 2
    setup.allow_interview = True
    setup.max_interview_weight = Decimal(30)
    setup.save()
    interview = make_rubric(period=formasi.period, method=Method.INTERVIEW)
    simulation = make_rubric(period=formasi.period)
    components = [
        cat_input(weight=Decimal(40)),
        assessed_input(simulation, weight=Decimal(30)),
        assessed_input(interview, order=3, name="Wawancara", weight=Decimal(30)),
    ]

    services.save_components(formasi=formasi, components=components, actor=hr_admin)

    assert [row[1] for row in rows(formasi)] == ["cat", "case_simulation", "interview"]


def test_more_additional_components_than_allowed_are_refused(formasi, hr_admin):
    practical = make_rubric(period=formasi.period, method=Method.PRACTICAL)
    simulation = make_rubric(period=formasi.period)
    before = state()

    errors = refused(
        formasi,
        [
            cat_input(),
            assessed_input(simulation, weight=Decimal(20)),
            assessed_input(practical, order=3, name="Praktik kerja", weight=Decimal(20)),
        ],
        hr_admin,
    )

    assert errors == {
        "components": ["Paling banyak 1 komponen SKB tambahan (pengaturan periode); sekarang 2."]
    }
    assert state() == before


def test_an_interview_is_refused_when_the_period_does_not_allow_it(formasi, hr_admin):
    interview = make_rubric(period=formasi.period, method=Method.INTERVIEW)
    before = state()

    errors = refused(
        formasi,
        [cat_input(weight=Decimal(90)), assessed_input(interview, weight=Decimal(10))],
        hr_admin,
    )

    assert errors == {
        "components.1.method": [
            "Wawancara tidak boleh menjadi SKB tambahan untuk instansi ini (pengaturan periode)."
        ]
    }
    assert state() == before


def test_an_allowed_interview_above_its_maximum_weight_is_refused(formasi, hr_admin):
    SelectionSetupFactory.create(period=formasi.period, allow_interview=True)
    interview = make_rubric(period=formasi.period, method=Method.INTERVIEW)
    before = state()

    errors = refused(
        formasi,
        [cat_input(weight=Decimal("89.5")), assessed_input(interview, weight=Decimal("10.5"))],
        hr_admin,
    )

    assert errors == {
        "components.1.weight": [
            "Bobot wawancara paling banyak 10 % dari SKB (pengaturan periode); sekarang 10,5 %."
        ]
    }
    assert state() == before


def test_an_allowed_interview_within_its_maximum_weight_is_saved(formasi, hr_admin):
    SelectionSetupFactory.create(period=formasi.period, allow_interview=True)
    interview = make_rubric(period=formasi.period, method=Method.INTERVIEW)

    services.save_components(
        formasi=formasi,
        components=[cat_input(weight=Decimal(90)), assessed_input(interview, weight=Decimal(10))],
        actor=hr_admin,
    )

    assert [(row[1], row[3]) for row in rows(formasi)] == [
        ("cat", Decimal(90)),
        ("interview", Decimal(10)),
    ]
    assert selection_events().get().action == "selection.components.saved"


def test_a_copy_of_a_forbidden_interview_is_refused(formasi, hr_admin):
    SelectionSetupFactory.create(period=formasi.period, allow_interview=True)
    interview = make_rubric(period=formasi.period, method=Method.INTERVIEW)
    services.save_components(
        formasi=formasi,
        components=[cat_input(weight=Decimal(90)), assessed_input(interview, weight=Decimal(10))],
        actor=hr_admin,
    )
    target = FormasiFactory.create(period=formasi.period, code="F-02")
    SelectionSetup.objects.filter(period=formasi.period).update(allow_interview=False)
    before = state()

    with pytest.raises(ConflictError) as caught:
        services.copy_components(source=formasi, targets=[target], actor=hr_admin)

    assert caught.value.message == (
        "Komposisi SKB formasi F-01 belum valid: Wawancara tidak boleh menjadi SKB tambahan "
        "untuk instansi ini (pengaturan periode)."
    )
    assert state() == before


def test_an_empty_set_is_refused(formasi, hr_admin):
    assert refused(formasi, [], hr_admin) == {
        "components": ["Isi paling sedikit satu komponen SKB."]
    }
    assert not selection_events().exists()


def test_the_rubric_must_be_of_the_same_period_and_method(formasi, hr_admin):
    elsewhere = make_rubric(period=SelectionPeriodFactory.create())
    interview = make_rubric(period=formasi.period, method=Method.INTERVIEW)
    interview.name = "Wawancara terstruktur"
    interview.save()
    before = state()

    other_period = refused(formasi, [cat_input(), assessed_input(elsewhere)], hr_admin)
    other_method = refused(
        formasi,
        [cat_input(), assessed_input(interview, method=Method.CASE_SIMULATION)],
        hr_admin,
    )

    assert other_period == {
        "components.1.rubric": ["Rubrik harus dari periode seleksi formasi ini."]
    }
    assert other_method == {
        "components.1.rubric": [
            "Rubrik Wawancara terstruktur untuk metode Wawancara; pilih rubrik metode "
            "Simulasi kasus."
        ]
    }
    assert state() == before


@pytest.mark.parametrize(
    ("component", "errors"),
    [
        (
            {"order": 1},
            {"components.1.order": ["Urutan 1 dipakai lebih dari satu komponen."]},
        ),
        (
            {"name": "skb-cat"},
            {"components.1.name": ["Nama komponen dipakai lebih dari satu komponen."]},
        ),
        ({"name": " "}, {"components.1.name": ["Nama komponen wajib diisi."]}),
        ({"order": 0}, {"components.1.order": ["Urutan harus paling sedikit 1."]}),
        ({"rubric": None}, {"components.1.rubric": ["Pilih rubrik penilaian untuk metode ini."]}),
        (
            {"cat_max_score": 100},
            {
                "components.1.cat_max_score": [
                    "Nilai maksimum SKB-CAT hanya untuk komponen SKB-CAT; kosongkan."
                ]
            },
        ),
        (
            {"assessors_per_candidate": 1},
            {
                "components.1.assessors_per_candidate": [
                    "Jumlah asesor per peserta harus antara 2 dan 10."
                ]
            },
        ),
        (
            {"max_spread": Decimal("100.5")},
            {"components.1.max_spread": ["Selisih maksimal antarasesor harus antara 0 dan 100."]},
        ),
        (
            {"aggregation": "modus"},
            {"components.1.aggregation": ["Aturan penggabungan nilai tidak dikenal."]},
        ),
        ({"method": "sulap"}, {"components.1.method": ["Metode tidak dikenal."]}),
        (
            {
                "scoring_opens_at": dt.datetime(2026, 10, 2, tzinfo=WIB),
                "scoring_closes_at": dt.datetime(2026, 10, 2, tzinfo=WIB),
            },
            {
                "components.1.scoring_closes_at": [
                    "Batas akhir penilaian harus setelah penilaian dibuka."
                ]
            },
        ),
    ],
)
def test_an_invalid_assessed_component_is_refused(formasi, rubric, hr_admin, component, errors):
    before = state()

    found = refused(formasi, [cat_input(), assessed_input(rubric, **component)], hr_admin)

    assert found == errors
    assert state() == before


@pytest.mark.parametrize(
    ("component", "errors"),
    [
        (
            {"cat_max_score": None},
            {"components.0.cat_max_score": ["Nilai maksimum SKB-CAT wajib diisi, 1–100000."]},
        ),
        (
            {"cat_max_score": 0},
            {"components.0.cat_max_score": ["Nilai maksimum SKB-CAT wajib diisi, 1–100000."]},
        ),
        (
            {"weight": Decimal("60.001")},
            {
                "components.0.weight": [
                    "Bobot komponen harus berupa angka dengan paling banyak dua angka di "
                    "belakang koma."
                ]
            },
        ),
    ],
)
def test_an_invalid_cat_component_is_refused(formasi, rubric, hr_admin, component, errors):
    before = state()

    found = refused(formasi, [cat_input(**component), assessed_input(rubric)], hr_admin)

    assert found == errors
    assert state() == before


def test_the_cat_part_takes_no_rubric(formasi, rubric, hr_admin):
    errors = refused(formasi, [cat_input(weight=Decimal(100), rubric=rubric)], hr_admin)

    assert errors == {"components.0.rubric": ["SKB-CAT tidak memakai rubrik; kosongkan rubrik."]}


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_may_set_components(request, formasi, rubric, persona):
    actor = request.getfixturevalue(persona)
    other = FormasiFactory.create(period=formasi.period)
    make_components(other, rubric=rubric)
    before = state()

    with pytest.raises(PermissionDenied):
        services.save_components(formasi=formasi, components=[cat_input()], actor=actor)
    with pytest.raises(PermissionDenied):
        services.copy_components(source=other, targets=[formasi], actor=actor)

    assert state() == before


def test_components_are_frozen_once_an_assessor_is_assigned(formasi, rubric, hr_admin):
    _, simulation = make_components(formasi, rubric=rubric)
    assign(simulation)
    before = state()

    with pytest.raises(ConflictError) as caught:
        services.save_components(
            formasi=formasi, components=[cat_input(weight=Decimal(100))], actor=hr_admin
        )

    assert caught.value.message == (
        "Komponen SKB formasi F-01 tidak dapat diubah lagi: asesor sudah ditugaskan untuk "
        "menilai komponennya."
    )
    assert state() == before


def test_components_are_frozen_once_a_component_result_exists(formasi, rubric, hr_admin):
    cat, _ = make_components(formasi, rubric=rubric)
    cat_result(cat)
    before = state()

    with pytest.raises(ConflictError) as caught:
        services.save_components(
            formasi=formasi, components=[cat_input(weight=Decimal(100))], actor=hr_admin
        )

    assert caught.value.message == (
        "Komponen SKB formasi F-01 tidak dapat diubah lagi: nilai komponennya sudah tercatat."
    )
    assert state() == before


# --- copying


@pytest.fixture
def nurses(period, rubric, formasi):
    """F-01 (source) with CAT 60 + case simulation 40, and two more formasi of the period."""
    make_components(formasi, rubric=rubric)
    return (
        FormasiFactory.create(period=period, code="F-02"),
        FormasiFactory.create(period=period, code="F-03"),
    )


def test_copy_gives_each_target_the_source_composition_with_one_audit_row_each(
    formasi, nurses, hr_admin
):
    second, third = nurses
    make_components(third, cat_weight=Decimal(70))

    count = services.copy_components(source=formasi, targets=[third, second], actor=hr_admin)

    assert count == 2
    assert rows(second) == rows(third) == rows(formasi)
    events = list(AuditEvent.objects.filter(action="selection.components.copied").order_by("seq"))
    assert [(event.target_id, event.changes["source"]) for event in events] == [
        (str(second.pk), "F-01"),
        (str(third.pk), "F-01"),
    ]
    assert events[0].changes["before"] == []
    assert [item["weight"] for item in events[1].changes["before"]] == ["70.00", "30.00"]
    assert [item["weight"] for item in events[1].changes["after"]] == ["60.00", "40.00"]


def test_copy_is_all_or_nothing_when_a_target_has_started(formasi, nurses, hr_admin):
    second, third = nurses
    cat, _ = make_components(third)
    cat_result(cat)
    before = state()

    with pytest.raises(ConflictError) as caught:
        services.copy_components(source=formasi, targets=[second, third], actor=hr_admin)

    assert caught.value.message == (
        "Penilaian sudah dimulai pada formasi F-03; komponen SKB-nya tidak dapat diubah lagi. "
        "Tidak ada formasi yang diubah."
    )
    assert state() == before


def test_copy_refuses_an_invalid_source(period, nurses, hr_admin):
    second, third = nurses
    before = state()

    with pytest.raises(ConflictError) as caught:
        services.copy_components(source=second, targets=[third], actor=hr_admin)

    assert caught.value.message == (
        "Komposisi SKB formasi F-02 belum valid: Belum ada komponen SKB."
    )
    assert state() == before


def test_copy_refuses_targets_of_another_period_or_the_source_itself(formasi, nurses, hr_admin):
    elsewhere = FormasiFactory.create(code="X-09")
    before = state()

    with pytest.raises(InvalidInputError) as other_period:
        services.copy_components(source=formasi, targets=[nurses[0], elsewhere], actor=hr_admin)
    with pytest.raises(InvalidInputError) as itself:
        services.copy_components(source=formasi, targets=[formasi], actor=hr_admin)
    with pytest.raises(InvalidInputError) as nothing:
        services.copy_components(source=formasi, targets=[], actor=hr_admin)

    assert other_period.value.errors == {
        "targets": ["Formasi X-09 bukan dari periode seleksi yang sama."]
    }
    assert itself.value.errors == {"targets": ["Formasi sumber tidak dapat menjadi tujuan."]}
    assert nothing.value.errors == {"targets": ["Pilih paling sedikit satu formasi tujuan."]}
    assert state() == before


def test_component_input_of_reads_a_stored_component(formasi, rubric):
    _, simulation = make_components(formasi, rubric=rubric, aggregation=Aggregation.MEDIAN)

    assert ComponentInput.of(simulation) == ComponentInput(
        order=2,
        method=Method.CASE_SIMULATION,
        name="Simulasi kasus klinis",
        weight=Decimal(40),
        rubric=rubric,
        aggregation=Aggregation.MEDIAN,
    )


def test_copy_targets_by_position_or_codes(period, formasi, hr_admin):
    from simerit.selection.selectors.setup import copy_targets

    same = FormasiFactory.create(period=period, code="F-02", position=formasi.position)
    other_position = FormasiFactory.create(
        period=period, code="F-03", position=PositionFactory.create(name="Bidan")
    )
    FormasiFactory.create(code="F-04", position=formasi.position)  # another period

    assert copy_targets(formasi, same_position=True) == ([same], [])
    assert copy_targets(formasi, codes=["f-03", "F-02", "F-04", "F-01", " "]) == (
        [same, other_position],
        ["F-04"],
    )
