"""Reads of the published final results: versions, an applicant's line and its explanation, the
HR overview, the integrity of what was published, and the verification of a file or a hash.

A record is intact when three things agree: the SHA-256 recomputed from the stored entry rows,
the SHA-256 stored on the announcement, and the SHA-256 written to the audit chain when it was
published. The audit chain is itself hash-linked (`verify_audit`), so changing a row, the stored
hash, or both, is detected. The hash covers the registration number of each line, not the
internal link to the application (the public files never show internal ids), so each line must
also still point at the application with that registration number, of the announcement's formasi:
`announcement_problems` checks both, and the services that act on a published result (sanggah,
appointments) refuse to act on a record that is not intact.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from simerit.audit.models import AuditEvent
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import InvalidInputError
from simerit.recruitment.models import Applicant, Application, Formasi, SelectionPeriod
from simerit.selection import files
from simerit.selection.models import (
    FinalResult,
    IntegrationRun,
    ResultAnnouncement,
    ResultAnnouncementEntry,
    ResultSanggah,
)
from simerit.selection.rules import FinalStatus, display, explain
from simerit.selection.selectors import ranking

PUBLISHED_ACTION = "selection.announcement.published"
TARGET_TYPE = ResultAnnouncement._meta.label_lower
HASH_FIELDS = ("sha256", "csv_sha256", "pdf_sha256")
HASH_KINDS = {"sha256": "JSON", "csv_sha256": "CSV", "pdf_sha256": "PDF"}
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
MAX_DIFFERENCES = 50
ALTERED_MESSAGE = "catatan di basis data telah diubah sesudah diumumkan"


# --- Versions


def announcements() -> QuerySet[ResultAnnouncement]:
    """Every version with what its pages show, without the stored PDF bytes."""
    return ResultAnnouncement.objects.select_related(
        "formasi__period", "supersedes", "superseded_by"
    ).defer("pdf")


def latest_announcement(formasi: Formasi) -> ResultAnnouncement | None:
    return announcements().filter(formasi=formasi).order_by("-version").first()


def get_version(formasi_id: int, version: int) -> ResultAnnouncement | None:
    return announcements().filter(formasi_id=formasi_id, version=version).first()


def get_pdf(announcement: ResultAnnouncement) -> bytes:
    pdf = ResultAnnouncement.objects.filter(pk=announcement.pk).values_list("pdf", flat=True)
    return bytes(pdf.get())


def list_announcements(
    *, period: SelectionPeriod | None = None, search: str = ""
) -> QuerySet[ResultAnnouncement]:
    """Every published version (public), newest publication first; a version that a newer one
    supersedes carries `superseded_by`."""
    versions = announcements().annotate(n_entries=Count("entries"))
    if period is not None:
        versions = versions.filter(formasi__period=period)
    if search.strip():
        versions = versions.filter(formasi_code__icontains=search.strip())
    return versions.order_by("-published_at", "formasi_code", "-version")


def list_versions(formasi_id: int) -> QuerySet[ResultAnnouncement]:
    return announcements().filter(formasi_id=formasi_id).order_by("-version")


def periods_with_announcements() -> QuerySet[SelectionPeriod]:
    return SelectionPeriod.objects.filter(
        Exists(ResultAnnouncement.objects.filter(formasi__period=OuterRef("pk")))
    ).order_by("-year", "name")


def published_formasi(period: SelectionPeriod) -> QuerySet[Formasi]:
    """Formasi of the period with at least one published version, with `latest_version`."""
    return (
        Formasi.objects.filter(period=period, result_announcements__isnull=False)
        .annotate(latest_version=Max("result_announcements__version"))
        .select_related("position", "work_unit")
        .order_by("code")
    )


def entries_of(announcement: ResultAnnouncement) -> list[ResultAnnouncementEntry]:
    return sorted(announcement.entries.all(), key=files.entry_order)


def list_entries(announcement: ResultAnnouncement) -> QuerySet[ResultAnnouncementEntry]:
    """Rank order, unranked last, then the registration number."""
    return announcement.entries.order_by(F("rank").asc(nulls_last=True), "registration_number")


def payload_of(announcement: ResultAnnouncement) -> dict[str, Any]:
    return files.canonical_payload(announcement, entries_of(announcement))


def canonical_json_of(announcement: ResultAnnouncement) -> bytes:
    """The canonical JSON recomputed from the stored rows: byte for byte what was hashed, as long
    as nobody changed the rows."""
    return files.canonical_json_bytes(payload_of(announcement))


def csv_of(announcement: ResultAnnouncement) -> bytes:
    return files.csv_bytes(payload_of(announcement))


# --- The applicant's line


def entry_for(application: Application) -> ResultAnnouncementEntry | None:
    """The application's line in the newest version that lists it (a line whose published
    registration number is another one was re-linked behind the application's back: ignored)."""
    return (
        ResultAnnouncementEntry.objects.filter(
            application=application, registration_number=application.registration_number
        )
        .select_related("announcement__formasi", "announcement__superseded_by")
        .order_by("-announcement__version")
        .first()
    )


