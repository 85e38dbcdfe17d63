"""services/assessment.py: drawing assessors (random, balanced, no conflict), blind codes,
reassignment."""

import re
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.notifications.models import Notification
from simerit.recruitment.models import ConflictDeclaration, StaffFamilyCard
from simerit.selection.models import AssessorAssignment, ComponentResult, Rubric, SkbCandidate
from simerit.selection.services import assessment as services
from simerit.selection.tests.factories import SkbCandidateFactory
from simerit.selection.tests.factories_assessment import (
    give,
    make_assessors,
    make_setup,
    seeded,
    submit,
)

pytestmark = pytest.mark.django_db

Kind = AssessorAssignment.Kind


def pairs(component):
    """(candidate code, assessor username) of the component's assignments, sorted."""
    return sorted(
        AssessorAssignment.objects.filter(component=component).values_list(
            "candidate__code", "assessor__username"
        )
    )


def untouched(setup):
    """Nothing was written by a refused run."""
    rubric = Rubric.objects.get(components=setup.component)
    return (
        not AssessorAssignment.objects.exists()
        and rubric.locked_at is None
        and not Notification.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="selection.").exists()
    )


def test_a_seeded_draw_gives_exactly_these_assessors(hr_admin):
    # given: 3 candidates (SKD rank 1, 2, 3), 5 assessors without other work
    setup = make_setup(candidates=3)
    make_assessors("asesor.a", "asesor.b", "asesor.c", "asesor.d", "asesor.e")
    first, second, third = (candidate.code for candidate in setup.candidates)
    # when
    created = services.assign_assessors(component=setup.component, actor=hr_admin, rng=seeded(2026))
    # then: candidates drawn and rows stored in a shuffled order, each pick among the least loaded
    assert created == 6
    drawn = AssessorAssignment.objects.order_by("pk").values_list(
        "candidate__code", "assessor__username", "kind"
    )
    assert list(drawn) == [
        (second, "asesor.b", "independent"),
        (first, "asesor.e", "independent"),
        (second, "asesor.d", "independent"),
        (first, "asesor.c", "independent"),
        (third, "asesor.e", "independent"),
        (third, "asesor.a", "independent"),
    ]


def test_assignment_ids_do_not_follow_the_skd_rank(hr_admin):
    # given: 6 candidates without codes, created (so numbered) in SKD rank order, 2 assessors
    setup = make_setup(candidates=0)
    for rank in range(1, 7):
        SkbCandidateFactory.create(application__formasi=setup.formasi, cut_rank=rank, code=None)
    make_assessors("asesor.a", "asesor.b")
    # when
    services.assign_assessors(component=setup.component, actor=hr_admin, rng=seeded(7))

    # then: sorting one's own assignment ids gives a shuffled order, not the SKD rank
    def ranks(username: str) -> list[int]:
        return list(
            AssessorAssignment.objects.filter(assessor__username=username)
            .order_by("pk")
            .values_list("candidate__cut_rank", flat=True)
        )

    assert ranks("asesor.a") == [2, 4, 5, 3, 6, 1]
    assert ranks("asesor.b") == [4, 6, 1, 2, 5, 3]
    all_ranks = list(
        AssessorAssignment.objects.order_by("pk").values_list("candidate__cut_rank", flat=True)
    )
    assert all_ranks == [4, 2, 6, 4, 1, 2, 5, 3, 5, 3, 6, 1]


def test_the_draw_is_balanced_and_never_gives_one_case_twice_to_the_same_assessor(hr_admin):
    setup = make_setup(candidates=6)
    make_assessors("asesor.a", "asesor.b", "asesor.c", "asesor.d")
    for seed in range(3):
        AssessorAssignment.objects.all().delete()
        services.assign_assessors(component=setup.component, actor=hr_admin, rng=seeded(seed))
        loads = Counter(AssessorAssignment.objects.values_list("assessor__username", flat=True))
        assert sorted(loads.values()) == [3, 3, 3, 3]
        per_case = Counter(AssessorAssignment.objects.values_list("candidate_id", "assessor_id"))
        assert set(per_case.values()) == {1}
        assert set(
            Counter(AssessorAssignment.objects.values_list("candidate_id", flat=True)).values()
        ) == {2}


def test_open_work_elsewhere_counts_in_the_load(hr_admin):
    # given: asesor.a already has two open assignments on another formasi
    busy, _, _ = make_assessors("asesor.a", "asesor.b", "asesor.c")
    other = make_setup(candidates=2)
    give(other.component, other.candidates[0], [busy])
    give(other.component, other.candidates[1], [busy])
    setup = make_setup(candidates=1)
    # when
    services.assign_assessors(component=setup.component, actor=hr_admin, rng=seeded(1))
    # then
    code = setup.candidates[0].code
    assert pairs(setup.component) == [(code, "asesor.b"), (code, "asesor.c")]


