"""`ketenradar compare`: why a firm's category changed between two score runs, end to end on a small
demo store. Between the runs one firm's page changes (and a refresh crawl sees it), another firm
appears on a prime's supplier list (a new label), and an analyst gives a verdict on a third."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from ketenradar.evaluate.compare import compare, explain
from ketenradar.match.runs import compare_runs
from ketenradar.model import firms as firm_model
from ketenradar.model import scores
from ketenradar.review.store import ReviewStore
from ketenradar.runner import Runner, serving
from ketenradar.store import Store
from support import build_store, make_world, store_config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("why")
    world = make_world(folder / "world", firms=120, seed=11)  # support.WORLD_SEED: A and B to score
    path = folder / "store.duckdb"
    config = store_config(path)
    build_store(world, path, upto="score", config=config)
    ids = {"kvk_number": str, "site_owner_kvk": str}
    truth = pd.read_json(world.path / "ground_truth" / "firms.jsonl", lines=True, dtype=ids)
    sites = json.loads((world.path / "sites.json").read_text())
    with Store(path) as store:
        first = scores.read(store, scores.latest_run(store), ("kvk_number", "category"))
        labelled = set(firm_model.labelled_firms(store)["kvk_number"])
    category = dict(zip(first["kvk_number"], first["category"], strict=True))
    ok = truth[truth["site_status"].eq("ok") & truth["domain"].notna()]
    ok = ok[ok["site_owner_kvk"].eq(ok["kvk_number"])]
    # X: a firm with a working site whose home page changes.
    x = ok[~ok["kvk_number"].isin(labelled)].iloc[0]
    # Y: an unlabelled firm that appears on a prime's supplier list.
    y = truth[~truth["kvk_number"].isin(labelled) & (truth["kvk_number"] != x["kvk_number"])]
    y = y[~y["kvk_number"].map(category).isin(["A", "B"])].iloc[0]
    # Z: a third firm an analyst reviews.
    z = ok[~ok["kvk_number"].isin(labelled | {x["kvk_number"], y["kvk_number"]})].iloc[0]

    home = world.path / "sites" / x["domain"] / "index.html"
    assert x["domain"] in sites and home.exists()
    home.write_bytes(
        home.read_bytes().replace(b"</main>", b"<p>Nieuw: wij lassen nu ook aluminium.</p></main>", 1)
        if b"</main>" in home.read_bytes()
        else home.read_bytes() + b"<p>Nieuw: wij lassen nu ook aluminium.</p>"
    )
    oem = folder / "oem-nieuw.csv"
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Leverancier", "Plaats", "Levert"])
    writer.writerow([y["display_name"], y["place"], "Onderdelen"])
    oem.write_bytes(buf.getvalue().encode("cp1252", errors="replace"))
    with ReviewStore.beside(path) as reviews:
        reviews.add_verdict(z["kvk_number"], "direct", "no", "analist@example.nl", note="geen defensie")

    runner = Runner(config, quiet=True)
    with serving(world, config), Store(path) as store:
        runner.run_in(store, "ingest", files=[str(oem)], kinds=["oem"], sheet=None, column_map={})
        runner.run_in(store, "resolve")
        refresh = runner.run_in(store, "crawl", firms=[x["kvk_number"]], refresh=True, older_than=None)
        for name in ("extract", "indicators", "embed", "score"):
            runner.run_in(store, name)
    return {
        "path": path,
        "x": x["kvk_number"],
        "y": y["kvk_number"],
        "z": z["kvk_number"],
        "refresh": refresh,
    }


def _why(cmp, kvk: str) -> list[dict]:
    for frame in (cmp.changed, cmp.entered, cmp.left):
        hit = frame[frame["kvk_number"] == kvk]
        if len(hit):
            return hit.iloc[0]["why"]
    raise AssertionError(f"{kvk} did not change category")


def test_a_new_label_is_named_with_its_source(changed: dict) -> None:
    assert changed["refresh"].counts.get("pages_changed", 0) >= 1
    with Store(changed["path"], read_only=True) as store:
        cmp = compare(store)
    assert cmp.counts["why_new_label"] >= 1
    why = _why(cmp, changed["y"])
    label = [w for w in why if w["reason"] == "new_label"]
    assert label and "label B" in label[0]["detail"] and "oem_supplier" in label[0]["detail"], why
    # Every firm that changed has at least one reason, and firms nothing happened to say so.
    for frame in (cmp.changed, cmp.entered, cmp.left):
        assert all(isinstance(w, list) and w for w in frame["why"])


def test_a_changed_page_and_a_verdict_are_named(changed: dict) -> None:
    """Whatever the scorer made of them, the comparison names the page change and the verdict for
    X and Z (here forced into the changed list), and nothing for a firm nothing happened to."""
    with Store(changed["path"], read_only=True) as store:
        runs = scores.runs(store)
        new_id, old_id = runs[0]["run_id"], runs[1]["run_id"]
        cols = ("kvk_number", "category", "a_score", "b_score")
        old, new = scores.read(store, old_id, cols), scores.read(store, new_id, cols)
        untouched = next(k for k in new["kvk_number"] if k not in {changed["x"], changed["y"], changed["z"]})
        forced = new.copy()
        flip = forced["kvk_number"].isin([changed["x"], changed["z"], untouched])
        forced.loc[flip, "category"] = forced.loc[flip, "category"].map(lambda c: "C" if c != "C" else "D")
        cmp = compare_runs(old, forced, firm_model.read(store, ("kvk_number", "name")), old_id, new_id)
        explain(store, cmp, runs[1]["started_at"], runs[0]["started_at"])
    x = _why(cmp, changed["x"])
    assert [w["reason"] for w in x] == ["site_changed"], x
    assert "1 changed" in x[0]["detail"]
    z = _why(cmp, changed["z"])
    assert [w["reason"] for w in z] == ["new_review"], z
    assert "analist@example.nl" in z[0]["detail"] and "no" in z[0]["detail"]
    assert [w["reason"] for w in _why(cmp, untouched)] == ["references_changed"]


def test_the_cli_prints_why(changed: dict) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "ketenradar", "--json", "--db", str(changed["path"]), "compare"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["stage"] == "compare" and out["counts"]["why_new_label"] >= 1
    rows = [r for name, table in out["tables"].items() for r in table]
    y = next(r for r in rows if r["kvk_number"] == changed["y"])
    assert "new_label: label B" in y["why"]
    bad = subprocess.run(
        [sys.executable, "-m", "ketenradar", "--db", str(changed["path"]), "compare", "--old", "nope"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert bad.returncode != 0 and "unknown score run 'nope'" in bad.stderr


def test_the_dashboard_comparison_carries_the_same_reasons(changed: dict) -> None:
    from fastapi.testclient import TestClient

    from ketenradar.web.app import create_app

    app = create_app(str(changed["path"]))
    with TestClient(app) as client:
        body = client.get("/api/runs/compare").json()
        page = client.get("/runs").text
    rows = body["entered"] + body["left"] + body["changed"]
    y = next(r for r in rows if r["kvk_number"] == changed["y"])
    assert any(w["reason"] == "new_label" for w in y["why"])
    assert "new_label" in page
