"""`ketenradar resolve`: build `firms`, link every source record to a firm, derive labels.

The stage rebuilds `firms`, `links` and `labels` as a whole inside one transaction. Its inputs are
the imported files, the overrides and the resolve settings; when none changed since the last
successful run, nothing is rewritten.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import pandas as pd
import pyarrow as pa

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.model import firms as firms_model
from ketenradar.model import sources as sources_model
from ketenradar.report.safe import neutralise_frame
from ketenradar.resolve.conflicts import CONFLICT_COLUMNS, find_conflicts
from ketenradar.resolve.firms import FIELDS, FIRM_KINDS, build_firms, priority_sql
from ketenradar.resolve.labels import derive_labels
from ketenradar.resolve.link import INDEX_COLUMNS, prior_odds, score_records
from ketenradar.resolve.overrides import read_overrides, store_overrides
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult, input_digest
from ketenradar.store import Store


def _input_hash(store: Store, config: Config) -> str:
    files = sources_model.file_ids(store)
    overrides = store.fetchall("SELECT record_id, kvk_number FROM link_overrides ORDER BY record_id")
    # The version too (input_digest adds it): a newer ketenradar may link differently.
    return input_digest({"files": files, "overrides": overrides, "config": asdict(config.resolve)})[:16]


BATCH_ROWS = 10_000
"""Source records read, turned into firms or labels, and written at a time: resolve's memory is that of
a batch, the records that need probabilistic linking and the firms those can find, not the register."""

DUCKDB_MEMORY = "200MB"  # DuckDB's memory limit while resolve runs (restored after)
FIRM_BATCH_ROWS = 5_000  # firms compared with the unlinked records at a time (read twice)
RECORDS_VIEW = "resolve_records"  # the records of finished imports (model/sources.records_view)
FIRM_RECORD_COLUMNS = ("record_id", "kind", "path", "row_number", "run_id", "kvk_number", *FIELDS)
MATCH_COLUMNS = (
    "record_id",
    "kvk_number",
    "name",
    "trade_names",
    "postcode",
    "place",
    "domain",
    "house_number",
)
LABEL_RECORD_COLUMNS = (
    "record_id",
    "kind",
    "path",
    "row_number",
    "notice_id",
    "title",
    "award_date",
    "value_eur",
    "buyer_name",
    "buyer_id",
    "supplies",
    "oem_name",
    "raw",
)
# The records that can carry a label (labels.derive_labels): award, supplier and association records,
# and any record whose raw row has a value "A" or "B" (a superset of labels._EXPLICIT's matches).
LABEL_RECORDS = (
    "kind IN ('ted', 'tenderned', 'oem', 'association') OR regexp_matches(CAST(raw AS VARCHAR), '\"[aAbB]\"')"
)
HAS_KVK = "r.kvk_number IS NOT NULL AND r.kvk_number <> ''"  # a record that links by its KvK number
NOT_IN_FIRMS = json.dumps({"note": "KvK number not in the firms table"})
PROBABILISTIC_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("kvk_number", pa.string()),
        ("method", pa.string()),
        ("status", pa.string()),
        ("probability", pa.float64()),
        ("agreeing_fields", pa.list_(pa.string())),
        ("candidates", pa.string()),
    ]
)


def _frame(batch: pa.RecordBatch | pa.Table) -> pd.DataFrame:
    """Records as plain Python values (None for NULL, lists for arrays), column by column: a list of
    one dict per record would hold every value twice over."""
    names = batch.schema.names
    frame = pd.DataFrame(
        {name: pd.Series(batch.column(name).to_pylist(), dtype=object) for name in names}, columns=names
    )
    for col in ("trade_names", "sbi_codes", "cpv_codes"):
        if col in frame:
            frame[col] = frame[col].map(lambda v: v if isinstance(v, list) else [])
    return frame


def write_firms(store: Store, run_id: str, ctx: StageContext) -> pd.DataFrame:
    """Build `firms` from the registry and member records, a range of KvK numbers at a time (about
    BATCH_ROWS records each, every KvK number whole in one range); returns the conflicts
    (resolve/conflicts.py). Ranges keep DuckDB's sort of the records in priority order small too."""
    kinds = ", ".join(f"'{k}'" for k in FIRM_KINDS)
    where = f"kind IN ({kinds}) AND kvk_number IS NOT NULL"
    starts = [
        kvk
        for (kvk,) in store.fetchall(
            f"""SELECT min(kvk_number) FROM (
                  SELECT kvk_number, sum(n) OVER (ORDER BY kvk_number ROWS UNBOUNDED PRECEDING) AS upto
                  FROM (SELECT kvk_number, count(*) AS n FROM {RECORDS_VIEW} WHERE {where} GROUP BY kvk_number))
                GROUP BY (upto - 1) // {BATCH_ROWS} ORDER BY 1"""
        )
    ]
    conflicts: list[pd.DataFrame] = []
    with ctx.progress("resolve: firms", total=len(starts)) as bar:
        for start, end in zip(starts, [*starts[1:], None], strict=True):
            batches = sources_model.records_batches(
                store,
                FIRM_RECORD_COLUMNS,
                where=f"{where} AND kvk_number >= ?" + (" AND kvk_number < ?" if end is not None else ""),
                params=[start] if end is None else [start, end],
                order_by=priority_sql(),
                batch_rows=BATCH_ROWS,
            )
            parts = [_frame(batch) for batch in batches]
            if not parts:
                continue
            records = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            firms = build_firms(records, run_id)
            if not firms.empty:
                store.insert_df("firms", firms)
            found = find_conflicts(records)
            if len(found):
                conflicts.append(found)
            del parts, records, firms
            bar.advance()
    return pd.concat(conflicts, ignore_index=True) if conflicts else pd.DataFrame(columns=CONFLICT_COLUMNS)


