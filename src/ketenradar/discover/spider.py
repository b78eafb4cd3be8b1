"""The discovery spider: per candidate domain, the home page (scheme and host variants as the crawl
tries them) and one contact or imprint page, where KvK number, address and phone usually are.

Runs in the crawl worker process (`ketenradar.crawl.worker`, job `"spider": "discover"`) with the
crawl's settings, so robots.txt, throttling, size limits and the address policy apply to every
candidate. Emits one `candidate` item per candidate with the visible text of the pages it read.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor

from ketenradar.crawl.spider import classify_failure, host_key, start_variants

CONTACT = re.compile(
    r"contact|impressum|imprint|colofon|colophon|disclaimer|over-?ons|about|bedrijfsgegevens", re.I
)
PAGE_TYPES = ("text/html", "application/xhtml+xml")
_links = LinkExtractor(unique=True, canonicalize=False)


class DiscoverySpider(scrapy.Spider):
    name = "ketenradar-discover"

    def __init__(self, candidates: list[dict], **kwargs: Any):
        super().__init__(**kwargs)
        self.candidates = candidates

    async def start(self) -> AsyncIterator[Any]:
        for cand in self.candidates:
            state = {"id": cand["id"], "variants": start_variants(f"http://{cand['domain']}/"), "tried": []}
            yield self._home(state)

    def _home(self, state: dict) -> scrapy.Request:
        url = state["variants"][len(state["tried"])]
        last = len(state["tried"]) == len(state["variants"]) - 1
        meta = {"state": state, "dont_retry": not last, "download_slot": host_key(url.split("/")[2])}
        return scrapy.Request(url, callback=self.home, errback=self.home_failed, meta=meta, dont_filter=True)

    def _next_or_end(self, state: dict, outcome: str) -> Iterable[Any]:
        state["tried"].append(outcome)
        if len(state["tried"]) < len(state["variants"]):
            yield self._home(state)
        else:
            yield self._item(state, "unreachable", "; ".join(state["tried"])[:600])

    def home_failed(self, failure: Any) -> Iterable[Any]:
        state = failure.request.meta["state"]
        status, reason = classify_failure(failure)
        if status != "unreachable":  # robots.txt forbids, too large: the site answered
            yield self._item(state, status, reason)
            return
        yield from self._next_or_end(state, f"{failure.request.url}: {reason}")

    def home(self, response: Response) -> Iterable[Any]:
        state = response.meta["state"]
        if not 200 <= response.status < 300 or not isinstance(response, HtmlResponse):
            yield from self._next_or_end(state, f"{response.request.url}: HTTP {response.status}")
            return
        state["url"] = response.url
        state["pages"] = [response.body]
        same = host_key(response.url.split("/")[2].split(":")[0])
        contact = [
            link.url
            for link in _links.extract_links(response)
            if host_key(link.url.split("/")[2].split(":")[0]) == same
            and (
                CONTACT.search(link.url.rsplit("/", 2)[-1] + " " + link.url)
                or CONTACT.search(link.text or "")
            )
            and link.url.rstrip("/") != response.url.rstrip("/")
        ]
        if not contact:
            yield self._item(state, "ok", None)
            return
        contact.sort(
            key=lambda u: (0 if re.search(r"contact|impressum|imprint|colofon", u, re.I) else 1, len(u))
        )
        yield scrapy.Request(
            contact[0],
            callback=self.contact,
            errback=self.contact_failed,
            meta={"state": state},
            dont_filter=True,
        )

    def contact(self, response: Response) -> Iterable[Any]:
        state = response.meta["state"]
        if 200 <= response.status < 300 and isinstance(response, HtmlResponse):
            state["pages"].append(response.body)
        yield self._item(state, "ok", None)

    def contact_failed(self, failure: Any) -> Iterable[Any]:
        yield self._item(failure.request.meta["state"], "ok", None)

    def _item(self, state: dict, status: str, reason: str | None) -> dict:
        from ketenradar.extract.text import visible_text

        texts = [visible_text(body) for body in state.get("pages", [])]
        return {
            "type": "candidate",
            "id": state["id"],
            "status": status,
            "reason": reason,
            "url": state.get("url"),
            "text": "\n".join(texts)[:200_000],
            "n_pages": len(texts),
        }
