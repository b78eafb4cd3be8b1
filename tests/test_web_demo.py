"""The dashboard and the report on a real pipeline store: the session's `ketenradar demo` run.

`ketenradar --db <demo store> serve` runs as a user starts it (a subprocess on 127.0.0.1), and
Debian's headless Chromium does what a user does: reads the overview, searches for a process and
opens a firm profile, asks for suppliers in words, builds a consortium. What the pages show is
checked against the store (counts) and against the demo world's ground truth (which firm truly
states which capability: `world/ground_truth/firms.jsonl`, never read by the pipeline). The
report files of the same run are checked against the store.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import openpyxl
import pytest
from lxml import html as lxml_html

from ketenradar.evaluate.truth import GroundTruth
from web_support import browser_page, free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = ["A", "B", "C", "D", "none"]


# -- what the store and the ground truth say ----------------------------------------------------------


@pytest.fixture(scope="module")
def store_facts(demo_run) -> dict:
    """Counts read straight from the store with SQL (read-only: `serve` may hold the file too)."""
    con = duckdb.connect(str(demo_run.db), read_only=True)
    try:
        run_id = con.execute(
            "SELECT run_id FROM runs WHERE command = 'score' AND status = 'ok' "
            "ORDER BY started_at DESC LIMIT 1"
        ).fetchone()[0]
        rows = con.execute(
            "SELECT coalesce(s.category, 'none'), count(*) FROM firms f "
            "LEFT JOIN scores s ON s.kvk_number = f.kvk_number AND s.run_id = ? GROUP BY 1",
            [run_id],
        ).fetchall()
        by_category = {c: set() for c in CATEGORIES}
        for kvk, category in con.execute(
            "SELECT kvk_number, coalesce(category, 'none') FROM scores WHERE run_id = ?", [run_id]
        ).fetchall():
            by_category[category].add(kvk)
        milling = con.execute(
            "SELECT count(*) FROM firm_profile WHERE list_contains(indicators, 'process.milling')"
        ).fetchone()[0]
    finally:
        con.close()
    counts = {c: 0 for c in CATEGORIES}
    counts.update(dict(rows))
    return {"run_id": run_id, "counts": counts, "firms_by_category": by_category, "milling": milling}


@pytest.fixture(scope="module")
def truth(demo_run) -> dict[str, dict]:
    # Through GroundTruth: a firm whose own site no source lists states its capabilities there once
    # discovery has found it (firms.jsonl describes the listed site only).
    firms = GroundTruth.load(demo_run.world).firms
    return {r["kvk_number"]: r for r in firms.to_dict("records")}


def truly_has(truth: dict[str, dict], kvk: str, capabilities: list[str]) -> bool:
    return set(capabilities) <= set(truth.get(kvk, {}).get("capabilities", []))


# -- the report of the demo run -----------------------------------------------------------------------


def test_report_categories_equal_the_store(demo_run, store_facts: dict) -> None:
    page = lxml_html.fromstring((demo_run.out / "report" / "report.html").read_text(encoding="utf-8"))
    shown = {
        r.get("data-category"): int(r.get("data-count"))
        for r in page.xpath('//table[@id="summary-table"]//tr[@data-category]')
    }
    counts = store_facts["counts"]
    assert shown == {**counts, "total": sum(counts.values())}
    # The number a reader sees is the one in the data attribute.
    for row in page.xpath('//table[@id="summary-table"]//tr[@data-category]'):
        visible = row.xpath("./td")[2].text_content().replace("\u202f", "").replace(".", "")
        assert visible == row.get("data-count")
    assert store_facts["run_id"] in page.text_content()


def test_xlsx_lists_every_firm_of_its_category(demo_run, store_facts: dict) -> None:
    book = openpyxl.load_workbook(demo_run.out / "report" / "ketenradar-export.xlsx", read_only=True)
    firms = store_facts["firms_by_category"]
    assert firms["A"], "the demo world has A firms"
    for category in ["A", "B", "C", "D"]:
        sheet = next(s for s in book.worksheets[1:] if s.title.startswith(category + " "))
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert {r[1] for r in rows} == firms[category], sheet.title  # column B: KvK number
        assert all(r[6] == category for r in rows)
    summary = {r[0]: r[2] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True) if r[0]}
    assert {c: summary[c] for c in ["A", "B", "C", "D"]} == {
        c: store_facts["counts"][c] for c in ["A", "B", "C", "D"]
    }
    book.close()


# -- the dashboard as a user starts and uses it -------------------------------------------------------


def _ketenradar() -> list[str]:
    script = Path(sys.executable).with_name("ketenradar")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ketenradar"]


@pytest.fixture(scope="module")
def server(demo_run, tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    command = [*_ketenradar(), "--db", str(demo_run.db), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"`ketenradar serve` exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/api/overview", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.time() > deadline:
                pytest.fail(f"`ketenradar serve` did not answer in 180 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def page(server: str):
    with browser_page(server) as pg:
        yield pg


def _kvk_of(href: str | None) -> str:
    assert href and href.startswith("/firm/"), href
    return href.removeprefix("/firm/")


@pytest.mark.browser
def test_overview_shows_the_category_counts_of_the_store(page, server: str, store_facts: dict) -> None:
    page.goto(server + "/?lang=en")
    counts = store_facts["counts"]
    if page.locator(".chart svg").count():
        # The report's bar chart: the five counts follow the bars, in category order, last.
        shown = page.locator(".chart svg text").all_text_contents()[-5:]
    else:
        shown = page.locator("svg.bars text.num").all_text_contents()
    assert [int(x.replace(",", "").replace("\u202f", "")) for x in shown] == [counts[c] for c in CATEGORIES]
    # The province table adds up to the categorised firms with a province; none can be more.
    totals = {c: 0 for c in "ABCD"}
    for row in page.locator("table.grid tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        for c, n in zip("ABCD", cells[1:], strict=True):
            totals[c] += int(n)
    assert all(totals[c] <= counts[c] for c in "ABCD")
    assert sum(totals.values()) >= 0.9 * sum(counts[c] for c in "ABCD")
    assert store_facts["run_id"] in page.inner_text("body")


@pytest.mark.browser
def test_search_a_process_and_open_a_profile_with_evidence(
    page, server: str, store_facts: dict, truth: dict
) -> None:
    page.goto(server + "/search?lang=en")
    page.select_option("select[name=process]", "process.milling")
    page.click("#search-submit")
    page.wait_for_selector("#results")
    assert int(page.inner_text("#total")) == store_facts["milling"] > 0
    kvks = [
        _kvk_of(a.get_attribute("href")) for a in page.locator("#results tbody tr td:first-child a").all()
    ]
    assert len(kvks) == min(store_facts["milling"], 25)
    # What the store found on the websites is what the sites truly state.
    assert sum(truly_has(truth, k, ["process.milling"]) for k in kvks) >= 0.9 * len(kvks)

    first = page.locator("#results tbody tr td:first-child a").first
    name, kvk = first.inner_text(), _kvk_of(first.get_attribute("href"))
    first.click()
    page.wait_for_selector("#firm-name")
    assert name in page.inner_text("#firm-name")
    row = page.locator("#indicators tr", has=page.locator("code", has_text="process.milling"))
    assert row.count() == 1
    evidence = row.locator("div.ev")
    assert evidence.count() >= 1
    domain = (truth[kvk]["domain"] or "").removeprefix("www.")
    for i in range(evidence.count()):
        ev = evidence.nth(i)
        term, sentence = ev.locator("mark").inner_text(), ev.locator("q").inner_text()
        assert term.lower() in sentence.lower()
        href = ev.locator("a.src").get_attribute("href")
        # The evidence link is a page of the firm's own website.
        assert (urlparse(href).hostname or "").removeprefix("www.") == domain, href
    assert page.locator("#sources tr").count() > 1


@pytest.mark.browser
def test_firm_page_shows_its_reasons_readably(
    page, server: str, demo_run, store_facts: dict, truth: dict
) -> None:
    """Nearest reference firms (named, linked, with their label), the indicators that weigh most
    (by their English label) and evidence sentences linking to the firm's own pages; no raw JSON."""
    con = duckdb.connect(str(demo_run.db), read_only=True)
    try:
        references = dict(
            con.execute("SELECT kvk_number, label FROM labels WHERE label IN ('A', 'B')").fetchall()
        )
        names = dict(con.execute("SELECT kvk_number, name FROM firms").fetchall())
    finally:
        con.close()
    kvk = sorted(store_facts["firms_by_category"]["C"])[0]
    page.goto(f"{server}/firm/{kvk}?lang=en")
    page.wait_for_selector("#reasons")
    text = page.inner_text("#reasons")
    assert "{" not in text and "nearest_references" not in text and "kvk_number" not in text
    refs = page.locator("#reason-references li a")
    assert refs.count() >= 1
    for i in range(refs.count()):
        ref = _kvk_of(refs.nth(i).get_attribute("href"))
        assert ref in references and ref != kvk
        assert refs.nth(i).inner_text() == names[ref]
    from ketenradar.model.taxonomy import indicator_label

    weighs = page.locator("#reason-indicators li")
    assert weighs.count() >= 1
    for i in range(weighs.count()):
        iid = weighs.nth(i).locator("code").inner_text()
        assert weighs.nth(i).inner_text().startswith(indicator_label(iid, "en"))
    evidence = page.locator("#reason-evidence li")
    assert evidence.count() >= 1
    domain = (truth[kvk]["domain"] or "").removeprefix("www.")
    for i in range(evidence.count()):
        assert evidence.nth(i).locator("q").inner_text().strip()
        href = evidence.nth(i).locator("a.src").get_attribute("href")
        assert (urlparse(href).hostname or "").removeprefix("www.") == domain, href


