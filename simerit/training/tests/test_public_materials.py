"""Reading materials: Admin BKPSDM's services and pages, and the public page and PDF."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.tests.samples import (
    EXECUTABLE,
    active_pdf_bytes,
    media_fixture,  # noqa: F401
    pdf_bytes,
    stored_files,
    upload,
)
from simerit.training.models import ReadingMaterial
from simerit.training.services import public_materials as services
from simerit.training.tests.factories_public import ReadingMaterialFactory

pytestmark = pytest.mark.django_db

TEXT = services.MaterialInput(
    title="Tahapan seleksi CASN",
    summary="Dari pendaftaran sampai pengumuman akhir.",
    body="Seleksi administrasi.\r\n\r\nSKD dan SKB.",
    position=2,
)


def test_admin_bkpsdm_adds_a_material_with_a_checked_pdf_under_a_random_name(hr_admin, media):
    content = pdf_bytes()

    material = services.create_material(
        data=TEXT, upload=upload("KTP 3171012345678901.pdf", content), actor=hr_admin
    )

    material.refresh_from_db()
    assert material.is_published is False
    assert material.body == "Seleksi administrasi.\n\nSKD dan SKB."
    assert material.file.read() == content
    assert "3171" not in material.file.name
    assert stored_files(media) == [material.file.name]
    event = AuditEvent.objects.get()
    assert event.action == "training.reading_material.created"
    assert event.changes["file_sha256"] == material.file_sha256
    assert "body" not in event.changes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (EXECUTABLE, "bukan PDF, JPG, atau PNG"),
        (active_pdf_bytes("open_action_js"), "konten aktif"),
        (b"", "kosong"),
    ],
)
def test_a_file_that_is_not_a_plain_pdf_is_refused_and_nothing_is_stored(
    hr_admin, media, content, message
):
    with pytest.raises(InvalidInputError, match=message):
        services.create_material(data=TEXT, upload=upload("bahan.pdf", content), actor=hr_admin)

    assert ReadingMaterial.objects.exists() is False
    assert stored_files(media) == []
    assert AuditEvent.objects.exists() is False


def test_empty_or_absurd_text_is_refused(hr_admin):
    bad = services.MaterialInput(title="", summary="x" * 501, body=" ", position=-1)

    with pytest.raises(InvalidInputError) as refused:
        services.create_material(data=bad, upload=None, actor=hr_admin)

    assert refused.value.errors == {
        "title": ["Judul wajib diisi."],
        "summary": ["Ringkasan paling banyak 500 karakter."],
        "body": ["Isi wajib diisi."],
        "position": ["Urutan harus antara 0 dan 32767."],
    }
    assert ReadingMaterial.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_a_new_pdf_replaces_the_old_one_after_the_commit(
    hr_admin, media, django_capture_on_commit_callbacks
):
    material = services.create_material(
        data=TEXT, upload=upload("a.pdf", pdf_bytes()), actor=hr_admin
    )
    old = material.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.update_material(
            material=material,
            data=TEXT,
            upload=upload("b.pdf", pdf_bytes(pages=2)),
            remove_file=False,
            actor=hr_admin,
        )

    material.refresh_from_db()
    assert material.file.name != old
    assert stored_files(media) == [material.file.name]
    event = AuditEvent.objects.get(action="training.reading_material.updated")
    assert list(event.changes) == ["file_sha256"]


def test_removing_the_pdf(hr_admin, media, django_capture_on_commit_callbacks):
    material = services.create_material(
        data=TEXT, upload=upload("a.pdf", pdf_bytes()), actor=hr_admin
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.update_material(
            material=material, data=TEXT, upload=None, remove_file=True, actor=hr_admin
        )

    material.refresh_from_db()
    assert (material.file.name, material.file_sha256) == ("", "")
    assert stored_files(media) == []


def test_publish_and_unpublish_are_audited_and_not_repeated(hr_admin):
    material = ReadingMaterialFactory.create(is_published=False)

    services.set_material_published(material=material, published=True, actor=hr_admin)
    with pytest.raises(ConflictError, match="sudah diterbitkan"):
        services.set_material_published(material=material, published=True, actor=hr_admin)
    services.set_material_published(material=material, published=False, actor=hr_admin)

    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "training.reading_material.published",
        "training.reading_material.unpublished",
    ]


def test_the_auditor_may_not_publish(auditor):
    material = ReadingMaterialFactory.create(is_published=False)

    with pytest.raises(PermissionDenied):
        services.set_material_published(material=material, published=True, actor=auditor)

    material.refresh_from_db()
    assert material.is_published is False
    assert AuditEvent.objects.exists() is False


# --- Pages


def test_a_published_material_shows_its_paragraphs_and_its_pdf(client, hr_admin, media):
    material = services.create_material(
        data=TEXT, upload=upload("a.pdf", pdf_bytes()), actor=hr_admin
    )
    services.set_material_published(material=material, published=True, actor=hr_admin)

    page = client.get(reverse("preparation:material", args=[material.pk]))
    download = client.get(reverse("preparation:material-file", args=[material.pk]))
    home = client.get(reverse("preparation:home"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "<p>Seleksi administrasi.</p>" in html
    assert "<p>SKD dan SKB.</p>" in html
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="bahan-bacaan-{material.pk}.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "Tahapan seleksi CASN" in home.content.decode()


def test_an_unpublished_material_and_its_pdf_are_404_for_the_public(client, hr_admin, media):
    material = services.create_material(
        data=TEXT, upload=upload("a.pdf", pdf_bytes()), actor=hr_admin
    )

    assert client.get(reverse("preparation:material", args=[material.pk])).status_code == 404
    assert client.get(reverse("preparation:material-file", args=[material.pk])).status_code == 404
    assert "Tahapan seleksi CASN" not in client.get(reverse("preparation:home")).content.decode()
    client.force_login(hr_admin)
    admin_file = client.get(reverse("training:material-admin-file", args=[material.pk]))
    assert admin_file.status_code == 200


def test_admin_bkpsdm_adds_a_material_through_the_page(client, hr_admin, media):
    client.force_login(hr_admin)

    response = client.post(
        reverse("training:material-create"),
        {
            "title": "Cara membaca pengumuman",
            "summary": "Ringkas.",
            "body": "Isi.",
            "position": "1",
            "file": upload("a.pdf", pdf_bytes()),
        },
    )

    assert response.status_code == 302
    material = ReadingMaterial.objects.get()
    assert material.file_sha256
    publish = client.post(reverse("training:material-publish", args=[material.pk]))
    assert publish.status_code == 302
    material.refresh_from_db()
    assert material.is_published is True


def test_a_refused_pdf_shows_on_the_form(client, hr_admin, media):
    client.force_login(hr_admin)

    response = client.post(
        reverse("training:material-create"),
        {
            "title": "Judul",
            "summary": "Ringkas.",
            "body": "Isi.",
            "position": "0",
            "file": upload("a.pdf", EXECUTABLE),
        },
    )

    assert response.status_code == 200
    assert "bukan PDF, JPG, atau PNG" in response.content.decode()
    assert ReadingMaterial.objects.exists() is False


def test_the_auditor_reads_the_list_but_may_not_change(client, auditor):
    material = ReadingMaterialFactory.create(is_published=False)
    client.force_login(auditor)

    listing = client.get(reverse("training:material-admin-list"))
    form = client.get(reverse("training:material-create"))
    publish = client.post(reverse("training:material-publish", args=[material.pk]))

    assert listing.status_code == 200
    assert material.title in listing.content.decode()
    assert 'data-testid="material-create"' not in listing.content.decode()
    assert (form.status_code, publish.status_code) == (403, 403)
    material.refresh_from_db()
    assert material.is_published is False


def test_an_employee_may_not_open_the_admin_pages(client, employee):
    material = ReadingMaterialFactory.create()
    client.force_login(employee)

    assert client.get(reverse("training:material-admin-list")).status_code == 403
    assert (
        client.get(reverse("training:material-admin-file", args=[material.pk])).status_code == 403
    )
