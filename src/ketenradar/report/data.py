"""Read everything the report shows from the store, as plain pandas tables.

The HTML report, the exports and the web dashboard all call these functions, so that a figure means
the same everywhere. Nothing here formats for a medium: no HTML, no language (labels are applied by
the caller with `ketenradar.report.labels`). Every function reads the latest successful score run
unless given a `run_id`.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from ketenradar.model import evaluations as evaluations_model
from ketenradar.model import firm_profile, firms, runs, scores, sources
from ketenradar.model.geo import canonical_province, province_from_postcode
from ketenradar.model.reasons import Reasons, as_number
from ketenradar.report.labels import CATEGORIES, NONE, process_group, size_order
from ketenradar.store import Store

BREAKDOWN_GROUPS = {"certification": "cert", "process": "process", "market": "market", "tech": "tech"}
"""Indicator-based breakdowns: dimension name -> indicator group prefix."""

COUNT_COLUMNS = [*CATEGORIES, NONE]

# -- score run ---------------------------------------------------------------------------------------


def score_run_record(store: Store, run_id: str | None = None) -> dict[str, Any] | None:
    """The run record (config, versions, counts as dicts) of the score run."""
    run_id = run_id or scores.latest_run(store)
    if run_id is None:
        return None
    return runs.record(store, run_id) or {"run_id": run_id}


# -- helpers -----------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# -- firms -------------------------------------------------------------------------------------------


def _category_score(category: Any, a: Any, b: Any) -> float | None:
    a, b = as_number(a), as_number(b)
    if category in ("A", "C"):
        return a
    if category in ("B", "D"):
        return b
    known = [x for x in (a, b) if x is not None]
    return max(known) if known else None


def firms_frame(store: Store, run_id: str | None = None, *, scored_only: bool = False) -> pd.DataFrame:
    """One row per firm with registry data, profile and (latest run's) score.

    Columns: kvk_number, name, place, postcode, province (canonical Dutch name, from the registry
    or else approximately from the postcode; None when neither is known), province_raw,
    sbi_main, sbi_division, size_class, employees, website, site_status, indicators (list),
    category (A-D or 'none'; None when the firm was not scored), a_score, b_score, score,
    method, model, reasons (raw JSON text).
    """
    run_id = run_id or scores.latest_run(store)
    frame = firms.with_scores(store, run_id, scored_only=scored_only)
    # The registry's province, else the one the postcode lies in.
    frame["province"] = [
        canonical_province(raw) or province_from_postcode(pc)
        for raw, pc in zip(frame["province_raw"], frame["postcode"], strict=True)
    ]
    frame["province"] = frame["province"].astype(object)
    scored = frame["scored"].astype(bool)
    category = frame["category"].astype(object).where(frame["category"].isin(CATEGORIES), NONE)
    frame["category"] = category.where(scored, None)
    frame["score"] = [
        _category_score(c, a, b)
        for c, a, b in zip(frame["category"], frame["a_score"], frame["b_score"], strict=True)
    ]
    frame["indicators"] = frame["indicators"].map(
        lambda v: [str(x) for x in v] if isinstance(v, list | np.ndarray) else []
    )
    return frame.drop(columns=["scored"])


# -- summary and funnel ------------------------------------------------------------------------------


def summary(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """Counts and shares of categories A, B, C, D and none among the scored firms (like the study).

    Columns: category, count, share (0..1 of all scored firms). The last row is 'total'.
    """
    run_id = run_id or scores.latest_run(store)
    rows = scores.category_counts(store, run_id)
    total = sum(rows.values())
    out = pd.DataFrame({"category": COUNT_COLUMNS, "count": [int(rows.get(c, 0)) for c in COUNT_COLUMNS]})
    out["share"] = out["count"] / total if total else 0.0
    total_row = pd.DataFrame({"category": ["total"], "count": [total], "share": [1.0 if total else 0.0]})
    return pd.concat([out, total_row], ignore_index=True)


def funnel(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """How many records/firms pass each step, from source records to categories A-D.

    Columns: step (a label key suffix), count.
    """
    run_id = run_id or scores.latest_run(store)
    categories = scores.category_counts(store, run_id) if run_id else {}
    steps = {
        "records": sources.records_count(store),
        "firms": firms.count(store),
        "website": firms.count(store, with_website=True),
        "crawled": firms.crawled_count(store),
        "document": firm_profile.with_document_count(store),
        "indicators": firm_profile.with_website_hits_count(store),
        "scored": sum(categories.values()),
        "categorised": sum(n for c, n in categories.items() if c != "none"),
    }
    return pd.DataFrame([{"step": name, "count": int(n)} for name, n in steps.items()])


# -- breakdowns ---------------------------------------------------------------------------------------


def _crosstab(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Counts per value of `column` and category: value, A, B, C, D, none, in_chain, total."""
    if frame.empty:
        return pd.DataFrame(columns=["value", *COUNT_COLUMNS, "in_chain", "total"])
    table = pd.crosstab(frame[column].fillna(""), frame["category"]).reindex(
        columns=COUNT_COLUMNS, fill_value=0
    )
    table = table.reset_index().rename(columns={column: "value"})
    table.columns.name = None
    table["value"] = table["value"].replace("", None)
    table[COUNT_COLUMNS] = table[COUNT_COLUMNS].astype(int)
    table["in_chain"] = table[list(CATEGORIES)].sum(axis=1)
    table["total"] = table[COUNT_COLUMNS].sum(axis=1)
    return table


def breakdown(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One breakdown of scored firms (from `firms_frame`) by a dimension.

    Registry dimensions (sbi_division, province, size_class) count each firm once; indicator
    dimensions (certification, market, tech) count a firm once per indicator it has, `process`
    once per process group (`labels.PROCESS_GROUPS`) it has.
    Sorted by firms in A-D, then total (size classes in size order).
    """
    scored = frame[frame["category"].notna()]
    if dimension in BREAKDOWN_GROUPS:
        prefix = BREAKDOWN_GROUPS[dimension] + "."
        exploded = scored[["kvk_number", "category", "indicators"]].explode("indicators")
        exploded = exploded[exploded["indicators"].astype(str).str.startswith(prefix)]
        if dimension == "process":
            # Individual processes are many and overlap; the study speaks of process groups.
            exploded = exploded.assign(indicators=exploded["indicators"].map(process_group))
            exploded = exploded.drop_duplicates(["kvk_number", "indicators"])
        table = _crosstab(exploded.rename(columns={"indicators": "value_"}), "value_")
    elif dimension in ("sbi_division", "province", "size_class"):
        table = _crosstab(scored, dimension)
    else:
        raise ValueError(f"unknown breakdown dimension: {dimension}")
    if dimension == "size_class":
        order = sorted(range(len(table)), key=lambda i: size_order(table["value"].iloc[i]))
        return table.iloc[order].reset_index(drop=True)
    return table.sort_values(
        ["in_chain", "total", "value"], ascending=[False, False, True], na_position="last"
    ).reset_index(drop=True)


DIMENSIONS = ["sbi_division", "province", "size_class", "certification", "process", "market", "tech"]


def breakdowns(store: Store, run_id: str | None = None) -> dict[str, pd.DataFrame]:
    """Every breakdown of the report: dimension -> table (value, A, B, C, D, none, in_chain, total)."""
    frame = firms_frame(store, run_id, scored_only=True)
    return {dim: breakdown(frame, dim) for dim in DIMENSIONS}


def province_counts(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """Scored firms per province (canonical names; None for unknown), with category counts."""
    return breakdown(firms_frame(store, run_id, scored_only=True), "province")


# -- candidates and reasons ---------------------------------------------------------------------------


def _hit_evidence(store: Store, kvks: list[str], per_firm: int) -> dict[str, list[dict[str, Any]]]:
    """Website indicator sentences per firm, as fallback evidence when the scorer gave none."""
    if not kvks:
        return {}
    frame = firm_profile.website_evidence(store, kvks, per_firm)
    out: dict[str, list[dict[str, Any]]] = {}
    for row in frame.itertuples(index=False):
        out.setdefault(row.kvk_number, []).append(
            {"indicator": row.indicator_id, "sentence": row.sentence, "url": row.url}
        )
    return out


def explain(
    store: Store, frame: pd.DataFrame, *, evidence_per_firm: int = 3, indicators_per_firm: int = 5
) -> list[Reasons]:
    """Reasons for each row of a `firms_frame` slice, completed from the store where the scorer
    left gaps: names of nearest firms, the profile's indicators, website evidence sentences."""
    parsed = [Reasons.from_json(r) for r in frame["reasons"]]
    kvks = frame["kvk_number"].tolist()
    names = firms.names(store, [n["kvk_number"] for r in parsed for n in r.nearest if n["kvk_number"]])
    missing = [k for k, r in zip(kvks, parsed, strict=True) if not r.evidence]
    hits = _hit_evidence(store, missing, evidence_per_firm)
    for kvk, reasons, profile in zip(kvks, parsed, frame["indicators"], strict=True):
        for n in reasons.nearest:
            if not n["name"] and n["kvk_number"]:
                n["name"] = names.get(n["kvk_number"])
        if not reasons.top_indicators:
            website_ids = [i for i in profile if not i.startswith("registry.")]
            reasons.top_indicators = [{"id": i, "weight": None} for i in website_ids[:indicators_per_firm]]
        if not reasons.evidence:
            reasons.evidence = hits.get(kvk, [])
        reasons.evidence = reasons.evidence[:evidence_per_firm]
        reasons.top_indicators = reasons.top_indicators[:indicators_per_firm]
    return parsed


def top_candidates(
    store: Store,
    category: str,
    n: int = 50,
    run_id: str | None = None,
    *,
    frame: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The `n` highest-scoring firms of a category, with parsed reasons.

    Columns of `firms_frame` plus nearest, top_indicators, evidence (lists of dicts) and
    reason_text; sorted by score descending (ties by KvK number). Pass `frame` (a scored-only
    `firms_frame`) to save reading it again.
    """
    if frame is None:
        frame = firms_frame(store, run_id, scored_only=True)
    frame = frame[frame["category"] == category]
    frame = frame.sort_values(["score", "kvk_number"], ascending=[False, True], na_position="last")
    frame = frame.head(n).reset_index(drop=True)
    reasons = explain(store, frame)
    frame["nearest"] = [r.nearest for r in reasons]
    frame["top_indicators"] = [r.top_indicators for r in reasons]
    frame["evidence"] = [r.evidence for r in reasons]
    frame["reason_text"] = [r.text for r in reasons]
    return frame


# -- methodology --------------------------------------------------------------------------------------


def run_config(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """The settings that decide scores, from the score run's record: setting, value.

    The `score` and `embed` tables of the config, the options the command was given, and the
    versions of the packages that computed them.
    """
    record = score_run_record(store, run_id)
    if not record:
        return pd.DataFrame(columns=["setting", "value"])
    config = record.get("config") or {}
    rows: list[dict[str, str]] = []
    inner = config.get("config", config) if isinstance(config, dict) else {}
    for section in ("score", "embed"):
        values = inner.get(section) if isinstance(inner, dict) else None
        if isinstance(values, dict):
            rows += [{"setting": f"{section}.{k}", "value": _text(v)} for k, v in values.items()]
    options = config.get("options") if isinstance(config, dict) else None
    if isinstance(options, dict):
        rows += [{"setting": f"option.{k}", "value": _text(v)} for k, v in options.items() if v is not None]
    versions = record.get("versions") or {}
    if isinstance(versions, dict):
        rows += [{"setting": f"version.{k}", "value": _text(v)} for k, v in versions.items()]
    rows.append({"setting": "run_id", "value": str(record.get("run_id"))})
    if record.get("started_at") is not None:
        rows.append({"setting": "started_at", "value": str(record["started_at"])})
    return pd.DataFrame(rows, columns=["setting", "value"])


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def thresholds(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """Thresholds of the score run: target, method, model, threshold, held_out_recall,
    est_precision (with its interval), chosen_by, provisional, note."""
    run_id = run_id or scores.latest_run(store)
    return scores.thresholds_of(store, run_id)


def provisional_categories(store: Store, run_id: str | None = None) -> list[str]:
    """C and/or D when the deciding method's threshold is provisional (docs/score.md)."""
    run_id = run_id or scores.latest_run(store)
    return [{"A": "C", "B": "D"}[target] for target in scores.provisional_targets(store, run_id)]


def precision_vs_threshold(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """Per category of the deciding method: firms and estimated precision as the threshold moves."""
    from ketenradar.score.curve import precision_table
    from ketenradar.score.features import site_firms

    run_id = run_id or scores.latest_run(store)
    frame = scores.all_columns(store, run_id)
    if frame.empty:
        return pd.DataFrame(columns=["category", "firms", "threshold", "est_precision", "chosen"])
    th = scores.thresholds(store, run_id)
    site = frame.kvk_number.isin(site_firms(store)).to_numpy()
    rows = precision_table(frame, th, site, str(frame["method"].iloc[0]))
    return pd.DataFrame(
        rows, columns=["category", "firms", "threshold", "references_kept", "est_precision", "chosen"]
    )


def evaluations(store: Store) -> pd.DataFrame:
    """The latest evaluation figures per stage, flattened: stage, figure, value."""
    frame = evaluations_model.latest(store)
    rows = []
    for stage, raw in frame.itertuples(index=False):
        figures = _json(raw)
        counts = figures.get("counts", figures) if isinstance(figures, dict) else {}
        if not isinstance(counts, dict):
            continue
        for key, value in _flatten(counts):
            rows.append({"stage": stage, "figure": key, "value": value})
    return pd.DataFrame(rows, columns=["stage", "figure", "value"])


def _flatten(values: dict, prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _flatten(value, name + ".")
        else:
            out.append((name, value if isinstance(value, int | float | str | bool) else _text(value)))
    return out


# -- data quality -------------------------------------------------------------------------------------


def review_records(store: Store, n: int = 50) -> pd.DataFrame:
    """Ambiguous and unmatched records for review: record_id, path, row_number, name, place,
    status, probability, n_candidates."""
    frame = firms.records_to_review(store, n)
    frame["n_candidates"] = frame["candidates"].map(
        lambda v: len(c) if isinstance(c := _json(v), list | dict) else 0
    )
    return frame.drop(columns=["candidates"])


def site_status(store: Store) -> pd.DataFrame:
    """Crawl coverage: firms by site status (plus 'no_website' and 'pending'), count, share."""
    frame = firms.site_status_counts(store)
    total = int(frame["count"].sum())
    frame["share"] = frame["count"] / total if total else 0.0
    return frame
