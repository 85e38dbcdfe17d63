"""Documents of an application: upload or replace one, checked by content, until submission.

The storage name comes from models.document_path, never from the client. A replaced file is
deleted only after the database change commits; a file written for a change that then fails in
this service is deleted at once.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment import uploads
from simerit.recruitment.models import (
    Application,
    ApplicationDocument,
    DocumentKind,
    FormasiDocument,
)
from simerit.recruitment.selectors import applications as selectors

LOCKED = "Lamaran sudah dikirim; dokumen tidak dapat diubah lagi."


def _delete_after_commit(storage: Storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def upload_document(
    *, application: Application, kind: DocumentKind, upload: "File[bytes]", actor: User
) -> ApplicationDocument:
    """Store `upload` as the application's document of `kind`, replacing an earlier one.

    Refused (nothing written) when the application is no longer a draft, registration is
    closed, the formasi does not ask for `kind`, or the content fails uploads.check_upload.
    """
    # of=("self",): lock only this row. Locking the joined period too made every upload wait on
    # one row and deadlock with an application's deferred foreign-key check (make bench).
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("period", "formasi__period")
        .get(pk=application.pk)
    )
    if application.status != Application.Status.DRAFT:
        raise ConflictError(LOCKED)
    closed = selectors.registration_closed_message(application.period)
    if closed:
        raise ConflictError(closed)
    spec = FormasiDocument.objects.filter(formasi_id=application.formasi_id, kind=kind).first()
    if spec is None:
        raise InvalidInputError(
            {"kind": [f"Formasi ini tidak meminta dokumen {kind.name}; dokumen tidak disimpan."]}
        )
    data, size = uploads.read_limited(upload, max_kb=spec.max_kb)
    try:
        checked = uploads.check_upload(
            data, size=size, allowed_formats=spec.formats, max_kb=spec.max_kb, label=kind.name
        )
    except uploads.UploadRejectedError as error:
        raise InvalidInputError({"file": [str(error)]}) from None
    existing = (
        ApplicationDocument.objects.select_for_update()
        .filter(application=application, kind=kind)
        .first()
    )
    document = existing or ApplicationDocument(application=application, kind=kind)
    old_name = existing.file.name if existing else ""
    before = _summary(existing) if existing else {}
    document.file_format = checked.file_format
    document.size_bytes = checked.size_bytes
    document.sha256 = checked.sha256
    # The name given here only carries the extension; document_path makes the real name.
    document.file.save(
        f"{kind.code}.{checked.file_format}", ContentFile(checked.content), save=False
    )
    storage, new_name = document.file.storage, document.file.name
    try:
        document.save()
        audit.record(
            actor=actor,
            action=(
                "recruitment.document.replaced" if existing else "recruitment.document.uploaded"
            ),
            target=document,
            changes=audit.diff(before, _summary(document)) if existing else _summary(document),
        )
    except Exception:
        storage.delete(new_name)
        raise
    if old_name and old_name != new_name:
        _delete_after_commit(storage, old_name)
    return document


def _summary(document: ApplicationDocument) -> dict[str, Any]:
    return {
        "kind": document.kind.code,
        "file_format": document.file_format,
        "size_bytes": document.size_bytes,
        "sha256": document.sha256,
    }


def drop_documents_not_accepted(*, application: Application) -> list[str]:
    """Delete the documents the application's (new) formasi does not accept; their kind codes.

    Called inside change_formasi's transaction; the files go after commit.
    """
    specs = {
        spec.kind_id: spec for spec in FormasiDocument.objects.filter(formasi=application.formasi)
    }
    removed: list[str] = []
    deletions: list[Callable[[], None]] = []
    for document in application.documents.select_related("kind"):
        spec = specs.get(document.kind_id)
        accepted = (
            spec is not None
            and document.file_format in {uploads.normalise_format(f) for f in spec.formats}
            and document.size_bytes <= spec.max_kb * 1024
        )
        if accepted:
            continue
        removed.append(document.kind.code)
        storage, name = document.file.storage, document.file.name
        deletions.append(partial(storage.delete, name))
        document.delete()
    for delete in deletions:
        transaction.on_commit(delete)
    return sorted(removed)
