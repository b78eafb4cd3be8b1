"""The Scrapy side of the address policy (see `policy.py`): a downloader middleware and a
download handler whose connections go where the policy says, with the real URL, Host header and SNI."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from OpenSSL import SSL
from scrapy.core.downloader.contextfactory import _ScrapyClientContextFactory
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler, _ScrapyAgent
from scrapy.core.downloader.tls import _ScrapyClientTLSOptions26
from scrapy.exceptions import IgnoreRequest
from scrapy.utils._deps_compat import TWISTED_TLS_NEW_IMPL
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
    """The TLS connection creator of each host and port, made once and reused.

    Scrapy's context factory builds new certificate options and a new OpenSSL context on every call,
    and the agent asks for one on every https request, even one sent over a kept-alive connection;
    a creator serves any number of connections to its host, so it is kept (the least recently used
    dropped). And with Twisted 26.4 or newer every host's creator draws its connections from one
    shared set of certificate options, so one OpenSSL context: that Twisted sets the host name
    (SNI) and the certificate check on each connection, not on the context (`shared_options`), and
    a context per site was about 5 % of a refresh's worker CPU, where each site costs only two or
    three requests."""

    def __init__(self, context_factory: Any, size: int = TLS_CREATORS_KEPT):
        self._factory, self._size = context_factory, size
        self._kept: OrderedDict[tuple[bytes, int], Any] = OrderedDict()
        self._options = shared_options(context_factory)

    def __call__(self, host: bytes, port: int) -> Any:
        key = (host, port)
        creator = self._kept.get(key)
        if creator is None:
            creator = self._kept[key] = self._create(host, port)
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        return creator

    def _create(self, host: bytes, port: int) -> Any:
        if self._options is None:
            return self._factory.creatorForNetloc(host, port)
        return _UncheckedTLSOptions(self._options._makeTLSConnection, host.decode("ascii"))


class _UncheckedTLSOptions(_ScrapyClientTLSOptions26):
    """What Scrapy's context factory makes when certificates are not verified (its default, and the
    crawl's), without the check whose only outcome was a log line: Scrapy accepts any certificate
    then, and still matched each one against the host name in Python to log a warning when it did
    not fit (4 % of a refresh's worker CPU; a warning per site against a self-signed certificate).
    The host name still goes out as SNI on every connection."""

    def clientConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:  # noqa: N802 - Twisted's name
        # Twisted's own method, less its verify callback. The connection keeps the shared context's
        # mode, VERIFY_NONE (certificates not verified). Not `set_verify(VERIFY_NONE)` here: OpenSSL
        # keeps the callback set before, and pyOpenSSL frees it, so the handshake would call freed code.
        connection = self._createConnection(tlsProtocol)
        if self._sendServerName:
            connection.set_tlsext_host_name(self._hostnameBytes)
        return connection


def shared_options(context_factory: Any) -> Any | None:
    """One set of certificate options (one OpenSSL context) for every host, or None where sharing
    it would not be safe: Twisted before 26.4 set the host name callback on the context itself, and
    a factory that verifies certificates (or is not Scrapy's own) builds its creators its own way."""
    if not TWISTED_TLS_NEW_IMPL or type(context_factory) is not _ScrapyClientContextFactory:
        return None
    if getattr(context_factory, "_verify_certificates", True):
        return None
    return context_factory._get_cert_options()


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
