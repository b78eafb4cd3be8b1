"""The Dask `distributed` engine: partitions of firms run as tasks on a Dask cluster.

Without an address it starts a LocalCluster of worker processes bound to 127.0.0.1 (one thread
each, so `workers` processes use `workers` cores); with an address it connects to a scheduler the
user runs on their own machines (`dask scheduler` / `dask worker tcp://host:8786`). The partitions
are the same contiguous slices the local engine uses and results are gathered in partition order,
so the output is identical to the local engine's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pandas as pd

from ketenradar.engine import DEFAULT_PARTITIONS, EngineError, PartitionFn, concat, split

__all__ = ["DaskEngine", "EngineError"]


class DaskEngine:
    name = "dask"

    def __init__(
        self,
        workers: int = 2,
        partitions: int | None = None,
        address: str | None = None,
        *,
        processes: bool = True,
        threads_per_worker: int = 1,
        memory_limit: str | int | None = "auto",
        timeout: float = 60.0,
    ):
        from distributed import Client, LocalCluster

        self.partitions = max(1, int(partitions or DEFAULT_PARTITIONS))
        self.address = address
        self._cluster: Any = None
        try:
            if address:
                self._client = Client(address, timeout=timeout, set_as_default=False)
            else:
                self._cluster = LocalCluster(
                    n_workers=max(1, int(workers)),
                    threads_per_worker=threads_per_worker,
                    processes=processes,
                    host="127.0.0.1",
                    # The scheduler's HTTP endpoint (health, metrics; the dashboard needs bokeh)
                    # on a free loopback port: a fixed :8787 clashes with a second cluster.
                    dashboard_address="127.0.0.1:0",
                    memory_limit=memory_limit,
                    silence_logs=logging.ERROR,
                )
                self._client = self._cluster.get_client()
        except (OSError, TimeoutError) as exc:
            self.close()
            where = f"scheduler {address}" if address else "a local cluster"
            raise EngineError(f"dask engine: cannot reach {where}: {exc}") from exc

    @property
    def workers(self) -> int:
        return len(self._client.scheduler_info(n_workers=-1).get("workers", {}))

    def map_partitions(
        self,
        fn: PartitionFn,
        frame: pd.DataFrame,
        partitions: int | None = None,
        *,
        shared: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        if frame.empty:
            return fn(frame, **dict(shared or {}))
        with self._submitted(fn, split(frame, partitions or self.partitions), shared) as futures:
            return concat(self._client.gather(futures))

    def imap(
        self, fn: PartitionFn, parts: list[pd.DataFrame], *, shared: Mapping[str, Any] | None = None
    ) -> Iterator[pd.DataFrame]:
        """Each partition's result in the order the tasks finish, so the caller can store it at once
        (the crawl: a killed run loses only the partitions still running)."""
        from distributed import as_completed

        with self._submitted(fn, parts, shared) as futures:
            for future in as_completed(futures):
                yield future.result()

    @contextmanager
    def _submitted(
        self, fn: PartitionFn, parts: list[pd.DataFrame], shared: Mapping[str, Any] | None
    ) -> Iterator[list[Any]]:
        """One task per partition; everything sent is released again when the caller is done."""
        client = self._client
        # Shared inputs go to every worker once (not once per task); the partitions are scattered
        # rather than embedded in the task graph, which keeps the scheduler's messages small.
        shared_futures = {
            key: client.scatter(value, broadcast=True, hash=False) for key, value in (shared or {}).items()
        }
        part_futures = client.scatter(parts, hash=False)
        futures = [client.submit(fn, part, pure=False, **shared_futures) for part in part_futures]
        try:
            yield futures
        finally:
            client.cancel(futures + part_futures + list(shared_futures.values()))

    @contextmanager
    def kept_open(self) -> Iterator[DaskEngine]:
        """The cluster's workers already live for the engine's lifetime: nothing to keep."""
        yield self

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
