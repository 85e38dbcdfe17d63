"""services/rubrics.py: criteria weights summing to 100, an anchor for every level, the lock once
scoring has begun, deletion, and lock_rubric."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import Method, Rubric, RubricAnchor, RubricCriterion
from simerit.selection.services import rubrics as services
from simerit.selection.tests.factories import make_components, make_rubric
from simerit.selection.tests.factories_setup import assign, criterion, rubric_input, state


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create(name="Seleksi CASN 2026")


@pytest.fixture
def rubric(period, hr_admin):
    return services.create_rubric(period=period, data=rubric_input(), actor=hr_admin)


def stored(rubric):
    """The rubric's criteria as (order, name, weight, {level: anchor})."""
    return [
        (
            item.order,
            item.name,
            item.weight,
            {anchor.level: anchor.description for anchor in item.anchors.order_by("level")},
        )
        for item in RubricCriterion.objects.filter(rubric=rubric).order_by("order")
    ]


def test_create_stores_the_rubric_criteria_and_every_anchor(period, hr_admin):
    rubric = services.create_rubric(period=period, data=rubric_input(), actor=hr_admin)

    rubric.refresh_from_db()
    assert (rubric.period, rubric.name, rubric.method, rubric.min_level, rubric.max_level) == (
        period,
        "Simulasi kasus gawat darurat",
        Method.CASE_SIMULATION,
        1,
        5,
    )
    assert rubric.created_by == hr_admin
    assert stored(rubric) == [
        (
            1,
            "Penilaian klinis",
            Decimal(60),
            {n: f"Penilaian klinis: perilaku skor {n}" for n in range(1, 6)},
        ),
        (2, "Komunikasi", Decimal(40), {n: f"Komunikasi: perilaku skor {n}" for n in range(1, 6)}),
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id) == (
        "selection.rubric.created",
        hr_admin,
        str(rubric.pk),
    )
    assert event.changes["period"] == "Seleksi CASN 2026"
    assert event.changes["criteria"][1] == {
        "name": "Komunikasi",
        "description": "",
        "weight": "40.00",
        "anchors": {str(n): f"Komunikasi: perilaku skor {n}" for n in range(1, 6)},
    }


def test_criteria_weights_must_sum_to_100(period, hr_admin):
    before = state()
    data = rubric_input(criteria=[criterion("A", "60"), criterion("B", "30")])

    with pytest.raises(InvalidInputError) as caught:
        services.create_rubric(period=period, data=data, actor=hr_admin)

    assert caught.value.errors == {
        "criteria": ["Jumlah bobot kriteria harus tepat 100 %; sekarang 90 %."]
    }
    assert state() == before


def test_every_level_of_every_criterion_needs_an_anchor(period, hr_admin):
    before = state()
    partial = criterion("B", "40")
    anchors = {**partial.anchors, 3: "  "}
    del anchors[5]
    data = rubric_input(
        criteria=[criterion("A", "60"), services.CriterionInput("B", Decimal(40), "", anchors)]
    )

    with pytest.raises(InvalidInputError) as caught:
        services.create_rubric(period=period, data=data, actor=hr_admin)

    assert caught.value.errors == {
        "criteria.1.anchor_3": ["Jangkar perilaku skor 3 wajib diisi."],
        "criteria.1.anchor_5": ["Jangkar perilaku skor 5 wajib diisi."],
    }
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"method": Method.CAT},
            {
                "method": [
                    "Rubrik tidak dipakai untuk SKB-CAT: nilai SKB-CAT berasal dari hasil ujian CAT."
                ]
            },
        ),
        ({"method": "tebak"}, {"method": ["Metode tidak dikenal."]}),
        ({"name": "   "}, {"name": ["Nama rubrik wajib diisi."]}),
        (
            {"min_level": 5, "max_level": 5},
            {
                "max_level": [
                    "Skor terendah harus lebih kecil dari skor tertinggi, dalam rentang 0–10."
                ]
            },
        ),
        (
            {"min_level": 1, "max_level": 11},
            {
                "max_level": [
                    "Skor terendah harus lebih kecil dari skor tertinggi, dalam rentang 0–10."
                ]
            },
        ),
        ({"criteria": []}, {"criteria": ["Isi paling sedikit satu kriteria."]}),
        (
            {"criteria": [criterion("A", "50"), criterion("a ", "50")]},
            {"criteria.1.name": ["Kriteria a tercantum dua kali."]},
        ),
        (
            {"criteria": [criterion("A", "100.5"), criterion("B", "-0.5")]},
            {
                "criteria.0.weight": ["Bobot kriteria harus lebih dari 0 dan paling besar 100."],
                "criteria.1.weight": ["Bobot kriteria harus lebih dari 0 dan paling besar 100."],
            },
        ),
        (
            {"criteria": [criterion("A", "100", levels=range(0, 6))]},
            {"criteria.0.anchors": ["Jangkar untuk skor 0 di luar rentang 1–5."]},
        ),
    ],
)
def test_invalid_rubrics_are_refused_with_their_fields(period, hr_admin, changes, errors):
    before = state()

    with pytest.raises(InvalidInputError) as caught:
        services.create_rubric(period=period, data=rubric_input(**changes), actor=hr_admin)

    assert caught.value.errors == errors
    assert state() == before