def _missing_components(entry: ResultAnnouncementEntry) -> str:
    parts = []
    for component in entry.skb_components:
        if component.get("score") is not None:
            continue
        why = "tidak hadir" if component.get("status") == files.COMPONENT_ABSENT else "tanpa nilai"
        parts.append(f"{component.get('name', '')} tidak ada ({why})")
    return "; ".join(parts)


def explanation(entry: ResultAnnouncementEntry) -> str:
    """Why, in one line: "peringkat 4 dari 57; kuota 3; nilai akhir 78,40 = 40 % × (395/550 ×
    100) + 60 % × 70,00", or for an unranked line the reason ("Tidak Lulus: nilai komponen
    Simulasi kasus klinis tidak ada (tidak hadir)", "Mengundurkan diri")."""
    status = FinalStatus(entry.status)
    if status == FinalStatus.MENGUNDURKAN_DIRI:
        return f"{status.label}: tidak diperingkat; peringkat berikutnya naik."
    if entry.rank is None or entry.skb_score is None:
        missing = _missing_components(entry)
        return f"{status.label}: nilai komponen {missing}" if missing else status.label
    announcement = entry.announcement
    formula = announcement.formula
    ranked = announcement.entries.filter(rank__isnull=False).count()
    try:
        line = explain(
            rank=entry.rank,
            ranked=ranked,
            quota=announcement.quota,
            skd_total=entry.skd_total,
            skd_max=int(formula["skd_max"]),
            skb=entry.skb_score,
            skd_weight=Decimal(formula["skd_weight"]) / 100,
            skb_weight=Decimal(formula["skb_weight"]) / 100,
        )
    except (KeyError, ValueError, TypeError, ArithmeticError):
        line = f"peringkat {entry.rank} dari {ranked}; kuota {announcement.quota}"
    return line + tie_notes(entry)


# --- Ties that look equal: what decided the order (§2.4)

# The keys after the final score that the published line shows, in the order of the chain.
SHOWN_KEYS = (("total SKD", "skd_total"), ("TKP", "tkp"), ("TIU", "tiu"), ("TWK", "twk"))
EDUCATION = "IPK/rata-rata ijazah"
# When the run's rows of the two applications are gone: the keys that are not published.
PRIVATE_KEYS = f"{EDUCATION} atau usia (tidak diumumkan)"
MAX_PLACES = 30


def tie_notes(entry: ResultAnnouncementEntry) -> str:
    """For each neighbouring rank of the same version (the one above, then the one below) whose
    final score reads the same with two decimals: "; sama-sama 78,40 dengan peringkat 5,
    diputus oleh total SKD 395 > 390". Empty when no neighbour looks equal."""
    if entry.rank is None or entry.final_score is None:
        return ""
    ranked = entry.announcement.entries.filter(rank__isnull=False, final_score__isnull=False)
    above = ranked.filter(rank__lt=entry.rank).order_by("-rank", "registration_number").first()
    below = ranked.filter(rank__gt=entry.rank).order_by("rank", "registration_number").first()
    shown = display(entry.final_score)
    notes = []
    for other in (above, below):
        if other is None or other.final_score is None or display(other.final_score) != shown:
            continue
        notes.append(
            f"; sama-sama {shown} dengan peringkat {other.rank}, diputus oleh "
            f"{deciding_step(entry, other)}"
        )
    return "".join(notes)


