"""Reminders to those below the JP minimum: only in the window of the year, once a month per
employee (a second run the same month sends nothing), one audit row per run with the counts,
and the command that runs it."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from simerit.audit.models import AuditEvent
from simerit.notifications.models import Notification
from simerit.training.models import JpReminder
from simerit.training.services.reminders import send_jp_reminders
from simerit.training.tests.factories import TrainingYearFactory
from simerit.training.tests.factories_jp import completed, external, staff

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 28)


def _runs():
    """The audit rows of reminder runs (the fixtures audit creating units)."""
    return AuditEvent.objects.filter(action="training.jp_reminders.sent")


@pytest.fixture
def people(org):
    """Below: Budi (12.5 JP), Citra (none). Reached: Dewi (class + external). Not reminded
    whatever their JP: no account, inactive employee, inactive account."""
    budi = staff(org.dinkes, name="Budi")
    citra = staff(org.dinkes_division, name="Citra")
    dewi = staff(org.disdik, name="Dewi")
    no_account = staff(org.dinkes, name="Tanpa Akun", account=False)
    retired = staff(org.dinkes, name="Pensiun", active=False)
    locked = staff(org.dinkes, name="Akun Nonaktif")
    assert locked.user is not None
    locked.user.is_active = False
    locked.user.save(update_fields=["is_active"])
    day = dt.date(2026, 6, 30)
    completed(budi, jp="12.5", ends_on=day)
    completed(budi, jp="30.0", ends_on=dt.date(2025, 6, 30))  # another year
    completed(dewi, jp="12.0", ends_on=day)
    external(dewi, jp="8.0", ends_on=day)
    return {
        "budi": budi,
        "citra": citra,
        "dewi": dewi,
        "no_account": no_account,
        "retired": retired,
        "locked": locked,
    }


def test_reminds_each_employee_below_the_minimum_with_their_jp_and_shortfall(people):
    # when
    run = send_jp_reminders(today=NOVEMBER, actor=None)

    # then
    assert (run.year, run.refusal, run.checked, run.compliant, run.sent, run.already_reminded) == (
        2026,
        "",
        3,
        1,
        2,
        0,
    )
    reminders = JpReminder.objects.order_by("employee__name")
    assert [(r.employee.name, r.year, r.month, r.jp_at_sending) for r in reminders] == [
        ("Budi", 2026, 11, Decimal("12.5")),
        ("Citra", 2026, 11, Decimal("0.0")),
    ]
    notes = {n.user_id: n for n in Notification.objects.all()}
    assert set(notes) == {people["budi"].user_id, people["citra"].user_id}
    budi = notes[people["budi"].user_id]
    assert budi.title == "Pengingat: JP pengembangan kompetensi tahun 2026 belum terpenuhi"
    assert "sampai hari ini 12,5 JP, kurang 7,5 JP dari minimum 20 JP" in budi.body
    assert budi.url == "/pelatihan/saya/"
    assert "sampai hari ini 0 JP, kurang 20 JP" in notes[people["citra"].user_id].body
    event = _runs().get()
    assert (event.action, event.actor_id, event.target_id) == (
        "training.jp_reminders.sent",
        None,
        "",
    )
    assert event.changes == {
        "year": 2026,
        "month": 11,
        "today": "2026-11-28",
        "minimum_jp": "20.0",
        "checked": 3,
        "compliant": 1,
        "sent": 2,
        "already_reminded": 0,
    }


def test_a_second_run_the_same_month_sends_nothing(people):
    send_jp_reminders(today=NOVEMBER, actor=None)

    again = send_jp_reminders(today=dt.date(2026, 11, 30), actor=None)

    assert (again.sent, again.already_reminded) == (0, 2)
    assert JpReminder.objects.count() == 2
    assert Notification.objects.count() == 2
    assert list(_runs().order_by("seq").values_list("changes__sent", flat=True)) == [
        2,
        0,
    ]


def test_the_next_month_reminds_again_those_still_below(people):
    send_jp_reminders(today=dt.date(2026, 11, 2), actor=None)
    external(people["citra"], jp="20.0", ends_on=dt.date(2026, 11, 20))

    december = send_jp_reminders(today=dt.date(2026, 12, 1), actor=None)

    assert (december.sent, december.compliant) == (1, 2)
    assert list(JpReminder.objects.filter(month=12).values_list("employee__name", flat=True)) == [
        "Budi"
    ]


def test_nothing_is_sent_before_the_window_nor_outside_the_year(people):
    TrainingYearFactory.create(year=2026, reminders_from=dt.date(2026, 12, 1))

    early = send_jp_reminders(today=NOVEMBER, actor=None)
    late = send_jp_reminders(today=dt.date(2027, 1, 5), year=2026, actor=None)

    assert early.refusal == "Pengingat JP tahun 2026 baru dikirim mulai 1 Desember 2026."
    assert late.refusal == "Tanggal 5 Januari 2027 tidak berada dalam tahun 2026."
    assert (early.sent, late.sent) == (0, 0)
    assert JpReminder.objects.exists() is False
    assert Notification.objects.exists() is False
    assert _runs().exists() is False


def test_the_configured_minimum_applies(people):
    year = TrainingYearFactory.create(year=2026, minimum_jp=Decimal("12.5"))

    run = send_jp_reminders(today=NOVEMBER, actor=None)

    # Budi has exactly 12.5: reached
    assert (run.sent, run.compliant) == (1, 2)
    assert list(JpReminder.objects.values_list("employee__name", flat=True)) == ["Citra"]
    event = _runs().get()
    assert (event.target_id, event.changes["minimum_jp"]) == (str(year.pk), "12.5")


def test_hr_may_run_it_and_anyone_else_is_refused_with_nothing_changed(people, hr_admin, employee):
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        send_jp_reminders(today=NOVEMBER, actor=employee)

    assert JpReminder.objects.exists() is False
    assert Notification.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows

    run = send_jp_reminders(today=NOVEMBER, actor=hr_admin)

    # the persona employee and their supervisor have no JP either
    assert run.sent == 4
    assert _runs().get().actor_id == hr_admin.pk


def test_command_prints_the_counts_and_is_idempotent(people):
    out = StringIO()

    call_command("training_remind_jp", "--today", "2026-11-28", stdout=out)
    call_command("training_remind_jp", "--today", "2026-11-29", "--year", "2026", stdout=out)

    assert out.getvalue().splitlines() == [
        "Pengingat JP tahun 2026 (2026-11-28): 2 dikirim, 0 sudah diingatkan bulan ini, "
        "1 dari 3 pegawai sudah memenuhi minimum 20 JP.",
        "Pengingat JP tahun 2026 (2026-11-29): 0 dikirim, 2 sudah diingatkan bulan ini, "
        "1 dari 3 pegawai sudah memenuhi minimum 20 JP.",
    ]
    assert JpReminder.objects.count() == 2


def test_command_defaults_to_today_and_says_why_nothing_was_sent(people):
    out = StringIO()

    # conftest: today is 28 November 2026
    call_command("training_remind_jp", stdout=out)
    call_command("training_remind_jp", "--today", "2026-03-01", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Pengingat JP tahun 2026 (2026-11-28): 2 dikirim")
    assert lines[1] == (
        "Tidak ada pengingat dikirim. Pengingat JP tahun 2026 baru dikirim mulai 1 Oktober 2026."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "28-11-2026"], "Tanggal '28-11-2026' tidak valid; gunakan format TTTT-BB-HH."),
        (["--year", "1990"], "Tahun harus antara 2000 dan 2100."),
    ],
)
def test_command_refuses_bad_arguments_with_nothing_changed(people, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("training_remind_jp", *args, stdout=StringIO())

    assert JpReminder.objects.exists() is False
    assert _runs().exists() is False
