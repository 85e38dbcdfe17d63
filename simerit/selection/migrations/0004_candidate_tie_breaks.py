"""The integration's last tie-breaks (IPK or diploma average, birth date) copied onto the SKB
candidates by the cut, so that the integration ranks without joining the applications and the
applicants again (ADR 0009). Rows cut before this migration get them from their applicant."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_applicants(apps: Any, schema_editor: Any) -> None:
    candidate = apps.get_model("selection", "SkbCandidate")
    applicant = apps.get_model("recruitment", "Applicant")
    owner = applicant.objects.filter(applications__skb_candidate=OuterRef("pk"))
    candidate.objects.update(
        education_score=Subquery(owner.values("gpa")[:1]),
        birth_date=Subquery(owner.values("birth_date")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0014_stages_of_the_competency_selection"),
        ("selection", "0003_derived_write_cost"),
    ]

    operations = [
        migrations.AddField(
            model_name="skbcandidate",
            name="education_score",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=4,
                null=True,
                verbose_name="IPK / rata-rata ijazah",
            ),
        ),
        migrations.AddField(
            model_name="skbcandidate",
            name="birth_date",
            field=models.DateField(null=True, verbose_name="tanggal lahir"),
        ),
        migrations.RunPython(copy_from_applicants, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="skbcandidate",
            name="birth_date",
            field=models.DateField(verbose_name="tanggal lahir"),
        ),
    ]
