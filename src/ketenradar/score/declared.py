"""Self-declared indicators in the scorer's features (the portal as a source, docs/portal.md).

A firm's declaration in the portal sets its indicator column to the declaration's weight (`[portal]
weight_verified` for a verified certificate, `weight_declared` for a capability or an unverified
certificate), unless the firm's website already states the indicator (1). Expired certificates are
not in the store at all: the indicators stage leaves them out. Indicator ids in `exclude` (the label
proxies) stay out, as for website hits.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ketenradar.model import firm_profile
from ketenradar.score.features import FeatureSet


def with_self_declared(fs: FeatureSet, db: object, exclude: Iterable[str] = ()) -> FeatureSet:
    """`fs` with the self-declared indicators added (new columns where the id is new)."""
    declared = firm_profile.self_declared(db)
    declared = declared[~declared.indicator_id.isin(list(exclude))]
    if declared.empty:
        return fs
    return add_weights(fs, declared)


def add_weights(fs: FeatureSet, declared: pd.DataFrame) -> FeatureSet:
    """Indicator columns raised to each (kvk_number, indicator_id, weight) row's weight."""
    pos = {k: i for i, k in enumerate(fs.kvk)}
    ids = list(fs.indicator_ids)
    new = sorted(set(declared.indicator_id) - set(ids))
    if new:
        ids = sorted(ids + new)
        matrix = np.zeros((fs.n, len(ids)), dtype=np.float32)
        old = [ids.index(i) for i in fs.indicator_ids]
        matrix[:, old] = fs.indicators
    else:
        matrix = fs.indicators.copy()
    col = {c: j for j, c in enumerate(ids)}
    for kvk, iid, weight in zip(declared.kvk_number, declared.indicator_id, declared.weight, strict=True):
        i = pos.get(kvk)
        if i is not None:
            matrix[i, col[iid]] = max(matrix[i, col[iid]], float(weight))
    fs.indicators, fs.indicator_ids = matrix, ids
    return fs


def with_declared_evidence(evidence: dict[str, dict[str, dict]], db: object) -> dict[str, dict[str, dict]]:
    """The evidence index (`score.reasons.evidence_index`) completed by the portal declarations of the
    indicators a firm's website does not state, marked `source: self_declared` with their weight."""
    declared = firm_profile.self_declared(db)
    for kvk, iid, weight, reason, sentence, url in declared.itertuples(index=False):
        own = evidence.setdefault(kvk, {})
        if iid in own:
            continue  # the website's sentence (or a heavier declaration: rows come heaviest first)
        own[iid] = {
            "indicator": iid,
            "sentence": sentence,
            "url": url if isinstance(url, str) else None,
            "source": "self_declared",
            "reason": reason,
            "weight": float(weight),
        }
    return evidence
