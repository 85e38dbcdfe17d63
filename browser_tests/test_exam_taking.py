"""Issue #4's exam acceptance story in the browser: the participant starts with the proctor's PIN
on a phone, answers, flags, reloads (answers, flag and timer intact), moves to an exam-room PC
with a takeover PIN (the phone is locked out), finishes and reads the exact scores.

The proctor's side (check-in, issuing PINs) has its own pages; here the PINs are issued with
services.pins.issue_pin, as the proctor's page does. Screenshots go to /tmp/.
"""

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from browser_tests.conftest import BROWSER, TIMEOUT_MS
from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD
from simerit.exams.models import AnswerEvent, Attempt, ExamKind, ExamPin, QuestionVersion
from simerit.exams.services import pins
from simerit.exams.tests.factories import add_passing_rule, make_skd_blueprint
from simerit.exams.tests.factories_page import place

pytestmark = BROWSER

PHONE = ViewportSize(width=360, height=740)
DESKTOP = ViewportSize(width=1280, height=800)
SCREENSHOTS = Path(tempfile.gettempdir())
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Chromium's own line for an HTTP error answer: expected only once a browser has been locked out.
REFUSED_CALL = re.compile(r"Failed to load resource: the server responded with a status of 409")


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """A fresh browser context per device, recording what the browser complains about."""
    contexts = []

    def open_for(viewport: ViewportSize, complaints: list[str]) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            # Chromium asks for /favicon.ico on its own (the site has none): not the page's doing.
            url = message.location.get("url", "")
            if message.type in {"error", "warning"} and not url.endswith("/favicon.ico"):
                complaints.append(f"{message.type}: {message.text} ({url})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: complaints.append(f"pageerror: {error}"))
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


def blocking_violations(page: Page) -> list[str]:
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


def shot(page: Page, name: str) -> None:
    """Keep a picture; on a phone the page must fit without sideways scrolling."""
    page.screenshot(path=str(SCREENSHOTS / f"ujian-{name}.png"), full_page=True)
    if page.viewport_size == PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"], name


def seconds_left(page: Page) -> int:
    """The countdown as seconds ("1:39:58" or "59:58")."""
    parts = [int(part) for part in page.get_by_test_id("timer").inner_text().split(":")]
    total = 0
    for part in parts:
        total = total * 60 + part
    return total


def saved(page: Page) -> None:
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")


def grid_states(page: Page) -> list[str | None]:
    """Each grid button's state: "answered", "answered flagged", "blank", ..."""
    buttons = page.get_by_test_id("grid").locator("button")
    states: list[str | None] = buttons.evaluate_all(
        "buttons => buttons.map(button => button.dataset.state)"
    )
    return states


def choose(page: Page, option_text: str) -> None:
    """Pick the option whose text is `option_text` (its letter depends on this participant's
    shuffled order)."""
    page.get_by_role("radio", name=re.compile(rf"{option_text}$")).check()


def test_participant_starts_answers_reloads_moves_computer_and_reads_the_scores(
    applicant: User, proctor: User, open_page: Callable[..., Page]
) -> None:
    # given: an SKD-shaped exam of 2 TWK, 2 TIU, 2 TKP questions (TWK/TIU key "Pilihan A" = 5,
    # others 0; TKP "Pilihan E" = 5 ... "Pilihan A" = 1) with a scaled-down passing rule, and the
    # applicant placed in a sitting that began five minutes ago, checked in, with a START PIN
    blueprint = make_skd_blueprint(counts=(2, 2, 2), duration_minutes=100)
    add_passing_rule(blueprint, minimums={"TWK": 5, "TIU": 5, "TKP": 1})
    participant = place(applicant, blueprint=blueprint)
    start_pin = pins.issue_pin(
        participant=participant, purpose=ExamPin.Purpose.START, actor=proctor
    )
    phone_complaints: list[str] = []
    phone = open_page(PHONE, phone_complaints)
    phone_calls: list[str] = []
    phone.on("request", lambda request: phone_calls.append(f"{request.method} {request.url}"))

    # the participant logs in on a phone and enters the PIN on /ujian/
    log_in(phone, applicant)
    phone.goto("/ujian/")
    expect(phone.get_by_test_id("placement-status")).to_contain_text("Sudah hadir")
    shot(phone, "beranda")
    phone.get_by_label("PIN mulai ujian").fill(start_pin)
    phone.get_by_role("button", name="Mulai ujian").click()
    attempt = Attempt.objects.get(participant=participant)
    phone.wait_for_url(f"/ujian/kerjakan/{attempt.pk}/")
    saved(phone)
    expect(phone.get_by_test_id("question-section")).to_have_text("Tes Wawasan Kebangsaan")
    expect(phone.get_by_role("heading", name="Soal 1 dari 6")).to_be_visible()
    assert blocking_violations(phone) == []
    shot(phone, "soal-1")

    # answers question 1 right (TWK), question 2 wrong and flags it, question 3 right (TIU)
    choose(phone, "Pilihan A")
    saved(phone)
    phone.get_by_role("button", name="Berikutnya").click()
    expect(phone.get_by_role("heading", name="Soal 2 dari 6")).to_be_visible()
    choose(phone, "Pilihan B")
    phone.get_by_test_id("flag").click()
    expect(phone.get_by_test_id("flag")).to_have_attribute("aria-pressed", "true")
    saved(phone)
    phone.get_by_role("button", name="Soal 3, belum dijawab").click()
    expect(phone.get_by_test_id("question-section")).to_have_text("Tes Intelegensia Umum")
    choose(phone, "Pilihan A")
    saved(phone)
    assert AnswerEvent.objects.filter(attempt=attempt).count() == 4
    before = grid_states(phone)
    assert before == ["answered", "answered flagged", "answered", "blank", "blank", "blank"]
    expect(phone.get_by_test_id("grid-summary")).to_have_text("Dijawab 3 · ragu-ragu 1 · belum 3")
    shot(phone, "soal-3")
    left_before = seconds_left(phone)

    # when: the page is reloaded
    phone.reload()
    saved(phone)

    # then: the answers, the flag and the timer come back from the server
    assert grid_states(phone) == before
    expect(phone.get_by_role("heading", name="Soal 3 dari 6")).to_be_visible()
    expect(phone.get_by_role("radio", name=re.compile("Pilihan A$"))).to_be_checked()
    assert abs(seconds_left(phone) - left_before) <= 5
    phone.get_by_role("button", name="Soal 2, dijawab, ragu-ragu").click()
    expect(phone.get_by_role("radio", name=re.compile("Pilihan B$"))).to_be_checked()
    expect(phone.get_by_test_id("flag")).to_have_attribute("aria-pressed", "true")
    assert phone_complaints == []
    # the full state (questions included) is fetched once per page load; the countdown is kept
    # in step by the clock call
    state_url = f"/api/v1/exams/attempts/{attempt.pk}"
    assert [call for call in phone_calls if call.endswith(state_url)] == [
        f"GET {phone.url.split('/ujian/')[0]}{state_url}"
    ] * 2
    with phone.expect_request_finished(lambda request: request.url.endswith(f"{state_url}/clock")):
        phone.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    assert abs(seconds_left(phone) - left_before) <= 10

    # when: the participant moves to an exam-room PC with the proctor's takeover PIN
    pc_complaints: list[str] = []
    pc = open_page(DESKTOP, pc_complaints)
    log_in(pc, applicant)
    pc.goto("/ujian/")
    takeover_pin = pins.issue_pin(
        participant=participant, purpose=ExamPin.Purpose.TAKEOVER, actor=proctor
    )
    pc.get_by_label("PIN pindah komputer").fill(takeover_pin)
    pc.get_by_role("button", name="Pindahkan ke sini").click()
    pc.wait_for_url(f"/ujian/kerjakan/{attempt.pk}/")
    saved(pc)

    # then: the PC has everything, and the phone's next click shows that it is locked
    assert grid_states(pc) == before
    assert abs(seconds_left(pc) - left_before) <= 10
    assert blocking_violations(pc) == []
    shot(pc, "pindah-komputer")
    phone.get_by_role("radio", name=re.compile("Pilihan C$")).click()
    expect(phone.get_by_test_id("exam-alert")).to_contain_text("Halaman ini dikunci")
    # the refused click is undone on the screen: the saved answer shows
    expect(phone.get_by_role("radio", name=re.compile("Pilihan B$"))).to_be_checked()
    expect(phone.get_by_test_id("save-status")).to_have_text("Dikunci")
    expect(phone.get_by_role("button", name="Berikutnya")).to_be_disabled()
    shot(phone, "terkunci")
    assert [c for c in phone_complaints if not REFUSED_CALL.search(c)] == []
    assert AnswerEvent.objects.filter(attempt=attempt).count() == 4

    # when: the participant finishes on the PC
    pc.get_by_role("button", name="Selesai", exact=True).click()
    expect(pc.get_by_test_id("finish-summary")).to_have_text(
        "Anda sudah menjawab 3 dari 6 soal. 3 soal belum dijawab dan 1 soal masih ditandai "
        "ragu-ragu."
    )
    pc.get_by_role("button", name="Ya, selesai").click()
    pc.wait_for_url(f"/ujian/hasil/{attempt.pk}/")

    # then: TWK 5 + 0, TIU 5 + blank 0, TKP blank 0 + 0: total 10; TKP misses its minimum of 1
    attempt.refresh_from_db()
    assert attempt.scores == {"TWK": 5, "TIU": 5, "TKP": 0}
    scores = pc.get_by_test_id("scores")
    expect(scores.get_by_test_id("score-TWK")).to_contain_text("TWK Tes Wawasan Kebangsaan 5 10 5")
    expect(scores.get_by_test_id("score-TIU")).to_contain_text("TIU Tes Intelegensia Umum 5 10 5")
    expect(scores.get_by_test_id("score-TKP")).to_contain_text(
        "TKP Tes Karakteristik Pribadi 0 10 1"
    )
    expect(scores.get_by_test_id("score-total")).to_contain_text("Total 10 30")
    expect(pc.get_by_test_id("verdict")).to_contain_text("Tidak memenuhi nilai ambang batas")
    expect(pc.get_by_test_id("verdict-reason")).to_have_text(
        "Tidak memenuhi nilai ambang batas: TKP 0 < 1."
    )
    expect(pc.get_by_test_id("final-hash")).to_have_text(attempt.final_hash)
    assert blocking_violations(pc) == []
    shot(pc, "hasil")
    assert pc_complaints == []


def test_visitor_takes_a_tryout_keeps_an_unsent_answer_across_a_reload_and_reads_the_review(
    open_page: Callable[..., Page],
) -> None:
    # given: a public tryout whose questions carry explanations
    tryout = make_skd_blueprint(counts=(1, 1, 1), kind=ExamKind.TRYOUT, duration_minutes=30)
    QuestionVersion.objects.filter(question__bank=tryout.bank).update(
        explanation="Pembahasan: pilihan A adalah kunci."
    )
    complaints: list[str] = []
    visitor = open_page(PHONE, complaints)

    # an anonymous visitor starts it from the public list
    visitor.goto("/ujian/latihan/")
    assert blocking_violations(visitor) == []
    shot(visitor, "tryout-daftar")
    visitor.get_by_role("button", name="Mulai tryout").click()
    attempt = Attempt.objects.get(blueprint=tryout)
    visitor.wait_for_url(f"/ujian/kerjakan/{attempt.pk}/")
    saved(visitor)

    # when: the connection drops while the first answer is sent, and the page is reloaded
    visitor.route("**/answers", lambda route: route.abort())
    choose(visitor, "Pilihan A")
    expect(visitor.get_by_test_id("save-status")).to_have_text("Belum tersimpan — mencoba lagi")
    visitor.reload()
    expect(visitor.get_by_test_id("save-status")).to_have_text("Belum tersimpan — mencoba lagi")
    assert AnswerEvent.objects.filter(attempt=attempt).exists() is False

    # then: the unsent answer is still on screen and reaches the server once it can
    assert grid_states(visitor) == ["answered", "blank", "blank"]
    visitor.unroute("**/answers")
    saved(visitor)
    assert list(AnswerEvent.objects.filter(attempt=attempt).values_list("client_seq", "kind")) == [
        (1, "a")
    ]
    assert [c for c in complaints if "net::ERR_FAILED" not in c] == []
    complaints.clear()

    # when: the visitor finishes
    visitor.get_by_role("button", name="Selesai", exact=True).click()
    visitor.get_by_role("button", name="Ya, selesai").click()
    visitor.wait_for_url(f"/ujian/latihan/hasil/{attempt.pk}/")

    # then: TWK right (5), TIU and TKP blank (0): total 5, with every question's key and explanation
    expect(visitor.get_by_test_id("score-total")).to_contain_text("Total 5 15")
    expect(visitor.get_by_test_id("review-explanation")).to_have_count(3)
    expect(visitor.get_by_test_id("review-1")).to_contain_text("jawaban Anda")
    expect(visitor.get_by_test_id("review-1")).to_contain_text("kunci")
    assert blocking_violations(visitor) == []
    shot(visitor, "tryout-hasil")
    assert complaints == []


def test_countdown_reaching_zero_finishes_the_attempt_and_shows_the_result(
    open_page: Callable[..., Page],
) -> None:
    # given: a tryout started in this browser, four seconds before its deadline
    tryout = make_skd_blueprint(counts=(1, 1, 1), kind=ExamKind.TRYOUT, duration_minutes=30)
    complaints: list[str] = []
    visitor = open_page(DESKTOP, complaints)
    visitor.goto("/ujian/latihan/")
    visitor.get_by_role("button", name="Mulai tryout").click()
    attempt = Attempt.objects.get(blueprint=tryout)
    visitor.wait_for_url(f"/ujian/kerjakan/{attempt.pk}/")
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + dt.timedelta(seconds=4))
    visitor.reload()
    choose(visitor, "Pilihan A")
    saved(visitor)

    # when: the countdown reaches zero, then: the page finishes and opens the result
    visitor.wait_for_url(f"/ujian/latihan/hasil/{attempt.pk}/", timeout=TIMEOUT_MS)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED
    assert attempt.finish_reason == Attempt.FinishReason.TIMEOUT
    assert attempt.total == 5
    expect(visitor.get_by_test_id("practice-result")).to_contain_text("waktu habis")
    assert complaints == []
