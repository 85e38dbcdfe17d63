"""What a completed training leaves behind: the certificate of a class, a course taken elsewhere
(recorded by the employee, its JP validated by HR), the participant's survey, and the reminders
sent to those below the yearly JP minimum."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.training.models.catalogue import JP_VALIDATORS
from simerit.training.models.classes import Enrolment, TrainingClass
from simerit.training.models.config import ProgrammeKind


class Certificate(BaseModel):
    """The certificate of a completed enrolment. `number` is unique and carries a random part so
    that numbers cannot be guessed in sequence; the public verification page looks it up.
    `sha256` is that of the PDF as issued (the PDF is rebuilt identically from the row's frozen
    fields)."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name="peserta", on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField("nomor sertifikat", max_length=40, unique=True)
    issued_at = models.DateTimeField("diterbitkan pada")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diterbitkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    sha256 = models.CharField("SHA-256 PDF", max_length=64)
    # What the certificate prints, frozen at issue: a later correction of a name, a title or the
    # programme does not change an issued certificate (its PDF and hash stay the same).
    holder_name = models.CharField("nama pemegang (dengan gelar)", max_length=300)
    holder_nip = models.CharField("NIP pemegang", max_length=18)
    programme_name = models.CharField("nama program", max_length=200)
    class_name = models.CharField("nama kelas/angkatan", max_length=120)
    provider = models.CharField("penyelenggara", max_length=200)
    starts_on = models.DateField("tanggal mulai")
    ends_on = models.DateField("tanggal selesai")
    jp = models.DecimalField("JP", max_digits=4, decimal_places=1)
    revoked_at = models.DateTimeField("dicabut pada", null=True, blank=True)
    revoke_reason = models.CharField("alasan pencabutan", max_length=500, blank=True)

    class Meta:
        verbose_name = "sertifikat"
        verbose_name_plural = "sertifikat"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class ExternalTraining(BaseModel):
    """A course the employee took elsewhere, with its certificate (private storage). It counts
    toward the JP only once HR has validated it, with the JP HR accepted."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Menunggu validasi"
        VALIDATED = "validated", "Divalidasi"
        REJECTED = "rejected", "Ditolak"

    employee = models.ForeignKey(
        Employee,
        verbose_name="pegawai",
        on_delete=models.PROTECT,
        related_name="external_trainings",
    )
    title = models.CharField("nama pelatihan", max_length=200)
    provider = models.CharField("penyelenggara", max_length=200)
    kind = models.CharField("jenis", max_length=12, choices=ProgrammeKind.choices)
    starts_on = models.DateField("tanggal mulai")
    ends_on = models.DateField("tanggal selesai")
    jp_claimed = models.DecimalField(
        "JP diajukan", max_digits=4, decimal_places=1, validators=JP_VALIDATORS
    )
    certificate_number = models.CharField("nomor sertifikat", max_length=100, blank=True)
    certificate_file = models.FileField("sertifikat", upload_to="training/external/%Y/")
    original_name = models.CharField("nama berkas asli", max_length=200)
    file_format = models.CharField("format", max_length=4)
    size_bytes = models.PositiveIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    jp_validated = models.DecimalField(
        "JP divalidasi",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=JP_VALIDATORS,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="divalidasi oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("divalidasi pada", null=True, blank=True)
    review_note = models.CharField("catatan validasi", max_length=500, blank=True)

    class Meta:
        verbose_name = "pelatihan eksternal"
        verbose_name_plural = "pelatihan eksternal"
        ordering = ["-ends_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="external_training_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(jp_claimed__gte=Decimal("0.5"), jp_claimed__lte=Decimal("999.9")),
                name="external_training_jp_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(jp_validated__isnull=False),
                name="external_training_validated_jp",
            ),
        ]
        indexes = [models.Index(fields=["employee", "status"], name="external_employee_status")]

    def __str__(self) -> str:
        return f"{self.employee}: {self.title}"


SURVEY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class SurveySubmission(BaseModel):
    """That a participant has answered the survey of their class (once per enrolment). The answer
    itself is a SurveyResponse that names only the class: nothing in the database links a
    participant to their scores or comment."""

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name="peserta",
        on_delete=models.CASCADE,
        related_name="survey_submission",
    )

    class Meta:
        verbose_name = "pengisian survei"
        verbose_name_plural = "pengisian survei"

    def __str__(self) -> str:
        return f"Survei diisi: {self.enrolment}"


class SurveyResponse(models.Model):
    """An anonymous satisfaction survey answer of a class (1–5 per aspect). Without a participant,
    without a timestamp and with a random key (a timestamp or a sequence number would pair the
    answer with its SurveySubmission)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    training_class = models.ForeignKey(
        TrainingClass,
        verbose_name="kelas",
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    content_score = models.PositiveSmallIntegerField("materi", validators=SURVEY_VALIDATORS)
    facilitator_score = models.PositiveSmallIntegerField(
        "pengajar/fasilitator", validators=SURVEY_VALIDATORS
    )
    relevance_score = models.PositiveSmallIntegerField(
        "manfaat bagi pekerjaan", validators=SURVEY_VALIDATORS
    )
    organisation_score = models.PositiveSmallIntegerField(
        "penyelenggaraan", validators=SURVEY_VALIDATORS
    )
    comment = models.TextField("saran", blank=True, max_length=2000)

    class Meta:
        verbose_name = "survei kepuasan"
        verbose_name_plural = "survei kepuasan"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    content_score__gte=1,
                    content_score__lte=5,
                    facilitator_score__gte=1,
                    facilitator_score__lte=5,
                    relevance_score__gte=1,
                    relevance_score__lte=5,
                    organisation_score__gte=1,
                    organisation_score__lte=5,
                ),
                name="survey_scores_range",
            )
        ]

    def __str__(self) -> str:
        return f"Survei {self.training_class}"


class JpReminder(BaseModel):
    """One reminder sent to an employee below the minimum, at most once per month: running the
    reminder command again the same month sends nothing."""

    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.CASCADE, related_name="jp_reminders"
    )
    year = models.PositiveSmallIntegerField("tahun")
    month = models.PositiveSmallIntegerField("bulan")
    jp_at_sending = models.DecimalField("JP saat dikirim", max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = "pengingat JP"
        verbose_name_plural = "pengingat JP"
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "month"], name="jp_reminder_once_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.month}/{self.year}"
