"""The `ranking` scenario: the SKD → SKB cut, the import of the SKB-CAT scores and the final
integration with its ranking, over 1,000,000 applications in 20,000 formasi, against a bare
window-function query over the same rows in the same run.

The data (`build`, not measured): one period with its SelectionSetup (the national defaults),
`formasi` formasi (quota 1–3) each with an SKB of two components (SKB-CAT 60 %, cat_max_score
500, and a case simulation 40 % on one rubric), and `applications` applicants with one MS
application each: about 5 % of them on 100 popular formasi, the rest spread evenly. Every
application has an SKD ExamResult ({"TWK", "TIU", "TKP"}, total, passed for about 70 %; the
sub-tests take few values, so that totals tie often and whole score lines tie too); every passed
application but about 1 % has an SKB ExamResult (total 200–500; those without one miss the CAT
component and end Tidak Lulus); about 10 % of applicants have no IPK. Everything is made by
INSERT … SELECT from a generated series (generate_series on PostgreSQL, a recursive CTE on
SQLite), with ids chosen here and values from integer hashes of the row number, so both engines
hold the same rows; the period, the unit, the position, the blueprints and the rubric are made
through the services or the ORM.

The measured run (`measure`, `python -m bench.ranking measure <period id> <actor id>`, a process
of its own so that its peak memory is its own):

1. the bare query once, unmeasured (both it and the pipeline then read warm caches);
2. `services.cut.run_cut` (measured);
3. the assessed component's FINAL ComponentResult for every SKB candidate, one INSERT … SELECT
   (what the assessors' work leaves; not measured), then ANALYZE, as a database that has been in
   service for the weeks of the assessment would have fresh statistics;
4. `services.cat_scores.import_cat_scores` then `services.integration.run_integration`
   (measured);
5. the bare query three times (the best is `bare_s`), then three times without parallel workers
   (`bare_serial_s`: on PostgreSQL a SELECT gets parallel workers, a statement that writes, such
   as the services' INSERT … SELECT, gets none; on SQLite both are the same query).

Each measured service runs inside an outer transaction (its own becomes a savepoint), so that its
COMMIT is timed too: `commit_s` is the three COMMITs, where PostgreSQL checks the foreign keys
Django declares DEFERRABLE INITIALLY DEFERRED, one trigger call per new row and key; it is part of
the services' seconds.

ratio = (cut + CAT import + integration seconds) ÷ bare_s; ratio_serial the same ÷ bare_serial_s.
peak_mib is the process's peak resident set (VmHWM, reset to the resident set just before steps 2
and 4; not ru_maxrss, which Linux carries over from the parent) over the measured steps: the whole
process (Python, Django, the driver, SQLite's page cache and sorter), not a delta. PostgreSQL's
own server processes are not in it (their sorts spill to disk past work_mem).

The pure parts (the BENCH line, the parsing of the child's output) are unit-tested in bench/tests.
"""

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from bench.wrk import format_line, marked_values

if TYPE_CHECKING:
    from django.db.models import Model

    from simerit.accounts.models import User
    from simerit.recruitment.models import SelectionPeriod

T = TypeVar("T")
RANKING = "ranking"
TARGET_RATIO = 3
TARGET_PEAK_MIB = 1024
BARE_RUNS = 3
MARKER = "RANKING_RESULT"
# 2**31 - 1: the modulus of the integer hashes below (products stay within 64 bits).
PRIME = 2_147_483_647
# HOT_SHARE_OF_20 in 20 applications (5 %) go to the first HOT_FORMASI formasi (popular ones).
HOT_FORMASI = 100
HOT_SHARE_OF_20 = 1
CAT_MAX_SCORE = 500
CAT_WEIGHT = Decimal(60)
ASSESSED_WEIGHT = Decimal(40)


# --- The pure parts


@dataclass(frozen=True)
class Measured:
    """What the measuring process reports (seconds, counts, MiB)."""

    skd_passed: int
    candidates: int
    candidate_rows: int
    cat_results: int
    final_results: int
    lulus: int
    cut_s: float
    assessed_s: float
    cat_s: float
    integration_s: float
    commit_s: float
    bare_s: float
    bare_serial_s: float
    bare_rows: int
    peak_mib: float
    base_mib: float

    @property
    def total_s(self) -> float:
        return self.cut_s + self.cat_s + self.integration_s

    @property
    def ratio(self) -> float:
        return self.total_s / self.bare_s if self.bare_s else float("inf")

    @property
    def ratio_serial(self) -> float:
        return self.total_s / self.bare_serial_s if self.bare_serial_s else float("inf")

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)


