"""Fuzzing every loader with corrupted copies of the demo files (issue 19, defects 6 and the fuzz test).

Seeded and bounded: each demo source file (plus a KvK CSV extract, which the demo has none of) is
corrupted in several ways - bytes flipped, truncated, re-encoded, fed to the loader of another kind,
and for workbooks a damaged zip member or a sheet XML cut in half - and imported with `ingest`. Each
import must end in a clear error (a KetenradarError naming the file) with the store unchanged, or in
a clean import whose rejects all carry a row and a reason. Anything else - a traceback - fails the
test with the case that caused it, so it can be replayed from the seed. The overrides reader and the
config loader get the same treatment.
"""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from pathlib import Path

import pytest

import sourcefiles as sf
from ketenradar.config import Config, load_config
from ketenradar.errors import KetenradarError
from ketenradar.resolve.overrides import read_overrides
from ketenradar.sources import stage as ingest
from ketenradar.sources.formats import KINDS
from ketenradar.stage import StageContext
from ketenradar.store import Store

SEED = int(os.environ.get("KETENRADAR_FUZZ_SEED", "19"))
CASES_PER_FILE = int(os.environ.get("KETENRADAR_FUZZ_CASES", "14"))
BUDGET_SECONDS = 50.0


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> list[tuple[Path, str]]:
    from ketenradar.demo.generate import generate_world

    world = tmp_path_factory.mktemp("world")
    generate_world(world, firms=30, seed=SEED, quiet=True)
    import json

    manifest = json.loads((world / "manifest.json").read_text())
    files = [(world / s["path"], s["kind"]) for s in manifest["sources"]]
    files.append((sf.write_kvk_csv(world / "kvk-extract.csv"), "kvk_csv"))
    return files


# -- corruptions ---------------------------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        i = rng.randrange(len(out))
        out[i] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, len(data))]


def reencode(data: bytes, rng: random.Random) -> bytes:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data[::-1]  # a binary file: reversed bytes are as wrong as an encoding
    encoding = rng.choice(["utf-16", "utf-32", "cp037", "shift_jis", "koi8_r"])
    return text.encode(encoding, errors="replace")


