"""SKB-CAT scores into component results: the official SKB ExamResult (SiMerit CAT or a BKN score
file) scaled to 0–100 by the component's `cat_max_score` (§3.2).

One INSERT … SELECT for the whole period: a FINAL ComponentResult (resolution CAT) per CAT
component × SKB candidate with an SKB ExamResult, replacing the period's earlier CAT rows. A
candidate without an SKB ExamResult gets no row: the component is missing, so the integration
makes them Tidak Lulus. The score is total × 100 / cat_max_score rounded half up to 4 decimals,
computed in integer arithmetic so both engines store the same exact value. The audit row keeps
how long the import took (`duration_ms`; `manage.py selection_import_cat` runs it outside a web
request).
"""

import time

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import (
    BigIntegerField,
    Count,
    DateTimeField,
    F,
    JSONField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError
from simerit.exams.models import ExamKind
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.bulk import ScaledDecimal, insert_select
from simerit.selection.models import (
    ComponentResult,
    Method,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.permissions import can_manage
from simerit.selection.selectors.setup import ensure_setup
from simerit.selection.services.integration import elapsed_ms

DENIED = "Hanya Admin BKPSDM yang dapat mengimpor nilai SKB-CAT."

# The ComponentResult columns, in the order of the SELECT's values() in `_cat_rows`.
CAT_COLUMNS = (
    "component_id",
    "candidate_id",
    "status",
    "score",
    "aggregation",
    "assessor_scores",
    "resolution",
    "panel_members",
    "panel_note",
    "decided_at",
    "created_at",
    "updated_at",
)


def _with_cat_result(period: SelectionPeriod, *conditions: Q) -> QuerySet[SkbCandidate]:
    """Candidate × CAT component of its formasi × the candidate's SKB ExamResult. One filter()
    call: a later filter() on these multi-valued relations would join them again, while values()
    reuses the joins made here."""
    return SkbCandidate.objects.filter(
        *conditions,
        period=period,
        formasi__skb_components__method=Method.CAT,
        application__exam_results__kind=ExamKind.SKB,
    )


def _cat_rows(period: SelectionPeriod) -> QuerySet[SkbCandidate]:
    now = Value(timezone.now(), output_field=DateTimeField())
    total = Cast(F("application__exam_results__total"), BigIntegerField())
    maximum = F("formasi__skb_components__cat_max_score")
    # total × 100 / max in units of 10⁻⁴, rounded half up: (2 × total × 10⁶ + max) div (2 × max).
    units = (total * 2_000_000 + maximum) / (maximum * 2)
    rows = _with_cat_result(period).values(
        _component=F("formasi__skb_components__id"),
        _candidate=F("pk"),
        _status=Value(ComponentResult.Status.FINAL.value),
        _score=ScaledDecimal(units, places=4),
        _aggregation=Value(""),
        _assessor_scores=Value([], output_field=JSONField()),
        _resolution=Value(ComponentResult.Resolution.CAT.value),
        _panel_members=Value(""),
        _panel_note=Value(""),
        _decided=now,
        _created=now,
        _updated=now,
    )
    return rows  # type: ignore[return-value]


def _out_of_range(period: SelectionPeriod) -> str | None:
    """Why the import was refused: how many SKB totals lie outside 0..cat_max_score."""
    counts = _with_cat_result(period).aggregate(
        above=Count(
            "pk",
            filter=Q(
                application__exam_results__total__gt=F("formasi__skb_components__cat_max_score")
            ),
        ),
        below=Count("pk", filter=Q(application__exam_results__total__lt=0)),
    )
    problems = []
    if counts["above"]:
        problems.append(
            f"{counts['above']} hasil SKB melebihi nilai maksimum SKB-CAT yang ditetapkan pada "
            "komponen formasinya"
        )
    if counts["below"]:
        problems.append(f"{counts['below']} hasil SKB bernilai negatif")
    if not problems:
        return None
    return (
        f"Impor nilai SKB-CAT dibatalkan: {'; '.join(problems)}. Periksa nilai maksimum "
        "komponen SKB-CAT atau hasil ujian SKB."
    )


@transaction.atomic
def import_cat_scores(*, period: SelectionPeriod, actor: User) -> int:
    """Write the SKB-CAT component results of the period from the SKB ExamResults; returns how
    many were written. Refused, with nothing changed, when the cut has not been run, the period
    has no CAT component, or a total exceeds its component's configured maximum."""
    started = time.perf_counter()
    if not can_manage(actor):
        raise PermissionDenied(DENIED)
    # Serialised with the cut and the integration of the period on its setup row.
    setup = SelectionSetup.objects.select_for_update().get(pk=ensure_setup(period).pk)
    if setup.cut_at is None or not SkbCandidate.objects.filter(period=period).exists():
        raise ConflictError(
            "Nilai SKB-CAT belum dapat diimpor: pemeringkatan SKD (peserta SKB) belum dijalankan."
        )
    components = SkbComponent.objects.filter(formasi__period=period, method=Method.CAT)
    if not components.exists():
        raise ConflictError(
            "Nilai SKB-CAT belum dapat diimpor: belum ada komponen SKB-CAT pada formasi "
            "periode ini."
        )
    old = ComponentResult.objects.filter(
        candidate__period=period, component__method=Method.CAT
    ).delete()[0]
    try:
        with transaction.atomic():
            written = insert_select(ComponentResult, CAT_COLUMNS, _cat_rows(period))
    except IntegrityError as error:
        # A total above its component's maximum (or below zero) makes a score outside 0–100,
        # which the table's CHECK constraint refuses: counted only then, for the message.
        refusal = _out_of_range(period)
        if refusal is None:
            raise
        raise ConflictError(refusal) from error
    candidates = SkbCandidate.objects.filter(period=period).count()
    audit.record(
        actor=actor,
        action="selection.cat_scores.imported",
        target=setup,
        changes={
            "period": period.pk,
            "results": written,
            "replaced": old,
            "cat_components": components.count(),
            "candidates": candidates,
            "duration_ms": elapsed_ms(started),
        },
    )
    return written
