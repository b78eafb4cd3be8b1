"""`ketenradar crawl --refresh`: conditional requests, page versions, and only what changed processed
again by extract, indicators and embed."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawl_fixtures import SiteServer, crawl_config, insert_firms
from ketenradar.crawl import stage
from ketenradar.crawl.history import mentions, site_changes
from ketenradar.errors import InputError
from ketenradar.stage import StageContext
from ketenradar.store import Store

N_SITES = 5
TOPICS = ["over-ons", "producten", "machinepark", "kwaliteit"]


def page(title: str, body: str, footer: str = "") -> bytes:
    """A page without the fixtures' shared menu: links are exactly those in `body`."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<main>{body}</main><footer><p>{footer}</p></footer></body></html>"
    ).encode()


def _world() -> tuple[dict, list[dict]]:
    sites, firms = {}, []
    for i in range(N_SITES):
        kvk = f"5000000{i}"
        footer = f"Firma {i} B.V. | KvK {kvk} | 1234 AB Ergens"
        links = "".join(f"<a href='/{t}'>{t}</a> " for t in TOPICS)
        pages = {"/": page(f"Firma {i}", f"<h1>Firma {i}</h1><p>Metaalbewerking. {links}</p>", footer)}
        for topic in TOPICS:
            text = f"Bij firma {i} over {topic}: " + f"wij frezen en draaien onderdelen ({topic}). " * 6
            pages[f"/{topic}"] = page(topic, f"<h1>{topic}</h1><p>{text}</p>", footer)
        sites[f"www.firma{i}.nl"] = pages
        firms.append({"kvk_number": kvk, "name": f"Firma {i} B.V.", "website": f"https://www.firma{i}.nl/"})
    return sites, firms


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory):
    from ketenradar.config import Config
    from ketenradar.embed import stage as embed
    from ketenradar.extract import stage as extract
    from ketenradar.indicators import stage as indicators

    sites, firms = _world()
    path = tmp_path_factory.mktemp("refresh") / "s.duckdb"
    out: dict = {}
    with SiteServer(sites) as server, Store(path) as store:
        insert_firms(store, firms)
        config = crawl_config(server)
        config.embed.model = "tfidf"
        out["crawl"] = stage.run(store, config, StageContext(run_id="c1", quiet=True))
        out["extract"] = extract.run(store, config, StageContext(run_id="x1", quiet=True))
        out["indicators"] = indicators.run(store, config, StageContext(run_id="i1", quiet=True))
        out["embed"] = embed.run(store, config, StageContext(run_id="e1", quiet=True))
        out["versions_before"] = store.count("page_versions")
        footer = "Firma 1 B.V. | KvK 50000001 | 1234 AB Ergens"
        # Site 1 now mentions a certificate; site 2 drops its machine park page (and the link to it).
        sites["www.firma1.nl"]["/kwaliteit"] = page(
            "kwaliteit", "<h1>kwaliteit</h1><p>Wij zijn AQAP 2110 en ISO 9001 gecertificeerd.</p>" * 3, footer
        )
        links = "".join(f"<a href='/{t}'>{t}</a> " for t in TOPICS if t != "machinepark")
        sites["www.firma2.nl"]["/"] = page("Firma 2", f"<h1>Firma 2</h1><p>Metaalbewerking. {links}</p>")
        del sites["www.firma2.nl"]["/machinepark"]
        before = len(server.log)
        out["refresh_started"] = datetime.now()
        out["not_recent"] = stage.run(
            store, config, StageContext(run_id="c2", quiet=True), refresh=True, older_than="90d"
        )
        out["refresh"] = stage.run(store, config, StageContext(run_id="c3", quiet=True), refresh=True)
        out["served"] = server.log[before:]
        out["not_modified"] = list(server.not_modified)
        out["extract2"] = extract.run(store, config, StageContext(run_id="x2", quiet=True))
        out["indicators2"] = indicators.run(store, Config(), StageContext(run_id="i2", quiet=True))
        out["embed2"] = embed.run(store, config, StageContext(run_id="e2", quiet=True))
        out["versions"] = store.df("SELECT kvk_number, url, first_seen, superseded_at FROM page_versions")
        out["pages"] = store.df("SELECT kvk_number, url, fetched_at, checked_at FROM pages")
        out["mentions"] = mentions(store, "50000001", r"AQAP\s*2110")
        out["site_changes"] = site_changes(store, out["refresh_started"])
        out["sites"] = store.df("SELECT kvk_number, status FROM sites")
        out["texts"] = store.fetchall("SELECT url FROM page_texts WHERE kvk_number = '50000002'")
    return out


