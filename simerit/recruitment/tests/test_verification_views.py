"""Verification pages: queue, review, decisions, four-eyes, sanggah, HR assignment and workload."""

import pytest
from django.urls import reverse

from simerit.recruitment.models import (
    Application,
    DocumentReview,
    RejectionReason,
    Sanggah,
    VerificationAssignment,
)
from simerit.recruitment.selectors.verification import verifier_workload
from simerit.recruitment.services import announcements as announcement_services
from simerit.recruitment.services import sanggah as sanggah_services
from simerit.recruitment.services import verification as services
from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory
from simerit.recruitment.tests.test_verification_support import (
    CONFIRMATION,
    SANGGAH,
    assign,
    counts,
    decided,
    make_verifier,
    open_sanggah_windows,
    private_media,
    review_all,
    statuses,
    submitted_application,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def assigned(verifier):
    application = submitted_application(
        applicant=ApplicantFactory.create(nik="1671014507980003", name="Siti Aminah")
    )
    assign(application, verifier)
    return application


# --- Queue


def test_queue_lists_only_own_assignments_with_progress(client, verifier, assigned):
    other = submitted_application()
    assign(other, make_verifier())
    done = submitted_application()
    assign(done, verifier)
    review_all(done, verifier)
    services.decide_application(application=done, actor=verifier)
    client.force_login(verifier)
    response = client.get(reverse("recruitment:verification-queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert assigned.registration_number in html
    assert done.registration_number in html
    assert other.registration_number not in html
    assert "Selesai <strong>1</strong> dari <strong>2</strong> tugas (50%)" in html


def test_queue_filters_open_work(client, verifier, assigned):
    done = submitted_application()
    assign(done, verifier)
    review_all(done, verifier)
    services.decide_application(application=done, actor=verifier)
    client.force_login(verifier)
    response = client.get(reverse("recruitment:verification-queue"), {"state": "open"})
    html = response.content.decode()
    assert assigned.registration_number in html
    assert done.registration_number not in html


def test_queue_htmx_returns_the_results_partial(client, verifier, assigned):
    client.force_login(verifier)
    response = client.get(reverse("recruitment:verification-queue"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert assigned.registration_number in html
    assert "<h1" not in html


def test_empty_queue_says_so(client, verifier):
    client.force_login(verifier)
    response = client.get(reverse("recruitment:verification-queue"))
    assert "Tidak ada tugas verifikasi yang cocok." in response.content.decode()


@pytest.mark.parametrize("persona", ["hr_admin", "applicant", "assessor"])
def test_queue_is_for_verifiers(client, db, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("recruitment:verification-queue")).status_code == 403


# --- Review


def test_review_page_masks_the_nik_and_links_each_document(client, verifier, assigned):
    client.force_login(verifier)
    response = client.get(reverse("recruitment:verification-review", args=[assigned.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1671********0003" in html
    assert "1671014507980003" not in html
    for document in assigned.documents.all():
        assert reverse("recruitment:document-file", args=[document.pk]) in html
    assert "Belum diperiksa: Ijazah, KTP." in html


def test_review_page_of_someone_elses_application_is_403(client, verifier):
    application = submitted_application()
    assign(application, make_verifier())
    client.force_login(verifier)
    response = client.get(reverse("recruitment:verification-review", args=[application.pk]))
    assert response.status_code == 403


def test_review_page_of_a_missing_application_is_404(client, verifier):
    client.force_login(verifier)
    assert client.get(reverse("recruitment:verification-review", args=[999999])).status_code == 404


def test_document_review_by_htmx_refreshes_the_panel(client, verifier, assigned):
    document = assigned.documents.get(kind__code="ijazah")
    client.force_login(verifier)
    response = client.post(
        reverse("recruitment:verification-document-review", args=[assigned.pk, document.pk]),
        {"verdict": "invalid", "reason": RejectionReason.UNREADABLE, "note": "buram"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Belum diperiksa: KTP." in html
    review = DocumentReview.objects.get()
    assert (review.is_valid, review.reason, review.note) == (False, "unreadable", "buram")


def test_document_review_without_reason_shows_the_error_and_writes_nothing(
    client, verifier, assigned
):
    document = assigned.documents.get(kind__code="ijazah")
    client.force_login(verifier)
    before = counts()
    response = client.post(
        reverse("recruitment:verification-document-review", args=[assigned.pk, document.pk]),
        {"verdict": "invalid", "reason": "", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "Pilih alasan mengapa dokumen tidak sah." in response.content.decode()
    assert counts() == before


def test_deciding_an_application_assigned_to_someone_else_is_403_and_changes_nothing(
    client, verifier
):
    owner = make_verifier()
    application = submitted_application()
    assign(application, owner)
    review_all(application, owner)
    client.force_login(verifier)
    before, before_statuses = counts(), statuses()
    response = client.post(reverse("recruitment:verification-decide", args=[application.pk]))
    assert response.status_code == 403
    assert (counts(), statuses()) == (before, before_statuses)


def test_reviewing_a_document_of_someone_elses_application_is_403(client, verifier):
    application = submitted_application()
    assign(application, make_verifier())
    document = application.documents.earliest("pk")
    client.force_login(verifier)
    before = counts()
    response = client.post(
        reverse("recruitment:verification-document-review", args=[application.pk, document.pk]),
        {"verdict": "valid"},
    )
    assert response.status_code == 403
    assert counts() == before


def test_decide_redirects_to_the_queue_with_the_result(client, verifier, assigned):
    review_all(assigned, verifier)
    client.force_login(verifier)
    response = client.post(reverse("recruitment:verification-decide", args=[assigned.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:verification-queue")
    assigned.refresh_from_db()
    assert assigned.status == Application.Status.MS


def test_second_verifier_confirms_on_the_page_and_the_first_cannot(client, verifier, assigned):
    second = make_verifier()
    review_all(assigned, verifier, invalid={"ktp": RejectionReason.WRONG_DOCUMENT})
    services.decide_application(application=assigned, actor=verifier)
    assert VerificationAssignment.objects.get(role=CONFIRMATION).verifier == second
    client.force_login(verifier)
    before = counts()
    response = client.post(reverse("recruitment:verification-confirm", args=[assigned.pk]))
    assert response.status_code == 403
    assert counts() == before
    client.force_login(second)
    page = client.get(reverse("recruitment:verification-review", args=[assigned.pk]))
    assert "Konfirmasi TMS (verifikator kedua)" in page.content.decode()
    response = client.post(reverse("recruitment:verification-confirm", args=[assigned.pk]))
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == Application.Status.TMS


def test_returning_without_a_note_re_renders_with_the_error(client, verifier, assigned):
    second = make_verifier()
    review_all(assigned, verifier, invalid={"ktp": RejectionReason.WRONG_DOCUMENT})
    services.decide_application(application=assigned, actor=verifier)
    client.force_login(second)
    before = counts()
    response = client.post(
        reverse("recruitment:verification-return", args=[assigned.pk]), {"note": ""}
    )
    assert response.status_code == 422
    assert counts() == before


def test_returned_application_shows_the_note_to_the_first_verifier(client, verifier, assigned):
    second = make_verifier()
    review_all(assigned, verifier, invalid={"ktp": RejectionReason.WRONG_DOCUMENT})
    services.decide_application(application=assigned, actor=verifier)
    services.return_tms(application=assigned, note="KTP-nya benar.", actor=second)
    client.force_login(verifier)
    page = client.get(reverse("recruitment:verification-review", args=[assigned.pk]))
    assert "KTP-nya benar." in page.content.decode()


# --- Sanggah decision page


def test_sanggah_page_decides_for_the_assigned_judge_only(client, hr_admin):
    first, second, judge = make_verifier(), make_verifier(), make_verifier()
    formasi = FormasiFactory.create()
    open_sanggah_windows(formasi.period)
    application = decided(
        submitted_application(formasi=formasi),
        first=first,
        second=second,
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )
    announcement_services.publish_announcement(formasi=formasi, actor=hr_admin)
    sanggah = sanggah_services.file_sanggah(
        application=application,
        reason="Ijazah saya terbaca dengan jelas.",
        document_ids=[application.documents.get(kind__code="ijazah").pk],
        actor=application.applicant.user,
    )
    assert VerificationAssignment.objects.get(role=SANGGAH).verifier == judge
    url = reverse("recruitment:sanggah-review", args=[sanggah.pk])
    client.force_login(first)
    assert client.get(url).status_code == 403
    client.force_login(judge)
    page = client.get(url)
    assert "Ijazah saya terbaca dengan jelas." in page.content.decode()
    response = client.post(url, {"decision": "grant", "note": "Kesalahan verifikasi."})
    assert response.status_code == 302
    sanggah.refresh_from_db()
    assert sanggah.status == Sanggah.Status.GRANTED


# --- Admin BKPSDM


def test_admin_page_runs_the_assignment_and_shows_the_workload(client, hr_admin):
    formasi = FormasiFactory.create(code="F-ADM")
    for _ in range(3):
        submitted_application(formasi=formasi)
    make_verifier(full_name="Verifikator Satu")
    client.force_login(hr_admin)
    page = client.get(reverse("recruitment:verification-admin"), {"period": formasi.period.pk})
    assert "<strong>3</strong> lamaran baru" in page.content.decode()
    response = client.post(
        reverse("recruitment:verification-assign", args=[formasi.period.pk]), {"formasi": ""}
    )
    assert response.status_code == 302
    assert VerificationAssignment.objects.count() == 3
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "3 penugasan dibuat untuk 1 verifikator aktif." in html
    assert "Verifikator Satu" in html
    assert 'id="data-grafik-verifikasi"' in html


@pytest.mark.parametrize("persona", ["verifier", "opd_admin", "auditor"])
def test_admin_pages_are_for_admin_bkpsdm(client, db, request, persona):
    formasi = FormasiFactory.create()
    submitted_application(formasi=formasi)
    make_verifier()
    client.force_login(request.getfixturevalue(persona))
    before = counts()
    assert client.get(reverse("recruitment:verification-admin")).status_code == 403
    response = client.post(reverse("recruitment:verification-assign", args=[formasi.period.pk]))
    assert response.status_code == 403
    assert counts() == before


def test_workload_counts_done_open_and_tms_rate(hr_admin):
    formasi = FormasiFactory.create()
    first, second = make_verifier(), make_verifier()
    decided(submitted_application(formasi=formasi), first=first)
    decided(
        submitted_application(formasi=formasi),
        first=first,
        second=second,
        invalid={"ktp": RejectionReason.UNREADABLE},
    )
    assign(submitted_application(formasi=formasi), first)
    rows = {row.verifier: row for row in verifier_workload(period=formasi.period)}
    mine = rows[first]
    assert (mine.assigned, mine.done, mine.open, mine.first_done, mine.tms) == (3, 2, 1, 2, 1)
    assert mine.tms_rate == 50
    assert mine.median_hours is not None
    theirs = rows[second]
    assert (theirs.assigned, theirs.done, theirs.open, theirs.tms_rate) == (1, 1, 0, None)
