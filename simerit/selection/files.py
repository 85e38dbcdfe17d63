"""The files of a published final result: canonical JSON, CSV and PDF, and reading them back.

Everything here is built from what was stored at publication (the announcement's copied fields and
its entry rows), never from live data: the same rows always give the same bytes. The canonical
JSON is what `ResultAnnouncement.sha256` is computed over; the CSV and PDF hashes are of the bytes
exactly as served. Decimals are strings with four places ("78.4000") so that no reader's float
rounding can change them.

Reading a file back (`parse`) handles uploads from anyone: every size, depth, length and number is
bounded before anything is built from it, numbers stay text (never a float, and a Decimal only after
a bounded pattern matched), and what is out of bounds raises `UnreadableFile` with the reason.
"""

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from simerit.core.dates import WIB, format_datetime_wib
from simerit.core.pdf import escape_markup, facts_table, grid_style, letterhead, qr_image
from simerit.selection.models import Aggregation, Method, ResultAnnouncement
from simerit.selection.models import ResultAnnouncementEntry as Entry
from simerit.selection.rules import FinalStatus, display

FOUR_PLACES = Decimal("0.0001")

# Column headers of the CSV (and of the comparison of a file with the published rows).
FORMASI = "Formasi"
VERSION = "Versi"
RANK = "Peringkat"
REGISTRATION = "Nomor pendaftaran"
NAME = "Nama (disamarkan)"
SKB = "Nilai SKB"
FINAL = "Nilai akhir"
STATUS = "Status"
LEADING_COLUMNS = (FORMASI, VERSION, RANK, REGISTRATION, NAME, "TWK", "TIU", "TKP", "Total SKD")
TRAILING_COLUMNS = (SKB, FINAL, STATUS)

# The width left for the component columns on a landscape A4 page with 1.5 cm margins.
COMPONENTS_WIDTH_CM = 7.0

# Component states in an entry's breakdown: scored, did not attend, no score at all.
COMPONENT_FINAL, COMPONENT_ABSENT, COMPONENT_MISSING = "final", "absent", "missing"

# Bounds on an uploaded file (a genuine one is far inside every one of them).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000  # entries of a JSON, lines of a CSV, items of any JSON list
MAX_COMPONENTS = 50
MAX_COLUMNS = len(LEADING_COLUMNS) + MAX_COMPONENTS + len(TRAILING_COLUMNS)
MAX_TEXT = 300  # characters of any one field
MAX_DEPTH = 8  # nested JSON objects and lists (a genuine file has 5)
MAX_VERSION = 32767  # ResultAnnouncement.version is a PositiveSmallIntegerField
# A decimal as published: no exponent, at most 6 digits before and 4 after the point. ASCII
# digits only ("\d" would take any Unicode digit, which int() and Decimal() then read).
DECIMAL_TEXT = re.compile(r"-?[0-9]{1,6}(\.[0-9]{1,4})?")
INTEGER_TEXT = re.compile(r"-?[0-9]{1,9}")
VERSION_TEXT = re.compile(r"[0-9]{1,5}")
# Keys whose text values are decimals in a canonical payload.
DECIMAL_KEYS = frozenset(
    {"weight", "score", "skb_score", "final_score", "skd_weight", "skb_weight"}
)
# Any plain decimal (for showing it with a comma): no exponent, no other digits than ASCII.
PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")

TOO_LARGE_REASON = "ukurannya lebih dari 5 MB"
TOO_DEEP_REASON = "susunan JSON-nya bertingkat terlalu dalam"
TOO_MANY_ROWS_REASON = "isinya lebih dari 100.000 baris"
TOO_LONG_REASON = f"ada isian yang lebih dari {MAX_TEXT} karakter"
TOO_MANY_COMPONENTS_REASON = f"rumusnya memuat lebih dari {MAX_COMPONENTS} komponen SKB"
CSV_ERROR_REASON = "baris CSV-nya tidak dapat diurai"