def test_levels_from_zero_need_anchors_from_zero(period, hr_admin):
    data = rubric_input(
        min_level=0, max_level=3, criteria=[criterion("A", "100", levels=range(0, 4))]
    )

    rubric = services.create_rubric(period=period, data=data, actor=hr_admin)

    assert list(
        RubricAnchor.objects.filter(criterion__rubric=rubric).values_list("level", flat=True)
    ) == [0, 1, 2, 3]


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_may_write_rubrics(request, period, rubric, persona):
    actor = request.getfixturevalue(persona)
    before = state()

    with pytest.raises(PermissionDenied):
        services.create_rubric(period=period, data=rubric_input(), actor=actor)
    with pytest.raises(PermissionDenied):
        services.update_rubric(rubric=rubric, data=rubric_input(name="X"), actor=actor)
    with pytest.raises(PermissionDenied):
        services.delete_rubric(rubric=rubric, actor=actor)
    with pytest.raises(PermissionDenied):
        services.lock_rubric(rubric=rubric, actor=actor)

    assert state() == before


def test_update_replaces_criteria_and_audits_the_difference(rubric, hr_admin):
    data = rubric_input(
        max_level=4,
        criteria=[
            criterion("Penilaian klinis", "70", levels=range(1, 5)),
            criterion("Komunikasi", "30", levels=range(1, 5)),
        ],
    )

    services.update_rubric(rubric=rubric, data=data, actor=hr_admin)

    assert [
        (order, name, weight, sorted(anchors)) for order, name, weight, anchors in stored(rubric)
    ] == [
        (1, "Penilaian klinis", Decimal(70), [1, 2, 3, 4]),
        (2, "Komunikasi", Decimal(30), [1, 2, 3, 4]),
    ]
    event = AuditEvent.objects.latest("seq")
    assert event.action == "selection.rubric.updated"
    assert sorted(event.changes) == ["criteria", "max_level"]
    assert event.changes["max_level"] == [5, 4]
    old, new = event.changes["criteria"]
    assert [item["weight"] for item in old] == ["60.00", "40.00"]
    assert [item["weight"] for item in new] == ["70.00", "30.00"]


def test_update_without_a_change_writes_no_audit_row(rubric, hr_admin):
    count = AuditEvent.objects.count()

    services.update_rubric(rubric=rubric, data=rubric_input(), actor=hr_admin)

    assert AuditEvent.objects.count() == count