def test_an_assessor_with_a_declared_relative_or_the_same_kk_is_never_drawn(hr_admin):
    # given
    setup = make_setup(candidates=2)
    first, _ = setup.candidates
    relative, same_kk, _, _ = make_assessors("asesor.kerabat", "asesor.kk", "asesor.c", "asesor.d")
    ConflictDeclaration.objects.create(
        user=relative,
        relative_name="Adik",
        relative_nik=first.application.applicant.nik,
        relation="adik kandung",
    )
    StaffFamilyCard.objects.create(user=same_kk, kk_number=first.application.applicant.kk_number)
    # when: many draws
    for seed in range(10):
        AssessorAssignment.objects.all().delete()
        services.assign_assessors(component=setup.component, actor=hr_admin, rng=seeded(seed))
        # then
        assert pairs(setup.component)[:2] == sorted(
            [(first.code, "asesor.c"), (first.code, "asesor.d")]
        )


def test_too_few_eligible_assessors_is_refused_and_nothing_is_written(hr_admin):
    # given: two assessors, one in conflict with the first candidate
    setup = make_setup(candidates=2)
    setup.candidates[1].code = None
    setup.candidates[1].save()
    related, _ = make_assessors("asesor.a", "asesor.b")
    StaffFamilyCard.objects.create(
        user=related, kk_number=setup.candidates[0].application.applicant.kk_number
    )
    # when
    with pytest.raises(ConflictError) as caught:
        services.assign_assessors(component=setup.component, actor=hr_admin)
    # then
    assert caught.value.message == (
        f"Asesor yang memenuhi syarat tidak cukup untuk 1 peserta ({setup.candidates[0].code}): "
        "setiap peserta memerlukan 2 asesor independen tanpa konflik kepentingan, sedangkan "
        "asesor aktif ada 2. Tambahkan asesor atau periksa pernyataan konflik kepentingan; "
        "tidak ada penugasan yang dibuat."
    )
    assert untouched(setup)
    assert SkbCandidate.objects.get(pk=setup.candidates[1].pk).code is None


def test_inactive_users_and_other_roles_are_not_assessors(hr_admin, verifier):
    setup = make_setup(candidates=1)
    (gone,) = make_assessors("asesor.pensiun")
    gone.is_active = False
    gone.save()
    make_assessors("asesor.a")
    with pytest.raises(ConflictError, match=r"asesor aktif ada 1\."):
        services.assign_assessors(component=setup.component, actor=hr_admin)
    assert untouched(setup)


def test_candidates_without_a_code_get_an_unambiguous_unique_code(hr_admin):
    setup = make_setup(candidates=3)
    SkbCandidate.objects.filter(pk__in=[c.pk for c in setup.candidates[:2]]).update(code=None)
    kept = setup.candidates[2].code
    make_assessors("asesor.a", "asesor.b")
    services.assign_assessors(component=setup.component, actor=hr_admin, rng=seeded(5))
    codes = list(
        SkbCandidate.objects.filter(pk__in=[c.pk for c in setup.candidates])
        .order_by("cut_rank")
        .values_list("code", flat=True)
    )
    assert all(re.fullmatch(r"K-[A-HJ-NP-Z2-9]{6}", code or "") for code in codes[:2])
    assert codes[0] != codes[1]
    assert codes[2] == kept
    event = AuditEvent.objects.get(action="selection.assessment.assigned")
    assert event.changes["codes_given"] == 2


def test_a_run_locks_the_rubric_notifies_each_assessor_once_and_writes_one_audit_row(hr_admin):
    # given
    setup = make_setup(candidates=2)
    make_assessors("asesor.a", "asesor.b")
    # when
    services.assign_assessors(component=setup.component, actor=hr_admin)
    # then
    assert Rubric.objects.get(components=setup.component).locked_at is not None
    assert sorted(Notification.objects.values_list("user__username", "title", "url")) == [
        ("asesor.a", "Tugas penilaian SKB baru", "/seleksi-kompetensi/penilaian/saya/"),
        ("asesor.b", "Tugas penilaian SKB baru", "/seleksi-kompetensi/penilaian/saya/"),
    ]
    assert Notification.objects.get(user__username="asesor.a").body == (
        f"Anda ditugaskan menilai 2 peserta pada komponen Simulasi kasus klinis (formasi "
        f"{setup.formasi.code})."
    )
    event = AuditEvent.objects.get(action="selection.assessment.assigned")
    assert (event.target_id, event.changes) == (
        str(setup.component.pk),
        {
            "formasi": setup.formasi.code,
            "candidates": 2,
            "assignments": 4,
            "assessors": 2,
            "codes_given": 0,
            "tie_break": "acak (secrets.SystemRandom)",
        },
    )
    assert "asesor.a" not in str(event.changes)


