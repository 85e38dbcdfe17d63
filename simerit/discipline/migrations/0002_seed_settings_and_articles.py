"""The settings row (timings [U]/[S], §7.3–7.4) and the references of the kewajiban and larangan
of PP 94/2021 (Pasal 3: 8, Pasal 4: 9, Pasal 5: 14; §7.1). Only the obligation the absence ladder
cites gets its summary here; HR writes the others from the regulation's text."""

from django.db import migrations

LETTERS = "abcdefghijklmn"
COUNTS = ((3, "kewajiban", 8), (4, "kewajiban", 9), (5, "larangan", 14))
SUMMARIES = {"Pasal 4 huruf f": "Masuk kerja dan menaati ketentuan jam kerja."}


def seed(apps, schema_editor):
    settings = apps.get_model("discipline", "DisciplineSettings")
    article = apps.get_model("discipline", "DisciplineArticle")
    settings.objects.get_or_create(
        pk=1,
        defaults={
            "note": (
                "Jarak panggilan dari prosedur PP 53/2010 (konfirmasi dengan PP 94/2021 Pasal 27 "
                "dan Peraturan BKN 6/2022); batas upaya administratif menurut PP 79/2021."
            )
        },
    )
    order = 0
    for pasal, kind, count in COUNTS:
        for letter in LETTERS[:count]:
            order += 1
            code = f"Pasal {pasal} huruf {letter}"
            article.objects.get_or_create(
                code=code,
                defaults={"kind": kind, "order": order, "summary": SUMMARIES.get(code, "")},
            )


class Migration(migrations.Migration):
    dependencies = [("discipline", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
