"""A question's immutable versions: their content identity (SHA-256), their checked image, and
the writing of version n, shared by services/questions.py (version 1) and
services/question_revisions.py (version n+1).

A version is never changed once written: a blueprint item or an attempt item that points at it
keeps exactly what was served (issue #4, item 1).
"""

import hashlib
import json
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile

from simerit.accounts.models import User
from simerit.core.exceptions import InvalidInputError
from simerit.exams.models import Question, QuestionVersion
from simerit.recruitment import uploads

IMAGE_FORMATS = ("jpg", "png")
MAX_IMAGE_KB = 1024
IMAGE_LABEL = "gambar soal"


# --- content identity


def content_sha256(text: str, options: list[dict[str, Any]], explanation: str = "") -> str:
    """The SHA-256 of a version's content: text, options and explanation as canonical JSON.

    The same bytes as tests/factories.content_sha256 (sorted keys, json's default separators).
    """
    payload = json.dumps(
        {"text": text, "options": options, "explanation": explanation}, sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# --- the image


def check_image(image: "File[bytes]") -> uploads.CheckedFile:
    """A JPG/PNG checked by content and re-encoded without metadata, or InvalidInputError."""
    data, size = uploads.read_limited(image, max_kb=MAX_IMAGE_KB)
    try:
        return uploads.check_upload(
            data, size=size, allowed_formats=IMAGE_FORMATS, max_kb=MAX_IMAGE_KB, label=IMAGE_LABEL
        )
    except uploads.UploadRejectedError as error:
        raise InvalidInputError({"image": [str(error)]}) from None


def image_changed(
    current: QuestionVersion | None, checked: uploads.CheckedFile | None, *, remove_image: bool
) -> bool:
    had_image = bool(current and current.image)
    if checked is None:
        return remove_image and had_image
    if current is None or not had_image:
        return True
    with current.image.open("rb") as stored:
        return bool(stored.read() != checked.content)


# --- writing a version


def add_version(
    question: Question,
    *,
    text: str,
    options: list[dict[str, Any]],
    explanation: str,
    number: int,
    image: uploads.CheckedFile | None,
    keep_image: str,
    actor: User,
) -> QuestionVersion:
    """Version `number` of `question` with `options` as stored ({key, text, points}), made
    current. The image is a new checked file, or the
    storage name of the previous version's image (files are never deleted, so sharing is safe).

    Called inside the caller's transaction, after its permission and input checks.
    """
    version = QuestionVersion(
        question=question,
        number=number,
        text=text,
        options=options,
        explanation=explanation,
        sha256=content_sha256(text, options, explanation),
        created_by=actor,
    )
    new_file = ""
    if image is not None:
        # The name only carries the extension; question_image_path makes the real name.
        version.image.save(f"gambar.{image.file_format}", ContentFile(image.content), save=False)
        new_file = version.image.name
    else:
        version.image.name = keep_image
    try:
        version.save()
        question.current_version = version
        question.save(update_fields=["current_version", "updated_at"])
    except Exception:
        if new_file:
            version.image.storage.delete(new_file)
        raise
    return version


def snapshot(question: Question) -> dict[str, Any]:
    """The question as plain values: the audit row's before/after."""
    version = question.current_version
    return {
        "code": question.code,
        "category": question.category.code,
        "kind": question.kind,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "is_active": question.is_active,
        "version": version.number if version else None,
        "sha256": version.sha256 if version else None,
        "image": bool(version and version.image),
    }
