"""The 360 window of a year (ADR 0010): its deadline is configured with the year, and Admin BKPSDM
may close the collection early, once, while the year runs; on the page (button with a
confirmation) and over the API."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance.models import PerformanceYear
from simerit.performance.services import planning_years as services
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.performance.tests.test_planning_years import form_data

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"
JAKARTA = ZoneInfo("Asia/Jakarta")
CLOSE_BUTTON = "Tutup masukan 360 sekarang"
NOT_RUNNING = "Masukan 360 hanya dapat ditutup pada periode yang sedang berjalan."
ALREADY_CLOSED = "Masukan 360 periode ini sudah ditutup."


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The pages decide on "today" (the window of the 2026 year is open until 2027-01-31)."""
    day = dt.date(2026, 11, 28)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def running_year(**fields: object) -> PerformanceYear:
    return PerformanceYearFactory.create(year=2026, **fields)


def state(year: PerformanceYear) -> tuple[object, ...]:
    year.refresh_from_db()
    return (
        year.status,
        year.feedback_closed_at,
        year.feedback_closes_on,
        AuditEvent.objects.count(),
    )


# --- configuration


def test_the_open_form_takes_the_360_deadline(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:year-list"), form_data(feedback_closes_on="2027-11-30")
    )

    assert response.status_code == 302
    year = PerformanceYear.objects.get()
    assert (year.feedback_closes_on, year.feedback_closed_at) == (dt.date(2027, 11, 30), None)
    event = AuditEvent.objects.get(action="performance.year.opened")
    assert event.changes["feedback_closes_on"] == "2027-11-30"


def test_a_blank_360_deadline_is_the_ratings_deadline(client, hr_admin):
    client.force_login(hr_admin)

    client.post(reverse("performance:year-list"), form_data(feedback_closes_on=""))

    assert PerformanceYear.objects.get().feedback_closes_on == dt.date(2028, 1, 31)


def test_a_360_deadline_after_the_ratings_deadline_is_refused_on_the_page(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:year-list"), form_data(feedback_closes_on="2028-02-01")
    )

    assert response.status_code == 422
    assert (
        "Batas akhir masukan 360 harus di antara tanggal mulai periode dan batas akhir penilaian."
        in response.content.decode()
    )
    assert PerformanceYear.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_forms_show_the_360_field_with_its_help(client, hr_admin):
    year = running_year()
    client.force_login(hr_admin)

    listing = client.get(reverse("performance:year-list")).content.decode()
    edit = client.get(reverse("performance:year-edit", args=[year.pk])).content.decode()

    for page in (listing, edit):
        assert "Batas akhir masukan 360" in page
        assert "rekapitulasinya baru ditampilkan sesudahnya" in page
    assert 'name="feedback_closes_on" value="2027-01-31"' in edit
    assert "Masukan 360 belum ditutup (batas akhir 31 Jan 2027)." in edit


def test_the_edit_page_shows_when_hr_closed_the_collection(client, auditor):
    closed = dt.datetime(2026, 11, 2, 9, 30, tzinfo=JAKARTA)
    year = running_year(feedback_closed_at=closed)
    client.force_login(auditor)

    page = client.get(reverse("performance:year-edit", args=[year.pk])).content.decode()
    listing = client.get(reverse("performance:year-list")).content.decode()

    assert "Masukan 360 ditutup oleh Admin BKPSDM pada 2 Nov 2026 09.30." in page
    assert "Masukan 360 ditutup 2 Nov 2026 09.30" in listing


# --- the service


def test_hr_closes_the_360_collection_and_it_is_audited(hr_admin):
    year = running_year()

    closed = services.close_feedback(year=year, actor=hr_admin)

    year.refresh_from_db()
    assert year.feedback_closed_at == closed.feedback_closed_at
    assert year.feedback_closed_at is not None
    assert year.feedback_published(on=dt.date(2026, 6, 1)) is True
    event = AuditEvent.objects.get(action="performance.year.feedback_closed")
    assert event.changes["deadline"] == "2027-01-31"


@pytest.mark.parametrize("persona", ["auditor", "employee", "supervisor", "opd_admin"])
def test_only_hr_closes_the_360_collection(request, persona):
    actor = request.getfixturevalue(persona)
    year = running_year()
    before = state(year)

    with pytest.raises(PermissionDenied, match=re.escape(services.HR_ONLY)):
        services.close_feedback(year=year, actor=actor)

    assert state(year) == before


@pytest.mark.parametrize("status", [PerformanceYear.Status.PLANNING, PerformanceYear.Status.CLOSED])
def test_the_360_collection_is_closed_only_in_a_running_year(hr_admin, status):
    year = running_year(status=status)
    before = state(year)

    with pytest.raises(DomainError, match=re.escape(NOT_RUNNING)):
        services.close_feedback(year=year, actor=hr_admin)

    assert state(year) == before


def test_the_360_collection_is_closed_only_once(hr_admin):
    year = running_year()
    services.close_feedback(year=year, actor=hr_admin)
    before = state(year)

    with pytest.raises(ConflictError, match=re.escape(ALREADY_CLOSED)):
        services.close_feedback(year=year, actor=hr_admin)

    assert state(year) == before


# --- the page


