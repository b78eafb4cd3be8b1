"""Read everything the report shows from the store, as plain pandas tables.

The HTML report, the exports and the web dashboard all call these functions, so that a figure means
the same everywhere. Nothing here formats for a medium: no HTML, no language (labels are applied by
the caller with `ketenradar.report.labels`). Every function reads the latest successful score run
unless given a `run_id`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ketenradar.report.labels import (
    CATEGORIES,
    NONE,
    normalise_province,
    process_group,
    province_from_postcode,
    size_order,
)
from ketenradar.store import Store

BREAKDOWN_GROUPS = {"certification": "cert", "process": "process", "market": "market", "tech": "tech"}
"""Indicator-based breakdowns: dimension name -> indicator group prefix."""

COUNT_COLUMNS = [*CATEGORIES, NONE]

# -- score run ---------------------------------------------------------------------------------------


def latest_score_run(store: Store) -> str | None:
    """The run id of the latest successful `score` run that wrote scores.

    Falls back to the newest run id found in `scores` when no run record says so (a store filled
    by other means, e.g. an import).
    """
    run_id = store.scalar(
        "SELECT r.run_id FROM runs r WHERE r.command = 'score' AND r.status = 'ok' "
        "AND EXISTS (SELECT 1 FROM scores s WHERE s.run_id = r.run_id) "
        "ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
    )
    if run_id is None:
        run_id = store.scalar(
            "SELECT s.run_id FROM scores s WHERE NOT EXISTS "
            "(SELECT 1 FROM runs r WHERE r.run_id = s.run_id AND r.status <> 'ok') "
            "ORDER BY s.run_id DESC LIMIT 1"
        )
    return run_id


def score_run_record(store: Store, run_id: str | None = None) -> dict[str, Any] | None:
    """The run record (config, versions, counts as dicts) of the score run."""
    run_id = run_id or latest_score_run(store)
    if run_id is None:
        return None
    frame = store.df("SELECT * FROM runs WHERE run_id = ?", [run_id])
    if frame.empty:
        return {"run_id": run_id}
    record = frame.iloc[0].to_dict()
    for key in ("config", "versions", "counts"):
        record[key] = _json(record.get(key)) or {}
    return record


# -- reasons -----------------------------------------------------------------------------------------


@dataclass
class Reasons:
    """A score row's reasons, normalised from whatever shape the scorer wrote."""

    nearest: list[dict[str, Any]] = field(default_factory=list)
    """[{kvk_number, name, similarity, label}] most similar reference firms, best first."""
    top_indicators: list[dict[str, Any]] = field(default_factory=list)
    """[{id, weight}] the indicators that weigh most."""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    """[{indicator, sentence, url}] sentences from the firm's own pages."""
    text: str | None = None
    """A short explanation, when the scorer wrote one."""


