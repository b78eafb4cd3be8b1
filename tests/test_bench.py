"""`python -m bench` runs a benchmark from the command line and writes its JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_quick_neighbours_writes_json(tmp_path, python, cli_env):
    proc = subprocess.run(
        [python, "-m", "bench", "--quick", "--only", "neighbours", "--repeat", "1", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "usable cores" in proc.stdout and "recall_at_10" in proc.stdout
    result = json.loads((tmp_path / "neighbours.json").read_text())
    assert result["status"] == "ok"
    assert result["machine"]["cores_logical"] >= 1
    figures = result["figures"]
    assert [row["firms"] for row in figures["scoring_knn_exact"]] == [2_000, 16_000]
    assert all(row["seconds"] > 0 and row["peak_rss_mb"] > 0 for row in figures["scoring_knn_exact"])
    assert figures["faiss_vs_exact"]["recall_at_10"] >= 0.9
    combined = json.loads((tmp_path / "all.json").read_text())
    assert set(combined["benchmarks"]) == {"neighbours"}


def test_bench_unknown_name_is_refused(tmp_path, python, cli_env):
    proc = subprocess.run(
        [python, "-m", "bench", "--only", "nope", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=cli_env,
    )
    assert proc.returncode == 2
    assert "unknown benchmark(s): nope" in proc.stderr
    assert not (tmp_path / "all.json").exists()
