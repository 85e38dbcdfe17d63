"""The committee (tim penilai) of an award for a year: Admin BKPSDM adds and removes members,
who must hold a staff account (Pegawai, Atasan, Admin OPD or Admin BKPSDM; never the Auditor,
who writes nothing, nor a Pelamar).

A member who already scored stays (their scores are evidence); the Satyalancana has no
committee. Each change re-evaluates the open nominations of that award and year, since "scored
by every member" depends on who the members are."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.rewards import permissions
from simerit.rewards.models import Award, CommitteeMember, Score
from simerit.rewards.services.scoring import refresh_nominations

FIRST_YEAR = 2000
NO_COMMITTEE = "Satyalancana Karya Satya tidak memiliki tim penilai."
MEMBER_SCORED = "Anggota yang sudah memberi nilai tidak dapat dikeluarkan dari tim penilai."


def year_error(year: int) -> str | None:
    """Years of awards: from 2000 to next year."""
    last = timezone.localdate().year + 1
    if not FIRST_YEAR <= year <= last:
        return f"Tahun harus antara {FIRST_YEAR} dan {last}."
    return None


def _member_facts(member: CommitteeMember) -> dict[str, object]:
    return {"award": member.award_id, "year": member.year, "user": member.user.username}


@transaction.atomic
def add_member(*, award: Award, year: int, user: User, actor: User) -> CommitteeMember:
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    if award.kind == Award.Kind.SATYALANCANA:
        raise DomainError(NO_COMMITTEE)
    problem = year_error(year)
    if problem:
        raise InvalidInputError({"year": [problem]})
    if not user.is_active:
        raise InvalidInputError({"user": ["Akun ini tidak aktif."]})
    if not permissions.may_sit_on_committee(user):
        raise InvalidInputError({"user": [permissions.COMMITTEE_ROLES_ONLY]})
    if CommitteeMember.objects.filter(award=award, year=year, user=user).exists():
        raise ConflictError(
            f"{user.full_name or user.username} sudah menjadi anggota tim penilai {award.name} "
            f"tahun {year}.",
            field="user",
        )
    member = CommitteeMember.objects.create(award=award, year=year, user=user)
    audit.record(
        actor=actor,
        action="rewards.committee_member.added",
        target=member,
        changes=_member_facts(member),
    )
    refresh_nominations(award=award, year=year, actor=actor)
    return member


@transaction.atomic
def remove_member(*, member: CommitteeMember, actor: User) -> None:
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    member = CommitteeMember.objects.select_related("award", "user").get(pk=member.pk)
    if Score.objects.filter(
        member=member.user, nomination__award=member.award, nomination__year=member.year
    ).exists():
        raise ConflictError(MEMBER_SCORED)
    award, year = member.award, member.year
    audit.record(
        actor=actor,
        action="rewards.committee_member.removed",
        target=member,
        changes=_member_facts(member),
    )
    member.delete()
    refresh_nominations(award=award, year=year, actor=actor)
