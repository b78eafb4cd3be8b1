"""The `firms`, `links`, `labels` and `link_overrides` tables (written by resolve) and what a firm
page shows of the sources behind a firm (`source_records`, written by ingest) and of its site (`sites`, by crawl)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows

COLUMNS = (
    "kvk_number",
    "name",
    "trade_names",
    "street",
    "house_number",
    "postcode",
    "place",
    "province",
    "country",
    "website",
    "domain",
    "phone",
    "employees",
    "size_class",
    "turnover_class",
    "sbi_main",
    "sbi_codes",
    "founded",
    "description",
    "is_member",
    "latitude",
    "longitude",
)
"""The registry columns every reader of a firm gets (in this order)."""


def read(db: Any, columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    """Every firm, ordered by KvK number; a column the store lacks comes back as NULL."""
    present = set(
        frame(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'firms'")[
            "column_name"
        ]
    )
    unknown = set(columns) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not columns of firms: {sorted(unknown)}")
    cols = ", ".join(c if c in present else f"NULL AS {c}" for c in columns)
    return frame(db, f"SELECT {cols} FROM firms ORDER BY kvk_number")


def reference_labels(db: Any) -> pd.DataFrame:
    """kvk_number, label of every firm labelled A or B (the reference firms)."""
    return frame(db, "SELECT kvk_number, label FROM labels WHERE label IN ('A', 'B')")


def labels_of(db: Any, kvk: str) -> pd.DataFrame:
    return frame(
        db, "SELECT label, source, strength, evidence, record_id FROM labels WHERE kvk_number = ?", [kvk]
    )


def sources_of(db: Any, kvk: str) -> pd.DataFrame:
    """The source records linked to a firm, with how they were linked."""
    return frame(
        db,
        "SELECT sr.record_id, sr.kind, sr.path, sr.sheet, sr.row_number, sr.name, sr.place, sr.buyer_name, "
        "sr.title, sr.oem_name, sr.award_date, l.method, l.status, l.probability "
        "FROM links l JOIN source_records sr USING (record_id) WHERE l.kvk_number = ? "
        "ORDER BY sr.path, sr.row_number",
        [kvk],
    )


def site_of(db: Any, kvk: str) -> pd.DataFrame:
    return frame(
        db, "SELECT status, final_url, n_pages, ownership_confidence FROM sites WHERE kvk_number = ?", [kvk]
    )


def count(db: Any, *, with_website: bool = False) -> int:
    """Firms (with a website in the registry or a crawled site, if asked)."""
    sql = "SELECT count(*) FROM firms f"
    if with_website:
        sql += (
            " WHERE f.website IS NOT NULL OR EXISTS (SELECT 1 FROM sites s WHERE s.kvk_number = f.kvk_number)"
        )
    return int(rows(db, sql)[0][0] or 0)


def names(db: Any, kvks: list[str]) -> dict[str, str]:
    if not kvks:
        return {}
    found = rows(
        db,
        "SELECT kvk_number, name FROM firms WHERE kvk_number IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(set(kvks))],
    )
    return dict(found)


def label_evidence(db: Any, kvks: list[str] | None = None) -> pd.DataFrame:
    """Why a firm is A or B: its `labels` rows (kvk_number, label, source, strength, evidence)."""
    sql = "SELECT kvk_number, label, source, strength, evidence FROM labels WHERE label IN ('A','B')"
    params: list = []
    if kvks is not None:
        sql += " AND kvk_number IN (SELECT unnest(?::VARCHAR[]))"
        params.append(sorted(set(kvks)))
    return frame(db, sql + " ORDER BY kvk_number, strength DESC, source", params)


def with_scores(db: Any, run_id: str | None, *, scored_only: bool = False) -> pd.DataFrame:
    """One row per firm: registry fields, profile (sbi_division, size_class, indicators), site status
    and the run's score (category, a_score, b_score, method, model, reasons as JSON text, scored)."""
    join = "JOIN" if scored_only else "LEFT JOIN"
    return frame(
        db,
        f"""
        SELECT f.kvk_number, f.name, f.place, f.postcode, f.province AS province_raw, f.sbi_main,
               coalesce(p.sbi_division, substr(f.sbi_main, 1, 2)) AS sbi_division,
               coalesce(p.size_class, f.size_class) AS size_class, f.employees, f.website,
               st.status AS site_status, p.indicators,
               s.category, s.a_score, s.b_score, s.method, s.model, CAST(s.reasons AS VARCHAR) AS reasons,
               s.kvk_number IS NOT NULL AS scored
        FROM firms f
        {join} scores s ON s.kvk_number = f.kvk_number AND s.run_id = ?
        LEFT JOIN firm_profile p ON p.kvk_number = f.kvk_number
        LEFT JOIN sites st ON st.kvk_number = f.kvk_number
        ORDER BY f.kvk_number
        """,
        [run_id],
    )


def link_status(db: Any) -> pd.DataFrame:
    """Source records by link status: status, count ('unresolved' = no link row yet)."""
    return frame(
        db,
        """
        SELECT coalesce(l.status, 'unresolved') AS status, count(*) AS count
        FROM source_records r LEFT JOIN links l ON l.record_id = r.record_id
        GROUP BY 1 ORDER BY count DESC, status
        """,
    )


