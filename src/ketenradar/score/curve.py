"""Precision and size of C and D as the threshold moves: what a user picks an operating point from.

Read from a stored score run (scores + thresholds), so `evaluate`, the report and the dashboard show
the same table. Precision is the PU estimate (calibrate.py: labelled firms above the threshold stand
for n/c positives) and, where the demo world's truth or reviewed firms exist, also measured.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CATEGORY_OF = {"A": "C", "B": "D"}
COUNTS = (10, 25, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800)


def precision_table(
    scores: pd.DataFrame,
    thresholds: pd.DataFrame,
    site: np.ndarray,
    method: str,
    truth: np.ndarray | None = None,
) -> list[dict]:
    """Rows (category, firms, threshold, est_precision, precision, chosen) for `method`.

    `scores`: one row per firm of the run (category, a_<method>, b_<method>); `site`: firms with a
    readable site (the firms the scorer scores); `truth`: the true category per firm, if known.
    """
    a_ref = (scores["category"] == "A").to_numpy()
    b_ref = (scores["category"] == "B").to_numpy()
    rows: list[dict] = []
    in_c = np.zeros(len(scores), dtype=bool)
    for target in ("A", "B"):
        th = thresholds[(thresholds["method"] == method) & (thresholds["target"] == target)]
        column = f"{target.lower()}_{method}"
        if th.empty or column not in scores or scores[column].isna().all():
            continue
        th = th.iloc[0]
        cat = CATEGORY_OF[target]
        score = scores[column].fillna(0).to_numpy(dtype=float)
        labelled = (a_ref if target == "A" else b_ref) & site
        unlabelled = site & ~a_ref & ~b_ref & ~in_c
        cs = [float(th[k]) for k in ("label_frequency", "label_frequency_top") if k in th and pd.notna(th[k])]
        cs = [v for v in cs if v > 0]
        unl_sorted = np.sort(score[unlabelled])[::-1]
        lab_sorted = np.sort(score[labelled])
        levels = sorted({n for n in COUNTS if n < len(unl_sorted)} | {int(th["n_above"] or 0)})
        for n in levels:
            if n <= 0:
                continue
            t = float(th["threshold"]) if n == int(th["n_above"] or 0) else float(unl_sorted[n - 1])
            above_unl = unlabelled & (score >= t)
            n_unl = int(above_unl.sum())
            n_lab = len(lab_sorted) - int(np.searchsorted(lab_sorted, t, side="left"))
            est = None
            chosen = n == int(th["n_above"] or 0)
            n_pos = th.get("n_positive_estimate")
            if chosen and pd.notna(th.get("est_precision")):
                est = round(float(th["est_precision"]), 3)  # exactly what `score` printed
            elif cs and n_unl and len(lab_sorted) >= 5:
                # Away from the chosen threshold the firms' latent memberships are not stored: the mean
                # of the references' estimate (estimated firms like them x references kept) and the
                # label-frequency ones (calibrate.py).
                parts = [min(1.0, n_lab * (1.0 - v) / v / n_unl) for v in cs]
                if n_pos is not None and pd.notna(n_pos) and len(lab_sorted):
                    parts.append(min(1.0, float(n_pos) * n_lab / len(lab_sorted) / n_unl))
                est = round(float(np.mean(parts)), 3)
            row = {
                "category": cat,
                "firms": n_unl,
                "threshold": round(t, 4),
                "references_kept": round(n_lab / len(lab_sorted), 3) if len(lab_sorted) else None,
                "est_precision": est,
                "chosen": "<-" if chosen else "",
            }
            if rows and rows[-1]["category"] == cat and rows[-1]["firms"] == n_unl:
                rows[-1]["chosen"] = rows[-1]["chosen"] or row["chosen"]
                continue  # tied scores: the same set of firms
            if truth is not None:
                row["precision"] = round(float((truth[above_unl] == cat).mean()), 3) if n_unl else None
            rows.append(row)
        if target == "A":
            in_c = unlabelled & (score >= float(th["threshold"]))
    return rows
