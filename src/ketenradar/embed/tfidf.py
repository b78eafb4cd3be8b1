"""TF-IDF + truncated SVD (LSA) baseline embedder.

Unlike a pre-trained model it must be fitted on a corpus. The fitted state is pickled into the store
(`embed_models`), so that later runs — and matchmaking, which embeds a free-text query — use exactly
the same vocabulary and projection. Its `version` is a hash of the fitted state: the embedding cache
is keyed by it, so a refit never mixes vectors of two different fits.
"""

from __future__ import annotations

import hashlib
import pickle

import numpy as np

from ketenradar.embed.base import l2_normalise


class TfidfEmbedder:
    name = "tfidf"

    def __init__(self, dim: int = 256, seed: int = 7):
        self.target_dim = dim
        self.seed = seed
        self._vectorizer = None
        self._svd = None
        self.dim = dim
        self.version = "unfitted"

    @property
    def fitted(self) -> bool:
        return self._vectorizer is not None

    def fit(self, texts: list[str]) -> TfidfEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        # Word uni+bigrams with sublinear tf: Dutch compounds and short product terms carry the signal.
        self._vectorizer = TfidfVectorizer(
            sublinear_tf=True, ngram_range=(1, 2), min_df=2 if len(texts) >= 20 else 1, max_features=200_000
        )
        matrix = self._vectorizer.fit_transform(texts)
        # Two attributes would make the pickled state (and so `version`, the cache key) differ
        # between two fits of the same corpus in two processes: the pruned terms (a set, pickled in
        # per-process hash order; sklearn keeps it for introspection only) and an object id (a
        # cache sklearn recomputes when missing).
        self._vectorizer.stop_words_ = None
        if hasattr(self._vectorizer, "_stop_words_id"):
            del self._vectorizer._stop_words_id
        n_comp = max(1, min(self.target_dim, matrix.shape[1] - 1, matrix.shape[0] - 1))
        self._svd = TruncatedSVD(n_components=n_comp, random_state=self.seed)
        # One BLAS thread: with more, the SVD's sums are split by the thread count and the fitted
        # state (and `version`, the cache key) differs in the last bits from machine to machine.
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            self._svd.fit(matrix)
        self.dim = n_comp
        self.version = hashlib.sha256(self.to_bytes()).hexdigest()[:16]
        return self

    def encode(self, texts: list[str]) -> np.ndarray:
        if not self.fitted:
            raise RuntimeError("the tfidf embedder is not fitted yet: run `ketenradar embed --model tfidf`")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(self._svd.transform(self._vectorizer.transform(list(texts))))

    def to_bytes(self) -> bytes:
        return pickle.dumps({"vectorizer": self._vectorizer, "svd": self._svd, "seed": self.seed})

    @classmethod
    def from_bytes(cls, data: bytes) -> TfidfEmbedder:
        # Only ever loads what this program pickled into the user's own store.
        state = pickle.loads(data)  # noqa: S301
        out = cls(seed=state["seed"])
        out._vectorizer, out._svd = state["vectorizer"], state["svd"]
        out.dim = out._svd.n_components
        out.version = hashlib.sha256(data).hexdigest()[:16]
        return out