class UnreadableFileError(Exception):
    """An upload outside the bounds of any announcement file; `reason` says which, in Indonesian."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def number_reason(text: str) -> str:
    shown = text if len(text) <= 20 else f"{text[:20]}…"
    return f"angka {shown} tidak wajar (terlalu panjang atau memakai eksponen)"


def fixed(value: Decimal | None) -> str | None:
    """78.4 -> "78.4000"; None stays None."""
    if value is None:
        return None
    return format(value.quantize(FOUR_PLACES), "f")


def comma(text: str) -> str:
    """ "78.4000" -> "78,4000" (Indonesian decimal comma); other text unchanged. Never builds a
    Decimal: the text may come from an upload."""
    if PLAIN_DECIMAL.fullmatch(text):
        return text.replace(".", ",")
    return text


def percent(weight: str | Decimal) -> str:
    """ "40.0000" -> "40"; "33.3300" -> "33,33". Text that is not a bounded decimal (an edited
    upload: "1E+999998") is returned as it is, never expanded."""
    text = str(weight)
    if not DECIMAL_TEXT.fullmatch(text):
        return text
    value = Decimal(text).normalize()
    return format(value, "f").replace(".", ",")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _when(value: dt.datetime) -> str:
    """ISO 8601 in WIB, to the second: "2026-08-12T14:05:00+07:00"."""
    return timezone.localtime(value, WIB).isoformat()


def entry_order(entry: Entry) -> tuple[bool, int, str]:
    """Rank order, then the registration number; unranked entries last."""
    return (entry.rank is None, entry.rank or 0, entry.registration_number)


# --- Canonical JSON: what the SHA-256 is computed over


def canonical_payload(announcement: ResultAnnouncement, entries: Iterable[Entry]) -> dict[str, Any]:
    """Only fields copied at publication: a later rename or score change elsewhere changes
    nothing here."""
    supersedes = announcement.supersedes
    return {
        "formasi": announcement.formasi_code,
        "period": announcement.period_name,
        "position": announcement.position_name,
        "unit": announcement.unit_name,
        "quota": announcement.quota,
        "version": announcement.version,
        "supersedes_version": supersedes.version if supersedes is not None else None,
        "published_at": _when(announcement.published_at),
        "sanggah_closes_at": _when(announcement.sanggah_closes_at),
        "note": announcement.note,
        "formula": announcement.formula,
        "entries": [
            {
                "rank": entry.rank,
                "registration_number": entry.registration_number,
                "masked_name": entry.masked_name,
                "status": entry.status,
                "skd_total": entry.skd_total,
                "twk": entry.twk,
                "tiu": entry.tiu,
                "tkp": entry.tkp,
                "skb_components": entry.skb_components,
                "skb_score": fixed(entry.skb_score),
                "final_score": fixed(entry.final_score),
            }
            for entry in sorted(entries, key=entry_order)
        ],
    }


def canonical_json_bytes(payload: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8 characters as they are (no \\u escapes), no final newline."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


# --- The table: the CSV, and the common shape in which a file is compared with the record


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _status_label(value: Any) -> str:
    try:
        return FinalStatus(value).label
    except ValueError:
        return _cell(value)


def component_header(component: dict[str, Any]) -> str:
    return f"{component['name']} ({percent(component['weight'])} %)"


def table(payload: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The header and one row per entry, every cell a string. Raises KeyError, TypeError,
    ValueError or InvalidOperation when the payload is not shaped like a canonical payload."""
    components = payload["formula"]["components"]
    header = [
        *LEADING_COLUMNS,
        *(component_header(component) for component in components),
        *TRAILING_COLUMNS,
    ]
    rows = []
    for entry in payload["entries"]:
        scores = [_cell(part["score"]) for part in entry["skb_components"]]
        rows.append(
            [
                _cell(payload["formasi"]),
                _cell(payload["version"]),
                _cell(entry["rank"]),
                _cell(entry["registration_number"]),
                _cell(entry["masked_name"]),
                _cell(entry["twk"]),
                _cell(entry["tiu"]),
                _cell(entry["tkp"]),
                _cell(entry["skd_total"]),
                *scores,
                _cell(entry["skb_score"]),
                _cell(entry["final_score"]),
                _status_label(entry["status"]),
            ]
        )
    return header, rows


def csv_bytes(payload: dict[str, Any]) -> bytes:
    """A plain table: comma-separated, quoted where needed, CRLF line ends, UTF-8 without BOM,
    the header row first. Every row names the formasi and the version, so a saved CSV still says
    which announcement it claims to be."""
    header, rows = table(payload)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# --- Reading a file back (the verify page, when the hash matches nothing)


@dataclass(frozen=True)
class ParsedFile:
    """What an uploaded JSON or CSV claims to be, and its table."""

    kind: str  # "JSON" or "CSV"
    formasi_code: str
    version: int
    period_name: str | None  # JSON only
    header: list[str]
    rows: list[list[str]]
    payload: dict[str, Any] | None  # JSON only


