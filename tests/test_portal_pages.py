"""The portal's pages (issue 20): every page × role, CSRF on every form, matching both ways, follow-up,
report and GDPR through the pages; on SQLite and PostgreSQL (the `portal` fixture)."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ketenradar.portal import Portal
from ketenradar.portal.api import install_portal
from ketenradar.portal.labels import PORTAL
from ketenradar.portal.matching import DemandMatcher
from portal_support import (  # noqa: F401  (fixtures)
    F1,
    F2,
    PASSWORD,
    TOMORROW,
    _setup_world,
    cheap_hashes,
    portal,
    portal_url,
    postgres_server,
    small_index,
)

ROLES = ("anonymous", "analyst", "buyer", "other_buyer", "firm", "other_firm")
ALL = set(ROLES) - {"anonymous"}
PUBLIC = {("GET", "/portal/login"), ("POST", "/portal/login"), ("GET", "/login"), ("POST", "/login")}
PUBLIC |= {("GET", "/portal/accept"), ("POST", "/portal/accept"), ("POST", "/portal/login-link")}
PUBLIC |= {("GET", "/portal/signin"), ("POST", "/portal/signin")}


def _app(portal: Portal, index: Any) -> FastAPI:  # noqa: F811
    app = FastAPI()
    install_portal(
        app,
        portal,
        analytic=lambda kvk: {
            "registry": {"kvk_number": kvk, "name": "<b>Scraped</b> & Co"},
            "site": None,
            "indicators": [
                {
                    "id": "process.milling",
                    "evidence": [
                        {"sentence": "<script>alert(1)</script> wij frezen", "url": "javascript:alert(1)"},
                        {"sentence": "Wij lassen.", "url": "https://firm.test/lassen"},
                    ],
                }
            ],
        },
        matcher=DemandMatcher(lambda: (index, None)),
    )
    return app


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def _signed_in(app: FastAPI, role: str) -> tuple[TestClient, str]:
    client = TestClient(app, cookies={"lang": "en"})
    if role == "anonymous":
        return client, ""
    page = client.post("/portal/login", data={"name": role, "password": PASSWORD})
    assert page.status_code == 200, page.text[:300]
    return client, _csrf(page.text)


# (method, path, form(role) or None, roles allowed). Signed-in roles not allowed get 403, anonymous is
# sent to /portal/login (303), except on PUBLIC pages.
PAGES: list[tuple[str, str, Any, set[str]]] = [
    ("GET", "/portal", None, ALL),
    ("GET", "/portal/firm", None, {"firm", "other_firm"}),
    (
        "POST",
        "/portal/firm/profile",
        lambda r: {"contact_name": r, "defence_opt_in": "1"},
        {"firm", "other_firm"},
    ),
    (
        "POST",
        "/portal/firm/capabilities",
        lambda r: {"capability": "process.milling"},
        {"firm", "other_firm"},
    ),
    (
        "POST",
        "/portal/firm/capabilities/remove",
        lambda r: {"capability": "cap-firm"},
        {"firm", "other_firm"},
    ),
    (
        "POST",
        "/portal/firm/certificates",
        lambda r: {"standard": "ISO 9001", "number": r, "issuer": "x", "expires_on": "2099-01-01"},
        {"firm", "other_firm"},
    ),
    ("GET", "/portal/firm/contact", None, {"firm", "other_firm"}),
    ("POST", "/portal/firm/contact/delete", lambda r: {}, {"firm", "other_firm"}),
    ("GET", "/portal/demands", None, ALL),
    (
        "POST",
        "/portal/demands",
        lambda r: {"title": "T", "text": "frezen", "deadline": TOMORROW, "visibility": "open"},
        {"buyer", "other_buyer"},
    ),
    ("GET", "/portal/demands/{d1}", None, {"analyst", "buyer", "firm", "other_firm"}),
    ("GET", "/portal/demands/{d2}", None, {"analyst", "buyer"}),
    (
        "POST",
        "/portal/demands/{d1}/response",
        lambda r: {"answer": "interested", "note": r},
        {"firm", "other_firm"},
    ),
    ("POST", "/portal/demands/{d2}/response", lambda r: {"answer": "interested"}, set()),
    ("POST", "/portal/demands/{d1}/invite", lambda r: {"kvk_number": F1}, {"buyer"}),
    ("POST", "/portal/demands/{d1}/put-forward", lambda r: {"kvk_number": F2}, {"analyst"}),
    (
        "POST",
        "/portal/demands/{d1}/steps",
        lambda r: {"kvk_number": F1, "step": "shortlisted"},
        {"analyst", "buyer"},
    ),
    ("POST", "/portal/demands/{d1}/status", lambda r: {"status": "open"}, {"buyer"}),
    ("GET", "/portal/analyst", None, {"analyst"}),
    ("GET", "/portal/analyst/firm?kvk_number=" + F1, None, {"analyst"}),
    ("GET", f"/portal/analyst/firms/{F1}", None, {"analyst"}),
    ("GET", f"/portal/analyst/firms/{F1}/contact", None, {"analyst"}),
    ("POST", f"/portal/analyst/firms/{F1}/contact/delete", lambda r: {}, {"analyst"}),
    ("POST", "/portal/certificates/{cert}/verify", lambda r: {}, {"analyst"}),
    (
        "POST",
        "/portal/analyst/accounts",
        lambda r: {"name": f"new-{r}", "role": "buyer", "display_name": "", "email": "", "kvk_number": ""},
        {"analyst"},
    ),
    ("POST", "/portal/logout", lambda r: {}, ALL),
]


def _template(path: str) -> str:
    path = path.split("?")[0]
    for value, name in ((F1, "{kvk_number}"), (F2, "{kvk_number}")):
        path = path.replace(value, name)
    return (
        path.replace("{d1}", "{demand_id}")
        .replace("{d2}", "{demand_id}")
        .replace("{cert}", "{certificate_id}")
    )


def test_every_page_and_form_for_every_role(portal: Portal, small_index: Any) -> None:  # noqa: F811
    ids = _setup_world(portal)
    app = _app(portal, small_index)
    pages = {
        (method, route.path)
        for route in app.routes
        if getattr(route, "path", "").startswith(("/portal", "/login"))
        for method in getattr(route, "methods", ()) or ()
        if method != "HEAD"
    }
    covered = {(m, _template(p)) for m, p, _, _ in PAGES} | PUBLIC
    assert pages == covered, f"pages without a row: {pages - covered}; rows without a page: {covered - pages}"

    failures = []
    for role in ROLES:
        for method, path, form, allowed in PAGES:
            client, csrf = _signed_in(app, role)  # a fresh session per call: logout is in the matrix too
            url = path.format(**ids)
            data = {**form(role), "csrf_token": csrf} if form else None
            r = client.request(method, url, data=data, follow_redirects=False)
            if role == "anonymous" or (path == "/portal/logout" and role in allowed):
                ok = r.status_code == 303 and r.headers["location"] == "/portal/login"
                want = "303 to /portal/login"
            elif role in allowed:
                ok = r.status_code in (200, 303) and not (
                    r.status_code == 303 and r.headers["location"] == "/portal/login"
                )
                want = "200 or 303"
            else:
                ok, want = r.status_code == 403, "403"
            if not ok:
                failures.append(f"{role} {method} {url}: {r.status_code} (want {want}) {r.text[:160]}")
            if method == "POST" and role in allowed and role != "anonymous":
                # The same form without the session's CSRF token is refused.
                client2, _ = _signed_in(app, role)
                bad = client2.request(method, url, data={**form(role), "csrf_token": "forged"})
                if bad.status_code != 403:
                    failures.append(f"{role} {method} {url} with a forged CSRF token: {bad.status_code}")
    assert not failures, "\n".join(failures)


def test_labels_exist_in_both_languages() -> None:
    assert set(PORTAL["nl"]) == set(PORTAL["en"])


def test_firm_page_shows_the_analytic_view_escaped_and_declarations_with_provenance(
    portal: Portal,  # noqa: F811
    small_index: Any,  # noqa: F811
) -> None:
    _setup_world(portal)
    app = _app(portal, small_index)
    firm, csrf = _signed_in(app, "firm")
    page = firm.get("/portal/firm").text
    assert "&lt;b&gt;Scraped&lt;/b&gt; &amp; Co" in page and "<b>Scraped" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; wij frezen" in page and "<script>alert" not in page
    assert 'href="javascript:' not in page and 'href="https://firm.test/lassen"' in page
    assert "self_declared" in page and "self-declared by firm" in page
    # Remove a capability, declare an expired certificate: it is shown as not counting.
    firm.post("/portal/firm/capabilities/remove", data={"capability": "cap-firm", "csrf_token": csrf})
    page = firm.post(
        "/portal/firm/certificates",
        data={
            "standard": "EN 1090",
            "number": "OLD-1",
            "issuer": "x",
            "expires_on": "2001-01-01",
            "csrf_token": csrf,
        },
    ).text
    assert "cap-firm" not in page and "cap-analyst" in page
    row = re.search(r"OLD-1.*?</tr>", page, re.S).group(0)
    assert "expired, does not count" in row
    dutch = firm.get("/portal/firm?lang=nl").text
    assert "Zo ziet ketenradar uw bedrijf" in dutch and "zelf opgegeven" in dutch


def test_matching_both_ways_filters_to_visible_firms(portal: Portal, small_index: Any) -> None:  # noqa: F811
    ids = _setup_world(portal)  # F1 opted in; F2 put forward for d1; no other firm is visible to buyers
    matcher = DemandMatcher(lambda: (small_index, None))
    analyst = portal.authenticate("analyst", PASSWORD)
    buyer = portal.authenticate("buyer", PASSWORD)
    other = portal.authenticate("other_buyer", PASSWORD)
    firm = portal.authenticate("firm", PASSWORD)
    assert analyst and buyer and other and firm
    d1 = portal.demand(buyer, ids["d1"])
    everyone = {m["kvk_number"] for m in matcher.proposals(d1, None, limit=100)["firms"]}
    assert len(everyone) > 2  # the analyst sees the whole ranking
    mine = {
        m["kvk_number"] for m in matcher.proposals(d1, set(portal.visible_firms(buyer)), limit=100)["firms"]
    }
    assert mine <= {F1, F2} and mine
    theirs = {
        m["kvk_number"] for m in matcher.proposals(d1, set(portal.visible_firms(other)), limit=100)["firms"]
    }
    assert theirs <= {F1}  # F2 was put forward for buyer's demand, not other_buyer's

    app = _app(portal, small_index)
    b, _ = _signed_in(app, "buyer")
    page = b.get(f"/portal/demands/{ids['d1']}").text
    shown = set(re.findall(r'class="proposal" data-kvk="(\d{8})"', page))
    assert shown and shown <= {F1, F2}
    a, _ = _signed_in(app, "analyst")
    page = a.get(f"/portal/demands/{ids['d1']}").text
    assert set(re.findall(r'class="proposal" data-kvk="(\d{8})"', page)) == everyone
    # The firm sees its open demand with its rank and why (one entry per part of the demand).
    fits = b.app  # same app
    f, _ = _signed_in(app, "firm")
    listed = f.get("/api/portal/matches").json()
    assert [d["id"] for d in listed] == [ids["d1"]]  # d2 is invited-only and F1 was not invited
    fit = listed[0]["fit"]
    assert fit["meets_requirements"] and fit["rank"] >= 1 and len(fit["why"]) >= 1
    assert fits is app


def test_follow_up_report_and_gdpr_through_the_pages(portal: Portal, small_index: Any) -> None:  # noqa: F811
    ids = _setup_world(portal)
    app = _app(portal, small_index)
    firm, fcsrf = _signed_in(app, "firm")
    firm.post(
        "/portal/firm/profile",
        data={"contact_name": "Jan Jansen", "defence_opt_in": "1", "csrf_token": fcsrf},
    )
    buyer, bcsrf = _signed_in(app, "buyer")
    d1 = ids["d1"]
    assert (
        buyer.post(f"/portal/demands/{d1}/invite", data={"kvk_number": F1, "csrf_token": bcsrf}).status_code
        == 200
    )
    other, ocsrf = _signed_in(app, "other_firm")
    other.post(
        f"/portal/demands/{d1}/response",
        data={"answer": "not_interested", "note": "full", "csrf_token": ocsrf},
    )
    # Shortlisting a firm that said no is refused with a message on the page.
    refused = buyer.post(
        f"/portal/demands/{d1}/steps", data={"kvk_number": F2, "step": "shortlisted", "csrf_token": bcsrf}
    )
    assert refused.status_code == 422 and "interested" in refused.text
    for step in ("shortlisted", "won"):
        r = buyer.post(
            f"/portal/demands/{d1}/steps", data={"kvk_number": F1, "step": step, "csrf_token": bcsrf}
        )
        assert r.status_code == 200
    follow = {
        f["kvk_number"]: f for f in buyer.get(f"/api/demands/{d1}/follow-up", auth=("buyer", PASSWORD)).json()
    }
    assert follow[F1]["stage"] == "won" and follow[F1]["invited"] and follow[F1]["answer"] == "interested"
    assert follow[F2]["stage"] == "responded" and follow[F2]["put_forward"]

    analyst, acsrf = _signed_in(app, "analyst")
    page = analyst.get("/portal/analyst").text
    report = portal.report(portal.authenticate("analyst", PASSWORD))
    row = next(r for r in report["buyers"] if r["buyer"] == "buyer")
    # d1: F1 invited, F2 put forward, both answered; d2: nobody asked.
    assert (row["demands"], row["firms_asked"], row["answered"], row["response_rate"]) == (2, 2, 2, 1.0)
    assert (row["shortlisted"], row["won"]) == (1, 1) and report["won"][0]["kvk_number"] == F1
    assert "100%" in page and f"{F1} —" in page
    # GDPR: the analyst exports and erases the firm's contact person.
    exported = analyst.get(f"/portal/analyst/firms/{F1}/contact")
    assert exported.headers["content-disposition"].startswith("attachment")
    assert json.loads(exported.text)["contact"]["contact_name"] == "Jan Jansen"
    analyst.post(f"/portal/analyst/firms/{F1}/contact/delete", data={"csrf_token": acsrf})
    assert json.loads(firm.get("/portal/firm/contact").text)["contact"]["contact_name"] is None
    assert "Jan Jansen" not in repr(portal.audit(portal.authenticate("analyst", PASSWORD), limit=10_000))
    # Notifications for the firm: invited, shortlisted, chosen; for the buyer: the responses.
    kinds = [m["kind"] for m in portal.outbox(portal.authenticate("analyst", PASSWORD))]
    assert {"demand.invited", "demand.shortlisted", "demand.won", "demand.response"} <= set(kinds)


def test_invitation_link_sets_a_password_once(portal: Portal, small_index: Any) -> None:  # noqa: F811
    _setup_world(portal)
    app = _app(portal, small_index)
    analyst, csrf = _signed_in(app, "analyst")
    page = analyst.post(
        "/portal/analyst/accounts",
        data={
            "name": "newfirm",
            "role": "firm",
            "kvk_number": "10000005",
            "display_name": "",
            "email": "",
            "csrf_token": csrf,
        },
    ).text
    link = re.search(r'id="invitation-link">([^<]+)<', page).group(1)
    assert "/portal/accept?token=" in link
    path = link.split("testserver", 1)[1]
    guest = TestClient(app, cookies={"lang": "en"})
    form = guest.get(path).text
    token = re.search(r'name="token" value="([^"]+)"', form).group(1)
    assert guest.post("/portal/accept", data={"token": token, "password": "short"}).status_code == 422
    done = guest.post("/portal/accept", data={"token": token, "password": PASSWORD})
    assert done.status_code == 200 and "password is set" in done.text
    assert guest.post("/portal/accept", data={"token": token, "password": PASSWORD}).status_code == 403
    home = guest.post("/login", data={"name": "newfirm", "password": PASSWORD})
    assert home.status_code == 200 and "KvK 10000005" in home.text


def test_sign_in_link_by_mail_works_once(portal: Portal, small_index: Any) -> None:  # noqa: F811
    from sqlalchemy import select, text

    from ketenradar.portal.models import OutboxMessage

    _setup_world(portal)
    analyst = portal.authenticate("analyst", PASSWORD)
    portal.create_account(analyst, "linkfirm", "firm", kvk_number="10000006", email="linkfirm@example.test")
    app = _app(portal, small_index)
    guest = TestClient(app, cookies={"lang": "en"})

    def mails() -> list[str]:
        with portal.store.session() as s:
            return list(s.scalars(select(OutboxMessage.body).where(OutboxMessage.kind == "signin_link")))

    unknown = guest.post("/portal/login-link", data={"name": "nobody"})
    known = guest.post("/portal/login-link", data={"name": "linkfirm"})
    assert unknown.status_code == known.status_code == 200
    assert "If this account has an e-mail address" in unknown.text and "If this account" in known.text
    assert len(mails()) == 1  # only for the account that exists (and has an address)
    path = re.search(r"https?://[^/]+(/portal/signin\?token=\S+)", mails()[0]).group(1)
    form = guest.get(path)
    assert form.status_code == 200 and guest.get("/portal/firm", follow_redirects=False).status_code == 303
    token = re.search(r'name="token" value="([^"]+)"', form.text).group(1)
    home = guest.post("/portal/signin", data={"token": token})
    assert home.status_code == 200 and "KvK 10000006" in home.text  # signed in without a password
    again = TestClient(app).post("/portal/signin", data={"token": token})
    assert again.status_code == 403
    guest.post("/portal/login-link", data={"name": "linkfirm"})
    with portal.store.engine.begin() as conn:
        conn.execute(text("UPDATE portal_signin_link SET expires_at = '2000-01-01 00:00:00'"))
    late = re.search(r"token=(\S+)", mails()[-1]).group(1)
    assert TestClient(app).post("/portal/signin", data={"token": late}).status_code == 403
    actions = [e["action"] for e in portal.audit(analyst)]
    assert actions.count("signin_link.request") == 2 and actions.count("signin_link.use") == 1
