"""Execution engines: the same pure function mapped over partitions of firms.

Stages keep their heavy compute in pure functions `fn(frame: DataFrame, **shared) -> DataFrame` (no
store access: the DuckDB file has one writer) and call `engine.map_partitions(fn, frame,
shared=...)`; the stage then writes the concatenated result to the store. The local engine is the
default; the Dask engine (`ketenradar.engine.dask`) gives identical results because both split the
frame into the same contiguous partitions and concatenate the results in input order.

`shared` holds inputs every partition needs (reference vectors, a taxonomy, thresholds): the Dask
engine sends them to each worker once instead of once per partition.

The local engine runs partitions in this process, or, for functions marked `@process_parallel`
(CPU-bound pure Python: trafilatura, the taxonomy matcher) and `workers > 1`, on a pool of
`workers` processes on this machine. Results come back in partition order either way, so the
output is the same.
"""

from __future__ import annotations

import atexit
import hashlib
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, TypeVar

import numpy as np
import pandas as pd

from ketenradar.errors import KetenradarError

PartitionFn = Callable[..., pd.DataFrame]
"""`fn(part: DataFrame, **shared) -> DataFrame`; for the Dask engine it must pickle (a module-level
function, not a closure over an open store), and so must its inputs and output."""

ENGINES = ("local", "dask")


class EngineError(KetenradarError):
    """An engine could not start, connect, or run a partition."""


F = TypeVar("F", bound=Callable[..., Any])


def process_parallel(fn: F) -> F:
    """Mark a partition function as worth a process of its own on the local engine: pure,
    CPU-bound in Python (one core per process: the GIL), module-level so it pickles, and with
    inputs and outputs that are cheap to pickle next to its compute. Functions that already use
    several cores (BLAS, ONNX) or need float results from this process's thread count stay unmarked
    and run in this process."""
    fn.process_parallel = True  # type: ignore[attr-defined]
    return fn


def available_cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int | None) -> int:
    """`workers` from the config: 0 (or unset) means every available core."""
    if workers is None or workers == 0:
        return available_cores()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        from ketenradar.errors import InputError

        raise InputError(f"workers must be 0 (every core) or more, got {workers!r}", field="engine.workers")
    return workers


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

    def kept_open(self) -> AbstractContextManager[Any]: ...

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
    """Runs partitions on this machine: in this process, one after the other; or, for a function
    marked `@process_parallel` when `workers > 1`, on a pool of `workers` processes. The pool is
    started for each call and stopped when its results are in, or, inside `kept_open()`, kept for
    every call of that block (a stage's batches) and stopped when the block ends. Results are
    concatenated in partition order in both cases, so the output does not depend on `workers`."""

    name = "local"

    def __init__(self, partitions: int = DEFAULT_PARTITIONS, workers: int = 1):
        self.partitions = max(1, int(partitions))
        self.workers = resolve_workers(workers)
        self._pool: ProcessPoolExecutor | None = None
        self._kept = 0

    @contextmanager
    def kept_open(self) -> Iterator[LocalEngine]:
        """Keep one pool for every call inside the block, and stop it when the block ends.

        A stage that maps batch after batch wraps its loop in this: a pool per call respawns the
        workers, and each re-imports its libraries and rebuilds its caches (trafilatura, the compiled
        matcher, the learned indicator model), which at 16,000 firms cost more than the work itself.
        The pool still ends with the stage, never outliving it (see `imap`)."""
        self._kept += 1
        try:
            yield self
        finally:
            self._kept -= 1
            if not self._kept:
                self.close()

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
        return concat(list(self.imap(fn, split(frame, partitions or self.partitions), shared=shared)))

    def imap(
        self, fn: PartitionFn, parts: list[pd.DataFrame], *, shared: Mapping[str, Any] | None = None
    ) -> Iterator[pd.DataFrame]:
        """Each given partition's result in partition order, as soon as it and those before it are
        ready."""
        shared = dict(shared or {})
        if not self._in_processes(fn, parts):
            for part in parts:
                yield fn(part, **shared)
            return
        # The shared inputs are pickled once here, not once per task; a worker unpickles them once
        # per call (`_SHARED`), so e.g. the matcher it compiles is cached under the same taxonomy.
        blob = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)
        key = hashlib.sha256(blob).hexdigest()
        pool = self._get_pool(fn)
        futures: list[Future] = []
        try:
            futures = [pool.submit(_run_partition, fn, part, key, blob) for part in parts]
            for future in futures:
                yield future.result()
        except BrokenProcessPool as exc:
            self.close()
            raise EngineError(
                f"local engine: a worker process died while running {fn.__name__} "
                f"(out of memory or killed?): {exc}"
            ) from exc
        finally:
            for future in futures:
                future.cancel()
            # The pool lives for one call, or for the `kept_open()` block around it, never longer. A
            # pool kept between stages outlived the stage's process when that process was itself a
            # multiprocessing child (the quality bench runs each world in one): such a child skips
            # atexit and joins its non-daemon children on exit, so it waited forever on idle workers.
            if not self._kept:
                self.close()

    def _in_processes(self, fn: PartitionFn, parts: list[pd.DataFrame]) -> bool:
        return self.workers > 1 and len(parts) > 1 and getattr(fn, "process_parallel", False)

    def _get_pool(self, fn: PartitionFn) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: every worker is a fresh interpreter. Not fork: this process has DuckDB's and
            # Arrow's threads running, and a forked child inherits their locks in whatever state they
            # were. Not forkserver either: the server imports the function's module (or __main__), and
            # a library that starts a thread at import (BLAS, DuckDB) leaves the server threaded, so a
            # worker forked from it can deadlock on an inherited lock; a CI run hung so, with a worker
            # waiting on a futex. Each worker imports its libraries once per pool (a call, or a
            # `kept_open()` block).
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def close(self) -> None:
        """Stop the pool's workers: ask them to exit, and kill any that has not within 30 s (all
        results are in by then; a worker stuck at exit must not hang the caller)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + 30
        for process in processes:
            process.join(timeout=max(0.0, deadline - time.monotonic()))
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join(timeout=5)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_SHARED: dict[str, dict[str, Any]] = {}
"""In a pool worker: the shared inputs of the current call, by the hash of their pickle."""


def _run_partition(fn: PartitionFn, part: pd.DataFrame, key: str, blob: bytes) -> pd.DataFrame:
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = pickle.loads(blob)
    return fn(part, **_SHARED[key])


def get_engine(
    name: str = "local",
    *,
    workers: int = 0,
    partitions: int | None = None,
    address: str | None = None,
    **options: Any,
) -> Engine:
    """`local` (default) or `dask`. `workers` (0 = every available core) is the local engine's pool
    of processes for `@process_parallel` functions, or the local Dask cluster's worker processes.

    For `dask`, `address` (e.g. "tcp://scheduler:8786") connects to a running Dask scheduler;
    without it a LocalCluster of `workers` worker processes is started on 127.0.0.1 and stopped by
    `close()`. `partitions` is the default number of partitions for `map_partitions`.
    """
    if name == "local":
        return LocalEngine(partitions=partitions or DEFAULT_PARTITIONS, workers=workers)
    if name == "dask":
        from ketenradar.engine.dask_engine import DaskEngine

        return DaskEngine(workers=resolve_workers(workers), partitions=partitions, address=address, **options)
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
