"""The demo organisation: Pemerintah Kota Palembang, its OPD, kecamatan and kelurahan, and who works there.

OPD names follow domain reference §10.3 (Perda Kota Palembang 6/2016 as amended); kecamatan come
from the Region table (§4.4).
"""

from dataclasses import dataclass

from simerit.demo.positions import (
    ANALIS_SDM_MUDA,
    ANALIS_SDM_PERTAMA,
    APOTEKER_PERTAMA,
    ARSIPARIS,
    BIDAN_TERAMPIL,
    DOKTER_PERTAMA,
    GURU_MADYA,
    GURU_MUDA,
    GURU_PERTAMA,
    OPERATOR,
    PENATA,
    PENGADMINISTRASI,
    PENGELOLA,
    PERAWAT_PERTAMA,
    PERAWAT_TERAMPIL,
    L,
    PositionSpec,
    Staff,
    administrator,
    fungsional,
    jpt,
    pengawas,
    specialist,
)
from simerit.organization.models import WorkUnit


@dataclass(frozen=True)
class UnitSpec:
    """A unit with its head, optional deputy (sekretaris), staff and child units.

    Supervisors: the head reports to the head of the parent unit (OPD heads to the Sekretaris
    Daerah); the deputy reports to the head; staff report to the deputy, or the head if none.
    """

    code: str
    name: str
    kind: WorkUnit.Kind
    head: PositionSpec
    short_name: str = ""
    deputy: PositionSpec | None = None
    staff: tuple[Staff, ...] = ()
    children: tuple["UnitSpec", ...] = ()
    region: str = ""
    head_gender: str = ""


def generic_opd(
    code: str, name: str, short_name: str, specialist: PositionSpec, *, cpns: bool = False
) -> UnitSpec:
    """An OPD without sub-units in the demo: head, sekretaris and four staff."""
    # The head of the Sekretariat DPRD is the Sekretaris DPRD; its deputy heads the Bagian Umum.
    secretariat = name.startswith("Sekretariat")
    head = "Sekretaris DPRD" if secretariat else f"Kepala {name}"
    deputy = f"Kepala Bagian Umum {name}" if secretariat else f"Sekretaris {name}"
    return UnitSpec(
        code=code,
        name=name,
        short_name=short_name,
        kind=WorkUnit.Kind.OPD,
        head=jpt(head),
        deputy=administrator(deputy),
        staff=(
            Staff(specialist),
            Staff(PENATA, pns=0 if cpns else 1, cpns=1 if cpns else 0),
            Staff(PENGADMINISTRASI, pns=0, pppk=1),
            Staff(ARSIPARIS),
        ),
    )


def _kabid(name: str, *, titles: tuple[str, ...] = ()) -> PositionSpec:
    return administrator(f"Kepala {name}", eselon="III.b", titles=titles)


SEKRETARIAT_DAERAH = UnitSpec(
    code="SETDA",
    name="Sekretariat Daerah",
    short_name="Setda",
    kind=WorkUnit.Kind.OPD,
    head=jpt("Sekretaris Daerah", eselon="II.a"),
    staff=(Staff(PENGADMINISTRASI, pns=2),),
    children=(
        UnitSpec(
            code="SETDA-ORG",
            name="Bagian Organisasi",
            kind=WorkUnit.Kind.DIVISION,
            head=administrator("Kepala Bagian Organisasi"),
            staff=(
                Staff(fungsional("Analis Kebijakan", L.AHLI_PERTAMA), pns=2),
                Staff(PENGADMINISTRASI),
            ),
        ),
        UnitSpec(
            code="SETDA-HUKUM",
            name="Bagian Hukum",
            kind=WorkUnit.Kind.DIVISION,
            head=administrator("Kepala Bagian Hukum", titles=("S.H., M.H.",)),
            staff=(
                Staff(
                    fungsional(
                        "Perancang Peraturan Perundang-undangan", L.AHLI_PERTAMA, titles=("S.H.",)
                    ),
                    pns=1,
                    cpns=1,
                ),
                Staff(PENGADMINISTRASI),
            ),
        ),
    ),
)

INSPEKTORAT = UnitSpec(
    code="INSPEKTORAT",
    name="Inspektorat",
    short_name="Inspektorat",
    kind=WorkUnit.Kind.OPD,
    head=jpt("Inspektur", titles=("S.E., Ak., M.Si.", "S.H., M.H.")),
    deputy=administrator("Sekretaris Inspektorat"),
    staff=(
        Staff(fungsional("Auditor", L.AHLI_PERTAMA, titles=("S.E., Ak.", "S.Ak.")), pns=2, cpns=1),
        Staff(fungsional("Auditor", L.AHLI_MUDA, titles=("S.E., Ak.", "S.E., M.Ak."))),
        Staff(
            fungsional(
                "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah",
                L.AHLI_PERTAMA,
                titles=("S.IP.", "S.H."),
            ),
            pns=2,
        ),
        Staff(PENGADMINISTRASI, pns=1, pppk=1),
    ),
)

