import datetime as dt

import pytest

from simerit.training.rules import enrolment as rules

TODAY = dt.date(2026, 11, 28)


def klass(**changes):
    fields = {
        "status": "open",
        "starts_on": dt.date(2026, 12, 14),
        "enrolment_closes_on": dt.date(2026, 12, 10),
        "unit_path": None,
        "unit_name": "",
    }
    return rules.ClassFacts(**{**fields, **changes})


def candidate(**changes):
    fields = {
        "is_active": True,
        "unit_path": "/1/4/9/",
        "has_live_enrolment": False,
        "is_self": True,
    }
    return rules.CandidateFacts(**{**fields, **changes})


def test_an_open_class_before_its_deadline_takes_an_active_employee():
    assert rules.enrolment_refusal(klass(), candidate(), today=TODAY) is None


@pytest.mark.parametrize("status", ["draft", "closed", "completed", "cancelled"])
def test_a_class_that_is_not_open_refuses(status):
    assert (
        rules.enrolment_refusal(klass(status=status), candidate(), today=TODAY)
        == "Kelas ini tidak sedang membuka pendaftaran."
    )


def test_the_deadline_day_is_still_open_and_the_day_after_is_not():
    deadline = klass(enrolment_closes_on=TODAY)

    assert rules.enrolment_refusal(deadline, candidate(), today=TODAY) is None
    assert (
        rules.enrolment_refusal(deadline, candidate(), today=TODAY + dt.timedelta(days=1))
        == "Pendaftaran kelas ini sudah ditutup pada 28 November 2026."
    )


@pytest.mark.parametrize(
    ("unit_path", "refused"),
    [("/1/4/", False), ("/1/4/9/", False), ("/1/5/", True), ("/1/4/9/12/", True)],
)
def test_a_reserved_class_takes_only_its_unit_subtree(unit_path, refused):
    reserved = klass(unit_path=unit_path, unit_name="Dinas Kesehatan")

    refusal = rules.enrolment_refusal(reserved, candidate(), today=TODAY)

    assert refusal == ("Kelas ini khusus untuk pegawai Dinas Kesehatan." if refused else None)


def test_a_path_prefix_of_another_number_is_not_the_same_subtree():
    # "/1/4" must not match "/1/40/": paths end with a slash.
    reserved = klass(unit_path="/1/4/", unit_name="Dinas Kesehatan")

    assert rules.enrolment_refusal(reserved, candidate(unit_path="/1/40/"), today=TODAY)


@pytest.mark.parametrize(
    ("is_self", "message"),
    [
        (True, "Anda sudah terdaftar/mengajukan kelas ini."),
        (False, "Pegawai ini sudah terdaftar/diajukan di kelas ini."),
    ],
)
def test_a_live_enrolment_is_a_duplicate_before_any_class_rule(is_self, message):
    closed = klass(status="closed")
    duplicate = candidate(has_live_enrolment=True, is_self=is_self)

    assert rules.enrolment_refusal(closed, duplicate, today=TODAY) == message


@pytest.mark.parametrize(
    ("is_self", "start"),
    [(True, "Data kepegawaian Anda tidak aktif"), (False, "Pegawai ini tidak aktif")],
)
def test_an_inactive_employee_is_refused(is_self, start):
    refusal = rules.enrolment_refusal(
        klass(), candidate(is_active=False, is_self=is_self), today=TODAY
    )

    assert refusal is not None
    assert refusal.startswith(start)


@pytest.mark.parametrize(
    ("capacity", "taken", "free", "left"),
    [(30, 0, True, 30), (2, 1, True, 1), (2, 2, False, 0), (2, 3, False, 0)],
)
def test_seats(capacity, taken, free, left):
    assert rules.has_free_seat(capacity=capacity, seats_taken=taken) is free
    assert rules.seats_left(capacity=capacity, seats_taken=taken) == left


@pytest.mark.parametrize(
    ("status", "today", "allowed"),
    [
        ("pending", dt.date(2026, 12, 13), True),
        ("enrolled", dt.date(2026, 12, 13), True),
        ("waitlisted", dt.date(2026, 12, 13), True),
        ("enrolled", dt.date(2026, 12, 14), False),
        ("completed", dt.date(2026, 11, 1), False),
        ("rejected", dt.date(2026, 11, 1), False),
        ("cancelled", dt.date(2026, 11, 1), False),
    ],
)
def test_own_cancellation_only_of_a_live_place_before_the_start(status, today, allowed):
    assert (
        rules.may_cancel_own(status=status, starts_on=dt.date(2026, 12, 14), today=today) is allowed
    )


def test_a_deadline_on_the_first_day_still_refuses_on_that_day():
    """A request on the first day could never be approved (approval stops when the class starts),
    so it is refused even when the deadline is that day."""
    first_day = klass(starts_on=TODAY, enrolment_closes_on=TODAY)

    assert (
        rules.enrolment_refusal(first_day, candidate(), today=TODAY)
        == "Kelas ini sudah dimulai; pendaftaran tidak dapat diajukan lagi."
    )
    assert (
        rules.enrolment_refusal(first_day, candidate(), today=TODAY - dt.timedelta(days=1)) is None
    )
