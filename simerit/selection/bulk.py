"""Set-based writes: INSERT … SELECT from an ORM queryset or from parametrised SQL.

The selection writes whole periods at once (the SKD cut, the SKB-CAT scores, the integration):
the database computes and inserts the rows in one statement, so nothing goes through Python row by
row, whatever the number of applications. Both helpers return the number of rows inserted.

On PostgreSQL a statement that writes gets no parallel workers, while a SELECT does, and
`CREATE TABLE … AS` may too: there the SELECT fills a temporary table (in parallel where the
planner sees fit; the table lives in the session's own memory, without WAL) and a plain INSERT
copies it into the model's table. Each such statement runs with `BULK_SETTINGS`: a larger
`work_mem` for its sorts and hashes (the default 4 MB spills a million-row window to disk) and no
JIT (compiling the expressions costs more than it saves on a statement run once), restored after.
SQLite has neither, and inserts directly.

`ScaledDecimal` turns an exact integer count of 10⁻ⁿ units into a decimal value on both engines
(PostgreSQL NUMERIC; SQLite stores decimals as REAL anyway), so that rounding is done once, exactly,
in integer arithmetic, and the two engines store the same values.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DecimalField, Field, Func, Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler


def insert_select(model: type[Model], columns: Sequence[str], queryset: "QuerySet[Any]") -> int:
    """INSERT INTO <model's table> (<columns>) <the queryset's SELECT>; returns the row count.

    `columns` are the model's field names (or attnames such as "formasi_id"), in exactly the order
    of the queryset's `.values(...)`; the aliases of the values may differ (an annotation may not
    reuse a name of the source model's fields). The number of selected columns is checked; when
    the queryset filters on a window function, two equal expressions are refused too: Django then
    wraps the query in a subquery that selects equal expressions once, which would shift every
    later column.
    The queryset's ordering is dropped: the order of an insert means nothing.
    """
    using = router.db_for_write(model)
    compiler = queryset.order_by().query.get_compiler(using=using)
    select_sql, params = compiler.as_sql()
    if compiler.col_count != len(columns):
        raise ValueError(
            f"The SELECT has {compiler.col_count} columns but {len(columns)} were named: "
            f"{', '.join(columns)}."
        )
    expressions = [expression for expression, _sql, _alias in compiler.select]
    if compiler.qualify and len(set(expressions)) != len(expressions):
        repeated = [
            str(alias)
            for index, (expression, _sql, alias) in enumerate(compiler.select)
            if expression in expressions[:index]
        ]
        raise ValueError(
            f"The SELECT repeats an expression ({', '.join(repeated)}): give each column its own."
        )
    return _execute(model, columns, select_sql, params, using=using)


def insert_select_sql(
    model: type[Model], columns: Sequence[str], select_sql: str, params: Sequence[Any]
) -> int:
    """INSERT INTO <model's table> (<columns>) <select_sql>, with `params` bound (never
    formatted into the text); returns the row count."""
    return _execute(model, columns, select_sql, params, using=router.db_for_write(model))


# PostgreSQL settings for one bulk statement (set for the transaction, then restored).
BULK_SETTINGS = {"work_mem": "64MB", "jit": "off"}
STAGING_TABLE = "simerit_bulk_staging"


@contextmanager
def bulk_settings(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """`BULK_SETTINGS` on PostgreSQL for the statements run inside, then the earlier values
    again (set_config(..., true): local to the transaction, never beyond it; callers run it
    inside one). Nothing on SQLite."""
    if connection.vendor != "postgresql":
        yield
        return
    names = list(BULK_SETTINGS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
        row = cursor.fetchone()
        earlier = dict(zip(names, row or (), strict=True))
        _set(cursor, BULK_SETTINGS)
    yield
    # Not in a `finally`: after an error the transaction (or its savepoint) is rolled back, which
    # undoes the settings too, and any statement sent before that would be refused.
    with connection.cursor() as cursor:
        _set(cursor, earlier)


def _set(cursor: Any, values: dict[str, str]) -> None:
    names = list(values)
    cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
        [item for name in names for item in (name, values[name])],
    )


def _execute(
    model: type[Model],
    columns: Sequence[str],
    select_sql: str,
    params: Sequence[Any],
    *,
    using: str,
) -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    opts = model._meta
    names = ", ".join(quote(_column(model, column)) for column in columns)
    insert = f"INSERT INTO {quote(opts.db_table)} ({names}) "
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(insert + select_sql, params)
            return int(cursor.rowcount)
    staging = quote(STAGING_TABLE)
    # In a transaction (a savepoint inside the caller's): the staging table lives until its end.
    with transaction.atomic(using=using), bulk_settings(connection), connection.cursor() as cursor:
        # ON COMMIT DROP: gone at the end of the transaction even if the INSERT fails; dropped
        # at once below so that a second statement in the same transaction can use the name.
        # The staging columns take the model's column names: the SELECT's own may repeat.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ({names}) ON COMMIT DROP AS {select_sql}", params
        )
        cursor.execute(f"{insert}SELECT {names} FROM {staging}")  # noqa: S608 (metadata)
        written = int(cursor.rowcount)
        cursor.execute(f"DROP TABLE {staging}")
    return written


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column.")
    return field.column


def decimal_type(connection: BaseDatabaseWrapper) -> str:
    """The SQL type a CAST must use to divide without integer truncation on this engine."""
    return "NUMERIC" if connection.vendor == "postgresql" else "REAL"


class ScaledDecimal(Func):
    """`expression` (an integer count of 10⁻`places` units) as a decimal: CAST(x AS NUMERIC) / 10ⁿ.

    SQLite has no exact decimal type and stores DecimalField values as REAL: there the division is
    done in REAL, which holds 4 decimals of a score exactly enough for Django to read them back.
    """

    output_field = DecimalField(max_digits=20, decimal_places=4)

    def __init__(self, expression: Any, *, places: int = 4) -> None:
        super().__init__(expression)
        self.places = places

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        inner, params = compiler.compile(self.source_expressions[0])
        divisor = 10**self.places
        return f"(CAST({inner} AS {decimal_type(connection)}) / {divisor})", list(params)
