"""Reads of the evaluation: a class's survey, pre/post test and predikat comparison (the seed's
example: a workshop after weak appraisals, measured), the overview of held classes and the
participant's survey list, each in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from simerit.performance.models import Appraisal
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.rules.evaluation import Move
from simerit.training.selectors import evaluation as selectors
from simerit.training.tests.factories import ProgrammeFactory
from simerit.training.tests.factories_evaluation import (
    Office,
    answer,
    appraise,
    meeting,
    participant,
    past_class,
    recent_class,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Office:
    return Office()


def test_class_evaluation_summarises_survey_and_pre_post(office, django_assert_num_queries):
    # given: 4 seat holders (3 lulus, 1 tidak lulus), a waitlisted one and a cancelled one
    training_class = past_class()
    people = [office.employee(f"Peserta {n}") for n in range(6)]
    first = participant(training_class, people[0], pre="50", post="80")
    second = participant(training_class, people[1], pre="70", post="65.5")
    third = participant(training_class, people[2], pre="60.25", post="90")
    participant(
        training_class, people[3], status=Enrolment.Status.NOT_COMPLETED, pre="40", post=None
    )
    participant(training_class, people[4], status=Enrolment.Status.WAITLISTED, pre="99")
    participant(training_class, people[5], status=Enrolment.Status.CANCELLED)
    answer(first, (5, 4, 3, 2), "Waktu praktik kurang")
    answer(second, (4, 4, 4, 4))
    answer(third, (3, 5, 4, 4), "Materi bagus")
    # when
    with django_assert_num_queries(5):
        evaluation = selectors.class_evaluation(training_class)
    # then
    assert (evaluation.participants, evaluation.completed, evaluation.not_completed) == (4, 3, 1)
    assert evaluation.response_percent == Decimal("75.0")
    assert evaluation.survey.enough is True
    assert [aspect.mean for aspect in evaluation.survey.aspects] == [
        Decimal("4.00"),
        Decimal("4.33"),
        Decimal("3.67"),
        Decimal("3.33"),
    ]
    assert evaluation.survey.overall == Decimal("3.83")
    assert evaluation.survey.comments == ("Materi bagus", "Waktu praktik kurang")
    assert (evaluation.pre_post.with_both, evaluation.pre_post.pre_only) == (3, 1)
    assert evaluation.pre_post.mean_gain == Decimal("18.42")
    assert evaluation.predikat.participants == 3
    assert evaluation.predikat.withheld is True


def test_two_answers_are_not_enough_to_show_anything(office, django_assert_num_queries):
    training_class = past_class()
    for name in ("A", "B"):
        answer(participant(training_class, office.employee(name)), (1, 1, 1, 1), "Buruk")
    with django_assert_num_queries(1):
        survey = selectors.survey_of_class(training_class)
    assert (survey.responses, survey.enough, survey.overall, survey.comments) == (
        2,
        False,
        None,
        (),
    )


def test_an_open_survey_shows_nothing_whatever_the_answers(office, django_assert_num_queries):
    # given: a class of 16–18 November whose survey is open until 2 December
    training_class = recent_class()
    for name in ("A", "B", "C", "D"):
        answer(participant(training_class, office.employee(name)), (5, 5, 5, 5), f"Saran {name}")
    # when
    with django_assert_num_queries(1):
        survey = selectors.survey_of_class(training_class)
    # then
    assert (survey.responses, survey.enough, survey.closed, survey.closes_on) == (
        4,
        False,
        False,
        dt.date(2026, 12, 2),
    )
    assert [aspect.mean for aspect in survey.aspects] == [None, None, None, None]
    assert (survey.overall, survey.comments) == (None, ())


def _workshop(office: Office) -> TrainingClass:
    """The seed's example: staff rated Butuh Perbaikan in 2025 attend a workshop in 2026."""
    training_class = past_class()
    after = ["baik", "baik", "sangat_baik", "butuh_perbaikan", "kurang"]
    for index, predikat in enumerate(after):
        employee = office.employee(f"Staf {index}")
        participant(training_class, employee)
        appraise(employee, year=2024, predikat="sangat_kurang")
        appraise(employee, year=2025, predikat="butuh_perbaikan")
        appraise(employee, year=2026, predikat=predikat)
        appraise(employee, year=2027, predikat="sangat_baik")
    return training_class


