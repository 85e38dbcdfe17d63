"""The demo's fixed points: the root unit, the shared password, the random seed and the logins.

The organisation is in units.py, the jabatan in positions.py.
"""

from dataclasses import dataclass

from simerit.core.roles import Role

ROOT_CODE = "PEMKOT"
ROOT_NAME = "Pemerintah Kota Palembang"
# One password for every demo login; it passes AUTH_PASSWORD_VALIDATORS.
DEMO_PASSWORD = "SiMerit-Demo-2026"  # noqa: S105 (printed on purpose: demo data only)
SEED = 1671


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    roles: tuple[Role, ...]
    opd_scope: str = ""  # unit code of an Admin OPD's scope
    employee: str = ""  # the linked employee: "head:<unit code>" or "staff:<unit code>"
    # An applicant registers through the recruitment services: the user name is the e-mail.
    applicant: bool = False


# Logins, one per role. The atasan is the Kepala Bidang Pelayanan Kesehatan; the pegawai is one
# of the staff directly under that bidang (the same story as the test personas in conftest.py).
# Three verifiers: a TMS needs a second one (four-eyes) and a sanggah a third, uninvolved one.
# Two Admin BKPSDM: a sanggah on a final result is decided by one who did not publish it. Three
# assessors: every SKB case has two independent ones, and a flagged case a third.
DEMO_ACCOUNTS = (
    DemoAccount("admin.bkpsdm", "Admin BKPSDM", (Role.ADMIN_BKPSDM,)),
    DemoAccount("admin.bkpsdm2", "Admin BKPSDM Kedua", (Role.ADMIN_BKPSDM,)),
    DemoAccount("admin.dinkes", "Admin Dinas Kesehatan", (Role.ADMIN_OPD,), opd_scope="DINKES"),
    DemoAccount("atasan", "", (Role.PEGAWAI, Role.ATASAN), employee="head:DINKES-YANKES"),
    DemoAccount("pegawai", "", (Role.PEGAWAI,), employee="staff:DINKES-YANKES"),
    DemoAccount("pelamar@demo.simerit.test", "Rizky Pratama", (Role.PELAMAR,), applicant=True),
    DemoAccount("verifikator", "Verifikator Berkas BKPSDM", (Role.VERIFIKATOR,)),
    DemoAccount("verifikator2", "Verifikator Berkas BKPSDM Kedua", (Role.VERIFIKATOR,)),
    DemoAccount("verifikator3", "Verifikator Berkas BKPSDM Ketiga", (Role.VERIFIKATOR,)),
    DemoAccount("asesor", "Asesor Kompetensi", (Role.ASESOR,)),
    DemoAccount("asesor.2", "Asesor Kompetensi Kedua", (Role.ASESOR,)),
    DemoAccount("asesor.3", "Asesor Kompetensi Ketiga", (Role.ASESOR,)),
    DemoAccount("pengawas", "Pengawas Ujian", (Role.PENGAWAS_UJIAN,)),
    DemoAccount("penulis.soal", "Penulis Soal BKPSDM", (Role.PENULIS_SOAL,)),
    DemoAccount("auditor", "Auditor Inspektorat", (Role.AUDITOR,)),
)