def deciding_step(entry: ResultAnnouncementEntry, other: ResultAnnouncementEntry) -> str:
    """The first key of the §2.4 chain on which the two lines differ, with the entry's value
    first: the final score as published (4 decimals), the exact final score (from the published
    breakdown and formula), total SKD, TKP, TIU, TWK, then the IPK and the age from the run's
    rows of the two applications, never their values: only which of them decided."""
    mine, theirs = entry.final_score, other.final_score
    if mine is not None and theirs is not None and mine != theirs:
        return f"nilai akhir {_four(mine)} {_sign(mine, theirs)} {_four(theirs)}"
    exact_mine, exact_theirs = exact_final(entry), exact_final(other)
    if exact_mine is not None and exact_theirs is not None and exact_mine != exact_theirs:
        places = _places_apart(exact_mine, exact_theirs)
        return (
            f"nilai akhir sebelum pembulatan {_digits(exact_mine, places)} "
            f"{_sign(exact_mine, exact_theirs)} {_digits(exact_theirs, places)}"
        )
    for label, name in SHOWN_KEYS:
        a, b = getattr(entry, name), getattr(other, name)
        if a != b:
            return f"{label} {a} {_sign(a, b)} {b}"
    return _private_step(entry, other)


def _private_step(entry: ResultAnnouncementEntry, other: ResultAnnouncementEntry) -> str:
    """IPK (none ranks lowest), then the older first, read from the run's FinalResult rows."""
    rows = {
        application_id: (education, birth_date)
        for application_id, education, birth_date in FinalResult.objects.filter(
            run_id=entry.announcement.run_id,
            application_id__in=[entry.application_id, other.application_id],
        ).values_list("application_id", "education_score", "birth_date")
    }
    if entry.application_id not in rows or other.application_id not in rows:
        return PRIVATE_KEYS
    (education, born), (their_education, their_born) = (
        rows[entry.application_id],
        rows[other.application_id],
    )
    mine = education if education is not None else Decimal(-1)
    theirs = their_education if their_education is not None else Decimal(-1)
    if mine != theirs:
        return f"{EDUCATION} {'lebih tinggi' if mine > theirs else 'lebih rendah'}"
    if born != their_born:
        return f"usia {'lebih tua' if born < their_born else 'lebih muda'}"
    return PRIVATE_KEYS


def exact_final(entry: ResultAnnouncementEntry) -> Fraction | None:
    """The final score without rounding, from the published breakdown and formula (the integration
    ranks by it): skd_weight % × total SKD / skd_max × 100 + skb_weight % × Σ weight % × score.
    None when the record does not allow it."""
    formula = entry.announcement.formula
    try:
        skb = sum(
            (
                Fraction(Decimal(part["weight"])) * Fraction(Decimal(part["score"])) / 100
                for part in entry.skb_components
            ),
            Fraction(0),
        )
        skd_max = int(formula["skd_max"])
        return (
            Fraction(Decimal(formula["skd_weight"])) * entry.skd_total / skd_max
            + Fraction(Decimal(formula["skb_weight"])) * skb / 100
        )
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None


def _sign(a: Any, b: Any) -> str:
    return ">" if a > b else "<"


def _four(value: Decimal) -> str:
    return files.comma(files.fixed(value) or "")


def _rounded(value: Fraction, places: int) -> int:
    """value × 10^places, rounded half up."""
    scaled = value * Fraction(10) ** places
    return math.floor(scaled + Fraction(1, 2))


def _places_apart(a: Fraction, b: Fraction) -> int:
    """The fewest decimals (more than the published 4) at which a and b read differently."""
    for places in range(5, MAX_PLACES + 1):
        if _rounded(a, places) != _rounded(b, places):
            return places
    return MAX_PLACES


