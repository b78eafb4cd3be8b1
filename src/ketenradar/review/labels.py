"""Verdicts as labels, and categories that respect them.

- A firm confirmed on a question (answer juist) is a positive label of that question's profile: the
  direct question confirms the A profile (category C), the prime question the B profile (category D).
  A rejected firm (onjuist) is a negative label. Labels carry source `review`, the reviewer and time.
- Categories respect verdicts: a C firm rejected on the direct question leaves C (it falls to D when
  its B-score makes it D and nobody rejected it there, else to no category); a D firm rejected on the
  prime question leaves D. A firm confirmed on the direct question is C, one confirmed on the prime
  question (and not C) is D, whatever its score. Observed labels (A, B) are facts from sources and are not overridden. The
  firm's reasons then say `review: {"rejected": ..., "by": ..., "at": ...}`, so report and dashboard
  show who rejected it and when.

- The scorer learns from the labels: confirmed firms are extra positives and rejected firms known
  negatives of their profile when the classifier is trained (score/verdicts.py).

The scorer reads all of this through `VerdictHook`, the one small place where score/ meets review/.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ketenradar.review.store import ReviewStore, review_store_path

PROFILE = {"direct": "A", "prime": "B"}


def review_labels(review: ReviewStore) -> pd.DataFrame:
    """One row per firm and question with a definite current verdict: kvk_number, label (A|B),
    polarity (+1 confirmed, -1 rejected), source 'review', reviewer, created_at."""
    current = review.current_verdicts()
    current = current[current.answer.isin(["yes", "no"])]
    return pd.DataFrame(
        {
            "kvk_number": current.kvk_number,
            "label": current.question.map(PROFILE),
            "polarity": np.where(current.answer == "yes", 1, -1),
            "source": "review",
            "reviewer": current.reviewer,
            "created_at": current.created_at,
        }
    ).reset_index(drop=True)


@dataclass
class VerdictHook:
    labels: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["kvk_number", "label", "polarity"])
    )

    @classmethod
    def load(cls, store_path: str | Path) -> VerdictHook:
        path = review_store_path(store_path)
        if not path.exists():
            return cls()
        with ReviewStore(path, read_only=True) as review:
            return cls(review_labels(review))

    @property
    def digest(self) -> str:
        """Changes whenever a verdict does: part of the score run's input hash."""
        rows = self.labels.sort_values(["kvk_number", "label"]).astype(str).to_numpy().tolist()
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest()

    def _mask(self, kvk: np.ndarray, label: str, polarity: int) -> np.ndarray:
        sel = self.labels[(self.labels.label == label) & (self.labels.polarity == polarity)]
        return np.isin(kvk, sel.kvk_number.to_numpy())

    def positives(self, kvk: np.ndarray, label: str) -> np.ndarray:
        return self._mask(kvk, label, 1)

    def negatives(self, kvk: np.ndarray, label: str) -> np.ndarray:
        return self._mask(kvk, label, -1)

    def features(self, fs: Any) -> Any:
        """The scorer's feature set with the verdicts as training labels (`verdicts`, see
        score/verdicts.py: confirmed firms are positives, rejected firms known negatives of that
        profile), and a firm rejected on both questions as a known negative (`known_negative`): it is
        like neither reference, so it is left out of the PU estimates and of C/D. What a verdict does
        to one firm's category is `apply`."""
        if self.labels.empty or not (hasattr(fs, "verdicts") or hasattr(fs, "known_negative")):
            return fs
        changes: dict[str, Any] = {}
        if hasattr(fs, "verdicts"):
            from ketenradar.score.verdicts import VerdictLabels

            changes["verdicts"] = VerdictLabels(
                positive={t: self.positives(fs.kvk, t) for t in ("A", "B")},
                negative={t: self.negatives(fs.kvk, t) for t in ("A", "B")},
            )
        both = self.negatives(fs.kvk, "A") & self.negatives(fs.kvk, "B")
        if hasattr(fs, "known_negative") and both.any():
            changes["known_negative"] = both if fs.known_negative is None else (fs.known_negative | both)
        return dataclasses.replace(fs, **changes) if changes else fs

    def apply(self, kvk: np.ndarray, categories: np.ndarray, like_b: np.ndarray | None = None) -> np.ndarray:
        """Categories after the verdicts (see the module docstring)."""
        out = categories.copy()
        if self.labels.empty:
            return out
        rejected_a = self.negatives(kvk, "A")
        rejected_b = self.negatives(kvk, "B")
        leave_c = (out == "C") & rejected_a
        fall_to_d = leave_c & (like_b if like_b is not None else False) & ~rejected_b
        out[leave_c] = None
        out[fall_to_d] = "D"
        out[(out == "D") & rejected_b] = None
        # A confirmed firm is what its question asks, whatever its score: like A -> C, like B -> D
        # (C first, as in score/categories.py). Observed labels (A, B) stay.
        free = ~np.isin(out.astype(str), ["A", "B"])
        out[free & (out != "C") & self.positives(kvk, "B") & ~rejected_b] = "D"
        out[free & self.positives(kvk, "A") & ~rejected_a] = "C"
        return out

    def annotate(
        self, kvk: np.ndarray, reasons: list[str], before: np.ndarray, after: np.ndarray
    ) -> list[str]:
        """Add `review` to the reasons of every firm with a verdict (and what it changed)."""
        if self.labels.empty:
            return reasons
        by_firm = {k: g for k, g in self.labels.groupby("kvk_number")}
        out = list(reasons)
        for i, k in enumerate(kvk):
            group = by_firm.get(k)
            if group is None:
                continue
            try:
                reason = json.loads(out[i]) if out[i] else {}
            except ValueError:
                reason = {"text": out[i]}
            if not isinstance(reason, dict):
                reason = {"items": reason}
            verdicts = [
                {
                    "profile": r.label,
                    "verdict": "confirmed" if r.polarity > 0 else "rejected",
                    "by": r.reviewer,
                    "at": r.created_at,
                }
                for r in group.itertuples()
            ]
            entry: dict = {"verdicts": verdicts}
            if before[i] != after[i]:
                entry["category_before"] = before[i]
                # The category left (or fell from C to D) on a rejection; it was given on a confirmation.
                left = before[i] in ("C", "D") and (after[i] is None or (before[i], after[i]) == ("C", "D"))
                kind = "rejected" if left else "confirmed"
                entry[kind] = True
                deciding = [v for v in verdicts if v["verdict"] == kind]
                if deciding:
                    entry["by"], entry["at"] = deciding[-1]["by"], deciding[-1]["at"]
            reason["review"] = entry
            out[i] = json.dumps(reason, ensure_ascii=False, default=str)
        return out
