"""`ketenradar extract`: main text and language per page, then one document per firm.

Only pages of sites that are `ok` and usable (not another firm's, not parked) are used. A page whose
body is unchanged (same sha256) since its text was extracted is skipped; a document whose text is
unchanged is not rewritten. A firm whose text stays under `extract.min_chars` gets no document.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from ketenradar.config import Config
from ketenradar.engine import engine_for, process_parallel
from ketenradar.extract.document import build_document
from ketenradar.extract.text import detect_language, pdf_text, title_and_main_text
from ketenradar.model import pages as pages_model
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult
from ketenradar.store import Store

BATCH = 200


def page_text(url: str, content_type: str | None, body: bytes) -> tuple[str | None, str]:
    """(title, text) of one stored page."""
    ctype = (content_type or "").lower()
    if ctype.endswith("pdf") or body[:5] == b"%PDF-":
        return PurePosixPath(urlsplit(url).path).name or url, pdf_text(body)
    if ctype.startswith("text/plain"):
        return None, body.decode("utf-8", errors="replace")
    return title_and_main_text(body, url)


PAGE_TEXT_COLUMNS = ["url", "kvk_number", "title", "text", "language", "sha256", "run_id"]
DOCUMENT_COLUMNS = [
    "kvk_number",
    "short",
    "language",
    "text",
    "sections",
    "n_pages",
    "n_chars",
    "sha256",
]


@process_parallel
def extract_pages(part: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """page_texts rows for a partition of pages (kvk_number, url, content_type, body, sha256).

    Pure (no store): mapped over partitions on the selected engine, so it may run in another process.
    """
    records = []
    for kvk, url, ctype, body, sha in part[
        ["kvk_number", "url", "content_type", "body", "sha256"]
    ].itertuples(index=False):
        title, text = page_text(url, ctype, bytes(body))
        records.append([url, kvk, title, text, detect_language(text), sha, run_id])
    return pd.DataFrame(records, columns=PAGE_TEXT_COLUMNS)


@process_parallel
def build_documents(part: pd.DataFrame, min_chars: int) -> pd.DataFrame:
    """One document row per firm of a partition (kvk_number, pages: its page texts in crawl order);
    `short` marks a firm whose text stays under `min_chars` (it gets no document)."""
    rows = []
    for kvk, pages in zip(part["kvk_number"], part["pages"], strict=True):
        doc = build_document(list(pages))
        if len(doc.text) < min_chars:
            rows.append([kvk, True, None, None, None, 0, 0, None])
            continue
        rows.append(
            [
                kvk,
                False,
                doc.language,
                doc.text,
                json.dumps(doc.sections, ensure_ascii=False),
                len(doc.sections),
                len(doc.text),
                doc.sha256,
            ]
        )
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


def run(store: Store, config: Config, ctx: StageContext, **options: object) -> StageResult:
    result = StageResult("extract")
    # A refresh archives pages its site no longer has (crawl/writer.py): their texts go too.
    with store.transaction():
        removed = pages_model.delete_orphan_texts(store)
    result.counts["page_texts_removed"] = len(removed)
    todo = pages_model.to_extract(store, ctx.firms)
    extracted = 0
    engine = engine_for(config)
    # One pool of workers for every batch and the documents (not one per batch: see kept_open).
    with engine.kept_open():
        with ctx.progress("extract pages", total=len(todo)) as bar:
            for start in range(0, len(todo), BATCH):
                keys = todo[start : start + BATCH]
                pages = pages_model.bodies(store, keys)
                records = engine.map_partitions(extract_pages, pages, shared={"run_id": ctx.run_id})
                with store.transaction():
                    store.upsert_df("page_texts", records, ["kvk_number", "url"])
                extracted += len(records)
                bar.advance(len(keys))
        result.counts["pages_extracted"] = extracted
        result.counts[SKIPPED_UNCHANGED] = pages_model.usable_text_count(store, ctx.firms) - extracted
        result.counts.update(_documents(store, config, ctx))
    return result


def _documents(store: Store, config: Config, ctx: StageContext) -> dict[str, int]:
    texts = pages_model.texts_in_crawl_order(store, ctx.firms)
    current = dict(store.fetchall("SELECT kvk_number, sha256 FROM documents"))
    per_firm = pd.DataFrame(
        [
            (kvk, group.astype(object).where(group.notna(), None).to_dict("records"))
            for kvk, group in texts.groupby("kvk_number", sort=True)
        ],
        columns=["kvk_number", "pages"],
    )
    built = engine_for(config).map_partitions(
        build_documents, per_firm, shared={"min_chars": config.extract.min_chars}
    )
    is_short = built["short"].astype(bool)
    short = set(built.loc[is_short, "kvk_number"])
    docs = built[~is_short]
    changed = np.array(
        [current.get(k) != sha for k, sha in zip(docs["kvk_number"], docs["sha256"], strict=True)], dtype=bool
    )
    unchanged = len(docs) - int(changed.sum())
    frames = docs.loc[changed].drop(columns="short").assign(run_id=ctx.run_id)
    written = len(frames)
    keep = set(texts["kvk_number"]) if not texts.empty else set()
    with store.transaction():
        if written:
            store.upsert_df("documents", frames, ["kvk_number"])
        # A document is derived data: it goes when its site is no longer usable (flagged, parked...)
        # or its text fell under the minimum.
        in_scope = set(ctx.firms) if ctx.firms is not None else None
        stale = [k for k in current if (in_scope is None or k in in_scope) and (k not in keep or k in short)]
        if stale:
            store.execute("DELETE FROM documents WHERE kvk_number IN (SELECT unnest(?))", [stale])
    return {
        "documents_written": written,
        "documents_kept": unchanged,
        "firms_too_little_text": len(short),
        "documents_removed": len(stale),
        "documents_total": int(store.scalar("SELECT count(*) FROM documents") or 0),
    }
