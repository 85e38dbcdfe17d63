"""Reminders to employees below the yearly JP minimum (the issue's item 4), sent by the idempotent
command `training_remind_jp` in the reminder window (from TrainingYear.reminders_from, the last
quarter by default) of the year: at most one per employee per month (JpReminder)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.employees.models import Employee
from simerit.notifications.services import Message, notify_many
from simerit.training.models import JpReminder, TrainingYear
from simerit.training.permissions import HR_ONLY, is_hr
from simerit.training.rules import jp as jp_rules
from simerit.training.selectors.jp import annotated_jp, with_jp, year_target


@dataclass(frozen=True)
class ReminderRun:
    """What one run did. `refusal` is why nothing was due ("" when the run was in the window)."""

    year: int
    today: dt.date
    minimum_jp: Decimal
    refusal: str = ""
    checked: int = 0
    compliant: int = 0
    sent: int = 0
    already_reminded: int = 0

    @property
    def summary(self) -> str:
        """The run in one Indonesian sentence (what the command prints)."""
        if self.refusal:
            return f"Tidak ada pengingat dikirim. {self.refusal}"
        return (
            f"Pengingat JP tahun {self.year} ({self.today:%Y-%m-%d}): {self.sent} dikirim, "
            f"{self.already_reminded} sudah diingatkan bulan ini, {self.compliant} dari "
            f"{self.checked} pegawai sudah memenuhi minimum "
            f"{jp_rules.format_jp(self.minimum_jp)} JP."
        )


def _recipients(year: int) -> list[tuple[Employee, User, Decimal]]:
    """Active employees with an active account, each with that account and the JP of the year."""
    employees = Employee.objects.active().filter(user__isnull=False, user__is_active=True)
    return [
        (employee, employee.user, annotated_jp(employee))
        for employee in with_jp(employees, year=year).select_related("user").order_by("pk")
        if employee.user is not None
    ]


@transaction.atomic
def send_jp_reminders(
    *, today: dt.date, year: int | None = None, actor: User | None
) -> ReminderRun:
    """Notify every active employee with an account whose JP of `year` (today's year by default)
    is below the minimum, unless already reminded this month; only within the year, from its
    `reminders_from` on. Idempotent: a second run the same month sends nothing. `actor` None is
    the scheduled command (the system); a person running it must be Admin BKPSDM. One audit row
    per run that falls in the window, with the counts."""
    if actor is not None and not is_hr(actor):
        raise PermissionDenied(HR_ONLY)
    year = today.year if year is None else year
    target = year_target(year)
    minimum = target.minimum_jp
    refusal = jp_rules.reminder_refusal(
        today=today, year=year, reminders_from=target.reminders_from
    )
    if refusal:
        return ReminderRun(year=year, today=today, minimum_jp=minimum, refusal=refusal)
    checked = _recipients(year)
    below = {
        employee.pk: (employee, user, jp)
        for employee, user, jp in checked
        if not jp_rules.is_compliant(jp=jp, minimum=minimum)
    }
    # Lock the employees first, then read the month's reminders: a run racing this one waits
    # here and, once this one commits, finds the reminders it wrote.
    list(Employee.objects.select_for_update().filter(pk__in=below).order_by("pk").values("pk"))
    reminded = set(
        JpReminder.objects.filter(year=year, month=today.month, employee__in=below).values_list(
            "employee_id", flat=True
        )
    )
    due = [row for pk, row in below.items() if pk not in reminded]
    JpReminder.objects.bulk_create(
        JpReminder(employee=employee, year=year, month=today.month, jp_at_sending=jp)
        for employee, _, jp in due
    )
    url = reverse("training:my-training")
    messages = []
    for _, user, jp in due:
        title, body = jp_rules.reminder_text(year=year, jp=jp, minimum=minimum)
        messages.append(Message(user=user, title=title, body=body, url=url))
    notify_many(messages=messages)
    run = ReminderRun(
        year=year,
        today=today,
        minimum_jp=minimum,
        checked=len(checked),
        compliant=len(checked) - len(below),
        sent=len(due),
        already_reminded=len(reminded),
    )
    audit.record(
        actor=actor,
        action="training.jp_reminders.sent",
        target=TrainingYear.objects.filter(year=year).first(),
        changes={
            "year": year,
            "month": today.month,
            "today": today,
            "minimum_jp": minimum,
            "checked": run.checked,
            "compliant": run.compliant,
            "sent": run.sent,
            "already_reminded": run.already_reminded,
        },
    )
    return run
