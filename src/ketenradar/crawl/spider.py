"""The site spider: home page, robots.txt sitemaps, then the most relevant pages, per firm.

Each site is a small deterministic state machine. After the home page (redirects followed), the
robots.txt of the final host is read for `Sitemap:` lines (else `/sitemap.xml` is tried), sitemap
URLs and links join a frontier, and pages are fetched in rounds of `concurrent_per_domain`: a round's
URLs are the best unvisited ones by `relevance.score`, chosen only when the previous round is
complete. So the pages chosen depend only on the sites' content, not on timing, and a crawl resumed
from the recorded requests (`replay`) chooses exactly what an uninterrupted crawl would have.

A page's link depth (clicks from the home page, which lowers its links' relevance) travels in the
request meta as `link_depth`: Scrapy's DepthMiddleware owns `meta["depth"]` and overwrites it with
the length of the callback chain, which differs between a live and a replayed round.

Every request outcome becomes an item (`kind`: home | robots | sitemap | page, and `site` when a site
ends); the item pipeline hands them to the parent process, which stores them.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import zlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, StopDownload
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.sitemap import Sitemap

from ketenradar.crawl import relevance
from ketenradar.crawl.cache import READ_ONLY
from ketenradar.crawl.policy import REFUSED
from ketenradar.extract.text import visible_text

PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")
SITEMAP_TYPES = ("xml", "text/plain", "gzip", "octet-stream")
MAX_LINKS_PER_PAGE = 300
MAX_EXTERNAL_DOMAINS = 50
MAX_SITEMAP_URLS = 500
MAX_SITEMAPS = 4
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
DEPTH = "link_depth"  # not "depth": that key belongs to Scrapy's DepthMiddleware

_link_extractor = LinkExtractor(
    deny_extensions=[e for e in IGNORED_EXTENSIONS if e != "pdf"], unique=True, canonicalize=False
)
_SITEMAP_LINE = re.compile(rb"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)


def _unchanged_since(lastmod: str | None, known: dict | None) -> bool:
    """True when a sitemap <lastmod> is before the stored page was fetched (W3C datetime; a bare date
    counts only when it is an earlier day)."""
    if not lastmod or not known or not known.get("fetched_at"):
        return False
    try:
        fetched = datetime.fromisoformat(known["fetched_at"])
        changed = datetime.fromisoformat(lastmod.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    if len(lastmod.strip()) <= 10:  # a date only: same day may still be after our fetch
        return changed.date() < fetched.date()
    if changed.tzinfo is not None:
        changed = changed.astimezone().replace(tzinfo=None)  # fetched_at is local time
    return changed <= fetched


def _gunzip_bounded(data: bytes, limit: int) -> bytes | None:
    """Gunzip at most `limit` bytes; None when the data is corrupt or unpacks to more."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        return None
    return None if len(out) > limit else out


