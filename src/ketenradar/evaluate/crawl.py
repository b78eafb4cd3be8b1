"""Crawl figures: how many sites reached each status, and on the demo world how the stored statuses
and ownership flags agree with the ground truth."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.config import Config
from ketenradar.crawl.stage import coverage
from ketenradar.evaluate.truth import Evaluation, GroundTruth
from ketenradar.model import pages as pages_model
from ketenradar.model import sites as sites_model
from ketenradar.store import Store


def evaluate(store: Store, config: Config, truth: GroundTruth | None) -> Evaluation:
    result = Evaluation()
    table = coverage(store)
    result.tables["coverage"] = table
    result.counts["sites"] = sum(r["sites"] for r in table)
    for row in table:
        result.counts[f"status.{row['status']}"] = row["sites"]
    result.counts["flagged_not_usable"] = sites_model.flagged_count(store)
    result.counts["pages"] = pages_model.stored_count(store)
    if truth is None:
        return result

    expected = truth.firms
    if "site_status" not in expected.columns:
        return result
    expected = expected[expected["site_status"].notna()].copy()
    stored = sites_model.statuses(store)
    merged = expected.merge(stored, on="kvk_number", how="left")
    crawled = merged[merged["status"].notna()]
    result.counts["truth_sites"] = len(expected)
    result.counts["truth_sites_not_crawled"] = int(merged["status"].isna().sum())
    agree = crawled["site_status"] == crawled["status"]
    result.counts["status_agreement"] = round(float(agree.mean()), 4) if len(crawled) else None
    confusion = (
        crawled.groupby(["site_status", "status"]).size().reset_index(name="firms")
        if len(crawled)
        else pd.DataFrame(columns=["site_status", "status", "firms"])
    )
    result.tables["status_confusion"] = [
        {"expected": r["site_status"], "stored": r["status"], "firms": int(r["firms"])}
        for r in confusion.to_dict("records")
    ]
    result.tables["status_agreement_by_expected"] = _per_status(crawled)
    if "site_owner_kvk" in crawled.columns:
        ok = crawled[crawled["site_status"] == "ok"]
        owner = ok["site_owner_kvk"].map(_kvk)
        wrong = ok[owner.notna() & (owner != ok["kvk_number"])]
        right = ok[~ok.index.isin(wrong.index)]
        flagged = wrong["usable"].eq(False)
        result.counts["wrong_owner_sites"] = len(wrong)
        result.counts["wrong_owner_flagged"] = int(flagged.sum())
        result.counts["right_owner_flagged"] = int(right["usable"].eq(False).sum())
    return result


def _kvk(value: Any) -> str | None:
    """KvK numbers read from JSON may have become numbers: back to 8 characters."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, int | float):
        return str(int(value)).zfill(8)
    return str(value)


def _per_status(crawled: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for status, group in crawled.groupby("site_status"):
        rows.append(
            {
                "expected": status,
                "firms": len(group),
                "agree": int((group["status"] == status).sum()),
                "rate": round(float((group["status"] == status).mean()), 4),
            }
        )
    return rows
