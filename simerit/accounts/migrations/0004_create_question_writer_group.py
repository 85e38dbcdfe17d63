"""Create the group of the question-writer role (penulis soal) added with the CAT."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="penulis_soal")


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="penulis_soal").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_add_api_token")]

    operations = [migrations.RunPython(create_group, delete_group)]
