"""Set-based reads of the selection: the SKD → SKB cut computed by the database.

One query with a window function per period, whatever the number of formasi and applications:
RANK() OVER (PARTITION BY formasi ORDER BY total, TKP, TIU, TWK, all descending) gives tied rows
the rank of the first of them, so "rank ≤ multiplier × quota" is exactly the rule of §2.3 (the
first 3 × quota proceed, and everyone tied with the last of them). `rules.skd_cut` is the same
rule in Python; the tests hold the two against each other.
"""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import F, IntegerField, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Rank

from simerit.exams.models import ExamKind, ExamResult
from simerit.recruitment.models import SelectionPeriod


class CutAnnotations(TypedDict):
    tkp: int
    tiu: int
    twk: int
    quota: int
    formasi_id: int
    cut_rank: int


if TYPE_CHECKING:  # the generic alias exists for the type checker only
    from django_stubs_ext import WithAnnotations

    RankedResult = WithAnnotations[ExamResult, CutAnnotations]


def _sub_test(code: str) -> Cast:
    return Cast(KeyTextTransform(code, "scores"), IntegerField())


def skd_ranking(*, period: SelectionPeriod) -> "QuerySet[RankedResult]":
    """The period's SKD results that met the passing grade of their track, each annotated with
    `cut_rank` within its formasi and `quota`, ordered by formasi and rank."""
    return (
        ExamResult.objects.filter(application__period=period, kind=ExamKind.SKD, passed=True)
        .annotate(
            tkp=_sub_test("TKP"),
            tiu=_sub_test("TIU"),
            twk=_sub_test("TWK"),
            quota=F("application__formasi__quota"),
            formasi_id=F("application__formasi_id"),
        )
        .annotate(
            cut_rank=Window(
                Rank(),
                partition_by=[F("application__formasi_id")],
                order_by=[F("total").desc(), F("tkp").desc(), F("tiu").desc(), F("twk").desc()],
            )
        )
        .order_by("formasi_id", "cut_rank", "application_id")
    )


def skd_cut(*, period: SelectionPeriod, multiplier: int) -> "QuerySet[RankedResult]":
    """Those who proceed to the SKB: rank within `multiplier` × the formasi's quota."""
    if multiplier < 1:
        raise ValueError("Pengali harus paling sedikit 1.")
    return skd_ranking(period=period).filter(Q(cut_rank__lte=F("quota") * multiplier))
