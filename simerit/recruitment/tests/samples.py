"""Files and fixtures for the applicant tests: real PDFs and images made on the spot, bad files,
a private storage in a temporary folder, and an applicant ready to apply.

A test module imports the fixtures it needs by their function names (`media_fixture`); pytest
knows them by their fixture names (`media`).
"""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory, open_windows

# A Windows executable starts with "MZ"; renaming it to .pdf does not make it a PDF.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
BROKEN_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nthis is not a pdf body\n"
# EXIF tag 0x8298 is Copyright, 0x010F Make; 0x8825 would be GPS.
EXIF_COPYRIGHT = 0x8298
EXIF_MAKE = 0x010F


def pdf_bytes(*, pages: int = 1, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def active_pdf_bytes(kind: str) -> bytes:
    """A one-page PDF carrying one kind of active content (or a harmless look-alike)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    root = writer._root_object
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    if kind == "open_action_js":
        root[NameObject("/OpenAction")] = script
    elif kind == "names_js":
        root[NameObject("/Names")] = DictionaryObject(
            {
                NameObject("/JavaScript"): DictionaryObject(
                    {
                        NameObject("/Names"): ArrayObject(
                            [TextStringObject("halo"), writer._add_object(script)]
                        )
                    }
                )
            }
        )
    elif kind == "attachment":
        writer.add_attachment("skrip.exe", b"MZ")
    elif kind == "launch_link":
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/Launch"),
                        NameObject("/F"): TextStringObject("cmd.exe"),
                    }
                ),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    elif kind == "page_aa":
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): script})
    elif kind == "xfa":
        root[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
        )
    elif kind == "open_at_page":  # harmless: a destination, not an action
        root[NameObject("/OpenAction")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
    elif kind == "uri_link":  # harmless: a web link
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject("https://palembang.go.id"),
                    }
                ),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_bytes(*, with_exif: bool = False, size: tuple[int, int] = (40, 30)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if with_exif:
        exif = Image.Exif()
        exif[EXIF_MAKE] = "KameraUji"
        exif[EXIF_COPYRIGHT] = "Rahasia Pelamar"
        image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"komentar pribadi")
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(name="media")
def media_fixture(settings, tmp_path):
    """Private storage in a fresh folder, so that a test can see every file written."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture(name="fresh_cache")
def fresh_cache_fixture():
    """The registration rate limit counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(name="open_formasi")
def open_formasi_fixture(db):
    """A published formasi (S-1 Keperawatan; documents ktp as JPG ≤ 200 KB and ijazah as PDF ≤
    800 KB) in a period whose registration window is open now."""
    formasi = FormasiFactory.create()
    open_windows(formasi.period)
    return formasi


@pytest.fixture(name="ready_applicant")
def ready_applicant_fixture(db):
    """An applicant with a confirmed e-mail who meets the factory formasi's requirements."""
    return ApplicantFactory.create()
