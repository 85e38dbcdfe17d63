"""Conflict of interest: staff who verify or assess declare their relatives and their own KK.

PermenPANRB 6/2024 (pengadaan ASN) requires selection free of KKN (domain reference §1.1). A
verifier is never assigned an application of a declared relative (same NIK) or of someone on
the verifier's own family card (same KK number). NIK and KK values never enter the audit log:
the audit masks the keys `nik` and `kk_number`.
"""

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees.rules import IdentifierError, validate_nik
from simerit.recruitment.models import (
    ConflictDeclaration,
    StaffFamilyCard,
    VerificationAssignment,
)

DECLARING_ROLES = (Role.VERIFIKATOR, Role.ASESOR)
KK_PATTERN = re.compile(r"\d{16}")


def mask_number(value: str) -> str:
    """NIK or KK as 1671********0001: region and the last four digits only (UU 27/2022 PDP)."""
    if len(value) != 16:
        return "*" * len(value)
    return f"{value[:4]}{'*' * 8}{value[12:]}"


def _check_declarer(*, user: User, actor: User) -> None:
    if actor.pk != user.pk or not user.has_role(*DECLARING_ROLES):
        raise PermissionDenied("Hanya verifikator atau asesor yang mengisi pernyataan sendiri.")


@transaction.atomic
def declare_relative(
    *, user: User, relative_name: str, relation: str, relative_nik: str = "", actor: User
) -> ConflictDeclaration:
    """Record one relative; an open assignment of that relative's application is released."""
    _check_declarer(user=user, actor=actor)
    errors: dict[str, list[str]] = {}
    relative_name = " ".join(relative_name.split())
    relation = " ".join(relation.split())
    relative_nik = relative_nik.strip().replace(" ", "")
    if not relative_name:
        errors["relative_name"] = ["Nama kerabat wajib diisi."]
    elif len(relative_name) > 150:
        errors["relative_name"] = ["Nama kerabat paling banyak 150 karakter."]
    if not relation:
        errors["relation"] = ["Hubungan kekerabatan wajib diisi."]
    elif len(relation) > 60:
        errors["relation"] = ["Hubungan kekerabatan paling banyak 60 karakter."]
    if relative_nik:
        try:
            validate_nik(relative_nik)
        except IdentifierError as error:
            errors["relative_nik"] = [str(error)]
    if errors:
        raise InvalidInputError(errors)
    if (
        relative_nik
        and ConflictDeclaration.objects.filter(user=user, relative_nik=relative_nik).exists()
    ):
        raise ConflictError("Kerabat dengan NIK ini sudah Anda nyatakan.", field="relative_nik")
    declaration = ConflictDeclaration.objects.create(
        user=user, relative_name=relative_name, relative_nik=relative_nik, relation=relation
    )
    released = _release(user=user)
    changes: dict[str, object] = {"relation": relation, "released_assignments": released}
    if relative_nik:
        changes["nik"] = relative_nik  # masked by the audit log
    audit.record(
        actor=actor,
        action="recruitment.conflict_declaration.created",
        target=declaration,
        changes=changes,
    )
    return declaration


@transaction.atomic
def withdraw_declaration(*, declaration: ConflictDeclaration, actor: User) -> None:
    """Remove one of the actor's own declarations (e.g. entered by mistake)."""
    if declaration.user_id != actor.pk:
        raise PermissionDenied("Pernyataan ini bukan milik Anda.")
    _check_declarer(user=actor, actor=actor)
    audit.record(
        actor=actor,
        action="recruitment.conflict_declaration.deleted",
        target=declaration,
        changes={"relation": declaration.relation},
    )
    declaration.delete()


@transaction.atomic
def set_family_card(*, user: User, kk_number: str, actor: User) -> StaffFamilyCard:
    """Record or replace the staff member's own KK number (16 digits)."""
    _check_declarer(user=user, actor=actor)
    kk_number = kk_number.strip().replace(" ", "")
    if not KK_PATTERN.fullmatch(kk_number):
        raise InvalidInputError({"kk_number": ["Nomor KK harus 16 digit angka."]})
    card, created = StaffFamilyCard.objects.select_for_update().get_or_create(
        user=user, defaults={"kk_number": kk_number}
    )
    if not created:
        if card.kk_number == kk_number:
            return card
        card.kk_number = kk_number
        card.save(update_fields=["kk_number", "updated_at"])
    released = _release(user=user)
    audit.record(
        actor=actor,
        action="recruitment.staff_family_card.created"
        if created
        else "recruitment.staff_family_card.updated",
        target=card,
        changes={"kk_number": kk_number, "released_assignments": released},
    )
    return card


def _release(*, user: User) -> int:
    """Open assignments that the staff member's declarations now conflict with go back to the pool.

    The next assignment run gives them to someone else; reviews already made on them by this
    verifier are removed with the assignment (a conflicted verdict must not count).
    """
    niks = list(
        ConflictDeclaration.objects.filter(user=user)
        .exclude(relative_nik="")
        .values_list("relative_nik", flat=True)
    )
    card = StaffFamilyCard.objects.filter(user=user).first()
    condition = Q(application__applicant__nik__in=niks)
    if card is not None:
        condition |= Q(application__applicant__kk_number=card.kk_number)
    open_conflicting = VerificationAssignment.objects.filter(
        verifier=user, completed_at__isnull=True
    ).filter(condition)
    ids = list(open_conflicting.values_list("pk", flat=True))
    if ids:
        VerificationAssignment.objects.filter(pk__in=ids).delete()
    return len(ids)
