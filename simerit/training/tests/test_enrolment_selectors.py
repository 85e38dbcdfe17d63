import pytest
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.tests.factories import WorkUnitFactory
from simerit.training import permissions
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.selectors import enrolment as selectors
from simerit.training.tests.factories import EnrolmentFactory, TrainingClassFactory
from simerit.training.tests.factories_enrolment import (
    employee_of,
    fill,
    klass_fixture,  # noqa: F401
    make_member,
    small_class_fixture,  # noqa: F401
    waitlisted,
)

# --- The enrolment panel


def test_panel_of_an_employee_who_may_enrol(klass, employee):
    fill(klass, 3)

    panel = selectors.enrol_panel(employee, klass)

    assert panel.can_enrol is True
    assert panel.reason_if_not == ""
    assert panel.my_enrolment is None
    assert panel.seats_left == 27
    assert panel.waitlist_count == 0
    assert panel.is_employee is True
    assert panel.can_nominate is False
    assert panel.can_assign is False


def test_panel_shows_my_waitlist_place_and_the_cancel_right(small_class, employee):
    fill(small_class, 2)
    waitlisted(small_class, EmployeeFactory.create(), minutes_ago=30)
    mine = waitlisted(small_class, employee_of(employee), minutes_ago=10)

    panel = selectors.enrol_panel(employee, small_class)

    assert panel.can_enrol is False
    assert panel.reason_if_not == "Anda sudah terdaftar/mengajukan kelas ini."
    assert panel.my_enrolment == mine
    assert panel.my_waitlist_position == 2
    assert panel.can_cancel is True
    assert panel.seats_left == 0
    assert panel.waitlist_count == 2


def test_panel_of_a_closed_class_gives_the_reason(employee):
    klass = TrainingClassFactory.create(status=TrainingClass.Status.CLOSED)

    panel = selectors.enrol_panel(employee, klass)

    assert panel.can_enrol is False
    assert panel.reason_if_not == "Kelas ini tidak sedang membuka pendaftaran."


def test_panel_of_a_supervisor_lists_the_team_members_still_free(klass, supervisor, employee, org):
    # given: one member already enrolled, one inactive, one in another unit's reserved class
    busy = make_member(supervisor, name="Sudah Ikut")
    EnrolmentFactory.create(training_class=klass, employee=busy)
    make_member(supervisor, name="Tidak Aktif", is_active=False)
    free = make_member(supervisor, name="Bebas")

    # when
    panel = selectors.enrol_panel(supervisor, klass)

    # then
    assert panel.can_nominate is True
    assert panel.nominable == [free, employee_of(employee)]
    assert panel.nominable_truncated is False
    assert panel.can_enrol is True  # the supervisor may enrol themself too


def test_panel_nomination_follows_the_unit_reservation(supervisor, employee, org):
    make_member(supervisor, work_unit=org.disdik)
    klass = TrainingClassFactory.create(work_unit=org.dinkes_division)

    panel = selectors.enrol_panel(supervisor, klass)

    assert panel.nominable == [employee_of(employee)]


def test_panel_of_admin_bkpsdm_offers_assignment_only(klass, hr_admin):
    panel = selectors.enrol_panel(hr_admin, klass)

    assert panel.can_assign is True
    assert panel.can_enrol is False
    assert panel.is_employee is False
    assert panel.reason_if_not == "Hanya pegawai dengan data kepegawaian yang dapat mendaftar."


def test_panel_of_the_auditor_offers_nothing(klass, auditor):
    panel = selectors.enrol_panel(auditor, klass)

    assert (panel.can_enrol, panel.can_nominate, panel.can_assign) == (False, False, False)


def test_panel_reads_in_a_few_queries(klass, supervisor, employee, django_assert_max_num_queries):
    fill(klass, 5)

    with django_assert_max_num_queries(8):
        selectors.enrol_panel(supervisor, klass)


# --- Visibility of classes for the enrolment actions


def test_classes_for_enrolment_of_an_employee(employee, org):
    everyone = TrainingClassFactory.create()
    own_unit = TrainingClassFactory.create(work_unit=org.dinkes_division)
    above = TrainingClassFactory.create(work_unit=org.dinkes)
    other = TrainingClassFactory.create(work_unit=org.disdik)
    draft = TrainingClassFactory.create(status=TrainingClass.Status.DRAFT)

    visible = set(selectors.classes_for_enrolment(employee))

    assert visible == {everyone, own_unit, above}
    assert other not in visible
    assert draft not in visible


def test_classes_for_enrolment_include_those_of_units_below(org):
    head_user = UserFactory.create(roles=[Role.PEGAWAI, Role.ATASAN])
    EmployeeFactory.create(user=head_user, work_unit=org.dinkes)
    division = TrainingClassFactory.create(work_unit=org.dinkes_division)

    assert list(selectors.classes_for_enrolment(head_user)) == [division]


