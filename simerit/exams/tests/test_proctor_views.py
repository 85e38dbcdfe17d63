"""Proctor pages: who may see which sitting, the dashboard and its HTMX partial, the participant
page and the action forms (POST + CSRF, reason required, 403 with nothing changed)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.exams.models import Attempt, IntegrityEvent
from simerit.exams.tests.factories import SittingFactory
from simerit.exams.tests.factories_proctor import event, flag, make_participant, make_proctor, start
from simerit.exams.tests.factories_proctor import sitting as make_sitting

MIN = dt.timedelta(minutes=1)


def text(response):
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())


def exam_audit():
    rows = AuditEvent.objects.filter(action__startswith="exams.").order_by("seq")
    return list(rows.values_list("action", flat=True))


@pytest.fixture
def room(db):
    return make_sitting(code="SESI-PLG-01")


@pytest.fixture
def pengawas(room):
    return make_proctor(room)


@pytest.fixture
def running(room):
    """A participant who started 10 minutes ago (the pages use the real clock)."""
    participant = make_participant(room, seat_number=7, name="Budi Santoso")
    start(participant, at=timezone.now() - 10 * MIN)
    return participant


@pytest.fixture
def stranger(room):
    """A proctor of another sitting."""
    return make_proctor(SittingFactory.create(blueprint=room.blueprint))


def test_my_sittings_lists_only_assigned_sittings(client, room, pengawas):
    SittingFactory.create(code="SESI-LAIN", blueprint=room.blueprint)
    client.force_login(pengawas)
    response = client.get(reverse("exams:proctor-sittings"))
    assert response.status_code == 200
    assert "SESI-PLG-01" in text(response)
    assert "SESI-LAIN" not in text(response)


def test_admin_sees_every_sitting(client, room, hr_admin):
    SittingFactory.create(code="SESI-LAIN", blueprint=room.blueprint)
    client.force_login(hr_admin)
    page = text(client.get(reverse("exams:proctor-sittings")))
    assert "SESI-PLG-01" in page
    assert "SESI-LAIN" in page


def test_my_sittings_empty_state(client, proctor):
    client.force_login(proctor)
    response = client.get(reverse("exams:proctor-sittings"))
    assert 'data-testid="empty-state"' in response.content.decode()


@pytest.mark.parametrize("persona", ["applicant", "auditor", "employee"])
def test_other_roles_get_403(client, request, room, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("exams:proctor-sittings")).status_code == 403
    assert client.get(reverse("exams:proctor-sitting", args=[room.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, room):
    response = client.get(reverse("exams:proctor-sitting", args=[room.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_shows_rows_highlighted_with_a_legend(client, room, pengawas, running):
    # given
    attempt = Attempt.objects.get(participant=running)
    event(attempt, 1, "A", at=timezone.now() - 8 * MIN)  # idle for 8 minutes
    flagged = make_participant(room, seat_number=8)
    flag(flagged, IntegrityEvent.Kind.PIN_REFUSED)
    client.force_login(pengawas)
    # when
    response = client.get(reverse("exams:proctor-sitting", args=[room.pk]))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'<tr class="table-warning" data-testid="row-{running.pk}"', html)
    assert re.search(rf'<tr class="table-danger" data-testid="row-{flagged.pk}"', html)
    assert "Budi Santoso" in html
    assert "1/6" in text(response)
    assert "PIN ditolak 1" in text(response)
    assert "Keterangan warna" in text(response)
    assert "Fokus Jendela ujian kehilangan fokus" in text(response)
    assert 'hx-trigger="every 10s"' in html
    assert reverse("exams:proctor-participant", args=[running.pk]) in html
    assert reverse("exams:checkin-participant", args=[running.pk]) in html


def test_dashboard_htmx_poll_returns_only_the_partial(client, room, pengawas, running):
    client.force_login(pengawas)
    response = client.get(reverse("exams:proctor-sitting", args=[room.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'data-testid="dashboard-table"' in html
    assert 'data-testid="count-mengerjakan"' in html


def test_dashboard_of_another_sitting_is_403(client, room, stranger, running):
    client.force_login(stranger)
    assert client.get(reverse("exams:proctor-sitting", args=[room.pk])).status_code == 403
    assert client.get(reverse("exams:proctor-participant", args=[running.pk])).status_code == 403


def test_unknown_sitting_or_participant_is_403_to_a_proctor_and_404_to_admin(
    client, pengawas, hr_admin
):
    urls = [
        reverse("exams:proctor-sitting", args=[999999]),
        reverse("exams:proctor-participant", args=[999999]),
    ]
    client.force_login(pengawas)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    client.force_login(hr_admin)
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_participant_page_shows_the_integrity_log_paginated_and_the_actions(
    client, room, pengawas, running
):
    attempt = Attempt.objects.get(participant=running)
    for _ in range(23):
        flag(running, IntegrityEvent.Kind.FOCUS_LOST, attempt=attempt)
    client.force_login(pengawas)
    url = reverse("exams:proctor-participant", args=[running.pk])
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert first.status_code == 200
    assert text(first).count("Jendela ujian kehilangan fokus") == 20
    assert text(second).count("Jendela ujian kehilangan fokus") == 3
    assert "Halaman 1 dari 2" in text(first)
    html = first.content.decode()
    for name in ("proctor-pause", "proctor-extend", "proctor-stop"):
        assert reverse(f"exams:{name}", args=[running.pk]) in html
    assert reverse("exams:proctor-resume", args=[running.pk]) not in html
    assert "data-confirm=" in html


def test_participant_without_attempt_has_no_actions(client, room, pengawas):
    participant = make_participant(room)
    client.force_login(pengawas)
    response = client.get(reverse("exams:proctor-participant", args=[participant.pk]))
    assert "Peserta belum memulai ujian." in text(response)
    assert 'data-testid="empty-log"' in response.content.decode()


def test_pause_then_resume_through_the_pages(client, room, pengawas, running):
    client.force_login(pengawas)
    pause = client.post(
        reverse("exams:proctor-pause", args=[running.pk]), {"reason": "Listrik padam"}
    )
    assert pause.status_code == 302
    assert pause["Location"] == reverse("exams:proctor-participant", args=[running.pk])
    assert Attempt.objects.get(participant=running).status == "paused"
    page = client.get(pause["Location"])
    assert "Pengerjaan peserta kursi 7 dijeda." in text(page)
    assert "Dijeda pengawas alasan: Listrik padam cakupan: peserta ini" in text(page)
    assert reverse("exams:proctor-resume", args=[running.pk]) in page.content.decode()
    resume = client.post(reverse("exams:proctor-resume", args=[running.pk]), {"reason": "Nyala"})
    assert resume.status_code == 302
    assert Attempt.objects.get(participant=running).status == "active"
    assert exam_audit() == ["exams.attempt.paused", "exams.attempt.resumed"]


def test_extend_through_the_page(client, room, pengawas, running):
    deadline = Attempt.objects.get(participant=running).deadline
    client.force_login(pengawas)
    response = client.post(
        reverse("exams:proctor-extend", args=[running.pk]),
        {"minutes": "10", "reason": "Komputer macet"},
    )
    assert response.status_code == 302
    saved = Attempt.objects.get(participant=running)
    assert (saved.deadline, saved.extended_minutes) == (deadline + 10 * MIN, 10)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("proctor-pause", {"reason": "  "}, "Alasan wajib diisi."),
        ("proctor-extend", {"minutes": "61", "reason": "x"}, "harus 1–60 menit"),
        ("proctor-resume", {"reason": "x"}, "Pengerjaan ini tidak sedang dijeda."),
    ],
)
def test_a_refused_action_shows_the_error_and_changes_nothing(
    client, room, pengawas, running, name, data, message
):
    before = Attempt.objects.get(participant=running)
    client.force_login(pengawas)
    response = client.post(reverse(f"exams:{name}", args=[running.pk]), data)
    assert response.status_code == 422
    assert message in text(response)
    after = Attempt.objects.get(participant=running)
    assert (after.status, after.deadline) == (before.status, before.deadline)
    assert exam_audit() == []


def test_action_on_a_participant_without_attempt_is_refused(client, room, pengawas):
    participant = make_participant(room)
    client.force_login(pengawas)
    response = client.post(reverse("exams:proctor-pause", args=[participant.pk]), {"reason": "x"})
    assert response.status_code == 422
    assert "Peserta ini belum memulai ujian." in text(response)


@pytest.mark.parametrize("name", ["proctor-pause", "proctor-extend", "proctor-stop"])
def test_a_proctor_of_another_sitting_gets_403_and_nothing_changes(
    client, room, stranger, running, name
):
    before = Attempt.objects.get(participant=running)
    client.force_login(stranger)
    response = client.post(
        reverse(f"exams:{name}", args=[running.pk]), {"reason": "x", "minutes": "5"}
    )
    assert response.status_code == 403
    after = Attempt.objects.get(participant=running)
    assert (after.status, after.deadline, after.extended_minutes) == (
        before.status,
        before.deadline,
        0,
    )
    assert exam_audit() == []
    assert not IntegrityEvent.objects.exists()


def test_actions_are_post_only_with_csrf(room, pengawas, running):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(pengawas)
    url = reverse("exams:proctor-pause", args=[running.pk])
    assert csrf_client.get(url).status_code == 405
    assert csrf_client.post(url, {"reason": "x"}).status_code == 403
    assert Attempt.objects.get(participant=running).status == "active"


def test_stop_through_the_page_finishes_the_attempt(client, room, pengawas, running):
    client.force_login(pengawas)
    response = client.post(
        reverse("exams:proctor-stop", args=[running.pk]), {"reason": "Joki terbukti"}
    )
    assert response.status_code == 302
    saved = Attempt.objects.get(participant=running)
    assert (saved.status, saved.finish_reason) == ("finished", "proctor")
    assert "exams.attempt.stopped" in exam_audit()


def test_pause_and_resume_the_whole_sitting(client, room, pengawas, running):
    other = make_participant(room, seat_number=9)
    start(other, at=timezone.now() - 5 * MIN)
    client.force_login(pengawas)
    url = reverse("exams:proctor-sitting", args=[room.pk])
    response = client.post(
        reverse("exams:proctor-sitting-pause", args=[room.pk]), {"reason": "Listrik padam"}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    assert set(Attempt.objects.values_list("status", flat=True)) == {"paused"}
    assert "2 pengerjaan di sesi SESI-PLG-01 dijeda." in text(client.get(url))
    client.post(reverse("exams:proctor-sitting-resume", args=[room.pk]), {"reason": "Nyala"})
    assert set(Attempt.objects.values_list("status", flat=True)) == {"active"}


def test_sitting_pause_without_reason_changes_nothing(client, room, pengawas, running):
    client.force_login(pengawas)
    response = client.post(reverse("exams:proctor-sitting-pause", args=[room.pk]), {"reason": ""})
    assert response.status_code == 302
    assert "Alasan wajib diisi." in text(client.get(response["Location"]))
    assert Attempt.objects.get(participant=running).status == "active"
    assert exam_audit() == []


def test_sitting_pause_by_a_proctor_of_another_sitting_is_403(client, room, stranger, running):
    client.force_login(stranger)
    response = client.post(reverse("exams:proctor-sitting-pause", args=[room.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert Attempt.objects.get(participant=running).status == "active"
    assert exam_audit() == []
