"""The award catalogue: creating and editing awards and criteria, and the committee."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.rewards.models import Award, CommitteeMember, Criterion, Nomination, Score
from simerit.rewards.services import awards as services
from simerit.rewards.services import committee
from simerit.rewards.services.awards import AwardInput, CriterionInput
from simerit.rewards.tests.factories import (
    AwardFactory,
    CriterionFactory,
    NominationFactory,
    exact,
    satyalancana,
    scored_award,
    starts,
)

pytestmark = pytest.mark.django_db


def test_hr_creates_an_award_with_conditions(hr_admin):
    award = services.create_award(
        data=AwardInput(
            name="  Pegawai Teladan  ",
            min_service_years=5,
            min_predikat="baik",
            clean_record_years=3,
        ),
        actor=hr_admin,
    )

    assert (award.kind, award.name, award.min_predikat) == ("other", "Pegawai Teladan", "baik")
    event = AuditEvent.objects.get(action="rewards.award.created")
    assert event.changes["min_service_years"] == 5


def test_only_hr_creates_awards(auditor):
    count = Award.objects.count()

    with pytest.raises(PermissionDenied):
        services.create_award(data=AwardInput(name="Teladan"), actor=auditor)

    assert Award.objects.count() == count
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


def test_award_input_is_validated(hr_admin):
    AwardFactory.create(name="Pegawai Teladan")

    with pytest.raises(InvalidInputError) as error:
        services.create_award(
            data=AwardInput(name=" ", min_service_years=41, min_predikat="hebat"), actor=hr_admin
        )
    with pytest.raises(
        ConflictError, match=exact("Penghargaan bernama pegawai teladan sudah ada.")
    ):
        services.create_award(data=AwardInput(name="pegawai teladan"), actor=hr_admin)

    assert error.value.errors == {
        "name": ["Nama penghargaan wajib diisi."],
        "min_service_years": ["Jumlah tahun harus antara 0 dan 40."],
        "min_predikat": ["Predikat minimal tidak dikenal."],
    }
    assert Award.objects.filter(kind="other").count() == 1


def test_update_records_old_and_new_values(hr_admin):
    award = AwardFactory.create(name="Teladan", min_service_years=1)

    services.update_award(
        award=award,
        data=AwardInput(name="Teladan", description=award.description, min_service_years=4),
        actor=hr_admin,
    )

    award.refresh_from_db()
    assert award.min_service_years == 4
    event = AuditEvent.objects.get(action="rewards.award.changed")
    assert event.changes == {"min_service_years": [1, 4]}


def test_satyalancana_classes_cannot_be_edited(hr_admin):
    award = satyalancana(10)

    with pytest.raises(DomainError) as error:
        services.update_award(award=award, data=AwardInput(name="Lain"), actor=hr_admin)
    with pytest.raises(DomainError, match="tidak dinilai dengan kriteria"):
        services.add_criterion(
            award=award, data=CriterionInput(name="A", weight=Decimal(10)), actor=hr_admin
        )

    assert error.value.message == (
        "Satyalancana Karya Satya ditetapkan peraturan (UU 20/2009; PP 35/2010) dan tidak dapat "
        "diubah di sini."
    )
    award.refresh_from_db()
    assert award.name == "Satyalancana Karya Satya X Tahun"


def test_criteria_may_not_weigh_more_than_100(hr_admin):
    award = AwardFactory.create()
    CriterionFactory.create(award=award, name="Kinerja", weight=Decimal("70"))

    services.add_criterion(
        award=award, data=CriterionInput(name="Integritas", weight=Decimal("30")), actor=hr_admin
    )
    with pytest.raises(InvalidInputError) as error:
        services.add_criterion(
            award=award, data=CriterionInput(name="Inovasi", weight=Decimal("0.5")), actor=hr_admin
        )

    assert error.value.errors == {
        "weight": ["Jumlah bobot kriteria menjadi 100,5%; paling banyak 100%."]
    }
    assert list(award.criteria.order_by("pk").values_list("name", flat=True)) == [
        "Kinerja",
        "Integritas",
    ]


def test_criterion_input_is_validated(hr_admin):
    award = AwardFactory.create()
    CriterionFactory.create(award=award, name="Kinerja", weight=Decimal("10"))

    with pytest.raises(InvalidInputError) as error:
        services.add_criterion(
            award=award,
            data=CriterionInput(name="", weight=Decimal("0"), max_score=0),
            actor=hr_admin,
        )
    with pytest.raises(
        ConflictError, match=exact("Kriteria kinerja sudah ada pada penghargaan ini.")
    ):
        services.add_criterion(
            award=award, data=CriterionInput(name="kinerja", weight=Decimal(5)), actor=hr_admin
        )

    assert error.value.errors == {
        "name": ["Nama kriteria wajib diisi."],
        "weight": ["Bobot harus antara 0,01 dan 100."],
        "max_score": ["Nilai maksimal harus antara 1 dan 1000."],
    }
    assert award.criteria.count() == 1


def test_criteria_are_frozen_while_a_nomination_is_scored(hr_admin):
    award, criteria, members = scored_award("60", "40")
    nomination = NominationFactory.create(award=award)
    Score.objects.create(
        nomination=nomination, criterion=criteria[0], member=members[0], score=Decimal(50)
    )

    with pytest.raises(ConflictError) as error:
        services.update_criterion(
            criterion=criteria[0],
            data=CriterionInput(name="Kriteria 1", weight=Decimal("50"), order=criteria[0].order),
            actor=hr_admin,
        )

    assert error.value.message == (
        "Kriteria tidak dapat diubah selama ada usulan penghargaan ini yang sedang dinilai."
    )
    criteria[0].refresh_from_db()
    assert criteria[0].weight == Decimal("60")

    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.REJECTED)
    services.update_criterion(
        criterion=criteria[0],
        data=CriterionInput(name="Kriteria 1", weight=Decimal("50"), order=criteria[0].order),
        actor=hr_admin,
    )
    with pytest.raises(
        ConflictError, match=starts("Kriteria yang sudah dipakai menilai tidak dapat")
    ):
        services.delete_criterion(criterion=criteria[0], actor=hr_admin)
    services.delete_criterion(criterion=criteria[1], actor=hr_admin)

    assert list(Criterion.objects.filter(award=award)) == [criteria[0]]
    event = AuditEvent.objects.get(action="rewards.criterion.changed")
    assert event.changes == {"weight": ["60.00", "50"]}


def test_committee_members_are_added_once_and_removed_until_they_score(hr_admin):
    award, criteria, _ = scored_award("100", members=0)
    user = UserFactory.create(username="siti", full_name="Siti", roles=[Role.PEGAWAI])

    member = committee.add_member(award=award, year=2026, user=user, actor=hr_admin)
    with pytest.raises(ConflictError) as error:
        committee.add_member(award=award, year=2026, user=user, actor=hr_admin)
    nomination = NominationFactory.create(award=award)
    Score.objects.create(nomination=nomination, criterion=criteria[0], member=user, score=1)
    with pytest.raises(ConflictError, match=starts("Anggota yang sudah memberi nilai")):
        committee.remove_member(member=member, actor=hr_admin)

    assert error.value.message == f"Siti sudah menjadi anggota tim penilai {award.name} tahun 2026."
    assert CommitteeMember.objects.filter(award=award).count() == 1


def test_committee_refusals_change_nothing(hr_admin, auditor):
    award = AwardFactory.create()
    user = UserFactory.create(roles=[Role.PEGAWAI])

    with pytest.raises(PermissionDenied):
        committee.add_member(award=award, year=2026, user=user, actor=auditor)
    with pytest.raises(
        DomainError, match=exact("Satyalancana Karya Satya tidak memiliki tim penilai.")
    ):
        committee.add_member(award=satyalancana(10), year=2026, user=user, actor=hr_admin)
    with pytest.raises(InvalidInputError) as error:
        committee.add_member(award=award, year=2028, user=user, actor=hr_admin)

    assert error.value.errors == {"year": ["Tahun harus antara 2000 dan 2027."]}
    assert not CommitteeMember.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


COMMITTEE_ROLES_ONLY = (
    "Anggota tim penilai harus akun Pegawai, Atasan, Admin OPD atau Admin BKPSDM; akun Auditor "
    "atau Pelamar tidak dapat menjadi anggota."
)


@pytest.mark.parametrize(
    "roles",
    [
        [Role.AUDITOR],
        [Role.PELAMAR],
        [Role.PEGAWAI, Role.AUDITOR],
        [Role.VERIFIKATOR],
        [],
    ],
    ids=["auditor", "pelamar", "pegawai-and-auditor", "verifikator", "no-role"],
)
def test_only_staff_accounts_sit_on_a_committee(hr_admin, roles):
    award = AwardFactory.create()
    user = UserFactory.create(roles=roles)

    with pytest.raises(InvalidInputError) as error:
        committee.add_member(award=award, year=2026, user=user, actor=hr_admin)

    assert error.value.errors == {"user": [COMMITTEE_ROLES_ONLY]}
    assert not CommitteeMember.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


@pytest.mark.parametrize(
    "role", [Role.PEGAWAI, Role.ATASAN, Role.ADMIN_OPD, Role.ADMIN_BKPSDM], ids=str
)
def test_each_staff_role_may_sit_on_a_committee(hr_admin, role):
    award = AwardFactory.create()
    user = UserFactory.create(roles=[role])

    member = committee.add_member(award=award, year=2026, user=user, actor=hr_admin)

    assert list(CommitteeMember.objects.values_list("pk", "user")) == [(member.pk, user.pk)]
    assert AuditEvent.objects.filter(action="rewards.committee_member.added").count() == 1


def test_removing_a_member_who_has_not_scored_settles_the_nomination(hr_admin):
    award, criteria, members = scored_award("100", members=2)
    nomination = NominationFactory.create(award=award)
    Score.objects.create(nomination=nomination, criterion=criteria[0], member=members[0], score=70)
    lazy = CommitteeMember.objects.get(user=members[1])

    committee.remove_member(member=lazy, actor=hr_admin)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.final_score) == ("scored", Decimal("70.00"))
