"""360 raters: the proposal by rule, conflicts of interest (declared relatives, the same KK), and
HR's additions and removals (nothing changes on refusal)."""

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.performance.models import (
    RaterAssignment,
    RaterGroup,
    Skp,
)
from simerit.performance.services import feedback360 as services
from simerit.performance.tests.factories import make_skp, make_team
from simerit.performance.tests.factories_feedback360 import approved_skp, invite, sheet
from simerit.recruitment.models import ConflictDeclaration, StaffFamilyCard

pytestmark = pytest.mark.django_db


def raters_by_group(skp):
    return {
        (assignment.rater.name, assignment.group)
        for assignment in RaterAssignment.objects.filter(skp=skp).select_related("rater")
    }


def test_proposal_for_a_staff_member_asks_self_chief_and_the_two_peers_of_the_same_kind(
    hr_admin,
):
    team = make_team()
    skp = approved_skp(team.staff[1])

    added = services.propose_raters(skp=skp, actor=hr_admin)

    assert len(added) == 4
    assert raters_by_group(skp) == {
        ("Staf B", RaterGroup.SELF),
        ("Kabid Layan", RaterGroup.SUPERVISOR),
        ("Staf C", RaterGroup.PEER),
        ("Staf D", RaterGroup.PEER),
    }
    assert set(RaterAssignment.objects.values_list("source", "status")) == {
        (RaterAssignment.Source.RULE, RaterAssignment.Status.INVITED)
    }


def test_proposal_for_the_pengawas_asks_the_juniors_as_subordinates_and_no_peer():
    team = make_team()
    skp = approved_skp(team.staff[0])

    services.propose_raters(skp=skp, actor=team.user(team.chief))

    assert raters_by_group(skp) == {
        ("Staf A", RaterGroup.SELF),
        ("Kabid Layan", RaterGroup.SUPERVISOR),
        ("Junior E", RaterGroup.SUBORDINATE),
        ("Junior F", RaterGroup.SUBORDINATE),
    }
    event = AuditEvent.objects.get(action="performance.raters.proposed")
    assert event.target_id == str(skp.pk)
    assert [item["rater"] for item in event.changes["added"]] == [
        "Staf A",
        "Kabid Layan",
        "Junior E",
        "Junior F",
    ]


def test_proposal_leaves_out_inactive_peers():
    team = make_team()
    team.staff[3].is_active = False
    team.staff[3].save()
    skp = approved_skp(team.staff[1])

    services.propose_raters(skp=skp, actor=team.user(team.chief))

    assert ("Staf D", RaterGroup.PEER) not in raters_by_group(skp)


def test_proposing_again_adds_only_the_missing_and_keeps_removed_ones_out(hr_admin):
    # given
    team = make_team()
    skp = approved_skp(team.staff[1])
    services.propose_raters(skp=skp, actor=hr_admin)
    peer = RaterAssignment.objects.get(skp=skp, rater=team.staff[2])
    services.remove_rater(assignment=peer, reason="Baru pindah tugas.", actor=hr_admin)
    RaterAssignment.objects.filter(skp=skp, rater=team.staff[3]).delete()
    # when
    added = services.propose_raters(skp=skp, actor=hr_admin)
    # then
    assert [item.rater.name for item in added] == ["Staf D"]
    assert RaterAssignment.objects.filter(skp=skp).count() == 4
    peer.refresh_from_db()
    assert peer.status == RaterAssignment.Status.REMOVED


