"""The `calibration` scenario: the rater statistics and the rater-normalised scores of a
performance year of 15,000 employees, each SKP rated by 8 raters on the 21 BerAKHLAK indicators
(2.52 million ratings).

The data (`build`, not measured): one PerformanceYear (running), `employees // UNIT_SIZE` work
units of UNIT_SIZE employees (the first of each unit its head, on a position of its own; no
accounts), and one approved SKP per employee whose pejabat penilai is the unit's head (a head's:
the previous unit's head). Every SKP has `raters` RaterAssignment rows (answered), each with its
BehaviourResponse and 21 BehaviourRating rows (every seeded indicator): the pejabat penilai
(group supervisor), then `raters - 1` colleagues of the same unit (peer; for a head, the first
members of the unit, group subordinate). A ratee has a level (2, 3 or 4, from a hash of their
number) and a fair rater gives that level −1, +0 or +1 (1:2:1, a hash of the rating's number).
Three members of every unit are biased raters: the LENIENT one adds 1 (at most 5), the HARSH one
takes 1 away (at least 1), the HALO one gives the ratee's level to all 21 indicators. Everything
is made by INSERT … SELECT from a generated series or from the rows made before it, with ids
chosen here and values from integer hashes, so both engines hold the same rows.

The measured run (`measure`, `python -m bench.calibration measure <year id>`, a process of its
own so that its peak memory is its own): `selectors.bias.rater_statistics(year=year)` then
`selectors.bias.normalised_scores(year=year)`, each timed once, after the peak resident set is
reset (VmHWM, see bench.exams `_reset_peak_rss`). peak_mib is the whole process's peak over the
two calls (Python, Django, the driver, SQLite's page cache and sorter), not a delta; PostgreSQL's
server processes are not in it. The counts read to check the answers are not measured.

The pure parts (the BENCH line, the parsing of the child's output) are unit-tested in bench/tests.
"""

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.ranking import _analyze, _hash, _insert_select, _loading_mode, _pad, _series, _tables
from bench.wrk import format_line, marked_values

if TYPE_CHECKING:
    from simerit.organization.models import WorkUnit
    from simerit.performance.models import PerformanceYear
    from simerit.performance.selectors.bias import RaterStatistic

CALIBRATION = "calibration"
TARGET_S = 20
TARGET_PEAK_MIB = 1024
MARKER = "CALIBRATION_RESULT"
# Employees per work unit; the first is its head.
UNIT_SIZE = 100
# The members (0-based place in the unit) who are biased raters.
LENIENT, HARSH, HALO = 50, 51, 52
BIASED = (LENIENT, HARSH, HALO)


# --- The pure parts


@dataclass(frozen=True)
class Measured:
    """What the measuring process reports (seconds, counts, MiB)."""

    skps: int
    ratings: int
    raters: int
    rater_rows: int
    flagged: int
    normalised_rows: int
    statistics_s: float
    normalised_s: float
    peak_mib: float
    base_mib: float

    @property
    def total_s(self) -> float:
        return self.statistics_s + self.normalised_s

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)


def parse_measured(output: str) -> Measured:
    """The CALIBRATION_RESULT line the measuring process prints."""
    return Measured(**marked_values(output, MARKER, what="Pengukuran kalibrasi"))


def calibration_line(
    *, db: str, employees: int, raters: int, indicators: int, measured: Measured, setup_s: float
) -> str:
    """`BENCH calibration db=... employees=... raters=... indicators=... ratings=...
    statistics_s=... normalised_s=... total_s=... peak_mib=... target_s=20 target_peak_mib=1024
    ok=yes|no rater_rows=... flagged=... setup_s=... ...`.

    ok=yes when the seconds and the peak are within their targets and the answers are whole:
    the year holds employees × raters × indicators ratings, one statistic per rater who answered
    and one normalised score per SKP.
    """
    consistent = (
        measured.ratings == employees * raters * indicators
        and measured.skps == employees
        and measured.rater_rows == measured.raters
        and measured.normalised_rows == measured.skps
    )
    ok = consistent and measured.total_s <= TARGET_S and measured.peak_mib <= TARGET_PEAK_MIB
    fields: dict[str, object] = {
        "db": db,
        "employees": employees,
        "raters": raters,
        "indicators": indicators,
        "ratings": measured.ratings,
        "statistics_s": f"{measured.statistics_s:.2f}",
        "normalised_s": f"{measured.normalised_s:.2f}",
        "total_s": f"{measured.total_s:.2f}",
        "peak_mib": f"{measured.peak_mib:.1f}",
        "target_s": TARGET_S,
        "target_peak_mib": TARGET_PEAK_MIB,
        "ok": "yes" if ok else "no",
        "rater_rows": measured.rater_rows,
        "flagged": measured.flagged,
        "setup_s": f"{setup_s:.1f}",
        "normalised_rows": measured.normalised_rows,
        "consistent": "yes" if consistent else "no",
        "base_mib": f"{measured.base_mib:.1f}",
        "mem": "rss_hwm",
    }
    return format_line(CALIBRATION, fields)


