"""A simulated analyst for the demo world: answers from the ground truth with an error rate.

The questions ask what the categories claim: "supplies or could supply Defence directly?" is true for
a firm whose true category is A or C (an A firm the sources did not label is rightly "like A"), and
"supplier to a prime?" for B or D. With `error_rate` e each answer is flipped with probability e;
with `unknown_rate` u the analyst says "weet niet" instead. Used by the bench and the tests only: the
pipeline never reads the ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ketenradar.review.store import ReviewStore

TRUE_FOR = {"direct": ("A", "C"), "prime": ("B", "D")}
QUESTION_OF = {"C": "direct", "D": "prime"}


@dataclass
class SimulatedAnalyst:
    truth: dict[str, str]  # kvk -> true category (A|B|C|D|none)
    error_rate: float = 0.0
    unknown_rate: float = 0.0
    seed: int = 0
    name: str = "simulated analyst"
    rng: np.random.Generator = field(init=False)

    def __post_init__(self) -> None:
        if not 0 <= self.error_rate < 0.5 or not 0 <= self.unknown_rate < 1:
            raise ValueError("error_rate must be in [0, 0.5) and unknown_rate in [0, 1)")
        self.rng = np.random.default_rng(self.seed)

    def correct(self, kvk: str, question: str) -> bool:
        return self.truth.get(kvk, "none") in TRUE_FOR[question]

    def answer(self, kvk: str, question: str) -> str:
        if self.unknown_rate and self.rng.random() < self.unknown_rate:
            return "unknown"
        right = self.correct(kvk, question)
        if self.rng.random() < self.error_rate:
            right = not right
        return "yes" if right else "no"

    def review(
        self, review: ReviewStore, kvk_numbers: list[str], questions: list[str], sample_id: str | None
    ) -> int:
        """Give a verdict on each firm for each question; returns the number of verdicts."""
        n = 0
        with review.transaction() as con:
            for kvk in kvk_numbers:
                for q in questions:
                    review.add_verdict(
                        kvk,
                        q,
                        self.answer(kvk, q),
                        self.name,
                        sample_id=sample_id,
                        source="simulation",
                        con=con,
                    )
                    n += 1
        return n
