"""The live public scoreboard over JSON: GET /api/v1/exams/scoreboard/{key}. No login (auth=None).

Served from the cache (selectors/scoreboard.py): at most one computation per interval whatever
the number of screens polling it; `Cache-Control: public, max-age=<interval>` lets a proxy in
front absorb the rest. Registration numbers and masked names only. A closed board (OPEN_DAYS
after its sitting) answers 404 with the reason.
"""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from simerit.core.api import ErrorCode, ErrorOut, error_body
from simerit.exams.selectors import scoreboard as selectors

router = Router(tags=["Ujian CAT: papan skor (publik)"])


class SittingOut(Schema):
    code: str
    blueprint_name: str
    kind: str = Field(description="skd, skb atau pppk.")
    site: str
    room: str
    starts_at: str = Field(description="Waktu mulai sesi (ISO 8601).")


class RowOut(Schema):
    rank: int | None = Field(
        description="Peringkat menurut total; null: belum mulai atau tidak hadir."
    )
    registration_number: str
    name: str = Field(description='Nama disamarkan, mis. "B*** S******".')
    scores: dict[str, int] = Field(
        description="Nilai per subtes (sementara selama mengerjakan); kosong: belum mulai "
        "atau tidak hadir."
    )
    total: int | None
    status: str = Field(
        description="belum_mulai, tidak_hadir (sesi sudah berakhir tanpa mulai mengerjakan), "
        "active, paused atau finished."
    )
    status_label: str
    passed: bool | None = Field(
        description="Selesai: memenuhi nilai ambang batas atau tidak; null: belum selesai "
        "atau tanpa ambang batas."
    )


class ScoreboardOut(Schema):
    sitting: SittingOut
    sections: list[str] = Field(description="Kode subtes, urut seperti kolom papan.")
    rows: list[RowOut] = Field(
        description="Urut total tertinggi; yang belum mulai atau tidak hadir di akhir."
    )
    generated_at: str = Field(description="Waktu papan dihitung (ISO 8601).")
    generated_time: str = Field(description="Jam papan dihitung, waktu setempat (JJ.MM.DD).")
    refresh_seconds: int = Field(description="Papan dihitung ulang paling sering sekali per ini.")


@router.get(
    "/scoreboard/{key}",
    auth=None,
    response={200: ScoreboardOut, 404: ErrorOut},
    url_name="exams-scoreboard",
    summary="Papan skor langsung satu sesi ujian",
    description=f"Terbuka sampai {selectors.OPEN_DAYS} hari setelah tanggal sesi; sesudahnya "
    "404 dengan alasan.",
)
def scoreboard(
    request: HttpRequest, key: str, response: HttpResponse
) -> dict[str, object] | Status[dict[str, object]]:
    try:
        board = selectors.get_scoreboard(key)
    except selectors.BoardClosedError:
        return Status(404, error_body(selectors.CLOSED_MESSAGE, ErrorCode.NOT_FOUND))
    if board is None:
        raise Http404
    response["Cache-Control"] = f"public, max-age={selectors.cache_seconds()}"
    return board
