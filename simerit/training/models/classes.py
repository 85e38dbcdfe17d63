"""Classes of a programme, their meetings, the enrolments and the attendance per meeting.

An enrolment holds a seat while it is ENROLLED, COMPLETED or NOT_COMPLETED; a request the
supervisor has not approved yet (PENDING) holds none; a WAITLISTED one waits in the order of
`waitlisted_at` and moves up when a seat is freed. At most one live enrolment (not rejected, not
cancelled) per employee and class."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit
from simerit.training.models.catalogue import JP_VALIDATORS, Programme

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class TrainingClass(BaseModel):
    """One run (angkatan) of a programme. `jp` is copied from the programme when the class is
    created and is what completion credits."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        OPEN = "open", "Pendaftaran dibuka"
        CLOSED = "closed", "Pendaftaran ditutup"
        COMPLETED = "completed", "Selesai"
        CANCELLED = "cancelled", "Dibatalkan"

    programme = models.ForeignKey(
        Programme, verbose_name="program", on_delete=models.PROTECT, related_name="classes"
    )
    name = models.CharField("nama kelas/angkatan", max_length=120)
    starts_on = models.DateField("tanggal mulai")
    ends_on = models.DateField("tanggal selesai")
    venue = models.CharField("tempat", max_length=200, blank=True)
    online_url = models.URLField("tautan daring", blank=True)
    capacity = models.PositiveSmallIntegerField(
        "kapasitas", validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    enrolment_closes_on = models.DateField("pendaftaran ditutup")
    jp = models.DecimalField("JP", max_digits=4, decimal_places=1, validators=JP_VALIDATORS)
    # Completion needs at least this share of the meetings attended ([U]: per class).
    min_attendance_percent = models.PositiveSmallIntegerField(
        "kehadiran minimum (%)", default=80, validators=[MaxValueValidator(100)]
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Where it is held for: blank = open to every unit.
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name="khusus unit kerja",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField("diselesaikan pada", null=True, blank=True)

    class Meta:
        verbose_name = "kelas pelatihan"
        verbose_name_plural = "kelas pelatihan"
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_class_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(enrolment_closes_on__lte=F("starts_on")),
                name="training_class_enrolment_before_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_class_capacity"),
            models.CheckConstraint(
                condition=Q(jp__gte=Decimal("0.5"), jp__lte=Decimal("999.9")),
                name="training_class_jp_range",
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100),
                name="training_class_attendance_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name} — {self.name}"


class Meeting(BaseModel):
    """One meeting (pertemuan) of a class. Attendance by QR uses `checkin_token` (random, 43
    characters), accepted only from `CHECKIN_OPENS_BEFORE` before the start until the end."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name="kelas", on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField("pertemuan ke-")
    topic = models.CharField("materi", max_length=200)
    starts_at = models.DateTimeField("mulai")
    ends_at = models.DateTimeField("selesai")
    checkin_token = models.CharField(max_length=64, unique=True, editable=False)
    is_cancelled = models.BooleanField("dibatalkan", default=False)

    class Meta:
        verbose_name = "pertemuan"
        verbose_name_plural = "pertemuan"
        ordering = ["training_class", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "number"], name="meeting_number_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_times_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_class} — pertemuan {self.number}"


class Enrolment(BaseModel):
    class Route(models.TextChoices):
        SELF = "self", "Pendaftaran mandiri"
        NOMINATED = "nominated", "Diusulkan atasan"
        ASSIGNED = "assigned", "Ditugaskan BKPSDM"

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu persetujuan atasan"
        ENROLLED = "enrolled", "Terdaftar"
        WAITLISTED = "waitlisted", "Daftar tunggu"
        REJECTED = "rejected", "Ditolak atasan"
        CANCELLED = "cancelled", "Dibatalkan"
        COMPLETED = "completed", "Lulus"
        NOT_COMPLETED = "not_completed", "Tidak lulus"

    SEAT_STATUSES = (Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED)
    LIVE_STATUSES = (
        Status.PENDING,
        Status.ENROLLED,
        Status.WAITLISTED,
        Status.COMPLETED,
        Status.NOT_COMPLETED,
    )

    training_class = models.ForeignKey(
        TrainingClass, verbose_name="kelas", on_delete=models.PROTECT, related_name="enrolments"
    )
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="enrolments"
    )
    route = models.CharField("jalur", max_length=10, choices=Route.choices)
    status = models.CharField("status", max_length=14, choices=Status.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diajukan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    motivation = models.CharField("alasan mengikuti", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputuskan oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    decision_note = models.CharField("catatan keputusan", max_length=500, blank=True)
    waitlisted_at = models.DateTimeField("masuk daftar tunggu", null=True, blank=True)
    cancelled_at = models.DateTimeField("dibatalkan pada", null=True, blank=True)
    cancel_reason = models.CharField("alasan pembatalan", max_length=500, blank=True)
    pre_test_score = models.DecimalField(
        "nilai pre-test",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    post_test_score = models.DecimalField(
        "nilai post-test",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    assessment_score = models.DecimalField(
        "nilai evaluasi akhir",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    completed_at = models.DateTimeField("diselesaikan pada", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diselesaikan oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "peserta pelatihan"
        verbose_name_plural = "peserta pelatihan"
        ordering = ["training_class", "employee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "employee"],
                condition=Q(
                    status__in=["pending", "enrolled", "waitlisted", "completed", "not_completed"]
                ),
                name="enrolment_live_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="enrolment_waitlist_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "not_completed"])
                | Q(completed_at__isnull=False),
                name="enrolment_completion_time",
            ),
        ]
        indexes = [models.Index(fields=["employee", "status"], name="enrolment_employee_status")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.training_class}"


class Attendance(BaseModel):
    class Method(models.TextChoices):
        QR = "qr", "Pindai QR"
        MANUAL = "manual", "Dicatat penyelenggara"

    meeting = models.ForeignKey(
        Meeting, verbose_name="pertemuan", on_delete=models.PROTECT, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name="peserta", on_delete=models.PROTECT, related_name="attendance"
    )
    method = models.CharField("cara", max_length=6, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "kehadiran"
        verbose_name_plural = "kehadiran"
        ordering = ["meeting", "enrolment"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "enrolment"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.employee} hadir {self.meeting}"
