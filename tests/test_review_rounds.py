"""`ketenradar demo --review-rounds N`: a simulated analyst answers active batches from the demo world's
ground truth, `score` learns from the verdicts, and C/D precision and recall are printed per round."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DemoRun
from ketenradar.cli import app
from ketenradar.review.simulate import TRUE_FOR, quality, truth_of
from ketenradar.review.store import ReviewStore, review_store_path


@pytest.fixture
def demo_copy(demo_run: DemoRun, tmp_path: Path) -> Path:
    out = tmp_path / "demo"
    shutil.copytree(demo_run.world, out / "world")
    shutil.copy(demo_run.db, out / "ketenradar.duckdb")
    return out


def test_demo_review_rounds_report_precision_against_the_truth(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ketenradar.runner

    db = demo_copy / "ketenradar.duckdb"

    def already_run(config, **options):  # the session's demo run stands in for the pipeline
        config.store.path = options["db"]
        return []

    monkeypatch.setattr(ketenradar.runner, "run_demo", already_run)
    command = ["--json", "--db", str(db), "demo", "--out", str(demo_copy), "--review-rounds", "2"]
    result = CliRunner().invoke(app, [*command, "--review-batch", "10", "--review-error-rate", "0"])
    assert result.exit_code == 0, result.output
    stage = json.loads(result.stdout)["stages"][-1]
    assert stage["stage"] == "review rounds"
    rounds = stage["review_rounds"]
    assert [s["round"] for s in rounds["steps"]] == [0, 1, 2]
    assert [s["verdicts"] for s in rounds["steps"]] == [0, 10, 20]
    assert stage["counts"]["precision_C_before"] == rounds["steps"][0]["C"]["precision"]
    assert len(stage["tables"]["review rounds against the ground truth"]) == 3

    truth = truth_of(demo_copy / "world")
    from ketenradar.review.simulate import current_categories

    now = current_categories(db)
    assert quality(now, truth) == {k: rounds["steps"][-1][k] for k in ("C", "D")}
    category = dict(zip(now.kvk_number, now.category, strict=True))
    with ReviewStore(review_store_path(db), read_only=True) as review:
        verdicts = review.current_verdicts()
    assert len(verdicts) == 20 and set(verdicts.reviewer) == {"simulated analyst"}
    # The scorer learnt from the verdicts: firms nobody reviewed score differently than before the
    # rounds (same inputs and seed otherwise; without the verdicts in training they would not move).
    from ketenradar.model import scores
    from ketenradar.store import Store

    with Store(db, read_only=True) as store:
        runs = [r["run_id"] for r in scores.runs(store)]
        first, last = (scores.read(store, run, ("kvk_number", "a_classifier")) for run in (runs[-1], runs[0]))
    unreviewed = ~first.kvk_number.isin(verdicts.kvk_number)
    moved = (first.a_classifier - last.a_classifier).abs()[unreviewed]
    assert len(runs) >= 3 and (moved > 1e-6).mean() > 0.5
    for v in verdicts.itertuples():  # an error-free analyst: answers are the truth, categories follow
        assert (v.answer == "yes") == (truth[v.kvk_number] in TRUE_FOR[v.question])
        # The batches hold C firms (asked the direct question): a confirmed one stays, a rejected one left.
        assert v.question == "direct" and (category[v.kvk_number] == "C") == (v.answer == "yes")


def test_review_rounds_refuse_bad_options(tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    for option, value in (("--review-error-rate", "0.7"), ("--review-batch", "0"), ("--review-rounds", "-1")):
        result = CliRunner().invoke(
            app, ["--db", db, "demo", "--out", str(tmp_path), "--review-rounds", "1", option, value]
        )
        assert result.exit_code == 2 and option in result.output, result.output
    assert not (tmp_path / "world").exists()  # refused before any work
