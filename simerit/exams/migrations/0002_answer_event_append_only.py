"""Reject UPDATE and DELETE (and on PostgreSQL TRUNCATE) on the answer-event log in the database.

The per-attempt hash chain sealed at finish (and stored in the audit chain) detects what a
database owner could still do by dropping the triggers.
"""

from django.db import migrations

POSTGRESQL_CREATE = [
    """
    CREATE OR REPLACE FUNCTION exams_reject_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'exams_answerevent is append-only (% rejected)', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER exams_answerevent_append_only
        BEFORE UPDATE OR DELETE ON exams_answerevent
        FOR EACH ROW EXECUTE FUNCTION exams_reject_change()
    """,
    """
    CREATE TRIGGER exams_answerevent_no_truncate
        BEFORE TRUNCATE ON exams_answerevent
        FOR EACH STATEMENT EXECUTE FUNCTION exams_reject_change()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS exams_answerevent_no_truncate ON exams_answerevent",
    "DROP TRIGGER IF EXISTS exams_answerevent_append_only ON exams_answerevent",
    "DROP FUNCTION IF EXISTS exams_reject_change()",
]
SQLITE_CREATE = [
    """
    CREATE TRIGGER exams_answerevent_no_update BEFORE UPDATE ON exams_answerevent
    BEGIN SELECT RAISE(ABORT, 'exams_answerevent is append-only (UPDATE rejected)'); END
    """,
    """
    CREATE TRIGGER exams_answerevent_no_delete BEFORE DELETE ON exams_answerevent
    BEGIN SELECT RAISE(ABORT, 'exams_answerevent is append-only (DELETE rejected)'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS exams_answerevent_no_update",
    "DROP TRIGGER IF EXISTS exams_answerevent_no_delete",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
