"""The demo's awards story (issue #8), built only through the rewards services.

1. The Satyalancana Karya Satya classes are seeded by the rewards migration; nothing is written
   for them. The yearly list of the demo's year (computed on read) finds the demo people whose
   TMT CPNS is 10, 20 or 30 years back: among them the two Apoteker Ahli Pertama of the
   puskesmas, appointed the same year. The one of Puskesmas Merdeka is excluded by the sedang
   sanction of the discipline story; the one of Puskesmas Dempo is eligible.
2. Admin BKPSDM adds a "Pegawai Teladan" award with three criteria weighing 100 % together and a
   committee for the demo's year (the Kepala Dinas Kesehatan, the kepala bidang and the second
   HR admin). The Admin OPD of Dinas Kesehatan nominates `pegawai`; the three members score
   every criterion, so the nomination is scored (final score 85,80) and waits for Admin BKPSDM's
   decision (granting it issues the piagam).

The award has no predikat condition, so that it can be tried on any employee: only the Dinas
Kesehatan staff have final predikat (performance_history.py).

At the end, the year's Satyalancana list is read for `seed_demo`'s summary.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.employees.models import Employee
from simerit.rewards.models import Award, Criterion, Nomination
from simerit.rewards.selectors.satyalancana import yearly_list
from simerit.rewards.services import awards as award_services
from simerit.rewards.services import committee as committee_services
from simerit.rewards.services import nominations as nomination_services
from simerit.rewards.services import scoring as scoring_services

DEMO_NOTE = "Contoh data demo SiMerit."
AWARD_NAME = "Pegawai Teladan Kota Palembang"
AWARD_DESCRIPTION = (
    "Penghargaan tahunan bagi pegawai yang berkinerja, berdisiplin dan berinovasi menonjol di "
    f"unit kerjanya; dinilai tim penilai dengan tiga kriteria berbobot. {DEMO_NOTE}"
)
MIN_SERVICE_YEARS = 2
CLEAN_RECORD_YEARS = 2
# (name, weight %, description): the weights sum to 100.
CRITERIA = (
    ("Kinerja dan capaian SKP", Decimal(40), "Capaian hasil kerja dan perilaku kerja."),
    ("Disiplin dan integritas", Decimal(30), "Kehadiran, ketaatan dan keteladanan."),
    ("Inovasi dan pelayanan", Decimal(30), "Gagasan baru dan mutu pelayanan kepada masyarakat."),
)
COMMITTEE = ("kadinkes", "atasan", "admin.bkpsdm2")
NOMINATOR = "admin.dinkes"
NOMINEE = "pegawai"
NOMINATION_REASON = (
    "Menggerakkan kunjungan rumah Perkesmas di wilayah kerja dan menyelesaikan pelatihan "
    f"Perkesmas dengan nilai terbaik. {DEMO_NOTE}"
)
# Each member's score (0–100) per criterion, in the order of CRITERIA: totals 85, 87,9 and 84,5.
SCORES = {
    "kadinkes": (Decimal(85), Decimal(80), Decimal(90)),
    "atasan": (Decimal(90), Decimal(85), Decimal(88)),
    "admin.bkpsdm2": (Decimal(80), Decimal(90), Decimal(85)),
}


@dataclass
class RewardsStoryResult:
    year: int = 0
    awards: int = 0
    criteria: int = 0
    committee: int = 0
    nominations: int = 0
    scores: int = 0
    final_score: Decimal | None = None
    # The year's Satyalancana list over every active employee.
    satyalancana_eligible: int = 0
    satyalancana_excluded: int = 0


def user(username: str) -> User:
    return User.objects.get(username=username)


def teladan_award() -> Award | None:
    return Award.objects.filter(name=AWARD_NAME).first()


class RewardsStory:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.result = RewardsStoryResult(year=today.year)
        self.admin = user("admin.bkpsdm")

    def build(self) -> RewardsStoryResult:
        award = self.award()
        criteria = self.criteria(award)
        for username in COMMITTEE:
            committee_services.add_member(
                award=award, year=self.result.year, user=user(username), actor=self.admin
            )
            self.result.committee += 1
        nomination = self.nomination(award)
        for username, values in SCORES.items():
            nomination = scoring_services.submit_scores(
                nomination=nomination,
                scores={
                    criterion.pk: value for criterion, value in zip(criteria, values, strict=True)
                },
                actor=user(username),
            )
            self.result.scores += len(values)
        self.result.final_score = nomination.final_score
        listed = yearly_list(Employee.objects.all(), year=self.result.year)
        self.result.satyalancana_eligible = len(listed.eligible)
        self.result.satyalancana_excluded = len(listed.excluded)
        return self.result

    def award(self) -> Award:
        award = award_services.create_award(
            data=award_services.AwardInput(
                name=AWARD_NAME,
                description=AWARD_DESCRIPTION,
                min_service_years=MIN_SERVICE_YEARS,
                clean_record_years=CLEAN_RECORD_YEARS,
            ),
            actor=self.admin,
        )
        self.result.awards += 1
        return award

    def criteria(self, award: Award) -> list[Criterion]:
        created = []
        for order, (name, weight, description) in enumerate(CRITERIA, start=1):
            created.append(
                award_services.add_criterion(
                    award=award,
                    data=award_services.CriterionInput(
                        name=name, weight=weight, description=description, order=order
                    ),
                    actor=self.admin,
                )
            )
            self.result.criteria += 1
        return created

    def nomination(self, award: Award) -> Nomination:
        nominee = Employee.objects.filter(user__username=NOMINEE).first()
        if nominee is None:
            raise DomainError(f"Data demo: pegawai {NOMINEE} untuk cerita penghargaan tidak ada.")
        nomination = nomination_services.nominate(
            award=award,
            employee=nominee,
            year=self.result.year,
            reason=NOMINATION_REASON,
            actor=user(NOMINATOR),
        )
        self.result.nominations += 1
        return nomination
