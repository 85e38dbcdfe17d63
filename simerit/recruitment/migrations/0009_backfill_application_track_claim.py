"""Applications made before 0008 declared no track: they keep the track of their formasi.

They were accepted when a special-track formasi took anyone; declaring the formasi's own track
keeps their eligibility as it was, instead of turning them ineligible at submission or review.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forward(apps, schema_editor):
    Application = apps.get_model("recruitment", "Application")
    Formasi = apps.get_model("recruitment", "Formasi")
    Application.objects.update(
        track_claim=Subquery(Formasi.objects.filter(pk=OuterRef("formasi_id")).values("track")[:1])
    )


def backward(apps, schema_editor):
    # 0008's reversal drops the column; nothing to undo here.
    pass


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0008_application_track_claim")]

    operations = [migrations.RunPython(forward, backward)]
