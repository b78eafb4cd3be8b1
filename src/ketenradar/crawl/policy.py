"""Address policy: what the crawler may connect to, and where.

Two layers (in `connect.py`), both from the same `AddressPolicy` (here, free of Scrapy):

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

REFUSED = "refused by address policy"


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


def checked_policy(allow_hosts: dict, port_map: dict, only_allowed_hosts: bool = False) -> AddressPolicy:
    """The policy from configuration values, or an InputError naming the bad key (before any crawl)."""
    from ketenradar.errors import InputError

    ports: dict[str, int] = {}
    for scheme, value in (port_map or {}).items():
        if scheme not in ("http", "https"):
            raise InputError(f"crawl.port_map: unknown scheme {scheme!r}; use http and/or https")
        port = _port(value)
        if port is None:
            raise InputError(f"crawl.port_map.{scheme} must be a port number 1-65535, got {value!r}")
        ports[scheme] = port
    hosts: dict[str, str] = {}
    for host, target in (allow_hosts or {}).items():
        if not isinstance(host, str) or not host.strip() or not isinstance(target, str):
            raise InputError(f'crawl.allow_hosts: {host!r} = {target!r}; expected "host" = "IP" or "IP:PORT"')
        ip, port_text = target.split(":") if target.count(":") == 1 else (target, "")
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise InputError(
                f"crawl.allow_hosts.{host}: {target!r} is not an IP address (IP or IP:PORT)"
            ) from None
        if port_text and _port(port_text) is None:
            raise InputError(f"crawl.allow_hosts.{host}: port in {target!r} must be 1-65535")
        hosts[host.strip().lower()] = target
    return AddressPolicy(allow_hosts=hosts, port_map=ports, only_allowed_hosts=bool(only_allowed_hosts))


def _port(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        port = int(str(value).strip())
    except ValueError:
        return None
    return port if 1 <= port <= 65535 else None


@dataclass
class AddressPolicy:
    allow_hosts: dict[str, str] = field(default_factory=dict)
    """host -> "IP" or "IP:PORT"."""
    port_map: dict[str, int] = field(default_factory=dict)
    only_allowed_hosts: bool = False

    def __post_init__(self) -> None:
        self.allow_hosts = {h.lower(): v for h, v in self.allow_hosts.items()}

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
