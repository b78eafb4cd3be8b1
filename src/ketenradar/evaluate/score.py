"""Evaluate the scorer: held-out recall, ROC/PR-AUC, and C/D precision and recall against the demo truth.

Reads the latest score run. Its scores are out-of-fold for every firm, so ROC-AUC and PR-AUC of the
reference firms against the unlabelled firms are held-out figures. Both methods are evaluated from the
same run (the scores table keeps both side by side), with the same category precedence.

The table has one row per method and target (A -> category C, B -> category D) and few columns, so
that it reads in an 80-column terminal; every figure is also in the counts as `<method>.<figure>`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ketenradar.config import Config
from ketenradar.evaluate.truth import Evaluation, GroundTruth
from ketenradar.model import scores as score_model
from ketenradar.score.categories import assign_categories
from ketenradar.score.core import METHODS
from ketenradar.score.curve import precision_table
from ketenradar.score.features import site_firms
from ketenradar.store import Store

PREDICTS = {"A": "C", "B": "D"}


def _auc(y: np.ndarray, s: np.ndarray) -> tuple[float | None, float | None]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    if y.sum() == 0 or y.all():
        return None, None
    return round(float(roc_auc_score(y, s)), 4), round(float(average_precision_score(y, s)), 4)


def _pr(pred: np.ndarray, truth: np.ndarray) -> tuple[float | None, float | None]:
    tp = int((pred & truth).sum())
    precision = tp / int(pred.sum()) if pred.sum() else None
    recall = tp / int(truth.sum()) if truth.sum() else None
    return (None if precision is None else round(precision, 4)), (
        None if recall is None else round(recall, 4)
    )


def _r(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return round(value, 4) if np.isfinite(value) else None


def _interval(row: Any) -> str:
    est, low, high = (
        _r(getattr(row, k, None)) for k in ("est_precision", "est_precision_low", "est_precision_high")
    )
    if est is None:
        return "n/a"
    text = f"{est:.2f}" if low is None or high is None else f"{est:.2f} ({low:.2f}-{high:.2f})"
    return text + (" prov." if bool(getattr(row, "provisional", False) or False) else "")


def evaluate(store: Store, config: Config, truth: GroundTruth | None) -> Evaluation:
    run_id = score_model.latest_run(store)
    settings = score_model.run_settings(store, run_id) if run_id else None
    if settings is None:
        return Evaluation(counts={"score_runs": 0})
    model, chosen = settings["model"], settings["method"]
    scores = score_model.read(store, run_id)
    thresholds = score_model.thresholds(store, run_id)
    # Figures are over the firms with a readable site, the ones the scorer scores (docs/score.md):
    # the held-out recall is, and a reference firm without a site scores 0 by design.
    scored = scores.kvk_number.isin(site_firms(store)).to_numpy()
    a_ref = (scores.category == "A").to_numpy()
    b_ref = (scores.category == "B").to_numpy()
    unlabelled = ~a_ref & ~b_ref
    truth_cat = None
    if truth is not None:
        t = truth.firms[["kvk_number", "category"]].drop_duplicates("kvk_number")
        truth_cat = scores[["kvk_number"]].merge(t, how="left").category.fillna("none").to_numpy()

    counts: dict[str, Any] = {
        "run_id": run_id,
        "model": model,
        "method": chosen,
        "firms": len(scores),
        "reference_A": int(a_ref.sum()),
        "reference_B": int(b_ref.sum()),
    }
    rows = []
    for method in METHODS:
        th = {r.target: r for r in thresholds[thresholds.method == method].itertuples()}
        if "A" not in th:
            continue
        score = {"A": scores[f"a_{method}"].to_numpy(dtype=float)}
        b_col = scores[f"b_{method}"]
        if "B" in th and not b_col.isna().all():
            score["B"] = b_col.fillna(0).to_numpy(dtype=float)
        cats = assign_categories(
            a_ref,
            b_ref,
            score["A"],
            score.get("B"),
            th["A"].threshold,
            th["B"].threshold if "B" in score else None,
        )
        label = method + (" *" if method == chosen else "")
        for target, ref in (("A", a_ref), ("B", b_ref)):
            if target not in score:
                continue
            cat = PREDICTS[target]
            rows_in = (ref | unlabelled) & scored
            roc, pr_auc = _auc(ref[rows_in], score[target][rows_in])
            # Short column names: the table must read in an 80-column terminal. The threshold and
            # its estimated precision are in the counts (and in `ketenradar score`'s table).
            row = {
                "method": label,
                "cat": f"{target}>{cat}",
                "ho_recall": _r(th[target].held_out_recall),
                "roc_auc": roc,
                "n": int((cats == cat).sum()),
                "est_prec": _interval(th[target]),
            }
            if truth_cat is not None:
                row["prec"], row["recall"] = _pr(cats == cat, truth_cat == cat)
            rows.append(row)
            counts[f"{method}.threshold_{target}"] = _r(th[target].threshold)
            counts[f"{method}.est_precision_{cat}"] = _r(th[target].est_precision)
            for bound in ("low", "high"):
                value = getattr(th[target], f"est_precision_{bound}", None)
                counts[f"{method}.est_precision_{cat}_{bound}"] = _r(value)
            counts[f"{method}.provisional_{cat}"] = bool(getattr(th[target], "provisional", False) or False)
            counts[f"{method}.held_out_recall_{target}"] = row["ho_recall"]
            counts[f"{method}.roc_auc_{target}"] = roc
            counts[f"{method}.pr_auc_{target}"] = pr_auc
            counts[f"{method}.n_{cat}"] = row["n"]
            if truth_cat is not None:
                counts[f"{method}.precision_{cat}"] = row["prec"]
                counts[f"{method}.recall_{cat}"] = row["recall"]
        if truth_cat is not None:
            # An A firm the sources did not label is, for the tool, rightly "like A".
            counts[f"{method}.precision_C_or_unlabelled_A"] = _pr(
                cats == "C", np.isin(truth_cat, ["A", "C"])
            )[0]
            hidden_a = (truth_cat == "A") & ~a_ref
            if hidden_a.any():
                counts[f"{method}.recall_hidden_A"] = round(float((cats[hidden_a] == "C").mean()), 4)
    tables = {"methods": rows}
    # How precision (estimated; measured where truth exists) and size move with the threshold.
    tables["precision_vs_threshold"] = precision_table(scores, thresholds, scored, chosen, truth_cat)
    return Evaluation(counts=counts, tables=tables)
