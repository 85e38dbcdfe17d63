"""The leadership training each managerial position requires (domain reference §6.2): pengawas →
PKP, administrator → PKA, JPT pratama → PKN Tingkat II, JPT madya and utama → PKN Tingkat I. The
deadline (12 months after the TMT jabatan) is this instansi's configuration ([U]), which Admin
BKPSDM may change."""

from typing import Any

from django.db import migrations

RULES = (
    ("pengawas", "pkp"),
    ("administrator", "pka"),
    ("jpt_pratama", "pkn2"),
    ("jpt_madya", "pkn1"),
    ("jpt_utama", "pkn1"),
)


def seed(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("training", "LeadershipRule")
    for position_kind, programme_kind in RULES:
        model.objects.create(
            position_kind=position_kind, programme_kind=programme_kind, months_to_complete=12
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("training", "LeadershipRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
