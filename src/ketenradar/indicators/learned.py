"""A learned sentence model beside the rules, for the fuzzy indicator groups (issue 17).

The rules (matcher.py) read terms; for product structure, capacity, technology, international
activity, automation and markets the wording on real pages varies more than any term list, and
hand rules written from one part of the labelled set lift that part far more than unseen text.
This module adds one linear classifier per indicator of those groups, fitted on the project's own
labelled sentences (`data/labelled.jsonl`, exported from tests/realtext by
`python -m bench.bench_realtext --export-training`), and the matcher uses it two ways:

- **add**: a sentence the rules found nothing of an indicator in, and that the model gives a
  probability of at least `add_threshold`, becomes a hit (reason "model p=0.87; first person").
- **veto**: a rule hit of these groups whose sentence the model gives less than `veto_threshold`
  is dropped.

Features: character n-grams (2..5 within words) and word uni- and bigrams of the folded, lowercased
sentence, TF-IDF with sublinear counts, plus the sentence's language and the page kind as tokens.
The model is a scikit-learn `LogisticRegression` (liblinear, fixed seed), fitted deterministically
at first use in each process (a few seconds) and kept in memory: no pickled model ships.
The thresholds were chosen by cross-validation across parts of the labelled set (training on the
other parts), never on the part measured: see `bench/bench_realtext.py` and docs/indicators.md.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ketenradar.indicators.text import fold

DATA = Path(__file__).with_name("data") / "labelled.jsonl"
# Groups where the model adds and vetoes hits; the rules alone decide process, material and cert.
LEARNED_GROUPS = ("product", "capacity", "tech", "international", "automation", "market")
MIN_POSITIVES = 10  # an indicator with fewer labelled positives gets no model
ROW_CACHE = 50_000  # feature rows kept per process (repeated sentences: footers, navigation)


@dataclass(frozen=True)
class Example:
    """One labelled text (a sentence or short passage) with the indicators it states."""

    id: str
    part: str
    lang: str
    kind: str  # page kind as the matcher sees it (context.page_kind), "page" for an ordinary page
    text: str
    expect: frozenset[str]


@dataclass(frozen=True)
class Settings:
    """Per group: the probability from which the model adds a hit, and below which it vetoes a rule
    hit (0: never). Chosen by leave-one-part-out cross-validation: matcher 6 on held-out 2 and 3;
    matcher 7 moved product (0.4 -> 0.35), product.components (0.55 -> 0.45) and tech (0.5 -> 0.4)
    on the cross-validated figures of held-out 1-6 (never on a blind part); matcher 8 moved product
    to 0.3 and added a product veto at 0.06 (a rule's part noun in a sentence about castings poured,
    parts coated or machines loaded), on the cross-validated figures of DEV and held-out 1-8; matcher 9
    exempted repair and MRO from that veto, on the cross-validated figures of DEV and held-out 1-10;
    see docs/indicators.md."""

    add: tuple[tuple[str, float], ...] = (
        ("product", 0.3),
        ("product.components", 0.45),  # the commonest label: at 0.35 it named parts in any machining sentence
        ("capacity", 0.3),
        ("tech", 0.4),
        ("international", 0.4),
        ("automation", 0.5),
        ("market", 0.4),
    )
    veto: tuple[tuple[str, float], ...] = (
        ("product", 0.06),
        (
            "product.repair_mro",
            0.0,
        ),  # a repair word is read by the rules; the model vetoed it on unfamiliar objects
        ("tech", 0.01),
        ("international", 0.01),
        ("automation", 0.01),
    )
    C: float = 4.0

    def add_threshold(self, indicator: str) -> float:
        """An indicator's own threshold, else its group's; 2.0 (above any probability): no additions."""
        table = dict(self.add)
        return table.get(indicator, table.get(indicator.split(".", 1)[0], 2.0))

    def veto_threshold(self, indicator: str) -> float:
        table = dict(self.veto)
        return table.get(indicator, table.get(indicator.split(".", 1)[0], 0.0))


DEFAULT_SETTINGS = Settings()


def load_examples(path: Path = DATA) -> list[Example]:
    """The shipped training sentences; a malformed line raises naming the file and line."""
    examples = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                examples.append(
                    Example(
                        str(raw["id"]),
                        str(raw["part"]),
                        str(raw["lang"]),
                        str(raw.get("kind") or "page"),
                        str(raw["text"]),
                        frozenset(raw["expect"]),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path} line {n}: not a training example ({exc})") from exc
    return examples


def _document(text: str, lang: str | None, kind: str | None) -> str:
    return f"lang{lang or 'xx'} kind{kind or 'page'} " + fold(text).lower()


class SentenceModel:
    """One logistic regression per indicator of LEARNED_GROUPS over a shared TF-IDF space."""

    def __init__(
        self,
        examples: Sequence[Example],
        indicator_ids: Sequence[str] | None = None,
        settings: Settings = DEFAULT_SETTINGS,
    ):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        self.settings = settings
        counts: dict[str, int] = {}
        for ex in examples:
            for ind in ex.expect:
                counts[ind] = counts.get(ind, 0) + 1
        wanted = set(indicator_ids) if indicator_ids is not None else None
        self.indicators: list[str] = sorted(
            ind
            for ind, n in counts.items()
            if n >= MIN_POSITIVES
            and ind.split(".", 1)[0] in LEARNED_GROUPS
            and (wanted is None or ind in wanted)
        )
        self.column = {ind: k for k, ind in enumerate(self.indicators)}
        self.groups = [ind.split(".", 1)[0] for ind in self.indicators]
        self.trained_on = sorted({ex.part for ex in examples})
        self.n_examples = len(examples)
        self.vectorizer = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
                ),
                ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            ]
        )
        docs = [_document(ex.text, ex.lang, ex.kind) for ex in examples]
        x = self.vectorizer.fit_transform(docs) if examples else None
        coefs, intercepts = [], []
        for ind in self.indicators:
            y = np.array([ind in ex.expect for ex in examples], dtype=int)
            # The dual liblinear solver: many more features than sentences, so it is ~30x faster.
            clf = LogisticRegression(
                C=settings.C, solver="liblinear", dual=True, max_iter=1000, random_state=0
            )
            clf.fit(x, y)
            coefs.append(clf.coef_[0])
            intercepts.append(clf.intercept_[0])
        n_features = x.shape[1] if x is not None else 0
        self.coef = np.array(coefs).reshape(len(self.indicators), n_features)
        self.intercept = np.array(intercepts)
        words = self.vectorizer.transformer_list[1][1]
        self._word_offset = n_features - len(words.vocabulary_) if examples else 0
        self._word_names = words.get_feature_names_out() if examples else np.array([])
        if examples:
            self._prepare_inference()

    @property
    def add_thresholds(self) -> np.ndarray:
        return np.array([self.settings.add_threshold(ind) for ind in self.indicators])

    def veto_threshold(self, indicator: str) -> float:
        return self.settings.veto_threshold(indicator)

    def proba(self, texts: Sequence[str], langs: Sequence[str | None], kind: str | None) -> np.ndarray:
        """Probability per text (rows) and indicator (columns, `self.indicators`)."""
        return self.scores(texts, langs, kind)[0]

    def _prepare_inference(self) -> None:
        """Per vectorizer: its analyzer, vocabulary, idf and column offset, to build the TF-IDF rows
        directly (sklearn's transform costs ~20 ms of checks per call; the matcher calls it per page)."""
        self._coef_t = np.ascontiguousarray(self.coef.T)  # a transposed view is copied on every product
        self._rows: dict[tuple[str, str | None, str | None], tuple[list[int], list[float]]] = {}
        self._parts = []
        offset = 0
        for _, vec in self.vectorizer.transformer_list:
            self._parts.append((vec.build_analyzer(), vec.vocabulary_, vec.idf_, offset))
            offset += len(vec.vocabulary_)

    def features(self, texts: Sequence[str], langs: Sequence[str | None], kind: str | None) -> Any:
        """The TF-IDF rows of `texts` (CSR), equal to the fitted FeatureUnion's transform. Rows are
        kept per (sentence, language, page kind): a site repeats its footer and navigation on every
        page, and the demo's pages share half their sentences."""
        from scipy.sparse import csr_matrix

        indptr, indices, data = [0], [], []
        for text, lang in zip(texts, langs, strict=True):
            key = (text, lang, kind)
            row = self._rows.get(key)
            if row is None:
                row = self._row(_document(text, lang, kind))
                if len(self._rows) >= ROW_CACHE:
                    self._rows.clear()
                self._rows[key] = row
            indices.extend(row[0])
            data.extend(row[1])
            indptr.append(len(indices))
        return csr_matrix((data, indices, indptr), shape=(len(texts), self.coef.shape[1]))

    def clear_cache(self) -> None:
        """Forget the kept feature rows (a fair timing starts from an empty cache)."""
        self._rows.clear()

    def _row(self, doc: str) -> tuple[list[int], list[float]]:
        indices: list[int] = []
        data: list[float] = []
        for analyzer, vocabulary, idf, offset in self._parts:
            counts: dict[int, int] = {}
            for gram in analyzer(doc):
                j = vocabulary.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=float, count=len(counts))
            vals = (1.0 + np.log(tf)) * idf[cols]
            vals /= np.sqrt((vals * vals).sum())
            order = np.argsort(cols)
            indices.extend((cols[order] + offset).tolist())
            data.extend(vals[order].tolist())
        return indices, data

    def scores(
        self, texts: Sequence[str], langs: Sequence[str | None], kind: str | None
    ) -> tuple[np.ndarray, Any]:
        """Probabilities (texts x indicators) and the texts' feature rows (for `evidence_words`)."""
        if not texts or not self.indicators:
            return np.zeros((len(texts), len(self.indicators))), None
        x = self.features(texts, langs, kind)
        margin = np.asarray(x @ self._coef_t) + self.intercept
        return 1.0 / (1.0 + np.exp(-margin)), x

    def evidence_words(self, features: Any, row: int, indicator: str) -> str:
        """The word or word pair of text `row` of `features` (from `scores`) that speaks most for
        `indicator`: shown as the hit's term."""
        start, end = features.indptr[row], features.indptr[row + 1]
        weights = self.coef[self.column[indicator]]
        best, best_w = "", 0.0
        for j, v in zip(features.indices[start:end], features.data[start:end], strict=True):
            if j >= self._word_offset and weights[j] * v > best_w:
                best, best_w = str(self._word_names[j - self._word_offset]), weights[j] * v
        return best


