"""Reads of the administrative selection: conflicts of interest, verifier queues, the outcome a
verifier's reviews lead to, and the workload HR watches."""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.recruitment.models import (
    Applicant,
    Application,
    ApplicationDocument,
    ConflictDeclaration,
    DocumentKind,
    DocumentReview,
    Formasi,
    RejectionReason,
    Sanggah,
    SelectionPeriod,
    StaffFamilyCard,
    VerificationAssignment,
)
from simerit.recruitment.rules import Eligibility
from simerit.recruitment.selectors.eligibility import check_application

AssignmentRole = VerificationAssignment.Role
UNDECIDED_STATUSES = (Application.Status.SUBMITTED, Application.Status.TMS_PENDING)
DECIDED_STATUSES = (Application.Status.MS, Application.Status.TMS)

# Public wording of a failed requirement: the applicant's own page has the exact sentence (with
# their age or major); the public list shows only which requirement failed.
PUBLIC_FAILURE_LABELS = {
    "age": "Usia tidak memenuhi syarat",
    "age_min": "Usia tidak memenuhi syarat",
    "age_max": "Usia tidak memenuhi syarat",
    "education_level": "Kualifikasi pendidikan tidak sesuai",
    "education_major": "Kualifikasi pendidikan tidak sesuai",
    "track": "Tidak memenuhi syarat jenis formasi",
    "track_disability": "Tidak memenuhi syarat jenis formasi",
    "gpa": "IPK tidak memenuhi syarat",
    "gpa_missing": "IPK tidak memenuhi syarat",
}
PUBLIC_FAILURE_DEFAULT = "Persyaratan formasi tidak terpenuhi"


# --- Conflicts of interest


@dataclass(frozen=True)
class ConflictIndex:
    """The declared relatives' NIKs and the own KK of a set of staff, for in-memory checks."""

    niks: dict[int, set[str]] = field(default_factory=dict)
    kks: dict[int, str] = field(default_factory=dict)

    def conflicts(self, user_id: int, applicant: Applicant) -> bool:
        if applicant.nik and applicant.nik in self.niks.get(user_id, set()):
            return True
        kk = self.kks.get(user_id)
        return bool(kk) and kk == applicant.kk_number


def conflict_index(user_ids: Iterable[int]) -> ConflictIndex:
    ids = list(user_ids)
    niks: dict[int, set[str]] = defaultdict(set)
    declared = ConflictDeclaration.objects.filter(user_id__in=ids).exclude(relative_nik="")
    for user_id, nik in declared.values_list("user_id", "relative_nik"):
        niks[user_id].add(nik)
    kks = dict(StaffFamilyCard.objects.filter(user_id__in=ids).values_list("user_id", "kk_number"))
    return ConflictIndex(niks=dict(niks), kks=kks)


def is_in_conflict(*, user: User, applicant: Applicant) -> bool:
    """A declared relative has the applicant's NIK, or the staff member shares the applicant's KK."""
    return conflict_index([user.pk]).conflicts(user.pk, applicant)


def list_declarations(*, user: User) -> QuerySet[ConflictDeclaration]:
    return ConflictDeclaration.objects.filter(user=user).order_by("relative_name", "pk")


def get_family_card(*, user: User) -> StaffFamilyCard | None:
    return StaffFamilyCard.objects.filter(user=user).first()


# --- Verifiers and their load


def active_verifiers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, groups__name=Role.VERIFIKATOR.value)
        .distinct()
        .order_by("pk")
    )


def open_load(user_ids: Iterable[int]) -> dict[int, int]:
    """Open assignments (any period, any role) per verifier; a verifier with none has 0."""
    ids = list(user_ids)
    counts = dict(
        VerificationAssignment.objects.filter(verifier_id__in=ids, completed_at__isnull=True)
        .values("verifier_id")
        .annotate(n=Count("pk"))
        .values_list("verifier_id", "n")
    )
    return {user_id: counts.get(user_id, 0) for user_id in ids}


def can_hold_assignment(*, user: User, applicant: Applicant) -> bool:
    """Active, still a verifier, and not in conflict with the applicant."""
    return (
        user.is_active
        and active_verifiers().filter(pk=user.pk).exists()
        and not is_in_conflict(user=user, applicant=applicant)
    )