BKPSDM = UnitSpec(
    code="BKPSDM",
    name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    short_name="BKPSDM",
    kind=WorkUnit.Kind.OPD,
    head=jpt("Kepala BKPSDM"),
    deputy=administrator("Sekretaris BKPSDM"),
    staff=(Staff(PENGADMINISTRASI, pns=1, pppk=1),),
    children=(
        UnitSpec(
            code="BKPSDM-PPI",
            name="Bidang Pengadaan, Pemberhentian, dan Informasi",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Pengadaan, Pemberhentian, dan Informasi"),
            head_gender="P",
            staff=(
                Staff(ANALIS_SDM_PERTAMA, pns=1, cpns=1),
                Staff(fungsional("Pranata Komputer", L.AHLI_PERTAMA, titles=("S.Kom.",))),
                Staff(PENGELOLA),
            ),
        ),
        UnitSpec(
            code="BKPSDM-MUTASI",
            name="Bidang Mutasi dan Promosi",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Mutasi dan Promosi"),
            staff=(Staff(ANALIS_SDM_MUDA), Staff(ANALIS_SDM_PERTAMA, pns=2), Staff(OPERATOR)),
        ),
        UnitSpec(
            code="BKPSDM-BANGKOM",
            name="Bidang Pengembangan Kompetensi",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Pengembangan Kompetensi"),
            staff=(Staff(ANALIS_SDM_PERTAMA), Staff(PENGADMINISTRASI, pns=0, pppk=1)),
        ),
    ),
)


def _puskesmas(code: str, name: str, *, large: bool) -> UnitSpec:
    return UnitSpec(
        code=code,
        name=f"UPTD Puskesmas {name}",
        kind=WorkUnit.Kind.TECHNICAL_UNIT,
        head=pengawas(f"Kepala UPTD Puskesmas {name}", titles=("S.KM.", "S.Kep., Ners")),
        staff=(
            Staff(DOKTER_PERTAMA, pns=1, pppk=1 if large else 0),
            Staff(PERAWAT_PERTAMA, pns=0, pppk=2 if large else 1),
            Staff(PERAWAT_TERAMPIL, pns=2 if large else 1),
            Staff(BIDAN_TERAMPIL, pns=1, pppk=1),
            Staff(APOTEKER_PERTAMA),
            Staff(
                fungsional("Pranata Laboratorium Kesehatan", L.TERAMPIL, titles=("A.Md.AK.",)),
                pns=1 if large else 0,
                pppk=0 if large else 1,
            ),
            Staff(PENGADMINISTRASI, pns=0, pppk=1),
        ),
    )


DINAS_KESEHATAN = UnitSpec(
    code="DINKES",
    name="Dinas Kesehatan",
    short_name="Dinkes",
    kind=WorkUnit.Kind.OPD,
    head=jpt("Kepala Dinas Kesehatan", titles=("M.Kes.",), front_title="dr."),
    deputy=administrator("Sekretaris Dinas Kesehatan", titles=("S.KM., M.Kes.",)),
    staff=(Staff(PENGADMINISTRASI, pns=1, pppk=1),),
    children=(
        UnitSpec(
            code="DINKES-YANKES",
            name="Bidang Pelayanan Kesehatan",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Pelayanan Kesehatan", titles=("S.Kep., M.Kes.", "S.KM., M.Kes.")),
            staff=(
                Staff(PERAWAT_PERTAMA, pns=1, pppk=1),
                Staff(fungsional("Administrator Kesehatan", L.AHLI_PERTAMA, titles=("S.KM.",))),
            ),
            children=(
                UnitSpec(
                    code="DINKES-YANKES-PRIMER",
                    name="Seksi Pelayanan Kesehatan Primer",
                    kind=WorkUnit.Kind.SECTION,
                    head=pengawas("Kepala Seksi Pelayanan Kesehatan Primer", titles=("S.KM.",)),
                    staff=(Staff(PERAWAT_TERAMPIL, pns=1, pppk=1), Staff(PENATA)),
                ),
                UnitSpec(
                    code="DINKES-YANKES-RUJUKAN",
                    name="Seksi Pelayanan Kesehatan Rujukan",
                    kind=WorkUnit.Kind.SECTION,
                    head=pengawas("Kepala Seksi Pelayanan Kesehatan Rujukan", titles=("S.KM.",)),
                    staff=(Staff(PERAWAT_PERTAMA), Staff(PENGADMINISTRASI)),
                ),
            ),
        ),
        UnitSpec(
            code="DINKES-P2P",
            name="Bidang Pencegahan dan Pengendalian Penyakit",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Pencegahan dan Pengendalian Penyakit", titles=("S.KM., M.Kes.",)),
            staff=(
                Staff(
                    fungsional("Epidemiolog Kesehatan", L.AHLI_PERTAMA, titles=("S.KM.",)),
                    pns=2,
                ),
                Staff(fungsional("Sanitarian", L.TERAMPIL, titles=("A.Md.KL.",))),
            ),
        ),
        UnitSpec(
            code="DINKES-KESMAS",
            name="Bidang Kesehatan Masyarakat",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Kesehatan Masyarakat", titles=("S.KM., M.Kes.",)),
            head_gender="P",
            staff=(
                Staff(fungsional("Nutrisionis", L.AHLI_PERTAMA, titles=("S.Gz.",))),
                Staff(
                    fungsional("Penyuluh Kesehatan Masyarakat", L.AHLI_PERTAMA, titles=("S.KM.",))
                ),
                Staff(OPERATOR, pns=0, pppk=1),
            ),
        ),
        _puskesmas("DINKES-PKM-DEMPO", "Dempo", large=True),
        _puskesmas("DINKES-PKM-MERDEKA", "Merdeka", large=False),
    ),
)


