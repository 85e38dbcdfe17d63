import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import ranking as selectors
from simerit.selection.selectors import ranking_digest as digest_selectors
from simerit.selection.selectors import ranking_readiness as readiness_selectors
from simerit.selection.services.cat_scores import import_cat_scores
from simerit.selection.services.cut import run_cut
from simerit.selection.services.integration import run_integration
from simerit.selection.tests.factories import SelectionSetupFactory, make_components
from simerit.selection.tests.factories_integration import (
    component_result,
    make_application,
    make_candidate,
    skb_result,
    skd_result,
)

pytestmark = pytest.mark.django_db

ABSENT = ComponentResult.Status.ABSENT
FLAGGED = ComponentResult.Status.FLAGGED


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period, cut_at=timezone.now())
    return period


def _formasi(period, code: str, quota: int = 1) -> tuple[Formasi, SkbComponent, SkbComponent]:
    formasi = FormasiFactory.create(period=period, code=code, quota=quota)
    cat, simulation = make_components(formasi)
    return formasi, cat, simulation


def _candidate(formasi, simulation, name, *, cat_total, simulation_score, **skd) -> SkbCandidate:
    """A candidate with an SKB-CAT total (None: no SKB result) and a simulation result (a score,
    ABSENT, FLAGGED, or None for none yet)."""
    candidate = make_candidate(formasi, name, **skd)
    if cat_total is not None:
        skb_result(candidate.application, cat_total)
    if simulation_score in (ABSENT, FLAGGED):
        component_result(simulation, candidate, None, status=simulation_score)
    elif simulation_score is not None:
        component_result(simulation, candidate, Decimal(simulation_score))
    return candidate


def _results(run) -> list[tuple[str, int | None, str, Decimal | None, Decimal | None]]:
    return [
        (r.application.registration_number, r.rank, r.status, r.skb_score, r.final_score)
        for r in FinalResult.objects.filter(run=run)
        .select_related("application")
        .order_by(
            "formasi__code", F("rank").asc(nulls_last=True), "application__registration_number"
        )
    ]


def _units(value: Decimal | None, places: int) -> str:
    return "" if value is None else str(int(value.scaleb(places)))


def _digest(run) -> str:
    """The run's digest computed here from the rows as the ORM reads them."""
    lines = [
        "|".join(
            [
                *(str(value) for value in (r.formasi_id, r.candidate_id, r.application_id)),
                *(str(value) for value in (r.skd_total, r.twk, r.tiu, r.tkp)),
                _units(r.skb_score, 4),
                _units(r.final_score, 4),
                _units(r.education_score, 2),
                r.birth_date.isoformat(),
                "" if r.rank is None else str(r.rank),
                r.status,
            ]
        )
        + "\n"
        for r in FinalResult.objects.filter(run=run).order_by("formasi_id", "candidate_id")
    ]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _nothing_written(events_before: int) -> None:
    assert IntegrationRun.objects.count() == 0
    assert FinalResult.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_bkn_like_example_end_to_end(hr_admin):
    # given: BKN's SKD example (§2.3) on a formasi of quota 1: A, B and C proceed
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period)
    formasi = FormasiFactory.create(period=period, quota=1, code="PRW-01")
    for name, tkp, tiu, twk in [
        ("A", 150, 110, 135),
        ("B", 148, 125, 115),
        ("D", 145, 105, 117),
        ("C", 147, 115, 105),
        ("E", 146, 112, 109),
    ]:
        skd_result(make_application(formasi, name), twk=twk, tiu=tiu, tkp=tkp)
    assert run_cut(period=period, actor=hr_admin) == 3
    _cat, simulation = make_components(formasi)  # SKB-CAT 60 % (max 500) + simulation 40 %
    for name, cat_total, simulation_score in [("A", 350, "80"), ("B", 400, "70"), ("C", 450, "90")]:
        candidate = SkbCandidate.objects.get(application__registration_number=name)
        skb_result(candidate.application, cat_total)
        component_result(simulation, candidate, Decimal(simulation_score))
    assert import_cat_scores(period=period, actor=hr_admin) == 3

    # when
    run = run_integration(period=period, actor=hr_admin)

    # then: final = 40 % × SKD/550 × 100 + 60 % × (60 % × CAT + 40 % × simulation)
    assert _results(run) == [
        # C: 40 % × 367/550 × 100 + 60 % × 90 = 26.690909… + 54 = 80.690909…
        ("C", 1, FinalStatus.LULUS, Decimal("90.0000"), Decimal("80.6909")),
        # B: 28.218181… + 60 % × (48 + 28) = 73.818181…
        ("B", 2, FinalStatus.PL, Decimal("76.0000"), Decimal("73.8182")),
        # A: 28.727272… + 60 % × (42 + 32) = 73.127272…
        ("A", 3, FinalStatus.PL, Decimal("74.0000"), Decimal("73.1273")),
    ]
    first = selectors.results_of(run, formasi).first()
    assert first is not None
    assert selectors.explain_result(first, selectors.run_settings(run), 3, 1) == (
        "peringkat 1 dari 3; kuota 1; nilai akhir 80,69 = 40 % × (367/550 × 100) + 60 % × 90,00"
    )
    assert (first.skd_total, first.twk, first.tiu, first.tkp) == (367, 105, 115, 147)
    assert (first.education_score, first.birth_date) == (
        first.application.applicant.gpa,
        first.application.applicant.birth_date,
    )


