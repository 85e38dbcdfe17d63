"""Monthly attendance recaps imported from the attendance system (absensi): the input of the
absence ladder (§7.2, cumulative per year) and of the TPP's discipline share."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee


class AttendanceImport(BaseModel):
    """One uploaded recap file (all-or-nothing)."""

    file_name = models.CharField("nama berkas", max_length=255)
    file_sha256 = models.CharField("SHA-256 berkas", max_length=64)
    rows = models.PositiveIntegerField("jumlah baris")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diimpor oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "impor rekap kehadiran"
        verbose_name_plural = "impor rekap kehadiran"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class MonthlyAttendance(BaseModel):
    """One employee's month (`month` is the first day). A later import of the same month
    replaces the row (audited with the old values)."""

    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="attendance"
    )
    month = models.DateField("bulan")
    working_days = models.PositiveSmallIntegerField(
        "hari kerja", validators=[MaxValueValidator(31)]
    )
    absent_days = models.PositiveSmallIntegerField(
        "tidak masuk tanpa alasan sah (hari)", validators=[MaxValueValidator(31)]
    )
    late_minutes = models.PositiveIntegerField("terlambat/pulang cepat (menit)", default=0)
    longest_absence = models.PositiveSmallIntegerField(
        "tidak masuk berturut-turut terpanjang (hari kerja)",
        default=0,
        validators=[MaxValueValidator(31)],
    )
    source = models.ForeignKey(
        AttendanceImport,
        verbose_name="impor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )

    class Meta:
        verbose_name = "rekap kehadiran bulanan"
        verbose_name_plural = "rekap kehadiran bulanan"
        ordering = ["-month", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "month"], name="attendance_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="attendance_month_first_day"),
            models.CheckConstraint(
                condition=Q(absent_days__lte=F("working_days")),
                name="attendance_absent_within_working_days",
            ),
            models.CheckConstraint(
                condition=Q(longest_absence__lte=F("absent_days")),
                name="attendance_longest_within_absent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.month:%m/%Y}"
