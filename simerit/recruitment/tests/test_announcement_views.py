"""Announcement pages: HR publishing, the public list and detail, the applicant's result and the
sanggah form."""

import pytest
from django.urls import reverse

from simerit.recruitment.models import Announcement, RejectionReason, Sanggah
from simerit.recruitment.services import announcements as services
from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory
from simerit.recruitment.tests.test_verification_support import (
    counts,
    decided,
    make_verifier,
    open_sanggah_windows,
    private_media,
    submitted_application,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def formasi(db):
    formasi = FormasiFactory.create(code="F-PUB")
    open_sanggah_windows(formasi.period)
    return formasi


@pytest.fixture
def results(formasi):
    first, second = make_verifier(), make_verifier()
    ms = decided(
        submitted_application(
            formasi=formasi, applicant=ApplicantFactory.create(name="Siti Aminah")
        ),
        first=first,
    )
    tms = decided(
        submitted_application(
            formasi=formasi, applicant=ApplicantFactory.create(name="Budi Santoso")
        ),
        first=first,
        second=second,
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )
    return ms, tms


def test_hr_publishes_from_the_admin_page(client, hr_admin, formasi, results):
    client.force_login(hr_admin)
    page = client.get(reverse("recruitment:announcement-admin"), {"period": formasi.period.pk})
    assert reverse("recruitment:announcement-publish", args=[formasi.pk]) in page.content.decode()
    response = client.post(reverse("recruitment:announcement-publish", args=[formasi.pk]))
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    follow = client.get(response["Location"])
    assert f"SHA-256 {announcement.sha256}" in follow.content.decode()


def test_hr_publishing_too_early_sees_the_reason_and_nothing_changes(client, hr_admin, formasi):
    submitted_application(formasi=formasi)
    client.force_login(hr_admin)
    before = counts()
    response = client.post(
        reverse("recruitment:announcement-publish", args=[formasi.pk]), follow=True
    )
    assert "F-PUB: Pengumuman belum dapat diterbitkan: 1 lamaran" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("persona", ["verifier", "opd_admin", "applicant"])
def test_only_hr_publishes(client, db, request, formasi, results, persona):
    client.force_login(request.getfixturevalue(persona))
    before = counts()
    response = client.post(reverse("recruitment:announcement-publish", args=[formasi.pk]))
    assert response.status_code == 403
    assert counts() == before


def test_public_detail_shows_masked_names_hash_and_history_without_login(
    client, hr_admin, formasi, results
):
    first = services.publish_announcement(formasi=formasi, actor=hr_admin)
    second = services.publish_announcement(formasi=formasi, actor=hr_admin, note="Koreksi ejaan.")
    response = client.get(reverse("recruitment:announcement-detail", args=[formasi.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "S*** A*****" in html
    assert "B*** S******" in html
    assert "Siti Aminah" not in html
    assert second.sha256 in html
    assert first.sha256 in html
    assert "(menggantikan versi 1)" in html
    assert reverse("recruitment:announcement-json", args=[formasi.pk, 2]) in html
    assert "Ijazah: Berkas tidak terbaca atau buram" in html


def test_public_detail_shows_an_old_version_marked_as_replaced(client, hr_admin, formasi, results):
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    services.publish_announcement(formasi=formasi, actor=hr_admin, note="Koreksi.")
    response = client.get(
        reverse("recruitment:announcement-detail", args=[formasi.pk]), {"versi": "1"}
    )
    assert "Ini versi 1, yang sudah digantikan." in response.content.decode()
    missing = client.get(
        reverse("recruitment:announcement-detail", args=[formasi.pk]), {"versi": "9"}
    )
    assert missing.status_code == 404


def test_public_detail_of_an_unannounced_formasi_is_404(client, formasi):
    assert (
        client.get(reverse("recruitment:announcement-detail", args=[formasi.pk])).status_code == 404
    )


def test_public_index_lists_announced_formasi(client, hr_admin, formasi, results):
    empty = client.get(reverse("recruitment:announcement-index"))
    assert "Belum ada pengumuman hasil seleksi administrasi." in empty.content.decode()
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    response = client.get(reverse("recruitment:announcement-index"))
    assert (
        reverse("recruitment:announcement-detail", args=[formasi.pk]) in response.content.decode()
    )


def test_canonical_json_carries_its_hash_header(client, hr_admin, formasi, results):
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    response = client.get(reverse("recruitment:announcement-json", args=[formasi.pk, 1]))
    assert response["X-Content-SHA256"] == announcement.sha256
    assert response["Content-Disposition"] == 'attachment; filename="pengumuman-F-PUB-v1.json"'


# --- The applicant


def test_applicant_sees_detailed_reasons_and_files_a_sanggah(client, hr_admin, formasi, results):
    _, tms = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(tms.applicant.user)
    page = client.get(reverse("recruitment:application-result"))
    html = page.content.decode()
    assert "Ijazah: Berkas tidak terbaca atau buram. Catatan: Ijazah buram di bagian nama." in html
    assert reverse("recruitment:sanggah-file", args=[tms.pk]) in html
    ijazah = tms.documents.get(kind__code="ijazah")
    response = client.post(
        reverse("recruitment:sanggah-file", args=[tms.pk]),
        {"documents": [ijazah.pk], "reason": "Ijazah saya terbaca dengan jelas.", "agree": "on"},
    )
    assert response.status_code == 302
    assert Sanggah.objects.get().application == tms
    page = client.get(reverse("recruitment:application-result"))
    assert "Diajukan" in page.content.decode()


def test_a_second_sanggah_on_the_page_shows_the_refusal(client, hr_admin, formasi, results):
    _, tms = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    ijazah = tms.documents.get(kind__code="ijazah")
    client.force_login(tms.applicant.user)
    data = {"documents": [ijazah.pk], "reason": "Ijazah saya terbaca dengan jelas.", "agree": "on"}
    client.post(reverse("recruitment:sanggah-file", args=[tms.pk]), data)
    before = counts()
    response = client.post(reverse("recruitment:sanggah-file", args=[tms.pk]), data)
    assert response.status_code == 422
    assert "Sanggah hanya dapat diajukan satu kali" in response.content.decode()
    assert counts() == before


def test_another_applicants_sanggah_form_is_404(client, hr_admin, formasi, results):
    ms, tms = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(ms.applicant.user)
    before = counts()
    assert client.get(reverse("recruitment:sanggah-file", args=[tms.pk])).status_code == 404
    response = client.post(
        reverse("recruitment:sanggah-file", args=[tms.pk]),
        {"documents": [tms.documents.earliest("pk").pk], "reason": "x" * 30, "agree": "on"},
    )
    assert response.status_code == 404
    assert counts() == before


def test_ms_applicant_sees_no_sanggah_form(client, hr_admin, formasi, results):
    ms, _ = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(ms.applicant.user)
    page = client.get(reverse("recruitment:sanggah-file", args=[ms.pk]))
    assert "Sanggah hanya dapat diajukan untuk lamaran berstatus TMS." in page.content.decode()
    assert "<textarea" not in page.content.decode()


def test_applicant_without_applications_sees_an_empty_state(client, db):
    applicant = ApplicantFactory.create()
    client.force_login(applicant.user)
    page = client.get(reverse("recruitment:application-result"))
    assert "Anda belum mengirim lamaran." in page.content.decode()


def test_the_public_index_encodes_the_search_in_its_page_links(client, db):
    response = client.get(reverse("recruitment:announcement-index"), {"q": "F&page=9#x"})
    assert response.status_code == 200
    assert response.context["query_string"] == "q=F%26page%3D9%23x"