def test_a_run_records_its_settings_counts_and_one_audit_row(period, hr_admin):
    formasi, _cat, simulation = _formasi(period, "F-1", quota=1)
    _candidate(formasi, simulation, "R-1", cat_total=400, simulation_score="80")
    _candidate(formasi, simulation, "R-2", cat_total=350, simulation_score="70")
    _candidate(formasi, simulation, "R-3", cat_total=None, simulation_score=ABSENT)
    import_cat_scores(period=period, actor=hr_admin)

    run = run_integration(period=period, actor=hr_admin)

    assert (run.period, run.run_by, run.formasi_count, run.result_count) == (
        period,
        hr_admin,
        1,
        3,
    )
    snapshot = run.settings_snapshot
    assert (snapshot["skd_max"], snapshot["skd_weight"], snapshot["skb_weight"]) == (
        550,
        "40.00",
        "60.00",
    )
    assert snapshot["distinct_compositions"] == 1
    assert snapshot["common_compositions"] == [
        {
            "formasi": 1,
            "components": [
                {"method": "cat", "weight": "60.00", "aggregation": "", "cat_max_score": 500},
                {
                    "method": "case_simulation",
                    "weight": "40.00",
                    "aggregation": "mean",
                    "cat_max_score": None,
                },
            ],
        }
    ]
    event = AuditEvent.objects.get(action="selection.integration.completed")
    assert (event.actor, event.target_type, event.target_id) == (
        hr_admin,
        "selection.integrationrun",
        str(run.pk),
    )
    changes = dict(event.changes)
    duration = changes.pop("duration_ms")
    assert isinstance(duration, int)
    assert duration >= 0
    assert changes == {
        "period": period.pk,
        "formasi": 1,
        "results": 3,
        "statuses": {"lulus": 1, "p_l": 1, "tidak_lulus": 1, "mengundurkan_diri": 0},
        "skd_weight": "40.00",
        "skb_weight": "60.00",
        "skd_max": 550,
        "distinct_compositions": 1,
        "digest": _digest(run),
    }


def test_withdrawn_and_incomplete_candidates_are_unranked_and_the_next_moves_up(period, hr_admin):
    # given: quota 2; the best candidate withdrew; one absent from the simulation, one without
    # an SKB-CAT result; the withdrawn one has no simulation result and does not block
    formasi, _cat, simulation = _formasi(period, "F-1", quota=2)
    best = _candidate(formasi, simulation, "BEST", cat_total=500, simulation_score=None)
    _candidate(formasi, simulation, "SECOND", cat_total=450, simulation_score="90")
    _candidate(formasi, simulation, "THIRD", cat_total=400, simulation_score="80")
    _candidate(formasi, simulation, "FOURTH", cat_total=300, simulation_score="60")
    _candidate(formasi, simulation, "ABSENT", cat_total=480, simulation_score=ABSENT)
    _candidate(formasi, simulation, "NO-CAT", cat_total=None, simulation_score="95")
    SkbCandidate.objects.filter(pk=best.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="Diterima bekerja di tempat lain."
    )
    import_cat_scores(period=period, actor=hr_admin)

    # when
    run = run_integration(period=period, actor=hr_admin)

    # then
    rows = [(name, rank, status) for name, rank, status, _skb, _final in _results(run)]
    assert rows[:3] == [
        ("SECOND", 1, FinalStatus.LULUS),
        ("THIRD", 2, FinalStatus.LULUS),
        ("FOURTH", 3, FinalStatus.PL),
    ]
    assert sorted(rows[3:]) == [
        ("ABSENT", None, FinalStatus.TIDAK_LULUS),
        ("BEST", None, FinalStatus.MENGUNDURKAN_DIRI),
        ("NO-CAT", None, FinalStatus.TIDAK_LULUS),
    ]
    unranked = FinalResult.objects.filter(run=run, rank__isnull=True)
    assert set(unranked.values_list("final_score", "skb_score")) == {(None, None)}
    ordered = [r.application.registration_number for r in selectors.results_of(run, formasi)]
    assert ordered == ["SECOND", "THIRD", "FOURTH", "ABSENT", "NO-CAT", "BEST"]


