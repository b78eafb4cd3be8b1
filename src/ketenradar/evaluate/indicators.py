"""Precision and recall of website indicators against the demo world's ground truth.

Compared per (firm, indicator) pair, over the firms that have a document in the store: a hit is a
true positive when the truth lists the indicator among the firm's `capabilities`. Only ids of the
taxonomy's groups are scored (registry indicators are derived, not found).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ketenradar.config import Config
from ketenradar.evaluate.truth import Evaluation, GroundTruth
from ketenradar.indicators.taxonomy import load_taxonomy
from ketenradar.model import documents as documents_model
from ketenradar.model import firm_profile
from ketenradar.store import Store


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _row(key: str, name: str, tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = (
        round(2 * precision * recall / (precision + recall), 4)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {key: name, "precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def compare(
    found: dict[str, set[str]], truth: dict[str, set[str]], ids: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    """Per-group and per-indicator rows from found and true id sets per firm (`ids`: id -> group)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for kvk in truth.keys() | found.keys():
        got = {i for i in found.get(kvk, set()) if i in ids}
        want = {i for i in truth.get(kvk, set()) if i in ids}
        for i in got & want:
            counts[i][0] += 1
        for i in got - want:
            counts[i][1] += 1
        for i in want - got:
            counts[i][2] += 1
    per_group: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for ind_id, (tp, fp, fn) in counts.items():
        g = per_group[ids[ind_id]]
        g[0], g[1], g[2] = g[0] + tp, g[1] + fp, g[2] + fn
    groups = list(dict.fromkeys(ids.values()))
    group_rows = [_row("group", g, *per_group.get(g, [0, 0, 0])) for g in groups]
    indicator_rows = [_row("indicator", i, *counts.get(i, [0, 0, 0])) for i in sorted(ids)]
    total = [sum(c[k] for c in counts.values()) for k in range(3)]
    return group_rows, indicator_rows, {"tp": total[0], "fp": total[1], "fn": total[2]}


def evaluate(store: Store, config: Config, truth: GroundTruth | None) -> Evaluation:
    evaluation = Evaluation()
    evaluation.counts["website_hits"] = firm_profile.website_hits_count(store)
    evaluation.counts["firms_with_profile"] = firm_profile.count(store)
    if truth is None:
        return evaluation
    taxonomy = load_taxonomy(config.indicators.taxonomy, extend=config.indicators.extend_taxonomy)
    ids = {i.id: i.group for i in taxonomy.indicators.values()}
    # Firms with a document from a usable site: a flagged site (another firm's) gets no indicators.
    with_doc = documents_model.of_usable_sites(store)
    true_sets: dict[str, set[str]] = {}
    for row in truth.firms.to_dict("records"):
        kvk = str(row.get("kvk_number"))
        if kvk in with_doc:
            caps = row.get("capabilities")
            true_sets[kvk] = set(caps) if isinstance(caps, list | tuple) else set()
    found: dict[str, set[str]] = defaultdict(set)
    for kvk, ind_id in firm_profile.website_indicators(store):
        if kvk in true_sets:
            found[kvk].add(ind_id)
    group_rows, indicator_rows, total = compare(found, true_sets, ids)
    evaluation.counts.update(
        {
            "firms_evaluated": len(true_sets),
            "precision": _ratio(total["tp"], total["tp"] + total["fp"]),
            "recall": _ratio(total["tp"], total["tp"] + total["fn"]),
            "groups_below_0.9": sum(
                1
                for r in group_rows
                if (r["precision"] is not None and r["precision"] < 0.9)
                or (r["recall"] is not None and r["recall"] < 0.9)
            ),
        }
    )
    evaluation.tables["per group"] = group_rows
    evaluation.tables["per indicator"] = indicator_rows
    return evaluation
