"""Make scraped and imported text safe to open in a spreadsheet (CSV/formula injection).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (also after leading
spaces, and tab or carriage return start a cell in some importers). Such text gets a leading single
quote, as OWASP recommends, so it is shown as text and never executed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r", "\n")


def needs_quote(text: str) -> bool:
    if not text:
        return False
    if text.startswith(_CONTROL_STARTS):
        return True
    return text.lstrip().startswith(_TRIGGERS)


def neutralise(value: Any) -> Any:
    """`value` unchanged unless it is text a spreadsheet would run; then prefixed with `'`."""
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell neutralised (numbers and dates untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out
