"""Errors that services raise and views, the API and commands turn into messages."""


class DomainError(Exception):
    """A rule of the domain refused the request; the message is Indonesian and safe to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """The request collides with existing data (a duplicate NIP, a second application)."""


class InvalidInputError(DomainError):
    """Input failed validation; `errors` maps a field name to its Indonesian messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first = next(iter(errors.values()))[0] if errors else "Data tidak valid."
        super().__init__(first)
        self.errors = errors
