"""Figures in README.md and docs/ come from the committed benchmark JSON (bench/figures.py)."""

from __future__ import annotations

import json
import subprocess

import pytest
from bench import figures
from bench.figures import Block, FigureError, Renderer, blocks, documents, rewrite, walk

RESULTS = {
    "figures": {
        "summary": {"c_precision": 0.81234, "firms": 16000},
        "worlds": [
            {"preset": "easy", "seed": 101, "c": {"precision": 0.9}},
            {"preset": "hard", "seed": 102, "c": {"precision": 0.512}},
        ],
    }
}


@pytest.fixture
def results(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "q.json").write_text(json.dumps(RESULTS))
    return folder


def test_walk_follows_keys_indexes_and_selectors():
    assert walk(RESULTS, "figures.summary.firms") == 16000
    assert walk(RESULTS, "figures.worlds.1.seed") == 102
    assert walk(RESULTS, "figures.worlds[preset=hard].c.precision") == 0.512
    assert walk({"evaluate": {"resolve.precision": 1.0}}, "evaluate.{resolve.precision}") == 1.0
    with pytest.raises(KeyError):
        walk(RESULTS, "figures.worlds[preset=medium]")
    with pytest.raises(KeyError):
        walk(RESULTS, "figures.nope")


def test_rewrite_fills_values_and_tables_and_check_sees_drift(tmp_path, results):
    doc = tmp_path / "doc.md"
    doc.write_text(
        "C precision <!-- fig value src=q.json path=figures.summary.c_precision fmt=.2f -->0.99<!-- /fig -->"
        " over <!-- fig value src=q.json path=figures.summary.firms fmt=, unit=firms -->?<!-- /fig -->.\n\n"
        "<!-- fig table src=q.json path=figures.worlds cols=preset,c.precision:.3f headers=preset;C -->\n"
        "stale\n<!-- /fig -->\n"
    )
    renderer = Renderer(results)
    old, new = rewrite(doc, renderer)
    assert old != new
    assert "C precision <!-- fig value src=q.json path=figures.summary.c_precision fmt=.2f -->0.81<!--" in new
    assert ">16,000 firms<!-- /fig -->" in new
    assert "| preset | C |\n|---|---|\n| easy | 0.900 |\n| hard | 0.512 |\n<!-- /fig -->" in new
    doc.write_text(new)
    assert rewrite(doc, renderer)[0] == rewrite(doc, renderer)[1]  # rendering twice changes nothing
    assert figures.main(["--check", "--results", str(results), str(doc)]) == 0
    doc.write_text(new.replace("0.81<", "0.86<"))
    assert figures.main(["--check", "--results", str(results), str(doc)]) == 1


def test_a_table_over_an_object_of_objects_names_each_row_by_its_key(tmp_path, results):
    (results / "g.json").write_text(json.dumps({"groups": {"nl": {"p": 0.5}, "de": {"p": 0.25}}}))
    doc = tmp_path / "doc.md"
    doc.write_text("<!-- fig table src=g.json path=groups cols=_key,p:.2f headers=lang;P -->\n<!-- /fig -->")
    assert "| nl | 0.50 |\n| de | 0.25 |" in rewrite(doc, Renderer(results))[1]


def test_markers_inside_code_fences_are_examples(tmp_path, results):
    doc = tmp_path / "doc.md"
    doc.write_text("```markdown\n<!-- fig value src=nope.json path=x y -->1<!-- /fig -->\n```\n")
    assert blocks(doc) == []
    assert rewrite(doc, Renderer(results))[1] == doc.read_text()


def test_a_marker_pointing_nowhere_names_file_and_line(tmp_path, results):
    doc = tmp_path / "doc.md"
    doc.write_text("intro\n\n<!-- fig value src=q.json path=figures.summary.missing -->1<!-- /fig -->\n")
    (block,) = blocks(doc)
    assert isinstance(block, Block) and block.line == 3
    with pytest.raises(FigureError, match=r"doc.md:3: .*missing"):
        Renderer(results).render(block)
    doc.write_text("<!-- fig value src=absent.json path=x -->1<!-- /fig -->\n")
    with pytest.raises(FigureError, match="absent.json does not exist"):
        rewrite(doc, Renderer(results))


def test_loose_three_decimal_figures_are_found_outside_markers(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(
        "measured 0.859 by hand\n"
        "<!-- fig value src=q.json path=a -->0.861<!-- /fig --> is rendered\n"
        "```\nprinted 0.933 in a code block\n```\n"
        "version 1.9.1 and threshold 0.9 are not figures\n"
        "a default of 0.125 <!-- not-a-figure -->\n"
    )
    assert [n for n, _ in figures.loose_figures(doc)] == [1]


def test_documentation_figures_match_the_committed_results():
    """Every marked figure in README.md and docs/ equals what the committed JSON renders to."""
    for path in documents():
        old, new = rewrite(path, Renderer())
        assert old == new, f"{path}: figures drifted from bench/results; run `python -m bench.figures`"


def test_figures_command_check_exits_zero_on_the_repository(python, cli_env):
    proc = subprocess.run(
        [python, "-m", "bench.figures", "--check"],
        cwd=figures.ROOT,
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_measured_looking_figure_is_typed_by_hand_in_the_documentation():
    """A three-decimal figure (0.859) outside a marker is the kind that used to be typed in by hand;
    a line that holds such a number but no measurement says so with `<!-- not-a-figure -->`."""
    loose = {str(p.name): list(figures.loose_figures(p)) for p in documents()}
    assert {name: lines for name, lines in loose.items() if lines} == {}