def test_a_locked_rubric_is_neither_edited_nor_deleted(rubric, hr_admin):
    services.lock_rubric(rubric=rubric, actor=hr_admin)
    before = state()

    with pytest.raises(ConflictError) as edited:
        services.update_rubric(rubric=rubric, data=rubric_input(name="Baru"), actor=hr_admin)
    with pytest.raises(ConflictError) as deleted:
        services.delete_rubric(rubric=rubric, actor=hr_admin)

    assert edited.value.message == deleted.value.message == services.LOCKED
    assert services.LOCKED == (
        "Rubrik ini sudah dikunci karena penilaian dengan rubrik ini sudah dimulai; kriteria, "
        "bobot, dan jangkar perilakunya tidak dapat diubah atau dihapus lagi."
    )
    assert state() == before


def test_a_submitted_score_on_a_component_using_it_locks_the_rubric(period, hr_admin):
    rubric = make_rubric(period=period)
    _, simulation = make_components(FormasiFactory.create(period=period), rubric=rubric)
    assign(simulation)
    assert services.edit_refusal(rubric) is None

    assign(simulation, submitted=True)
    before = state()

    assert services.edit_refusal(rubric) == services.LOCKED
    with pytest.raises(ConflictError):
        services.update_rubric(rubric=rubric, data=rubric_input(), actor=hr_admin)
    assert state() == before


def test_the_method_cannot_change_while_components_use_the_rubric(period, hr_admin):
    rubric = make_rubric(period=period)
    make_components(FormasiFactory.create(period=period, code="F-01"), rubric=rubric)
    before = state()

    with pytest.raises(InvalidInputError) as caught:
        services.update_rubric(
            rubric=rubric, data=rubric_input(method=Method.INTERVIEW), actor=hr_admin
        )

    assert caught.value.errors == {
        "method": [
            "Metode tidak dapat diubah karena rubrik ini dipakai komponen SKB Simulasi kasus "
            "pada formasi F-01."
        ]
    }
    assert state() == before


def test_a_rubric_in_use_may_still_be_edited_keeping_its_method(period, hr_admin):
    rubric = make_rubric(period=period)
    make_components(FormasiFactory.create(period=period), rubric=rubric)

    services.update_rubric(rubric=rubric, data=rubric_input(), actor=hr_admin)

    assert Rubric.objects.get(pk=rubric.pk).name == "Simulasi kasus gawat darurat"


def test_delete_removes_criteria_and_anchors_and_audits(rubric, hr_admin):
    pk = rubric.pk

    services.delete_rubric(rubric=rubric, actor=hr_admin)

    assert not Rubric.objects.exists()
    assert not RubricCriterion.objects.exists()
    assert not RubricAnchor.objects.exists()
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.target_id, event.changes["name"]) == (
        "selection.rubric.deleted",
        str(pk),
        "Simulasi kasus gawat darurat",
    )


def test_a_rubric_used_by_components_is_not_deleted(period, hr_admin):
    rubric = make_rubric(period=period)
    make_components(FormasiFactory.create(period=period, code="F-02"), rubric=rubric)
    make_components(FormasiFactory.create(period=period, code="F-01"), rubric=rubric)
    before = state()

    with pytest.raises(ConflictError) as caught:
        services.delete_rubric(rubric=rubric, actor=hr_admin)

    assert caught.value.message == (
        "Rubrik ini dipakai komponen SKB formasi F-01, F-02; ganti rubrik pada komponen tersebut "
        "terlebih dahulu."
    )
    assert state() == before


def test_lock_sets_locked_at_once(rubric, hr_admin):
    locked = services.lock_rubric(rubric=rubric, actor=hr_admin)
    first = locked.locked_at
    count = AuditEvent.objects.count()

    again = services.lock_rubric(rubric=rubric, actor=hr_admin)

    assert first is not None
    assert again.locked_at == first
    assert Rubric.objects.get(pk=rubric.pk).locked_at == first
    assert AuditEvent.objects.count() == count
    assert AuditEvent.objects.filter(action="selection.rubric.locked").count() == 1


def test_the_system_may_lock_a_rubric(rubric):
    services.lock_rubric(rubric=rubric, actor=None)

    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.actor) == ("selection.rubric.locked", None)