# -- the model the matcher uses -----------------------------------------------------------------------------

_LOCK = threading.Lock()
_DEFAULT: dict[str, SentenceModel] = {}
_OVERRIDE: list[SentenceModel | None] = []  # innermost override last; None means "rules only"


def data_sha256(path: Path = DATA) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_model() -> SentenceModel:
    """The model fitted on the shipped sentences, once per process."""
    with _LOCK:
        if not _DEFAULT:
            _DEFAULT["model"] = SentenceModel(load_examples())
        return _DEFAULT["model"]


def current() -> SentenceModel | None:
    """The model in force: an override (cross-validation, rules-only runs) or the default."""
    if _OVERRIDE:
        return _OVERRIDE[-1]
    return default_model()


@contextmanager
def using(model: SentenceModel | None) -> Iterator[None]:
    """Match with `model` (None: rules only) inside the block, e.g. a model fitted on other parts."""
    _OVERRIDE.append(model)
    try:
        yield
    finally:
        _OVERRIDE.pop()


def describe(model: SentenceModel | None) -> dict[str, Any]:
    if model is None:
        return {"model": None}
    return {
        "indicators": len(model.indicators),
        "examples": model.n_examples,
        "trained_on": model.trained_on,
        "add_threshold": dict(model.settings.add),
        "veto_threshold": dict(model.settings.veto),
    }