def _school(code: str, name: str, *, pertama: tuple[int, int]) -> UnitSpec:
    return UnitSpec(
        code=code,
        name=name,
        kind=WorkUnit.Kind.TECHNICAL_UNIT,
        # Permendikbudristek 40/2021: a kepala sekolah is a guru given the additional task.
        head=fungsional(
            "Guru", L.AHLI_MADYA, titles=("S.Pd., M.Pd.",), name=f"Kepala {name} (Guru Ahli Madya)"
        ),
        staff=(
            Staff(GURU_PERTAMA, pns=pertama[0], pppk=pertama[1]),
            Staff(GURU_MUDA, pns=3),
            Staff(GURU_MADYA),
            Staff(PENGADMINISTRASI),
        ),
    )


DINAS_PENDIDIKAN = UnitSpec(
    code="DISDIK",
    name="Dinas Pendidikan",
    short_name="Disdik",
    kind=WorkUnit.Kind.OPD,
    head=jpt("Kepala Dinas Pendidikan", titles=("S.Pd., M.Pd.", "M.Pd.")),
    deputy=administrator("Sekretaris Dinas Pendidikan"),
    staff=(Staff(PENGADMINISTRASI, pns=1, pppk=1),),
    children=(
        UnitSpec(
            code="DISDIK-SD",
            name="Bidang Pembinaan Sekolah Dasar",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Pembinaan Sekolah Dasar", titles=("S.Pd., M.Pd.",)),
            staff=(
                Staff(fungsional("Pengawas Sekolah", L.AHLI_MADYA, titles=("S.Pd., M.Pd.",))),
                Staff(PENGADMINISTRASI),
            ),
        ),
        UnitSpec(
            code="DISDIK-SMP",
            name="Bidang Pembinaan Sekolah Menengah Pertama",
            kind=WorkUnit.Kind.DIVISION,
            head=_kabid("Bidang Pembinaan Sekolah Menengah Pertama", titles=("S.Pd., M.Pd.",)),
            staff=(
                Staff(fungsional("Pengawas Sekolah", L.AHLI_MUDA, titles=("S.Pd.",))),
                Staff(PENGADMINISTRASI),
            ),
        ),
        _school("SDN-1-PLG", "SD Negeri 1 Palembang", pertama=(2, 4)),
        _school("SMPN-1-PLG", "SMP Negeri 1 Palembang", pertama=(2, 3)),
    ),
)


