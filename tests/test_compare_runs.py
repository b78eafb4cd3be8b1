"""scripts/compare_runs.py: two demo outputs compared figure by figure, timings and ids left out."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module():
    spec = importlib.util.spec_from_file_location("compare_runs", ROOT / "scripts" / "compare_runs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(tmp: Path, name: str, firms: int, seconds: float, folder: str) -> Path:
    stages = [
        {"stage": "resolve", "run_id": name, "seconds": seconds, "counts": {"firms": firms}, "tables": {}},
        {"stage": "evaluate", "run_id": name, "counts": {"score.run_id": name, "score.firms": firms}},
        {
            "stage": "report",
            "run_id": name,
            "seconds": seconds,
            "counts": {"out_dir": f"{folder}/report", "category_A": 3},
            "tables": {"files": [{"path": f"{folder}/report/index.html"}]},
            "messages": [],
        },
    ]
    path = tmp / f"{name}.json"
    path.write_text(json.dumps({"stages": stages}), encoding="utf-8")
    return path


def test_same_figures_in_another_folder_and_time_compare_equal(tmp_path, capsys) -> None:
    compare = _module()
    before = _run(tmp_path, "a", 505, 1.0, "/tmp/one")
    after = _run(tmp_path, "b", 505, 2.5, "/tmp/two")
    assert compare.main([str(before), str(after)]) == 0
    assert capsys.readouterr().out.startswith("0 difference(s)")


def test_a_changed_count_is_reported(tmp_path, capsys) -> None:
    compare = _module()
    before = _run(tmp_path, "a", 505, 1.0, "/tmp/one")
    after = _run(tmp_path, "b", 504, 1.0, "/tmp/one")
    assert compare.main([str(before), str(after)]) == 1
    assert "resolve counts firms: 505 -> 504" in capsys.readouterr().out
