"""The JSON API and the pages, through FastAPI's TestClient, on a synthetic store."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from ketenradar.errors import StoreError
from ketenradar.web.app import create_app
from web_store import FORMULA_NAME, XSS_NAME

XSS_KVK = "10000000"


@pytest.fixture(scope="module")
def client(web_store: Path, usem3) -> TestClient:
    app = create_app(web_store, embedder=usem3)
    with TestClient(app) as c:
        yield c


def _firm_with(client: TestClient, **filters: str) -> str:
    return client.get("/api/search", params=filters).json()["results"][0]["kvk_number"]


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = set(doc["paths"])
    assert {
        "/api/overview",
        "/api/search",
        "/api/search.xlsx",
        "/api/firms/{kvk_number}",
        "/api/match",
        "/api/consortium",
        "/api/runs",
        "/api/runs/compare",
        "/api/indicators",
    } <= paths
    assert "MatchIn" in doc["components"]["schemas"]


def test_overview_counts_match_the_store(client: TestClient, web_store: Path) -> None:
    data = client.get("/api/overview").json()
    assert data["n_firms"] == 300
    assert sum(data["categories"].values()) == 300
    assert data["score_run"] == "20261102T090000-new"
    page = client.get("/")
    assert page.status_code == 200 and "<svg" in page.text


def test_search_api_filters_and_paginates(client: TestClient) -> None:
    r = client.get(
        "/api/search",
        params={
            "category": ["C"],
            "province": "Gelderland",
            "sort": "a_score",
            "order": "desc",
            "per_page": 5,
        },
    )
    assert r.status_code == 200
    data = r.json()
    assert data["total"] >= 1 and len(data["results"]) <= 5
    assert all(x["category"] == "C" and x["province"] == "Gelderland" for x in data["results"])
    scores = [x["a_score"] for x in data["results"]]
    assert scores == sorted(scores, reverse=True)
    text = client.get("/api/search", params={"q": "kabelbomen", "per_page": 500}).json()
    assert text["total"] > 0
    assert client.get("/api/search", params={"sbi": "2562"}).json()["total"] > 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "X"}, "category"),
        ({"score_min": "abc"}, "score_min"),
        ({"sbi": "25a"}, "sbi"),
        ({"province": "Atlantis"}, "province"),
        ({"certification": "process.milling"}, "certification"),
        ({"sort": "bogus"}, "sort"),
        ({"order": "up"}, "order"),
        ({"page": "0"}, "page"),
        ({"per_page": "100000"}, "per_page"),
    ],
)
def test_search_bad_input_is_422_naming_the_field(client: TestClient, params: dict, field: str) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 422
    assert r.json()["field"] == field and field in r.json()["detail"]


def test_export_is_xlsx_with_formulas_neutralised(client: TestClient) -> None:
    r = client.get("/api/search.xlsx", params={"q": "HYPERLINK"})
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header[:2] == ["kvk_number", "name"]
    names = [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["'" + FORMULA_NAME]
    full = openpyxl.load_workbook(io.BytesIO(client.get("/api/search.xlsx").content)).active
    assert full.max_row == 301
    assert all(
        not str(c.value).startswith(("=", "+", "-", "@")) for row in full.iter_rows() for c in row if c.value
    )


def test_firm_profile(client: TestClient) -> None:
    kvk = _firm_with(client, category="A")
    data = client.get(f"/api/firms/{kvk}").json()
    assert data["registry"]["kvk_number"] == kvk
    assert data["category"] == "A"
    assert "A-score" in data["reasons"]["text"]
    assert data["indicators"] and all(i["evidence"][0]["sentence"] for i in data["indicators"])
    assert data["sources"] and data["sources"][0]["path"] == "sources/leden.xlsx"
    assert data["labels"] and data["labels"][0]["label"] == "A"
    assert len(data["history"]) == 2
    assert data["references"] and all(r["kvk_number"] != kvk for r in data["references"])
    sims = [r["similarity"] for r in data["references"]]
    assert sims == sorted(sims, reverse=True)
    page = client.get(f"/firm/{kvk}")
    assert page.status_code == 200 and data["registry"]["name"] in page.text


def test_unknown_and_malformed_kvk(client: TestClient) -> None:
    r = client.get("/api/firms/99999999")
    assert r.status_code == 404 and "99999999" in r.json()["detail"]
    r = client.get("/api/firms/123")
    assert r.status_code == 422 and r.json()["field"] == "kvk_number"
    assert client.get("/firm/99999999").status_code == 404


def test_scraped_text_is_escaped_in_pages(client: TestClient) -> None:
    for url in (f"/firm/{XSS_KVK}", "/search?q=Evil", "/match?demand=frezen+aluminium&province=Frysl%C3%A2n"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>alert" not in page.text, url
        assert "&lt;script&gt;alert" in page.text, url
    assert client.get(f"/api/firms/{XSS_KVK}").json()["registry"]["name"] == XSS_NAME


def test_match_api(client: TestClient) -> None:
    r = client.post(
        "/api/match",
        json={"demand": "frezen van aluminium behuizingen, AQAP 2110, regio Oost", "limit": 5},
    )
    assert r.status_code == 200
    data = r.json()
    assert data["requirements"]["certifications"] == ["cert.aqap2110"]
    assert data["requirements"]["region"] == "oost"
    assert 0 < len(data["results"]) <= 5
    assert data["results"][0]["parts"][0]["evidence"]
    r = client.post(
        "/api/match",
        json={"demand": "lasersnijden", "place": "Enschede", "radius_km": 20, "size_classes": ["10-49"]},
    )
    assert all(m["distance_km"] <= 20 for m in r.json()["results"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"demand": ""}, "demand"),
        ({}, "demand"),
        ({"demand": "frezen", "radius_km": -5, "place": "Enschede"}, "radius_km"),
        ({"demand": "frezen", "region": "midden"}, "region"),
        ({"demand": "frezen", "place": "Atlantis", "radius_km": 10}, "place"),
        ({"demand": "frezen", "provinces": ["Atlantis"]}, "provinces"),
        ({"demand": "frezen", "limit": 0}, "limit"),
    ],
)
def test_match_bad_input(client: TestClient, body: dict, field: str) -> None:
    r = client.post("/api/match", json=body)
    assert r.status_code == 422
    assert r.json()["field"] == field


def test_consortium_api(client: TestClient) -> None:
    r = client.post(
        "/api/consortium",
        json={
            "capabilities": ["process.cable_harness", "tech.sensors_radar", "anodiseren"],
            "region": "oost",
        },
    )
    assert r.status_code == 200
    data = r.json()
    assert data["uncovered"] == []
    covered = {role for m in data["members"] for role in m["roles"]}
    assert covered == {"process.cable_harness", "tech.sensors_radar", "anodiseren"}
    assert all(m["province"] in ("Overijssel", "Flevoland", "Gelderland") for m in data["members"])
    assert client.post("/api/consortium", json={"capabilities": []}).json()["field"] == "capabilities"
    r = client.post("/api/consortium", json={"capabilities": ["process.milling"], "method": "magic"})
    assert r.status_code == 422 and r.json()["field"] == "method"


def test_runs_and_comparison(client: TestClient) -> None:
    runs = client.get("/api/runs").json()
    assert [r["run_id"] for r in runs] == ["20261102T090000-new", "20261101T090000-old"]
    cmp = client.get("/api/runs/compare").json()
    assert cmp["old_run"] == "20261101T090000-old" and cmp["new_run"] == "20261102T090000-new"
    assert cmp["counts"]["entered"] == len(cmp["entered"]) > 0
    assert all(x["category_old"] is None and x["category_new"] for x in cmp["entered"])
    assert all(x["category_old"] != x["category_new"] for x in cmp["changed"])
    r = client.get("/api/runs/compare", params={"old": "nope"})
    assert r.status_code == 422 and r.json()["field"] == "old"
    assert client.get("/runs").status_code == 200


def test_indicators_api(client: TestClient) -> None:
    ids = client.get("/api/indicators").json()
    assert "cert.aqap2110" in ids and "process.milling" in ids


def test_pages_and_language_switch(client: TestClient) -> None:
    assert "Zoeken" in client.get("/search").text
    r = client.get("/search?lang=en")
    assert "Search text" in r.text and r.cookies.get("lang") == "en"
    assert "Search text" in client.get("/search").text  # the cookie keeps the choice
    client.get("/?lang=nl")
    r = client.get("/match?demand=frezen+van+aluminium%2C+AQAP+2110")
    assert r.status_code == 200 and "cert.aqap2110" in r.text
    r = client.get("/consortium?capabilities=process.milling%0Akabelbomen")
    assert r.status_code == 200 and 'id="members"' in r.text
    r = client.get("/match?demand=frezen&radius_km=abc")
    assert r.status_code == 422 and "radius_km" in r.text
    r = client.get("/lang/en?next=//evil.example")
    assert r.status_code in (200, 303)


def test_store_locked_by_a_writer_gives_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    code = (
        "import sys, time; from ketenradar.store import Store; s = Store(sys.argv[1]); "
        "print('ready', flush=True); time.sleep(30)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as err:
            create_app(path)
        assert "another ketenradar command is writing" in str(err.value)
    finally:
        proc.kill()
        proc.wait()
    time.sleep(0.1)
    create_app(path)  # free again: opens fine (empty store)


def test_cli_serve_without_a_store_says_so(tmp_path: Path, cli_env: dict, python: str) -> None:
    r = subprocess.run(
        [python, "-m", "ketenradar", "--db", str(tmp_path / "none.duckdb"), "serve", "--port", "1"],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=120,
    )
    assert r.returncode != 0
    assert "no store here yet" in " ".join((r.stderr + r.stdout).split())


def test_served_app_embeds_queries_like_the_pipeline(web_store: Path, usem3) -> None:
    """`serve` loads its own one-thread query embedder: same model, so the same vectors."""
    from ketenradar.web.context import WebContext

    ctx = WebContext(web_store, model="usem3")
    try:
        texts = ["CNC frezen van aluminium behuizingen", "wire harnesses for heavy vehicles"]
        mine = ctx.embedder().encode(texts)
        assert mine.shape == (2, usem3.dim)
        assert abs(mine - usem3.encode(texts)).max() < 1e-4
    finally:
        ctx.close()
