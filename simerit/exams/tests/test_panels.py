"""The small reads behind the landing-page panels (selectors/panels.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.exams.models import Attempt, Blueprint, ExamKind, Participant, Sitting, SittingProctor
from simerit.exams.selectors.panels import (
    BankCount,
    ProctorAgenda,
    active_questions_per_bank,
    count_sittings_on,
    day_bounds,
    next_placement,
    proctor_agenda,
)
from simerit.exams.tests.factories import (
    ParticipantFactory,
    QuestionBankFactory,
    SittingFactory,
    make_question,
)
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    SelectionPeriodFactory,
)

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 8, 12, 7, 0, tzinfo=WIB)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 8, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def blueprints(db):
    period = SelectionPeriodFactory.create()
    return [
        Blueprint.objects.create(
            name=name, kind=kind, period=period, bank=None, duration_minutes=100
        )
        for name, kind in (("SKD", ExamKind.SKD), ("SKB", ExamKind.SKB), ("PPPK", ExamKind.PPPK))
    ]


def sitting_at(blueprint: Blueprint, starts_at: dt.datetime, code: str) -> Sitting:
    return SittingFactory.create(blueprint=blueprint, starts_at=starts_at, code=code)


def finish(participant: Participant) -> Attempt:
    started = participant.sitting.starts_at
    return Attempt.objects.create(
        blueprint=participant.blueprint,
        participant=participant,
        status=Attempt.Status.FINISHED,
        started_at=started,
        deadline=started + dt.timedelta(minutes=100),
        finished_at=started + dt.timedelta(minutes=90),
        browser_token="t" * 43,
    )


def test_day_bounds_are_midnight_to_midnight_wib():
    assert day_bounds(dt.date(2026, 8, 12)) == (at(12, 0), at(13, 0))


# --- next_placement


def test_next_placement_is_the_soonest_unfinished_seat_from_today_on(blueprints, applicant):
    # given: one application with seats yesterday, earlier today (finished) and tomorrow
    skd, skb, pppk = blueprints
    application = ApplicationFactory.create(applicant=ApplicantFactory.create(user=applicant))
    ParticipantFactory.create(
        sitting=sitting_at(skd, at(11, 8), "KEMARIN"), application=application
    )
    done = ParticipantFactory.create(
        sitting=sitting_at(skb, at(12, 6), "PAGI"), application=application
    )
    finish(done)
    tomorrow = ParticipantFactory.create(
        sitting=sitting_at(pppk, at(13, 8), "BESOK"), application=application
    )
    # and another applicant's seat today
    ParticipantFactory.create(sitting=sitting_at(skd, at(12, 9), "LAIN"))

    # when
    found = next_placement(user=applicant, now=NOW)

    # then
    assert found == tomorrow
    assert (found.sitting.code, found.blueprint.name) == ("BESOK", "PPPK")


def test_next_placement_keeps_todays_seat_while_its_attempt_runs(blueprints, applicant):
    application = ApplicationFactory.create(applicant=ApplicantFactory.create(user=applicant))
    running = ParticipantFactory.create(
        sitting=sitting_at(blueprints[0], at(12, 6), "PAGI"), application=application
    )
    Attempt.objects.create(
        blueprint=running.blueprint,
        participant=running,
        started_at=at(12, 6, 5),
        deadline=at(12, 7, 45),
        browser_token="t" * 43,
    )
    ParticipantFactory.create(
        sitting=sitting_at(blueprints[1], at(13, 8), "BESOK"), application=application
    )

    assert next_placement(user=applicant, now=NOW) == running


def test_next_placement_is_none_without_a_seat_to_come(blueprints, applicant):
    application = ApplicationFactory.create(applicant=ApplicantFactory.create(user=applicant))
    ParticipantFactory.create(
        sitting=sitting_at(blueprints[0], at(11, 23, 59), "KEMARIN"), application=application
    )

    assert next_placement(user=applicant, now=NOW) is None
    assert next_placement(user=UserFactory.create(roles=[Role.PELAMAR]), now=NOW) is None


def test_next_placement_takes_one_query(blueprints, applicant, django_assert_num_queries):
    application = ApplicationFactory.create(applicant=ApplicantFactory.create(user=applicant))
    ParticipantFactory.create(
        sitting=sitting_at(blueprints[0], at(13, 8), "BESOK"), application=application
    )
    with django_assert_num_queries(1):
        found = next_placement(user=applicant, now=NOW)
        assert found is not None
        assert (found.sitting.site, found.blueprint.name) == ("UPT BKN Palembang", "SKD")


# --- proctor_agenda


@pytest.fixture
def agenda_sittings(blueprints):
    """Sittings around NOW (12 August 2026 07.00 WIB), by code."""
    skd = blueprints[0]
    times = {
        "KEMARIN": at(11, 23, 59),
        "TENGAH-MALAM": at(12, 0),
        "PAGI": at(12, 6),
        "SIANG": at(12, 13),
        "BESOK": at(13, 0),
        "LUSA": at(14, 8),
    }
    return {code: sitting_at(skd, starts_at, code) for code, starts_at in times.items()}


def assign(user, *sittings: Sitting) -> None:
    for sitting in sittings:
        SittingProctor.objects.create(sitting=sitting, user=user)


def test_proctor_agenda_counts_today_and_not_yet_started_own_sittings(agenda_sittings, proctor):
    s = agenda_sittings
    assign(proctor, *s.values())
    assign(UserFactory.create(roles=[Role.PENGAWAS_UJIAN]), s["SIANG"])
    SittingFactory.create(blueprint=s["SIANG"].blueprint, starts_at=at(12, 8), code="BUKAN")

    assert proctor_agenda(user=proctor, now=NOW) == ProctorAgenda(
        today=3, upcoming=3, next_sitting=s["SIANG"]
    )


def test_proctor_agenda_next_sitting_is_the_soonest_not_yet_started(agenda_sittings, proctor):
    s = agenda_sittings
    assign(proctor, s["LUSA"], s["BESOK"], s["PAGI"])

    agenda = proctor_agenda(user=proctor, now=NOW)

    assert agenda == ProctorAgenda(today=1, upcoming=2, next_sitting=s["BESOK"])


def test_proctor_agenda_is_empty_for_an_unassigned_proctor(agenda_sittings, proctor):
    assert proctor_agenda(user=proctor, now=NOW) == ProctorAgenda(
        today=0, upcoming=0, next_sitting=None
    )


def test_proctor_agenda_takes_two_queries(agenda_sittings, proctor, django_assert_num_queries):
    assign(proctor, *agenda_sittings.values())
    with django_assert_num_queries(2):
        agenda = proctor_agenda(user=proctor, now=NOW)
        assert agenda.next_sitting is not None
        assert agenda.next_sitting.blueprint.name == "SKD"


# --- count_sittings_on


def test_count_sittings_on_counts_the_wib_day(agenda_sittings, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert count_sittings_on(dt.date(2026, 8, 12)) == 3
    assert count_sittings_on(dt.date(2026, 8, 11)) == 1
    assert count_sittings_on(dt.date(2026, 8, 15)) == 0


# --- active_questions_per_bank


def test_active_questions_per_bank_counts_active_questions_by_bank_name(
    db, django_assert_num_queries
):
    # given
    skd = QuestionBankFactory.create(name="SKD 2026")
    practice = QuestionBankFactory.create(name="Latihan SKD")
    empty = QuestionBankFactory.create(name="Bank Kosong")
    make_question(bank=skd)
    make_question(bank=skd, category_code="TIU")
    retired = make_question(bank=skd, category_code="TIU")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    make_question(bank=practice)

    # when / then
    with django_assert_num_queries(1):
        assert active_questions_per_bank() == [
            BankCount(bank_id=empty.pk, name="Bank Kosong", active=0),
            BankCount(bank_id=practice.pk, name="Latihan SKD", active=1),
            BankCount(bank_id=skd.pk, name="SKD 2026", active=2),
        ]


def test_active_questions_per_bank_is_empty_without_banks(db):
    assert active_questions_per_bank() == []