def holder_problem(user: User, *, is_verifier: bool, in_conflict: bool) -> str:
    """Why a holder can no longer keep an open assignment, in Indonesian; empty when they can."""
    if not user.is_active:
        return "akun nonaktif"
    if not is_verifier:
        return "tidak lagi berperan verifikator"
    if in_conflict:
        return "konflik kepentingan dengan pelamar"
    return ""


@dataclass(frozen=True)
class StaleAssignment:
    assignment: VerificationAssignment
    problem: str


def open_assignments(
    *, period: SelectionPeriod, formasi: Formasi | None = None, verifier_id: int | None = None
) -> QuerySet[VerificationAssignment]:
    """Assignments of the period not yet completed, oldest first."""
    assignments = VerificationAssignment.objects.filter(
        application__period=period, completed_at__isnull=True
    ).select_related(
        "verifier",
        "application__applicant",
        "application__formasi__position",
        "application__formasi__work_unit",
    )
    if formasi is not None:
        assignments = assignments.filter(application__formasi=formasi)
    if verifier_id is not None:
        assignments = assignments.filter(verifier_id=verifier_id)
    return assignments.order_by("created_at", "pk")


def holder_problems(assignments: Iterable[VerificationAssignment]) -> dict[int, str]:
    """For each assignment (by pk), why its holder can no longer do it; empty when they can."""
    rows = list(assignments)
    holder_ids = {row.verifier_id for row in rows}
    verifiers = set(active_verifiers().filter(pk__in=holder_ids).values_list("pk", flat=True))
    conflicts = conflict_index(verifiers)
    return {
        row.pk: holder_problem(
            row.verifier,
            is_verifier=row.verifier_id in verifiers,
            in_conflict=conflicts.conflicts(row.verifier_id, row.application.applicant),
        )
        for row in rows
    }


def stale_open_assignments(
    *, period: SelectionPeriod, formasi: Formasi | None = None
) -> list[StaleAssignment]:
    """Open assignments whose holder is inactive, lost the VERIFIKATOR role, or is in conflict."""
    rows = list(open_assignments(period=period, formasi=formasi))
    problems = holder_problems(rows)
    return [StaleAssignment(row, problems[row.pk]) for row in rows if problems[row.pk]]


def get_assignment(
    *, application: Application, role: str, verifier: User | None = None
) -> VerificationAssignment | None:
    assignments = VerificationAssignment.objects.filter(application=application, role=role)
    if verifier is not None:
        assignments = assignments.filter(verifier=verifier)
    return assignments.select_related("verifier").first()


# --- The verifier's queue


class QueueState:
    OPEN = "open"
    DONE = "done"
    CHOICES = (("", "Semua"), (OPEN, "Belum selesai"), (DONE, "Selesai"))


def list_queue(
    *,
    verifier: User,
    formasi_id: int | None = None,
    status: str = "",
    state: str = "",
    role: str = "",
) -> QuerySet[VerificationAssignment]:
    """The verifier's own assignments: open ones first (oldest first), then the done ones."""
    assignments = VerificationAssignment.objects.filter(verifier=verifier).select_related(
        "application__applicant",
        "application__formasi__position",
        "application__formasi__work_unit",
        "application__period",
        "application__sanggah",
    )
    if formasi_id is not None:
        assignments = assignments.filter(application__formasi_id=formasi_id)
    if status:
        assignments = assignments.filter(application__status=status)
    if role:
        assignments = assignments.filter(role=role)
    if state == QueueState.OPEN:
        assignments = assignments.filter(completed_at__isnull=True)
    elif state == QueueState.DONE:
        assignments = assignments.filter(completed_at__isnull=False)
    return assignments.order_by(F("completed_at").desc(nulls_first=True), "created_at", "pk")


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def open(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def queue_progress(*, verifier: User) -> Progress:
    numbers = VerificationAssignment.objects.filter(verifier=verifier).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False))
    )
    return Progress(done=numbers["done"], total=numbers["total"])


def queue_formasi(*, verifier: User) -> QuerySet[Formasi]:
    """The formasi the verifier has assignments in (choices of the queue filter)."""
    return (
        Formasi.objects.filter(applications__assignments__verifier=verifier)
        .select_related("position")
        .distinct()
        .order_by("code")
    )


# --- One application under review


@dataclass(frozen=True)
class DocumentRow:
    kind: DocumentKind
    document: ApplicationDocument | None
    review: DocumentReview | None
    is_required: bool


