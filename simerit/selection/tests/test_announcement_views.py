"""Announcement pages: public list, detail and downloads; the applicant's own result; HR's page."""

import hashlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.recruitment.tests.factories import ApplicantFactory, ApplicationFactory
from simerit.selection.models import ResultAnnouncement, ResultAnnouncementEntry
from simerit.selection.services import announcements as services
from simerit.selection.tests.factories_announcements import Line, integrate, scenario, set_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = scenario()
    integrate(world.period, by=world.hr)
    return world


@pytest.fixture
def published(world):
    world.announcement = services.publish_results(formasi=world.formasi, actor=world.hr)
    return world


def corrected(world):
    set_score(world.candidates["2026-HSL-000102"], world.components[1], Decimal(95))
    integrate(world.period, by=world.hr)
    return services.publish_results(formasi=world.formasi, actor=world.hr, note="Koreksi sanggah")


def detail_url(world, version=1):
    return reverse("selection:announcement-detail", args=[world.formasi.pk, version])


# --- Public


def test_the_list_marks_the_newest_version_and_labels_superseded_ones(client, published):
    corrected(published)

    response = client.get(reverse("selection:announcement-list"))

    assert response.status_code == 200
    rows = response.context["page_obj"].object_list
    assert [(a.formasi_code, a.version) for a in rows] == [("F-PERAWAT", 2), ("F-PERAWAT", 1)]
    assert "Digantikan oleh versi 2" in response.text
    assert response.text.count(">Terbaru<") == 1


def test_the_list_filters_by_period_and_formasi_code(client, published):
    line = Line("2026-HSL-000201", "Ani Lestari", 100, 100, 170, Decimal(70), Decimal(70))
    other = scenario(code="F-BIDAN", lines=(line,), hr=published.hr)
    integrate(other.period, by=other.hr)
    services.publish_results(formasi=other.formasi, actor=other.hr)
    url = reverse("selection:announcement-list")

    by_period = client.get(url, {"period": published.period.pk})
    by_code = client.get(url, {"q": "bidan"})
    nothing = client.get(url, {"q": "F-GIZI"})

    assert [a.formasi_code for a in by_period.context["page_obj"]] == ["F-PERAWAT"]
    assert [a.formasi_code for a in by_code.context["page_obj"]] == ["F-BIDAN"]
    assert "Tidak ada pengumuman hasil akhir yang cocok" in nothing.text


def test_the_list_has_an_empty_state(client, db):
    response = client.get(reverse("selection:announcement-list"))

    assert 'data-testid="empty-state"' in response.text
    assert "Belum ada pengumuman hasil akhir." in response.text


def test_the_detail_shows_the_breakdown_formula_hashes_and_downloads(client, published):
    response = client.get(detail_url(published))

    assert response.status_code == 200
    text = response.text
    assert "Nilai akhir = 40 % × (total SKD / 550 × 100) + 60 % × nilai SKB" in text
    assert "SKB-CAT (60 %)" in text
    assert "Simulasi kasus klinis (40 %)" in text
    assert "62,5000" in text  # the simulation score of 000101
    assert "tidak hadir" in text  # 000104's simulation
    assert "S*** A*****" in text
    assert "Siti Aminah" not in text
    announcement = published.announcement
    for digest in (announcement.sha256, announcement.csv_sha256, announcement.pdf_sha256):
        assert digest in text
    assert reverse("selection:verify-hash", args=[announcement.sha256]) in text
    for kind in ("json", "csv", "pdf"):
        url = reverse(f"selection:announcement-{kind}", args=[published.formasi.pk, 1])
        assert url in text


def test_a_superseded_version_links_to_its_successor(client, published):
    corrected(published)

    old = client.get(detail_url(published, 1))
    new = client.get(detail_url(published, 2))

    assert 'data-testid="superseded"' in old.text
    assert detail_url(published, 2) in old.text
    assert "menggantikan" in new.text
    assert 'data-testid="superseded"' not in new.text


def test_an_unknown_version_is_404(client, published):
    assert client.get(detail_url(published, 2)).status_code == 404
    assert client.get(detail_url(published, 99999)).status_code == 404
    url = reverse("selection:announcement-pdf", args=[published.formasi.pk, 3])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("json", "application/json; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8"),
        ("pdf", "application/pdf"),
    ],
)
def test_downloads_have_their_type_name_and_published_hash(client, published, kind, content_type):
    url = reverse(f"selection:announcement-{kind}", args=[published.formasi.pk, 1])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="hasil-akhir-F-PERAWAT-v1.{kind}"'
    )
    stored = {"json": "sha256", "csv": "csv_sha256", "pdf": "pdf_sha256"}[kind]
    digest = hashlib.sha256(response.content).hexdigest()
    assert digest == getattr(published.announcement, stored)
    assert response["X-Content-SHA256"] == digest


