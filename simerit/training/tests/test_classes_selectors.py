import datetime as dt
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from simerit.core.exceptions import DomainError
from simerit.core.roles import Role
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.selectors import classes as selectors
from simerit.training.tests.factories import MeetingFactory, ProgrammeFactory, TrainingClassFactory
from simerit.training.tests.factories_classes import employee_user, participant, running_class

pytestmark = pytest.mark.django_db

Status = TrainingClass.Status


def test_the_visible_class_is_the_shared_rule_with_its_counts(org, employee, opd_admin):
    """get_visible_class answers with permissions.classes_visible_to (the catalogue, the class
    pages and enrolment share it; tests/test_class_visibility.py goes through every persona)."""
    draft = TrainingClassFactory.create(status=Status.DRAFT)
    participant(draft, employee, status=Enrolment.Status.CANCELLED)
    division = TrainingClassFactory.create(work_unit=org.dinkes_division, capacity=5)
    participant(division, name="Duduk")
    disdik = TrainingClassFactory.create(work_unit=org.disdik)

    # A class the employee has an enrolment in stays visible whatever its status.
    assert selectors.get_visible_class(employee, draft.pk) == draft
    found: Any = selectors.get_visible_class(employee, division.pk)
    assert (found.seats_taken, found.waitlisted, found.pending, found.meeting_count) == (1, 0, 0, 0)
    assert selectors.get_visible_class(employee, disdik.pk) is None
    # An Admin OPD without an employee record sees the classes of its scope (not a draft).
    assert selectors.get_visible_class(opd_admin, division.pk) == division
    assert selectors.get_visible_class(opd_admin, draft.pk) is None


def test_the_year_of_a_class_is_the_year_it_ends(hr_admin):
    """A class of 28 December 2026 – 3 January 2027 counts its JP for 2027: the list filter
    ("Tahun selesai") and its choices follow rules.jp.training_year."""
    TrainingClassFactory.create(
        name="Lintas tahun",
        starts_on=dt.date(2026, 12, 28),
        ends_on=dt.date(2027, 1, 3),
        enrolment_closes_on=dt.date(2026, 12, 20),
    )
    TrainingClassFactory.create(name="Desember")

    def names(year: int) -> list[str]:
        return [c.name for c in selectors.list_classes(hr_admin, selectors.ClassFilters(year=year))]

    assert names(2027) == ["Lintas tahun"]
    assert names(2026) == ["Desember"]
    assert selectors.class_years() == [2027, 2026]


def test_list_filters_and_counts(hr_admin):
    pkp = ProgrammeFactory.create(name="Pelatihan Kepemimpinan Pengawas", kind="pkp", code="PKP-1")
    full = TrainingClassFactory.create(programme=pkp, name="Angkatan I", capacity=1)
    participant(full, name="Duduk")
    participant(full, name="Tunggu", status=Enrolment.Status.WAITLISTED)
    participant(full, name="Minta", status=Enrolment.Status.PENDING)
    participant(full, name="Batal", status=Enrolment.Status.CANCELLED)
    MeetingFactory.create(training_class=full, number=1)
    MeetingFactory.create(training_class=full, number=2, is_cancelled=True)
    TrainingClassFactory.create(name="Teknis", status=Status.DRAFT)

    found = list(selectors.list_classes(hr_admin, selectors.ClassFilters(query="pengawas")))
    assert [item.name for item in found] == ["Angkatan I"]
    row: Any = found[0]
    assert (row.seats_taken, row.waitlisted, row.pending, row.meeting_count) == (1, 1, 1, 1)
    assert [
        c.name for c in selectors.list_classes(hr_admin, selectors.ClassFilters(kind="pkp"))
    ] == ["Angkatan I"]
    drafts = selectors.list_classes(hr_admin, selectors.ClassFilters(status=Status.DRAFT))
    assert [c.name for c in drafts] == ["Teknis"]
    assert list(selectors.list_classes(hr_admin, selectors.ClassFilters(year=2025))) == []
    assert selectors.class_years() == [2026]


def test_the_list_is_one_query_whatever_its_length(hr_admin, django_assert_num_queries):
    for _ in range(3):
        training_class = TrainingClassFactory.create()
        participant(training_class, name=f"Peserta {training_class.pk}")
    hr_admin.has_role(Role.ADMIN_BKPSDM)  # roles are read once per account
    with django_assert_num_queries(1):
        rows: list[Any] = list(selectors.list_classes(hr_admin, selectors.ClassFilters()))
        assert [row.programme.name for row in rows]
    assert [row.seats_taken for row in rows] == [1, 1, 1]