def start_variants(url: str) -> list[str]:
    """The start URLs to try, in order: the listed host first, then its www/bare twin; https before
    http on each. A URL with an explicit port or an IP address is tried as given."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or parts.port is not None or _is_ip(host):
        return [url]
    hosts = [host]
    if host.startswith("www."):
        hosts.append(host[4:])
    elif host.count(".") == 1:  # a registrable domain such as example.nl
        hosts.append("www." + host)
    out: list[str] = []
    for name in hosts:
        for scheme in ("https", "http"):
            variant = urlunsplit((scheme, name, parts.path or "/", parts.query, ""))
            if variant not in out:
                out.append(variant)
    return out


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def host_key(host: str) -> str:
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def url_key(url: str) -> str:
    """Identity of a page for 'already visited': scheme, www and fragment do not matter."""
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{host_key(parts.hostname or '')}{path}" + (f"?{parts.query}" if parts.query else "")


def classify_failure(failure: Any) -> tuple[str, str]:
    """(status for a failed home page, reason) from a Scrapy failure."""
    exc = failure.value
    message = str(exc) or type(exc).__name__
    if isinstance(exc, IgnoreRequest):  # robots.txt, the address policy, or the size limit
        if "DOWNLOAD_MAXSIZE" in message:  # e.g. a gzip bomb: small on the wire, huge unpacked
            return "too_large", "larger than the size limit after decompression"
        if "robots.txt" in message:
            return "robots_forbidden", "robots.txt disallows this URL"
        return "unreachable", message
    if isinstance(exc, DownloadCancelledError):
        return "too_large", "larger than the size limit"
    if REFUSED in message:
        return "unreachable", message[message.index(REFUSED) :]
    return "unreachable", f"{type(exc).__name__}: {message}"[:300]


def batched(out: list[Any]) -> list[Any]:
    """A callback's requests, and its records as one `records` item. A refresh makes up to a dozen
    records per response (pages the sitemap vouches for are not fetched, yet recorded), and each
    Scrapy item costs its passage through the scraper and the pipeline: one item per response."""
    requests = [o for o in out if not isinstance(o, dict)]
    records = [o for o in out if isinstance(o, dict)]
    return requests + ([{"type": "records", "records": records}] if records else [])


@dataclass
class Site:
    kvk: str
    start_url: str
    replay: dict[str, dict]
    hosts: set[str] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)
    frontier: dict[str, tuple[float, int, str]] = field(default_factory=dict)
    """url -> (relevance, link depth, `url_key`) of the links found (the visited leave it each round)."""
    sitemap_queue: list[str] = field(default_factory=list)
    sitemaps_seen: int = 0
    pages: int = 0
    round_left: int = 0
    final_url: str | None = None
    done: bool = False
    variants: list[str] = field(default_factory=list)
    attempts: list[dict[str, str]] = field(default_factory=list)
    variant: str | None = None
    known: dict[str, dict] = field(default_factory=dict)
    """Refresh: url -> {etag, last_modified, links} of the stored page, for conditional requests."""
    refresh: bool = False
    lastmod: dict[str, str] = field(default_factory=dict)
    """url -> <lastmod> from the site's sitemap."""
    home: str | None = None
    """Refresh: the final URL of the home page stored by the last crawl (`home_variant` led to it)."""
    home_variant: str | None = None
    ahead: bool = False
    """Refresh: robots.txt and the sitemaps are read before the home page (see `_open`)."""

    def __post_init__(self) -> None:
        if not self.variants:
            self.variants = start_variants(self.start_url)

    @property
    def slot(self) -> str:
        return host_key(urlsplit(self.start_url).hostname or self.start_url)