def insert_junk(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    junk = rng.choice(
        [b"\x00" * 50, b'"' * 7, b"\n\n;;;\n", "ä€\u202e=cmd|' /C calc'!A0".encode(), os.urandom(64)]
    )
    return data[:i] + junk + data[i:]


def damage_zip_member(data: bytes, rng: random.Random) -> bytes:
    """A workbook whose sheet XML is cut in half (ParseError) or whose deflated bytes are damaged."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/") or item.filename == "xl/sharedStrings.xml":
                content = content[: len(content) // rng.choice([2, 3, 5])]
            dst.writestr(item, content)
    return buf.getvalue()


def flip_in_deflate(data: bytes, rng: random.Random) -> bytes:
    """One flipped byte inside the compressed sheet data: zlib.error or a bad CRC on reading."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = next(i for i in zf.infolist() if i.filename.startswith("xl/worksheets/"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    i = start + rng.randrange(max(1, info.compress_size))
    out[i] ^= 0xFF
    return bytes(out)


CORRUPTIONS = [flip_bytes, truncate, reencode, insert_junk]
ZIP_CORRUPTIONS = [damage_zip_member, flip_in_deflate]


def snapshot(store: Store) -> tuple:
    return tuple(
        store.scalar(f"SELECT count(*) FROM {t}") for t in ("source_files", "source_records", "rejects")
    ) + (store.scalar("SELECT string_agg(file_id, ',' ORDER BY file_id) FROM source_files"),)


def ingest_case(store: Store, path: Path, kind: str, case: str) -> str:
    """'error' or 'imported'; fails the test on anything but a clear error."""
    before = snapshot(store)
    try:
        with store.run("ingest") as run:
            ingest.run(store, Config(), StageContext(run.run_id, quiet=True), files=[str(path)], kind=kind)
    except KetenradarError as exc:
        message = str(exc)
        assert message.strip(), case
        assert "Traceback" not in message, case
        assert snapshot(store) == before, f"{case}: the store changed although the import failed"
        return "error"
    except Exception as exc:  # the defect: a raw traceback instead of a message
        pytest.fail(f"{case}: {type(exc).__name__}: {exc}")
    after = snapshot(store)
    assert after[0] in (before[0], before[0] + 1), case
    bad = store.df("SELECT * FROM rejects WHERE reason IS NULL OR reason = '' OR row_number IS NULL")
    assert bad.empty, f"{case}: rejects without a row or a reason"
    return "imported"


def test_every_loader_survives_corrupted_demo_files(demo_files, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    started = time.monotonic()
    outcomes: dict[str, int] = {}
    with Store(tmp_path / "fuzz.duckdb") as store:
        n = 0
        for path, true_kind in demo_files:
            data = path.read_bytes()
            corruptions = CORRUPTIONS + (ZIP_CORRUPTIONS if data[:4] == b"PK\x03\x04" else [])
            plans = [(c, true_kind) for c in corruptions]
            plans += [(rng.choice(corruptions), true_kind) for _ in range(CASES_PER_FILE - len(plans) - 3)]
            # Wrong kind: the intact file through other loaders, and a corrupted one through auto.
            plans += [(None, k) for k in rng.sample([k for k in KINDS if k != true_kind], 2)] + [
                (rng.choice(corruptions), "auto")
            ]
            for corrupt, kind in plans:
                n += 1
                case_seed = rng.randrange(2**31)
                label = corrupt.__name__ if corrupt else "intact"
                case = f"seed {SEED} case {n} ({path.name}, {label}, kind {kind}, case seed {case_seed})"
                body = corrupt(data, random.Random(case_seed)) if corrupt else data
                target = tmp_path / f"case{n}{path.suffix}"
                target.write_bytes(body)
                outcome = ingest_case(store, target, kind, case)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                if time.monotonic() - started > BUDGET_SECONDS:
                    break
    print(f"fuzz: {n} cases in {time.monotonic() - started:.1f} s: {outcomes}")
    assert n >= len(demo_files) * 5
    assert outcomes.get("error", 0) > 0


def test_damaged_workbook_names_file_and_reason(demo_files, tmp_path: Path) -> None:
    xlsx = next(p for p, _ in demo_files if p.suffix == ".xlsx")
    with Store(tmp_path / "x.duckdb") as store:
        for corrupt, reason in ((flip_in_deflate, "zip container is damaged"), (damage_zip_member, "XML")):
            bad = tmp_path / f"{corrupt.__name__}.xlsx"
            bad.write_bytes(corrupt(xlsx.read_bytes(), random.Random(1)))
            before = snapshot(store)
            with pytest.raises(KetenradarError) as info, store.run("ingest") as run:
                ingest.run(store, Config(), StageContext(run.run_id, quiet=True), files=[str(bad)])
            assert str(bad) in str(info.value) and reason in str(info.value)
            assert snapshot(store) == before


def test_overrides_and_config_loaders_survive_corruption(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    overrides = b"record_id,kvk_number,reason\nabc:Blad1:2,01234567,zelfde\nabc:Blad1:3,no match,\n"
    config = b'[crawl]\nmax_pages = 10\nallow_hosts = {"demo.test" = "127.0.0.1"}\n[serve]\nport = 8080\n'
    for i in range(60):
        for name, data, loader in (
            ("overrides.csv", overrides, read_overrides),
            ("ketenradar.toml", config, load_config),
        ):
            corrupt = rng.choice(CORRUPTIONS)
            path = tmp_path / f"{i}-{name}"
            path.write_bytes(corrupt(data, random.Random(rng.randrange(2**31))))
            try:
                loader(path)
            except KetenradarError as exc:
                assert str(path) in str(exc), f"{path.name} ({corrupt.__name__}): {exc}"
            except Exception as exc:
                pytest.fail(f"{path.name} ({corrupt.__name__}): {type(exc).__name__}: {exc}")
