"""Sanggah pages and API: the applicant sees and files only their own; HR lists and decides; the
Auditor reads; the publisher of the disputed version is told to leave it to another."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.dates import WIB
from simerit.core.roles import Role
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory
from simerit.selection.models import ResultSanggah
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import sanggah as selectors
from simerit.selection.tests.factories_sanggah import publish
from simerit.selection.views import sanggah as sanggah_views

REASON = "Nilai simulasi kasus saya tidak sesuai dengan lembar penilaian yang dibacakan."
NOTE = "Lembar penilaian diperiksa ulang; nilai sudah sesuai rubrik dan rata-rata asesor."
API = "/api/v1/selection"


@pytest.fixture
def formasi(db):
    return FormasiFactory.create(code="F-PERAWAT")


@pytest.fixture
def publisher(db):
    return UserFactory.create(username="admin.penerbit", roles=[Role.ADMIN_BKPSDM])


@pytest.fixture
def mine(formasi):
    return ApplicationFactory.create(
        formasi=formasi, status=Application.Status.MS, registration_number="2026-R-000002"
    )


@pytest.fixture
def theirs(formasi):
    return ApplicationFactory.create(
        formasi=formasi, status=Application.Status.MS, registration_number="2026-R-000001"
    )


@pytest.fixture
def announcement(formasi, publisher, mine, theirs):
    return publish(
        formasi,
        lines=[(theirs, FinalStatus.LULUS, 1), (mine, FinalStatus.PL, 2)],
        published_by=publisher,
    )


@pytest.fixture
def filed(announcement, theirs):
    return ResultSanggah.objects.create(
        application=theirs, announcement=announcement, reason=REASON
    )


def url(name, *args):
    return reverse(f"selection:{name}", args=args)


# --- The applicant


def test_the_applicant_sees_their_line_and_the_form(client, announcement, mine):
    client.force_login(mine.applicant.user)
    response = client.get(url("result-sanggah", mine.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hasil Anda pada pengumuman versi 1" in content
    assert "<strong>P/L</strong>" in content
    assert "79,00" in content
    assert 'name="reason"' in content


def test_the_page_without_an_id_opens_the_newest_announced_application(client, announcement, mine):
    client.force_login(mine.applicant.user)
    response = client.get(reverse("selection:result-sanggah"))
    assert response.status_code == 302
    assert response["Location"] == url("result-sanggah", mine.pk)


def test_the_page_without_an_id_has_an_empty_state_before_any_result(client, mine):
    client.force_login(mine.applicant.user)
    response = client.get(reverse("selection:result-sanggah"))
    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


def test_the_applicant_files_through_the_page(client, announcement, mine):
    client.force_login(mine.applicant.user)
    response = client.post(url("result-sanggah", mine.pk), {"reason": REASON, "agree": "on"})
    assert response.status_code == 302
    sanggah = ResultSanggah.objects.get()
    assert (sanggah.application, sanggah.reason) == (mine, REASON)
    page = client.get(url("result-sanggah", mine.pk)).content.decode()
    assert 'data-testid="sanggah-status">Diajukan<' in page
    assert 'name="reason"' not in page


def test_a_refused_filing_shows_the_message_and_changes_nothing(client, announcement, mine):
    client.force_login(mine.applicant.user)
    response = client.post(url("result-sanggah", mine.pk), {"reason": "Pendek.", "agree": "on"})
    assert response.status_code == 422
    assert "Tulis alasan sanggah paling sedikit 20 karakter" in response.content.decode()
    assert ResultSanggah.objects.exists() is False


def test_another_applicants_application_is_not_found(client, filed, mine, theirs):
    client.force_login(mine.applicant.user)
    assert client.get(url("result-sanggah", theirs.pk)).status_code == 404
    response = client.post(url("result-sanggah", theirs.pk), {"reason": REASON, "agree": "on"})
    assert response.status_code == 404
    assert ResultSanggah.objects.count() == 1


def test_staff_pages_are_closed_to_the_applicant(client, filed, mine):
    client.force_login(mine.applicant.user)
    assert client.get(url("result-sanggah-list", mine.period_id)).status_code == 403
    assert client.get(url("result-sanggah-decide", filed.pk)).status_code == 403


# --- HR and the Auditor


def test_hr_lists_the_period_sanggah_with_a_status_filter(client, filed, hr_admin, mine):
    client.force_login(hr_admin)
    page = client.get(url("result-sanggah-list", mine.period_id))
    assert page.status_code == 200
    assert 'data-testid="sanggah-2026-R-000001"' in page.content.decode()
    rejected = client.get(url("result-sanggah-list", mine.period_id), {"status": "rejected"})
    assert 'data-testid="empty-state"' in rejected.content.decode()


def test_hr_decides_through_the_page(client, filed, hr_admin):
    client.force_login(hr_admin)
    response = client.post(
        url("result-sanggah-decide", filed.pk), {"decision": "grant", "note": NOTE}
    )
    assert response.status_code == 302
    filed.refresh_from_db()
    assert (filed.status, filed.decided_by) == (ResultSanggah.Status.GRANTED, hr_admin)
    page = client.get(url("result-sanggah-decide", filed.pk)).content.decode()
    assert 'data-testid="correction"' in page
    assert "terbitkan versi pengumuman baru yang menggantikan versi 1" in page


def test_the_publisher_is_told_to_leave_it_to_another_admin(client, filed, publisher):
    client.force_login(publisher)
    page = client.get(url("result-sanggah-decide", filed.pk)).content.decode()
    assert 'data-testid="four-eyes"' in page
    assert 'name="note"' not in page
    response = client.post(
        url("result-sanggah-decide", filed.pk), {"decision": "grant", "note": NOTE}
    )
    assert response.status_code == 422
    assert (
        "Anda menerbitkan pengumuman versi 1 yang disanggah; sanggah ini harus diputuskan oleh "
        "Admin BKPSDM lain." in response.content.decode()
    )
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.FILED


def test_the_auditor_reads_but_cannot_decide(client, filed, auditor):
    client.force_login(auditor)
    assert client.get(url("result-sanggah-list", filed.application.period_id)).status_code == 200
    page = client.get(url("result-sanggah-decide", filed.pk))
    assert page.status_code == 200
    assert 'data-testid="read-only"' in page.content.decode()
    before = AuditEvent.objects.count()
    response = client.post(
        url("result-sanggah-decide", filed.pk), {"decision": "grant", "note": NOTE}
    )
    assert response.status_code == 403
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.FILED
    assert AuditEvent.objects.count() == before


# --- API


def test_api_filing_by_the_applicant(client, announcement, mine):
    client.force_login(mine.applicant.user)
    response = client.post(
        f"{API}/applications/{mine.pk}/result-sanggah",
        {"reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["registration_number"], body["status"], body["announcement_version"]) == (
        "2026-R-000002",
        "filed",
        1,
    )
    again = client.post(
        f"{API}/applications/{mine.pk}/result-sanggah",
        {"reason": REASON},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Sanggah hasil akhir hanya dapat diajukan satu kali."


def test_api_filing_on_another_applicants_application_is_not_found(
    client, announcement, mine, theirs
):
    client.force_login(mine.applicant.user)
    response = client.post(
        f"{API}/applications/{theirs.pk}/result-sanggah",
        {"reason": REASON},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert ResultSanggah.objects.exists() is False


def test_api_list_and_decision(client, filed, hr_admin, auditor):
    client.force_login(auditor)
    listed = client.get(f"{API}/periods/{filed.application.period_id}/result-sanggah")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [filed.pk]
    denied = client.post(
        f"{API}/result-sanggah/{filed.pk}/decision",
        {"granted": True, "note": NOTE},
        content_type="application/json",
    )
    assert denied.status_code == 403
    filed.refresh_from_db()
    assert filed.status == ResultSanggah.Status.FILED
    client.force_login(hr_admin)
    decided = client.post(
        f"{API}/result-sanggah/{filed.pk}/decision",
        {"granted": False, "note": NOTE},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "rejected"


def test_api_list_is_closed_to_applicants(client, filed, mine):
    client.force_login(mine.applicant.user)
    response = client.get(f"{API}/periods/{mine.period_id}/result-sanggah")
    assert response.status_code == 403


def test_the_hr_list_is_one_query_however_many_rows(
    formasi, announcement, filed, mine, django_assert_num_queries
):
    ResultSanggah.objects.create(application=mine, announcement=announcement, reason=REASON)

    def shown():
        return [
            (
                item.application.registration_number,
                item.application.applicant.name,
                item.application.formasi.position.name,
                item.announcement.version,
                item.decided_by,
            )
            for item in selectors.sanggah_of(period=formasi.period)
        ]

    with django_assert_num_queries(1):
        assert [row[0] for row in shown()] == ["2026-R-000001", "2026-R-000002"]
    assert selectors.status_counts(formasi.period) == {
        "total": 2,
        "filed": 2,
        "granted": 0,
        "rejected": 0,
    }


# --- The answer deadline on HR's list (§1.4)


@pytest.fixture
def frozen(monkeypatch):
    """The list view's clock, 2 days and 1 hour after the answer deadline of `late` below."""
    now = dt.datetime(2026, 8, 22, 10, 0, tzinfo=WIB)
    monkeypatch.setattr(sanggah_views, "timezone", SimpleNamespace(now=lambda: now))
    return now


