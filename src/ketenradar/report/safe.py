"""Make scraped and imported text safe to open in a spreadsheet (CSV/formula injection).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (also after leading
spaces, and tab or carriage return start a cell in some importers). Such text gets a leading single
quote, as OWASP recommends, so it is shown as text and never executed.

Files that come back (the review file, passed to `resolve --overrides`) must give the original text
again: text that already starts with a quote gets one more, so `restore` can always drop exactly one.
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


def neutralise(value: Any, *, reversible: bool = False) -> Any:
    """`value` unchanged unless it is text a spreadsheet would run; then prefixed with `'`.

    With `reversible`, text starting with `'` is prefixed too, so `restore` gives back the original.
    """
    if isinstance(value, str) and (needs_quote(value) or (reversible and value.startswith("'"))):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """The original of a `neutralise(..., reversible=True)` cell: one leading quote dropped."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def neutralise_frame(frame: pd.DataFrame, *, reversible: bool = False) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and header) neutralised (numbers and dates untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: neutralise(v, reversible=reversible)).astype(object)
    out.columns = [neutralise(c, reversible=reversible) for c in out.columns]
    return out
