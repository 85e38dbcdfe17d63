"""The appeal pages and the "Upaya administratif" section of the case page: routing, who may
open and post (404 for a case the account may not see, 403 for one it sees but may not record),
and that a refusal changes nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.discipline.models import Appeal, Sanction
from simerit.discipline.tests.factories import AppealFactory, DisciplineCaseFactory, SanctionFactory
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def sanction(employee: User) -> Sanction:
    subject = Employee.objects.get(user=employee)
    return SanctionFactory.create(employee=subject, delivered_on=D(2026, 11, 23))


def new_url(sanction: Sanction) -> str:
    return reverse("discipline:appeal_new", args=[sanction.case_id])


def decide_url(appeal: Appeal) -> str:
    return reverse("discipline:appeal_decide", args=[appeal.sanction.case_id, appeal.pk])


def test_hr_sees_the_window_and_records_a_keberatan(
    client: Client, hr_admin: User, sanction: Sanction
) -> None:
    client.force_login(hr_admin)

    page = client.get(new_url(sanction))
    response = client.post(
        new_url(sanction), {"filed_on": "2026-11-27", "reason": "Hukuman terlalu berat."}
    )

    assert page.status_code == 200
    assert "Keberatan paling lambat 14 hari kerja sejak itu, yaitu <strong>11/12/2026</strong>" in (
        page.content.decode()
    )
    case_page = reverse("discipline:case_detail", args=[sanction.case_id])
    assert response.status_code == 302
    assert response["Location"] == f"{case_page}#upaya-administratif"
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.filed_on, appeal.reason) == (
        "keberatan",
        D(2026, 11, 27),
        "Hukuman terlalu berat.",
    )


def test_a_refused_filing_shows_the_message_and_changes_nothing(
    client: Client, hr_admin: User, sanction: Sanction
) -> None:
    client.force_login(hr_admin)
    before = AuditEvent.objects.count()

    response = client.post(new_url(sanction), {"filed_on": "2026-11-20", "reason": "Berat."})

    assert response.status_code == 422
    assert (
        "Tanggal pengajuan tidak boleh sebelum keputusan diterima pegawai (23/11/2026)."
        in response.content.decode()
    )
    assert Appeal.objects.exists() is False
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("who", "status"), [("auditor", 403), ("employee", 403), ("supervisor", 403)]
)
def test_who_sees_the_case_but_may_not_record_gets_403(
    request: pytest.FixtureRequest, client: Client, who: str, status: int, sanction: Sanction
) -> None:
    client.force_login(request.getfixturevalue(who))

    page = client.get(new_url(sanction))
    posted = client.post(new_url(sanction), {"filed_on": "2026-11-27", "reason": "Berat."})

    assert (page.status_code, posted.status_code) == (status, status)
    assert Appeal.objects.exists() is False


def test_who_may_not_see_the_case_gets_404(
    client: Client, opd_admin: User, sanction: Sanction
) -> None:
    client.force_login(opd_admin)

    posted = client.post(new_url(sanction), {"filed_on": "2026-11-27", "reason": "Berat."})

    assert posted.status_code == 404
    assert Appeal.objects.exists() is False


def test_a_case_without_a_decision_has_no_appeal_page(client: Client, hr_admin: User) -> None:
    case = DisciplineCaseFactory.create()
    client.force_login(hr_admin)

    response = client.get(reverse("discipline:appeal_new", args=[case.pk]))

    assert response.status_code == 404


def test_hr_records_a_changed_outcome(client: Client, hr_admin: User, sanction: Sanction) -> None:
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))
    client.force_login(hr_admin)

    response = client.post(
        decide_url(appeal),
        {
            "outcome": "changed",
            "decided_on": "2026-11-27",
            "decision_note": "Diperingan.",
            "new_level": "sedang",
            "new_sanction_type": "potong_tpp_9",
        },
    )

    assert response.status_code == 302
    sanction.refresh_from_db()
    assert (sanction.sanction_type, sanction.ends_on) == ("potong_tpp_9", D(2027, 8, 31))


def test_a_refused_outcome_shows_the_message(
    client: Client, hr_admin: User, sanction: Sanction
) -> None:
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))
    client.force_login(hr_admin)

    response = client.post(
        decide_url(appeal),
        {
            "outcome": "changed",
            "decided_on": "2026-11-27",
            "decision_note": "Diubah.",
            "new_level": "ringan",
            "new_sanction_type": "pdhtaps",
        },
    )

    assert response.status_code == 422
    assert "bukan hukuman disiplin tingkat ringan" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.outcome == "pending"


def test_the_auditor_may_not_decide(client: Client, auditor: User, sanction: Sanction) -> None:
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))
    client.force_login(auditor)

    response = client.post(
        decide_url(appeal),
        {"outcome": "upheld", "decided_on": "2026-11-27", "decision_note": "Dikuatkan."},
    )

    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.outcome == "pending"


def test_the_case_page_shows_the_section_with_links_for_hr_only(
    client: Client, hr_admin: User, auditor: User, sanction: Sanction
) -> None:
    url = reverse("discipline:case_detail", args=[sanction.case_id])

    client.force_login(hr_admin)
    for_hr = client.get(url).content.decode()
    client.force_login(auditor)
    for_auditor = client.get(url).content.decode()

    assert 'data-testid="appeals-empty"' in for_hr
    assert new_url(sanction) in for_hr
    assert 'data-testid="appeals-empty"' in for_auditor
    assert new_url(sanction) not in for_auditor


def test_the_section_lists_the_appeals_and_offers_the_decision(
    client: Client, hr_admin: User, sanction: Sanction
) -> None:
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24), reason="Berat.")
    client.force_login(hr_admin)

    page = client.get(reverse("discipline:case_detail", args=[sanction.case_id])).content.decode()

    assert 'data-testid="appeal-list"' in page
    assert decide_url(appeal) in page
    assert new_url(sanction) not in page


def test_hr_opens_the_decision_page(client: Client, hr_admin: User, sanction: Sanction) -> None:
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24), reason="Berat.")
    client.force_login(hr_admin)

    response = client.get(decide_url(appeal))

    assert response.status_code == 200
    assert 'data-testid="appeal-decision-form"' in response.content.decode()
