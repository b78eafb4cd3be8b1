"""Address policy: what the crawler may connect to, and where.

Two layers, both from the same `AddressPolicy`:

- `AddressPolicyMiddleware` (downloader middleware, runs before robots.txt and the cache) refuses a
  request whose host is an IP literal in a private/loopback/link-local/reserved range, or, with
  `only_allowed_hosts`, any host not in `allow_hosts`. Nothing is resolved or connected for them.
- `PolicyDownloadHandler` (the http/https download handler) decides at connect time: allowed hosts
  connect to their given IP (and the mapped port), every other name is resolved and refused when it
  resolves to a non-public address (so a public name pointing at 10.0.0.1 is caught too).

The URL, Host header and TLS SNI stay those of the real URL, so `response.url`, redirects and the
stored URLs are the real ones; only the TCP connection goes elsewhere.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler, _ScrapyAgent
from scrapy.exceptions import IgnoreRequest
from scrapy.utils._download_handlers import wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.endpoints import TCP4ClientEndpoint, wrapClientTLS
from twisted.internet.error import DNSLookupError
from twisted.web.client import Agent
from twisted.web.iweb import IAgentEndpointFactory
from zope.interface import implementer

REFUSED = "refused by address policy"


class AddressRefused(DNSLookupError):
    """A host the policy does not allow (raised before any connection is made)."""


def is_public(ip: str) -> bool:
    """True for addresses on the public internet (not private, loopback, link-local, reserved...)."""
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


def parse_allow_hosts(entries: list[str]) -> dict[str, str]:
    """`HOST=IP` (or `HOST=IP:PORT`) command-line entries -> {host: "IP" | "IP:PORT"}."""
    out: dict[str, str] = {}
    for entry in entries:
        host, sep, target = entry.partition("=")
        if not sep or not host.strip() or not target.strip():
            from ketenradar.errors import InputError

            raise InputError(f"--allow-host must be HOST=IP or HOST=IP:PORT, got {entry!r}")
        out[host.strip().lower()] = target.strip()
    return out


@dataclass
class AddressPolicy:
    allow_hosts: dict[str, str] = field(default_factory=dict)
    """host -> "IP" or "IP:PORT"."""
    port_map: dict[str, int] = field(default_factory=dict)
    only_allowed_hosts: bool = False

    def __post_init__(self) -> None:
        self.allow_hosts = {h.lower(): v for h, v in self.allow_hosts.items()}

    @classmethod
    def from_settings(cls, settings: Any) -> AddressPolicy:
        return cls(
            allow_hosts=dict(settings.getdict("KETENRADAR_ALLOW_HOSTS")),
            port_map={k: int(v) for k, v in settings.getdict("KETENRADAR_PORT_MAP").items()},
            only_allowed_hosts=settings.getbool("KETENRADAR_ONLY_ALLOWED_HOSTS"),
        )

    def target(self, host: str, scheme: str, port: int) -> tuple[str, int] | None:
        """Where to connect for an allowed host, or None when the host is not in allow_hosts."""
        value = self.allow_hosts.get(host.lower())
        if value is None:
            return None
        if value.count(":") == 1:  # "IP:PORT" pins the port for every scheme
            ip, explicit_port = value.split(":")
            return ip, int(explicit_port)
        return value, int(self.port_map.get(scheme, port))

    def refusal(self, host: str) -> str | None:
        """Why a host is refused before any lookup, or None when it may go on (to resolution)."""
        host = host.lower().strip("[]")
        if host in self.allow_hosts:
            return None
        if self.only_allowed_hosts:
            return f"{REFUSED}: {host} is not an allowed host (only allowed hosts are fetched)"
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
                return f"{REFUSED}: {host} is a local name"
            return None
        if not is_public(host):
            return f"{REFUSED}: {host} is not a public address"
        return None


class AddressPolicyMiddleware:
    """Downloader middleware: refuse disallowed hosts before robots.txt, cache or DNS see them."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Any) -> AddressPolicyMiddleware:
        return cls(AddressPolicy.from_settings(crawler.settings))

    def process_request(self, request: Any, spider: Any = None) -> None:
        host = urlparse_cached(request).hostname or ""
        reason = self.policy.refusal(host)
        if reason:
            raise IgnoreRequest(reason)
        return None


@implementer(IAgentEndpointFactory)
class _PolicyEndpointFactory:
    def __init__(self, reactor: Any, policy: AddressPolicy, tls_policy: Any, timeout: float, bind: Any):
        self._reactor, self._policy, self._tls = reactor, policy, tls_policy
        self._timeout, self._bind = timeout, bind

    def endpointForURI(self, uri: Any) -> Any:  # noqa: N802 - Twisted interface name
        host = uri.host.decode("ascii").lower()
        scheme = uri.scheme.decode("ascii")
        target = self._policy.target(host, scheme, uri.port)
        endpoint = _GuardedEndpoint(self, host, uri.port, target)
        if scheme == "https":
            # SNI and certificate checks use the real host name, whatever address we connect to.
            return wrapClientTLS(self._tls.creatorForNetloc(uri.host, uri.port), endpoint)
        return endpoint


class _GuardedEndpoint:
    """Connect to the allowed target, or resolve the name and connect only to a public address."""

    def __init__(self, factory: _PolicyEndpointFactory, host: str, port: int, target: tuple[str, int] | None):
        self._f, self._host, self._port, self._target = factory, host, port, target

    @defer.inlineCallbacks
    def connect(self, protocol_factory: Any) -> Any:
        policy = self._f._policy
        if self._target is not None:
            ip, port = self._target
        else:
            reason = policy.refusal(self._host)
            if reason:
                raise AddressRefused(reason)
            ip = yield self._f._reactor.resolve(self._host)
            port = self._port
            if not is_public(ip):
                raise AddressRefused(f"{REFUSED}: {self._host} resolves to non-public {ip}")
        endpoint = TCP4ClientEndpoint(
            self._f._reactor, ip, port, timeout=self._f._timeout, bindAddress=self._f._bind
        )
        protocol = yield endpoint.connect(protocol_factory)
        return protocol


class _PolicyScrapyAgent(_ScrapyAgent):
    def __init__(self, *, policy: AddressPolicy, **kwargs: Any):
        super().__init__(**kwargs)
        self._policy = policy

    def _get_agent(self, request: Any, timeout: float) -> Agent:
        from twisted.internet import reactor

        if request.meta.get("proxy"):
            raise IgnoreRequest(f"{REFUSED}: proxies are not supported by the crawler")
        factory = _PolicyEndpointFactory(reactor, self._policy, self._contextFactory, timeout, None)
        return Agent.usingEndpointFactory(reactor, factory, pool=self._pool)


class PolicyDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with connections placed by the address policy.

    Same as the parent's `download_request` except for the agent (pinned Scrapy: see pyproject).
    """

    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self._policy = AddressPolicy.from_settings(crawler.settings)

    async def download_request(self, request: Any) -> Any:
        agent = _PolicyScrapyAgent(
            policy=self._policy,
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=self._default_maxsize,
            warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        with wrap_twisted_exceptions():
            return await maybe_deferred_to_future(agent.download_request(request))
