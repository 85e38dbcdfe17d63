"""Bare endpoints for `make bench`: the stack's limits without application logic (PERF-NOTES.md).

Both answer 404 unless settings.SIMERIT_BENCH_ENDPOINTS is true, which production never sets.
"""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from simerit.bench.models import BenchCounter

COUNTER_KEY = "limit-upsert"


def _require_enabled() -> None:
    if not settings.SIMERIT_BENCH_ENDPOINTS:
        raise Http404


@require_GET
def limit_get(request: HttpRequest) -> JsonResponse:
    """The cheapest JSON answer Django can give: routing, middleware, serialisation."""
    _require_enabled()
    return JsonResponse({"status": "ok"})


# The load generator posts without a session, so it has no CSRF token. The exemption is harmless:
# the view writes only the bench counter and is a 404 unless SIMERIT_BENCH_ENDPOINTS is on.
@csrf_exempt
@require_POST
def limit_upsert(request: HttpRequest) -> JsonResponse:
    """One hot-row write as ONE SQL statement (PERF-NOTES.md point 3): no BEGIN/COMMIT around it."""
    _require_enabled()
    table = connection.ops.quote_name(BenchCounter._meta.db_table)
    key, hits = connection.ops.quote_name("key"), connection.ops.quote_name("hits")
    # INSERT ... ON CONFLICT ... RETURNING works on SQLite >= 3.35 and on PostgreSQL.
    sql = (
        f"INSERT INTO {table} ({key}, {hits}) VALUES (%s, 1) "  # noqa: S608 (names are constants)
        f"ON CONFLICT ({key}) DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [COUNTER_KEY])
        row = cursor.fetchone()
    return JsonResponse({"key": COUNTER_KEY, "hits": row[0]})
