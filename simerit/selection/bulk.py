"""Set-based writes: INSERT … SELECT from an ORM queryset or from parametrised SQL.

The selection writes whole periods at once (the SKD cut, the SKB-CAT scores, the integration):
the database computes and inserts the rows in one statement, so nothing goes through Python row by
row, whatever the number of applications. Both helpers return the number of rows inserted.

`ScaledDecimal` turns an exact integer count of 10⁻ⁿ units into a decimal value on both engines
(PostgreSQL NUMERIC; SQLite stores decimals as REAL anyway), so that rounding is done once, exactly,
in integer arithmetic, and the two engines store the same values.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
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
    sql = f"INSERT INTO {quote(opts.db_table)} ({names}) {select_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


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