def parse_measured(output: str) -> Measured:
    """The RANKING_RESULT line the measuring process prints."""
    return Measured(**marked_values(output, MARKER, what="Pengukuran pemeringkatan"))


def ranking_line(
    *, db: str, applications: int, formasi: int, measured: Measured, setup_s: float
) -> str:
    """`BENCH ranking db=... applications=... formasi=... candidates=... cut_s=... cat_s=...
    integration_s=... total_s=... bare_s=... ratio=... peak_mib=... target_ratio=3
    target_peak_mib=1024 ok=yes|no ...`.

    ok=yes when the ratio and the peak are within their targets, the cut's answer is the number
    of SkbCandidate rows, and the integration wrote one FinalResult per candidate.
    """
    consistent = (
        measured.candidates == measured.candidate_rows
        and measured.final_results == measured.candidate_rows
        and measured.bare_rows == measured.skd_passed
    )
    ok = consistent and measured.ratio <= TARGET_RATIO and measured.peak_mib <= TARGET_PEAK_MIB
    fields: dict[str, object] = {
        "db": db,
        "applications": applications,
        "formasi": formasi,
        "skd_passed": measured.skd_passed,
        "candidates": measured.candidates,
        "cut_s": f"{measured.cut_s:.2f}",
        "cat_s": f"{measured.cat_s:.2f}",
        "integration_s": f"{measured.integration_s:.2f}",
        "total_s": f"{measured.total_s:.2f}",
        "bare_s": f"{measured.bare_s:.2f}",
        "ratio": f"{measured.ratio:.2f}",
        "peak_mib": f"{measured.peak_mib:.1f}",
        "target_ratio": TARGET_RATIO,
        "target_peak_mib": TARGET_PEAK_MIB,
        "ok": "yes" if ok else "no",
        "cat_results": measured.cat_results,
        "final_results": measured.final_results,
        "lulus": measured.lulus,
        "consistent": "yes" if consistent else "no",
        "commit_s": f"{measured.commit_s:.2f}",
        "bare_serial_s": f"{measured.bare_serial_s:.2f}",
        "ratio_serial": f"{measured.ratio_serial:.2f}",
        "base_mib": f"{measured.base_mib:.1f}",
        "mem": "rss_hwm",
        "bare": f"row_number_best_of_{BARE_RUNS}",
        "assessed_s": f"{measured.assessed_s:.2f}",
        "setup_s": f"{setup_s:.1f}",
    }
    return format_line(RANKING, fields)


# --- SQL pieces for both engines


def _series(vendor: str, count: int) -> tuple[str, str]:
    """(WITH clause, FROM item) of the numbers 1..count as column `n` of `s`."""
    if vendor == "postgresql":
        return "", f"generate_series(1::bigint, {int(count)}) AS s(n)"
    return (
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "  # noqa: S608 (an int)
        f"WHERE n < {int(count)}) ",
        "s",
    )


def _hash(column: str, multiplier: int, increment: int) -> str:
    """A deterministic integer in 0..PRIME-1 that looks random in `column` (1..10**7): a
    quadratic congruence, so that consecutive rows do not step through the values in order.
    (%% is the modulo: the statements are run with parameters.)"""
    return (
        f"((({column} * {column}) %% {PRIME}) * {multiplier} + {column} * {increment}) %% {PRIME}"
    )


def _pad(vendor: str, expression: str, width: int) -> str:
    if vendor == "postgresql":
        return f"lpad(CAST(({expression}) AS text), {width}, '0')"
    return f"printf('%%0{width}d', {expression})"


def _json_object(vendor: str, pairs: Sequence[tuple[str, str]]) -> str:
    function = "jsonb_build_object" if vendor == "postgresql" else "json_object"
    arguments = ", ".join(f"'{key}', {value}" for key, value in pairs)
    return f"{function}({arguments})"


def _json_array(vendor: str, values: Sequence[str]) -> str:
    function = "jsonb_build_array" if vendor == "postgresql" else "json_array"
    return f"{function}({', '.join(values)})"


def _date_plus(vendor: str, start: dt.date, days: str) -> str:
    if vendor == "postgresql":
        return f"(DATE '{start.isoformat()}' + CAST(({days}) AS integer))"
    return f"date('{start.isoformat()}', '+' || ({days}) || ' days')"


def _sub_test(vendor: str, code: str, alias: str = "r") -> str:
    """A sub-test of the SKD result as an integer, the plainest way each engine has."""
    if vendor == "postgresql":
        return f"CAST(({alias}.scores ->> '{code}') AS integer)"
    return f"CAST(json_extract({alias}.scores, '$.{code}') AS integer)"


