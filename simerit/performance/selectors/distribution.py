"""The distribution check per unit (SE MenPANRB 03/2023; §5.5) and the unit's SKP completion: the
numbers of the unit dashboard (the issue's item 7), counted over the SKPs the reader may see
(bias_access.skp_scope). Three queries. Based on the pejabat penilai's decisions and the SKPs'
status only, not on 360 answers: shown while the 360 collection is open too."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from simerit.organization.models import WorkUnit
from simerit.performance import rules
from simerit.performance.models import Appraisal, PerformanceYear, Predikat, Skp, UnitPredikat


@dataclass(frozen=True)
class UnitDistribution:
    """The employees' predikat of SKPs in the unit's subtree (`counts` in the order of the
    matrix, every predikat present), compared with the curve for the unit's organisation
    predikat (`findings`, empty when it conforms or no predikat is set: `unit_predikat` None)."""

    year: PerformanceYear
    unit: WorkUnit
    unit_predikat: UnitPredikat | None
    counts: dict[str, int]
    findings: list[rules.DistributionFinding]
    skp_status: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def appraised(self) -> int:
        return sum(self.counts.values())

    @property
    def skps(self) -> int:
        return sum(count for _, _, count in self.skp_status)

    def rows(self) -> list[tuple[str, str, int]]:
        """(predikat value, label, count) in the matrix's order."""
        return [(p.value, str(p.label), self.counts[p.value]) for p in Predikat]

    def chart(self) -> dict[str, list[str] | list[int]]:
        """The data of the bar chart (read by the page's script from a json_script tag)."""
        rows = self.rows()
        return {"labels": [label for _, label, _ in rows], "counts": [n for _, _, n in rows]}


def unit_distribution(
    *, year: PerformanceYear, unit: WorkUnit, skps: QuerySet[Skp] | None = None
) -> UnitDistribution:
    """The unit subtree's SKPs of the year (only those among `skps` when given)."""
    in_unit = Skp.objects.filter(year=year, work_unit__path__startswith=unit.path).order_by()
    if skps is not None:
        in_unit = in_unit.filter(pk__in=skps.values("pk"))
    tally = dict(
        Appraisal.objects.filter(skp__in=in_unit)
        .order_by()
        .values_list("predikat")
        .annotate(n=Count("pk"))
        .values_list("predikat", "n")
    )
    counts = {p.value: tally.get(p.value, 0) for p in Predikat}
    by_status = dict(
        in_unit.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    skp_status = [(s.value, str(s.label), by_status.get(s.value, 0)) for s in Skp.Status]
    unit_predikat = UnitPredikat.objects.filter(year=year, work_unit=unit).first()
    findings = (
        rules.check_distribution(
            organisation=unit_predikat.predikat,  # type: ignore[arg-type]
            counts={Predikat(key): n for key, n in counts.items()},
        )
        if unit_predikat is not None
        else []
    )
    return UnitDistribution(
        year=year,
        unit=unit,
        unit_predikat=unit_predikat,
        counts=counts,
        findings=findings,
        skp_status=skp_status,
    )
