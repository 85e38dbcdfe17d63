"""Verification of a published final-result file (JSON, CSV or PDF) or of a SHA-256 hash against
the stored announcement and the audit chain: which version it is, whether it is the latest, and
the differences when a file was altered (the integrity checks themselves: `announcements`).
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Q

from simerit.audit.models import AuditEvent
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import InvalidInputError
from simerit.selection import files
from simerit.selection.models import ResultAnnouncement
from simerit.selection.selectors.announcements import (
    HASH_FIELDS,
    HASH_KINDS,
    PUBLISHED_ACTION,
    announcement_problems,
    announcements,
    latest_announcement,
    payload_of,
)

SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
MAX_DIFFERENCES = 50
ALTERED_MESSAGE = "catatan di basis data telah diubah sesudah diumumkan"


# --- Verification of a file or a hash


class VerificationStatus(StrEnum):
    MATCH = "match"
    SUPERSEDED = "superseded"
    ALTERED = "altered"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    VerificationStatus.MATCH: "Cocok",
    VerificationStatus.SUPERSEDED: "Cocok, tetapi sudah digantikan",
    VerificationStatus.ALTERED: "Catatan telah diubah",
    VerificationStatus.MISMATCH: "Tidak cocok",
    VerificationStatus.UNKNOWN: "Tidak dikenal",
}
ROW = "Baris"


@dataclass(frozen=True)
class Difference:
    """One thing in a file that is not what was published."""

    registration_number: str  # empty: a fact of the whole announcement
    field: str
    published: str
    in_file: str

    @property
    def text(self) -> str:
        number = self.registration_number
        if self.field == ROW:
            if not self.in_file:
                return f"Baris {number} yang diumumkan tidak ada pada berkas."
            return f"Baris {number} pada berkas tidak ada pada pengumuman."
        subject = f"{self.field} {number}" if number else self.field
        return (
            f"{subject} pada berkas {_shown(self.in_file)}, "
            f"yang diumumkan {_shown(self.published)}."
        )


def _shown(value: str) -> str:
    return files.comma(value) if value else "(kosong)"


@dataclass(frozen=True)
class Verification:
    status: VerificationStatus
    message: str
    sha256: str  # of the file, or the hash typed in
    file_kind: str = ""  # JSON, CSV, PDF (which published file it matched or claims to be)
    announcement: ResultAnnouncement | None = None
    latest: ResultAnnouncement | None = None  # the newest version of the same formasi
    differences: tuple[Difference, ...] = ()
    more_differences: int = 0  # beyond the ones listed
    problems: tuple[str, ...] = field(default=())

    @property
    def is_genuine(self) -> bool:
        return self.status in (VerificationStatus.MATCH, VerificationStatus.SUPERSEDED)


def unreadable_message(reason: str) -> str:
    return (
        f"Berkas tidak dapat dibaca: {reason}. Berkas ini bukan pengumuman hasil akhir yang "
        "diterbitkan SiMerit; unduh berkas asli dari halaman pengumuman."
    )


def verify_bytes(data: bytes) -> Verification:
    """Whether `data` is one of the published files, unaltered, and still the current version."""
    digest = files.sha256_hex(data)
    found = _verify_digest(digest)
    if found is not None:
        return found
    try:
        parsed = files.parse(data)
    except files.UnreadableFileError as error:
        return Verification(
            status=VerificationStatus.UNKNOWN,
            message=unreadable_message(error.reason),
            sha256=digest,
        )
    claimed = _claimed(parsed) if parsed is not None else None
    if parsed is None or claimed is None:
        return Verification(
            status=VerificationStatus.UNKNOWN,
            message=(
                "Tidak cocok: berkas ini tidak sama dengan pengumuman hasil akhir mana pun yang "
                "diterbitkan SiMerit, dan isinya tidak dikenali sebagai pengumuman hasil akhir."
            ),
            sha256=digest,
        )
    return _mismatch(digest, parsed, claimed)


def verify_hash(text: str) -> Verification:
    """Whether `text` (typed, or from the QR link) is the SHA-256 of a published file."""
    digest = text.strip().lower()
    if not SHA256_PATTERN.fullmatch(digest):
        raise InvalidInputError(
            {
                "sha256": [
                    "SHA-256 terdiri atas tepat 64 karakter heksadesimal (0–9, a–f); periksa "
                    "kembali yang Anda salin."
                ]
            }
        )
    found = _verify_digest(digest)
    if found is not None:
        return found
    return Verification(
        status=VerificationStatus.UNKNOWN,
        message="Tidak ada pengumuman hasil akhir dengan SHA-256 ini.",
        sha256=digest,
    )


def _verify_digest(digest: str) -> Verification | None:
    """The verdict when `digest` is a published hash (stored or in the audit chain)."""
    query = Q(sha256=digest) | Q(csv_sha256=digest) | Q(pdf_sha256=digest)
    announcement = ResultAnnouncement.objects.filter(query).order_by("-version").first()
    if announcement is None:
        return _audited_only(digest)
    kind = next(HASH_KINDS[name] for name in HASH_FIELDS if getattr(announcement, name) == digest)
    latest = _latest_of(announcement)
    where = _where(announcement)
    problems = announcement_problems(announcement)
    if problems:
        return _altered(digest, kind, announcement, latest, problems)
    if latest.pk != announcement.pk:
        return Verification(
            status=VerificationStatus.SUPERSEDED,
            message=(
                f"Cocok, tetapi sudah digantikan oleh versi {latest.version}: berkas {kind} ini "
                f"sama persis dengan {where}, tetapi pengumuman itu sudah dikoreksi. Lihat versi "
                f"{latest.version}."
            ),
            sha256=digest,
            file_kind=kind,
            announcement=announcement,
            latest=latest,
        )
    return Verification(
        status=VerificationStatus.MATCH,
        message=(
            f"Cocok: berkas {kind} ini sama persis dengan {where}, dan catatannya tidak berubah "
            "sejak diumumkan."
        ),
        sha256=digest,
        file_kind=kind,
        announcement=announcement,
        latest=latest,
    )


def _audited_only(digest: str) -> Verification | None:
    """A hash the audit chain recorded but no announcement stores any more: the stored hash was
    changed after publication."""
    query = Q()
    for name in HASH_FIELDS:
        query |= Q(**{f"changes__{name}": digest})
    event = AuditEvent.objects.filter(query, action=PUBLISHED_ACTION).order_by("seq").first()
    if event is None:
        return None
    announcement = announcements().filter(pk=int(event.target_id)).first()
    if announcement is None:
        return None
    kind = next((HASH_KINDS[name] for name in HASH_FIELDS if event.changes.get(name) == digest), "")
    problems = announcement_problems(announcement, audited=event.changes)
    return _altered(digest, kind, announcement, _latest_of(announcement), problems)


def _altered(
    digest: str,
    kind: str,
    announcement: ResultAnnouncement,
    latest: ResultAnnouncement,
    problems: list[str],
    differences: tuple[Difference, ...] = (),
    more: int = 0,
) -> Verification:
    return Verification(
        status=VerificationStatus.ALTERED,
        message=(
            f"Perhatian: {ALTERED_MESSAGE}. {_where(announcement).capitalize()} tidak lagi sesuai "
            "dengan yang tercatat di jejak audit saat diumumkan (lihat rinciannya di bawah). "
            "Laporkan kepada BKPSDM atau Inspektorat; simpan berkas Anda sebagai bukti."
        ),
        sha256=digest,
        file_kind=kind,
        announcement=announcement,
        latest=latest,
        differences=differences,
        more_differences=more,
        problems=tuple(problems),
    )


def _latest_of(announcement: ResultAnnouncement) -> ResultAnnouncement:
    latest = latest_announcement(announcement.formasi)
    return latest if latest is not None else announcement


def _where(announcement: ResultAnnouncement) -> str:
    return (
        f"pengumuman hasil akhir formasi {announcement.formasi_code} versi "
        f"{announcement.version} ({announcement.period_name}) yang diumumkan "
        f"{format_datetime_wib(announcement.published_at)}"
    )


def _claimed(parsed: files.ParsedFile) -> ResultAnnouncement | None:
    """The published version the file claims to be: its formasi code and version (and, for JSON,
    the period); among formasi of several periods with the same code, the one listing the
    file's first registration number."""
    candidates = announcements().filter(formasi_code=parsed.formasi_code, version=parsed.version)
    if parsed.period_name is not None:
        candidates = candidates.filter(period_name=parsed.period_name)
    found = list(candidates[:10])
    if len(found) <= 1:
        return found[0] if found else None
    numbers = [row[3] for row in parsed.rows if len(row) > 3][:1]
    listing = candidates.filter(entries__registration_number__in=numbers).first()
    return listing or found[0]


