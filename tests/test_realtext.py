"""The indicator stage on the hand-written real-text set (tests/realtext, issue 17).

The set is checked for shape; the stage's own matcher (rules + the learned model) is run over every
part as the stage calls it, each part measured by a model that did not train on it (leave-one-part-out
for the parts in the shipped training data, the shipped model for any other part, see
`bench_realtext.model_for_part`), and its precision and recall (overall, per group, per language) must not fall below the
floors committed in bench/results/realtext.json by more than `TOLERANCE` or one pair's worth
(1/n, n the figure's denominator now), whichever is larger, so that one pair in a small cell does
not fail the build. After a matcher change that
moves the figures up, or after a label fix, re-run `python -m bench --only realtext` and commit the
JSON. Only the DEV table is printed here; HELD-OUT figures are for reports, not for tuning.
"""

from __future__ import annotations

import json
import time

import pytest
from bench import bench_realtext as rt

TOLERANCE = 0.02
ROUNDING = 1e-4  # figures are stored with 4 decimals
MIN_ITEMS = {
    "dev": 300,
    "heldout": 150,
    "heldout2": 150,
    "heldout3": 150,
    "heldout4": 150,
    "heldout5": 200,
    "heldout6": 200,
}
GROUPS = (
    "process",
    "material",
    "product",
    "cert",
    "capacity",
    "automation",
    "international",
    "market",
    "tech",
)


@pytest.fixture(scope="module")
def taxonomy():
    from ketenradar.indicators.taxonomy import load_taxonomy

    return load_taxonomy()


@pytest.fixture(scope="module")
def figures():
    started = time.perf_counter()
    result = rt.evaluate()
    result["seconds"] = time.perf_counter() - started
    return result


@pytest.fixture(scope="module")
def floors():
    if not rt.RESULT.exists():
        pytest.fail(f"{rt.RESULT} is missing: run `python -m bench --only realtext` and commit it")
    return json.loads(rt.RESULT.read_text())["figures"]


def test_set_is_well_formed_and_large_enough(taxonomy):
    items = rt.load_items(None, set(taxonomy.indicators))  # also: unique ids and texts across parts
    for part, minimum in MIN_ITEMS.items():
        part_items = [i for i in items if i.part == part]
        assert len(part_items) >= minimum, part
        # A part must test restraint: items that must yield nothing, or that carry a trap (a
        # sentence about another firm, a negation, a plan, a wrong word sense) beside a real claim,
        # as page paragraphs do.
        traps = {"negation", "future_cue", "word_sense", "no_indicator"}
        negatives = sum(
            1
            for i in part_items
            if not i.expect or any(ph.startswith("not_firm_") or ph in traps for ph in i.phenomena)
        )
        assert negatives >= len(part_items) // 5, f"{part}: too few items that test restraint"
        for lang in rt.LANGUAGES:
            labels = {ind.split(".", 1)[0] for i in part_items if i.lang == lang for ind in i.expect}
            assert set(GROUPS) <= labels, (
                f"{part}/{lang}: groups without a positive label {set(GROUPS) - labels}"
            )
        phenomena = {ph for i in part_items for ph in i.phenomena}
        assert phenomena == set(rt.PHENOMENA), (
            f"{part}: phenomena not covered {set(rt.PHENOMENA) - phenomena}"
        )


def test_every_part_in_the_folder_is_measured_and_new_parts_are_blind(tmp_path):
    """A part is found from its file names (heldout7_nl.yaml, ...), so a new blind part is measured
    as soon as its files are merged; it is blind as long as the training file does not hold it."""
    assert rt.PARTS[0] == "dev" and {"heldout", "heldout5", "heldout6"} <= set(rt.PARTS)
    for name in ("dev_nl", "heldout_de", "heldout10_en", "heldout7_nl", "heldout2_nl", "heldout7_de"):
        (tmp_path / f"{name}.yaml").write_text("set: x\n")
    (tmp_path / "README.md").write_text("not a part\n")
    assert rt.discover_parts(tmp_path) == ("dev", "heldout", "heldout2", "heldout7", "heldout10")
    from ketenradar.indicators import learned

    trained = {ex.part for ex in learned.load_examples()}
    assert {"dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6"} <= trained
    for part in set(rt.PARTS) - trained:  # parts merged after the shipped model (held-out 7, 8, ...)
        assert len(rt.load_items(part)) >= 50, f"{part}: too small to report"


def test_cells_below_target_names_what_each_cell_misses():
    fig = {
        "language_groups": {
            "nl": {"cert": {"precision": 0.7, "recall": 1.0}, "process": {"precision": 0.9, "recall": 0.9}},
            "de": {"tech": {"precision": 0.5, "recall": 0.5}, "market": {"precision": None, "recall": 0.0}},
        }
    }
    cells = {(c["lang"], c["group"]): c["misses"] for c in rt.cells_below_target(fig)}
    assert cells == {
        ("nl", "cert"): ["precision"],
        ("de", "tech"): ["precision", "recall"],
        ("de", "market"): ["recall"],
    }


