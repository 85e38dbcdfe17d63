"""Admin BKPSDM's session pages (/pelatihan/sosialisasi/...) and the JSON API of the public
preparation."""

import datetime as dt
import io
from unittest import mock

import openpyxl
import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.tests.factories_public import (
    WIB,
    InformationSessionFactory,
    ReadingMaterialFactory,
    SessionRegistrationFactory,
    waitlisted,
)

pytestmark = pytest.mark.django_db

Status = InformationSession.Status

FORM = {
    "title": "Workshop SKD",
    "kind": "workshop",
    "description": "Latihan soal dan strategi.",
    "period": "",
    "starts_at": "2026-12-19T09:00",
    "ends_at": "2026-12-19T15:00",
    "registration_closes_at": "2026-12-18T17:00",
    "venue": "Aula BKPSDM",
    "online_url": "",
    "capacity": "40",
}


def test_admin_bkpsdm_creates_and_publishes_a_session_through_the_pages(client, hr_admin):
    client.force_login(hr_admin)

    created = client.post(reverse("training:session-create"), FORM)
    session = InformationSession.objects.get()
    published = client.post(reverse("training:session-publish", args=[session.pk]))

    assert created["Location"] == reverse("training:session-admin-detail", args=[session.pk])
    assert published.status_code == 302
    session.refresh_from_db()
    assert session.status == Status.PUBLISHED
    assert session.starts_at.isoformat() == "2026-12-19T02:00:00+00:00"  # 09.00 WIB
    listing = client.get(reverse("training:session-admin-list"))
    assert "Workshop SKD" in listing.content.decode()


