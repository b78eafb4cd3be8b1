"""Resolve: firms from the registry, links (exact and probabilistic), overrides, labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sourcefiles as sf
from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.resolve.normalise import locate, norm_name, norm_place
from ketenradar.store import Store
from support import run_stage


@pytest.fixture
def world(tmp_path: Path) -> list[Path]:
    return [
        sf.write_kvk_jsonl(tmp_path / "kvk.jsonl"),
        sf.write_kvk_csv(tmp_path / "kvk-extract.csv"),
        sf.write_member_list(tmp_path / "leden.csv"),
        sf.write_ted(tmp_path / "ted.csv"),
        sf.write_tenderned(tmp_path / "tenderned.xlsx"),
        sf.write_association(tmp_path / "nidv-leden.csv"),
        sf.write_oem(tmp_path / "thales-leveranciers.xlsx"),
    ]


@pytest.fixture
def store(store_path: Path, world):
    with Store(store_path) as s:
        run_stage(s, "ingest", Config(), files=[str(p) for p in world])
        yield s


def run_resolve(store, config=None, overrides=None):
    return run_stage(store, "resolve", config or Config(), overrides=overrides)


def link_of(store, path: Path, row: int) -> dict:
    frame = store.df(
        "SELECT l.* FROM links l JOIN source_records r USING (record_id) WHERE r.path = ? AND r.row_number = ?",
        [str(path), row],
    )
    return frame.astype(object).where(frame.notna(), None).to_dict("records")[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jansen Metaalbewerking B.V.", "jansen metaalbewerking"),
        ("JANSEN METAALBEWERKING BV", "jansen metaalbewerking"),
        ("Bakker Lastechniek V.O.F.", "bakker lastechniek"),
        ("Müller & Zn. Holding b.v.", "muller"),
        ("B.V. Nederlandse Frezerij", "nederlandse frezerij"),
        ("Holding B.V.", "holding bv"),
    ],
)
def test_norm_name(name, expected):
    assert norm_name(name) == expected


def test_norm_place_and_pc2():
    assert norm_place("'s-Gravenhage") == norm_place("Den Haag")
    assert norm_place("Bergen NH") == "bergen"
    province, lat, lon = locate("5652 AA")
    assert province == "Noord-Brabant" and 51 < lat < 52 and 5 < lon < 6
    assert locate("9712 AB")[0] == "Groningen"
    assert locate(None) == (None, None, None)


def test_firms_from_registry_and_members(store):
    result = run_resolve(store)
    firms = store.df("SELECT * FROM firms ORDER BY kvk_number").set_index("kvk_number")
    # 5 basisprofielen + 1 KvK CSV + 1 member with a KvK number not in the registry
    assert list(firms.index) == [
        "01234567",
        "23456789",
        "34567890",
        "45678901",
        "56789012",
        "67890123",
        "78901234",
    ]
    assert result.counts["firms"] == 7
    jansen = firms.loc["01234567"]
    assert jansen["name"] == "Jansen Metaalbewerking B.V."  # registry wins over the member list
    assert jansen["province"] == "Noord-Holland" and jansen["latitude"] > 52
    assert bool(jansen["is_member"]) and not bool(firms.loc["23456789", "is_member"])
    assert firms.loc["78901234", "name"] == "Hollandse Frezerij Müller"
    assert firms.loc["45678901", "size_class"] == "50-249"


def test_links_exact_and_probabilistic(store, world):
    run_resolve(store)
    members, ted, tenderned, assoc, oem = world[2], world[3], world[4], world[5], world[6]
    assert link_of(store, members, 2)["method"] == "kvk_exact"
    exact = link_of(store, tenderned, 2)
    assert (exact["kvk_number"], exact["status"], exact["method"]) == ("45678901", "linked", "kvk_exact")
    award = link_of(store, ted, 2)  # 'Jansen Metaalbewerking BV', Amsterdam 1234AB, no KvK number
    assert (award["kvk_number"], award["status"], award["method"]) == ("01234567", "linked", "probabilistic")
    assert award["probability"] >= 0.85
    assert {"name", "postcode", "place"} <= set(award["agreeing_fields"])
    assert link_of(store, ted, 3)["kvk_number"] == "23456789"
    assert link_of(store, ted, 4)["status"] == "unmatched"  # a German winner
    assert link_of(store, ted, 5)["status"] in ("unmatched", "ambiguous")  # nobody by that name
    assert link_of(store, assoc, 2)["kvk_number"] == "23456789"  # via the domain and name
    assert link_of(store, assoc, 3)["kvk_number"] == "45678901"  # via a trade name
    assert link_of(store, oem, 2)["kvk_number"] == "34567890"  # 'Bakker Las Techniek'
    cands = json.loads(link_of(store, ted, 2)["candidates"])
    assert cands[0]["kvk_number"] == "01234567" and "levels" in cands[0]


def test_review_file_lists_ambiguous_and_unmatched(store):
    result = run_resolve(store)
    review = store.path.with_name(store.path.stem + "-review.csv")
    lines = review.read_text().splitlines()
    assert lines[0].startswith("record_id,kvk_number,kind")
    assert len(lines) - 1 == result.counts["ambiguous"] + result.counts["unmatched"] >= 2
    assert any("Rüstung" in line for line in lines)


def test_labels_with_evidence(store, world):
    run_resolve(store)
    labels = store.df("SELECT * FROM labels ORDER BY kvk_number, label, source").to_dict("records")
    got = {(r["kvk_number"], r["label"], r["source"]) for r in labels}
    assert ("01234567", "A", "award_defence") in got  # TED award by the DMO
    assert ("45678901", "A", "award_defence") in got  # TenderNed award by Defensie
    assert ("23456789", "A", "award_defence") not in got  # municipality, not Defence
    assert ("34567890", "B", "oem_supplier") in got
    assert ("23456789", "association", "association_member") in got
    assert not any(k == "34567890" and label == "A" for k, label, _ in got)  # Rijkswaterstaat award
    a = next(r for r in labels if r["kvk_number"] == "01234567" and r["label"] == "A")
    assert a["strength"] == 1.0 and "Defensie" in a["evidence"] and a["record_id"]
    assoc = next(r for r in labels if r["label"] == "association")
    assert assoc["strength"] < 0.5


def test_defence_buyer_list_is_configurable(store):
    config = Config()
    config.resolve.defence_buyers = ["Gemeente Utrecht"]
    run_resolve(store, config)
    got = set(store.fetchall("SELECT kvk_number, label FROM labels WHERE source = 'award_defence'"))
    assert got == {("23456789", "A")}


def test_rerun_is_idempotent(store):
    first = run_resolve(store)
    snapshot = [
        store.df(f"SELECT * EXCLUDE (run_id) FROM {t} ORDER BY ALL") for t in ("firms", "links", "labels")
    ]
    second = run_resolve(store)
    assert second.counts.get("skipped_unchanged") == second.counts["records"]
    again = [
        store.df(f"SELECT * EXCLUDE (run_id) FROM {t} ORDER BY ALL") for t in ("firms", "links", "labels")
    ]
    for a, b in zip(snapshot, again, strict=True):
        assert a.equals(b)
    assert first.counts["input_hash"] == second.counts["input_hash"]


def test_overrides_are_honoured_and_kept(store, world, tmp_path):
    run_resolve(store)
    ted = world[3]
    wrong = link_of(store, ted, 2)["record_id"]
    nobody = link_of(store, ted, 5)["record_id"]
    path = tmp_path / "overrides.csv"
    path.write_text(f"record_id,kvk_number,reason\n{wrong},no match,checked by hand\n{nobody},56789012,\n")
    result = run_resolve(store, overrides=str(path))
    assert result.counts["overrides_new"] == 2
    assert (link_of(store, ted, 2)["status"], link_of(store, ted, 2)["kvk_number"]) == ("no_match", None)
    assert (link_of(store, ted, 5)["kvk_number"], link_of(store, ted, 5)["method"]) == (
        "56789012",
        "override",
    )
    stored = dict(store.fetchall("SELECT record_id, kvk_number FROM link_overrides"))
    assert stored == {wrong: None, nobody: "56789012"}
    # the label of the overridden award went with it
    assert not store.fetchall("SELECT * FROM labels WHERE record_id = ?", [wrong])
    # next run without the file: the stored overrides still apply
    run_resolve(store)
    assert link_of(store, ted, 5)["kvk_number"] == "56789012"
    # same file again: nothing new
    assert run_resolve(store, overrides=str(path)).counts["overrides_new"] == 0


def test_overrides_from_config_and_bad_file(store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,kvk_number\nx,12ab\n")
    config = Config()
    config.resolve.overrides_file = str(bad)
    with pytest.raises(InputError, match=r"bad.csv, row 2, field 'kvk_number'"):
        run_resolve(store, config)
    bad.write_text("id,kvk\nx,1\n")
    with pytest.raises(InputError, match="record_id,kvk_number"):
        run_resolve(store, config)


def test_resolve_without_records_says_what_to_do(store_path):
    with Store(store_path) as s, pytest.raises(InputError, match="ingest"):
        run_resolve(s)


@pytest.mark.parametrize(
    ("record", "firm", "level"),
    [
        ("Kramer Haan Machinefabriek", "Kramer & Haan Machinefabriek B.V.", "exact"),
        ("KHM Machinefabriek", "Kramer & Haan Machinefabriek B.V.", "initials_words"),
        ("DDB", "Draaierij De Boer B.V.", "initials_3"),
        ("DB", "Draaierij De Boer B.V.", "initials_2"),
        ("Jansen Metaalbewerkng", "Jansen Metaalbewerking", "fuzzy_93"),
        ("Jansen", "Jansen Metaalbewerking", "tokens"),
        ("Pietersen Techniek", "Jansen Metaalbewerking", "differ"),
    ],
)
def test_name_levels(record, firm, level):
    from ketenradar.resolve.link import name_level

    assert name_level([norm_name(record)], [norm_name(firm)]) == level


def test_look_alike_firms_go_to_review_not_to_a_guess(tmp_path, store_path):
    twins = [r for r in sf.REGISTRY[:1]]
    twin = ("99999999", *sf.REGISTRY[0][1:])  # same name, same place, another KvK number
    kvk = sf.write_kvk_jsonl(tmp_path / "kvk.jsonl", rows=[*twins, twin])
    ted = sf.write_ted(tmp_path / "ted.csv")
    with Store(store_path) as s:
        run_stage(s, "ingest", Config(), files=[str(kvk), str(ted)])
        run_stage(s, "resolve", Config())
        link = link_of(s, ted, 2)
    assert link["status"] == "ambiguous" and link["kvk_number"] is None
    assert {c["kvk_number"] for c in json.loads(link["candidates"])[:2]} == {"01234567", "99999999"}


def test_cli_resolve_review_and_overrides(tmp_path, cli_env, python):
    import subprocess

    files = [sf.write_kvk_jsonl(tmp_path / "kvk.jsonl"), sf.write_ted(tmp_path / "ted.csv")]
    db = tmp_path / "k.duckdb"
    base = [python, "-m", "ketenradar", "--db", str(db), "--quiet", "--json"]
    with Store(db) as s:  # ingest in-process (its CLI is tested in test_ingest.py)
        run_stage(s, "ingest", Config(), files=[str(f) for f in files])
    out = subprocess.run([*base, "resolve"], env=cli_env, check=True, capture_output=True, text=True)
    counts = json.loads(out.stdout)["counts"]
    assert counts["linked"] == 7 and counts["unmatched"] + counts["ambiguous"] == 2
    review = tmp_path / "k-review.csv"
    rows = review.read_text().splitlines()
    assert len(rows) == 3
    # the reviewer decides: the unknown Dutch winner is Bakker; the German one names no Dutch firm
    decided = tmp_path / "decided.csv"
    ids = [line.split(",")[0] for line in rows[1:]]
    decided.write_text(f"record_id,kvk_number\n{ids[0]},34567890\n{ids[1]},no match\n")
    out = subprocess.run(
        [*base, "resolve", "--overrides", str(decided)],
        env=cli_env,
        check=True,
        capture_output=True,
        text=True,
    )
    counts = json.loads(out.stdout)["counts"]
    assert counts["linked_override"] == 1 and counts["no_match"] == 1 and counts["unmatched"] == 0
    assert len(review.read_text().splitlines()) == 1  # nothing left to review
