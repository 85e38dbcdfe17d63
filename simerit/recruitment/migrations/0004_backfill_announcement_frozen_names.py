"""Announcements published before 0003 get the formasi code and period name they carry now.

The best value there is: a rename made before this migration is not recorded anywhere else. From
0003 on, publish_announcement copies both at publication.
"""

from django.db import migrations

BATCH = 500


def forward(apps, schema_editor):
    Announcement = apps.get_model("recruitment", "Announcement")
    pending = Announcement.objects.filter(formasi_code="").select_related("formasi__period")
    while rows := list(pending[:BATCH]):
        for row in rows:
            row.formasi_code = row.formasi.code
            row.period_name = row.formasi.period.name
        Announcement.objects.bulk_update(rows, ["formasi_code", "period_name"])


def backward(apps, schema_editor):
    # 0003's reversal drops both columns; nothing to undo here.
    pass


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0003_announcement_frozen_names")]

    operations = [migrations.RunPython(forward, backward)]
