"""uploads.check_upload: files are judged by their content, never by their name."""

import hashlib
import io

import pytest
from PIL import Image

from simerit.recruitment import uploads
from simerit.recruitment.tests.samples import (
    BROKEN_PDF,
    EXECUTABLE,
    active_pdf_bytes,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
)


def check(data, *, formats=("pdf",), max_kb=800, label="Ijazah", size=None):
    return uploads.check_upload(
        data, allowed_formats=formats, max_kb=max_kb, label=label, size=size
    )


def test_a_real_pdf_is_kept_as_sent():
    data = pdf_bytes(pages=2)
    checked = check(data)
    assert (checked.file_format, checked.content) == ("pdf", data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.content_type == "application/pdf"


def test_an_executable_renamed_pdf_is_refused():
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(EXECUTABLE)
    assert str(error.value) == (
        "Isi berkas Ijazah bukan PDF, JPG, atau PNG. Berkas lain yang sekadar diganti namanya "
        "tidak diterima; unggah berkas PDF yang asli."
    )


ACTIVE_REFUSAL = (
    "Berkas PDF Ijazah berisi konten aktif (skrip, tindakan otomatis, atau berkas sisipan) yang "
    "tidak diizinkan. Simpan ulang dokumen sebagai PDF biasa (menu Cetak, pilih Simpan sebagai "
    "PDF) atau pindai ulang, lalu unggah lagi."
)


@pytest.mark.parametrize(
    "kind", ["open_action_js", "names_js", "attachment", "launch_link", "page_aa", "xfa"]
)
def test_a_pdf_with_active_content_is_refused(kind):
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(active_pdf_bytes(kind))
    assert str(error.value) == ACTIVE_REFUSAL


def test_an_escaped_javascript_name_is_still_caught():
    data = active_pdf_bytes("open_action_js")
    assert b"/JavaScript" in data
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(data.replace(b"/JavaScript", b"/J#61vaScript"))
    assert str(error.value) == ACTIVE_REFUSAL


@pytest.mark.parametrize("kind", ["open_at_page", "uri_link"])
def test_a_pdf_opening_at_a_page_or_with_a_web_link_is_accepted(kind):
    data = active_pdf_bytes(kind)
    assert check(data).content == data


def test_a_pdf_that_does_not_open_is_refused():
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(BROKEN_PDF)
    assert str(error.value) == (
        "Berkas PDF Ijazah rusak atau tidak dapat dibuka. Simpan ulang atau pindai ulang dokumen "
        "sebagai PDF, lalu unggah lagi."
    )


def test_an_encrypted_pdf_is_refused_with_its_own_message():
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(pdf_bytes(password="rahasia"))
    assert str(error.value) == (
        "Berkas PDF Ijazah dikunci dengan kata sandi atau dienkripsi. Unggah PDF tanpa kata sandi "
        "agar dapat diperiksa verifikator."
    )


def test_an_empty_file_is_refused():
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(b"")
    assert str(error.value) == "Berkas Ijazah kosong (0 byte). Pilih berkas yang benar."


def test_a_file_over_the_limit_is_refused_with_its_size():
    data = pdf_bytes()
    data += b"%" * (3072 - len(data))
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(data[:2049], max_kb=2, size=len(data))
    assert str(error.value) == "Ukuran berkas Ijazah 3,0 KB melebihi batas 2 KB."


def test_a_file_exactly_at_the_limit_is_accepted():
    data = pdf_bytes()
    padded = data + b"%" * (2048 - len(data))
    assert check(padded, max_kb=2).size_bytes == 2048


def test_a_format_the_formasi_does_not_allow_is_refused():
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(pdf_bytes(), formats=["jpg"], label="KTP")
    assert str(error.value) == (
        "Dokumen KTP harus berformat JPG; isi berkas yang diunggah berformat PDF."
    )


def test_jpeg_is_reencoded_without_exif_or_comment():
    original = jpeg_bytes(with_exif=True)
    assert Image.open(io.BytesIO(original)).getexif()  # the sample really carries EXIF
    checked = check(original, formats=["jpeg"], max_kb=200, label="KTP")
    stored = Image.open(io.BytesIO(checked.content))
    assert (checked.file_format, stored.format, stored.size) == ("jpg", "JPEG", (40, 30))
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert b"Rahasia Pelamar" not in checked.content
    assert checked.sha256 == hashlib.sha256(checked.content).hexdigest()


def test_png_is_reencoded_as_png():
    checked = check(png_bytes(), formats=["png"], max_kb=200, label="Pas foto")
    assert (checked.file_format, Image.open(io.BytesIO(checked.content)).format) == ("png", "PNG")


def test_a_truncated_jpeg_is_refused():
    data = jpeg_bytes(size=(400, 300))
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(data[: len(data) // 3], formats=["jpg"], max_kb=200, label="KTP")
    assert str(error.value) == (
        "Gambar KTP rusak atau tidak dapat dibuka. Foto atau pindai ulang, lalu unggah lagi."
    )


def test_an_image_with_too_many_pixels_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(uploads.UploadRejectedError) as error:
        check(jpeg_bytes(size=(20, 10)), formats=["jpg"], max_kb=200, label="KTP")
    assert (
        str(error.value) == "Gambar KTP terlalu besar (20 × 10 piksel); paling banyak 0 megapiksel."
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.4\n", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"),
        (b"\x89PNG\r\n\x1a\n\x00", "png"),
        (b"MZ\x90\x00", None),
        (b"GIF89a", None),
        (b" %PDF-1.4", None),
    ],
)
def test_detect_format_reads_magic_bytes(head, expected):
    assert uploads.detect_format(head) == expected
