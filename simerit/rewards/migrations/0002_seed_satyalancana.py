"""The three classes of Satyalancana Karya Satya (UU 20/2009; PP 35/2010 Pasal 22; §7.6 [V]):
10, 20 and 30 years of continuous service since TMT CPNS, never a sedang or berat sanction."""

from django.db import migrations

CLASSES = (
    (10, "Satyalancana Karya Satya X Tahun", "perunggu"),
    (20, "Satyalancana Karya Satya XX Tahun", "perak"),
    (30, "Satyalancana Karya Satya XXX Tahun", "emas"),
)


def seed(apps, schema_editor):
    award = apps.get_model("rewards", "Award")
    for years, name, colour in CLASSES:
        award.objects.get_or_create(
            kind="satyalancana",
            service_years=years,
            defaults={
                "name": name,
                "min_service_years": years,
                "description": (
                    f"Masa kerja terus-menerus sekurang-kurangnya {years} tahun sejak TMT CPNS, "
                    "tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat. Medali "
                    f"{colour} (UU 20/2009; PP 35/2010 Pasal 22)."
                ),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
