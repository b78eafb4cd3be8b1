"""Indicators on a generated demo world, without crawling: documents straight from the site files.

    python scripts/indicators_demo.py WORLD_DIR [--db FILE] [--out FILE] [--errors FILE]

Builds one `documents` row per firm whose site is served ("ok") from the world's HTML (and PDF)
files with trafilatura, the same way the extract stage keeps main text, then runs the indicators
stage and its evaluator, and prints precision and recall per group and the time taken. With
--errors, writes false positives and misses (with the sentences) for error analysis.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import time
from pathlib import Path

import pandas as pd

_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "table",
    "dd",
    "dt",
    "blockquote",
    "main",
    "figcaption",
}
_DROP = ("script", "style", "nav", "header", "footer", "noscript", "form", "aside")


def _html_text(raw: bytes) -> tuple[str | None, str]:
    """Main text of a page: lxml without nav/header/footer, one line per block element.

    (trafilatura needs lxml_html_clean, which is not installed here; this is a bench helper only.)
    """
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(raw)
    except Exception:  # noqa: BLE001 - broken HTML: no text
        return None, ""
    title = (tree.findtext(".//title") or "").strip() or None
    for bad in tree.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    body = tree.find(".//body")
    root = body if body is not None else tree
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCKS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCKS:
            parts.append("\n")

    walk(root)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return title, "\n".join(line for line in lines if line)


def _pdf_text(raw: bytes) -> str:
    from pypdf import PdfReader

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
    except Exception:  # noqa: BLE001 - unreadable PDF: no text
        return ""


def site_sections(site_dir: Path, host: str) -> list[dict]:
    sections = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            title, text = _html_text(path.read_bytes())
            # As the demo server serves them: "over-ons.html" and "over-ons/index.html" are "/over-ons/".
            url_path = rel[: -len("index.html")] if rel.endswith("index.html") else rel[: -len(".html")] + "/"
        elif path.suffix == ".pdf":
            title, text, url_path = path.name, _pdf_text(path.read_bytes()), rel
        else:
            continue
        if text.strip():
            sections.append({"url": f"https://{host}/{url_path}", "title": title, "text": text})
    return sections


_KVK_ON_PAGE = re.compile(r"(?:KvK|Kamer van Koophandel|Chamber of Commerce|CoC)[^0-9]{0,30}(\d{8})", re.I)


def owner_ok(text: str, kvk: str) -> bool:
    """The crawl's ownership check, simplified: a site that shows KvK numbers must show this one."""
    shown = set(_KVK_ON_PAGE.findall(text))
    return not shown or kvk in shown


def store_from_site_files(world: Path, db: Path) -> int:
    from ketenradar.store import Store

    truth = [json.loads(line) for line in (world / "ground_truth" / "firms.jsonl").open()]
    firms, docs, sites = [], [], []
    for firm in truth:
        firms.append(
            {
                "kvk_number": firm["kvk_number"],
                "name": firm["name"],
                "trade_names": firm.get("trade_names") or [],
                "employees": firm.get("employees"),
                "sbi_main": firm.get("sbi_main"),
                "sbi_codes": firm.get("sbi_codes") or [],
                "run_id": "bench",
            }
        )
        domain = firm.get("domain")
        if firm.get("site_status") != "ok" or not domain:
            continue
        candidates = [domain, domain.removeprefix("www."), "www." + domain.removeprefix("www.")]
        site_dir = next((world / "sites" / c for c in candidates if (world / "sites" / c).is_dir()), None)
        if site_dir is None:
            continue
        sections = site_sections(site_dir, domain)
        text = "\n\n".join(s["text"] for s in sections)
        if len(text) < 200:
            continue
        sites.append(
            {
                "kvk_number": firm["kvk_number"],
                "start_url": f"https://{domain}/",
                "domain": domain,
                "status": "ok",
                "n_pages": len(sections),
                "usable": owner_ok(text, firm["kvk_number"]),
                "run_id": "bench",
            }
        )
        docs.append(
            {
                "kvk_number": firm["kvk_number"],
                "language": firm.get("language"),
                "text": text,
                "sections": json.dumps(sections, ensure_ascii=False),
                "n_pages": len(sections),
                "n_chars": len(text),
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "run_id": "bench",
            }
        )
    with Store(db) as store, store.transaction():
        store.upsert_df("firms", pd.DataFrame(firms), ["kvk_number"])
        store.upsert_df("documents", pd.DataFrame(docs), ["kvk_number"])
        store.upsert_df("sites", pd.DataFrame(sites), ["kvk_number"])
    return len(docs)


