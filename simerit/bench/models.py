"""A table for the `limit-upsert` bench scenario: the stack's physical write limit."""

from django.db import models


class BenchCounter(models.Model):
    key = models.CharField(max_length=40, unique=True)
    hits = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "penghitung tolok ukur"
        verbose_name_plural = "penghitung tolok ukur"

    def __str__(self) -> str:
        return f"{self.key}={self.hits}"
