"""The demo server: routing by Host header on 127.0.0.1 and every noise case, over real HTTP(S)."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from ketenradar.demo.generate import generate_world
from ketenradar.demo.server import DemoServer


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("srv") / "world"
    generate_world(out, firms=500, seed=21, quiet=True)
    return out


@pytest.fixture(scope="module")
def server(world: Path):
    with DemoServer(world) as srv:
        yield srv


@pytest.fixture(scope="module")
def sites(world: Path) -> dict:
    return json.loads((world / "sites.json").read_text())


def _pick(sites: dict, mode: str, status: str | None = None) -> tuple[str, dict]:
    for domain, entry in sites.items():
        if mode in entry["modes"] and (status is None or entry["status"] == status):
            return domain, entry
    raise AssertionError(f"no site with mode {mode} in this world")


def _get(server: DemoServer, host: str, path: str = "/", scheme: str = "http") -> httpx.Response:
    port = server.port_map()[scheme]
    # Connect to 127.0.0.1 only; the Host header carries the demo domain.
    return httpx.get(
        f"{scheme}://127.0.0.1:{port}{path}",
        headers={"Host": host},
        verify=False,
        timeout=20,
        follow_redirects=False,
    )


def test_binds_loopback_and_lists_every_host(server: DemoServer, sites: dict) -> None:
    ports = server.port_map()
    assert set(ports) == {"http", "https"} and ports["http"] != ports["https"]
    hosts = server.allow_hosts()
    assert set(hosts.values()) == {"127.0.0.1"}
    for domain, entry in sites.items():
        if entry["status"] == "gone":
            assert domain not in hosts  # dead stale domain: not resolvable
        else:
            assert domain in hosts and all(a in hosts for a in entry["aliases"])
    for srv in server._servers:
        assert srv.server_address[0] == "127.0.0.1"


def test_ok_site_pages_and_trailing_slash(server: DemoServer, sites: dict) -> None:
    domain, entry = next(
        (d, e) for d, e in sites.items() if e["status"] == "ok" and "broken_html" not in e["modes"]
        and (Path(server.sites.root) / d / "contact.html").exists()
    )  # fmt: skip
    scheme = entry["scheme"]
    home = _get(server, domain, "/", scheme)
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    assert entry["kvk_number"] in _get(server, domain, "/contact/", scheme).text
    moved = _get(server, domain, "/contact", scheme)
    assert moved.status_code == 301 and moved.headers["location"].endswith(f"{domain}/contact/")
    assert _get(server, domain, "/bestaat-niet/", scheme).status_code == 404
    assert _get(server, "www.unknown-host.example", "/").status_code == 404


def test_http_to_https_redirect(server: DemoServer, sites: dict) -> None:
    domain, _ = _pick(sites, "redirect_https", "ok")
    r = _get(server, domain, "/over-ons/?x=1")
    assert r.status_code == 301 and r.headers["location"] == f"https://{domain}/over-ons/?x=1"
    assert _get(server, domain, "/", "https").status_code == 200


def test_bare_to_www_redirect(server: DemoServer, sites: dict) -> None:
    domain, entry = _pick(sites, "redirect_www", "ok")
    bare = entry["aliases"][0]
    assert not bare.startswith("www.") and domain == f"www.{bare}"
    r = _get(server, bare, "/", entry["scheme"])
    assert r.status_code == 301 and r.headers["location"] == f"{entry['scheme']}://{domain}/"


def test_unreachable_closes_the_connection(server: DemoServer, sites: dict) -> None:
    domain, _ = _pick(sites, "unreachable")
    for scheme in ("http", "https"):
        with pytest.raises(httpx.TransportError):
            _get(server, domain, "/", scheme)


def test_robots_forbidden(server: DemoServer, sites: dict) -> None:
    domain, entry = _pick(sites, "robots_forbidden")
    robots = _get(server, domain, "/robots.txt", entry["scheme"])
    assert robots.status_code == 200
    assert re.search(r"User-agent: \*\s+Disallow: /\s*$", robots.text)
    ok_domain, ok_entry = _pick(sites, "sitemap", "ok")
    ok_robots = _get(server, ok_domain, "/robots.txt", ok_entry["scheme"]).text
    assert "Disallow: /\n" not in ok_robots and "Sitemap:" in ok_robots
    sitemap = _get(server, ok_domain, "/sitemap.xml", ok_entry["scheme"])
    assert sitemap.status_code == 200 and "<urlset" in sitemap.text


def test_js_only_shell_has_no_text(server: DemoServer, sites: dict) -> None:
    domain, entry = _pick(sites, "js_only")
    body = _get(server, domain, "/", entry["scheme"]).text
    visible = re.sub(r"<script.*?</script>|<noscript>.*?</noscript>|<[^>]+>", " ", body, flags=re.S)
    assert len(visible.split()) == 0
    assert "<script" in body


def test_too_large_home_page(server: DemoServer, sites: dict) -> None:
    domain, entry = _pick(sites, "too_large")
    r = _get(server, domain, "/", entry["scheme"])
    assert r.status_code == 200 and len(r.content) > 5_000_000
    assert int(r.headers["content-length"]) == len(r.content)


def test_parked_domain(server: DemoServer, sites: dict, world: Path) -> None:
    domain, entry = _pick(sites, "parked")
    truth = [json.loads(line) for line in (world / "ground_truth" / "firms.jsonl").read_text().splitlines()]
    firm = next(t for t in truth if t["domain"] == domain)
    assert firm["site_status"] == "parked" and firm["capabilities"] == []
    for path in ("/", "/over-ons/", "/contact"):
        r = _get(server, domain, path, entry["scheme"])
        assert r.status_code == 200 and "te koop" in r.text and firm["kvk_number"] not in r.text


def test_broken_html_is_served(server: DemoServer, sites: dict) -> None:
    domain, entry = _pick(sites, "broken_html")
    r = _get(server, domain, "/", entry["scheme"])
    assert r.status_code == 200 and r.text.count("<p>") > r.text.count("</p>")


def test_moved_stale_domain_redirects(server: DemoServer, sites: dict) -> None:
    domain, entry = _pick(sites, "moved")
    r = _get(server, domain, "/")
    assert r.status_code == 301 and r.headers["location"] == entry["redirect_to"]


def test_serves_many_concurrent_requests(server: DemoServer, sites: dict) -> None:
    ok = [(d, e["scheme"]) for d, e in sites.items() if e["status"] == "ok"][:96]
    with ThreadPoolExecutor(32) as pool:
        codes = list(pool.map(lambda de: _get(server, de[0], "/", de[1]).status_code, ok))
    assert codes == [200] * len(ok)
