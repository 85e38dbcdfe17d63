"""Each role logs in through the form and sees its own menu; static files load under the CSP."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from browser_tests.conftest import BROWSER
from simerit.accounts.models import User

pytestmark = BROWSER

EXPECTED_MENUS = [
    (
        "hr_admin",
        [
            "Beranda",
            "Katalog Pelatihan",
            "Persetujuan Pelatihan",
            "Pegawai",
            "Impor Pegawai",
            "Unit Kerja",
            "Periode Seleksi",
            "Formasi",
            "Verifikasi & Pengumuman",
            "Dasbor Seleksi",
            "Bank Soal",
            "Kisi-kisi Ujian",
            "Sesi Ujian",
            "Pengawasan Ujian",
            "Analisis Butir",
            "Hasil Ujian",
            "Seleksi Kompetensi",
            "Periode Kinerja",
            "Kinerja Unit",
            "Kalibrasi Penilai",
            "Kebutuhan Pengembangan",
            "Kelas Pelatihan",
            "Validasi Pelatihan Eksternal",
            "Kepatuhan JP",
            "Analisis Kebutuhan Pelatihan",
            "Pelatihan Kepemimpinan",
            "Evaluasi Pelatihan",
            "Kompetensi",
            "Impor Asesmen Kompetensi",
            "Pengaturan Pelatihan",
            "Sosialisasi Seleksi",
            "Bahan Bacaan Seleksi",
            "Kasus Disiplin",
            "Register Hukuman",
            "Rekap Kehadiran",
            "Penghargaan",
            "Satyalancana",
            "TPP",
            "Kenaikan Pangkat",
            "Manajemen Talenta",
            "Proyeksi Pensiun",
            "Jejak Audit",
            "Token API",
        ],
    ),
    (
        "opd_admin",
        [
            "Beranda",
            "Katalog Pelatihan",
            "Pegawai",
            "Impor Pegawai",
            "Unit Kerja",
            "Formasi",
            "Dasbor Seleksi",
            "Kinerja Unit",
            "Kepatuhan JP",
            "Analisis Kebutuhan Pelatihan",
            "Pelatihan Kepemimpinan",
            "Kompetensi",
            "Impor Asesmen Kompetensi",
            "Penghargaan",
            "Satyalancana",
            "TPP",
            "Kenaikan Pangkat",
            "Manajemen Talenta",
            "Proyeksi Pensiun",
            "Token API",
        ],
    ),
    (
        "supervisor",
        [
            "Beranda",
            "Profil Saya",
            "Karier Saya",
            "Tim Saya",
            "Kinerja Saya",
            "Penilaian 360 Saya",
            "SKP Tim",
            "Keberatan Kinerja",
            "Pelatihan Saya",
            "Katalog Pelatihan",
            "Pendaftaran Pelatihan",
            "Persetujuan Pelatihan",
            "Survei Pelatihan",
            "Pelatihan Eksternal",
            "Kebutuhan Pelatihan Saya",
            "Kompetensi Saya",
            "Kinerja Unit",
            "Kalibrasi Penilai",
            "Kepatuhan JP",
            "Kasus Disiplin",
            "Kenaikan Pangkat",
            "Token API",
        ],
    ),
    (
        "employee",
        [
            "Beranda",
            "Profil Saya",
            "Karier Saya",
            "Kinerja Saya",
            "Penilaian 360 Saya",
            "Pelatihan Saya",
            "Katalog Pelatihan",
            "Pendaftaran Pelatihan",
            "Survei Pelatihan",
            "Pelatihan Eksternal",
            "Kebutuhan Pelatihan Saya",
            "Kompetensi Saya",
            "Token API",
        ],
    ),
    (
        "applicant",
        [
            "Beranda",
            "Lamaran Saya",
            "Hasil Seleksi",
            "Ujian Saya",
            "Kartu Ujian",
            "Tryout",
            "Hasil Akhir",
            "Token API",
        ],
    ),
    ("verifier", ["Beranda", "Antrean Verifikasi", "Konflik Kepentingan", "Token API"]),
    ("assessor", ["Beranda", "Penilaian Saya", "Konflik Kepentingan", "Token API"]),
    ("proctor", ["Beranda", "Pemeriksaan Kehadiran", "Pengawasan Ujian", "Token API"]),
    ("question_writer", ["Beranda", "Bank Soal", "Token API"]),
    (
        "auditor",
        [
            "Beranda",
            "Katalog Pelatihan",
            "Pegawai",
            "Unit Kerja",
            "Dasbor Seleksi",
            "Kisi-kisi Ujian",
            "Sesi Ujian",
            "Analisis Butir",
            "Hasil Ujian",
            "Seleksi Kompetensi",
            "Periode Kinerja",
            "Kinerja Unit",
            "Kalibrasi Penilai",
            "Kebutuhan Pengembangan",
            "Kelas Pelatihan",
            "Validasi Pelatihan Eksternal",
            "Kepatuhan JP",
            "Analisis Kebutuhan Pelatihan",
            "Pelatihan Kepemimpinan",
            "Evaluasi Pelatihan",
            "Kompetensi",
            "Pengaturan Pelatihan",
            "Sosialisasi Seleksi",
            "Bahan Bacaan Seleksi",
            "Kasus Disiplin",
            "Register Hukuman",
            "Rekap Kehadiran",
            "Penghargaan",
            "Satyalancana",
            "TPP",
            "Kenaikan Pangkat",
            "Manajemen Talenta",
            "Proyeksi Pensiun",
            "Jejak Audit",
            "Token API",
        ],
    ),
]


@pytest.mark.parametrize(("persona", "expected"), EXPECTED_MENUS)
def test_each_role_sees_its_own_navigation(
    persona: str,
    expected: list[str],
    request: pytest.FixtureRequest,
    log_in: Callable[[User], Page],
) -> None:
    user: User = request.getfixturevalue(persona)

    page = log_in(user)

    links = page.locator("[data-testid=nav] a.nav-link")
    assert links.all_inner_texts() == expected
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Selamat datang, {user.full_name or user.username}"
    )


def test_every_menu_link_opens_without_error_or_csp_violation(
    hr_admin: User, page: Page, log_in: Callable[[User], Page]
) -> None:
    # given: everything the browser complains about, from the login page on
    complaints: list[str] = []
    page.on("console", lambda message: complaints.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: complaints.append(f"pageerror: {error}"))
    log_in(hr_admin)
    hrefs = page.locator("[data-testid=nav] a.nav-link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )

    # when
    statuses = {}
    for href in hrefs:
        response = page.goto(href)
        assert response is not None
        statuses[href] = response.status

    # then
    assert statuses == dict.fromkeys(hrefs, 200)
    assert complaints == []


def test_styles_and_scripts_load(employee: User, log_in: Callable[[User], Page]) -> None:
    page = log_in(employee)

    # simerit.css colours the navigation bar; Bootstrap's .container-lg caps the main column.
    navbar_colour = page.locator("nav.navbar").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert navbar_colour == "rgb(11, 79, 108)"
    assert page.locator("main").evaluate("el => getComputedStyle(el).maxWidth") == "1140px"
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"
