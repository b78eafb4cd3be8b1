"""Evaluate the scorer: held-out recall, ROC/PR-AUC, and C/D precision and recall against the demo truth.

Reads the latest score run. Its scores are out-of-fold for every firm, so ROC-AUC and PR-AUC of the
reference firms against the unlabelled firms are held-out figures. Both methods are evaluated from the
same run (the scores table keeps both side by side), with the same category precedence.
"""

from __future__ import annotations

import numpy as np

from ketenradar.config import Config
from ketenradar.evaluate.truth import Evaluation, GroundTruth
from ketenradar.score.categories import assign_categories
from ketenradar.score.core import METHODS
from ketenradar.store import Store


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


def evaluate(store: Store, config: Config, truth: GroundTruth | None) -> Evaluation:
    last = store.fetchall(
        "SELECT run_id, model, method FROM score_runs ORDER BY created_at DESC, run_id DESC LIMIT 1"
    )
    if not last:
        return Evaluation(counts={"score_runs": 0})
    run_id, model, chosen = last[0]
    scores = store.df("SELECT * FROM scores WHERE run_id = ? ORDER BY kvk_number", [run_id])
    thresholds = store.df("SELECT * FROM thresholds WHERE run_id = ?", [run_id])
    a_ref = (scores.category == "A").to_numpy()
    b_ref = (scores.category == "B").to_numpy()
    unlabelled = ~a_ref & ~b_ref
    truth_cat = None
    if truth is not None:
        t = truth.firms[["kvk_number", "category"]].drop_duplicates("kvk_number")
        truth_cat = scores[["kvk_number"]].merge(t, how="left").category.fillna("none").to_numpy()

    rows = []
    for method in METHODS:
        th = {r.target: r for r in thresholds[thresholds.method == method].itertuples()}
        if "A" not in th:
            continue
        a = scores[f"a_{method}"].to_numpy(dtype=float)
        b_col = scores[f"b_{method}"]
        b = None if b_col.isna().all() else b_col.fillna(0).to_numpy(dtype=float)
        tb = th["B"].threshold if "B" in th else None
        cats = assign_categories(a_ref, b_ref, a, b, th["A"].threshold, tb)
        row = {
            "method": method + (" (default)" if method == chosen else ""),
            "model": model,
            "threshold_A": round(float(th["A"].threshold), 4),
            "held_out_recall_A": th["A"].held_out_recall,
            "est_precision_C": th["A"].est_precision,
        }
        row["roc_auc_A"], row["pr_auc_A"] = _auc(a_ref[a_ref | unlabelled], a[a_ref | unlabelled])
        if b is not None and "B" in th:
            row["threshold_B"] = round(float(th["B"].threshold), 4)
            row["held_out_recall_B"] = th["B"].held_out_recall
            row["est_precision_D"] = th["B"].est_precision
            row["roc_auc_B"], row["pr_auc_B"] = _auc(b_ref[b_ref | unlabelled], b[b_ref | unlabelled])
        row["n_C"] = int((cats == "C").sum())
        row["n_D"] = int((cats == "D").sum())
        if truth_cat is not None:
            row["precision_C"], row["recall_C"] = _pr(cats == "C", truth_cat == "C")
            row["precision_D"], row["recall_D"] = _pr(cats == "D", truth_cat == "D")
            # An A firm the sources did not label is, for the tool, rightly "like A".
            row["precision_C_or_unlabelled_A"], _ = _pr(cats == "C", np.isin(truth_cat, ["A", "C"]))
            # Truth-A firms that are not labelled: how many does the threshold find?
            hidden_a = (truth_cat == "A") & ~a_ref
            row["recall_hidden_A"] = (
                round(float((cats[hidden_a] == "C").mean()), 4) if hidden_a.any() else None
            )
        rows.append(row)
    counts = {
        "run_id": run_id,
        "model": model,
        "method": chosen,
        "firms": len(scores),
        "reference_A": int(a_ref.sum()),
        "reference_B": int(b_ref.sum()),
    }
    for r in rows:
        key = r["method"].split()[0]
        for k in ("held_out_recall_A", "roc_auc_A", "precision_C", "recall_C", "precision_D", "recall_D"):
            if r.get(k) is not None:
                counts[f"{key}.{k}"] = r[k]
    return Evaluation(counts=counts, tables={"methods": rows})
