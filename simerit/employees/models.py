"""ASN employees (PNS, CPNS, PPPK) and their histories (riwayat)."""

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel
from simerit.organization.models import EducationLevel, Golongan, Position, WorkUnit


class EmployeeKind(models.TextChoices):
    PNS = "pns", "PNS"
    CPNS = "cpns", "CPNS"
    PPPK = "pppk", "PPPK"


class Gender(models.TextChoices):
    MALE = "L", "Laki-laki"
    FEMALE = "P", "Perempuan"


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def active(self) -> "EmployeeQuerySet":
        return self.filter(is_active=True)

    def in_subtree(self, unit: WorkUnit) -> "EmployeeQuerySet":
        return self.filter(work_unit__path__startswith=unit.path)


class Employee(BaseModel):
    """Pegawai ASN. `nip` holds the NIP of a PNS/CPNS or the NI PPPK of a PPPK (18 digits)."""

    kind = models.CharField("jenis pegawai", max_length=4, choices=EmployeeKind.choices)
    nip = models.CharField("NIP / NI PPPK", max_length=18, unique=True)
    nip_lama = models.CharField("NIP lama (9 digit)", max_length=9, blank=True)
    nik = models.CharField("NIK", max_length=16, unique=True)
    name = models.CharField("nama (tanpa gelar)", max_length=150)
    front_title = models.CharField("gelar depan", max_length=40, blank=True)
    back_title = models.CharField("gelar belakang", max_length=80, blank=True)
    birth_place = models.CharField("tempat lahir", max_length=100)
    birth_date = models.DateField("tanggal lahir")
    gender = models.CharField("jenis kelamin", max_length=1, choices=Gender.choices)
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name="unit kerja", on_delete=models.PROTECT, related_name="employees"
    )
    position = models.ForeignKey(
        Position, verbose_name="jabatan", on_delete=models.PROTECT, related_name="holders"
    )
    golongan = models.ForeignKey(
        Golongan, verbose_name="golongan", null=True, blank=True, on_delete=models.PROTECT
    )
    tmt_cpns = models.DateField("TMT CPNS / TMT PPPK", null=True, blank=True)
    tmt_pns = models.DateField("TMT PNS", null=True, blank=True)
    tmt_golongan = models.DateField("TMT golongan", null=True, blank=True)
    tmt_position = models.DateField("TMT jabatan", null=True, blank=True)
    supervisor = models.ForeignKey(
        "self",
        verbose_name="atasan langsung",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="akun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    is_active = models.BooleanField("aktif", default=True)
    # Domain reference §4.1: a NIK whose coded birth date or gender disagrees with the NIP is kept
    # and marked for HR to check (such NIKs exist and are never corrected), not refused.
    nik_needs_review = models.BooleanField("NIK perlu diperiksa", default=False)
    nik_review_note = models.CharField("catatan pemeriksaan NIK", max_length=300, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["name"]
        # Lists sort by (name, id): with this index a page needs no sort of the whole table.
        indexes = [models.Index(fields=["name", "id"], name="employee_name_id_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("id")), name="employee_not_own_supervisor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.nip})"

    @property
    def display_name(self) -> str:
        """The name with academic titles as written on decrees: "dr. Siti Aminah, M.Kes."."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name


class EducationHistory(BaseModel):
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.CASCADE, related_name="education"
    )
    level = models.ForeignKey(EducationLevel, verbose_name="jenjang", on_delete=models.PROTECT)
    major = models.CharField("jurusan/program studi", max_length=150, blank=True)
    # Blank when the record came from a selection: the application asks for the level and the
    # major (checked against the ijazah), not the institution or the year.
    institution = models.CharField("institusi", max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField("tahun lulus", null=True, blank=True)

    class Meta:
        verbose_name = "riwayat pendidikan"
        verbose_name_plural = "riwayat pendidikan"
        ordering = ["-graduation_year"]

    def __str__(self) -> str:
        year = f" ({self.graduation_year})" if self.graduation_year else ""
        return f"{self.level} {self.major}{year}".replace("  ", " ")


class RankHistory(BaseModel):
    """Riwayat pangkat/golongan."""

    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.CASCADE, related_name="rank_history"
    )
    golongan = models.ForeignKey(Golongan, verbose_name="golongan", on_delete=models.PROTECT)
    tmt = models.DateField("TMT")
    decree_number = models.CharField("nomor SK", max_length=100, blank=True)

    class Meta:
        verbose_name = "riwayat pangkat"
        verbose_name_plural = "riwayat pangkat"
        ordering = ["-tmt"]

    def __str__(self) -> str:
        return f"{self.golongan.code} TMT {self.tmt:%d-%m-%Y}"


class PositionHistory(BaseModel):
    """Riwayat jabatan."""

    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.CASCADE, related_name="position_history"
    )
    position = models.ForeignKey(Position, verbose_name="jabatan", on_delete=models.PROTECT)
    work_unit = models.ForeignKey(WorkUnit, verbose_name="unit kerja", on_delete=models.PROTECT)
    tmt = models.DateField("TMT")
    decree_number = models.CharField("nomor SK", max_length=100, blank=True)

    class Meta:
        verbose_name = "riwayat jabatan"
        verbose_name_plural = "riwayat jabatan"
        ordering = ["-tmt"]

    def __str__(self) -> str:
        return f"{self.position} TMT {self.tmt:%d-%m-%Y}"
