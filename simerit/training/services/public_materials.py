"""Reading materials on the selection for the public page, managed by Admin BKPSDM: plain text
(paragraphs) with an optional PDF, checked by its content (recruitment/uploads.py: a real PDF
without active content) and kept in private storage under a random name; a material is public
only while published, its PDF too."""

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment import uploads
from simerit.training.models import ReadingMaterial
from simerit.training.services import public as registrations

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 500
BODY_MAX_LENGTH = 50_000
MAX_POSITION = 32_767
MATERIAL_MAX_KB = 10_240


@dataclass(frozen=True)
class MaterialInput:
    title: str
    summary: str
    body: str
    position: int = 0


def _clean_material(data: MaterialInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "title": " ".join(data.title.split()),
        "summary": " ".join(data.summary.split()),
        "body": data.body.replace("\r\n", "\n").strip(),
        "position": data.position,
    }
    for field, label, limit in (
        ("title", "Judul", TITLE_MAX_LENGTH),
        ("summary", "Ringkasan", SUMMARY_MAX_LENGTH),
        ("body", "Isi", BODY_MAX_LENGTH),
    ):
        if not values[field]:
            errors[field] = [f"{label} wajib diisi."]
        elif len(values[field]) > limit:
            errors[field] = [f"{label} paling banyak {limit:,} karakter.".replace(",", ".")]
    if not 0 <= data.position <= MAX_POSITION:
        errors["position"] = [f"Urutan harus antara 0 dan {MAX_POSITION}."]
    if errors:
        raise InvalidInputError(errors)
    return values


def _checked_pdf(upload: "File[bytes]") -> uploads.CheckedFile:
    data, size = uploads.read_limited(upload, max_kb=MATERIAL_MAX_KB)
    try:
        return uploads.check_upload(
            data, size=size, allowed_formats=("pdf",), max_kb=MATERIAL_MAX_KB, label="lampiran"
        )
    except uploads.UploadRejectedError as error:
        raise InvalidInputError({"file": [str(error)]}) from None


def material_snapshot(material: ReadingMaterial) -> dict[str, Any]:
    """What the audit log keeps of a material: the body by its fingerprint, not its text."""
    return {
        "title": material.title,
        "summary": material.summary,
        "body_sha256": hashlib.sha256(material.body.encode("utf-8")).hexdigest(),
        "position": material.position,
        "file_sha256": material.file_sha256,
    }


def _attach(material: ReadingMaterial, checked: uploads.CheckedFile) -> str:
    """Store the PDF under a random name; the stored name (to delete on failure)."""
    material.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(checked.content), save=False)
    material.file_sha256 = checked.sha256
    return material.file.name or ""


def _delete_after_commit(material: ReadingMaterial, name: str) -> None:
    storage = material.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _save_with_file(
    material: ReadingMaterial, stored: str, action: str, changes: dict[str, Any], actor: User
) -> None:
    """Save and audit; a file stored for this save is deleted again when the save fails."""
    try:
        material.full_clean()
        material.save()
        audit.record(actor=actor, action=action, target=material, changes=changes)
    except Exception:
        if stored:
            material.file.storage.delete(stored)
        raise


@transaction.atomic
def create_material(
    *, data: MaterialInput, upload: "File[bytes] | None", actor: User
) -> ReadingMaterial:
    """A new material, unpublished, with an optional PDF checked by its content."""
    registrations.check_hr(actor)
    values = _clean_material(data)
    checked = _checked_pdf(upload) if upload is not None else None
    material = ReadingMaterial(created_by=actor, is_published=False, **values)
    stored = _attach(material, checked) if checked is not None else ""
    _save_with_file(
        material, stored, "training.reading_material.created", material_snapshot(material), actor
    )
    return material


@transaction.atomic
def update_material(
    *,
    material: ReadingMaterial,
    data: MaterialInput,
    upload: "File[bytes] | None",
    remove_file: bool,
    actor: User,
) -> ReadingMaterial:
    """Change a material; a new PDF replaces the old one, or the PDF is removed (the old file is
    deleted once the change is committed)."""
    registrations.check_hr(actor)
    material = ReadingMaterial.objects.select_for_update().get(pk=material.pk)
    values = _clean_material(data)
    checked = _checked_pdf(upload) if upload is not None else None
    if checked is not None and checked.sha256 == material.file_sha256:
        checked = None  # the same PDF again: nothing to store
    before = material_snapshot(material)
    old_name = material.file.name or ""
    for field, value in values.items():
        setattr(material, field, value)
    stored = ""
    if checked is not None:
        stored = _attach(material, checked)
    elif remove_file and old_name:
        material.file = ""
        material.file_sha256 = ""
    changes = audit.diff(before, material_snapshot(material))
    if not changes and not stored:
        return material
    _save_with_file(material, stored, "training.reading_material.updated", changes, actor)
    if old_name and material.file.name != old_name:
        _delete_after_commit(material, old_name)
    return material


@transaction.atomic
def set_material_published(
    *, material: ReadingMaterial, published: bool, actor: User
) -> ReadingMaterial:
    """Publish a material on the public page, or take it off (its PDF is then no longer served)."""
    registrations.check_hr(actor)
    material = ReadingMaterial.objects.select_for_update().get(pk=material.pk)
    if material.is_published == published:
        raise ConflictError(
            "Bahan bacaan ini sudah diterbitkan."
            if published
            else "Bahan bacaan ini memang belum diterbitkan."
        )
    material.is_published = published
    material.save(update_fields=["is_published", "updated_at"])
    audit.record(
        actor=actor,
        action=(
            "training.reading_material.published"
            if published
            else "training.reading_material.unpublished"
        ),
        target=material,
        changes={"is_published": [not published, published]},
    )
    return material
