"""`ketenradar demo` looks for the sites no source lists: discover runs between two crawls, finds the
unlisted sites of the demo world and keeps its decoys out (figures from `evaluate`)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import DemoRun
from ketenradar.model import discovery
from ketenradar.store import Store

pytestmark = pytest.mark.slow


def test_discover_runs_between_two_crawls(demo_run: DemoRun) -> None:
    stages = demo_run.figures["stages"]
    order = [s["stage"] for s in stages]
    at = order.index("discover")
    assert order[at - 1] == "crawl" and order[at + 1] == "crawl" and order.count("crawl") == 2
    found = stages[at]["counts"]["firms_found"]
    assert found > 0
    # The second crawl fetches only the sites discover chose; every other site is final already.
    assert stages[at + 1]["counts"]["sites_to_crawl"] == found


def test_unlisted_sites_are_found_and_decoys_kept_out(demo_run: DemoRun) -> None:
    figures = demo_run.stage("evaluate")["counts"]
    assert figures["discover.unlisted_sites"] >= 0.1 * 300 - 0.5
    assert figures["discover.recall"] >= 0.6, figures
    assert figures["discover.precision"] >= 0.97, figures
    assert figures["discover.decoys"] >= 3 and figures["discover.decoys_accepted"] == 0, figures
    for kind in ("same_name", "parked", "directory"):
        assert figures[f"discover.decoys_{kind}"] >= 1, kind
    decoys = next(s for s in demo_run.figures["stages"] if s["stage"] == "evaluate")["tables"][
        "discover: decoys"
    ]
    assert all(d["rejected"] for d in decoys) and all(d["judged"] for d in decoys), decoys


def test_a_discovered_site_is_crawled_and_the_firm_scored_from_it(demo_run: DemoRun) -> None:
    truth = pd.read_json(
        demo_run.world / "ground_truth" / "unlisted_sites.jsonl", lines=True, dtype={"kvk_number": str}
    )
    with Store(demo_run.db) as store:
        chosen = discovery.chosen(store)
        verdicts = discovery.verdicts(store)
        pages = store.df("SELECT kvk_number, url FROM pages WHERE status_code = 200")
        scored = set(store.df("SELECT kvk_number FROM firm_vectors")["kvk_number"])
    new = truth[truth["new_site"]]
    found = [k for k in new["kvk_number"] if k in chosen]
    assert found, "no firm without a listed site got one"
    for kvk in found:
        domain = chosen[kvk]
        urls = pages.loc[pages["kvk_number"] == kvk, "url"]
        assert len(urls) and all(domain in u for u in urls), (kvk, domain, list(urls)[:3])
        assert kvk in scored
        row = verdicts[(verdicts["kvk_number"] == kvk) & verdicts["chosen"]].iloc[0]
        assert row["decision"] == "accepted" and row["evidence"].startswith("matches")
