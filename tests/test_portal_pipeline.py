"""The pipeline reads the portal (issue 20): self-declared indicators with their weight in the
indicators stage, the scorer and matchmaking; reruns that see a portal change; website corrections
the crawl follows; the opt-in filter; the demo accounts `ketenradar demo` seeds and prints."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from ketenradar.config import Config
from ketenradar.match.index import FirmIndex
from ketenradar.match.matchmaking import Requirements, match_demand
from ketenradar.model import portal as portal_model
from ketenradar.model.taxonomy import builtin
from ketenradar.portal import Portal, PortalStore
from ketenradar.portal.demo import DEMO_ANALYST, DEMO_BUYER, seed_demo_accounts
from ketenradar.portal.models import Certificate
from ketenradar.portal.source import (
    declarations_digest,
    declared_hit_rows,
    demands_for_firm,
    firms_for_demand,
    match_filter,
)
from ketenradar.runner import serving
from ketenradar.score.declared import with_self_declared
from ketenradar.score.features import load_features
from ketenradar.store import Store
from portal_support import cheap_hashes, portal_url, postgres_server  # noqa: F401  (fixtures)
from support import build_store, copy_store, run_stage, store_config

pytestmark = pytest.mark.usefixtures("cheap_hashes")  # cheap argon2: the tests sign in many times

CERT = "cert.aqap2110"
NEXT_YEAR = dt.date.today() + dt.timedelta(days=365)


def _config(db: Path) -> Config:
    return store_config(db)


def _portal(config: Config) -> Portal:
    return Portal(PortalStore(portal_model.portal_url(config)))


def _analyst(portal: Portal):
    portal.bootstrap_analyst("ana", "analyst-password-1")
    return portal.authenticate("ana", "analyst-password-1")


def _scored_copy_with_analyst(scored_demo: Path, tmp_path: Path):
    """A copy of the scored demo store, its config, its portal and a signed-in analyst."""
    db = copy_store(scored_demo, tmp_path / "k.duckdb")
    config = _config(db)
    portal = _portal(config)
    return db, config, portal, _analyst(portal)


def _firm(portal: Portal, analyst, kvk: str, name: str = "firm"):
    _, token = portal.create_account(analyst, f"{name}-{kvk}", "firm", kvk_number=kvk)
    portal.accept_invitation(token, "firm-password-12")
    return portal.authenticate(f"{name}-{kvk}", "firm-password-12")


# -- the reader ------------------------------------------------------------------------------------
def test_without_a_portal_store_there_is_nothing_and_nothing_is_created(tmp_path) -> None:
    config = _config(tmp_path / "k.duckdb")
    assert portal_model.read(config) == {} and portal_model.opted_in(config) == set()
    assert portal_model.website_corrections(config) == {}
    assert not Path(portal_model.portal_url(config).split("///")[1]).exists(), "a reader creates nothing"


def test_an_unreachable_portal_store_is_an_error_naming_the_setting(tmp_path) -> None:
    from ketenradar.errors import InputError

    config = _config(tmp_path / "k.duckdb")
    config.portal.url = "postgresql+psycopg://nobody:secret@127.0.0.1:9/none"  # discard port: refused
    with pytest.raises(InputError, match="portal store") as err:
        portal_model.read(config)
    assert err.value.field == "portal.url" and "secret" not in str(err.value)


def test_reader_maps_declarations_to_indicators_with_weights_and_drops_expired(
    tmp_path,
    portal_url: str,  # noqa: F811  (the fixture: SQLite and PostgreSQL)
) -> None:
    config = _config(tmp_path / "k.duckdb")
    config.portal.url = portal_url
    portal = _portal(config)
    ana = _analyst(portal)
    firm = _firm(portal, ana, "12345678")
    portal.add_capability(firm, "12345678", "process.milling")
    portal.add_capability(firm, "12345678", "TIG lassen")  # a taxonomy term, any spelling
    portal.add_capability(firm, "12345678", "we make nice things")  # names no indicator
    cert = dict(number="Q-1", issuer="Lloyd's", expires_on=NEXT_YEAR, evidence_url="https://x.nl/c.pdf")
    aqap = portal.add_certificate(firm, "12345678", {"standard": "AQAP 2110", **cert})
    portal.add_certificate(firm, "12345678", {"standard": "ISO-9001", **cert})
    old = portal.add_certificate(firm, "12345678", {**cert, "standard": "EN 1090", "expires_on": NEXT_YEAR})
    portal.verify_certificate(ana, aqap["id"])
    portal.update_profile(firm, "12345678", {"defence_opt_in": True, "website": "https://new.example.nl"})

    got = portal_model.read(config)["12345678"]
    by_id = {d.indicator_id: d for d in got.declarations}
    assert set(by_id) >= {"process.milling", CERT, "cert.iso9001", "cert.en1090"}
    assert any(d.indicator_id.startswith("process.") and d.label == "TIG lassen" for d in got.declarations)
    assert got.unmapped == ["we make nice things"]
    assert by_id[CERT].weight == 1.0 and by_id[CERT].verified and by_id[CERT].verified_by == "ana"
    assert by_id["cert.iso9001"].weight == 0.5 and not by_id["cert.iso9001"].verified
    assert by_id["process.milling"].weight == 0.5 and by_id["process.milling"].declared_by == firm.name
    assert got.defence_opt_in and got.website == "https://new.example.nl"
    assert portal_model.opted_in(config) == {"12345678"}

    # An expired certificate stops counting (the reader's `today` decides).
    later = portal_model.read(config, today=NEXT_YEAR + dt.timedelta(days=1))["12345678"]
    assert not any(d.kind == "certificate" for d in later.declarations)
    with portal.store.transaction() as s:
        s.get(Certificate, old["id"]).expires_on = dt.date.today() - dt.timedelta(days=1)
    assert "cert.en1090" not in {d.indicator_id for d in portal_model.read(config)["12345678"].declarations}

    # Hit rows: source self_declared, weight and provenance in the sentence; digest follows changes.
    rows = declared_hit_rows(got, builtin())
    assert {r["source"] for r in rows} == {"self_declared"}
    aqap_row = next(r for r in rows if r["indicator_id"] == CERT)
    assert aqap_row["weight"] == 1.0 and aqap_row["reason"] == "verified certificate"
    assert "verified by ana" in aqap_row["sentence"] and aqap_row["url"] == "https://x.nl/c.pdf"
    config.portal.weight_declared = 0.25
    assert declarations_digest(portal_model.read(config)["12345678"]) != declarations_digest(got)


def test_weights_are_validated_in_the_config(tmp_path) -> None:
    from ketenradar.config import load_config
    from ketenradar.errors import InputError

    path = tmp_path / "ketenradar.toml"
    path.write_text("[portal]\nweight_declared = 1.5\n")
    with pytest.raises(InputError, match="weight_declared"):
        load_config(path)


# -- the pipeline ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scored_demo(demo_world, tmp_path_factory) -> Path:
    """The session's demo world run up to `score` (TF-IDF), once for this module."""
    path = tmp_path_factory.mktemp("portalpipe") / "k.duckdb"
    build_store(demo_world, path, upto="score")
    return path


