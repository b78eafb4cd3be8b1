"""Reading CSV, XLSX and JSON-lines files into rows, or refusing a file that cannot be read.

CSV and XLSX rows are read lazily: `Table.rows` is an iterator, so a file of any length is never held
in memory whole. A file that turns out to be unreadable halfway raises `InputError` while its rows are
being read; the ingest stage reads them inside the file's transaction, so nothing of it is stored.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ketenradar.errors import InputError


@dataclass
class Table:
    """The rows of one file (or sheet): `rows` are (1-based row number, {header: cell}) pairs.

    `rows` may be a one-pass iterator (CSV and XLSX files are streamed): iterate it once.
    """

    headers: list[str]
    rows: Iterable[tuple[int, dict[str, Any]]]
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


_READ_BLOCK = 1 << 20


def detect_encoding(path: Path, encodings: list[str]) -> str:
    """The first of `encodings` that decodes the whole file, checked block by block (never all at once)."""
    with path.open("rb") as fh:
        if b"\x00" in fh.read(4096):
            raise InputError(
                "not a text file (binary content); expected CSV, XLSX or JSON lines", path=str(path)
            )
    for enc in encodings:
        decoder = codecs.getincrementaldecoder(enc)()
        try:
            with path.open("rb") as fh:
                for block in iter(lambda fh=fh: fh.read(_READ_BLOCK), b""):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return enc
    raise InputError(f"cannot decode the file with any of {', '.join(encodings)}", path=str(path))


def _first_text_line(path: Path, encoding: str) -> str | None:
    with path.open(encoding=encoding, newline="") as fh:
        for line in fh:
            for part in line.splitlines():
                if part.strip():
                    return part
    return None


def read_csv(path: Path, encodings: list[str]) -> Table:
    """The header now; the data rows lazily, one at a time, as `Table.rows` is iterated."""
    encoding = detect_encoding(path, encodings)
    header_line = _first_text_line(path, encoding)
    if header_line is None:
        raise InputError("the file has no header row", path=str(path))
    delimiter = sniff_delimiter(header_line)
    fh = path.open(encoding=encoding, newline="")
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        header_cells = None
        for cells in reader:
            if any(c.strip() for c in cells):
                header_cells = cells
                break
    except csv.Error as exc:
        fh.close()
        raise InputError(f"not a readable CSV file: {exc}", path=str(path)) from exc
    if header_cells is None:
        fh.close()
        raise InputError("the file has no header row", path=str(path))
    headers = [h.strip() for h in header_cells]
    notes = [f"CSV read as {encoding} with delimiter '{delimiter}'"]
    return Table([h for h in headers if h], _csv_rows(path, fh, reader, headers), None, notes)


def _csv_rows(
    path: Path, fh: io.TextIOBase, reader: Iterator[list[str]], headers: list[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    # Data rows are numbered from 2 after the header, as a spreadsheet shows them without blank lead rows.
    try:
        for i, cells in enumerate(reader, start=2):
            yield i, {h: (cells[j] if j < len(cells) else None) for j, h in enumerate(headers) if h}
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", path=str(path)) from exc
    finally:
        fh.close()


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
    """The header row now; the data rows lazily (openpyxl read-only mode) as `Table.rows` is iterated."""
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
        values = ws.iter_rows(values_only=True)
        first = 0
        header_cells = None
        for cells in values:
            if any(v not in (None, "") for v in cells):
                header_cells = cells
                break
            first += 1
    except InputError:
        _close(wb)
        raise
    except _XLSX_DAMAGE as exc:
        _close(wb)
        raise InputError(_xlsx_reason(exc), path=str(path)) from exc
    if header_cells is None:
        _close(wb)
        raise InputError(f"sheet '{title}' is empty", path=str(path))
    headers = [str(h).strip() if h is not None else "" for h in header_cells]
    rows = _xlsx_rows(path, wb, values, headers, first + 2)
    return Table([h for h in headers if h], rows, title, [f"XLSX sheet '{title}'"])


def _close(wb: Any) -> None:
    with contextlib.suppress(*_XLSX_DAMAGE):
        wb.close()


def _xlsx_rows(
    path: Path, wb: Any, values: Iterator[tuple[Any, ...]], headers: list[str], start: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        for i, cells in enumerate(values, start=start):
            yield i, {h: (cells[j] if j < len(cells) else None) for j, h in enumerate(headers) if h}
    except _XLSX_DAMAGE as exc:
        raise InputError(_xlsx_reason(exc), path=str(path)) from exc
    finally:
        _close(wb)


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
