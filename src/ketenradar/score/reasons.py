"""Reasons per firm: nearest reference firms, the indicators that weigh most, evidence sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ketenradar.model.reasons import Reasons
from ketenradar.score.features import FeatureSet
from ketenradar.score.neighbours import knn


def evidence_index(hits: pd.DataFrame) -> dict[str, dict[str, dict]]:
    """kvk -> indicator_id -> the first website sentence stating it, with its URL."""
    hits = hits.dropna(subset=["sentence"]).drop_duplicates(["kvk_number", "indicator_id"])
    out: dict[str, dict[str, dict]] = {}
    for k, i, s, u in zip(hits.kvk_number, hits.indicator_id, hits.sentence, hits.url, strict=True):
        out.setdefault(k, {})[i] = {"indicator": i, "sentence": s, "url": u}
    return out


def build_reasons(
    fs: FeatureSet,
    categories: np.ndarray,
    contrib_a: np.ndarray | None,
    contrib_b: np.ndarray | None,
    like_a: np.ndarray,
    evidence: dict[str, dict[str, dict]],
    *,
    n_neighbours: int = 5,
    n_indicators: int = 5,
) -> list[str]:
    """One JSON string per firm. contrib_*: (n, n_tabular) additive terms of the A / B classifier."""
    ref = np.flatnonzero(fs.a_ref | fs.b_ref)
    has_text = np.abs(fs.vectors).sum(axis=1) > 0
    sims, idx = knn(fs.vectors, fs.vectors[ref], n_neighbours + 1)
    tab = fs.tabular()
    ids = fs.tabular_ids
    out: list[str] = []
    for i in range(fs.n):
        nearest = []
        if has_text[i]:
            for s, j in zip(sims[i], idx[i], strict=True):
                r = ref[j]
                if r == i or len(nearest) >= n_neighbours:
                    continue
                nearest.append(
                    {
                        "kvk_number": fs.kvk[r],
                        "name": fs.names[r],
                        "label": "A" if fs.a_ref[r] else "B",
                        "similarity": round(float(s), 4),
                    }
                )
        use_b = categories[i] in ("B", "D") and contrib_b is not None
        contrib = contrib_b if use_b else contrib_a
        weighs = []
        if contrib is not None:
            present = np.flatnonzero(tab[i] > 0)
            order = present[np.argsort(-contrib[i, present])]
            for j in order[:n_indicators]:
                if round(float(contrib[i, j]), 3) <= 0:  # nothing that rounds to no weight
                    break
                weighs.append({"indicator": ids[j], "weight": round(float(contrib[i, j]), 3)})
        own = evidence.get(fs.kvk[i], {})
        sentences = [own[w["indicator"]] for w in weighs if w["indicator"] in own]
        # Top up with the firm's other evidence, so that every firm with hits shows some sentences.
        for ind in sorted(own):
            if len(sentences) >= n_indicators:
                break
            if own[ind] not in sentences:
                sentences.append(own[ind])
        reason = Reasons(
            profile="B" if use_b else "A",
            nearest=nearest,
            top_indicators=[{"id": w["indicator"], "weight": w["weight"]} for w in weighs],
            evidence=sentences,
            also_like_a=bool(categories[i] == "B" and like_a[i]),
            association_member=bool(fs.association.size and fs.association[i]),
        )
        out.append(reason.to_json())
    return out
