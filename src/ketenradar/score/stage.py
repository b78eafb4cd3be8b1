"""`ketenradar score`: reference profiles, calibrated scores, categories A-D with reasons.

Both methods (the study's similarity and the PU classifier) are computed every run and stored side by
side; `config.score.method` (or `--method`) picks the one that decides the categories.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import numpy as np
import pandas as pd

from ketenradar.config import Config
from ketenradar.engine import engine_for
from ketenradar.errors import InputError
from ketenradar.model import score_inputs
from ketenradar.review.labels import VerdictHook
from ketenradar.review.summary import review_figures, review_table
from ketenradar.score.apply import reasons_on_engine
from ketenradar.score.categories import assign_categories
from ketenradar.score.core import METHODS, ScoreParams, negative_weight, score_all
from ketenradar.score.declared import with_declared_evidence, with_self_declared
from ketenradar.score.features import FeatureSet, load_features
from ketenradar.score.methods import fit_explainer, fit_profile_explainer
from ketenradar.score.reasons import evidence_index
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult
from ketenradar.store import Store


def params_from(
    config: Config, target_recall: float | None = None, target_precision: float | None = None
) -> ScoreParams:
    cfg = config.score
    recall = target_recall if target_recall is not None else cfg.target_recall
    precision = target_precision if target_precision is not None else cfg.target_precision
    if not 0.5 <= float(recall) <= 0.99:
        raise InputError(f"target recall must lie in 0.5-0.99, got {recall}", field="score.target_recall")
    if precision is not None and not 0.05 <= float(precision) <= 0.99:
        raise InputError(
            f"target precision must lie in 0.05-0.99, got {precision}", field="score.target_precision"
        )
    return ScoreParams(
        k_neighbours=cfg.k_neighbours,
        folds=cfg.folds,
        target_recall=float(recall),
        seed=cfg.seed,
        classifier_c=cfg.classifier_c,
        text_weight=cfg.text_weight,
        target_precision=None if precision is None else float(precision),
        cap_at_estimate=cfg.cap_at_estimate,
        min_references=cfg.min_references,
    )


def _input_sha(fs: FeatureSet, settings: dict) -> str:
    h = hashlib.sha256()
    for part in (fs.kvk.astype(str), fs.vectors, fs.tabular(), fs.a_ref, fs.b_ref):
        h.update(np.ascontiguousarray(part).tobytes() if part.dtype != object else "|".join(part).encode())
    h.update("|".join(fs.tabular_ids).encode())
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _interval(r: dict) -> str:
    if r["est_precision"] is None:
        return "n/a"
    if r["est_precision_low"] is None:
        return f"{r['est_precision']:.2f}"
    return f"{r['est_precision']:.2f} ({r['est_precision_low']:.2f}-{r['est_precision_high']:.2f})"


def _f(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    method: str | None = None,
    threshold_a: float | None = None,
    threshold_b: float | None = None,
    target_recall: float | None = None,
    target_precision: float | None = None,
    **_: object,
) -> StageResult:
    method = method or config.score.method
    if method not in METHODS:
        raise InputError(
            f"unknown score method '{method}' (known: {', '.join(METHODS)})", field="score.method"
        )
    model = config.embed.model
    threshold_a = threshold_a if threshold_a is not None else config.score.threshold_a
    threshold_b = threshold_b if threshold_b is not None else config.score.threshold_b
    fs = load_features(store, model, exclude=config.score.label_proxies)
    verdicts = VerdictHook.load(store.path)  # analyst verdicts (review/): categories respect them
    fs = verdicts.features(fs)
    fs = with_self_declared(fs, store, config.score.label_proxies)  # the portal (docs/portal.md)
    result = StageResult("score", counts={"model": model, "method": method, "firms": fs.n})
    if not np.abs(fs.vectors).sum():
        raise InputError(f"no firm vectors for model '{model}' yet: run `ketenradar embed --model {model}`")
    if fs.a_ref.sum() < 2:
        raise InputError("fewer than 2 firms with an A label: run `ketenradar resolve` on award data first")
    if (fs.a_ref & fs.scorable("classifier") & fs.scorable(method)).sum() < 2:
        raise InputError(
            "fewer than 2 firms with an A label have a readable website: there is no A profile to "
            "compare with (run `ketenradar crawl` and `extract`, or check the A firms' websites)"
        )
    params = params_from(config, target_recall, target_precision)
    settings = {
        "params": params.__dict__,
        "method": method,
        "ta": threshold_a,
        "tb": threshold_b,
        "model": model,
        "label_proxies": sorted(config.score.label_proxies),
        "verdicts": verdicts.digest,
    }
    sha = _input_sha(fs, settings)
    last = store.fetchall("SELECT input_sha256 FROM score_runs ORDER BY created_at DESC, run_id DESC LIMIT 1")
    if last and last[0][0] == sha:
        result.counts[SKIPPED_UNCHANGED] = fs.n
        result.messages.append("inputs and settings unchanged since the last score run: nothing to do")
        return result

    user = {}
    if threshold_a is not None:
        user[("A", method)] = threshold_a
    if threshold_b is not None:
        user[("B", method)] = threshold_b
    with ctx.progress("score (2 methods x A/B, k-fold)", total=None):
        out = score_all(fs, params, user_thresholds=user)
    chosen_a = out.targets[("A", method)]
    chosen_b = out.targets.get(("B", method))
    categories = assign_categories(
        fs.a_ref,
        fs.b_ref,
        chosen_a.score,
        chosen_b.score if chosen_b else None,
        chosen_a.threshold,
        chosen_b.threshold if chosen_b else None,
    )
    if fs.known_negative is not None:
        # A negative label ("not like the references") beats the model: neither C nor D.
        categories[fs.known_negative & np.isin(categories.astype(str), ["C", "D"])] = None
    model_categories = categories
    like_b = chosen_b.score >= chosen_b.threshold if chosen_b else None
    categories = verdicts.apply(fs.kvk, model_categories, like_b)

    # Explanations come from the classifier fitted on all firms, whichever method decides.
    c_a = out.targets[("A", "classifier")].classifier_c
    c_b = out.targets[("B", "classifier")].classifier_c if ("B", "classifier") in out.targets else c_a
    if params.classifier == "profile":
        site = fs.scorable("classifier")
        nb = {
            "start": out.n_text,
            "alpha": params.nb_alpha,
            "contrast_weight": params.contrast_weight,
            "contrast_shrink": params.contrast_shrink,
        }
        explainer_a = fit_profile_explainer(
            out.x, fs.a_ref & site, site, fs.b_ref & site, **nb,
            negative_weight=negative_weight(out.latent, "A", params),
        )  # fmt: skip
        explainer_b = None
        if fs.b_ref.sum() >= 2:
            explainer_b = fit_profile_explainer(
                out.x, fs.b_ref & site, site & ~fs.a_ref, fs.a_ref & site, **nb,
                negative_weight=negative_weight(out.latent, "B", params),
            )  # fmt: skip
    else:
        explainer_a = fit_explainer(
            out.x, fs.a_ref, np.ones(fs.n, bool), c=c_a, seed=params.seed, weights=out.weights
        )
        explainer_b = None
        if fs.b_ref.sum() >= 2:
            explainer_b = fit_explainer(
                out.x, fs.b_ref, ~fs.a_ref, c=c_b, seed=params.seed, weights=out.weights
            )
    hits = score_inputs.website_evidence(store)
    # Fitted here, applied to every firm over partitions on the selected engine.
    reasons = reasons_on_engine(
        engine_for(config),
        fs,
        categories,
        chosen_a.score >= chosen_a.threshold,
        out.x,
        explainer_a,
        explainer_b,
        out.n_text,
        with_declared_evidence(evidence_index(hits), store),
    )
    reasons = verdicts.annotate(fs.kvk, reasons, model_categories, categories)

    def col(target: str, m: str) -> np.ndarray | None:
        t = out.targets.get((target, m))
        return t.score if t else None

    frame = pd.DataFrame(
        {
            "run_id": ctx.run_id,
            "kvk_number": fs.kvk,
            "category": categories,
            "a_score": chosen_a.score,
            "b_score": chosen_b.score if chosen_b else None,
            "method": method,
            "model": model,
            "a_similarity": col("A", "similarity"),
            "b_similarity": col("B", "similarity"),
            "a_classifier": col("A", "classifier"),
            "b_classifier": col("B", "classifier"),
            "reasons": reasons,
        }
    )
    rows = [
        {
            "run_id": ctx.run_id,
            "target": t.target,
            "method": t.method,
            "model": model,
            "threshold": t.threshold,
            "held_out_recall": _f(t.held_out_recall),
            "est_precision": _f(t.est_precision),
            "chosen_by": t.chosen_by,
            "n_reference": t.n_reference,
            "label_frequency": _f(t.label_frequency),
            "label_frequency_top": _f(t.label_frequency_top),
            "n_above": t.n_above,
            "est_precision_low": _f(t.est_precision_low),
            "est_precision_high": _f(t.est_precision_high),
            "n_positive_estimate": _f(t.n_positive_estimate),
            "threshold_recall": _f(t.threshold_recall),
            "target_precision": params.target_precision,
            "provisional": bool(t.provisional),
            "note": t.note or None,
        }
        for t in out.targets.values()
    ]
    with store.transaction():
        store.insert_df("scores", frame)
        store.insert_df("thresholds", pd.DataFrame(rows))
        store.execute(
            "INSERT INTO score_runs VALUES (?, ?, ?, ?, ?, ?)",
            [ctx.run_id, model, method, sha, fs.n, datetime.now()],
        )
    for cat in ("A", "B", "C", "D"):
        result.counts[f"category_{cat}"] = int((categories == cat).sum())
    result.counts["category_none"] = int(pd.isna(categories).sum())
    for target, ref in (("A", fs.a_ref), ("B", fs.b_ref)):
        result.counts[f"references_{target}"] = int(ref.sum())
        t = out.targets.get((target, "classifier"))
        if t is not None:
            result.counts[f"classifier_C_{target}"] = t.classifier_c
    # Few, short columns: the table must read in an 80-column terminal.
    result.tables["thresholds"] = [
        {
            "method": r["method"] + (" *" if r["method"] == method else ""),
            "cat": {"A": "A>C", "B": "B>D"}[r["target"]],
            "threshold": round(r["threshold"], 4),
            "ho_recall": r["held_out_recall"],
            "est_prec": _interval(r),
            "above": r["n_above"],
            "by": r["chosen_by"] + (" (provisional)" if r["provisional"] else ""),
        }
        for r in sorted(rows, key=lambda r: (r["method"], r["target"]))
    ]
    result.tables["precision"] = [
        {
            "cat": {"A": "C", "B": "D"}[r["target"]],
            "method": r["method"],
            "firms": r["n_above"],
            "est": None if r["est_precision"] is None else round(r["est_precision"], 3),
            "low": None if r["est_precision_low"] is None else round(r["est_precision_low"], 3),
            "high": None if r["est_precision_high"] is None else round(r["est_precision_high"], 3),
            "cap": None if r["n_positive_estimate"] is None else round(r["n_positive_estimate"]),
            "prov": r["provisional"],
        }
        for r in sorted(rows, key=lambda r: (r["method"] != method, r["method"], r["target"]))
    ]
    provisional = sorted(
        {"C" if r["target"] == "A" else "D" for r in rows if r["method"] == method and r["provisional"]}
    )
    result.counts["provisional"] = ",".join(provisional) if provisional else False
    for r in rows:
        if r["method"] != method:
            continue
        cat = "C" if r["target"] == "A" else "D"
        result.counts[f"est_precision_{cat}"] = r["est_precision"]
        result.counts[f"est_precision_{cat}_low"] = r["est_precision_low"]
        result.counts[f"est_precision_{cat}_high"] = r["est_precision_high"]
        if r["est_precision"] is None:
            note = r["note"] or ""
            # the note already says "cannot estimate precision: <why>" (core.py); not twice
            result.messages.append(
                f"{cat}: {note}."
                if "cannot estimate" in note
                else f"{cat}: cannot estimate precision ({note})."
            )
        else:
            result.messages.append(
                f"{cat}: {r['n_above']} firms, estimated precision {r['est_precision']:.2f} "
                f"(interval {r['est_precision_low']:.2f}-{r['est_precision_high']:.2f}; an estimate from "
                "unlabelled firms, not a measurement: the interval spans the firms sought ranking like "
                "the reference firms down to no better than chance, docs/score.md 'Precision estimate')"
                + ("; PROVISIONAL: " + r["note"] if r["provisional"] else "")
            )
    for t in out.targets.values():
        if t.method == method and t.provisional:
            result.messages.append(
                f"warning: category {'C' if t.target == 'A' else 'D'} is PROVISIONAL: {t.note}. Treat its "
                "firms as leads to check, not findings (docs/score.md, 'Small reference sets')."
            )
    result.messages.append(
        f"* decides the categories (model {model}). by: held_out = keeps {params.target_recall:.0%} of "
        "held-out reference firms; capped = no more firms than the estimated number like the references; "
        f"kept_references = loosened to keep {params.min_held_out_recall or 0:.0%} of the reference firms "
        f"while the estimated precision stays at {params.held_out_precision_floor or 0:.2f} or more; "
        "target_precision = lowest threshold reaching the estimated precision asked for. est_prec is an "
        "estimate with its interval (docs/score.md 'Precision estimate'), not a measurement."
    )
    measured = review_figures(store)
    if measured:  # analyst verdicts exist: the measured precision, next to the model's estimate
        result.tables["review: measured precision (95%)"] = review_table(measured)
    return result