@pytest.fixture
def deadlines(formasi, theirs):
    """Two sanggah on two versions: the one of 000001 is waiting past its deadline (20 August
    09.00 WIB), the one of 000002 is not due yet (27 August 09.00 WIB)."""
    published = dt.datetime(2026, 8, 10, 9, 0, tzinfo=WIB)
    first = publish(formasi, lines=[(theirs, FinalStatus.LULUS, 1)], published_at=published)
    other = FormasiFactory.create(period=formasi.period, code="F-BIDAN")
    application = ApplicationFactory.create(
        formasi=other, status=Application.Status.MS, registration_number="2026-R-000003"
    )
    second = publish(
        other,
        lines=[(application, FinalStatus.LULUS, 1)],
        published_at=published + dt.timedelta(days=7),
    )
    return (
        ResultSanggah.objects.create(application=theirs, announcement=first, reason=REASON),
        ResultSanggah.objects.create(application=application, announcement=second, reason=REASON),
    )


def test_hr_sees_each_answer_deadline_and_the_overdue_marker(client, hr_admin, deadlines, frozen):
    client.force_login(hr_admin)

    response = client.get(url("result-sanggah-list", deadlines[0].application.period_id))

    assert response.status_code == 200
    content = response.content.decode()
    assert [(row.deadline_text, row.lateness) for row in response.context["rows"]] == [
        ("20 Agustus 2026 pukul 09.00 WIB", "terlambat 3 hari"),
        ("27 Agustus 2026 pukul 09.00 WIB", ""),
    ]
    assert (
        '<td data-testid="deadline">20 Agustus 2026 pukul 09.00 WIB<div><span class="badge '
        'text-bg-danger" data-testid="late">terlambat 3 hari</span></div></td>'
    ) in content
    assert '<td data-testid="deadline">27 Agustus 2026 pukul 09.00 WIB</td>' in content
    assert 'data-testid="count-overdue">1<' in content
    assert (
        "Instansi menjawab setiap sanggah paling lambat 7 hari kalender setelah masa sanggah "
        "pengumuman yang disanggah berakhir."
    ) in content


