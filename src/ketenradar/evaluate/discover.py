"""Discovery figures: how many of the sites no source lists `ketenradar discover` found, how many of
the sites it chose are right, and whether each decoy was kept out.

- recall: share of the world's unlisted sites (ground_truth/unlisted_sites.jsonl) that discovery
  chose for their firm; `recall_on_name` only over sites on a domain some form of the name gives.
- precision: share of the chosen sites that are the firm's own (its unlisted site, or its listed
  site when that was unusable). Any other chosen site is wrong, decoy or not.
- decoys (ground_truth/decoys.jsonl): a decoy is rejected when it was chosen for no firm. Per decoy
  the table says what discovery decided for the firm whose name it carries.

Without ground truth only the store's own counts are given (candidates judged, firms found).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.config import Config
from ketenradar.evaluate.truth import Evaluation, GroundTruth
from ketenradar.model import discovery
from ketenradar.store import Store


def _bare(domain: Any) -> str | None:
    if not isinstance(domain, str) or not domain:
        return None
    return domain.lower().removeprefix("www.").split("/")[0]


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def evaluate(store: Store, config: Config, truth: GroundTruth | None) -> Evaluation:
    result = Evaluation()
    verdicts = discovery.verdicts(store)
    chosen = {k: _bare(d) for k, d in discovery.chosen(store).items()}
    result.counts["candidates_judged"] = len(verdicts)
    result.counts["firms_searched"] = int(verdicts["kvk_number"].nunique()) if len(verdicts) else 0
    result.counts["firms_found"] = len(chosen)
    for decision in ("accepted", "unsure", "rejected"):
        result.counts[f"candidates_{decision}"] = (
            int((verdicts["decision"] == decision).sum()) if len(verdicts) else 0
        )
    if truth is None or truth.unlisted_sites.empty and truth.decoys.empty:
        return result

    unlisted = truth.unlisted_sites
    own: dict[str, str] = {}
    for row in truth.firms.to_dict("records"):
        owner = row.get("site_owner_kvk")
        if _bare(row.get("domain")) and (
            owner is None or str(owner) in ("", "None", "nan") or owner == row["kvk_number"]
        ):
            own[str(row["kvk_number"])] = _bare(row.get("domain")) or ""
    for row in unlisted.to_dict("records"):
        own[str(row["kvk_number"])] = _bare(row["domain"]) or ""

    found = [r for r in unlisted.to_dict("records") if chosen.get(str(r["kvk_number"])) == _bare(r["domain"])]
    on_name = unlisted[unlisted["on_name"].astype(bool)] if len(unlisted) else unlisted
    found_on_name = [r for r in found if bool(r.get("on_name", True))]
    right = [k for k, d in chosen.items() if own.get(k) == d]
    result.counts.update(
        {
            "unlisted_sites": len(unlisted),
            "unlisted_found": len(found),
            "recall": _ratio(len(found), len(unlisted)),
            "unlisted_on_name": len(on_name),
            "recall_on_name": _ratio(len(found_on_name), len(on_name)),
            "chosen_right": len(right),
            "chosen_wrong": len(chosen) - len(right),
            "precision": _ratio(len(right), len(chosen)),
        }
    )
    wrong = [
        {"kvk_number": k, "chosen": d, "own_site": own.get(k)}
        for k, d in sorted(chosen.items())
        if own.get(k) != d
    ]
    result.tables["wrong sites chosen"] = wrong[:50]

    chosen_domains = set(chosen.values())
    by_pair = {(r["kvk_number"], _bare(r["domain"])): r for r in verdicts.to_dict("records")}
    rows: list[dict[str, Any]] = []
    for d in truth.decoys.to_dict("records"):
        bare = _bare(d["domain"])
        verdict = by_pair.get((str(d["of_kvk_number"]), bare))
        rows.append(
            {
                "decoy": d["decoy"],
                "domain": bare,
                "of_kvk_number": str(d["of_kvk_number"]),
                "judged": verdict is not None,
                "decision": verdict["decision"] if verdict else None,
                "evidence": verdict["evidence"] if verdict else None,
                "rejected": bare not in chosen_domains,
            }
        )
    decoys = pd.DataFrame(rows, columns=["decoy", "judged", "rejected"])
    result.counts["decoys"] = len(rows)
    result.counts["decoys_judged"] = int(decoys["judged"].sum()) if rows else 0
    result.counts["decoys_accepted"] = int((~decoys["rejected"]).sum()) if rows else 0
    result.counts["decoys_all_rejected"] = bool(decoys["rejected"].all()) if rows else None
    for kind, group in decoys.groupby("decoy"):
        result.counts[f"decoys_{kind}"] = len(group)
        result.counts[f"decoys_{kind}_accepted"] = int((~group["rejected"]).sum())
    result.tables["decoys"] = rows
    return result