def _quiet_firm(store: Store) -> str:
    """A firm with a readable site whose website states neither AQAP 2110 nor more than three
    indicators with a sentence (so every piece of its evidence shows in its reasons)."""
    rows = store.fetchall(
        "SELECT kvk_number FROM indicator_hits WHERE source = 'website' GROUP BY kvk_number "
        "HAVING count(DISTINCT indicator_id) BETWEEN 1 AND 3 "
        "AND NOT list_contains(list(indicator_id), ?) ORDER BY kvk_number",
        [CERT],
    )
    assert rows, "the demo world has firms with a few website indicators"
    return rows[0][0]


def _reasons(store: Store, kvk: str) -> dict:
    run = store.fetchall("SELECT run_id FROM score_runs ORDER BY created_at DESC LIMIT 1")[0][0]
    raw = store.fetchall("SELECT reasons FROM scores WHERE run_id = ? AND kvk_number = ?", [run, kvk])
    return json.loads(raw[0][0])


def _feature(store: Store, config: Config, kvk: str, indicator: str) -> float:
    fs = with_self_declared(load_features(store, config.embed.model), store)
    if indicator not in fs.indicator_ids:
        return 0.0
    return float(fs.indicators[list(fs.kvk).index(kvk), fs.indicator_ids.index(indicator)])


