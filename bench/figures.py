"""Figures in README.md and docs/*.md, rendered from the committed benchmark JSON in bench/results/.

No figure in the documentation is typed by hand. A figure stands between two markers that say where
it comes from; this script fills in what stands between them, and `--check` fails when the text and
the JSON differ (tests/test_docs_figures.py runs it), so a figure cannot drift from its source.

    python -m bench.figures            # rewrite the marked blocks of README.md and docs/*.md
    python -m bench.figures --check    # exit 1 and name each block that differs from the JSON

Markers (HTML comments, invisible in rendered Markdown):

    <!-- fig value src=quality.json path=figures.summary.c_precision fmt=.3f -->0.812<!-- /fig -->

    <!-- fig table src=quality.json path=figures.worlds cols=preset,style,c_precision:.3f
         headers=preset;style;C precision -->
    | preset | style | C precision |
    ...
    <!-- /fig -->

- `src` is a file in bench/results/; `path` walks into it: dot-separated keys, list indexes,
  `{a.key.with.dots}` for a key that contains dots, and `[key=value]` to pick the list item whose
  `key` equals `value` (`figures.worlds[preset=hard]`).
- `value` prints one leaf with `fmt` (a Python format spec; `,` for thousands) and optional
  `unit` appended after a space; `table` prints a list of objects, one row each, with `cols`
  (`key` or `key:fmt`; a key may itself be a dotted path inside the row) and optional `headers`
  (`;`-separated), and optional `where=key=value` to keep only matching rows.
- `text` prints a string leaf as it is.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

MARKER = re.compile(r"<!--\s*fig\s+(?P<spec>.*?)-->(?P<body>.*?)<!--\s*/fig\s*-->", re.DOTALL)
# A measured-looking number (three decimals, e.g. 0.859) outside any marker: the kind of figure that
# used to be typed into the README by hand. Lines can opt out with `<!-- not-a-figure -->`.
LOOSE_FIGURE = re.compile(r"(?<![\w.])\d\.\d{3}(?![\w.])")
OPT_OUT = "<!-- not-a-figure -->"


class FigureError(Exception):
    """A marker that cannot be rendered: names the file, line and what is wrong."""


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    spec: dict[str, str]
    kind: str
    start: int
    end: int
    body: str

    def where(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}"


def parse_spec(raw: str) -> tuple[str, dict[str, str]]:
    parts = shlex.split(raw.replace("\n", " "))
    if not parts:
        raise ValueError("empty marker")
    kind, options = parts[0], {}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"option without '=': {part!r}")
        options[key] = value
    return kind, options


def fenced_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``` code fences: markers shown there are examples, not figures."""
    spans, start, offset = [], None, 0
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("```"):
            if start is None:
                start = offset
            else:
                spans.append((start, offset + len(line)))
                start = None
        offset += len(line)
    return spans


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    fences = fenced_spans(text)
    out = []
    for m in MARKER.finditer(text):
        if any(a <= m.start() < b for a, b in fences):
            continue
        line = text.count("\n", 0, m.start()) + 1
        try:
            kind, spec = parse_spec(m.group("spec"))
        except ValueError as exc:
            raise FigureError(f"{path}:{line}: {exc}") from exc
        out.append(Block(path, line, spec, kind, m.start("body"), m.end("body"), m.group("body")))
    return out


# A key, a `{key.with.dots}` taken whole, or a `[key=value]` selector.
_STEP = re.compile(r"\{([^}]*)\}|([^.\[\]{}]+)|\[([^\]=]+)=([^\]]*)\]")


def walk(data: Any, path: str) -> Any:
    """Follow a dotted path with `[key=value]` selectors through dicts and lists."""
    node = data
    for m in _STEP.finditer(path):
        braced, key, sel_key, sel_value = m.groups()
        key = braced if braced is not None else key
        if key is not None:
            if isinstance(node, list):
                try:
                    node = node[int(key)]
                except (ValueError, IndexError) as exc:
                    raise KeyError(f"no item {key!r} in a list of {len(node)}") from exc
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                raise KeyError(f"no key {key!r}")
        else:
            if not isinstance(node, list):
                raise KeyError(f"[{sel_key}={sel_value}] applied to a non-list")
            found = [item for item in node if isinstance(item, dict) and str(item.get(sel_key)) == sel_value]
            if len(found) != 1:
                raise KeyError(f"[{sel_key}={sel_value}] matches {len(found)} items, not 1")
            node = found[0]
    return node


