"""Reference tables fixed by regulation (domain reference §4.4, §4.5, §4.6)."""

from django.db import migrations

# PP 99/2000: golongan ruang and pangkat of PNS.
GOLONGAN = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]

EDUCATION_LEVELS = [
    ("SD", "SD/sederajat"),
    ("SMP", "SMP/sederajat"),
    ("SMA", "SMA/SMK/sederajat"),
    ("D1", "Diploma I"),
    ("D2", "Diploma II"),
    ("D3", "Diploma III"),
    ("D4", "Diploma IV"),
    ("S1", "Sarjana (S-1)"),
    ("S2", "Magister (S-2)"),
    ("S3", "Doktor (S-3)"),
]

# Permendagri 72/2019 (kodewilayah dataset): Sumatera Selatan, Kota Palembang and its 18 kecamatan.
REGIONS = [
    ("16", "Sumatera Selatan", "provinsi"),
    ("16.71", "Kota Palembang", "kabupaten_kota"),
    ("16.71.01", "Ilir Barat II", "kecamatan"),
    ("16.71.02", "Seberang Ulu I", "kecamatan"),
    ("16.71.03", "Seberang Ulu II", "kecamatan"),
    ("16.71.04", "Ilir Barat I", "kecamatan"),
    ("16.71.05", "Ilir Timur I", "kecamatan"),
    ("16.71.06", "Ilir Timur II", "kecamatan"),
    ("16.71.07", "Sukarami", "kecamatan"),
    ("16.71.08", "Sako", "kecamatan"),
    ("16.71.09", "Kemuning", "kecamatan"),
    ("16.71.10", "Kalidoni", "kecamatan"),
    ("16.71.11", "Bukit Kecil", "kecamatan"),
    ("16.71.12", "Gandus", "kecamatan"),
    ("16.71.13", "Kertapati", "kecamatan"),
    ("16.71.14", "Plaju", "kecamatan"),
    ("16.71.15", "Alang-alang Lebar", "kecamatan"),
    ("16.71.16", "Sematang Borang", "kecamatan"),
    ("16.71.17", "Jakabaring", "kecamatan"),
    ("16.71.18", "Ilir Timur Tiga", "kecamatan"),
]


def load(apps, schema_editor):
    Golongan = apps.get_model("organization", "Golongan")
    EducationLevel = apps.get_model("organization", "EducationLevel")
    Region = apps.get_model("organization", "Region")
    for rank, (code, pangkat) in enumerate(GOLONGAN, start=1):
        Golongan.objects.update_or_create(code=code, defaults={"pangkat": pangkat, "rank": rank})
    for rank, (code, name) in enumerate(EDUCATION_LEVELS, start=1):
        EducationLevel.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})
    for code, name, level in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name, "level": level})


def unload(apps, schema_editor):
    apps.get_model("organization", "Golongan").objects.filter(
        code__in=[code for code, _ in GOLONGAN]
    ).delete()
    apps.get_model("organization", "EducationLevel").objects.filter(
        code__in=[code for code, _ in EDUCATION_LEVELS]
    ).delete()
    apps.get_model("organization", "Region").objects.filter(
        code__in=[code for code, _, _ in REGIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organization", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