@dataclass(frozen=True)
class Outcome:
    """What the first verifier's reviews and the requirement checks lead to."""

    rows: list[DocumentRow]
    eligibility: Eligibility
    reasons: list[str]  # detailed, for the applicant
    public_reasons: list[str]  # short, for the public announcement

    @property
    def unreviewed(self) -> list[str]:
        return [r.kind.name for r in self.rows if r.document is not None and r.review is None]

    @property
    def is_ms(self) -> bool:
        return not self.reasons


def document_rows(
    application: Application, assignment: VerificationAssignment | None
) -> list[DocumentRow]:
    """Every document the formasi asks for and every uploaded one, with the first review of each."""
    specs = {
        spec.kind_id: spec
        for spec in application.formasi.documents.select_related("kind").order_by("kind__name")
    }
    documents = {
        doc.kind_id: doc for doc in application.documents.select_related("kind").order_by("pk")
    }
    reviews: dict[int, DocumentReview] = {}
    if assignment is not None:
        reviews = {review.document_id: review for review in assignment.reviews.all()}
    kinds: dict[int, DocumentKind] = {kind_id: spec.kind for kind_id, spec in specs.items()}
    for kind_id, doc in documents.items():
        kinds.setdefault(kind_id, doc.kind)
    rows = []
    for kind_id, kind in sorted(kinds.items(), key=lambda item: item[1].name):
        document = documents.get(kind_id)
        spec = specs.get(kind_id)
        rows.append(
            DocumentRow(
                kind=kind,
                document=document,
                review=reviews.get(document.pk) if document is not None else None,
                is_required=spec is not None and spec.is_required,
            )
        )
    return rows


def review_reason(review: DocumentReview) -> str:
    return RejectionReason(review.reason).label if review.reason else ""


def compute_outcome(application: Application, assignment: VerificationAssignment | None) -> Outcome:
    """MS when every document is valid and every requirement is met; otherwise the reasons.

    Reasons come in reading order: missing required documents, invalid documents (reason and
    note), then each failed requirement of the formasi checked again against the current rules.
    """
    rows = document_rows(application, assignment)
    eligibility = check_application(application)
    reasons: list[str] = []
    public: list[str] = []
    for row in rows:
        if row.document is None and row.is_required:
            reasons.append(f"{row.kind.name}: dokumen wajib tidak diunggah.")
            public.append(f"{row.kind.name}: tidak diunggah")
        elif row.review is not None and not row.review.is_valid:
            label = review_reason(row.review)
            note = row.review.note.strip()
            reasons.append(f"{row.kind.name}: {label}." + (f" Catatan: {note}" if note else ""))
            public.append(f"{row.kind.name}: {label}")
    for failure in eligibility.failures:
        reasons.append(failure.message)
        label = PUBLIC_FAILURE_LABELS.get(failure.code, PUBLIC_FAILURE_DEFAULT)
        if label not in public:
            public.append(label)
    return Outcome(rows=rows, eligibility=eligibility, reasons=reasons, public_reasons=public)


def get_application_for_review(application_id: int) -> Application | None:
    return (
        Application.objects.select_related(
            "applicant__education_level",
            "formasi__position",
            "formasi__work_unit",
            "period",
        )
        .filter(pk=application_id)
        .first()
    )


def user_assignments(*, application: Application, user: User) -> dict[str, VerificationAssignment]:
    """The user's assignments on the application, by role."""
    return {
        assignment.role: assignment
        for assignment in VerificationAssignment.objects.filter(
            application=application, verifier=user
        )
    }


def latest_return_note(application: Application) -> str:
    """The second verifier's note when a TMS was sent back for another review."""
    note = (
        VerificationAssignment.objects.filter(
            application=application, role=AssignmentRole.CONFIRMATION
        )
        .values_list("note", flat=True)
        .first()
    )
    return note or ""


def snapshot_failures(application: Application) -> list[str] | None:
    """The failures recorded at submission; None when nothing was recorded."""
    snapshot = application.eligibility_snapshot or {}
    if "failures" not in snapshot and "eligible" not in snapshot:
        return None
    failures = snapshot.get("failures") or []
    return [
        str(item.get("message", "")) if isinstance(item, dict) else str(item) for item in failures
    ]


def get_sanggah_for_review(sanggah_id: int) -> Sanggah | None:
    return (
        Sanggah.objects.select_related(
            "application__applicant",
            "application__formasi__position",
            "application__formasi__work_unit",
            "application__period",
            "announcement",
        )
        .prefetch_related("documents__kind")
        .filter(pk=sanggah_id)
        .first()
    )


