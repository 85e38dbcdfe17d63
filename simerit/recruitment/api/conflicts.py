"""Conflict-of-interest declarations over JSON: declared relatives and the officer's own KK.

Verifiers and assessors only; NIK and KK come back masked.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from simerit.accounts.models import User
from simerit.core.api import READ_ERRORS, WRITE_ERRORS, caller, get_or_404
from simerit.recruitment.api.verification import StrictIn
from simerit.recruitment.models import ConflictDeclaration
from simerit.recruitment.selectors import verification as selectors
from simerit.recruitment.services import conflicts as conflict_services

router = Router(tags=["Rekrutmen: konflik kepentingan"])


class DeclarationIn(StrictIn):
    relative_name: str = Field(max_length=150)
    relation: str = Field(max_length=60)
    relative_nik: str = Field("", max_length=20, description="Opsional, 16 digit.")


class DeclarationOut(Schema):
    id: int
    relative_name: str
    relation: str
    relative_nik: str = Field(description="Disamarkan; kosong bila tidak diisi.")

    @staticmethod
    def resolve_relative_nik(obj: ConflictDeclaration) -> str:
        return conflict_services.mask_number(obj.relative_nik) if obj.relative_nik else ""


class FamilyCardIn(StrictIn):
    kk_number: str = Field(max_length=20)


class FamilyCardOut(Schema):
    kk_number: str = Field(description="Disamarkan.")


def _declarer(request: HttpRequest) -> User:
    user = caller(request)
    if not user.has_role(*conflict_services.DECLARING_ROLES):
        raise PermissionDenied("Hanya verifikator atau asesor yang mengisi pernyataan ini.")
    return user


@router.get(
    "/verification/conflicts",
    response={200: list[DeclarationOut], **READ_ERRORS},
    summary="Kerabat yang saya nyatakan",
)
def list_declarations(request: HttpRequest) -> Any:
    return selectors.list_declarations(user=_declarer(request))


@router.post(
    "/verification/conflicts",
    response={201: DeclarationOut, **WRITE_ERRORS},
    summary="Nyatakan kerabat",
    description="Lamaran kerabat dengan NIK ini tidak akan ditugaskan kepada Anda; tugas "
    "terbuka atas lamarannya dilepas.",
)
def declare(request: HttpRequest, payload: DeclarationIn) -> Status[ConflictDeclaration]:
    user = _declarer(request)
    declaration = conflict_services.declare_relative(user=user, actor=user, **payload.model_dump())
    return Status(201, declaration)


@router.delete(
    "/verification/conflicts/{declaration_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Hapus pernyataan kerabat",
)
def withdraw(request: HttpRequest, declaration_id: int) -> Status[None]:
    user = _declarer(request)
    declaration = get_or_404(ConflictDeclaration.objects.filter(user=user), declaration_id)
    conflict_services.withdraw_declaration(declaration=declaration, actor=user)
    return Status(204, None)


@router.put(
    "/verification/family-card",
    response={200: FamilyCardOut, **WRITE_ERRORS},
    summary="Catat nomor KK saya",
    description="Pelamar dengan nomor KK yang sama tidak akan ditugaskan kepada Anda.",
)
def family_card(request: HttpRequest, payload: FamilyCardIn) -> dict[str, str]:
    user = _declarer(request)
    card = conflict_services.set_family_card(user=user, kk_number=payload.kk_number, actor=user)
    return {"kk_number": conflict_services.mask_number(card.kk_number)}
