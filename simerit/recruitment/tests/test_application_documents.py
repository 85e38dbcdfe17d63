"""Uploading documents: content checks, private storage, replacement, and the lock at submission.

Every refusal asserts that nothing changed: no row, no file, no audit event.
"""

import io

import pytest
from PIL import Image

from simerit.audit import services as audit_services
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.models import ApplicationDocument, DocumentKind
from simerit.recruitment.services import applications as application_services
from simerit.recruitment.services import documents as services
from simerit.recruitment.tests.factories import ApplicationFactory
from simerit.recruitment.tests.samples import (  # noqa: F401 (fixtures)
    BROKEN_PDF,
    EXECUTABLE,
    active_pdf_bytes,
    jpeg_bytes,
    media_fixture,
    open_formasi_fixture,
    pdf_bytes,
    stored_files,
    upload,
)


@pytest.fixture
def draft(open_formasi):
    return ApplicationFactory.create(formasi=open_formasi)


def put(application, code, name, content):
    return services.upload_document(
        application=application,
        kind=DocumentKind.objects.get(code=code),
        upload=upload(name, content),
        actor=application.applicant.user,
    )


def snapshot(media):
    return (ApplicationDocument.objects.count(), AuditEvent.objects.count(), stored_files(media))


def test_upload_stores_a_checked_file_under_a_server_made_name(draft, media):
    document = put(draft, "ijazah", "../../etc/ijazah saya.PDF", pdf_bytes())

    assert document.file_format == "pdf"
    assert document.file.name.startswith(f"lamaran/{draft.period_id}/{draft.pk}/ijazah-")
    assert document.file.name.endswith(".pdf")
    assert "saya" not in document.file.name
    assert stored_files(media) == [document.file.name]
    assert (media / document.file.name).read_bytes() == pdf_bytes()
    event = AuditEvent.objects.get(action="recruitment.document.uploaded")
    assert event.changes == {
        "kind": "ijazah",
        "file_format": "pdf",
        "size_bytes": document.size_bytes,
        "sha256": document.sha256,
    }


def test_stored_jpeg_has_no_exif(draft, media):
    document = put(draft, "ktp", "ktp.jpg", jpeg_bytes(with_exif=True))

    stored = Image.open(io.BytesIO((media / document.file.name).read_bytes()))
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info


def test_replace_keeps_one_row_and_deletes_the_old_file_after_commit(
    draft, media, django_capture_on_commit_callbacks
):
    first = put(draft, "ijazah", "a.pdf", pdf_bytes())
    old_name = first.file.name

    with django_capture_on_commit_callbacks(execute=True):
        second = put(draft, "ijazah", "b.pdf", pdf_bytes(pages=2))

    assert second.pk == first.pk
    assert stored_files(media) == [second.file.name]
    assert old_name != second.file.name
    event = AuditEvent.objects.get(action="recruitment.document.replaced")
    assert set(event.changes) == {"size_bytes", "sha256"}


@pytest.mark.parametrize(
    ("code", "name", "content", "field", "message"),
    [
        (
            "ijazah",
            "ijazah.pdf",
            EXECUTABLE,
            "file",
            "Isi berkas Ijazah bukan PDF, JPG, atau PNG. Berkas lain yang sekadar diganti "
            "namanya tidak diterima; unggah berkas PDF yang asli.",
        ),
        (
            "ijazah",
            "ijazah.pdf",
            BROKEN_PDF,
            "file",
            "Berkas PDF Ijazah rusak atau tidak dapat dibuka. Simpan ulang atau pindai ulang "
            "dokumen sebagai PDF, lalu unggah lagi.",
        ),
        (
            "ijazah",
            "ijazah.pdf",
            b"",
            "file",
            "Berkas Ijazah kosong (0 byte). Pilih berkas yang benar.",
        ),
        (
            "ktp",
            "ktp.jpg",
            (jpeg_bytes() + b"\x00" * (201 * 1024))[: 201 * 1024],
            "file",
            "Ukuran berkas KTP 201 KB melebihi batas 200 KB.",
        ),
        (
            "ktp",
            "ktp.jpg",
            pdf_bytes(),
            "file",
            "Dokumen KTP harus berformat JPG; isi berkas yang diunggah berformat PDF.",
        ),
        (
            "kk",
            "kk.pdf",
            pdf_bytes(),
            "kind",
            "Formasi ini tidak meminta dokumen Kartu Keluarga; dokumen tidak disimpan.",
        ),
        (
            "ijazah",
            "ijazah.pdf",
            active_pdf_bytes("open_action_js"),
            "file",
            "Berkas PDF Ijazah berisi konten aktif (skrip, tindakan otomatis, atau berkas sisipan) "
            "yang tidak diizinkan. Simpan ulang dokumen sebagai PDF biasa (menu Cetak, pilih "
            "Simpan sebagai PDF) atau pindai ulang, lalu unggah lagi.",
        ),
    ],
    ids=[
        "executable-as-pdf",
        "broken-pdf",
        "empty",
        "over-size",
        "wrong-format",
        "kind-not-asked",
        "javascript-on-open",
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    draft, media, code, name, content, field, message
):
    before = snapshot(media)

    with pytest.raises(InvalidInputError) as error:
        put(draft, code, name, content)

    assert error.value.errors == {field: [message]}
    assert snapshot(media) == before
    assert (before[0], before[2]) == (0, [])


def test_a_bad_replacement_keeps_the_good_file(draft, media):
    good = put(draft, "ijazah", "ijazah.pdf", pdf_bytes())
    before = snapshot(media)

    with pytest.raises(InvalidInputError):
        put(draft, "ijazah", "ijazah.pdf", EXECUTABLE)

    assert snapshot(media) == before
    assert ApplicationDocument.objects.get().sha256 == good.sha256


def test_documents_cannot_change_after_submission(draft, media):
    put(draft, "ktp", "ktp.jpg", jpeg_bytes())
    put(draft, "ijazah", "ijazah.pdf", pdf_bytes())
    application_services.submit_application(application=draft, actor=draft.applicant.user)
    before = snapshot(media)

    with pytest.raises(ConflictError) as error:
        put(draft, "ijazah", "ijazah.pdf", pdf_bytes(pages=3))

    assert error.value.message == "Lamaran sudah dikirim; dokumen tidak dapat diubah lagi."
    assert snapshot(media) == before


def test_a_failing_write_after_storing_removes_the_new_file(draft, media, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(audit_services, "record", broken_audit)

    with pytest.raises(RuntimeError):
        put(draft, "ijazah", "ijazah.pdf", pdf_bytes())

    assert stored_files(media) == []
    assert ApplicationDocument.objects.exists() is False
