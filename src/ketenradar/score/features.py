"""The feature set the scorer works on: one row per firm.

- `vectors`: the firm's text embedding (zeros when it has no text: it then matches nobody by text);
- `indicators`: binary, one column per website indicator id found for the firm (`firm_profile`, or
  `indicator_hits` for firms without a profile row);
- `registry`: one-hot size class and SBI division, plus `registry.has_text`.

Association membership (`labels.label = 'association'`) is deliberately *not* a feature: membership of
a defence association is a declaration of interest, not of capability, and in the sources it is
strongly tied to being an A/B firm, so a classifier would learn "member => like A" and rank members
above capable non-members — the very firms this tool must find. It is kept in the reasons instead.

The same holds for the *label proxies* (`score.label_proxies`, default `market.defence` and
`cert.abdo`): stating the defence market or holding the ABDO security clearance follows from supplying
Defence, it is not a capability a firm without a contract shares with the suppliers. With them in, the
model separates the reference firms from everyone else by their defence wording, and the 90%-recall
threshold is set by the few reference firms without it (measured in docs/score.md: C's recall 0.29 ->
0.46 at the same precision). Their evidence sentences stay in the firm's reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ketenradar.model import score_inputs
from ketenradar.score.verdicts import VerdictLabels
from ketenradar.store import Store


@dataclass
class FeatureSet:
    kvk: np.ndarray  # (n,) str
    names: np.ndarray  # (n,) str
    vectors: np.ndarray  # (n, d) float32, rows unit or zero
    indicators: np.ndarray  # (n, m) float32 0/1
    indicator_ids: list[str]
    registry: np.ndarray  # (n, r) float32 0/1
    registry_ids: list[str]
    a_ref: np.ndarray  # (n,) bool: label A
    b_ref: np.ndarray  # (n,) bool: label B and not A
    association: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    has_site: np.ndarray | None = None
    """(n,) bool: a readable website (at least one website indicator). None: every firm."""
    known_negative: np.ndarray | None = None
    """(n,) bool: firms a reviewer marked as not like the references (negative labels). They are
    negatives in training as every unlabelled firm is, but are kept out of the estimates and of C/D."""
    verdicts: VerdictLabels | None = None
    """Analyst verdicts per target (score/verdicts.py): confirmed positives and known negatives."""

    @property
    def n(self) -> int:
        return len(self.kvk)

    def scorable(self, method: str) -> np.ndarray:
        """Firms with a profile the method can compare: a readable site (both methods), and for the
        similarity method a text vector."""
        out = np.ones(self.n, dtype=bool) if self.has_site is None else self.has_site.astype(bool)
        if method == "similarity":
            out = out & (np.abs(self.vectors).sum(axis=1) > 0)
        return out

    def tabular(self) -> np.ndarray:
        """Indicators and registry columns, the explainable part of the classifier's input."""
        return np.hstack([self.indicators, self.registry]).astype(np.float32)

    @property
    def tabular_ids(self) -> list[str]:
        return self.indicator_ids + self.registry_ids


def _one_hot(values: pd.Series, prefix: str) -> tuple[np.ndarray, list[str]]:
    values = values.fillna("").astype(str)
    cats = sorted(v for v in values.unique() if v)
    index = {c: i for i, c in enumerate(cats)}
    out = np.zeros((len(values), len(cats)), dtype=np.float32)
    for row, v in enumerate(values):
        if v in index:
            out[row, index[v]] = 1.0
    return out, [f"{prefix}.{c}" for c in cats]


def site_firms(store: Store) -> set[str]:
    """KvK numbers of the firms with a readable site: at least one website indicator (a parked,
    JavaScript-only or unreachable site states none)."""
    return score_inputs.site_firms(store)


def load_features(store: Store, model: str, exclude: list[str] | tuple[str, ...] = ()) -> FeatureSet:
    """One row per firm in `firms`; indicator ids in `exclude` are left out of the features."""
    firms = score_inputs.firms_with_registry(store)
    kvk = firms.kvk_number.to_numpy(dtype=object)
    pos = {k: i for i, k in enumerate(kvk)}
    n = len(kvk)

    vec_frame = score_inputs.vectors(store, model)
    dim = len(vec_frame.vector.iloc[0]) if len(vec_frame) else 1
    vectors = np.zeros((n, dim), dtype=np.float32)
    has_text = np.zeros(n, dtype=np.float32)
    for k, v in zip(vec_frame.kvk_number, vec_frame.vector, strict=True):
        if k in pos:
            vectors[pos[k]] = np.asarray(v, dtype=np.float32)
            has_text[pos[k]] = 1.0

    hits = score_inputs.indicator_ids(store)
    # A readable site states at least one indicator; a parked, JavaScript-only or unreachable one none.
    site = set(hits.kvk_number[~hits.indicator_id.str.startswith("registry.")])
    # Registry-derived ids are rebuilt below from the firm's own fields; text indicators only here.
    hits = hits[~hits.indicator_id.str.startswith("registry.") & ~hits.indicator_id.isin(list(exclude))]
    indicator_ids = sorted(hits.indicator_id.unique())
    col = {c: i for i, c in enumerate(indicator_ids)}
    indicators = np.zeros((n, len(indicator_ids)), dtype=np.float32)
    for k, ind in zip(hits.kvk_number, hits.indicator_id, strict=True):
        if k in pos:
            indicators[pos[k], col[ind]] = 1.0

    size, size_ids = _one_hot(firms.size_class, "registry.size")
    sbi, sbi_ids = _one_hot(firms.sbi_division, "registry.sbi_division")
    registry = np.hstack([size, sbi, has_text[:, None]])
    registry_ids = size_ids + sbi_ids + ["registry.has_text"]

    labels = score_inputs.labels(store)
    a_set = set(labels.kvk_number[labels.label == "A"])
    b_set = set(labels.kvk_number[labels.label == "B"]) - a_set
    assoc = set(labels.kvk_number[labels.label == "association"])
    # Negative labels (label polarity): a reviewed firm that is not like the references.
    negative = set(labels.kvk_number[labels.label == "negative"]) - a_set - b_set
    return FeatureSet(
        kvk=kvk,
        names=firms.name.to_numpy(dtype=object),
        vectors=vectors,
        indicators=indicators,
        indicator_ids=indicator_ids,
        registry=registry,
        registry_ids=registry_ids,
        a_ref=np.array([k in a_set for k in kvk], dtype=bool),
        b_ref=np.array([k in b_set for k in kvk], dtype=bool),
        association=np.array([k in assoc for k in kvk], dtype=bool),
        has_site=np.array([k in site for k in kvk], dtype=bool),
        known_negative=np.array([k in negative for k in kvk], dtype=bool) if negative else None,
    )