def _firm_batches(store: Store) -> Iterator[pd.DataFrame]:
    columns = ", ".join(INDEX_COLUMNS)
    for batch in store.con.sql(f"SELECT {columns} FROM firms").to_arrow_reader(FIRM_BATCH_ROWS):
        yield _frame(batch)


def link_probabilistic(
    records: pd.DataFrame, store: Store | None, n_firms: int, config: Config, ctx: StageContext
) -> pa.Table:
    """Links of records without a KvK number or override: the best candidate among the firms that
    share a block with it (link.score_records, over `firms` read in batches) when it is likely
    enough, else ambiguous or unmatched (PROBABILISTIC_SCHEMA). No firms (`store` None): unmatched."""
    cfg = config.resolve
    rows = records[list(MATCH_COLUMNS)].to_dict("records")
    scored = None
    if store is not None and n_firms and rows:
        with ctx.progress("resolve: compare records with firms", total=None):
            scored = score_records(rows, lambda: _firm_batches(store), prior_odds(n_firms))
    out: list[dict[str, Any]] = []
    with ctx.progress("resolve: link records", total=len(rows)) as bar:
        for i, rec in enumerate(rows):
            row: dict[str, Any] = {
                "record_id": rec["record_id"],
                "method": "probabilistic",
                "candidates": None,
            }
            if scored is None:
                row.update(kvk_number=None, status="unmatched", probability=0.0, agreeing_fields=[])
            else:
                cands = scored[i]
                best = cands[0] if cands else None
                p = best.probability if best else 0.0
                # Two look-alike firms at 0.45 each: the record surely names one of them; review it.
                p_any = sum(c.probability for c in cands)
                if p >= cfg.link_threshold:
                    status = "linked"
                elif p >= cfg.review_threshold or p_any >= cfg.review_threshold:
                    status = "ambiguous"
                else:
                    status = "unmatched"
                row.update(
                    kvk_number=best.kvk_number if status == "linked" else None,
                    status=status,
                    probability=round(p, 6),
                    agreeing_fields=best.agreeing if best else [],
                    candidates=json.dumps(
                        [
                            {
                                "kvk_number": c.kvk_number,
                                "name": c.name,
                                "probability": round(c.probability, 4),
                                "levels": c.levels,
                            }
                            for c in cands
                        ],
                        ensure_ascii=False,
                    ),
                )
            out.append(row)
            bar.advance()
    return pa.Table.from_pylist(out, schema=PROBABILISTIC_SCHEMA)


