"""Execution engines: the same pure function mapped over partitions of firms.

Stages keep their heavy compute in pure functions `fn(frame: DataFrame, **shared) -> DataFrame` (no
store access: the DuckDB file has one writer) and call `engine.map_partitions(fn, frame,
shared=...)`; the stage then writes the concatenated result to the store. The local engine is the
default; the Dask engine (`ketenradar.engine.dask`) gives identical results because both split the
frame into the same contiguous partitions and concatenate the results in input order.

`shared` holds inputs every partition needs (reference vectors, a taxonomy, thresholds): the Dask
engine sends them to each worker once instead of once per partition.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

import numpy as np
import pandas as pd

PartitionFn = Callable[..., pd.DataFrame]
"""`fn(part: DataFrame, **shared) -> DataFrame`; for the Dask engine it must pickle (a module-level
function, not a closure over an open store), and so must its inputs and output."""

ENGINES = ("local", "dask")
DEFAULT_PARTITIONS = 8
"""Both engines default to the same partitioning, so even a function whose output depends on the
partition boundaries gives identical results on either."""


class Engine(Protocol):
    name: str
    partitions: int

    def map_partitions(
        self,
        fn: PartitionFn,
        frame: pd.DataFrame,
        partitions: int | None = None,
        *,
        shared: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame: ...

    def imap(
        self, fn: PartitionFn, parts: list[pd.DataFrame], *, shared: Mapping[str, Any] | None = None
    ) -> Iterator[pd.DataFrame]: ...

    def close(self) -> None: ...


def split(frame: pd.DataFrame, partitions: int) -> list[pd.DataFrame]:
    """Contiguous, order-preserving partitions (so results concatenate back in input order)."""
    partitions = max(1, min(partitions, len(frame))) if len(frame) else 1
    bounds = np.linspace(0, len(frame), partitions + 1).astype(int)
    return [frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def concat(results: list[pd.DataFrame]) -> pd.DataFrame:
    """The partitions' results in partition order, re-indexed 0..n-1 (what both engines return)."""
    return pd.concat(results, ignore_index=True)


class LocalEngine:
    """Runs every partition in this process, one after the other."""

    name = "local"

    def __init__(self, partitions: int = DEFAULT_PARTITIONS):
        self.partitions = max(1, int(partitions))

    def map_partitions(
        self,
        fn: PartitionFn,
        frame: pd.DataFrame,
        partitions: int | None = None,
        *,
        shared: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        shared = dict(shared or {})
        if frame.empty:
            return fn(frame, **shared)
        return concat([fn(part, **shared) for part in split(frame, partitions or self.partitions)])

    def imap(
        self, fn: PartitionFn, parts: list[pd.DataFrame], *, shared: Mapping[str, Any] | None = None
    ) -> Iterator[pd.DataFrame]:
        """Each given partition's result as soon as it is ready (here: one after the other)."""
        shared = dict(shared or {})
        for part in parts:
            yield fn(part, **shared)

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def get_engine(
    name: str = "local",
    *,
    workers: int = 2,
    partitions: int | None = None,
    address: str | None = None,
    **options: Any,
) -> Engine:
    """`local` (default) or `dask`.

    For `dask`, `address` (e.g. "tcp://scheduler:8786") connects to a running Dask scheduler;
    without it a LocalCluster of `workers` worker processes is started on 127.0.0.1 and stopped by
    `close()`. `partitions` is the default number of partitions for `map_partitions`.
    """
    if name == "local":
        return LocalEngine(partitions=partitions or DEFAULT_PARTITIONS)
    if name == "dask":
        from ketenradar.engine.dask_engine import DaskEngine

        return DaskEngine(workers=workers, partitions=partitions, address=address, **options)
    from ketenradar.errors import InputError

    raise InputError(f"unknown engine '{name}' (known: {', '.join(ENGINES)})", field="engine.engine")


def engine_from_config(config: Any) -> Engine:
    """The engine a `Config` (or its `EngineConfig`) asks for; callers `close()` it when done."""
    engine_config = config if not hasattr(config, "store") else config.engine
    return get_engine(
        engine_config.engine,
        workers=engine_config.workers,
        partitions=engine_config.partitions,
        address=engine_config.address,
    )


_OPEN: dict[tuple, Engine] = {}


def engine_for(config: Any) -> Engine:
    """The engine a config asks for, started once per process and reused by every stage of a
    `ketenradar run` (a local Dask cluster takes seconds to start); closed at exit."""
    engine_config = config if not hasattr(config, "store") else config.engine
    key = (engine_config.engine, engine_config.workers, engine_config.partitions, engine_config.address)
    if key not in _OPEN:
        _OPEN[key] = engine_from_config(engine_config)
    return _OPEN[key]


@atexit.register
def close_engines() -> None:
    while _OPEN:
        _OPEN.popitem()[1].close()
