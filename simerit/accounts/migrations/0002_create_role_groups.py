"""Create one Django group per SiMerit role (values of simerit.core.roles.Role at the time of writing)."""

from django.db import migrations

ROLES = [
    "pelamar",
    "pegawai",
    "atasan",
    "admin_bkpsdm",
    "admin_opd",
    "verifikator",
    "asesor",
    "pengawas_ujian",
    "auditor",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