def test_the_verify_page_is_public(client, db):
    response = client.get(reverse("selection:verify"))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text


# --- The applicant


def test_the_applicant_sees_only_their_own_line_and_why(client, published):
    user = published.candidates["2026-HSL-000101"].application.applicant.user
    client.force_login(user)

    response = client.get(reverse("selection:my-result"))

    assert response.status_code == 200
    results = response.context["results"]
    assert [r.entry.registration_number for r in results] == ["2026-HSL-000101"]
    assert results[0].explanation == (
        "peringkat 1 dari 3; kuota 1; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00"
    )
    assert "2026-HSL-000102" not in response.text
    assert "Lulus" in response.text


def test_the_applicant_page_links_the_files_and_the_sanggah_of_that_application(client, published):
    application = published.candidates["2026-HSL-000102"].application
    client.force_login(application.applicant.user)

    response = client.get(reverse("selection:my-result"))

    sanggah = reverse("selection:result-sanggah", args=[application.pk])
    assert f'href="{sanggah}" data-testid="sanggah-link"' in response.text
    for kind in ("json", "csv", "pdf"):
        url = reverse(f"selection:announcement-{kind}", args=[published.formasi.pk, 1])
        assert url in response.text


def test_an_absent_applicant_is_told_which_component_is_missing(client, published):
    client.force_login(published.candidates["2026-HSL-000104"].application.applicant.user)

    response = client.get(reverse("selection:my-result"))

    assert "Tidak Lulus: nilai komponen Simulasi kasus klinis tidak ada (tidak hadir)" in (
        response.text
    )


def test_an_applicant_without_a_published_result_gets_an_empty_state(client, published):
    applicant = ApplicantFactory.create()
    client.force_login(applicant.user)

    response = client.get(reverse("selection:my-result"))

    assert response.context["results"] == []
    assert 'data-testid="empty-state"' in response.text


def test_my_result_needs_the_applicant_role(client, published, hr_admin):
    url = reverse("selection:my-result")

    anonymous = client.get(url)
    client.force_login(hr_admin)
    staff = client.get(url)

    assert anonymous.status_code == 302
    assert staff.status_code == 403


# --- HR


def admin_url(world):
    return reverse("selection:announcement-admin", args=[world.period.pk])


def test_hr_sees_each_formasi_of_the_run_with_a_publish_button(client, world):
    client.force_login(world.hr)

    response = client.get(admin_url(world))

    assert response.status_code == 200
    assert [s.formasi.code for s in response.context["page_obj"]] == ["F-PERAWAT"]
    assert reverse("selection:announcement-publish", args=[world.formasi.pk]) in response.text
    assert reverse("selection:announcement-publish-all", args=[world.period.pk]) in response.text


def test_the_auditor_reads_the_page_without_buttons(client, world, auditor):
    client.force_login(auditor)

    response = client.get(admin_url(world))

    assert response.status_code == 200
    assert reverse("selection:announcement-publish", args=[world.formasi.pk]) not in response.text


def test_hr_publishes_from_the_page(client, world):
    client.force_login(world.hr)

    response = client.post(reverse("selection:announcement-publish", args=[world.formasi.pk]))

    assert response.status_code == 302
    announcement = ResultAnnouncement.objects.get()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"Hasil akhir F-PERAWAT versi 1 diumumkan; SHA-256 {announcement.sha256}."]


def test_a_refusal_is_shown_as_a_message(client, published):
    client.force_login(published.hr)

    response = client.post(
        reverse("selection:announcement-publish", args=[published.formasi.pk]), follow=True
    )

    assert ResultAnnouncement.objects.count() == 1
    assert "sudah diumumkan sebagai versi 1" in response.text


def test_hr_publishes_all_from_the_page(client, world):
    client.force_login(world.hr)

    url = reverse("selection:announcement-publish-all", args=[world.period.pk])
    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert ResultAnnouncement.objects.count() == 1
    assert "1 pengumuman hasil akhir diterbitkan." in first.text
    assert "tidak ada yang baru" in second.text


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PELAMAR, Role.ASESOR])
def test_others_cannot_publish(client, world, role):
    client.force_login(UserFactory.create(roles=[role]))
    events = AuditEvent.objects.count()

    one = client.post(reverse("selection:announcement-publish", args=[world.formasi.pk]))
    every = client.post(reverse("selection:announcement-publish-all", args=[world.period.pk]))

    assert (one.status_code, every.status_code) == (403, 403)
    assert ResultAnnouncement.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_the_admin_page_needs_a_reader_and_publishing_needs_post(client, world, applicant):
    anonymous = client.get(admin_url(world))
    client.force_login(applicant)
    denied = client.get(admin_url(world))
    client.force_login(world.hr)
    get = client.get(reverse("selection:announcement-publish", args=[world.formasi.pk]))

    assert anonymous.status_code == 302
    assert denied.status_code == 403
    assert get.status_code == 405
    assert ResultAnnouncement.objects.count() == 0


