"""Issue #5's browser acceptance line, through the pages of the people involved: two assessors
score a case simulation blind; a disagreement is flagged and resolved; HR runs the integration;
the announcement is published; a visitor verifies the genuine file (match) and a file with one
score changed (mismatch).

What the pages under test do not offer is set up with factories and services, as Admin BKPSDM's
own (separately tested) pages would: the period and its windows, one formasi (quota 1) with
SKB-CAT 60 % + a blind case simulation 40 % (2 assessors, spread limit 15, mean), four MS
applicants with passing SKD results, the SKD → SKB cut (three proceed), the SKB-CAT import and
the assessor draw. With exactly two assessors the draw is forced: both score every candidate.

Scores (rubric 50/30/20 %, levels 1–5, score = Σ weight × level / 5):
  A 395 SKD, CAT 375/500 = 75, simulation 80 and 76 (mean 78): SKB 76,20, final 74,45
  B 390 SKD, CAT 300/500 = 60, simulation 100 and 60 (spread 40: flagged), panel 85: SKB 70,
    final 70,36
  C 360 SKD, CAT 275/500 = 55, simulation 60 and 66 (mean 63): SKB 58,20, final 61,10
  D 335 SKD: below the cut (3 × quota), never an SKB candidate.
"""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Dialog, FilePayload, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from browser_tests.conftest import BROWSER, TIMEOUT_MS
from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD, UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.dates import format_datetime_wib
from simerit.core.roles import Role
from simerit.recruitment.models import Application, Formasi, SelectionPeriod, Stage, StageWindow
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
    open_windows,
)
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    FinalResult,
    ResultAnnouncement,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.selectors.setup import get_setup
from simerit.selection.services.assessment import assign_assessors
from simerit.selection.services.cat_scores import import_cat_scores
from simerit.selection.services.cut import run_cut
from simerit.selection.tests.factories import make_components, make_rubric
from simerit.selection.tests.factories_integration import skb_result, skd_result

pytestmark = BROWSER

PERIOD = "Seleksi CASN Kota Palembang 2026"
FORMASI = "2026-RSUD-PRW-01"
PANEL_MEMBERS = "dr. Hendra Wijaya (ketua), Ns. Maria Ulfa, Ns. Rudi Hartono"
PANEL_NOTE = "Rekaman simulasi ditinjau ulang: penilaian klinis baik, komunikasi cukup."


Levels = tuple[int, int, int]


@dataclass(frozen=True)
class Person:
    """One applicant of the story: identity, SKD (TWK, TIU, TKP), SKB-CAT total, and the levels
    each assessor gives on the three criteria (None: below the cut, never scored)."""

    number: str
    name: str
    skd: tuple[int, int, int]
    cat_total: int
    levels: tuple[Levels, Levels] | None


A = Person("2026-PLG-010101", "Siti Aminah", (120, 100, 175), 375, ((4, 4, 4), (4, 4, 3)))
B = Person("2026-PLG-010102", "Budi Santoso", (100, 110, 180), 300, ((5, 5, 5), (3, 3, 3)))
C = Person("2026-PLG-010103", "Rina Wati", (90, 100, 170), 275, ((3, 3, 3), (3, 4, 3)))
D = Person("2026-PLG-010104", "Dodi Irawan", (85, 90, 160), 250, None)
PEOPLE = (A, B, C, D)
# Each assessor's rubric score per candidate, as their own queue shows it afterwards.
OWN_SCORES = {
    0: {A.number: "80,00", B.number: "100,00", C.number: "60,00"},
    1: {A.number: "76,00", B.number: "60,00", C.number: "66,00"},
}


@pytest.fixture
def questions() -> list[str]:
    """The data-confirm questions the people were asked, in order; each one is answered yes."""
    return []


@pytest.fixture
def open_page(
    browser: Browser, live_server: LiveServer, questions: list[str]
) -> Iterator[Callable[[], Page]]:
    """A fresh browser context (cookies, downloads) per person."""
    contexts = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    def open_new() -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", accept)
        return page

    yield open_new
    for context in contexts:
        context.close()


def log_in(page: Page, user: User) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("/")


def cells(row: Locator) -> Locator:
    return row.locator("th, td")


