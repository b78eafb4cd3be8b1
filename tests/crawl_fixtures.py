"""A small Host-routing web server on 127.0.0.1 (HTTP and HTTPS) and a set of firm sites for crawl tests.

Sites are dicts of path -> bytes (or (status, headers, bytes)); the server routes by Host header,
logs every request, and serves HTTPS with a self-signed certificate made at start-up.
"""

from __future__ import annotations

import hashlib
import io
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ketenradar.demo.server import HandshakeInThread, self_signed_certificate

Response = bytes | tuple[int, dict[str, str], bytes]


def page(title: str, body: str, footer: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><ul><li><a href='/'>Home</a></li><li><a href='/over-ons'>Over ons</a></li>"
        f"<li><a href='/producten'>Producten</a></li><li><a href='/machinepark'>Machinepark</a></li>"
        f"<li><a href='/kwaliteit'>Kwaliteit</a></li><li><a href='/contact'>Contact</a></li></ul></nav>"
        f"<main>{body}</main><footer><p>{footer}</p></footer></body></html>"
    ).encode()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with `text` (pypdf can write pages but not text; build the minimal file by hand)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: a crawl opening many sites at once (a refresh opens a new
    # connection for every two requests) overflows it, and each dropped connection waits out a
    # SYN retry of 1 s or more. Servers in the wild take hundreds (the demo server: 256).
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up (size limit, kill) are expected here


class _QuietTLSServer(HandshakeInThread, _QuietServer):
    # The handshake in the connection's thread, as in the demo server (one slow handshake in the
    # accept loop would hold up every other connection).
    tls: ssl.SSLContext


def _note_server_name(connection: Any, name: str | None, context: ssl.SSLContext) -> None:
    """The host name the client sent in the TLS handshake (SNI), kept on its socket."""
    connection.sni = name


class SiteServer:
    """`with SiteServer(sites) as server:` serves `sites` ({host: {path: response}}) on 127.0.0.1."""

    def __init__(self, sites: dict[str, dict[str, Response]], https: bool = True):
        self.sites = sites
        self.log: list[tuple[str, str, str]] = []
        self.not_modified: list[tuple[str, str, str]] = []  # requests answered 304 (If-None-Match)
        self.server_names: list[tuple[str | None, str]] = []  # https: (SNI sent, Host header)
        self._https = https
        self._servers: list[ThreadingHTTPServer] = []
        self._tmp = tempfile.TemporaryDirectory()

    def _handler(self, scheme: str) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                server.log.append((scheme, host, self.path))
                if scheme == "https":
                    server.server_names.append((getattr(self.request, "sni", None), host))
                site = server.sites.get(host)
                found = None if site is None else site.get(self.path.split("?")[0])
                if callable(found):
                    found = found(scheme)
                if found is None:
                    status, headers, body = 404, {"Content-Type": "text/html"}, b"<html>niet gevonden</html>"
                elif isinstance(found, tuple):
                    status, headers, body = found
                else:
                    ctype = "text/html; charset=utf-8"
                    if self.path.endswith(".pdf"):
                        ctype = "application/pdf"
                    elif self.path.endswith((".txt", "robots.txt")):
                        ctype = "text/plain"
                    elif self.path.endswith(".xml"):
                        ctype = "application/xml"
                    status, headers, body = 200, {"Content-Type": ctype}, found
                if status == 200:  # validators, as most servers send them for static pages
                    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                    headers = {**headers, "ETag": etag}
                    if self.headers.get("If-None-Match") == etag:
                        server.not_modified.append((scheme, host, self.path))
                        status, body = 304, b""
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def __enter__(self) -> SiteServer:
        http = _QuietServer(("127.0.0.1", 0), self._handler("http"))
        self._servers.append(http)
        if self._https:
            https = _QuietTLSServer(("127.0.0.1", 0), self._handler("https"))
            https.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            https.tls.load_cert_chain(*self_signed_certificate(Path(self._tmp.name)))
            https.tls.sni_callback = _note_server_name
            self._servers.append(https)
        for srv in self._servers:
            threading.Thread(target=srv.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        self._tmp.cleanup()

    def port_map(self) -> dict[str, int]:
        ports = {"http": self._servers[0].server_address[1]}
        if self._https:
            ports["https"] = self._servers[1].server_address[1]
        return ports

    def allow_hosts(self) -> dict[str, str]:
        return {host: "127.0.0.1" for host in self.sites}

    def fetched(self, host: str) -> list[str]:
        return [path for _, h, path in self.log if h == host]


# -- a small world of firm sites -----------------------------------------------------------------------

KVK = {
    "metaal": "11111111",
    "robots": "22222222",
    "dead": "33333333",
    "parked": "44444444",
    "wrong": "55555555",
    "empty": "66666666",
    "big": "77777777",
    "stranger": "99000000",
}


def _redirect(to: str) -> tuple[int, dict[str, str], bytes]:
    return 301, {"Location": to, "Content-Type": "text/html"}, b""


def firm_sites() -> tuple[dict[str, dict[str, Response]], list[dict[str, Any]]]:
    footer = "Van Dijk Metaal B.V. | Industrieweg 1, 5678 AB Eindhoven | KvK 11111111 | tel. 040-1234567"
    metaal = {
        "/": page(
            "Van Dijk Metaal",
            "<h1>Van Dijk Metaal</h1><p>Precisieverspaning en plaatbewerking voor de hightech industrie, "
            "defensie en maritieme sector. Wij leveren complete modules in kleine series.</p>"
            "<p><a href='/nieuws/2024'>Nieuws</a> <a href='/privacy'>Privacy</a> "
            "<a href='/certificaten/iso9001.pdf'>ISO 9001 certificaat</a></p>",
            footer,
        ),
        "/over-ons": page(
            "Over ons", "<h1>Over ons</h1><p>Familiebedrijf sinds 1962 met 45 medewerkers.</p>", footer
        ),
        "/producten": page(
            "Producten",
            "<h1>Producten</h1><div class='col'><h2>Onze producten</h2><ul>"
            "<li><a href='/p/behuizingen'>Behuizingen</a></li><li><a href='/p/frames'>Frames</a></li>"
            "<li><a href='/p/kabelbomen'>Kabelbomen</a></li></ul></div>",
            footer,
        ),
        "/machinepark": page(
            "Machinepark",
            "<h1>Machinepark</h1><p>Ons machinepark:</p><ul><li>DMG Mori DMU 65 (5-assig frezen)</li>"
            "<li>Trumpf TruBend 5130 kantbank</li><li>Zeiss Contura meetmachine</li></ul>",
            footer,
        ),
        "/kwaliteit": page(
            "Kwaliteit",
            "<h1>Kwaliteit en certificering</h1><ul><li>ISO 9001:2015</li><li>AQAP 2110</li>"
            "<li>EN 1090 EXC2</li></ul>",
            footer,
        ),
        "/contact": page("Contact", "<h1>Contact</h1><p>Bel ons.</p>", footer),
        "/nieuws/2024": page("Nieuws", "<h1>Nieuws</h1><p>Nieuwe lasrobot.</p>", footer),
        "/privacy": page("Privacy", "<h1>Privacy</h1><p>Wij bewaren gegevens.</p>", footer),
        "/p/behuizingen": page("Behuizingen", "<h1>Behuizingen</h1><p>Behuizingen van RVS.</p>", footer),
        "/p/frames": page("Frames", "<h1>Frames</h1><p>Gelaste frames.</p>", footer),
        "/p/kabelbomen": page("Kabelbomen", "<h1>Kabelbomen</h1><p>Kabelbomen op maat.</p>", footer),
        "/verborgen-pagina": page("Diensten", "<h1>Diensten</h1><p>Engineering en assemblage.</p>", footer),
        "/certificaten/iso9001.pdf": pdf_bytes("Certificaat ISO 9001:2015 Van Dijk Metaal B.V."),
        "/robots.txt": b"User-agent: *\nDisallow: /privacy\nSitemap: https://www.vandijkmetaal.nl/sitemap.xml\n",
        "/sitemap.xml": (
            b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            b"<url><loc>https://www.vandijkmetaal.nl/verborgen-pagina</loc></url></urlset>"
        ),
    }
    wrong_footer = "Anders B.V. | KvK 99999999 | 1000 AA Amsterdam"
    sites: dict[str, dict[str, Response]] = {
        # bare -> www and http -> https, like most real sites
        "vandijkmetaal.nl": {"/": _redirect("https://www.vandijkmetaal.nl/")},
        "www.vandijkmetaal.nl": {
            **{k: v for k, v in metaal.items()},
            "/": lambda scheme: (
                metaal["/"] if scheme == "https" else _redirect("https://www.vandijkmetaal.nl/")
            ),
        },
        "www.geheim-bv.nl": {
            "/robots.txt": b"User-agent: *\nDisallow: /\n",
            "/": page("Geheim", "<p>Deze tekst mag niet gecrawld worden.</p>" * 5),
        },
        "www.te-koop.nl": {
            "/": page(
                "te-koop.nl", "<h1>Deze domeinnaam is te koop!</h1><p>Neem contact op met de eigenaar.</p>"
            )
        },
        "www.anders-metaal.nl": {
            "/": page(
                "Anders Metaal",
                "<h1>Anders Metaal</h1><p>" + "Wij lassen staalconstructies voor de bouw. " * 10 + "</p>",
                wrong_footer,
            )
        },
        "www.alleen-js.nl": {
            "/": b"<html><head><title>App</title><script>document.write('hallo')</script></head>"
            b"<body><div id='root'></div><noscript>Zet JavaScript aan.</noscript></body></html>"
        },
        "www.groot-bv.nl": {"/": b"<html><body>" + b"<p>groot</p>" * 20000 + b"</body></html>"},
    }
    firms = [
        {
            "kvk_number": KVK["metaal"],
            "name": "Van Dijk Metaal B.V.",
            "website": "http://vandijkmetaal.nl",
            "postcode": "5678 AB",
            "phone": "+31 40 123 4567",
        },
        {"kvk_number": KVK["robots"], "name": "Geheim B.V.", "website": "https://www.geheim-bv.nl/"},
        # allowed host, but nothing listens on its port: connection refused
        {"kvk_number": KVK["dead"], "name": "Dood B.V.", "website": "http://www.dood-bv.nl/"},
        {"kvk_number": KVK["parked"], "name": "Te Koop B.V.", "website": "http://www.te-koop.nl/"},
        {"kvk_number": KVK["wrong"], "name": "Verkeerd B.V.", "website": "http://www.anders-metaal.nl/"},
        {"kvk_number": KVK["empty"], "name": "Alleen JS B.V.", "website": "http://www.alleen-js.nl/"},
        {"kvk_number": KVK["big"], "name": "Groot B.V.", "website": "http://www.groot-bv.nl/"},
        {"kvk_number": "88888888", "name": "Zonder Site B.V.", "website": None},
        # not an allowed host: with only_allowed_hosts it is not even looked up
        {"kvk_number": KVK["stranger"], "name": "Vreemd B.V.", "website": "https://www.example.nl/"},
    ]
    return sites, firms


EXPECTED_STATUS = {
    KVK["metaal"]: "ok",
    KVK["robots"]: "robots_forbidden",
    KVK["dead"]: "unreachable",
    KVK["parked"]: "parked",
    KVK["wrong"]: "ok",
    KVK["empty"]: "no_text",
    KVK["big"]: "too_large",
    KVK["stranger"]: "unreachable",
}


def insert_firms(store: Any, firms: list[dict[str, Any]], run_id: str = "test") -> None:
    import pandas as pd

    frame = pd.DataFrame(firms)
    frame["run_id"] = run_id
    with store.transaction():
        store.insert_df("firms", frame)


def crawl_config(server: SiteServer, **overrides: Any) -> Any:
    from ketenradar.config import Config

    config = Config()
    config.crawl.allow_hosts = {**server.allow_hosts(), "www.dood-bv.nl": "127.0.0.1:9"}
    config.crawl.port_map = server.port_map()
    config.crawl.only_allowed_hosts = True
    config.crawl.download_delay = 0.0
    config.crawl.max_page_bytes = 100_000
    config.crawl.timeout = 10.0
    for key, value in overrides.items():
        setattr(config.crawl, key, value)
    return config


# -- a world where the page budget bites ----------------------------------------------------------------

TOPICS = ["over-ons", "producten", "diensten", "machinepark", "kwaliteit", "markten", "projecten", "contact"]


def topic_world(n_sites: int) -> tuple[dict[str, dict[str, Response]], list[dict[str, Any]]]:
    """`n_sites` sites of 33 pages (home, 8 topic pages, 3 items each) for a budget of 25 pages: which
    pages are kept depends on the relevance of topics and items and on their depth."""
    sites: dict[str, dict[str, Response]] = {}
    firms: list[dict[str, Any]] = []
    for i in range(n_sites):
        host = f"www.firma{i}.nl"
        kvk = f"{20000000 + i}"
        footer = f"Firma {i} B.V. | KvK {kvk}"
        links = "".join(f"<a href='/{t}'>{t}</a> " for t in TOPICS)
        pages: dict[str, Response] = {"/": page(f"Firma {i}", f"<h1>Firma {i}</h1><p>{links}</p>", footer)}
        for j, topic in enumerate(TOPICS):
            sub = "".join(f"<li><a href='/{topic}/item-{k}'>{topic} item {k}</a></li>" for k in range(3))
            pages[f"/{topic}"] = page(
                topic, f"<h1>{topic} {i}</h1><ul>{sub}</ul><p>tekst {i}-{j}</p>", footer
            )
            for k in range(3):
                pages[f"/{topic}/item-{k}"] = page(
                    f"{topic} {k}", f"<p>Item {k} van {topic} bij firma {i}.</p>"
                )
        sites[host] = pages
        firms.append({"kvk_number": kvk, "name": f"Firma {i} B.V.", "website": f"http://{host}/"})
    return sites, firms
