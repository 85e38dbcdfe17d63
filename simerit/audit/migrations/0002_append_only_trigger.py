"""Reject UPDATE and DELETE (and on PostgreSQL TRUNCATE) on the audit table inside the database.

Anyone with full database rights can still drop a trigger; the hash chain (verify_audit) is what
detects such tampering. The model and queryset refuse updates and deletes as well.
"""

from django.db import migrations

POSTGRESQL_CREATE = [
    """
    CREATE OR REPLACE FUNCTION audit_reject_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit_auditevent is append-only (% rejected)', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_auditevent_append_only
        BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION audit_reject_change()
    """,
    """
    CREATE TRIGGER audit_auditevent_no_truncate
        BEFORE TRUNCATE ON audit_auditevent
        FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_reject_change()",
]
SQLITE_CREATE = [
    """
    CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only (UPDATE rejected)'); END
    """,
    """
    CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only (DELETE rejected)'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
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
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
