"""A TPP line keeps the employee's unit (as a row, which scopes an Admin OPD's reading, and by
name) and jabatan as they were when it was computed, and a run keeps how many active employees it
skipped for having no base amount ("tanpa pagu"), so that a final run's pages, payroll export and
readers never change when an employee moves later. A line's explanation no longer names the
discipline case (only those who may see the case read `sanction_case_number`)."""

import re
from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

COMPUTED = ("compensation.run.computed", "compensation.run.recomputed")


def fill_posts(apps: Any, schema_editor: Any) -> None:
    # Lines computed before this migration never recorded the post they were paid for, and nothing
    # else holds it (the employee's position history is not kept per month). The employee's current
    # unit and jabatan is the closest value there is, and it is what those runs showed until now,
    # so their pages and exports look the same after the migration as before it; from here on, the
    # names stay as they are while the employee moves.
    line_model = apps.get_model("compensation", "Line")
    employee_model = apps.get_model("employees", "Employee")
    employee = employee_model.objects.filter(pk=OuterRef("employee_id"))
    line_model.objects.update(
        work_unit_id=Subquery(employee.values("work_unit_id")[:1]),
        unit_name=Subquery(employee.values("work_unit__name")[:1]),
        position_name=Subquery(employee.values("position__name")[:1]),
        position_kind=Subquery(employee.values("position__kind")[:1]),
    )


def fill_skipped(apps: Any, schema_editor: Any) -> None:
    # The count was recorded in the audit row of each (re)computation; the latest one is the
    # run's. A run without such a row keeps 0.
    run_model = apps.get_model("compensation", "Run")
    event_model = apps.get_model("audit", "AuditEvent")
    for run in run_model.objects.all():
        changes = (
            event_model.objects.filter(
                action__in=COMPUTED, target_type="compensation.run", target_id=str(run.pk)
            )
            .order_by("-seq")
            .values_list("changes", flat=True)
            .first()
        )
        skipped = (changes or {}).get("skipped_without_base_amount")
        if isinstance(skipped, int) and skipped > 0:
            run_model.objects.filter(pk=run.pk).update(skipped_without_base=skipped)


# The two steps that named the case (rules.tpp before this migration), and their wording now.
CUT_STEP = re.compile(r"^Potongan hukuman disiplin \([^)]*\): (.* × (\d+)% = .*)$")
NOT_APPLIED_STEP = re.compile(r"^Hukuman disiplin .* \(potongan (\d+)%\) tidak diterapkan: ")


def unnamed(step: str) -> str:
    """The explanation step without the case number ("HD-…"), amounts unchanged."""
    if match := CUT_STEP.match(step):
        return f"Potongan hukuman disiplin {match.group(2)}%: {match.group(1)}"
    if match := NOT_APPLIED_STEP.match(step):
        rest = step[match.end() :]
        return f"Hukuman disiplin (potongan {match.group(1)}%) tidak diterapkan: {rest}"
    return step


def unname_cases(apps: Any, schema_editor: Any) -> None:
    line_model = apps.get_model("compensation", "Line")
    for line in line_model.objects.exclude(sanction_case_number="").only("explanation"):
        steps = [unnamed(step) for step in line.explanation]
        if steps != line.explanation:
            line_model.objects.filter(pk=line.pk).update(explanation=steps)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("compensation", "0001_initial"),
        ("employees", "0004_education_from_selection"),
        ("organization", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="line",
            name="work_unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organization.workunit",
                verbose_name="unit kerja saat dihitung",
            ),
        ),
        migrations.AddField(
            model_name="line",
            name="unit_name",
            field=models.CharField(
                default="", max_length=200, verbose_name="nama unit kerja saat dihitung"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="line",
            name="position_name",
            field=models.CharField(
                default="", max_length=200, verbose_name="jabatan saat dihitung"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="line",
            name="position_kind",
            field=models.CharField(
                choices=[
                    ("jpt_utama", "JPT Utama"),
                    ("jpt_madya", "JPT Madya"),
                    ("jpt_pratama", "JPT Pratama"),
                    ("administrator", "Administrator"),
                    ("pengawas", "Pengawas"),
                    ("fungsional", "Fungsional"),
                    ("pelaksana", "Pelaksana"),
                ],
                default="",
                max_length=20,
                verbose_name="jenis jabatan saat dihitung",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="run",
            name="skipped_without_base",
            field=models.PositiveIntegerField(default=0, verbose_name="pegawai aktif tanpa pagu"),
        ),
        migrations.RunPython(fill_posts, migrations.RunPython.noop),
        migrations.RunPython(fill_skipped, migrations.RunPython.noop),
        migrations.RunPython(unname_cases, migrations.RunPython.noop),
    ]