def bare_query(vendor: str) -> str:
    """The reference: the period's passed SKD results joined to their applications, each
    numbered within its formasi by ROW_NUMBER() over the cut's order (total, TKP, TIU, TWK, the
    three sub-tests extracted from the JSON as the cut must), counted in the database.

    Included: the scan of the period's applications and their SKD results with the cut's filter
    (MS applications, kind SKD, passed), the JSON extraction, the sort per formasi and the
    numbering of every row.
    Not included, though the cut needs them: the formasi's quota, the rank ≤ 3 × quota filter,
    any write (SkbCandidate rows, their indexes), the audit record, and the other two steps
    (CAT import, integration) altogether. COUNT and SUM(rn) keep every row's number computed
    without sending 700,000 rows to Python, as the services' INSERT … SELECT do not either.
    One parameter: the period id.
    """
    tkp, tiu, twk = (_sub_test(vendor, code) for code in ("TKP", "TIU", "TWK"))
    return (
        "SELECT COUNT(*), SUM(rn) FROM ("  # noqa: S608 (no input in it: the period is a parameter)
        " SELECT ROW_NUMBER() OVER ("
        f"  PARTITION BY a.formasi_id ORDER BY r.total DESC, {tkp} DESC, {tiu} DESC, {twk} DESC"
        " ) AS rn"
        " FROM exams_examresult r"
        " INNER JOIN recruitment_application a ON a.id = r.application_id"
        " WHERE a.period_id = %s AND a.status = 'ms' AND r.kind = 'skd' AND r.passed"
        ") ranked"
    )


# --- Building it (needs django.setup())


@dataclass(frozen=True)
class RankingSetup:
    period_id: int
    actor_id: int
    applications: int
    formasi: int
    skd_passed: int
    setup_s: float
    steps: dict[str, float]


def build(
    *,
    applications: int,
    formasi: int,
    actor: "User",
    today: dt.date,
    say: Callable[[str], None] = lambda message: None,
) -> RankingSetup:
    """The period, its formasi with their SKB components, the applicants, applications and their
    SKD and SKB results (see the module's docstring). One transaction, then fresh statistics."""
    from django.db import transaction
    from django.utils import timezone

    from simerit.accounts.models import User
    from simerit.exams.models import ExamKind, ExamResult
    from simerit.recruitment.models import Applicant, Application, Formasi
    from simerit.selection.models import SkbComponent

    if applications < 1 or formasi < 1:
        raise ValueError("Skenario ranking memerlukan paling sedikit satu lamaran dan formasi.")
    started = time.monotonic()
    steps: dict[str, float] = {}
    now = timezone.now()

    def step(name: str, work: Callable[[], object]) -> None:
        began = time.monotonic()
        work()
        steps[name] = time.monotonic() - began
        say(f"ranking: {name} {steps[name]:.1f} detik")

    with transaction.atomic():
        unchecked = _loading_mode()
        period = _period(today=today, actor=actor)
        base = _Base.take()
        fixtures = _fixtures(period=period, actor=actor, now=now)
        step("formasi", lambda: _formasi(period, base, formasi, fixtures, today=today, now=now))
        step("komponen", lambda: _components(period, fixtures, now=now))
        step("akun", lambda: _users(base, applications, now=now))
        step("pelamar", lambda: _applicants(base, applications, fixtures, now=now))
        step("lamaran", lambda: _applications(period, base, applications, formasi, now=now))
        step("hasil_skd", lambda: _skd_results(base, applications, fixtures, now=now))
        step("hasil_skb", lambda: _skb_results(base, applications, fixtures, now=now))
        if unchecked:
            step("cek_relasi", lambda: _check_references(base))
        _reset_sequences()
    step(
        "analyze",
        lambda: _analyze(_tables(ExamResult, Application, Applicant, User, Formasi, SkbComponent)),
    )
    passed = ExamResult.objects.filter(
        application__period=period, kind=ExamKind.SKD, passed=True
    ).count()
    return RankingSetup(
        period_id=period.pk,
        actor_id=actor.pk,
        applications=applications,
        formasi=formasi,
        skd_passed=passed,
        setup_s=time.monotonic() - started,
        steps=steps,
    )


@dataclass(frozen=True)
class _Base:
    """The id before the first new row of each table (ids are chosen here: base + n)."""

    user: int
    applicant: int
    application: int
    formasi: int
    result: int

    @classmethod
    def take(cls) -> "_Base":
        from bench.recruitment import _next_id
        from simerit.accounts.models import User
        from simerit.exams.models import ExamResult
        from simerit.recruitment.models import Applicant, Application, Formasi

        return cls(
            user=_next_id(User) - 1,
            applicant=_next_id(Applicant) - 1,
            application=_next_id(Application) - 1,
            formasi=_next_id(Formasi) - 1,
            result=_next_id(ExamResult) - 1,
        )


