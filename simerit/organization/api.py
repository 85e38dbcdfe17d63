"""Work units over JSON: /api/v1/work-units/, the tree flattened in path order."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.core.roles import Role
from simerit.organization.models import WorkUnit
from simerit.organization.permissions import can_view_unit
from simerit.organization.selectors import visible_units

router = Router(tags=["Unit kerja"])

# Roles that see units (organization.selectors.visible_units); every other role gets a 403.
READER_ROLES = (Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD)


class WorkUnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: WorkUnit.Kind
    parent_id: int | None
    path: str = Field(description='Jalur id dari akar, mis. "/1/4/17/".')
    depth: int = Field(description="Kedalaman di pohon; Pemerintah Daerah = 0.")
    is_active: bool


class WorkUnitPage(Page[WorkUnitOut]):
    pass


@router.get(
    "/",
    response={200: WorkUnitPage, **READ_ERRORS},
    summary="Daftar unit kerja",
    description="Pohon unit kerja yang boleh dilihat pemanggil, diratakan: induk selalu sebelum "
    "anaknya (urut `path`), dengan `parent_id` dan `depth`.",
)
def list_work_units(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    """Units the caller may see, parents before their children (ordered by path)."""
    user = caller(request)
    if not user.has_role(*READER_ROLES):
        raise PermissionDenied
    return paginate(visible_units(user).order_by("path"), params)


@router.get(
    "/{unit_id}",
    response={200: WorkUnitOut, **DETAIL_ERRORS},
    summary="Satu unit kerja",
    description="403 bila unit ada tetapi di luar cakupan pemanggil.",
)
def get_work_unit(request: HttpRequest, unit_id: int) -> WorkUnit:
    unit = get_or_404(WorkUnit.objects.all(), unit_id)
    if not can_view_unit(caller(request), unit):
        raise PermissionDenied
    return unit
