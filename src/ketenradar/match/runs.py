"""Comparison of two score runs: firms that entered, left or changed category."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class RunComparison:
    old_run: str
    new_run: str
    entered: pd.DataFrame
    """Firms with a category in the new run and none (or absent) in the old."""
    left: pd.DataFrame
    changed: pd.DataFrame
    counts: dict[str, int]


def compare_runs(
    old: pd.DataFrame, new: pd.DataFrame, names: pd.DataFrame, old_run: str, new_run: str
) -> RunComparison:
    """`old`/`new`: kvk_number, category (None = no category), a_score, b_score; `names`: kvk_number, name."""
    cols = ["kvk_number", "category", "a_score", "b_score"]
    both = old[cols].merge(new[cols], on="kvk_number", how="outer", suffixes=("_old", "_new"))
    both = both.merge(names[["kvk_number", "name"]], on="kvk_number", how="left")
    had = both["category_old"].notna()
    has = both["category_new"].notna()
    entered = both[~had & has]
    left = both[had & ~has]
    changed = both[had & has & (both["category_old"] != both["category_new"])]
    out_cols = [
        "kvk_number",
        "name",
        "category_old",
        "category_new",
        "a_score_old",
        "a_score_new",
        "b_score_old",
        "b_score_new",
    ]
    transitions = changed.groupby(["category_old", "category_new"]).size().to_dict() if len(changed) else {}
    counts = {
        "entered": len(entered),
        "left": len(left),
        "changed": len(changed),
        "unchanged": int((had & has).sum()) - len(changed),
    }
    counts |= {f"{a}->{b}": int(n) for (a, b), n in transitions.items()}
    return RunComparison(
        old_run=old_run,
        new_run=new_run,
        entered=entered[out_cols].sort_values("kvk_number"),
        left=left[out_cols].sort_values("kvk_number"),
        changed=changed[out_cols].sort_values("kvk_number"),
        counts=counts,
    )
