"""Extraction: main text keeps lists and headings, PDFs become text, language is found, and one
deduplicated document per usable firm is written (and kept up to date by content hash)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from crawl_fixtures import pdf_bytes
from ketenradar.config import Config
from ketenradar.extract.document import build_document
from ketenradar.extract.text import detect_language, main_text, pdf_text
from ketenradar.store import Store
from support import run_stage

FOOTER = "Precisie Metaal B.V. | Havenweg 12, 3311 AB Dordrecht | KvK 12345678"


def product_page(extra: str = "") -> bytes:
    return f"""<!doctype html><html><head><title>Wat wij doen | Precisie Metaal</title></head><body>
<div class="cookie-consent">Wij gebruiken cookies voor statistieken. <button>Accepteren</button></div>
<div class="navbar"><ul><li><a href="/">Home</a></li><li><a href="/over-ons">Over ons</a></li>
<li><a href="/vacatures">Vacatures</a></li></ul></div>
<div class="content">
<h1>Wat wij doen</h1>
<p>Precisie Metaal maakt complexe onderdelen en samenstellingen voor de maritieme sector, defensie en
de halfgeleiderindustrie, van prototype tot serie. {extra}</p>
<div class="col"><h2>Producten</h2><ul>
<li><a href="/p/behuizingen">Behuizingen voor elektronica</a></li>
<li><a href="/p/frames">Gelaste frames</a></li>
<li><a href="/p/kabelbomen">Kabelbomen</a></li></ul></div>
<div class="col"><h2>Machinepark</h2><ul>
<li>DMG Mori DMU 65 monoBLOCK</li><li>Trumpf TruLaser 3030</li><li>Zeiss Contura CMM</li></ul></div>
<div class="col"><h2>Certificaten</h2><ul><li>ISO 9001:2015</li><li>AQAP 2110</li><li>EN 1090 EXC2</li></ul></div>
</div>
<div class="footer"><p>{FOOTER}</p></div>
</body></html>""".encode()


def test_product_machine_and_certificate_lists_survive():
    text = main_text(product_page(), "https://www.precisiemetaal.nl/wat-wij-doen")
    for item in [
        "Behuizingen voor elektronica",
        "Gelaste frames",
        "Kabelbomen",
        "DMG Mori DMU 65 monoBLOCK",
        "Trumpf TruLaser 3030",
        "Zeiss Contura CMM",
        "ISO 9001:2015",
        "AQAP 2110",
        "EN 1090 EXC2",
    ]:
        assert f"- {item}" in text, item
    for heading in ["Producten", "Machinepark", "Certificaten"]:
        assert f"## {heading}" in text
    assert "maritieme sector" in text
    # menus and cookie banners are not main text
    assert "Accepteren" not in text and "Vacatures" not in text


def test_pdf_becomes_text():
    assert "AQAP 2110" in pdf_text(pdf_bytes("Certificaat AQAP 2110 Precisie Metaal"))
    assert pdf_text(b"%PDF-1.4 broken") == ""


def test_language_is_detected():
    assert detect_language("Wij maken precisieonderdelen voor de maritieme sector en defensie.") == "nl"
    assert detect_language("We manufacture precision parts for the maritime and defence industries.") == "en"
    assert detect_language("ok") is None


def test_document_keeps_repeated_paragraphs_once_with_urls():
    pages = [
        {
            "url": "https://x.nl/",
            "title": "Home",
            "text": f"# Welkom\nWij frezen.\n{FOOTER}",
            "language": "nl",
        },
        {
            "url": "https://x.nl/a",
            "title": "A",
            "text": f"# Over ons\nSinds 1970.\n{FOOTER}",
            "language": "nl",
        },
        {"url": "https://x.nl/b", "title": "B", "text": f"- ISO 9001\n{FOOTER}", "language": "en"},
    ]
    doc = build_document(pages)
    assert doc.text.count(FOOTER) == 1
    assert [s["url"] for s in doc.sections] == ["https://x.nl/", "https://x.nl/a", "https://x.nl/b"]
    assert "Sinds 1970." in doc.sections[1]["text"] and FOOTER not in doc.sections[1]["text"]
    assert doc.language == "nl"


def _page(kvk: str, url: str, body: bytes, ctype: str = "text/html") -> dict:
    return {
        "url": url,
        "kvk_number": kvk,
        "status_code": 200,
        "content_type": ctype,
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "body": body,
        "run_id": "crawl",
    }


def _site(kvk: str, status: str, usable: bool) -> dict:
    return {
        "kvk_number": kvk,
        "start_url": "http://x/",
        "status": status,
        "usable": usable,
        "run_id": "crawl",
    }


def test_stage_writes_documents_only_for_usable_sites_and_skips_unchanged(tmp_path: Path):
    own, other, parked = "11111111", "22222222", "33333333"
    with Store(tmp_path / "s.duckdb") as store:
        with store.transaction():
            store.insert_df(
                "sites",
                pd.DataFrame(
                    [_site(own, "ok", True), _site(other, "ok", False), _site(parked, "parked", False)]
                ),
            )
            store.insert_df(
                "pages",
                pd.DataFrame(
                    [
                        _page(own, "https://www.pm.nl/", product_page()),
                        _page(
                            own,
                            "https://www.pm.nl/cert.pdf",
                            pdf_bytes("Certificaat AQAP 2110"),
                            "application/pdf",
                        ),
                        _page(other, "https://www.anders.nl/", product_page()),
                        _page(parked, "https://www.parked.nl/", product_page()),
                    ]
                ),
            )
        first = run_stage(store, "extract", Config())
        assert first.counts["pages_extracted"] == 2
        docs = store.df("SELECT * FROM documents")
        assert list(docs["kvk_number"]) == [own]
        sections = json.loads(docs["sections"][0])
        assert {s["url"] for s in sections} == {"https://www.pm.nl/", "https://www.pm.nl/cert.pdf"}
        assert "AQAP 2110" in docs["text"][0] and docs["language"][0] == "nl"

        again = run_stage(store, "extract", Config())
        assert again.counts["pages_extracted"] == 0 and again.counts["documents_kept"] == 1

        changed = product_page("Nu ook met titanium.")
        store.execute(
            "UPDATE pages SET body = ?, sha256 = ? WHERE url = 'https://www.pm.nl/'",
            [changed, hashlib.sha256(changed).hexdigest()],
        )
        third = run_stage(store, "extract", Config())
        assert third.counts["pages_extracted"] == 1 and third.counts["documents_written"] == 1
        assert "titanium" in store.scalar("SELECT text FROM documents")

        store.execute("UPDATE sites SET usable = false WHERE kvk_number = ?", [own])
        fourth = run_stage(store, "extract", Config())
        assert fourth.counts["documents_removed"] == 1 and store.count("documents") == 0
