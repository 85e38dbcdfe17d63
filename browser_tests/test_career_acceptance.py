"""Issue #8's browser acceptance line, through the pages of Admin BKPSDM.

1. A discipline case from report to sanction: Admin BKPSDM reports an employee's absences
   ("Kasus Disiplin" → "Laporkan dugaan pelanggaran"), records the summons and that the employee
   came, the BAP (proven, sedang) and the decision: pemotongan TPP 25 % for 6 months starting on
   the 1st of next month (its end and cut come from the PP 94 table, never typed).
2. "Kenaikan Pangkat": for a period while the sanction runs the employee is not in the eligible
   list and the other list gives the reason; for the first period after it ends the employee is
   eligible again. An otherwise identical colleague is eligible in both.
3. "Satyalancana": the list of this year excludes the employee with the sedang reason (the case
   number, for Admin BKPSDM) and keeps the colleague, who reaches 10 years of service too.

What the pages under test do not offer is set up with factories, as other (separately tested)
pages would: the two employees (PNS, golongan III/b for five years, TMT CPNS ten years before
this year's 1 January, pelaksana, the same supervisor) and their final predikat Baik for the last
three years. Browser tests run on the real clock: the report is dated a month ago, the summons
and the BAP in between, and the decision today.
"""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from browser_tests.conftest import BROWSER, TIMEOUT_MS
from conftest import Org
from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD
from simerit.audit.models import AuditEvent
from simerit.career.tests.factories import CareerEmployeeFactory, SupervisorFactory, appraise_years
from simerit.discipline.models import DisciplineCase, Level, Sanction, SanctionType
from simerit.discipline.rules import pp94
from simerit.employees.models import Employee
from simerit.organization.tests.factories import golongan
from simerit.performance.models import Predikat

pytestmark = BROWSER

DESCRIPTION = "Tidak masuk kerja tanpa alasan yang sah selama 12 hari kerja."
LETTER = "800.1.6/01/P-1/BKPSDM"
PLACE = "Ruang Rapat BKPSDM"
DECREE = "800.1.6.4/01/KPTS/BKPSDM"
OFFICIAL = "Wali Kota Palembang"
OTHER_TAB = "belum"  # the promotion list's tab of those not eligible, with the reasons


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    contexts = []

    def open_context() -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def open_page(new_context: Callable[[], Page]) -> Callable[[User], Page]:
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
    return page.locator(".messages .alert")


def nav(page: Page, name: str) -> None:
    page.get_by_test_id("nav").get_by_role("link", name=name, exact=True).click()


def day(value: dt.date) -> str:
    """A date as a date input takes it."""
    return value.isoformat()