def _mismatch(
    digest: str, parsed: files.ParsedFile, announcement: ResultAnnouncement
) -> Verification:
    payload = payload_of(announcement)
    differences = _differences(parsed, payload)
    listed = tuple(differences[:MAX_DIFFERENCES])
    more = max(0, len(differences) - MAX_DIFFERENCES)
    latest = _latest_of(announcement)
    problems = announcement_problems(announcement)
    if problems:
        return _altered(digest, parsed.kind, announcement, latest, problems, listed, more)
    where = _where(announcement)
    if differences:
        message = (
            f"Tidak cocok: berkas {parsed.kind} ini mengaku sebagai {where}, tetapi isinya "
            f"berbeda dengan yang diumumkan ({len(differences)} perbedaan)."
        )
    else:
        message = (
            f"Tidak cocok: isi berkas {parsed.kind} ini sama dengan {where}, tetapi bentuk "
            "berkasnya berbeda (misalnya disimpan ulang atau diformat ulang), sehingga SHA-256-nya "
            "tidak cocok. Unduh berkas asli dari halaman pengumuman."
        )
    return Verification(
        status=VerificationStatus.MISMATCH,
        message=message,
        sha256=digest,
        file_kind=parsed.kind,
        announcement=announcement,
        latest=latest,
        differences=listed,
        more_differences=more,
    )


