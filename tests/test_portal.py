"""The portal (issue 20): store, rules, API authorization and concurrent writes, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from ketenradar.errors import InputError
from ketenradar.portal import Forbidden, Portal, PortalStore, Principal, default_url
from ketenradar.portal.api import CSRF_HEADER, install_portal
from portal_support import (  # noqa: F401  (fixtures)
    F1,
    F2,
    F3,
    PASSWORD,
    TOMORROW,
    _account,
    _setup_world,
    cheap_hashes,
    portal,
    portal_url,
    postgres_server,
    small_index,
)


@pytest.fixture
def analyst(portal: Portal) -> Principal:  # noqa: F811
    portal.bootstrap_analyst("ana", PASSWORD)
    who = portal.authenticate("ana", PASSWORD)
    assert who is not None
    return who


# -- store ------------------------------------------------------------------------------------------------
def test_default_store_is_sqlite_beside_the_duckdb_store(tmp_path: Path) -> None:
    url = default_url(tmp_path / "ketenradar.duckdb")
    assert url == "sqlite:///" + str((tmp_path / "ketenradar-portal.sqlite").resolve())
    store = PortalStore(url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_unknown_database_kind_is_refused() -> None:
    with pytest.raises(InputError, match="SQLite or PostgreSQL"):
        PortalStore("mysql://x@127.0.0.1/db")


def test_portal_passwords_use_the_dashboard_kdf_and_parameters() -> None:
    import ketenradar.portal.service as service
    from ketenradar.web import auth

    mine, theirs = service._hasher, auth._hasher
    assert (mine.time_cost, mine.memory_cost, mine.parallelism, mine.type) == (
        theirs.time_cost,
        theirs.memory_cost,
        theirs.parallelism,
        theirs.type,
    )


# -- accounts and invitations --------------------------------------------------------------------------------
def test_invitation_works_once_and_password_uses_argon2(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    account, token = portal.create_account(analyst, "firm1", "firm", kvk_number=F1)
    assert not account["has_password"]
    assert portal.authenticate("firm1", PASSWORD) is None
    with pytest.raises(InputError):
        portal.accept_invitation(token, "short")
    portal.accept_invitation(token, PASSWORD)
    with pytest.raises(Forbidden):
        portal.accept_invitation(token, PASSWORD + "x")
    who = portal.authenticate("firm1", PASSWORD)
    assert who is not None and who.role == "firm" and who.kvk_number == F1
    assert portal.authenticate("firm1", "wrong password!") is None
    with portal.store.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash, id FROM portal_account WHERE name='firm1'")).one()
        token_hashes = conn.execute(text("SELECT token_hash FROM portal_invitation")).scalars().all()
    assert stored[0].startswith("$argon2id$")
    assert token not in token_hashes  # only its hash is stored


def test_expired_invitation_is_refused(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    _, token = portal.create_account(analyst, "buyer1", "buyer")
    with portal.store.engine.begin() as conn:
        conn.execute(text("UPDATE portal_invitation SET expires_at = :t"), {"t": dt.datetime(2000, 1, 1)})
    with pytest.raises(Forbidden, match="expired"):
        portal.accept_invitation(token, PASSWORD)


def test_only_analysts_create_accounts_and_firms_need_a_kvk(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    buyer = _account(portal, analyst, "buyer1", "buyer")
    with pytest.raises(Forbidden):
        portal.create_account(buyer, "x1", "firm", kvk_number=F1)
    with pytest.raises(InputError, match="KvK"):
        portal.create_account(analyst, "x2", "firm")
    with pytest.raises(InputError, match="exists"):
        portal.create_account(analyst, "buyer1", "buyer")


# -- firm data, provenance, verification, audit -----------------------------------------------------------
def test_self_declared_data_keeps_provenance_and_every_change_is_audited(
    portal: Portal,  # noqa: F811
    analyst: Principal,
) -> None:
    firm = _account(portal, analyst, "firm1", "firm", F1)
    portal.update_profile(firm, F1, {"website": "https://example.test/", "defence_opt_in": True})
    portal.update_profile(firm, F1, {"contact_name": "J. Jansen"})
    portal.add_capability(firm, F1, "laser cutting")
    portal.add_capability(firm, F1, "laser cutting")  # no duplicate, no audit entry
    assert portal.remove_capability(firm, F1, "laser cutting")
    cert = portal.add_certificate(
        firm,
        F1,
        {
            "standard": "AQAP 2110",
            "number": "NL-123",
            "issuer": "Some body",
            "expires_on": dt.date.today() + dt.timedelta(days=90),
            "evidence_url": "https://example.test/cert.pdf",
        },
    )
    assert not cert["counts"]  # self-declared, not yet verified
    verified = portal.verify_certificate(analyst, cert["id"])
    assert verified["counts"] and verified["verified_by"] == "ana"
    old = portal.add_certificate(
        firm,
        F1,
        {"standard": "ISO 9001", "number": "1", "issuer": "x", "expires_on": dt.date(2001, 1, 1)},
    )
    assert not portal.verify_certificate(analyst, old["id"])["counts"]  # expired stops counting

    view = portal.firm(firm, F1)
    assert view["profile"]["source"] == "self_declared" and view["profile"]["updated_by"] == "firm1"
    assert view["profile"]["website"] == "https://example.test/"
    assert view["capabilities"] == []
    assert [c["source"] for c in view["certificates"]] == ["self_declared", "self_declared"]

    actions = [e["action"] for e in reversed(portal.audit(analyst))]
    assert actions[-8:] == [
        "profile.update",
        "profile.update",
        "capability.add",
        "capability.remove",
        "certificate.add",
        "certificate.verify",
        "certificate.add",
        "certificate.verify",
    ]
    second = [e for e in portal.audit(analyst) if e["action"] == "profile.update"][0]
    assert second["old_value"]["contact_name"] is None and second["new_value"]["contact_name"] == "J. Jansen"
    assert second["actor"] == "firm1"


def test_failed_change_writes_no_audit_entry(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    firm = _account(portal, analyst, "firm1", "firm", F1)
    before = len(portal.audit(analyst))
    with pytest.raises(InputError):
        portal.update_profile(firm, F1, {"password_hash": "x"})
    with pytest.raises(Forbidden):
        portal.update_profile(firm, F2, {"contact_name": "x"})
    assert len(portal.audit(analyst)) == before


def test_contact_person_is_exported_and_erased_on_request(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    firm = _account(portal, analyst, "firm1", "firm", F1)
    portal.update_profile(firm, F1, {"contact_name": "Jan Jansen", "contact_email": "jan@example.test"})
    portal.update_profile(firm, F1, {"contact_name": "Piet Pieters", "website": "https://example.test/"})
    exported = portal.export_contact(firm, F1)
    assert exported["contact"]["contact_name"] == "Piet Pieters"
    assert [h["new"]["contact_name"] for h in exported["history"]] == ["Jan Jansen", "Piet Pieters"]
    buyer = _account(portal, analyst, "buyer1", "buyer")
    with pytest.raises(Forbidden):
        portal.export_contact(buyer, F1)
    portal.delete_contact(firm, F1)
    view = portal.firm(analyst, F1)
    assert view["profile"]["contact_name"] is None and view["profile"]["website"] == "https://example.test/"
    dump = repr(portal.audit(analyst))
    assert "Jansen" not in dump and "Pieters" not in dump and "jan@example" not in dump
    assert "contact.delete" in dump and "https://example.test/" in dump  # the rest of the history stays


# -- demands: visibility both ways --------------------------------------------------------------------------
def test_buyer_sees_only_opted_in_or_put_forward_firms(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    buyer = _account(portal, analyst, "buyer1", "buyer")
    other = _account(portal, analyst, "buyer2", "buyer")
    f1 = _account(portal, analyst, "firm1", "firm", F1)
    f2 = _account(portal, analyst, "firm2", "firm", F2)
    _account(portal, analyst, "firm3", "firm", F3)
    portal.update_profile(f1, F1, {"defence_opt_in": True})
    portal.update_profile(f2, F2, {"defence_opt_in": False})
    d_open = portal.post_demand(
        buyer, {"title": "Frames", "text": "Welded frames", "deadline": dt.date.today(), "visibility": "open"}
    )
    d_inv = portal.post_demand(
        buyer,
        {"title": "Secret", "text": "By invitation", "deadline": dt.date.today(), "visibility": "invited"},
    )
    assert portal.visible_firms(buyer) == [F1]
    with pytest.raises(Forbidden):
        portal.firm(buyer, F2)
    with pytest.raises(Forbidden):
        portal.invite_firm(buyer, d_inv["id"], F2)
    portal.put_forward(analyst, d_open["id"], F2)
    assert portal.visible_firms(buyer) == [F1, F2]
    assert portal.visible_firms(other) == [F1]  # put forward for buyer1's demand only
    portal.firm(buyer, F2)
    portal.invite_firm(buyer, d_inv["id"], F2)

    assert [d["id"] for d in portal.demands(f1)] == [d_open["id"]]  # opted in: open demands
    assert [d["id"] for d in portal.demands(f2)] == [d_open["id"], d_inv["id"]]  # linked ones
    assert [d["id"] for d in portal.demands(other)] == []
    portal.respond(f2, d_inv["id"], "interested", "We can do this")
    portal.respond(f2, d_inv["id"], "not_interested", "Changed our mind")
    assert [(r["kvk_number"], r["answer"]) for r in portal.responses(buyer, d_inv["id"])] == [
        (F2, "not_interested")
    ]
    with pytest.raises(Forbidden):
        portal.responses(other, d_inv["id"])
    with pytest.raises(Forbidden):
        portal.respond(f1, d_inv["id"], "interested")
    kinds = {m["kind"] for m in portal.outbox(analyst)}
    assert {"invitation", "demand.new", "demand.put_forward", "demand.invited", "demand.response"} <= kinds


# -- API: every role x endpoint ------------------------------------------------------------------------------
ROLES = ("anonymous", "analyst", "buyer", "other_buyer", "firm", "other_firm")


ALL = set(ROLES) - {"anonymous"}
# (method, path, body(role) or None, roles allowed); every other signed-in role gets 403, anonymous 401.
MATRIX: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/api/portal/me", None, ALL),
    ("GET", "/api/portal/accounts", None, {"analyst"}),
    ("POST", "/api/portal/accounts", lambda r: {"name": f"new-{r}", "role": "buyer"}, {"analyst"}),
    ("GET", "/api/portal/firms", None, {"analyst", "buyer", "other_buyer"}),
    ("GET", f"/api/portal/firms/{F1}", None, {"analyst", "buyer", "other_buyer", "firm"}),
    ("GET", f"/api/portal/firms/{F2}", None, {"analyst", "buyer", "other_firm"}),
    ("PATCH", f"/api/portal/firms/{F1}", lambda r: {"contact_name": r}, {"analyst", "firm"}),
    (
        "POST",
        f"/api/portal/firms/{F1}/capabilities",
        lambda r: {"capability": "milling"},
        {"analyst", "firm"},
    ),
    ("DELETE", f"/api/portal/firms/{F1}/capabilities/cap-{{role}}", None, {"analyst", "firm"}),
    (
        "POST",
        f"/api/portal/firms/{F1}/certificates",
        lambda r: {"standard": "ISO 9001", "number": r, "issuer": "y", "expires_on": "2099-01-01"},
        {"analyst", "firm"},
    ),
    ("GET", f"/api/portal/firms/{F1}/contact", None, {"analyst", "firm"}),
    ("GET", f"/api/portal/firms/{F1}/as-seen", None, {"analyst", "firm"}),
    ("DELETE", f"/api/portal/firms/{F1}/contact", None, {"analyst", "firm"}),
    ("POST", "/api/portal/certificates/{cert}/verify", None, {"analyst"}),
    ("GET", "/api/portal/certificates", None, {"analyst"}),
    ("GET", "/api/portal/report", None, {"analyst"}),
    ("GET", "/api/portal/matches", None, {"firm", "other_firm"}),
    ("GET", "/api/portal/audit", None, {"analyst"}),
    ("GET", "/api/portal/outbox", None, {"analyst"}),
    ("GET", "/api/demands", None, ALL),
    (
        "POST",
        "/api/demands",
        lambda r: {"title": "T", "text": "x", "deadline": TOMORROW, "visibility": "open"},
        {"buyer", "other_buyer"},
    ),
    ("GET", "/api/demands/{d1}", None, {"analyst", "buyer", "firm", "other_firm"}),
    ("GET", "/api/demands/{d2}", None, {"analyst", "buyer"}),
    ("PATCH", "/api/demands/{d1}", lambda r: {"text": "changed"}, {"buyer"}),
    ("GET", "/api/demands/{d1}/firms", None, {"analyst", "buyer"}),
    ("POST", "/api/demands/{d1}/invitations", lambda r: {"kvk_number": F1}, {"buyer"}),
    ("POST", "/api/demands/{d1}/put-forward", lambda r: {"kvk_number": F2}, {"analyst"}),
    ("GET", "/api/demands/{d1}/responses", None, {"analyst", "buyer"}),
    ("GET", "/api/demands/{d1}/proposals", None, {"analyst", "buyer"}),
    ("GET", "/api/demands/{d2}/proposals", None, {"analyst", "buyer"}),
    ("GET", "/api/demands/{d1}/consortium", None, {"analyst", "buyer"}),
    ("GET", "/api/demands/{d1}/follow-up", None, {"analyst", "buyer"}),
    (
        "POST",
        "/api/demands/{d1}/steps",
        lambda r: {"kvk_number": F1, "step": "shortlisted"},
        {"analyst", "buyer"},
    ),
    (
        "PUT",
        "/api/demands/{d1}/response",
        lambda r: {"answer": "interested", "note": r},
        {"firm", "other_firm"},
    ),
    ("PUT", "/api/demands/{d2}/response", lambda r: {"answer": "interested"}, set()),
]


def _client(app: FastAPI, role: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app)
    if role == "anonymous":
        return client, {}
    r = client.post("/api/portal/session", json={"name": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return client, {CSRF_HEADER: r.json()["csrf_token"]}


def test_every_role_and_endpoint_is_allowed_or_forbidden(portal: Portal, small_index: Any) -> None:  # noqa: F811
    from ketenradar.portal.matching import DemandMatcher

    ids = _setup_world(portal)
    app = FastAPI()
    install_portal(
        app,
        portal,
        analytic=lambda kvk: {"registry": {"kvk_number": kvk}, "indicators": []},
        matcher=DemandMatcher(lambda: (small_index, None)),
    )
    routes = {
        (method.upper(), path)
        for path, ops in app.openapi()["paths"].items()
        if path.startswith(("/api/demands", "/api/portal"))
        for method in ops
    }
    covered = {(m, p) for m, p, _, _ in MATRIX} | {
        ("POST", "/api/portal/session"),
        ("DELETE", "/api/portal/session"),
        ("POST", "/api/portal/invitations/accept"),
    }

    def template(path: str) -> str:
        for key, pat in ((F1, "{kvk_number}"), (F2, "{kvk_number}")):
            path = path.replace(key, pat)
        return (
            path.replace("{d1}", "{demand_id}")
            .replace("{d2}", "{demand_id}")
            .replace("{cert}", "{certificate_id}")
            .replace("cap-{role}", "{capability}")
        )

    assert routes == {(m, template(p)) for m, p in covered}, "an endpoint is missing from the matrix"
    failures = []
    for role in ROLES:
        client, headers = _client(app, role)
        for method, path, body, allowed in MATRIX:
            url = path.format(role=role, **ids)
            r = client.request(method, url, json=body(role) if body else None, headers=headers)
            want = "401" if role == "anonymous" else ("2xx" if role in allowed else "403")
            got = "2xx" if 200 <= r.status_code < 300 else str(r.status_code)
            if got != want:
                failures.append(f"{role} {method} {url}: {r.status_code} (want {want}) {r.text[:200]}")
    assert not failures, "\n".join(failures)


def test_cookie_session_needs_csrf_token_and_sign_in_is_rate_limited(portal: Portal) -> None:  # noqa: F811
    _setup_world(portal)
    app = FastAPI()
    install_portal(app, portal)
    client, headers = _client(app, "firm")
    assert client.patch(f"/api/portal/firms/{F1}", json={"contact_name": "x"}).status_code == 403
    assert (
        client.patch(
            f"/api/portal/firms/{F1}", json={"contact_name": "x"}, headers={CSRF_HEADER: "bad"}
        ).status_code
        == 403
    )
    assert (
        client.patch(f"/api/portal/firms/{F1}", json={"contact_name": "x"}, headers=headers).status_code
        == 200
    )
    assert client.get("/api/portal/me").status_code == 200  # reading needs no token
    assert client.delete("/api/portal/session", headers=headers).status_code == 204
    assert client.get("/api/portal/me").status_code == 401

    other = TestClient(app)
    codes = [
        other.post("/api/portal/session", json={"name": "firm", "password": "wrong password"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    # Blocked even with the right password, and for HTTP Basic too.
    assert other.post("/api/portal/session", json={"name": "firm", "password": PASSWORD}).status_code == 429
    assert other.get("/api/portal/me", auth=("firm", PASSWORD)).status_code == 429


def test_basic_auth_and_input_validation(portal: Portal) -> None:  # noqa: F811
    ids = _setup_world(portal)
    app = FastAPI()
    install_portal(app, portal)
    c = TestClient(app)
    assert c.get("/api/portal/me", auth=("buyer", PASSWORD)).json()["role"] == "buyer"
    bad = [
        {"title": "", "text": "x", "deadline": TOMORROW},
        {"title": "T", "text": "x", "deadline": "2000-01-01"},
        {"title": "T", "text": "x", "deadline": TOMORROW, "visibility": "secret"},
        {"title": "T", "text": "x", "deadline": TOMORROW, "extra": 1},
        {"title": "T", "text": "x" * 20_001, "deadline": TOMORROW},
    ]
    for body in bad:
        assert c.post("/api/demands", json=body, auth=("buyer", PASSWORD)).status_code == 422, body
    for patch in ({"deadline": "2000-01-01"}, {"status": "won"}, {"buyer_id": 1}):
        r = c.patch(f"/api/demands/{ids['d1']}", json=patch, auth=("buyer", PASSWORD))
        assert r.status_code == 422, patch
    assert (
        c.patch(
            f"/api/portal/firms/{F1}", json={"website": "javascript:alert(1)"}, auth=("firm", PASSWORD)
        ).status_code
        == 422
    )
    assert (
        c.patch(f"/api/portal/firms/{F1}", json={"defence_opt_in": None}, auth=("firm", PASSWORD)).status_code
        == 422
    )
    assert c.get("/api/portal/firms/123", auth=("analyst", PASSWORD)).status_code == 422
    assert c.get("/api/demands/99999", auth=("analyst", PASSWORD)).status_code == 404
    assert c.get(f"/api/demands/{ids['d1']}", auth=("analyst", "wrong password")).status_code == 401


# -- concurrency ----------------------------------------------------------------------------------------------
def test_concurrent_firm_updates_and_demands_lose_nothing(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    n_firms, rounds, n_demands = 20, 4, 10
    firms = [
        Principal(
            portal.create_account(analyst, f"f{i}", "firm", kvk_number=f"2{i:07d}")[0]["id"],
            f"f{i}",
            "firm",
            f"2{i:07d}",
        )
        for i in range(n_firms)
    ]
    buyer_account, _ = portal.create_account(analyst, "buyer", "buyer")
    buyer = Principal(buyer_account["id"], "buyer", "buyer")
    before = len(portal.audit(analyst, limit=10_000))
    errors: list[BaseException] = []
    start = threading.Barrier(n_firms + 1)

    def firm_work(f: Principal) -> None:
        try:
            start.wait()
            for r in range(rounds):
                portal.update_profile(
                    f, f.kvk_number, {"website": f"https://{f.name}.test/{r}", "defence_opt_in": r % 2 == 0}
                )
                portal.add_capability(f, f.kvk_number, f"cap-{r}")
                portal.add_certificate(
                    f,
                    f.kvk_number,
                    {
                        "standard": "ISO 9001",
                        "number": f"{f.name}-{r}",
                        "issuer": "x",
                        "expires_on": dt.date(2099, 1, 1),
                    },
                )
        except BaseException as exc:  # reported below
            errors.append(exc)

    def buyer_work() -> None:
        try:
            start.wait()
            for i in range(n_demands):
                portal.post_demand(
                    buyer, {"title": f"D{i}", "text": "x", "deadline": dt.date.today(), "visibility": "open"}
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=firm_work, args=(f,)) for f in firms] + [
        threading.Thread(target=buyer_work)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    for f in firms:
        view = portal.firm(analyst, f.kvk_number)
        assert view["profile"]["website"] == f"https://{f.name}.test/{rounds - 1}"
        assert [c["capability"] for c in view["capabilities"]] == [f"cap-{r}" for r in range(rounds)]
        assert sorted(c["number"] for c in view["certificates"]) == [f"{f.name}-{r}" for r in range(rounds)]
    assert len(portal.demands(buyer)) == n_demands
    audit = portal.audit(analyst, limit=10_000)[: len(portal.audit(analyst, limit=10_000)) - before]
    counts: dict[str, int] = {}
    for e in audit:
        counts[e["action"]] = counts.get(e["action"], 0) + 1
    per_firm = n_firms * rounds
    assert counts == {
        "profile.update": per_firm,
        "capability.add": per_firm,
        "certificate.add": per_firm,
        "demand.create": n_demands,
    }
    for f in firms:  # each firm's profile history is complete and in order
        mine = [
            e for e in reversed(audit) if e["action"] == "profile.update" and e["entity_id"] == f.kvk_number
        ]
        assert [e["new_value"]["website"] for e in mine] == [
            f"https://{f.name}.test/{r}" for r in range(rounds)
        ]
        assert [e["old_value"] and e["old_value"]["website"] for e in mine[1:]] == [
            f"https://{f.name}.test/{r}" for r in range(rounds - 1)
        ]


# -- in the dashboard app -----------------------------------------------------------------------------------
def test_portal_is_in_the_dashboard_app_and_its_openapi(tmp_path: Path, cheap_hashes: None) -> None:  # noqa: F811
    from ketenradar.web.app import create_app
    from ketenradar.web.auth import UserFile
    from review_support import HashEmbedder
    from web_store import make_store

    store = make_store(tmp_path / "k.duckdb", 12, HashEmbedder(), xss_firm=False)
    users = tmp_path / "users.json"
    UserFile(users).add("viewer1", PASSWORD, "viewer")
    app = create_app(store, users_file=users, embedder=HashEmbedder())
    with TestClient(app) as c:
        assert c.get("/openapi.json").status_code == 401  # dashboard sign-in still guards the rest
        assert c.get("/api/demands").status_code == 401  # the portal refuses anonymous calls itself
        schema = c.get("/openapi.json", auth=("viewer1", PASSWORD)).json()
        assert "/api/demands" in schema["paths"] and "/api/portal/firms/{kvk_number}" in schema["paths"]
        p: Portal = app.state.portal()
        p.bootstrap_analyst("ana", PASSWORD)
        assert c.get("/api/portal/me", auth=("ana", PASSWORD)).json()["role"] == "analyst"
        # A firm sees itself as the analytic store sees it, and no other firm.
        ana = p.authenticate("ana", PASSWORD)
        _account(p, ana, "firm3", "firm", "10000003")
        seen = c.get("/api/portal/firms/10000003/as-seen", auth=("firm3", PASSWORD))
        assert seen.status_code == 200, seen.text
        assert seen.json()["registry"]["kvk_number"] == "10000003"
        assert any(i["evidence"] for i in seen.json()["indicators"])
        assert c.get("/api/portal/firms/10000004/as-seen", auth=("firm3", PASSWORD)).status_code == 403
        assert c.get("/api/portal/firms/99999999/as-seen", auth=("ana", PASSWORD)).status_code == 404
    assert (tmp_path / "k-portal.sqlite").exists()


def test_cli_creates_the_first_analyst_beside_the_store(tmp_path: Path, cheap_hashes: None) -> None:  # noqa: F811
    from typer.testing import CliRunner

    from ketenradar.cli import app

    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[store]\npath = "{tmp_path / "k.duckdb"}"\n')
    runner = CliRunner()
    r = runner.invoke(
        app, ["--config", str(cfg), "portal", "analyst", "ana", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert r.exit_code == 0, r.output
    again = runner.invoke(
        app, ["--config", str(cfg), "portal", "analyst", "ana", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert again.exit_code != 0 and "exists" in again.output
    listed = runner.invoke(app, ["--config", str(cfg), "portal", "accounts"])
    assert listed.output.split() == ["ana", "analyst", "active"]
    store = PortalStore(default_url(tmp_path / "k.duckdb"))
    assert Portal(store).authenticate("ana", PASSWORD) is not None
    store.close()
    no_smtp = runner.invoke(app, ["--config", str(cfg), "portal", "send-mail"])
    assert no_smtp.exit_code != 0 and "smtp_host" in no_smtp.output
    from web_support import free_port

    cfg.write_text(cfg.read_text() + f'[portal]\nsmtp_host = "127.0.0.1"\nsmtp_port = {free_port()}\n')
    down = runner.invoke(app, ["--config", str(cfg), "portal", "send-mail"])
    assert down.exit_code == 0 and "sent 0" in down.output  # nothing waiting: no connection needed


def test_sqlite_readers_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    store = PortalStore("sqlite:///" + str(tmp_path / "p.sqlite"))
    with store.transaction() as w:
        w.execute(
            text(
                "INSERT INTO portal_audit (at, actor, action, entity, entity_id) VALUES (CURRENT_TIMESTAMP, 'a', 'x', 'e', '1')"
            )
        )
        w.flush()
        with store.session() as r:  # a reader while the write lock is held: sees the last commit at once
            assert r.execute(text("SELECT count(*) FROM portal_audit")).scalar() == 0
        import sqlite3

        conn = sqlite3.connect(str(tmp_path / "p.sqlite"), timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):  # a second writer has to wait
            conn.execute("BEGIN IMMEDIATE")
        conn.close()
    store.close()


def _csrf(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_pages_firm_keeps_its_profile_and_buyer_posts_a_demand(portal: Portal) -> None:  # noqa: F811
    _setup_world(portal)
    app = FastAPI()
    install_portal(app, portal)
    firm = TestClient(app, cookies={"lang": "en"})
    assert firm.get("/portal/firm", follow_redirects=False).headers["location"] == "/portal/login"
    bad = firm.post("/portal/login", data={"name": "firm", "password": "wrong password"})
    assert bad.status_code == 401 and "wrong password" in bad.text
    page = firm.post("/portal/login", data={"name": "firm", "password": PASSWORD})
    assert page.status_code == 200 and "KvK 10000001" in page.text  # redirected to /portal/firm
    token = _csrf(page.text)
    form = {"website": "https://firm.test/", "contact_name": "A. de Vries", "defence_opt_in": "1"}
    assert firm.post("/portal/firm/profile", data=form).status_code == 403  # no CSRF token
    page = firm.post("/portal/firm/profile", data={**form, "csrf_token": token})
    assert "https://firm.test/" in page.text and "self-declared by firm" in page.text
    page = firm.post(
        "/portal/firm/capabilities", data={"capability": "<script>x</script>", "csrf_token": token}
    )
    assert "<script>x" not in page.text and "&lt;script&gt;x" in page.text
    cert = {
        "standard": "AQAP 2110",
        "number": "N1",
        "issuer": "B",
        "expires_on": "2099-01-01",
        "csrf_token": token,
    }
    page = firm.post("/portal/firm/certificates", data=cert)
    assert "self-declared, not verified" in page.text
    bad = firm.post("/portal/firm/certificates", data={**cert, "evidence_url": "javascript:alert(1)"})
    assert bad.status_code == 422 and "evidence_url" in bad.text
    assert (
        firm.post(
            "/portal/demands", data={"title": "x", "text": "y", "deadline": TOMORROW, "csrf_token": token}
        ).status_code
        == 403
    )

    buyer = TestClient(app, cookies={"lang": "en"})
    page = buyer.post("/portal/login", data={"name": "buyer", "password": PASSWORD})
    assert "Post a demand" in page.text
    assert buyer.get("/portal/firm").status_code == 403
    demand = {"title": "Armoured hinges", "text": "200 per month", "deadline": TOMORROW, "visibility": "open"}
    page = buyer.post("/portal/demands", data={**demand, "csrf_token": _csrf(page.text)})
    assert "Armoured hinges" in page.text
    assert "Armoured hinges" in firm.get("/portal/demands").text  # opted in: sees open demands
    actions = {e["action"] for e in portal.audit(portal.authenticate("analyst", PASSWORD))}
    assert {"profile.update", "capability.add", "certificate.add", "demand.create"} <= actions


def test_outbox_is_sent_by_smtp_to_a_local_server_once(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from ketenradar.portal.mail import SmtpSettings, send_outbox
    from web_support import free_port

    received: list[tuple[list[str], bytes]] = []

    class Collect(Sink):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            received.append((list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            if address.startswith("reject"):
                return "550 no such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    portal.create_account(analyst, "buyer1", "buyer", email="buyer1@example.test")
    portal.create_account(analyst, "firm1", "firm", kvk_number=F1)  # no e-mail address: stays unsent
    portal.create_account(analyst, "buyer2", "buyer", email="reject@example.test")
    port = free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = SmtpSettings(host="127.0.0.1", port=port, sender="portal@example.test")
        first = send_outbox(portal, settings)
        again = send_outbox(portal, settings)
    finally:
        controller.stop()
    assert (first.sent, first.no_address, first.failed) == (1, 1, 1)
    assert (again.sent, again.failed) == (0, 1)  # the refused one is tried again, the sent one is not
    assert [r[0] for r in received] == [["buyer1@example.test"]] and b"invitation" in received[0][1]
    with portal.store.engine.connect() as conn:
        attempts, error = conn.execute(
            text(
                "SELECT o.attempts, o.last_error FROM portal_outbox o JOIN portal_account a ON a.id = o.account_id WHERE a.name = 'buyer2'"
            )
        ).one()
    assert attempts == 2 and "550" in error


def test_outbox_sender_thread_mails_while_serving(portal: Portal, analyst: Principal) -> None:  # noqa: F811
    import time

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from ketenradar.portal.mail import OutboxSender, SmtpSettings
    from web_support import free_port

    received: list[bytes] = []

    class Collect(Sink):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            received.append(envelope.content)
            return "250 OK"

    port = free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    sender = OutboxSender(lambda: portal, SmtpSettings("127.0.0.1", port, timeout=5), interval=0.2).start()
    try:
        portal.create_account(analyst, "buyer1", "buyer", email="buyer1@example.test")
        deadline = time.time() + 20
        while not received and time.time() < deadline:
            time.sleep(0.1)
    finally:
        sender.stop()
        controller.stop()
    assert len(received) == 1 and b"invitation" in received[0]
    # No SMTP server: the sender keeps running, remembers the error, and the message stays queued.
    portal.create_account(analyst, "buyer2", "buyer", email="buyer2@example.test")
    nowhere = SmtpSettings("127.0.0.1", free_port(), timeout=2)
    down = OutboxSender(lambda: portal, nowhere, interval=0.1).start()
    deadline = time.time() + 10
    while down.last_error is None and time.time() < deadline:
        time.sleep(0.1)
    down.stop()
    assert down.last_error is not None
    assert [m["sent"] for m in portal.outbox(analyst) if m["kind"] == "invitation"] == [False, True]