@dataclass(frozen=True)
class _Fixtures:
    unit_id: int
    position_id: int
    level_id: int
    skd_blueprint_id: int
    skb_blueprint_id: int
    rubric_id: int


def _period(*, today: dt.date, actor: "User") -> "SelectionPeriod":
    from simerit.recruitment.models import SelectionKind
    from simerit.recruitment.services import periods
    from simerit.selection.models import SelectionSetup

    period = periods.create_period(
        data=periods.PeriodInput(
            name=f"Seleksi CASN {today.year} Kota Palembang (bench pemeringkatan)",
            kind=SelectionKind.CPNS,
            year=today.year,
            age_reference_date=dt.date(today.year, 8, 1),
        ),
        actor=actor,
    )
    SelectionSetup.objects.get_or_create(period=period)
    return period


def _fixtures(*, period: "SelectionPeriod", actor: "User", now: dt.datetime) -> _Fixtures:
    """The unit, the position, the two blueprints (results imported from BKN) and the rubric."""
    from simerit.exams.models import Blueprint, ExamKind
    from simerit.organization import services as org_services
    from simerit.organization.models import EducationLevel, Position, WorkUnit
    from simerit.selection.models import Method, Rubric, RubricAnchor, RubricCriterion

    root = WorkUnit.objects.filter(parent=None).order_by("pk").first()
    if root is None:
        root = org_services.create_work_unit(
            name="Pemerintah Kota Palembang",
            code="PEMKOT",
            kind=WorkUnit.Kind.GOVERNMENT,
            parent=None,
            actor=actor,
        )
    unit = org_services.create_work_unit(
        name="Dinas Kesehatan (bench pemeringkatan)",
        code=f"B-RANK-{period.pk}",
        kind=WorkUnit.Kind.OPD,
        parent=root,
        actor=actor,
    )
    position = org_services.create_position(
        name="Perawat Ahli Pertama",
        kind=Position.Kind.FUNGSIONAL,
        functional_level="ahli_pertama",
        work_unit=unit,
        actor=actor,
    )
    blueprints = {
        kind: Blueprint.objects.create(
            name=f"{label} (bench pemeringkatan)",
            kind=kind,
            period=period,
            delivery=Blueprint.Delivery.BKN,
            duration_minutes=duration,
            locked_at=now,
            results_published_at=now,
        )
        for kind, label, duration in ((ExamKind.SKD, "SKD", 100), (ExamKind.SKB, "SKB-CAT", 90))
    }
    rubric = Rubric.objects.create(
        period=period,
        name="Simulasi kasus klinis (bench)",
        method=Method.CASE_SIMULATION,
        description="Nilai tiap kriteria menurut jangkar perilaku.",
        case_material="Pasien anak 8 tahun, demam hari ke-3, trombosit 90.000/µL.",
        created_by=actor,
    )
    for order, (name, weight) in enumerate(
        (("Penilaian klinis", 50), ("Tindakan keperawatan", 30), ("Komunikasi", 20)), start=1
    ):
        criterion = RubricCriterion.objects.create(
            rubric=rubric, order=order, name=name, weight=Decimal(weight)
        )
        RubricAnchor.objects.bulk_create(
            RubricAnchor(criterion=criterion, level=level, description=f"{name}: tingkat {level}")
            for level in range(rubric.min_level, rubric.max_level + 1)
        )
    return _Fixtures(
        unit_id=unit.pk,
        position_id=position.pk,
        level_id=EducationLevel.objects.get(code="S1").pk,
        skd_blueprint_id=blueprints[ExamKind.SKD].pk,
        skb_blueprint_id=blueprints[ExamKind.SKB].pk,
        rubric_id=rubric.pk,
    )