def test_predikat_before_and_after_a_workshop(office, django_assert_num_queries):
    training_class = _workshop(office)
    enrolments = selectors.completed_enrolments(training_class=training_class)
    with django_assert_num_queries(2):
        rows = selectors.participations(enrolments)
    assert sorted((r.participation.before, r.participation.after) for r in rows) == [
        ("butuh_perbaikan", "baik"),
        ("butuh_perbaikan", "baik"),
        ("butuh_perbaikan", "butuh_perbaikan"),
        ("butuh_perbaikan", "kurang"),
        ("butuh_perbaikan", "sangat_baik"),
    ]
    comparison = selectors.class_evaluation(training_class).predikat
    assert comparison.withheld is False
    assert [(m.move, m.count) for m in comparison.moves] == [
        (Move.UP, 3),
        (Move.SAME, 1),
        (Move.DOWN, 1),
    ]
    # (1 + 1 + 2 + 0 - 1) / 5
    assert comparison.mean_change == Decimal("0.60")


def test_appraisal_under_objection_is_not_compared(office):
    training_class = past_class()
    employee = office.employee("Keberatan")
    participant(training_class, employee)
    appraise(employee, year=2025, predikat="kurang")
    appraise(employee, year=2026, predikat="baik", status=Appraisal.Status.OBJECTED)
    appraise(employee, year=2027, predikat="sangat_baik")
    [row] = selectors.participations(selectors.completed_enrolments())
    assert (row.participation.before, row.participation.after) == ("kurang", "sangat_baik")


def test_completed_enrolments_filter_by_year_programme_and_class(office):
    programme = ProgrammeFactory.create(name="Analisis Data")
    class_2026 = past_class(programme=programme)
    class_2025 = past_class(
        programme=programme,
        starts_on=dt.date(2025, 3, 3),
        ends_on=dt.date(2025, 3, 5),
        enrolment_closes_on=dt.date(2025, 3, 1),
    )
    other = past_class()
    employee = office.employee("Ani")
    a = participant(class_2026, employee)
    b = participant(class_2025, employee)
    c = participant(other, office.employee("Ina"))
    participant(other, office.employee("Ida"), status=Enrolment.Status.NOT_COMPLETED)
    assert set(selectors.completed_enrolments()) == {a, b, c}
    assert set(selectors.completed_enrolments(year=2026)) == {a, c}
    assert set(selectors.completed_enrolments(programme=programme)) == {a, b}
    assert set(selectors.completed_enrolments(training_class=class_2025)) == {b}
    assert selectors.comparison_years() == [2026, 2025]


def test_by_programme_groups_and_sorts_by_name(office):
    zeta = past_class(programme=ProgrammeFactory.create(name="Zeta"))
    alfa = past_class(programme=ProgrammeFactory.create(name="Alfa"))
    participant(zeta, office.employee("Z"))
    participant(alfa, office.employee("A1"))
    participant(alfa, office.employee("A2"))
    groups = selectors.by_programme(selectors.participations(selectors.completed_enrolments()))
    assert [(g.name, g.comparison.participants, g.comparison.withheld) for g in groups] == [
        ("Alfa", 2, True),
        ("Zeta", 1, True),
    ]


