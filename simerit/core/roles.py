"""The roles of SiMerit. Each role is a Django group whose name is the role's value."""

from django.db import models


class Role(models.TextChoices):
    PELAMAR = "pelamar", "Pelamar"
    PEGAWAI = "pegawai", "Pegawai"
    ATASAN = "atasan", "Atasan"
    ADMIN_BKPSDM = "admin_bkpsdm", "Admin BKPSDM"
    ADMIN_OPD = "admin_opd", "Admin OPD"
    VERIFIKATOR = "verifikator", "Verifikator"
    ASESOR = "asesor", "Asesor"
    PENGAWAS_UJIAN = "pengawas_ujian", "Pengawas Ujian"
    PENULIS_SOAL = "penulis_soal", "Penulis Soal"
    AUDITOR = "auditor", "Auditor"
