"""The 360 collection gets its own deadline before the decisions' (ADR 0010); existing years take
their decision deadline as the 360 deadline."""

from typing import Any

from django.db import migrations, models
from django.db.models import F, Q


def copy_deadline(apps: Any, schema_editor: Any) -> None:
    year_model = apps.get_model("performance", "PerformanceYear")
    year_model.objects.update(feedback_closes_on=F("ratings_close_on"))


class Migration(migrations.Migration):
    dependencies = [("performance", "0003_training_need")]

    operations = [
        migrations.AddField(
            model_name="performanceyear",
            name="feedback_closes_on",
            field=models.DateField(null=True, verbose_name="batas akhir masukan 360"),
        ),
        migrations.RunPython(copy_deadline, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="performanceyear",
            name="feedback_closes_on",
            field=models.DateField(verbose_name="batas akhir masukan 360"),
        ),
        migrations.AddField(
            model_name="performanceyear",
            name="feedback_closed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="masukan 360 ditutup pada"
            ),
        ),
        migrations.AddConstraint(
            model_name="performanceyear",
            constraint=models.CheckConstraint(
                condition=Q(feedback_closes_on__gte=F("starts_on"))
                & Q(feedback_closes_on__lte=F("ratings_close_on")),
                name="performance_year_feedback_closes_before_ratings",
            ),
        ),
    ]
