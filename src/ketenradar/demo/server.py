"""Serve a demo world's websites on 127.0.0.1, routed by Host header, with their noise.

One HTTP and one HTTPS port (a self-signed certificate is made at start). Behaviour per site comes
from the world's sites.json: unreachable sites reset the connection, aliases redirect to the
canonical host (bare -> www or www -> bare), `redirect_https` sites redirect plain HTTP, parked
domains show a parking page for every path, and `too_large` sites pad their home page beyond
5 MB. Nothing listens on any other address.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import posixpath
import shutil
import socket
import ssl
import struct
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ketenradar.errors import InputError

LOOPBACK = "127.0.0.1"
TOO_LARGE_BYTES = 6_000_000
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".js": "application/javascript",
    ".css": "text/css",
    ".json": "application/json",
}
NOT_FOUND = b"<!DOCTYPE html><html><head><title>404 Niet gevonden</title></head><body><h1>Pagina niet gevonden</h1></body></html>"

_padding_lock = threading.Lock()
_padding: bytes | None = None


def _large_padding() -> bytes:
    """About 6 MB of repetitive markup, built once per process."""
    global _padding
    with _padding_lock:
        if _padding is None:
            row = (
                '<tr><td class="sku">ART-{0:06d}</td><td>Bevestigingsmateriaal M{1} RVS A4</td>'
                '<td class="price">{2},{3:02d}</td></tr>\n'
            )
            parts = ['<table class="catalogue">\n']
            size, i = 0, 0
            while size < TOO_LARGE_BYTES:
                line = row.format(i, 3 + i % 20, 1 + i % 97, i % 100)
                parts.append(line)
                size += len(line)
                i += 1
            parts.append("</table>\n")
            _padding = "".join(parts).encode()
        return _padding


class _Sites:
    """Host table built from sites.json."""

    def __init__(self, world: Path):
        self.world = Path(world)
        manifest_path = self.world / "manifest.json"
        sites_dir = "sites"
        config_name = "sites.json"
        if manifest_path.exists():
            manifest = json.loads(manifest_path.read_text())
            sites_dir = manifest.get("sites", sites_dir)
            config_name = manifest.get("sites_config", config_name)
        config_path = self.world / config_name
        if not config_path.exists():
            raise InputError("not a demo world (no sites.json)", path=str(self.world))
        self.root = self.world / sites_dir
        self.entries: dict[str, dict[str, Any]] = json.loads(config_path.read_text())
        # host -> (kind, canonical domain)
        self.hosts: dict[str, tuple[str, str]] = {}
        for domain, entry in self.entries.items():
            if entry.get("status") == "gone":
                continue  # no DNS: the crawler must not be able to reach it
            self.hosts[domain] = ("site", domain)
            for alias in entry.get("aliases", []):
                self.hosts.setdefault(alias, ("alias", domain))


class _Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30
    sites: _Sites
    scheme: str

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence access log
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    # --- responses ---------------------------------------------------------------------------
    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", head: bool = False,
              headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _redirect(self, location: str, head: bool, code: int = 301) -> None:
        body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'.encode()
        self._send(code, body, head=head, headers={"Location": location})

    def _reset(self) -> None:
        """Close at once, with a TCP reset and no response."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def _serve(self, head: bool) -> None:
        host = (self.headers.get("Host") or "").strip().lower().rstrip(".")
        host = host.split("]")[0] + "]" if host.startswith("[") else host.split(":")[0]
        found = self.sites.hosts.get(host)
        if found is None:
            self._send(404, b"<html><body>Unknown host</body></html>", head=head)
            return
        kind, domain = found
        entry = self.sites.entries[domain]
        modes = entry.get("modes", [])
        path = urlsplit(self.path).path or "/"
        if "unreachable" in modes:
            self._reset()
            return
        if "moved" in modes:
            self._redirect(entry.get("redirect_to") or "/", head)
            return
        site_scheme = "https" if "redirect_https" in modes else self.scheme
        if kind == "alias":
            self._redirect(f"{site_scheme}://{domain}{self.path}", head)
            return
        if self.scheme == "http" and "redirect_https" in modes:
            self._redirect(f"https://{domain}{self.path}", head)
            return
        if "parked" in modes:
            if path == "/robots.txt":
                self._send(404, NOT_FOUND, head=head)
            else:
                self._send(200, (self.sites.root / domain / "index.html").read_bytes(), head=head)
            return
        self._file(domain, path, modes, head)

    def _file(self, domain: str, path: str, modes: list[str], head: bool) -> None:
        rel = posixpath.normpath(unquote(path)).lstrip("/")
        if rel.startswith("..") or "\x00" in rel:
            self._send(400, b"bad request", head=head)
            return
        base = self.sites.root / domain
        if rel in ("", "."):
            target = base / "index.html"
        else:
            # try_files: path, path/index.html, path.html (pages are stored as flat files).
            candidates = [base / rel / "index.html", base / f"{rel}.html"]
            if not path.endswith("/"):
                candidates.insert(0, base / rel)
            target = next((c for c in candidates if c.is_file()), None)
            if target is not None and not path.endswith("/") and target.name != rel.rsplit("/", 1)[-1]:
                self._redirect(f"{self.scheme}://{domain}{path}/", head)  # "/over-ons" -> "/over-ons/"
                return
            if target is None:
                self._send(404, NOT_FOUND, head=head)
                return
        body = target.read_bytes()
        if target == base / "index.html" and "too_large" in modes:
            cut = body.rfind(b"</body>")
            cut = cut if cut >= 0 else len(body)
            body = body[:cut] + _large_padding() + body[cut:]
        self._send(200, body, CONTENT_TYPES.get(target.suffix, "application/octet-stream"), head=head)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A crawler that stops reading (a page over its size limit, a timeout) is normal here.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class HandshakeInThread:
    """Mixin for a threading `socketserver` with a `tls` context: TLS without blocking the accept loop.

    The handshake runs in the connection's thread (finish_request), not in the accept loop, where one
    slow handshake would hold up every other connection. Shared with the crawl tests' server."""

    tls: ssl.SSLContext
    socket: socket.socket

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = self.socket.accept()
        return self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def finish_request(self, request: Any, client_address: Any) -> None:
        try:
            request.settimeout(30)
            request.do_handshake()
        except (OSError, ssl.SSLError):
            return
        super().finish_request(request, client_address)  # type: ignore[misc]


