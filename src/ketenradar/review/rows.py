"""What a reviewer sees per firm: name, place, website, category, score, top reasons, evidence."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.store import Store

MAX_REASONS = 3
MAX_EVIDENCE = 5


def firm_rows(store: Store, kvk_numbers: list[str], score_run_id: str | None) -> pd.DataFrame:
    """One row per firm (in the given order) with reasons and evidence as lists of text."""
    from ketenradar.model.reasons import lines as reasons_lines

    if not kvk_numbers:
        return pd.DataFrame(columns=["kvk_number"])
    keys = pd.DataFrame({"kvk_number": kvk_numbers, "_order": range(len(kvk_numbers))})
    firms = store.df(
        "SELECT kvk_number, name, place, website FROM firms WHERE kvk_number IN "
        "(SELECT UNNEST(?::VARCHAR[]))",
        [kvk_numbers],
    )
    scores = store.df(
        "SELECT kvk_number, category AS model_category, a_score, b_score, reasons FROM scores "
        "WHERE run_id = ? AND kvk_number IN (SELECT UNNEST(?::VARCHAR[]))",
        [score_run_id, kvk_numbers],
    )
    hits = store.df(
        "SELECT kvk_number, indicator_id, sentence, url FROM indicator_hits WHERE source = 'website' "
        "AND sentence IS NOT NULL AND kvk_number IN (SELECT UNNEST(?::VARCHAR[])) "
        "ORDER BY kvk_number, indicator_id, url",
        [kvk_numbers],
    )
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
