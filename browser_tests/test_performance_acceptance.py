"""Issue #6's browser acceptance line, through the pages of the people involved: an employee drafts
the SKP and the supervisor approves it; a quarterly realisation with its evidence (a real PDF);
360 invitations answered; the supervisor decides, first refused without the justification the
departure from the 360 evidence requires, then with it; the employee files a keberatan and the
atasan decides it. At the end the employee still sees no rater next to a score, and a peer cannot
open the SKP.

What the pages under test do not offer is set up with factories, as Admin BKPSDM's own (separately
tested) pages would: the 2026 year (running; 360 answers until 31 December 2026, decisions until
31 January 2027; 3 raters per group; margin 1,00; 14 days for a keberatan), `make_team()` plus a
third peer (Staf E), and the pejabat penilai's own approved SKP whose result the employee's RHK
intervenes in. The day is fixed: PLANNING_DAY (Triwulan IV has started, so Triwulan III can be
filled, and the 360 collection is open) for the plan, the realisation and the 360 answers, then
DECISION_DAY (the collection is over, decisions are open) for the decision and the keberatan.

People: Staf B (the employee), Kabid Layan (pejabat penilai), Kadis Sehat (atasan pejabat penilai),
Staf C, Staf D and Staf E (peers: same unit, position kind and supervisor).

Numbers: target 40 dokumen, Triwulan III realisation 44 → capaian 110,00 %. 360 answers on the
21 panduan perilaku: self 5 on all; the supervisor 5, 5, 4 on each value's three (98/21 = 4,67);
peers 5, 4 and 5 on all (mean 4,67). The evidence mean is 4,67 whether or not the supervisor's
own 360 answer counts in it. The supervisor decides hasil kerja Di Atas, perilaku Sesuai (= 3):
1,67 away from 4,67, more than the margin 1,00, so a justification is required; predikat Baik.
The atasan changes perilaku to Di Atas: predikat Sangat Baik.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, FilePayload, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from browser_tests.conftest import BROWSER, TIMEOUT_MS
from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD
from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id
from simerit.demo.documents import document_pdf
from simerit.employees.models import Employee
from simerit.performance.models import (
    Appraisal,
    BehaviourResponse,
    Evidence,
    Objection,
    PerformanceYear,
    Predikat,
    RaterAssignment,
    Rating,
    Realisation,
    Skp,
    WorkResult,
)
from simerit.performance.tests.factories import (
    PerformanceYearFactory,
    Team,
    make_skp,
    make_team,
    member,
)

pytestmark = BROWSER

# A day in Triwulan IV of 2026: every quarter up to IV has started; the 360 collection is open.
PLANNING_DAY = dt.date(2026, 10, 15)
FEEDBACK_CLOSES_ON = dt.date(2026, 12, 31)
# After the 360 collection, before the decisions close (31 January 2027).
DECISION_DAY = dt.date(2027, 1, 11)

CHIEF_RESULT = "Meningkatnya mutu layanan rujukan kesehatan"
RESULT = "Terverifikasinya dokumen rujukan pasien tepat waktu"
INDICATOR = "Dokumen rujukan terverifikasi"
EXPECTATION = "Menanggapi keluhan pasien rujukan paling lambat satu hari kerja."
FEEDBACK = "Capaian triwulan III baik; pertahankan ketepatan waktu verifikasi."
EVIDENCE_NAME = "rekap-rujukan-triwulan-3.pdf"
JUSTIFICATION = (
    "Kerja sama lintas seksi belum terlihat dalam rapat koordinasi rujukan; perilaku sesuai "
    "ekspektasi, belum di atasnya."
)
REFUSAL = (
    "Justifikasi wajib diisi: rating perilaku Anda (Sesuai Ekspektasi = 3) berbeda 1,67 dari "
    "rata-rata masukan 360 (4,67), lebih dari batas 1,00 yang ditetapkan untuk periode ini. "
    "Jelaskan dasar keputusan Anda."
)
OBJECTION = (
    "Masukan 360 rekan kerja dan atasan rata-rata 4,67, di atas ekspektasi; rating perilaku "
    "Sesuai Ekspektasi tidak mencerminkannya."
)
STATEMENT = "Kolaborasi lintas seksi masih perlu ditingkatkan; rating perilaku sudah saya jelaskan."
DECISION = (
    "Masukan 360 dari tiga rekan kerja dan atasan konsisten di atas ekspektasi; rating perilaku "
    "diubah menjadi Di Atas Ekspektasi."
)
SCALE = {
    5: "5 — Jauh di atas ekspektasi",
    4: "4 — Di atas ekspektasi",
}


@dataclass
class Clock:
    today: dt.date


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """`timezone.localdate()` is `clock.today` in every module that calls it (the live server's
    thread too: it shares the module); the test moves the clock from one phase to the next."""
    fixed = Clock(today=PLANNING_DAY)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: fixed.today)
    return fixed


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Private storage in a fresh folder for the uploaded bukti dukung."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[User], Page]]:
    """A fresh browser context per person, logged in through the login form."""
    contexts = []

    def open_as(user: User) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def user_of(employee: Employee) -> User:
    assert employee.user is not None
    return employee.user


def make_story() -> tuple[PerformanceYear, Team, Employee]:
    """The year, the team with a third peer, and the pejabat penilai's approved SKP."""
    year = PerformanceYearFactory.create(
        year=2026,
        status=PerformanceYear.Status.RUNNING,
        feedback_closes_on=FEEDBACK_CLOSES_ON,
        ratings_close_on=dt.date(2027, 1, 31),
        min_group_raters=3,
        justification_margin=Decimal("1.00"),
        objection_days=14,
    )
    team = make_team()
    extra_peer = member(
        name="Staf E",
        unit=team.division,
        position=team.staff[1].position,
        supervisor=team.chief,
        atasan=False,
    )
    chief_skp = make_skp(team.chief, year=year, status=Skp.Status.APPROVED)
    WorkResult.objects.create(skp=chief_skp, order=1, text=CHIEF_RESULT)
    return year, team, extra_peer