def _loading_mode() -> bool:
    """Ready this connection's transaction for a million-row load; True when the foreign keys
    are not checked by the database meanwhile (then `_check_references` checks them).

    SQLite: a larger page cache for the indexes. PostgreSQL: Django's foreign keys are DEFERRABLE
    INITIALLY DEFERRED, so the load would end in one trigger call per new row and key at COMMIT
    (about 85 of the 180 seconds at a million applications); as a superuser the load turns them
    off for this transaction only (session_replication_role) and checks them set-based instead.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -262144")
            return False
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not row or not row[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
        return True


def _check_references(base: _Base) -> None:
    """Every row-computed foreign key of the new rows names an existing row (one anti-join
    each); the other keys are constants taken from rows made or read in this transaction."""
    from django.db import connection

    from simerit.accounts.models import User
    from simerit.exams.models import ExamResult
    from simerit.recruitment.models import Applicant, Application, Formasi

    quote = connection.ops.quote_name
    checks = (
        (Applicant, "user_id", User, base.applicant),
        (Application, "applicant_id", Applicant, base.application),
        (Application, "formasi_id", Formasi, base.application),
        (ExamResult, "application_id", Application, base.result),
    )
    with connection.cursor() as cursor:
        for child, column, parent, after in checks:
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(child._meta.db_table)} c "  # noqa: S608 (model names)
                f"LEFT JOIN {quote(parent._meta.db_table)} p ON p.id = c.{quote(column)} "
                "WHERE c.id > %s AND p.id IS NULL",
                [after],
            )
            row = cursor.fetchone()
            if row and row[0]:
                raise ValueError(
                    f"Data bench: {row[0]} baris {child.__name__}.{column} tanpa pasangan."
                )


def _insert_select(
    model: type["Model"],
    values: dict[str, str],
    *,
    source: str,
    now: dt.datetime,
    with_clause: str = "",
    params: Sequence[Any] = (),
    fixed: dict[str, object] | None = None,
) -> int:
    """INSERT INTO the model's table SELECT `values` (attname → SQL expression) FROM `source`.

    `fixed` (attname → Python value) and every other column take a parameter: the value, or the
    field's default as Django would save it (auto_now fields: `now`). Returns the rows written.
    """
    from django.db import connection

    fixed = fixed or {}
    named = {field.attname: field for field in model._meta.concrete_fields}
    unknown = (set(values) | set(fixed)) - set(named)
    if unknown:
        raise ValueError(f"{model.__name__} tidak memiliki kolom {sorted(unknown)}.")
    rest = [
        field
        for field in model._meta.concrete_fields
        if field.attname not in values and not field.primary_key
    ]
    raw = [
        fixed[field.attname]
        if field.attname in fixed
        else now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in rest
    ]
    prepared = [
        field.get_db_prep_save(value, connection) for field, value in zip(rest, raw, strict=True)
    ]
    columns = [named[name].column for name in values] + [field.column for field in rest]
    expressions = [*values.values(), *["%s"] * len(rest)]
    quote = connection.ops.quote_name
    sql = (
        f"{with_clause}INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 (model names)
        f"({', '.join(quote(column) for column in columns)}) "
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*prepared, *params])
        return int(cursor.rowcount)


def _formasi(
    period: "SelectionPeriod",
    base: _Base,
    count: int,
    fixtures: _Fixtures,
    *,
    today: dt.date,
    now: dt.datetime,
) -> None:
    from django.db import connection

    from simerit.recruitment.models import Formasi

    vendor = connection.vendor
    with_clause, series = _series(vendor, count)
    _insert_select(
        Formasi,
        {
            "id": f"{base.formasi} + n",
            "code": f"'{today.year}-RANK-' || {_pad(vendor, 'n', 5)}",
            "quota": "1 + n %% 3",
        },
        source=series,
        with_clause=with_clause,
        now=now,
        fixed={
            "period_id": period.pk,
            "position_id": fixtures.position_id,
            "work_unit_id": fixtures.unit_id,
            "min_age": period.default_min_age,
            "max_age": period.default_max_age,
            "age_reference_date": period.age_reference_date,
            "status": Formasi.Status.PUBLISHED.value,
            "published_at": now,
        },
    )


def _components(period: "SelectionPeriod", fixtures: _Fixtures, *, now: dt.datetime) -> None:
    """SKB-CAT (60 %) and the case simulation (40 %) of every formasi of the period."""
    from django.db import connection

    from simerit.recruitment.models import Formasi
    from simerit.selection.models import Method, SkbComponent

    source = f"{connection.ops.quote_name(Formasi._meta.db_table)} f WHERE f.period_id = %s"
    _insert_select(
        SkbComponent,
        {"formasi_id": "f.id"},
        source=source,
        params=[period.pk],
        now=now,
        fixed={
            "order": 1,
            "method": Method.CAT.value,
            "name": "SKB-CAT",
            "weight": CAT_WEIGHT,
            "cat_max_score": CAT_MAX_SCORE,
        },
    )
    _insert_select(
        SkbComponent,
        {"formasi_id": "f.id"},
        source=source,
        params=[period.pk],
        now=now,
        fixed={
            "order": 2,
            "method": Method.CASE_SIMULATION.value,
            "name": "Simulasi kasus klinis",
            "weight": ASSESSED_WEIGHT,
            "rubric_id": fixtures.rubric_id,
        },
    )


def _users(base: _Base, count: int, *, now: dt.datetime) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from simerit.accounts.models import User

    with_clause, series = _series(connection.vendor, count)
    _insert_select(
        User,
        {
            "id": f"{base.user} + n",
            "username": f"'peringkat{base.user}-' || n",
            "email": f"'peringkat{base.user}-' || n || '@bench.contoh.id'",
            "full_name": "'Peserta Bench ' || n",
        },
        source=series,
        with_clause=with_clause,
        now=now,
        # These applicants never log in: one unusable password for all.
        fixed={"password": make_password(None)},
    )


def _applicants(base: _Base, count: int, fixtures: _Fixtures, *, now: dt.datetime) -> None:
    """Born on one of 2,500 days from 1994, IPK 2.50–4.00 in steps of 0.05 (none for 10 %)."""
    from django.db import connection

    from simerit.recruitment.models import Applicant

    vendor = connection.vendor
    with_clause, series = _series(vendor, count)
    person = _hash("n", 48271, 11)
    _insert_select(
        Applicant,
        {
            "id": f"{base.applicant} + n",
            "user_id": f"{base.user} + n",
            # 16 characters, unique, never a real NIK (no province 99).
            "nik": f"'9999' || {_pad(vendor, f'{base.applicant} + n', 12)}",
            "kk_number": f"'9998' || {_pad(vendor, f'{base.applicant} + n', 12)}",
            "name": "'Peserta Bench ' || n",
            "birth_date": _date_plus(vendor, dt.date(1994, 1, 1), "x.person %% 2500"),
            "gender": "CASE WHEN n %% 2 = 0 THEN 'L' ELSE 'P' END",
            "phone": f"'0815' || {_pad(vendor, 'n', 8)}",
            "email": f"'peringkat{base.user}-' || n || '@bench.contoh.id'",
            "gpa": (
                "CASE WHEN (x.person / 2500) %% 10 = 0 THEN NULL "
                "ELSE 2.5 + 0.05 * ((x.person / 25000) %% 31) END"
            ),
        },
        source=f"(SELECT n, {person} AS person FROM {series}) x",  # noqa: S608 (no input)
        with_clause=with_clause,
        now=now,
        fixed={
            "birth_place": "Palembang",
            "email_confirmed_at": now,
            "education_level_id": fixtures.level_id,
            "education_major": "Keperawatan",
        },
    )


def _applications(
    period: "SelectionPeriod", base: _Base, count: int, formasi: int, *, now: dt.datetime
) -> None:
    """One MS application per applicant: 1 in 20 on the first HOT_FORMASI formasi, the rest
    spread evenly over all of them."""
    from django.db import connection

    from simerit.recruitment.models import Application

    vendor = connection.vendor
    with_clause, series = _series(vendor, count)
    pick = _hash("n", 740278841, 54321)
    hot = min(HOT_FORMASI, formasi)
    _insert_select(
        Application,
        {
            "id": f"{base.application} + n",
            "applicant_id": f"{base.applicant} + n",
            "formasi_id": (
                f"{base.formasi} + 1 + CASE WHEN x.pick %% 20 < {HOT_SHARE_OF_20} "
                f"THEN (x.pick / 20) %% {hot} ELSE (x.pick / 20) %% {formasi} END"
            ),
            "registration_number": f"'RK-' || {_pad(vendor, f'{base.application} + n', 9)}",
            "receipt_key": f"'peringkat-bench-' || {_pad(vendor, f'{base.application} + n', 12)}",
        },
        source=f"(SELECT n, {pick} AS pick FROM {series}) x",  # noqa: S608 (no input)
        with_clause=with_clause,
        now=now,
        fixed={
            "period_id": period.pk,
            "status": Application.Status.MS.value,
            "submitted_at": now,
            "decided_at": now,
        },
    )


def _scores_source(series: str) -> str:
    """Per row number n: passed (about 70 %), twk, tiu, tkp (8 values each, above the passing
    grades when passed, below otherwise), skb (SKB-CAT total 200–500) and skb_absent (about 1 %).
    """
    score = _hash("n", 1103515245, 12345)
    return (
        "(SELECT n, passed,"  # noqa: S608 (no input in it)
        " CASE WHEN passed THEN 65 ELSE 25 END + 5 * (h %% 8) AS twk,"
        " CASE WHEN passed THEN 80 ELSE 60 END + 5 * ((h / 8) %% 8) AS tiu,"
        " CASE WHEN passed THEN 166 ELSE 140 END + 4 * ((h / 64) %% 8) AS tkp,"
        " 200 + 5 * ((h / 5120) %% 61) AS skb,"
        " (h / 312320) %% 100 = 0 AS skb_absent"
        f" FROM (SELECT n, h, (h / 512) %% 10 < 7 AS passed"
        f" FROM (SELECT n, {score} AS h FROM {series}) hashed) judged) v"
    )


def _skd_results(base: _Base, count: int, fixtures: _Fixtures, *, now: dt.datetime) -> None:
    from django.db import connection

    from simerit.exams.models import ExamKind, ExamResult

    vendor = connection.vendor
    with_clause, series = _series(vendor, count)
    _insert_select(
        ExamResult,
        {
            "id": f"{base.result} + n",
            "application_id": f"{base.application} + n",
            "scores": _json_object(vendor, (("TWK", "twk"), ("TIU", "tiu"), ("TKP", "tkp"))),
            "total": "twk + tiu + tkp",
            "passed": "passed",
        },
        source=_scores_source(series),
        with_clause=with_clause,
        now=now,
        fixed={
            "blueprint_id": fixtures.skd_blueprint_id,
            "kind": ExamKind.SKD.value,
            "source": ExamResult.Source.BKN.value,
        },
    )


def _skb_results(base: _Base, count: int, fixtures: _Fixtures, *, now: dt.datetime) -> None:
    """An SKB-CAT result for every passed application but about 1 % (absent)."""
    from django.db import connection

    from simerit.exams.models import ExamKind, ExamResult

    vendor = connection.vendor
    with_clause, series = _series(vendor, count)
    _insert_select(
        ExamResult,
        {
            "id": f"{base.result + count} + n",
            "application_id": f"{base.application} + n",
            "scores": _json_object(vendor, (("TEKNIS", "skb"),)),
            "total": "skb",
            "passed": "NULL",
        },
        source=f"{_scores_source(series)} WHERE passed AND NOT skb_absent",
        with_clause=with_clause,
        now=now,
        fixed={
            "blueprint_id": fixtures.skb_blueprint_id,
            "kind": ExamKind.SKB.value,
            "source": ExamResult.Source.BKN.value,
        },
    )


def _reset_sequences() -> None:
    from bench.recruitment import _reset_sequences as reset
    from simerit.accounts.models import User
    from simerit.exams.models import ExamResult
    from simerit.recruitment.models import Applicant, Application, Formasi

    reset([User, Applicant, Application, Formasi, ExamResult])


def _tables(*models: type["Model"]) -> list[str]:
    return [model._meta.db_table for model in models]


def _analyze(tables: Sequence[str] = ()) -> None:
    """Fresh planner statistics (PostgreSQL: VACUUM ANALYZE outside a transaction, which also
    sets the visibility map a table in service has; inside one, e.g. in a test, ANALYZE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            names = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"VACUUM (ANALYZE) {names}" if names else "VACUUM (ANALYZE)")
        elif tables:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        else:
            cursor.execute("ANALYZE")