def test_sites_checked_recently_are_not_refreshed_with_older_than(refreshed):
    assert refreshed["not_recent"].counts["sites_refreshed"] == 0
    assert refreshed["not_recent"].counts["sites_to_crawl"] == 0


def test_refresh_uses_conditional_requests(refreshed):
    counts = refreshed["refresh"].counts
    assert counts["sites_refreshed"] == N_SITES
    assert counts["sites_ok"] == N_SITES
    # 5 sites x 5 pages: site 1 changed one page, site 2 changed its home page and lost one page
    assert counts["pages_changed"] == 2
    assert counts["pages_gone"] == 1
    assert counts["pages_unchanged"] == 5 * 5 - 2 - 1
    assert counts["sites_changed"] == 2
    assert len(refreshed["not_modified"]) == counts["pages_unchanged"]  # answered 304, no body sent


def test_old_versions_are_kept_and_show_when_a_mention_began(refreshed):
    versions = refreshed["versions"]
    assert sorted(zip(versions["kvk_number"], versions["url"], strict=True)) == [
        ("50000001", "https://www.firma1.nl/kwaliteit"),
        ("50000002", "https://www.firma2.nl/"),
        ("50000002", "https://www.firma2.nl/machinepark"),
    ]
    assert refreshed["versions_before"] == 0
    pages = refreshed["pages"]
    assert "https://www.firma2.nl/machinepark" not in set(pages["url"])
    found = refreshed["mentions"]
    assert [m["url"] for m in found] == ["https://www.firma1.nl/kwaliteit"]
    assert found[0]["first_seen"] > versions["first_seen"].min()  # after the first crawl, not before
    assert found[0]["current"]


def test_site_changes_since_a_moment_say_which_firms_sites_changed(refreshed):
    assert refreshed["site_changes"] == {
        "50000001": [{"url": "https://www.firma1.nl/kwaliteit", "change": "changed"}],
        "50000002": [
            {"url": "https://www.firma2.nl/", "change": "changed"},
            {"url": "https://www.firma2.nl/machinepark", "change": "gone"},
        ],
    }


def test_extract_indicators_and_embed_process_only_what_changed(refreshed):
    assert refreshed["extract"].counts["pages_extracted"] == N_SITES * 5
    assert refreshed["extract2"].counts["pages_extracted"] == 2
    assert refreshed["extract2"].counts["page_texts_removed"] == 1
    assert "https://www.firma2.nl/machinepark" not in {u for (u,) in refreshed["texts"]}
    assert refreshed["extract2"].counts["documents_written"] == 2
    assert refreshed["extract2"].counts["documents_kept"] == N_SITES - 2
    assert refreshed["indicators2"].counts["skipped_unchanged"] == N_SITES - 2
    assert refreshed["embed2"].counts["skipped_unchanged"] == N_SITES - 2
    assert refreshed["embed2"].counts["firms_embedded"] == 2


def test_older_than_needs_refresh_and_a_valid_age(tmp_path: Path):
    from ketenradar.config import Config

    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(InputError, match="--refresh"):
            stage.run(store, Config(), StageContext(run_id="r", quiet=True), older_than="90d")
        with pytest.raises(InputError, match="older-than"):
            stage.run(store, Config(), StageContext(run_id="r", quiet=True), refresh=True, older_than="soon")
    assert stage.parse_age("90d").days == 90 and stage.parse_age("2w").days == 14
    assert stage.parse_age("12h").total_seconds() == 12 * 3600


