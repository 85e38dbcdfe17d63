"""A row's cells read column by column, and the row report of every problem found."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from simerit.core.spreadsheets.cells import (
    CellError,
    cell_text,
    parse_date,
    parse_decimal,
    parse_identifier,
    parse_integer,
)

Row = tuple[int, dict[str, Any]]  # (the spreadsheet's row number, {column: cell value})


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number: the header is row 1
    column: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: list[RowError]


class RowReader:
    """One row's cells read column by column, keeping every cell's problem for the row report.

    Subclasses add the readers of their own columns. A column in `failed` already has its own
    problem reported, so later checks that build on it stay silent.
    """

    def __init__(self, cells: dict[str, Any], *, columns: Sequence[str]) -> None:
        self.cells = cells
        self.columns = columns  # the report's column order
        self.messages: dict[str, list[str]] = {}
        self.failed: set[str] = set()

    def error(self, column: str, message: str, *, keep_failed: bool = True) -> None:
        self.messages.setdefault(column, []).append(message)
        if keep_failed:
            self.failed.add(column)

    def errors_at(self, number: int) -> list[RowError]:
        """The row's problems in the template's column order, each column's in the order found."""
        order = {name: index for index, name in enumerate(self.columns)}
        return [
            RowError(row=number, column=column, message=message)
            for column in sorted(self.messages, key=lambda name: order.get(name, len(order)))
            for message in self.messages[column]
        ]

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))

    def identifier(self, column: str) -> str:
        """Identifier text; empty when the cell is unusable, so no cross-check builds on it."""
        try:
            return parse_identifier(self.cells.get(column))
        except CellError as refusal:
            self.error(column, refusal.message)
            return ""

    def date(self, column: str) -> dt.date | None:
        try:
            return parse_date(self.cells.get(column))
        except CellError as refusal:
            self.error(column, refusal.message)
            return None

    def integer(self, column: str, *, required: bool = False) -> int | None:
        try:
            number = parse_integer(self.cells.get(column))
        except CellError as refusal:
            self.error(column, refusal.message)
            return None
        if number is None and required:
            self.error(column, "Wajib diisi.")
        return number

    def decimal(
        self, column: str, *, places: int | None = None, what: str = "angka", example: str = ""
    ) -> Decimal | None:
        try:
            return parse_decimal(self.cells.get(column), places=places, what=what, example=example)
        except CellError as refusal:
            self.error(column, refusal.message)
            return None
