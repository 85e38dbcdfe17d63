"""The national sub-tests as question categories (domain reference §2.1 SKD, §2.6 PPPK).

Rows, not constants: an instansi adds SKB fields and can rename these in the admin.
"""

from django.db import migrations

CATEGORIES = [
    ("TWK", "Tes Wawasan Kebangsaan", "skd", 1),
    ("TIU", "Tes Intelegensia Umum", "skd", 2),
    ("TKP", "Tes Karakteristik Pribadi", "skd", 3),
    ("TEKNIS", "Kompetensi teknis", "pppk", 1),
    ("MANAJERIAL", "Kompetensi manajerial", "pppk", 2),
    ("SOSIOKULTURAL", "Kompetensi sosial kultural", "pppk", 3),
    ("WAWANCARA", "Wawancara (CAT)", "pppk", 4),
    ("SKB", "Kompetensi bidang (umum)", "skb", 1),
]


def create(apps, schema_editor):
    QuestionCategory = apps.get_model("exams", "QuestionCategory")
    for code, name, kind, order in CATEGORIES:
        QuestionCategory.objects.get_or_create(
            code=code, defaults={"name": name, "exam_kind": kind, "order": order}
        )


def delete(apps, schema_editor):
    apps.get_model("exams", "QuestionCategory").objects.filter(
        code__in=[code for code, *_ in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("exams", "0002_answer_event_append_only")]

    operations = [migrations.RunPython(create, delete)]