# --- A record changed after publication: the detail page warns


def test_an_intact_version_shows_no_warning(client, published):
    response = client.get(detail_url(published))

    assert response.context["problems"] == []
    assert 'data-testid="not-intact"' not in response.text


def test_a_version_whose_line_was_relinked_is_shown_with_a_red_warning(client, published):
    outsider = ApplicationFactory.create(formasi=published.formasi)
    ResultAnnouncementEntry.objects.filter(registration_number="2026-HSL-000101").update(
        application=outsider
    )

    response = client.get(detail_url(published))

    assert response.status_code == 200
    assert 'class="alert alert-danger" role="alert" data-testid="not-intact"' in response.text
    assert "Catatan pengumuman ini tidak utuh:" in response.text
    assert (
        "baris 2026-HSL-000101 menunjuk lamaran lain: lamaran yang ditautkan tidak bernomor "
        "pendaftaran 2026-HSL-000101"
    ) in response.text


def test_a_version_whose_score_was_changed_is_shown_with_a_red_warning(client, published):
    ResultAnnouncementEntry.objects.filter(registration_number="2026-HSL-000103").update(
        final_score=Decimal("81.2")
    )

    response = client.get(detail_url(published))

    assert 'data-testid="not-intact"' in response.text
    assert "baris pengumuman telah diubah" in response.text


# --- The verify page: size and rate checked before the body is read

VERIFY = reverse("selection:verify")
TOO_LARGE = (
    "Berkas terlalu besar: paling besar 5 MB. Pengumuman hasil akhir asli jauh lebih kecil; "
    "periksa bahwa Anda memilih berkas yang benar."
)
RATE_LIMITED = "Terlalu banyak pemeriksaan pengumuman dari jaringan Anda. Coba lagi dalam satu jam."


@pytest.fixture
def body_never_read(monkeypatch):
    """Fail the test if anything parses a multipart body (the form, the CSRF middleware)."""

    def parse(self):
        raise AssertionError("the request body was parsed")

    monkeypatch.setattr(MultiPartParser, "parse", parse)


def test_a_request_over_the_limit_is_refused_before_its_body_is_read(db, body_never_read):
    # the CSRF middleware would read request.POST for its token: enforce it to prove it does not
    client = Client(enforce_csrf_checks=True)
    client.get(VERIFY)
    token = client.cookies["csrftoken"].value
    big = SimpleUploadedFile("besar.json", b"x" * (5 * 1024 * 1024 + 70 * 1024))

    response = client.post(VERIFY, {"csrfmiddlewaretoken": token, "file": big})

    assert response.status_code == 413
    assert response.context["refusal"] == TOO_LARGE
    assert 'data-testid="refusal"' in response.text
    assert 'data-testid="verification"' not in response.text


def test_a_declared_length_over_the_limit_is_enough(db, body_never_read):
    response = Client().post(VERIFY, {"sha256": "0" * 64}, CONTENT_LENGTH=str(6 * 1024 * 1024))

    assert response.status_code == 413
    assert response.context["refusal"] == TOO_LARGE


def test_the_csrf_check_still_applies_to_a_verify_post(world):
    client = Client(enforce_csrf_checks=True)
    client.get(VERIFY)
    token = client.cookies["csrftoken"].value

    without = client.post(VERIFY, {"sha256": "0" * 64})
    with_token = client.post(VERIFY, {"sha256": "0" * 64, "csrfmiddlewaretoken": token})

    assert without.status_code == 403
    assert with_token.status_code == 200
    assert 'data-status="unknown"' in with_token.text


def test_an_address_is_limited_per_hour_and_others_are_not(client, world, settings):
    settings.SIMERIT_VERIFY_PER_HOUR = 2
    data = {"sha256": "0" * 64}

    answers = [client.post(VERIFY, data).status_code for _ in range(3)]
    refused = client.post(VERIFY, data)
    elsewhere = client.post(VERIFY, data, REMOTE_ADDR="203.0.113.9")
    form = client.get(VERIFY)

    assert answers == [200, 200, 429]
    assert refused.status_code == 429
    assert refused.context["refusal"] == RATE_LIMITED
    assert refused.context["verification"] is None
    assert elsewhere.status_code == 200
    assert form.status_code == 200


def test_the_limit_can_be_switched_off(client, world, settings):
    settings.SIMERIT_VERIFY_PER_HOUR = 0

    answers = {client.post(VERIFY, {"sha256": "0" * 64}).status_code for _ in range(5)}

    assert answers == {200}


def test_the_default_limit_is_60_per_hour(client, world, settings):
    del settings.SIMERIT_VERIFY_PER_HOUR

    answers = [client.post(VERIFY, {"sha256": "0" * 64}).status_code for _ in range(61)]

    assert answers == [200] * 60 + [429]
