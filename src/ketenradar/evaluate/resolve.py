"""Evaluate resolve: precision and recall of links against the demo world's ground truth.

A link is predicted when its status is `linked` with a KvK number. For a truth record with a KvK
number, the link is right when it names that number; for a truth record without one (the firm is
not in the register), any link is wrong. Precision = right links / predicted links;
recall = right links / truth records with a KvK number.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from ketenradar.config import Config
from ketenradar.evaluate.truth import Evaluation, GroundTruth
from ketenradar.model import firms as firms_model
from ketenradar.store import Store


def _tail(path: str, parts: int) -> str:
    return "/".join(PurePosixPath(str(path).replace("\\", "/")).parts[-parts:])


def _metrics(frame: pd.DataFrame) -> dict[str, Any]:
    predicted = frame["pred"].notna()
    right = predicted & (frame["pred"] == frame["truth"])
    positives = frame["truth"].notna()
    n_pred, n_right, n_pos = int(predicted.sum()), int(right.sum()), int(positives.sum())
    return {
        "records": len(frame),
        "truth_links": n_pos,
        "predicted_links": n_pred,
        "correct": n_right,
        "precision": round(n_right / n_pred, 4) if n_pred else None,
        "recall": round(n_right / n_pos, 4) if n_pos else None,
        "ambiguous": int((frame["status"] == "ambiguous").sum()),
    }


def joined(store: Store, truth: GroundTruth) -> pd.DataFrame:
    """Every truth record with our record and link (if any)."""
    ours = firms_model.record_links(store)
    records = truth.records.copy()
    if records.empty:
        return records
    depth = max(len(PurePosixPath(p).parts) for p in records["path"])
    ours["key"] = ours["path"].map(lambda p: _tail(p, depth))
    records["key"] = records["path"].map(lambda p: _tail(p, depth))
    # CSV rows have no sheet; for XLSX the truth may or may not name it: match on path and row.
    merged = records.merge(ours, on=["key", "row_number"], how="left", suffixes=("_truth", ""))
    merged["truth"] = merged["kvk_number"].where(merged["kvk_number"].notna(), None)
    merged["pred"] = merged["link_kvk"].where(merged["status"] == "linked", None)
    return merged


def evaluate(store: Store, config: Config, truth: GroundTruth | None) -> Evaluation:
    evaluation = Evaluation()
    labels = firms_model.label_counts(store)
    evaluation.tables["labels"] = labels.to_dict("records")
    status = firms_model.link_status_counts(store)
    evaluation.counts.update({f"links_{k}": int(v) for k, v in sorted(status.items())})
    for row in labels.itertuples(index=False):
        evaluation.counts[f"labels_{row.label}_firms"] = evaluation.counts.get(
            f"labels_{row.label}_firms", 0
        ) + int(row.firms)
    if truth is None:
        return evaluation
    frame = joined(store, truth)
    if frame.empty:
        evaluation.counts["truth_records"] = 0
        return evaluation
    missing = int(frame["record_id"].isna().sum())
    evaluation.counts["truth_records_not_imported"] = missing
    frame = frame[frame["record_id"].notna()]
    overall = _metrics(frame)
    evaluation.counts.update({"precision": overall["precision"], "recall": overall["recall"]})
    rows = [{"group": "all", **overall}]
    no_kvk = frame[frame["record_kvk"].isna()]
    m = _metrics(no_kvk)
    evaluation.counts.update({"precision_no_kvk": m["precision"], "recall_no_kvk": m["recall"]})
    rows.append({"group": "records without KvK number", **m})
    for kind, group in frame.groupby("kind"):
        rows.append({"group": kind, **_metrics(group)})
        sub = group[group["record_kvk"].isna()]
        if len(sub):
            m = _metrics(sub)
            rows.append({"group": f"{kind} without KvK number", **m})
            evaluation.counts[f"{kind}_no_kvk_precision"] = m["precision"]
            evaluation.counts[f"{kind}_no_kvk_recall"] = m["recall"]
    evaluation.tables["links vs ground truth"] = rows
    # How the labels agree with the true categories (A/B evidence should name A/B firms).
    firms = truth.firms
    if "category" in firms.columns and not labels.empty:
        cats = dict(zip(firms["kvk_number"], firms["category"], strict=False))
        per_label = firms_model.labelled_firms(store)
        table = []
        names = sorted({str(c) for c in cats.values()} | {"unknown"})
        for label, group in per_label.groupby("label"):
            truth_cats = group["kvk_number"].map(cats).fillna("unknown").astype(str).value_counts().to_dict()
            row = {"label": label, "firms": len(group)}
            row.update({f"truth_{k}": int(truth_cats.get(k, 0)) for k in names})
            table.append(row)
        evaluation.tables["labels vs true category"] = table
    return evaluation
