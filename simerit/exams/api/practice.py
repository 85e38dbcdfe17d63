"""Public practice tests (tryout) over JSON: /api/v1/exams/practice...

Both calls are public (`auth=None`); a browser session's account, when there is one, is recorded
on the attempt. The attempt is then taken through the exam API (api/taking.py) with the returned
token in the X-Exam-Token header, like a real exam.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from simerit.accounts.client_ip import client_ip
from simerit.core.api import ErrorOut, Page, PageParams, error_body, get_or_404, paginate
from simerit.exams.models import Blueprint
from simerit.exams.selectors import practice as selectors
from simerit.exams.services import attempts as attempt_services
from simerit.exams.services import practice as practice_services

router = Router(tags=["Ujian CAT: tryout"])


class TryoutSectionOut(Schema):
    code: str = Field(description="Kode subtes, mis. TWK.")
    name: str
    question_count: int


class TryoutOut(Schema):
    id: int
    name: str
    question_count: int = Field(description="Jumlah soal.")
    duration_minutes: int = Field(description="Durasi pengerjaan (menit), dihitung server.")
    sections: list[TryoutSectionOut]

    @staticmethod
    def resolve_sections(obj: Blueprint) -> list[dict[str, Any]]:
        return [
            {
                "code": section.category.code,
                "name": section.category.name,
                "question_count": section.question_count,
            }
            for section in obj.sections.all()
        ]


class PracticeStartOut(Schema):
    attempt_id: int
    token: str = Field(description="Rahasia peramban; kirim sebagai header X-Exam-Token.")


@router.get(
    "/practice",
    auth=None,
    response={200: Page[TryoutOut], 422: ErrorOut},
    summary="Daftar tryout (publik)",
    description="Tryout terbuka untuk umum: latihan, tidak pernah bercampur dengan hasil ujian.",
)
def list_tryouts(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(selectors.list_public_tryouts(), params)


@router.post(
    "/practice/{blueprint_id}/start",
    auth=None,
    response={201: PracticeStartOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Mulai tryout (publik)",
    description="Membuat pengerjaan tryout dan mengembalikan tokennya. Terlalu banyak tryout "
    "dimulai dari satu alamat dalam satu jam: 429.",
)
def start_tryout(request: HttpRequest, blueprint_id: int) -> Status[Any]:
    blueprint = get_or_404(selectors.list_public_tryouts(), blueprint_id)
    try:
        practice_services.check_practice_rate(client_address=client_ip(request))
    except practice_services.PracticeRateLimitError as error:
        return Status(429, error_body(error.message, "rate_limited"))
    user = request.user if request.user.is_authenticated else None
    attempt, token = attempt_services.start_practice(blueprint=blueprint, user=user)
    return Status(201, {"attempt_id": attempt.pk, "token": token})
