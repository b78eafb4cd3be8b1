"""`ketenradar report`: the HTML report and the exports, on a synthetic store."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import openpyxl
import pandas as pd
import pytest

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.model import scores
from ketenradar.model import taxonomy as taxonomy_model
from ketenradar.model.geo import canonical_province, province_from_postcode
from ketenradar.model.reasons import Reasons
from ketenradar.report import data, exports
from ketenradar.report.labels import (
    CATEGORIES,
    LANGS,
    TEXT,
)
from ketenradar.report.safe import needs_quote, neutralise
from ketenradar.store import Store
from report_store import FAILED_RUN, HOSTILE_NAMES, OLD_RUN, SCORE_RUN, make_report_store, store_counts
from support import run_stage
from web_support import CHROMIUM

ROOT = Path(__file__).resolve().parents[1]


def _run(store: Store, out: Path, lang: str | None = None):
    return run_stage(store, "report", Config(), out=str(out), lang=lang)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """A synthetic store and the report written from it (once for the module)."""
    tmp = tmp_path_factory.mktemp("report")
    store = make_report_store(tmp / "k.duckdb")
    result = _run(store, tmp / "out")
    yield store, tmp / "out", result
    store.close()


@pytest.fixture(scope="module")
def page(built) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built[1] / "report.html").read_text(encoding="utf-8"))


# -- what is read --------------------------------------------------------------------------------------


def test_latest_ok_score_run_is_reported(built) -> None:
    store, _, result = built
    assert scores.latest_run(store) == SCORE_RUN  # not the older run, not the newer failed one
    counts = store_counts(store)
    assert counts != store_counts(store, OLD_RUN) and counts != store_counts(store, FAILED_RUN)
    summary = data.summary(store).set_index("category")
    for category in CATEGORIES:
        assert summary.loc[category, "count"] == counts.get(category, 0)
        assert result.counts[f"category_{category}"] == counts.get(category, 0)
    assert summary.loc["none", "count"] == counts["none"]
    assert summary.loc["total", "count"] == sum(counts.values())
    assert summary.loc[list(CATEGORIES) + ["none"], "share"].sum() == pytest.approx(1.0)


def test_breakdowns_count_every_scored_firm_once_per_registry_dimension(built) -> None:
    store, _, _ = built
    total = sum(store_counts(store).values())
    tables = data.breakdowns(store)
    for dim in ("sbi_division", "province", "size_class"):
        assert tables[dim]["total"].sum() == total, dim
    # Spelling variants of a province land on the canonical name.
    province = tables["province"].set_index("value")
    expected = store.scalar(
        "SELECT count(*) FROM firms f JOIN scores s ON s.kvk_number = f.kvk_number AND s.run_id = ? "
        "WHERE f.province IN ('Friesland', 'Fryslân')",
        [SCORE_RUN],
    )
    assert province.loc["Fryslân", "total"] == expected
    # Without a province, the postcode decides; without either, the firm is 'unknown'.
    groningen = store.scalar(
        "SELECT count(*) FROM firms f JOIN scores s ON s.kvk_number = f.kvk_number AND s.run_id = ? "
        "WHERE f.province = 'Groningen' OR (f.province IS NULL AND f.postcode = '9711 AB')",
        [SCORE_RUN],
    )
    assert province.loc["Groningen", "total"] == groningen
    unknown = tables["province"][tables["province"]["value"].isna()]
    assert unknown["total"].sum() == store.scalar(
        "SELECT count(*) FROM firms WHERE province IS NULL AND postcode IS NULL"
    )
    # Sorted: most firms in A-D first.
    assert tables["market"]["in_chain"].is_monotonic_decreasing
    # Certifications: a firm counts once per certificate it has.
    cert = tables["certification"].set_index("value")
    iso = store.scalar(
        "SELECT count(*) FROM firm_profile p JOIN scores s ON s.kvk_number = p.kvk_number AND s.run_id = ? "
        "WHERE list_contains(p.indicators, 'cert.iso9001')",
        [SCORE_RUN],
    )
    assert cert.loc["cert.iso9001", "total"] == iso


def test_top_candidates_are_the_highest_scores_with_reasons(built) -> None:
    store, _, _ = built
    top = data.top_candidates(store, "C", 10)
    assert (top["category"] == "C").all()
    assert top["score"].is_monotonic_decreasing
    best = store.scalar("SELECT max(a_score) FROM scores WHERE run_id = ? AND category = 'C'", [SCORE_RUN])
    assert top["score"].iloc[0] == pytest.approx(best)
    # Nearest reference firms given only as KvK numbers get their names from `firms`.
    named = [n for row in top["nearest"] for n in row]
    assert named and all(n["name"] for n in named)
    # Evidence: from the reasons, or else the firm's own indicator sentences, always with a URL.
    assert any(row for row in top["evidence"])
    assert all(e["url"].startswith("https://") for row in top["evidence"] for e in row)


def test_reasons_round_trip_through_json() -> None:
    reasons = Reasons(
        profile="B",
        nearest=[{"kvk_number": "01234567", "name": "X", "label": "B", "similarity": 0.8}],
        top_indicators=[{"id": "process.milling", "weight": 0.4}],
        evidence=[{"indicator": "process.milling", "sentence": "Wij frezen.", "url": "https://x.nl/a"}],
        also_like_a=True,
    )
    assert Reasons.from_json(reasons.to_json()) == reasons
    assert Reasons.from_json(json.loads(reasons.to_json())) == reasons


@pytest.mark.parametrize(
    ("raw", "nearest", "indicators", "evidence", "text"),
    [
        (None, 0, 0, 0, None),
        ('"just a sentence"', 0, 0, 0, "just a sentence"),
        ("{not json", 0, 0, 0, "{not json"),
        ('["a", "b"]', 0, 0, 0, None),
        ('{"nearest_references": 5, "indicators": null, "evidence": {"a": 1}}', 0, 0, 0, None),
        (
            '{"nearest_references": [{"kvk_number": 1234567, "similarity": "x"}, "loose"], '
            '"indicators": [{"indicator": "cert.aqap2110"}], "evidence": [{"sentence": "Wij lassen."}, 3]}',
            1,
            1,
            1,
            None,
        ),
    ],
)
def test_reasons_never_raise_on_values_outside_the_schema(raw, nearest, indicators, evidence, text) -> None:
    reasons = Reasons.from_json(raw)
    assert len(reasons.nearest) == nearest
    assert all(isinstance(n["kvk_number"], str) for n in reasons.nearest)
    assert len(reasons.top_indicators) == indicators
    assert len(reasons.evidence) == evidence
    assert reasons.text == text


# -- exports -------------------------------------------------------------------------------------------


def test_xlsx_opens_and_row_counts_equal_the_store(built) -> None:
    store, out, _ = built
    counts = store_counts(store)
    book = openpyxl.load_workbook(out / "ketenradar-export.xlsx")
    assert len(book.sheetnames) == 1 + len(CATEGORIES)
    summary = book.worksheets[0]
    by_category = {
        row[0].value: row[2].value
        for row in summary.iter_rows(min_row=2, max_row=summary.max_row)
        if row[0].value
    }
    for category in CATEGORIES:
        sheet = next(s for s in book.worksheets[1:] if s.title.startswith(category + " "))
        assert sheet.max_row - 1 == counts.get(category, 0), sheet.title
        assert by_category[category] == counts.get(category, 0)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref
        header = [c.value for c in sheet[1]]
        assert header[:2] == ["Bedrijf", "KvK-nummer"]
        kvks = [r[1].value for r in sheet.iter_rows(min_row=2)]
        assert all(isinstance(k, str) and len(k) == 8 for k in kvks)  # leading zeros kept: text
        assert all(sheet.cell(r, 7).value == category for r in range(2, sheet.max_row + 1))
        assert sheet.column_dimensions["A"].width >= 30


def test_csv_and_parquet_hold_every_scored_firm(built) -> None:
    store, out, _ = built
    total = sum(store_counts(store).values())
    frame = pd.read_csv(out / "firms.csv", dtype={"kvk_number": str})
    parquet = pd.read_parquet(out / "firms.parquet")
    assert len(frame) == len(parquet) == total
    assert frame["category"].fillna("none").value_counts().to_dict() == store_counts(store)
    assert {"firm", "kvk_number", "place", "sbi", "size", "score", "reasons", "evidence_links"} <= set(frame)
    assert isinstance(parquet["evidence_links"].iloc[0].tolist(), list)
    assert frame["kvk_number"].str.len().eq(8).all()


def test_formula_names_are_neutralised_in_every_export(built) -> None:
    _, out, _ = built
    book = openpyxl.load_workbook(out / "ketenradar-export.xlsx")
    seen: dict[str, str] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not needs_quote(cell.value), f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                    if cell.column == 2 and cell.value in HOSTILE_NAMES:
                        seen[cell.value] = sheet.cell(cell.row, 1).value
    assert set(seen) == set(HOSTILE_NAMES)
    for kvk, name in HOSTILE_NAMES.items():
        expected = "'" + name if needs_quote(name) else name
        assert seen[kvk] == expected, (kvk, seen[kvk])
    assert seen["90000001"] == '\'=HYPERLINK("http://x")'

    with open(out / "firms.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_kvk = {r["kvk_number"]: r for r in rows}
    for kvk, name in HOSTILE_NAMES.items():
        assert by_kvk[kvk]["firm"] == ("'" + name if needs_quote(name) else name)
    for row in rows:
        for value in row.values():
            assert not needs_quote(value), value
    # Parquet is for programs: the name as it is.
    parquet = pd.read_parquet(out / "firms.parquet").set_index("kvk_number")
    assert parquet.loc["90000001", "firm"] == '=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("=1+1", True),
        ("+31 20 123", True),
        ("-2", True),
        ("@SUM(A1)", True),
        ("  =cmd", True),
        ("\t1", True),
        ("\r=x", True),
        ("Metaal BV", False),
        ("", False),
        ("12-34", False),
        ("e-mail", False),
    ],
)
def test_neutralise(text: str, quoted: bool) -> None:
    assert (neutralise(text) == "'" + text) is quoted
    assert not needs_quote(neutralise(text))
    assert neutralise(3) == 3


# -- the HTML report -----------------------------------------------------------------------------------


def test_page_counts_equal_the_store(built, page) -> None:
    store, _, _ = built
    counts = store_counts(store)
    rows = page.xpath('//table[@id="summary-table"]//tr[@data-category]')
    shown = {r.get("data-category"): int(r.get("data-count")) for r in rows}
    assert shown == {**{c: counts.get(c, 0) for c in CATEGORIES}, "none": counts["none"], "total": 300}
    # The visible number is the same as the data attribute.
    for row in rows:
        assert row.xpath("./td")[2].text_content().replace("\u202f", "") == row.get("data-count")
    # Funnel and tile map agree with the store.
    funnel = {r.get("data-step"): int(r.get("data-count")) for r in page.xpath("//tr[@data-step]")}
    assert funnel["firms"] == store.count("firms")
    assert funnel["categorised"] == sum(counts.get(c, 0) for c in CATEGORIES)
    tiles = page.xpath('//div[@class="l-nl"]//*[@class="tile"]')
    assert len(tiles) == 12
    province = data.province_counts(store).set_index("value")
    for tile in tiles:
        assert int(tile.get("data-total")) == province.loc[tile.get("data-province"), "total"]
    # Every breakdown of the brief is there, in a table with its numbers.
    dims = {t.get("data-dimension") for t in page.xpath('//table[@class="breakdown"]')}
    assert dims == set(data.DIMENSIONS)


def test_page_shows_top_candidates_with_reasons(built, page) -> None:
    store, _, _ = built
    for category in ("C", "D"):
        table = page.xpath(f'//table[@class="cand"][@data-category="{category}"]')[0]
        kvks = [r.get("data-kvk") for r in table.xpath(".//tr[@data-kvk]")]
        top = data.top_candidates(store, category, 50)
        assert kvks == top["kvk_number"].tolist()
    assert page.xpath('//q[@class="evidence"]')
    assert page.xpath('//table[@id="thresholds-table"]//tr')
    assert page.xpath('//table[@id="evaluations-table"]//td[contains(., "recall_C")]')
    assert page.xpath('//table[@id="sources-table"]//td[contains(., "tenderned.xlsx")]')
    assert page.xpath('//table[@id="rejects-table"]//td[contains(., "not 8 digits")]')
    statuses = {r.get("data-status") for r in page.xpath('//table[@id="links-table"]//tr[@data-status]')}
    assert {"linked", "ambiguous", "unmatched"} <= statuses
    sites = {
        r.get("data-status"): int(r.get("data-count"))
        for r in page.xpath('//table[@id="sites-table"]//tr[@data-status]')
    }
    assert sites["ok"] == store.scalar("SELECT count(*) FROM sites WHERE status = 'ok'")
    assert sum(sites.values()) == store.count("firms")


def test_scraped_text_is_escaped(built) -> None:
    _, out, _ = built
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert html.count("<script") == 1  # only the language switch


def test_no_external_references(built) -> None:
    store, out, _ = built
    html = (out / "report.html").read_text(encoding="utf-8")
    allowed = {u for (u,) in store.fetchall("SELECT website FROM firms WHERE website IS NOT NULL")}
    allowed |= {u for (u,) in store.fetchall("SELECT DISTINCT url FROM indicator_hits WHERE url IS NOT NULL")}
    for (raw,) in store.fetchall("SELECT CAST(reasons AS VARCHAR) FROM scores WHERE reasons IS NOT NULL"):
        allowed |= set(re.findall(r"https?://[^\s\"']+", raw))
    allowed.add("http://x")  # inside the hostile firm name, shown as escaped text
    found = set(re.findall(r"https?://[^\s\"'<>&]+", html))
    assert found, "firm links are expected in the report"
    assert found <= allowed, found - allowed
    # Nothing that makes a browser fetch: no external scripts, styles, images, fonts or frames.
    assert not re.search(r"<(link|iframe|img|object|embed)\b", html, re.I)
    assert not re.search(r"\bsrc\s*=", html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:|//)", html, re.I)


def test_every_label_in_both_languages() -> None:
    for key, values in TEXT.items():
        assert set(values) == set(LANGS), key
        assert all(values[lang].strip() for lang in LANGS), key
    documented = set(re.findall(r"`([a-z_]+\.[a-z0-9_]+)`", (ROOT / "docs" / "indicator-ids.md").read_text()))
    indicators = taxonomy_model.builtin().indicators
    documented = {d for d in documented if d.split(".")[0] in {i.split(".")[0] for i in indicators}}
    assert documented <= set(indicators), documented - set(indicators)
    for iid in indicators:  # labels come from the taxonomy, the one source, in both languages
        assert all(taxonomy_model.indicator_label(iid, lang).strip() for lang in LANGS), iid
    assert canonical_province("Friesland") == "Fryslân"
    assert canonical_province("noord holland") == "Noord-Holland"
    assert canonical_province("Bayern") is None
    assert province_from_postcode("1012 AB") == "Noord-Holland"
    assert province_from_postcode("3511AB") == "Utrecht"
    assert province_from_postcode("5611 AB") == "Noord-Brabant"
    assert province_from_postcode("6211 AB") == "Limburg"
    assert province_from_postcode("9711 AB") == "Groningen"
    assert province_from_postcode("8911 AB") == "Fryslân"
    assert province_from_postcode("B-2000") is None


def test_rerun_writes_the_same_exports(built, tmp_path: Path) -> None:
    store, out, _ = built
    _run(store, tmp_path)
    assert (tmp_path / "firms.csv").read_bytes() == (out / "firms.csv").read_bytes()
    assert pd.read_parquet(tmp_path / "firms.parquet").equals(pd.read_parquet(out / "firms.parquet"))
    assert not list(tmp_path.glob(".*.tmp-*"))  # no temporary files left behind


def test_english_exports(built, tmp_path: Path) -> None:
    store, _, _ = built
    frame = exports.export_frame(store, lang="en")
    exports.write_xlsx(frame, data.summary(store), tmp_path / "x.xlsx", "en", SCORE_RUN)
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book.sheetnames[0] == "Summary"
    assert [c.value for c in book.worksheets[1][1]][:2] == ["Firm", "KvK number"]
    assert frame["reasons"].str.contains("similar to").any()


def test_report_without_a_score_run(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as store:
        result = _run(store, tmp_path / "out")
    assert result.counts["firms_exported"] == 0
    assert any("no successful score run" in m for m in result.messages)
    page = lxml.html.fromstring((tmp_path / "out" / "report.html").read_text(encoding="utf-8"))
    assert page.xpath('//*[@id="no-score-run"]')
    book = openpyxl.load_workbook(tmp_path / "out" / "ketenradar-export.xlsx")
    assert all(s.max_row == 1 for s in book.worksheets[1:])


def test_unknown_language_is_refused(built, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="language"):
        _run(built[0], tmp_path, lang="de")


def test_cli_report(tmp_path: Path, cli_env: dict) -> None:
    make_report_store(tmp_path / "k.duckdb").close()
    result = subprocess.run(
        [sys.executable, "-m", "ketenradar", "--db", str(tmp_path / "k.duckdb"), "--json", "--quiet"]
        + ["report", "--out", str(tmp_path / "r"), "--lang", "en"],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["counts"]["firms_exported"] == 300
    for name in ("report.html", "ketenradar-export.xlsx", "firms.csv", "firms.parquet"):
        assert (tmp_path / "r" / name).stat().st_size > 0
    page = lxml.html.fromstring((tmp_path / "r" / "report.html").read_text(encoding="utf-8"))
    assert page.get("lang") == "en"  # --lang sets the language the report opens in
    with Store(tmp_path / "k.duckdb") as store:
        assert store.last_run("report")["status"] == "ok"


# -- in a real browser ---------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed at /usr/bin/chromium (`make browser` installs it as root)",
)


def _screenshot(url: str, shot: Path, profile: Path) -> None:
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
        + ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
        + [f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1280,4000", url],
        capture_output=True,
        timeout=180,
        check=True,
    )


@pytest.mark.browser
@needs_chromium
def test_report_renders_in_headless_chromium(built, tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    url = (built[1] / "report.html").resolve().as_uri()
    _screenshot(url, tmp_path / "nl.png", tmp_path / "profile-nl")
    _screenshot(url + "#lang=en", tmp_path / "en.png", tmp_path / "profile-en")
    nl = np.asarray(Image.open(tmp_path / "nl.png").convert("L"), dtype=float)
    en = np.asarray(Image.open(tmp_path / "en.png").convert("L"), dtype=float)
    assert nl.shape == (4000, 1280)
    assert nl.std() > 20, "the screenshot is (nearly) blank"
    assert (nl < 200).mean() > 0.05, "too little ink on the page"
    assert (np.abs(nl - en) > 40).mean() > 0.005, "#lang=en shows the same page as Dutch"


@pytest.mark.browser
@needs_chromium
def test_language_switch_and_counts_in_the_browser(built) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    store, out, _ = built
    counts = store_counts(store)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((out / "report.html").resolve().as_uri())
            assert "rapport" in page.locator("h1").inner_text()
            for category in CATEGORIES:
                cell = page.locator(f'#summary-table tr[data-category="{category}"] td').nth(2)
                assert cell.inner_text().replace("\u202f", "") == str(counts.get(category, 0))
            visible = (
                "sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).length"
            )
            assert page.evaluate(visible, ".l-en") == 0
            assert page.evaluate(visible, "svg") >= 10  # charts drawn

            page.click("#lang-switch")
            assert "report" in page.locator("h1").inner_text()
            assert page.title() == "ketenradar — report"
            assert page.evaluate(visible, ".l-nl") == 0, "a Dutch text stays visible in English"
            assert page.evaluate(visible, ".l-en") > 100
            assert "Direct defence suppliers" in page.locator("#summary-table").inner_text()
            page.click("#lang-switch")
            assert "rapport" in page.locator("h1").inner_text()
            assert all(u.startswith("file:") for u in requests), requests
        finally:
            browser.close()


def test_chart_text_is_escaped_and_ids_are_unique() -> None:
    from ketenradar.report import charts

    first = charts.bars(["<script>x</script> & $a$"], [3], xlabel="n", lang="nl")
    second = charts.bars(["b"], [4], xlabel="n", lang="en")
    assert "<script>" not in first and "&lt;script&gt;" in first
    assert "$a$" in first  # shown as typed, not read as TeX
    assert "http" not in first + second  # no namespace URLs, no metadata
    ids = re.findall(r'\bid="([^"]+)"', first + second)
    assert ids and len(ids) == len(set(ids))
