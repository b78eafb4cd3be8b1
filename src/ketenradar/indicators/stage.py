"""`ketenradar indicators`: indicator hits with evidence, and the one firm profile.

Reads `documents` (one per firm, with its pages in `sections`) and `firms` (registry fields); writes
`indicator_hits` (each website hit with its sentence, URL, language and the reason it counts as a
claim about the firm) and `firm_profile`. A firm whose document, registry fields and taxonomy are all
unchanged since the last run is skipped (input hash), so re-running changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from typing import Any

import pandas as pd

from ketenradar.config import Config
from ketenradar.engine import engine_for, process_parallel
from ketenradar.indicators import learned
from ketenradar.indicators.matcher import MATCHER_VERSION, Hit, matcher_for
from ketenradar.indicators.registry import registry_indicators
from ketenradar.indicators.taxonomy import Taxonomy, load_taxonomy
from ketenradar.model import documents as documents_model
from ketenradar.model import firms as firms_model
from ketenradar.model import pages as pages_model
from ketenradar.model import sites as sites_model
from ketenradar.portal.source import self_declared_hits
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult
from ketenradar.store import Store

BATCH = 200
MAX_HITS_PER_INDICATOR = 5
# Profile list column and count column per built-in group.
GROUP_COLUMNS = {
    "process": ("processes", "n_process"),
    "material": ("materials", "n_material"),
    "product": ("products", "n_product"),
    "cert": ("certifications", "n_cert"),
    "capacity": ("capacities", "n_capacity"),
    "automation": ("automation", "n_automation"),
    "international": ("international", "n_international"),
    "market": ("markets", "n_market"),
    "tech": ("tech", "n_tech"),
}
_EXC = re.compile(r"EXC[\s-]?([1-4])|(?:klasse|class)\s*([1-4])", re.IGNORECASE)
_EXC_RANGE = re.compile(
    r"EXC[\s-]?[1-4]\s*(?:en|and|/|,|&|of|or|t/m|tot\s+en\s+met|tot|to|-)\s*(?:EXC[\s-]?)?([1-4])", re.I
)


def _sha(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _names(row: dict[str, Any]) -> list[str]:
    trade = row.get("trade_names")
    names = [row.get("name")] + (list(trade) if trade is not None and not isinstance(trade, float) else [])
    return [str(n) for n in names if isinstance(n, str) and n.strip()]


def _registry_fields(row: dict[str, Any]) -> dict[str, Any]:
    codes = row.get("sbi_codes")
    employees = row.get("employees")
    return {
        "names": _names(row),
        "employees": None if employees is None or pd.isna(employees) else int(employees),
        "size_class": row.get("size_class"),
        "turnover_class": row.get("turnover_class"),
        "sbi_main": row.get("sbi_main"),
        "sbi_codes": [str(c) for c in codes] if codes is not None and not isinstance(codes, float) else [],
    }


def _sections(text: str | None, sections: Any) -> list[dict[str, Any]]:
    if isinstance(sections, str):
        try:
            sections = json.loads(sections)
        except json.JSONDecodeError:
            sections = None
    if isinstance(sections, list) and sections:
        return [s for s in sections if isinstance(s, dict)]
    return [{"url": None, "title": None, "text": text or ""}]


def _en1090_class(hits: list[Hit]) -> str | None:
    best = 0
    for hit in hits:
        if hit.indicator_id != "cert.en1090":
            continue
        for m in _EXC.finditer(hit.term):
            best = max(best, int(m.group(1) or m.group(2)))
        for m in _EXC_RANGE.finditer(hit.term):
            best = max(best, int(m.group(1)))
    return f"EXC{best}" if best else None


def _profile(
    kvk: str,
    hits: list[Hit],
    registry_rows: list[tuple[str, str, str]],
    registry_profile: dict[str, Any],
    groups: list[str],
    *,
    has_document: bool,
    doc_sha: str | None,
    taxonomy_sha: str,
    input_sha: str,
    run_id: str,
) -> dict[str, Any]:
    by_group: dict[str, list[str]] = defaultdict(list)
    website: list[str] = []
    for hit in hits:
        if hit.indicator_id not in website:
            website.append(hit.indicator_id)
            by_group[hit.group].append(hit.indicator_id.split(".", 1)[1])
    website.sort()
    registry = [r[0] for r in registry_rows]
    row: dict[str, Any] = {
        "kvk_number": kvk,
        "indicators": website + registry,
        "n_indicators": len(website) + len(registry),
        "website_indicators": website,
        "registry_indicators": registry,
        "group_counts": json.dumps({g: len(by_group.get(g, [])) for g in groups}),
        "en1090_class": _en1090_class(hits),
        "n_hits": len(hits),
        "has_document": has_document,
        "doc_sha256": doc_sha,
        "taxonomy_sha256": taxonomy_sha,
        "input_sha256": input_sha,
        "run_id": run_id,
        **registry_profile,
    }
    for group, (list_col, count_col) in GROUP_COLUMNS.items():
        names = sorted(by_group.get(group, []))
        row[list_col] = names
        row[count_col] = len(names)
    return row


def _keep_evidence(hits: list[Hit]) -> list[Hit]:
    """At most a few hits per indicator per firm: enough evidence, a table that stays small."""
    per: dict[str, int] = defaultdict(int)
    kept = []
    for hit in hits:
        if per[hit.indicator_id] < MAX_HITS_PER_INDICATOR:
            per[hit.indicator_id] += 1
            kept.append(hit)
    return kept


@process_parallel
def match_firms(part: pd.DataFrame, taxonomy: Taxonomy, taxonomy_sha: str, run_id: str) -> pd.DataFrame:
    """Per firm of a partition: its indicator_hits rows (`hits`), its firm_profile row (`profile`)
    and hit counts. Pure (no store), so it runs on any engine; the compiled matcher is cached per
    process (`matcher_for`), so a worker compiles the taxonomy once."""
    matcher = matcher_for(taxonomy)
    groups = taxonomy.group_names()
    out = []
    # Missing values stay None (to_dict would turn them into NaN next to numeric columns).
    for firm in part.astype(object).where(part.notna(), None).to_dict("records"):
        kvk = firm["kvk_number"]
        registry = firm["registry"]
        hits: list[Hit] = []
        if firm["has_text"]:
            names = registry.get("names", [])
            sections = _sections(firm["text"], firm["sections"])
            page_langs = firm.get("languages") or {}
            for section in sections:
                if section.get("url") in page_langs and not section.get("language"):
                    section["language"] = page_langs[section["url"]]
            hits = _keep_evidence(matcher.match_sections(sections, names))
        reg_rows, reg_profile = registry_indicators(registry)
        hit_rows = [
            {
                "kvk_number": kvk,
                "indicator_id": h.indicator_id,
                "grp": h.group,
                "term": h.term,
                "sentence": h.sentence,
                "url": h.url,
                "lang": h.lang,
                "reason": h.reason,
                "source": "website",
                "run_id": run_id,
            }
            for h in hits
        ] + [
            {
                "kvk_number": kvk,
                "indicator_id": ind_id,
                "grp": grp,
                "term": term,
                "sentence": None,
                "url": None,
                "lang": None,
                "reason": "registry field",
                "source": "registry",
                "run_id": run_id,
            }
            for ind_id, grp, term in reg_rows
        ]
        # Declarations from the portal (source self_declared, with their weight; docs/portal.md).
        hit_rows += [{**row, "run_id": run_id} for row in firm.get("declared") or []]
        profile = _profile(
            kvk,
            hits,
            reg_rows,
            reg_profile,
            groups,
            has_document=bool(firm["has_document"]),
            doc_sha=firm["doc_sha"],
            taxonomy_sha=taxonomy_sha,
            input_sha=firm["input_sha"],
            run_id=run_id,
        )
        out.append([kvk, hit_rows, profile, len(hits), len(reg_rows)])
    return pd.DataFrame(out, columns=["kvk_number", "hits", "profile", "n_website", "n_registry"])


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    *,
    taxonomy: str | None = None,
    replace_taxonomy: bool = False,
    **options: object,
) -> StageResult:
    """Match every changed firm's document; `taxonomy` overrides `[indicators] taxonomy`."""
    result = StageResult("indicators")
    if taxonomy:
        config.indicators.taxonomy = taxonomy
        config.indicators.extend_taxonomy = not replace_taxonomy
    tax = load_taxonomy(config.indicators.taxonomy, extend=config.indicators.extend_taxonomy)
    # The learned model's training sentences are an input too: new labels recompute every firm.
    taxonomy_sha = _sha(tax.sha256, MATCHER_VERSION, learned.data_sha256())

    firms = firms_model.registry_fields(store)
    docs = documents_model.hashes(store)
    registry = {r["kvk_number"]: _registry_fields(r) for r in firms.to_dict("records")}
    # A site the crawl flagged (another firm's KvK number on it, parked) says nothing about this firm.
    unusable = sites_model.unusable(store)
    doc_sha = {k: v for k, v in zip(docs["kvk_number"], docs["sha256"], strict=True) if k not in unusable}
    universe = sorted(set(registry) | set(doc_sha))
    if ctx.firms is not None:
        wanted = set(ctx.firms)
        universe = [k for k in universe if k in wanted]
    previous = dict(store.fetchall("SELECT kvk_number, input_sha256 FROM firm_profile"))
    # What firms declare in the portal is an input too: a new, verified or expired certificate reruns
    # the firm (firms without declarations keep the hash they had before the portal existed).
    declared = self_declared_hits(config, tax, universe)
    input_sha = {
        k: _sha(taxonomy_sha, doc_sha.get(k), registry.get(k), *([declared[k][0]] if k in declared else []))
        for k in universe
    }
    todo = [k for k in universe if previous.get(k) != input_sha[k]]
    result.counts.update(
        {
            "firms": len(universe),
            "firms_with_document": sum(1 for k in universe if k in doc_sha),
            "documents_of_unusable_sites": sum(1 for k in unusable if k in set(docs["kvk_number"])),
            SKIPPED_UNCHANGED: len(universe) - len(todo),
            "processed": 0,
            "website_hits": 0,
            "registry_hits": 0,
            "self_declared_firms": len(declared),
            "taxonomy_indicators": len(tax.indicators),
        }
    )
    engine = engine_for(config)
    # One pool of workers for every batch: each worker compiles the matcher and fits the learned
    # model once for the stage, not once per batch (see kept_open).
    with engine.kept_open(), ctx.progress("indicators", total=len(todo)) as bar:
        for i in range(0, len(todo), BATCH):
            batch = todo[i : i + BATCH]
            with_doc = [k for k in batch if k in doc_sha]
            texts: dict[str, tuple[Any, Any]] = {}
            languages: dict[str, dict[str, str]] = defaultdict(dict)
            if with_doc:
                frame = documents_model.texts(store, with_doc)
                texts = {r.kvk_number: (r.text, r.sections) for r in frame.itertuples()}
                # The language extract detected per page, so the matcher need not detect it again.
                page_langs = pages_model.languages(store, with_doc)
                languages: dict[str, dict[str, str]] = defaultdict(dict)
                for r in page_langs.itertuples():
                    languages[r.kvk_number][r.url] = r.language
            part = pd.DataFrame(
                {
                    "kvk_number": batch,
                    "text": [texts.get(k, (None, None))[0] for k in batch],
                    "sections": [texts.get(k, (None, None))[1] for k in batch],
                    "languages": [dict(languages.get(k, {})) if with_doc else {} for k in batch],
                    "has_text": [k in texts for k in batch],
                    "registry": [registry.get(k, {}) for k in batch],
                    "has_document": [k in doc_sha for k in batch],
                    "doc_sha": [doc_sha.get(k) for k in batch],
                    "input_sha": [input_sha[k] for k in batch],
                    "declared": [declared[k][1] if k in declared else [] for k in batch],
                }
            )
            matched = engine.map_partitions(
                match_firms,
                part,
                shared={"taxonomy": tax, "taxonomy_sha": taxonomy_sha, "run_id": ctx.run_id},
            )
            hit_rows = [row for rows in matched["hits"] for row in rows]
            profiles = list(matched["profile"])
            result.counts["website_hits"] += int(matched["n_website"].sum())
            result.counts["registry_hits"] += int(matched["n_registry"].sum())
            with store.transaction():
                store.execute("DELETE FROM indicator_hits WHERE list_contains(?, kvk_number)", [batch])
                if hit_rows:
                    store.insert_df("indicator_hits", pd.DataFrame(hit_rows))
                store.upsert_df("firm_profile", pd.DataFrame(profiles), ["kvk_number"])
            result.counts["processed"] += len(batch)
            bar.advance(len(batch))
    result.tables["groups"] = _group_table(store, universe, tax.group_names())
    return result


def _group_table(store: Store, universe: list[str], groups: list[str]) -> list[dict[str, Any]]:
    """Per group: how many firms have at least one indicator of it, and the hits behind them."""
    if not universe:
        return []
    frame = store.df(
        "SELECT grp, count(DISTINCT kvk_number) AS firms, count(*) AS hits FROM indicator_hits "
        "WHERE source = 'website' AND list_contains(?, kvk_number) GROUP BY grp",
        [universe],
    )
    found = {r.grp: (int(r.firms), int(r.hits)) for r in frame.itertuples()}
    return [{"group": g, "firms": found.get(g, (0, 0))[0], "hits": found.get(g, (0, 0))[1]} for g in groups]
