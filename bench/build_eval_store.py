"""Build a realistic evaluation store for the scorer straight from a generated demo world.

Stands in for the upstream stages (ingest/resolve, crawl/extract, indicators) so that the scorer can
be measured on its own:
- firms: from the ground truth (KvK fields: name, size, SBI);
- labels: A for truth-A firms that appear in an award file (TED/TenderNed), B for truth-B firms that
  appear in an OEM supplier list — the firms the sources would label; every other firm is unlabelled;
- documents: the text of each usable site's HTML pages (<main>, else <body> without header/nav/footer);
- indicators: the real `indicators` stage when it is installed; otherwise (`--taxonomy FILE`) plain
  term presence from a taxonomy YAML (no negation rules), evidence = the sentence.

Then runs `embed` and `score` and the score evaluator, and prints/writes the figures:

    python bench/build_eval_store.py WORLD_DIR --db eval.duckdb --model usem3 --model tfidf \
        --out figures.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import pandas as pd
import yaml
from lxml import html as lxml_html

from ketenradar.config import Config
from ketenradar.evaluate.score import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.runner import Runner
from ketenradar.store import Store

AWARD_FILES = ("ted", "tenderned")
OEM_FILES = ("oem-",)


def size_class(employees: int | None) -> str | None:
    if employees is None or pd.isna(employees):
        return None
    for upper, label in ((9, "0-9"), (49, "10-49"), (249, "50-249")):
        if employees <= upper:
            return label
    return "250+"


def page_text(path: Path) -> tuple[str, str]:
    tree = lxml_html.fromstring(path.read_bytes())
    title = (tree.findtext(".//title") or "").strip()
    root = tree.find(".//main")
    if root is None:
        root = tree.find(".//body")
        if root is None:
            return title, ""
        for bad in root.xpath(".//header|.//nav|.//footer|.//script|.//style"):
            bad.drop_tree()
    blocks = [" ".join(el.text_content().split()) for el in root.xpath(".//h1|.//h2|.//h3|.//p|.//li|.//td")]
    return title, "\n".join(b for b in blocks if b)


def term_regex(term: str) -> str:
    if term.startswith("re:"):
        return term[3:]
    body = re.escape(term.strip("*")).replace(r"\ ", r"[\s\-/]?").replace(r"\-", r"[\s\-/]?")
    prefix = r"\w*" if term.startswith("*") else r"\b"
    suffix = r"\w*" if term.endswith("*") else r"\b"
    return prefix + body + suffix


def load_taxonomy(path: Path) -> dict[str, re.Pattern]:
    data = yaml.safe_load(path.read_text())
    out = {}
    for ind, spec in data["indicators"].items():
        terms = [t for lang in (spec.get("terms") or {}).values() for t in lang]
        if terms:
            out[ind] = re.compile("|".join(f"(?:{term_regex(str(t))})" for t in terms), re.IGNORECASE)
    return out


def build(world: Path, db: Path, taxonomy: Path | None, indicators: bool = True) -> None:
    """`indicators=False`: firms, labels and documents only (enough to embed)."""
    truth = GroundTruth.load(world)
    firms = truth.firms
    records = truth.records
    award = set(records[records.path.str.contains("|".join(AWARD_FILES))].kvk_number.dropna())
    oem = set(records[records.path.str.contains("|".join(OEM_FILES))].kvk_number.dropna())
    a_lab = firms[(firms.category == "A") & firms.kvk_number.isin(award)].kvk_number
    b_lab = firms[(firms.category == "B") & firms.kvk_number.isin(oem)].kvk_number
    labels = pd.DataFrame(
        {"kvk_number": list(a_lab) + list(b_lab), "label": ["A"] * len(a_lab) + ["B"] * len(b_lab)}
    )
    labels["source"], labels["strength"], labels["run_id"] = "truth_sources", 1.0, "eval"
    frame = pd.DataFrame(
        {
            "kvk_number": firms.kvk_number,
            "name": firms.name,
            "employees": firms.employees,
            "size_class": firms.employees.map(size_class),
            "sbi_main": firms.sbi_main.astype(str),
            "sbi_codes": firms.sbi_codes.map(lambda v: [str(x) for x in v] if isinstance(v, list) else None),
            "trade_names": firms.trade_names.map(lambda v: list(v) if isinstance(v, list) else None),
            "website": firms.website,
            "domain": firms.domain,
            "run_id": "eval",
        }
    )
    matchers = load_taxonomy(taxonomy) if taxonomy else {}
    docs, hits, profiles = [], [], []
    owner = firms.site_owner_kvk.map(lambda v: str(int(v)).zfill(8) if pd.notna(v) else None)
    usable = firms[(firms.site_status == "ok") & (owner == firms.kvk_number)]
    for kvk, domain in zip(usable.kvk_number, usable.domain, strict=True):
        folder = world / "sites" / str(domain)
        sections, seen = [], set()
        for page in sorted(folder.rglob("*.html")):
            title, text = page_text(page)
            rel = page.relative_to(folder).as_posix().removesuffix("index.html")
            url = f"https://{domain}/{rel}"
            lines = [ln for ln in text.split("\n") if ln not in seen]
            seen.update(lines)
            if lines:
                sections.append({"url": url, "title": title, "text": "\n".join(lines)})
        text = "\n\n".join(s["text"] for s in sections)
        if len(text) < 200:
            continue
        docs.append(
            {
                "kvk_number": kvk,
                "text": text,
                "sections": json.dumps(sections),
                "n_pages": len(sections),
                "n_chars": len(text),
                "sha256": str(hash(text)),
                "run_id": "eval",
            }
        )
        found = set()
        for sec in sections:
            for sentence in re.split(r"(?<=[.!?])\s+|\n", sec["text"]):
                for ind, rx in matchers.items():
                    m = rx.search(sentence)
                    if m:
                        found.add(ind)
                        hits.append(
                            {
                                "kvk_number": kvk,
                                "indicator_id": ind,
                                "grp": ind.split(".")[0],
                                "term": m.group(0),
                                "sentence": sentence,
                                "url": sec["url"],
                                "source": "website",
                                "run_id": "eval",
                            }
                        )
        profiles.append(
            {
                "kvk_number": kvk,
                "indicators": sorted(found),
                "n_indicators": len(found),
                "has_document": True,
                "run_id": "eval",
            }
        )
    with Store(db) as store, store.transaction():
        for table in ("firms", "labels", "documents", "indicator_hits", "firm_profile"):
            store.execute(f"DELETE FROM {table}")
        store.insert_df("firms", frame)
        store.insert_df("labels", labels)
        store.insert_df("documents", pd.DataFrame(docs))
        if taxonomy:
            store.insert_df("indicator_hits", pd.DataFrame(hits))
            store.insert_df("firm_profile", pd.DataFrame(profiles))
    if not taxonomy and indicators:
        with Store(db) as store:
            counts = Runner(Config(), quiet=True).run_in(store, "indicators").counts
            print(f"indicators: {counts}", file=sys.stderr)
    print(
        f"firms {len(frame)}, labels A {len(a_lab)} / B {len(b_lab)} (truth A {int((firms.category == 'A').sum())}, "
        f"B {int((firms.category == 'B').sum())}), documents {len(docs)}, hits {len(hits)}",
        file=sys.stderr,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("world", type=Path)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--taxonomy", type=Path, help="simple term presence instead of the indicators stage")
    ap.add_argument("--model", action="append", help="usem3 | tfidf (repeatable)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    if not args.skip_build:
        build(args.world, args.db, args.taxonomy)
    figures = {}
    truth = GroundTruth.load(args.world)
    for model in args.model or ["usem3"]:
        config = Config()
        config.embed.model = model
        with Store(args.db) as store:
            t0 = time.perf_counter()
            r = Runner(config, quiet=True).run_in(store, "embed")
            t1 = time.perf_counter()
            s = Runner(config, quiet=True).run_in(store, "score")
            t2 = time.perf_counter()
            ev = evaluate(store, config, truth)
        figures[model] = {
            "embed": r.counts,
            "embed_s": round(t1 - t0, 1),
            "score_s": round(t2 - t1, 1),
            "score": s.counts,
            "thresholds": s.tables.get("thresholds"),
            "evaluation": ev.tables,
        }
        print(json.dumps(figures[model], indent=1, default=str))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