def _digits(value: Fraction, places: int) -> str:
    """78,40363636: `value` rounded half up to `places` decimals, with a decimal comma."""
    units = _rounded(value, places)
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), 10**places)
    return f"{sign}{whole},{fraction:0{places}d}"


@dataclass(frozen=True)
class ApplicantResult:
    application: Application
    entry: ResultAnnouncementEntry
    explanation: str
    components: list[tuple[str, str]]  # (name with weight, score shown)


def list_applicant_results(applicant: Applicant) -> list[ApplicantResult]:
    """Each of the applicant's applications that a published final result lists."""
    applications = (
        Application.objects.filter(applicant=applicant)
        .select_related("formasi__position", "formasi__work_unit", "period")
        .order_by("-period__year", "-pk")
    )
    results = []
    for application in applications:
        entry = entry_for(application)
        if entry is None:
            continue
        results.append(
            ApplicantResult(
                application=application,
                entry=entry,
                explanation=explanation(entry),
                components=component_cells(entry),
            )
        )
    return results


def component_cells(entry: ResultAnnouncementEntry) -> list[tuple[str, str]]:
    """(name and weight, score as shown) per component: "78,40", "tidak hadir" or "—"."""
    cells = []
    for component in entry.skb_components:
        score = component.get("score")
        if score is not None:
            shown = files.comma(str(score))
        elif component.get("status") == files.COMPONENT_ABSENT:
            shown = "tidak hadir"
        else:
            shown = "—"
        cells.append((files.component_header(component), shown))
    return cells


# --- HR: what each formasi of the latest run looks like


@dataclass(frozen=True)
class FormasiState:
    formasi: Formasi
    run_id: int
    results: int  # FinalResult rows of the latest run
    latest: ResultAnnouncement | None
    sanggah_waiting: int

    @property
    def published_from_latest_run(self) -> bool:
        return self.latest is not None and self.run_id == self.latest.run_id


def formasi_states(period: SelectionPeriod) -> tuple[IntegrationRun | None, list[FormasiState]]:
    """The latest run and, per formasi it covers, its result count, newest version and the
    sanggah still waiting for a decision."""
    run = ranking.latest_run(period)
    if run is None:
        return None, []
    counts = dict(
        FinalResult.objects.filter(run=run)
        .values("formasi")
        .annotate(n=Count("pk"))
        .values_list("formasi", "n")
    )
    formasi = Formasi.objects.filter(pk__in=counts).select_related("position", "work_unit")
    latest: dict[int, ResultAnnouncement] = {}
    for announcement in announcements().filter(formasi__in=counts).order_by("version"):
        latest[announcement.formasi_id] = announcement
    waiting = dict(
        ResultSanggah.objects.filter(
            application__formasi__in=counts, status=ResultSanggah.Status.FILED
        )
        .values("application__formasi")
        .annotate(n=Count("pk"))
        .values_list("application__formasi", "n")
    )
    states = [
        FormasiState(
            formasi=item,
            run_id=run.pk,
            results=counts[item.pk],
            latest=latest.get(item.pk),
            sanggah_waiting=waiting.get(item.pk, 0),
        )
        for item in formasi.order_by("code")
    ]
    return run, states


# --- Integrity


def audited_hashes(announcement: ResultAnnouncement) -> dict[str, Any] | None:
    """The `changes` of the audit event that recorded the publication, or None."""
    event = (
        AuditEvent.objects.filter(
            action=PUBLISHED_ACTION, target_type=TARGET_TYPE, target_id=str(announcement.pk)
        )
        .order_by("seq")
        .first()
    )
    return event.changes if event is not None else None