def test_loader_names_the_file_and_item_of_a_bad_label(tmp_path, monkeypatch):
    (tmp_path / "dev_xx.yaml").write_text(
        "set: dev\nlang: nl\nfirm: X\nitems:\n"
        "  - {id: dev-nl-1, lang: nl, page: home, phenomenon: [claim], text: 'Wij frezen.', expect: [process.nope]}\n"
    )
    monkeypatch.setattr(rt, "SET_DIR", tmp_path)
    with pytest.raises(rt.RealTextError, match=r"dev_xx\.yaml dev-nl-1: unknown indicator id"):
        rt.load_items("dev", {"process.milling"})


def test_scoring_is_micro_over_item_indicator_pairs():
    def item(i, lang, expect, phenomena=("claim",)):
        return rt.Item(i, "dev", lang, "home", phenomena, f"t{i}", frozenset(expect), "F", "f")

    items = [
        item("a", "nl", {"process.milling", "cert.iso9001"}),
        item("b", "de", set(), ("negation",)),
        item("c", "de", {"process.turning"}),
    ]
    predicted = {"a": {"process.milling"}, "b": {"cert.iso9001"}, "c": {"process.turning", "material.steel"}}
    f = rt.figures_of(rt.score(items, predicted), list(GROUPS))
    assert (f["overall"]["tp"], f["overall"]["fp"], f["overall"]["fn"]) == (2, 2, 1)
    assert f["groups"]["process"] == {"precision": 1.0, "recall": 1.0, "tp": 2, "fp": 0, "fn": 0}
    assert f["groups"]["cert"]["precision"] == 0.0 and f["groups"]["cert"]["recall"] == 0.0
    assert f["groups"]["material"]["recall"] is None
    assert f["languages"]["de"] == {"precision": 0.3333, "recall": 1.0, "tp": 1, "fp": 2, "fn": 0}
    assert f["phenomena"]["negation"]["items_exact"] == 0


def test_partition_is_one_page_per_item_with_its_language():
    items = rt.load_items("dev")[:3]
    frame = rt.stage_partition(items)
    assert list(frame["kvk_number"]) == [i.id for i in items]
    for row, item in zip(frame.to_dict("records"), items, strict=True):
        (section,) = json.loads(row["sections"])
        assert section["text"] == item.text and section["language"] == item.lang == row["language"]
        assert row["languages"] == {section["url"]: item.lang}
        assert section["url"].startswith("https://") and row["registry"]["names"] == [item.firm]


def test_matcher_figures_do_not_fall_below_committed_floors(figures, floors):
    # Speed is measured (bench_realtext's demo_speed, realtext.json), not asserted: on a shared 2-core
    # machine a time limit here failed under load with the figures unchanged.
    print("\n" + rt.table(figures["dev"], "real-text set, DEV (precision / recall)"))
    print(f"real-text run: {figures['seconds']:.0f} s")
    assert floors.get("set_sha256") == figures["set_sha256"], (
        "bench/results/realtext.json was computed on other labels: run `python -m bench --only realtext`"
    )
    drops = []
    assert figures["parts"] == list(rt.PARTS)
    for part in rt.PARTS:
        assert part in floors, (
            f"{part}: a new part with no committed figures: run `python -m bench --only realtext`"
        )
        assert figures[part]["measured_as"] == floors[part]["measured_as"], part
        now, was = figures[part], floors[part]
        pairs = [("overall", now["overall"], was["overall"])]
        pairs += [(f"group {g}", now["groups"].get(g), f) for g, f in was["groups"].items()]
        pairs += [(f"language {lang}", now["languages"].get(lang), f) for lang, f in was["languages"].items()]
        for name, cur, old in pairs:
            for metric, denominator in (("precision", ("tp", "fp")), ("recall", ("tp", "fn"))):
                floor = old.get(metric)
                value = (cur or {}).get(metric)
                n = sum((cur or {}).get(k, 0) for k in denominator)
                if floor is not None and (
                    value is None or value < floor - max(TOLERANCE, 1 / max(n, 1)) - ROUNDING
                ):
                    drops.append(f"{part} {name} {metric}: {value} < floor {floor}")
    assert not drops, (
        "real-text figures fell:\n"
        + "\n".join(drops)
        + "\nIf the change is intended (a new matcher trading this for other figures, or a label fix), "
        "re-run `python -m bench --only realtext` and commit bench/results/realtext.json."
    )