def test_hr_filters_the_overdue_sanggah(client, hr_admin, deadlines, frozen):
    client.force_login(hr_admin)
    list_url = url("result-sanggah-list", deadlines[0].application.period_id)

    overdue = client.get(list_url, {"tenggat": "lewat"})
    decided = client.get(list_url, {"tenggat": "lewat", "status": "rejected"})

    assert [row.sanggah for row in overdue.context["rows"]] == [deadlines[0]]
    assert 'name="tenggat" value="lewat" checked' in overdue.content.decode()
    assert 'data-testid="sanggah-2026-R-000001"' in overdue.content.decode()
    assert 'data-testid="sanggah-2026-R-000003"' not in overdue.content.decode()
    assert decided.context["rows"] == []
    assert (
        "Tidak ada sanggah hasil akhir yang lewat tenggat jawab dengan status ini."
        in decided.content.decode()
    )


def test_the_answer_days_follow_the_setting(client, hr_admin, deadlines, frozen, settings):
    settings.SIMERIT_RESULT_SANGGAH_ANSWER_DAYS = 10
    client.force_login(hr_admin)

    response = client.get(url("result-sanggah-list", deadlines[0].application.period_id))

    assert [(row.deadline_text, row.lateness) for row in response.context["rows"]] == [
        ("23 Agustus 2026 pukul 09.00 WIB", ""),
        ("30 Agustus 2026 pukul 09.00 WIB", ""),
    ]
    assert "paling lambat 10 hari kalender" in response.content.decode()
    assert 'data-testid="count-overdue">0<' in response.content.decode()