def make_story(hr: User) -> tuple[SelectionPeriod, Formasi, SkbComponent, list[User]]:
    """Everything before the assessors' first page: see the module docstring."""
    period = SelectionPeriodFactory.create(name=PERIOD)
    open_windows(period)
    now = timezone.now()
    StageWindow.objects.update_or_create(
        period=period,
        stage=Stage.RESULT_ANNOUNCEMENT,
        defaults={"opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=2)},
    )
    get_setup(period)
    formasi = FormasiFactory.create(
        period=period,
        code=FORMASI,
        quota=1,
        position__name="Perawat Ahli Pertama",
        work_unit__name="RSUD Palembang BARI",
    )
    rubric = make_rubric(period=period, created_by=hr)
    _, simulation = make_components(
        formasi,
        rubric=rubric,
        cat_max_score=500,
        scoring_opens_at=now - dt.timedelta(hours=1),
        scoring_closes_at=now + dt.timedelta(days=3),
    )
    for person in PEOPLE:
        twk, tiu, tkp = person.skd
        application = ApplicationFactory.create(
            formasi=formasi,
            status=Application.Status.MS,
            registration_number=person.number,
            applicant=ApplicantFactory.create(
                name=person.name, gpa=Decimal("3.50"), birth_date=dt.date(1998, 5, 17)
            ),
        )
        skd_result(application, twk=twk, tiu=tiu, tkp=tkp)
        skb_result(application, person.cat_total)
    assert run_cut(period=period, actor=hr) == 3
    assert import_cat_scores(period=period, actor=hr) == 3
    assessors = [
        UserFactory.create(username="asesor.dewi", full_name="Dewi Lestari", roles=[Role.ASESOR]),
        UserFactory.create(username="asesor.joko", full_name="Joko Susilo", roles=[Role.ASESOR]),
    ]
    assert assign_assessors(component=simulation, actor=hr) == 6
    return period, formasi, simulation, assessors


def score_every_case(
    page: Page, *, which: int, codes: dict[str, Person], questions: list[str]
) -> None:
    """The assessor opens each open case from "Penilaian Saya", checks that the sheet is blind,
    chooses a level per criterion and sends it."""
    page.get_by_test_id("nav").get_by_role("link", name="Penilaian Saya", exact=True).click()
    expect(page.get_by_role("heading", name="Penilaian Saya")).to_be_visible()
    queue = page.get_by_test_id("queue")
    expect(queue.locator("tbody tr")).to_have_count(3)
    listed = queue.inner_text()
    for person in PEOPLE:
        assert person.name not in listed
        assert person.number not in listed
    for _ in range(3):
        row = queue.locator("tbody tr").filter(has_text="Belum dinilai").first
        code = row.locator("th").inner_text().strip()
        person = codes[code]
        assert person.levels is not None
        row.get_by_role("link", name="Nilai").click()
        expect(page.get_by_test_id("candidate-label")).to_have_text(code)
        # blind: the code only, never the name, the registration number or another's score
        body = page.locator("body").inner_text()
        for other in PEOPLE:
            assert other.name not in body
            assert other.number not in body
        assert OWN_SCORES[1 - which][person.number] not in body
        expect(page.get_by_test_id("case-material")).to_have_text(
            "Pasien anak 8 tahun, demam hari ke-3, trombosit 90.000/µL."
        )
        for criterion, level in zip(
            ("Penilaian klinis", "Tindakan keperawatan", "Komunikasi dengan pasien"),
            person.levels[which],
            strict=True,
        ):
            page.get_by_label(f"{level} — {criterion}: perilaku tingkat {level}").check()
        page.get_by_role("button", name="Kirim nilai").click()
        expect(page.get_by_text(f"Nilai untuk peserta {code} terkirim.")).to_be_visible()
        assert questions[-1] == (
            f"Kirim nilai untuk {code}? Nilai yang sudah dikirim tidak dapat diubah."
        )
        queue = page.get_by_test_id("queue")
    # every case sent, each with this assessor's own score only
    rows = queue.locator("tbody tr")
    expect(rows.filter(has_text="Terkirim")).to_have_count(3)
    for code, person in codes.items():
        row = rows.filter(has=page.locator("th", has_text=code))
        expect(cells(row).nth(5)).to_have_text(OWN_SCORES[which][person.number])


def test_blind_scoring_panel_integration_publication_and_verification(
    hr_admin: User, open_page: Callable[[], Page], questions: list[str]
) -> None:
    # given: the cut is done (A, B, C proceed; D does not), SKB-CAT imported, assessors drawn
    period, formasi, simulation, assessors = make_story(hr_admin)
    candidates = {
        candidate.application.registration_number: candidate
        for candidate in SkbCandidate.objects.filter(period=period).select_related("application")
    }
    assert sorted(candidates) == [A.number, B.number, C.number]
    by_number = {person.number: person for person in PEOPLE}
    codes = {
        candidate.code: by_number[number]
        for number, candidate in candidates.items()
        if candidate.code
    }
    assert len(codes) == 3
    code_of = {person.number: code for code, person in codes.items()}

    # when: each assessor, in their own browser, scores every case assigned to them
    pages = []
    for which, assessor in enumerate(assessors):
        page = open_page()
        log_in(page, assessor)
        score_every_case(page, which=which, codes=codes, questions=questions)
        pages.append(page)
    # and once both have sent, the first assessor's sheets still never show the other's score
    first_assessor = pages[0]
    for assignment in AssessorAssignment.objects.filter(assessor=assessors[0]).select_related(
        "candidate__application"
    ):
        number = assignment.candidate.application.registration_number
        first_assessor.goto(reverse("selection:score-sheet", args=[assignment.pk]))
        expect(first_assessor.get_by_test_id("candidate-label")).to_have_text(code_of[number])
        assert OWN_SCORES[1][number] not in first_assessor.locator("body").inner_text()

    # then: A and C agree (mean), B's 100 and 60 differ by 40 > 15: flagged
    results = {
        row.candidate.application.registration_number: row
        for row in ComponentResult.objects.filter(component=simulation).select_related(
            "candidate__application"
        )
    }
    assert {number: (row.status, row.score) for number, row in results.items()} == {
        A.number: (ComponentResult.Status.FINAL, Decimal("78.0000")),
        B.number: (ComponentResult.Status.FLAGGED, None),
        C.number: (ComponentResult.Status.FINAL, Decimal("63.0000")),
    }
    assert AssessorAssignment.objects.filter(submitted_at__isnull=False).count() == 6

    # when: HR opens the component's assessment progress and sees the flagged case
    hr = open_page()
    log_in(hr, hr_admin)
    hr.goto(reverse("selection:assessment-component", args=[simulation.pk]))
    expect(hr.get_by_role("heading", name="Simulasi kasus klinis", exact=True)).to_be_visible()
    expect(hr.get_by_test_id("count-submitted")).to_have_text("6")
    expect(hr.get_by_test_id("count-final")).to_have_text("2")
    expect(hr.get_by_test_id("count-flagged")).to_have_text("1")
    flagged_rows = hr.get_by_test_id("flagged").locator("tbody tr")
    expect(flagged_rows).to_have_count(1)
    flagged = flagged_rows.first
    expect(flagged.locator("th")).to_contain_text(code_of[B.number])
    # (in the order the draw made the assignments)
    assert sorted(flagged.locator("td").nth(0).locator("div").all_inner_texts()) == [
        "Dewi Lestari: 100,00",
        "Joko Susilo: 60,00",
    ]
    expect(flagged.locator("td").nth(1)).to_have_text("40,00")

    # and records a panel decision through the form
    flagged.get_by_role("link", name="Catat keputusan panel").click()
    expect(
        hr.get_by_role("heading", name=f"Keputusan panel: peserta {code_of[B.number]}")
    ).to_be_visible()
    hr.get_by_label("Nilai keputusan panel (0–100)").fill("85")
    hr.get_by_label("Anggota panel").fill(PANEL_MEMBERS)
    hr.get_by_label("Pertimbangan panel").fill(PANEL_NOTE)
    hr.get_by_role("button", name="Catat keputusan panel").click()

    # then: the case is final with the panel's score; nothing is left to resolve
    expect(hr.get_by_text(f"Keputusan panel untuk {code_of[B.number]} dicatat.")).to_be_visible()
    expect(hr.get_by_test_id("no-flagged")).to_have_text("Tidak ada kasus yang perlu diselesaikan.")
    expect(hr.get_by_test_id("count-final")).to_have_text("3")
    expect(hr.get_by_test_id("count-flagged")).to_have_text("0")
    case = hr.get_by_test_id(f"case-{candidates[B.number].pk}")
    expect(cells(case).nth(3)).to_have_text("Final: 85,00 (Keputusan panel)")
    decided = ComponentResult.objects.get(pk=results[B.number].pk)
    assert (decided.status, decided.score, decided.resolution) == (
        ComponentResult.Status.FINAL,
        Decimal("85.0000"),
        ComponentResult.Resolution.PANEL,
    )
    assert (decided.panel_members, decided.panel_note, decided.decided_by) == (
        PANEL_MEMBERS,
        PANEL_NOTE,
        hr_admin,
    )
    assert AuditEvent.objects.filter(
        action="selection.component_result.panel_decided", target_id=str(decided.pk)
    ).exists()

    # when: HR opens the ranking page and runs the integration
    hr.goto(reverse("selection:ranking", args=[period.pk]))
    expect(hr.get_by_test_id("ready")).to_have_text(
        "Semua komponen lengkap: integrasi dapat dijalankan."
    )
    hr.get_by_role("button", name="Jalankan integrasi").click()
    expect(
        hr.get_by_text("Integrasi nilai selesai: 3 peserta di 1 formasi diperingkat.")
    ).to_be_visible()
    assert questions[-1] == "Jalankan integrasi nilai dan pemeringkatan akhir untuk 3 peserta?"
    row = hr.get_by_test_id(f"formasi-{FORMASI}")
    expect(cells(row).nth(3)).to_have_text("1")  # Lulus
    expect(cells(row).nth(4)).to_have_text("2")  # P/L
    row.get_by_role("link", name="Peringkat").click()

    # then: the result table ranks A, B, C with the scores of the module docstring
    expect(hr.get_by_role("heading", name=f"Peringkat {FORMASI}")).to_be_visible()
    table = hr.get_by_test_id("results-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expected = [
        (A, "1", "S*** A*****", "395 (120/100/175)", "75,00", "78,00", "76,20", "74,45", "Lulus"),
        (B, "2", "B*** S******", "390 (100/110/180)", "60,00", "85,00", "70,00", "70,36", "P/L"),
        (C, "3", "R*** W***", "360 (90/100/170)", "55,00", "63,00", "58,20", "61,10", "P/L"),
    ]
    for index, (person, rank, masked, skd, cat, sim, skb, final, status) in enumerate(expected):
        line = table.locator("tbody tr").nth(index)
        expect(line).to_have_attribute("data-testid", f"result-{person.number}")
        shown = cells(line)
        expect(shown.nth(0)).to_have_text(rank)
        expect(shown.nth(1)).to_have_text(person.number)
        expect(shown.nth(2)).to_have_text(masked)
        expect(shown.nth(3)).to_have_text(skd)
        expect(shown.nth(4)).to_have_text(cat)
        expect(shown.nth(5)).to_have_text(sim)
        expect(shown.nth(6)).to_have_text(skb)
        expect(shown.nth(7)).to_have_text(final)
        # the status first (so "Lulus" cannot match "Tidak Lulus"), then the explanation
        expect(shown.nth(8)).to_have_text(re.compile(rf"^{re.escape(status)}(peringkat|$)"))
    expect(table.get_by_test_id("explanation").first).to_have_text(
        "peringkat 1 dari 3; kuota 1; nilai akhir 74,45 = 40 % × (395/550 × 100) + 60 % × 76,20"
    )

    # when: HR opens the announcement admin page and publishes the formasi
    hr.goto(reverse("selection:announcement-admin", args=[period.pk]))
    row = hr.get_by_test_id(f"formasi-{FORMASI}")
    expect(cells(row).nth(3)).to_have_text("Belum diumumkan")
    row.get_by_role("button", name="Umumkan", exact=True).click()
    announcement = ResultAnnouncement.objects.get(formasi=formasi)
    expect(
        hr.get_by_text(f"Hasil akhir {FORMASI} versi 1 diumumkan; SHA-256 {announcement.sha256}.")
    ).to_be_visible()
    assert questions[-1] == (
        f"Umumkan hasil akhir {FORMASI}? Hasil dibekukan; koreksi menjadi versi baru."
    )
    expect(cells(row).nth(4)).to_have_text("Sudah diumumkan")

    # when: a visitor (not logged in) finds the announcement from the public menu
    visitor = open_page()
    visitor.goto("/akun/masuk/")
    visitor.get_by_test_id("public-nav").get_by_role("link", name="Transparansi").click()
    visitor.get_by_test_id("link-announcements").click()
    listed = visitor.get_by_test_id(f"version-{FORMASI}-1")
    expect(listed).to_contain_text("Versi 1")
    expect(listed).to_contain_text("Terbaru")
    listed.get_by_role("link", name=f"{FORMASI} — Perawat Ahli Pertama").click()
    expect(
        visitor.get_by_role("heading", name=f"Hasil akhir {FORMASI} — Perawat Ahli Pertama")
    ).to_be_visible()
    entries = visitor.get_by_test_id("entries").locator("tbody tr")
    expect(entries).to_have_count(3)
    first = cells(entries.nth(0))
    expect(first.nth(0)).to_have_text("1")
    expect(first.nth(1)).to_have_text(A.number)
    expect(first.nth(2)).to_have_text("S*** A*****")
    expect(first.nth(-1)).to_have_text("Lulus")
    expect(visitor.get_by_test_id("entries")).not_to_contain_text(A.name)
    expect(visitor.get_by_test_id("sha256")).to_have_text(announcement.sha256)

    # and downloads the canonical JSON
    with visitor.expect_download() as info:
        visitor.get_by_role("link", name="JSON kanonik").click()
    download = info.value
    assert download.suggested_filename == f"hasil-akhir-{FORMASI}-v1.json"
    path = download.path()
    assert path is not None
    genuine = path.read_bytes()
    payload: dict[str, Any] = json.loads(genuine)
    assert [
        (item["rank"], item["registration_number"], item["status"], item["final_score"])
        for item in payload["entries"]
    ] == [
        (1, A.number, "lulus", "74.4473"),
        (2, B.number, "p_l", "70.3636"),
        (3, C.number, "p_l", "61.1018"),
    ]

    # when: the visitor uploads the genuine file on the verify page
    visitor.get_by_role("link", name="Periksa berkas lain").click()
    expect(visitor.get_by_role("heading", name="Verifikasi pengumuman hasil akhir")).to_be_visible()
    upload = visitor.get_by_label("Berkas pengumuman (JSON, CSV atau PDF)")
    upload.set_input_files(
        FilePayload(name=download.suggested_filename, mimeType="application/json", buffer=genuine)
    )
    visitor.get_by_role("button", name="Periksa").click()

    # then: it matches
    where = (
        f"pengumuman hasil akhir formasi {FORMASI} versi 1 ({PERIOD}) yang diumumkan "
        f"{format_datetime_wib(announcement.published_at)}"
    )
    expect(visitor.get_by_test_id("verification")).to_have_attribute("data-status", "match")
    expect(visitor.get_by_test_id("verification-status")).to_have_text("Cocok")
    expect(visitor.get_by_test_id("verification-message")).to_have_text(
        f"Cocok: berkas JSON ini sama persis dengan {where}, dan catatannya tidak berubah sejak "
        "diumumkan."
    )
    expect(visitor.get_by_test_id("differences")).to_have_count(0)

    # when: one score in the file is changed (B's final score) and the file is uploaded
    payload["entries"][1]["final_score"] = "72.3636"
    tampered = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    assert tampered != genuine
    visitor.get_by_label("Berkas pengumuman (JSON, CSV atau PDF)").set_input_files(
        FilePayload(name=download.suggested_filename, mimeType="application/json", buffer=tampered)
    )
    visitor.get_by_role("button", name="Periksa").click()

    # then: it does not match, and the page names the changed row and value
    expect(visitor.get_by_test_id("verification")).to_have_attribute("data-status", "mismatch")
    expect(visitor.get_by_test_id("verification-status")).to_have_text("Tidak cocok")
    expect(visitor.get_by_test_id("verification-message")).to_have_text(
        f"Tidak cocok: berkas JSON ini mengaku sebagai {where}, tetapi isinya berbeda dengan yang "
        "diumumkan (1 perbedaan)."
    )
    expect(visitor.get_by_test_id("differences").locator("li")).to_have_text(
        [f"Nilai akhir {B.number} pada berkas 72,3636, yang diumumkan 70,3636."]
    )
    expect(visitor.get_by_test_id("verification").locator("code")).to_have_text(
        hashlib.sha256(tampered).hexdigest()
    )

    # and the database holds what the pages showed
    run_results = {
        row.application.registration_number: (row.rank, row.status, row.final_score)
        for row in FinalResult.objects.select_related("application")
    }
    assert run_results == {
        A.number: (1, "lulus", Decimal("74.4473")),
        B.number: (2, "p_l", Decimal("70.3636")),
        C.number: (3, "p_l", Decimal("61.1018")),
    }
    announcement.refresh_from_db()
    assert ResultAnnouncement.objects.count() == 1
    assert (announcement.version, announcement.supersedes, announcement.published_by) == (
        1,
        None,
        hr_admin,
    )
    assert announcement.sha256 == hashlib.sha256(genuine).hexdigest()
    assert announcement.entries.count() == 3