class SiteSpider(scrapy.Spider):
    name = "ketenradar-sites"

    def __init__(self, sites: list[dict], max_pages: int = 25, per_round: int = 2, **kwargs: Any):
        super().__init__(**kwargs)
        self.sites = [
            Site(
                kvk=s["kvk_number"],
                start_url=s["start_url"],
                replay=s.get("replay") or {},
                known=s.get("known") or {},
                refresh=bool(s.get("refresh")),
                home=s.get("home"),
                home_variant=s.get("home_variant"),
            )
            for s in sites
        ]
        self.max_pages = max_pages
        self.per_round = max(1, per_round)
        # Sites not opened yet, shared by `start()` and `_open_next()` (a site ending opens the next).
        self._unopened = iter(self.sites)
        self._opening = False
        self._robots: RobotsTxtMiddleware | None | bool = False  # found on first use

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._headers_received, signal=signals.headers_received)
        return spider

    # -- Scrapy entry points ---------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        crawler = getattr(self, "crawler", None)  # None when driven by hand (tests)
        engine = crawler.engine if crawler is not None else None
        for site in self._unopened:
            out = self._open_site(site)
            if engine and engine.needs_backout() and any(isinstance(o, scrapy.Request) for o in out):
                # Open a new site only when the downloader has room and nothing else is queued.
                # Scrapy reads start() eagerly otherwise: every site's home page would wait in the
                # scheduler, and DownloaderAwarePriorityQueue looks at every queued site on each
                # request it hands out, so the crawl would slow down with the number of sites.
                await crawler.signals.wait_for(signals.scheduler_empty)
            for item in batched(out):
                yield item

    def _open_site(self, site: Site) -> list[Any]:
        self._opening = True  # a site that ends at once (all replayed) does not open the next itself
        try:
            site.hosts.add(host_key(urlsplit(site.start_url).hostname or ""))
            return self._open(site)
        finally:
            self._opening = False

    def _open_next(self) -> list[Any]:
        """A site ended: open the next one in its place, from the callback. Scrapy takes one item of
        `start()` per turn of its loop, so sites opened only there open at that rate: too slow when
        sites end after two or three requests, as in a refresh, and the crawl then waits on it with
        the downloader half empty. Sites that end without a request (replayed) are passed over."""
        if self._opening or getattr(self, "crawler", None) is None:
            return []
        out: list[Any] = []
        for site in self._unopened:
            opened = self._open_site(site)
            out.extend(opened)
            if any(isinstance(o, scrapy.Request) for o in opened):
                break
        return out

    def parse(self, response: Response) -> list[Any]:
        # A list, not a generator: Scrapy reads the source of every generator callback it is handed
        # (to warn about `return` values), and its cache of that check keeps missing for bound methods.
        meta = response.meta
        site: Site = meta["site"]
        if (
            response.status == 304
            and meta["kind"] in ("home", "page")
            and response.url not in site.known
            and not meta.get("unconditional")
        ):
            # A redirect carried our validators to an address whose page we do not hold (the site
            # moved): the 304 vouches for nothing we have, so ask that address again without them.
            return [
                response.request.replace(
                    url=response.url,
                    headers={},
                    meta={**meta, "unconditional": True, "redirect_times": 0},
                    dont_filter=True,
                )
            ]
        record = self._record(site, meta, final_url=response.url)
        record["status_code"] = response.status
        ctype = response.headers.get("Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()
        record["content_type"] = ctype or None
        body = response.body
        record["size"] = int(response.headers.get("Content-Length") or len(body) or 0)
        kind = meta["kind"]
        ok = 200 <= response.status < 300
        if kind in ("home", "page"):
            for header, key in ((b"ETag", "etag"), (b"Last-Modified", "last_modified")):
                value = response.headers.get(header)
                record[key] = value.decode("latin-1")[:200] if value else None
        if kind in ("home", "page") and response.status == 304:  # refresh: unchanged since last time
            known = site.known.get(response.url) or site.known.get(meta["request_url"]) or {}
            record["links"] = known.get("links") or []
            record["unchanged"] = True
        elif kind in ("home", "page") and ok and body and ctype.startswith(PAGE_TYPES):
            record["body"] = body
            record["sha256"] = hashlib.sha256(body).hexdigest()
            if not ctype.endswith("pdf"):
                # What the parent judges the site by (parked, enough text, ownership): read here, once,
                # instead of the parent reading every body back from the store and parsing it again.
                record["text"] = visible_text(body)
            if kind == "home":  # the host it ended on is the site's, also when redirected to another domain
                site.hosts.add(host_key(urlsplit(response.url).hostname or ""))
            if isinstance(response, HtmlResponse):
                record["links"], record["external_domains"] = self._links(site, response)
        if kind == "robots":
            self._share_robots(meta["request_url"], body)
        if kind == "robots" and ok:
            record["links"] = [[u.decode("latin-1"), ""] for u in _SITEMAP_LINE.findall(body)][:MAX_SITEMAPS]
        elif kind == "sitemap" and ok:
            record["links"], record["sitemaps"] = self._sitemap_links(site, response)
        return batched([record, *self._handle(site, record)])

    def _share_robots(self, request_url: str, body: bytes) -> None:
        """Hand the robots.txt just fetched to Scrapy's robots.txt middleware, which parses it as it
        would its own download of it. Without this, the middleware fetched the same robots.txt again
        (from the HTTP cache, or the server when the cache is off) for the site's next request: in a
        refresh, which reads robots.txt first, that was a third of the requests a site costs."""
        middleware = self._robots_middleware()
        netloc = urlsplit(request_url).netloc
        if middleware is None or netloc in middleware._parsers:
            return
        middleware._parsers[netloc] = build_from_crawler(middleware._parserimpl, self.crawler, body)

    def _robots_middleware(self) -> RobotsTxtMiddleware | None:
        if self._robots is False:
            crawler = getattr(self, "crawler", None)
            found = None
            if crawler is not None and getattr(crawler, "_engine", None) is not None:
                found = next(
                    (
                        m
                        for m in crawler.engine.downloader.middleware.middlewares
                        if isinstance(m, RobotsTxtMiddleware)
                    ),
                    None,
                )
            self._robots = found
        return self._robots

    def failed(self, failure: Any) -> Iterable[Any]:
        request = failure.request
        site: Site = request.meta["site"]
        record = self._record(site, request.meta, final_url=None)
        record["status"], record["error"] = classify_failure(failure)
        return batched([record, *self._handle(site, record)])

    def _headers_received(self, headers: Any, body_length: int, request: Any, spider: Any) -> None:
        # Stop downloading bodies we would not keep (images, archives, video...).
        kind = request.meta.get("kind")
        ctype = headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if kind in ("home", "page") and ctype and not ctype.startswith(PAGE_TYPES):
            raise StopDownload(fail=False)
        if kind == "sitemap" and ctype and not any(t in ctype for t in SITEMAP_TYPES):
            raise StopDownload(fail=False)

    # -- state machine -----------------------------------------------------------------------------------
    def _record(self, site: Site, meta: dict, final_url: str | None) -> dict:
        return {
            "type": "request",
            "kvk_number": site.kvk,
            "kind": meta["kind"],
            "request_url": meta["request_url"],
            "final_url": final_url,
            "depth": meta[DEPTH],
            "status_code": None,
            "content_type": None,
            "size": None,
            "error": None,
            "status": None,
            "links": [],
            "sitemaps": [],
            "fetched_at": datetime.now().replace(microsecond=0).isoformat(),
        }

    def _open(self, site: Site) -> list[Any]:
        """The site's first request. A refresh of a site whose home page is stored reads robots.txt
        and the sitemaps first: when the sitemap lists the home page with a <lastmod> before it was
        fetched, the home page is not asked for either, so an unchanged site costs robots.txt and its
        sitemap only. Otherwise the home page comes first, and robots.txt of the host it ends on."""
        if not (site.refresh and site.home and site.home in site.known):
            return self._fetch_home(site)
        site.ahead = True
        site.hosts.add(host_key(urlsplit(site.home).hostname or ""))
        out = self._fetch(site, urljoin(site.home, "/robots.txt"), "robots", 0)
        site.visited.add(url_key(site.home))  # the home page is not a sitemap page of the frontier
        return out

    def _home_after_sitemaps(self, site: Site) -> list[Any]:
        """Refresh (`ahead`): the home page, after the sitemaps; not asked for when they vouch for it."""
        home = site.home or ""
        known = site.known.get(home)
        if not _unchanged_since(site.lastmod.get(home), known):
            return self._fetch_home(site)
        meta = {"kind": "home", "request_url": site.home_variant or home, DEPTH: 0}
        record = self._record(site, meta, final_url=home)
        record.update(status_code=304, unchanged=True, by_sitemap=True)
        record["links"] = (known or {}).get("links") or []
        return [record, *self._handle(site, record)]

    def _fetch_home(self, site: Site) -> list[Any]:
        """The next start URL variant (see `start_variants`)."""
        url = site.variants[len(site.attempts)]
        last = len(site.attempts) == len(site.variants) - 1
        # Only the last variant is retried: a failing variant is a reason to try the next one.
        return self._fetch(site, url, "home", 0, retry=last)

    def _fetch(self, site: Site, url: str, kind: str, depth: int, retry: bool = True) -> list[Any]:
        site.visited.add(url_key(url))
        recorded = site.replay.get(url)
        if recorded is not None:  # resumed: use what was stored, fetch nothing
            return self._handle(site, recorded)
        if kind == "page" and site.refresh and _unchanged_since(site.lastmod.get(url), site.known.get(url)):
            # The sitemap says the page has not changed since we fetched it: do not ask again.
            record = self._record(site, {"kind": kind, "request_url": url, DEPTH: depth}, final_url=url)
            record.update(status_code=304, unchanged=True, by_sitemap=True)
            record["links"] = (site.known.get(url) or {}).get("links") or []
            return [record, *self._handle(site, record)]
        meta = {
            "site": site,
            "kind": kind,
            "request_url": url,
            DEPTH: depth,
            "download_slot": site.slot,  # bare and www host share one politeness slot
        }
        if kind == "robots":
            meta["dont_obey_robotstxt"] = True
            if site.refresh:
                # A refresh reads a robots.txt under 24 h old from the cache, but does not write the
                # one it fetches there: that copy would serve only a run within the next 24 h, and a
                # refresh (`--older-than`) does not come back to these sites so soon. Writing it was
                # a file per site, about 5 % of a refresh's worker CPU.
                meta[READ_ONLY] = True
        if not retry:
            meta["dont_retry"] = True
        headers = {}
        if site.refresh and kind != "robots":
            # The HTTP cache would answer for the server. Not for robots.txt: Scrapy's robots.txt
            # middleware has just fetched it (or it is in the cache, at most HTTP_CACHE_HOURS old, the
            # copy whose rules this crawl obeys), so asking the server again would only cost a request.
            meta["dont_cache"] = True
            known = site.known.get(url) if kind in ("home", "page") else None
            if known and known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known and known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        # Finish started sites before opening new ones (a refresh may open a site with robots.txt).
        priority = 0 if kind == "home" or (kind == "robots" and site.ahead and not site.sitemaps_seen) else 10
        return [
            scrapy.Request(
                url,
                callback=self.parse,
                errback=self.failed,
                meta=meta,
                headers=headers or None,
                priority=priority,
                dont_filter=True,
            )
        ]

    def _handle(self, site: Site, record: dict) -> list[Any]:
        kind = record["kind"]
        if record.get("final_url"):
            site.visited.add(url_key(record["final_url"]))
        if kind == "home":
            return self._after_home(site, record)
        if kind == "robots":
            if site.ahead and site.final_url is None and record.get("error"):
                return self._home_after_sitemaps(site)  # no answer at all: the home page decides
            queue = [u for u, _ in record.get("links") or []]
            base = site.final_url or (site.home if site.ahead else None)
            if not queue and base:
                queue = [urljoin(base, "/sitemap.xml")]
            site.sitemap_queue = queue[:MAX_SITEMAPS]
            return self._next_sitemap(site)
        if kind == "sitemap":
            for url, _, *lastmod in record.get("links") or []:
                self._add(site, url, "", 1)
                if lastmod and lastmod[0]:
                    site.lastmod[url.split("#", 1)[0]] = lastmod[0]
            room = MAX_SITEMAPS - site.sitemaps_seen - len(site.sitemap_queue)
            site.sitemap_queue.extend((record.get("sitemaps") or [])[: max(room, 0)])
            return self._next_sitemap(site)
        # a page of the current round
        for url, anchor in record.get("links") or []:
            self._add(site, url, anchor, record["depth"] + 1)
        site.round_left -= 1
        return self._next_round(site) if site.round_left == 0 else []

    def _after_home(self, site: Site, record: dict) -> list[Any]:
        code = record.get("status_code") or 0
        if record.get("error"):
            status, reason = record["status"], record["error"]
        elif not (200 <= code < 300 or code == 304):
            status, reason = "unreachable", f"home page answered HTTP {code}"
        else:
            status, reason = "ok", None
        if status == "unreachable":  # no answer, TLS failure, HTTP error, refused: try the next variant
            site.attempts.append({"url": record["request_url"], "outcome": reason or "failed"})
            if len(site.attempts) < len(site.variants):
                return self._fetch_home(site)
            if len(site.attempts) == 1:
                return self._finish(site, status, reason)
            tried = "; ".join(f"{a['url']}: {a['outcome']}" for a in site.attempts)
            return self._finish(site, status, f"no variant answered ({tried})"[:1000])
        if status != "ok":  # robots_forbidden, too_large: the site answered
            site.variant = record["request_url"]
            return self._finish(site, status, reason)
        site.variant = record["request_url"]
        site.pages = 1
        site.final_url = record["final_url"]
        site.hosts.add(host_key(urlsplit(site.final_url).hostname or ""))
        if site.ahead:
            final_host = host_key(urlsplit(site.final_url).hostname or "")
            if final_host == host_key(urlsplit(site.home or "").hostname or ""):
                for url, anchor in record.get("links") or []:
                    self._add(site, url, anchor, 1)
                return self._next_round(site)  # robots.txt and the sitemaps were read before
            # The home page now ends on another host: forget the old host's sitemap and read the new
            # host's robots.txt and sitemaps, as a first crawl would.
            site.ahead = False
            site.hosts = {host_key(urlsplit(site.start_url).hostname or ""), final_host}
            site.frontier.clear()
            site.lastmod.clear()
            site.visited = {url_key(a["url"]) for a in site.attempts} | {
                url_key(record["request_url"]),
                url_key(site.final_url),
            }
            site.sitemaps_seen = 0
        for url, anchor in record.get("links") or []:
            self._add(site, url, anchor, 1)
        return self._fetch(site, urljoin(site.final_url, "/robots.txt"), "robots", 0)

    def _next_sitemap(self, site: Site) -> list[Any]:
        while site.sitemap_queue and site.sitemaps_seen < MAX_SITEMAPS:
            url = site.sitemap_queue.pop(0)
            if url_key(url) in site.visited or not self._same_site(site, url):
                continue
            site.sitemaps_seen += 1
            return self._fetch(site, url, "sitemap", 0)
        site.sitemap_queue = []
        if site.ahead and site.final_url is None:
            return self._home_after_sitemaps(site)
        return self._next_round(site)

    def _next_round(self, site: Site) -> list[Any]:
        budget = self.max_pages - site.pages
        # Visited URLs leave the frontier for good (`visited` only grows): a refresh walks every
        # round of a site, and re-sorting them each round cost more than the round's requests.
        for url in [u for u, v in site.frontier.items() if v[2] in site.visited]:
            del site.frontier[url]
        candidates = sorted(site.frontier, key=lambda u: (-site.frontier[u][0], site.frontier[u][1], u))
        batch: list[str] = []
        seen: set[str] = set()
        for url in candidates:
            if len(batch) >= min(self.per_round, budget):
                break
            key = site.frontier[url][2]
            if key not in seen:
                seen.add(key)
                batch.append(url)
        if not batch:
            return self._finish(site, "ok", None)
        site.pages += len(batch)
        site.round_left = len(batch)
        # Fix the whole round before fetching any of it: a replayed page is handled at once, and its
        # links must not change the depth or the visited state of the round's other pages.
        depths = [site.frontier[url][1] for url in batch]
        site.visited.update(url_key(url) for url in batch)
        out: list[Any] = []
        for url, depth in zip(batch, depths, strict=True):
            out.extend(self._fetch(site, url, "page", depth))
        return out

    def _finish(self, site: Site, status: str, reason: str | None) -> list[Any]:
        site.done = True
        site.frontier.clear()
        ended = {
            "type": "site",
            "kvk_number": site.kvk,
            "status": status,
            "reason": reason,
            "start_url": site.start_url,
            "final_url": site.final_url,
            "n_pages": site.pages if status == "ok" else 0,
            "variant": site.variant,
            "attempts": site.attempts,
        }
        return [ended, *self._open_next()]

    # -- links -----------------------------------------------------------------------------------------
    def _same_site(self, site: Site, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and host_key(parts.hostname or "") in site.hosts

    def _add(self, site: Site, url: str, anchor: str, depth: int) -> None:
        url = url.split("#", 1)[0]
        if not url or not self._same_site(site, url):
            return
        key = url_key(url)
        if key in site.visited:
            return
        value = (relevance.score(url, anchor, depth), depth, key)
        best = site.frontier.get(url)
        if best is None or (value[0], -value[1]) > (best[0], -best[1]):
            site.frontier[url] = value

    def _links(self, site: Site, response: HtmlResponse) -> tuple[list[list[str]], list[str]]:
        """Same-site links [url, anchor] to crawl, and the other domains the page links to."""
        out: list[list[str]] = []
        external: list[str] = []
        for link in _link_extractor.extract_links(response):
            if self._same_site(site, link.url):
                if len(out) < MAX_LINKS_PER_PAGE:
                    out.append([link.url.split("#", 1)[0], " ".join(link.text.split())[:100]])
            elif len(external) < MAX_EXTERNAL_DOMAINS:
                host = host_key(urlsplit(link.url).hostname or "")
                domain = ".".join(host.split(".")[-2:])
                if (
                    "." in domain
                    and domain not in external
                    and urlsplit(link.url).scheme in ("http", "https")
                ):
                    external.append(domain)
        return out, external

    def _sitemap_links(self, site: Site, response: Response) -> tuple[list[list[str]], list[str]]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = _gunzip_bounded(body, MAX_SITEMAP_BYTES)
            if body is None:  # corrupt, or a gzip bomb
                return [], []
        try:
            sitemap = Sitemap(body)
        except Exception:  # not XML at all: a 404 page served with 200, say
            return [], []
        entries = [(entry["loc"], entry.get("lastmod") or "") for entry in sitemap if entry.get("loc")]
        if sitemap.type == "sitemapindex":
            return [], [u for u, _ in entries][:MAX_SITEMAPS]
        links = [
            [u, "", lastmod] if lastmod else [u, ""] for u, lastmod in entries if self._same_site(site, u)
        ]
        return links[:MAX_SITEMAP_URLS], []