def test_candidates_equal_on_the_whole_chain_share_a_rank_and_both_pass(period, hr_admin):
    formasi, _cat, simulation = _formasi(period, "F-1", quota=1)
    for name in ("TWIN-1", "TWIN-2"):
        _candidate(formasi, simulation, name, cat_total=400, simulation_score="80")
    _candidate(formasi, simulation, "LOWER", cat_total=400, simulation_score="79")
    import_cat_scores(period=period, actor=hr_admin)

    run = run_integration(period=period, actor=hr_admin)

    assert [(name, rank, status) for name, rank, status, _s, _f in _results(run)] == [
        ("TWIN-1", 1, FinalStatus.LULUS),
        ("TWIN-2", 1, FinalStatus.LULUS),
        ("LOWER", 3, FinalStatus.PL),
    ]


def test_each_run_writes_a_fresh_set_and_the_latest_is_current(period, hr_admin):
    formasi, _cat, simulation = _formasi(period, "F-1", quota=1)
    first_place = _candidate(formasi, simulation, "R-1", cat_total=450, simulation_score="90")
    _candidate(formasi, simulation, "R-2", cat_total=400, simulation_score="80")
    import_cat_scores(period=period, actor=hr_admin)
    first = run_integration(period=period, actor=hr_admin)
    SkbCandidate.objects.filter(pk=first_place.pk).update(withdrawn_at=timezone.now())

    second = run_integration(period=period, actor=hr_admin)

    assert selectors.latest_run(period) == second
    assert [(n, r, s) for n, r, s, _skb, _f in _results(first)] == [
        ("R-1", 1, FinalStatus.LULUS),
        ("R-2", 2, FinalStatus.PL),
    ]
    assert [(n, r, s) for n, r, s, _skb, _f in _results(second)] == [
        ("R-2", 1, FinalStatus.LULUS),
        ("R-1", None, FinalStatus.MENGUNDURKAN_DIRI),
    ]


def test_integration_before_the_cut_is_refused(hr_admin):
    period = SelectionPeriodFactory.create()
    events = AuditEvent.objects.count()

    with pytest.raises(ConflictError) as error:
        run_integration(period=period, actor=hr_admin)

    assert error.value.message == (
        "Integrasi belum dapat dijalankan: pemeringkatan SKD (peserta SKB) belum dijalankan "
        "untuk periode ini."
    )
    _nothing_written(events)


def test_integration_is_refused_while_a_composition_is_invalid(period, hr_admin):
    # given: F-2's weights sum to 90 %; F-3 has no component at all
    formasi, _cat, simulation = _formasi(period, "F-1")
    _candidate(formasi, simulation, "R-1", cat_total=400, simulation_score="80")
    bad, _bad_cat, bad_simulation = _formasi(period, "F-2")
    SkbComponent.objects.filter(pk=bad_simulation.pk).update(weight=Decimal(30))
    _candidate(bad, bad_simulation, "R-2", cat_total=400, simulation_score="80")
    make_candidate(FormasiFactory.create(period=period, code="F-3"), "R-3")
    FormasiFactory.create(period=period, code="F-4")  # no candidates: not checked
    import_cat_scores(period=period, actor=hr_admin)
    events = AuditEvent.objects.count()

    # when
    with pytest.raises(ConflictError) as error:
        run_integration(period=period, actor=hr_admin)

    # then
    assert error.value.message == (
        "Integrasi belum dapat dijalankan: susunan SKB 2 formasi belum valid (F-2: Jumlah bobot "
        "komponen 90 %; harus tepat 100 %. F-3: Belum ada komponen SKB.)."
    )
    _nothing_written(events)


def test_integration_is_refused_before_the_cat_import(period, hr_admin):
    formasi, _cat, simulation = _formasi(period, "F-1")
    _candidate(formasi, simulation, "R-1", cat_total=400, simulation_score="80")
    events = AuditEvent.objects.count()

    with pytest.raises(ConflictError) as error:
        run_integration(period=period, actor=hr_admin)

    assert error.value.message == "Integrasi belum dapat dijalankan: nilai SKB-CAT belum diimpor."
    _nothing_written(events)


