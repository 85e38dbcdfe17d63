"""One cell's value: blank or not, as text, and parsed with an Indonesian message on refusal."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from simerit.core.spreadsheets.text import excerpt

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")


class CellError(ValueError):
    """One cell's value cannot be used; the message is Indonesian and says what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """The cell as trimmed text; a whole number that Excel stored as 3.0 reads "3"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def identifier_text(value: Any) -> str:
    """An identifier cell (NIP, NIK, a code of digits) as text without spaces, unchecked."""
    return cell_text(value).replace(" ", "")


def parse_identifier(value: Any) -> str:
    """An identifier cell as text; refused when Excel stored it as a number or a truth value.

    Excel keeps only 15 significant digits of a number, so an 18-digit NIP typed as a number has
    already lost its last digits.
    """
    if isinstance(value, bool):
        raise CellError("Isi dengan angka sebagai teks, bukan nilai benar/salah.")
    if isinstance(value, float):
        raise CellError(
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel "
            "menjadi Teks lalu ketik ulang."
        )
    return identifier_text(value)


def parse_date(value: Any) -> dt.date | None:
    """An Excel date, or text as DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for pattern in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
    raise CellError(
        f"'{excerpt(cell_text(value))}' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY."
    )


def parse_integer(value: Any) -> int | None:
    """A whole number, as a number cell or as digits text; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("Isi dengan bilangan bulat.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    if text.isascii() and text.isdigit():  # not "²", which isdigit() accepts and int() refuses
        return int(text)
    raise CellError(f"'{excerpt(text)}' bukan bilangan bulat.")


def parse_decimal(
    value: Any, *, places: int | None = None, what: str = "angka", example: str = ""
) -> Decimal | None:
    """A number cell, or text with a decimal comma or point; None when blank.

    `places` rounds to that many decimals; `what` and `example` word the message of a refusal.
    """
    if is_blank(value):
        return None
    refusal = CellError(
        f"'{excerpt(cell_text(value))}' bukan {what}"
        + (f"; contoh: {example}." if example else ".")
    )
    if isinstance(value, bool):
        raise refusal
    text = str(value) if isinstance(value, int | float) else cell_text(value).replace(",", ".")
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise refusal
        return number if places is None else number.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:  # not a number, or too many digits to round to `places`
        raise refusal from None
