from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import ComponentResult, SelectionSetup
from simerit.selection.services.cat_scores import import_cat_scores
from simerit.selection.tests.factories import SelectionSetupFactory, make_components
from simerit.selection.tests.factories_integration import (
    component_result,
    make_candidate,
    skb_result,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period, cut_at=timezone.now())
    return period


@pytest.fixture
def formasi(period):
    formasi = FormasiFactory.create(period=period, code="PRW-01")
    make_components(formasi, cat_max_score=500)
    return formasi


def _cat_scores(period) -> dict[str, Decimal | None]:
    return dict(
        ComponentResult.objects.filter(candidate__period=period, component__method="cat")
        .order_by("candidate__application__registration_number")
        .values_list("candidate__application__registration_number", "score")
    )


@pytest.mark.parametrize(
    ("total", "maximum", "score"),
    [
        (362, 500, Decimal("72.4000")),
        (500, 500, Decimal("100.0000")),
        (0, 500, Decimal("0.0000")),
        (100, 300, Decimal("33.3333")),  # 33.33333…: down
        (200, 300, Decimal("66.6667")),  # 66.66666…: half up
        (1, 160000, Decimal("0.0006")),  # 0.000625: exactly half: up
    ],
)
def test_import_scales_the_skb_total_to_an_exact_score_of_four_decimals(
    period, hr_admin, total, maximum, score
):
    formasi = FormasiFactory.create(period=period)
    make_components(formasi, cat_max_score=maximum)
    candidate = make_candidate(formasi, "R-1")
    skb_result(candidate.application, total)

    assert import_cat_scores(period=period, actor=hr_admin) == 1

    assert _cat_scores(period) == {"R-1": score}


def test_import_writes_one_final_cat_result_per_candidate_with_an_skb_result(
    period, formasi, hr_admin
):
    # given: two candidates with an SKB result, one without (absent from the SKB-CAT)
    for number, total in [(1, 362), (2, 410)]:
        skb_result(make_candidate(formasi, f"R-{number}").application, total)
    make_candidate(formasi, "R-3")

    # when
    written = import_cat_scores(period=period, actor=hr_admin)

    # then
    assert written == 2
    assert _cat_scores(period) == {"R-1": Decimal("72.4000"), "R-2": Decimal("82.0000")}
    result = ComponentResult.objects.get(candidate__application__registration_number="R-1")
    assert result.status == ComponentResult.Status.FINAL
    assert result.resolution == ComponentResult.Resolution.CAT
    assert (result.aggregation, result.assessor_scores, result.spread) == ("", [], None)
    assert (result.panel_members, result.panel_note, result.decided_by) == ("", "", None)
    assert result.decided_at == result.created_at == result.updated_at


def test_import_again_replaces_the_cat_results_and_keeps_the_assessed_ones(
    period, formasi, hr_admin
):
    # given: imported once, then the SKB result was corrected
    _cat, simulation = formasi.skb_components.order_by("order")
    candidate = make_candidate(formasi, "R-1")
    exam = skb_result(candidate.application, 300)
    component_result(simulation, candidate, Decimal("80.5000"))
    import_cat_scores(period=period, actor=hr_admin)
    exam.total = 400
    exam.save()

    # when
    assert import_cat_scores(period=period, actor=hr_admin) == 1

    # then
    assert _cat_scores(period) == {"R-1": Decimal("80.0000")}
    assert ComponentResult.objects.get(component=simulation).score == Decimal("80.5000")
    events = AuditEvent.objects.filter(action="selection.cat_scores.imported").order_by("seq")
    assert [(e.changes["results"], e.changes["replaced"]) for e in events] == [(1, 0), (1, 1)]


