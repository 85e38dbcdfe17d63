"""services.credit: Admin BKPSDM records an opening balance (audited with before and after), never
their own; every refusal has its exact message and changes nothing; the audited export."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.career.models import CreditOpening
from simerit.career.services import credit as services
from simerit.career.tests.factories import (
    CreditOpeningFactory,
    CreditRequirementFactory,
    appraise,
    functional_position,
    make_office,
    with_account,
)
from simerit.core.exceptions import DomainError, InvalidInputError

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = make_office()
    person = office.staff[0]
    person.position = functional_position("ahli_pertama")
    person.save()
    return office


def record(office, **changes):
    values = {
        "employee": office.staff[0],
        "as_of": dt.date(2024, 12, 31),
        "amount": Decimal("42.5"),
        "note": "Konversi integrasi 2023",
        "actor": office.hr,
    }
    values.update(changes)
    return services.record_opening(**values)


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_record_an_opening_balance(office):
    row = record(office)

    assert (row.as_of, row.amount, row.note, row.recorded_by) == (
        dt.date(2024, 12, 31),
        Decimal("42.5"),
        "Konversi integrasi 2023",
        office.hr,
    )
    [event] = events("career.credit_opening.recorded")
    assert (event.actor, event.target_id) == (office.hr, str(row.pk))
    assert event.changes == {
        "as_of": [None, "2024-12-31"],
        "amount": [None, "42.5"],
        "note": [None, "Konversi integrasi 2023"],
    }


def test_change_an_opening_balance(office):
    record(office)

    row = record(office, amount=Decimal("40"), note="Koreksi")

    assert CreditOpening.objects.count() == 1
    assert (row.amount, row.note) == (Decimal("40"), "Koreksi")
    [event] = events("career.credit_opening.changed")
    assert event.changes == {
        "amount": ["42.500", "40"],
        "note": ["Konversi integrasi 2023", "Koreksi"],
    }


def test_an_unchanged_balance_writes_no_audit_row(office):
    record(office, amount=Decimal("42.500"))
    before = AuditEvent.objects.count()

    record(office, amount=Decimal("42.5"))

    assert AuditEvent.objects.count() == before


def assert_nothing_changed(before_events):
    assert CreditOpening.objects.count() == 0
    assert AuditEvent.objects.count() == before_events


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"amount": Decimal("-0.001")}, {"amount": ["Angka kredit tidak boleh negatif."]}),
        (
            {"amount": Decimal("1.2345")},
            {"amount": ["Angka kredit paling banyak tiga angka di belakang koma."]},
        ),
        ({"amount": Decimal("100000")}, {"amount": ["Angka kredit paling besar 99999,999."]}),
        ({"amount": Decimal("NaN")}, {"amount": ["Angka kredit harus berupa angka."]}),
        ({"amount": None}, {"amount": ["Angka kredit wajib diisi."]}),
        (
            {"as_of": dt.date(2026, 11, 29)},
            {"as_of": ["Tanggal saldo awal tidak boleh setelah hari ini."]},
        ),
        (
            {"as_of": None, "note": "x" * 501},
            {
                "as_of": ["Tanggal saldo awal wajib diisi."],
                "note": ["Keterangan paling panjang 500 karakter."],
            },
        ),
    ],
)
def test_bad_input_changes_nothing(office, changes, errors):
    before = AuditEvent.objects.count()

    with pytest.raises(InvalidInputError) as caught:
        record(office, **changes)

    assert caught.value.errors == errors
    assert_nothing_changed(before)


def test_zero_and_today_are_accepted(office):
    row = record(office, amount=Decimal("0"), as_of=dt.date(2026, 11, 28))

    assert (row.amount, row.as_of) == (Decimal("0"), dt.date(2026, 11, 28))


def test_bad_input_on_change_keeps_the_old_values(office):
    record(office)
    before = AuditEvent.objects.count()

    with pytest.raises(InvalidInputError):
        record(office, amount=Decimal("-1"))

    row = CreditOpening.objects.get()
    assert (row.amount, AuditEvent.objects.count()) == (Decimal("42.500"), before)


def test_only_hr(office):
    before = AuditEvent.objects.count()

    for actor in (office.auditor, office.admin, office.user(office.chief)):
        with pytest.raises(PermissionDenied, match="Hanya Admin BKPSDM yang dapat mengubah"):
            record(office, actor=actor)

    assert_nothing_changed(before)


def test_never_own_record(office):
    hr_employee = office.staff[0]
    account = with_account(hr_employee, "admin_bkpsdm")
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied) as caught:
        record(office, actor=account)

    assert str(caught.value) == "Anda tidak dapat mengubah data karier diri sendiri."
    assert_nothing_changed(before)


def test_only_for_a_jabatan_fungsional(office):
    before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        record(office, employee=office.staff[1])

    assert caught.value.message == (
        "Saldo awal angka kredit hanya dicatat untuk pegawai dalam jabatan fungsional dengan "
        "jenjang yang tercatat."
    )
    assert_nothing_changed(before)


# --- export --------------------------------------------------------------------------------------


def test_export_the_list(office):
    person = office.staff[0]
    CreditRequirementFactory.create(functional_level="ahli_pertama", for_next_rank=Decimal("50"))
    CreditOpeningFactory.create(employee=person, as_of=dt.date(2024, 12, 31), amount=Decimal("30"))
    appraise(person, year=2025, predikat="baik")

    content = services.export_list(actor=office.admin, unit=None)

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Angka kredit"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(services.HEADERS)
    assert rows[1:] == [
        [
            person.nip,
            "Staf A",
            "Bidang Pembinaan",
            "Analis Kebijakan Ahli Pertama",
            "Ahli Pertama",
            30,
            "31/12/2024",
            12.5,
            42.5,
            50,
            7.5,
            "Kurang 7,500 angka kredit untuk kenaikan pangkat (terkumpul 42,500 dari 50,000).",
        ]
    ]
    [event] = events("career.credit_list.exported")
    assert (event.actor, event.changes) == (
        office.admin,
        {"on": "2026-11-28", "unit": "", "employees": 1},
    )


def test_export_needs_a_list_reader(office):
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.export_list(actor=office.user(office.staff[1]), unit=None)

    assert AuditEvent.objects.count() == before
