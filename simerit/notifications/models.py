"""In-app notifications; the same message also goes out by e-mail (tasks.py)."""

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="penerima",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("judul", max_length=200)
    body = models.TextField("isi")
    url = models.CharField("tautan", max_length=300, blank=True)
    read_at = models.DateTimeField("dibaca pada", null=True, blank=True)
    emailed_at = models.DateTimeField("dikirim lewat e-mail pada", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.title
