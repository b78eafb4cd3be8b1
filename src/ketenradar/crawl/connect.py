"""The Scrapy side of the address policy (see `policy.py`): a downloader middleware and a
download handler whose connections go where the policy says, with the real URL, Host header and SNI."""

from __future__ import annotations

from collections import OrderedDict
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

from ketenradar.crawl.policy import REFUSED, AddressPolicy, is_public

IDLE_CONNECTION_SECONDS = 30
"""How long a kept-alive connection may wait for the site's next request before it is closed: more
than the longest delay between two requests to one site (AutoThrottle's `AUTOTHROTTLE_MAX_DELAY`,
10 s), far less than Twisted's default of 240 s. A site's connections are of no use once it is
crawled, and a refresh finishes a site every few hundred milliseconds: with 240 s, a 16,000-site
refresh held thousands of idle sockets open, ours and the servers' (each one a file descriptor and
often a server thread)."""

TLS_CREATORS_KEPT = 256
"""TLS connection creators kept (one per host and port, the least recently used dropped): the
crawl works on a few dozen sites at a time."""


class AddressRefused(DNSLookupError):
    """A host the policy does not allow (raised before any connection is made)."""


def policy_from_settings(settings: Any) -> AddressPolicy:
    return AddressPolicy(
        allow_hosts=dict(settings.getdict("KETENRADAR_ALLOW_HOSTS")),
        port_map={k: int(v) for k, v in settings.getdict("KETENRADAR_PORT_MAP").items()},
        only_allowed_hosts=settings.getbool("KETENRADAR_ONLY_ALLOWED_HOSTS"),
    )


class AddressPolicyMiddleware:
    """Downloader middleware: refuse disallowed hosts before robots.txt, cache or DNS see them."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Any) -> AddressPolicyMiddleware:
        return cls(policy_from_settings(crawler.settings))

    def process_request(self, request: Any, spider: Any = None) -> None:
        host = urlparse_cached(request).hostname or ""
        reason = self.policy.refusal(host)
        if reason:
            raise IgnoreRequest(reason)
        return None


class TLSCreators:
    """The TLS connection creator of each host and port, made once by Scrapy's context factory and
    reused. The factory builds new certificate options and a new OpenSSL context on every call, and
    the agent asks for one on every https request, even one sent over a kept-alive connection: about
    4 % of the crawl worker's CPU. A creator serves any number of connections to its host (the host
    name, SNI and the certificate check are set per connection), so reusing it changes nothing else."""

    def __init__(self, context_factory: Any, size: int = TLS_CREATORS_KEPT):
        self._factory, self._size = context_factory, size
        self._kept: OrderedDict[tuple[bytes, int], Any] = OrderedDict()

    def __call__(self, host: bytes, port: int) -> Any:
        key = (host, port)
        creator = self._kept.get(key)
        if creator is None:
            creator = self._kept[key] = self._factory.creatorForNetloc(host, port)
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        return creator


@implementer(IAgentEndpointFactory)
class _PolicyEndpointFactory:
    def __init__(self, reactor: Any, policy: AddressPolicy, tls: TLSCreators, timeout: float, bind: Any):
        self._reactor, self._policy, self._tls = reactor, policy, tls
        self._timeout, self._bind = timeout, bind

    def endpointForURI(self, uri: Any) -> Any:  # noqa: N802 - Twisted interface name
        host = uri.host.decode("ascii").lower()
        scheme = uri.scheme.decode("ascii")
        target = self._policy.target(host, scheme, uri.port)
        endpoint = _GuardedEndpoint(self, host, uri.port, target)
        if scheme == "https":
            # SNI and certificate checks use the real host name, whatever address we connect to.
            return wrapClientTLS(self._tls(uri.host, uri.port), endpoint)
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
    def __init__(self, *, policy: AddressPolicy, tls: TLSCreators, **kwargs: Any):
        super().__init__(**kwargs)
        self._policy, self._tls = policy, tls

    def _get_agent(self, request: Any, timeout: float) -> Agent:
        from twisted.internet import reactor

        if request.meta.get("proxy"):
            raise IgnoreRequest(f"{REFUSED}: proxies are not supported by the crawler")
        factory = _PolicyEndpointFactory(reactor, self._policy, self._tls, timeout, None)
        return Agent.usingEndpointFactory(reactor, factory, pool=self._pool)


class PolicyDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with connections placed by the address policy.

    Same as the parent's `download_request` except for the agent (pinned Scrapy: see pyproject).
    """

    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self._policy = policy_from_settings(crawler.settings)
        self._tls = TLSCreators(self._contextFactory)
        self._pool.cachedConnectionTimeout = IDLE_CONNECTION_SECONDS

    async def download_request(self, request: Any) -> Any:
        agent = _PolicyScrapyAgent(
            policy=self._policy,
            tls=self._tls,
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
