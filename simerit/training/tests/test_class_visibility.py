"""Who may open a class, and whether the enrol endpoint agrees (the shared rule of
permissions.classes_visible_to; review finding X-1).

Persona × the unit the class is held for × its status. The units are named from the Pegawai's
side: the Pegawai and the Atasan work in Bidang Pelayanan Kesehatan ("own"), under Dinas Kesehatan
("parent"), above Seksi Uji ("child"); Dinas Pendidikan is "another OPD". The Admin OPD of Dinas
Kesehatan has no employee record; Admin BKPSDM and the Auditor read every class.

The class page answers 200 or 404; the enrol endpoint answers 404 exactly when the page does, and
otherwise either places a request (302, PENDING), refuses it with a message (302, nothing
changed), or refuses an account that does not enrol itself (403, nothing changed)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.tests.factories import TrainingClassFactory

pytestmark = pytest.mark.django_db

PERSONAS = ("employee", "supervisor", "opd_admin", "hr_admin", "auditor", "other_opd")
UNITS = ("all", "own", "parent", "child", "other_opd")
STATUSES = (TrainingClass.Status.OPEN, TrainingClass.Status.DRAFT, TrainingClass.Status.CANCELLED)

PENDING = "Permintaan terkirim dan menunggu persetujuan atasan langsung."
CHILD_ONLY = "Kelas ini khusus untuk pegawai Seksi Uji."

# For an OPEN class: persona → unit → (class page, enrol endpoint, message after the enrol).
# A unit not listed is 404 for both. A draft or cancelled class is 404 for both, except for
# Admin BKPSDM and the Auditor (200 and 403: they do not enrol themselves).
OPEN_CLASS: dict[str, dict[str, tuple[int, int, str | None]]] = {
    "employee": {
        "all": (200, 302, PENDING),
        "own": (200, 302, PENDING),
        "parent": (200, 302, PENDING),
    },
    # A supervisor also reaches the classes of the units below (to nominate staff there).
    "supervisor": {
        "all": (200, 302, PENDING),
        "own": (200, 302, PENDING),
        "parent": (200, 302, PENDING),
        "child": (200, 302, CHILD_ONLY),
    },
    # Its scope, the units above it and every unit below it; no employee record to enrol.
    "opd_admin": {
        "all": (200, 403, None),
        "own": (200, 403, None),
        "parent": (200, 403, None),
        "child": (200, 403, None),
    },
    "hr_admin": dict.fromkeys(UNITS, (200, 403, None)),
    "auditor": dict.fromkeys(UNITS, (200, 403, None)),
    # The other OPD's employee: its own OPD's classes and those for every unit.
    "other_opd": {
        "all": (200, 302, PENDING),
        "other_opd": (200, 302, PENDING),
    },
}


def expected(persona: str, unit: str, status: str) -> tuple[int, int, str | None]:
    if status != TrainingClass.Status.OPEN and persona not in ("hr_admin", "auditor"):
        return (404, 404, None)
    return OPEN_CLASS[persona].get(unit, (404, 404, None))


def account(persona: str, request: pytest.FixtureRequest) -> User:
    if persona != "other_opd":
        user: User = request.getfixturevalue(persona)
        return user
    employee: Employee = request.getfixturevalue("other_opd_employee")
    user = UserFactory.create(username="guru", full_name="Guru Lain", roles=[Role.PEGAWAI])
    employee.user = user
    employee.save(update_fields=["user"])
    return user


def held_for(unit: str, org) -> WorkUnit | None:
    if unit == "child":
        return WorkUnitFactory.create(
            name="Seksi Uji",
            code="DINKES-YANKES-1",
            kind=WorkUnit.Kind.SECTION,
            parent=org.dinkes_division,
        )
    units = {"own": org.dinkes_division, "parent": org.dinkes, "other_opd": org.disdik}
    return units.get(unit)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_class_page_and_the_enrol_endpoint_agree(client, request, org, persona, unit, status):
    user = account(persona, request)
    training_class = TrainingClassFactory.create(status=status, work_unit=held_for(unit, org))
    page_status, enrol_status, message = expected(persona, unit, status)
    client.force_login(user)

    page = client.get(reverse("training:class-detail", args=[training_class.pk]))
    enrol = client.post(reverse("training:class-enrol", args=[training_class.pk]))

    assert (page.status_code, enrol.status_code) == (page_status, enrol_status)
    assert (page.status_code == 404) is (enrol.status_code == 404)
    if enrol.status_code != 302:
        assert Enrolment.objects.exists() is False
        assert AuditEvent.objects.filter(action__startswith="training.").exists() is False
        return
    assert enrol["Location"] == reverse("training:class-detail", args=[training_class.pk])
    assert [str(m) for m in get_messages(enrol.wsgi_request)] == [message]
    placed = list(Enrolment.objects.values_list("employee__user", "status", "route"))
    if message == PENDING:
        assert placed == [(user.pk, Enrolment.Status.PENDING, Enrolment.Route.SELF)]
    else:
        assert placed == []