def test_an_interrupted_refresh_resumes_without_the_http_cache(tmp_path: Path):
    """A refreshed site left pending is crawled again from the server, not from Scrapy's cache."""
    sites, firms = _world()
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms[:1])
        config = crawl_config(server, http_cache=True)
        stage.run(store, config, StageContext(run_id="c1", quiet=True))
        sites["www.firma0.nl"]["/producten"] = page(
            "producten", "<p>" + "Nieuw: lasersnijden. " * 20 + "</p>"
        )
        # a refresh interrupted at once: the site is pending, its requests cleared
        stage._reopen(store, "true", None)
        stage.run(store, config, StageContext(run_id="c2", quiet=True))
        body = store.scalar("SELECT body FROM pages WHERE url = 'https://www.firma0.nl/producten'")
        links = json.loads(store.scalar("SELECT links FROM pages WHERE url = 'https://www.firma0.nl/'"))
    assert b"lasersnijden" in bytes(body)
    assert any(u.endswith("/producten") for u, _ in links)


def test_pages_the_sitemap_says_are_unchanged_are_not_requested_again(tmp_path: Path):
    from datetime import datetime, timedelta

    sites, firms = _world()
    host = "www.firma0.nl"

    def sitemap(lastmod: dict[str, str]) -> bytes:
        urls = "".join(
            f"<url><loc>https://{host}/{t}</loc><lastmod>{lastmod.get(t, '2020-01-01')}</lastmod></url>"
            for t in TOPICS
        )
        return f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode()

    sites[host]["/sitemap.xml"] = sitemap({})
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms[:1])
        config = crawl_config(server)
        stage.run(store, config, StageContext(run_id="c1", quiet=True))
        later = (datetime.now().astimezone() + timedelta(minutes=5)).isoformat(timespec="seconds")
        sites[host]["/producten"] = page("producten", "<p>" + "Nieuw: lasersnijden en kanten. " * 10 + "</p>")
        sites[host]["/sitemap.xml"] = sitemap({"producten": later})
        before = len(server.log)
        result = stage.run(store, config, StageContext(run_id="c2", quiet=True), refresh=True)
        fetched = sorted(path for _, h, path in server.log[before:] if h == host)
        body = store.scalar(f"SELECT body FROM pages WHERE url = 'https://{host}/producten'")
    # robots.txt: the copy in the HTTP cache (its rules are the ones obeyed) gives the sitemap's address
    assert fetched == ["/", "/producten", "/sitemap.xml"]
    assert result.counts["pages_skipped_by_sitemap"] == 3
    assert result.counts["pages_changed"] == 1
    assert b"lasersnijden" in bytes(body)


def _sitemap_with_home(host: str, lastmod: dict[str, str]) -> bytes:
    """A CMS-style sitemap: the home page ("") and every topic, each with a <lastmod>."""
    urls = "".join(
        f"<url><loc>https://{host}/{t}</loc><lastmod>{lastmod.get(t, '2020-01-01')}</lastmod></url>"
        for t in ["", *TOPICS]
    )
    return f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>".encode()


def _refresh_with_home_in_sitemap(tmp_path: Path, changed: dict[str, bytes]) -> dict:
    """Crawl one site whose sitemap lists its home page, change `changed` (path -> page) with their
    <lastmod> moved on, refresh; what the refresh asked the server for and what it stored."""
    from datetime import timedelta

    sites, firms = _world()
    host = "www.firma0.nl"
    sites[host]["/sitemap.xml"] = _sitemap_with_home(host, {})
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms[:1])
        config = crawl_config(server)
        stage.run(store, config, StageContext(run_id="c1", quiet=True))
        pages_before = store.scalar("SELECT count(*) FROM pages")
        later = (datetime.now().astimezone() + timedelta(minutes=5)).isoformat(timespec="seconds")
        sites[host].update(changed)
        sites[host]["/sitemap.xml"] = _sitemap_with_home(host, {p.strip("/"): later for p in changed})
        before = len(server.log)
        result = stage.run(store, config, StageContext(run_id="c2", quiet=True), refresh=True)
        return {
            "fetched": sorted(path for _, h, path in server.log[before:] if h == host),
            "result": result,
            "pages_before": pages_before,
            "pages_after": store.scalar("SELECT count(*) FROM pages"),
            "site": store.fetchall("SELECT status, usable, n_pages FROM sites")[0],
            "bodies": {
                url.rsplit("/", 1)[1]: bytes(body)
                for url, body in store.fetchall("SELECT url, body FROM pages WHERE body IS NOT NULL")
            },
        }


