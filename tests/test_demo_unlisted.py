"""Unlisted sites and decoys in the demo world (demo/discovery.py).

They are added from random streams of their own, so every file the generator wrote before them is
byte for byte the same: `tests/data/demo_world_before_discovery.json` holds the digests of two worlds
written by generator 2.0 (before this part existed), and the current generator must reproduce them.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from ketenradar.demo.config import preset
from ketenradar.demo.discovery import DECOY_KINDS
from ketenradar.demo.generate import generate_world
from ketenradar.demo.population import slug
from ketenradar.demo.server import DemoServer

BEFORE = Path(__file__).parent / "data" / "demo_world_before_discovery.json"
# The presets as generator 2.0 had them: session 5 recalibrated medium and hard (docs/demo-world.md,
# "Presets"); with these values the current generator must write the very same files.
GENERATOR_2_PRESETS = {
    "medium": {"class_gap": 0.0, "quiet_site_share": 0.15, "quiet_site_share_other": 0.2},
    "hard": {"class_gap": 0.0},
}


def _registrable(host: str) -> str:
    return host.removeprefix("www.")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("unlisted") / "world"
    generate_world(out, firms=200, seed=31, quiet=True)
    return out


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["medium-7", "hard-alt-9"])
def test_existing_firms_labels_sources_and_pages_stay_as_they_were(name: str, tmp_path: Path) -> None:
    before = json.loads(BEFORE.read_text())[name]
    world = tmp_path / name
    style = before["style"] or "default"
    config = replace(preset(before["preset"]), style=style, **GENERATOR_2_PRESETS[before["preset"]])
    generate_world(world, firms=before["firms"], seed=before["seed"], config=config, quiet=True, workers=1)
    now = {
        str(p.relative_to(world)): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
        for p in world.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", "sites.json")
    }
    changed = [p for p, digest in before["files"].items() if now.get(p) != digest]
    assert not changed, f"files differ from generator 2.0: {changed[:5]}"
    # firms.jsonl (categories, labels, capabilities), records.jsonl and every source are among them
    assert {"ground_truth/firms.jsonl", "ground_truth/records.jsonl"} <= set(before["files"])
    assert any(p.startswith("sources/") for p in before["files"])
    sites = json.loads((world / "sites.json").read_text())
    entries = {
        d: hashlib.sha256(json.dumps(e, sort_keys=True).encode()).hexdigest()[:16] for d, e in sites.items()
    }
    assert all(entries.get(d) == digest for d, digest in before["sites_json"].items())
    counts = json.loads((world / "manifest.json").read_text())["counts"]
    assert {k: counts[k] for k in before["counts"]} == before["counts"]
    added = set(now) - set(before["files"])
    assert added, "no unlisted site or decoy was added"
    assert all(p.startswith("sites/") or p.startswith("ground_truth/") for p in added)
    new_hosts = set(sites) - set(before["sites_json"])
    assert {p.split("/")[1] for p in added if p.startswith("sites/")} == new_hosts


def test_a_tenth_of_firms_have_a_readable_site_that_no_source_lists(world: Path) -> None:
    manifest = json.loads((world / "manifest.json").read_text())
    unlisted = _jsonl(world / "ground_truth" / "unlisted_sites.jsonl")
    assert len(unlisted) >= 0.10 * manifest["firms"] - 0.5
    assert manifest["counts"]["unlisted_sites"] == len(unlisted)
    # No source file carries any of these domains (XLSX: its shared strings).
    texts = []
    for path in (world / "sources").iterdir():
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts.append(" ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()))
        else:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    blob = " ".join(texts).lower()
    listed = [
        u["domain"]
        for u in unlisted
        if re.search(rf"(?<![a-z0-9.-]){re.escape(_registrable(u['domain']))}(?![a-z0-9-])", blob)
    ]
    assert not listed, f"listed in a source: {listed}"
    sites = json.loads((world / "sites.json").read_text())
    firms = {f["kvk_number"]: f for f in _jsonl(world / "ground_truth" / "firms.jsonl")}
    for u in unlisted:
        assert sites[u["domain"]]["status"] == "ok" and sites[u["domain"]]["kvk_number"] == u["kvk_number"]
        if u["new_site"]:  # the firm's registry truth is untouched: it had no site before
            assert firms[u["kvk_number"]]["domain"] is None
    assert any(u["new_site"] for u in unlisted) and any(not u["new_site"] for u in unlisted)
    assert any(not u["on_name"] for u in unlisted), "some sites should sit on a domain off the name"


def test_decoys_carry_the_name_and_are_served_on_loopback(world: Path) -> None:
    decoys = _jsonl(world / "ground_truth" / "decoys.jsonl")
    assert {d["decoy"] for d in decoys} == set(DECOY_KINDS)
    firms = {f["kvk_number"]: f for f in _jsonl(world / "ground_truth" / "firms.jsonl")}
    sites = json.loads((world / "sites.json").read_text())
    with DemoServer(world) as server:
        assert set(server.allow_hosts().values()) == {"127.0.0.1"}
        port = server.port_map()["http"]
        for kind in DECOY_KINDS:
            decoy = next(d for d in decoys if d["decoy"] == kind)
            firm = firms[decoy["of_kvk_number"]]
            label = _registrable(decoy["domain"]).split(".")[0].replace("-", "")
            names = [firm["display_name"], *firm["trade_names"]]
            assert any(label in slug(n).replace("-", "") for n in names), (label, names)
            assert decoy["domain"] in server.allow_hosts()
            response = httpx.get(
                f"http://127.0.0.1:{port}/",
                headers={"Host": decoy["domain"]},
                follow_redirects=False,
                timeout=20,
            )
            if response.status_code in (301, 302):  # same-name site over https
                assert response.headers["location"].startswith("https://")
                response = httpx.get(
                    f"https://127.0.0.1:{server.port_map()['https']}/",
                    headers={"Host": decoy["domain"]},
                    verify=False,
                    timeout=20,
                )
            assert response.status_code == 200
            text = html.unescape(response.text)
            if kind == "parked":
                assert sites[decoy["domain"]]["status"] == "parked"
                assert _registrable(decoy["domain"]) in text
            elif kind == "directory":
                assert firm["kvk_number"] in text and firm["postcode"] in text
                assert text.count("KvK-nummer") >= 2  # the firm among others
            else:
                assert decoy["kvk_number"] != firm["kvk_number"]
                assert firm["display_name"] in text and decoy["kvk_number"] in text
                assert firm["kvk_number"] not in text and firm["postcode"] not in text


def test_the_share_is_a_world_config_key(tmp_path: Path) -> None:
    none = replace(preset("medium"), unlisted_site_share=0.0)
    counts = generate_world(tmp_path / "w0", firms=120, seed=5, config=none, quiet=True, workers=1)
    unlisted = _jsonl(tmp_path / "w0" / "ground_truth" / "unlisted_sites.jsonl")
    assert counts["unlisted_sites_new"] == 0 and all(not u["new_site"] for u in unlisted)
    few = replace(preset("medium"), unlisted_site_share=0.05)
    n_few = generate_world(tmp_path / "w1", firms=120, seed=5, config=few, quiet=True, workers=1)[
        "unlisted_sites"
    ]
    n_default = generate_world(tmp_path / "w2", firms=120, seed=5, quiet=True, workers=1)["unlisted_sites"]
    # Only firms without a site can get one (existing firms stay as they were), which caps the share.
    n_more = generate_world(
        tmp_path / "w3",
        firms=120,
        seed=5,
        config=replace(few, unlisted_site_share=0.3),
        quiet=True,
        workers=1,
    )["unlisted_sites"]
    assert n_few >= 6 and n_default == 12 and n_more > n_default