def check_size(*, employees: int, raters: int) -> None:
    """Refuse a shape the rating scheme cannot fill (whole units, at least two, distinct raters)."""
    if employees < 2 * UNIT_SIZE or employees % UNIT_SIZE:
        raise ValueError(
            f"Skenario kalibrasi memerlukan kelipatan {UNIT_SIZE} pegawai, paling sedikit "
            f"{2 * UNIT_SIZE}; yang diisi {employees}."
        )
    if not 2 <= raters < UNIT_SIZE - 1:
        raise ValueError(
            f"Skenario kalibrasi memerlukan 2 sampai {UNIT_SIZE - 2} penilai per SKP; yang diisi "
            f"{raters}."
        )


# --- SQL pieces for both engines


def assignment_source(series: str, *, raters: int, units: int) -> str:
    """Per assignment number m (1..employees × raters, from `series`): n the ratee (employee
    number, 1-based), j its place among the ratee's raters (0 = the pejabat penilai), k the
    ratee's place in their unit (0 = the head), rater the rater's employee number, grp its group.

    The pejabat penilai is the unit's head (a head's: the previous unit's head); the colleagues of
    a member are the next `raters - 1` members of the unit after them (cyclically, heads left
    out), those of a head the unit's first `raters - 1` members."""
    size = UNIT_SIZE
    return (
        "(SELECT m, n, j, k,"  # noqa: S608 (integers only)
        f" CASE WHEN j = 0 AND k = 0 THEN ((u + {units} - 1) %% {units}) * {size} + 1"
        f" WHEN j = 0 THEN u * {size} + 1"
        f" WHEN k = 0 THEN u * {size} + 1 + j"
        f" ELSE u * {size} + 2 + (k - 1 + j) %% {size - 1} END AS rater,"
        " CASE WHEN j = 0 THEN 'supervisor' WHEN k = 0 THEN 'subordinate' ELSE 'peer' END AS grp"
        f" FROM (SELECT m, n, j, (n - 1) / {size} AS u, (n - 1) %% {size} AS k"
        f" FROM (SELECT n AS m, (n - 1) / {raters} + 1 AS n, (n - 1) %% {raters} AS j"
        f" FROM {series}) numbered) placed) assigned"
    )


def indicator_list(indicator_ids: Sequence[int]) -> str:
    """The indicators as a derived table (o: 1..21 in order, id), the same on both engines."""
    if not indicator_ids:
        raise ValueError("Tidak ada panduan perilaku BerAKHLAK (migrasi 0002 belum dijalankan?).")
    rows = " UNION ALL ".join(
        f"SELECT {order} AS o, {int(pk)} AS id" if order == 1 else f"SELECT {order}, {int(pk)}"
        for order, pk in enumerate(indicator_ids, start=1)
    )
    return f"({rows})"


def level_expression(ratee: str) -> str:
    """The ratee's level (2, 3 or 4) from a hash of their number."""
    return f"(2 + ({_hash(ratee, 69621, 17)}) %% 3)"


def noise_expression(row: str) -> str:
    """A fair rater's departure from the level: −1, 0 or +1 (1:2:1), a hash of the rating."""
    return f"((({_hash(row, 48271, 29)}) / 7 %% 4 + 1) / 2 - 1)"