def format_value(value: Any, fmt: str | None) -> str:
    if value is None:
        return "–"
    if fmt and isinstance(value, int | float) and not isinstance(value, bool):
        return format(value, fmt)
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class Renderer:
    """Loads each results file once and renders blocks from it."""

    def __init__(self, results: Path = RESULTS) -> None:
        self.results = results
        self._cache: dict[str, Any] = {}

    def load(self, name: str) -> Any:
        if name not in self._cache:
            file = self.results / name
            if not file.is_file():
                raise FileNotFoundError(
                    f"bench/results/{name} does not exist (run the benchmark that writes it)"
                )
            self._cache[name] = json.loads(file.read_text(encoding="utf-8"))
        return self._cache[name]

    def render(self, block: Block) -> str:
        spec = block.spec
        try:
            data = walk(self.load(spec["src"]), spec.get("path", ""))
            if block.kind == "value":
                text = format_value(data, spec.get("fmt"))
                return f"{text} {spec['unit']}" if spec.get("unit") else text
            if block.kind == "text":
                return str(data)
            if block.kind == "table":
                return "\n" + self.table(data, spec) + "\n"
        except (KeyError, FileNotFoundError, ValueError, TypeError) as exc:
            raise FigureError(
                f"{block.where()}: {exc} (src={spec.get('src')} path={spec.get('path')})"
            ) from exc
        raise FigureError(f"{block.where()}: unknown kind {block.kind!r} (value, text or table)")

    @staticmethod
    def table(rows: Any, spec: dict[str, str]) -> str:
        if isinstance(rows, dict) and all(isinstance(v, dict) for v in rows.values()):
            # An object of objects ({"nl": {...}, "de": {...}}): one row each, its key as `_key`.
            rows = [{"_key": key, **value} for key, value in rows.items()]
        if not isinstance(rows, list):
            raise TypeError("a table needs a list of objects, or an object of objects")
        if "where" in spec:
            key, _, want = spec["where"].partition("=")
            rows = [r for r in rows if str(walk(r, key)) == want]
        columns = [c.partition(":") for c in spec["cols"].split(",")]
        headers = spec["headers"].split(";") if "headers" in spec else [c[0] for c in columns]
        if len(headers) != len(columns):
            raise ValueError(f"{len(headers)} headers for {len(columns)} columns")
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(columns)]
        for row in rows:
            cells = []
            for key, _, fmt in columns:
                try:
                    value = walk(row, key)
                except KeyError:
                    value = None
                cells.append(_cell(format_value(value, fmt or None)))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def documents(root: Path = ROOT) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def rewrite(path: Path, renderer: Renderer) -> tuple[str, str]:
    """(old text, new text) of one document with every block rendered."""
    old = path.read_text(encoding="utf-8")
    new, last = [], 0
    for block in blocks(path):
        new.append(old[last : block.start])
        new.append(renderer.render(block))
        last = block.end
    new.append(old[last:])
    return old, "".join(new)


def loose_figures(path: Path) -> Iterable[tuple[int, str]]:
    """Lines with a measured-looking number outside markers and code fences."""
    text = MARKER.sub("", path.read_text(encoding="utf-8"))
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or OPT_OUT in line:
            continue
        if LOOSE_FIGURE.search(line):
            yield number, line.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.figures", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 where a block differs")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of the benchmark JSON")
    parser.add_argument("files", nargs="*", type=Path, help="documents (default: README.md and docs/*.md)")
    args = parser.parse_args(argv)
    renderer = Renderer(args.results)
    drift = []
    try:
        for path in args.files or documents():
            old, new = rewrite(path, renderer)
            if old == new:
                continue
            if args.check:
                drift.append(str(path))
            else:
                path.write_text(new, encoding="utf-8")
                print(f"updated {path}")
    except FigureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if drift:
        print("figures differ from bench/results (run `python -m bench.figures`):", *drift, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
