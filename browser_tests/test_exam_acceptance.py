"""Issue #4's first acceptance line, end to end through the pages of the people involved:
check-in with PIN; answer questions; reload mid-exam (answers and timer intact); finish; see the
scores; the scoreboard shows them.

The proctor (desktop) checks the applicant in against the registration photo and issues the
start PIN on their own pages; the applicant (phone) enters it, answers, flags, reloads, finishes
and reads the scores; an anonymous visitor opens the sitting's public scoreboard from the public
menu; the proctor's dashboard shows the participant as finished.

What the pages under test do not offer is set up with the services: the blueprint (factories),
the sitting, its proctor and the placement (services.sittings, as Admin BKPSDM's pages do).
Screenshots go to /tmp/.
"""

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    ViewportSize,
    expect,
)
from pytest_django.live_server_helper import LiveServer

from browser_tests.conftest import BROWSER, TIMEOUT_MS
from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD
from simerit.exams.models import AnswerEvent, Attempt, IntegrityEvent, Participant, Sitting
from simerit.exams.selectors import scoreboard
from simerit.exams.services import sittings
from simerit.exams.services.checkin import start_pin_expires_at
from simerit.exams.services.sittings import SittingInput
from simerit.exams.tests.factories import add_passing_rule, make_skd_blueprint
from simerit.recruitment.models import Application, ApplicationDocument, DocumentKind
from simerit.recruitment.tests.factories import ApplicantFactory, ApplicationFactory
from simerit.recruitment.tests.samples import jpeg_bytes

pytestmark = BROWSER

PHONE = ViewportSize(width=360, height=740)
DESKTOP = ViewportSize(width=1280, height=800)
SCREENSHOTS = Path(tempfile.gettempdir())
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
SITTING = "SKD-PLG-01"
NUMBER = "2026-UJI-004217"
NAME = "Siti Aminah"
# recruitment.rules.mask_name, the one masking of names on public pages: first letters only.
MASKED = "S*** A*****"
OTHER_NUMBER = "2026-UJI-004218"
DURATION_SECONDS = 100 * 60


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """A fresh browser context per person, recording what the browser complains about and
    accepting (and recording) the pages' confirm() questions."""
    contexts = []

    def open_for(viewport: ViewportSize, complaints: list[str], questions: list[str]) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            # Chromium asks for /favicon.ico on its own (the site has none): not the page's doing.
            url = message.location.get("url", "")
            if message.type in {"error", "warning"} and not url.endswith("/favicon.ico"):
                complaints.append(f"{message.type}: {message.text} ({url})")

        def on_dialog(dialog: Dialog) -> None:
            questions.append(dialog.message)
            dialog.accept()

        page.on("console", on_console)
        page.on("pageerror", lambda error: complaints.append(f"pageerror: {error}"))
        page.on("dialog", on_dialog)
        return page

    yield open_for
    for context in contexts:
        context.close()


def log_in(page: Page, user: User) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("/")


