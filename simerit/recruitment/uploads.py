"""Checking an uploaded document by its content, never by its name or the browser's content type.

A file is accepted only when its first bytes are those of a PDF, JPEG or PNG, the detected format is
one the formasi allows, it is not empty and not over the limit, and it opens: a PDF with pypdf (at
least one page, not encrypted, no active content), an image with Pillow. Images are re-encoded,
which drops EXIF (location, camera, time) and anything hidden after the image data (UU 27/2022
PDP: data minimisation).

A PDF is stored as sent, and verifiers open it on office computers, so a PDF that can act on its
own is refused: scripts (/JavaScript, /JS), actions run on opening or on events (/OpenAction with
an action, /AA), launching programs (/Launch), embedded files (/EmbeddedFiles, /EF, file
attachment annotations), rich media (/RichMedia) and XFA forms (/XFA). The whole object graph
reachable from the catalog is checked (names tree, pages, annotations, forms), with names
decoded by pypdf, so an escaped name (/J#61vaScript) is caught too.
"""

import hashlib
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Magic bytes (file signatures) of the accepted formats.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
FORMAT_LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG"}
ACCEPT = {"pdf": ".pdf,application/pdf", "jpg": ".jpg,.jpeg,image/jpeg", "png": ".png,image/png"}
PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
# Keys whose presence anywhere in the document means active content.
ACTIVE_KEYS = frozenset(
    {"/JavaScript", "/JS", "/AA", "/Launch", "/EmbeddedFiles", "/EF", "/RichMedia", "/XFA"}
)
# Action types (/S) and annotation subtypes (/Subtype) that act or carry files.
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/RichMediaExecute", "/ImportData"})
ACTIVE_SUBTYPES = frozenset({"/RichMedia", "/FileAttachment"})
# A scanned document has a few objects per page; far more is refused rather than walked for long.
MAX_PDF_OBJECTS = 200_000
CONTAINERS = (IndirectObject, DictionaryObject, ArrayObject)
# A scanned A4 page at 300 dpi is about 8.7 megapixels; 40 leaves room for phone cameras and
# refuses decompression bombs (a small file that expands to gigabytes) long before Pillow's limit.
MAX_IMAGE_PIXELS = 40_000_000
JPEG_QUALITY = 88


class UploadRejectedError(ValueError):
    """The file is refused; the message says why in Indonesian and is safe to show."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes  # what is stored: the PDF as sent, or the re-encoded image
    file_format: str  # "pdf", "jpg" or "png"
    sha256: str  # of `content`

    @property
    def size_bytes(self) -> int:
        return len(self.content)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_format]


def normalise_format(value: str) -> str:
    """ "JPEG", ".jpg", "jpeg" -> "jpg"; "PDF" -> "pdf"."""
    value = value.strip().lower().lstrip(".")
    return "jpg" if value == "jpeg" else value


def detect_format(head: bytes) -> str | None:
    for signature, file_format in SIGNATURES:
        if head.startswith(signature):
            return file_format
    return None


def format_kb(size_bytes: int) -> str:
    kb = size_bytes / 1024
    return f"{kb:.0f} KB" if kb >= 10 else f"{kb:.1f} KB".replace(".", ",")


def read_limited(upload: "File[bytes]", *, max_kb: int) -> tuple[bytes, int]:
    """At most one byte past the limit (enough to refuse it), and the upload's full size."""
    upload.seek(0)
    data = upload.read(max_kb * 1024 + 1)
    return data, max(upload.size or 0, len(data))


