"""Reads of the published final results: versions and their files, an applicant's entry and
results, the HR overview, and the integrity of what was published. The one-line explanation of an
entry is in `announcement_explanations`, the verification of a file or a hash in `verification`.

A record is intact when three things agree: the SHA-256 recomputed from the stored entry rows,
the SHA-256 stored on the announcement, and the SHA-256 written to the audit chain when it was
published. The audit chain is itself hash-linked (`verify_audit`), so changing a row, the stored
hash, or both, is detected. The hash covers the registration number of each line, not the
internal link to the application (the public files never show internal ids), so each line must
also still point at the application with that registration number, of the announcement's formasi:
`announcement_problems` checks both, and the services that act on a published result (sanggah,
appointments) refuse to act on a record that is not intact.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from simerit.audit.models import AuditEvent
from simerit.recruitment.models import Applicant, Application, Formasi, SelectionPeriod
from simerit.selection import files
from simerit.selection.models import (
    FinalResult,
    IntegrationRun,
    ResultAnnouncement,
    ResultAnnouncementEntry,
    ResultSanggah,
)
from simerit.selection.selectors import ranking
from simerit.selection.selectors.announcement_explanations import component_cells, explanation

PUBLISHED_ACTION = "selection.announcement.published"
TARGET_TYPE = ResultAnnouncement._meta.label_lower
HASH_FIELDS = ("sha256", "csv_sha256", "pdf_sha256")
HASH_KINDS = {"sha256": "JSON", "csv_sha256": "CSV", "pdf_sha256": "PDF"}


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