def test_hr_sees_the_button_only_while_running_with_the_window_open(client, hr_admin):
    running_year()
    PerformanceYearFactory.create(year=2025, feedback_closed_at=timezone.now())
    PerformanceYearFactory.create(year=2024, feedback_closes_on=dt.date(2024, 6, 30))
    PerformanceYearFactory.create(year=2027, status=PerformanceYear.Status.PLANNING)
    PerformanceYearFactory.create(year=2023, status=PerformanceYear.Status.CLOSED)
    client.force_login(hr_admin)

    page = client.get(reverse("performance:year-list")).content.decode()

    assert page.count(CLOSE_BUTTON) == 1
    assert reverse("performance:year-feedback-close", args=[running_year().pk]) in page
    assert (
        'data-confirm="Tutup masukan 360 periode 2026 sekarang? Jawaban baru tidak diterima '
        "lagi dan rekapitulasi masukan 360 langsung ditampilkan. Tindakan ini tidak dapat "
        'dibatalkan."' in page
    )


def test_the_auditor_sees_no_button(client, auditor):
    running_year()
    client.force_login(auditor)

    page = client.get(reverse("performance:year-list")).content.decode()

    assert CLOSE_BUTTON not in page


def test_hr_closes_the_collection_from_the_page(client, hr_admin):
    year = running_year()
    client.force_login(hr_admin)

    response = client.post(reverse("performance:year-feedback-close", args=[year.pk]), follow=True)

    year.refresh_from_db()
    assert year.feedback_closed_at is not None
    assert response.redirect_chain == [(reverse("performance:year-list"), 302)]
    assert (
        "Masukan 360 periode 2026 ditutup; rekapitulasinya kini ditampilkan."
        in response.content.decode()
    )
    assert CLOSE_BUTTON not in response.content.decode()


def test_a_second_close_on_the_page_shows_the_refusal(client, hr_admin):
    year = running_year()
    services.close_feedback(year=year, actor=hr_admin)
    before = state(year)
    client.force_login(hr_admin)

    response = client.post(reverse("performance:year-feedback-close", args=[year.pk]), follow=True)

    assert ALREADY_CLOSED in response.content.decode()
    assert state(year) == before


def test_the_page_refuses_others_and_get(client, auditor, employee, hr_admin):
    year = running_year()
    before = state(year)
    url = reverse("performance:year-feedback-close", args=[year.pk])

    client.force_login(auditor)
    by_auditor = client.post(url)
    client.force_login(employee)
    by_employee = client.post(url)
    client.force_login(hr_admin)
    by_get = client.get(url)

    assert (by_auditor.status_code, by_employee.status_code, by_get.status_code) == (403, 403, 405)
    assert state(year) == before


# --- the API


def test_the_api_closes_the_collection_once(client, hr_admin):
    year = running_year()
    client.force_login(hr_admin)
    url = f"{API}/years/{year.pk}/feedback-closure"

    first = client.post(url)
    before = state(year)
    second = client.post(url)

    assert first.status_code == 200
    assert first.json()["feedback_closed_at"] is not None
    assert first.json()["feedback_closes_on"] == "2027-01-31"
    assert (second.status_code, second.json()["detail"]) == (409, ALREADY_CLOSED)
    assert state(year) == before


def test_the_api_refuses_closing_for_others_and_outside_a_running_year(client, hr_admin, auditor):
    year = running_year()
    planning = PerformanceYearFactory.create(year=2027, status=PerformanceYear.Status.PLANNING)
    before = (state(year), state(planning))

    client.force_login(auditor)
    denied = client.post(f"{API}/years/{year.pk}/feedback-closure")
    client.force_login(hr_admin)
    not_running = client.post(f"{API}/years/{planning.pk}/feedback-closure")
    missing = client.post(f"{API}/years/999999/feedback-closure")

    assert (denied.status_code, denied.json()["detail"]) == (403, services.HR_ONLY)
    assert (not_running.status_code, not_running.json()["detail"]) == (400, NOT_RUNNING)
    assert missing.status_code == 404
    assert (state(year), state(planning)) == before


def test_the_api_lists_years_with_the_360_window_for_hr_and_auditor_only(client, auditor, employee):
    closed = dt.datetime(2026, 11, 2, 9, 30, tzinfo=JAKARTA)
    year = running_year(feedback_closed_at=closed, feedback_closes_on=dt.date(2026, 12, 15))

    client.force_login(auditor)
    listing = client.get(f"{API}/years")
    detail = client.get(f"{API}/years/{year.pk}")
    client.force_login(employee)
    denied = client.get(f"{API}/years")

    assert listing.json()["count"] == 1
    body = detail.json()
    assert (body["year"], body["status"], body["feedback_closes_on"]) == (
        2026,
        "running",
        "2026-12-15",
    )
    assert body["feedback_closed_at"].startswith("2026-11-02T")
    assert listing.json()["items"][0] == body
    assert denied.status_code == 403


def test_the_api_opens_and_updates_a_year_with_its_360_deadline(client, hr_admin):
    client.force_login(hr_admin)
    payload = {
        "year": 2027,
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "ratings_close_on": "2028-01-31",
        "feedback_closes_on": "2027-12-15",
    }

    opened = client.post(f"{API}/years", payload, content_type="application/json")
    year_id = opened.json()["id"]
    del payload["year"]
    updated = client.put(
        f"{API}/years/{year_id}",
        {**payload, "feedback_closes_on": "2028-01-10"},
        content_type="application/json",
    )

    assert opened.status_code == 201
    assert (opened.json()["feedback_closes_on"], opened.json()["status"]) == (
        "2027-12-15",
        "planning",
    )
    assert updated.status_code == 200
    assert updated.json()["feedback_closes_on"] == "2028-01-10"
    assert PerformanceYear.objects.get().feedback_closes_on == dt.date(2028, 1, 10)