def test_an_unchanged_site_whose_sitemap_lists_its_home_page_costs_only_the_sitemap(tmp_path: Path):
    """robots.txt and the sitemap are read first in a refresh; the sitemap vouches for the home page
    too, so only the changed page is fetched besides the sitemap (robots.txt: from the day-old cache)."""
    new = page("producten", "<p>" + "Nieuw: lasersnijden en kanten. " * 10 + "</p>")
    out = _refresh_with_home_in_sitemap(tmp_path, {"/producten": new})
    assert out["fetched"] == ["/producten", "/sitemap.xml"]
    assert out["result"].counts["pages_skipped_by_sitemap"] == 4  # home + 3 unchanged topics
    assert out["result"].counts["pages_changed"] == 1
    # the home page was not fetched, yet it stays stored, its links followed, the site still ok
    assert out["pages_after"] == out["pages_before"]
    assert out["site"][0] == "ok" and out["site"][2] == out["pages_before"]
    assert b"lasersnijden" in out["bodies"]["producten"]


def test_a_changed_home_page_is_fetched_again_in_a_refresh(tmp_path: Path):
    links = "".join(f"<a href='/{t}'>{t}</a> " for t in TOPICS)
    home = page("Firma 0", f"<h1>Firma 0</h1><p>Nu ook AQAP 2110. {links}</p>", "KvK 50000000")
    out = _refresh_with_home_in_sitemap(tmp_path, {"/": home})
    assert out["fetched"] == ["/", "/sitemap.xml"]
    assert out["result"].counts["pages_changed"] == 1
    assert b"AQAP 2110" in out["bodies"][""]


def test_robots_txt_is_cached_for_at_most_a_day():
    """RFC 9309 2.4: a cached robots.txt should not be used for more than 24 hours."""
    from ketenradar.config import Config
    from ketenradar.crawl.settings import crawl_settings

    settings = crawl_settings(Config().crawl, allow_hosts={}, work_dir=Path("/tmp/x"))
    assert settings["ROBOTSTXT_OBEY"] and settings["HTTPCACHE_ENABLED"]
    assert 0 < settings["HTTPCACHE_EXPIRATION_SECS"] <= 24 * 3600


def test_a_home_page_that_now_redirects_to_another_host_is_crawled_there(tmp_path: Path):
    """A refresh reads robots.txt and the sitemap of the old host first; when the home page now ends on
    another host, that host's robots.txt and sitemap are read and its pages crawled, as a first crawl
    would, and the old host's pages leave `pages` (kept in `page_versions`)."""
    sites, firms = _world()
    old, new = "www.firma0.nl", "www.firma0-metaal.nl"
    sites[old]["/sitemap.xml"] = _sitemap_with_home(old, {})
    sites[new] = {path: body for path, body in sites[old].items() if path != "/sitemap.xml"}
    sites[new]["/sitemap.xml"] = _sitemap_with_home(new, {})
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms[:1])
        config = crawl_config(server)
        stage.run(store, config, StageContext(run_id="c1", quiet=True))
        for path in list(sites[old]):  # the firm moved: every old address redirects to the new host
            sites[old][path] = (301, {"Location": f"https://{new}{path}"}, b"")
        before = len(server.log)
        stage.run(store, config, StageContext(run_id="c2", quiet=True), refresh=True)
        served = server.log[before:]
        final_url, status = store.fetchall("SELECT final_url, status FROM sites")[0]
        urls = {r[0] for r in store.fetchall("SELECT url FROM pages")}
    assert (final_url, status) == (f"https://{new}/", "ok")
    assert "/" in [p for _, h, p in served if h == old]
    assert {"/robots.txt", "/sitemap.xml", "/", "/producten"} <= {p for _, h, p in served if h == new}
    assert f"https://{new}/producten" in urls and not any(old in u for u in urls)
