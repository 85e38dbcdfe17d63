"""Winners become employees: the Lulus of the newest version, after its sanggah window and with no
sanggah waiting, become CPNS/PPPK records with a proposed NIP, all or none, once each."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.dates import MONTHS_ID
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeKind
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification
from simerit.organization.tests.factories import golongan
from simerit.recruitment.models import Application, SelectionKind
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection import files
from simerit.selection.models import Appointment, ResultAnnouncementEntry, ResultSanggah
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import announcements as announcement_selectors
from simerit.selection.selectors import appointments as appointment_selectors
from simerit.selection.services import appointments as services
from simerit.selection.tests.factories_sanggah import publish

JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY = timezone.localdate()
TMT = TODAY.replace(day=1)
# Published 20 days before the TMT; its 3-day sanggah window closed long ago.
PUBLISHED_AT = dt.datetime.combine(TMT - dt.timedelta(days=20), dt.time(10), tzinfo=JAKARTA)
CLOSED_AT = PUBLISHED_AT + dt.timedelta(days=3)
TWIN_BIRTH = dt.date(1997, 4, 5)


def _month(day: dt.date) -> str:
    return MONTHS_ID[day.month - 1]


def counts() -> dict[str, int]:
    return {
        "employees": Employee.objects.count(),
        "appointments": Appointment.objects.count(),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
        "memberships": Group.user_set.through.objects.count(),
    }


def winner(formasi, number, *, name, birth_date=TWIN_BIRTH, gender="P"):
    return ApplicationFactory.create(
        formasi=formasi,
        status=Application.Status.MS,
        registration_number=f"2026-A-{number:06d}",
        applicant__name=name,
        applicant__birth_place="Palembang",
        applicant__birth_date=birth_date,
        applicant__gender=gender,
        applicant__education_major="Keperawatan",
    )


@pytest.fixture
def formasi(db):
    period = SelectionPeriodFactory.create(kind=SelectionKind.CPNS)
    return FormasiFactory.create(period=period, code="F-PERAWAT", entry_golongan=golongan("III/a"))


@pytest.fixture
def publisher(db):
    return UserFactory.create(username="admin.penerbit", roles=[Role.ADMIN_BKPSDM])


@pytest.fixture
def siti(formasi):
    return winner(formasi, 1, name="Siti Aminah")


@pytest.fixture
def rina(formasi):
    return winner(formasi, 2, name="Rina Marlina")


@pytest.fixture
def others(formasi):
    """P/L, Tidak Lulus and Mengundurkan diri: never appointed."""
    return [
        winner(formasi, 3, name="Dewi Lestari", gender="P"),
        winner(formasi, 4, name="Budi Santoso", gender="L"),
        winner(formasi, 5, name="Andi Saputra", gender="L"),
    ]


@pytest.fixture
def announcement(formasi, publisher, siti, rina, others):
    return publish(
        formasi,
        lines=[
            (siti, FinalStatus.LULUS, 1),
            (rina, FinalStatus.LULUS, 2),
            (others[0], FinalStatus.PL, 3),
            (others[1], FinalStatus.TIDAK_LULUS, None),
            (others[2], FinalStatus.MENGUNDURKAN_DIRI, None),
        ],
        published_by=publisher,
        published_at=PUBLISHED_AT,
        sanggah_closes_at=CLOSED_AT,
    )


def appoint(formasi, actor, tmt=TMT):
    return services.appoint_winners(formasi=formasi, planned_tmt=tmt, actor=actor)


# --- What is created


def test_each_lulus_applicant_becomes_a_cpns_with_the_verified_data(
    formasi, announcement, siti, hr_admin
):
    appointments = appoint(formasi, hr_admin)
    assert [item.application.registration_number for item in appointments] == [
        "2026-A-000001",
        "2026-A-000002",
    ]
    employee = appointments[0].employee
    applicant = siti.applicant
    carried = ("nik", "name", "birth_place", "birth_date", "gender")
    assert {field: getattr(employee, field) for field in carried} == {
        field: getattr(applicant, field) for field in carried
    }
    assert employee.kind == EmployeeKind.CPNS
    assert employee.work_unit == formasi.work_unit
    assert employee.position == formasi.position
    assert employee.golongan == golongan("III/a")
    assert employee.tmt_cpns == TMT
    assert employee.user == applicant.user
    assert employee.nik_needs_review is False
    assert employee.nip == f"19970405{TMT:%Y%m}2001"
    appointment = appointments[0]
    appointment.refresh_from_db()
    assert appointment.proposed_nip == employee.nip
    assert appointment.planned_tmt == TMT
    assert appointment.announcement == announcement
    assert appointment.created_by == hr_admin
    assert appointment.nip_confirmed is False


def test_two_winners_born_the_same_day_with_the_same_gender_get_001_and_002(
    formasi, announcement, hr_admin
):
    appointments = appoint(formasi, hr_admin)
    assert [item.proposed_nip for item in appointments] == [
        f"19970405{TMT:%Y%m}2001",
        f"19970405{TMT:%Y%m}2002",
    ]
    assert [item.employee.name for item in appointments] == ["Siti Aminah", "Rina Marlina"]


def test_a_nip_already_on_an_employee_record_is_skipped(formasi, announcement, hr_admin):
    EmployeeFactory.create(
        kind=EmployeeKind.CPNS,
        birth_date=TWIN_BIRTH,
        gender="P",
        tmt_cpns=TMT,
        nip=f"19970405{TMT:%Y%m}2001",
    )
    appointments = appoint(formasi, hr_admin)
    assert [item.proposed_nip for item in appointments] == [
        f"19970405{TMT:%Y%m}2002",
        f"19970405{TMT:%Y%m}2003",
    ]


def test_an_earlier_proposal_keeps_its_number_after_bkn_changes_the_employee_nip(
    formasi, announcement, siti, rina, hr_admin
):
    appointment = services.appoint_winners(formasi=formasi, planned_tmt=TMT, actor=hr_admin)[0]
    # BKN set another number for Siti; her proposal still holds …001 in the Appointment.
    Employee.objects.filter(pk=appointment.employee_id).update(nip="199704052026012009")
    Appointment.objects.filter(application=rina).delete()
    Employee.objects.filter(user=rina.applicant.user).delete()
    rest = appoint(formasi, hr_admin)
    assert [item.proposed_nip for item in rest] == [f"19970405{TMT:%Y%m}2002"]


def test_only_the_lulus_are_appointed(formasi, announcement, others, hr_admin):
    appoint(formasi, hr_admin)
    assert Appointment.objects.count() == 2
    appointed = set(Appointment.objects.values_list("application__registration_number", flat=True))
    assert appointed == {"2026-A-000001", "2026-A-000002"}


def test_the_pegawai_role_is_added_and_the_others_kept(formasi, announcement, siti, hr_admin):
    appoint(formasi, hr_admin)
    user = siti.applicant.user
    assert sorted(user.groups.values_list("name", flat=True)) == ["pegawai", "pelamar"]
    event = AuditEvent.objects.get(action="accounts.user.roles_changed", target_id=str(user.pk))
    assert event.changes == {"roles": [["pelamar"], ["pegawai", "pelamar"]]}


def test_an_account_that_is_already_pegawai_is_left_alone(formasi, announcement, siti, hr_admin):
    siti.applicant.user.groups.add(Group.objects.get(name=Role.PEGAWAI))
    appoint(formasi, hr_admin)
    roles_changed = AuditEvent.objects.filter(action="accounts.user.roles_changed")
    assert [event.target_id for event in roles_changed] == [
        str(Application.objects.get(registration_number="2026-A-000002").applicant.user_id)
    ]


def test_the_audit_has_one_row_per_appointment_and_one_summary(
    formasi, announcement, siti, hr_admin
):
    appointments = appoint(formasi, hr_admin)
    rows = AuditEvent.objects.filter(action="selection.appointment.created").order_by("seq")
    assert [row.target_id for row in rows] == [str(item.pk) for item in appointments]
    assert rows[0].changes == {
        "application": "2026-A-000001",
        "employee": appointments[0].employee_id,
        "kind": "cpns",
        "proposed_nip": f"19970405{TMT:%Y%m}2001",
        "planned_tmt": TMT.isoformat(),
        "announcement_version": 1,
        "rank": 1,
        "education_level": "S1",
        "education_major": "Keperawatan",
    }
    summary = AuditEvent.objects.get(action="selection.winners.appointed")
    assert summary.target_id == str(formasi.pk)
    assert summary.changes == {
        "announcement_version": 1,
        "kind": "cpns",
        "planned_tmt": TMT.isoformat(),
        "created": 2,
        "skipped": 0,
        "proposed_nips": [f"19970405{TMT:%Y%m}2001", f"19970405{TMT:%Y%m}2002"],
    }
    assert AuditEvent.objects.filter(action="employees.employee.created").count() == 2
    assert AuditEvent.objects.filter(action="employees.employee.user_linked").count() == 2


def test_no_nik_reaches_the_audit_trail(formasi, announcement, siti, rina, hr_admin):
    appoint(formasi, hr_admin)
    trail = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert siti.applicant.nik not in trail
    assert rina.applicant.nik not in trail
    assert '"nik": "[disamarkan]"' in trail


def test_the_appointees_are_told(formasi, announcement, siti, hr_admin):
    appoint(formasi, hr_admin)
    notification = Notification.objects.get(user=siti.applicant.user)
    assert notification.title == "Anda dicatat sebagai CPNS"
    assert notification.body == (
        "Berdasarkan pengumuman hasil akhir, data pegawai CPNS Anda telah dibuat dengan NIP usulan "
        f"19970405{TMT:%Y%m}2001 dan TMT 1 {_month(TMT)} {TMT.year}. NIP definitif ditetapkan "
        "oleh BKN."
    )


def test_a_pppk_selection_makes_pppk_without_golongan(db, publisher, hr_admin):
    period = SelectionPeriodFactory.create(kind=SelectionKind.PPPK)
    formasi = FormasiFactory.create(period=period, entry_golongan=golongan("III/a"))
    application = winner(formasi, 9, name="Nur Aini", gender="P")
    publish(
        formasi,
        lines=[(application, FinalStatus.LULUS, 1)],
        published_by=publisher,
        published_at=PUBLISHED_AT,
        sanggah_closes_at=CLOSED_AT,
    )
    planned = TMT + dt.timedelta(days=(TODAY - TMT).days)  # today: a PPPK TMT need not be the 1st
    employee = appoint(formasi, hr_admin, tmt=planned)[0].employee
    assert employee.kind == EmployeeKind.PPPK
    assert employee.golongan is None
    assert employee.tmt_cpns == planned
    assert employee.nip == f"19970405{planned:%Y%m}2001"


def test_the_newest_version_decides_who_is_appointed(
    formasi, announcement, siti, rina, others, publisher, hr_admin
):
    # Version 2 (after a correction): Dewi moves up, Rina becomes P/L.
    second = publish(
        formasi,
        lines=[
            (siti, FinalStatus.LULUS, 1),
            (others[0], FinalStatus.LULUS, 2),
            (rina, FinalStatus.PL, 3),
        ],
        published_by=publisher,
        published_at=PUBLISHED_AT + dt.timedelta(days=4),
        sanggah_closes_at=CLOSED_AT + dt.timedelta(days=4),
        supersedes=announcement,
    )
    appointments = appoint(formasi, hr_admin)
    assert [item.application for item in appointments] == [siti, others[0]]
    assert {item.announcement for item in appointments} == {second}


# --- Idempotency


def test_running_again_creates_nothing_and_changes_nothing(formasi, announcement, hr_admin):
    appoint(formasi, hr_admin)
    before = counts()
    assert appoint(formasi, hr_admin) == []
    assert counts() == before


def test_running_again_appoints_only_the_ones_left(formasi, announcement, siti, rina, hr_admin):
    appoint(formasi, hr_admin)
    Appointment.objects.filter(application=rina).delete()
    Employee.objects.filter(user=rina.applicant.user).delete()
    rest = appoint(formasi, hr_admin)
    assert [item.application for item in rest] == [rina]
    summaries = AuditEvent.objects.filter(action="selection.winners.appointed").order_by("seq")
    assert [(row.changes["created"], row.changes["skipped"]) for row in summaries] == [
        (2, 0),
        (1, 1),
    ]


# --- Refusals: exact message, nothing changed


def _refused(formasi, actor, *, error=ConflictError, tmt=TMT):
    before = counts()
    with pytest.raises(error) as raised:
        appoint(formasi, actor, tmt=tmt)
    assert counts() == before
    return raised.value


def test_without_an_announcement_nothing_is_appointed(formasi, siti, hr_admin):
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == "Hasil akhir formasi F-PERAWAT belum diumumkan."


def test_while_the_sanggah_window_is_open_nothing_is_appointed(formasi, siti, publisher, hr_admin):
    closes = dt.datetime(2099, 8, 16, tzinfo=JAKARTA)
    publish(
        formasi,
        lines=[(siti, FinalStatus.LULUS, 1)],
        published_by=publisher,
        published_at=PUBLISHED_AT,
        sanggah_closes_at=closes,
    )
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == (
        "Masa sanggah hasil akhir F-PERAWAT versi 1 belum berakhir; pengangkatan dapat dilakukan "
        "setelah 16 Agustus 2099 pukul 00.00 WIB."
    )


def test_a_sanggah_waiting_for_its_decision_blocks_the_formasi(
    formasi, announcement, others, hr_admin
):
    ResultSanggah.objects.create(
        application=others[0], announcement=announcement, reason="Nilai SKB saya keliru dihitung."
    )
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == "1 sanggah hasil akhir formasi F-PERAWAT belum diputuskan."


def test_a_granted_sanggah_blocks_until_a_newer_version_corrects_it(
    formasi, announcement, siti, rina, others, publisher, hr_admin
):
    ResultSanggah.objects.create(
        application=others[0],
        announcement=announcement,
        reason="Nilai SKB saya keliru dihitung.",
        status=ResultSanggah.Status.GRANTED,
    )
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == (
        "1 sanggah hasil akhir yang diterima atas F-PERAWAT versi 1 belum dikoreksi; terbitkan "
        "versi pengumuman baru lebih dulu."
    )
    publish(
        formasi,
        lines=[(siti, FinalStatus.LULUS, 1), (others[0], FinalStatus.LULUS, 2)],
        published_by=publisher,
        published_at=PUBLISHED_AT + dt.timedelta(days=5),
        sanggah_closes_at=CLOSED_AT + dt.timedelta(days=5),
        supersedes=announcement,
    )
    assert len(appoint(formasi, hr_admin)) == 2


def test_a_rejected_sanggah_does_not_block(formasi, announcement, others, hr_admin):
    ResultSanggah.objects.create(
        application=others[0],
        announcement=announcement,
        reason="Nilai SKB saya keliru dihitung.",
        status=ResultSanggah.Status.REJECTED,
    )
    assert len(appoint(formasi, hr_admin)) == 2


def test_a_tmt_before_the_announcement_is_refused(formasi, announcement, hr_admin):
    day_before = PUBLISHED_AT.date() - dt.timedelta(days=1)
    refusal = _refused(formasi, hr_admin, error=InvalidInputError, tmt=day_before)
    published = PUBLISHED_AT.date()
    assert refusal.errors == {
        "planned_tmt": [
            f"TMT yang diusulkan ({day_before.day} {_month(day_before)} {day_before.year}) tidak "
            f"boleh sebelum tanggal pengumuman hasil akhir ({published.day} {_month(published)} "
            f"{published.year})."
        ]
    }


def test_a_tmt_more_than_a_year_after_the_announcement_is_refused(formasi, announcement, hr_admin):
    refusal = _refused(formasi, hr_admin, error=InvalidInputError, tmt=dt.date(2099, 3, 1))
    announced_on = PUBLISHED_AT.date()
    assert refusal.errors == {
        "planned_tmt": [
            "TMT yang diusulkan (1 Maret 2099) lebih dari satu tahun sesudah pengumuman hasil "
            f"akhir ({announced_on.day} {_month(announced_on)} {announced_on.year}); periksa "
            "kembali tanggalnya."
        ]
    }


def test_the_record_can_be_made_before_the_planned_tmt(formasi, announcement, siti, hr_admin):
    next_month = (TMT + dt.timedelta(days=32)).replace(day=1)
    [first, _second] = appoint(formasi, hr_admin, tmt=next_month)
    employee = first.employee
    assert (employee.kind, employee.tmt_cpns, employee.nip) == (
        "cpns",
        next_month,
        f"19970405{next_month:%Y%m}2001",
    )


def test_the_verified_education_becomes_the_first_education_record(
    formasi, announcement, siti, hr_admin
):
    [first, _second] = appoint(formasi, hr_admin)
    education = list(
        first.employee.education.values_list(
            "level__code", "major", "institution", "graduation_year"
        )
    )
    assert education == [("S1", "Keperawatan", "", None)]
    event = AuditEvent.objects.get(
        action="employees.education.added", target_id=str(first.employee_id)
    )
    assert event.changes == {
        "level": "S1",
        "major": "Keperawatan",
        "institution": "",
        "graduation_year": None,
    }


def test_a_cpns_tmt_must_be_the_first_of_a_month(formasi, publisher, siti, hr_admin):
    publish(
        formasi,
        lines=[(siti, FinalStatus.LULUS, 1)],
        published_by=publisher,
        published_at=PUBLISHED_AT - dt.timedelta(days=40),
        sanggah_closes_at=CLOSED_AT - dt.timedelta(days=40),
    )
    second = TMT - dt.timedelta(days=1)  # the last day of the previous month
    refusal = _refused(formasi, hr_admin, error=InvalidInputError, tmt=second)
    assert refusal.errors == {
        "planned_tmt": [
            f"TMT CPNS selalu tanggal 1 suatu bulan; yang diisi {second.day} {_month(second)} "
            f"{second.year}."
        ]
    }


def test_a_cpns_formasi_without_entry_golongan_is_refused(formasi, announcement, hr_admin):
    formasi.entry_golongan = None
    formasi.save()
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == (
        "Formasi F-PERAWAT belum memiliki golongan awal; isi golongan awal formasi sebelum "
        "mengangkat CPNS."
    )


def test_one_applicant_who_cannot_become_an_employee_stops_everyone(
    formasi, announcement, rina, hr_admin
):
    # Rina (rank 2) is already in the employee register under her NIK: Siti is not kept either.
    EmployeeFactory.create(nik=rina.applicant.nik)
    refusal = _refused(formasi, hr_admin)
    masked = f"{rina.applicant.nik[:4]}********{rina.applicant.nik[12:]}"
    assert refusal.message == (
        f"Data pelamar 2026-A-000002 tidak dapat dijadikan data pegawai: NIK {masked} sudah "
        "terdaftar pada pegawai lain. Tidak ada pelamar yang diangkat."
    )


def test_an_account_already_linked_to_an_employee_stops_everyone(
    formasi, announcement, siti, hr_admin
):
    EmployeeFactory.create(user=siti.applicant.user)
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == (
        f"Data pelamar 2026-A-000001 tidak dapat dijadikan data pegawai: Akun "
        f"'{siti.applicant.user.username}' sudah terhubung dengan pegawai lain. Tidak ada "
        "pelamar yang diangkat."
    )


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN_OPD, Role.PELAMAR, Role.VERIFIKATOR])
def test_only_an_admin_bkpsdm_may_appoint(formasi, announcement, role):
    refusal = _refused(formasi, UserFactory.create(roles=[role]), error=PermissionDenied)
    assert str(refusal) == "Hanya Admin BKPSDM yang dapat mengangkat pelamar yang lulus."


# --- A published record changed afterwards: nobody is appointed from it


def _not_intact(problems):
    return (
        f"Pengumuman hasil akhir F-PERAWAT versi 1 tidak utuh: {'; '.join(problems)}; jalankan "
        "verify_audit dan hubungi Inspektorat."
    )


def test_a_lulus_line_relinked_to_another_applicant_stops_every_appointment(
    formasi, announcement, others, hr_admin
):
    # Someone with database access points Siti's Lulus line at Dewi's (P/L) application.
    ResultAnnouncementEntry.objects.filter(
        announcement=announcement, registration_number="2026-A-000001"
    ).update(application=others[0])
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == _not_intact(
        [
            "baris 2026-A-000001 menunjuk lamaran lain: lamaran yang ditautkan tidak bernomor "
            "pendaftaran 2026-A-000001"
        ]
    )
    assert not Employee.objects.filter(user=others[0].applicant.user).exists()


def test_a_changed_line_stops_every_appointment(formasi, announcement, hr_admin):
    ResultAnnouncementEntry.objects.filter(
        announcement=announcement, registration_number="2026-A-000003"
    ).update(status=FinalStatus.LULUS.value)
    json_hash = files.sha256_hex(announcement_selectors.canonical_json_of(announcement))
    csv_hash = files.sha256_hex(announcement_selectors.csv_of(announcement))
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == _not_intact(
        [
            f"SHA-256 yang dihitung ulang dari baris pengumuman ({json_hash}) berbeda dengan yang "
            f"tersimpan ({announcement.sha256}): baris pengumuman telah diubah",
            f"SHA-256 CSV yang dihitung ulang ({csv_hash}) berbeda dengan yang tersimpan "
            f"({announcement.csv_sha256})",
        ]
    )


# --- Two appointments racing for one NIP (PostgreSQL): a clear refusal, never a 500


def _nip_taken_meanwhile(number):
    return (
        f"NIP usulan 19970405{TMT:%Y%m}200{number} baru saja dipakai oleh pengangkatan lain; "
        "jalankan sekali lagi. Tidak ada pelamar yang diangkat."
    )


def test_a_nip_taken_by_an_employee_after_it_was_proposed_is_refused(
    formasi, announcement, hr_admin, monkeypatch
):
    # The other appointment committed after this one read the NIPs in use.
    monkeypatch.setattr(appointment_selectors, "taken_nips", lambda prefix: set())
    EmployeeFactory.create(
        kind=EmployeeKind.CPNS,
        birth_date=TWIN_BIRTH,
        gender="P",
        tmt_cpns=TMT,
        nip=f"19970405{TMT:%Y%m}2001",
    )
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == _nip_taken_meanwhile(1)


def test_a_nip_proposed_by_another_appointment_meanwhile_is_refused(
    formasi, announcement, siti, rina, hr_admin, monkeypatch
):
    first = appoint(formasi, hr_admin)[0]
    # BKN set another NIP for Siti; Rina's appointment is undone and made again, but the NIPs
    # in use are read before Siti's proposal of …001 became visible.
    Employee.objects.filter(pk=first.employee_id).update(nip="199704052026012009")
    Appointment.objects.filter(application=rina).delete()
    Employee.objects.filter(user=rina.applicant.user).delete()
    monkeypatch.setattr(appointment_selectors, "taken_nips", lambda prefix: set())
    refusal = _refused(formasi, hr_admin)
    assert refusal.message == _nip_taken_meanwhile(1)
    assert not Appointment.objects.filter(application=rina).exists()


@pytest.mark.skipif(not connection.features.has_select_for_update, reason="SQLite has no row locks")
def test_appointments_of_one_period_are_serialised_on_the_period_row(
    formasi, announcement, hr_admin
):
    with CaptureQueriesContext(connection) as queries:
        appoint(formasi, hr_admin)
    locks = [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]
    assert locks[0].startswith('SELECT "recruitment_formasi"')
    assert 'FOR UPDATE OF "recruitment_formasi"' in locks[0]
    assert locks[1].startswith('SELECT "recruitment_selectionperiod"."id"')
