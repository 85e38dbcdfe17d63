import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from simerit.exams.tests.factories import add_passing_rule
from simerit.portal.tests import factories as published
from simerit.recruitment.models import Application, Formasi, SelectionPeriod, Stage, StageWindow
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection.models import SkbCandidate
from simerit.selection.rules.anonymity import Bin
from simerit.selection.selectors import transparency as selectors
from simerit.selection.selectors import transparency_distributions as distribution_selectors
from simerit.selection.selectors import transparency_lookup as lookup_selectors
from simerit.selection.tests.factories import SelectionSetupFactory, SkbCandidateFactory

pytestmark = pytest.mark.django_db

MS, TMS = Application.Status.MS, Application.Status.TMS


@pytest.fixture
def period() -> SelectionPeriod:
    return SelectionPeriodFactory.create(name="Seleksi CASN 2026")


def announce(formasi: Formasi, ms: int, tms: int, *, version: int = 1) -> list[Application]:
    """ms + tms sent applications, announced as such; returns the MS ones first."""
    passed = published.applications(formasi, ms, status=MS)
    failed = published.applications(formasi, tms, status=TMS)
    published.admin_announcement(
        formasi,
        [(a, "MS") for a in passed] + [(a, "TMS") for a in failed],
        version=version,
    )
    return passed + failed


def row_of(page: selectors.StatisticsPage, code: str) -> selectors.FormasiStatistics:
    return next(row for row in page.rows if row.code == code)


def texts(row: selectors.FormasiStatistics) -> tuple[str, ...]:
    return tuple(figure.text for figure in row.figures)


# --- statistics per formasi


def test_counts_per_formasi_are_exact_and_k_anonymous(period):
    # given: A has 12 sent applicants (9 MS, 3 TMS announced) and 2 drafts
    small = FormasiFactory.create(period=period, code="A-01", quota=1)
    announce(small, 9, 3)
    ApplicationFactory.create_batch(2, formasi=small, status=Application.Status.DRAFT)
    # B: 15 applicants (10 MS, 5 TMS), 7 MS pass the SKD, 6 proceed, v2 of the final result
    # has 5 Lulus (v1 had 2)
    big = FormasiFactory.create(period=period, code="B-01", quota=5)
    big_ms = announce(big, 10, 5)[:10]
    blueprint = published.skd_blueprint(period)
    for index, application in enumerate(big_ms):
        published.skd_result(blueprint, application, passed=index < 7)
    for application in big_ms[:6]:
        SkbCandidateFactory.create(application=application)
    published.result_announcement(
        big, [(a, "lulus", 1, Decimal(80)) for a in big_ms[:2]], version=1
    )
    published.result_announcement(
        big,
        [(a, "lulus", n, Decimal(80)) for n, a in enumerate(big_ms[:5], start=1)]
        + [(big_ms[5], "p_l", 6, Decimal(60))],
        version=2,
    )
    # A: 2 MS pass the SKD (a group below 5)
    small_ms = Application.objects.filter(formasi=small, status=MS).order_by("pk")[:2]
    for application in small_ms:
        published.skd_result(blueprint, application)

    page = selectors.formasi_statistics(period, k=5)

    assert [row.code for row in page.rows] == ["A-01", "B-01"]
    a, b = row_of(page, "A-01"), row_of(page, "B-01")
    # TMS 3 is below 5, and MS 9 = applicants 12 − 3 would give it away: both hidden
    assert [f.value for f in a.figures] == [12, None, None, None, 0, None]
    assert texts(a) == ("12", "< 5", "< 5", "< 5", "0", "—")
    assert [f.state for f in a.figures] == [
        "shown",
        "suppressed",
        "suppressed",
        "suppressed",
        "shown",
        "unpublished",
    ]
    assert texts(b) == ("15", "10", "5", "7", "6", "5")
    assert page.any_suppressed


def test_stages_not_yet_published_show_a_dash(period):
    # given: applicants, MS decided but not announced, SKD scores imported but not published
    formasi = FormasiFactory.create(period=period, code="C-01")
    applications = published.applications(formasi, 6, status=MS)
    blueprint = published.skd_blueprint(period, published=False)
    for application in applications:
        published.skd_result(blueprint, application)

    row = selectors.formasi_statistics(period, k=5).rows[0]

    assert texts(row) == ("6", "—", "—", "—", "—", "—")
    assert [f.state for f in row.figures][1:] == ["unpublished"] * 5


