"""The learned sentence model beside the rules (indicators/learned.py, issue 17)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from bench import bench_realtext as rt

from ketenradar.indicators import learned
from ketenradar.indicators.matcher import matcher_for
from ketenradar.indicators.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_shipped_training_data_is_the_labelled_set_it_names(taxonomy):
    """The package's training file holds exactly the labelled items of the parts it names, as they
    are now: after a label fix, `python -m bench.bench_realtext --export-training` must be re-run."""
    shipped = [json.loads(line) for line in learned.DATA.read_text(encoding="utf-8").splitlines() if line]
    parts = sorted({row["part"] for row in shipped})
    assert "dev" in parts and len(shipped) >= 1500
    items = [i for part in parts for i in rt.load_items(part, set(taxonomy.indicators))]
    expected = rt.training_rows(items)
    key = lambda row: row["id"]  # noqa: E731
    assert sorted(shipped, key=key) == sorted(expected, key=key), (
        "src/ketenradar/indicators/data/labelled.jsonl differs from tests/realtext: "
        "run `python -m bench.bench_realtext --export-training`"
    )


def test_fit_is_deterministic_and_covers_the_fuzzy_groups_only():
    examples = learned.load_examples()[:600]
    a, b = learned.SentenceModel(examples), learned.SentenceModel(examples)
    assert a.indicators == b.indicators and np.array_equal(a.coef, b.coef)
    assert a.indicators and {i.split(".", 1)[0] for i in a.indicators} <= set(learned.LEARNED_GROUPS)


def test_a_model_hit_keeps_its_evidence(taxonomy):
    matcher = matcher_for(taxonomy)
    examples = [
        learned.Example(f"x{n}", "dev", "en", "page", text, frozenset(expect))
        for n, (text, expect) in enumerate(
            [("We build gliders for flying clubs.", ["product.end_products"])] * 12
            + [("Our office is open on Mondays.", [])] * 12
        )
    ]
    model = learned.SentenceModel(examples)
    text = "Our office is open on Mondays. We build gliders for schools."
    with learned.using(model):
        hits = matcher.match_text(text, "https://www.x.co.uk/about-us", "About us", language="en")
    (hit,) = [h for h in hits if h.indicator_id == "product.end_products"]
    assert hit.sentence == "We build gliders for schools."
    assert hit.url == "https://www.x.co.uk/about-us" and hit.lang == "en"
    assert hit.reason.startswith("model p=") and "first person" in hit.reason
    assert hit.term in ("build gliders", "gliders", "we build", "build", "we")
    with learned.using(None):  # rules only: the glider sentence names no product term
        assert not [
            h
            for h in matcher.match_text(text, "https://www.x.co.uk/about-us", "About us", language="en")
            if h.indicator_id == "product.end_products"
        ]


def test_a_training_part_is_measured_by_a_model_that_never_saw_it():
    shipped = learned.load_examples()
    model, how = rt.model_for_part("heldout4", shipped)
    assert "heldout4" not in model.trained_on and how.startswith("cross-validated")
    assert set(model.trained_on) == {ex.part for ex in shipped} - {"heldout4"}
    model, how = rt.model_for_part("heldout99", shipped)
    assert how.startswith("blind") and model is learned.default_model()


def test_settings_fall_back_from_indicator_to_group():
    s = learned.Settings(add=(("product", 0.4), ("product.components", 0.55)), veto=(("tech", 0.01),))
    assert s.add_threshold("product.components") == 0.55
    assert s.add_threshold("product.end_products") == 0.4
    assert s.add_threshold("process.milling") > 1  # no additions outside the learned groups
    assert s.veto_threshold("tech.space") == 0.01 and s.veto_threshold("market.food") == 0.0


def test_export_keeps_the_parts_the_training_file_holds(tmp_path):
    """A new blind part in tests/realtext never becomes training data unless it is named."""
    target = tmp_path / "labelled.jsonl"
    rt.export_training(["heldout"], target)
    rt.export_training(None, target)  # default: the parts the file holds now
    assert {ex.part for ex in learned.load_examples(target)} == {"heldout"}
    assert len(learned.load_examples(target)) == len(rt.load_items("heldout"))
