"""Execution engines: the same pure function mapped over partitions of firms.

Stages keep their heavy compute in pure functions `fn(frame: DataFrame) -> DataFrame` (no store
access: the DuckDB file has one writer) and call `engine.map_partitions(fn, frame)`; the stage then
writes the concatenated result to the store. The local engine is the default; the distributed one
must give identical results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
import pandas as pd

PartitionFn = Callable[[pd.DataFrame], pd.DataFrame]


class Engine(Protocol):
    name: str

    def map_partitions(
        self, fn: PartitionFn, frame: pd.DataFrame, partitions: int | None = None
    ) -> pd.DataFrame: ...


def split(frame: pd.DataFrame, partitions: int) -> list[pd.DataFrame]:
    """Contiguous, order-preserving partitions (so results concatenate back in input order)."""
    partitions = max(1, min(partitions, len(frame))) if len(frame) else 1
    bounds = np.linspace(0, len(frame), partitions + 1).astype(int)
    return [frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


class LocalEngine:
    name = "local"

    def map_partitions(
        self, fn: PartitionFn, frame: pd.DataFrame, partitions: int | None = None
    ) -> pd.DataFrame:
        if frame.empty:
            return fn(frame)
        return pd.concat([fn(part) for part in split(frame, partitions or 1)], ignore_index=True)


def get_engine(name: str = "local", **options: object) -> Engine:
    if name == "local":
        return LocalEngine()
    from ketenradar.errors import InputError

    raise InputError(f"unknown engine '{name}' (known: local)", field="engine.engine")
