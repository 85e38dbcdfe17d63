"""360 reads: per-value means follow the anonymity rule (merged groups pooled, withheld groups
empty), invitation counts, conflicts of interest; a fixed number of queries."""

from decimal import Decimal

import pytest

from simerit.performance.models import RaterGroup
from simerit.performance.selectors import feedback360 as selectors
from simerit.performance.selectors.feedback360 import MERGED
from simerit.performance.tests.factories import make_team
from simerit.performance.tests.factories_feedback360 import (
    answered,
    approved_skp,
    invite,
    publish,
)

pytestmark = pytest.mark.django_db


def test_value_means_pool_merged_groups_and_leave_withheld_ones_empty(django_assert_num_queries):
    # given: 2 peers (5 and 4) and 1 subordinate (3): merged, 3 answers, mean 4.00
    team = make_team()
    skp = approved_skp(team.staff[0])
    answered(skp, team.chief, RaterGroup.SUPERVISOR, 2)
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    answered(skp, team.staff[3], RaterGroup.PEER, 4)
    answered(skp, team.juniors[0], RaterGroup.SUBORDINATE, 3)
    publish(skp)
    summary = selectors.evidence_summary(skp)
    # when
    with django_assert_num_queries(2):
        rows = selectors.value_means(skp, summary)
    # then
    assert [item.group for item in summary.groups] == ["supervisor", MERGED]
    assert [row.means for row in rows] == [[Decimal("2.00"), Decimal("4.00")]] * 7
    assert [row.name for row in rows][:2] == ["Berorientasi Pelayanan", "Akuntabel"]


def test_value_means_are_empty_for_a_withheld_group():
    team = make_team()
    skp = approved_skp(team.staff[1])
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    publish(skp)

    rows = selectors.value_means(skp, selectors.evidence_summary(skp))

    assert {tuple(row.means) for row in rows} == {(None,)}


def test_invitation_counts_leave_removed_raters_out():
    team = make_team()
    skp = approved_skp(team.staff[1])
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    invite(skp, team.staff[3], RaterGroup.PEER)
    removed = invite(skp, team.juniors[0], RaterGroup.PEER)
    removed.status, removed.removed_reason = "removed", "Mutasi."
    removed.save()

    counts = selectors.invitation_counts(skp)

    assert [(c.group, c.invited, c.answered) for c in counts] == [("peer", 2, 1)]


def test_conflict_reasons_take_three_queries(django_assert_num_queries):
    team = make_team()
    raters = [team.chief, *team.staff[1:], *team.juniors]

    with django_assert_num_queries(3):
        assert selectors.conflict_reasons(employee=team.staff[0], raters=raters) == {}
