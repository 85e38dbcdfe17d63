"""The national sub-tests' question types (domain reference §2.1 SKD, §2.6 PPPK 2024)."""

from django.db import migrations

KINDS = {
    "TWK": "single",
    "TIU": "single",
    "TKP": "weighted",
    "TEKNIS": "single",
    "MANAJERIAL": "weighted",
    "SOSIOKULTURAL": "weighted",
    "WAWANCARA": "weighted",
}


def forward(apps, schema_editor):
    QuestionCategory = apps.get_model("exams", "QuestionCategory")
    for code, kind in KINDS.items():
        QuestionCategory.objects.filter(code=code).update(question_kind=kind)


def backward(apps, schema_editor):
    apps.get_model("exams", "QuestionCategory").objects.update(question_kind="")


class Migration(migrations.Migration):
    dependencies = [("exams", "0004_category_question_kind")]

    operations = [migrations.RunPython(forward, backward)]
