"""Scrapy settings of the crawl, derived from `CrawlConfig` (Scrapy style: all knobs in one dict)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketenradar.config import CrawlConfig

HTTP_CACHE_HOURS = 24
"""How long Scrapy's HTTP cache answers for a server. robots.txt is cached with the rest, and RFC 9309
(2.4) says a crawler should not use a cached robots.txt for more than 24 hours: so a crawl or refresh
within a day of the last one reuses its robots.txt (fetched time stored with it in the cache), a later
one asks the server again."""


def crawl_settings(
    cfg: CrawlConfig,
    *,
    allow_hosts: dict[str, str],
    work_dir: Path,
    log_level: str = "WARNING",
) -> dict[str, Any]:
    per_domain = max(1, min(cfg.concurrent_per_domain, 2))
    return {
        "BOT_NAME": "ketenradar",
        "USER_AGENT": cfg.user_agent,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": cfg.concurrent_requests,
        # Items are small records handed to the parent: Scrapy starts one task per CONCURRENT_ITEMS
        # for every response (default 100, i.e. 100 asyncio tasks a page), which cost more CPU than
        # the items; two are plenty.
        "CONCURRENT_ITEMS": 2,
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_domain,
        "DOWNLOAD_DELAY": cfg.download_delay,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": max(cfg.download_delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": 10.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(per_domain),
        # Broad crawl: pick the next request from the least busy site (Scrapy docs, "Broad Crawls").
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "REACTOR_THREADPOOL_MAXSIZE": 20,
        "DOWNLOAD_TIMEOUT": cfg.timeout,
        "DNS_TIMEOUT": min(cfg.timeout, 10.0),
        "DOWNLOAD_MAXSIZE": cfg.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": 1,
        "REDIRECT_MAX_TIMES": 5,
        "HTTPERROR_ALLOW_ALL": True,
        "HTTPCACHE_ENABLED": cfg.http_cache,
        "HTTPCACHE_DIR": str((work_dir / "httpcache").resolve()),
        "HTTPCACHE_STORAGE": "ketenradar.crawl.cache.OneFileCacheStorage",
        "HTTPCACHE_EXPIRATION_SECS": HTTP_CACHE_HOURS * 3600,
        "HTTPCACHE_IGNORE_HTTP_CODES": [408, 429, 500, 502, 503, 504],
        "TELNETCONSOLE_ENABLED": False,
        # Scrapy 2.19 starts by default an HTTP server that runs Python code sent to it (for its MCP
        # server) and writes its port and token to a file in the user's profile. The crawl has no use
        # for it; not loading it also spares the worker importing aiohttp (~10 % of a small crawl's CPU).
        "EXTENSIONS": {"scrapy.extensions.remote_control.RemoteControl": None},
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_FILE": str(work_dir / "crawl.log"),
        "LOGSTATS_INTERVAL": 0,
        "DOWNLOAD_HANDLERS": {
            "http": "ketenradar.crawl.connect.PolicyDownloadHandler",
            "https": "ketenradar.crawl.connect.PolicyDownloadHandler",
            "ftp": None,
            "s3": None,
            "file": None,
            "data": None,
        },
        # Before robots.txt (100) and the cache (900): a refused host is neither looked up nor cached.
        "DOWNLOADER_MIDDLEWARES": {"ketenradar.crawl.connect.AddressPolicyMiddleware": 50},
        "ITEM_PIPELINES": {"ketenradar.crawl.pipeline.EmitPipeline": 100},
        "KETENRADAR_ALLOW_HOSTS": allow_hosts,
        "KETENRADAR_PORT_MAP": dict(cfg.port_map),
        "KETENRADAR_ONLY_ALLOWED_HOSTS": cfg.only_allowed_hosts,
    }