def test_an_unannounced_decision_counts_as_applicant_only(period):
    # given: 10 announced MS, then 2 more applications decided MS after the announcement
    formasi = FormasiFactory.create(period=period, code="D-01")
    announce(formasi, 10, 0)
    published.applications(formasi, 2, status=MS)

    row = selectors.formasi_statistics(period, k=5).rows[0]

    # 2 not announced could be read off as 12 − 10 − 0: MS hidden, the zero stays
    assert texts(row)[:3] == ("12", "< 5", "0")


def test_the_cut_is_published_once_it_has_run(period):
    formasi = FormasiFactory.create(period=period, code="E-01")
    published.applications(formasi, 5, status=MS)
    SelectionSetupFactory.create(period=period, cut_at=timezone.now())

    row = selectors.formasi_statistics(period, k=5).rows[0]

    assert row.skb_candidates.text == "0"


def test_only_public_formasi_of_the_period_and_search_words(period):
    FormasiFactory.create(period=period, code="F-01", position__name="Perawat Ahli Pertama")
    FormasiFactory.create(period=period, code="F-02", position__name="Dokter Ahli Pertama")
    FormasiFactory.create(period=period, code="F-03", status=Formasi.Status.DRAFT)
    FormasiFactory.create(code="F-04")  # another period

    assert [r.code for r in selectors.formasi_statistics(period).rows] == ["F-01", "F-02"]
    assert [r.code for r in selectors.formasi_statistics(period, "dokter").rows] == ["F-02"]
    assert [r.code for r in selectors.formasi_statistics(period, "ahli f-01").rows] == ["F-01"]


def test_pages_of_formasi(period):
    for number in range(5):
        FormasiFactory.create(period=period, code=f"G-{number:02d}")

    page = selectors.formasi_statistics(period, "", 3, per_page=2)

    assert [r.code for r in page.rows] == ["G-04"]
    assert page.page_obj.paginator.num_pages == 3


@pytest.mark.parametrize("formasi_count", [3, 30])
def test_the_statistics_take_two_queries_however_many_formasi(
    period, formasi_count, django_assert_num_queries
):
    blueprint = published.skd_blueprint(period)
    for number in range(formasi_count):
        formasi = FormasiFactory.create(period=period, code=f"H-{number:03d}")
        applications = announce(formasi, 1, 1)
        published.skd_result(blueprint, applications[0])
        published.result_announcement(formasi, [(applications[0], "lulus", 1, Decimal(75))])

    with django_assert_num_queries(2):
        page = selectors.formasi_statistics(period, per_page=50)
        rows = [texts(row) for row in page.rows]

    assert len(rows) == formasi_count
    assert rows[0] == ("< 5", "< 5", "< 5", "< 5", "—", "< 5")


def test_the_minimum_group_comes_from_the_setting(period, settings):
    settings.SIMERIT_PORTAL_MIN_GROUP = 3
    formasi = FormasiFactory.create(period=period)
    announce(formasi, 4, 3)

    row = selectors.formasi_statistics(period).rows[0]

    assert texts(row)[:3] == ("7", "4", "3")
    assert selectors.min_group() == 3


# --- timeline


def test_the_timeline_has_every_window_in_order_with_its_state(period):
    now = timezone.now()
    day = dt.timedelta(days=1)
    plan = [
        (Stage.RESULT_SANGGAH, now + 20 * day, now + 23 * day),
        (Stage.SKD, now - 30 * day, now - 20 * day),
        (Stage.RESULT_ANNOUNCEMENT, now + 10 * day, now + 11 * day),
        (Stage.SKB, now - day, now + day),
    ]
    for stage, opens_at, closes_at in plan:
        StageWindow.objects.create(
            period=period, stage=stage, opens_at=opens_at, closes_at=closes_at
        )

    steps = selectors.period_timeline(period, now=now)

    assert [(s.stage, s.state, s.label) for s in steps] == [
        (Stage.SKD, "past", "Seleksi Kompetensi Dasar (SKD)"),
        (Stage.SKB, "current", "Seleksi Kompetensi Bidang (SKB)"),
        (Stage.RESULT_ANNOUNCEMENT, "next", "Pengumuman hasil akhir"),
        (Stage.RESULT_SANGGAH, "upcoming", "Sanggah hasil akhir"),
    ]