def records_to_review(db: Any, n: int) -> pd.DataFrame:
    """Ambiguous and unmatched records: record_id, path, row_number, name, place, status,
    probability, candidates (JSON text)."""
    return frame(
        db,
        """
        SELECT r.record_id, r.path, r.row_number, r.name, r.place, l.status, l.probability,
               CAST(l.candidates AS VARCHAR) AS candidates
        FROM links l JOIN source_records r ON r.record_id = l.record_id
        WHERE l.status IN ('ambiguous', 'unmatched')
        ORDER BY CASE l.status WHEN 'ambiguous' THEN 0 ELSE 1 END, l.probability DESC NULLS LAST,
                 r.record_id
        LIMIT ?
        """,
        [n],
    )


def site_status_counts(db: Any) -> pd.DataFrame:
    """Firms by site status (plus 'no_website' and 'pending'): status, count."""
    return frame(
        db,
        """
        SELECT CASE WHEN s.status IS NOT NULL THEN s.status
                    WHEN f.website IS NOT NULL THEN 'pending'
                    ELSE 'no_website' END AS status,
               count(*) AS count
        FROM firms f LEFT JOIN sites s ON s.kvk_number = f.kvk_number
        GROUP BY 1 ORDER BY count DESC, status
        """,
    )


def crawled_count(db: Any) -> int:
    return int(rows(db, "SELECT count(*) FROM sites WHERE status = 'ok'")[0][0] or 0)


def record_links(db: Any) -> pd.DataFrame:
    """Every source record with its link: record_id, kind, path, sheet, row_number, record_kvk
    (the KvK number the record carried), link_kvk, status."""
    return frame(
        db,
        """SELECT r.record_id, r.kind, r.path, r.sheet, r.row_number, r.kvk_number AS record_kvk,
                  l.kvk_number AS link_kvk, l.status
           FROM source_records r LEFT JOIN links l USING (record_id)""",
    )


def label_counts(db: Any) -> pd.DataFrame:
    """label, source, n (rows), firms (distinct KvK numbers)."""
    return frame(
        db,
        "SELECT label, source, count(*) AS n, count(DISTINCT kvk_number) AS firms FROM labels "
        "GROUP BY ALL ORDER BY ALL",
    )


def labelled_firms(db: Any) -> pd.DataFrame:
    """label, kvk_number: each firm once per label."""
    return frame(db, "SELECT DISTINCT label, kvk_number FROM labels")


def link_status_counts(db: Any) -> dict[str, int]:
    return {s: int(n) for s, n in rows(db, "SELECT status, count(*) FROM links GROUP BY status")}


REGISTRY_FIELDS = (
    "kvk_number",
    "name",
    "trade_names",
    "employees",
    "size_class",
    "turnover_class",
    "sbi_main",
    "sbi_codes",
)


def registry_fields(db: Any) -> pd.DataFrame:
    """REGISTRY_FIELDS of every firm (what indicators read from the registry)."""
    return frame(db, f"SELECT {', '.join(REGISTRY_FIELDS)} FROM firms")


def all_names(db: Any) -> dict[str, str]:
    """kvk_number -> name of every firm."""
    return dict(rows(db, "SELECT kvk_number, name FROM firms"))


def linked_raw_rows(db: Any, kvks: list[str]) -> dict[str, list[str]]:
    """kvk_number -> the raw source rows linked to the firm (where e-mail addresses are)."""
    out: dict[str, list[str]] = {}
    for kvk, raw in rows(
        db,
        "SELECT l.kvk_number, r.raw FROM source_records r JOIN links l USING (record_id) "
        "WHERE l.kvk_number IN (SELECT unnest(?)) AND r.raw IS NOT NULL",
        [kvks],
    ):
        out.setdefault(kvk, []).append(str(raw))
    return out


def unresolved_records(db: Any) -> pd.DataFrame:
    """The ambiguous and unmatched records for the review file: record_id, kind, path, sheet,
    row_number, name, postcode, place, domain, status, probability, candidates."""
    return frame(
        db,
        """SELECT l.record_id, r.kind, r.path, r.sheet, r.row_number, r.name, r.postcode, r.place, r.domain,
                  l.status, l.probability, l.candidates
           FROM links l JOIN source_records r USING (record_id)
           WHERE l.status IN ('ambiguous', 'unmatched') ORDER BY l.status, r.path, r.row_number""",
    )


def linked_records(db: Any, record_ids: list[str]) -> pd.DataFrame:
    """record_id, record_kvk (the KvK number the record carries), kind, path, sheet, row_number, name,
    postcode, place, domain, probability (of its link) of the linked records `record_ids`."""
    return frame(
        db,
        "SELECT r.record_id, r.kvk_number AS record_kvk, r.kind, r.path, r.sheet, r.row_number, r.name, "
        "r.postcode, r.place, r.domain, l.probability FROM source_records r JOIN links l USING (record_id) "
        "WHERE r.record_id IN (SELECT unnest(?))",
        [record_ids],
    )


def overrides_without_record(db: Any) -> int:
    """Link overrides that name a record_id no import has."""
    found = rows(
        db,
        "SELECT count(*) FROM link_overrides o WHERE NOT EXISTS "
        "(SELECT 1 FROM source_records r WHERE r.record_id = o.record_id)",
    )
    return int(found[0][0] or 0)
