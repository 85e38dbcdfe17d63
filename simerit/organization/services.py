"""Writes to the organisation tree. Each writes its audit row in the same transaction."""

from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.roles import Role
from simerit.organization.models import OpdAdmin, Position, Region, WorkUnit
from simerit.organization.permissions import forget_opd_scope


def check_new_work_unit(*, code: str, kind: str, parent: WorkUnit | None) -> None:
    """Raise the DomainError create_work_unit would raise (forms call it to show it on a field)."""
    if parent is None and kind != WorkUnit.Kind.GOVERNMENT:
        raise DomainError(
            "Unit kerja selain Pemerintah Daerah harus memiliki unit induk.", field="parent"
        )
    if parent is not None and not parent.is_active:
        raise DomainError(f"Unit induk '{parent.name}' sudah tidak aktif.", field="parent")
    if WorkUnit.objects.filter(code=code.strip()).exists():
        raise ConflictError(f"Kode unit '{code.strip()}' sudah dipakai.", field="code")


@transaction.atomic
def create_work_unit(
    *,
    name: str,
    code: str,
    kind: WorkUnit.Kind,
    parent: WorkUnit | None,
    actor: User | None,
    short_name: str = "",
    region: Region | None = None,
) -> WorkUnit:
    """Add a unit under `parent` (None only for the root: the Pemerintah Daerah)."""
    check_new_work_unit(code=code, kind=kind, parent=parent)
    unit = WorkUnit(
        name=name.strip(),
        short_name=short_name.strip(),
        code=code.strip(),
        kind=kind,
        parent=parent,
        region=region,
        path="/",
        depth=0 if parent is None else parent.depth + 1,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="organization.work_unit.created",
        target=unit,
        changes={
            "name": unit.name,
            "code": unit.code,
            "kind": unit.kind,
            "parent": parent and parent.pk,
        },
    )
    return unit


@transaction.atomic
def rename_work_unit(*, unit: WorkUnit, name: str, short_name: str, actor: User) -> WorkUnit:
    before = {"name": unit.name, "short_name": unit.short_name}
    unit.name = name.strip()
    unit.short_name = short_name.strip()
    unit.full_clean()
    unit.save(update_fields=["name", "short_name", "updated_at"])
    after = {"name": unit.name, "short_name": unit.short_name}
    audit.record(
        actor=actor,
        action="organization.work_unit.renamed",
        target=unit,
        changes=audit.diff(before, after),
    )
    return unit


@transaction.atomic
def create_position(
    *,
    name: str,
    kind: Position.Kind,
    actor: User | None,
    work_unit: WorkUnit | None = None,
    functional_level: str = "",
    eselon: str = "",
) -> Position:
    if functional_level and kind != Position.Kind.FUNGSIONAL:
        raise DomainError(
            "Jenjang hanya berlaku untuk jabatan fungsional.", field="functional_level"
        )
    if kind == Position.Kind.FUNGSIONAL and not functional_level:
        raise DomainError("Jabatan fungsional harus memiliki jenjang.", field="functional_level")
    position = Position(
        name=name.strip(),
        kind=kind,
        work_unit=work_unit,
        functional_level=functional_level,
        eselon=eselon,
    )
    position.full_clean()
    position.save()
    audit.record(
        actor=actor,
        action="organization.position.created",
        target=position,
        changes={
            "name": position.name,
            "kind": position.kind,
            "work_unit": work_unit and work_unit.pk,
        },
    )
    return position


@transaction.atomic
def assign_opd_admin(*, user: User, work_unit: WorkUnit, actor: User | None) -> OpdAdmin:
    """Scope an Admin OPD account to `work_unit` and the units below it."""
    if not user.has_role(Role.ADMIN_OPD):
        raise DomainError("Akun ini tidak memiliki peran Admin OPD.")
    scope, created = OpdAdmin.objects.update_or_create(user=user, defaults={"work_unit": work_unit})
    forget_opd_scope(user)
    audit.record(
        actor=actor,
        action="organization.opd_admin.assigned",
        target=scope,
        changes={"user": user.pk, "work_unit": work_unit.pk, "new": created},
    )
    return scope
