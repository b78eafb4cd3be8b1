"""The embedded store: one DuckDB file, the only place pipeline state lives."""

from ketenradar.store.db import SCHEMA_VERSION, RunContext, Store, open_store

__all__ = ["SCHEMA_VERSION", "RunContext", "Store", "open_store"]
