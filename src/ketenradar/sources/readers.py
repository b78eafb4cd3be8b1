"""Reading CSV, XLSX and JSON-lines files into rows, or refusing a file that cannot be read."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ketenradar.errors import InputError


@dataclass
class Table:
    """The rows of one file (or sheet): `rows` are (1-based row number, {header: cell}) pairs."""

    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)


def is_xlsx(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def read_table(path: Path, *, sheet: str | None, encodings: list[str]) -> Table:
    if not path.exists():
        raise InputError("file not found", path=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    if path.stat().st_size == 0:
        raise InputError("the file is empty", path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(
            "old Excel 97 (.xls) files are not supported: save it as .xlsx or CSV", path=str(path)
        )
    if suffix in (".xlsx", ".xlsm") or is_xlsx(path):
        return read_xlsx(path, sheet)
    return read_csv(path, encodings)


def _decode(path: Path, data: bytes, encodings: list[str]) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise InputError("not a text file (binary content); expected CSV, XLSX or JSON lines", path=str(path))
    for enc in encodings:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError(f"cannot decode the file with any of {', '.join(encodings)}", path=str(path))


def sniff_delimiter(header_line: str) -> str:
    """Dutch Excel writes ';', most other tools ','; the header line decides."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, encodings: list[str]) -> Table:
    text, encoding = _decode(path, path.read_bytes(), encodings)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise InputError("the file has no header row", path=str(path))
    delimiter = sniff_delimiter(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        all_rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", path=str(path)) from exc
    while all_rows and not any(c.strip() for c in all_rows[0]):
        all_rows.pop(0)
    headers = [h.strip() for h in all_rows[0]]
    rows = []
    for i, cells in enumerate(all_rows[1:], start=2):
        rows.append((i, {h: (cells[j] if j < len(cells) else None) for j, h in enumerate(headers) if h}))
    notes = [f"CSV read as {encoding} with delimiter '{delimiter}'"]
    return Table([h for h in headers if h], rows, None, notes)


# What a damaged workbook raises from openpyxl: a broken zip (bad CRC, flipped bytes: zlib.error,
# BadZipFile), cut or garbled sheet XML (ParseError, lxml's XMLSyntaxError is a SyntaxError), a missing
# part (KeyError), nonsense values (ValueError, TypeError, IndexError), a truncated member (EOFError).
_XLSX_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    SyntaxError,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
)


def _xlsx_reason(exc: BaseException) -> str:
    if isinstance(exc, zlib.error | zipfile.BadZipFile | EOFError):
        kind = "the zip container is damaged"
    elif isinstance(exc, ParseError | SyntaxError):
        kind = "a sheet's XML is damaged or cut off"
    elif isinstance(exc, KeyError):
        kind = "a part of the workbook is missing"
    else:
        kind = "the workbook's content is damaged"
    detail = str(exc).strip() or type(exc).__name__
    return f"not a readable XLSX workbook: {kind} ({detail[:200]})"


def read_xlsx(path: Path, sheet: str | None) -> Table:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _XLSX_DAMAGE as exc:
        raise InputError(_xlsx_reason(exc), path=str(path)) from exc
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise InputError(f"no sheet '{sheet}' (sheets: {', '.join(wb.sheetnames)})", path=str(path))
        if not wb.sheetnames:
            raise InputError("the workbook has no sheets", path=str(path))
        ws = wb[sheet] if sheet is not None else wb[wb.sheetnames[0]]
        title = ws.title
        # Sheet XML is parsed lazily while rows are read: a damaged part shows up here, not at load.
        values = list(ws.iter_rows(values_only=True))
    except InputError:
        raise
    except _XLSX_DAMAGE as exc:
        raise InputError(_xlsx_reason(exc), path=str(path)) from exc
    finally:
        with contextlib.suppress(*_XLSX_DAMAGE):
            wb.close()
    first = 0
    while first < len(values) and not any(v not in (None, "") for v in values[first]):
        first += 1
    if first >= len(values):
        raise InputError(f"sheet '{title}' is empty", path=str(path))
    headers = [str(h).strip() if h is not None else "" for h in values[first]]
    rows = []
    for i, cells in enumerate(values[first + 1 :], start=first + 2):
        rows.append((i, {h: (cells[j] if j < len(cells) else None) for j, h in enumerate(headers) if h}))
    return Table([h for h in headers if h], rows, title, [f"XLSX sheet '{title}'"])


def read_json_lines(path: Path, encodings: list[str]) -> tuple[list[tuple[int, Any]], list[str]]:
    """(line number, parsed object or the JSONDecodeError) per non-blank line; a JSON array works too."""
    if not path.exists():
        raise InputError("file not found", path=str(path))
    data = path.read_bytes()
    if not data.strip():
        raise InputError("the file is empty", path=str(path))
    text, encoding = _decode(path, data, encodings)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc}", path=str(path)) from exc
        return [(i, item) for i, item in enumerate(items, start=1)], [f"JSON array read as {encoding}"]
    out: list[tuple[int, Any]] = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((i, json.loads(line)))
        except json.JSONDecodeError as exc:
            out.append((i, exc))
    if out and all(isinstance(v, json.JSONDecodeError) for _, v in out):
        raise InputError("not JSON lines: no line is a JSON object", path=str(path))
    return out, [f"JSON lines read as {encoding}"]