def score_expression(*, level: str, noise: str, rater_place: str) -> str:
    """The score (1–5) one rater gives one indicator: `level` + `noise` for a fair rater; the
    LENIENT one adds 1 (at most 5), the HARSH one takes 1 away (at least 1), the HALO one gives
    the level to every indicator."""
    return (
        f"CASE WHEN {rater_place} = {HALO} THEN {level}"
        f" WHEN {rater_place} = {LENIENT} THEN"
        f" CASE WHEN {level} + {noise} >= 4 THEN 5 ELSE {level} + {noise} + 1 END"
        f" WHEN {rater_place} = {HARSH} THEN"
        f" CASE WHEN {level} + {noise} <= 2 THEN 1 ELSE {level} + {noise} - 1 END"
        f" ELSE {level} + {noise} END"
    )


# --- Building it (needs django.setup())


@dataclass(frozen=True)
class CalibrationSetup:
    year_id: int
    employees: int
    raters: int
    indicators: int
    ratings: int
    setup_s: float
    steps: dict[str, float]


@dataclass(frozen=True)
class _Base:
    """The id before the first new row of each table (ids are chosen here: base + n)."""

    unit: int
    employee: int
    skp: int
    response: int
    assignment: int
    rating: int

    @classmethod
    def take(cls) -> "_Base":
        from bench.recruitment import _next_id
        from simerit.employees.models import Employee
        from simerit.organization.models import WorkUnit
        from simerit.performance.models import (
            BehaviourRating,
            BehaviourResponse,
            RaterAssignment,
            Skp,
        )

        return cls(
            unit=_next_id(WorkUnit) - 1,
            employee=_next_id(Employee) - 1,
            skp=_next_id(Skp) - 1,
            response=_next_id(BehaviourResponse) - 1,
            assignment=_next_id(RaterAssignment) - 1,
            rating=_next_id(BehaviourRating) - 1,
        )


@dataclass(frozen=True)
class _Plan:
    year_id: int
    root_id: int
    root_path: str
    head_position_id: int
    staff_position_id: int
    employees: int
    raters: int
    indicator_ids: tuple[int, ...]

    @property
    def units(self) -> int:
        return self.employees // UNIT_SIZE


def build(
    *,
    employees: int,
    raters: int,
    today: dt.date,
    say: Callable[[str], None] = lambda message: None,
) -> CalibrationSetup:
    """The year, the units, the employees, their SKPs and the 360 answers (see the module's
    docstring). One transaction, then fresh statistics."""
    from django.db import transaction
    from django.utils import timezone

    from simerit.employees.models import Employee
    from simerit.organization.models import WorkUnit
    from simerit.performance.models import (
        BehaviourIndicator,
        BehaviourRating,
        BehaviourResponse,
        RaterAssignment,
        Skp,
    )

    check_size(employees=employees, raters=raters)
    started = time.monotonic()
    steps: dict[str, float] = {}
    now = timezone.now()

    def step(name: str, work: Callable[[], object]) -> None:
        began = time.monotonic()
        work()
        steps[name] = time.monotonic() - began
        say(f"kalibrasi: {name} {steps[name]:.1f} detik")

    with transaction.atomic():
        unchecked = _loading_mode()
        year = _year(today)
        root = _root()
        head, staff = _positions()
        indicator_ids = tuple(
            BehaviourIndicator.objects.order_by("value__order", "order").values_list(
                "pk", flat=True
            )
        )
        plan = _Plan(
            year_id=year.pk,
            root_id=root.pk,
            root_path=root.path,
            head_position_id=head,
            staff_position_id=staff,
            employees=employees,
            raters=raters,
            indicator_ids=indicator_ids,
        )
        base = _Base.take()
        step("unit_kerja", lambda: _units(plan, base, now=now))
        step("pegawai", lambda: _employees(plan, base, now=now))
        step("skp", lambda: _skps(plan, base, now=now))
        step("jawaban", lambda: _responses(plan, base, now=now))
        step("penugasan", lambda: _assignments(plan, base, now=now))
        step("nilai", lambda: _ratings(plan, base, now=now))
        if unchecked:
            step("cek_relasi", lambda: _check_references(base))
        from bench.recruitment import _reset_sequences

        _reset_sequences(
            [WorkUnit, Employee, Skp, BehaviourResponse, RaterAssignment, BehaviourRating]
        )
    step(
        "analyze",
        lambda: _analyze(
            _tables(WorkUnit, Employee, Skp, BehaviourResponse, RaterAssignment, BehaviourRating)
        ),
    )
    ratings = BehaviourRating.objects.filter(response__skp__year_id=year.pk).count()
    return CalibrationSetup(
        year_id=year.pk,
        employees=employees,
        raters=raters,
        indicators=len(indicator_ids),
        ratings=ratings,
        setup_s=time.monotonic() - started,
        steps=steps,
    )


