import datetime as dt
import importlib
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from simerit.audit import integrity
from simerit.audit import services as audit
from simerit.audit.models import AuditChainHead, AuditEvent


@pytest.fixture
def chain(db, hr_admin):
    for n in range(5):
        audit.record(actor=hr_admin, action="test.thing.changed", changes={"n": n})
    return list(AuditEvent.objects.order_by("seq"))


TRIGGERS = importlib.import_module("simerit.audit.migrations.0002_append_only_trigger")


def _raw(sql, params=()):
    """Run SQL as an attacker with full database rights: the append-only triggers go first."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for drop in TRIGGERS.POSTGRESQL_DROP if postgresql else TRIGGERS.SQLITE_DROP:
            cursor.execute(drop)
        cursor.execute(sql, params)
        for create in TRIGGERS.POSTGRESQL_CREATE if postgresql else TRIGGERS.SQLITE_CREATE:
            cursor.execute(create)


def test_record_links_each_row_to_the_previous_hash(chain):
    assert [event.seq for event in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == audit.GENESIS_HASH
    for previous, current in itertools.pairwise(chain):
        assert current.prev_hash == previous.hash
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (5, chain[-1].hash)


def test_record_masks_sensitive_fields(db, hr_admin):
    event = audit.record(
        actor=hr_admin,
        action="employees.employee.updated",
        changes={"nik": ["1671014501900001", "1671014501900002"], "name": ["A", "B"]},
    )
    assert event.changes == {"nik": "[disamarkan]", "name": ["A", "B"]}


def test_record_stores_dates_as_iso_text(db):
    event = audit.record(actor=None, action="test.thing.dated", changes={"on": dt.date(2026, 1, 2)})
    assert event.changes == {"on": "2026-01-02"}
    assert event.actor_label == "Sistem"


def test_verify_chain_reports_intact_chain(chain):
    assert audit.verify_chain() == audit.ChainReport(length=5, intact=True)


def test_verify_audit_command_prints_length(chain, capsys):
    call_command("verify_audit")
    checks = len(integrity.registered())
    assert capsys.readouterr().out == (
        "Rantai audit utuh: 5 baris.\n"
        f"Catatan terbitan cocok dengan hash-nya ({checks} pemeriksaan).\n"
    )


def test_verify_audit_reports_every_problem_of_registered_checks(chain, monkeypatch):
    monkeypatch.setattr(integrity, "_checks", {})
    integrity.register("contoh", lambda: [])
    integrity.register(
        "pengumuman uji",
        lambda: [
            integrity.IntegrityProblem("pengumuman uji", "formasi F-1 versi 1", "isi berubah"),
            integrity.IntegrityProblem("pengumuman uji", "formasi F-2 versi 3", "hash berubah"),
        ],
    )
    assert integrity.registered() == ["contoh", "pengumuman uji"]
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit")
    assert str(raised.value) == (
        "pengumuman uji — formasi F-1 versi 1: isi berubah.\n"
        "pengumuman uji — formasi F-2 versi 3: hash berubah."
    )


def test_verify_audit_passes_when_registered_checks_find_nothing(chain, monkeypatch, capsys):
    monkeypatch.setattr(integrity, "_checks", {})
    integrity.register("contoh", lambda: [])
    call_command("verify_audit")
    assert capsys.readouterr().out.endswith("cocok dengan hash-nya (1 pemeriksaan).\n")


def test_verify_detects_altered_row(chain):
    _raw("UPDATE audit_auditevent SET action = %s WHERE seq = 3", ["test.thing.forged"])
    report = audit.verify_chain()
    assert (report.intact, report.bad_seq, report.length) == (False, 3, 2)
    assert report.reason == "isi baris diubah (hash tidak cocok)"
    with pytest.raises(CommandError, match=r"RUSAK pada baris #3 \(id \d+\)"):
        call_command("verify_audit")


def test_verify_detects_deleted_row(chain):
    _raw("DELETE FROM audit_auditevent WHERE seq = 2")
    report = audit.verify_chain()
    assert (report.intact, report.bad_seq, report.length) == (False, 3, 1)
    assert report.reason == "nomor urut 3 muncul setelah 1: ada baris yang dihapus"
    with pytest.raises(CommandError, match="RUSAK pada baris #3"):
        call_command("verify_audit")


def test_verify_detects_deleted_last_row(chain):
    _raw("DELETE FROM audit_auditevent WHERE seq = 5")
    report = audit.verify_chain()
    assert (report.intact, report.length) == (False, 4)
    assert report.reason.startswith("ujung rantai tidak cocok dengan kepala rantai (tercatat #5")


def test_verify_detects_inserted_row(chain):
    fourth = chain[3]
    _raw("UPDATE audit_auditevent SET seq = seq + 100 WHERE seq >= 4")
    _raw(
        "INSERT INTO audit_auditevent (seq, created_at, actor_id, actor_label, action, target_type,"
        " target_id, target_repr, changes, prev_hash, hash) VALUES (4, %s, NULL, 'Penyusup',"
        " 'test.thing.forged', '', '', '', '{}', %s, %s)",
        [fourth.created_at, chain[2].hash, "f" * 64],
    )
    report = audit.verify_chain()
    assert (report.intact, report.bad_seq, report.length) == (False, 4, 3)
    assert report.reason == "isi baris diubah (hash tidak cocok)"
    with pytest.raises(CommandError, match="RUSAK pada baris #4"):
        call_command("verify_audit")


def test_orm_refuses_update_and_delete(chain):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(seq=1).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(seq=1).delete()
    with pytest.raises(PermissionError):
        chain[0].save()
    assert audit.verify_chain().intact is True


@pytest.mark.parametrize(
    ("sql", "operation"),
    [
        ("UPDATE audit_auditevent SET action = 'x' WHERE seq = 1", "UPDATE"),
        ("DELETE FROM audit_auditevent WHERE seq = 1", "DELETE"),
    ],
)
def test_database_trigger_rejects_update_and_delete(chain, sql, operation):
    with (
        pytest.raises(DatabaseError, match=rf"append-only \({operation} rejected\)"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.get(seq=1).action == "test.thing.changed"
    assert audit.verify_chain().intact is True


def test_verify_detects_a_row_appended_without_moving_the_head(chain):
    last = chain[-1]
    created_at = last.created_at
    content = audit.canonical_content(
        seq=6,
        created_at=created_at,
        actor_id=None,
        actor_label="Penyusup",
        action="test.thing.forged",
        target_type="",
        target_id="",
        target_repr="",
        changes={},
    )
    _raw(
        "INSERT INTO audit_auditevent (seq, created_at, actor_id, actor_label, action, target_type,"
        " target_id, target_repr, changes, prev_hash, hash) VALUES (6, %s, NULL, 'Penyusup',"
        " 'test.thing.forged', '', '', '', '{}', %s, %s)",
        [created_at, last.hash, audit.chain_hash(last.hash, content)],
    )
    report = audit.verify_chain()
    assert (report.intact, report.bad_seq, report.length) == (False, 6, 5)
    assert report.reason.startswith("baris di luar kepala rantai")


def test_verify_ignores_rows_written_while_it_runs(chain, hr_admin, monkeypatch):
    real = audit.canonical_content
    calls = []

    def write_meanwhile(**kwargs):
        calls.append(kwargs["seq"])
        if len(calls) == 1:  # the first row being checked: another request commits a write
            audit.record(actor=hr_admin, action="test.thing.concurrent", changes={})
        return real(**kwargs)

    monkeypatch.setattr(audit, "canonical_content", write_meanwhile)
    report = audit.verify_chain()
    assert report == audit.ChainReport(length=5, intact=True)
    assert calls == [1, 6, 2, 3, 4, 5]
    monkeypatch.undo()
    assert audit.verify_chain() == audit.ChainReport(length=6, intact=True)
