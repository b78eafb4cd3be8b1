"""Review in the dashboard: queue, evidence, verdict buttons, history, measured precision (API and
Chromium)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from ketenradar.review.store import ReviewStore, review_store_path
from ketenradar.web.app import create_app
from review_support import HashEmbedder, scored_store
from web_support import browser_page, live_server


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_store(tmp_path_factory.mktemp("review-web") / "base.duckdb")


@pytest.fixture
def db(base_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "k.duckdb"
    shutil.copy(base_store, path)
    return path


def queue_links(html: str) -> list[str]:
    return re.findall(r'href="/review/(\d{8})"', html)


def test_review_queue_verdicts_history_and_precision(db: Path) -> None:
    with TestClient(create_app(db, embedder=HashEmbedder())) as client:
        page = client.get("/review?lang=en")
        assert page.status_code == 200 and "No sample yet" in page.text
        drawn = client.post("/review/sample", data={"n": "20", "active": "3", "category": ["C"]})
        assert drawn.status_code == 200  # redirected to the queue
        firms = queue_links(drawn.text)
        assert len(firms) == 23
        with ReviewStore(review_store_path(db)) as review:
            random = set(review.sample_firms().query("active == 0").kvk_number)
        first, second = [k for k in firms if k in random][:2]
        assert client.get("/api/review/precision").json() == {}

        detail = client.get(f"/review/{first}?lang=en")
        assert detail.status_code == 200 and "Supplier to a prime?" in detail.text
        assert "https://" in detail.text  # evidence with its URL
        # A verdict without a reviewer is refused, naming the field; nothing is stored.
        missing = client.post(f"/review/{first}", data={"question": "direct", "answer": "yes"})
        assert missing.status_code == 422 and "reviewer" in missing.text
        bad = client.post(f"/review/{first}", data={"question": "direct", "answer": "maybe", "reviewer": "A"})
        assert bad.status_code == 422
        ok = client.post(f"/review/{first}", data={"question": "direct", "answer": "yes", "reviewer": "Anna"})
        assert ok.status_code == 200 and "Anna" in ok.text
        c = client.get("/api/review/precision").json()["C"]
        assert c["reviewed"] == 1 and c["precision"] == 1.0 and c["low"] < 0.9
        # The name is remembered; a changed verdict keeps its history.
        client.post(f"/review/{first}", data={"question": "direct", "answer": "no", "reviewer": "Anna"})
        history = client.get(f"/review/{first}?lang=en").text
        assert history.count("<tr><td>") >= 2
        body = {"kvk_number": second, "question": "direct", "answer": "no", "reviewer": "Bram"}
        c = client.post("/api/review/verdicts", json=body).json()["C"]
        assert c["reviewed"] == 2 and c["precision"] == 0.0
        bad_api = client.post("/api/review/verdicts", json={**body, "kvk_number": "123"})
        assert bad_api.status_code == 422
    with ReviewStore(review_store_path(db)) as review:
        rows = review.history(first)
        assert list(rows.answer) == ["no", "yes"] and set(rows.reviewer) == {"Anna"}
        assert rows.source.eq("dashboard").all() and rows.created_at.notna().all()


def test_review_pages_escape_scraped_text(db: Path) -> None:
    with TestClient(create_app(db, embedder=HashEmbedder())) as client:
        page = client.get("/review/10000000")
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text
        assert client.get("/review/123").status_code == 422
        assert client.get("/review/99999999").status_code == 404


@pytest.mark.browser
@pytest.mark.slow
def test_browser_reviews_two_firms_and_sees_the_precision_update(db: Path, tmp_path: Path) -> None:
    with live_server(create_app(db, embedder=HashEmbedder())) as base, browser_page(base) as page:
        page.goto(base + "/review?lang=en")
        page.fill("input[name=n]", "10")
        page.select_option("select[name=category]", ["C"])
        page.click("#draw-sample button")
        page.wait_for_selector("#review-queue")
        assert page.locator("#no-estimate").count() == 1
        page.click("#review-queue tr.open a >> nth=0")
        page.fill("#verdict-direct input[name=reviewer]", "Anna")
        page.click("#verdict-direct button[value=yes]")
        page.wait_for_selector("#measured-C")
        assert page.locator("#measured-C .reviewed").inner_text() == "1"
        assert page.locator("#measured-C .precision").inner_text() == "1.000"
        page.click("#next")
        # The reviewer's name is remembered for the next firm.
        assert page.locator("#verdict-direct input[name=reviewer]").input_value() == "Anna"
        page.click("#verdict-direct button[value=no]")
        page.wait_for_function("document.querySelector('#measured-C .reviewed')?.innerText === '2'")
        assert page.locator("#measured-C .precision").inner_text() == "0.500"
        assert "incorrect" in page.locator("#verdict-direct .current").inner_text()
        page.screenshot(path=str(tmp_path / "review.png"), full_page=True)


def test_with_sign_in_only_analysts_write_verdicts_and_the_reviewer_is_the_user(
    db: Path, tmp_path: Path
) -> None:
    import base64

    from ketenradar.web.auth import UserFile

    users = UserFile(tmp_path / "users.json")
    users.add("viv", "a long viewer passphrase", "viewer")
    users.add("ann", "a long analyst passphrase", "analyst")

    def basic(name: str, password: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}

    viewer, analyst = basic("viv", "a long viewer passphrase"), basic("ann", "a long analyst passphrase")
    with duckdb.connect(str(db), read_only=True) as con:
        (kvk,) = con.execute("SELECT kvk_number FROM firms ORDER BY kvk_number LIMIT 1").fetchone()
    with TestClient(create_app(db, embedder=HashEmbedder(), users_file=tmp_path / "users.json")) as client:
        body = {"kvk_number": kvk, "question": "direct", "answer": "yes", "reviewer": "typed name"}
        assert client.post("/api/review/verdicts", json=body).status_code == 401
        assert client.post("/api/review/verdicts", json=body, headers=viewer).status_code == 403
        assert client.post("/review/sample", data={"n": "5"}, headers=viewer).status_code == 403
        assert client.post("/api/review/verdicts", json=body, headers=analyst).status_code == 200
    with ReviewStore(review_store_path(db)) as review:
        assert list(review.history(kvk).reviewer) == ["ann"]  # the signed-in user, not the typed name