def flash(page: Page) -> Locator:
    """The messages shown after a redirect."""
    return page.locator(".messages .alert")


def expect_result(page: Page, *shown: str) -> None:
    """The result card: rating hasil kerja, rating perilaku kerja, predikat and justification."""
    values = page.get_by_test_id("result").locator("dd")
    for index, text in enumerate(shown):
        expect(values.nth(index)).to_have_text(text)


def rate_everything(page: Page, *, employee_name: str, scores: list[int]) -> None:
    """The rater opens "Penilaian 360 Saya", opens the employee's form and gives the 21 panduan
    perilaku their `scores`, in the form's order (1a, 1b, 1c, 2a, …)."""
    page.get_by_test_id("nav").get_by_role("link", name="Penilaian 360 Saya").click()
    expect(page.get_by_role("heading", name="Penilaian perilaku 360")).to_be_visible()
    page.get_by_role("link", name=f"Isi penilaian {employee_name}").click()
    expect(page.get_by_role("heading", name="Penilaian perilaku kerja")).to_be_visible()
    expect(page.get_by_test_id("expectation-1")).to_have_text(
        f"Ekspektasi khusus pimpinan: {EXPECTATION}"
    )
    items = page.locator("form fieldset")
    expect(items).to_have_count(len(scores))
    for item, score in zip(items.all(), scores, strict=True):
        item.get_by_role("radio", name=SCALE[score], exact=True).check()
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(flash(page)).to_have_text("Penilaian Anda terkirim. Terima kasih.")
    row = page.get_by_test_id("my-ratings").locator("tbody tr").filter(has_text=employee_name)
    expect(row.locator("td").nth(2)).to_have_text("Sudah dikirim")