HEADER_FIELDS = {
    "formasi": "Kode formasi",
    "period": "Nama seleksi",
    "position": "Jabatan",
    "unit": "Unit penempatan",
    "quota": "Kuota",
    "version": "Versi",
    "supersedes_version": "Versi yang digantikan",
    "published_at": "Waktu diumumkan",
    "sanggah_closes_at": "Akhir masa sanggah",
    "note": "Catatan perubahan",
    "formula": "Rumus",
}


def _differences(parsed: files.ParsedFile, payload: dict[str, Any]) -> list[Difference]:
    """What the file says differently from the published record, row by row and column by
    column (the table of the canonical payload is the common shape of JSON and CSV)."""
    differences: list[Difference] = []
    if parsed.payload is not None:
        for key, label in HEADER_FIELDS.items():
            published, in_file = payload.get(key), parsed.payload.get(key)
            if published != in_file:
                differences.append(Difference("", label, _text(published), _text(in_file)))
    header, rows = files.table(payload)
    if parsed.header != header:
        differences.append(
            Difference("", "Judul kolom", ", ".join(header), ", ".join(parsed.header))
        )
    published_rows = {row[3]: row for row in rows}
    file_rows = {row[3]: row for row in parsed.rows if len(row) > 3}
    for number, row in published_rows.items():
        other = file_rows.get(number)
        if other is None:
            differences.append(Difference(number, ROW, "ada", ""))
            continue
        for index, title in enumerate(header):
            if index == 3:
                continue
            value = other[index] if index < len(other) else ""
            if value != row[index]:
                differences.append(Difference(number, title, row[index], value))
    for number in file_rows:
        if number not in published_rows:
            differences.append(Difference(number, ROW, "", "ada"))
    if not differences and [row[3] for row in parsed.rows] != [row[3] for row in rows]:
        differences.append(Difference("", "Urutan baris", "urut peringkat", "berbeda"))
    return differences


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return files.canonical_json_bytes({"v": value}).decode("utf-8")[5:-1]
    return str(value)