def write_links(store: Store, config: Config, run_id: str, n_firms: int, ctx: StageContext) -> None:
    """`links` for every record, in record order: an override, else the record's KvK number (in SQL),
    else probabilistic linking of the few records left, over the blocks they need."""
    records = _frame(
        store.con.sql(
            f"SELECT {', '.join('r.' + c for c in MATCH_COLUMNS)} FROM {RECORDS_VIEW} r "
            f"WHERE NOT ({HAS_KVK}) AND r.record_id NOT IN (SELECT record_id FROM link_overrides) "
            "ORDER BY r.file_id, r.row_number"
        ).to_arrow_table()
    )
    scored = link_probabilistic(records, store, n_firms, config, ctx)
    del records
    name = f"_probabilistic_{uuid.uuid4().hex[:8]}"
    store.con.register(name, scored)
    override = "o.record_id IS NOT NULL"
    override_kvk = "o.kvk_number IS NOT NULL AND o.kvk_number <> ''"
    # In ranges of about BATCH_ROWS records, in record order: DuckDB then sorts a range at a time.
    ranges = store.fetchall(
        f"""SELECT file_id, min(row_number), max(row_number) FROM {RECORDS_VIEW}
            GROUP BY file_id, row_number // {BATCH_ROWS} ORDER BY 1, 2"""
    )
    try:
        for file_id, first, last in ranges:
            store.execute(
                f"""INSERT INTO links BY NAME
            SELECT r.record_id,
              CASE WHEN {override} THEN o.kvk_number WHEN {HAS_KVK} THEN r.kvk_number ELSE p.kvk_number END
                AS kvk_number,
              CASE WHEN {override} THEN 'override' WHEN {HAS_KVK} THEN 'kvk_exact' ELSE p.method END AS method,
              CASE WHEN {override} THEN (CASE WHEN {override_kvk} THEN 'linked' ELSE 'no_match' END)
                   WHEN {HAS_KVK} THEN 'linked' ELSE p.status END AS status,
              CASE WHEN {override} THEN (CASE WHEN {override_kvk} THEN 1.0::DOUBLE END)
                   WHEN {HAS_KVK} THEN 1.0::DOUBLE ELSE p.probability END AS probability,
              CASE WHEN {override} THEN ['override'] WHEN {HAS_KVK} THEN ['kvk_number']
                   ELSE p.agreeing_fields END AS agreeing_fields,
              CASE WHEN {override} THEN NULL
                   WHEN {HAS_KVK} THEN (CASE WHEN f.kvk_number IS NULL THEN ? END)
                   ELSE p.candidates END AS candidates,
              ? AS run_id
            FROM {RECORDS_VIEW} r
            LEFT JOIN link_overrides o ON o.record_id = r.record_id
            LEFT JOIN firms f ON f.kvk_number = r.kvk_number
            LEFT JOIN {name} p ON p.record_id = r.record_id
            WHERE r.file_id = ? AND r.row_number BETWEEN ? AND ?
            ORDER BY r.row_number""",
                [NOT_IN_FIRMS, run_id, file_id, first, last],
            )
    finally:
        store.con.unregister(name)


def write_labels(store: Store, config: Config, run_id: str) -> None:
    """`labels` from the records that can carry one, a batch at a time, with their links."""
    batches = sources_model.records_batches(
        store, LABEL_RECORD_COLUMNS, where=LABEL_RECORDS, batch_rows=BATCH_ROWS
    )
    for batch in batches:
        records = _frame(batch)
        links = store.df(
            "SELECT record_id, kvk_number, status FROM links WHERE record_id IN (SELECT unnest(?))",
            [list(records["record_id"])],
        )
        labels = derive_labels(records, links, config.resolve, run_id)
        if not labels.empty:
            store.insert_df("labels", labels)


def write_review(store: Store, path, conflicts: pd.DataFrame | None = None) -> int:
    """The review file: ambiguous and unmatched records, then records whose data conflicts with the
    firm's (status `conflict`, kvk_number filled in: left as it is, the row changes nothing)."""
    frame = firms_model.unresolved_records(store)
    frame.insert(1, "kvk_number", "")
    frame["record_kvk"] = ""  # the KvK number in the source record (conflict rows)
    if conflicts is not None and not conflicts.empty:
        frame = pd.concat([frame, conflict_review_rows(store, conflicts)], ignore_index=True)
    # Analysts open this file in a spreadsheet: names and places are untrusted text (report/safe.py).
    neutralise_frame(frame, reversible=True).to_csv(path, index=False)
    return len(frame)


def conflict_review_rows(store: Store, conflicts: pd.DataFrame) -> pd.DataFrame:
    """One review row per record that disagrees with its firm; `candidates` says on what."""
    ids = list(dict.fromkeys(conflicts["record_id"]))
    recs = firms_model.linked_records(store, ids)
    detail = {
        rid: json.dumps(
            [
                {
                    "field": c["field"],
                    "this_record": c["value"],
                    "firm_has": c["chosen_value"],
                    "from": c["chosen_kind"],
                }
                for c in group.to_dict("records")
            ],
            ensure_ascii=False,
        )
        for rid, group in conflicts.groupby("record_id")
    }
    recs.insert(1, "kvk_number", recs["record_kvk"])
    recs["status"] = "conflict"
    recs["candidates"] = recs["record_id"].map(detail)
    return recs.sort_values(["record_kvk", "path", "row_number"])