def test_the_form_shows_the_services_messages(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("training:session-create"),
        {**FORM, "registration_closes_at": "2026-12-20T09:00", "venue": ""},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["registration_closes_at"] == [
        "Batas pendaftaran tidak boleh sesudah waktu mulai sesi."
    ]
    assert errors["venue"] == ["Isi tempat, tautan daring, atau keduanya."]
    assert InformationSession.objects.exists() is False


def test_the_edit_form_is_filled_in_wib_and_saves(client, hr_admin):
    session = InformationSessionFactory.create()
    client.force_login(hr_admin)
    url = reverse("training:session-edit", args=[session.pk])

    form = client.get(url).content.decode()
    saved = client.post(
        url,
        {
            **FORM,
            "title": session.title,
            "kind": session.kind,
            "description": session.description,
            "starts_at": "2026-12-05T09:00",
            "ends_at": "2026-12-05T12:00",
            "registration_closes_at": "2026-12-04T23:59",
            "capacity": "60",
        },
    )

    assert 'value="2026-12-05T09:00"' in form
    assert saved.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 60


def test_the_detail_page_lists_registrants_for_staff_in_order(client, hr_admin):
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session, name="Andi Kursi")
    waiting = waitlisted(session, minutes_ago=3)
    client.force_login(hr_admin)

    response = client.get(reverse("training:session-admin-detail", args=[session.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(seat.code) < html.index(waiting.code)
    assert "Andi Kursi" in html
    assert seat.email in html
    assert 'data-testid="count-waitlisted">1<' in html
    assert 'data-testid="session-cancel-form"' in html
    filtered = client.get(
        reverse("training:session-admin-detail", args=[session.pk]), {"status": "waitlisted"}
    )
    assert seat.code not in filtered.content.decode()


def test_the_export_holds_every_registrant_and_is_audited(client, auditor):
    session = InformationSessionFactory.create()
    SessionRegistrationFactory.create(
        session=session, name="=HYPERLINK(1)", email="andi@contoh.id", phone="081234567890"
    )
    client.force_login(auditor)

    response = client.get(reverse("training:session-registrants-export", args=[session.pk]))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Kode", "Nama", "E-mail", "Nomor HP", "Status")
    code = SessionRegistration.objects.get().code
    assert rows[1][0] == code[:2] + "****"
    assert rows[1][1:5] == ("=HYPERLINK(1)", "andi@contoh.id", "081234567890", "Terdaftar")
    assert sheet.cell(row=2, column=2).data_type == "s"
    event = AuditEvent.objects.get(action="training.session_registrants.exported")
    assert (event.actor, event.changes) == (auditor, {"rows": 1})


def test_only_admin_bkpsdm_sees_the_registration_codes_in_full(client, hr_admin, auditor):
    session = InformationSessionFactory.create()
    seat = SessionRegistrationFactory.create(session=session)
    masked = seat.code[:2] + "****"
    page = reverse("training:session-admin-detail", args=[session.pk])
    export = reverse("training:session-registrants-export", args=[session.pk])
    api = f"/api/v1/training/information-sessions/{session.pk}/registrants"

    seen = {}
    for persona in (auditor, hr_admin):
        client.force_login(persona)
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(export).content)).active
        seen[persona.username] = (
            client.get(page).content.decode(),
            client.get(api).json()["items"][0]["code"],
            sheet.cell(row=2, column=1).value,
        )

    auditor_page, auditor_api, auditor_sheet = seen[auditor.username]
    assert seat.code not in auditor_page
    assert f'data-testid="registrant-code">{masked}<' in auditor_page
    assert "Kode pendaftaran disamarkan" in auditor_page
    assert (auditor_api, auditor_sheet) == (masked, masked)
    hr_page, hr_api, hr_sheet = seen[hr_admin.username]
    assert f'data-testid="registrant-code">{seat.code}<' in hr_page
    assert "Kode pendaftaran disamarkan" not in hr_page
    assert (hr_api, hr_sheet) == (seat.code, seat.code)


def test_the_auditor_reads_but_every_change_is_403(client, auditor):
    session = InformationSessionFactory.create(status=Status.DRAFT)
    seat = SessionRegistrationFactory.create(session=session)
    client.force_login(auditor)

    detail = client.get(reverse("training:session-admin-detail", args=[session.pk]))
    codes = [
        client.get(reverse("training:session-create")).status_code,
        client.get(reverse("training:session-edit", args=[session.pk])).status_code,
        client.post(reverse("training:session-publish", args=[session.pk])).status_code,
        client.post(
            reverse("training:session-cancel", args=[session.pk]), {"reason": "x"}
        ).status_code,
        client.post(
            reverse("training:session-registration-cancel", args=[seat.pk]), {"reason": "x"}
        ).status_code,
    ]

    assert detail.status_code == 200
    assert 'data-testid="session-publish"' not in detail.content.decode()
    assert codes == [403, 403, 403, 403, 403]
    session.refresh_from_db()
    seat.refresh_from_db()
    assert (session.status, seat.status) == (Status.DRAFT, SessionRegistration.Status.REGISTERED)
    assert AuditEvent.objects.exists() is False


@pytest.mark.parametrize("persona", ["employee", "opd_admin", "applicant"])
def test_other_accounts_may_not_open_the_admin_pages(client, request, persona):
    session = InformationSessionFactory.create()
    client.force_login(request.getfixturevalue(persona))

    for url in (
        reverse("training:session-admin-list"),
        reverse("training:session-admin-detail", args=[session.pk]),
        reverse("training:session-registrants-export", args=[session.pk]),
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("training:session-admin-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_session_is_404(client, hr_admin):
    client.force_login(hr_admin)

    assert client.get(reverse("training:session-admin-detail", args=[999])).status_code == 404


def test_admin_bkpsdm_cancels_a_registration_with_a_reason_from_the_page(client, hr_admin):
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session)
    waiting = waitlisted(session, minutes_ago=3)
    client.force_login(hr_admin)
    url = reverse("training:session-registration-cancel", args=[seat.pk])

    without_reason = client.post(url, {"reason": ""}, follow=True)
    seat.refresh_from_db()
    assert seat.status == SessionRegistration.Status.REGISTERED
    assert "Alasan wajib diisi." in without_reason.content.decode()

    client.post(url, {"reason": "Terdaftar dua kali."})

    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, waiting.status) == ("cancelled", "registered")


def test_admin_bkpsdm_cancels_the_session_from_the_page(client, hr_admin):
    session = InformationSessionFactory.create()
    client.force_login(hr_admin)
    # A minute after the login (a later moment would end the idle session).
    moment = dt.datetime(2026, 11, 28, 10, 1, tzinfo=WIB)

    with mock.patch("django.utils.timezone.now", return_value=moment):
        response = client.post(
            reverse("training:session-cancel", args=[session.pk]), {"reason": " Banjir. "}
        )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.cancelled_at, session.cancel_reason) == (
        Status.CANCELLED,
        moment,
        "Banjir.",
    )
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="session-status">Dibatalkan<' in html
    assert 'data-testid="cancelled-at">28 November 2026 10.01 WIB<' in html
    assert 'data-testid="cancel-reason">Banjir.<' in html
    assert 'data-testid="session-cancel-form"' not in html


def test_a_cancellation_without_a_reason_is_refused_on_the_page(client, hr_admin):
    session = InformationSessionFactory.create()
    client.force_login(hr_admin)

    response = client.post(
        reverse("training:session-cancel", args=[session.pk]), {"reason": "  "}, follow=True
    )

    assert "Alasan wajib diisi." in response.content.decode()
    session.refresh_from_db()
    assert (session.status, session.cancelled_at, session.cancel_reason) == (
        Status.PUBLISHED,
        None,
        "",
    )
    assert AuditEvent.objects.exists() is False


def test_the_session_list_shows_when_and_why_a_session_was_cancelled(client, auditor):
    cancelled = InformationSessionFactory.create(cancelled=True)
    published = InformationSessionFactory.create()
    client.force_login(auditor)

    html = client.get(reverse("training:session-admin-list")).content.decode()

    assert (
        f'data-testid="session-cancelled-{cancelled.pk}">27 Nov 2026 14.05 · '
        "Narasumber berhalangan hadir.<"
    ) in html
    assert f'data-testid="session-cancelled-{published.pk}"' not in html


