"""User-facing errors: the CLI prints them without a traceback and exits non-zero."""

from __future__ import annotations


class KetenradarError(Exception):
    """An error caused by the user's input or environment, with a message that says what to fix."""

    exit_code = 2


class InputError(KetenradarError):
    """A file, row or field the user supplied cannot be used.

    The message names the file and, where known, the row and the field.
    """

    def __init__(
        self, message: str, *, path: str | None = None, row: int | None = None, field: str | None = None
    ):
        where = []
        if path:
            where.append(str(path))
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(f"field '{field}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.path, self.row, self.field = path, row, field


class StoreError(KetenradarError):
    """The store cannot be opened or is of an unknown (newer) schema."""