def _year(today: dt.date) -> "PerformanceYear":
    """A running year of its own: this year, or the first later one not taken."""
    from simerit.performance.models import PerformanceYear

    taken = set(PerformanceYear.objects.values_list("year", flat=True))
    number = today.year
    while number in taken:
        number += 1
    return PerformanceYear.objects.create(
        year=number,
        starts_on=dt.date(number, 1, 1),
        ends_on=dt.date(number, 12, 31),
        ratings_close_on=dt.date(number, 12, 31),
        feedback_closes_on=dt.date(number, 12, 31),
        status=PerformanceYear.Status.RUNNING,
    )


def _root() -> "WorkUnit":
    from simerit.organization import services as org_services
    from simerit.organization.models import WorkUnit

    root = WorkUnit.objects.filter(parent=None).order_by("pk").first()
    if root is None:
        root = org_services.create_work_unit(
            name="Pemerintah Kota Palembang",
            code="PEMKOT",
            kind=WorkUnit.Kind.GOVERNMENT,
            parent=None,
            actor=None,
        )
    return root


def _positions() -> tuple[int, int]:
    from simerit.organization import services as org_services
    from simerit.organization.models import Position

    head = org_services.create_position(
        name="Kepala Seksi (bench kalibrasi)", kind=Position.Kind.PENGAWAS, actor=None
    )
    staff = org_services.create_position(
        name="Analis Kebijakan (bench kalibrasi)",
        kind=Position.Kind.FUNGSIONAL,
        functional_level=Position.FunctionalLevel.AHLI_PERTAMA,
        actor=None,
    )
    return head.pk, staff.pk


def _units(plan: _Plan, base: _Base, *, now: dt.datetime) -> None:
    from django.db import connection

    from simerit.organization.models import WorkUnit

    vendor = connection.vendor
    with_clause, series = _series(vendor, plan.units)
    _insert_select(
        WorkUnit,
        {
            "id": f"{base.unit} + n",
            "name": "'Seksi Bench Kalibrasi ' || n",
            "code": f"'B-KAL-{plan.year_id}-' || {_pad(vendor, 'n', 4)}",
            "path": f"'{plan.root_path}' || ({base.unit} + n) || '/'",
        },
        source=series,
        with_clause=with_clause,
        now=now,
        fixed={"kind": WorkUnit.Kind.SECTION.value, "parent_id": plan.root_id, "depth": 1},
    )


def _employees(plan: _Plan, base: _Base, *, now: dt.datetime) -> None:
    """Employee n (1-based) is member k = (n − 1) % UNIT_SIZE of unit u = (n − 1) / UNIT_SIZE;
    the supervisor is the unit's head (a head's: the previous unit's head)."""
    from django.db import connection

    from simerit.employees.models import Employee, EmployeeKind

    vendor = connection.vendor
    with_clause, series = _series(vendor, plan.employees)
    size, units, first = UNIT_SIZE, plan.units, base.employee
    person = _hash("n", 16807, 3)
    _insert_select(
        Employee,
        {
            "id": f"{first} + n",
            "kind": f"'{EmployeeKind.PNS.value}'",
            # Never real numbers: no province 99 in the NIK, no month 99 in the NIP.
            "nip": f"'999999' || {_pad(vendor, f'{first} + n', 12)}",
            "nik": f"'9997' || {_pad(vendor, f'{first} + n', 12)}",
            "name": "'Pegawai Kalibrasi ' || n",
            "birth_date": _date(vendor, dt.date(1970, 1, 1)),
            "gender": f"CASE WHEN ({person}) %% 2 = 0 THEN 'L' ELSE 'P' END",
            "work_unit_id": f"{base.unit} + 1 + (n - 1) / {size}",
            "position_id": (
                f"CASE WHEN (n - 1) %% {size} = 0 THEN {plan.head_position_id} "
                f"ELSE {plan.staff_position_id} END"
            ),
            "supervisor_id": (
                f"{first} + 1 + CASE WHEN (n - 1) %% {size} = 0 "
                f"THEN (((n - 1) / {size} + {units} - 1) %% {units}) * {size} "
                f"ELSE ((n - 1) / {size}) * {size} END"
            ),
        },
        source=series,
        with_clause=with_clause,
        now=now,
        fixed={"birth_place": "Palembang", "user_id": None},
    )


