"""The dashboard's query embedder is the one the store was embedded with, fitted as `embed` left it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ketenradar.embed.fitted import save_fitted
from ketenradar.embed.tfidf import TfidfEmbedder
from ketenradar.store import Store
from ketenradar.web.context import WebContext

TEXTS = [
    "Wij frezen en draaien precisiedelen van aluminium en titanium.",
    "Lasbedrijf voor staalconstructies, EN 1090 gecertificeerd, TIG en MIG lassen.",
    "Kabelbomen en elektronica-assemblage volgens IPC-A-610.",
    "Plaatbewerking: lasersnijden, kanten en ponsen van RVS.",
    "Engineering en montage van machines voor de voedingsmiddelenindustrie.",
]


def test_a_tfidf_store_gives_the_dashboard_the_fitted_embedder(tmp_path) -> None:
    fitted = TfidfEmbedder().fit(TEXTS)
    vectors = fitted.encode(TEXTS)
    kvks = [f"{10000000 + i}" for i in range(len(TEXTS))]
    path = tmp_path / "tfidf.duckdb"
    with Store(path) as store, store.transaction():
        save_fitted(store, "tfidf", fitted, len(TEXTS))
        store.insert_df("firms", pd.DataFrame({"kvk_number": kvks, "name": kvks, "run_id": "r"}))
        store.insert_df(
            "firm_vectors",
            pd.DataFrame(
                {
                    "kvk_number": kvks,
                    "model": "tfidf",
                    "model_version": fitted.version,
                    "doc_sha256": kvks,
                    "vector": [v.tolist() for v in vectors],
                    "run_id": "r",
                }
            ),
        )
    ctx = WebContext(path)
    try:
        assert ctx.index.model == "tfidf"
        query = ctx.embedder().encode([TEXTS[1]])
        assert query.shape == (1, vectors.shape[1])
        np.testing.assert_allclose(query[0], vectors[1], atol=1e-5)
    finally:
        ctx.close()