def test_portal_periods_leave_out_drafts():
    shown = SelectionPeriodFactory.create(status=SelectionPeriod.Status.FINISHED)
    SelectionPeriodFactory.create(status=SelectionPeriod.Status.DRAFT)

    assert list(selectors.portal_periods()) == [shown]


# --- score distributions


def test_the_skd_histogram_merges_a_bin_of_two(period, django_assert_num_queries):
    formasi = FormasiFactory.create(period=period)
    blueprint = published.skd_blueprint(period)
    hidden = published.skd_blueprint(period, published=False)
    totals = [300, 310, 320, 330, 340, 349, 350, 399, 400, 410, 420, 430, 449]
    for total in totals:
        application = ApplicationFactory.create(formasi=formasi, status=MS)
        published.skd_result(blueprint, application, twk=0, tiu=0, tkp=total)
    # unpublished and other-period results are not counted
    published.skd_result(hidden, ApplicationFactory.create(formasi=formasi, status=MS), tkp=100)
    other = FormasiFactory.create()
    published.skd_result(
        published.skd_blueprint(other.period), ApplicationFactory.create(formasi=other), tkp=100
    )

    with django_assert_num_queries(3):
        result = distribution_selectors.score_distributions(period, k=5)

    assert result.skd is not None
    assert result.skd.bins == (
        *(Bin(low, low + 50, 0) for low in range(0, 300, 50)),
        Bin(300, 350, 6),
        Bin(350, 450, 7),
        Bin(450, 500, 0),
        Bin(500, 550, 0),
    )
    assert (result.skd.n, result.skd.suppressed) == (13, 0)
    assert result.final is None


def test_the_final_histogram_reads_the_newest_version_only(period):
    formasi = FormasiFactory.create(period=period)
    applications = published.applications(formasi, 6)
    published.result_announcement(formasi, [(a, "lulus", 1, Decimal(95)) for a in applications])
    published.result_announcement(
        formasi,
        [(a, "p_l", 2, Decimal("71.5")) for a in applications[:5]]
        + [(applications[5], "tidak_lulus", None, None)],
        version=2,
    )

    result = distribution_selectors.score_distributions(period, formasi, k=5)

    assert result.final is not None
    assert [(b.low, b.high, b.count) for b in result.final.bins if b.count] == [(70, 80, 5)]
    assert result.final.n == 5
    assert result.skd is None


def test_a_histogram_of_fewer_than_k_people_is_not_drawn(period):
    formasi = FormasiFactory.create(period=period)
    blueprint = published.skd_blueprint(period)
    for application in published.applications(formasi, 3):
        published.skd_result(blueprint, application)

    of_formasi = distribution_selectors.score_distributions(period, formasi, k=5)
    of_period = distribution_selectors.score_distributions(period, k=5)

    assert (of_formasi.skd, of_formasi.skd_hidden) == (None, True)
    assert (of_period.skd, of_period.skd_hidden) == (None, True)
    assert (of_formasi.final, of_formasi.final_hidden) == (None, False)
    assert distribution_selectors.chart_data(of_formasi.skd) is None


def skd_totals(formasi: Formasi, totals: list[int]) -> None:
    blueprint = published.skd_blueprint(formasi.period)
    for total in totals:
        application = ApplicationFactory.create(formasi=formasi, status=MS)
        published.skd_result(blueprint, application, twk=100, tiu=100, tkp=total - 200)


def nonzero(histogram) -> list[tuple[int, int, int | None]]:
    return [(b.low, b.high, b.count) for b in histogram.bins if b.count]


def test_the_period_and_every_formasi_share_the_bins_so_subtracting_reveals_no_small_group(period):
    # given (the security review's case, k = 5): A 5 + 5 and B 3 + 2 in 300–350 / 350–400
    a = FormasiFactory.create(period=period, code="A-01")
    b = FormasiFactory.create(period=period, code="B-01")
    skd_totals(a, [310] * 5 + [360] * 5)
    skd_totals(b, [310] * 3 + [360] * 2)
    # when
    whole = distribution_selectors.score_distributions(period, k=5).skd
    of_a = distribution_selectors.score_distributions(period, a, k=5).skd
    of_b = distribution_selectors.score_distributions(period, b, k=5).skd
    # then: one bin 300–400 everywhere; period − A = 5 = B
    assert whole is not None
    assert of_a is not None
    assert of_b is not None
    assert nonzero(whole) == [(300, 400, 15)]
    assert nonzero(of_a) == [(300, 400, 10)]
    assert nonzero(of_b) == [(300, 400, 5)]
    assert [(x.low, x.high) for x in whole.bins] == [(x.low, x.high) for x in of_a.bins]


