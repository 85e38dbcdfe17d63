"""services/assessment_scoring.py and assessment_resolution.py: submitting scores (every refusal
changes nothing), the component result (FINAL within the spread, FLAGGED beyond), third
assessor, panel decision, absence."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.notifications.models import Notification
from simerit.recruitment.models import ConflictDeclaration
from simerit.selection.models import (
    Aggregation,
    AssessorAssignment,
    ComponentResult,
    CriterionScore,
)
from simerit.selection.services import assessment_resolution as resolution_services
from simerit.selection.services import assessment_scoring as scoring_services
from simerit.selection.tests.factories_assessment import (
    give,
    levels_for,
    make_assessors,
    make_setup,
    seeded,
    submit,
)

pytestmark = pytest.mark.django_db

Status = ComponentResult.Status
Kind = AssessorAssignment.Kind
# Weights 50/30/20 on levels 1–5: score = 10a + 6b + 4c.
# (4, 3, 5) → 78; (4, 3, 4) → 74; (3, 3, 3) → 60; (5, 5, 5) → 100.


@pytest.fixture
def case(db):
    """One candidate on a blind case simulation with two assigned assessors."""
    setup = make_setup(candidates=1)
    first, second = make_assessors("asesor.a", "asesor.b")
    one, two = give(setup.component, setup.candidates[0], [first, second])
    return setup, one, two


def stored(assignment):
    """What a refused submission must leave as it was."""
    row = AssessorAssignment.objects.get(pk=assignment.pk)
    return (
        row.score,
        row.submitted_at,
        row.note,
        CriterionScore.objects.filter(assignment=assignment).count(),
        ComponentResult.objects.count(),
        AuditEvent.objects.filter(action__startswith="selection.").count(),
    )


NOTHING = (None, None, "", 0, 0, 0)


# --- submitting


def test_submission_stores_levels_notes_and_the_rubric_score(case):
    # given
    setup, one, _ = case
    criteria = setup.criteria
    # when
    scoring_services.submit_scores(
        assignment=one,
        levels=levels_for(setup.component, 4, 3, 5),
        notes={criteria[0].pk: "  Tepat menilai tanda syok.  "},
        note="Peserta tenang.",
        actor=one.assessor,
    )
    # then
    one.refresh_from_db()
    assert (one.score, one.note, one.submitted_at is not None) == (
        Decimal("78.0000"),
        "Peserta tenang.",
        True,
    )
    assert list(
        CriterionScore.objects.filter(assignment=one).values_list("criterion_id", "level", "note")
    ) == [
        (criteria[0].pk, 4, "Tepat menilai tanda syok."),
        (criteria[1].pk, 3, ""),
        (criteria[2].pk, 5, ""),
    ]
    event = AuditEvent.objects.get(action="selection.assessment.submitted")
    assert event.changes == {
        "component": "Simulasi kasus klinis",
        "candidate": setup.candidates[0].code,
        "kind": "independent",
        "score": "78.0000",
        "levels": {"Penilaian klinis": 4, "Tindakan keperawatan": 3, "Komunikasi dengan pasien": 5},
    }
    # one of two: no result yet
    assert not ComponentResult.objects.exists()


def test_every_criterion_must_be_scored(case):
    setup, one, _ = case
    criteria = setup.criteria
    with pytest.raises(InvalidInputError) as caught:
        scoring_services.submit_scores(
            assignment=one, levels={criteria[0].pk: 4}, actor=one.assessor
        )
    assert caught.value.errors == {
        "levels": [
            "Beri skor untuk setiap kriteria. Belum diberi skor: Tindakan keperawatan, "
            "Komunikasi dengan pasien."
        ]
    }
    assert stored(one) == NOTHING


def test_a_level_outside_the_rubric_range_is_refused(case):
    setup, one, _ = case
    with pytest.raises(InvalidInputError) as caught:
        scoring_services.submit_scores(
            assignment=one, levels=levels_for(setup.component, 0, 3, 6), actor=one.assessor
        )
    assert caught.value.errors == {
        "levels": [
            'Skor kriteria "Penilaian klinis" harus bilangan bulat 1–5; yang dikirim 0.',
            'Skor kriteria "Komunikasi dengan pasien" harus bilangan bulat 1–5; yang dikirim 6.',
        ]
    }
    assert stored(one) == NOTHING


def test_a_criterion_of_another_rubric_and_overlong_notes_are_refused(case):
    setup, one, _ = case
    levels = {**levels_for(setup.component, 4, 3, 5), 999_999: 3}
    long_note = "x" * 501
    with pytest.raises(InvalidInputError) as caught:
        scoring_services.submit_scores(
            assignment=one,
            levels=levels,
            notes={setup.criteria[1].pk: long_note},
            note="y" * 3001,
            actor=one.assessor,
        )
    assert caught.value.errors == {
        "levels": ["Ada skor untuk kriteria yang tidak ada pada rubrik ini."],
        "notes": ['Catatan kriteria "Tindakan keperawatan" paling banyak 500 karakter.'],
        "note": ["Catatan umum paling banyak 3000 karakter."],
    }
    assert stored(one) == NOTHING


def test_an_assessor_cannot_score_a_case_assigned_to_someone_else(case, assessor):
    _, one, _ = case
    with pytest.raises(PermissionDenied, match=r"Penugasan penilaian ini bukan milik Anda\."):
        submit_as(one, assessor)
    assert stored(one) == NOTHING


def test_only_assessors_submit(case, hr_admin):
    _, one, _ = case
    with pytest.raises(PermissionDenied, match=r"Hanya asesor yang dapat mengirim nilai\."):
        submit_as(one, hr_admin)
    assert stored(one) == NOTHING


def submit_as(assignment, actor):
    return scoring_services.submit_scores(
        assignment=assignment, levels=levels_for(assignment.component, 4, 3, 5), actor=actor
    )


def test_after_the_deadline_nothing_is_saved(case):
    setup, one, _ = case
    closes = timezone.now() - dt.timedelta(minutes=1)
    setup.component.scoring_closes_at = closes
    setup.component.save()
    with pytest.raises(ConflictError) as caught:
        submit(one, 4, 3, 5)
    assert caught.value.message == (
        f"Batas akhir penilaian komponen Simulasi kasus klinis sudah lewat "
        f"({format_datetime_wib(closes)}); nilai tidak disimpan."
    )
    assert stored(one) == NOTHING


def test_before_scoring_opens_nothing_is_saved(case):
    setup, one, _ = case
    opens = timezone.now() + dt.timedelta(hours=2)
    setup.component.scoring_opens_at = opens
    setup.component.scoring_closes_at = opens + dt.timedelta(days=1)
    setup.component.save()
    with pytest.raises(ConflictError) as caught:
        submit(one, 4, 3, 5)
    assert caught.value.message == (
        f"Penilaian komponen Simulasi kasus klinis baru dibuka {format_datetime_wib(opens)}."
    )
    assert stored(one) == NOTHING


def test_inside_the_window_the_score_is_accepted(case):
    setup, one, _ = case
    setup.component.scoring_opens_at = timezone.now() - dt.timedelta(hours=1)
    setup.component.scoring_closes_at = timezone.now() + dt.timedelta(hours=1)
    setup.component.save()
    assert submit(one, 4, 3, 5).score == Decimal("78.0000")


def test_a_score_is_submitted_once(case):
    _, one, _ = case
    submit(one, 4, 3, 5)
    first = stored(one)
    with pytest.raises(ConflictError, match="nilai yang sudah dikirim tidak dapat diubah"):
        submit(one, 1, 1, 1)
    assert stored(one) == first
    assert AssessorAssignment.objects.get(pk=one.pk).score == Decimal("78.0000")


def test_a_withdrawn_candidate_is_not_scored(case):
    setup, one, _ = case
    candidate = setup.candidates[0]
    candidate.withdrawn_at = timezone.now()
    candidate.save()
    with pytest.raises(ConflictError, match="sudah mengundurkan diri"):
        submit(one, 4, 3, 5)
    assert stored(one) == NOTHING


# --- the component result


def test_scores_within_the_spread_become_final_by_the_component_rule(case):
    # given
    _, one, two = case
    # when
    submit(one, 4, 3, 5)  # 78
    submit(two, 4, 3, 4)  # 74
    # then
    result = ComponentResult.objects.get()
    assert (
        result.status,
        result.score,
        result.aggregation,
        result.assessor_scores,
        result.spread,
        result.resolution,
    ) == (Status.FINAL, Decimal("76.0000"), "mean", ["78.0000", "74.0000"], Decimal(4), "agreed")
    event = AuditEvent.objects.get(action="selection.component_result.finalized")
    assert event.changes["score"] == "76.0000"
    assert event.changes["resolution"] == "agreed"


def test_median_rule_over_three_independent_assessors(db):
    setup = make_setup(
        candidates=1, assessors_per_candidate=3, aggregation=Aggregation.MEDIAN, max_spread=50
    )
    assignments = give(
        setup.component, setup.candidates[0], make_assessors("asesor.a", "asesor.b", "asesor.c")
    )
    for assignment, levels in zip(assignments, [(5, 5, 5), (3, 3, 3), (4, 3, 4)], strict=True):
        submit(assignment, *levels)
    result = ComponentResult.objects.get()
    assert (result.score, result.aggregation, result.spread) == (
        Decimal("74.0000"),
        "median",
        Decimal(40),
    )


def test_a_spread_above_the_limit_flags_the_case_and_tells_hr(case, hr_admin):
    setup, one, two = case
    submit(one, 4, 3, 5)  # 78
    submit(two, 3, 3, 3)  # 60: 18 > 15
    result = ComponentResult.objects.get()
    assert (result.status, result.score, result.assessor_scores, result.spread) == (
        Status.FLAGGED,
        None,
        ["78.0000", "60.0000"],
        Decimal(18),
    )
    note = Notification.objects.get(user=hr_admin)
    assert (note.title, note.url) == (
        "Selisih nilai asesor melebihi batas",
        f"/seleksi-kompetensi/penilaian/komponen/{setup.component.pk}/",
    )
    assert note.body == (
        f"Peserta {setup.candidates[0].code} pada komponen Simulasi kasus klinis (formasi "
        f"{setup.formasi.code}): selisih 18,00 melebihi batas 15,00. Tugaskan asesor ketiga atau "
        "catat keputusan panel."
    )
    assert AuditEvent.objects.filter(action="selection.component_result.flagged").count() == 1


@pytest.fixture
def flagged(case):
    setup, one, two = case
    submit(one, 4, 3, 5)  # 78
    submit(two, 3, 3, 3)  # 60
    return setup, ComponentResult.objects.get()


def test_a_third_assessor_resolves_the_flag_by_the_component_rule(flagged, hr_admin):
    # given
    _, result = flagged
    make_assessors("asesor.c")
    # when
    third = resolution_services.assign_third_assessor(
        component_result=result, actor=hr_admin, rng=seeded(1)
    )
    # then
    assert (third.assessor.username, third.kind) == ("asesor.c", Kind.THIRD)
    assert Notification.objects.filter(
        user=third.assessor, title="Tugas penilaian SKB baru (asesor ketiga)"
    ).exists()
    # when the third assessor scores 74
    submit(third, 4, 3, 4)
    # then: the mean of 78, 60 and 74
    result.refresh_from_db()
    assert (
        result.status,
        result.score,
        result.assessor_scores,
        result.spread,
        result.resolution,
    ) == (
        Status.FINAL,
        Decimal("70.6667"),
        ["78.0000", "60.0000", "74.0000"],
        Decimal(18),
        "third_assessor",
    )
    assert [
        event.action
        for event in AuditEvent.objects.filter(action__startswith="selection.").order_by("seq")
    ] == [
        "selection.assessment.submitted",
        "selection.assessment.submitted",
        "selection.component_result.flagged",
        "selection.assessment.third_assigned",
        "selection.assessment.submitted",
        "selection.component_result.finalized",
    ]


def test_the_third_assessor_is_never_in_conflict_and_never_one_of_the_first(flagged, hr_admin):
    setup, result = flagged
    related, free = make_assessors("asesor.kerabat", "asesor.d")
    ConflictDeclaration.objects.create(
        user=related,
        relative_name="Sepupu",
        relative_nik=setup.candidates[0].application.applicant.nik,
        relation="sepupu",
    )
    for seed in range(5):
        AssessorAssignment.objects.filter(kind=Kind.THIRD).delete()
        third = resolution_services.assign_third_assessor(
            component_result=result, actor=hr_admin, rng=seeded(seed)
        )
        assert third.assessor == free


def test_third_assessor_refusals(flagged, hr_admin, auditor):
    setup, result = flagged
    # nobody else is eligible
    with pytest.raises(ConflictError) as caught:
        resolution_services.assign_third_assessor(component_result=result, actor=hr_admin)
    assert caught.value.message == (
        f"Tidak ada asesor lain yang memenuhi syarat untuk peserta {setup.candidates[0].code}: "
        "semua asesor aktif sudah menilai kasus ini atau memiliki konflik kepentingan. Catat "
        "keputusan panel."
    )
    make_assessors("asesor.c", "asesor.d")
    with pytest.raises(PermissionDenied):
        resolution_services.assign_third_assessor(component_result=result, actor=auditor)
    # after the deadline
    setup.component.scoring_closes_at = timezone.now() - dt.timedelta(minutes=1)
    setup.component.save()
    with pytest.raises(ConflictError, match="perpanjang batas akhir penilaian atau catat"):
        resolution_services.assign_third_assessor(component_result=result, actor=hr_admin)
    assert not AssessorAssignment.objects.filter(kind=Kind.THIRD).exists()
    # only once
    setup.component.scoring_closes_at = None
    setup.component.save()
    resolution_services.assign_third_assessor(component_result=result, actor=hr_admin)
    with pytest.raises(ConflictError, match="sudah memiliki asesor ketiga"):
        resolution_services.assign_third_assessor(component_result=result, actor=hr_admin)
    assert AssessorAssignment.objects.filter(kind=Kind.THIRD).count() == 1


def test_a_final_case_gets_no_third_assessor(case, hr_admin):
    _, one, two = case
    submit(one, 4, 3, 5)
    submit(two, 4, 3, 4)
    make_assessors("asesor.c")
    with pytest.raises(ConflictError, match="hanya untuk kasus yang selisih nilainya"):
        resolution_services.assign_third_assessor(
            component_result=ComponentResult.objects.get(), actor=hr_admin
        )
    assert not AssessorAssignment.objects.filter(kind=Kind.THIRD).exists()


# --- panel decision


def test_a_panel_decision_settles_the_case_and_withdraws_an_open_third_assessor(flagged, hr_admin):
    # given
    _, result = flagged
    make_assessors("asesor.c")
    resolution_services.assign_third_assessor(component_result=result, actor=hr_admin)
    # when
    resolution_services.record_panel_decision(
        component_result=result,
        score=Decimal("70.5"),
        members="dr. Rina (ketua), Ns. Budi, Ns. Sari",
        note="Panel menilai ulang rekaman simulasi: tindakan tepat, komunikasi cukup.",
        actor=hr_admin,
    )
    # then
    result.refresh_from_db()
    assert (
        result.status,
        result.score,
        result.resolution,
        result.aggregation,
        result.panel_members,
        result.decided_by,
    ) == (
        Status.FINAL,
        Decimal("70.5000"),
        "panel",
        "",
        "dr. Rina (ketua), Ns. Budi, Ns. Sari",
        hr_admin,
    )
    assert result.decided_at is not None
    assert not AssessorAssignment.objects.filter(kind=Kind.THIRD).exists()
    event = AuditEvent.objects.get(action="selection.component_result.panel_decided")
    assert event.changes["third_assessor_withdrawn"] == ["asesor.c"]
    assert event.changes["score"] == "70.5000"


def test_a_panel_decision_needs_a_score_0_to_100_members_and_a_reason(flagged, hr_admin):
    _, result = flagged
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInputError) as caught:
        resolution_services.record_panel_decision(
            component_result=result,
            score=Decimal(101),
            members="  ",
            note="Terlalu singkat.",
            actor=hr_admin,
        )
    assert caught.value.errors == {
        "score": ["Nilai keputusan panel harus angka 0–100."],
        "members": ["Tuliskan anggota panel."],
        "note": ["Tulis pertimbangan panel paling sedikit 20 karakter."],
    }
    with pytest.raises(InvalidInputError) as caught:
        resolution_services.record_panel_decision(
            component_result=result,
            score=Decimal("70.12345"),
            members="Panel A",
            note="Pertimbangan yang cukup panjang.",
            actor=hr_admin,
        )
    assert caught.value.errors == {
        "score": ["Nilai keputusan panel paling banyak 4 angka di belakang koma."]
    }
    result.refresh_from_db()
    assert (result.status, result.score, AuditEvent.objects.count()) == (
        Status.FLAGGED,
        None,
        before,
    )


def test_only_admin_bkpsdm_records_a_panel_decision_on_a_flagged_case(flagged, auditor, hr_admin):
    _, result = flagged
    decision: dict[str, Any] = {
        "score": Decimal(70),
        "members": "Panel A",
        "note": "Pertimbangan yang cukup panjang.",
    }
    with pytest.raises(PermissionDenied):
        resolution_services.record_panel_decision(
            component_result=result, actor=auditor, **decision
        )
    resolution_services.record_panel_decision(component_result=result, actor=hr_admin, **decision)
    with pytest.raises(ConflictError, match="Keputusan panel hanya untuk kasus"):
        resolution_services.record_panel_decision(
            component_result=result, actor=hr_admin, **decision
        )
    assert AuditEvent.objects.filter(action="selection.component_result.panel_decided").count() == 1


# --- absence


def test_marking_absent_removes_open_assignments(case, hr_admin):
    # given
    setup, _, _ = case
    candidate = setup.candidates[0]
    # when
    result = resolution_services.mark_absent(
        component=setup.component, candidate=candidate, actor=hr_admin
    )
    # then
    assert (result.status, result.score, result.decided_by) == (Status.ABSENT, None, hr_admin)
    assert not AssessorAssignment.objects.exists()
    event = AuditEvent.objects.get(action="selection.component_result.absent_marked")
    assert event.changes == {
        "component": "Simulasi kasus klinis",
        "candidate": candidate.code,
        "registration_number": candidate.application.registration_number,
        "assignments_removed": ["asesor.a", "asesor.b"],
    }
    assert sorted(
        Notification.objects.filter(title="Tugas penilaian SKB dibatalkan").values_list(
            "user__username", flat=True
        )
    ) == ["asesor.a", "asesor.b"]


def test_absence_is_refused_once_scored_twice_or_by_others(case, hr_admin, auditor):
    setup, one, _ = case
    candidate = setup.candidates[0]
    with pytest.raises(PermissionDenied):
        resolution_services.mark_absent(
            component=setup.component, candidate=candidate, actor=auditor
        )
    submit(one, 4, 3, 5)
    with pytest.raises(ConflictError) as caught:
        resolution_services.mark_absent(
            component=setup.component, candidate=candidate, actor=hr_admin
        )
    assert caught.value.message == (
        f"Peserta {candidate.code} sudah dinilai oleh 1 asesor; ketidakhadiran tidak dapat dicatat."
    )
    assert AssessorAssignment.objects.count() == 2
    assert not ComponentResult.objects.exists()
    assert not AuditEvent.objects.filter(action="selection.component_result.absent_marked").exists()


def test_absence_twice_is_refused(db, hr_admin):
    setup = make_setup(candidates=1)
    candidate = setup.candidates[0]
    resolution_services.mark_absent(component=setup.component, candidate=candidate, actor=hr_admin)
    with pytest.raises(
        ConflictError, match=r"sudah memiliki hasil pada komponen ini \(Tidak hadir\)"
    ):
        resolution_services.mark_absent(
            component=setup.component, candidate=candidate, actor=hr_admin
        )
    assert ComponentResult.objects.count() == 1
