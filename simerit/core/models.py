"""Shared model base classes; no domain models live here."""

from django.db import models


class BaseModel(models.Model):
    """Creation and last-change timestamps for every domain row."""

    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        abstract = True