def open_menu(page: Page, label: str) -> None:
    """Follow a main-menu entry; on a phone the menu is behind its toggle."""
    toggle = page.get_by_role("button", name="Buka menu")
    if toggle.is_visible():
        toggle.click()
        expect(page.locator("#nav-utama")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_test_id("nav").get_by_role("link", name=label, exact=True).click()


def blocking_violations(page: Page) -> list[str]:
    """Serious and critical axe findings.

    Waits for CSS transitions to end first: a grid button that just turned green (Bootstrap's
    0.15 s colour transition) would otherwise be measured at an in-between colour."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    found = []
    for v in violations:
        if v["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [node["target"] for node in v["nodes"]]
        if targets:
            found.append(f"{v['id']} ({v['impact']}): {targets}")
    return found


def shot(page: Page, name: str) -> None:
    """Keep a picture; on a phone the page must fit without sideways scrolling."""
    page.screenshot(path=str(SCREENSHOTS / f"ujian-terima-{name}.png"), full_page=True)
    if page.viewport_size == PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"], name


def seconds_left(page: Page) -> int:
    """The countdown as seconds ("1:39:58" or "59:58")."""
    total = 0
    for part in page.get_by_test_id("timer").inner_text().split(":"):
        total = total * 60 + int(part)
    return total


def server_seconds_left(attempt: Attempt) -> float:
    attempt.refresh_from_db()
    return (attempt.deadline - timezone.now()).total_seconds()


def saved(page: Page) -> None:
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")


def grid_states(page: Page) -> list[str | None]:
    """Each grid button's state: "answered", "answered flagged", "blank", ..."""
    states: list[str | None] = (
        page.get_by_test_id("grid")
        .locator("button")
        .evaluate_all("buttons => buttons.map(button => button.dataset.state)")
    )
    return states


def option(page: Page, text: str) -> Locator:
    """The option whose text is `text` (its letter depends on this participant's shuffle)."""
    return page.get_by_role("radio", name=re.compile(rf"{text}$"))


def answer(page: Page, number: int, section: str, text: str) -> None:
    """Open question `number` from the grid, check its sub-test, choose `text`, wait for the save."""
    page.get_by_test_id("grid").get_by_role("button", name=re.compile(rf"^Soal {number},")).click()
    expect(page.get_by_role("heading", name=f"Soal {number} dari 6")).to_be_visible()
    expect(page.get_by_test_id("question-section")).to_have_text(section)
    option(page, text).check()
    saved(page)


def cells(row: Locator) -> Locator:
    return row.locator("th, td")


def add_registration_photo(application: Application) -> None:
    """The pas foto uploaded with the application (recruitment's document upload)."""
    document = ApplicationDocument(
        application=application,
        kind=DocumentKind.objects.get(code="pas_foto"),
        file_format="jpg",
        size_bytes=100,
        sha256="0" * 64,
    )
    document.file.save("pas-foto.jpg", ContentFile(jpeg_bytes()), save=False)
    document.save()


def test_check_in_with_pin_answer_reload_finish_and_the_scoreboard_shows_the_scores(
    hr_admin: User,
    proctor: User,
    applicant: User,
    open_page: Callable[..., Page],
    settings: Any,
    tmp_path: Path,
) -> None:
    # given: an SKD-shaped exam of 2 TWK, 2 TIU, 2 TKP questions (TWK/TIU: "Pilihan A" is the
    # key, 5 points, others 0; TKP: "Pilihan A".."Pilihan E" are 1..5) with a scaled-down rule
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    blueprint = make_skd_blueprint(counts=(2, 2, 2), duration_minutes=100)
    add_passing_rule(blueprint, minimums={"TWK": 5, "TIU": 10, "TKP": 8}, total_minimum=20)
    # the applicant persona with an MS application (and its pas foto), and one more MS applicant
    application = ApplicationFactory.create(
        applicant=ApplicantFactory.create(user=applicant, name=NAME),
        registration_number=NUMBER,
        status=Application.Status.MS,
        formasi__period=blueprint.period,
    )
    add_registration_photo(application)
    ApplicationFactory.create(
        registration_number=OTHER_NUMBER,
        applicant__name="Budi Santoso",
        status=Application.Status.MS,
        formasi__period=blueprint.period,
    )
    # a sitting ten minutes from now: check-in and start PINs close 5 minutes before the start
    # (services/checkin.py, pin_closes_at), and start_attempt refuses before the start. The
    # proctor checks in and issues the PIN now; then the clock is moved past the start (below).
    sitting = sittings.create_sitting(
        blueprint=blueprint,
        data=SittingInput(
            code=SITTING,
            starts_at=timezone.now() + dt.timedelta(minutes=10),
            site="UPT BKN Palembang",
            room="Ruang CAT 1",
            capacity=10,
        ),
        actor=hr_admin,
    )
    sittings.assign_proctor(sitting=sitting, user=proctor, actor=hr_admin)
    assert sittings.assign_participants(blueprint=blueprint, actor=hr_admin, seed=4).placed == 2
    participant = Participant.objects.get(application=application)

    proctor_complaints: list[str] = []
    proctor_questions: list[str] = []
    desk = open_page(DESKTOP, proctor_complaints, proctor_questions)

    # the proctor opens the sitting from "Pemeriksaan Kehadiran" and finds the participant
    log_in(desk, proctor)
    open_menu(desk, "Pemeriksaan Kehadiran")
    desk.get_by_test_id("sitting-table").get_by_role("link", name=SITTING).click()
    expect(desk.get_by_role("heading", name=f"Kehadiran sesi {SITTING}")).to_be_visible()
    expect(desk.get_by_test_id("checkin-table").locator("tbody tr")).to_have_count(2)
    desk.get_by_label("Cari nomor pendaftaran atau nama").fill("aminah")
    table = desk.get_by_test_id("checkin-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(cells(table.locator("tbody tr"))).to_have_text(
        [str(participant.seat_number), NUMBER, NAME, "", "belum"]
    )
    assert blocking_violations(desk) == []
    table.get_by_role("link", name=NUMBER).click()
    desk.wait_for_url(f"/ujian/check-in/peserta/{participant.pk}/")

    # sees the registration photo, confirms the identity, issues the start PIN and reads it
    photo = desk.get_by_role("img", name=f"Pas foto pendaftaran {NAME}")
    expect(photo).to_be_visible()
    # the image itself arrived (the 40 x 30 test JPEG), not only its frame
    assert photo.evaluate("image => image.decode().then(() => image.naturalWidth)") == 40
    expect(desk.get_by_test_id("checked-in")).to_have_text("belum")
    assert blocking_violations(desk) == []
    shot(desk, "pengawas-peserta")
    desk.get_by_role("button", name="Identitas sesuai — hadirkan").click()
    expect(desk.get_by_text(f"Peserta {NUMBER} hadir.")).to_be_visible()
    assert proctor_questions == ["Wajah dan e-KTP peserta sesuai dengan foto dan data pendaftaran?"]
    participant.refresh_from_db()
    assert participant.checked_in_by == proctor
    expect(desk.get_by_test_id("checked-in")).to_contain_text(
        f"{timezone.localtime(participant.checked_in_at):%H.%M} WIB, diperiksa"
    )
    desk.get_by_role("button", name="Terbitkan PIN", exact=True).click()
    pin_text = desk.get_by_test_id("pin")
    expect(pin_text).to_have_text(re.compile(r"^\d{6}$"))
    pin = pin_text.inner_text()
    expect(pin_text).to_have_attribute("aria-label", "PIN " + " ".join(pin))
    expect(desk.get_by_test_id("pin-expires")).to_have_text(
        f"{timezone.localtime(start_pin_expires_at(participant)):%H.%M} WIB"
    )
    assert blocking_violations(desk) == []
    shot(desk, "pengawas-pin")
    assert proctor_complaints == []

    # time passes: the sitting began a minute ago (the PIN stays valid until the original start
    # + SIMERIT_EXAM_PIN_VALID_MINUTES, about 40 minutes from now)
    Sitting.objects.filter(pk=sitting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=1))

    # the applicant logs in on a phone, opens "Ujian Saya" and enters the PIN
    phone_complaints: list[str] = []
    phone_questions: list[str] = []
    phone = open_page(PHONE, phone_complaints, phone_questions)
    log_in(phone, applicant)
    open_menu(phone, "Ujian Saya")
    placement = phone.get_by_test_id(f"placement-{participant.pk}")
    expect(placement.get_by_test_id("placement-status")).to_contain_text("Sudah hadir")
    placement.get_by_label("PIN mulai ujian").fill(pin)
    placement.get_by_role("button", name="Mulai ujian").click()
    attempt = Attempt.objects.get(participant=participant)
    phone.wait_for_url(f"/ujian/kerjakan/{attempt.pk}/")
    saved(phone)
    assert DURATION_SECONDS - 10 <= seconds_left(phone) <= DURATION_SECONDS

    # answers four questions (TWK right, TWK wrong and flagged, TIU right twice)
    answer(phone, 1, "Tes Wawasan Kebangsaan", "Pilihan A")
    answer(phone, 2, "Tes Wawasan Kebangsaan", "Pilihan C")
    phone.get_by_test_id("flag").click()
    expect(phone.get_by_test_id("flag")).to_have_attribute("aria-pressed", "true")
    saved(phone)
    answer(phone, 3, "Tes Intelegensia Umum", "Pilihan A")
    answer(phone, 4, "Tes Intelegensia Umum", "Pilihan A")
    before = grid_states(phone)
    assert before == ["answered", "answered flagged", "answered", "answered", "blank", "blank"]
    expect(phone.get_by_test_id("grid-summary")).to_have_text("Dijawab 4 · ragu-ragu 1 · belum 2")
    assert AnswerEvent.objects.filter(attempt=attempt).count() == 5
    assert blocking_violations(phone) == []
    shot(phone, "soal-4")
    left_before = seconds_left(phone)

    # when: the page is reloaded mid-exam
    phone.reload()
    saved(phone)

    # then: every answer, the flag and the server's timer are intact
    assert grid_states(phone) == before
    expect(phone.get_by_test_id("grid-summary")).to_have_text("Dijawab 4 · ragu-ragu 1 · belum 2")
    left_after = seconds_left(phone)
    # a second of rounding either way, plus the seconds the reload took
    assert -1 <= left_before - left_after <= 5
    assert abs(left_after - server_seconds_left(attempt)) <= 3
    for number, text in ((1, "Pilihan A"), (2, "Pilihan C"), (3, "Pilihan A"), (4, "Pilihan A")):
        phone.get_by_test_id("grid").get_by_role(
            "button", name=re.compile(rf"^Soal {number},")
        ).click()
        expect(phone.get_by_role("heading", name=f"Soal {number} dari 6")).to_be_visible()
        expect(option(phone, text)).to_be_checked()
        expect(phone.get_by_test_id("flag")).to_have_attribute(
            "aria-pressed", "true" if number == 2 else "false"
        )

    # the two TKP questions: the best option (5 points) and the middle one (3 points)
    answer(phone, 5, "Tes Karakteristik Pribadi", "Pilihan E")
    answer(phone, 6, "Tes Karakteristik Pribadi", "Pilihan C")
    assert AnswerEvent.objects.filter(attempt=attempt).count() == 7

    # when: the applicant finishes and confirms
    phone.get_by_role("button", name="Selesai", exact=True).click()
    expect(phone.get_by_test_id("finish-summary")).to_have_text(
        "Anda sudah menjawab 6 dari 6 soal. Semua soal sudah dijawab dan 1 soal masih ditandai "
        "ragu-ragu."
    )
    phone.get_by_role("button", name="Ya, selesai").click()
    phone.wait_for_url(f"/ujian/hasil/{attempt.pk}/")

    # then: TWK 5 + 0 = 5, TIU 5 + 5 = 10, TKP 5 + 3 = 8, total 23: every threshold is met
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED
    assert attempt.scores == {"TWK": 5, "TIU": 10, "TKP": 8}
    assert (attempt.total, attempt.passed) == (23, True)
    scores = phone.get_by_test_id("scores")
    expect(cells(scores.get_by_test_id("score-TWK"))).to_have_text(
        ["TWK Tes Wawasan Kebangsaan", "5", "10", "5"]
    )
    expect(cells(scores.get_by_test_id("score-TIU"))).to_have_text(
        ["TIU Tes Intelegensia Umum", "10", "10", "10"]
    )
    expect(cells(scores.get_by_test_id("score-TKP"))).to_have_text(
        ["TKP Tes Karakteristik Pribadi", "8", "10", "8"]
    )
    expect(cells(scores.get_by_test_id("score-total"))).to_have_text(["Total", "23", "30", "20"])
    expect(phone.get_by_test_id("verdict")).to_contain_text("Memenuhi nilai ambang batas")
    expect(phone.get_by_test_id("verdict-reason")).to_have_text("Memenuhi nilai ambang batas.")
    assert re.fullmatch(r"[0-9a-f]{64}", attempt.final_hash)
    expect(phone.get_by_test_id("final-hash")).to_have_text(attempt.final_hash)
    # an honest reload is not reported to the proctor as looking elsewhere
    assert attempt.integrity_events.filter(kind=IntegrityEvent.Kind.HIDDEN).count() == 0
    assert blocking_violations(phone) == []
    shot(phone, "hasil")
    assert phone_complaints == []
    assert phone_questions == []

    # when: a visitor opens the sitting's public scoreboard from the public menu. The board is
    # served from a per-process cache for SIMERIT_SCOREBOARD_CACHE_SECONDS; nobody opened it
    # before, and emptying that cache makes the first request compute it from the database.
    scoreboard.cache.clear()
    visitor_complaints: list[str] = []
    visitor = open_page(DESKTOP, visitor_complaints, [])
    visitor.goto("/seleksi/formasi/")
    visitor.get_by_test_id("public-nav").get_by_role("link", name="Papan skor").click()
    visitor.get_by_test_id("scoreboard-index").get_by_role("link", name=SITTING).click()
    visitor.wait_for_url(f"/ujian/papan-skor/{sitting.scoreboard_key}/")

    # then: the participant's row shows the registration number, the masked name and the scores
    board = visitor.get_by_test_id("scoreboard-table")
    expect(cells(board.locator("thead tr"))).to_have_text(
        ["No.", "Nomor pendaftaran", "Nama", "TWK", "TIU", "TKP", "Total", "Status"]
    )
    rows = board.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(cells(rows.nth(0))).to_have_text(
        ["1", NUMBER, MASKED, "5", "10", "8", "23", "Selesai Memenuhi ambang batas"]
    )
    expect(cells(rows.nth(1))).to_have_text(
        ["—", OTHER_NUMBER, "B*** S******", "—", "—", "—", "—", "Belum mulai"]
    )
    expect(board).not_to_contain_text(NAME)
    assert blocking_violations(visitor) == []
    shot(visitor, "papan-skor")
    assert visitor_complaints == []

    # and the proctor's dashboard ("Pengawasan Ujian") shows the participant as finished
    open_menu(desk, "Pengawasan Ujian")
    desk.get_by_test_id("sitting-table").get_by_role("link", name=SITTING).click()
    row = desk.get_by_test_id(f"row-{participant.pk}")
    expect(row.locator("td").nth(2)).to_have_text("Selesai")
    expect(row.locator("td").nth(3)).to_have_text("6/6")
    expect(desk.get_by_test_id("count-selesai")).to_have_text("Selesai 1", use_inner_text=True)
    assert blocking_violations(desk) == []
    shot(desk, "pengawas-dasbor")
    assert proctor_complaints == []