class _TLSServer(HandshakeInThread, _Server):
    tls: ssl.SSLContext


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate and key for 127.0.0.1 (PEM files in `folder`): (cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ketenradar demo world")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOOPBACK))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "demo-cert.pem", folder / "demo-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class DemoServer:
    """Context manager serving a demo world on 127.0.0.1 (HTTP and HTTPS, ports chosen freely)."""

    def __init__(self, world_dir: str | Path, *, http_port: int = 0, https_port: int = 0):
        self.sites = _Sites(Path(world_dir))
        self._ports = (http_port, https_port)
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self._tmp: str | None = None
        self.cert_file: Path | None = None

    def _handler(self, scheme: str) -> type[_Handler]:
        return type(f"_{scheme.title()}Handler", (_Handler,), {"sites": self.sites, "scheme": scheme})

    def start(self) -> DemoServer:
        self._tmp = tempfile.mkdtemp(prefix="ketenradar-demo-tls-")
        cert, key = self_signed_certificate(Path(self._tmp))
        self.cert_file = cert
        http = _Server((LOOPBACK, self._ports[0]), self._handler("http"))
        https = _TLSServer((LOOPBACK, self._ports[1]), self._handler("https"))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        https.tls = context
        self._servers = [http, https]
        for srv in self._servers:
            thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def port_map(self) -> dict[str, int]:
        return {"http": self._servers[0].server_address[1], "https": self._servers[1].server_address[1]}

    def allow_hosts(self) -> dict[str, str]:
        """Every host the demo serves (canonical, bare/www aliases, moved domains) -> 127.0.0.1."""
        return {host: LOOPBACK for host in sorted(self.sites.hosts)}


def serve_forever(world: str | Path, port: int = 8780) -> None:
    """Serve until Ctrl-C: HTTP on `port`, HTTPS on `port + 1`, both on 127.0.0.1 only."""
    from ketenradar.stage import err_console

    server = DemoServer(world, http_port=port, https_port=port + 1)
    try:
        server.start()
    except OSError as exc:
        raise InputError(f"cannot listen on 127.0.0.1:{port}/{port + 1}: {exc}") from exc
    ports = server.port_map()
    hosts = server.allow_hosts()
    err_console.print(
        f"Serving {len(server.sites.entries)} demo sites ({len(hosts)} host names) on "
        f"http://127.0.0.1:{ports['http']} and https://127.0.0.1:{ports['https']} (self-signed).\n"
        f"Requests are routed by Host header, e.g. "
        f"curl -H 'Host: {next(iter(hosts), 'www.example.nl')}' http://127.0.0.1:{ports['http']}/\n"
        "Press Ctrl-C to stop."
    )
    stop = threading.Event()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
