"""Categories A-D and their precedence.

A  the firm has an A label (a direct contract with Defence: observed evidence);
B  not A, and a B label (supplies a prime/OEM that works for Defence: observed evidence);
C  not A or B, and A-score >= the A threshold (profile like the direct suppliers);
D  not A, B or C, and B-score >= the B threshold (profile like the suppliers of primes).

Observed labels beat model estimates: a labelled B firm that also scores above the A threshold stays
B (its reasons say `also_like_A: true`), because "known supplier of a prime" is a fact and "could
supply Defence directly" a guess. C beats D because a profile like A is the stronger, better defined
finding (the study reads D as a broad first exploration).
"""

from __future__ import annotations

import numpy as np


def assign_categories(
    a_ref: np.ndarray,
    b_ref: np.ndarray,
    a_score: np.ndarray,
    b_score: np.ndarray | None,
    threshold_a: float,
    threshold_b: float | None,
) -> np.ndarray:
    out = np.full(len(a_ref), None, dtype=object)
    like_b = (
        np.zeros(len(a_ref), dtype=bool)
        if b_score is None or threshold_b is None or not np.isfinite(threshold_b)
        else b_score >= threshold_b
    )
    like_a = a_score >= threshold_a if np.isfinite(threshold_a) else np.zeros(len(a_ref), dtype=bool)
    out[like_b] = "D"
    out[like_a] = "C"
    out[b_ref] = "B"
    out[a_ref] = "A"
    return out