MATCH_CASES = [
    (
        "CNC frezen van aluminium onderdelen met AQAP 2110",
        ["process.milling", "material.aluminium"],
        "cert.aqap2110",
    ),
    (
        "milling and turning of aluminium parts, ISO 9001",
        ["process.milling", "process.turning", "material.aluminium"],
        "cert.iso9001",
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize(("demand", "capabilities", "certificate"), MATCH_CASES)
def test_matchmaking_finds_firms_that_truly_can(
    page, server: str, truth: dict, demand: str, capabilities: list[str], certificate: str
) -> None:
    page.goto(server + "/match?lang=en")
    page.fill("#demand", demand)
    page.click("#match-submit")
    page.wait_for_selector("section.understood")
    understood = page.inner_text("section.understood")
    assert certificate in understood and all(c in understood for c in capabilities)
    kvks = [_kvk_of(a.get_attribute("href")) for a in page.locator("#matches > li h3 a").all()]
    assert kvks
    # The certificate is a hard requirement: every firm shown truly states it.
    assert all(truly_has(truth, k, [certificate]) for k in kvks)
    # Ranking: of the best k (k = how many firms truly can do all of it, at most 10), most truly can.
    able = [k for k in truth if truly_has(truth, k, [*capabilities, certificate])]
    k = min(10, len(able), len(kvks))
    assert k >= 1
    hits = sum(truly_has(truth, kvk, [*capabilities, certificate]) for kvk in kvks[:k])
    assert hits >= math.ceil(0.75 * k), (hits, k, kvks[:k])
    # The best match shows the sentence from its own site that explains the match, with the link.
    best = page.locator("#matches > li").first
    link = best.locator("a.src").first.get_attribute("href")
    domain = (truth[kvks[0]]["domain"] or "").removeprefix("www.")
    assert (urlparse(link).hostname or "").removeprefix("www.") == domain
    assert best.locator("q").count() >= 1


@pytest.mark.browser
def test_consortium_covers_every_role(page, server: str, truth: dict, tmp_path: Path) -> None:
    roles = ["5-assig frezen", "kabelbomen", "anodiseren"]
    page.goto(server + "/consortium?lang=en")
    page.fill("#capabilities", "\n".join(roles))
    page.click("#consortium-submit")
    page.wait_for_selector("#members")
    assert page.locator("p.error").count() == 0  # no uncovered roles
    members = {_kvk_of(a.get_attribute("href")) for a in page.locator("#members a").all()}
    assert 1 <= len(members) <= len(roles)
    rows = page.locator("#roles tr", has=page.locator("td"))
    assert rows.count() == len(roles)
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        role = cells.nth(0)
        indicators = role.locator("code").all_inner_texts() or [role.inner_text().strip()]
        member = cells.nth(1).locator("a")
        assert member.count() == 1, role.inner_text()
        kvk = _kvk_of(member.get_attribute("href"))
        assert kvk in members
        # The firm chosen for the role truly has what the role asks for.
        assert truly_has(truth, kvk, indicators), (role.inner_text(), kvk, indicators)
    page.screenshot(path=str(tmp_path / "consortium.png"), full_page=True)
    assert (tmp_path / "consortium.png").stat().st_size > 10_000