def test_proposal_excludes_a_rater_who_declared_the_employee_as_a_relative(hr_admin):
    team = make_team()
    ConflictDeclaration.objects.create(
        user=team.user(team.staff[2]),
        relative_name="Staf B",
        relative_nik=team.staff[1].nik,
        relation="saudara kandung",
    )
    skp = approved_skp(team.staff[1])

    services.propose_raters(skp=skp, actor=hr_admin)

    assert ("Staf C", RaterGroup.PEER) not in raters_by_group(skp)
    event = AuditEvent.objects.get(action="performance.raters.proposed")
    assert event.changes["excluded"] == [
        {
            "rater_id": team.staff[2].pk,
            "rater": "Staf C",
            "group": "peer",
            "reason": "Penilai menyatakan pegawai yang dinilai sebagai kerabatnya "
            "(saudara kandung).",
        }
    ]
    assert team.staff[1].nik not in str(event.changes)


def test_proposal_excludes_a_rater_with_the_same_kk_number(hr_admin):
    team = make_team()
    StaffFamilyCard.objects.create(user=team.user(team.staff[1]), kk_number="1671010101010001")
    StaffFamilyCard.objects.create(user=team.user(team.staff[3]), kk_number="1671010101010001")
    StaffFamilyCard.objects.create(user=team.user(team.staff[2]), kk_number="1671010101010002")
    skp = approved_skp(team.staff[1])

    services.propose_raters(skp=skp, actor=hr_admin)

    assert ("Staf D", RaterGroup.PEER) not in raters_by_group(skp)
    assert ("Staf C", RaterGroup.PEER) in raters_by_group(skp)
    excluded = AuditEvent.objects.get(action="performance.raters.proposed").changes["excluded"]
    assert [(item["rater"], item["reason"]) for item in excluded] == [
        ("Staf D", "Penilai dan pegawai yang dinilai tercatat dalam Kartu Keluarga (KK) yang sama.")
    ]


def test_proposal_excludes_a_rater_the_employee_declared_as_a_relative(hr_admin):
    team = make_team()
    ConflictDeclaration.objects.create(
        user=team.user(team.staff[1]),
        relative_name="Staf D",
        relative_nik=team.staff[3].nik,
        relation="sepupu",
    )
    skp = approved_skp(team.staff[1])

    services.propose_raters(skp=skp, actor=hr_admin)

    assert ("Staf D", RaterGroup.PEER) not in raters_by_group(skp)


@pytest.mark.parametrize("status", [Skp.Status.DRAFT, Skp.Status.SUBMITTED])
def test_proposal_is_refused_before_the_skp_is_approved(hr_admin, status):
    team = make_team()
    skp = make_skp(team.staff[1], status=status)
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError, match="sudah disetujui"):
        services.propose_raters(skp=skp, actor=hr_admin)

    assert RaterAssignment.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_proposal_by_the_employee_or_a_peer_is_denied():
    team = make_team()
    skp = approved_skp(team.staff[1])
    events = AuditEvent.objects.count()

    for actor in (team.user(team.staff[1]), team.user(team.staff[2]), team.user(team.head)):
        with pytest.raises(PermissionDenied):
            services.propose_raters(skp=skp, actor=actor)

    assert RaterAssignment.objects.count() == 0
    assert AuditEvent.objects.count() == events


# --- HR's adjustments


def test_hr_adds_a_rater_from_another_unit(hr_admin):
    team = make_team()
    other = make_team("Lain ")
    skp = approved_skp(team.staff[1])

    assignment = services.add_rater(
        skp=skp, rater=other.staff[2], group=RaterGroup.PEER, actor=hr_admin
    )

    assert (assignment.source, assignment.status, assignment.changed_by) == (
        RaterAssignment.Source.HR,
        RaterAssignment.Status.INVITED,
        hr_admin,
    )
    event = AuditEvent.objects.get(action="performance.rater.added")
    assert event.changes == {
        "rater_id": other.staff[2].pk,
        "rater": "Lain Staf C",
        "group": "peer",
        "source": "hr",
    }