def parse(data: bytes) -> ParsedFile | None:
    """Our JSON or our CSV, possibly edited; None when it is neither. Raises UnreadableFileError
    when the upload is outside the bounds of any announcement file (too large, too deep, too many
    rows, too long a field, a number with an exponent or too many digits)."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFileError(TOO_LARGE_REASON)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _parse_json(stripped)
    return _parse_csv(text)


def _json_int(text: str) -> int:
    if not INTEGER_TEXT.fullmatch(text):
        raise UnreadableFileError(number_reason(text))
    return int(text)


def _json_float(text: str) -> str:
    """A JSON number with a point stays text ("78.4"): no float rounding, no Decimal."""
    if not DECIMAL_TEXT.fullmatch(text):
        raise UnreadableFileError(number_reason(text))
    return text


def _json_constant(text: str) -> Any:
    raise UnreadableFileError(number_reason(text))  # NaN, Infinity, -Infinity


def _check_text(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise UnreadableFileError(TOO_LONG_REASON)


def check_bounds(value: Any) -> None:
    """Depth, list lengths, text lengths and decimal texts of a loaded JSON value (iterative: a
    deep value cannot exhaust the stack here)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise UnreadableFileError(TOO_DEEP_REASON)
        if isinstance(item, list):
            if len(item) > MAX_ROWS:
                raise UnreadableFileError(TOO_MANY_ROWS_REASON)
            stack.extend((child, depth + 1) for child in item)
            continue
        for key, child in item.items():
            _check_text(key)
            if key in DECIMAL_KEYS and isinstance(child, str) and child:
                _check_text(child)
                if not DECIMAL_TEXT.fullmatch(child):
                    raise UnreadableFileError(number_reason(child))
            stack.append((child, depth + 1))


def _version(value: Any) -> int | None:
    """A version number 1..32767 (an int, or ASCII digits); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not VERSION_TEXT.fullmatch(value):
            return None
        value = int(value)
    if not isinstance(value, int) or not 1 <= value <= MAX_VERSION:
        return None
    return value


def _parse_json(text: str) -> ParsedFile | None:
    try:
        payload = json.loads(
            text,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_constant,
        )
    except RecursionError:
        raise UnreadableFileError(TOO_DEEP_REASON) from None
    except ValueError:  # not JSON at all (json.JSONDecodeError)
        return None
    if not isinstance(payload, dict):
        return None
    check_bounds(payload)
    try:
        components = payload["formula"]["components"]
        if isinstance(components, list) and len(components) > MAX_COMPONENTS:
            raise UnreadableFileError(TOO_MANY_COMPONENTS_REASON)
        version = _version(payload["version"])
        if version is None:
            return None
        header, rows = table(payload)
        return ParsedFile(
            kind="JSON",
            formasi_code=str(payload["formasi"]),
            version=version,
            period_name=str(payload["period"]),
            header=header,
            rows=rows,
            payload=payload,
        )
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError):
        return None


def _parse_csv(text: str) -> ParsedFile | None:
    records: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text)):
            if not row:
                continue
            if len(records) > MAX_ROWS:
                raise UnreadableFileError(TOO_MANY_ROWS_REASON)
            if len(row) > MAX_COLUMNS:
                raise UnreadableFileError(TOO_MANY_COMPONENTS_REASON)
            for cell in row:
                _check_text(cell)
            records.append(row)
    except csv.Error:
        raise UnreadableFileError(CSV_ERROR_REASON) from None
    if len(records) < 2:
        return None
    header, rows = records[0], records[1:]
    if tuple(header[: len(LEADING_COLUMNS)]) != LEADING_COLUMNS:
        return None
    claims = {(row[0], row[1]) for row in rows if len(row) >= 2}
    if len(claims) != 1:
        return None
    formasi_code, claimed_version = next(iter(claims))
    version = _version(claimed_version)
    if version is None:
        return None
    return ParsedFile(
        kind="CSV",
        formasi_code=formasi_code,
        version=version,
        period_name=None,
        header=header,
        rows=rows,
        payload=None,
    )


# --- The formula in words


def component_method(component: dict[str, Any]) -> str:
    """ "SKB dengan CAT, skala 0–100 dari nilai maksimum 500" / "Simulasi kasus, rata-rata nilai
    asesor"."""
    method = str(component.get("method", ""))
    label = Method(method).label if method in Method.values else method
    if method == Method.CAT:
        maximum = component.get("cat_max_score")
        return f"{label}, skala 0–100 dari nilai maksimum {maximum}" if maximum else label
    aggregation = str(component.get("aggregation", ""))
    if aggregation in Aggregation.values:
        return f"{label}, {Aggregation(aggregation).label.lower()} nilai asesor"
    return label


