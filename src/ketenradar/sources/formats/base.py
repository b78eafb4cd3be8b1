"""What every loader returns, and the conversion of one row's raw fields into a source record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenradar.errors import InputError
from ketenradar.sources import validate as v
from ketenradar.sources.headers import match_headers
from ketenradar.sources.readers import Table, read_table


@dataclass
class Reject:
    row_number: int
    field: str | None
    value: str | None
    reason: str
    severity: str  # error (row rejected) | warning (field dropped or changed, row kept)


@dataclass
class Loaded:
    kind: str
    sheet: str | None
    records: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    n_rows: int = 0
    notes: list[str] = field(default_factory=list)


class RowReport:
    """Collects the problems of one row."""

    def __init__(self, row_number: int, rejects: list[Reject]):
        self.row_number, self.rejects = row_number, rejects

    def warn(self, field_name: str, value: object, reason: str | None) -> None:
        if reason:
            self.rejects.append(Reject(self.row_number, field_name, v.cell_text(value), reason, "warning"))

    def error(self, field_name: str | None, value: object, reason: str) -> None:
        self.rejects.append(Reject(self.row_number, field_name, v.cell_text(value), reason, "error"))


_HOUSE_NUMBER = re.compile(r"^(.*?\D)\s+(\d+(?:\s*[-/]?\s*[A-Za-z0-9]{1,4})?)$")


def split_street(text: str) -> tuple[str, str | None]:
    """'Hoofdstraat 12 a' -> ('Hoofdstraat', '12 a'); anything else is kept whole."""
    m = _HOUSE_NUMBER.match(text.strip())
    return (m.group(1).strip(" ,"), m.group(2)) if m else (text.strip(), None)


def split_list(value: object) -> list[str]:
    text = v.cell_text(value)
    if text is None:
        return []
    return [p.strip() for p in re.split(r"[;|\n]", text) if p.strip()]


def build_record(raw: dict[str, Any], report: RowReport) -> dict[str, Any]:
    """Validate and normalise every known field of one row; problems become warnings."""
    rec: dict[str, Any] = {}
    text = {k: v.cell_text(val) for k, val in raw.items()}

    kvk, problem = v.kvk_number(raw.get("kvk_number"))
    report.warn("kvk_number", raw.get("kvk_number"), problem)
    rec["kvk_number"] = kvk
    rec["name"] = text.get("name")
    names = raw.get("trade_names")
    rec["trade_names"] = names if isinstance(names, list) else split_list(names)
    street, house = text.get("street"), text.get("house_number")
    if street and not house:
        street, house = split_street(street)
    rec["street"], rec["house_number"] = street, house
    rec["country"] = v.country_code(raw.get("country"))
    pc, problem = v.postcode(raw.get("postcode"), rec["country"])
    report.warn("postcode", raw.get("postcode"), problem)
    rec["postcode"] = pc
    rec["place"] = text.get("place")
    url, domain, problem = v.website(raw.get("website"))
    report.warn("website", raw.get("website"), problem)
    rec["website"], rec["domain"] = url, domain
    rec["phone"] = text.get("phone")
    employees, problem = v.integer(raw.get("employees"), "employees")
    report.warn("employees", raw.get("employees"), problem)
    rec["employees"] = employees
    main, problem = v.sbi_code(raw.get("sbi_main"))
    report.warn("sbi_main", raw.get("sbi_main"), problem)
    codes = raw.get("sbi_codes")
    sbi: list[str] = []
    for item in codes if isinstance(codes, list) else [codes]:
        found, problems = v.sbi_codes(item)
        for p in problems:
            if main is None or f"'{main}'" not in p:  # said once, for the main activity
                report.warn("sbi_codes", item, p)
        sbi += [c for c in found if c not in sbi]
    if main is None and sbi:
        main = sbi[0]
    if main is not None and main not in sbi:
        sbi.insert(0, str(main))
    rec["sbi_codes"], rec["sbi_main"] = sbi, main
    founded, problem = v.parse_date(raw.get("founded"), "founded")
    report.warn("founded", raw.get("founded"), problem)
    rec["founded"] = founded
    rec["description"] = text.get("description")
    rec["notice_id"], rec["buyer_name"], rec["buyer_id"] = (
        text.get("notice_id"),
        text.get("buyer_name"),
        text.get("buyer_id"),
    )
    rec["title"] = text.get("title")
    cpv, problems = v.cpv_codes(raw.get("cpv_codes"))
    for p in problems:
        report.warn("cpv_codes", raw.get("cpv_codes"), p)
    rec["cpv_codes"] = cpv
    value, problem = v.amount(raw.get("value_eur"), "value_eur")
    report.warn("value_eur", raw.get("value_eur"), problem)
    rec["value_eur"] = value
    awarded, problem = v.parse_date(raw.get("award_date"), "award_date")
    report.warn("award_date", raw.get("award_date"), problem)
    rec["award_date"] = awarded
    rec["oem_name"], rec["supplies"] = text.get("oem_name"), text.get("supplies")
    return rec


class TabularFormat:
    """A format read from CSV/XLSX whose headers map to fields through `aliases`."""

    kind = "member_list"
    aliases: dict[str, list[str]] = {}
    # A row must name the firm: by one of these fields at least.
    identifying = ("name", "kvk_number")

    def load(
        self, path: Path, *, sheet: str | None, column_map: dict[str, str], encodings: list[str]
    ) -> Loaded:
        table = read_table(path, sheet=sheet, encodings=encodings)
        return self.load_table(path, table, column_map)

    def load_table(self, path: Path, table: Table, column_map: dict[str, str]) -> Loaded:
        """The whole table as one `Loaded` (the ingest stage reads it in chunks: `iter_chunks`)."""
        whole: Loaded | None = None
        for part in self.iter_chunks(path, table, column_map, chunk_rows=1 << 30):
            if whole is None:
                whole = part
            else:
                whole.records += part.records
                whole.rejects += part.rejects
                whole.n_rows += part.n_rows
        assert whole is not None  # iter_chunks yields at least one part
        return whole

    def iter_chunks(
        self, path: Path, table: Table, column_map: dict[str, str], chunk_rows: int
    ) -> Iterator[Loaded]:
        """The table's rows validated `chunk_rows` at a time, each chunk a `Loaded` of its own rows.

        Reads `table.rows` once, lazily: memory is bounded by one chunk, not by the file. The first
        chunk carries the notes; at least one chunk is yielded, empty for a file without data rows.
        """
        mapping, unused = match_headers(table.headers, self.aliases, column_map)
        if not any(f in mapping for f in self.identifying):
            raise InputError(
                f"no column names the firm for a {self.kind} file (looked for "
                f"{', '.join(self.aliases.get('name', [])[:6])}, ...); headers are: "
                f"{', '.join(table.headers[:20])}. Use --map 'Header=name' or --kind",
                path=str(path),
            )
        notes = list(table.notes)
        notes.append(
            "columns: "
            + ", ".join(f"{hs[0]} -> {f}" for f, hs in mapping.items())
            + (f"; not used: {', '.join(unused)}" if unused else "")
        )
        loaded = Loaded(self.kind, table.sheet, notes=notes)
        yielded = False
        for row_number, cells in table.rows:
            loaded.n_rows += 1
            self._load_row(path, row_number, cells, mapping, loaded)
            if loaded.n_rows >= chunk_rows:
                yield loaded
                yielded = True
                loaded = Loaded(self.kind, table.sheet)
        if loaded.n_rows or not yielded:
            yield loaded

    def _load_row(
        self,
        path: Path,
        row_number: int,
        cells: dict[str, Any],
        mapping: dict[str, list[str]],
        loaded: Loaded,
    ) -> None:
        report = RowReport(row_number, loaded.rejects)
        if all(v.blank(c) for c in cells.values()):
            report.error(None, None, "empty row")
            return
        raw = {f: self.pick(cells, hs) for f, hs in mapping.items()}
        raw = self.prepare(raw, cells, path)
        rec = build_record(raw, report)
        rec = self.finish(rec, raw, report)
        if rec is None:
            return
        if not any(rec.get(f) for f in self.identifying):
            report.error(
                self.identifying[0],
                None,
                "row names no firm (no " + " and no ".join(self.identifying) + " left after validation)",
            )
            return
        rec["row_number"] = row_number
        rec["raw"] = {k: v.cell_text(c) for k, c in cells.items()}
        loaded.records.append(rec)

    @staticmethod
    def pick(cells: dict[str, Any], headers: list[str]) -> Any:
        for h in headers:
            if not v.blank(cells.get(h)):
                return cells.get(h)
        return None

    def prepare(self, raw: dict[str, Any], cells: dict[str, Any], path: Path) -> dict[str, Any]:
        """Format-specific changes to the raw fields before validation."""
        return raw

    def finish(self, rec: dict[str, Any], raw: dict[str, Any], report: RowReport) -> dict[str, Any] | None:
        """Format-specific checks after validation; return None to reject the row."""
        return rec
