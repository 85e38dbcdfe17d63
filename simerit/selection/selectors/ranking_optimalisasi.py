"""Optimalisasi (§2.4): the formasi of a run left without enough Lulus ("open formasi"), next to
the P/L applicants of other formasi of the same position, in the order of the final ranking.
SiMerit lists the candidates; the decision is the instansi's.
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from simerit.recruitment.models import Formasi
from simerit.selection.models import FinalResult, IntegrationRun
from simerit.selection.rules import FinalStatus

# --- optimalisasi (§2.4: P/L applicants onto the open formasi of the same position)

# The §2.4 chain after the final score: SKD total, TKP, TIU, TWK, IPK (none last), the older
# first; the registration number only makes the order of full ties stable.
OPTIMALISASI_ORDER = (
    F("final_score").desc(nulls_last=True),
    F("skd_total").desc(),
    F("tkp").desc(),
    F("tiu").desc(),
    F("twk").desc(),
    F("education_score").desc(nulls_last=True),
    F("birth_date").asc(),
    F("application__registration_number").asc(),
)


@dataclass(frozen=True)
class OpenFormasi:
    """A formasi of the period with fewer Lulus than its quota in the run."""

    formasi: Formasi
    lulus: int

    @property
    def open_places(self) -> int:
        return self.formasi.quota - self.lulus


@dataclass(frozen=True)
class Optimalisasi:
    """One position: its open formasi and the P/L applicants of its other formasi, best first
    (final score, then the §2.4 chain); `available` counts all of them, `candidates` holds at
    most the `limit` asked for."""

    position_id: int
    position_name: str
    formasi: list[OpenFormasi]
    candidates: list[FinalResult]
    available: int

    @property
    def open_places(self) -> int:
        return sum(item.open_places for item in self.formasi)


def open_formasi(run: IntegrationRun) -> QuerySet[Formasi]:
    """The period's formasi (not drafts) whose Lulus in the run are fewer than the quota and
    whose position has P/L applicants in the run, annotated `lulus`; ONE query (a formasi with
    P/L applicants has at least its quota of Lulus, so the P/L are always of other formasi)."""
    lulus = (
        FinalResult.objects.filter(run=run, formasi=OuterRef("pk"), status=FinalStatus.LULUS)
        .order_by()
        .values("formasi")
        .annotate(count=Count("pk"))
        .values("count")
    )
    positions = FinalResult.objects.filter(run=run, status=FinalStatus.PL).values(
        "formasi__position_id"
    )
    return (
        Formasi.objects.filter(period_id=run.period_id, position_id__in=positions)
        .exclude(status=Formasi.Status.DRAFT)
        .annotate(lulus=Coalesce(Subquery(lulus, output_field=IntegerField()), 0))
        .filter(lulus__lt=F("quota"))
        .select_related("position", "work_unit")
        .order_by("position__name", "position_id", "code", "pk")
    )


def optimalisasi(run: IntegrationRun, *, limit: int | None = None) -> list[Optimalisasi]:
    """Per position (name order) with an open formasi in the run: the open formasi and the P/L
    applicants of the same position in the same period, best first. TWO queries whatever the
    number of formasi: `open_formasi`, then the P/L rows of those positions with their place in
    the position (ROW_NUMBER) and the position's count (COUNT OVER), the first `limit` of each
    position when a limit is given (the page), all of them otherwise (the Excel export)."""
    groups: dict[int, Optimalisasi] = {}
    for formasi in open_formasi(run):
        group = groups.get(formasi.position_id)
        if group is None:
            group = groups[formasi.position_id] = Optimalisasi(
                position_id=formasi.position_id,
                position_name=formasi.position.name,
                formasi=[],
                candidates=[],
                available=0,
            )
        group.formasi.append(OpenFormasi(formasi, formasi.lulus))  # type: ignore[attr-defined]
    if not groups:
        return []
    position = F("formasi__position_id")
    candidates = (
        FinalResult.objects.filter(
            run=run, status=FinalStatus.PL, formasi__position_id__in=list(groups)
        )
        .select_related("formasi__work_unit", "application__applicant")
        .annotate(
            place=Window(RowNumber(), partition_by=[position], order_by=list(OPTIMALISASI_ORDER)),
            available=Window(Count("pk"), partition_by=[position]),
            position_key=position,
        )
        .order_by("position_key", "place")
    )
    if limit is not None:
        candidates = candidates.filter(place__lte=limit)
    available: dict[int, int] = {}
    for result in candidates.iterator(chunk_size=2000):
        key = result.position_key
        groups[key].candidates.append(result)
        available[key] = result.available
    return [
        Optimalisasi(
            position_id=group.position_id,
            position_name=group.position_name,
            formasi=group.formasi,
            candidates=group.candidates,
            available=available.get(group.position_id, 0),
        )
        for group in groups.values()
    ]
