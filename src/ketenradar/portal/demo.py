"""Demo accounts in the demo's portal store, so that `make demo` can be tried in every role.

`seed_demo_accounts` creates (once) an analyst, a buyer and firm accounts for a few demo firms, three
of them opted in to defence-related demand and one not (so the buyer's filter shows), and gives every
demo account a **new random password on every call**: nothing fixed, nothing reused outside the demo.
`ketenradar demo` calls it after the pipeline and prints the accounts (`sign_in_text`).

Accounts are made the way an analyst makes them (an invitation, accepted with a password), so the
audit log and the outbox read as they would in real use.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ketenradar.config import Config
from ketenradar.model import portal as portal_model
from ketenradar.portal.models import Account
from ketenradar.portal.service import Portal, Principal, _hash_password
from ketenradar.portal.store import PortalStore

DEMO_ANALYST = "demo-analyst"
DEMO_BUYER = "demo-buyer"
DEMO_FIRM_PREFIX = "demo-firm-"
DEMO_FIRMS = 4
DEMO_OPTED_IN = 3
DEMO_PASSWORD_BYTES = 12  # token_urlsafe(12): 16 characters, 96 random bits


@dataclass(frozen=True)
class DemoAccount:
    name: str
    role: str
    password: str
    kvk_number: str | None = None
    firm_name: str | None = None
    opted_in: bool = False


def pick_demo_firms(db: Any, n: int = DEMO_FIRMS) -> list[tuple[str, str]]:
    """(KvK number, name) of `n` demo firms a buyer's demand is likely to fit: the best-scored firms of
    categories C and A of the latest score run (C first: the firms the tool is for), by KvK number
    when nothing is scored."""
    from ketenradar.model import firms as firms_model
    from ketenradar.model import scores

    frame = firms_model.with_scores(db, scores.latest_run(db))
    if frame.empty:
        return []
    rank = {"C": 0, "A": 1, "D": 2, "B": 3}
    frame = frame.assign(
        _rank=frame["category"].map(lambda c: rank.get(c, 9)),
        _score=frame[["a_score", "b_score"]].max(axis=1).fillna(0.0),
    ).sort_values(["_rank", "_score", "kvk_number"], ascending=[True, False, True], kind="stable")
    return [(str(k), str(n_)) for k, n_ in zip(frame["kvk_number"], frame["name"], strict=True)][:n]


def _password() -> str:
    return secrets.token_urlsafe(DEMO_PASSWORD_BYTES)


def _set_password(portal: Portal, name: str, password: str) -> None:
    with portal.store.transaction() as s:
        a = s.scalar(select(Account).where(Account.name == name))
        assert a is not None
        a.password_hash = _hash_password(password)
        a.active = True
        Portal._audit(s, "demo", "account.password_reset", "account", name, None, {"password": "set"})


def seed_demo_accounts(config: Config, db: Any) -> list[DemoAccount]:
    """Create the demo accounts in the portal store of `config` (the demo store's) and set a new random
    password on each; `db` is the demo's DuckDB store (to pick the firms). Returns the accounts with
    their passwords, analyst first."""
    store = PortalStore(portal_model.portal_url(config))
    portal = Portal(store)
    try:
        with store.session() as s:
            existing = {a.name: a for a in s.scalars(select(Account))}
        out: list[DemoAccount] = []
        password = _password()
        if DEMO_ANALYST in existing:
            _set_password(portal, DEMO_ANALYST, password)
        else:
            portal.bootstrap_analyst(
                DEMO_ANALYST, password, display_name="Demo analyst (branch organisation)"
            )
        out.append(DemoAccount(DEMO_ANALYST, "analyst", password))
        analyst = portal.authenticate(DEMO_ANALYST, password)
        assert analyst is not None

        def account(name: str, role: str, display: str, kvk: str | None) -> tuple[str, bool]:
            password = _password()
            if name in existing:
                _set_password(portal, name, password)
                return password, False
            _, token = portal.create_account(analyst, name, role, display_name=display, kvk_number=kvk)
            portal.accept_invitation(token, password)
            return password, True

        buyer_password, _ = account(DEMO_BUYER, "buyer", "Demo buyer (Defence procurement)", None)
        out.append(DemoAccount(DEMO_BUYER, "buyer", buyer_password))
        for i, (kvk, name) in enumerate(pick_demo_firms(db)):
            login = f"{DEMO_FIRM_PREFIX}{kvk}"
            firm_password, created = account(login, "firm", name, kvk)
            opted_in = i < DEMO_OPTED_IN
            if created:
                me = portal.authenticate(login, firm_password)
                assert isinstance(me, Principal)
                portal.update_profile(me, kvk, {"defence_opt_in": opted_in})
            else:
                profile = portal.firm(analyst, kvk)["profile"]
                opted_in = bool(profile and profile["defence_opt_in"])
            out.append(DemoAccount(login, "firm", firm_password, kvk, name, opted_in))
        return out
    finally:
        store.close()


def sign_in_text(accounts: list[DemoAccount], config: Config, db_path: str) -> str:
    """How to sign in as each demo account, for the end of `ketenradar demo`."""
    host = config.serve.host if config.serve.host not in ("0.0.0.0", "::") else "127.0.0.1"
    lines = [
        "",
        "Portal demo accounts (new random passwords on every `make demo`; for the demo only):",
        f"  start:   .venv/bin/ketenradar --db {db_path} serve",
        f"  sign in: http://{host}:{config.serve.port}/login",
        "",
        f"  {'role':<8} {'user name':<22} {'password':<18} firm",
    ]
    for a in accounts:
        firm = ""
        if a.kvk_number:
            firm = f"{a.firm_name} (KvK {a.kvk_number}, {'opted in' if a.opted_in else 'not opted in'})"
        lines.append(f"  {a.role:<8} {a.name:<22} {a.password:<18} {firm}".rstrip())
    return "\n".join(lines)