def test_held_classes_are_the_completed_and_the_ended_ones(office, django_assert_num_queries):
    # given
    completed = past_class(name="Selesai")
    ended_open = past_class(name="Berakhir", status=TrainingClass.Status.CLOSED)
    past_class(name="Dibatalkan", status=TrainingClass.Status.CANCELLED)
    past_class(name="Draf", status=TrainingClass.Status.DRAFT)
    past_class(
        name="Mendatang",
        status=TrainingClass.Status.OPEN,
        starts_on=dt.date(2026, 12, 14),
        ends_on=dt.date(2026, 12, 16),
        enrolment_closes_on=dt.date(2026, 12, 10),
    )
    enrolments = [participant(completed, office.employee(f"P{n}")) for n in range(3)]
    participant(completed, office.employee("Gagal"), status=Enrolment.Status.NOT_COMPLETED)
    participant(completed, office.employee("Menunggu"), status=Enrolment.Status.PENDING)
    answer(enrolments[0], (5, 5, 5, 5))
    answer(enrolments[1], (4, 4, 4, 4))
    answer(enrolments[2], (4, 3, 4, 3))
    participant(ended_open, office.employee("Q"), status=Enrolment.Status.ENROLLED)
    recent = recent_class(name="Baru")
    for n in range(3):
        answer(participant(recent, office.employee(f"B{n}")), (5, 5, 5, 5))
    # when
    with django_assert_num_queries(1):
        rows = selectors.overview_rows(selectors.held_classes())
    # then
    assert [row.training_class.name for row in rows] == ["Baru", "Berakhir", "Selesai"]
    by_name = {row.training_class.name: row for row in rows}
    selesai = by_name["Selesai"]
    assert (selesai.participants, selesai.completed, selesai.responses) == (4, 3, 3)
    # (20 + 16 + 14) / 12
    assert selesai.satisfaction == Decimal("4.17")
    assert (selesai.survey_closes_on, selesai.survey_closed) == (dt.date(2026, 11, 18), True)
    berakhir = by_name["Berakhir"]
    assert (berakhir.participants, berakhir.responses, berakhir.satisfaction) == (1, 0, None)
    # three answers, but the survey is open until 2 December: no satisfaction yet
    baru = by_name["Baru"]
    assert (baru.participants, baru.responses, baru.satisfaction) == (3, 3, None)
    assert (baru.survey_closes_on, baru.survey_closed) == (dt.date(2026, 12, 2), False)
    assert [c.name for c in selectors.held_classes(search="selesai")] == ["Selesai"]
    assert list(selectors.held_classes(year=2025)) == []


def test_my_survey_list_shows_what_can_be_answered(office, django_assert_num_queries):
    # given
    employee = office.employee("Lina")
    done = participant(recent_class(name="Sudah"), employee)
    answer(done)
    open_one = participant(recent_class(name="Bisa"), employee, status=Enrolment.Status.ENROLLED)
    participant(past_class(name="Tutup"), employee)
    running = past_class(
        name="Berjalan",
        status=TrainingClass.Status.CLOSED,
        starts_on=dt.date(2026, 11, 27),
        ends_on=dt.date(2026, 11, 30),
        enrolment_closes_on=dt.date(2026, 11, 20),
    )
    meeting(running, day=dt.date(2026, 11, 30), number=1)
    participant(running, employee, status=Enrolment.Status.ENROLLED)
    participant(past_class(name="Menunggu"), employee, status=Enrolment.Status.PENDING)
    participant(
        past_class(
            name="Nanti",
            status=TrainingClass.Status.OPEN,
            starts_on=dt.date(2026, 12, 14),
            ends_on=dt.date(2026, 12, 16),
            enrolment_closes_on=dt.date(2026, 12, 10),
        ),
        employee,
        status=Enrolment.Status.ENROLLED,
    )
    assert employee.user is not None
    # when
    with django_assert_num_queries(1):
        tasks = selectors.survey_tasks(selectors.my_survey_enrolments(employee.user))
    # then
    assert {
        t.enrolment.training_class.name: (t.answered, t.can_answer, t.refusal) for t in tasks
    } == {
        "Sudah": (True, False, None),
        "Bisa": (False, True, None),
        "Tutup": (
            False,
            False,
            "Survei kelas ini sudah ditutup pada 18 November 2026 (14 hari setelah hari "
            "terakhir kelas).",
        ),
        "Berjalan": (
            False,
            False,
            "Survei dapat diisi setelah pertemuan terakhir kelas ini selesai.",
        ),
    }
    assert open_one in [t.enrolment for t in tasks]
    assert {t.enrolment.training_class.name: t.closes_on for t in tasks}["Bisa"] == dt.date(
        2026, 12, 2
    )


def test_survey_enrolment_is_the_participants_own(office, hr_admin, applicant):
    enrolment = participant(past_class(), office.employee("Mira"))
    assert enrolment.employee.user is not None
    found = selectors.get_survey_enrolment(user=enrolment.employee.user, enrolment_id=enrolment.pk)
    assert found == enrolment
    with pytest.raises(PermissionDenied):
        selectors.get_survey_enrolment(user=hr_admin, enrolment_id=enrolment.pk)
    with pytest.raises(Http404):
        selectors.get_survey_enrolment(user=applicant, enrolment_id=enrolment.pk)
    with pytest.raises(Http404):
        selectors.get_survey_enrolment(user=hr_admin, enrolment_id=enrolment.pk + 1000)
