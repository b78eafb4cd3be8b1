"""Measured precision next to the model's own estimate, for `score`, `evaluate`, report and dashboard."""

from __future__ import annotations

from typing import Any

from ketenradar.review.estimate import measured
from ketenradar.review.store import ReviewStore, review_store_path
from ketenradar.store import Store

TARGET_OF = {"C": "A", "D": "B"}


def model_estimates(store: Store, run_id: str | None = None) -> dict[str, dict[str, Any]]:
    """The score run's own precision estimate per category (est_precision and, where the scorer
    writes them, est_precision_low / _high), for the method that decided the categories."""
    from ketenradar.model import reviews
    from ketenradar.model.scores import latest_run as latest_score_run

    run_id = run_id or latest_score_run(store)
    if run_id is None:
        return {}
    frame = reviews.run_thresholds(store, run_id, reviews.deciding_method(store, run_id))
    out = {}
    for cat, target in TARGET_OF.items():
        rows = frame[frame.target == target]
        if rows.empty:
            continue
        row = rows.iloc[0]
        out[cat] = {
            k: (None if row.get(k) is None or row.get(k) != row.get(k) else round(float(row[k]), 4))
            for k in ("est_precision", "est_precision_low", "est_precision_high")
            if k in row.index
        }
    return out


def review_figures(store: Store) -> dict[str, dict[str, Any]]:
    """Per category with verdicts: measured figures (review/estimate.py) and the model's estimate."""
    path = review_store_path(store.path)
    if not path.exists():
        return {}
    with ReviewStore(path, read_only=True) as review:
        figures = measured(review)
    model = model_estimates(store)
    for cat, f in figures.items():
        f["model"] = model.get(cat, {})
    return figures


def review_table(figures: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Short rows: category, reviewed, measured precision [95%], estimated true firms, model estimate."""
    rows = []
    for cat, f in figures.items():
        model = f.get("model") or {}
        rows.append(
            {
                "cat": cat,
                "reviewed": f["reviewed"],
                "measured": f["precision"],
                "low": f["low"],
                "high": f["high"],
                "true_firms": f"{f['true_firms']:.0f} ({f['true_low']:.0f}-{f['true_high']:.0f}) of {f['population']}",
                "model_est": model.get("est_precision"),
            }
        )
    return rows