# The other OPD: (code, name, short name, the specialist jabatan that characterises it).
GENERIC_OPD = (
    ("SETWAN", "Sekretariat DPRD", "Setwan", specialist("Analis Kebijakan")),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
        "Bappeda Litbang",
        specialist("Perencana", ("S.E.", "S.T.", "S.P.W.K.")),
    ),
    ("BAPENDA", "Badan Pendapatan Daerah", "Bapenda", specialist("Analis Kebijakan", ("S.E.",))),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        specialist("Analis Keuangan Pusat dan Daerah", ("S.E.", "S.Ak.")),
    ),
    (
        "KESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        specialist("Analis Kebijakan"),
    ),
    (
        "PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "PUPR",
        specialist("Teknik Jalan dan Jembatan", ("S.T.",)),
    ),
    (
        "PERKIM",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "Perkim",
        specialist("Penata Kelola Bangunan Gedung dan Kawasan Permukiman", ("S.T.",)),
    ),
    (
        "DLHK",
        "Dinas Lingkungan Hidup dan Kebersihan",
        "DLHK",
        specialist("Pengendali Dampak Lingkungan", ("S.T.", "S.Si.")),
    ),
    ("DISHUB", "Dinas Perhubungan", "Dishub", specialist("Penguji Kendaraan Bermotor", ("S.T.",))),
    (
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        specialist("Administrator Database Kependudukan", ("S.Kom.",)),
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        specialist("Analis Kebijakan"),
    ),
    ("DINSOS", "Dinas Sosial", "Dinsos", specialist("Pekerja Sosial", ("S.Sos.",))),
    (
        "DISPAR",
        "Dinas Pariwisata",
        "Dispar",
        specialist("Adyatama Kepariwisataan dan Ekonomi Kreatif"),
    ),
    ("DISBUD", "Dinas Kebudayaan", "Disbud", specialist("Pamong Budaya", ("S.S.", "S.Sn."))),
    ("DISPORA", "Dinas Kepemudaan dan Olahraga", "Dispora", specialist("Analis Kebijakan")),
    (
        "DPPPA",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "DPPPA",
        specialist("Analis Kebijakan", ("S.Sos.", "S.Psi.")),
    ),
    (
        "DKPP",
        "Dinas Ketahanan Pangan dan Pertanian",
        "DKPP",
        specialist("Penyuluh Pertanian", ("S.P.",)),
    ),
    (
        "DISPERIN",
        "Dinas Perindustrian",
        "Disperin",
        specialist("Pembina Industri", ("S.T.", "S.E.")),
    ),
    (
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        specialist("Pranata Komputer", ("S.Kom.", "S.T.")),
    ),
    (
        "DPBK",
        "Dinas Penanggulangan Bencana dan Kebakaran",
        "DPBK",
        specialist("Analis Kebencanaan", ("S.T.", "S.Si.")),
    ),
    (
        "SATPOLPP",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        specialist("Polisi Pamong Praja", ("S.H.",)),
    ),
    (
        "DAPD",
        "Dinas Arsip, Perpustakaan dan Dokumentasi",
        "Dinas Arsip",
        specialist("Pustakawan", ("S.IIP.", "S.Hum.")),
    ),
    (
        "DPMK",
        "Dinas Pemberdayaan Masyarakat Kelurahan",
        "DPMK",
        specialist("Penggerak Swadaya Masyarakat", ("S.Sos.",)),
    ),
    (
        "DPPKB",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana",
        "DPPKB",
        specialist("Penyuluh Keluarga Berencana", ("S.Sos.", "S.KM.")),
    ),
)

# Kelurahan in the demo, by the Kemendagri code of their kecamatan (§4.4).
KELURAHAN = (
    ("16.71.04", "Bukit Lama"),
    ("16.71.04", "Lorok Pakjo"),
    ("16.71.09", "Sekip Jaya"),
    ("16.71.09", "Pahlawan"),
    ("16.71.07", "Sukarami"),
    ("16.71.07", "Kebun Bunga"),
    ("16.71.14", "Plaju Ulu"),
    ("16.71.14", "Bagus Kuning"),
    ("16.71.12", "Gandus"),
    ("16.71.12", "Pulo Kerto"),
    ("16.71.11", "19 Ilir"),
    ("16.71.11", "Talang Semut"),
)


def kecamatan(region_code: str, region_name: str) -> UnitSpec:
    """A kecamatan with camat, sekcam, two staff and its demo kelurahan."""
    kelurahan = tuple(
        UnitSpec(
            code=f"KEL-{region_code}-{index}",
            name=f"Kelurahan {name}",
            kind=WorkUnit.Kind.VILLAGE,
            head=pengawas(f"Lurah {name}"),
            staff=(Staff(PENGADMINISTRASI, pns=index % 2, pppk=1 - index % 2),),
            region=region_code,
        )
        for index, (code, name) in enumerate(
            (item for item in KELURAHAN if item[0] == region_code), start=1
        )
    )
    return UnitSpec(
        code=f"KEC-{region_code}",
        name=f"Kecamatan {region_name}",
        short_name=f"Kec. {region_name}",
        kind=WorkUnit.Kind.DISTRICT,
        head=administrator(f"Camat {region_name}", titles=("S.STP., M.Si.", "S.IP., M.Si.")),
        deputy=administrator(f"Sekretaris Kecamatan {region_name}", eselon="III.b"),
        staff=(Staff(PENATA), Staff(PENGADMINISTRASI, pns=0, pppk=1)),
        children=kelurahan,
        region=region_code,
    )


def opd_units() -> tuple[UnitSpec, ...]:
    """Every OPD, the Sekretariat Daerah first (its head supervises the other heads)."""
    generic = tuple(
        generic_opd(code, name, short, specialist, cpns=index % 3 == 0)
        for index, (code, name, short, specialist) in enumerate(GENERIC_OPD)
    )
    return (SEKRETARIAT_DAERAH, INSPEKTORAT, BKPSDM, DINAS_KESEHATAN, DINAS_PENDIDIKAN, *generic)