def test_a_verified_certificate_counts_after_a_rerun_and_stops_when_expired(
    scored_demo,
    tmp_path,
) -> None:
    db, config, portal, ana = _scored_copy_with_analyst(scored_demo, tmp_path)
    with Store(db) as store:
        kvk = _quiet_firm(store)
        firm = _firm(portal, ana, kvk)
        unchanged = run_stage(store, "indicators", config)
        assert unchanged.counts["processed"] == 0, "no declaration yet: nothing to redo"

        # Declared, not verified: counts half in the features; not enough for a hard requirement.
        cert = portal.add_certificate(
            firm,
            kvk,
            {"standard": "AQAP 2110", "number": "NL-42", "issuer": "KIWA", "expires_on": NEXT_YEAR},
        )
        result = run_stage(store, "indicators", config)
        assert result.counts["processed"] == 1 and result.counts["self_declared_firms"] == 1
        assert _feature(store, config, kvk, CERT) == 0.5
        index = FirmIndex.from_store(store.con)
        pos = index.pos[kvk]
        assert index.indicator_weight(CERT)[pos] == 0.5 and not index.has_indicator(CERT)[pos]

        # Verified by an analyst: the rerun stores it with full weight, the scorer uses it.
        portal.verify_certificate(ana, cert["id"])
        assert run_stage(store, "indicators", config).counts["processed"] == 1
        hits = store.fetchall(
            "SELECT indicator_id, weight, reason, sentence FROM indicator_hits "
            "WHERE kvk_number = ? AND source = 'self_declared'",
            [kvk],
        )
        assert [(h[0], h[1], h[2]) for h in hits] == [(CERT, 1.0, "verified certificate")]
        assert "NL-42" in hits[0][3] and "verified by ana" in hits[0][3]
        score = run_stage(store, "score", config)
        assert "skipped_unchanged" not in score.counts, "a portal change must not be skipped"
        assert _feature(store, config, kvk, CERT) == 1.0
        evidence = {e["indicator"]: e for e in _reasons(store, kvk)["evidence"]}
        assert evidence[CERT]["source"] == "self_declared" and evidence[CERT]["weight"] == 1.0
        assert "NL-42" in evidence[CERT]["sentence"]

        # Matchmaking: a hard AQAP 2110 requirement now admits the firm, with its declaration.
        index = FirmIndex.from_store(store.con)
        assert index.has_indicator(CERT)[index.pos[kvk]]
        found = match_demand(index, "precision machining", None, Requirements(certifications=[CERT]))
        assert kvk in {r.kvk_number for r in found.results}

        # Nothing changed: both stages skip.
        assert run_stage(store, "indicators", config).counts["processed"] == 0
        assert "skipped_unchanged" in run_stage(store, "score", config).counts

        # Expired: the rerun drops it, and the score no longer counts it.
        with portal.store.transaction() as s:
            s.get(Certificate, cert["id"]).expires_on = dt.date.today() - dt.timedelta(days=1)
        assert run_stage(store, "indicators", config).counts["processed"] == 1
        left = store.fetchall(
            "SELECT count(*) FROM indicator_hits WHERE kvk_number = ? AND source = 'self_declared'", [kvk]
        )
        assert left[0][0] == 0
        score = run_stage(store, "score", config)
        assert "skipped_unchanged" not in score.counts
        assert _feature(store, config, kvk, CERT) == 0.0
        assert CERT not in {e["indicator"] for e in _reasons(store, kvk)["evidence"]}
        index = FirmIndex.from_store(store.con)
        found = match_demand(index, "precision machining", None, Requirements(certifications=[CERT]))
        assert kvk not in {r.kvk_number for r in found.results}


def test_a_declared_capability_weighs_half_in_matchmaking_ranking(scored_demo, tmp_path) -> None:
    db, config, portal, ana = _scored_copy_with_analyst(scored_demo, tmp_path)
    with Store(db) as store:
        kvk = _quiet_firm(store)
        firm = _firm(portal, ana, kvk)
        before = FirmIndex.from_store(store.con)
        assert not before.has_indicator("process.edm")[before.pos[kvk]], "pick an indicator it lacks"
        portal.add_capability(firm, kvk, "process.edm")
        run_stage(store, "indicators", config)
        index = FirmIndex.from_store(store.con)
        assert index.indicator_weight("process.edm")[index.pos[kvk]] == 0.5
        result = match_demand(index, "vonkerosie", None, Requirements(firms={kvk}))
        assert [r.kvk_number for r in result.results] == [kvk]
        assert result.results[0].parts[0].score == pytest.approx(0.5)
        assert result.results[0].parts[0].indicators == ["process.edm"]
        assert "self-declared" in (result.results[0].parts[0].evidence or "").lower()


