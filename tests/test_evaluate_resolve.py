import json
from pathlib import Path

import sourcefiles as sf
from ketenradar.config import Config
from ketenradar.evaluate.resolve import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.store import Store
from support import run_stage


def test_precision_and_recall_against_truth(tmp_path: Path, store_path: Path):
    world = tmp_path / "world"
    (world / "sources").mkdir(parents=True)
    (world / "ground_truth").mkdir()
    ted = sf.write_ted(world / "sources" / "ted.csv")
    kvk = sf.write_kvk_jsonl(world / "sources" / "kvk.jsonl")
    truth_rows = [
        {"path": "sources/ted.csv", "sheet": None, "row_number": 2, "kvk_number": "01234567"},
        {"path": "sources/ted.csv", "sheet": None, "row_number": 3, "kvk_number": "23456789"},
        {"path": "sources/ted.csv", "sheet": None, "row_number": 4, "kvk_number": None},
        # the truth says this unknown winner is Bakker: our unmatched link is a miss
        {"path": "sources/ted.csv", "sheet": None, "row_number": 5, "kvk_number": "34567890"},
    ]
    (world / "ground_truth" / "records.jsonl").write_text("\n".join(json.dumps(r) for r in truth_rows))
    (world / "ground_truth" / "firms.jsonl").write_text(
        "\n".join(
            json.dumps({"kvk_number": r[0], "name": r[1], "category": "A" if r[0] == "01234567" else "none"})
            for r in sf.REGISTRY
        )
    )
    (world / "manifest.json").write_text(json.dumps({"ground_truth": "ground_truth"}))
    with Store(store_path) as store:
        run_stage(store, "ingest", Config(), files=[str(kvk), str(ted)])
        run_stage(store, "resolve", Config())
        result = evaluate(store, Config(), GroundTruth.load(world))
    counts = result.counts
    assert counts["truth_records_not_imported"] == 0
    assert counts["precision"] == 1.0
    assert counts["recall"] == round(2 / 3, 4)
    assert counts["ted_no_kvk_recall"] == round(2 / 3, 4)
    rows = {r["group"]: r for r in result.tables["links vs ground truth"]}
    assert rows["ted"]["predicted_links"] == 2 and rows["ted"]["truth_links"] == 3
    assert result.tables["labels vs true category"] == [
        {"label": "A", "firms": 1, "truth_A": 1, "truth_none": 0, "truth_unknown": 0}
    ]


def test_without_truth_only_counts(store_path: Path, tmp_path: Path):
    kvk = sf.write_kvk_jsonl(tmp_path / "kvk.jsonl")
    with Store(store_path) as store:
        run_stage(store, "ingest", Config(), files=[str(kvk)])
        run_stage(store, "resolve", Config())
        result = evaluate(store, Config(), None)
    assert result.counts["links_linked"] == 5
    assert "precision" not in result.counts
