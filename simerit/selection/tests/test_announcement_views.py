"""Announcement pages: public list, detail and downloads; the applicant's own result; HR's page."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id
from simerit.core.roles import Role
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
)
from simerit.selection.models import FinalResult, ResultAnnouncement, ResultAnnouncementEntry
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors.announcement_explanations import deciding_step, explanation
from simerit.selection.services import announcements as services
from simerit.selection.tests.factories import SkbCandidateFactory
from simerit.selection.tests.factories_announcements import Line, integrate, scenario, set_score
from simerit.selection.tests.factories_sanggah import publish

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


# --- Nothing typed is lost: a refused publication shows the page again with the note

LONG_NOTE = "Koreksi nilai simulasi kasus setelah sanggah. " * 6 + "x" * 25  # 301 characters
TOO_LONG = "Pastikan nilai ini mengandung paling banyak 300 karakter (sekarang 301 karakter)."


def test_a_note_too_long_for_a_first_publication_publishes_nothing_and_keeps_the_text(
    client, world
):
    assert len(LONG_NOTE) == 301
    client.force_login(world.hr)
    events = AuditEvent.objects.count()

    response = client.post(
        reverse("selection:announcement-publish", args=[world.formasi.pk]), {"note": LONG_NOTE}
    )

    assert response.status_code == 200
    assert ResultAnnouncement.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert response.context["refused"] == world.formasi
    assert response.context["refused_form"].errors == {"note": [TOO_LONG]}
    text = response.text
    assert "Hasil akhir F-PERAWAT belum diumumkan:" in text
    assert f"<li>{TOO_LONG}</li>" in text
    assert f'id="catatan-ulang" name="note" maxlength="300" value="{LONG_NOTE}" aria-invalid' in (
        text
    )


def test_a_note_too_long_for_publish_all_publishes_nothing_and_keeps_the_text(client, world):
    client.force_login(world.hr)
    events = AuditEvent.objects.count()

    response = client.post(
        reverse("selection:announcement-publish-all", args=[world.period.pk]), {"note": LONG_NOTE}
    )

    assert response.status_code == 200
    assert ResultAnnouncement.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert response.context["form"].errors == {"note": [TOO_LONG]}
    assert 'data-testid="publish-all-errors"' in response.text
    assert f"<li>{TOO_LONG}</li>" in response.text
    assert f'id="catatan-semua" name="note" maxlength="300" value="{LONG_NOTE}"' in response.text


def test_a_refused_correction_keeps_the_typed_note(client, published):
    client.force_login(published.hr)

    response = client.post(
        reverse("selection:announcement-publish", args=[published.formasi.pk]),
        {"note": "Koreksi nilai simulasi 000102"},
    )

    assert response.status_code == 200
    assert ResultAnnouncement.objects.count() == 1
    errors = response.context["refused_form"].non_field_errors()
    assert len(errors) == 1
    assert "sudah diumumkan sebagai versi 1" in errors[0]
    assert f"<li>{errors[0]}</li>" in response.text
    assert 'value="Koreksi nilai simulasi 000102"' in response.text


def test_a_correction_without_a_note_is_refused_on_the_note(client, published):
    set_score(published.candidates["2026-HSL-000102"], published.components[1], Decimal(95))
    integrate(published.period, by=published.hr)
    client.force_login(published.hr)

    response = client.post(
        reverse("selection:announcement-publish", args=[published.formasi.pk]), {"note": "  "}
    )

    assert response.status_code == 200
    assert ResultAnnouncement.objects.count() == 1
    assert response.context["refused_form"].errors == {
        "note": ["Versi 2 hasil akhir F-PERAWAT adalah koreksi: tulis catatan perubahannya."]
    }


def test_publishing_without_a_run_shows_the_refusal(client, db, hr_admin):
    line = Line("2026-HSL-000301", "Ani Lestari", 100, 100, 170, Decimal(70), Decimal(70))
    lonely = scenario(code="F-GIZI", lines=(line,), hr=hr_admin)
    client.force_login(hr_admin)

    one = client.post(
        reverse("selection:announcement-publish", args=[lonely.formasi.pk]), {"note": "Catatan"}
    )
    every = client.post(
        reverse("selection:announcement-publish-all", args=[lonely.period.pk]), {"note": "Semua"}
    )

    assert (one.status_code, every.status_code) == (200, 200)
    assert ResultAnnouncement.objects.count() == 0
    refusal = (
        f"Integrasi nilai {lonely.period.name} belum dijalankan; hasil akhir belum dapat diumumkan."
    )
    assert one.context["refused_form"].non_field_errors() == [refusal]
    assert every.context["form"].non_field_errors() == [refusal]
    assert f"<li>{refusal}</li>" in one.text
    assert f"<li>{refusal}</li>" in every.text
    assert 'data-testid="refused"' in one.text
    assert 'value="Catatan"' in one.text
    assert 'data-testid="publish-all-errors"' in every.text
    assert 'value="Semua"' in every.text


# --- Ties that look equal: the explanation names what decided the order (§2.4)


@dataclass(frozen=True)
class Tied:
    """A published line: SKD sub-tests, the SKB (one CAT component of 100 %), the final score as
    stored, and the run's private keys (None: no FinalResult row)."""

    twk: int
    tiu: int
    tkp: int
    skb: str
    final: str
    education: str | None = None
    born: dt.date = dt.date(1997, 4, 5)