def formula_words(formula: dict[str, Any]) -> str:
    """The formula as a sentence: "Nilai akhir = 40 % × (total SKD / 550 × 100) + 60 % × nilai
    SKB; nilai SKB = 60 % × SKB-CAT (SKB dengan CAT, ...) + 40 % × Simulasi kasus klinis
    (Simulasi kasus, rata-rata nilai asesor); semua nilai pada skala 0–100." """
    components = " + ".join(
        f"{percent(component['weight'])} % × {component['name']} ({component_method(component)})"
        for component in formula.get("components", [])
    )
    words = (
        f"Nilai akhir = {percent(formula['skd_weight'])} % × (total SKD / {formula['skd_max']} "
        f"× 100) + {percent(formula['skb_weight'])} % × nilai SKB"
    )
    if components:
        words += f"; nilai SKB = {components}; semua nilai pada skala 0–100"
    return words + "."


# --- PDF


def verify_url(sha256: str) -> str:
    """The absolute address of the verify page for `sha256` (the QR code's target)."""
    return f"{settings.SIMERIT_PUBLIC_URL}{reverse('selection:verify-hash', args=[sha256])}"


def filename(announcement: ResultAnnouncement, extension: str) -> str:
    return f"hasil-akhir-{announcement.formasi_code}-v{announcement.version}.{extension}"


def _score(text: str) -> str:
    """ "78.4000" -> "78,40" for the printed table; empty stays "—"."""
    return display(Decimal(text)) if text else "—"


def _pdf_table(payload: dict[str, Any], cell: ParagraphStyle) -> Table:
    header, rows = table(payload)
    count = len(payload["formula"]["components"])
    numeric = slice(len(LEADING_COLUMNS), len(LEADING_COLUMNS) + count + 2)
    head = [Paragraph(escape_markup(title), cell) for title in header[2:]]
    body = []
    for row in rows:
        printed = row[2:5] + row[5:9] + [_score(value) for value in row[numeric]] + row[-1:]
        body.append(
            [
                Paragraph(escape_markup(value), cell) if index == 2 else value
                for index, value in enumerate(printed)
            ]
        )
    component_width = min(2.2, COMPONENTS_WIDTH_CM / max(count, 1))
    widths = [1.6, 3.4, 3.6, 1.2, 1.2, 1.2, 1.5, *([component_width] * count), 1.7, 1.8, 2.4]
    grid = Table([head, *body], colWidths=[width * cm for width in widths], repeatRows=1)
    grid.setStyle(grid_style(header=True, font_size=7.5))
    return grid


def pdf_bytes(announcement: ResultAnnouncement, payload: dict[str, Any]) -> bytes:
    """The printable announcement: the facts, the formula in words, the table, the canonical
    SHA-256 and a QR code of the verify page. Deterministic (ReportLab's invariant mode): the
    same announcement always gives the same bytes."""
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=8, leading=10)
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, leading=10)
    url = verify_url(announcement.sha256)
    version = str(announcement.version)
    if payload["supersedes_version"] is not None:
        version += f" (menggantikan versi {payload['supersedes_version']})"
    facts = [
        ("Formasi", announcement.formasi_code),
        ("Jabatan", announcement.position_name),
        ("Unit penempatan", announcement.unit_name),
        ("Kuota", str(announcement.quota)),
        ("Versi", version),
        ("Diumumkan pada", format_datetime_wib(announcement.published_at)),
        ("Masa sanggah sampai", format_datetime_wib(announcement.sanggah_closes_at)),
        ("Rumus", formula_words(payload["formula"])),
    ]
    if announcement.note:
        facts.append(("Catatan perubahan", announcement.note))
    story: list[Flowable] = [
        *letterhead(title="Pengumuman Hasil Akhir Seleksi", subtitle=announcement.period_name),
        Spacer(1, 0.2 * cm),
        facts_table(facts, cell=cell),
        Spacer(1, 0.4 * cm),
        _pdf_table(payload, cell),
        Spacer(1, 0.2 * cm),
        Paragraph(
            "Nilai dibulatkan dua desimal; nilai lengkap (empat desimal) ada pada berkas JSON dan "
            "CSV pengumuman ini. Lulus: peringkat dalam kuota. P/L: memenuhi nilai tanpa kuota.",
            small,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(f"SHA-256 (JSON kanonik): <b>{announcement.sha256}</b>", small),
        qr_image(url, size_cm=3.5),
        Paragraph(
            "Pindai kode QR atau buka alamat berikut untuk memeriksa keaslian pengumuman ini:",
            small,
        ),
        Paragraph(escape_markup(url), small),
    ]
    return _build(
        story, title=f"Hasil akhir {announcement.formasi_code} versi {announcement.version}"
    )


def _build(story: Sequence[Flowable], *, title: str) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        title=title,
        author=f"SiMerit — {settings.INSTANSI_NAME}",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        # No creation date or random document id: the same story gives the same bytes.
        invariant=1,
    ).build(list(story))
    return out.getvalue()
