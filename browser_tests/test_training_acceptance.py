"""Issue #7's browser acceptance lines, through the pages of the people involved.

1. An employee (Pegawai Uji) finds a class in the catalogue and asks to join it; the direct
   supervisor (Kepala Bidang) approves it on "Persetujuan Pelatihan"; Admin BKPSDM shows the
   meeting's QR code, whose check-in address the employee opens in their own browser and
   confirms; Admin BKPSDM records the pass on the roster and issues the certificates; the
   employee downloads the certificate PDF from "Pelatihan Saya"; a visitor (no account) verifies
   the certificate's number (genuine), then a forged number (not found).
2. A visitor registers for a public information session (/persiapan-seleksi/) and sees the
   registration code; a second visitor who opened the form while the last seat was still free
   is refused ("Kuota sesi ini sudah penuh.") with the waitlist offer, takes it and is placed on
   the waitlist; a third visitor then sees the session full with only the waitlist offered.

What the pages under test do not offer is set up with factories, as Admin BKPSDM's own
(separately tested) pages would: the programme, the class (OPEN, 2 seats, held today, enrolment
until today) and its one meeting, the training year, the information session. Browser tests run
on the real clock (the training unit tests' fixed day does not apply here), so the class is held
today and its meeting runs from 5 minutes ago for 2 hours: the QR check-in window (30 minutes
before the start until the end) is open while the test runs.

The QR code encodes `SIMERIT_PUBLIC_URL` + the check-in path; the test sets SIMERIT_PUBLIC_URL to
the live server, as a deployment sets it to its own address, so the address read from the QR page
is the one the employee's browser opens.
"""

import base64
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from browser_tests.conftest import BROWSER, TIMEOUT_MS
from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD
from simerit.core.dates import format_date_id
from simerit.core.pdf import qr_png
from simerit.employees.models import Employee
from simerit.training.models import (
    Attendance,
    Certificate,
    Enrolment,
    InformationSession,
    SessionRegistration,
)
from simerit.training.rules.certificates import ALPHABET
from simerit.training.tests.factories import (
    MeetingFactory,
    ProgrammeFactory,
    TrainingClassFactory,
    TrainingYearFactory,
)
from simerit.training.tests.factories_public import InformationSessionFactory

pytestmark = BROWSER

PROGRAMME = "Pelayanan Prima Rujukan Pasien"
CLASS_NAME = "Angkatan I"
CLASS_TITLE = f"{PROGRAMME} — {CLASS_NAME}"
MOTIVATION = "Memperbaiki ketepatan waktu verifikasi rujukan di bidang saya."
SESSION_TITLE = "Sosialisasi Seleksi CASN 2027"
FULL_REFUSAL = (
    "Kuota sesi ini sudah penuh. Pendaftaran Anda belum tersimpan. Anda dapat masuk daftar "
    "tunggu: bila ada pendaftar yang membatalkan, kursinya diberikan menurut urutan daftar "
    "tunggu dan Anda diberi tahu melalui e-mail."
)
FULL_NOTICE = (
    "Kuota sesi ini sudah penuh. Anda dapat masuk daftar tunggu: bila ada pendaftar yang "
    "membatalkan, kursinya diberikan menurut urutan daftar tunggu dan Anda diberi tahu melalui "
    "e-mail."
)


@dataclass
class Clock:
    """`timezone.localdate()` (without arguments) answers `today` while it is set; None: the real
    day. `timezone.now()` always runs on the real clock (the QR check-in window uses it)."""

    today: dt.date | None = None


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fixed = Clock()
    real_localdate = timezone.localdate

    def localdate(value: dt.datetime | None = None, timezone: Any = None) -> dt.date:
        if value is None and fixed.today is not None:
            return fixed.today
        return real_localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return fixed


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    """A fresh browser context (its own cookies) per person; closed at the end."""
    contexts = []

    def open_context() -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def open_page(new_context: Callable[[], Page]) -> Callable[[User], Page]:
    """A fresh browser context for `user`, logged in through the login form."""

    def open_as(user: User) -> Page:
        page = new_context()
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("/")
        return page

    return open_as


def flash(page: Page) -> Locator:
    """The messages shown after a redirect."""
    return page.locator(".messages .alert")


def nav(page: Page, name: str) -> None:
    page.get_by_test_id("nav").get_by_role("link", name=name, exact=True).click()


def forged(number: str) -> str:
    """`number` with its last random character changed: well formed, never issued."""
    last = number[-1]
    return number[:-1] + (ALPHABET[0] if last != ALPHABET[0] else ALPHABET[1])


