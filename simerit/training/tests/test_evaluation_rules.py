"""The pure rules of the evaluation of training: survey eligibility and validation, the survey and
pre/post summaries, and the predikat comparison with its k-anonymity threshold."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.training.rules import evaluation as rules
from simerit.training.rules.evaluation import Move, Participation, YearPredikat

NOW = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 28)


def _refusal(status: str, **kwargs):
    arguments = {
        "enrolment_status": status,
        "class_cancelled": False,
        "last_meeting_ends_at": None,
        "class_ends_on": dt.date(2026, 11, 20),
        "now": NOW,
        "today": TODAY,
        **kwargs,
    }
    return rules.survey_refusal(**arguments)


@pytest.mark.parametrize("status", ["completed", "not_completed"])
def test_decided_participant_may_answer_whatever_the_dates(status):
    assert _refusal(status, class_ends_on=dt.date(2026, 12, 31)) is None


@pytest.mark.parametrize("status", ["pending", "waitlisted", "rejected", "cancelled"])
def test_only_seat_holders_may_answer(status):
    assert _refusal(status) == rules.NOT_A_PARTICIPANT


def test_enrolled_participant_waits_for_the_end_of_the_last_meeting():
    assert _refusal("enrolled", last_meeting_ends_at=NOW + dt.timedelta(seconds=1)) == (
        "Survei dapat diisi setelah pertemuan terakhir kelas ini selesai."
    )
    assert _refusal("enrolled", last_meeting_ends_at=NOW) is None


def test_without_meetings_the_last_day_of_the_class_must_be_over():
    assert _refusal("enrolled", class_ends_on=TODAY) == rules.NOT_YET_ENDED
    assert _refusal("enrolled", class_ends_on=TODAY - dt.timedelta(days=1)) is None


def test_the_survey_closes_fourteen_days_after_the_last_day():
    assert rules.SURVEY_OPEN_DAYS == 14
    assert rules.survey_closes_on(dt.date(2026, 11, 14)) == TODAY
    # the last day of the window is still open, for the decided and the enrolled alike
    for status in ("completed", "not_completed", "enrolled"):
        assert _refusal(status, class_ends_on=dt.date(2026, 11, 14)) is None
    # the day after it, nobody may answer
    for status in ("completed", "not_completed", "enrolled"):
        assert _refusal(status, class_ends_on=dt.date(2026, 11, 13)) == (
            "Survei kelas ini sudah ditutup pada 27 November 2026 (14 hari setelah hari "
            "terakhir kelas)."
        )
    # a participant without a seat is told that first
    assert _refusal("pending", class_ends_on=dt.date(2026, 11, 13)) == rules.NOT_A_PARTICIPANT


def test_results_are_shown_only_when_closed_and_from_three_answers():
    assert rules.shows_results(responses=3, closed=True) is True
    assert rules.shows_results(responses=2, closed=True) is False
    assert rules.shows_results(responses=30, closed=False) is False
    assert rules.survey_closed(dt.date(2026, 11, 14), today=TODAY) is False
    assert rules.survey_closed(dt.date(2026, 11, 13), today=TODAY) is True


def test_cancelled_class_has_no_survey():
    assert (
        _refusal("enrolled", class_cancelled=True)
        == "Kelas ini dibatalkan sehingga tidak ada survei."
    )


def test_clean_survey_scores_accepts_whole_numbers_one_to_five():
    valid, errors = rules.clean_survey_scores(
        {"content_score": 1, "facilitator_score": 5, "relevance_score": 3, "organisation_score": 4}
    )
    assert errors == {}
    assert valid == {
        "content_score": 1,
        "facilitator_score": 5,
        "relevance_score": 3,
        "organisation_score": 4,
    }


def test_clean_survey_scores_names_each_bad_field():
    valid, errors = rules.clean_survey_scores(
        {"content_score": 0, "facilitator_score": 6, "relevance_score": True}
    )
    assert valid == {}
    assert errors == {
        "content_score": ["Nilai materi harus bilangan bulat 1 sampai 5."],
        "facilitator_score": ["Nilai pengajar/fasilitator harus bilangan bulat 1 sampai 5."],
        "relevance_score": ["Nilai manfaat bagi pekerjaan harus bilangan bulat 1 sampai 5."],
        "organisation_score": ["Nilai penyelenggaraan wajib diisi."],
    }


def test_clean_survey_scores_refuses_text_and_fractions():
    _, errors = rules.clean_survey_scores(
        {
            "content_score": "3",
            "facilitator_score": 3.5,
            "relevance_score": 3,
            "organisation_score": 3,
        }
    )
    assert list(errors) == ["content_score", "facilitator_score"]


def test_survey_summary_is_withheld_below_three_answers():
    summary = rules.survey_summary(
        responses=2,
        totals=dict.fromkeys(["content_score"], 9),
        comments=["Bagus"],
        class_ends_on=dt.date(2026, 11, 4),
        today=TODAY,
    )
    assert (summary.enough, summary.closed, summary.closes_on) == (
        False,
        True,
        dt.date(2026, 11, 18),
    )
    assert [aspect.mean for aspect in summary.aspects] == [None, None, None, None]
    assert (summary.overall, summary.comments) == (None, ())


def test_survey_summary_is_withheld_while_the_survey_is_open_whatever_the_answers():
    summary = rules.survey_summary(
        responses=10,
        totals=dict.fromkeys([name for name, _ in rules.SURVEY_ASPECTS], 40),
        comments=["Bagus"],
        class_ends_on=dt.date(2026, 11, 14),
        today=TODAY,
    )
    assert (summary.enough, summary.closed, summary.closes_on) == (False, False, TODAY)
    assert [aspect.mean for aspect in summary.aspects] == [None, None, None, None]
    assert (summary.overall, summary.comments) == (None, ())


def test_survey_summary_means_and_sorted_comments_from_three_answers():
    summary = rules.survey_summary(
        responses=3,
        totals={
            "content_score": 10,
            "facilitator_score": 15,
            "relevance_score": 8,
            "organisation_score": 12,
        },
        comments=["Waktu kurang", "  ", "Materi bagus "],
        class_ends_on=dt.date(2026, 11, 13),
        today=TODAY,
    )
    assert (summary.enough, summary.closed) == (True, True)
    assert [(aspect.label, aspect.mean) for aspect in summary.aspects] == [
        ("Materi", Decimal("3.33")),
        ("Pengajar/fasilitator", Decimal("5.00")),
        ("Manfaat bagi pekerjaan", Decimal("2.67")),
        ("Penyelenggaraan", Decimal("4.00")),
    ]
    # (10 + 15 + 8 + 12) / 12
    assert summary.overall == Decimal("3.75")
    assert summary.comments == ("Materi bagus", "Waktu kurang")


def test_pre_post_summary_uses_paired_scores():
    summary = rules.pre_post_summary(
        [
            (Decimal("50"), Decimal("80")),
            (Decimal("70"), Decimal("65.5")),
            (Decimal("60.25"), Decimal("90")),
            (Decimal("40"), None),
            (None, Decimal("99")),
            (None, None),
        ]
    )
    assert summary == rules.PrePostSummary(
        with_both=3,
        pre_only=1,
        post_only=1,
        mean_pre=Decimal("60.08"),
        mean_post=Decimal("78.50"),
        # (30 - 4.5 + 29.75) / 3
        mean_gain=Decimal("18.42"),
        improved=2,
        improved_percent=Decimal("66.7"),
    )


def test_pre_post_summary_without_pairs():
    summary = rules.pre_post_summary([(Decimal("40"), None)])
    assert (summary.with_both, summary.mean_gain, summary.improved_percent) == (0, None, None)


def test_predikat_order_and_moves():
    assert [str(p) for p in rules.PREDIKAT_ORDER] == [
        "sangat_kurang",
        "kurang",
        "butuh_perbaikan",
        "baik",
        "sangat_baik",
    ]
    assert rules.move("butuh_perbaikan", "baik") is Move.UP
    assert rules.move("baik", "baik") is Move.SAME
    assert rules.move("kurang", "sangat_kurang") is Move.DOWN


def test_before_is_the_latest_earlier_year_and_after_the_earliest_from_the_class_year():
    appraisals = [
        YearPredikat(2023, "kurang"),
        YearPredikat(2025, "butuh_perbaikan"),
        YearPredikat(2027, "sangat_baik"),
        YearPredikat(2026, "baik"),
    ]
    assert rules.before_after(appraisals, class_year=2026) == ("butuh_perbaikan", "baik")
    assert rules.before_after(appraisals, class_year=2028) == ("sangat_baik", None)
    assert rules.before_after(appraisals, class_year=2023) == (None, "kurang")
    assert rules.before_after([], class_year=2026) == (None, None)


def _group(*pairs: tuple[int, str | None, str | None]) -> list[Participation]:
    return [Participation(employee_id=e, before=b, after=a) for e, b, a in pairs]


def test_comparison_of_four_employees_is_withheld():
    comparison = rules.compare(
        _group(
            (1, "butuh_perbaikan", "baik"),
            (2, "butuh_perbaikan", "baik"),
            (3, "baik", "baik"),
            (4, "baik", "kurang"),
            # the same employee twice is still 4 employees
            (4, "baik", "kurang"),
            (5, None, "baik"),
            (6, "baik", None),
        )
    )
    assert comparison.withheld is True
    assert (comparison.participants, comparison.compared, comparison.employees) == (7, 5, 4)
    assert (comparison.missing_before, comparison.missing_after) == (1, 1)
    assert comparison.moves == ()
    assert comparison.mean_change is None
    assert comparison.matrix == ()
    assert comparison.before_counts == ()


def test_comparison_of_five_employees_counts_moves_matrix_and_mean_change():
    comparison = rules.compare(
        _group(
            (1, "butuh_perbaikan", "baik"),
            (2, "butuh_perbaikan", "baik"),
            (3, "butuh_perbaikan", "sangat_baik"),
            (4, "baik", "baik"),
            (5, "baik", "kurang"),
            (6, None, None),
        )
    )
    assert comparison.withheld is False
    assert (comparison.participants, comparison.compared, comparison.missing_before) == (6, 5, 1)
    assert [(m.move, m.count, m.percent) for m in comparison.moves] == [
        (Move.UP, 3, Decimal("60.0")),
        (Move.SAME, 1, Decimal("20.0")),
        (Move.DOWN, 1, Decimal("20.0")),
    ]
    # (1 + 1 + 2 + 0 - 2) / 5
    assert comparison.mean_change == Decimal("0.40")
    rows = {row.before: (row.counts, row.total) for row in comparison.matrix}
    assert rows["butuh_perbaikan"] == ((0, 0, 0, 2, 1), 3)
    assert rows["baik"] == ((0, 1, 0, 1, 0), 2)
    assert rows["sangat_kurang"] == ((0, 0, 0, 0, 0), 0)
    assert comparison.before_counts == (0, 0, 3, 2, 0)
    assert comparison.after_counts == (0, 1, 0, 3, 1)
    assert comparison.chart() == {
        "labels": [
            "Sangat Kurang",
            "Kurang/Misconduct",
            "Butuh Perbaikan",
            "Baik",
            "Sangat Baik",
        ],
        "before": [0, 0, 3, 2, 0],
        "after": [0, 1, 0, 3, 1],
    }