def test_opt_in_filter_for_buyers(scored_demo, tmp_path) -> None:
    db, config, portal, ana = _scored_copy_with_analyst(scored_demo, tmp_path)
    with Store(db) as store:
        kvks = [r[0] for r in store.fetchall("SELECT kvk_number FROM firms ORDER BY kvk_number LIMIT 3")]
        index = FirmIndex.from_store(store.con)
    opted = _firm(portal, ana, kvks[0], "a")
    portal.update_profile(opted, kvks[0], {"defence_opt_in": True})
    _firm(portal, ana, kvks[1], "b")  # an account, not opted in
    _, token = portal.create_account(ana, "buyer", "buyer")
    portal.accept_invitation(token, "buyer-password-1")
    buyer = portal.authenticate("buyer", "buyer-password-1")
    demand = portal.post_demand(
        buyer, {"title": "t", "text": "x", "deadline": NEXT_YEAR, "visibility": "open", "requirements": {}}
    )
    assert match_filter(portal, ana) is None
    assert match_filter(portal, buyer) == {kvks[0]}
    portal.put_forward(ana, demand["id"], kvks[2])
    assert match_filter(portal, buyer) == {kvks[0], kvks[2]}
    assert portal_model.opted_in(config) == {kvks[0]}

    found = match_demand(index, "frezen", None, Requirements(firms=match_filter(portal, buyer)))
    assert {r.kvk_number for r in found.results} <= {kvks[0], kvks[2]}
    assert "firms" not in found.requirements, "the filter is not echoed as a requirement"
    everyone = match_demand(index, "frezen", None, Requirements(firms=match_filter(portal, ana)))
    assert everyone.n_candidates == index.n


def test_a_corrected_website_is_crawled_on_the_next_run(scored_demo, demo_world, tmp_path) -> None:
    db, config, portal, ana = _scored_copy_with_analyst(scored_demo, tmp_path)
    with Store(db) as store:
        sites = store.fetchall(
            "SELECT s.kvk_number, s.start_url FROM sites s WHERE status = 'ok' ORDER BY kvk_number LIMIT 2"
        )
    (kvk, old_url), (_, other_url) = sites
    firm = _firm(portal, ana, kvk)
    portal.update_profile(firm, kvk, {"website": other_url})
    with serving(demo_world, config), Store(db) as store:
        crawl = run_stage(store, "crawl", config)
        assert crawl.counts["portal_websites_corrected"] == 1
        assert crawl.counts["portal_websites_recrawl"] == 1
        assert store.fetchall("SELECT start_url FROM sites WHERE kvk_number = ?", [kvk]) == [(other_url,)]
        assert crawl.counts["sites_to_crawl"] == 1, "only the corrected firm is crawled again"
        chosen = store.fetchall(
            "SELECT source, url, evidence FROM discovered_sites WHERE kvk_number = ? AND chosen", [kvk]
        )
        assert chosen[0][:2] == ("portal", other_url) and firm.name in chosen[0][2]

        again = run_stage(store, "crawl", config)
        assert not any(k.startswith("portal_websites") for k in again.counts), "applied once"

        portal.update_profile(firm, kvk, {"website": None})  # withdrawn: the registry's site again
        back = run_stage(store, "crawl", config)
        assert back.counts["portal_websites_withdrawn"] == 1
        assert store.fetchall("SELECT start_url FROM sites WHERE kvk_number = ?", [kvk]) == [(old_url,)]


