"""The audit log: append-only, hash-chained rows, one per change made by a service."""

from typing import Any

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Baris audit tidak boleh diubah.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Baris audit tidak boleh dihapus.")


class AuditEvent(models.Model):
    """One change. `hash` = SHA-256(previous row's hash + this row's canonical content)."""

    seq = models.PositiveBigIntegerField("nomor urut", unique=True)
    created_at = models.DateTimeField("waktu", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pelaku",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("nama pelaku", max_length=200)
    action = models.CharField("tindakan", max_length=100, db_index=True)
    target_type = models.CharField("jenis objek", max_length=100, blank=True, db_index=True)
    target_id = models.CharField("ID objek", max_length=64, blank=True, db_index=True)
    target_repr = models.CharField("objek", max_length=300, blank=True)
    changes = models.JSONField("perubahan", default=dict, blank=True)
    prev_hash = models.CharField("hash sebelumnya", max_length=64)
    hash = models.CharField("hash", max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "peristiwa audit"
        verbose_name_plural = "peristiwa audit"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Baris audit tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Baris audit tidak boleh dihapus.")


class AuditChainHead(models.Model):
    """The single row that holds the chain's last sequence number and hash.

    Appends lock this row (SELECT ... FOR UPDATE), which serialises writers on every engine, and
    verification compares the chain's tail with it, so a deleted last row is detected too.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "kepala rantai audit"
        verbose_name_plural = "kepala rantai audit"

    def __str__(self) -> str:
        return f"#{self.last_seq}"