def add_assessed_results(*, period_id: int, now: dt.datetime | None = None) -> int:
    """The assessed component's FINAL result for every SKB candidate of the period (two
    assessors within the spread, the mean as the score: 50–95 in steps of 2.5), as assessment
    leaves them; one INSERT … SELECT. Returns the rows written."""
    from django.db import connection, transaction
    from django.utils import timezone

    from simerit.selection.models import (
        Aggregation,
        ComponentResult,
        Method,
        SkbCandidate,
        SkbComponent,
    )

    vendor = connection.vendor
    quote = connection.ops.quote_name
    grade = _hash("c.application_id", 16807, 7)
    source = (
        "(SELECT c.id AS candidate_id, k.id AS component_id,"  # noqa: S608 (model names)
        f" 50 + 2.5 * (({grade}) %% 19) AS score,"
        f" 2.5 * ((({grade}) / 19) %% 3) AS half_spread"
        f" FROM {quote(SkbCandidate._meta.db_table)} c"
        f" INNER JOIN {quote(SkbComponent._meta.db_table)} k"
        " ON k.formasi_id = c.formasi_id AND k.method <> %s"
        " WHERE c.period_id = %s) graded"
    )
    with transaction.atomic():
        return _insert_select(
            ComponentResult,
            {
                "component_id": "component_id",
                "candidate_id": "candidate_id",
                "score": "score",
                "assessor_scores": _json_array(
                    vendor, ("score - half_spread", "score + half_spread")
                ),
                "spread": "2 * half_spread",
            },
            source=source,
            params=[Method.CAT.value, period_id],
            now=now or timezone.now(),
            fixed={
                "status": ComponentResult.Status.FINAL.value,
                "aggregation": Aggregation.MEAN.value,
                "resolution": ComponentResult.Resolution.AGREED.value,
                "decided_at": now or timezone.now(),
            },
        )


