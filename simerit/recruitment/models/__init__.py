"""Recruitment (seleksi CASN): periods, formasi, applicants, applications, verification,
announcements and sanggah. Domain reference §1 and §4.

Year-specific numbers (age limits, document specs, windows) live in rows, never in code.

The models live in sub-modules by part (periods, formasi, applications, verification,
announcements). Django's app registry and the migrations (`document_path`) read them from
`simerit.recruitment.models`, so this package imports them here.
"""

from simerit.recruitment.models.announcements import (
    Announcement,
    AnnouncementEntry,
    Sanggah,
)
from simerit.recruitment.models.applications import (
    Applicant,
    Application,
    ApplicationDocument,
    ConsentRecord,
    document_path,
)
from simerit.recruitment.models.formasi import (
    DocumentKind,
    Formasi,
    FormasiDocument,
    FormasiEducation,
    FormasiQuerySet,
    Track,
)
from simerit.recruitment.models.periods import (
    SelectionKind,
    SelectionPeriod,
    Stage,
    StageWindow,
)
from simerit.recruitment.models.verification import (
    ConflictDeclaration,
    DocumentReview,
    RejectionReason,
    StaffFamilyCard,
    VerificationAssignment,
)

__all__ = [
    "Announcement",
    "AnnouncementEntry",
    "Applicant",
    "Application",
    "ApplicationDocument",
    "ConflictDeclaration",
    "ConsentRecord",
    "DocumentKind",
    "DocumentReview",
    "Formasi",
    "FormasiDocument",
    "FormasiEducation",
    "FormasiQuerySet",
    "RejectionReason",
    "Sanggah",
    "SelectionKind",
    "SelectionPeriod",
    "StaffFamilyCard",
    "Stage",
    "StageWindow",
    "Track",
    "VerificationAssignment",
    "document_path",
]