def tied_entries(*lines, final_results=True):
    """One version of a formasi listing `lines` at ranks 1, 2, ... (entries keyed by rank)."""
    formasi = FormasiFactory.create(code="F-SERI", quota=1)
    applications = [
        ApplicationFactory.create(
            formasi=formasi,
            status=Application.Status.MS,
            registration_number=f"2026-SERI-{rank:04d}",
        )
        for rank in range(1, len(lines) + 1)
    ]
    statuses = [FinalStatus.LULUS] + [FinalStatus.PL] * (len(lines) - 1)
    announcement = publish(
        formasi,
        lines=[
            (application, status, rank)
            for rank, (application, status) in enumerate(
                zip(applications, statuses, strict=True), start=1
            )
        ],
    )
    for rank, (application, line) in enumerate(zip(applications, lines, strict=True), start=1):
        ResultAnnouncementEntry.objects.filter(
            announcement=announcement, application=application
        ).update(
            twk=line.twk,
            tiu=line.tiu,
            tkp=line.tkp,
            skd_total=line.twk + line.tiu + line.tkp,
            skb_components=[{"name": "SKB-CAT", "weight": "100.00", "score": line.skb}],
            skb_score=Decimal(line.skb),
            final_score=Decimal(line.final),
        )
        if final_results:
            candidate = SkbCandidateFactory.create(
                application=application, twk=line.twk, tiu=line.tiu, tkp=line.tkp
            )
            FinalResult.objects.create(
                run=announcement.run,
                formasi=formasi,
                candidate=candidate,
                application=application,
                skd_total=candidate.skd_total,
                twk=line.twk,
                tiu=line.tiu,
                tkp=line.tkp,
                skb_score=Decimal(line.skb),
                final_score=Decimal(line.final),
                education_score=Decimal(line.education) if line.education else None,
                birth_date=line.born,
                rank=rank,
                status=statuses[rank - 1].value,
            )
    return {entry.rank: entry for entry in announcement.entries.select_related("announcement")}


def explained(entries):
    return [explanation(entries[rank]) for rank in sorted(entries)]


