"""The second-labeller agreement bench (bench/bench_agreement.py): its reading of the second labels,
its figures on a known case, and the committed figures against the labels they came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench import bench_agreement as ag
from bench import bench_realtext as rt


def _write(folder: Path, entries: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample.yaml").write_text(json.dumps({"items": entries}), encoding="utf-8")


def _dev_items(n: int) -> list[rt.Item]:
    return [item for item in rt.load_items("dev") if item.expect][:n]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"id": "x", "expect": "process.turning"}], "must be a list"),
        ([{"expect": []}], "needs a string `id`"),
        ([{"id": "x", "expect": []}, {"id": "x", "expect": []}], "labelled twice"),
        ([{"id": "x", "expect": ["process.no_such_thing"]}], "unknown indicator ids"),
    ],
)
def test_bad_second_labels_name_the_file_and_entry(tmp_path: Path, entries: list, message: str) -> None:
    _write(tmp_path, entries)
    with pytest.raises(ag.AgreementError, match=message) as err:
        ag.load_second_labels(tmp_path, {"process.turning"})
    assert "sample.yaml" in str(err.value)


def test_an_id_in_no_part_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, [{"id": "nowhere-nl-001", "expect": []}])
    with pytest.raises(ag.AgreementError, match="not in any real-text part"):
        ag.measure(tmp_path)


def test_second_labels_equal_to_the_first_agree_fully_and_a_dropped_label_costs_recall(
    tmp_path: Path,
) -> None:
    items = _dev_items(4)
    same = [{"id": i.id, "expect": sorted(i.expect)} for i in items]
    _write(tmp_path / "same", same)
    figures = ag.measure(tmp_path / "same")
    assert figures["items"] == 4
    assert figures["second_labeller"]["overall"]["precision"] == 1.0
    assert figures["second_labeller"]["overall"]["recall"] == 1.0
    # Against identical labels, the matcher's figures are the same both ways.
    assert figures["matcher"]["overall"] == figures["matcher_vs_second"]["overall"]

    dropped = [dict(e) for e in same]
    dropped[0]["expect"] = dropped[0]["expect"][1:]
    _write(tmp_path / "dropped", dropped)
    figures = ag.measure(tmp_path / "dropped")
    total = sum(len(i.expect) for i in items)
    assert figures["second_labeller"]["overall"]["recall"] == pytest.approx((total - 1) / total, abs=1e-4)
    assert figures["second_labeller"]["overall"]["precision"] == 1.0


def test_committed_figures_come_from_the_committed_second_labels() -> None:
    result = rt.ROOT / "bench" / "results" / "agreement.json"
    if not ag.SECOND_DIR.exists():
        pytest.skip("no second labels in tests/realtext/second")
    figures = json.loads(result.read_text(encoding="utf-8"))["figures"]
    assert figures["second_labels_sha256"] == ag._sha(ag.SECOND_DIR), (
        "tests/realtext/second changed: run `python -m bench --only agreement` and commit the JSON"
    )
    assert figures["items"] == len(ag.load_second_labels())