def _json(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _first(d: dict, *keys: str) -> Any:
    for key in keys:
        if key in d and d[key] is not None:
            return d[key]
    return None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, dict):
        return [{"id": k, "weight": v} for k, v in value.items()]
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def parse_reasons(raw: Any) -> Reasons:
    """Normalise a `scores.reasons` value (JSON text or object); never raises on odd shapes."""
    data = _json(raw)
    reasons = Reasons()
    if data is None:
        return reasons
    if isinstance(data, str):
        reasons.text = data
        return reasons
    if isinstance(data, list):
        reasons.text = "; ".join(str(x) for x in data)
        return reasons
    if not isinstance(data, dict):
        reasons.text = str(data)
        return reasons

    nearest = _first(data, "nearest", "neighbours", "neighbors", "nearest_references")
    if isinstance(nearest, dict) and all(isinstance(v, list) for v in nearest.values()):
        # Per reference set: {"A": [...], "B": [...]}; the key is the neighbours' label.
        nearest = [
            {**item, "label": item.get("label") or key}
            if isinstance(item, dict)
            else {"kvk_number": item, "label": key}
            for key, items in nearest.items()
            for item in items
        ]
    for item in _as_list(nearest):
        if isinstance(item, dict):
            kvk = _first(item, "kvk_number", "kvk", "id")
            reasons.nearest.append(
                {
                    "kvk_number": str(kvk) if kvk is not None else None,
                    "name": _first(item, "name", "firm", "naam"),
                    "similarity": _number(_first(item, "similarity", "sim", "score", "cosine")),
                    "label": _first(item, "label", "category", "reference"),
                }
            )
        elif isinstance(item, list | tuple) and item:
            reasons.nearest.append(
                {
                    "kvk_number": str(item[0]),
                    "name": None,
                    "similarity": _number(item[1]) if len(item) > 1 else None,
                    "label": None,
                }
            )
        elif item is not None:
            reasons.nearest.append({"kvk_number": str(item), "name": None, "similarity": None, "label": None})

    for item in _as_list(_first(data, "top_indicators", "indicators", "features")):
        if isinstance(item, dict):
            ind = _first(item, "id", "indicator", "indicator_id", "name", "feature")
            if ind is not None:
                reasons.top_indicators.append(
                    {"id": str(ind), "weight": _number(_first(item, "weight", "contribution", "score"))}
                )
        elif isinstance(item, list | tuple) and item:
            reasons.top_indicators.append(
                {"id": str(item[0]), "weight": _number(item[1]) if len(item) > 1 else None}
            )
        elif item is not None:
            reasons.top_indicators.append({"id": str(item), "weight": None})

    evidence = _first(data, "evidence", "sentences", "evidence_sentences")
    if isinstance(evidence, dict):
        # Keyed by indicator: {"process.milling": {"sentence": ..., "url": ...} or [...] or "..."}.
        flat = []
        for key, value in evidence.items():
            for v in value if isinstance(value, list) else [value]:
                flat.append(
                    {"indicator": key, **v} if isinstance(v, dict) else {"indicator": key, "sentence": v}
                )
        evidence = flat
    for item in _as_list(evidence):
        if isinstance(item, dict):
            sentence = _first(item, "sentence", "text", "quote", "evidence")
            url = _first(item, "url", "link", "source_url", "page")
            if sentence is None and url is None:
                continue
            reasons.evidence.append(
                {
                    "indicator": _first(item, "indicator", "indicator_id", "id"),
                    "sentence": None if sentence is None else str(sentence),
                    "url": None if url is None else str(url),
                }
            )
        elif item is not None:
            reasons.evidence.append({"indicator": None, "sentence": str(item), "url": None})

    text = _first(data, "summary", "text", "explanation", "short")
    reasons.text = str(text) if text is not None else None
    return reasons


# -- firms -------------------------------------------------------------------------------------------


