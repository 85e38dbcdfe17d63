"""Performance years: opened, configured and moved on by Admin BKPSDM only; the list page counts
SKPs per status in one query; the Auditor reads."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance.models import PerformanceYear, Skp
from simerit.performance.selectors import planning as selectors
from simerit.performance.services import planning_years as services
from simerit.performance.services.planning_years import YearConfig
from simerit.performance.tests.factories import PerformanceYearFactory, make_skp, make_team

pytestmark = pytest.mark.django_db

COUNT_FIELDS = ("year", "n_draft", "n_submitted", "n_returned", "n_approved", "n_total")


def config(**changes: object) -> YearConfig:
    values: dict[str, object] = {
        "starts_on": dt.date(2027, 1, 1),
        "ends_on": dt.date(2027, 12, 31),
        "ratings_close_on": dt.date(2028, 1, 31),
    }
    values.update(changes)
    return YearConfig(**values)  # type: ignore[arg-type]


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "year": 2027,
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "ratings_close_on": "2028-01-31",
        "frequency": "quarterly",
        "min_group_raters": 3,
        "justification_margin": "1",
        "objection_days": 14,
        "achievement_cap": 120,
    }
    data.update(changes)
    return data


def test_open_year_creates_a_planning_year_with_its_configuration_and_audits(hr_admin):
    year = services.open_year(
        year=2027, config=config(min_group_raters=4, frequency="monthly"), actor=hr_admin
    )

    year.refresh_from_db()
    assert (year.year, year.status, year.frequency, year.min_group_raters) == (
        2027,
        PerformanceYear.Status.PLANNING,
        "monthly",
        4,
    )
    assert (year.justification_margin, year.objection_days, year.achievement_cap) == (
        Decimal("1.00"),
        14,
        120,
    )
    event = AuditEvent.objects.get(action="performance.year.opened")
    assert event.changes["year"] == 2027
    assert event.changes["min_group_raters"] == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": dt.date(2027, 1, 1)}, "Tanggal berakhir harus sesudah tanggal mulai."),
        (
            {"ratings_close_on": dt.date(2027, 6, 30)},
            "Batas akhir penilaian tidak boleh sebelum tanggal berakhir periode.",
        ),
        ({"starts_on": dt.date(2026, 12, 1)}, "Tanggal mulai harus berada di tahun 2027."),
        ({"min_group_raters": 1}, "Minimal penilai per kelompok harus antara 2 dan 20."),
        (
            {"justification_margin": Decimal("-0.5")},
            "Batas selisih tanpa justifikasi harus antara 0 dan 4.",
        ),
        ({"objection_days": 0}, "Batas hari keberatan harus antara 1 dan 90."),
        ({"achievement_cap": 99}, "Batas capaian harus antara 100 dan 200 persen."),
    ],
)
def test_open_year_refuses_bad_configuration_and_changes_nothing(hr_admin, changes, message):
    with pytest.raises(DomainError) as refused:
        services.open_year(year=2027, config=config(**changes), actor=hr_admin)

    assert refused.value.message == message
    assert PerformanceYear.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_open_year_refuses_a_second_year_with_the_same_number(hr_admin):
    services.open_year(year=2027, config=config(), actor=hr_admin)

    with pytest.raises(ConflictError, match=re.escape("Periode penilaian kinerja 2027 sudah ada.")):
        services.open_year(year=2027, config=config(), actor=hr_admin)
    assert PerformanceYear.objects.count() == 1


def test_only_hr_opens_a_year(auditor, employee):
    for actor in (auditor, employee):
        with pytest.raises(PermissionDenied):
            services.open_year(year=2027, config=config(), actor=actor)
    assert PerformanceYear.objects.count() == 0


def test_update_year_changes_configuration_and_audits_before_and_after(hr_admin):
    year = services.open_year(year=2027, config=config(), actor=hr_admin)

    services.update_year(year=year, config=config(objection_days=21), actor=hr_admin)

    year.refresh_from_db()
    assert year.objection_days == 21
    event = AuditEvent.objects.get(action="performance.year.updated")
    assert event.changes == {"objection_days": [14, 21]}


def test_update_year_is_refused_once_closed(hr_admin):
    year = services.open_year(year=2027, config=config(), actor=hr_admin)
    services.advance_year(year=year, actor=hr_admin)
    services.advance_year(year=year, actor=hr_admin)

    with pytest.raises(
        DomainError, match=re.escape("Periode yang sudah ditutup tidak dapat diubah.")
    ):
        services.update_year(year=year, config=config(objection_days=21), actor=hr_admin)
    with pytest.raises(
        DomainError, match=re.escape("Periode yang sudah ditutup tidak dapat diubah.")
    ):
        services.advance_year(year=year, actor=hr_admin)
    year.refresh_from_db()
    assert (year.status, year.objection_days) == (PerformanceYear.Status.CLOSED, 14)


def test_advance_year_moves_planning_to_running_to_closed(hr_admin):
    year = services.open_year(year=2027, config=config(), actor=hr_admin)

    assert services.advance_year(year=year, actor=hr_admin).status == "running"
    assert services.advance_year(year=year, actor=hr_admin).status == "closed"
    actions = list(
        AuditEvent.objects.filter(action__startswith="performance.year.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "performance.year.opened",
        "performance.year.started",
        "performance.year.closed",
    ]


def test_years_with_counts_counts_skps_per_status_in_one_query(django_assert_num_queries):
    team = make_team()
    year = PerformanceYearFactory.create(year=2026)
    PerformanceYearFactory.create(year=2025)
    make_skp(team.staff[0], year=year, status=Skp.Status.APPROVED)
    make_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    make_skp(team.staff[2], year=year, status=Skp.Status.SUBMITTED)
    make_skp(team.chief, year=year)

    with django_assert_num_queries(1):
        rows = [
            tuple(getattr(row, name) for name in COUNT_FIELDS)
            for row in selectors.years_with_counts()
        ]

    assert rows == [(2026, 1, 2, 0, 1, 4), (2025, 0, 0, 0, 0, 0)]


def test_year_list_page_hr_opens_a_year(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:year-list"), form_data())

    assert response.status_code == 302
    assert PerformanceYear.objects.get().year == 2027


def test_year_list_page_shows_the_refusal_with_status_422(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:year-list"), form_data(min_group_raters=1))

    assert response.status_code == 422
    assert "Minimal penilai per kelompok harus antara 2 dan 20." in response.content.decode()
    assert PerformanceYear.objects.count() == 0


def test_auditor_reads_the_year_list_without_forms_and_cannot_write(client, auditor, hr_admin):
    year = services.open_year(year=2027, config=config(), actor=hr_admin)
    client.force_login(auditor)
    before = AuditEvent.objects.count()

    page = client.get(reverse("performance:year-list"))
    create = client.post(reverse("performance:year-list"), form_data(year=2028))
    edit = client.post(
        reverse("performance:year-edit", args=[year.pk]), form_data(objection_days=30)
    )
    advance = client.post(reverse("performance:year-advance", args=[year.pk]))

    assert page.status_code == 200
    assert 'data-testid="year-2027"' in page.content.decode()
    assert "Buka periode baru" not in page.content.decode()
    assert (create.status_code, edit.status_code, advance.status_code) == (403, 403, 403)
    year.refresh_from_db()
    assert (year.status, year.objection_days) == ("planning", 14)
    assert PerformanceYear.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_an_employee_cannot_open_the_year_list(client, employee):
    client.force_login(employee)

    assert client.get(reverse("performance:year-list")).status_code == 403


def test_year_list_empty_state(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(reverse("performance:year-list"))

    assert 'data-testid="empty-state"' in response.content.decode()