def _date(vendor: str, day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'" if vendor == "postgresql" else f"'{day.isoformat()}'"


def _skps(plan: _Plan, base: _Base, *, now: dt.datetime) -> None:
    """One approved SKP per new employee, its header copied from the employee."""
    from django.db import connection

    from simerit.employees.models import Employee
    from simerit.performance.models import Skp

    table = connection.ops.quote_name(Employee._meta.db_table)
    _insert_select(
        Skp,
        {
            "id": f"{base.skp - base.employee} + e.id",
            "employee_id": "e.id",
            "work_unit_id": "e.work_unit_id",
            "position_id": "e.position_id",
            "evaluator_id": "e.supervisor_id",
        },
        source=f"{table} e WHERE e.id > %s AND e.id <= %s",
        params=[base.employee, base.employee + plan.employees],
        now=now,
        fixed={
            "year_id": plan.year_id,
            "evaluator_superior_id": None,
            "status": Skp.Status.APPROVED.value,
            "submitted_at": now,
            "approved_at": now,
        },
    )


def _responses(plan: _Plan, base: _Base, *, now: dt.datetime) -> None:
    """One answered BehaviourResponse per assignment number m (the rater's group, no rater)."""
    from django.db import connection

    from simerit.performance.models import BehaviourResponse

    with_clause, series = _series(connection.vendor, plan.employees * plan.raters)
    _insert_select(
        BehaviourResponse,
        {"id": f"{base.response} + m", "skp_id": f"{base.skp} + n", "group": "grp"},
        source=assignment_source(series, raters=plan.raters, units=plan.units),
        with_clause=with_clause,
        now=now,
        fixed={"submitted_at": now},
    )


def _assignments(plan: _Plan, base: _Base, *, now: dt.datetime) -> None:
    from django.db import connection

    from simerit.performance.models import RaterAssignment

    with_clause, series = _series(connection.vendor, plan.employees * plan.raters)
    _insert_select(
        RaterAssignment,
        {
            "id": f"{base.assignment} + m",
            "skp_id": f"{base.skp} + n",
            "rater_id": f"{base.employee} + rater",
            "group": "grp",
            "response_id": f"{base.response} + m",
        },
        source=assignment_source(series, raters=plan.raters, units=plan.units),
        with_clause=with_clause,
        now=now,
        fixed={
            "source": RaterAssignment.Source.RULE.value,
            "status": RaterAssignment.Status.ANSWERED.value,
            "changed_by_id": None,
        },
    )


def _ratings(plan: _Plan, base: _Base, *, now: dt.datetime) -> None:
    """One rating per indicator of every new assignment's response: the assignments joined to
    the indicators."""
    from django.db import connection

    from simerit.performance.models import BehaviourRating, RaterAssignment

    count = len(plan.indicator_ids)
    table = connection.ops.quote_name(RaterAssignment._meta.db_table)
    rated = (
        "SELECT a.response_id AS response_id, i.id AS indicator_id,"  # noqa: S608 (integers)
        f" (a.id - {base.assignment} - 1) * {count} + i.o AS q,"
        f" a.skp_id - {base.skp} AS ratee,"
        f" (a.rater_id - {base.employee} - 1) %% {UNIT_SIZE} AS rater_place"
        f" FROM {table} a CROSS JOIN {indicator_list(plan.indicator_ids)} i"
        " WHERE a.id > %s"
    )
    source = (
        "(SELECT response_id, indicator_id, q, rater_place,"  # noqa: S608 (integers)
        f" {level_expression('ratee')} AS lvl, {noise_expression('q')} AS noise"
        f" FROM ({rated}) r0) r"
    )
    _insert_select(
        BehaviourRating,
        {
            "id": f"{base.rating} + q",
            "response_id": "response_id",
            "indicator_id": "indicator_id",
            "score": score_expression(level="lvl", noise="noise", rater_place="rater_place"),
        },
        source=source,
        params=[base.assignment],
        now=now,
    )


def _check_references(base: _Base) -> None:
    """Every row-computed foreign key of the new rows names an existing row (one anti-join
    each); the other keys are constants taken from rows made or read in this transaction."""
    from django.db import connection

    from simerit.employees.models import Employee
    from simerit.organization.models import WorkUnit
    from simerit.performance.models import (
        BehaviourRating,
        BehaviourResponse,
        RaterAssignment,
        Skp,
    )

    quote = connection.ops.quote_name
    checks = (
        (Employee, "work_unit_id", WorkUnit, base.employee),
        (Employee, "supervisor_id", Employee, base.employee),
        (Skp, "employee_id", Employee, base.skp),
        (Skp, "evaluator_id", Employee, base.skp),
        (BehaviourResponse, "skp_id", Skp, base.response),
        (RaterAssignment, "skp_id", Skp, base.assignment),
        (RaterAssignment, "rater_id", Employee, base.assignment),
        (RaterAssignment, "response_id", BehaviourResponse, base.assignment),
        (BehaviourRating, "response_id", BehaviourResponse, base.rating),
    )
    with connection.cursor() as cursor:
        for child, column, parent, after in checks:
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(child._meta.db_table)} c "  # noqa: S608 (model names)
                f"LEFT JOIN {quote(parent._meta.db_table)} p ON p.id = c.{quote(column)} "
                f"WHERE c.id > %s AND c.{quote(column)} IS NOT NULL AND p.id IS NULL",
                [after],
            )
            row = cursor.fetchone()
            if row and row[0]:
                raise ValueError(
                    f"Data bench: {row[0]} baris {child.__name__}.{column} tanpa pasangan."
                )