def check_upload(
    data: bytes, *, allowed_formats: Iterable[str], max_kb: int, label: str, size: int | None = None
) -> CheckedFile:
    """The file to store, or UploadRejectedError. `label` names the document in messages ("KTP").

    `size` is the full size when `data` was cut at the limit (read_limited).
    """
    size = len(data) if size is None else size
    allowed = sorted({normalise_format(value) for value in allowed_formats})
    allowed_text = " atau ".join(FORMAT_LABELS.get(value, value.upper()) for value in allowed)
    if size == 0 or not data:
        raise UploadRejectedError(f"Berkas {label} kosong (0 byte). Pilih berkas yang benar.")
    if size > max_kb * 1024 or len(data) > max_kb * 1024:
        raise UploadRejectedError(
            f"Ukuran berkas {label} {format_kb(size)} melebihi batas {max_kb} KB."
        )
    detected = detect_format(data[:16])
    if detected is None:
        raise UploadRejectedError(
            f"Isi berkas {label} bukan PDF, JPG, atau PNG. Berkas lain yang sekadar diganti "
            f"namanya tidak diterima; unggah berkas {allowed_text} yang asli."
        )
    if detected not in allowed:
        raise UploadRejectedError(
            f"Dokumen {label} harus berformat {allowed_text}; isi berkas yang diunggah "
            f"berformat {FORMAT_LABELS[detected]}."
        )
    if detected == "pdf":
        _check_pdf(data, label=label)
        return CheckedFile(data, "pdf", hashlib.sha256(data).hexdigest())
    content = _reencode_image(data, file_format=detected, label=label)
    return CheckedFile(content, detected, hashlib.sha256(content).hexdigest())


def _check_pdf(data: bytes, *, label: str) -> None:
    unreadable = UploadRejectedError(
        f"Berkas PDF {label} rusak atau tidak dapat dibuka. Simpan ulang atau pindai ulang "
        "dokumen sebagai PDF, lalu unggah lagi."
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejectedError(
                f"Berkas PDF {label} dikunci dengan kata sandi atau dienkripsi. Unggah PDF tanpa "
                "kata sandi agar dapat diperiksa verifikator."
            )
        pages = len(reader.pages)
        active = _active_content(reader, label=label)
    except UploadRejectedError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on a broken file
        raise unreadable from error
    if pages < 1:
        raise UploadRejectedError(f"Berkas PDF {label} tidak berisi halaman apa pun.")
    if active:
        raise UploadRejectedError(
            f"Berkas PDF {label} berisi konten aktif (skrip, tindakan otomatis, atau berkas "
            "sisipan) yang tidak diizinkan. Simpan ulang dokumen sebagai PDF biasa (menu Cetak, "
            "pilih Simpan sebagai PDF) atau pindai ulang, lalu unggah lagi."
        )


def _active_content(reader: PdfReader, *, label: str) -> bool:
    """Whether anything reachable from the document catalog is active content (ACTIVE_KEYS...).

    An /OpenAction that is a destination (open at a page) is harmless; one that is an action is
    not. Stream data is not decoded: only the dictionaries and arrays of the object graph.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer.get("/Root")]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise UploadRejectedError(
                f"Berkas PDF {label} terlalu rumit untuk diperiksa. Simpan ulang atau pindai ulang "
                "dokumen sebagai PDF, lalu unggah lagi."
            )
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in ACTIVE_KEYS:
                    return True
                if name == "/OpenAction" and isinstance(value.get_object(), DictionaryObject):
                    return True
                if name == "/S" and value in ACTIVE_ACTIONS:
                    return True
                if name == "/Subtype" and value in ACTIVE_SUBTYPES:
                    return True
                if isinstance(value, CONTAINERS):
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(value for value in item if isinstance(value, CONTAINERS))
    return False


def _reencode_image(data: bytes, *, file_format: str, label: str) -> bytes:
    """Decode the image completely and write it again without metadata."""
    unreadable = UploadRejectedError(
        f"Gambar {label} rusak atau tidak dapat dibuka. Foto atau pindai ulang, lalu unggah lagi."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[file_format]]) as probe:
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UploadRejectedError(
                        f"Gambar {label} terlalu besar ({width} × {height} piksel); paling "
                        f"banyak {MAX_IMAGE_PIXELS // 1_000_000} megapiksel."
                    )
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[file_format]]) as image:
                image.load()
                # Apply the camera's rotation before the EXIF that carries it is dropped.
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, file_format=file_format)
    except UploadRejectedError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejectedError(
            f"Gambar {label} terlalu besar setelah dibuka; unggah gambar berukuran wajar."
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise unreadable from error


def _encode(image: Image.Image, *, file_format: str) -> bytes:
    # Pillow carries some metadata from `info` (a JPEG comment, an ICC profile); keep only what
    # the pixels need.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    out = io.BytesIO()
    if file_format == "jpg":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        if image.mode not in {"RGB", "RGBA", "L", "LA", "P", "1"}:
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()
