"""Announcements published before 0005 get the sanggah window close the rule gives today.

The rule as it stands in this migration (domain reference §1.4): the later of the period's
SANGGAH_FILING window close and the end of the day (Asia/Jakarta) `sanggah_days` calendar days
after publication. From 0005 on, publish_announcement stores the value at publication.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

JAKARTA = ZoneInfo("Asia/Jakarta")
SANGGAH_FILING = "sanggah_filing"
BATCH = 500


def forward(apps, schema_editor):
    Announcement = apps.get_model("recruitment", "Announcement")
    StageWindow = apps.get_model("recruitment", "StageWindow")
    windows = dict(
        StageWindow.objects.filter(stage=SANGGAH_FILING).values_list("period_id", "closes_at")
    )
    pending = Announcement.objects.filter(sanggah_closes_at__isnull=True).select_related(
        "formasi__period"
    )
    while rows := list(pending[:BATCH]):
        for row in rows:
            period = row.formasi.period
            last_day = row.published_at.astimezone(JAKARTA).date() + dt.timedelta(
                days=period.sanggah_days
            )
            closes_at = dt.datetime.combine(
                last_day + dt.timedelta(days=1), dt.time.min, tzinfo=JAKARTA
            )
            window_close = windows.get(period.pk)
            row.sanggah_closes_at = max(closes_at, window_close) if window_close else closes_at
        Announcement.objects.bulk_update(rows, ["sanggah_closes_at"])


def backward(apps, schema_editor):
    # 0005's reversal drops the column; nothing to undo here.
    pass


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0005_announcement_sanggah_closes_at")]

    operations = [migrations.RunPython(forward, backward)]
