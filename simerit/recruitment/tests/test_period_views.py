"""Period admin pages: Admin BKPSDM only; the schedule is typed and shown in WIB."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.recruitment.models import SelectionPeriod, Stage, StageWindow
from simerit.recruitment.tests.factories import SelectionPeriodFactory

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
LIST = reverse("recruitment:period-list")
CREATE = reverse("recruitment:period-create")


def text(response):
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())


def schedule_url(period):
    return reverse("recruitment:period-schedule", args=[period.pk])


def period_data(**overrides):
    data = {
        "name": "Seleksi PPPK 2026",
        "kind": "pppk",
        "year": "2026",
        "default_min_age": "20",
        "default_max_age": "56",
        "age_reference_date": "2026-08-01",
        "tms_needs_confirmation": "on",
        "sanggah_days": "3",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("persona", "status"),
    [("hr_admin", 200), ("opd_admin", 403), ("auditor", 403), ("applicant", 403)],
)
def test_period_pages_are_for_admin_bkpsdm(client, db, request, persona, status):
    period = SelectionPeriodFactory.create(status="draft")
    client.force_login(request.getfixturevalue(persona))

    for url in (
        LIST,
        CREATE,
        reverse("recruitment:period-detail", args=[period.pk]),
        reverse("recruitment:period-edit", args=[period.pk]),
        schedule_url(period),
    ):
        assert client.get(url).status_code == status, url


def test_opd_admin_cannot_create_a_period(client, opd_admin):
    client.force_login(opd_admin)
    before = AuditEvent.objects.count()

    assert client.post(CREATE, period_data()).status_code == 403

    assert SelectionPeriod.objects.exists() is False
    assert AuditEvent.objects.count() == before


def test_create_period_then_see_it_listed(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(CREATE, period_data())

    period = SelectionPeriod.objects.get()
    assert response["Location"] == reverse("recruitment:period-detail", args=[period.pk])
    assert (period.kind, period.default_min_age, period.default_max_age) == ("pppk", 20, 56)
    assert "Seleksi PPPK 2026" in text(client.get(LIST))


def test_create_period_refusal_shows_on_the_form(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(CREATE, period_data(default_min_age="60"))

    assert response.context["form"].errors == {
        "default_max_age": [
            "Batas usia minimal (60) tidak boleh lebih dari batas usia maksimal (56)."
        ]
    }
    assert SelectionPeriod.objects.exists() is False


def test_list_without_periods_has_an_empty_state(client, hr_admin):
    client.force_login(hr_admin)
    assert "Belum ada periode seleksi." in text(client.get(LIST))


def test_schedule_is_typed_and_shown_in_wib(client, hr_admin):
    period = SelectionPeriodFactory.create(status="draft")
    client.force_login(hr_admin)

    response = client.post(
        schedule_url(period),
        {"registration_opens": "2026-08-01T08:00", "registration_closes": "2026-08-20T23:59"},
    )

    assert response.status_code == 302
    window = StageWindow.objects.get(period=period)
    assert window.opens_at == dt.datetime(2026, 8, 1, 8, 0, tzinfo=WIB)
    assert window.closes_at == dt.datetime(2026, 8, 20, 23, 59, tzinfo=WIB)
    form_html = client.get(schedule_url(period)).content.decode()
    assert 'value="2026-08-01T08:00"' in form_html
    detail = text(client.get(reverse("recruitment:period-detail", args=[period.pk])))
    assert "Pendaftaran 1 Agustus 2026 08.00 – 20 Agustus 2026 23.59 WIB" in detail


def test_schedule_refusals_show_per_stage_and_change_nothing(client, hr_admin):
    period = SelectionPeriodFactory.create(status="draft")
    client.force_login(hr_admin)

    response = client.post(
        schedule_url(period),
        {
            "registration_opens": "2026-08-10T08:00",
            "registration_closes": "2026-08-01T08:00",
            "verification_opens": "2026-08-11T08:00",
        },
    )

    errors = response.context["form"].errors
    assert errors == {
        "verification_closes": ["Isi waktu dibuka dan ditutup, atau kosongkan keduanya."]
    }
    response = client.post(
        schedule_url(period),
        {"registration_opens": "2026-08-10T08:00", "registration_closes": "2026-08-01T08:00"},
    )
    assert response.context["form"].errors == {
        "registration_closes": ["Pendaftaran: waktu ditutup harus sesudah waktu dibuka."]
    }
    assert StageWindow.objects.exists() is False


def test_publish_period_from_its_page(client, hr_admin):
    period = SelectionPeriodFactory.create(status="draft")
    StageWindow.objects.create(
        period=period,
        stage=Stage.REGISTRATION,
        opens_at=dt.datetime(2026, 8, 1, tzinfo=WIB),
        closes_at=dt.datetime(2026, 8, 20, tzinfo=WIB),
    )
    client.force_login(hr_admin)

    response = client.post(reverse("recruitment:period-publish", args=[period.pk]), follow=True)

    assert f"Periode {period.name} diumumkan di papan formasi." in text(response)
    period.refresh_from_db()
    assert period.status == "published"


def test_publish_without_registration_window_says_why(client, hr_admin):
    period = SelectionPeriodFactory.create(status="draft")
    client.force_login(hr_admin)

    response = client.post(reverse("recruitment:period-publish", args=[period.pk]), follow=True)

    assert "Tetapkan jadwal pendaftaran lebih dahulu" in text(response)
    period.refresh_from_db()
    assert period.status == "draft"


def test_finish_period(client, hr_admin):
    period = SelectionPeriodFactory.create(status="published")
    client.force_login(hr_admin)

    client.post(reverse("recruitment:period-finish", args=[period.pk]))

    period.refresh_from_db()
    assert period.status == "finished"


def test_unknown_period_is_404(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(reverse("recruitment:period-detail", args=[999])).status_code == 404
    assert client.get(schedule_url(SelectionPeriod(pk=999))).status_code == 404


def test_opd_admin_without_a_unit_cannot_add_formasi(client, db):
    unscoped = UserFactory.create(roles=[Role.ADMIN_OPD])
    client.force_login(unscoped)
    assert client.get(reverse("recruitment:formasi-create")).status_code == 403