def test_enrol_approve_qr_attendance_completion_certificate_and_public_verification(
    hr_admin: User,
    supervisor: User,
    employee: User,
    open_page: Callable[[User], Page],
    new_context: Callable[[], Page],
    live_server: LiveServer,
    settings: Any,
    clock: Clock,
) -> None:
    settings.SIMERIT_PUBLIC_URL = live_server.url
    now = timezone.now()
    today = timezone.localdate()
    # Requests are approved only before the class starts: enrolment and approval happen the day
    # before (the clock), attendance and what follows on the class day (the real day).
    clock.today = today - dt.timedelta(days=1)
    TrainingYearFactory.create(year=today.year)
    programme = ProgrammeFactory.create(
        code="TEK-001", name=PROGRAMME, jp=Decimal("12.0"), created_by=hr_admin
    )
    training_class = TrainingClassFactory.create(
        programme=programme,
        name=CLASS_NAME,
        starts_on=today,
        ends_on=today,
        enrolment_closes_on=clock.today,
        capacity=2,
        created_by=hr_admin,
    )
    meeting = MeetingFactory.create(
        training_class=training_class,
        number=1,
        topic="Standar pelayanan rujukan",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=2),
    )
    staff_record = Employee.objects.get(user=employee)
    holder = staff_record.display_name

    # --- 1. The employee finds the class in the catalogue and asks to join ----------------------
    staff = open_page(employee)
    nav(staff, "Katalog Pelatihan")
    staff.get_by_test_id(f"programme-{programme.pk}").get_by_role("link", name=PROGRAMME).click()
    expect(staff.get_by_role("heading", name=PROGRAMME, exact=True)).to_be_visible()
    row = staff.get_by_test_id(f"class-{training_class.pk}")
    expect(row.get_by_test_id("seats-left")).to_have_text("2 dari 2")
    row.get_by_role("link", name=CLASS_NAME).click()
    expect(staff.get_by_role("heading", name=CLASS_TITLE)).to_be_visible()
    panel = staff.get_by_test_id("enrol-panel")
    expect(panel.get_by_test_id("seats-left")).to_have_text("2 dari 2")
    expect(panel.get_by_test_id("waitlist-count")).to_have_text("0 orang")
    panel.get_by_label("Alasan mengikuti (opsional)").fill(MOTIVATION)
    panel.get_by_role("button", name="Ajukan pendaftaran").click()
    expect(flash(staff)).to_have_text(
        "Permintaan terkirim dan menunggu persetujuan atasan langsung."
    )
    expect(staff.get_by_test_id("my-enrolment")).to_have_text(
        "Status Anda: Menunggu persetujuan atasan (pendaftaran mandiri)."
    )
    enrolment = Enrolment.objects.get()
    assert (
        enrolment.training_class,
        enrolment.employee,
        enrolment.route,
        enrolment.status,
        enrolment.motivation,
    ) == (
        training_class,
        staff_record,
        Enrolment.Route.SELF,
        Enrolment.Status.PENDING,
        MOTIVATION,
    )

    # --- 2. The supervisor approves it on "Persetujuan Pelatihan" -------------------------------
    boss = open_page(supervisor)
    nav(boss, "Persetujuan Pelatihan")
    expect(boss.get_by_role("heading", name="Persetujuan pelatihan")).to_be_visible()
    request_card = boss.get_by_test_id("approvals").locator("article")
    expect(request_card).to_have_count(1)
    expect(request_card.get_by_role("heading")).to_have_text(f"{holder} ({staff_record.nip})")
    expect(request_card).to_contain_text(MOTIVATION)
    request_card.get_by_role("button", name="Setujui").click()
    expect(boss.get_by_test_id("outcome")).to_have_text(
        f"Disetujui. {holder} terdaftar sebagai peserta {CLASS_TITLE}."
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decided_by) == (Enrolment.Status.ENROLLED, supervisor)
    staff.reload()
    expect(staff.get_by_test_id("my-enrolment")).to_have_text(
        "Status Anda: Terdaftar (pendaftaran mandiri)."
    )
    expect(staff.get_by_test_id("enrol-panel").get_by_test_id("seats-left")).to_have_text(
        "1 dari 2"
    )

    # --- 3. The class day: Admin BKPSDM shows the meeting's QR code -----------------------------
    clock.today = None
    hr = open_page(hr_admin)
    nav(hr, "Kelas Pelatihan")
    hr.get_by_role("link", name=CLASS_TITLE).click()
    hr.get_by_role("link", name="Presensi & QR pertemuan 1").click()
    expect(hr.get_by_role("heading", name="Presensi pertemuan ke-1")).to_have_text(
        "Presensi pertemuan ke-1: Standar pelayanan rujukan"
    )
    expect(hr.get_by_test_id("present-count")).to_have_text("0")
    ends = timezone.localtime(meeting.ends_at).strftime("%H.%M")
    expect(hr.get_by_test_id("window")).to_have_text(f"Presensi dibuka sampai {ends} WIB.")
    qr = hr.get_by_test_id("qr-image")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth") > 0
    # The address under the QR and the QR's image, read together (the QR is redrawn every 30 s):
    # a signed, short-lived code of the meeting's token, and the image is the QR code of exactly
    # that address.
    checkin_url, src = hr.evaluate(
        """() => [document.querySelector('[data-testid="checkin-url"]').textContent.trim(),
                  document.querySelector('[data-testid="qr-image"]').getAttribute('src')]"""
    )
    prefix = f"{live_server.url}/pelatihan/presensi/{meeting.checkin_token}:"
    assert checkin_url.startswith(prefix)
    assert checkin_url.endswith("/")
    assert src == "data:image/png;base64," + base64.b64encode(qr_png(checkin_url)).decode("ascii")

    # --- the employee opens the address in their own browser and confirms ----------------------
    staff.goto(checkin_url)
    expect(staff.get_by_role("heading", name="Presensi pelatihan")).to_be_visible()
    expect(staff.get_by_test_id("meeting-facts").locator("dd").nth(1)).to_have_text(
        "Ke-1: Standar pelayanan rujukan"
    )
    staff.get_by_role("button", name="Konfirmasi kehadiran").click()
    expect(flash(staff)).to_have_text("Kehadiran Anda pada pertemuan ke-1 tercatat.")
    expect(staff.get_by_role("heading", name=CLASS_TITLE)).to_be_visible()
    expect(staff.get_by_test_id("my-attendance")).to_contain_text(
        "Kehadiran Anda: 1 dari 1 pertemuan (100,00%)."
    )
    expect(staff.get_by_test_id("meeting-1").locator("td").nth(2)).to_have_text("Hadir")
    attendance = Attendance.objects.get()
    assert (
        attendance.meeting,
        attendance.enrolment,
        attendance.method,
        attendance.recorded_by,
    ) == (
        meeting,
        enrolment,
        Attendance.Method.QR,
        employee,
    )
    hr.reload()
    expect(hr.get_by_test_id("present-count")).to_have_text("1")
    expect(hr.get_by_test_id(f"participant-{enrolment.pk}").locator("td").first).to_contain_text(
        "Hadir"
    )
    expect(hr.get_by_test_id(f"participant-{enrolment.pk}").locator("td").first).to_contain_text(
        "QR"
    )

    # --- 4. Admin BKPSDM records the pass on the roster -----------------------------------------
    hr.get_by_role("link", name=CLASS_NAME).click()
    hr.get_by_test_id("roster-link").click()
    participant = hr.get_by_test_id(f"participant-{enrolment.pk}")
    expect(participant.get_by_test_id("status")).to_have_text("Terdaftar")
    expect(participant.get_by_test_id("attendance")).to_have_text("1/1 (100,00%)")
    participant.get_by_label(f"Pre-test {holder}").fill("60")
    participant.get_by_label(f"Post-test {holder}").fill("85")
    participant.get_by_label(f"Evaluasi akhir {holder}").fill("88.5")
    participant.get_by_label(f"Keputusan {holder}").select_option(label="Lulus")
    participant.get_by_role("button", name=f"Simpan hasil {holder}").click()
    expect(flash(hr)).to_have_text(f"Hasil {holder} tersimpan.")
    expect(hr.get_by_test_id(f"participant-{enrolment.pk}").get_by_test_id("status")).to_have_text(
        "Lulus"
    )
    enrolment.refresh_from_db()
    assert (
        enrolment.status,
        enrolment.pre_test_score,
        enrolment.post_test_score,
        enrolment.assessment_score,
        enrolment.completed_by,
    ) == (
        Enrolment.Status.COMPLETED,
        Decimal("60.00"),
        Decimal("85.00"),
        Decimal("88.50"),
        hr_admin,
    )

    # --- 5. Admin BKPSDM issues the certificates --------------------------------------------------
    hr.get_by_role("link", name="Sertifikat", exact=True).click()
    expect(hr.get_by_role("heading", name="Sertifikat peserta")).to_be_visible()
    hr.get_by_test_id("issue-button").click()
    expect(flash(hr)).to_have_text("1 sertifikat diterbitkan.")
    certificate = Certificate.objects.get()
    number = certificate.number
    year = timezone.localtime(certificate.issued_at).year
    assert re.fullmatch(rf"SMR-{year}-\d{{6}}-[{ALPHABET}]{{6}}", number)
    assert (certificate.enrolment, certificate.holder_name, certificate.jp) == (
        enrolment,
        holder,
        Decimal("12.0"),
    )
    issued_on = format_date_id(timezone.localtime(certificate.issued_at).date())
    expect(hr.get_by_test_id("certificates").locator("tbody tr td:nth-child(-n+5)")).to_have_text(
        [holder, staff_record.nip, number, issued_on, "Berlaku"]
    )
    expect(hr.get_by_test_id("nothing-to-issue")).to_be_visible()

    # --- 6. The employee downloads the certificate PDF from "Pelatihan Saya" --------------------
    nav(staff, "Pelatihan Saya")
    expect(staff.get_by_role("heading", name="Pelatihan saya")).to_be_visible()
    expect(staff.get_by_test_id("jp-total")).to_have_text("12 dari minimum 20 JP")
    certificates = staff.get_by_test_id("certificates").locator("li")
    expect(certificates).to_have_count(1)
    expect(certificates).to_contain_text(f"No. {number} · diterbitkan {issued_on}")
    download_link = certificates.get_by_role("link", name="Unduh PDF")
    with staff.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == f"sertifikat-{number}.pdf"
    downloaded = download.path()
    assert downloaded is not None
    pdf = downloaded.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == certificate.sha256
    href = download_link.get_attribute("href")
    assert href == reverse("training:certificate-pdf", args=[certificate.pk])
    pdf_response = staff.request.get(href)
    assert pdf_response.status == 200
    assert pdf_response.headers["content-type"] == "application/pdf"
    assert pdf_response.body() == pdf
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert number in text

    # --- 7. A visitor verifies the number: genuine, then forged ---------------------------------
    visitor = new_context()
    visitor.goto(reverse("training:certificate-verify"))
    expect(visitor.get_by_role("heading", name="Verifikasi sertifikat pelatihan")).to_be_visible()
    visitor.get_by_label("Nomor sertifikat").fill(number)
    visitor.get_by_role("button", name="Periksa").click()
    expect(visitor.get_by_test_id("verification-status")).to_have_text("Sertifikat sah")
    expect(visitor.get_by_test_id("certificate-facts").locator("dd")).to_have_text(
        [
            number,
            holder,
            PROGRAMME,
            CLASS_NAME,
            format_date_id(today),
            "12 JP",
            issued_on,
            "Berlaku",
        ]
    )
    expect(visitor.locator("body")).not_to_contain_text(staff_record.nip)

    # the QR code's target on the certificate says the same
    response = visitor.goto(reverse("training:certificate-verify-number", args=[number]))
    assert response is not None
    assert response.status == 200
    expect(visitor.get_by_test_id("verification-status")).to_have_text("Sertifikat sah")

    fake = forged(number)
    visitor.goto(reverse("training:certificate-verify"))
    visitor.get_by_label("Nomor sertifikat").fill(fake)
    visitor.get_by_role("button", name="Periksa").click()
    expect(visitor.get_by_test_id("not-found")).to_have_text(
        "Nomor sertifikat tidak ditemukan. Periksa kembali penulisan nomor pada sertifikat. "
        "Sertifikat dengan nomor yang tidak terdaftar tidak diterbitkan melalui SiMerit."
    )
    expect(visitor.get_by_test_id("verification")).to_have_count(0)
    response = visitor.goto(reverse("training:certificate-verify-number", args=[fake]))
    assert response is not None
    assert response.status == 404
    expect(visitor.get_by_test_id("not-found")).to_contain_text("Nomor sertifikat tidak ditemukan.")
    assert Certificate.objects.count() == 1