def run(store: Store, config: Config, ctx: StageContext, *, overrides: str | None = None) -> StageResult:
    result = StageResult("resolve")
    cfg = config.resolve
    if not 0 <= cfg.review_threshold <= cfg.link_threshold <= 1:
        raise InputError("resolve thresholds must satisfy 0 <= review_threshold <= link_threshold <= 1")
    override_file = overrides or cfg.overrides_file
    n_new_overrides = 0
    if override_file:
        frame = read_overrides(override_file)
        with store.transaction():
            n_new_overrides = store_overrides(store, frame)
        unknown = firms_model.overrides_without_record(store)
        if unknown:
            result.messages.append(f"{unknown} override(s) name a record_id that is not imported; ignored")
    review_path = store.path.with_name(store.path.stem + "-review.csv")
    digest = _input_hash(store, config)
    last = store.last_run("resolve")
    if last and last.get("counts"):
        counts = json.loads(last["counts"]) if isinstance(last["counts"], str) else last["counts"]
        if counts.get("input_hash") == digest and store.count("links") > 0:
            result.counts = {
                **counts,
                "overrides_new": n_new_overrides,
                SKIPPED_UNCHANGED: counts.get("records", 0),
            }
            result.messages.append(f"inputs unchanged since run {last['run_id']}: nothing to do")
            return result
    n_records = sources_model.finished_records_count(store)
    if not n_records:
        raise InputError("no source records: run `ketenradar ingest FILE...` first")
    sources_model.records_view(store, RECORDS_VIEW)
    # DuckDB keeps what it sorts, joins and holds uncommitted in its buffer pool up to its memory limit
    # (80% of RAM by default); below DUCKDB_MEMORY it spills to its temporary directory instead.
    memory_limit = store.scalar("SELECT current_setting('memory_limit')")
    store.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    try:
        with store.transaction():
            store.execute("DELETE FROM labels")
            store.execute("DELETE FROM links")
            store.execute("DELETE FROM firms")
            conflicts = write_firms(store, ctx.run_id, ctx)
            n_firms = store.count("firms")
            write_links(store, config, ctx.run_id, n_firms, ctx)
            # A member is a firm that a member-list record links to (by KvK number or otherwise).
            store.execute(
                f"""UPDATE firms SET is_member = kvk_number IN (
                    SELECT l.kvk_number FROM links l JOIN {RECORDS_VIEW} r USING (record_id)
                    WHERE r.kind = 'member_list' AND l.status = 'linked' AND l.kvk_number IS NOT NULL)"""
            )
            write_labels(store, config, ctx.run_id)
        status = dict(store.fetchall("SELECT status, count(*) FROM links GROUP BY status"))
        methods = dict(
            store.fetchall("SELECT method, count(*) FROM links WHERE status = 'linked' GROUP BY method")
        )
        labels = dict(store.fetchall("SELECT label, count(*) FROM labels GROUP BY label"))
        per_kind = store.df(
            f"SELECT r.kind, l.status, count(*) AS n FROM {RECORDS_VIEW} r JOIN links l USING (record_id) "
            "GROUP BY r.kind, l.status"
        )
    finally:
        store.execute(f"DROP VIEW IF EXISTS {RECORDS_VIEW}")
        store.execute(f"SET memory_limit = '{memory_limit}'")
    n_review = write_review(store, review_path, conflicts)
    result.counts = {
        "records": n_records,
        "firms": n_firms,
        "linked": int(status.get("linked", 0)),
        "linked_kvk_exact": int(methods.get("kvk_exact", 0)),
        "linked_probabilistic": int(methods.get("probabilistic", 0)),
        "linked_override": int(methods.get("override", 0)),
        "ambiguous": int(status.get("ambiguous", 0)),
        "unmatched": int(status.get("unmatched", 0)),
        "no_match": int(status.get("no_match", 0)),
        "overrides_new": n_new_overrides,
        SKIPPED_UNCHANGED: 0,
        "labels_A": int(labels.get("A", 0)),
        "labels_B": int(labels.get("B", 0)),
        "labels_association": int(labels.get("association", 0)),
        "conflicts": len(conflicts),
        "firms_with_conflicts": int(conflicts["kvk_number"].nunique()),
        "input_hash": digest,
    }
    per_kind = per_kind.set_index(["kind", "status"])["n"].sort_index().unstack(fill_value=0)
    result.tables["links per kind"] = [
        {"kind": kind, **{k: int(v) for k, v in row.items()}} for kind, row in per_kind.iterrows()
    ]
    if len(conflicts):
        fields = ", ".join(f"{f} {n}" for f, n in conflicts["field"].value_counts().items())
        result.messages.append(
            f"{conflicts['kvk_number'].nunique()} firms have records that disagree ({fields}): each took the value "
            "of the highest-priority source (KvK API, KvK CSV, member list); the others are in the review file "
            "(status conflict) and on the firm's profile"
        )
    if n_review:
        result.messages.append(
            f"{status.get('ambiguous', 0)} ambiguous and {status.get('unmatched', 0)} unmatched records to review: "
            f"{review_path} (fill in kvk_number or 'no match', pass it back with --overrides)"
        )
    return result
