"""The BerAKHLAK core values and their 21 panduan perilaku (SE MenPANRB 20/2021; §5.6), as rows:
seeded by a data migration, shown with every behaviour rating so that the criteria are read, not
guessed."""

from django.db import models

from simerit.core.models import BaseModel


class BehaviourValue(BaseModel):
    code = models.CharField("kode", max_length=2, unique=True)  # "1".."7"
    name = models.CharField("nilai", max_length=40, unique=True)  # "Berorientasi Pelayanan"
    definition = models.CharField("definisi", max_length=300)
    order = models.PositiveSmallIntegerField("urutan", unique=True)

    class Meta:
        verbose_name = "nilai dasar BerAKHLAK"
        verbose_name_plural = "nilai dasar BerAKHLAK"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class BehaviourIndicator(BaseModel):
    value = models.ForeignKey(
        BehaviourValue, verbose_name="nilai", on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField("kode", max_length=3, unique=True)  # "1a", "1b", ..., "7c"
    text = models.CharField("panduan perilaku", max_length=300)
    order = models.PositiveSmallIntegerField("urutan")

    class Meta:
        verbose_name = "panduan perilaku"
        verbose_name_plural = "panduan perilaku"
        ordering = ["value__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["value", "order"], name="behaviour_indicator_order")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"