def test_skp_to_keberatan_through_the_pages_of_everyone_involved(
    open_page: Callable[[User], Page], media: Path, clock: Clock
) -> None:
    year, team, extra_peer = make_story()
    employee, chief, head = team.staff[1], team.chief, team.head
    peers = [team.staff[2], team.staff[3], extra_peer]
    raters = [employee, chief, *peers]

    # --- 1. The employee drafts the SKP -------------------------------------------------------
    staff = open_page(user_of(employee))
    staff.get_by_test_id("nav").get_by_role("link", name="Kinerja Saya").click()
    expect(staff.get_by_role("heading", name="SKP saya")).to_be_visible()
    staff.get_by_role("button", name="Buat SKP 2026").click()
    expect(flash(staff)).to_have_text("SKP 2026 dibuat. Tambahkan rencana hasil kerja lalu ajukan.")
    skp = Skp.objects.get(year=year, employee=employee)
    assert (skp.evaluator, skp.evaluator_superior) == (chief, head)
    expect(staff.get_by_role("heading", name="SKP 2026 — Staf B")).to_be_visible()
    expect(staff.get_by_test_id("skp-status")).to_have_text("Draf")
    expect(staff.get_by_test_id("submission-problem")).to_have_text(
        "SKP belum dapat diajukan: tambahkan paling sedikit satu rencana hasil kerja utama."
    )

    # an RHK cascaded from the pejabat penilai's result
    staff.get_by_label("Jenis").select_option(label="Utama")
    staff.get_by_label("Rencana hasil kerja").fill(RESULT)
    staff.get_by_label("RHK pimpinan yang diintervensi").select_option(
        label=f"Utama 1. {CHIEF_RESULT}"
    )
    staff.get_by_role("button", name="Tambah RHK").click()
    expect(flash(staff)).to_have_text("Rencana hasil kerja ditambahkan.")
    result = WorkResult.objects.get(skp=skp)
    article = staff.get_by_test_id(f"result-{result.pk}")
    expect(article.get_by_role("heading")).to_have_text(f"Utama 1. {RESULT}")
    expect(article.get_by_test_id("cascade")).to_have_text(
        f"RHK pimpinan yang diintervensi: {CHIEF_RESULT}"
    )
    expect(staff.get_by_test_id("submission-problem")).to_have_text(
        f'SKP belum dapat diajukan: RHK "{RESULT}" belum memiliki indikator kinerja.'
    )

    # its indicator and target
    article.locator("summary", has_text="Tambah indikator").click()
    article.get_by_label("Aspek").select_option(label="Kuantitas")
    article.get_by_label("Indikator kinerja individu").fill(INDICATOR)
    article.get_by_label("Target").fill("40")
    article.get_by_label("Satuan").fill("dokumen")
    article.get_by_role("button", name="Tambah indikator").click()
    expect(flash(staff)).to_have_text("Indikator kinerja ditambahkan.")
    indicator = result.indicators.get()
    expect(staff.get_by_test_id(f"indicator-{indicator.pk}").locator("td")).to_have_text(
        ["Kuantitas", INDICATOR, "40 dokumen", "Ubah Hapus"]
    )
    expect(staff.get_by_test_id("submission-problem")).to_have_count(0)

    # and submits it
    staff.get_by_role("button", name="Ajukan SKP kepada pejabat penilai").click()
    expect(flash(staff)).to_have_text("SKP diajukan kepada pejabat penilai kinerja.")
    expect(staff.get_by_test_id("skp-status")).to_have_text("Diajukan")
    expect(staff.get_by_role("button", name="Tambah RHK")).to_have_count(0)

    # --- 2. The supervisor approves it and writes an expectation ------------------------------
    boss = open_page(user_of(chief))
    boss.get_by_test_id("nav").get_by_role("link", name="SKP Tim").click()
    expect(boss.get_by_test_id("waiting")).to_have_text(
        "1 SKP menunggu persetujuan Anda. Tampilkan"
    )
    boss.get_by_test_id(f"team-skp-{skp.pk}").get_by_role("link", name="Staf B", exact=True).click()
    expect(boss.get_by_test_id("skp-status")).to_have_text("Diajukan")
    boss.get_by_role("button", name="Setujui SKP").click()
    expect(flash(boss)).to_have_text("SKP disetujui.")
    expect(boss.get_by_test_id("skp-status")).to_have_text("Disetujui")
    value = boss.get_by_test_id("value-1")
    value.locator("summary", has_text="Tulis ekspektasi").click()
    value.get_by_label("Ekspektasi khusus pimpinan").fill(EXPECTATION)
    value.get_by_role("button", name="Simpan ekspektasi").click()
    expect(flash(boss)).to_have_text("Ekspektasi untuk nilai Berorientasi Pelayanan tersimpan.")
    expect(boss.get_by_test_id("value-1").get_by_test_id("expectation")).to_have_text(
        f"Ekspektasi khusus pimpinan: {EXPECTATION}"
    )
    skp.refresh_from_db()
    assert (skp.status, skp.approved_by) == (Skp.Status.APPROVED, user_of(chief))

    # --- 3. The employee records Triwulan III with a PDF as bukti dukung -----------------------
    staff.reload()
    expect(staff.get_by_test_id("skp-status")).to_have_text("Disetujui")
    staff.get_by_role("link", name="Realisasi dan umpan balik").click()
    expect(staff.get_by_role("heading", name="Realisasi per triwulanan")).to_be_visible()
    record = staff.get_by_test_id("record-form")
    record.get_by_label("Indikator").select_option(label=f"{RESULT} — {INDICATOR} (40.00 dokumen)")
    record.get_by_role("combobox", name="Periode").select_option(label="Triwulan III")
    record.get_by_label("Realisasi (kumulatif sampai periode ini)").fill("44")
    record.get_by_label("Keterangan").fill("44 dokumen rujukan diverifikasi sampai September.")
    record.get_by_role("button", name="Simpan realisasi").click()
    expect(flash(staff)).to_have_text("Realisasi tersimpan.")
    cell = staff.get_by_test_id(f"cell-{indicator.pk}-3")
    expect(cell.get_by_test_id("achievement")).to_have_text("Capaian: 110,00%")
    expect(cell.locator("strong")).to_have_text("44,00")
    for other_period in (1, 2, 4):
        expect(staff.get_by_test_id(f"cell-{indicator.pk}-{other_period}")).to_have_text("—")

    pdf = document_pdf(
        title="Rekap verifikasi rujukan", name="Staf B", lines=("Triwulan III 2026: 44 dokumen",)
    )
    cell.get_by_label(f"Unggah bukti dukung {INDICATOR} Triwulan III").set_input_files(
        FilePayload(name=EVIDENCE_NAME, mimeType="application/pdf", buffer=pdf)
    )
    cell.get_by_role("button", name="Unggah bukti", exact=True).click()
    expect(flash(staff)).to_have_text("Bukti dukung tersimpan.")
    cell = staff.get_by_test_id(f"cell-{indicator.pk}-3")
    expect(cell.get_by_test_id("evidence-link")).to_have_text(EVIDENCE_NAME)
    evidence = Evidence.objects.get()
    assert (evidence.file_format, evidence.size_bytes) == ("pdf", len(pdf))

    # --- the supervisor reads it (the same PDF comes back) and gives feedback -------------------
    boss.get_by_role("link", name="Realisasi dan umpan balik").click()
    boss_cell = boss.get_by_test_id(f"cell-{indicator.pk}-3")
    expect(boss_cell.get_by_test_id("achievement")).to_have_text("Capaian: 110,00%")
    with boss.expect_download() as info:
        boss_cell.get_by_test_id("evidence-link").click()
    download = info.value
    assert download.suggested_filename == f"bukti-dukung-2026-{evidence.pk}.pdf"
    downloaded = download.path()
    assert downloaded is not None
    assert downloaded.read_bytes() == pdf
    block = boss.get_by_test_id(f"result-{result.pk}")
    block.get_by_label("Periode").select_option(label="Triwulan III")
    block.get_by_label("Umpan balik").fill(FEEDBACK)
    block.get_by_role("button", name="Kirim").click()
    expect(flash(boss)).to_have_text("Umpan balik tersimpan.")
    expect(boss.get_by_test_id(f"feedback-{result.pk}-3")).to_contain_text(FEEDBACK)

    # --- 4. 360: the supervisor invites by rule; everyone answers ------------------------------
    boss.get_by_role("link", name="Perilaku (360)").click()
    boss.get_by_role("button", name="Usulkan penilai menurut aturan").click()
    expect(flash(boss)).to_have_text("5 penilai baru diundang.")
    invitations = boss.get_by_test_id("invitations").locator("tbody tr")
    expect(invitations.locator("th")).to_have_text(
        ["Staf C", "Staf D", "Staf E", "Staf B", "Kabid Layan"]
    )
    expect(invitations.locator("td:nth-child(2)")).to_have_text(
        [*["Rekan kerja setingkat"] * 3, "Diri sendiri", "Atasan langsung"]
    )
    expect(invitations.locator("td:nth-child(4)")).to_have_text(["Diundang"] * 5)

    peer_pages = [open_page(user_of(peer)) for peer in peers]
    rate_everything(staff, employee_name="Staf B", scores=[5] * 21)
    rate_everything(boss, employee_name="Staf B", scores=[5, 5, 4] * 7)
    rate_everything(peer_pages[0], employee_name="Staf B", scores=[5] * 21)
    rate_everything(peer_pages[1], employee_name="Staf B", scores=[4] * 21)

    # two peers have answered: the employee's tab shows no peer score
    staff.goto(reverse("performance:skp-feedback360", args=[skp.pk]))
    expect(staff.get_by_role("heading", name="Ringkasan penilaian perilaku 360")).to_be_visible()
    expect(staff.get_by_test_id("mean-peer")).to_have_count(0)

    # the third peer answers; once the collection is over, the peers' mean is shown, aggregated
    rate_everything(peer_pages[2], employee_name="Staf B", scores=[5] * 21)
    clock.today = DECISION_DAY
    staff.reload()
    groups = staff.get_by_test_id("evidence-groups").locator("tbody tr")
    expect(groups.locator("th")).to_have_text(
        ["Diri sendiri", "Atasan langsung", "Rekan kerja setingkat"]
    )
    expect(groups.locator("td:nth-child(2)")).to_have_text(["1", "1", "3"])
    expect(groups.locator("td:nth-child(3)")).to_have_text(["5,00", "4,67", "4,67"])
    expect(staff.get_by_test_id("overall-mean")).to_have_text("4,67")
    expect(staff.get_by_test_id("invitation-counts").locator("li")).to_have_text(
        [
            "Diri sendiri: 1 dari 1 penilai sudah menjawab",
            "Atasan langsung: 1 dari 1 penilai sudah menjawab",
            "Rekan kerja setingkat: 3 dari 3 penilai sudah menjawab",
        ]
    )
    assert BehaviourResponse.objects.filter(skp=skp).count() == 5
    assert set(RaterAssignment.objects.filter(skp=skp).values_list("rater_id", "status")) == {
        (rater.pk, RaterAssignment.Status.ANSWERED) for rater in raters
    }

    # --- 5. The supervisor decides: refused without the justification, then with it ------------
    boss.goto(reverse("performance:skp-appraisal", args=[skp.pk]))
    expect(boss.get_by_test_id("appraisal-status")).to_have_text("Belum dinilai")
    evidence_rows = boss.get_by_test_id("evidence").locator("tbody tr")
    expect(evidence_rows.locator("td:nth-child(1)")).to_have_text(
        ["Diri sendiri", "Atasan langsung", "Rekan kerja setingkat"]
    )
    expect(evidence_rows.locator("td:nth-child(3)")).to_have_text(["5,00", "4,67", "4,67"])
    expect(boss.get_by_test_id("evidence-mean")).to_have_text("4,67")
    decision = boss.get_by_test_id("decision-form")
    decision.get_by_role("group", name="Rating hasil kerja").get_by_label(
        "Di Atas Ekspektasi"
    ).check()
    decision.get_by_role("group", name="Rating perilaku kerja").get_by_label(
        "Sesuai Ekspektasi"
    ).check()
    events_before = AuditEvent.objects.count()
    decision.get_by_role("button", name="Tetapkan penilaian").click()
    expect(boss.get_by_test_id("decision-form").locator(".invalid-feedback")).to_have_text(REFUSAL)
    expect(boss.get_by_test_id("appraisal-status")).to_have_text("Belum dinilai")
    assert not Appraisal.objects.filter(skp=skp).exists()
    assert AuditEvent.objects.count() == events_before

    decision = boss.get_by_test_id("decision-form")
    expect(
        decision.get_by_role("group", name="Rating perilaku kerja").get_by_label(
            "Sesuai Ekspektasi"
        )
    ).to_be_checked()
    decision.get_by_label("Justifikasi").fill(JUSTIFICATION)
    decision.get_by_role("button", name="Tetapkan penilaian").click()
    expect(flash(boss)).to_have_text("Penilaian ditetapkan dan disampaikan kepada pegawai.")
    expect(boss.get_by_test_id("appraisal-status")).to_have_text("Diterima pegawai")
    expect(boss.get_by_test_id("objection-deadline")).to_have_text("25 Januari 2027")
    expect_result(boss, "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Baik", JUSTIFICATION)
    expect(boss.get_by_test_id("predikat")).to_have_text("Baik")

    # --- 6. The employee receives it and files a keberatan -------------------------------------
    staff.get_by_role("link", name="Penilaian dan keberatan").click()
    expect(staff.get_by_test_id("appraisal-status")).to_have_text("Diterima pegawai")
    expect(staff.get_by_test_id("predikat")).to_have_text("Baik")
    staff.get_by_label("Alasan keberatan").fill(OBJECTION)
    staff.get_by_role("button", name="Ajukan keberatan").click()
    expect(flash(staff)).to_have_text(
        "Keberatan Anda tercatat dan diteruskan kepada atasan pejabat penilai."
    )
    expect(staff.get_by_test_id("appraisal-status")).to_have_text("Dalam keberatan")
    expect(staff.get_by_test_id("objection-status")).to_have_text("Diajukan")
    expect(staff.get_by_role("button", name="Ajukan keberatan")).to_have_count(0)

    # the atasan finds it waiting, without the pejabat penilai's side yet
    atasan = open_page(user_of(head))
    atasan.get_by_test_id("nav").get_by_role("link", name="Keberatan Kinerja").click()
    waiting = atasan.get_by_test_id("objections").locator("tbody tr")
    expect(waiting).to_have_count(1)
    filed_on = format_date_id(timezone.localtime(Objection.objects.get().filed_at).date())
    expect(waiting.locator("td")).to_have_text(
        ["Staf B", "2026", "Kabid Layan", "Baik", filed_on, "Belum ada"]
    )

    # the pejabat penilai gives their side
    boss.reload()
    expect(boss.get_by_test_id("objection-status")).to_have_text("Diajukan")
    boss.get_by_label("Penjelasan Anda").fill(STATEMENT)
    boss.get_by_role("button", name="Simpan penjelasan").click()
    expect(flash(boss)).to_have_text("Penjelasan Anda tersimpan.")
    expect(boss.get_by_test_id("evaluator-statement")).to_have_text(STATEMENT)

    # --- 7. The atasan decides: perilaku Di Atas, predikat Sangat Baik --------------------------
    waiting.get_by_role("link", name="Staf B", exact=True).click()
    expect(atasan.get_by_test_id("evaluator-statement")).to_have_text(STATEMENT)
    expect(atasan.get_by_test_id("waiting-statement")).to_have_count(0)
    form = atasan.get_by_test_id("objection-decision-form")
    form.get_by_label("Hasil penilaian diubah").check()
    form.get_by_label("Rating hasil kerja baru").select_option(label="Di Atas Ekspektasi")
    form.get_by_label("Rating perilaku kerja baru").select_option(label="Di Atas Ekspektasi")
    form.get_by_label("Pertimbangan keputusan").fill(DECISION)
    form.get_by_role("button", name="Simpan keputusan (final)").click()
    expect(flash(atasan)).to_have_text("Keputusan keberatan tersimpan; hasil penilaian kini final.")
    expect(atasan.get_by_test_id("appraisal-status")).to_have_text("Final")
    expect(atasan.get_by_test_id("predikat")).to_have_text("Sangat Baik")
    expect(atasan.get_by_test_id("objection-status")).to_have_text("Hasil penilaian diubah")

    # --- 8. The employee sees the final result, and no rater next to any score -----------------
    staff.reload()
    expect(staff.get_by_test_id("appraisal-status")).to_have_text("Final")
    expect(staff.get_by_test_id("predikat")).to_have_text("Sangat Baik")
    expect_result(staff, "Di Atas Ekspektasi", "Di Atas Ekspektasi", "Sangat Baik", JUSTIFICATION)
    expect(staff.get_by_test_id("objection-status")).to_have_text("Hasil penilaian diubah")
    expect(staff.get_by_test_id("objection-decision")).to_contain_text("Hasil penilaian diubah (")
    expect(staff.get_by_test_id("objection-decision")).to_contain_text(f"): {DECISION}")
    expect(staff.get_by_test_id("objection")).to_contain_text(
        "Di Atas Ekspektasi / Sesuai Ekspektasi → Baik"
    )
    staff.get_by_test_id("nav").get_by_role("link", name="Kinerja Saya").click()
    expect(staff.get_by_test_id("skp-2026").locator("td")).to_have_text(
        [
            f"{team.staff[1].position.name}{team.division.name}",
            "Kabid Layan",
            "Disetujui",
            "Sangat Baik",
        ]
    )
    staff.get_by_role("link", name="SKP 2026").click()
    staff.get_by_role("link", name="Perilaku (360)").click()
    expect(staff.get_by_test_id("evidence-groups").locator("tbody th")).to_have_text(
        ["Diri sendiri", "Atasan langsung", "Rekan kerja setingkat"]
    )
    expect(staff.get_by_test_id("invitations")).to_have_count(0)
    expect(staff.get_by_role("link", name="Lihat identitas penilai")).to_have_count(0)
    body = staff.locator("body").inner_text()
    for rater in peers:
        assert rater.name not in body

    # --- 9. A peer cannot open the employee's SKP ---------------------------------------------
    peer_page = peer_pages[0]
    for name in ("skp-detail", "skp-realisation", "skp-feedback360", "skp-appraisal"):
        response = peer_page.goto(reverse(f"performance:{name}", args=[skp.pk]))
        assert response is not None
        assert response.status == 404, name
        expect(peer_page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()

    # --- and the database holds what the pages showed ------------------------------------------
    skp.refresh_from_db()
    assert skp.status == Skp.Status.APPROVED
    realisation = Realisation.objects.get(indicator=indicator)
    assert (realisation.period_index, str(realisation.value)) == (3, "44.00")
    appraisal = Appraisal.objects.get(skp=skp)
    assert (
        appraisal.result_rating,
        appraisal.behaviour_rating,
        appraisal.predikat,
        appraisal.status,
        appraisal.justification,
        appraisal.decided_by,
    ) == (
        Rating.ABOVE,
        Rating.ABOVE,
        Predikat.SANGAT_BAIK,
        Appraisal.Status.FINAL,
        JUSTIFICATION,
        user_of(chief),
    )
    assert appraisal.evidence["overall_mean"] == "4.67"
    objection = Objection.objects.get(appraisal=appraisal)
    assert (
        objection.status,
        objection.original_result_rating,
        objection.original_behaviour_rating,
        objection.original_predikat,
        objection.evaluator_statement,
        objection.decision_reason,
        objection.decided_by,
    ) == (
        Objection.Status.CHANGED,
        Rating.ABOVE,
        Rating.AS_EXPECTED,
        Predikat.BAIK,
        STATEMENT,
        DECISION,
        user_of(head),
    )
    assert list(
        AuditEvent.objects.filter(action__startswith="performance.")
        .filter(
            action__in=[
                "performance.skp.created",
                "performance.skp.submitted",
                "performance.skp.approved",
                "performance.evidence.added",
                "performance.appraisal.decided",
                "performance.objection.filed",
                "performance.objection.decided",
            ]
        )
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "performance.skp.created",
        "performance.skp.submitted",
        "performance.skp.approved",
        "performance.evidence.added",
        "performance.appraisal.decided",
        "performance.objection.filed",
        "performance.objection.decided",
    ]