def _category_score(category: Any, a: Any, b: Any) -> float | None:
    a, b = _number(a), _number(b)
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
    run_id = run_id or latest_score_run(store)
    join = "JOIN" if scored_only else "LEFT JOIN"
    frame = store.df(
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
    # The registry's province, else the one the postcode lies in.
    frame["province"] = [
        normalise_province(raw) or province_from_postcode(pc)
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
    run_id = run_id or latest_score_run(store)
    rows = dict(
        store.fetchall(
            "SELECT CASE WHEN category IN ('A','B','C','D') THEN category ELSE 'none' END, count(*) "
            "FROM scores WHERE run_id = ? GROUP BY 1",
            [run_id],
        )
    )
    total = sum(rows.values())
    out = pd.DataFrame({"category": COUNT_COLUMNS, "count": [int(rows.get(c, 0)) for c in COUNT_COLUMNS]})
    out["share"] = out["count"] / total if total else 0.0
    total_row = pd.DataFrame({"category": ["total"], "count": [total], "share": [1.0 if total else 0.0]})
    return pd.concat([out, total_row], ignore_index=True)


def funnel(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """How many records/firms pass each step, from source records to categories A-D.

    Columns: step (a label key suffix), count.
    """
    run_id = run_id or latest_score_run(store)
    steps = [
        ("records", "SELECT count(*) FROM source_records", []),
        ("firms", "SELECT count(*) FROM firms", []),
        (
            "website",
            "SELECT count(*) FROM firms f WHERE f.website IS NOT NULL "
            "OR EXISTS (SELECT 1 FROM sites s WHERE s.kvk_number = f.kvk_number)",
            [],
        ),
        ("crawled", "SELECT count(*) FROM sites WHERE status = 'ok'", []),
        ("document", "SELECT count(*) FROM firm_profile WHERE has_document", []),
        (
            "indicators",
            "SELECT count(DISTINCT kvk_number) FROM indicator_hits WHERE source = 'website'",
            [],
        ),
        ("scored", "SELECT count(*) FROM scores WHERE run_id = ?", [run_id]),
        (
            "categorised",
            "SELECT count(*) FROM scores WHERE run_id = ? AND category IN ('A','B','C','D')",
            [run_id],
        ),
    ]
    return pd.DataFrame(
        [{"step": name, "count": int(store.scalar(sql, params) or 0)} for name, sql, params in steps]
    )


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


def _names(store: Store, kvks: list[str]) -> dict[str, str]:
    if not kvks:
        return {}
    rows = store.fetchall(
        "SELECT kvk_number, name FROM firms WHERE kvk_number IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(set(kvks))],
    )
    return dict(rows)


def _hit_evidence(store: Store, kvks: list[str], per_firm: int) -> dict[str, list[dict[str, Any]]]:
    """Website indicator sentences per firm, as fallback evidence when the scorer gave none."""
    if not kvks:
        return {}
    frame = store.df(
        """
        SELECT kvk_number, indicator_id, sentence, url FROM (
            SELECT kvk_number, indicator_id, sentence, url,
                   row_number() OVER (PARTITION BY kvk_number ORDER BY indicator_id, url, sentence) AS n
            FROM (SELECT DISTINCT kvk_number, indicator_id, sentence, url FROM indicator_hits
                  WHERE source = 'website' AND sentence IS NOT NULL
                    AND kvk_number IN (SELECT unnest(?::VARCHAR[])))
        ) WHERE n <= ? ORDER BY kvk_number, n
        """,
        [sorted(set(kvks)), per_firm],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in frame.itertuples(index=False):
        out.setdefault(row.kvk_number, []).append(
            {"indicator": row.indicator_id, "sentence": row.sentence, "url": row.url}
        )
    return out


def label_evidence(store: Store, kvks: list[str] | None = None) -> pd.DataFrame:
    """Why a firm is A or B: its `labels` rows (label, source, strength, evidence)."""
    sql = "SELECT kvk_number, label, source, strength, evidence FROM labels WHERE label IN ('A','B')"
    params: list = []
    if kvks is not None:
        sql += " AND kvk_number IN (SELECT unnest(?::VARCHAR[]))"
        params.append(sorted(set(kvks)))
    return store.df(sql + " ORDER BY kvk_number, strength DESC, source", params)


def explain(
    store: Store, frame: pd.DataFrame, *, evidence_per_firm: int = 3, indicators_per_firm: int = 5
) -> list[Reasons]:
    """Reasons for each row of a `firms_frame` slice, completed from the store where the scorer
    left gaps: names of nearest firms, the profile's indicators, website evidence sentences."""
    parsed = [parse_reasons(r) for r in frame["reasons"]]
    kvks = frame["kvk_number"].tolist()
    names = _names(store, [n["kvk_number"] for r in parsed for n in r.nearest if n["kvk_number"]])
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


def sources(store: Store) -> pd.DataFrame:
    """The imported source files: path, kind, n_rows, n_records, n_rejects, imported_at."""
    return store.df(
        "SELECT path, kind, n_rows, n_records, n_rejects, imported_at FROM source_files "
        "ORDER BY imported_at, path"
    )


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
    run_id = run_id or latest_score_run(store)
    return store.df(
        "SELECT target, method, model, threshold, held_out_recall, est_precision, est_precision_low, "
        "est_precision_high, chosen_by, coalesce(provisional, false) AS provisional, note, n_above "
        "FROM thresholds WHERE run_id = ? ORDER BY target, method, model",
        [run_id],
    )


def provisional_categories(store: Store, run_id: str | None = None) -> list[str]:
    """C and/or D when the deciding method's threshold is provisional (docs/score.md)."""
    run_id = run_id or latest_score_run(store)
    rows = store.fetchall(
        "SELECT DISTINCT t.target FROM thresholds t JOIN (SELECT DISTINCT method FROM scores WHERE run_id = ?) s "
        "USING (method) WHERE t.run_id = ? AND t.provisional ORDER BY t.target",
        [run_id, run_id],
    )
    return [{"A": "C", "B": "D"}[r[0]] for r in rows]


def precision_vs_threshold(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """Per category of the deciding method: firms and estimated precision as the threshold moves."""
    from ketenradar.score.curve import precision_table
    from ketenradar.score.features import site_firms

    run_id = run_id or latest_score_run(store)
    scores = store.df("SELECT * FROM scores WHERE run_id = ? ORDER BY kvk_number", [run_id])
    if scores.empty:
        return pd.DataFrame(columns=["category", "firms", "threshold", "est_precision", "chosen"])
    th = store.df("SELECT * FROM thresholds WHERE run_id = ?", [run_id])
    site = scores.kvk_number.isin(site_firms(store)).to_numpy()
    rows = precision_table(scores, th, site, str(scores["method"].iloc[0]))
    return pd.DataFrame(
        rows, columns=["category", "firms", "threshold", "references_kept", "est_precision", "chosen"]
    )


def evaluations(store: Store) -> pd.DataFrame:
    """The latest evaluation figures per stage, flattened: stage, figure, value."""
    frame = store.df(
        "SELECT stage, CAST(figures AS VARCHAR) AS figures FROM ("
        "  SELECT *, row_number() OVER (PARTITION BY stage ORDER BY created_at DESC, run_id DESC) AS n"
        "  FROM evaluations) WHERE n = 1 ORDER BY stage"
    )
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


def rejects_summary(store: Store) -> pd.DataFrame:
    """Rejected rows and fields grouped: kind, severity, field, reason, count, example (path:row)."""
    return store.df(
        """
        SELECT kind, severity, field, reason, count(*) AS count,
               min(path || ':' || CAST(row_number AS VARCHAR)) AS example
        FROM rejects GROUP BY kind, severity, field, reason
        ORDER BY count DESC, kind, severity, field, reason
        """
    )


def link_status(store: Store) -> pd.DataFrame:
    """Source records by link status: status, count ('unresolved' = no link row yet)."""
    return store.df(
        """
        SELECT coalesce(l.status, 'unresolved') AS status, count(*) AS count
        FROM source_records r LEFT JOIN links l ON l.record_id = r.record_id
        GROUP BY 1 ORDER BY count DESC, status
        """
    )


def review_records(store: Store, n: int = 50) -> pd.DataFrame:
    """Ambiguous and unmatched records for review: record_id, path, row_number, name, place,
    status, probability, n_candidates."""
    frame = store.df(
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
    frame["n_candidates"] = frame["candidates"].map(
        lambda v: len(c) if isinstance(c := _json(v), list | dict) else 0
    )
    return frame.drop(columns=["candidates"])


def site_status(store: Store) -> pd.DataFrame:
    """Crawl coverage: firms by site status (plus 'no_website' and 'pending'), count, share."""
    frame = store.df(
        """
        SELECT CASE WHEN s.status IS NOT NULL THEN s.status
                    WHEN f.website IS NOT NULL THEN 'pending'
                    ELSE 'no_website' END AS status,
               count(*) AS count
        FROM firms f LEFT JOIN sites s ON s.kvk_number = f.kvk_number
        GROUP BY 1 ORDER BY count DESC, status
        """
    )
    total = int(frame["count"].sum())
    frame["share"] = frame["count"] / total if total else 0.0
    return frame