def slash(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def pair(org: Org, today: dt.date) -> tuple[Employee, Employee]:
    """The employee who will be sanctioned and the identical colleague."""
    supervisor = SupervisorFactory.create(name="Kepala Seksi Rujukan", work_unit=org.dinkes)
    facts = {
        "work_unit": org.dinkes_division,
        "supervisor": supervisor,
        "golongan": golongan("III/b"),
        "tmt_cpns": dt.date(today.year - 10, 1, 1),
        "tmt_golongan": dt.date(today.year - 5, 4, 1),
    }
    employee = CareerEmployeeFactory.create(name="Dedi Kurniawan", **facts)
    colleague = CareerEmployeeFactory.create(name="Rina Marlina", **facts)
    for person in (employee, colleague):
        appraise_years(person, dict.fromkeys(range(today.year - 2, today.year + 1), Predikat.BAIK))
    return employee, colleague


def promotion_lists(hr: Page, *, period: dt.date) -> tuple[Locator, Locator]:
    """The eligible and the other tab of the promotion list of `period`, chosen on the page."""
    nav(hr, "Kenaikan Pangkat")
    hr.get_by_label("Periode").select_option(day(period))
    hr.get_by_role("button", name="Tampilkan").click()
    expect(hr.get_by_label("Periode")).to_have_value(day(period))
    hr.get_by_test_id("tabs").get_by_role("link").nth(1).click()
    expect(hr.get_by_label("Periode")).to_have_value(day(period))
    return hr.get_by_test_id("promotion-memenuhi"), hr.get_by_test_id(f"promotion-{OTHER_TAB}")


def test_case_to_sanction_then_promotion_and_satyalancana(
    org: Org,
    hr_admin: User,
    open_page: Callable[[User], Page],
) -> None:
    today = timezone.localdate()
    employee, colleague = pair(org, today)
    reported_on = today - dt.timedelta(days=30)
    issued_on = today - dt.timedelta(days=28)
    examination_on = pp94.add_working_days(issued_on, 7)
    starts_on = pp94.add_months(today.replace(day=1), 1)
    ends_on = pp94.end_date(SanctionType.POTONG_6, starts_on)
    assert ends_on is not None

    # --- 1. Admin BKPSDM reports the employee ----------------------------------------------------
    hr = open_page(hr_admin)
    nav(hr, "Kasus Disiplin")
    hr.get_by_test_id("case-new").click()
    form = hr.get_by_test_id("case-form")
    form.get_by_label("NIP pegawai yang dilaporkan").fill(employee.nip)
    form.get_by_label("Sumber laporan").select_option(label="Temuan atasan")
    form.get_by_label("Nama pelapor").fill("Kepala Seksi Rujukan")
    form.get_by_label("Tanggal laporan").fill(day(reported_on))
    form.get_by_label("Tanggal kejadian").fill(day(reported_on - dt.timedelta(days=5)))
    form.get_by_label("Uraian dugaan pelanggaran").fill(DESCRIPTION)
    form.get_by_label("Pasal yang diduga dilanggar").select_option(
        label="Pasal 4 huruf f (kewajiban) — Masuk kerja dan menaati ketentuan jam kerja."
    )
    form.get_by_label("Dugaan tingkat hukuman").select_option(label="Sedang")
    form.get_by_role("button", name="Catat laporan").click()
    case = DisciplineCase.objects.get()
    expect(flash(hr)).to_have_text(f"Kasus {case.number} dicatat.")
    expect(hr.get_by_role("heading", level=1)).to_have_text(f"Kasus {case.number}")
    assert (case.employee, case.status, case.suspected_level) == (
        employee,
        DisciplineCase.Status.REPORTED,
        Level.SEDANG,
    )

    # --- the summons, and the employee came ------------------------------------------------------
    summons = hr.get_by_test_id("summons-form")
    summons.get_by_label("Nomor surat panggilan").fill(LETTER)
    summons.get_by_label("Tanggal surat").fill(day(issued_on))
    summons.get_by_label("Jadwal pemeriksaan").fill(day(examination_on))
    summons.get_by_label("Tempat pemeriksaan").fill(PLACE)
    summons.get_by_role("button", name="Catat surat panggilan").click()
    expect(flash(hr)).to_have_text("Surat panggilan ke-1 dicatat.")
    attendance = hr.get_by_test_id("attendance-form")
    attendance.get_by_label("Ya").check()
    attendance.get_by_role("button", name="Catat kehadiran").click()
    expect(flash(hr)).to_have_text("Kehadiran pada panggilan ke-1 dicatat.")
    expect(hr.get_by_test_id("summons-list").locator("tbody tr td").last).to_contain_text("Hadir")

    # --- the BAP ---------------------------------------------------------------------------------
    hr.get_by_test_id("examination-link").click()
    bap = hr.get_by_test_id("examination-form")
    bap.get_by_label("Tanggal pemeriksaan").fill(day(examination_on))
    bap.get_by_label("Tempat pemeriksaan").fill(PLACE)
    bap.get_by_label("Tanya jawab pemeriksaan").fill("T: Mengapa tidak masuk?\nJ: Urusan keluarga.")
    bap.get_by_label("Kesimpulan pemeriksa").fill("Terbukti tidak masuk 12 hari kerja.")
    bap.locator("#id_proven_0").check()
    bap.get_by_label("Usulan tingkat hukuman").select_option(label="Sedang")
    bap.get_by_role("button", name="Simpan BAP").click()
    expect(flash(hr)).to_have_text("Berita acara pemeriksaan dicatat.")
    expect(hr.get_by_test_id("examination")).to_contain_text("Terbukti; usulan tingkat sedang")

    # --- the decision: potong TPP 25 % for 6 months from the 1st of next month ------------------
    hr.get_by_test_id("decision-link").click()
    decision = hr.get_by_test_id("decision-form")
    decision.get_by_label("Tingkat hukuman").select_option(label="Sedang")
    decision.get_by_label("Jenis hukuman").select_option(SanctionType.POTONG_6)
    decision.get_by_label("Nomor keputusan").fill(DECREE)
    decision.get_by_label("Tanggal keputusan").fill(day(today))
    decision.get_by_label("Pejabat yang berwenang menghukum").fill(OFFICIAL)
    decision.get_by_label("Pertimbangan").fill("Tidak masuk 11–13 hari kerja: tingkat sedang.")
    decision.get_by_label("Berlaku mulai").fill(day(starts_on))
    decision.get_by_role("button", name="Tetapkan keputusan").click()
    expect(flash(hr).first).to_have_text(f"Keputusan hukuman disiplin kasus {case.number} dicatat.")
    expect(hr.get_by_test_id("sanction-period")).to_have_text(
        f"{slash(starts_on)} s.d. {slash(ends_on)}"
    )
    sanction = Sanction.objects.get()
    assert (
        sanction.case,
        sanction.employee,
        sanction.level,
        sanction.sanction_type,
        sanction.basis,
        sanction.decided_on,
        sanction.starts_on,
        sanction.ends_on,
        sanction.tpp_cut_percent,
        sanction.decided_by,
    ) == (
        case,
        employee,
        Level.SEDANG,
        SanctionType.POTONG_6,
        Sanction.Basis.EXAMINED,
        today,
        starts_on,
        ends_on,
        25,
        hr_admin,
    )
    case.refresh_from_db()
    assert case.status == DisciplineCase.Status.DECIDED
    assert list(
        AuditEvent.objects.filter(action__startswith="discipline.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "discipline.case.opened",
        "discipline.summons.issued",
        "discipline.summons.attendance_recorded",
        "discipline.examination.recorded",
        "discipline.sanction.decided",
    ]

    # --- 2. Promotion: out while the sanction runs, back once it has ended ----------------------
    during = pp94.add_months(starts_on, 1)
    eligible, others = promotion_lists(hr, period=during)
    expect(others.get_by_role("row", name=employee.display_name)).to_contain_text(
        f"Sedang menjalani hukuman disiplin ({case.number}) sampai {slash(ends_on)}."
    )
    hr.get_by_test_id("tabs").get_by_role("link").first.click()
    expect(eligible.get_by_role("cell", name=colleague.display_name, exact=True)).to_be_visible()
    expect(eligible.get_by_role("cell", name=employee.display_name, exact=True)).to_have_count(0)

    after = ends_on + dt.timedelta(days=1)
    eligible, others = promotion_lists(hr, period=after)
    expect(others.get_by_role("cell", name=employee.display_name, exact=True)).to_have_count(0)
    hr.get_by_test_id("tabs").get_by_role("link").first.click()
    for person in (employee, colleague):
        row = eligible.get_by_role("row", name=person.display_name)
        expect(row).to_contain_text("III/c")

    # --- 3. Satyalancana of this year: the colleague in, the employee out (sedang) ---------------
    nav(hr, "Satyalancana")
    expect(hr.get_by_role("heading", level=1)).to_have_text(
        f"Satyalancana Karya Satya tahun {today.year}"
    )
    eligible_row = hr.get_by_test_id(f"row-{colleague.pk}")
    expect(eligible_row).to_contain_text("Satyalancana Karya Satya X Tahun")
    expect(hr.get_by_test_id(f"row-{employee.pk}")).to_have_count(0)
    hr.get_by_test_id("tab-excluded").click()
    expect(hr.get_by_test_id(f"reasons-{employee.pk}")).to_have_text(
        f"Pernah dijatuhi hukuman disiplin tingkat sedang ({case.number}, {slash(today)})."
    )
    expect(hr.get_by_test_id(f"row-{colleague.pk}")).to_have_count(0)