# --- The measured run: `python -m bench.ranking measure <period id> <actor id>`


def run_bare(period_id: int, *, serial: bool = False) -> tuple[float, int]:
    """One run of the bare query: (seconds, rows numbered). `serial`: on PostgreSQL without
    parallel workers, as its INSERT … SELECT statements run (a statement that writes gets
    none); SQLite has none anyway."""
    from django.db import connection, transaction

    from simerit.selection.bulk import bulk_settings

    # Under the same session settings as the services' bulk statements (work_mem, no JIT).
    with transaction.atomic(), bulk_settings(connection), connection.cursor() as cursor:
        if serial and connection.vendor == "postgresql":
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        started = time.perf_counter()
        cursor.execute(bare_query(connection.vendor), [period_id])
        row = cursor.fetchone()
        seconds = time.perf_counter() - started
    return seconds, int(row[0]) if row else 0


def timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """(what `work` returns, seconds in all, seconds of the COMMIT): `work` runs inside an outer
    transaction (the service's own becomes a savepoint), so that its COMMIT, where PostgreSQL
    checks the foreign keys Django declares DEFERRABLE INITIALLY DEFERRED (one trigger call per
    new row and key), is timed on its own."""
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        result = work()
        done = time.perf_counter()
    ended = time.perf_counter()
    return result, ended - started, ended - done


