"""National document defaults of SSCASN (domain reference §1.3); periods and formasi may override."""

from django.db import migrations

KINDS = [
    ("pas_foto", "Pas foto (latar merah)", ["jpg"], 200, "Foto formal terbaru berlatar merah."),
    ("swafoto", "Swafoto", ["jpg"], 200, "Foto diri memegang KTP."),
    ("ktp", "KTP", ["jpg"], 200, "Pindaian KTP elektronik asli."),
    ("kk", "Kartu Keluarga", ["pdf"], 500, "Pindaian Kartu Keluarga."),
    ("surat_lamaran", "Surat lamaran", ["pdf"], 300, "Ditandatangani, sesuai ketentuan instansi."),
    ("ijazah", "Ijazah", ["pdf"], 800, "Ijazah asli yang dipindai, termasuk Serdik/STR bila ada."),
    ("transkrip", "Transkrip nilai", ["pdf"], 500, "Transkrip nilai asli yang dipindai."),
    ("str", "Surat Tanda Registrasi (STR)", ["pdf"], 800, "Wajib untuk jabatan tenaga kesehatan."),
    ("surat_pernyataan", "Surat pernyataan", ["pdf"], 500, "Sesuai format instansi, bermeterai."),
    ("pendukung", "Dokumen pendukung lainnya", ["pdf"], 800, "Dokumen lain yang diminta formasi."),
]


def load(apps, schema_editor):
    DocumentKind = apps.get_model("recruitment", "DocumentKind")
    for code, name, formats, max_kb, description in KINDS:
        DocumentKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "default_formats": formats,
                "default_max_kb": max_kb,
                "description": description,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("recruitment", "DocumentKind").objects.filter(
        code__in=[kind[0] for kind in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
