"""Who may do what in the CAT.

The question bank is seen by question writers (penulis soal) and Admin BKPSDM only. Admin BKPSDM
runs blueprints, sittings, results, imports and item decisions; the Auditor reads them. A proctor
(pengawas ujian) acts only on the sittings they are assigned to. A participant acts on their own
attempt through its browser token (services/answers.py), never through these checks.
"""

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.exams.models import Sitting, SittingProctor

BANK_ROLES = (Role.PENULIS_SOAL, Role.ADMIN_BKPSDM)
EXAM_ADMIN_ROLES = (Role.ADMIN_BKPSDM,)
EXAM_READ_ROLES = (Role.ADMIN_BKPSDM, Role.AUDITOR)


def can_manage_bank(user: User) -> bool:
    return user.is_authenticated and user.has_role(*BANK_ROLES)


def can_manage_exams(user: User) -> bool:
    return user.is_authenticated and user.has_role(*EXAM_ADMIN_ROLES)


def can_read_exams(user: User) -> bool:
    return user.is_authenticated and user.has_role(*EXAM_READ_ROLES)


def can_proctor(user: User, sitting: Sitting) -> bool:
    """Admin BKPSDM, or a proctor assigned to this sitting who still holds the role."""
    if not user.is_authenticated:
        return False
    if user.has_role(*EXAM_ADMIN_ROLES):
        return True
    return (
        user.has_role(Role.PENGAWAS_UJIAN)
        and SittingProctor.objects.filter(sitting=sitting, user=user).exists()
    )
