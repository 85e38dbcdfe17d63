"""Issue #3's acceptance story, through the pages, by the people who use them.

A visitor checks eligibility on the public board, registers, confirms the e-mail, logs in, applies,
uploads the documents, submits, downloads the receipt and opens its link; HR runs the verifier
assignment; one verifier marks a document invalid (TMS) and a second confirms; HR publishes the
announcement; the applicant files a sanggah; a third verifier grants it; HR publishes the
correction and the applicant sees MS.

What the pages do not offer is set up with factories: the period, its windows and the formasi
(Admin BKPSDM's own pages are tested elsewhere). Time passing is the stage windows moving past
"now". Which verifier gets which task is random (services.verification); the test reads the
assignment from the database, as the verifier would read it in their queue.

The applicant's pages are looked at on a phone-sized viewport; screenshots go to /tmp/.
"""

import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import (
    Browser,
    Dialog,
    FilePayload,
    Locator,
    Page,
    ViewportSize,
    expect,
)
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from browser_tests.conftest import BROWSER, TIMEOUT_MS
from conftest import Org
from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD, UserFactory
from simerit.core.roles import Role
from simerit.organization.tests.factories import PositionFactory
from simerit.recruitment.models import (
    Application,
    Formasi,
    FormasiEducation,
    SelectionPeriod,
    VerificationAssignment,
)
from simerit.recruitment.tests.factories import (
    FormasiFactory,
    SelectionPeriodFactory,
    make_applicant_nik,
    open_windows,
)

pytestmark = BROWSER

PHONE = ViewportSize(width=390, height=844)
DESKTOP = ViewportSize(width=1280, height=800)
SCREENSHOTS = Path(tempfile.gettempdir())
NURSE = "2026-DINKES-001"
TEACHER = "2026-DISDIK-001"
BIRTH = dt.date(1998, 5, 14)
APPLICANT_EMAIL = "siti.aminah@contoh.id"
APPLICANT_PASSWORD = "Melati-Palembang-2026"
PUBLIC_REASON = "Ijazah: Berkas tidak terbaca atau buram"
# How the pages print a moment, e.g. "28 November 2026 16.50".
WHEN = r"\d{1,2} [A-Z][a-z]+ \d{4} \d{2}\.\d{2}"
INVALID_NOTE = "Halaman ijazah kosong; nilai dan tanda tangan tidak terlihat."


@pytest.fixture
def questions() -> list[str]:
    """The data-confirm questions the people were asked, in order; each one is answered yes."""
    return []


@pytest.fixture
def open_page(
    browser: Browser, live_server: LiveServer, questions: list[str]
) -> Iterator[Callable[[ViewportSize], Page]]:
    """A fresh browser context (one per person) with the live server as base URL."""
    contexts = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    def open_for(viewport: ViewportSize) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", viewport=viewport, accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", accept)
        return page

    yield open_for
    for context in contexts:
        context.close()