def test_a_second_run_only_fills_what_is_missing(hr_admin):
    setup = make_setup(candidates=2)
    make_assessors("asesor.a", "asesor.b", "asesor.c")
    services.assign_assessors(component=setup.component, actor=hr_admin)
    assert services.assign_assessors(component=setup.component, actor=hr_admin) == 0
    late = SkbCandidateFactory.create(application__formasi=setup.formasi)
    assert services.assign_assessors(component=setup.component, actor=hr_admin) == 2
    assert AssessorAssignment.objects.filter(candidate=late).count() == 2
    assert AuditEvent.objects.filter(action="selection.assessment.assigned").count() == 2


def test_withdrawn_and_absent_candidates_get_no_assessors(hr_admin):
    setup = make_setup(candidates=3)
    withdrawn, absent, present = setup.candidates
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    ComponentResult.objects.create(
        component=setup.component, candidate=absent, status=ComponentResult.Status.ABSENT
    )
    make_assessors("asesor.a", "asesor.b")
    assert services.assign_assessors(component=setup.component, actor=hr_admin) == 2
    assert set(AssessorAssignment.objects.values_list("candidate_id", flat=True)) == {present.pk}


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_admin_bkpsdm_assigns(request, persona):
    setup = make_setup(candidates=1)
    make_assessors("asesor.a", "asesor.b")
    with pytest.raises(PermissionDenied):
        services.assign_assessors(component=setup.component, actor=request.getfixturevalue(persona))
    assert untouched(setup)


def test_the_cat_component_and_a_formasi_without_candidates_are_refused(hr_admin):
    setup = make_setup(candidates=0)
    make_assessors("asesor.a", "asesor.b")
    cat = setup.component.formasi.skb_components.get(order=1)
    with pytest.raises(ConflictError, match="dinilai dari hasil ujian CAT"):
        services.assign_assessors(component=cat, actor=hr_admin)
    with pytest.raises(ConflictError) as caught:
        services.assign_assessors(component=setup.component, actor=hr_admin)
    assert caught.value.message == (
        f"Formasi {setup.formasi.code} belum memiliki peserta SKB; jalankan pemeringkatan SKD "
        "lebih dahulu."
    )
    assert untouched(setup)


# --- reassign


def test_reassign_hands_open_work_to_an_eligible_assessor_not_on_the_case(hr_admin):
    # given
    setup = make_setup(candidates=1)
    candidate = setup.candidates[0]
    ill, colleague, related, free = make_assessors(
        "asesor.sakit", "asesor.b", "asesor.k", "asesor.d"
    )
    StaffFamilyCard.objects.create(
        user=related, kk_number=candidate.application.applicant.kk_number
    )
    assignment, _ = give(setup.component, candidate, [ill, colleague])
    # when
    moved = services.reassign(assignment=assignment, actor=hr_admin)
    # then
    assert (moved.pk, moved.assessor.username) == (assignment.pk, "asesor.d")
    assert AssessorAssignment.objects.get(pk=assignment.pk).assessor == free
    event = AuditEvent.objects.get(action="selection.assessment.reassigned")
    assert event.changes == {
        "component": "Simulasi kasus klinis",
        "candidate": candidate.code,
        "kind": "independent",
        "assessor": ["asesor.sakit", "asesor.d"],
    }
    assert sorted(Notification.objects.values_list("user__username", "title")) == [
        ("asesor.d", "Tugas penilaian SKB baru"),
        ("asesor.sakit", "Tugas penilaian SKB dialihkan"),
    ]


def test_reassign_refuses_submitted_work_and_a_case_without_another_assessor(hr_admin):
    setup = make_setup(candidates=1)
    first, second = make_assessors("asesor.a", "asesor.b")
    done, open_one = give(setup.component, setup.candidates[0], [first, second])
    submit(done, 4, 3, 5)
    with pytest.raises(ConflictError, match="sudah dikirim; penugasan yang sudah dinilai"):
        services.reassign(assignment=done, actor=hr_admin)
    with pytest.raises(ConflictError) as caught:
        services.reassign(assignment=open_one, actor=hr_admin)
    assert caught.value.message == (
        f"Tidak ada asesor lain yang memenuhi syarat untuk peserta {setup.candidates[0].code}: "
        "semua asesor aktif sudah menangani kasus ini atau memiliki konflik kepentingan."
    )
    assert AssessorAssignment.objects.get(pk=open_one.pk).assessor == second
    assert not AuditEvent.objects.filter(action="selection.assessment.reassigned").exists()
