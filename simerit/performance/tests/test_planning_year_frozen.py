"""Settings that govern data already recorded stay as they are (acceptance review fix 6): the
realisation frequency once a realisation exists, the 360 group minimum and deadline once a 360
answer exists, the keberatan window once a result has been delivered. On the service, the page
and the API; nothing changes on refusal."""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import DomainError
from simerit.performance.models import PerformanceYear
from simerit.performance.services import planning_years as services
from simerit.performance.tests.factories import PerformanceYearFactory, make_skp, make_team
from simerit.performance.tests.factories_planning import (
    answer_in,
    appraisal_in,
    realisation_in,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"
FREQUENCY = (
    "Periode realisasi tidak dapat diubah karena sudah ada realisasi yang dicatat pada periode ini."
)
MIN_RATERS = (
    "Minimal penilai per kelompok tidak dapat diubah karena sudah ada jawaban masukan 360 pada "
    "periode ini."
)
FEEDBACK = (
    "Batas akhir masukan 360 tidak dapat diubah karena sudah ada jawaban masukan 360 pada "
    "periode ini."
)
OBJECTION = (
    "Batas hari keberatan tidak dapat diubah karena sudah ada hasil penilaian yang diterima "
    "pegawai pada periode ini."
)
CONFIG_FIELDS = tuple(field.name for field in dataclasses.fields(services.YearConfig))


@pytest.fixture
def year() -> PerformanceYear:
    return PerformanceYearFactory.create(year=2026)


@pytest.fixture
def skp(year):
    return make_skp(make_team().staff[1], year=year)


def current(year: PerformanceYear) -> services.YearConfig:
    year.refresh_from_db()
    return services.YearConfig(**{field: getattr(year, field) for field in CONFIG_FIELDS})


def snapshot(year: PerformanceYear) -> tuple[object, ...]:
    year.refresh_from_db()
    return (*(getattr(year, field) for field in CONFIG_FIELDS), AuditEvent.objects.count())


RECORDS = {
    "realisation": lambda skp: realisation_in(skp),
    "answer": lambda skp: answer_in(skp),
    "delivered": lambda skp: appraisal_in(skp, delivered=True),
}
CASES = [
    ("realisation", {"frequency": "monthly"}, "frequency", FREQUENCY),
    ("answer", {"min_group_raters": 4}, "min_group_raters", MIN_RATERS),
    ("answer", {"feedback_closes_on": dt.date(2026, 12, 15)}, "feedback_closes_on", FEEDBACK),
    ("delivered", {"objection_days": 21}, "objection_days", OBJECTION),
]


@pytest.mark.parametrize(("record", "changes", "field", "message"), CASES)
def test_a_setting_is_frozen_once_its_data_exists(
    hr_admin, year, skp, record, changes, field, message
):
    RECORDS[record](skp)
    before = snapshot(year)

    with pytest.raises(DomainError) as refused:
        services.update_year(
            year=year, config=dataclasses.replace(current(year), **changes), actor=hr_admin
        )

    assert (refused.value.message, refused.value.field) == (message, field)
    assert snapshot(year) == before


@pytest.mark.parametrize(("record", "changes", "field", "message"), CASES)
def test_the_setting_changes_while_no_such_data_exists(
    hr_admin, year, skp, record, changes, field, message
):
    for other in RECORDS.keys() - {record}:
        RECORDS[other](skp)

    services.update_year(
        year=year, config=dataclasses.replace(current(year), **changes), actor=hr_admin
    )

    year.refresh_from_db()
    assert getattr(year, field) == changes[field]
    event = AuditEvent.objects.get(action="performance.year.updated")
    assert list(event.changes) == [field]


def test_other_settings_still_change_when_everything_is_recorded(hr_admin, year, skp):
    for record in RECORDS.values():
        record(skp)

    services.update_year(
        year=year,
        config=dataclasses.replace(
            current(year), achievement_cap=110, ratings_close_on=dt.date(2027, 2, 28)
        ),
        actor=hr_admin,
    )

    year.refresh_from_db()
    assert (year.achievement_cap, year.ratings_close_on, year.feedback_closes_on) == (
        110,
        dt.date(2027, 2, 28),
        dt.date(2027, 1, 31),
    )


def test_an_appraisal_not_yet_delivered_does_not_freeze_the_keberatan_window(hr_admin, year, skp):
    appraisal_in(skp, delivered=False)

    services.update_year(
        year=year, config=dataclasses.replace(current(year), objection_days=21), actor=hr_admin
    )

    year.refresh_from_db()
    assert year.objection_days == 21


def test_data_of_another_year_does_not_freeze_this_one(hr_admin, year):
    other = PerformanceYearFactory.create(year=2025)
    other_skp = make_skp(make_team().staff[1], year=other)
    realisation_in(other_skp)
    answer_in(other_skp)
    appraisal_in(other_skp, delivered=True)

    services.update_year(
        year=year,
        config=dataclasses.replace(
            current(year), frequency="monthly", min_group_raters=4, objection_days=21
        ),
        actor=hr_admin,
    )

    year.refresh_from_db()
    assert (year.frequency, year.min_group_raters, year.objection_days) == ("monthly", 4, 21)


def test_the_edit_page_shows_the_refusal_on_the_field(client, hr_admin, year, skp):
    answer_in(skp)
    before = snapshot(year)
    client.force_login(hr_admin)
    data = {
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "feedback_closes_on": "2027-01-31",
        "ratings_close_on": "2027-01-31",
        "frequency": "quarterly",
        "min_group_raters": 2,
        "justification_margin": "1",
        "objection_days": 14,
        "achievement_cap": 120,
    }

    response = client.post(reverse("performance:year-edit", args=[year.pk]), data)

    assert response.status_code == 422
    assert response.context["form"].errors == {"min_group_raters": [MIN_RATERS]}
    assert snapshot(year) == before


def test_the_api_refuses_with_the_field_named(client, hr_admin, year, skp):
    realisation_in(skp)
    before = snapshot(year)
    client.force_login(hr_admin)
    payload = {
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "ratings_close_on": "2027-01-31",
        "feedback_closes_on": "2027-01-31",
        "frequency": "monthly",
    }

    response = client.put(f"{API}/years/{year.pk}", payload, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"] == FREQUENCY
    assert response.json()["errors"] == [{"field": "frequency", "message": FREQUENCY}]
    assert snapshot(year) == before