def integrity_problems(
    announcement: ResultAnnouncement,
    *,
    entries: Iterable[ResultAnnouncementEntry] | None = None,
    audited: Mapping[str, Any] | None = None,
    look_up_audit: bool = True,
) -> list[str]:
    """What no longer matches in the stored record, in Indonesian; empty when it is intact."""
    rows = list(entries) if entries is not None else entries_of(announcement)
    payload = files.canonical_payload(announcement, rows)
    problems = []
    recomputed = files.sha256_hex(files.canonical_json_bytes(payload))
    if recomputed != announcement.sha256:
        problems.append(
            f"SHA-256 yang dihitung ulang dari baris pengumuman ({recomputed}) berbeda dengan "
            f"yang tersimpan ({announcement.sha256}): baris pengumuman telah diubah"
        )
    csv_hash = files.sha256_hex(files.csv_bytes(payload))
    if csv_hash != announcement.csv_sha256:
        problems.append(
            f"SHA-256 CSV yang dihitung ulang ({csv_hash}) berbeda dengan yang tersimpan "
            f"({announcement.csv_sha256})"
        )
    pdf_hash = files.sha256_hex(bytes(announcement.pdf))
    if pdf_hash != announcement.pdf_sha256:
        problems.append(
            f"berkas PDF tersimpan ({pdf_hash}) tidak cocok dengan SHA-256-nya "
            f"({announcement.pdf_sha256})"
        )
    if audited is None and look_up_audit:
        audited = audited_hashes(announcement)
    if audited is None:
        problems.append("tidak ada catatan penerbitannya di jejak audit")
        return problems
    for name in HASH_FIELDS:
        stored, recorded = getattr(announcement, name), audited.get(name)
        if stored != recorded:
            problems.append(
                f"SHA-256 {HASH_KINDS[name]} yang tersimpan ({stored}) berbeda dengan yang "
                f"tercatat di jejak audit ({recorded})"
            )
    return problems


def broken_links() -> QuerySet[ResultAnnouncementEntry]:
    """Lines that no longer point at the application they were published for: the application's
    registration number is not the published one, or the application is of another formasi."""
    return ResultAnnouncementEntry.objects.filter(
        ~Q(registration_number=F("application__registration_number"))
        | ~Q(application__formasi_id=F("announcement__formasi_id"))
    )


def link_reasons(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The problems of `broken_links().values(*LINK_FIELDS)` rows, in Indonesian."""
    reasons = []
    for row in sorted(rows, key=lambda row: str(row["registration_number"])):
        number = row["registration_number"]
        if row["application__registration_number"] != number:
            reasons.append(
                f"baris {number} menunjuk lamaran lain: lamaran yang ditautkan tidak bernomor "
                f"pendaftaran {number}"
            )
        else:
            reasons.append(f"baris {number} menunjuk lamaran formasi lain")
    return reasons


LINK_FIELDS = (
    "announcement_id",
    "registration_number",
    "application__registration_number",
)


def link_problems(announcement: ResultAnnouncement) -> list[str]:
    """The lines of `announcement` that point at another application than the published one."""
    return link_reasons(broken_links().filter(announcement=announcement).values(*LINK_FIELDS))


def announcement_problems(
    announcement: ResultAnnouncement,
    *,
    entries: Iterable[ResultAnnouncementEntry] | None = None,
    audited: Mapping[str, Any] | None = None,
    look_up_audit: bool = True,
    links: list[str] | None = None,
) -> list[str]:
    """Everything that no longer matches, in Indonesian; empty when the record is intact: the
    stored hashes equal the recomputed ones and the ones recorded in the audit chain, and every
    line still points at the application it was published for. `entries`, `audited` and `links`
    let a caller that checks many versions pass what it has already read."""
    problems = integrity_problems(
        announcement, entries=entries, audited=audited, look_up_audit=look_up_audit
    )
    return problems + (links if links is not None else link_problems(announcement))


def not_intact_message(announcement: ResultAnnouncement, problems: list[str]) -> str:
    """The refusal of a service asked to act on a record that is not intact."""
    return (
        f"Pengumuman hasil akhir {announcement.formasi_code} versi {announcement.version} tidak "
        f"utuh: {'; '.join(problems)}; jalankan verify_audit dan hubungi Inspektorat."
    )


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
