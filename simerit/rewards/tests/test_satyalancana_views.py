"""The yearly Satyalancana page, its Excel export and the one-click proposal."""

import datetime as dt
import io

import openpyxl
import pytest

from simerit.audit.models import AuditEvent
from simerit.rewards.models import Nomination
from simerit.rewards.tests.factories import sanction, satyalancana, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org):
    clean = staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani", work_unit=org.dinkes)
    punished = staff(tmt_cpns=dt.date(2016, 3, 1), name="Budi", work_unit=org.dinkes)
    sanction(punished, decided_on=dt.date(2026, 2, 2), number="HD-2026-0001")
    elsewhere = staff(tmt_cpns=dt.date(2016, 3, 1), name="Citra", work_unit=org.disdik)
    return clean, punished, elsewhere


def test_hr_sees_the_eligible_and_the_excluded_with_the_case(client, hr_admin, people):
    clean, punished, elsewhere = people
    client.force_login(hr_admin)

    eligible = client.get("/penghargaan/satyalancana/?year=2026")
    excluded = client.get("/penghargaan/satyalancana/?year=2026&show=excluded")

    assert [row.employee for row in eligible.context["page_obj"].object_list] == [
        clean,
        elsewhere,
    ]
    assert [row.employee for row in excluded.context["page_obj"].object_list] == [punished]
    assert (
        "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0001, 02/02/2026)."
        in excluded.content.decode()
    )


def test_the_default_year_is_this_year(client, auditor):
    client.force_login(auditor)

    response = client.get("/penghargaan/satyalancana/")

    assert response.context["year"] == 2026


def test_an_admin_opd_sees_its_subtree_without_case_numbers(client, opd_admin, people):
    clean = people[0]
    client.force_login(opd_admin)

    eligible = client.get("/penghargaan/satyalancana/?year=2026")
    excluded = client.get("/penghargaan/satyalancana/?year=2026&show=excluded")

    assert [row.employee for row in eligible.context["page_obj"].object_list] == [clean]
    content = excluded.content.decode()
    assert "Pernah dijatuhi hukuman disiplin tingkat sedang (02/02/2026)." in content
    assert "HD-2026-0001" not in content


def test_an_employee_may_not_read_the_list(client, employee):
    client.force_login(employee)

    assert client.get("/penghargaan/satyalancana/").status_code == 403


def test_the_export_has_both_sheets(client, opd_admin, people):
    client.force_login(opd_admin)

    response = client.get("/penghargaan/satyalancana/unduh/?year=2026")

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Memenuhi syarat", "Tidak memenuhi syarat"]
    eligible = list(workbook["Memenuhi syarat"].iter_rows(values_only=True))
    excluded = list(workbook["Tidak memenuhi syarat"].iter_rows(values_only=True))
    clean, punished, _ = people
    assert eligible[1][1:3] == (clean.nip, "Ani")
    assert eligible[1][7:] == (10, "Satyalancana Karya Satya X Tahun", "Belum diusulkan")
    assert len(eligible) == 2
    assert excluded[1][1:3] == (punished.nip, "Budi")
    assert excluded[1][7] == "Pernah dijatuhi hukuman disiplin tingkat sedang (02/02/2026)."


def test_hr_proposes_every_eligible_employee(client, hr_admin, people):
    clean, _, elsewhere = people
    client.force_login(hr_admin)

    response = client.post("/penghargaan/satyalancana/usulkan/", {"year": "2026"}, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "2 usulan Satyalancana dibuat."
    ]
    assert set(Nomination.objects.values_list("employee", "award")) == {
        (clean.pk, satyalancana(10).pk),
        (elsewhere.pk, satyalancana(10).pk),
    }


def test_an_auditor_may_not_propose_and_nothing_changes(client, auditor, people):
    client.force_login(auditor)

    response = client.post("/penghargaan/satyalancana/usulkan/", {"year": "2026"})

    assert response.status_code == 403
    assert not Nomination.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()
