"""A simulated analyst for the demo world: answers from the ground truth with an error rate.

The questions ask what the categories claim: "supplies or could supply Defence directly?" is true for
a firm whose true category is A or C (an A firm the sources did not label is rightly "like A"), and
"supplier to a prime?" for B or D. With `error_rate` e each answer is flipped with probability e;
with `unknown_rate` u the analyst says "weet niet" instead. Used by `ketenradar demo --review-rounds`,
the bench and the tests only: the pipeline itself never reads the ground truth.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ketenradar.review.store import ReviewStore, review_store_path
from ketenradar.stage import StageResult

if TYPE_CHECKING:
    from ketenradar.config import Config

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


# -- review rounds: the loop the demo (`ketenradar demo --review-rounds N`) and the bench run ---------


def truth_of(world: str | Path) -> dict[str, str]:
    """kvk -> true category (A|B|C|D|none) of a demo world (its ground truth)."""
    from ketenradar.evaluate.truth import GroundTruth

    firms = GroundTruth.load(world).firms[["kvk_number", "category"]].drop_duplicates("kvk_number")
    return dict(zip(firms.kvk_number, firms.category.fillna("none"), strict=True))


def quality(categories: pd.DataFrame, truth: dict[str, str]) -> dict[str, dict[str, Any]]:
    """C and D against the truth, as `evaluate` counts them: firms, precision, recall (true category
    C or D), and the share the analyst's question calls right (A or C, B or D)."""
    true = categories.kvk_number.map(lambda k: truth.get(k, "none"))
    out = {}
    for cat in ("C", "D"):
        pred = (categories.category == cat).to_numpy()
        hits = int((pred & (true == cat)).sum())
        out[cat] = {
            "firms": int(pred.sum()),
            "precision": round(hits / pred.sum(), 4) if pred.any() else None,
            "recall": round(hits / max(1, int((true == cat).sum())), 4),
            "question_right": round(float(true[pred].isin(TRUE_FOR[QUESTION_OF[cat]]).mean()), 4)
            if pred.any()
            else None,
        }
    return out


def current_categories(store_path: str | Path) -> pd.DataFrame:
    """kvk_number, category of the latest score run."""
    from ketenradar.review.sample import latest_scores
    from ketenradar.store import Store

    with Store(store_path, read_only=True) as store:
        return latest_scores(store)[1][["kvk_number", "category"]]


def review_rounds(
    config: Config,
    truth: dict[str, str],
    *,
    rounds: int,
    batch: int = 50,
    error_rate: float = 0.05,
    categories: tuple[str, ...] = ("C",),
    seed: int = 99,
    quiet: bool = True,
) -> dict[str, Any]:
    """`rounds` times: an active batch of `batch` firms (review/sample.py), answered by a simulated
    analyst from the ground truth with `error_rate`, then `score` again (the scorer learns from the
    verdicts, and categories respect them). Returns C/D precision and recall against the truth before
    and after each round. Works on the store `config.store.path` and its review store."""
    from ketenradar.review.sample import build_sample
    from ketenradar.runner import Runner
    from ketenradar.store import Store

    if rounds < 0 or batch < 1:
        raise ValueError("rounds must be >= 0 and batch >= 1")
    db = Path(config.store.path)
    analyst = SimulatedAnalyst(truth, error_rate=error_rate, seed=seed)
    steps = [{"round": 0, "verdicts": 0, **quality(current_categories(db), truth)}]
    total = 0
    for r in range(1, rounds + 1):
        started = time.perf_counter()
        with Store(db, read_only=True) as store, ReviewStore(review_store_path(db)) as review:
            drawn = build_sample(store, review, n=0, categories=list(categories), active=batch, seed=seed + r)
            by_question: dict[str, list[str]] = {}
            for firm in drawn.firms.itertuples():
                by_question.setdefault(QUESTION_OF.get(firm.category, "direct"), []).append(firm.kvk_number)
            for question, firms in by_question.items():
                total += analyst.review(review, firms, [question], drawn.sample_id)
        Runner(config, quiet=quiet).run("score")
        steps.append(
            {
                "round": r,
                "verdicts": total,
                "seconds": round(time.perf_counter() - started, 1),
                **quality(current_categories(db), truth),
            }
        )
    first, last = steps[0]["C"], steps[-1]["C"]
    gain = (
        None
        if first["precision"] is None or last["precision"] is None
        else last["precision"] - first["precision"]
    )
    return {
        "rounds": rounds,
        "batch": batch,
        "error_rate": error_rate,
        "categories": list(categories),
        "steps": steps,
        "precision_gain_C": None if gain is None else round(gain, 4),
        "recall_change_C": round(last["recall"] - first["recall"], 4),
    }


def rounds_table(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One short row per step: round, verdicts, and C/D firms, precision and recall."""
    short = {"firms": "n", "precision": "prec", "recall": "rec"}
    return [
        {
            "round": s["round"],
            "verdicts": s["verdicts"],
            **{f"{cat}_{short[k]}": s[cat][k] for cat in ("C", "D") for k in short},
        }
        for s in result["steps"]
    ]


def demo_rounds(config: Config, world: Path, rounds: int, batch: int, error_rate: float) -> StageResult:
    """`ketenradar demo --review-rounds N`: the rounds on the demo's store, as one result to print."""

    started = time.perf_counter()
    result = review_rounds(
        config, truth_of(world), rounds=rounds, batch=batch, error_rate=error_rate, quiet=True
    )
    out = StageResult("review rounds", seconds=round(time.perf_counter() - started, 2))
    first, last = result["steps"][0], result["steps"][-1]
    out.counts.update(
        {
            "precision_C_before": first["C"]["precision"],
            "precision_C_after": last["C"]["precision"],
            "recall_C_before": first["C"]["recall"],
            "recall_C_after": last["C"]["recall"],
            "precision_D_before": first["D"]["precision"],
            "precision_D_after": last["D"]["precision"],
            "recall_D_before": first["D"]["recall"],
            "recall_D_after": last["D"]["recall"],
            "rounds": rounds,
            "batch": batch,
            "error_rate": error_rate,
            "verdicts": last["verdicts"],
        }
    )
    out.extra["review_rounds"] = result
    out.tables["review rounds against the ground truth"] = rounds_table(result)
    out.messages.append(
        f"{rounds} rounds of {batch} active verdicts by a simulated analyst ({error_rate:.0%} wrong answers, "
        "from the demo world's ground truth); after each, `score` ran again and learnt from the verdicts. "
        f"Verdicts are in {review_store_path(config.store.path)}: the dashboard's review page shows them."
    )
    return out
