"""The organisation: work units (unit kerja), positions (jabatan) and regulation reference tables."""

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel


class Region(models.Model):
    """Kemendagri administrative region code (Permendagri 72/2019), e.g. 16.71.01 = Ilir Barat II."""

    class Level(models.TextChoices):
        PROVINCE = "provinsi", "Provinsi"
        REGENCY = "kabupaten_kota", "Kabupaten/Kota"
        DISTRICT = "kecamatan", "Kecamatan"

    code = models.CharField("kode", max_length=13, unique=True)
    name = models.CharField("nama", max_length=100)
    level = models.CharField("tingkat", max_length=20, choices=Level.choices)

    class Meta:
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Golongan(models.Model):
    """Golongan ruang and pangkat of PNS (PP 99/2000), I/a to IV/e."""

    code = models.CharField("golongan/ruang", max_length=5, unique=True)
    pangkat = models.CharField("pangkat", max_length=60)
    rank = models.PositiveSmallIntegerField("urutan", unique=True)

    class Meta:
        verbose_name = "golongan"
        verbose_name_plural = "golongan"
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.pangkat} ({self.code})"


class EducationLevel(models.Model):
    """Jenjang pendidikan, ordered from SD to S-3."""

    code = models.CharField("kode", max_length=5, unique=True)
    name = models.CharField("nama", max_length=60)
    rank = models.PositiveSmallIntegerField("urutan", unique=True)

    class Meta:
        verbose_name = "jenjang pendidikan"
        verbose_name_plural = "jenjang pendidikan"
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class WorkUnitQuerySet(models.QuerySet["WorkUnit"]):
    def active(self) -> "WorkUnitQuerySet":
        return self.filter(is_active=True)

    def subtree(self, unit: "WorkUnit") -> "WorkUnitQuerySet":
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class WorkUnit(BaseModel):
    """Unit kerja: Pemerintah Kota → OPD → bidang/bagian → seksi/subbagian; kecamatan, kelurahan."""

    class Kind(models.TextChoices):
        GOVERNMENT = "pemda", "Pemerintah Daerah"
        OPD = "opd", "Perangkat Daerah (OPD)"
        DIVISION = "bidang", "Bidang/Bagian"
        SECTION = "seksi", "Seksi/Subbagian"
        TECHNICAL_UNIT = "uptd", "UPTD/Puskesmas/Sekolah"
        DISTRICT = "kecamatan", "Kecamatan"
        VILLAGE = "kelurahan", "Kelurahan"

    name = models.CharField("nama", max_length=200)
    short_name = models.CharField("singkatan", max_length=60, blank=True)
    code = models.CharField("kode unit", max_length=40, unique=True)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="unit induk",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of primary keys ("/1/4/17/"): subtree queries are one indexed LIKE.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    region = models.ForeignKey(
        Region, verbose_name="wilayah", null=True, blank=True, on_delete=models.PROTECT
    )
    is_active = models.BooleanField("aktif", default=True)

    objects = WorkUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: "WorkUnit") -> bool:
        """True when this unit is `other` or lies below it."""
        return self.path.startswith(other.path)


class Position(BaseModel):
    """Jabatan (UU 20/2023 Pasal 13–18), with its legacy eselon where it has one."""

    class Kind(models.TextChoices):
        JPT_UTAMA = "jpt_utama", "JPT Utama"
        JPT_MADYA = "jpt_madya", "JPT Madya"
        JPT_PRATAMA = "jpt_pratama", "JPT Pratama"
        ADMINISTRATOR = "administrator", "Administrator"
        PENGAWAS = "pengawas", "Pengawas"
        FUNGSIONAL = "fungsional", "Fungsional"
        PELAKSANA = "pelaksana", "Pelaksana"

    class FunctionalLevel(models.TextChoices):
        AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
        AHLI_MUDA = "ahli_muda", "Ahli Muda"
        AHLI_MADYA = "ahli_madya", "Ahli Madya"
        AHLI_UTAMA = "ahli_utama", "Ahli Utama"
        PEMULA = "pemula", "Pemula"
        TERAMPIL = "terampil", "Terampil"
        MAHIR = "mahir", "Mahir"
        PENYELIA = "penyelia", "Penyelia"

    class Eselon(models.TextChoices):
        IA = "I.a", "I.a"
        IB = "I.b", "I.b"
        IIA = "II.a", "II.a"
        IIB = "II.b", "II.b"
        IIIA = "III.a", "III.a"
        IIIB = "III.b", "III.b"
        IVA = "IV.a", "IV.a"
        IVB = "IV.b", "IV.b"

    name = models.CharField("nama jabatan", max_length=200)
    kind = models.CharField("jenis jabatan", max_length=20, choices=Kind.choices)
    functional_level = models.CharField(
        "jenjang fungsional", max_length=20, choices=FunctionalLevel.choices, blank=True
    )
    eselon = models.CharField("eselon", max_length=5, choices=Eselon.choices, blank=True)
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name="unit kerja",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="fungsional") | models.Q(functional_level=""),
                name="position_level_only_for_functional",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_managerial(self) -> bool:
        return self.kind in {
            self.Kind.JPT_UTAMA,
            self.Kind.JPT_MADYA,
            self.Kind.JPT_PRATAMA,
            self.Kind.ADMINISTRATOR,
            self.Kind.PENGAWAS,
        }


class OpdAdmin(BaseModel):
    """The work unit an Admin OPD manages: that unit and every unit below it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="pengguna",
        on_delete=models.CASCADE,
        related_name="opd_admin",
    )
    work_unit = models.ForeignKey(WorkUnit, verbose_name="unit kerja", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "cakupan admin OPD"
        verbose_name_plural = "cakupan admin OPD"

    def __str__(self) -> str:
        return f"{self.user} → {self.work_unit}"