def jpeg_scan() -> bytes:
    image = Image.new("RGB", (320, 200), (235, 240, 250))
    ImageDraw.Draw(image).text((20, 20), "KTP SITI AMINAH", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def pdf_scan() -> bytes:
    out = io.BytesIO()
    document = canvas.Canvas(out, pagesize=A4)
    document.drawString(72, 760, "IJAZAH SARJANA KEPERAWATAN - SITI AMINAH")
    document.showPage()
    document.save()
    return out.getvalue()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("/")


def expand_menu(page: Page) -> None:
    """On a phone the menu is behind its toggle; wait until it has finished opening."""
    toggle = page.get_by_role("button", name="Buka menu")
    if toggle.is_visible():
        toggle.click()
        expect(page.locator("#nav-utama")).to_have_class(re.compile(r"\bshow\b"))


def open_menu(page: Page, label: str) -> None:
    """Follow a main-menu entry."""
    expand_menu(page)
    page.get_by_test_id("nav").get_by_role("link", name=label, exact=True).click()


def move_windows(period: SelectionPeriod, *, days_passed: float) -> None:
    """As if `days_passed` days went by since open_windows() laid the schedule around now."""
    open_windows(period, now=timezone.now() - dt.timedelta(days=days_passed))


def assignee(application: Application, role: str) -> User:
    return VerificationAssignment.objects.get(application=application, role=role).verifier


def flash(page: Page) -> Locator:
    """The messages shown after a POST (components/messages.html)."""
    return page.locator(".messages .alert")


def shot(page: Page, name: str) -> None:
    """Keep a picture of the page; on a phone, the page must also fit without sideways scrolling."""
    page.screenshot(path=str(SCREENSHOTS / f"rekrutmen-{name}.png"), full_page=True)
    if page.viewport_size == PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"], name


def test_applicant_road_from_the_board_to_ms_after_a_granted_sanggah(
    org: Org,
    hr_admin: User,
    open_page: Callable[[ViewportSize], Page],
    questions: list[str],
    mailoutbox: list[mail.EmailMessage],
) -> None:
    # given: the period with registration open now, a nursing and a teaching formasi, verifiers
    period = SelectionPeriodFactory.create(name="Seleksi CASN 2026 Kota Palembang")
    open_windows(period)
    FormasiFactory.create(period=period, code=NURSE, work_unit=org.dinkes)
    teacher = FormasiFactory.create(
        period=period,
        code=TEACHER,
        work_unit=org.disdik,
        position=PositionFactory.create(name="Guru Ahli Pertama"),
    )
    FormasiEducation.objects.filter(formasi=teacher).update(majors=["Pendidikan Matematika"])
    for name in ("Verifikator Satu", "Verifikator Dua", "Verifikator Tiga"):
        UserFactory.create(
            username=name.lower().replace(" ", "."), full_name=name, roles=[Role.VERIFIKATOR]
        )
    visitor = open_page(PHONE)

    # a visitor checks eligibility on the public board
    visitor.goto("/seleksi/formasi/")
    visitor.get_by_label("Tanggal lahir").fill(BIRTH.isoformat())
    visitor.get_by_label("Pendidikan terakhir").select_option(label="Sarjana (S-1)")
    visitor.get_by_label("Program studi / jurusan").fill("Keperawatan")
    visitor.get_by_role("button", name="Cek kelayakan").click()
    expect(visitor.get_by_test_id(f"formasi-{NURSE}").get_by_test_id("eligible")).to_have_text(
        "Anda memenuhi syarat formasi ini."
    )
    refusal = visitor.get_by_test_id(f"formasi-{TEACHER}").get_by_test_id("not-eligible")
    expect(refusal.locator("li")).to_have_text(
        [
            "Program studi Anda (Keperawatan) tidak termasuk yang diterima untuk Sarjana (S-1): "
            "Pendidikan Matematika."
        ]
    )
    shot(visitor, "1-papan-cek-kelayakan")

    # registers, confirms the e-mail through the link, logs out and in again
    visitor.get_by_test_id("public-nav").get_by_role("link", name="Daftar").click()
    visitor.wait_for_url("/seleksi/daftar/")
    nik = make_applicant_nik(birth_date=BIRTH, gender="P", serial=17)
    visitor.get_by_label("NIK *", exact=True).fill(nik)
    visitor.get_by_label("Nomor Kartu Keluarga (KK)").fill("1671070101230045")
    visitor.get_by_label("Nama sesuai KTP").fill("Siti Aminah")
    visitor.get_by_label("Tempat lahir").fill("Palembang")
    visitor.get_by_label("Tanggal lahir").fill(BIRTH.isoformat())
    visitor.get_by_label("Jenis kelamin").select_option("P")
    visitor.get_by_label("Nomor HP").fill("081234567801")
    visitor.get_by_label("E-mail").fill(APPLICANT_EMAIL)
    visitor.get_by_label("Kata sandi *", exact=True).fill(APPLICANT_PASSWORD)
    visitor.get_by_label("Ulangi kata sandi").fill(APPLICANT_PASSWORD)
    visitor.get_by_label("Pendidikan terakhir").select_option(label="Sarjana (S-1)")
    visitor.get_by_label("Program studi / jurusan").fill("Keperawatan")
    visitor.get_by_label("IPK / nilai rata-rata ijazah").fill("3.41")
    visitor.get_by_label("Saya telah membaca dan menyetujui").check()
    shot(visitor, "2-daftar")
    visitor.get_by_role("button", name="Daftar").click()
    visitor.wait_for_url("/seleksi/lamaran-saya/")
    expect(visitor.get_by_test_id("email-status")).to_have_text(
        f"{APPLICANT_EMAIL} belum dikonfirmasi"
    )
    assert [message.to for message in mailoutbox] == [[APPLICANT_EMAIL]]
    link = re.search(r"https?://\S+/daftar/konfirmasi/\S+/", str(mailoutbox[0].body))
    assert link is not None
    visitor.goto(urlsplit(link.group(0)).path)
    visitor.get_by_role("button", name="Konfirmasi e-mail saya").click()
    visitor.wait_for_url("/seleksi/lamaran-saya/")
    expect(visitor.get_by_test_id("email-status")).to_have_text(f"{APPLICANT_EMAIL} terkonfirmasi")
    expand_menu(visitor)
    visitor.get_by_role("button", name="Siti Aminah").click()
    visitor.get_by_role("button", name="Keluar").click()
    visitor.wait_for_url("/akun/masuk/")
    applicant = visitor
    log_in(applicant, APPLICANT_EMAIL, APPLICANT_PASSWORD)

    # applies to the nursing formasi, uploads both documents and submits
    open_menu(applicant, "Lamaran Saya")
    applicant.get_by_role("link", name="Pilih formasi yang dibuka").click()
    expect(applicant.get_by_test_id(f"formasi-{NURSE}").locator("td").nth(3)).to_have_text(
        "Memenuhi syarat"
    )
    shot(applicant, "3-pilih-formasi")
    applicant.get_by_role("link", name=f"Lihat formasi {NURSE}").click()
    applicant.get_by_role("button", name="Lamar formasi ini").click()
    expect(applicant.get_by_test_id("application-status")).to_have_text("Draf, belum dikirim")
    expect(applicant.get_by_test_id("missing")).to_have_text("Belum diunggah: Ijazah, KTP.")
    applicant.get_by_label("Berkas KTP").set_input_files(
        files=FilePayload(name="ktp.jpg", mimeType="image/jpeg", buffer=jpeg_scan())
    )
    applicant.get_by_role("button", name="Unggah KTP").click()
    expect(flash(applicant)).to_have_text("KTP tersimpan.")
    applicant.get_by_label("Berkas Ijazah").set_input_files(
        files=FilePayload(name="ijazah.pdf", mimeType="application/pdf", buffer=pdf_scan())
    )
    applicant.get_by_role("button", name="Unggah Ijazah").click()
    expect(flash(applicant)).to_have_text("Ijazah tersimpan.")
    expect(applicant.get_by_test_id("missing")).to_have_count(0)
    shot(applicant, "4-dokumen")
    applicant.get_by_role("button", name="Kirim lamaran").click()
    expect(applicant.get_by_test_id("application-status")).to_have_text(
        re.compile(rf"^Dikirim {WHEN} WIB$")
    )
    application = Application.objects.select_related("applicant").get()
    number = application.registration_number
    expect(applicant.get_by_role("heading", level=1)).to_have_text(f"Lamaran {number}")
    shot(applicant, "5-terkirim")

    # downloads the receipt and opens its link: the public page confirms it
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name="Unduh bukti pendaftaran (PDF)").click()
    assert download.value.suggested_filename == f"bukti-pendaftaran-{number}.pdf"
    download.value.save_as(SCREENSHOTS / "rekrutmen-bukti-pendaftaran.pdf")
    text = "".join(page.extract_text() for page in PdfReader(download.value.path()).pages)
    receipt_link = re.search(r"https?://\S+?/seleksi/bukti/[\w-]+/", text.replace("\n", ""))
    assert receipt_link is not None
    assert urlsplit(receipt_link.group(0)).path == f"/seleksi/bukti/{application.receipt_key}/"
    applicant.goto(urlsplit(receipt_link.group(0)).path)
    expect(applicant.get_by_test_id("receipt-genuine")).to_have_text(
        "Bukti pendaftaran ini sah: lamaran tercatat di SiMerit dan sudah dikirim."
    )
    expect(applicant.locator("dd").nth(0)).to_have_text(number)
    expect(applicant.locator("dd").nth(1)).to_have_text("S*** A*****")
    shot(applicant, "6-bukti-sah")

    # time passes: registration closes, verification opens; HR runs the assignment
    move_windows(period, days_passed=12)
    hr = open_page(DESKTOP)
    log_in(hr, hr_admin.username)
    open_menu(hr, "Verifikasi & Pengumuman")
    expect(hr.get_by_test_id("backlog")).to_have_text(
        "Menunggu verifikator: 1 lamaran baru, 0 TMS untuk dikonfirmasi, 0 sanggah untuk "
        "diputuskan."
    )
    hr.get_by_role("button", name="Jalankan penugasan").click()
    expect(flash(hr)).to_have_text("1 penugasan dibuat untuk 3 verifikator aktif.")

    # the first verifier finds the ijazah invalid: TMS, pending a second verifier
    first = open_page(DESKTOP)
    log_in(first, assignee(application, VerificationAssignment.Role.FIRST).username)
    open_menu(first, "Antrean Verifikasi")
    first.get_by_role("link", name=number).click()
    ktp = first.get_by_test_id("document-ktp")
    ktp.get_by_role("radio", name="Sah", exact=True).check()
    ktp.get_by_role("button", name="Simpan pemeriksaan KTP").click()
    expect(first.get_by_test_id("document-ktp").locator(".badge").last).to_have_text("Sah")
    ijazah = first.get_by_test_id("document-ijazah")
    ijazah.get_by_role("radio", name="Tidak sah").check()
    ijazah.get_by_label("Alasan (wajib bila tidak sah)").select_option(
        label="Berkas tidak terbaca atau buram"
    )
    ijazah.get_by_label("Catatan").fill(INVALID_NOTE)
    ijazah.get_by_role("button", name="Simpan pemeriksaan Ijazah").click()
    expect(first.get_by_test_id("document-ijazah").locator(".badge").last).to_have_text("Tidak sah")
    expect(first.get_by_test_id("reasons").locator("li")).to_have_text(
        [f"{PUBLIC_REASON}. Catatan: {INVALID_NOTE}"]
    )
    shot(first, "7-verifikasi")
    first.get_by_role("button", name="Putuskan").click()
    expect(flash(first)).to_have_text(f"Lamaran {number}: TMS menunggu konfirmasi.")

    # a second verifier confirms the TMS
    second = open_page(DESKTOP)
    log_in(second, assignee(application, VerificationAssignment.Role.CONFIRMATION).username)
    open_menu(second, "Antrean Verifikasi")
    second.get_by_role("link", name=number).click()
    expect(second.get_by_test_id("status")).to_have_text("TMS menunggu konfirmasi")
    second.get_by_role("button", name="Konfirmasi TMS").click()
    expect(flash(second)).to_have_text(f"TMS lamaran {number} dikonfirmasi.")

    # time passes: the announcement window opens; HR publishes, the public list shows the TMS
    move_windows(period, days_passed=20.5)
    hr.get_by_role("link", name="Kelola pengumuman hasil administrasi").click()
    hr.get_by_test_id(f"formasi-{NURSE}").get_by_role("button", name="Terbitkan").click()
    expect(flash(hr)).to_contain_text(f"Pengumuman {NURSE} versi 1 terbit; SHA-256 ")
    hr.get_by_test_id(f"formasi-{NURSE}").get_by_role("link", name="Versi 1").click()
    entries = hr.get_by_test_id("entries").locator("tbody tr")
    expect(entries).to_have_count(1)
    expect(entries.first.locator("th, td")).to_have_text(
        [number, "S*** A*****", "TMS", PUBLIC_REASON]
    )
    hr.get_by_role("button", name="Periksa di peramban ini").click()
    sha256 = hr.get_by_test_id("sha256").inner_text()
    expect(hr.locator("#hasil-periksa")).to_have_text(
        f"Cocok: SHA-256 berkas JSON sama dengan yang diumumkan ({sha256})."
    )

    # time passes: the sanggah filing window opens; the applicant files a sanggah
    move_windows(period, days_passed=22)
    open_menu(applicant, "Hasil Seleksi")
    result = applicant.get_by_test_id(f"result-{number}")
    expect(result.get_by_test_id("status")).to_have_text("Tidak memenuhi syarat (TMS)")
    expect(result.get_by_test_id("reasons").locator("li")).to_have_text(
        [f"{PUBLIC_REASON}. Catatan: {INVALID_NOTE}"]
    )
    applicant.get_by_role("link", name="Ajukan sanggah").click()
    applicant.get_by_label("Ijazah").check()
    applicant.get_by_label("Alasan sanggah").fill(
        "Ijazah yang saya unggah adalah pindaian asli yang lengkap dan terbaca; mohon diperiksa "
        "ulang pada ukuran penuh."
    )
    applicant.get_by_label("Saya mengerti bahwa sanggah hanya dapat diajukan satu kali").check()
    shot(applicant, "8-sanggah")
    applicant.get_by_role("button", name="Ajukan sanggah").click()
    expect(flash(applicant)).to_have_text("Sanggah Anda tercatat.")
    expect(result.get_by_test_id("sanggah-status")).to_have_text(
        re.compile(rf"^Diajukan {WHEN} — Diajukan\.$")
    )

    # time passes: the answer window opens; a verifier who took no part grants the sanggah
    move_windows(period, days_passed=25)
    judge_user = assignee(application, VerificationAssignment.Role.SANGGAH)
    assert judge_user.username not in {
        assignee(application, VerificationAssignment.Role.FIRST).username,
        assignee(application, VerificationAssignment.Role.CONFIRMATION).username,
    }
    judge = open_page(DESKTOP)
    log_in(judge, judge_user.username)
    open_menu(judge, "Antrean Verifikasi")
    judge.get_by_role("link", name=number).click()
    judge.get_by_label("Terima sanggah (lamaran menjadi MS)").check()
    judge.get_by_label("Pertimbangan").fill(
        "Pindaian ijazah terbaca pada ukuran penuh; kesalahan pemeriksaan, bukan pelamar."
    )
    judge.get_by_role("button", name="Simpan keputusan").click()
    expect(flash(judge)).to_have_text(f"Sanggah {number} diputuskan.")

    # time passes: HR publishes the corrected announcement (version 2) in its window
    move_windows(period, days_passed=32)
    hr.goto(f"/seleksi/pengumuman/kelola/?period={period.pk}")
    row = hr.get_by_test_id(f"formasi-{NURSE}")
    row.get_by_label(f"Catatan perubahan {NURSE}").fill("Hasil sanggah")
    row.get_by_role("button", name="Terbitkan versi 2").click()
    expect(flash(hr)).to_contain_text(f"Pengumuman {NURSE} versi 2 terbit; SHA-256 ")
    row.get_by_role("link", name="Versi 2").click()
    expect(entries).to_have_count(1)
    expect(entries.first.locator("th, td")).to_have_text([number, "S*** A*****", "MS", "—"])

    # the applicant sees MS
    applicant.reload()
    result = applicant.get_by_test_id(f"result-{number}")
    expect(result.get_by_test_id("status")).to_have_text("Memenuhi syarat (MS)")
    expect(result.get_by_test_id("sanggah-status")).to_have_text(
        re.compile(rf"^Diajukan {WHEN} — Diterima pada {WHEN}\.$")
    )
    expect(result.get_by_role("link", name="pengumuman versi 2")).to_be_visible()
    shot(applicant, "9-hasil-ms")
    assert Formasi.objects.get(code=NURSE).announcements.count() == 2
    assert questions == [
        "Setelah dikirim, lamaran dan dokumennya tidak dapat diubah lagi. Kirim sekarang?",
        "Jalankan penugasan sekarang?",
        "Putuskan lamaran ini? Setelah diputuskan, pemeriksaan tidak dapat diubah.",
        "Konfirmasi hasil TMS lamaran ini?",
        f"Terbitkan pengumuman {NURSE}? Daftar dibekukan dan tidak dapat diubah; koreksi menjadi "
        "versi baru.",
        f"Terbitkan pengumuman {NURSE}? Daftar dibekukan dan tidak dapat diubah; koreksi menjadi "
        "versi baru.",
    ]
