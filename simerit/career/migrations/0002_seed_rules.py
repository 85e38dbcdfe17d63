"""Seeds: the kenaikan pangkat rule as it changed (§8.1 [V]), the talent settings row (§8.2,
thresholds [U], kept by HR) and the batas usia pensiun per jabatan (UU 20/2023; §4.7 [S])."""

import datetime as dt

from django.db import migrations

RULES = (
    (dt.date(2000, 1, 1), [4, 10], "PP 99/2000 jo. PP 12/2002; periode 1 April dan 1 Oktober"),
    (dt.date(2024, 1, 1), [2, 4, 6, 8, 10, 12], "Peraturan BKN 4/2023: enam periode"),
    (dt.date(2025, 10, 1), list(range(1, 13)), "Peraturan BKN 4/2025: setiap tanggal 1"),
)
AGES = (
    ("jpt_utama", "", 60),
    ("jpt_madya", "", 60),
    ("jpt_pratama", "", 60),
    ("administrator", "", 58),
    ("pengawas", "", 58),
    ("pelaksana", "", 58),
    ("fungsional", "", 58),
    ("fungsional", "ahli_utama", 65),
)


def seed(apps, schema_editor):
    rule = apps.get_model("career", "PromotionRule")
    for effective_from, months, basis in RULES:
        rule.objects.get_or_create(
            effective_from=effective_from,
            defaults={
                "min_years_in_rank": 4,
                "min_predikat": "baik",
                "predikat_years": 2,
                "period_months": months,
                "legal_basis": basis,
            },
        )
    settings = apps.get_model("career", "TalentSettings")
    settings.objects.get_or_create(
        pk=1,
        defaults={"above_predikats": ["sangat_baik"], "as_expected_predikats": ["baik"]},
    )
    age = apps.get_model("career", "RetirementAge")
    for kind, level, years in AGES:
        age.objects.get_or_create(
            position_kind=kind,
            functional_level=level,
            defaults={
                "age": years,
                "legal_basis": "UU 20/2023; jabatan fungsional menurut peraturan jabatannya",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("career", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
