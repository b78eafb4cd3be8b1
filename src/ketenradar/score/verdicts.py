"""Analyst verdicts in training: the scorer learns from positives, known negatives and unlabelled firms.

The review store (review/) holds verdicts per firm and question; review/labels.py turns them into
labels per profile: a firm confirmed on the direct question is like A, one rejected there is not (and
the prime question likewise for B). This module is the one place the scorer uses those labels:

- `VerdictLabels` carries them as firm masks per target ("A", "B") on the feature set
  (`FeatureSet.verdicts`).
- `training_set` builds one fold's training rows for the PU classifier. Without verdicts it is the
  plain PU set: reference firms (y = 1) against every other eligible firm (y = 0). With verdicts:
  * a firm *confirmed* like the profile joins the positives (y = 1, weight `positive_weight`): it is exactly
    the kind of firm the category must find, which the reference firms (current suppliers) only
    approximate;
  * a firm *rejected* is a known negative (y = 0, weight `negative_weight`): it leaves the unlabelled pool,
    which is a mix of positives and negatives, and counts more than an unlabelled firm because its
    class is known rather than presumed.

Why only the training set. The calibration (Platt + Elkan-Noto, calibrate.py) still runs on the
reference firms alone: Elkan-Noto's c is "the share of positives that carry a source label", and
firms picked for review are not a random sample of the positives (the active batch is chosen near the
threshold), so counting them as labelled would bias c. Verdicts therefore change the *ranking* (what
the classifier learns), and the categories through review/labels.py (a rejected firm leaves C), not
the label-frequency estimate. The similarity method has no training step and ignores them.

Every firm is still scored out of fold (methods.cross_fit): a reviewed firm is never scored by a
model that was told its verdict, so its own score stays an honest test of the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

POSITIVE_WEIGHT = 1.0
"""A confirmed firm counts as a reference firm does."""
NEGATIVE_WEIGHT = 10.0
"""A rejected firm counts as ten unlabelled ones (at weight 1 it would train exactly as an unlabelled
firm: both are y = 0). Both weights were chosen on tuning worlds only (score/protocol.py, hard preset,
docs/review.md): a heavier positive weight tilts the model from the reference profile towards the
confirmed firms so far that the label-frequency estimate, and with it the size of C, swings from round
to round."""


@dataclass(frozen=True)
class VerdictLabels:
    """Per target ('A', 'B'): (n,) bool masks of firms confirmed like / rejected as unlike the profile."""

    positive: dict[str, np.ndarray] = field(default_factory=dict)
    negative: dict[str, np.ndarray] = field(default_factory=dict)
    positive_weight: float = POSITIVE_WEIGHT
    negative_weight: float = NEGATIVE_WEIGHT

    def masks(self, target: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(confirmed, rejected) for one target; rejected wins where a firm's verdicts disagree."""
        none = np.zeros(n, dtype=bool)
        neg = self.negative.get(target, none)
        pos = self.positive.get(target, none) & ~neg
        return pos, neg

    def any(self) -> bool:
        return any(m.any() for m in (*self.positive.values(), *self.negative.values()))


def for_target(verdicts: VerdictLabels | None, target: str, n: int) -> VerdictLabels | None:
    """The verdicts of one target as a VerdictLabels with just that target (None when there are none)."""
    if verdicts is None:
        return None
    pos, neg = verdicts.masks(target, n)
    if not (pos.any() or neg.any()):
        return None
    return VerdictLabels({target: pos}, {target: neg}, verdicts.positive_weight, verdicts.negative_weight)


def training_set(
    train: np.ndarray,
    positive: np.ndarray,
    verdicts: VerdictLabels | None = None,
    *,
    max_unlabelled: int = 50_000,
    seed: int = 7,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(rows, y, sample_weight) of one fold's training set; `train` indexes the eligible fold rows.

    `verdicts` holds at most one target (see `for_target`); sample_weight is None without verdicts, so
    the plain PU fit is exactly what it was.
    """
    pos = train[positive[train]]
    rest = train[~positive[train]]
    confirmed = rejected = np.zeros(0, dtype=np.int64)
    if verdicts is not None:
        (target,) = verdicts.positive.keys() or verdicts.negative.keys()
        is_pos, is_neg = verdicts.masks(target, len(positive))
        confirmed, rejected = rest[is_pos[rest]], rest[is_neg[rest]]
        rest = rest[~is_pos[rest] & ~is_neg[rest]]
    if len(rest) > max_unlabelled:
        rest = np.random.default_rng(seed).choice(rest, max_unlabelled, replace=False)
    rows = np.concatenate([pos, confirmed, rest, rejected])
    y = np.concatenate([np.ones(len(pos) + len(confirmed)), np.zeros(len(rest) + len(rejected))])
    if verdicts is None:
        return rows, y, None
    weight = np.ones(len(rows))
    weight[len(pos) : len(pos) + len(confirmed)] = verdicts.positive_weight
    weight[len(rows) - len(rejected) :] = verdicts.negative_weight
    return rows, y, weight