def test_people_of_a_formasi_not_drawn_count_in_the_period_as_a_group_of_their_own(period):
    # given: A (public) 5 + 5; a draft formasi D with 2 + 3 published scores
    a = FormasiFactory.create(period=period, code="A-01")
    draft = FormasiFactory.create(period=period, code="D-01", status=Formasi.Status.DRAFT)
    skd_totals(a, [310] * 5 + [360] * 5)
    skd_totals(draft, [310] * 2 + [360] * 3)
    # when
    whole = distribution_selectors.score_distributions(period, k=5)
    of_a = distribution_selectors.score_distributions(period, a, k=5)
    of_draft = distribution_selectors.score_distributions(period, draft, k=5)
    # then: A is not split at 350, or period − A would give D's 2 and 3
    assert whole.skd is not None
    assert of_a.skd is not None
    assert nonzero(whole.skd) == [(300, 400, 15)]
    assert nonzero(of_a.skd) == [(300, 400, 10)]
    assert (of_draft.skd, of_draft.skd_hidden) == (None, True)


def test_a_small_rest_of_the_period_hides_the_smallest_formasi_too(period):
    # given: A 10 people, B 3 people: the period (13) − A would give B's 3
    a = FormasiFactory.create(period=period, code="A-01")
    b = FormasiFactory.create(period=period, code="B-01")
    skd_totals(a, [310] * 5 + [360] * 5)
    skd_totals(b, [310] * 3)
    # when
    whole = distribution_selectors.score_distributions(period, k=5)
    of_a = distribution_selectors.score_distributions(period, a, k=5)
    of_b = distribution_selectors.score_distributions(period, b, k=5)
    # then
    assert whole.skd is not None
    assert nonzero(whole.skd) == [(300, 350, 8), (350, 400, 5)]
    assert (of_a.skd, of_a.skd_hidden) == (None, True)
    assert (of_b.skd, of_b.skd_hidden) == (None, True)


def test_the_skd_bins_follow_the_setup_maximum(period):
    SelectionSetupFactory.create(period=period, skd_max=150)

    assert distribution_selectors.skd_edges(550) == list(range(0, 551, 50))
    assert distribution_selectors.skd_edges(150) == [0, 25, 50, 75, 100, 125, 150]
    assert distribution_selectors.score_distributions(period).skd_max == 150


# --- lookup


def test_the_lookup_shows_published_facts_only(period):
    formasi = FormasiFactory.create(period=period, code="L-01")
    application = ApplicationFactory.create(
        formasi=formasi, status=MS, applicant__name="Siti Aminah"
    )
    published.admin_announcement(formasi, [(application, "MS")])
    blueprint = published.skd_blueprint(period, published=False)
    published.skd_result(blueprint, application, twk=100, tiu=110, tkp=180)

    before = lookup_selectors.lookup_result(f"  {application.registration_number.lower()} ")

    assert before is not None
    assert (before.masked_name, before.formasi_code, before.period_name) == (
        "S*** A*****",
        "L-01",
        "Seleksi CASN 2026",
    )
    assert before.administrative is not None
    assert (before.administrative.result, before.administrative.version) == ("MS", 1)
    assert before.skd is None
    assert before.final is None

    # when the SKD results and the final result are published
    blueprint.results_published_at = timezone.now()
    blueprint.save()
    published.result_announcement(formasi, [(application, "lulus", 1, Decimal("78.4"))])
    published.result_announcement(formasi, [(application, "p_l", 3, Decimal("70.125"))], version=2)

    after = lookup_selectors.lookup_result(application.registration_number)

    assert after is not None
    assert after.skd is not None
    assert (after.skd.scores, after.skd.total, after.skd.passed) == (
        [("TWK", 100), ("TIU", 110), ("TKP", 180)],
        390,
        True,
    )
    assert after.final is not None
    assert (after.final.status_label, after.final.rank, after.final.final_score) == (
        "P/L",
        3,
        "70,13",
    )
    assert (after.final.version, after.final.skb_score) == (2, "70,00")
    assert after.final.explanation == (
        "peringkat 3 dari 1; kuota 2; nilai akhir 70,36 = 40 % × (390/550 × 100) + 60 % × 70,00"
    )


