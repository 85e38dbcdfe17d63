"""National holidays and cuti bersama (models.Holiday, kept by Admin BKPSDM in the admin): the
working-day windows of the procedure skip them, so a holiday inside a window moves its end.

These tests run on Tuesday 5 January 2027, after Christmas (Friday 25 December 2026) and New
Year (Friday 1 January 2027)."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import InvalidInputError
from simerit.discipline.models import Appeal, DisciplineCase, Holiday, Sanction, Summons
from simerit.discipline.selectors.calendar import holidays_after
from simerit.discipline.services import appeals, procedure
from simerit.discipline.tests.factories import (
    DisciplineCaseFactory,
    SanctionFactory,
    SummonsFactory,
)
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _fifth_of_january(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2027, 1, 5, 3, 0, tzinfo=dt.UTC))


@pytest.fixture
def holidays(db: None) -> list[Holiday]:
    return [
        Holiday.objects.create(date=D(2026, 12, 25), name="Hari Raya Natal"),
        Holiday.objects.create(date=D(2027, 1, 1), name="Tahun Baru 2027 Masehi"),
    ]


@pytest.fixture
def subject(employee: User) -> Employee:
    return Employee.objects.get(user=employee)


def test_holidays_after_a_day(holidays: list[Holiday]) -> None:
    assert holidays_after(D(2026, 12, 24)) == frozenset({D(2026, 12, 25), D(2027, 1, 1)})
    assert holidays_after(D(2026, 12, 25)) == frozenset({D(2027, 1, 1)})
    assert holidays_after(D(2026, 12, 24), horizon_days=7) == frozenset({D(2026, 12, 25)})


# --- Keberatan: received Monday 14 December 2026, 14 working days


def keberatan(
    subject: Employee, *, delivered_on: dt.date, filed_on: dt.date, actor: User
) -> tuple[Sanction, Callable[[], Appeal]]:
    """A sedang sanction received on `delivered_on`, and the filing of its keberatan."""
    sanction = SanctionFactory.create(
        employee=subject,
        decided_on=D(2026, 12, 11),
        starts_on=D(2027, 1, 1),
        delivered_on=delivered_on,
    )

    def file() -> Appeal:
        return appeals.file_appeal(
            sanction=sanction,
            kind=Appeal.Kind.KEBERATAN,
            filed_on=filed_on,
            reason="Hukuman terlalu berat.",
            actor=actor,
        )

    return sanction, file


def test_without_holidays_the_window_ends_on_new_year(hr_admin: User, subject: Employee) -> None:
    sanction, file = keberatan(
        subject, delivered_on=D(2026, 12, 14), filed_on=D(2027, 1, 4), actor=hr_admin
    )
    assert appeals.deadline(sanction) == D(2027, 1, 1)

    with pytest.raises(InvalidInputError) as error:
        file()

    assert str(error.value) == (
        "Batas pengajuan keberatan sudah lewat: paling lambat 14 hari kerja sejak keputusan "
        "diterima pada 14/12/2026, yaitu 01/01/2027."
    )
    assert Appeal.objects.count() == 0
    assert not AuditEvent.objects.filter(action="discipline.appeal.filed").exists()


def test_holidays_inside_the_window_extend_the_keberatan_deadline(
    hr_admin: User, subject: Employee, holidays: list[Holiday]
) -> None:
    # 25 December and 1 January are not working days: the 14th is Tuesday 5 January.
    sanction, file = keberatan(
        subject, delivered_on=D(2026, 12, 14), filed_on=D(2027, 1, 4), actor=hr_admin
    )
    assert appeals.deadline(sanction) == D(2027, 1, 5)

    appeal = file()

    assert (appeal.kind, appeal.filed_on) == ("keberatan", D(2027, 1, 4))


def test_the_message_names_the_extended_last_day(
    hr_admin: User, subject: Employee, holidays: list[Holiday]
) -> None:
    sanction = SanctionFactory.create(
        employee=subject,
        decided_on=D(2026, 12, 4),
        starts_on=D(2027, 1, 1),
        delivered_on=D(2026, 12, 7),
    )
    # 14 working days from Monday 7 December without 25 December: Monday 28 December.
    assert appeals.deadline(sanction) == D(2026, 12, 28)

    with pytest.raises(InvalidInputError) as error:
        appeals.file_appeal(
            sanction=sanction,
            kind=Appeal.Kind.KEBERATAN,
            filed_on=D(2026, 12, 29),
            reason="Hukuman terlalu berat.",
            actor=hr_admin,
        )

    assert str(error.value) == (
        "Batas pengajuan keberatan sudah lewat: paling lambat 14 hari kerja sejak keputusan "
        "diterima pada 07/12/2026, yaitu 28/12/2026."
    )
    assert Appeal.objects.count() == 0


# --- Summons


def summons_input(**changes: object) -> procedure.SummonsInput:
    values: dict[str, object] = {
        "letter_number": "800/20/BKPSDM/2026",
        "issued_on": D(2026, 12, 18),
        "examination_on": D(2026, 12, 30),
        "place": "Ruang Rapat BKPSDM",
    }
    values.update(changes)
    return procedure.SummonsInput(**values)  # type: ignore[arg-type]


def test_a_holiday_inside_the_notice_moves_the_earliest_examination_day(
    hr_admin: User, subject: Employee, holidays: list[Holiday]
) -> None:
    # Letter of Friday 18 December: 7 working days without Christmas end on Wednesday 30 December.
    case = DisciplineCaseFactory.create(employee=subject)

    with pytest.raises(InvalidInputError) as error:
        procedure.issue_summons(
            case=case, data=summons_input(examination_on=D(2026, 12, 29)), actor=hr_admin
        )

    assert error.value.errors == {
        "examination_on": [
            "Jadwal pemeriksaan paling cepat 7 hari kerja setelah tanggal surat (30/12/2026)."
        ]
    }
    assert Summons.objects.count() == 0
    assert DisciplineCase.objects.get(pk=case.pk).status == "reported"

    summons = procedure.issue_summons(case=case, data=summons_input(), actor=hr_admin)

    assert summons.examination_on == D(2026, 12, 30)


def test_holidays_extend_the_window_of_the_second_summons(
    hr_admin: User, subject: Employee, holidays: list[Holiday]
) -> None:
    # First examination day Wednesday 23 December, missed; 7 working days later without
    # 25 December and 1 January is Tuesday 5 January (without holidays: Friday 1 January).
    first = SummonsFactory.create(
        case__employee=subject,
        issued_on=D(2026, 12, 10),
        examination_on=D(2026, 12, 23),
        attended=False,
    )

    second = procedure.issue_summons(
        case=first.case,
        data=summons_input(
            letter_number="800/21/BKPSDM/2027",
            issued_on=D(2027, 1, 4),
            examination_on=D(2027, 1, 13),
        ),
        actor=hr_admin,
    )

    assert (second.sequence, second.issued_on) == (2, D(2027, 1, 4))


def test_without_holidays_the_second_summons_would_be_late(
    hr_admin: User, subject: Employee
) -> None:
    first = SummonsFactory.create(
        case__employee=subject,
        issued_on=D(2026, 12, 10),
        examination_on=D(2026, 12, 23),
        attended=False,
    )

    with pytest.raises(InvalidInputError) as error:
        procedure.issue_summons(
            case=first.case,
            data=summons_input(issued_on=D(2027, 1, 4), examination_on=D(2027, 1, 13)),
            actor=hr_admin,
        )

    assert error.value.errors == {
        "issued_on": [
            "Surat panggilan kedua paling lambat 7 hari kerja setelah jadwal panggilan pertama "
            "(01/01/2027)."
        ]
    }
    assert Summons.objects.count() == 1


# --- The admin


@pytest.fixture
def root(client: Client) -> User:
    user = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_a_holiday_is_added_in_the_admin_and_audited(client: Client, root: User) -> None:
    response = client.post(
        reverse("admin:discipline_holiday_add"),
        {"date": "2027-03-20", "name": "Cuti bersama Idulfitri", "is_cuti_bersama": "on"},
    )

    assert response.status_code == 302
    holiday = Holiday.objects.get()
    assert (holiday.date, holiday.name, holiday.is_cuti_bersama) == (
        D(2027, 3, 20),
        "Cuti bersama Idulfitri",
        True,
    )
    event = AuditEvent.objects.get(action="discipline.holiday.created_in_admin")
    assert event.actor == root
    assert event.changes["date"] == [None, "2027-03-20"]


def test_a_date_is_entered_once(client: Client, root: User, holidays: list[Holiday]) -> None:
    response = client.post(
        reverse("admin:discipline_holiday_add"),
        {"date": "2026-12-25", "name": "Natal lagi"},
    )

    assert response.status_code == 200  # the form again, with the error
    assert Holiday.objects.count() == 2
    assert not AuditEvent.objects.filter(action__startswith="discipline.holiday.").exists()


def test_a_revoked_holiday_is_removed_with_an_audit_row(
    client: Client, root: User, holidays: list[Holiday]
) -> None:
    christmas = holidays[0]

    response = client.post(
        reverse("admin:discipline_holiday_delete", args=[christmas.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert list(Holiday.objects.values_list("date", flat=True)) == [D(2027, 1, 1)]
    event = AuditEvent.objects.get(action="discipline.holiday.deleted_in_admin")
    assert event.target_id == str(christmas.pk)
    assert event.changes == {
        "date": ["2026-12-25", None],
        "name": ["Hari Raya Natal", None],
        "is_cuti_bersama": [False, None],
    }


def test_a_user_without_admin_rights_gets_no_holiday_page(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)

    response = client.post(
        reverse("admin:discipline_holiday_add"), {"date": "2027-03-20", "name": "Uji"}
    )

    assert response.status_code == 302  # to the admin login
    assert Holiday.objects.count() == 0