# --- Workload (HR)


@dataclass(frozen=True)
class VerifierWorkload:
    verifier: User
    assigned: int
    done: int
    open: int
    first_done: int
    tms: int
    median_hours: float | None

    @property
    def tms_rate(self) -> int | None:
        """Share of the verifier's first decisions that were TMS, in percent."""
        return round(100 * self.tms / self.first_done) if self.first_done else None


def verifier_workload(*, period: SelectionPeriod) -> list[VerifierWorkload]:
    """Every active verifier, and anyone else holding assignments in the period."""
    assignments = VerificationAssignment.objects.filter(application__period=period)
    was_tms = Q(application__status__in=(Application.Status.TMS, Application.Status.TMS_PENDING))
    was_tms |= Q(application__sanggah__isnull=False)
    first_done = Q(role=AssignmentRole.FIRST, completed_at__isnull=False)
    numbers = {
        row["verifier_id"]: row
        for row in assignments.values("verifier_id").annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=Q(completed_at__isnull=False)),
            first_done=Count("pk", filter=first_done),
            tms=Count("pk", filter=first_done & was_tms),
        )
    }
    durations: dict[int, list[float]] = defaultdict(list)
    finished = assignments.filter(completed_at__isnull=False).values_list(
        "verifier_id", "created_at", "completed_at"
    )
    for verifier_id, created_at, completed_at in finished:
        if completed_at is not None:
            durations[verifier_id].append((completed_at - created_at).total_seconds() / 3600)
    users = User.objects.filter(
        Q(pk__in=numbers.keys()) | Q(pk__in=active_verifiers().values("pk"))
    ).order_by("full_name", "username")
    rows = []
    for user in users:
        row = numbers.get(user.pk, {})
        assigned, done = row.get("assigned", 0), row.get("done", 0)
        hours = durations.get(user.pk)
        rows.append(
            VerifierWorkload(
                verifier=user,
                assigned=assigned,
                done=done,
                open=assigned - done,
                first_done=row.get("first_done", 0),
                tms=row.get("tms", 0),
                median_hours=round(statistics.median(hours), 1) if hours else None,
            )
        )
    return rows


def formasi_progress(*, period: SelectionPeriod) -> QuerySet[Formasi]:
    """Formasi of the period with n_submitted, n_ms, n_tms, n_pending (SUBMITTED or TMS pending)."""
    apps = "applications"
    return (
        Formasi.objects.filter(period=period)
        .select_related("position", "work_unit")
        .annotate(
            n_submitted=Count(
                apps,
                filter=Q(applications__status__in=(*UNDECIDED_STATUSES, *DECIDED_STATUSES)),
            ),
            n_ms=Count(apps, filter=Q(applications__status=Application.Status.MS)),
            n_tms=Count(apps, filter=Q(applications__status=Application.Status.TMS)),
            n_pending=Count(apps, filter=Q(applications__status__in=UNDECIDED_STATUSES)),
        )
        .order_by("code")
    )


@dataclass(frozen=True)
class AssignmentBacklog:
    first: int
    confirmation: int
    sanggah: int
    stale: int = 0  # open assignments whose holder can no longer do them

    @property
    def total(self) -> int:
        return self.first + self.confirmation + self.sanggah + self.stale


def assignment_backlog(*, period: SelectionPeriod) -> AssignmentBacklog:
    """Work waiting for a verifier: new submissions, TMS to confirm, sanggah to decide, and open
    assignments of holders who are inactive, no longer verifiers, or in conflict."""
    apps = Application.objects.filter(period=period)
    return AssignmentBacklog(
        stale=len(stale_open_assignments(period=period)),
        first=apps.filter(status=Application.Status.SUBMITTED)
        .exclude(assignments__role=AssignmentRole.FIRST)
        .count(),
        confirmation=apps.filter(status=Application.Status.TMS_PENDING)
        .exclude(assignments__role=AssignmentRole.CONFIRMATION)
        .count(),
        sanggah=Sanggah.objects.filter(application__period=period, status=Sanggah.Status.FILED)
        .exclude(application__assignments__role=AssignmentRole.SANGGAH)
        .count(),
    )


def default_period() -> SelectionPeriod | None:
    """The newest published period, else the newest one."""
    periods = SelectionPeriod.objects.order_by("-year", "-pk")
    return periods.filter(status=SelectionPeriod.Status.PUBLISHED).first() or periods.first()