def test_an_unknown_or_unpublished_number_gives_the_same_answer(period):
    formasi = FormasiFactory.create(period=period)
    silent = ApplicationFactory.create(formasi=formasi, status=MS)
    draft_period = SelectionPeriodFactory.create(status=SelectionPeriod.Status.DRAFT)
    hidden = ApplicationFactory.create(formasi__period=draft_period, status=MS)
    published.admin_announcement(hidden.formasi, [(hidden, "MS")])

    assert lookup_selectors.lookup_result("2026-CPNS-000000") is None
    assert lookup_selectors.lookup_result(silent.registration_number) is None
    assert lookup_selectors.lookup_result(hidden.registration_number) is None
    assert lookup_selectors.lookup_result("   ") is None


def test_an_skd_result_alone_shows_the_masked_name(period):
    formasi = FormasiFactory.create(period=period)
    application = ApplicationFactory.create(formasi=formasi, applicant__name="Budi Santoso")
    published.skd_result(published.skd_blueprint(period), application, passed=False)

    result = lookup_selectors.lookup_result(application.registration_number)

    assert result is not None
    assert result.masked_name == "B*** S******"
    assert result.skd is not None
    assert result.skd.passed is False
    assert result.administrative is None


# --- how the ranking works


def test_without_a_setup_the_national_defaults_are_shown_and_labelled(period):
    explanation = lookup_selectors.ranking_explanation(period)

    assert explanation.setup_is_default
    assert explanation.grades_are_default
    assert (explanation.skd_max, explanation.cut_multiplier) == (550, 3)
    assert (explanation.skd_weight, explanation.skb_weight) == ("40", "60")
    assert [(r.name, r.proceeds) for r in explanation.cut_example] == [
        ("A", True),
        ("B", True),
        ("C", True),
        ("E", False),
        ("D", False),
    ]
    assert (explanation.example_skd, explanation.example_skd_part) == (395, "28,73")
    assert (explanation.example_skb_part, explanation.example_final) == ("42,00", "70,73")
    assert explanation.example_line == (
        "peringkat 4 dari 57; kuota 3; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00"
    )
    assert explanation.passing_grades[0].track == "Umum"
    assert explanation.passing_grades[0].minimums == [("TWK", 65), ("TIU", 80), ("TKP", 166)]


def test_the_periods_own_numbers_are_used(period):
    SelectionSetupFactory.create(
        period=period,
        cut_multiplier=2,
        skd_weight=Decimal(30),
        skb_weight=Decimal(70),
        skd_max=500,
    )
    blueprint = published.skd_blueprint(period)
    add_passing_rule(blueprint, minimums={"TWK": 60, "TIU": 75, "TKP": 150})
    add_passing_rule(blueprint, track="cumlaude", minimums={"TIU": 85}, total_minimum=300)

    explanation = lookup_selectors.ranking_explanation(period)

    assert not explanation.setup_is_default
    assert not explanation.grades_are_default
    assert [r.name for r in explanation.cut_example if r.proceeds] == ["A", "B"]
    assert explanation.example_skd == 359
    assert explanation.example_line.endswith("= 30 % × (359/500 × 100) + 70 % × 70,00")
    assert [(g.track, g.minimums, g.total_minimum) for g in explanation.passing_grades] == [
        ("Semua jalur lain", [("TWK", 60), ("TIU", 75), ("TKP", 150)], None),
        ("Lulusan cumlaude", [("TIU", 85)], 300),
    ]


def test_skb_candidates_count_the_cut_rows(period):
    formasi = FormasiFactory.create(period=period)
    for application in published.applications(formasi, 5):
        SkbCandidateFactory.create(application=application)

    row = selectors.formasi_statistics(period).rows[0]

    assert SkbCandidate.objects.filter(formasi=formasi).count() == 5
    assert row.skb_candidates.text == "5"