def test_import_refuses_totals_above_the_configured_maximum_and_changes_nothing(
    period, formasi, hr_admin
):
    # given: an earlier import, then two results above the maximum of 500
    first = make_candidate(formasi, "R-1")
    skb_result(first.application, 400)
    import_cat_scores(period=period, actor=hr_admin)
    skb_result(make_candidate(formasi, "R-2").application, 520)
    skb_result(make_candidate(formasi, "R-3").application, 501)
    events = AuditEvent.objects.count()

    # when
    with pytest.raises(ConflictError) as error:
        import_cat_scores(period=period, actor=hr_admin)

    # then
    assert error.value.message == (
        "Impor nilai SKB-CAT dibatalkan: 2 hasil SKB melebihi nilai maksimum SKB-CAT yang "
        "ditetapkan pada komponen formasinya. Periksa nilai maksimum komponen SKB-CAT atau hasil "
        "ujian SKB."
    )
    assert _cat_scores(period) == {"R-1": Decimal("80.0000")}
    assert AuditEvent.objects.count() == events


def test_import_before_the_cut_is_refused(hr_admin):
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period)

    with pytest.raises(ConflictError) as error:
        import_cat_scores(period=period, actor=hr_admin)

    assert error.value.message == (
        "Nilai SKB-CAT belum dapat diimpor: pemeringkatan SKD (peserta SKB) belum dijalankan."
    )


def test_import_without_a_cat_component_is_refused(period, hr_admin):
    candidate = make_candidate(FormasiFactory.create(period=period), "R-1")
    skb_result(candidate.application, 400)

    with pytest.raises(ConflictError) as error:
        import_cat_scores(period=period, actor=hr_admin)

    assert error.value.message == (
        "Nilai SKB-CAT belum dapat diimpor: belum ada komponen SKB-CAT pada formasi periode ini."
    )
    assert ComponentResult.objects.count() == 0


def test_import_leaves_other_periods_alone(period, formasi, hr_admin):
    other = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=other, cut_at=timezone.now())
    other_formasi = FormasiFactory.create(period=other)
    make_components(other_formasi)
    skb_result(make_candidate(other_formasi, "OTHER").application, 250)
    import_cat_scores(period=other, actor=hr_admin)
    skb_result(make_candidate(formasi, "R-1").application, 400)

    import_cat_scores(period=period, actor=hr_admin)

    assert _cat_scores(other) == {"OTHER": Decimal("50.0000")}
    assert _cat_scores(period) == {"R-1": Decimal("80.0000")}


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_imports_cat_scores(period, formasi, persona, request, hr_admin):
    # given: an earlier import, then the SKB result was corrected (a re-import would replace it)
    exam = skb_result(make_candidate(formasi, "R-1").application, 400)
    import_cat_scores(period=period, actor=hr_admin)
    exam.total = 300
    exam.save()
    rows = list(ComponentResult.objects.order_by("pk").values())
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied) as error:
        import_cat_scores(period=period, actor=request.getfixturevalue(persona))

    assert str(error.value) == "Hanya Admin BKPSDM yang dapat mengimpor nilai SKB-CAT."
    assert _cat_scores(period) == {"R-1": Decimal("80.0000")}
    assert list(ComponentResult.objects.order_by("pk").values()) == rows
    assert AuditEvent.objects.count() == events


def test_an_import_records_one_audit_row_with_its_counts(period, formasi, hr_admin):
    for number, total in [(1, 362), (2, 410)]:
        skb_result(make_candidate(formasi, f"R-{number}").application, total)
    make_candidate(formasi, "R-3")

    import_cat_scores(period=period, actor=hr_admin)

    event = AuditEvent.objects.get(action="selection.cat_scores.imported")
    setup = SelectionSetup.objects.get(period=period)
    assert (event.actor, event.target_type, event.target_id) == (
        hr_admin,
        "selection.selectionsetup",
        str(setup.pk),
    )
    changes = dict(event.changes)
    duration = changes.pop("duration_ms")
    assert isinstance(duration, int)
    assert duration >= 0
    assert changes == {
        "period": period.pk,
        "results": 2,
        "replaced": 0,
        "cat_components": 1,
        "candidates": 3,
    }
