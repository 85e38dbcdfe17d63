"""An integrated formasi made directly in the database, for the announcement tests.

`scenario()` builds a period (SKD 40 %, SKB 60 %, SKD max 550), one formasi "F-PERAWAT" (quota 1)
with SKB-CAT 60 % + Simulasi kasus klinis 40 %, four SKB candidates and an integration run whose
FinalResult rows come from the pure rules (`rules.final_score`, `rules.rank_final`), so the tests
depend on no other service.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection import rules
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    ResultAnnouncement,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.tests.factories import (
    SelectionSetupFactory,
    SkbCandidateFactory,
    make_components,
)

ABSENT = "absent"
SNAPSHOT = {"skd_max": 550, "skd_weight": "40.00", "skb_weight": "60.00"}


@dataclass(frozen=True)
class Line:
    """One SKB candidate: SKD sub-tests and the two component scores (None: no score at all,
    ABSENT: did not attend the simulation)."""

    number: str
    name: str
    twk: int
    tiu: int
    tkp: int
    cat: Decimal | None
    simulation: Decimal | str | None
    withdrawn: bool = False


# 1st: 395 SKD, SKB 70 -> 40 % × 395/550 × 100 + 60 % × 70 = 70.7273; 2nd and 3rd below; the
# 4th did not attend the simulation: Tidak Lulus.
LINES = (
    Line("2026-HSL-000101", "Siti Aminah", 120, 100, 175, Decimal(75), Decimal("62.5")),
    Line("2026-HSL-000102", "Budi Santoso", 100, 110, 180, Decimal(60), Decimal(70)),
    Line("2026-HSL-000103", "Rina Wati", 90, 100, 170, Decimal(55), Decimal(50)),
    Line("2026-HSL-000104", "Dodi Irawan", 110, 105, 160, Decimal(80), ABSENT),
)


@dataclass
class Scenario:
    period: SelectionPeriod
    formasi: Formasi
    components: tuple[SkbComponent, SkbComponent]
    candidates: dict[str, SkbCandidate]
    hr: User
    # Set by the tests that publish the formasi.
    announcement: ResultAnnouncement | None = None


def scenario(
    *,
    code: str = "F-PERAWAT",
    lines: tuple[Line, ...] = LINES,
    period: SelectionPeriod | None = None,
    quota: int = 1,
    hr: User | None = None,
) -> Scenario:
    period = period or SelectionPeriodFactory.create(name="Seleksi CASN Kota Palembang 2026")
    SelectionSetupFactory.create(period=period)
    formasi = FormasiFactory.create(
        period=period,
        code=code,
        quota=quota,
        position__name="Perawat Ahli Pertama",
        work_unit__name="RSUD Bari",
    )
    components = make_components(formasi)
    candidates = {line.number: add_candidate(formasi, components, line) for line in lines}
    return Scenario(
        period=period,
        formasi=formasi,
        components=components,
        candidates=candidates,
        hr=hr or UserFactory.create(roles=[Role.ADMIN_BKPSDM]),
    )


def add_candidate(
    formasi: Formasi, components: tuple[SkbComponent, SkbComponent], line: Line
) -> SkbCandidate:
    application = ApplicationFactory.create(
        formasi=formasi,
        registration_number=line.number,
        applicant=ApplicantFactory.create(name=line.name),
    )
    candidate = SkbCandidateFactory.create(
        application=application,
        twk=line.twk,
        tiu=line.tiu,
        tkp=line.tkp,
        withdrawn_at=timezone.now() if line.withdrawn else None,
    )
    cat, simulation = components
    if line.cat is not None:
        set_score(candidate, cat, line.cat)
    if line.simulation is not None:
        set_score(candidate, simulation, line.simulation)
    return candidate


def set_score(
    candidate: SkbCandidate, component: SkbComponent, score: Decimal | str
) -> ComponentResult:
    """Replace the candidate's result on the component (FINAL with `score`, or ABSENT)."""
    ComponentResult.objects.filter(candidate=candidate, component=component).delete()
    absent = score == ABSENT
    return ComponentResult.objects.create(
        component=component,
        candidate=candidate,
        status=ComponentResult.Status.ABSENT if absent else ComponentResult.Status.FINAL,
        score=None if absent else score,
        aggregation="" if component.is_cat else component.aggregation,
        resolution=ComponentResult.Resolution.CAT if component.is_cat else "",
    )


def integrate(
    period: SelectionPeriod, *, by: User, at: dt.datetime | None = None
) -> IntegrationRun:
    """A run with FinalResult rows for every SKB candidate of the period, by the pure rules."""
    run = IntegrationRun.objects.create(
        period=period,
        run_by=by,
        run_at=at or timezone.now(),
        settings_snapshot=SNAPSHOT,
        formasi_count=0,
        result_count=0,
    )
    count = 0
    formasi_ids = set()
    for formasi in Formasi.objects.filter(skb_candidates__period=period).distinct():
        components = list(SkbComponent.objects.filter(formasi=formasi).order_by("order"))
        candidates = list(
            SkbCandidate.objects.filter(formasi=formasi).select_related("application__applicant")
        )
        skb: dict[int, Decimal | None] = {}
        final: dict[int, Decimal | None] = {}
        for candidate in candidates:
            scores: dict[int, Decimal] = {
                row.component_id: row.score
                for row in ComponentResult.objects.filter(
                    candidate=candidate, status=ComponentResult.Status.FINAL
                )
                if row.score is not None
            }
            if any(scores.get(component.pk) is None for component in components):
                skb[candidate.pk] = final[candidate.pk] = None
                continue
            value = sum(
                (component.weight * scores[component.pk] / 100 for component in components),
                Decimal(0),
            )
            skb[candidate.pk] = value.quantize(Decimal("0.0001"))
            final[candidate.pk] = rules.final_score(
                skd_total=candidate.skd_total,
                skd_max=550,
                skb=value,
                skd_weight=Decimal("0.4"),
                skb_weight=Decimal("0.6"),
            ).quantize(Decimal("0.0001"))
        placements = rules.rank_final(
            [
                rules.FinalCandidate(
                    key=candidate.pk,
                    skd=rules.SkdScore(twk=candidate.twk, tiu=candidate.tiu, tkp=candidate.tkp),
                    final=final[candidate.pk],
                    education_score=None,
                    birth_date=candidate.application.applicant.birth_date,
                    withdrawn=candidate.withdrawn_at is not None,
                )
                for candidate in candidates
            ],
            quota=formasi.quota,
        )
        by_key = {candidate.pk: candidate for candidate in candidates}
        for placement in placements:
            candidate = by_key[placement.key]
            withdrawn = placement.status == rules.FinalStatus.MENGUNDURKAN_DIRI
            FinalResult.objects.create(
                run=run,
                formasi=formasi,
                candidate=candidate,
                application=candidate.application,
                skd_total=candidate.skd_total,
                twk=candidate.twk,
                tiu=candidate.tiu,
                tkp=candidate.tkp,
                skb_score=None if withdrawn else skb[candidate.pk],
                final_score=None if withdrawn else final[candidate.pk],
                birth_date=candidate.application.applicant.birth_date,
                rank=placement.rank,
                status=placement.status.value,
            )
            count += 1
        formasi_ids.add(formasi.pk)
    run.formasi_count = len(formasi_ids)
    run.result_count = count
    run.save(update_fields=["formasi_count", "result_count"])
    return run