def test_integration_is_refused_with_the_counts_of_what_is_missing(period, hr_admin):
    # given: after the CAT import, one more SKB result arrived; two cases are flagged, one has
    # no simulation result yet; a withdrawn candidate's missing result does not count
    formasi, _cat, simulation = _formasi(period, "F-1", quota=2)
    _candidate(formasi, simulation, "OK", cat_total=400, simulation_score="80")
    _candidate(formasi, simulation, "FLAG-1", cat_total=400, simulation_score=FLAGGED)
    _candidate(formasi, simulation, "FLAG-2", cat_total=400, simulation_score=FLAGGED)
    _candidate(formasi, simulation, "NONE-YET", cat_total=400, simulation_score=None)
    late = _candidate(formasi, simulation, "LATE", cat_total=None, simulation_score="70")
    gone = _candidate(formasi, simulation, "GONE", cat_total=None, simulation_score=None)
    gone.withdrawn_at = timezone.now()
    gone.save()
    import_cat_scores(period=period, actor=hr_admin)
    skb_result(late.application, 420)
    events = AuditEvent.objects.count()

    # when
    with pytest.raises(ConflictError) as error:
        run_integration(period=period, actor=hr_admin)

    # then
    assert error.value.message == (
        "Integrasi belum dapat dijalankan: 1 peserta memiliki hasil SKB yang belum diimpor "
        "sebagai nilai SKB-CAT (jalankan impor nilai SKB-CAT); 2 peserta masih memiliki nilai "
        "yang selisih antarasesornya melebihi batas (perlu asesor ketiga atau keputusan panel); "
        "1 peserta belum memiliki nilai komponen yang dinilai asesor."
    )
    _nothing_written(events)
    readiness = readiness_selectors.readiness(period)
    assert (readiness.candidates, readiness.withdrawn, readiness.cat_imported) == (6, 1, True)


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_runs_the_integration(period, persona, request, hr_admin):
    formasi, _cat, simulation = _formasi(period, "F-1")
    _candidate(formasi, simulation, "R-1", cat_total=400, simulation_score="80")
    import_cat_scores(period=period, actor=hr_admin)
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        run_integration(period=period, actor=request.getfixturevalue(persona))

    _nothing_written(events)


def test_integration_uses_the_weights_of_the_period(period, hr_admin):
    # given: SKD 30 % / SKB 70 %, SKD maximum 500
    SelectionSetup.objects.filter(period=period).update(
        skd_weight=Decimal(30), skb_weight=Decimal(70), skd_max=500
    )
    formasi, _cat, simulation = _formasi(period, "F-1")
    _candidate(
        formasi,
        simulation,
        "R-1",
        cat_total=333,
        simulation_score="66.6667",
        tkp=150,
        tiu=100,
        twk=100,
    )
    import_cat_scores(period=period, actor=hr_admin)

    run = run_integration(period=period, actor=hr_admin)

    # SKB = 60 % × 66.6 + 40 % × 66.6667 = 39.96 + 26.66668 = 66.62668 → 66.6267
    # final = 30 % × 350/500 × 100 + 70 % × 66.62668 = 21 + 46.638676 = 67.638676 → 67.6387
    assert _results(run) == [("R-1", 1, FinalStatus.LULUS, Decimal("66.6267"), Decimal("67.6387"))]


def test_the_digest_covers_every_column_of_every_row_of_the_run(period, hr_admin):
    formasi, _cat, simulation = _formasi(period, "F-1", quota=1)
    _candidate(formasi, simulation, "R-1", cat_total=400, simulation_score="80")
    _candidate(formasi, simulation, "R-2", cat_total=350, simulation_score="70")
    _candidate(formasi, simulation, "R-3", cat_total=None, simulation_score=ABSENT)
    import_cat_scores(period=period, actor=hr_admin)
    run = run_integration(period=period, actor=hr_admin)
    sealed = digest_selectors.run_digest(run)
    assert sealed == _digest(run) == digest_selectors.recorded_digest(run)
    first = FinalResult.objects.get(run=run, rank=1)
    assert first.final_score is not None

    for field, value in [
        ("rank", 2),
        ("status", FinalStatus.PL.value),
        ("skd_total", first.skd_total + 1),
        ("tkp", first.tkp - 1),
        ("final_score", first.final_score + Decimal("0.0001")),
        ("education_score", None),
        ("birth_date", first.birth_date.replace(year=1990)),
    ]:
        FinalResult.objects.filter(pk=first.pk).update(**{field: value})
        assert digest_selectors.run_digest(run) != sealed, field
        FinalResult.objects.filter(pk=first.pk).update(**{field: getattr(first, field)})
        assert digest_selectors.run_digest(run) == sealed, field
    FinalResult.objects.filter(pk=first.pk).delete()
    assert digest_selectors.run_digest(run) != sealed


def test_a_run_without_rows_has_the_digest_of_nothing(period, hr_admin):
    run = IntegrationRun.objects.create(
        period=period,
        run_by=hr_admin,
        run_at=timezone.now(),
        settings_snapshot={},
        formasi_count=0,
        result_count=0,
    )

    assert digest_selectors.run_digest(run) == hashlib.sha256(b"").hexdigest()
    assert digest_selectors.recorded_digest(run) is None
