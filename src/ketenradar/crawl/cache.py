"""The crawl's HTTP cache storage: one file per response.

Scrapy's `FilesystemCacheStorage` writes seven files and a folder for every response (metadata twice,
request headers and body for debugging). In a profile of a 1,000-firm crawl that was the largest
single cost of the worker after link extraction, and the cache is also slow to delete. This storage
keeps the same policy (Scrapy's `HttpCacheMiddleware` and `HTTPCACHE_EXPIRATION_SECS`) and keys
(request fingerprints), with what a cached answer needs in one pickle, written to a temporary name
and renamed, so a killed worker leaves no half-written entry.

An entry holds the response's own encoding argument, not `TextResponse.encoding`: for a body that
declares no encoding (a sitemap without an XML declaration, say) that property runs charset
detection, about 8 ms a response, which the spider may never need. A response read back infers the
same encoding from the same headers and body, if anything asks for it.

A request with `READ_ONLY` in its meta may be answered from the cache but is not written to it: a
refresh's robots.txt (see `spider.SiteSpider._fetch`).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from time import time
from typing import Any

from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import Request, Response, TextResponse
from scrapy.spiders import Spider
from scrapy.utils.response import response_from_dict

READ_ONLY = "ketenradar_cache_read_only"
"""Request meta key: answer from the cache if a fresh copy is there, but do not store the response."""


class OneFileCacheStorage(FilesystemCacheStorage):
    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self._folders: set[str] = set()

    def _entry(self, spider: Spider, request: Request) -> Path:
        key = self._fingerprinter.fingerprint(request).hex()
        return Path(self.cachedir, spider.name, key[0:2], key + ".pickle")

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        path = self._entry(spider, request)
        try:
            with open(path, "rb") as f:
                if 0 < self.expiration_secs < time() - os.fstat(f.fileno()).st_mtime:
                    return None  # expired
                data = pickle.load(f)  # noqa: S301 - our own cache folder
        except Exception:  # noqa: BLE001 - missing or unreadable: a miss, fetched again
            return None
        request.meta["cache_timestamp"] = data.pop("timestamp")
        return response_from_dict(data)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        if request.meta.get(READ_ONLY):
            return
        path = self._entry(spider, request)
        folder = str(path.parent)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        data = {**_as_dict(response), "timestamp": time()}
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)


def _as_dict(response: Response) -> dict[str, Any]:
    """`response.to_dict()` (Scrapy 2.19) with the encoding the response was built with (None unless
    one was given) in place of the one `TextResponse.encoding` would infer from the body."""
    if not isinstance(response, TextResponse):
        return response.to_dict()
    data: dict[str, Any] = {"headers": dict(response.headers)}
    for attr in response.attributes:
        if attr in ("request", "certificate"):
            continue
        data[attr] = response._encoding if attr == "encoding" else getattr(response, attr)
    data["_class"] = f"{type(response).__module__}.{type(response).__name__}"
    return data
