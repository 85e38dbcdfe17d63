"""The angka kredit coefficient per jenjang jabatan fungsional (§5.8), seeded with the two values the
domain reference verifies (PermenPANRB 1/2023, Peraturan BKN 3/2023: Ahli Pertama 12,5 and Ahli
Muda 25). The other jenjang are left for Admin BKPSDM to set: their commonly cited values are
unverified."""

from decimal import Decimal
from typing import Any

import django.core.validators
from django.db import migrations, models

NOTE = "PermenPANRB 1/2023; Peraturan BKN 3/2023 (koefisien tahunan terverifikasi)"
VERIFIED = (("ahli_pertama", Decimal("12.500")), ("ahli_muda", Decimal("25.000")))


def seed(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("performance", "CreditCoefficient")
    for level, coefficient in VERIFIED:
        model.objects.create(functional_level=level, coefficient=coefficient, note=NOTE)


def unseed(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("performance", "CreditCoefficient")
    model.objects.filter(functional_level__in=[level for level, _ in VERIFIED]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0004_feedback_window"),
    ]

    operations = [
        migrations.CreateModel(
            name="CreditCoefficient",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="dibuat")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="diubah")),
                (
                    "functional_level",
                    models.CharField(
                        choices=[
                            ("ahli_pertama", "Ahli Pertama"),
                            ("ahli_muda", "Ahli Muda"),
                            ("ahli_madya", "Ahli Madya"),
                            ("ahli_utama", "Ahli Utama"),
                            ("pemula", "Pemula"),
                            ("terampil", "Terampil"),
                            ("mahir", "Mahir"),
                            ("penyelia", "Penyelia"),
                        ],
                        max_length=20,
                        unique=True,
                        verbose_name="jenjang fungsional",
                    ),
                ),
                (
                    "coefficient",
                    models.DecimalField(
                        decimal_places=3,
                        max_digits=6,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.001"))],
                        verbose_name="koefisien tahunan",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Peraturan yang menetapkan koefisien ini.",
                        max_length=500,
                        verbose_name="catatan (dasar hukum)",
                    ),
                ),
            ],
            options={
                "verbose_name": "koefisien angka kredit",
                "verbose_name_plural": "koefisien angka kredit",
                "ordering": ["functional_level"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("coefficient__gt", 0)),
                        name="credit_coefficient_positive",
                    )
                ],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