def fill_registration(page: Page, *, name: str, email: str, phone: str) -> None:
    form = page.get_by_test_id("registration-form")
    form.get_by_label("Nama lengkap").fill(name)
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Nomor HP").fill(phone)
    form.get_by_label("Saya menyetujui pemrosesan data pribadi saya untuk tujuan di atas.").check()


def test_visitor_registers_then_a_full_session_refuses_and_offers_the_waitlist(
    hr_admin: User, new_context: Callable[[], Page]
) -> None:
    now = timezone.now()
    session = InformationSessionFactory.create(
        title=SESSION_TITLE,
        starts_at=now + dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=7, hours=3),
        registration_closes_at=now + dt.timedelta(days=6),
        capacity=1,
        created_by=hr_admin,
    )

    # Two visitors open the session while its one seat is free.
    first, second = new_context(), new_context()
    for visitor in (first, second):
        visitor.goto(reverse("preparation:home"))
        link = visitor.get_by_test_id(f"session-{session.pk}")
        expect(link.get_by_test_id("seats-left")).to_have_text("Sisa 1 kursi")
        link.click()
        expect(visitor.get_by_role("heading", name=SESSION_TITLE)).to_be_visible()
        expect(visitor.get_by_test_id("seats")).to_have_text("1 kursi, sisa 1")
        expect(visitor.get_by_test_id("register-button")).to_be_visible()
        expect(visitor.get_by_test_id("waitlist-button")).to_have_count(0)

    # --- the first registers and sees the registration code -------------------------------------
    fill_registration(first, name="Rina Marlina", email="rina@contoh.id", phone="081234567890")
    first.get_by_test_id("register-button").click()
    expect(first.get_by_role("heading", name="Pendaftaran sosialisasi")).to_be_visible()
    expect(flash(first)).to_have_text(
        "Pendaftaran berhasil. Simpan kode pendaftaran Anda (juga dikirim ke e-mail)."
    )
    seat = SessionRegistration.objects.get()
    assert (seat.session, seat.email, seat.status) == (
        session,
        "rina@contoh.id",
        SessionRegistration.Status.REGISTERED,
    )
    expect(first.get_by_test_id("registration-code")).to_have_text(seat.code)
    expect(first.get_by_test_id("registration-status")).to_have_text("Terdaftar")
    assert first.url.endswith(reverse("preparation:registration", args=[seat.code]))

    # --- the second submits the form now that the session is full: refused, waitlist offered ---
    fill_registration(second, name="Budi Santoso", email="budi@contoh.id", phone="+6281298765432")
    second.get_by_test_id("register-button").click()
    expect(second.get_by_test_id("full-refusal")).to_have_text(FULL_REFUSAL)
    expect(second.get_by_test_id("register-button")).to_have_count(0)
    expect(second.get_by_test_id("waitlist-button")).to_have_text("Masukkan saya ke daftar tunggu")
    expect(second.get_by_test_id("seats")).to_have_text("1 kursi, sisa 0")
    assert SessionRegistration.objects.count() == 1

    # the offer is taken: the form kept what was typed
    expect(second.get_by_label("E-mail")).to_have_value("budi@contoh.id")
    second.get_by_test_id("waitlist-button").click()
    expect(flash(second)).to_have_text(
        "Anda masuk daftar tunggu. Simpan kode pendaftaran Anda; kami mengirim e-mail bila ada "
        "kursi kosong."
    )
    waiting = SessionRegistration.objects.get(email="budi@contoh.id")
    assert (waiting.session, waiting.status, waiting.waitlisted_at is not None) == (
        session,
        SessionRegistration.Status.WAITLISTED,
        True,
    )
    expect(second.get_by_test_id("registration-code")).to_have_text(waiting.code)
    expect(second.get_by_test_id("registration-status")).to_have_text("Daftar tunggu")
    expect(second.get_by_test_id("waitlist-position")).to_have_text(
        "— urutan ke-1 dalam daftar tunggu"
    )
    assert waiting.code != seat.code

    # --- a third visitor finds the session full, with only the waitlist offered -----------------
    third = new_context()
    third.goto(reverse("preparation:session-detail", args=[session.pk]))
    expect(third.get_by_test_id("full-notice")).to_have_text(FULL_NOTICE)
    expect(third.get_by_test_id("full-refusal")).to_have_count(0)
    expect(third.get_by_test_id("register-button")).to_have_count(0)
    expect(third.get_by_test_id("waitlist-button")).to_be_visible()
    expect(third.get_by_test_id("seats")).to_have_text("1 kursi, sisa 0 · 1 orang di daftar tunggu")
    assert list(SessionRegistration.objects.order_by("pk").values_list("email", "status")) == [
        ("rina@contoh.id", SessionRegistration.Status.REGISTERED),
        ("budi@contoh.id", SessionRegistration.Status.WAITLISTED),
    ]
    assert InformationSession.objects.get().capacity == 1
