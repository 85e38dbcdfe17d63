"""Numbers written the Indonesian way, and what a message quotes of what was typed."""

from collections.abc import Sequence
from pathlib import PurePath

# What a message quotes of a typed value, and how many names a list of columns shows.
MAX_QUOTED = 60
MAX_QUOTED_NAME = 40
MAX_LISTED = 10
MAX_FILE_NAME = 200


# --- numbers in Indonesian


def megabytes(size: int) -> str:
    """1572864 → "1,5", with the Indonesian decimal comma."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def thousands(number: int) -> str:
    """2000 → "2.000", the Indonesian way."""
    return f"{number:,}".replace(",", ".")


# --- quoting what was typed


def excerpt(text: str, *, limit: int = MAX_QUOTED) -> str:
    """`text` on one line, cut to `limit` characters ("…" marks the cut): a message or a log
    line never echoes an unbounded upload."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def upload_name(name: str) -> str:
    """An uploaded file's own name for a record: no folder (a browser may send "C:\\..."), one
    line, at most `MAX_FILE_NAME` characters."""
    return excerpt(PurePath(name.replace("\\", "/")).name, limit=MAX_FILE_NAME)


def name_list(names: Sequence[str], *, limit: int = MAX_LISTED) -> str:
    """ "a, b, c" of at most `limit` names, each shortened, then "dan N lainnya"."""
    shown = ", ".join(excerpt(name, limit=MAX_QUOTED_NAME) for name in names[:limit])
    rest = len(names) - limit
    return f"{shown} dan {thousands(rest)} lainnya" if rest > 0 else shown