# --- API


def test_the_public_api_lists_upcoming_sessions_without_login(client):
    session = InformationSessionFactory.create(capacity=3, online_url="https://zoom.example/j/1")
    SessionRegistrationFactory.create(session=session)
    InformationSessionFactory.create(status=Status.DRAFT)

    response = client.get("/api/v1/training/public/sessions")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["seats_left"], item["waitlisted_count"]) == (session.pk, 2, 0)
    assert (item["is_online"], item["registration_open"]) == (True, True)
    assert item["url"] == f"/persiapan-seleksi/sesi/{session.pk}/"
    assert "zoom.example" not in response.content.decode()


def test_the_public_api_of_one_session_says_only_that_it_is_cancelled_and_why(client):
    cancelled = InformationSessionFactory.create(cancelled=True)
    published = InformationSessionFactory.create()
    draft = InformationSessionFactory.create(status=Status.DRAFT)

    gone = client.get(f"/api/v1/training/public/sessions/{cancelled.pk}")
    live = client.get(f"/api/v1/training/public/sessions/{published.pk}").json()
    hidden = client.get(f"/api/v1/training/public/sessions/{draft.pk}")

    assert gone.status_code == 200
    body = gone.json()
    assert (body["id"], body["is_cancelled"], body["cancel_reason"]) == (
        cancelled.pk,
        True,
        "Narasumber berhalangan hadir.",
    )
    assert body["registration_open"] is False
    assert "cancelled_at" not in body
    assert "status" not in body
    assert (live["is_cancelled"], live["cancel_reason"]) == (False, "")
    assert hidden.status_code == 404


def test_the_hr_api_lists_sessions_with_when_and_why_they_were_cancelled(
    client, hr_admin, auditor, employee
):
    cancelled = InformationSessionFactory.create(
        cancelled=True, starts_at=dt.datetime(2026, 12, 12, 9, 0, tzinfo=WIB)
    )
    published = InformationSessionFactory.create()
    SessionRegistrationFactory.create(session=cancelled)
    url = "/api/v1/training/information-sessions"

    anonymous = client.get(url)
    client.force_login(employee)
    refused = client.get(url)
    client.force_login(auditor)
    read = client.get(url).json()
    client.force_login(hr_admin)
    only_cancelled = client.get(url, {"status": "cancelled"}).json()

    assert (anonymous.status_code, refused.status_code) == (401, 403)
    assert [item["id"] for item in read["items"]] == [cancelled.pk, published.pk]
    first, second = read["items"]
    assert (first["status"], first["status_label"]) == ("cancelled", "Dibatalkan")
    assert first["cancelled_at"] == "2026-11-27T07:05:00Z"  # 14.05 WIB
    assert first["cancel_reason"] == "Narasumber berhalangan hadir."
    assert (first["registered_count"], first["seats_left"]) == (1, 49)
    assert (second["status"], second["cancelled_at"], second["cancel_reason"]) == (
        "published",
        None,
        "",
    )
    assert [item["id"] for item in only_cancelled["items"]] == [cancelled.pk]


def test_the_registrants_api_is_for_admin_bkpsdm_and_the_auditor(client, hr_admin, employee):
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session)
    waiting = waitlisted(session, minutes_ago=3)
    url = f"/api/v1/training/information-sessions/{session.pk}/registrants"

    anonymous = client.get(url)
    client.force_login(employee)
    refused = client.get(url)
    client.force_login(hr_admin)
    listed = client.get(url).json()
    only_waiting = client.get(url, {"status": "waitlisted"}).json()
    missing = client.get("/api/v1/training/information-sessions/999/registrants")

    assert (anonymous.status_code, refused.status_code, missing.status_code) == (401, 403, 404)
    assert [item["code"] for item in listed["items"]] == [seat.code, waiting.code]
    assert listed["items"][0]["email"] == seat.email
    assert [item["id"] for item in only_waiting["items"]] == [waiting.pk]


def test_the_forms_and_lists_open_for_admin_bkpsdm(client, hr_admin):
    session = InformationSessionFactory.create(online_url="https://zoom.example/j/1")
    material = ReadingMaterialFactory.create()
    client.force_login(hr_admin)

    pages = [
        reverse("training:session-admin-list"),
        reverse("training:session-create"),
        reverse("training:session-edit", args=[session.pk]),
        reverse("training:session-admin-detail", args=[session.pk]),
        reverse("training:material-admin-list"),
        reverse("training:material-create"),
        reverse("training:material-edit", args=[material.pk]),
    ]

    assert [client.get(url).status_code for url in pages] == [200] * len(pages)
    detail = client.get(reverse("training:session-admin-detail", args=[session.pk]))
    assert 'data-testid="online-url"' in detail.content.decode()
