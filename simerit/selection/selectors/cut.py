"""Set-based reads of the selection: the SKD → SKB cut computed by the database.

One query with a window function per period, whatever the number of formasi and applications:
RANK() OVER (PARTITION BY formasi ORDER BY total, TKP, TIU, TWK, all descending) gives tied rows
the rank of the first of them, so "rank ≤ multiplier × quota" is exactly the rule of §2.3 (the
first 3 × quota proceed, and everyone tied with the last of them). `rules.skd_cut` is the same
rule in Python; the tests hold the two against each other. `cut_select_sql` is the same query
as SQL text for the cut service's INSERT … SELECT (held against `skd_cut` by the tests too).
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Func, IntegerField, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import Rank
from django.db.models.sql.compiler import SQLCompiler

from simerit.exams.models import ExamKind, ExamResult
from simerit.recruitment.models import Applicant, Application, Formasi, SelectionPeriod


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


class _SubTest(Func):
    """One SKD sub-test score read from `ExamResult.scores` as an integer, in one JSON call.

    Django's key transform is three JSON calls on SQLite (it tells JSON null from SQL NULL); a
    sub-test score is always a number, and the window repeats the expression in its ORDER BY, so
    over a million results the single call matters.
    """

    output_field = IntegerField()

    def __init__(self, code: str) -> None:
        super().__init__(F("scores"))
        self.code = code

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        return sub_test_sql(connection.vendor, column, self.code), list(params)


def _sub_test(code: str) -> _SubTest:
    return _SubTest(code)


def skd_ranking(*, period: SelectionPeriod) -> "QuerySet[RankedResult]":
    """The period's SKD results of MS applications that met the passing grade of their track, each
    annotated with `cut_rank` within its formasi and `quota`, ordered by formasi and rank."""
    return (
        ExamResult.objects.filter(
            application__period=period,
            application__status=Application.Status.MS,
            kind=ExamKind.SKD,
            passed=True,
        )
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


def sub_test_sql(vendor: str, column: str, code: str) -> str:
    """SQL of one SKD sub-test read from the JSON `column` as an integer (code: a constant)."""
    if vendor == "postgresql":
        return f"CAST(({column} ->> '{code}') AS integer)"
    return f"CAST(JSON_EXTRACT({column}, '$.\"{code}\"') AS integer)"


def cut_select_sql(
    *, connection: BaseDatabaseWrapper, period_id: int, multiplier: int, extra: Sequence[Any]
) -> tuple[str, list[Any]]:
    """`skd_cut` as one SELECT for an INSERT … SELECT (services.cut): the same filter, window and
    rank ≤ multiplier × quota rule, shaped for speed over a million results.

    The sub-tests are read from the JSON once, in the window's own rows, and carried with the
    application and the total through the per-formasi sort: reading them again afterwards for
    the rows that proceed would join the results table a second time, which costs more than the
    wider sort. The applicant's IPK and birth date (the integration's last tie-breaks) are read
    by primary key for the rows that proceed only. Columns: the `extra` values first (bound
    parameters, e.g. the period id), then formasi_id, application_id, skd_total, twk, tiu, tkp,
    cut_rank, education_score, birth_date. Table names come from the models' metadata; every value
    is a bound parameter.
    """
    if multiplier < 1:
        raise ValueError("Pengali harus paling sedikit 1.")
    quote = connection.ops.quote_name
    vendor = connection.vendor
    results = quote(ExamResult._meta.db_table)
    applications = quote(Application._meta.db_table)
    formasi = quote(Formasi._meta.db_table)
    applicants = quote(Applicant._meta.db_table)
    tkp, tiu, twk = (sub_test_sql(vendor, "r.scores", code) for code in ("TKP", "TIU", "TWK"))
    placeholders = "".join("%s, " for _ in extra)
    sql = f"""
SELECT {placeholders}ranked.formasi_id, ranked.application_id, ranked.total,
       ranked.twk, ranked.tiu, ranked.tkp, ranked.cut_rank, ap.gpa, ap.birth_date
FROM (
    SELECT scored.*,
           RANK() OVER (
               PARTITION BY scored.formasi_id
               ORDER BY scored.total DESC, scored.tkp DESC, scored.tiu DESC, scored.twk DESC
           ) AS cut_rank
    FROM (
        SELECT a.formasi_id, r.application_id, a.applicant_id, r.total,
               {tkp} AS tkp, {tiu} AS tiu, {twk} AS twk
        FROM {results} r
        INNER JOIN {applications} a ON a.id = r.application_id
        WHERE a.period_id = %s AND a.status = %s AND r.kind = %s AND r.passed
    ) scored
) ranked
INNER JOIN {formasi} f ON f.id = ranked.formasi_id
INNER JOIN {applicants} ap ON ap.id = ranked.applicant_id
WHERE ranked.cut_rank <= f.quota * %s
"""  # noqa: S608 (table names from the models' metadata; values are bound)
    params = [*extra, period_id, Application.Status.MS.value, ExamKind.SKD.value, multiplier]
    return sql, params
