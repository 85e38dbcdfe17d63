"""SKP planning services: creating one's own SKP, the RHK and their cascade, indicators and their
targets, submit / approve / return, and the pejabat penilai's expectations."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.organization.models import Position
from simerit.performance.models import (
    Appraisal,
    BehaviourValue,
    Expectation,
    Indicator,
    PerformanceYear,
    Predikat,
    Rating,
    Skp,
    WorkResult,
)
from simerit.performance.services import planning as services
from simerit.performance.services import planning_results as results
from simerit.performance.services.planning_results import IndicatorInput, ResultInput
from simerit.performance.tests.factories import make_skp, make_team
from simerit.performance.tests.factories_planning import complete_skp, planning_year, result_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def year():
    return planning_year()


def indicator(**changes: object) -> IndicatorInput:
    values: dict[str, object] = {
        "aspect": "kuantitas",
        "text": "Jumlah laporan",
        "target": Decimal("12"),
        "unit": "dokumen",
    }
    values.update(changes)
    return IndicatorInput(**values)  # type: ignore[arg-type]


def snapshot() -> tuple[int, int, int, int]:
    return (
        WorkResult.objects.count(),
        Indicator.objects.count(),
        Skp.objects.count(),
        AuditEvent.objects.count(),
    )


# --- create_skp


def test_create_skp_copies_the_header_from_the_employee_and_audits(team, year):
    staff = team.staff[1]

    skp = services.create_skp(year=year, actor=team.user(staff))

    assert (skp.employee, skp.work_unit, skp.position) == (staff, staff.work_unit, staff.position)
    assert (skp.evaluator, skp.evaluator_superior, skp.status) == (team.chief, team.head, "draft")
    event = AuditEvent.objects.get(action="performance.skp.created")
    assert event.changes["evaluator_id"] == team.chief.pk
    assert event.changes["evaluator_superior_id"] == team.head.pk


def test_create_skp_refused_without_supervisor_twice_or_in_a_closed_year(team, year):
    with pytest.raises(DomainError, match="belum memiliki atasan langsung"):
        services.create_skp(year=year, actor=team.user(team.head))
    services.create_skp(year=year, actor=team.user(team.staff[1]))
    with pytest.raises(
        ConflictError, match=re.escape("Anda sudah memiliki SKP untuk periode 2026.")
    ):
        services.create_skp(year=year, actor=team.user(team.staff[1]))
    year.status = PerformanceYear.Status.CLOSED
    year.save()
    with pytest.raises(
        DomainError, match=re.escape("Periode penilaian kinerja 2026 sudah ditutup.")
    ):
        services.create_skp(year=year, actor=team.user(team.staff[2]))
    assert Skp.objects.count() == 1


def test_create_skp_refused_for_an_account_without_employee_record(year, auditor):
    with pytest.raises(PermissionDenied):
        services.create_skp(year=year, actor=auditor)
    assert Skp.objects.count() == 0


# --- results and the cascade


def test_add_result_numbers_each_kind_and_cascades_from_the_evaluator(team, year):
    chief_skp = complete_skp(team.chief, year=year)
    parent = chief_skp.results.get()
    skp = make_skp(team.staff[1], year=year)
    actor = team.user(team.staff[1])

    first = results.add_result(
        skp=skp, data=ResultInput(kind="utama", text="A", parent=parent), actor=actor
    )
    second = results.add_result(skp=skp, data=ResultInput(kind="utama", text="B"), actor=actor)
    extra = results.add_result(skp=skp, data=ResultInput(kind="tambahan", text="C"), actor=actor)

    assert [(r.kind, r.order, r.parent_id) for r in (first, second, extra)] == [
        ("utama", 1, parent.pk),
        ("utama", 2, None),
        ("tambahan", 1, None),
    ]
    assert AuditEvent.objects.filter(action="performance.result.added").count() == 3


def test_a_parent_from_a_peers_skp_is_refused_and_nothing_changes(team, year):
    peer_skp = complete_skp(team.staff[2], year=year)
    skp = make_skp(team.staff[1], year=year)
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        results.add_result(
            skp=skp,
            data=ResultInput(kind="utama", text="Cascaded wrongly", parent=peer_skp.results.get()),
            actor=team.user(team.staff[1]),
        )

    assert refused.value.message == (
        "RHK pimpinan yang diintervensi harus berasal dari SKP pejabat penilai Anda "
        "(Kabid Layan) pada periode 2026."
    )
    assert snapshot() == before


def test_a_parent_from_the_evaluators_skp_of_another_year_is_refused(team, year):
    older = complete_skp(team.chief, year=planning_year(2025))
    skp = make_skp(team.staff[1], year=year)

    with pytest.raises(DomainError, match="pada periode 2026"):
        results.add_result(
            skp=skp,
            data=ResultInput(kind="utama", text="X", parent=older.results.get()),
            actor=team.user(team.staff[1]),
        )
    assert skp.results.count() == 0


def test_a_main_result_needs_a_parent_once_the_evaluators_skp_is_approved(team, year):
    complete_skp(team.chief, year=year, status=Skp.Status.APPROVED)
    skp = make_skp(team.staff[1], year=year)
    actor = team.user(team.staff[1])

    with pytest.raises(DomainError, match="RHK utama wajib menyebutkan RHK pimpinan"):
        results.add_result(skp=skp, data=ResultInput(kind="utama", text="X"), actor=actor)
    extra = results.add_result(skp=skp, data=ResultInput(kind="tambahan", text="Y"), actor=actor)

    assert list(skp.results.all()) == [extra]


def test_perspective_only_for_jpt(team, year):
    staff_skp = make_skp(team.staff[1], year=year)
    head_position = team.head.position
    assert head_position.kind == Position.Kind.JPT_PRATAMA

    with pytest.raises(
        DomainError, match=r"Perspektif hanya diisi pada SKP pejabat pimpinan tinggi \(JPT\)."
    ):
        results.add_result(
            skp=staff_skp,
            data=ResultInput(kind="utama", text="X", perspective="anggaran"),
            actor=team.user(team.staff[1]),
        )
    team.chief.position = head_position  # a JPT with a supervisor (e.g. a sekda above)
    team.chief.save()
    chief_skp = services.create_skp(year=year, actor=team.user(team.chief))
    result = results.add_result(
        skp=chief_skp,
        data=ResultInput(kind="utama", text="Y", perspective="anggaran"),
        actor=team.user(team.chief),
    )
    assert result.perspective == "anggaran"


def test_only_the_owner_changes_results_and_only_while_editable(team, year):
    skp = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    draft = make_skp(team.staff[2], year=year)
    before = snapshot()

    with pytest.raises(DomainError, match="SKP berstatus diajukan tidak dapat diubah"):
        results.add_result(
            skp=skp, data=ResultInput(kind="utama", text="X"), actor=team.user(team.staff[1])
        )
    with pytest.raises(PermissionDenied):
        results.add_result(
            skp=draft, data=ResultInput(kind="utama", text="X"), actor=team.user(team.staff[1])
        )
    with pytest.raises(PermissionDenied):
        results.add_result(
            skp=draft, data=ResultInput(kind="utama", text="X"), actor=team.user(team.chief)
        )
    assert snapshot() == before


def test_update_result_moving_kind_renumbers_and_audits(team, year):
    skp = make_skp(team.staff[1], year=year)
    actor = team.user(team.staff[1])
    a = results.add_result(skp=skp, data=ResultInput(kind="utama", text="A"), actor=actor)
    b = results.add_result(skp=skp, data=ResultInput(kind="utama", text="B"), actor=actor)

    results.update_result(result=a, data=ResultInput(kind="tambahan", text="A2"), actor=actor)

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.kind, a.order, a.text, b.order) == ("tambahan", 1, "A2", 1)
    event = AuditEvent.objects.get(action="performance.result.updated")
    assert event.changes["text"] == ["A", "A2"]
    assert event.changes["kind"] == ["utama", "tambahan"]


def test_delete_result_renumbers_and_is_refused_when_cascaded(team, year):
    chief_skp = make_skp(team.chief, year=year)
    chief = team.user(team.chief)
    a = results.add_result(skp=chief_skp, data=ResultInput(kind="utama", text="A"), actor=chief)
    b = results.add_result(skp=chief_skp, data=ResultInput(kind="utama", text="B"), actor=chief)
    c = results.add_result(skp=chief_skp, data=ResultInput(kind="utama", text="C"), actor=chief)
    result_of(make_skp(team.staff[1], year=year), parent=c)

    results.delete_result(result=a, actor=chief)
    with pytest.raises(DomainError, match='RHK "C" tidak dapat dihapus'):
        results.delete_result(result=c, actor=chief)

    assert list(chief_skp.results.values_list("text", "order")) == [("B", 1), ("C", 2)]
    b.refresh_from_db()
    assert b.order == 1


# --- indicators


def test_add_indicator_defaults_direction_by_aspect(team, year):
    skp = make_skp(team.staff[1], year=year)
    actor = team.user(team.staff[1])
    result = result_of(skp, with_indicator=False)

    time = results.add_indicator(
        result=result, data=indicator(aspect="waktu", unit="hari"), actor=actor
    )
    cost = results.add_indicator(
        result=result, data=indicator(aspect="biaya", unit="rupiah"), actor=actor
    )
    quantity = results.add_indicator(result=result, data=indicator(), actor=actor)
    forced = results.add_indicator(
        result=result, data=indicator(aspect="waktu", lower_is_better=False), actor=actor
    )

    assert [i.lower_is_better for i in (time, cost, quantity, forced)] == [True, True, False, False]
    assert AuditEvent.objects.filter(action="performance.indicator.added").count() == 4


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (Decimal("-1"), "Target tidak boleh negatif."),
        (Decimal("10000000000"), "Target terlalu besar: paling besar 9.999.999.999,99."),
        (Decimal("1E+20"), "Target terlalu besar: paling besar 9.999.999.999,99."),
        (Decimal("1.234"), "Target paling banyak dua angka di belakang koma."),
        (Decimal("NaN"), "Target harus berupa angka."),
    ],
)
def test_bad_targets_are_refused_with_the_exact_message(team, year, target, message):
    skp = make_skp(team.staff[1], year=year)
    result = result_of(skp, with_indicator=False)
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        results.add_indicator(
            result=result, data=indicator(target=target), actor=team.user(team.staff[1])
        )

    assert refused.value.message == message
    assert snapshot() == before


def test_the_largest_target_is_accepted(team, year):
    result = result_of(make_skp(team.staff[1], year=year), with_indicator=False)

    saved = results.add_indicator(
        result=result,
        data=indicator(target=Decimal("9999999999.99")),
        actor=team.user(team.staff[1]),
    )

    saved.refresh_from_db()
    assert saved.target == Decimal("9999999999.99")


def test_update_and_delete_indicator_are_audited(team, year):
    skp = complete_skp(team.staff[1], year=year)
    actor = team.user(team.staff[1])
    saved = Indicator.objects.get(result__skp=skp)

    results.update_indicator(indicator=saved, data=indicator(target=Decimal("15")), actor=actor)
    saved.refresh_from_db()
    assert saved.target == Decimal("15")
    assert AuditEvent.objects.get(action="performance.indicator.updated").changes["target"] == [
        "12.00",
        "15",
    ]
    results.delete_indicator(indicator=saved, actor=actor)
    assert Indicator.objects.count() == 0
    assert AuditEvent.objects.filter(action="performance.indicator.deleted").count() == 1


# --- submit, approve, return


def test_submit_without_indicators_is_refused_with_the_exact_message(team, year):
    skp = make_skp(team.staff[1], year=year)
    result_of(skp, "Laporan bulanan", with_indicator=False)
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        services.submit_skp(skp=skp, actor=team.user(team.staff[1]))

    assert refused.value.message == (
        'SKP belum dapat diajukan: RHK "Laporan bulanan" belum memiliki indikator kinerja.'
    )
    skp.refresh_from_db()
    assert skp.status == "draft"
    assert snapshot() == before


def test_submit_without_a_main_result_is_refused(team, year):
    skp = make_skp(team.staff[1], year=year)
    result_of(skp, kind=WorkResult.Kind.ADDITIONAL)

    with pytest.raises(DomainError) as refused:
        services.submit_skp(skp=skp, actor=team.user(team.staff[1]))

    assert refused.value.message == (
        "SKP belum dapat diajukan: tambahkan paling sedikit satu rencana hasil kerja utama."
    )


def test_submit_refused_when_a_main_result_lacks_the_now_required_parent(team, year):
    skp = complete_skp(team.staff[1], year=year)
    complete_skp(team.chief, year=year, status=Skp.Status.APPROVED)

    with pytest.raises(DomainError, match="belum menyebutkan RHK pimpinan yang diintervensi"):
        services.submit_skp(skp=skp, actor=team.user(team.staff[1]))


def test_submit_approve_flow_records_who_and_when(team, year):
    skp = complete_skp(team.staff[1], year=year)

    services.submit_skp(skp=skp, actor=team.user(team.staff[1]))
    services.approve_skp(skp=skp, actor=team.user(team.chief))

    skp.refresh_from_db()
    assert skp.status == "approved"
    assert skp.approved_by == team.user(team.chief)
    assert skp.submitted_at is not None
    assert skp.approved_at is not None
    actions = list(
        AuditEvent.objects.filter(action__startswith="performance.skp.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["performance.skp.submitted", "performance.skp.approved"]


def test_only_the_evaluator_approves_and_only_a_submitted_skp(team, year, hr_admin, auditor):
    skp = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    draft = complete_skp(team.staff[2], year=year)
    audited = AuditEvent.objects.count()

    for actor in (team.user(team.staff[1]), team.user(team.head), hr_admin, auditor):
        with pytest.raises(PermissionDenied):
            services.approve_skp(skp=skp, actor=actor)
    with pytest.raises(DomainError, match="Hanya SKP yang berstatus diajukan"):
        services.approve_skp(skp=draft, actor=team.user(team.chief))
    skp.refresh_from_db()
    assert skp.status == "submitted"
    assert AuditEvent.objects.count() == audited


def test_return_needs_a_note_and_then_the_employee_may_edit_again(team, year):
    skp = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    chief = team.user(team.chief)

    with pytest.raises(DomainError) as refused:
        services.return_skp(skp=skp, note="   ", actor=chief)
    assert refused.value.message == "Catatan pengembalian wajib diisi."
    skp.refresh_from_db()
    assert skp.status == "submitted"

    services.return_skp(skp=skp, note="Tambahkan indikator waktu.", actor=chief)
    skp.refresh_from_db()
    assert (skp.status, skp.return_note, skp.is_editable) == (
        "returned",
        "Tambahkan indikator waktu.",
        True,
    )
    extra = results.add_result(
        skp=skp, data=ResultInput(kind="tambahan", text="Z"), actor=team.user(team.staff[1])
    )
    results.add_indicator(result=extra, data=indicator(), actor=team.user(team.staff[1]))
    services.submit_skp(skp=skp, actor=team.user(team.staff[1]))
    services.approve_skp(skp=skp, actor=chief)
    skp.refresh_from_db()
    assert (skp.status, skp.return_note) == ("approved", "")


# --- expectations


def test_the_evaluator_writes_and_rewrites_an_expectation(team, year):
    skp = complete_skp(team.staff[1], year=year)
    value = BehaviourValue.objects.get(code="1")
    chief = team.user(team.chief)

    services.set_expectation(skp=skp, value=value, text="Tanggap aduan", actor=chief)
    services.set_expectation(skp=skp, value=value, text="Tanggap aduan < 1 hari", actor=chief)

    assert Expectation.objects.get(skp=skp, value=value).text == "Tanggap aduan < 1 hari"
    events = AuditEvent.objects.filter(action="performance.expectation.written").order_by("seq")
    assert [e.changes["text"] for e in events] == [
        [None, "Tanggap aduan"],
        ["Tanggap aduan", "Tanggap aduan < 1 hari"],
    ]


def test_expectations_are_the_evaluators_only_and_not_after_the_appraisal(team, year, hr_admin):
    skp = complete_skp(team.staff[1], year=year, status=Skp.Status.APPROVED)
    value = BehaviourValue.objects.get(code="2")

    for actor in (team.user(team.staff[1]), team.user(team.head), hr_admin):
        with pytest.raises(PermissionDenied):
            services.set_expectation(skp=skp, value=value, text="X", actor=actor)
    Appraisal.objects.create(
        skp=skp,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        predikat=Predikat.BAIK,
        status=Appraisal.Status.DECIDED,
        decided_by=team.user(team.chief),
        decided_at=skp.created_at,
    )
    with pytest.raises(
        DomainError, match=re.escape("Ekspektasi tidak dapat diubah: SKP ini sudah dinilai.")
    ):
        services.set_expectation(skp=skp, value=value, text="X", actor=team.user(team.chief))
    assert Expectation.objects.count() == 0
