"""Committee scoring: who may score, the ranges, blind scores, and the settled final score."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.rewards.models import CommitteeMember, Nomination, Score
from simerit.rewards.selectors.nominations import nomination_view
from simerit.rewards.services.scoring import SCORES_FINAL, submit_scores
from simerit.rewards.tests.factories import (
    CriterionFactory,
    NominationFactory,
    exact,
    satyalancana,
    scored_award,
    staff,
)

pytestmark = pytest.mark.django_db


def scores(criteria, *values: str) -> dict[int, Decimal]:
    return {criterion.pk: Decimal(value) for criterion, value in zip(criteria, values, strict=True)}


def test_final_score_is_the_mean_of_members_weighted_totals():
    award, criteria, (first, second) = scored_award("60", "40")
    criteria[1].max_score = 50
    criteria[1].save()
    nomination = NominationFactory.create(award=award)

    submit_scores(nomination=nomination, scores=scores(criteria, "80", "45"), actor=first)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.final_score) == ("nominated", None)
    submit_scores(nomination=nomination, scores=scores(criteria, "77.5", "40.01"), actor=second)

    nomination.refresh_from_db()
    # first: 80/100×60 + 45/50×40 = 84; second: 46.5 + 32.008 = 78.508; mean 81.254 → 81.25
    assert (nomination.status, nomination.final_score) == ("scored", Decimal("81.25"))
    assert AuditEvent.objects.filter(action="rewards.score.submitted").count() == 2
    settled = AuditEvent.objects.get(action="rewards.nomination.score_settled")
    assert settled.changes == {"status": ["nominated", "scored"], "final_score": [None, "81.25"]}


def test_a_members_scores_are_final_once_every_criterion_is_scored():
    """Blind scoring: a member sees the others' scores once theirs are complete, so they may not
    change them afterwards (they could otherwise move towards the others')."""
    award, criteria, (first, second) = scored_award("50", "50")
    nomination = NominationFactory.create(award=award)
    submit_scores(nomination=nomination, scores=scores(criteria, "80", "80"), actor=first)
    submit_scores(nomination=nomination, scores=scores(criteria, "60", "60"), actor=second)
    assert nomination_view(nomination, user=first).may_score is False
    before_scores = sorted(Score.objects.values_list("member", "criterion", "score"))
    before_events = AuditEvent.objects.count()

    with pytest.raises(
        ConflictError,
        match=exact(
            "Anda sudah menilai semua kriteria usulan ini; nilai Anda final dan tidak dapat diubah."
        ),
    ):
        submit_scores(nomination=nomination, scores=scores(criteria, "100", "80"), actor=first)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.final_score) == ("scored", Decimal("70.00"))
    assert sorted(Score.objects.values_list("member", "criterion", "score")) == before_scores
    assert AuditEvent.objects.count() == before_events
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.GRANTED)
    with pytest.raises(
        ConflictError,
        match=exact("Usulan ini sudah diputus atau ditarik; nilainya tidak dapat diubah."),
    ):
        submit_scores(nomination=nomination, scores=scores(criteria, "1", "1"), actor=first)


def test_a_complete_set_is_final_even_before_the_others_score():
    award, criteria, (first, _) = scored_award("60", "40")
    nomination = NominationFactory.create(award=award)
    submit_scores(nomination=nomination, scores=scores(criteria, "70", "70"), actor=first)

    with pytest.raises(ConflictError, match=exact(SCORES_FINAL)):
        submit_scores(nomination=nomination, scores=scores(criteria, "70", "70"), actor=first)

    assert sorted(Score.objects.values_list("score", flat=True)) == [Decimal(70), Decimal(70)]
    assert AuditEvent.objects.filter(action="rewards.score.submitted").count() == 1


def test_scoring_waits_for_weights_of_100_percent():
    award, criteria, (first, _) = scored_award("50", "40")
    nomination = NominationFactory.create(award=award)

    with pytest.raises(DomainError, match=exact("Jumlah bobot kriteria harus 100%; saat ini 90%.")):
        submit_scores(nomination=nomination, scores=scores(criteria, "1", "1"), actor=first)

    assert not Score.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


def test_out_of_range_scores_are_refused_and_nothing_is_kept():
    award, criteria, (first, _) = scored_award("60", "40")
    nomination = NominationFactory.create(award=award)
    stranger = CriterionFactory.create(weight=Decimal("10"))

    with pytest.raises(InvalidInputError) as error:
        submit_scores(
            nomination=nomination,
            scores={criteria[0].pk: Decimal("100.5"), stranger.pk: Decimal(1)},
            actor=first,
        )

    assert error.value.errors == {
        f"criterion_{stranger.pk}": ["Kriteria tidak termasuk penghargaan ini."],
        f"criterion_{criteria[0].pk}": ["Nilai Kriteria 1 harus antara 0 dan 100."],
        f"criterion_{criteria[1].pk}": ["Nilai Kriteria 2 wajib diisi."],
    }
    assert not Score.objects.exists()


def test_only_members_score_and_never_themself(hr_admin):
    award, criteria, (first, second) = scored_award("100")
    nominee = staff(user=second)
    own = NominationFactory.create(award=award, employee=nominee)
    other = NominationFactory.create(award=award)

    with pytest.raises(
        PermissionDenied,
        match=exact("Anda bukan anggota tim penilai penghargaan ini untuk tahun tersebut."),
    ):
        submit_scores(nomination=other, scores=scores(criteria, "1"), actor=hr_admin)
    with pytest.raises(
        PermissionDenied, match=exact("Anda tidak dapat menilai usulan atas diri sendiri.")
    ):
        submit_scores(nomination=own, scores=scores(criteria, "1"), actor=second)
    assert not Score.objects.exists()

    # The nominee, though a member, is not waited for.
    submit_scores(nomination=own, scores=scores(criteria, "90"), actor=first)
    own.refresh_from_db()
    assert (own.status, own.final_score) == ("scored", Decimal("90.00"))


def test_a_satyalancana_nomination_is_not_scored(hr_admin):
    nomination = NominationFactory.create(award=satyalancana(10))
    CommitteeMember.objects.create(award=satyalancana(10), year=2026, user=hr_admin)

    with pytest.raises(
        DomainError, match=exact("Usulan Satyalancana Karya Satya tidak dinilai tim penilai.")
    ):
        submit_scores(nomination=nomination, scores={}, actor=hr_admin)


def test_a_member_sees_others_scores_only_after_scoring_everything(auditor):
    award, criteria, (first, second) = scored_award("60", "40")
    nomination = NominationFactory.create(award=award)
    submit_scores(nomination=nomination, scores=scores(criteria, "70", "70"), actor=first)

    before = nomination_view(nomination, user=second)
    submit_scores(nomination=nomination, scores=scores(criteria, "90", "80"), actor=second)
    after = nomination_view(nomination, user=second)
    audit_view = nomination_view(nomination, user=auditor)
    first_view = nomination_view(nomination, user=first)

    assert (before.is_member, before.sees_all_scores, before.may_score) == (True, False, True)
    assert before.own_scores == {}
    assert after.sees_all_scores is True
    assert sorted(member.total for member in after.members if member.total) == [
        Decimal("70.00"),
        Decimal("86.00"),
    ]
    assert audit_view.sees_all_scores is True
    assert audit_view.may_score is False
    assert first_view.sees_all_scores is True
