"""Sittings (sesi ujian), their proctors, participants and one-time PINs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.exams.models.blueprints import Blueprint
from simerit.recruitment.models import Application


class Sitting(BaseModel):
    """Sesi ujian: one blueprint at one time, site and room."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="sittings"
    )
    code = models.CharField("kode sesi", max_length=40, unique=True)
    starts_at = models.DateTimeField("mulai")
    site = models.CharField("lokasi", max_length=150)
    room = models.CharField("ruang", max_length=100)
    capacity = models.PositiveSmallIntegerField("kapasitas")
    # A room fit for participants with accommodations (ramah disabilitas).
    is_accessible = models.BooleanField("ruang ramah disabilitas", default=False)
    # PIN issuance for check-in closes this many minutes before the start (Peraturan BKN 5/2024
    # says 5 minutes [S]); a takeover PIN during the exam is not bound by it.
    pin_cutoff_minutes = models.PositiveSmallIntegerField(
        "PIN ditutup (menit sebelum mulai)", default=5
    )
    # Public key of the live scoreboard page (the page lists registration numbers and scores).
    scoreboard_key = models.CharField("kunci papan skor", max_length=32, unique=True)

    class Meta:
        verbose_name = "sesi ujian"
        verbose_name_plural = "sesi ujian"
        ordering = ["starts_at", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="sitting_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class SittingProctor(models.Model):
    """A proctor (pengawas ujian) assigned to a sitting; proctors see only their sittings."""

    sitting = models.ForeignKey(
        Sitting, verbose_name="sesi", on_delete=models.CASCADE, related_name="proctors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pengawas",
        on_delete=models.PROTECT,
        related_name="proctored_sittings",
    )

    class Meta:
        verbose_name = "pengawas sesi"
        verbose_name_plural = "pengawas sesi"
        constraints = [
            models.UniqueConstraint(fields=["sitting", "user"], name="sitting_proctor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sitting_id}:{self.user_id}"


class Participant(BaseModel):
    """An MS application placed in a sitting (peserta ujian), with its accommodation."""

    sitting = models.ForeignKey(
        Sitting, verbose_name="sesi", on_delete=models.PROTECT, related_name="participants"
    )
    application = models.ForeignKey(
        Application,
        verbose_name="lamaran",
        on_delete=models.PROTECT,
        related_name="exam_participations",
    )
    # Copied at assignment so that a blueprint holds each application at most once (a constraint).
    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="+"
    )
    seat_number = models.PositiveSmallIntegerField("nomor kursi")
    # Accommodation: extra time (e.g. 30 minutes for tunanetra on the SKD: 130 instead of 100).
    extra_minutes = models.PositiveSmallIntegerField("tambahan waktu (menit)", default=0)
    accommodation_note = models.CharField("catatan akomodasi", max_length=300, blank=True)
    # Random key printed in the exam card's QR code; the proctor's scan opens the check-in.
    card_key = models.CharField("kunci kartu ujian", max_length=32, unique=True)
    checked_in_at = models.DateTimeField("hadir pada", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diperiksa oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "peserta ujian"
        verbose_name_plural = "peserta ujian"
        ordering = ["sitting", "seat_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "application"], name="participant_once_per_blueprint"
            ),
            models.UniqueConstraint(fields=["sitting", "seat_number"], name="participant_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.sitting_id}:{self.seat_number}"


class ExamPin(models.Model):
    """A one-time PIN the proctor issues after checking identity: valid for one participant and
    sitting, once, until it expires. Only its keyed hash is stored."""

    class Purpose(models.TextChoices):
        START = "start", "Mulai ujian"
        TAKEOVER = "takeover", "Pindah komputer"

    participant = models.ForeignKey(
        Participant, verbose_name="peserta", on_delete=models.CASCADE, related_name="pins"
    )
    purpose = models.CharField("keperluan", max_length=10, choices=Purpose.choices)
    pin_hash = models.CharField("hash PIN", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diterbitkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("diterbitkan pada")
    expires_at = models.DateTimeField("berlaku sampai")
    used_at = models.DateTimeField("dipakai pada", null=True, blank=True)

    class Meta:
        verbose_name = "PIN ujian"
        verbose_name_plural = "PIN ujian"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.purpose}"
