"""The per-firm part of scoring after the fit: explanations and reasons, over partitions of firms.

Training, calibration and thresholds stay in the main process (one deterministic fit on the labelled
firms). What scales with the register is applying the result to every firm: its nearest reference
firms, its classifier contributions and its reasons. That runs here as a pure function mapped on the
selected engine; each partition carries its firms' rows, and the reference firms (a few hundred) and
the two fitted explainers are shared inputs sent to every worker once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ketenradar.engine import Engine
from ketenradar.score.features import FeatureSet
from ketenradar.score.methods import contributions, single_thread_blas
from ketenradar.score.reasons import build_reasons


def _stack(column: pd.Series, width: int, dtype: type) -> np.ndarray:
    return np.stack(column.to_numpy()).astype(dtype) if len(column) else np.zeros((0, width), dtype)


def partition_reasons(
    part: pd.DataFrame,
    references: FeatureSet,
    ref_x: np.ndarray,
    explainer_a: Any,
    explainer_b: Any,
    tab_start: int,
) -> pd.DataFrame:
    """kvk_number, reasons for the firms of one partition (one row per firm: its features, its
    category, its evidence). The reference firms are shared inputs.

    The partition's firms are explained together with the reference firms not among them, so a
    reference firm finds itself (and skips itself) exactly as in a whole-register run.
    """
    extra = np.flatnonzero(~np.isin(references.kvk, part["kvk_number"].to_numpy()))
    n_ind, n_reg = references.indicators.shape[1], references.registry.shape[1]
    assoc = part["association"].to_numpy(bool)
    view = replace(
        references,
        kvk=np.concatenate([part["kvk_number"].to_numpy(object), references.kvk[extra]]),
        names=np.concatenate([part["name"].to_numpy(object), references.names[extra]]),
        vectors=np.vstack(
            [_stack(part["vector"], references.vectors.shape[1], np.float32), references.vectors[extra]]
        ),
        indicators=np.vstack([_stack(part["indicators"], n_ind, np.float32), references.indicators[extra]]),
        registry=np.vstack([_stack(part["registry"], n_reg, np.float32), references.registry[extra]]),
        a_ref=np.concatenate([part["a_ref"].to_numpy(bool), references.a_ref[extra]]),
        b_ref=np.concatenate([part["b_ref"].to_numpy(bool), references.b_ref[extra]]),
        association=np.concatenate([assoc, np.zeros(len(extra), bool)])
        if references.association.size
        else assoc[:0],
    )
    x = np.vstack([_stack(part["x"], ref_x.shape[1], ref_x.dtype), ref_x[extra]])
    evidence = dict(zip(part["kvk_number"], part["evidence"], strict=True))
    with single_thread_blas():  # the same sums in any process, whatever its BLAS threads
        contrib_a = contributions(explainer_a, x)[:, tab_start:]
        contrib_b = None if explainer_b is None else contributions(explainer_b, x)[:, tab_start:]
        reasons = build_reasons(
            view,
            np.concatenate([part["category"].to_numpy(object), np.full(len(extra), None, object)]),
            contrib_a,
            contrib_b,
            np.concatenate([part["like_a"].to_numpy(bool), np.zeros(len(extra), bool)]),
            evidence,
        )
    return pd.DataFrame({"kvk_number": part["kvk_number"].to_numpy(object), "reasons": reasons[: len(part)]})


def reasons_on_engine(
    engine: Engine,
    fs: FeatureSet,
    categories: np.ndarray,
    like_a: np.ndarray,
    x: np.ndarray,
    explainer_a: Any,
    explainer_b: Any,
    tab_start: int,
    evidence: dict[str, dict[str, dict]],
) -> list[str]:
    """One reasons JSON per firm of `fs` (in its order), computed over partitions on `engine`."""
    refs = np.flatnonzero(fs.a_ref | fs.b_ref)
    references = replace(
        fs,
        kvk=fs.kvk[refs],
        names=fs.names[refs],
        vectors=fs.vectors[refs],
        indicators=fs.indicators[refs],
        registry=fs.registry[refs],
        a_ref=fs.a_ref[refs],
        b_ref=fs.b_ref[refs],
        association=fs.association[refs] if fs.association.size else fs.association,
    )
    part = pd.DataFrame(
        {
            "kvk_number": fs.kvk,
            "name": fs.names,
            "vector": list(fs.vectors),
            "indicators": list(fs.indicators),
            "registry": list(fs.registry),
            "x": list(x),
            "a_ref": fs.a_ref,
            "b_ref": fs.b_ref,
            "association": fs.association if fs.association.size else np.zeros(fs.n, bool),
            "category": categories,
            "like_a": like_a,
            "evidence": [evidence.get(k, {}) for k in fs.kvk],
        }
    )
    shared = {
        "references": references,
        "ref_x": x[refs],
        "explainer_a": explainer_a,
        "explainer_b": explainer_b,
        "tab_start": tab_start,
    }
    return engine.map_partitions(partition_reasons, part, shared=shared)["reasons"].tolist()
