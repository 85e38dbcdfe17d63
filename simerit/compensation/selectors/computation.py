"""The facts of one month's TPP, read set-based for the whole city (about 12,000 employees): one
query each for the active employees, the scheme's base amounts and rates, the final predikats,
the attendance recaps and the sanction cuts — never a query per employee. The lines are built in
memory (unsaved) for the run service to bulk-insert.

- Base amount: the employee's position's own row, else the row of its kind; none → skipped and
  counted as "tanpa pagu".
- Unit and jabatan: copied onto the line as they are now (the unit as a row and by name), so
  that the run keeps them, and the Admin OPD who reads the line, when the employee moves later.
- Predikat: the latest final predikat on the month's first day (`performance.selectors.history`),
  else the scheme's `missing_predikat_rate`.
- Attendance: the month's recap (`discipline.selectors.sanctions.attendance_of_month`); a missing
  recap counts as 0 days absent and 0 minutes late, and the line says so.
- Sanction: the sedang sanction cutting the month (`discipline.selectors.sanctions.tpp_cuts`).
"""

import datetime as dt
from dataclasses import dataclass, field

from simerit.compensation.models import BaseAmount, Line, PredikatRate, Scheme
from simerit.compensation.rules import tpp as rules
from simerit.discipline.selectors.sanctions import attendance_of_month, tpp_cuts
from simerit.employees.models import Employee
from simerit.organization.models import Position
from simerit.performance.models import Predikat
from simerit.performance.selectors.history import final_predikats


@dataclass(frozen=True)
class BaseLookup:
    """A scheme's base amounts: by position id (wins) and by position kind."""

    by_position: dict[int, int]
    by_kind: dict[str, int]

    def find(self, position: Position) -> tuple[int, str] | None:
        """(amount, label for the explanation) of `position`, or None: no base amount."""
        if position.pk in self.by_position:
            return self.by_position[position.pk], f"jabatan {position.name}"
        if position.kind in self.by_kind:
            label = Position.Kind(position.kind).label
            return self.by_kind[position.kind], f"jenis jabatan {label}"
        return None


def base_lookup(scheme: Scheme) -> BaseLookup:
    by_position: dict[int, int] = {}
    by_kind: dict[str, int] = {}
    for base in BaseAmount.objects.filter(scheme=scheme):
        if base.position_id is not None:
            by_position[base.position_id] = base.amount
        else:
            by_kind[base.position_kind] = base.amount
    return BaseLookup(by_position=by_position, by_kind=by_kind)


def formula_of(scheme: Scheme) -> rules.Formula:
    return rules.Formula(
        performance_weight=scheme.performance_weight,
        discipline_weight=scheme.discipline_weight,
        absent_day_cut=scheme.absent_day_cut,
        late_hour_cut=scheme.late_hour_cut,
        apply_sanction_cut=scheme.apply_sanction_cut,
    )


@dataclass
class Computation:
    lines: list[Line] = field(default_factory=list)  # unsaved, without a run
    skipped: list[Employee] = field(default_factory=list)  # active, no base amount
    without_attendance: int = 0


def latest_predikats(employee_ids: list[int], *, on: dt.date) -> dict[int, tuple[int, str]]:
    """{employee id: (year, predikat)} of each employee's most recent final appraisal on `on`."""
    latest: dict[int, tuple[int, str]] = {}
    for (employee_id, year), predikat in final_predikats(employee_ids, on=on).items():
        if employee_id not in latest or year > latest[employee_id][0]:
            latest[employee_id] = (year, predikat)
    return latest


def build_lines(*, scheme: Scheme, month: dt.date) -> Computation:
    """Every active employee's line for `month` (a 1st) under `scheme`."""
    lookup = base_lookup(scheme)
    rates = {rate.predikat: rate.rate for rate in PredikatRate.objects.filter(scheme=scheme)}
    formula = formula_of(scheme)
    computation = Computation()
    paid: list[tuple[Employee, int, str]] = []
    for employee in (
        Employee.objects.active().select_related("work_unit", "position").order_by("name", "pk")
    ):
        found = lookup.find(employee.position)
        if found is None:
            computation.skipped.append(employee)
        else:
            paid.append((employee, *found))
    ids = [employee.pk for employee, _amount, _label in paid]
    predikats = latest_predikats(ids, on=month)
    attendance = attendance_of_month(ids, month=month)
    cuts = tpp_cuts(ids, month=month)
    for employee, amount, label in paid:
        year, predikat = predikats.get(employee.pk, (None, ""))
        rate = rates.get(predikat) if predikat else None
        if rate is None:
            year, predikat = None, ""
        record = attendance.get(employee.pk)
        sanction = cuts.get(employee.pk)
        facts = rules.Facts(
            base_amount=amount,
            base_label=label,
            performance_rate=rate if rate is not None else scheme.missing_predikat_rate,
            predikat_label=str(Predikat(predikat).label) if predikat else "",
            predikat_year=year,
            absent_days=record.absent_days if record else 0,
            late_minutes=record.late_minutes if record else 0,
            attendance_missing=record is None,
            cut_percent=sanction.tpp_cut_percent if sanction else 0,
        )
        computation.without_attendance += record is None
        outcome = rules.compute(formula, facts)
        case_number = sanction.case.number if sanction else ""
        computation.lines.append(_line(employee, predikat, facts, outcome, case_number))
    return computation


def _line(
    employee: Employee,
    predikat: str,
    facts: rules.Facts,
    outcome: rules.Outcome,
    case_number: str,
) -> Line:
    return Line(
        employee=employee,
        work_unit=employee.work_unit,
        unit_name=employee.work_unit.name,
        position_name=employee.position.name,
        position_kind=employee.position.kind,
        base_amount=facts.base_amount,
        predikat=predikat,
        predikat_year=facts.predikat_year,
        performance_rate=facts.performance_rate,
        performance_amount=outcome.performance_amount,
        absent_days=facts.absent_days,
        late_minutes=facts.late_minutes,
        discipline_rate=outcome.discipline_rate,
        discipline_amount=outcome.discipline_amount,
        gross_amount=outcome.gross_amount,
        sanction_case_number=case_number,
        sanction_cut_percent=outcome.sanction_cut_percent,
        sanction_cut_amount=outcome.sanction_cut_amount,
        total_amount=outcome.total_amount,
        explanation=list(outcome.steps),
    )