def errors(store, truth_path: Path) -> list[dict]:
    truth = {
        r["kvk_number"]: set(r.get("capabilities") or [])
        for r in map(json.loads, (truth_path / "firms.jsonl").open())
    }
    hits = store.df(
        "SELECT kvk_number, indicator_id, term, sentence, url FROM indicator_hits WHERE source='website'"
    )
    found: dict[str, set[str]] = {}
    for r in hits.itertuples():
        found.setdefault(r.kvk_number, set()).add(r.indicator_id)
    out = []
    for r in hits.itertuples():
        if r.indicator_id not in truth.get(r.kvk_number, set()):
            out.append(
                {
                    "kind": "fp",
                    "kvk": r.kvk_number,
                    "id": r.indicator_id,
                    "term": r.term,
                    "sentence": r.sentence,
                    "url": r.url,
                }
            )
    docs = dict(store.fetchall("SELECT kvk_number, text FROM documents"))
    for kvk, want in truth.items():
        if kvk not in docs:
            continue
        for ind in sorted(want - found.get(kvk, set())):
            out.append({"kind": "fn", "kvk": kvk, "id": ind, "text": docs[kvk]})
    return out


def main() -> int:
    from ketenradar.config import Config
    from ketenradar.evaluate.indicators import evaluate
    from ketenradar.evaluate.truth import GroundTruth
    from ketenradar.runner import Runner
    from ketenradar.store import Store

    parser = argparse.ArgumentParser()
    parser.add_argument("world", type=Path)
    parser.add_argument("--db", type=Path, default=Path("bench-indicators.duckdb"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--errors", type=Path, default=None)
    args = parser.parse_args()
    if args.db.exists():
        args.db.unlink()
    t0 = time.perf_counter()
    n_docs = store_from_site_files(args.world, args.db)
    t1 = time.perf_counter()
    with Store(args.db) as store:
        result = Runner(Config(), quiet=True).run_in(store, "indicators")
        t2 = time.perf_counter()
        evaluation = evaluate(store, Config(), GroundTruth.load(args.world))
        if args.errors:
            args.errors.write_text(
                json.dumps(errors(store, args.world / "ground_truth"), ensure_ascii=False, indent=1)
            )
    figures = {
        "documents": n_docs,
        "seconds_build_documents": round(t1 - t0, 1),
        "seconds_indicators_stage": round(t2 - t1, 1),
        "stage_counts": result.counts,
        "evaluation_counts": evaluation.counts,
        "per_group": evaluation.tables["per group"],
        "per_indicator": evaluation.tables["per indicator"],
    }
    print(f"{'group':<15}{'precision':>10}{'recall':>10}{'tp':>7}{'fp':>6}{'fn':>6}")
    for r in figures["per_group"]:
        print(
            f"{r['group']:<15}{r['precision'] or 0:>10.3f}{r['recall'] or 0:>10.3f}{r['tp']:>7}{r['fp']:>6}{r['fn']:>6}"
        )
    print(
        json.dumps(
            {k: figures[k] for k in ("documents", "seconds_build_documents", "seconds_indicators_stage")}
        )
    )
    print(json.dumps(figures["evaluation_counts"]))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