def test_classes_for_enrolment_are_the_classes_whose_page_opens(employee, org):
    """The shared rule (permissions.classes_visible_to): a plain employee reaches neither a class
    of a unit below their own nor a cancelled one, unless they have an enrolment in it."""
    below = WorkUnitFactory.create(name="Seksi", code="DINKES-YANKES-1", parent=org.dinkes_division)
    TrainingClassFactory.create(work_unit=below)
    TrainingClassFactory.create(status=TrainingClass.Status.CANCELLED)
    mine = TrainingClassFactory.create(status=TrainingClass.Status.CANCELLED)
    EnrolmentFactory.create(
        training_class=mine, employee=employee_of(employee), status=Enrolment.Status.CANCELLED
    )

    assert list(selectors.classes_for_enrolment(employee)) == [mine]
    assert set(selectors.classes_for_enrolment(employee)) == set(
        permissions.classes_visible_to(employee)
    )


@pytest.mark.parametrize("persona", ["hr_admin", "auditor"])
def test_classes_for_enrolment_of_staff_are_all(persona, request, org):
    user = request.getfixturevalue(persona)
    draft = TrainingClassFactory.create(status=TrainingClass.Status.DRAFT, work_unit=org.disdik)

    assert list(selectors.classes_for_enrolment(user)) == [draft]


# --- Lists


def test_my_enrolments_carry_the_waitlist_position(small_class, employee, supervisor):
    fill(small_class, 2)
    waitlisted(small_class, make_member(supervisor), minutes_ago=40)
    mine = waitlisted(small_class, employee_of(employee), minutes_ago=20)
    waitlisted(small_class, make_member(supervisor), minutes_ago=5)
    past = EnrolmentFactory.create(
        training_class=TrainingClassFactory.create(
            status=TrainingClass.Status.COMPLETED,
            starts_on="2026-03-02",
            ends_on="2026-03-04",
            enrolment_closes_on="2026-02-20",
        ),
        employee=employee_of(employee),
        status=Enrolment.Status.COMPLETED,
        completed_at=timezone.now(),
    )

    rows = selectors.list_my_enrolments(employee_of(employee))

    # The annotations are not on the model type: read them by name.
    assert [(row.pk, getattr(row, "waitlist_position")) for row in rows] == [  # noqa: B009
        (mine.pk, 2),
        (past.pk, None),
    ]
    assert [
        row.pk for row in selectors.list_my_enrolments(employee_of(employee), status="completed")
    ] == [past.pk]


def test_pending_approvals_of_a_supervisor_are_their_direct_subordinates(
    klass, supervisor, employee
):
    # given: a request of a direct subordinate, one of a subordinate's subordinate, and one of
    # someone else
    direct = EnrolmentFactory.create(
        training_class=klass, employee=employee_of(employee), status=Enrolment.Status.PENDING
    )
    below = make_member(employee_of(employee))
    EnrolmentFactory.create(training_class=klass, employee=below, status=Enrolment.Status.PENDING)
    EnrolmentFactory.create(
        training_class=klass, employee=EmployeeFactory.create(), status=Enrolment.Status.PENDING
    )
    fill(klass, 4)

    rows = selectors.list_pending_approvals(supervisor)

    # The annotations are not on the model type: read them by name.
    assert [(row.pk, getattr(row, "seats_left")) for row in rows] == [(direct.pk, 26)]  # noqa: B009


def test_pending_approvals_of_admin_bkpsdm_are_all_and_of_others_none(
    klass, hr_admin, employee, auditor
):
    one = EnrolmentFactory.create(
        training_class=klass, employee=employee_of(employee), status=Enrolment.Status.PENDING
    )
    two = EnrolmentFactory.create(
        training_class=klass, employee=EmployeeFactory.create(), status=Enrolment.Status.PENDING
    )

    assert list(selectors.list_pending_approvals(hr_admin)) == [one, two]
    assert list(selectors.list_pending_approvals(employee)) == []
    assert list(selectors.list_pending_approvals(auditor)) == []
    assert selectors.may_decide_requests(employee) is False
    assert selectors.may_decide_requests(auditor) is False


def test_pending_approvals_read_in_one_query(klass, hr_admin, django_assert_num_queries):
    for _ in range(3):
        EnrolmentFactory.create(
            training_class=klass, employee=EmployeeFactory.create(), status="pending"
        )
    hr_admin.roles  # noqa: B018 (the roles are read once per request, before the list)

    with django_assert_num_queries(1):
        rows = list(selectors.list_pending_approvals(hr_admin))
        assert [row.employee.work_unit.name for row in rows]
        assert [row.training_class.programme.name for row in rows]


def test_outcome_messages(small_class, supervisor):
    fill(small_class, 1)
    member = make_member(supervisor, name="Ani", front_title="", back_title="")
    seat = EnrolmentFactory.create(training_class=small_class, employee=member)
    waiting = waitlisted(small_class, make_member(supervisor, name="Budi"), minutes_ago=3)
    request = EnrolmentFactory.create(
        training_class=TrainingClassFactory.create(),
        employee=member,
        status=Enrolment.Status.PENDING,
    )

    assert selectors.outcome_message(seat) == f"Ani terdaftar sebagai peserta {small_class}."
    assert selectors.outcome_message(waiting).endswith(
        "Kelas sudah penuh; peserta masuk daftar tunggu pada urutan ke-1."
    )
    assert selectors.outcome_message(request) == (
        "Permintaan terkirim dan menunggu persetujuan atasan langsung."
    )
