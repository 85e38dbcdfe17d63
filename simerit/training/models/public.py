"""Preparation for the public before a selection (the issue's item 8): information meetings
(sosialisasi) and workshops open to anyone with a seat, and reading materials."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.recruitment.models import SelectionPeriod


class InformationSession(BaseModel):
    class Kind(models.TextChoices):
        BRIEFING = "sosialisasi", "Sosialisasi"
        WORKSHOP = "workshop", "Workshop persiapan seleksi"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        PUBLISHED = "published", "Diumumkan"
        CANCELLED = "cancelled", "Dibatalkan"

    title = models.CharField("judul", max_length=200)
    kind = models.CharField("jenis", max_length=12, choices=Kind.choices)
    description = models.TextField("uraian")
    period = models.ForeignKey(
        SelectionPeriod,
        verbose_name="periode seleksi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField("mulai")
    ends_at = models.DateTimeField("selesai")
    venue = models.CharField("tempat", max_length=200, blank=True)
    online_url = models.URLField("tautan daring", blank=True)
    capacity = models.PositiveIntegerField(
        "kapasitas", validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    registration_closes_at = models.DateTimeField("pendaftaran ditutup")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    cancelled_at = models.DateTimeField("dibatalkan pada", null=True, blank=True)
    cancel_reason = models.CharField("alasan pembatalan", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "sosialisasi/workshop"
        verbose_name_plural = "sosialisasi/workshop"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="information_session_times"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=F("starts_at")),
                name="information_session_registration_before_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="information_session_capacity"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SessionRegistration(BaseModel):
    """A visitor's registration: a seat (REGISTERED) or a place on the waitlist. The code is what
    the visitor shows at the door and uses to cancel; the e-mail is unique per live registration."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "Terdaftar"
        WAITLISTED = "waitlisted", "Daftar tunggu"
        CANCELLED = "cancelled", "Dibatalkan"

    session = models.ForeignKey(
        InformationSession,
        verbose_name="sesi",
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    name = models.CharField("nama", max_length=150)
    email = models.EmailField("e-mail")
    phone = models.CharField("nomor HP", max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="akun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.CharField("kode pendaftaran", max_length=16, unique=True)
    status = models.CharField("status", max_length=10, choices=Status.choices)
    waitlisted_at = models.DateTimeField("masuk daftar tunggu", null=True, blank=True)
    consent_at = models.DateTimeField("persetujuan data pribadi")

    class Meta:
        verbose_name = "pendaftar sosialisasi"
        verbose_name_plural = "pendaftar sosialisasi"
        ordering = ["session", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(status__in=["registered", "waitlisted"]),
                name="session_registration_email_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="session_registration_waitlist_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.session}"


class ReadingMaterial(BaseModel):
    """Public reading on the selection: plain text (paragraphs), optionally with a PDF kept in
    private storage and streamed by the public view only while published."""

    title = models.CharField("judul", max_length=200)
    summary = models.CharField("ringkasan", max_length=500)
    body = models.TextField("isi")
    file = models.FileField("lampiran PDF", upload_to="training/materials/", blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    position = models.PositiveSmallIntegerField("urutan", default=0)
    is_published = models.BooleanField("diterbitkan", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "bahan bacaan"
        verbose_name_plural = "bahan bacaan"
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title