def test_a_difference_in_the_fourth_decimal_decides():
    entries = tied_entries(
        Tied(120, 100, 175, "82.7900", "78.4013"), Tied(100, 110, 180, "83.3900", "78.3976")
    )

    assert explained(entries) == [
        "peringkat 1 dari 2; kuota 1; nilai akhir 78,40 = 40 % × (395/550 × 100) + 60 % × 82,79; "
        "sama-sama 78,40 dengan peringkat 2, diputus oleh nilai akhir 78,4013 > 78,3976",
        "peringkat 2 dari 2; kuota 1; nilai akhir 78,40 = 40 % × (390/550 × 100) + 60 % × 83,39; "
        "sama-sama 78,40 dengan peringkat 1, diputus oleh nilai akhir 78,3976 < 78,4013",
    ]


def test_a_difference_below_the_published_decimals_decides_with_the_digits_that_show_it():
    # 40 % × 390/550 × 100 + 60 % × 70,6061 = 70,727296…; 40 % × 395/550 × 100 + 60 % × 70 =
    # 70,727272…: both published as 70,7273
    entries = tied_entries(
        Tied(100, 110, 180, "70.6061", "70.7273"), Tied(120, 100, 175, "70.0000", "70.7273")
    )

    assert explained(entries) == [
        "peringkat 1 dari 2; kuota 1; nilai akhir 70,73 = 40 % × (390/550 × 100) + 60 % × 70,61; "
        "sama-sama 70,73 dengan peringkat 2, diputus oleh nilai akhir sebelum pembulatan "
        "70,72730 > 70,72727",
        "peringkat 2 dari 2; kuota 1; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00; "
        "sama-sama 70,73 dengan peringkat 1, diputus oleh nilai akhir sebelum pembulatan "
        "70,72727 < 70,72730",
    ]


def test_the_skd_total_decides_when_the_exact_final_scores_are_equal():
    # 40 % × 395/550 × 100 + 60 % × 70 = 40 % × 362/550 × 100 + 60 % × 74 = 70,727272…
    entries = tied_entries(
        Tied(120, 100, 175, "70.0000", "70.7273"), Tied(92, 100, 170, "74.0000", "70.7273")
    )

    assert explained(entries) == [
        "peringkat 1 dari 2; kuota 1; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00; "
        "sama-sama 70,73 dengan peringkat 2, diputus oleh total SKD 395 > 362",
        "peringkat 2 dari 2; kuota 1; nilai akhir 70,73 = 40 % × (362/550 × 100) + 60 % × 74,00; "
        "sama-sama 70,73 dengan peringkat 1, diputus oleh total SKD 362 < 395",
    ]


@pytest.mark.parametrize(
    ("first", "second", "decided"),
    [
        (
            Tied(100, 110, 180, "75.0000", "73.3636"),
            Tied(100, 115, 175, "75.0000", "73.3636"),
            ("TKP 180 > 175", "TKP 175 < 180"),
        ),
        (
            Tied(100, 115, 175, "75.0000", "73.3636"),
            Tied(105, 110, 175, "75.0000", "73.3636"),
            ("TIU 115 > 110", "TIU 110 < 115"),
        ),
    ],
)
def test_the_sub_tests_decide_in_the_order_tkp_then_tiu(first, second, decided):
    entries = tied_entries(first, second)

    assert [text.split("; ")[-1] for text in explained(entries)] == [
        f"sama-sama 73,36 dengan peringkat 2, diputus oleh {decided[0]}",
        f"sama-sama 73,36 dengan peringkat 1, diputus oleh {decided[1]}",
    ]


def test_twk_decides_last_among_the_published_scores():
    # Unreachable on a genuine line (total, TKP and TIU equal make TWK equal); a changed record
    # still gets the honest comparison.
    entries = tied_entries(
        Tied(100, 110, 180, "75.0000", "73.3636"), Tied(100, 110, 180, "75.0000", "73.3636")
    )
    entries[2].twk = 95

    assert deciding_step(entries[1], entries[2]) == "TWK 100 > 95"


