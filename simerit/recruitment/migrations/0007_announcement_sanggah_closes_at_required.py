from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0006_backfill_announcement_sanggah_closes_at")]

    operations = [
        migrations.AlterField(
            model_name="announcement",
            name="sanggah_closes_at",
            field=models.DateTimeField(verbose_name="masa sanggah berakhir"),
        ),
    ]
