"""`ketenradar evaluate`: run the per-stage evaluators and print/save their figures."""

from __future__ import annotations

import importlib
import json
from datetime import datetime
from pathlib import Path

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.evaluate.truth import Evaluation, GroundTruth
from ketenradar.stage import StageContext, StageResult
from ketenradar.store import Store

EVALUATORS = ["resolve", "crawl", "discover", "indicators", "score"]


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    *,
    stage: str = "all",
    truth: str | None = None,
    out: str | None = None,
) -> StageResult:
    if stage != "all" and stage not in EVALUATORS:
        raise InputError(f"unknown stage '{stage}' to evaluate; choose all or one of {', '.join(EVALUATORS)}")
    ground_truth = GroundTruth.load(truth) if truth else None
    result = StageResult("evaluate")
    figures: dict[str, dict] = {}
    for name in EVALUATORS if stage == "all" else [stage]:
        module = importlib.import_module(f"ketenradar.evaluate.{name}")
        evaluation: Evaluation = module.evaluate(store, config, ground_truth)
        figures[name] = {"counts": evaluation.counts, "tables": evaluation.tables}
        result.counts.update({f"{name}.{k}": v for k, v in evaluation.counts.items()})
        result.tables.update({f"{name}: {k}": v for k, v in evaluation.tables.items()})
        with store.transaction():
            store.execute(
                "INSERT INTO evaluations VALUES (?, ?, ?, ?)",
                [ctx.run_id, name, json.dumps(figures[name], default=str), datetime.now()],
            )
    from ketenradar.review.summary import review_figures, review_table

    review = review_figures(store)
    if review:  # measured precision from analyst verdicts, under `review` (docs/review.md)
        figures["review"] = review
        result.extra["review"] = review
        result.tables["review: measured precision (95%)"] = review_table(review)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps({"run_id": ctx.run_id, "figures": figures}, indent=2, default=str))
    return result