@pytest.mark.parametrize(
    ("educations", "decided"),
    [
        (
            ("3.50", "3.20"),
            ("IPK/rata-rata ijazah lebih tinggi", "IPK/rata-rata ijazah lebih rendah"),
        ),
        (
            ("3.20", None),
            ("IPK/rata-rata ijazah lebih tinggi", "IPK/rata-rata ijazah lebih rendah"),
        ),
    ],
)
def test_the_ipk_decides_without_its_value(educations, decided):
    same = (100, 110, 180, "75.0000", "73.3636")
    entries = tied_entries(Tied(*same, educations[0]), Tied(*same, educations[1]))

    texts = explained(entries)

    assert [text.split("; ")[-1] for text in texts] == [
        f"sama-sama 73,36 dengan peringkat 2, diputus oleh {decided[0]}",
        f"sama-sama 73,36 dengan peringkat 1, diputus oleh {decided[1]}",
    ]
    for text in texts:
        for value in ("3,50", "3.50", "3,20", "3.20"):
            assert value not in text


def test_the_older_applicant_decides_without_the_birth_dates():
    same = (100, 110, 180, "75.0000", "73.3636")
    older, younger = dt.date(1995, 3, 1), dt.date(1998, 7, 17)
    entries = tied_entries(Tied(*same, "3.50", older), Tied(*same, "3.50", younger))

    texts = explained(entries)

    assert [text.split("; ")[-1] for text in texts] == [
        "sama-sama 73,36 dengan peringkat 2, diputus oleh usia lebih tua",
        "sama-sama 73,36 dengan peringkat 1, diputus oleh usia lebih muda",
    ]
    for text in texts:
        for born in (older, younger):
            assert str(born.year) not in text
            assert format_date_id(born) not in text


def test_without_the_runs_rows_the_unpublished_keys_are_named_together():
    same = (100, 110, 180, "75.0000", "73.3636")
    entries = tied_entries(Tied(*same), Tied(*same), final_results=False)

    assert explanation(entries[1]).endswith(
        "; sama-sama 73,36 dengan peringkat 2, diputus oleh IPK/rata-rata ijazah atau usia "
        "(tidak diumumkan)"
    )


def test_a_line_tied_with_both_neighbours_names_both_above_first():
    # 70,7273, 70,7272 and 70,7272: all three read 70,73
    entries = tied_entries(
        Tied(120, 100, 175, "70.0000", "70.7273"),
        Tied(100, 110, 180, "70.6060", "70.7272"),
        Tied(100, 115, 175, "70.6060", "70.7272"),
    )

    assert explanation(entries[2]) == (
        "peringkat 2 dari 3; kuota 1; nilai akhir 70,73 = 40 % × (390/550 × 100) + 60 % × 70,61; "
        "sama-sama 70,73 dengan peringkat 1, diputus oleh nilai akhir 70,7272 < 70,7273; "
        "sama-sama 70,73 dengan peringkat 3, diputus oleh TKP 180 > 175"
    )


def test_no_note_when_the_neighbours_read_differently():
    entries = tied_entries(
        Tied(120, 100, 175, "70.0000", "70.7273"), Tied(100, 110, 180, "70.6000", "70.7236")
    )

    assert explained(entries) == [
        "peringkat 1 dari 2; kuota 1; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00",
        "peringkat 2 dari 2; kuota 1; nilai akhir 70,72 = 40 % × (390/550 × 100) + 60 % × 70,60",
    ]


def test_my_result_shows_what_decided_a_tie(client):
    entries = tied_entries(
        Tied(120, 100, 175, "70.0000", "70.7273"), Tied(92, 100, 170, "74.0000", "70.7273")
    )
    application = entries[2].application
    client.force_login(application.applicant.user)

    response = client.get(reverse("selection:my-result"))

    assert [r.explanation for r in response.context["results"]] == [
        "peringkat 2 dari 2; kuota 1; nilai akhir 70,73 = 40 % × (362/550 × 100) + 60 % × 74,00; "
        "sama-sama 70,73 dengan peringkat 1, diputus oleh total SKD 362 < 395"
    ]
    assert "diputus oleh total SKD 362 &lt; 395" in response.text