# --- The measured run: `python -m bench.calibration measure <year id>`


def count_flagged(statistics: Iterable["RaterStatistic"]) -> int:
    """The raters the statistics flag (lenient, severe, central tendency or halo)."""
    return sum(1 for statistic in statistics if statistic.flags.any)


def measure(year_id: int) -> Measured:
    """rater_statistics then normalised_scores, timed, with the process's peak memory."""
    from django.db.models import Count

    from bench.exams import _memory_mb, _reset_peak_rss
    from simerit.performance.models import (
        BehaviourRating,
        PerformanceYear,
        RaterAssignment,
        Skp,
    )
    from simerit.performance.selectors.bias import normalised_scores, rater_statistics

    year = PerformanceYear.objects.get(pk=year_id)
    base = _reset_peak_rss()
    started = time.perf_counter()
    statistics = rater_statistics(year=year)
    statistics_s = time.perf_counter() - started
    started = time.perf_counter()
    scores = normalised_scores(year=year)
    normalised_s = time.perf_counter() - started
    peak = _memory_mb("VmHWM")

    raters = (
        RaterAssignment.objects.filter(
            skp__year=year, status=RaterAssignment.Status.ANSWERED, response__isnull=False
        )
        .aggregate(raters=Count("rater_id", distinct=True))
        .get("raters")
    )
    return Measured(
        skps=Skp.objects.filter(year=year).count(),
        ratings=BehaviourRating.objects.filter(response__skp__year=year).count(),
        raters=int(raters or 0),
        rater_rows=len(statistics),
        flagged=count_flagged(statistics),
        normalised_rows=len(scores),
        statistics_s=statistics_s,
        normalised_s=normalised_s,
        peak_mib=peak,
        base_mib=base,
    )


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2 or argv[0] != "measure" or not argv[1].isdigit():
        print("pakai: python -m bench.calibration measure <id periode>", file=sys.stderr)
        return 2
    import django

    django.setup()
    measured = measure(int(argv[1]))
    print(f"{MARKER} {measured.to_json()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
