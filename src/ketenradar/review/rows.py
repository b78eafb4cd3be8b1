"""What a reviewer sees per firm: name, place, website, category, score, top reasons, evidence."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.store import Store

MAX_REASONS = 3
MAX_EVIDENCE = 5


def firm_rows(store: Store, kvk_numbers: list[str], score_run_id: str | None) -> pd.DataFrame:
    """One row per firm (in the given order) with reasons and evidence as lists of text."""
    from ketenradar.model import reviews
    from ketenradar.model.firm_profile import website_evidence
    from ketenradar.model.reasons import lines as reasons_lines

    if not kvk_numbers:
        return pd.DataFrame(columns=["kvk_number"])
    keys = pd.DataFrame({"kvk_number": kvk_numbers, "_order": range(len(kvk_numbers))})
    firms = reviews.firm_cards(store, kvk_numbers)
    scores = reviews.run_scores(store, score_run_id, kvk_numbers)[
        ["kvk_number", "category", "a_score", "b_score", "reasons"]
    ].rename(columns={"category": "model_category"})
    # More sentences than shown: the same sentence can stand for several indicators.
    hits = website_evidence(store, kvk_numbers, per_firm=4 * MAX_EVIDENCE)
    evidence: dict[str, list[str]] = {}
    for kvk, group in hits.groupby("kvk_number"):
        seen: list[str] = []
        for row in group.itertuples():
            line = f"{row.sentence} ({row.url})" if row.url else str(row.sentence)
            if line not in seen:
                seen.append(line)
            if len(seen) >= MAX_EVIDENCE:
                break
        evidence[kvk] = seen
    out = keys.merge(firms, how="left").merge(scores, how="left").sort_values("_order")
    out["reasons"] = out.reasons.map(lambda r: reasons_lines(r)[:MAX_REASONS])
    out["evidence"] = out.kvk_number.map(lambda k: evidence.get(k, []))
    return out.drop(columns="_order").reset_index(drop=True)


def workbook_rows(store: Store, sample: pd.DataFrame, score_run_id: str) -> pd.DataFrame:
    """The sample's firms with what the workbook shows (see review/workbook.py)."""
    details = firm_rows(store, list(sample.kvk_number), score_run_id)
    out = sample.merge(details, on="kvk_number", how="left")
    out["category"] = out.category.where(out.category.notna(), out.model_category)

    def _none(v: Any) -> Any:
        return None if isinstance(v, float) and pd.isna(v) else v

    return out.map(_none) if hasattr(out, "map") else out
