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


def test_demo_scale_compares_the_crawl_rate_with_the_rate_at_2000_firms():
    from bench.bench_demo import scale

    def row(firms: int, seconds: float, crawls: list[tuple[float, int]]) -> dict:
        stages = [{"stage": "ingest", "seconds": 1.0, "counts": {"rows": 5}}]
        stages += [{"stage": "crawl", "seconds": s, "counts": {"pages_stored": p}} for s, p in crawls]
        return {
            "firms": firms,
            "seconds": seconds,
            "seconds_per_1000_firms": 1000 * seconds / firms,
            "stages": stages,
        }

    rows = [
        row(16_000, 2_100.0, [(900.0, 80_000), (100.0, 8_000)]),
        row(2_000, 300.0, [(150.0, 11_000), (10.0, 1_000)]),
    ]
    out = scale(rows)
    assert [r["firms"] for r in out] == [2_000, 16_000]
    # Both crawl stages count: 12,000 pages in 160 s at 2,000; 88,000 in 1,000 s at 16,000.
    assert out[0]["crawl_pages_per_second"] == 75.0 and out[0]["crawl_rate_over_base"] == 1.0
    assert out[1]["crawl_pages_per_second"] == 88.0 and out[1]["crawl_rate_over_base"] == round(88 / 75, 3)
    assert out[1]["minutes"] == 35.0 and out[1]["base_firms"] == 2_000
    assert scale([]) == []