def test_adding_a_relative_is_refused_naming_the_reason_but_not_the_nik(hr_admin):
    team = make_team()
    ConflictDeclaration.objects.create(
        user=team.user(team.staff[2]),
        relative_name="Staf B",
        relative_nik=team.staff[1].nik,
        relation="suami",
    )
    skp = approved_skp(team.staff[1])
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        services.add_rater(skp=skp, rater=team.staff[2], group=RaterGroup.PEER, actor=hr_admin)

    assert refused.value.message == (
        "Staf C tidak dapat menjadi penilai: Penilai menyatakan pegawai yang dinilai sebagai "
        "kerabatnya (suami)."
    )
    assert team.staff[1].nik not in refused.value.message
    assert RaterAssignment.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_adding_someone_with_the_same_kk_is_refused(hr_admin):
    team = make_team()
    StaffFamilyCard.objects.create(user=team.user(team.staff[1]), kk_number="1671010101010001")
    StaffFamilyCard.objects.create(user=team.user(team.juniors[0]), kk_number="1671010101010001")
    skp = approved_skp(team.staff[1])

    with pytest.raises(DomainError, match=r"Kartu Keluarga \(KK\) yang sama"):
        services.add_rater(skp=skp, rater=team.juniors[0], group=RaterGroup.PEER, actor=hr_admin)

    assert RaterAssignment.objects.count() == 0


def test_adding_twice_or_as_self_for_someone_else_is_refused(hr_admin):
    team = make_team()
    skp = approved_skp(team.staff[1])
    services.add_rater(skp=skp, rater=team.staff[2], group=RaterGroup.PEER, actor=hr_admin)

    with pytest.raises(ConflictError, match="sudah terdaftar"):
        services.add_rater(skp=skp, rater=team.staff[2], group=RaterGroup.PEER, actor=hr_admin)
    with pytest.raises(InvalidInputError):
        services.add_rater(skp=skp, rater=team.staff[3], group=RaterGroup.SELF, actor=hr_admin)

    assert RaterAssignment.objects.count() == 1


def test_only_hr_adds_and_removes():
    team = make_team()
    skp = approved_skp(team.staff[1])
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)

    with pytest.raises(PermissionDenied):
        services.add_rater(
            skp=skp, rater=team.staff[3], group=RaterGroup.PEER, actor=team.user(team.chief)
        )
    with pytest.raises(PermissionDenied):
        services.remove_rater(assignment=assignment, reason="x", actor=team.user(team.chief))

    assignment.refresh_from_db()
    assert assignment.status == RaterAssignment.Status.INVITED
    assert RaterAssignment.objects.count() == 1


def test_removal_needs_a_reason_and_keeps_the_row(hr_admin):
    team = make_team()
    skp = approved_skp(team.staff[1])
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)

    with pytest.raises(InvalidInputError, match="wajib diisi"):
        services.remove_rater(assignment=assignment, reason="   ", actor=hr_admin)
    services.remove_rater(assignment=assignment, reason="Cuti di luar tanggungan.", actor=hr_admin)

    assignment.refresh_from_db()
    assert (assignment.status, assignment.removed_reason, assignment.changed_by) == (
        RaterAssignment.Status.REMOVED,
        "Cuti di luar tanggungan.",
        hr_admin,
    )
    event = AuditEvent.objects.get(action="performance.rater.removed")
    assert event.changes == {
        "status": {"before": "invited", "after": "removed"},
        "reason": "Cuti di luar tanggungan.",
    }


def test_removal_is_refused_once_the_rater_answered(hr_admin):
    team = make_team()
    skp = approved_skp(team.staff[1])
    assignment = invite(skp, team.staff[2], RaterGroup.PEER)
    services.submit_ratings(
        assignment=assignment, scores=sheet(4), comment="", actor=team.user(team.staff[2])
    )

    with pytest.raises(ConflictError, match="sudah menjawab"):
        services.remove_rater(assignment=assignment, reason="Salah pilih.", actor=hr_admin)

    assignment.refresh_from_db()
    assert assignment.status == RaterAssignment.Status.ANSWERED
    assert not AuditEvent.objects.filter(action="performance.rater.removed").exists()