def measure(period_id: int, actor_id: int) -> Measured:
    """The cut, the CAT import and the integration, timed, between the warm-up and the best of
    BARE_RUNS bare queries (see the module's docstring)."""
    from bench.exams import _memory_mb, _reset_peak_rss
    from simerit.accounts.models import User
    from simerit.exams.models import ExamKind, ExamResult
    from simerit.recruitment.models import SelectionPeriod
    from simerit.selection.models import ComponentResult, FinalResult, Method, SkbCandidate
    from simerit.selection.rules import FinalStatus
    from simerit.selection.services.cat_scores import import_cat_scores
    from simerit.selection.services.cut import run_cut
    from simerit.selection.services.integration import run_integration

    actor = User.objects.get(pk=actor_id)
    period = SelectionPeriod.objects.get(pk=period_id)
    skd_passed = ExamResult.objects.filter(
        application__period=period, kind=ExamKind.SKD, passed=True
    ).count()
    run_bare(period_id)  # warm-up, unmeasured

    base = _reset_peak_rss()
    candidates, cut_s, cut_commit = timed(lambda: run_cut(period=period, actor=actor))
    peak = _memory_mb("VmHWM")

    started = time.perf_counter()
    add_assessed_results(period_id=period_id)
    _analyze(_tables(SkbCandidate, ComponentResult))
    assessed_s = time.perf_counter() - started

    _reset_peak_rss()
    _, cat_s, cat_commit = timed(lambda: import_cat_scores(period=period, actor=actor))
    run, integration_s, integration_commit = timed(
        lambda: run_integration(period=period, actor=actor)
    )
    peak = max(peak, _memory_mb("VmHWM"))

    bare = [run_bare(period_id) for _ in range(BARE_RUNS)]
    serial = [run_bare(period_id, serial=True) for _ in range(BARE_RUNS)]
    results = FinalResult.objects.filter(run=run)
    return Measured(
        skd_passed=skd_passed,
        candidates=candidates,
        candidate_rows=SkbCandidate.objects.filter(period=period).count(),
        cat_results=ComponentResult.objects.filter(
            candidate__period=period, component__method=Method.CAT
        ).count(),
        final_results=results.count(),
        lulus=results.filter(status=FinalStatus.LULUS).count(),
        cut_s=cut_s,
        assessed_s=assessed_s,
        cat_s=cat_s,
        integration_s=integration_s,
        commit_s=cut_commit + cat_commit + integration_commit,
        bare_s=min(seconds for seconds, _ in bare),
        bare_serial_s=min(seconds for seconds, _ in serial),
        bare_rows=bare[0][1],
        peak_mib=peak,
        base_mib=base,
    )


def main(argv: Sequence[str]) -> int:
    if len(argv) != 3 or argv[0] != "measure" or not all(arg.isdigit() for arg in argv[1:]):
        print("pakai: python -m bench.ranking measure <id periode> <id akun>", file=sys.stderr)
        return 2
    import django

    django.setup()
    measured = measure(int(argv[1]), int(argv[2]))
    print(f"{MARKER} {measured.to_json()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
