"""`ketenradar resolve`: build `firms`, link every source record to a firm, derive labels.

The stage rebuilds `firms`, `links` and `labels` as a whole inside one transaction. Its inputs are
the imported files, the overrides and the resolve settings; when none changed since the last
successful run, nothing is rewritten.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pandas as pd

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.model import firms as firms_model
from ketenradar.model import sources as sources_model
from ketenradar.report.safe import neutralise_frame
from ketenradar.resolve.conflicts import find_conflicts
from ketenradar.resolve.firms import build_firms
from ketenradar.resolve.labels import derive_labels
from ketenradar.resolve.link import BlockingIndex, prior_odds, record_keys, score_record
from ketenradar.resolve.overrides import load_overrides, read_overrides, store_overrides
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult, input_digest
from ketenradar.store import Store

LINK_COLUMNS = [
    "record_id",
    "kvk_number",
    "method",
    "status",
    "probability",
    "agreeing_fields",
    "candidates",
    "run_id",
]


def _input_hash(store: Store, config: Config) -> str:
    files = sources_model.file_ids(store)
    overrides = store.fetchall("SELECT record_id, kvk_number FROM link_overrides ORDER BY record_id")
    # The version too (input_digest adds it): a newer ketenradar may link differently.
    return input_digest({"files": files, "overrides": overrides, "config": asdict(config.resolve)})[:16]


def _records(store: Store) -> pd.DataFrame:
    """All source records as plain Python values (None for NULL, lists for arrays)."""
    table = sources_model.records_arrow(store)
    # Column by column: a list of one dict per record would hold every value twice over.
    frame = pd.DataFrame(
        {name: pd.Series(table.column(name).to_pylist(), dtype=object) for name in table.column_names},
        columns=table.column_names,
    )
    del table
    for col in ("trade_names", "sbi_codes", "cpv_codes"):
        frame[col] = frame[col].map(lambda v: v if isinstance(v, list) else [])
    return frame


def link_records(
    records: pd.DataFrame,
    firms: pd.DataFrame,
    overrides: dict[str, str | None],
    config: Config,
    run_id: str,
    ctx: StageContext,
) -> pd.DataFrame:
    cfg = config.resolve
    known = set(firms["kvk_number"]) if not firms.empty else set()
    index = None
    if not firms.empty:
        # Only the blocks that records without a KvK number (and without an override) look in.
        no_kvk = records["kvk_number"].map(lambda k: not k).astype(bool)
        to_score = records[no_kvk & ~records["record_id"].isin(list(overrides))]
        needed: set[str] = set()
        for rec in to_score[["name", "trade_names", "postcode", "place", "domain", "house_number"]].to_dict(
            "records"
        ):
            needed |= record_keys(rec)
        index = BlockingIndex.build(firms, needed)
    odds = prior_odds(len(firms))
    out: list[dict[str, Any]] = []
    with ctx.progress("resolve: link records", total=len(records)) as bar:
        columns = [
            "record_id",
            "kvk_number",
            "name",
            "trade_names",
            "postcode",
            "place",
            "domain",
            "house_number",
        ]
        for rec in records[columns].to_dict("records"):
            rid = rec["record_id"]
            row: dict[str, Any] = {"record_id": rid, "run_id": run_id, "candidates": None}
            if rid in overrides:
                kvk = overrides[rid]
                row.update(
                    kvk_number=kvk,
                    method="override",
                    status="linked" if kvk else "no_match",
                    probability=1.0 if kvk else None,
                    agreeing_fields=["override"],
                )
            elif rec.get("kvk_number"):
                kvk = rec["kvk_number"]
                row.update(
                    kvk_number=kvk,
                    method="kvk_exact",
                    status="linked",
                    probability=1.0,
                    agreeing_fields=["kvk_number"],
                )
                if kvk not in known:
                    row["candidates"] = json.dumps({"note": "KvK number not in the firms table"})
            elif index is None:
                row.update(
                    kvk_number=None,
                    method="probabilistic",
                    status="unmatched",
                    probability=0.0,
                    agreeing_fields=[],
                )
            else:
                cands = score_record(rec, index, odds)
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
                    method="probabilistic",
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
    return pd.DataFrame(out, columns=LINK_COLUMNS)


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
    records = _records(store)
    if records.empty:
        raise InputError("no source records: run `ketenradar ingest FILE...` first")
    firms = build_firms(records, ctx.run_id)
    links = link_records(records, firms, load_overrides(store), config, ctx.run_id, ctx)
    labels = derive_labels(records, links, cfg, ctx.run_id)
    member_ids = set(records.loc[records["kind"] == "member_list", "record_id"])
    member_kvks = set(
        links.loc[links["record_id"].isin(member_ids) & (links["status"] == "linked"), "kvk_number"]
    )
    if not firms.empty:
        firms["is_member"] = firms["kvk_number"].isin(member_kvks)
    with store.transaction():
        store.execute("DELETE FROM labels")
        store.execute("DELETE FROM links")
        store.execute("DELETE FROM firms")
        store.insert_df("firms", firms)
        store.insert_df("links", links)
        store.insert_df("labels", labels)
    conflicts = find_conflicts(records)
    n_review = write_review(store, review_path, conflicts)
    status = links["status"].value_counts().to_dict()
    methods = links.loc[links["status"] == "linked", "method"].value_counts().to_dict()
    result.counts = {
        "records": len(records),
        "firms": len(firms),
        "linked": int(status.get("linked", 0)),
        "linked_kvk_exact": int(methods.get("kvk_exact", 0)),
        "linked_probabilistic": int(methods.get("probabilistic", 0)),
        "linked_override": int(methods.get("override", 0)),
        "ambiguous": int(status.get("ambiguous", 0)),
        "unmatched": int(status.get("unmatched", 0)),
        "no_match": int(status.get("no_match", 0)),
        "overrides_new": n_new_overrides,
        SKIPPED_UNCHANGED: 0,
        "labels_A": int((labels["label"] == "A").sum()),
        "labels_B": int((labels["label"] == "B").sum()),
        "labels_association": int((labels["label"] == "association").sum()),
        "conflicts": len(conflicts),
        "firms_with_conflicts": int(conflicts["kvk_number"].nunique()),
        "input_hash": digest,
    }
    per_kind = (
        records[["record_id", "kind"]]
        .merge(links[["record_id", "status"]], on="record_id")
        .groupby(["kind", "status"])
        .size()
        .unstack(fill_value=0)
    )
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