# -- demo accounts ---------------------------------------------------------------------------------
def test_demo_accounts_get_new_random_passwords_each_time(scored_demo, tmp_path) -> None:
    db = copy_store(scored_demo, tmp_path / "k.duckdb")
    config = _config(db)
    with Store(db) as store:
        first = seed_demo_accounts(config, store)
        second = seed_demo_accounts(config, store)
    roles = [a.role for a in first]
    assert roles[:2] == ["analyst", "buyer"] and roles.count("firm") >= 3
    assert [a.name for a in first] == [a.name for a in second]
    assert sum(a.opted_in for a in first) >= 2 and not all(a.opted_in for a in first if a.role == "firm")
    passwords = [a.password for a in first + second]
    assert len(set(passwords)) == len(passwords) and all(len(p) >= 16 for p in passwords)
    portal = _portal(config)
    for old, new in zip(first, second, strict=True):
        assert portal.authenticate(old.name, old.password) is None
        me = portal.authenticate(new.name, new.password)
        assert me is not None and me.role == new.role and me.kvk_number == new.kvk_number
    assert portal_model.opted_in(config) == {a.kvk_number for a in second if a.opted_in}
    buyer = portal.authenticate(DEMO_BUYER, second[1].password)
    assert match_filter(portal, buyer) == {a.kvk_number for a in second if a.opted_in}
    with portal.store.session() as s:
        from ketenradar.portal.models import Account

        assert len(s.scalars(select(Account)).all()) == len(first)
    assert portal.authenticate(DEMO_ANALYST, second[0].password).role == "analyst"


def test_make_demo_prints_how_to_sign_in_as_each_role(demo_run) -> None:
    """`ketenradar demo` (what `make demo` runs) seeds the accounts and prints them."""
    text = demo_run.stderr
    assert "/login" in text and "serve" in text
    found = re.findall(r"^\s+(analyst|buyer|firm)\s+(\S+)\s+(\S+)", text, flags=re.M)
    assert {r for r, _, _ in found} == {"analyst", "buyer", "firm"}
    config = Config()
    config.store.path = str(demo_run.db)
    portal = _portal(config)
    for role, name, password in found:
        me = portal.authenticate(name, password)
        assert me is not None and me.role == role, name
    assert portal_model.opted_in(config), "some demo firms opted in"
    assert np.all([len(p) >= 16 for _, _, p in found])


def test_demands_and_firms_are_matched_both_ways(scored_demo, tmp_path) -> None:
    db, config, portal, ana = _scored_copy_with_analyst(scored_demo, tmp_path)
    with Store(db) as store:
        kvk = _quiet_firm(store)
        firm = _firm(portal, ana, kvk)
        portal.update_profile(firm, kvk, {"defence_opt_in": True})
        cert = portal.add_certificate(
            firm, kvk, {"standard": "AQAP 2110", "number": "N1", "issuer": "I", "expires_on": NEXT_YEAR}
        )
        _, token = portal.create_account(ana, "buyer", "buyer")
        portal.accept_invitation(token, "buyer-password-1")
        buyer = portal.authenticate("buyer", "buyer-password-1")
        needs_aqap = portal.post_demand(
            buyer,
            {
                "title": "parts",
                "text": "frezen en draaien",
                "deadline": NEXT_YEAR,
                "visibility": "open",
                "requirements": {"certifications": ["AQAP 2110"]},
            },
        )
        nowhere = portal.post_demand(
            buyer,
            {
                "title": "far",
                "text": "frezen",
                "deadline": NEXT_YEAR,
                "visibility": "open",
                "requirements": {"place": "Nergenshuizen", "radius_km": 10},
            },
        )
        open_demands = portal.demands(firm)
        assert {d["id"] for d in open_demands} == {needs_aqap["id"], nowhere["id"]}

        run_stage(store, "indicators", config)
        index = FirmIndex.from_store(store.con)
        assert demands_for_firm(index, None, open_demands, kvk) == [], "not verified: no hard AQAP"
        portal.verify_certificate(ana, cert["id"])
        run_stage(store, "indicators", config)
        index = FirmIndex.from_store(store.con)
        fits = demands_for_firm(index, None, open_demands, kvk)
        assert [f["demand"]["id"] for f in fits] == [needs_aqap["id"]]
        assert fits[0]["score"] >= 0 and fits[0]["parts"]

        found = firms_for_demand(index, None, needs_aqap, firms=match_filter(portal, buyer))
        assert [r.kvk_number for r in found.results] == [kvk]
        assert found.requirements["certifications"] == [CERT]
        everyone = firms_for_demand(index, None, needs_aqap, firms=match_filter(portal, ana))
        assert kvk in {r.kvk_number for r in everyone.results} and everyone.n_candidates >= 1
