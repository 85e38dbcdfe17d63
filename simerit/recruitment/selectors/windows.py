"""Whether an action may happen now under the period's schedule of stage windows.

One rule for every stage-bound action (verification, publication, the sanggah answer): inside a
window of the stage, or of one of the stages, it may happen; a stage without a window in the
schedule does not restrict (unless the window is required). Times are compared as aware
datetimes and shown in Asia/Jakarta.
"""

import datetime as dt
from collections.abc import Sequence

from simerit.recruitment.models import SelectionPeriod, Stage, StageWindow
from simerit.recruitment.selectors.announcements import format_when

LABELS = dict(Stage.choices)
# The administrative result is published in the announcement window, corrections after the
# sanggah in the final one.
PUBLICATION_STAGES = (Stage.ANNOUNCEMENT, Stage.FINAL_ANNOUNCEMENT)


def _name(stage: str) -> str:
    return LABELS[stage][0].lower() + LABELS[stage][1:]


def stage_refusal(
    period: SelectionPeriod,
    stage: str | Sequence[str],
    now: dt.datetime,
    *,
    required: bool = False,
) -> str | None:
    """Why the action bound to `stage` (or to any of several stages) cannot happen at `now`, in
    Indonesian; None when it can.

    Without a window for any of the stages the action is allowed, unless `required`: then the
    message asks Admin BKPSDM to set the window.
    """
    stages = (stage,) if isinstance(stage, str) else tuple(stage)
    windows = list(
        StageWindow.objects.filter(period=period, stage__in=stages).order_by("opens_at", "pk")
    )
    if not windows:
        if not required:
            return None
        names = " atau ".join(_name(item) for item in stages)
        return (
            f"Jadwal {names} periode ini belum ditetapkan; minta Admin BKPSDM menetapkannya "
            "pada jadwal periode seleksi."
        )
    if any(window.opens_at <= now < window.closes_at for window in windows):
        return None
    if len(windows) == 1:
        window = windows[0]
        if now < window.opens_at:
            return f"Masa {_name(window.stage)} belum dibuka; dibuka pada {format_when(window.opens_at)}."
        return f"Masa {_name(window.stage)} sudah berakhir pada {format_when(window.closes_at)}."
    spans = " atau ".join(
        f"masa {_name(window.stage)} ({format_when(window.opens_at)} sampai "
        f"{format_when(window.closes_at)})"
        for window in windows
    )
    return f"Saat ini di luar jadwal; tindakan ini hanya dapat dilakukan pada {spans}."
