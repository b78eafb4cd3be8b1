"""`ketenradar review import`: verdicts from a filled-in review workbook into the review store.

- Each row is validated; a row with any bad field is rejected whole and goes to the rejects report
  with file, row and field. Rows without any verdict are skipped (not reviewed yet), not rejected.
- Importing the same file again changes nothing: a file already imported (same bytes) is recognised
  by its hash, and a verdict equal to the firm's current one (answer, reviewer, note) is not added
  again, so an edited and re-saved workbook only adds what changed.
- A file that cannot be read as a workbook, or lacks the `KvK-nummer` or verdict columns, is refused
  before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenradar.errors import InputError
from ketenradar.review.store import ReviewStore, now
from ketenradar.review.workbook import ANSWER_OF, COLUMNS, TAIL, VERDICT_PREFIX, restore

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_REVIEWER = 200
MAX_NOTE = 2000


@dataclass
class ImportResult:
    path: str
    sha256: str
    already_imported: bool = False
    rows: int = 0
    verdicts: int = 0
    unchanged: int = 0
    skipped_empty: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    rejects_report: str | None = None


def _header_key(text: str) -> str | None:
    text = text.strip()
    for key, names in {**COLUMNS, **TAIL}.items():
        if text in names:
            return key
    if any(text.lower().startswith(p.lower()) for p in VERDICT_PREFIX.values()):
        low = text.lower()
        if "prime" in low:
            return "verdict.prime"
        if "direct" in low:
            return "verdict.direct"
        return "verdict.?"
    return None


def _text(value: Any) -> str | None:
    value = restore(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def kvk_of(value: Any) -> str | None:
    """A KvK number as 8 digits (a spreadsheet may have made it a number and dropped leading zeros)."""
    text = _text(value)
    if text is None:
        return None
    text = re.sub(r"[\s.]", "", text)
    if not text.isdigit() or len(text) > 8:
        return None
    return text.zfill(8)


def read_rows(path: Path) -> tuple[dict[int, str], dict[str, str], list[tuple[int, tuple]]]:
    """(column index -> key, key -> header as written, [(row number, values)]).

    Raises InputError for a file that is not a readable review workbook."""
    from openpyxl import load_workbook

    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"file larger than {MAX_BYTES // 2**20} MiB: not a review workbook", path=str(path))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, XML and key errors for damaged files
        raise InputError(
            f"cannot read the file as an .xlsx workbook ({type(exc).__name__}: {exc}); nothing was imported",
            path=str(path),
        ) from exc
    try:
        ws = wb["review"] if "review" in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise InputError("the workbook is empty: no header row", path=str(path))
        columns = {}
        for i, text in enumerate(header):
            key = _header_key(str(restore(text))) if text is not None else None
            if key:
                columns[i] = key
        if "kvk_number" not in columns.values():
            raise InputError("no 'KvK-nummer' column in the header row", path=str(path), row=1)
        if not any(k.startswith("verdict.") for k in columns.values()):
            raise InputError(
                "no verdict column (a header starting with 'Oordeel' or 'Verdict')", path=str(path), row=1
            )
        if "verdict.?" in columns.values():
            i = next(i for i, k in columns.items() if k == "verdict.?")
            raise InputError(
                f"verdict column '{header[i]}' does not say which question (direct / prime)",
                path=str(path),
                row=1,
            )
        body = []
        for number, values in enumerate(rows, start=2):
            if number - 1 > MAX_ROWS:
                raise InputError(f"more than {MAX_ROWS} rows: not a review workbook", path=str(path))
            body.append((number, values))
        names = {key: str(restore(header[i])) for i, key in columns.items()}
        return columns, names, body
    except InputError:
        raise
    except Exception as exc:
        raise InputError(
            f"cannot read the workbook's rows ({type(exc).__name__}: {exc}); nothing was imported",
            path=str(path),
        ) from exc
    finally:
        wb.close()


def import_workbook(
    review: ReviewStore, path: str | Path, known_firms: set[str] | None = None
) -> ImportResult:
    path = Path(path)
    columns, names, body = read_rows(path)  # refuses a corrupt file before anything is written
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    result = ImportResult(path=str(path), sha256=sha, rows=len(body))
    if review.scalar("SELECT 1 FROM imports WHERE file_sha256 = ?", [sha]):
        result.already_imported = True
        return result
    headers = {key: i for i, key in columns.items()}
    current = {
        (r.kvk_number, r.question): (r.answer, r.reviewer, r.note if isinstance(r.note, str) else None)
        for r in review.current_verdicts().itertuples()
    }
    samples = set(review.df("SELECT sample_id FROM samples").sample_id)
    accepted: list[dict[str, Any]] = []
    for number, values in body:

        def cell(key: str, values: tuple = values) -> Any:
            i = headers.get(key)
            return values[i] if i is not None and i < len(values) else None

        verdict_keys = [k for k in headers if k.startswith("verdict.")]
        answers = {k.split(".", 1)[1]: _text(cell(k)) for k in verdict_keys}
        if not any(answers.values()):
            result.skipped_empty += 1
            continue
        bad: list[tuple[str, Any, str]] = []
        kvk = kvk_of(cell("kvk_number"))
        if kvk is None:
            bad.append(("KvK-nummer", cell("kvk_number"), "not a KvK number (8 digits)"))
        elif known_firms is not None and kvk not in known_firms:
            bad.append(("KvK-nummer", kvk, "no firm with this KvK number in the store"))
        parsed = {}
        for question, text in answers.items():
            if text is None:
                continue
            answer = ANSWER_OF.get(text.lower())
            if answer is None:
                bad.append((names[f"verdict.{question}"], text, "answer must be juist / onjuist / weet niet"))
            else:
                parsed[question] = answer
        reviewer = _text(cell("reviewer"))
        if not reviewer:
            bad.append(("Beoordelaar", None, "a verdict needs the reviewer's name"))
        elif len(reviewer) > MAX_REVIEWER:
            bad.append(("Beoordelaar", reviewer[:50], f"longer than {MAX_REVIEWER} characters"))
        note = _text(cell("note"))
        if note and len(note) > MAX_NOTE:
            bad.append(("Notitie", note[:50], f"longer than {MAX_NOTE} characters"))
        if bad:
            for fld, value, reason in bad:
                result.rejects.append(
                    {"file": str(path), "row": number, "field": fld, "value": value, "reason": reason}
                )
            continue
        sample_id = _text(cell("sample_id"))
        for question, answer in parsed.items():
            if current.get((kvk, question)) == (answer, reviewer, note):
                result.unchanged += 1
                continue
            accepted.append(
                {
                    "kvk_number": kvk,
                    "question": question,
                    "answer": answer,
                    "reviewer": reviewer,
                    "note": note,
                    "sample_id": sample_id if sample_id in samples else None,
                    "row_number": number,
                }
            )
    with review.transaction() as con:
        for v in accepted:
            review.add_verdict(
                v["kvk_number"],
                v["question"],
                v["answer"],
                v["reviewer"],
                note=v["note"],
                sample_id=v["sample_id"],
                source=str(path),
                file_sha256=sha,
                row_number=v["row_number"],
                con=con,
            )
        con.executemany(
            "INSERT INTO import_rejects VALUES (?,?,?,?,?,?)",
            [
                (
                    sha,
                    str(path),
                    r["row"],
                    r["field"],
                    None if r["value"] is None else str(r["value"]),
                    r["reason"],
                )
                for r in result.rejects
            ],
        )
        con.execute(
            "INSERT INTO imports VALUES (?,?,?,?,?,?)",
            [sha, str(path), now(), len(body), len(accepted), len(result.rejects)],
        )
    result.verdicts = len(accepted)
    return result


def write_rejects_report(review: ReviewStore, path: Path) -> Path:
    """file,row,field,value,reason of every rejected review row."""
    frame = review.df(
        "SELECT path AS file, row_number AS row, field, value, reason FROM import_rejects ORDER BY path, row_number"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "row", "field", "value", "reason"])
        from ketenradar.report.safe import neutralise

        for row in frame.itertuples(index=False):
            writer.writerow([neutralise(v) for v in row])
    return path