def test_roster_counts_attendance_of_meetings_not_cancelled(hr_admin):
    training_class = running_class()
    kept = MeetingFactory.create(training_class=training_class, number=1)
    dropped = MeetingFactory.create(training_class=training_class, number=2, is_cancelled=True)
    seat = participant(training_class)
    participant(training_class, name="Tunggu", status=Enrolment.Status.WAITLISTED)
    for meeting in (kept, dropped):
        meeting.attendance.create(enrolment=seat, method="manual", recorded_by=hr_admin)

    rows = selectors.roster_rows(training_class)

    assert len(rows) == 1
    assert (rows[0].attended, rows[0].held, rows[0].percent) == (1, 1, Decimal(100))
    assert [e.employee.name for e in selectors.waiting_list(training_class)] == ["Tunggu"]


def test_checkin_state_mirrors_the_service(employee, hr_admin):
    training_class = running_class()
    meeting = MeetingFactory.create(training_class=training_class, number=1)
    other = employee_user("Bukan Peserta")

    assert selectors.checkin_state(other, meeting).refusal == "Anda tidak terdaftar di kelas ini."
    participant(training_class, employee)
    state = selectors.checkin_state(employee, meeting)
    assert (state.refusal, state.already_present, state.can_confirm) == (None, False, True)
    meeting.attendance.create(
        enrolment=Enrolment.objects.get(employee__user=employee), method="qr", recorded_by=employee
    )
    state = selectors.checkin_state(employee, meeting)
    assert (state.refusal, state.already_present, state.can_confirm) == (None, True, False)
    # Decided: the confirmation is refused as the service would refuse it.
    Enrolment.objects.filter(employee__user=employee).update(
        status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
    )
    meeting.attendance.all().delete()
    state = selectors.checkin_state(employee, meeting)
    assert (state.refusal, state.can_confirm) == (
        "Kelulusan Anda di kelas ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi.",
        False,
    )


def test_a_checkin_code_is_the_signed_token_for_three_minutes():
    meeting = MeetingFactory.create(number=1)
    code = selectors.checkin_code(meeting)
    token, stamp, signature = code.split(":")
    assert token == meeting.checkin_token
    assert (len(stamp) >= 6, len(signature)) == (True, 43)
    assert selectors.checkin_url(meeting) == (
        f"{settings.SIMERIT_PUBLIC_URL}/pelatihan/presensi/{code}/"
    )
    assert selectors.meeting_for_code(code) == meeting
    # 180 seconds old is still accepted; one second more is not (the signer reads time.time()).
    signed_at = 1_795_000_000  # 2026-11-18, any whole second
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        old = selectors.checkin_code(meeting)
    with mock.patch("django.core.signing.time.time", return_value=signed_at + 180):
        assert selectors.meeting_for_code(old) == meeting
    with (
        mock.patch("django.core.signing.time.time", return_value=signed_at + 181),
        pytest.raises(DomainError) as refused,
    ):
        selectors.meeting_for_code(old)
    assert refused.value.message == "Kode QR sudah kedaluwarsa; pindai ulang kode di layar."


@pytest.mark.parametrize(
    "make_code",
    [
        lambda meeting, code: meeting.checkin_token,  # the bare token of the old QR codes
        lambda meeting, code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # forged
        lambda meeting, code: code.replace(meeting.checkin_token, "x" * 43),  # another token
        lambda meeting, code: "",
        lambda meeting, code: code + "x" * 200,  # too long to read
    ],
    ids=["bare-token", "forged", "other-token", "empty", "too-long"],
)
def test_an_unknown_checkin_code_is_refused(make_code):
    meeting = MeetingFactory.create(number=1)
    code = make_code(meeting, selectors.checkin_code(meeting))
    with pytest.raises(DomainError) as refused:
        selectors.meeting_for_code(code)
    assert refused.value.message == "Kode presensi tidak dikenal."


def test_a_code_of_a_replaced_token_is_unknown():
    meeting = MeetingFactory.create(number=1)
    code = selectors.checkin_code(meeting)
    meeting.checkin_token = "y" * 43
    meeting.save(update_fields=["checkin_token"])
    with pytest.raises(DomainError) as refused:
        selectors.meeting_for_code(code)
    assert refused.value.message == "Kode presensi tidak dikenal."
