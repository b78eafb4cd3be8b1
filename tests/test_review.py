"""Analyst review: sample design, workbook, import (good, bad, corrupt), measured precision."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ketenradar.cli import app
from ketenradar.review.estimate import measured, stratified, wilson
from ketenradar.review.store import ReviewStore, review_store_path
from ketenradar.review.workbook import restore, write_workbook
from review_support import scored_store


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scored_store(tmp_path_factory.mktemp("review") / "base.duckdb")


@pytest.fixture
def db(base_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "k.duckdb"
    shutil.copy(base_store, path)
    return path


def run(db: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["--json", "--db", str(db), "review", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def run_fail(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "review", *args])
    assert result.exit_code != 0
    return result.output


def sample(db: Path, tmp_path: Path, *extra: str) -> tuple[Path, dict]:
    out = tmp_path / "review.xlsx"
    figures = run(db, "sample", "--n", "40", "--category", "C", "--category", "D", "--out", str(out),
                  "--seed", "3", *extra)  # fmt: skip
    return out, figures


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def fill(path: Path, answers: dict[int, tuple], out: Path | None = None) -> Path:
    """answers: row -> (direct, prime, reviewer[, note])."""
    wb = load_workbook(path)
    ws = wb.active
    cols = {h: i + 1 for i, h in enumerate(headers(ws))}
    direct = next(i for h, i in cols.items() if h.startswith(("Oordeel", "Verdict")) and "direct" in h)
    prime = next(i for h, i in cols.items() if h.startswith(("Oordeel", "Verdict")) and "prime" in h)
    reviewer = cols.get("Beoordelaar") or cols["Reviewer"]
    for row, values in answers.items():
        ws.cell(row=row, column=direct).value = values[0]
        ws.cell(row=row, column=prime).value = values[1]
        ws.cell(row=row, column=reviewer).value = values[2]
        if len(values) > 3:
            ws.cell(row=row, column=reviewer + 1).value = values[3]
    out = out or path
    wb.save(out)
    return out


def test_sample_is_stratified_with_known_inclusion_probabilities(db: Path, tmp_path: Path) -> None:
    out, figures = sample(db, tmp_path, "--active", "6")
    assert figures["counts"]["random"] == 40 and figures["counts"]["active"] == 6
    with ReviewStore(review_store_path(db)) as review:
        firms = review.sample_firms()
    random, active = firms[firms.active == 0], firms[firms.active == 1]
    assert active.inclusion_prob.isna().all() and active.stratum.isna().all()
    assert not set(active.kvk_number) & set(random.kvk_number)
    # Horvitz-Thompson: the inverse inclusion probabilities of a category add up to its size.
    from ketenradar.store import Store

    with Store(db, read_only=True) as store:
        run_id = store.scalar("SELECT max(run_id) FROM scores")
        sizes = store.df("SELECT category, count(*) AS n FROM scores WHERE run_id = ? GROUP BY 1", [run_id])
    sizes = dict(zip(sizes.category, sizes.n, strict=True))
    for cat in ("C", "D"):
        part = random[random.category == cat]
        assert len(part) > 0
        assert (1 / part.inclusion_prob).sum() == pytest.approx(sizes[cat])
        assert part.stratum.nunique() >= 2


def test_workbook_columns_dropdowns_and_dutch_default(db: Path, tmp_path: Path) -> None:
    out, _ = sample(db, tmp_path)
    ws = load_workbook(out).active
    names = headers(ws)
    assert "KvK-nummer" in names and "Categorie" in names
    verdicts = [h for h in names if h.startswith("Oordeel")]
    assert len(verdicts) == 2 and any("direct" in h for h in verdicts) and any("prime" in h for h in verdicts)
    assert {
        "Naam",
        "Plaats",
        "Website",
        "Score",
        "Redenen",
        "Bewijs (zin en URL)",
        "Beoordelaar",
        "Notitie",
    } <= set(names)
    validation = ws.data_validations.dataValidation
    assert validation and validation[0].formula1 == '"juist,onjuist,weet niet"'
    col = ws.cell(row=1, column=names.index(verdicts[0]) + 1).column_letter
    assert any(f"{col}2" in str(v.sqref) for v in validation)
    # Evidence carries sentences with their URLs.
    evidence = ws.cell(row=2, column=names.index("Bewijs (zin en URL)") + 1).value
    assert "https://" in evidence


def test_english_workbook(db: Path, tmp_path: Path) -> None:
    out, _ = sample(db, tmp_path, "--lang", "en")
    ws = load_workbook(out).active
    names = headers(ws)
    assert sum(h.startswith("Verdict") for h in names) == 2 and "KvK-nummer" in names
    assert ws.data_validations.dataValidation[0].formula1 == '"correct,incorrect,don\'t know"'


def test_workbook_is_formula_safe_and_round_trips(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://evil.example","x") Metaal B.V.'
    rows = pd.DataFrame(
        [{"sample_id": "s", "kvk_number": "01234567", "name": evil, "place": "+31 Delft", "website": "@x",
          "category": "C", "score": 0.9, "active": 0, "reasons": ["-5 punten"], "evidence": ["=1+1 (u)"]}]
    )  # fmt: skip
    path = write_workbook(rows, tmp_path / "w.xlsx")
    ws = load_workbook(path).active
    values = [c.value for c in ws[2]]
    assert all(not (isinstance(v, str) and v[:1] in "=+-@") for v in values)
    assert ws.cell(row=2, column=3).data_type == "s"
    assert restore(ws.cell(row=2, column=3).value) == evil
    assert restore(ws.cell(row=2, column=2).value) == "01234567"
    assert restore("'plain") == "'plain"  # a quote the neutraliser did not add stays


def test_import_good_rows_and_reimport_changes_nothing(db: Path, tmp_path: Path) -> None:
    out, _ = sample(db, tmp_path)
    fill(
        out,
        {
            2: ("juist", "weet niet", "Anna"),
            3: ("onjuist", None, "Bram", "kent ze"),
            4: ("JUIST", "onjuist", "Anna"),
        },
    )
    first = run(db, "import", str(out))["counts"]
    assert first["verdicts_added"] == 5 and first["rejected_fields"] == 0 and first["not_reviewed"] == 37
    with ReviewStore(review_store_path(db)) as review:
        before = review.df("SELECT * FROM verdicts")
    again = run(db, "import", str(out))["counts"]
    assert again["already_imported"] and again["verdicts_added"] == 0
    # A re-saved copy (other bytes, same verdicts) adds nothing either.
    copy = fill(out, {40: (None, None, "note")}, tmp_path / "copy.xlsx")
    assert copy.read_bytes() != out.read_bytes()
    counts = run(db, "import", str(copy))["counts"]
    assert not counts["already_imported"] and counts["verdicts_added"] == 0 and counts["unchanged"] == 5
    with ReviewStore(review_store_path(db)) as review:
        after = review.df("SELECT * FROM verdicts")
        assert before.equals(after)
        assert set(after.reviewer) == {"Anna", "Bram"} and (after.note == "kent ze").sum() == 1
    # A changed verdict is added, and the history keeps the old one.
    fill(out, {3: ("juist", None, "Bram", "kent ze")}, tmp_path / "changed.xlsx")
    assert run(db, "import", str(tmp_path / "changed.xlsx"))["counts"]["verdicts_added"] == 1
    with ReviewStore(review_store_path(db)) as review:
        kvk = review.df("SELECT kvk_number FROM verdicts WHERE reviewer = 'Bram'").kvk_number.iloc[0]
        assert list(review.history(kvk).answer) == ["yes", "no"]
        current = review.current_verdicts()
        assert current[(current.kvk_number == kvk) & (current.question == "direct")].answer.item() == "yes"


def test_import_bad_rows_go_to_rejects_with_file_row_and_field(db: Path, tmp_path: Path) -> None:
    out, _ = sample(db, tmp_path)
    fill(out, {2: ("misschien", None, "Anna"), 3: ("juist", None, None), 4: ("juist", None, "Anna")})
    wb = load_workbook(out)
    ws = wb.active
    ws.cell(row=5, column=2).value = "12AB"  # KvK-nummer
    ws.cell(row=5, column=11).value = "juist"
    ws.cell(row=5, column=13).value = "Cor"
    ws.cell(row=6, column=2).value = "99999999"  # not in the store
    ws.cell(row=6, column=11).value = "juist"
    ws.cell(row=6, column=13).value = "Cor"
    wb.save(out)
    counts = run(db, "import", str(out))["counts"]
    assert counts["verdicts_added"] == 1
    report = pd.read_csv(counts["rejects_report"], dtype=str)
    got = {(int(r.row), r.field) for r in report.itertuples()}
    assert got == {
        (2, "Oordeel: levert of kan Defensie direct leveren?"),
        (3, "Beoordelaar"),
        (5, "KvK-nummer"),
        (6, "KvK-nummer"),
    }
    assert (report.file == str(out)).all()


def test_import_refuses_a_corrupt_file_and_changes_nothing(db: Path, tmp_path: Path) -> None:
    out, _ = sample(db, tmp_path)
    fill(out, {2: ("juist", None, "Anna")})
    run(db, "import", str(out))
    rpath = review_store_path(db)
    before = rpath.read_bytes()
    corrupt = tmp_path / "kapot.xlsx"
    corrupt.write_bytes(out.read_bytes()[:2000])
    message = run_fail(db, "import", str(corrupt))
    assert "kapot.xlsx" in message and "xlsx workbook" in message
    not_xlsx = tmp_path / "lijst.xlsx"
    not_xlsx.write_text("KvK-nummer;Oordeel\n1;juist\n")
    assert "lijst.xlsx" in run_fail(db, "import", str(not_xlsx))
    no_verdicts = tmp_path / "geen.xlsx"
    write_workbook(pd.DataFrame([{"kvk_number": "1"}]), no_verdicts)
    wb = load_workbook(no_verdicts)
    wb.active.delete_cols(11, 2)
    wb.save(no_verdicts)
    assert "no verdict column" in run_fail(db, "import", str(no_verdicts))
    with ReviewStore(rpath) as review:
        assert review.scalar("SELECT count(*) FROM verdicts") == 1
        assert review.scalar("SELECT count(*) FROM imports") == 1
    assert len(before) > 0


def test_wilson_for_a_simple_random_sample() -> None:
    strata = pd.DataFrame({"stratum": ["C:all"], "N": [10**9], "y": [[1] * 30 + [0] * 10]})
    est = stratified(strata)
    low, high = wilson(0.75, 40)
    assert est["precision"] == 0.75
    assert est["low"] == pytest.approx(low, abs=1e-6) and est["high"] == pytest.approx(high, abs=1e-6)
    assert est["method"] == "wilson"
    all_right = stratified(pd.DataFrame({"stratum": ["x"], "N": [500], "y": [[1] * 20]}))
    assert all_right["precision"] == 1.0 and all_right["low"] < 0.9  # never a bare 1.00


def test_stratified_interval_covers_the_truth() -> None:
    """Unequal strata, unequal inclusion probabilities: the 95% interval covers in >= 90% of draws."""
    rng = np.random.default_rng(0)
    sizes, rates = [400, 150, 60], [0.3, 0.6, 0.95]
    truth = [rng.random(n) < r for n, r in zip(sizes, rates, strict=True)]
    p_true = sum(t.sum() for t in truth) / sum(sizes)
    hits = 0
    for _ in range(400):
        rows = []
        for h, (n, t) in enumerate(zip([16, 16, 16], truth, strict=True)):
            pick = rng.choice(len(t), size=n, replace=False)
            rows.append({"stratum": str(h), "N": len(t), "y": [int(v) for v in t[pick]]})
        est = stratified(pd.DataFrame(rows))
        hits += est["low"] <= p_true <= est["high"]
    assert hits / 400 >= 0.9


def test_measured_precision_and_status(db: Path, tmp_path: Path) -> None:
    out, _ = sample(db, tmp_path)
    with ReviewStore(review_store_path(db)) as review:
        firms = review.sample_firms()
    ws = load_workbook(out).active
    kvk_col = headers(ws).index("KvK-nummer") + 1
    rows = {ws.cell(row=r, column=kvk_col).value: r for r in range(2, ws.max_row + 1)}
    c_firms = firms[(firms.category == "C") & (firms.active == 0)].kvk_number.tolist()
    answers = {rows[k]: ("juist" if i % 4 else "onjuist", None, "Anna") for i, k in enumerate(c_firms)}
    fill(out, answers)
    run(db, "import", str(out))
    status = run(db, "status")["counts"]["review"]
    assert set(status) == {"C"}
    c = status["C"]
    assert c["reviewed"] == len(c_firms) and c["low"] < c["precision"] < c["high"]
    assert c["population"] == int(
        (1 / firms[(firms.category == "C") & (firms.active == 0)].inclusion_prob).sum().round()
    )
    assert c["true_low"] <= c["true_firms"] <= c["true_high"]
    with ReviewStore(review_store_path(db)) as review:
        assert measured(review)["C"]["precision"] == c["precision"]


def review_c_sample(db: Path, tmp_path: Path, reject_every: int = 4) -> tuple[list[str], list[str]]:
    """Sample, answer the C firms of the random part (every n-th rejected), import. (confirmed, rejected)"""
    out, _ = sample(db, tmp_path)
    with ReviewStore(review_store_path(db)) as review:
        firms = review.sample_firms()
    ws = load_workbook(out).active
    kvk_col = headers(ws).index("KvK-nummer") + 1
    rows = {ws.cell(row=r, column=kvk_col).value: r for r in range(2, ws.max_row + 1)}
    c_firms = firms[(firms.category == "C") & (firms.active == 0)].kvk_number.tolist()
    rejected = c_firms[::reject_every]
    answers = {rows[k]: ("onjuist" if k in rejected else "juist", None, "Anna") for k in c_firms}
    fill(out, answers)
    run(db, "import", str(out))
    return [k for k in c_firms if k not in rejected], rejected


def test_evaluate_json_and_report_carry_the_measured_precision(db: Path, tmp_path: Path) -> None:
    review_c_sample(db, tmp_path)
    result = CliRunner().invoke(app, ["--json", "--db", str(db), "evaluate", "--stage", "score"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    c = figures["review"]["C"]
    assert 0 < c["low"] < c["precision"] < c["high"] < 1 and c["reviewed"] > 0
    assert "model" in c
    from ketenradar.report.html import render
    from ketenradar.store import Store

    with Store(db, read_only=True) as store:
        page = render(store)
    assert 'id="measured-table"' in page and "Gemeten precisie" in page


def test_verdicts_become_labels_and_rejected_firms_leave_c(db: Path, tmp_path: Path) -> None:
    from ketenradar.review.labels import VerdictHook

    confirmed, rejected = review_c_sample(db, tmp_path)
    hook = VerdictHook.load(db)
    labels = hook.labels
    assert set(labels.source) == {"review"} and set(labels.reviewer) == {"Anna"}
    assert set(labels[labels.polarity == 1].kvk_number) == set(confirmed)
    assert set(labels[labels.polarity == -1].kvk_number) == set(rejected)
    kvk = np.array(confirmed + rejected + ["00000001"])
    before = np.array(["C"] * (len(kvk) - 1) + ["C"], dtype=object)
    like_b = np.zeros(len(kvk), bool)
    like_b[len(confirmed)] = True  # the first rejected firm is also like B: it falls to D
    after = hook.apply(kvk, before, like_b)
    assert list(after[: len(confirmed)]) == ["C"] * len(confirmed)
    assert after[len(confirmed)] == "D" and all(a is None for a in after[len(confirmed) + 1 : -1])
    assert after[-1] == "C"  # no verdict, no change
    reasons = hook.annotate(kvk, ["{}"] * len(kvk), before, after)
    note = json.loads(reasons[len(confirmed) + 1])["review"]
    assert note["rejected"] and note["by"] == "Anna" and note["at"] and note["category_before"] == "C"
    assert "review" not in json.loads(reasons[-1])
    assert hook.digest != VerdictHook().digest


def test_simulated_analyst_and_coverage_bench_on_a_scored_store(db: Path) -> None:
    from bench.bench_review import coverage

    from ketenradar.review.simulate import SimulatedAnalyst
    from ketenradar.store import Store

    with Store(db, read_only=True) as store:
        scores = store.df(
            "SELECT kvk_number, category FROM scores WHERE run_id = (SELECT max(run_id) FROM scores)"
        )
    rng = np.random.default_rng(1)
    truth = {
        k: ("C" if c == "C" and rng.random() < 0.7 else "none")
        for k, c in zip(scores.kvk_number, scores.category, strict=True)
    }
    perfect = SimulatedAnalyst(truth, error_rate=0.0)
    some_c = next(k for k, v in truth.items() if v == "C")
    assert perfect.answer(some_c, "direct") == "yes" and perfect.answer(some_c, "prime") == "no"
    sloppy = SimulatedAnalyst(truth, error_rate=0.3, seed=2)
    flips = sum(sloppy.answer(some_c, "direct") == "no" for _ in range(2000)) / 2000
    assert 0.25 < flips < 0.35
    with pytest.raises(ValueError):
        SimulatedAnalyst(truth, error_rate=0.6)
    result = coverage(db, truth, reps=10, n=20)
    assert result["repetitions"] == 10 and len(result["runs"]) == 10
    assert 0 < result["true_precision"] < 1 and result["median_width"] > 0
    assert result["covered"] >= 7


def test_review_negatives_reach_a_scorer_that_takes_known_negatives() -> None:
    from dataclasses import dataclass

    from ketenradar.review.labels import VerdictHook

    @dataclass
    class Features:
        kvk: np.ndarray
        known_negative: np.ndarray | None = None

    labels = pd.DataFrame(
        {"kvk_number": ["1", "1", "2"], "label": ["A", "B", "A"], "polarity": [-1, -1, -1],
         "source": "review", "reviewer": "Anna", "created_at": "2026-11-29T05:00:00"}
    )  # fmt: skip
    hook = VerdictHook(labels)
    fs = hook.features(Features(kvk=np.array(["1", "2", "3"])))
    assert list(fs.known_negative) == [True, False, False]  # only a firm rejected on both questions
    from ketenradar.score.features import FeatureSet

    empty = np.zeros((3, 0), np.float32)
    fs = hook.features(
        FeatureSet(np.array(["1", "2", "3"]), np.array(["x", "y", "z"]), empty, empty, [], empty, [],
                   np.zeros(3, bool), np.zeros(3, bool))
    )  # fmt: skip
    # Every one-sided verdict reaches the classifier's training set as a label of its profile.
    assert list(fs.verdicts.negative["A"]) == [True, True, False]
    assert list(fs.verdicts.negative["B"]) == [True, False, False]
    assert not fs.verdicts.positive["A"].any()
    assert hook.features(pd.DataFrame()) is not None  # a feature set without the field is left alone


def test_english_workbook_imports_english_answers(db: Path, tmp_path: Path) -> None:
    out, _ = sample(db, tmp_path, "--lang", "en")
    fill(out, {2: ("correct", "don't know", "Anna"), 3: ("Incorrect", None, "Anna")})
    counts = run(db, "import", str(out))["counts"]
    assert counts["verdicts_added"] == 3 and counts["rejected_fields"] == 0
    with ReviewStore(review_store_path(db)) as review:
        assert sorted(review.current_verdicts().answer) == ["no", "unknown", "yes"]


def test_confirmed_firms_join_their_category_and_observed_labels_stay() -> None:
    from ketenradar.review.labels import VerdictHook

    labels = pd.DataFrame(
        {"kvk_number": ["1", "2", "3", "4"], "label": ["A", "B", "A", "A"], "polarity": [1, 1, 1, 1],
         "source": "review", "reviewer": "Bram", "created_at": "2026-11-29T05:00:00"}
    )  # fmt: skip
    hook = VerdictHook(labels)
    kvk = np.array(["1", "2", "3", "4", "5"])
    before = np.array([None, None, "D", "B", None], dtype=object)
    after = hook.apply(kvk, before)
    assert list(after) == ["C", "D", "C", "B", None]
    note = json.loads(hook.annotate(kvk, ["{}"] * 5, before, after)[0])["review"]
    assert note["confirmed"] and note["by"] == "Bram" and "rejected" not in note


def test_an_older_review_store_keeps_its_rejected_rows_under_the_new_table_name(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.review.sqlite"
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE rejects (file_sha256 TEXT NOT NULL, path TEXT NOT NULL, row_number INTEGER NOT NULL, "
        "field TEXT, value TEXT, reason TEXT NOT NULL)"
    )
    con.execute("INSERT INTO rejects VALUES ('abc', 'r.xlsx', 4, 'Oordeel', 'x', 'unknown answer')")
    con.commit()
    con.close()
    with ReviewStore(path) as review:
        assert review.df("SELECT row_number, field FROM import_rejects").to_dict("records") == [
            {"row_number": 4, "field": "Oordeel"}
        ]
