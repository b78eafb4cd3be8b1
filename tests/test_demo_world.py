"""The demo world: determinism, shares, real-format source files, sites and their ground truth."""

from __future__ import annotations

import ast
import csv
import hashlib
import html
import io
import json
import re
import statistics
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ketenradar.demo import config as demo_config
from ketenradar.demo import generate as demo_generate
from ketenradar.demo import phrases, tables
from ketenradar.demo.generate import generate_world
from ketenradar.demo.population import ALL_FEATURES, make_population
from ketenradar.errors import InputError
from ketenradar.evaluate.truth import GroundTruth

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (or beside the folder of worktrees).
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()), ROOT / "shared"
)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "world"
    generate_world(out, firms=600, seed=11, quiet=True)
    return out


def _truth(world: Path) -> pd.DataFrame:
    return GroundTruth.load(world).firms


def _records(world: Path) -> pd.DataFrame:
    return pd.read_json(world / "ground_truth" / "records.jsonl", lines=True, dtype={"kvk_number": str})


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    generate_world(a, firms=120, seed=3, quiet=True)
    generate_world(b, firms=120, seed=3, quiet=True, workers=1)
    da, db = _digest(a), _digest(b)
    assert da == db
    assert any(k.endswith(".xlsx") for k in da) and any(k.endswith(".pdf") for k in da)
    generate_world(b, firms=120, seed=4, quiet=True)  # regenerating replaces the world
    assert _digest(b) != da


def test_alt_style_differs_in_text_not_in_truth(tmp_path: Path) -> None:
    d, a = tmp_path / "d", tmp_path / "a"
    generate_world(d, firms=80, seed=5, quiet=True)
    generate_world(a, firms=80, seed=5, style="alt", quiet=True)
    td, ta = _truth(d), _truth(a)
    assert list(td["category"]) == list(ta["category"])
    assert list(td["latent_features"]) == list(ta["latent_features"])
    paths_d = {p.name for p in (d / "sites").rglob("*.html")}
    paths_a = {p.name for p in (a / "sites").rglob("*.html")}
    assert "over-ons.html" in paths_d and "over-ons.html" not in paths_a
    assert json.loads((a / "manifest.json").read_text())["style"] == "alt"


def test_manifest_layout_and_category_shares(world: Path) -> None:
    manifest = json.loads((world / "manifest.json").read_text())
    assert manifest["firms"] == 600 and manifest["seed"] == 11 and manifest["style"] == "default"
    kinds = {s["kind"] for s in manifest["sources"]}
    assert kinds == {"member_list", "kvk_json", "association", "ted", "tenderned", "oem"}
    for source in manifest["sources"]:
        assert (world / source["path"]).is_file()
    assert (world / manifest["sites"]).is_dir() and (world / "sites.json").is_file()
    truth = _truth(world)
    assert len(truth) == 600 and truth["kvk_number"].is_unique
    assert truth["kvk_number"].str.fullmatch(r"\d{8}").all()
    assert truth["vestigingsnummer"].str.fullmatch(r"\d{12}").all()
    shares = truth["category"].value_counts(normalize=True)
    assert shares["A"] == pytest.approx(0.02, abs=0.005)
    assert shares["B"] == pytest.approx(0.03, abs=0.005)
    assert shares["C"] == pytest.approx(0.20, abs=0.02)
    assert shares["D"] == pytest.approx(0.20, abs=0.02)
    with_site = truth["domain"].notna().mean()
    assert 0.85 < with_site < 0.96
    # Size skewed small; A/C larger than none on average.
    assert truth["employees"].median() < 20
    assert (
        truth[truth.category == "A"].employees.median() > truth[truth.category == "none"].employees.median()
    )


def test_profiles_overlap_but_differ_by_category(world: Path) -> None:
    truth = _truth(world)
    has = truth["latent_features"].apply(lambda f: "cert.aqap2110" in f or "cert.en9100" in f)
    by_cat = has.groupby(truth["category"]).mean()
    assert by_cat["C"] > by_cat["D"] > by_cat["none"]
    assert by_cat["D"] > 0  # not perfectly separable: some D firms look like A
    ids = set((ROOT / "docs" / "indicator-ids.md").read_text().split("`"))
    for feats in truth["latent_features"]:
        assert set(feats) <= ids


def test_postcodes_places_and_sbi_are_coherent(world: Path) -> None:
    places = {p: (prov, lo, hi) for p, prov, lo, hi, _ in tables.PLACES}
    truth = _truth(world)
    assert truth["province"].nunique() == 12
    for row in truth.itertuples():
        prov, lo, hi = places[row.place]
        assert row.province == prov
        assert re.fullmatch(r"\d{4} [A-Z]{2}", row.postcode)
        assert lo <= int(row.postcode[:4]) <= hi
        assert row.postcode[5:] not in ("SA", "SD", "SS")
    divisions = truth["sbi_main"].astype(str).str[:2]
    assert divisions.isin(["24", "25", "26", "27", "28", "29", "30", "33", "22", "43"]).all()
    assert (divisions.isin(["24", "25", "26", "27", "28", "29", "30", "33"])).mean() > 0.9


def test_sbi_table_matches_public_reference() -> None:
    ref_path = SHARED / "data" / "sbi" / "sbi-2008-amsterdam-handelsregister.psv"
    if not ref_path.exists():
        pytest.skip("shared SBI reference not present")
    ref = {}
    for line in ref_path.read_text(encoding="utf-8").splitlines()[1:]:
        code, text = line.split("|")[:2]
        ref.setdefault(code, text)
    for code, text in tables.SBI.items():
        assert ref.get(code) == text, code


def test_member_lists_in_real_shape(world: Path) -> None:
    xlsx = pd.read_excel(world / "sources" / "ledenlijst.xlsx", dtype=str)
    for col in ["Bedrijfsnaam", "KvK-nummer", "Website", "Postcode", "Plaats", "Aantal medewerkers"]:
        assert col in xlsx.columns
    raw = (world / "sources" / "leden-export.csv").read_bytes()
    assert b"\r\n" in raw
    csv_frame = pd.read_csv(io.BytesIO(raw), sep=";", encoding="cp1252", dtype=str)
    assert list(csv_frame.columns) == ["Bedrijfsnaam", "KvK-nummer", "Website", "Postcode", "Plaats",
                                       "Aantal medewerkers"]  # fmt: skip
    missing = csv_frame["KvK-nummer"].isna().mean() + xlsx["KvK-nummer"].isna().mean()
    assert 0.02 < missing / 2 < 0.1
    # Records point at the right rows: header is row 1, so data row i is frame index i - 2.
    recs = _records(world)
    member = recs[recs.path == "sources/ledenlijst.xlsx"]
    assert set(member["sheet"]) == {"Leden"}
    for rec in member.itertuples():
        cell = xlsx.iloc[rec.row_number - 2]["KvK-nummer"]
        if isinstance(cell, str) and len(cell) == 8:
            assert cell == rec.kvk_number


def test_kvk_extract_is_basisprofiel_shaped(world: Path) -> None:
    lines = (world / "sources" / "kvk-basisprofielen.jsonl").read_text(encoding="utf-8").splitlines()
    truth = _truth(world).set_index("kvk_number")
    assert len(lines) == 600
    for line in lines[:50]:
        obj = json.loads(line)
        assert re.fullmatch(r"\d{8}", obj["kvkNummer"])
        main = [a for a in obj["sbiActiviteiten"] if a["indHoofdactiviteit"] == "Ja"]
        assert len(main) == 1 and main[0]["sbiCode"] == str(truth.loc[obj["kvkNummer"], "sbi_main"])
        vest = obj["_embedded"]["hoofdvestiging"]
        assert re.fullmatch(r"\d{12}", vest["vestigingsnummer"])
        address = vest["adressen"][0]
        assert address["type"] == "bezoekadres" and re.fullmatch(r"\d{4}[A-Z]{2}", address["postcode"])
        assert isinstance(vest["websites"], list)
        assert obj["handelsnamen"][0]["volgorde"] == 1


def test_awards_and_oem_lists_reveal_every_a_and_b(world: Path) -> None:
    truth = _truth(world)
    recs = _records(world)
    ted = pd.read_csv(world / "sources" / "ted-can-nl.csv", dtype=str)
    for col in ["ID_NOTICE_CAN", "CAE_NAME", "CAE_NATIONALID", "WIN_NAME", "WIN_NATIONALID", "WIN_TOWN",
                "WIN_POSTAL_CODE", "WIN_COUNTRY_CODE", "CPV", "AWARD_VALUE_EURO", "DT_DISPATCH"]:  # fmt: skip
        assert col in ted.columns
    wb = load_workbook(world / "sources" / "tenderned-gunningen.xlsx", read_only=True)
    assert wb.sheetnames == ["Dataset 2016-2024"]
    tn = pd.read_excel(
        world / "sources" / "tenderned-gunningen.xlsx", sheet_name="Dataset 2016-2024", dtype=str
    )
    for col in [
        "Naam Aanbestedende dienst",
        "Officiële benaming",
        "Kvknummer",
        "Nationaal identificatienummer",
    ]:
        assert col in tn.columns
    assert tn["Kvknummer"].isna().any()
    defence = {b["name"] for b in tables.DEFENCE_BUYERS}
    winners: set[str] = set()
    for rec in recs[recs.path == "sources/ted-can-nl.csv"].itertuples():
        if ted.iloc[rec.row_number - 2]["CAE_NAME"] in defence and isinstance(rec.kvk_number, str):
            winners.add(rec.kvk_number)
    for rec in recs[recs.path == "sources/tenderned-gunningen.xlsx"].itertuples():
        if tn.iloc[rec.row_number - 2]["Naam Aanbestedende dienst"] in defence and isinstance(
            rec.kvk_number, str
        ):
            winners.add(rec.kvk_number)
    a_firms = set(truth[truth.category == "A"].kvk_number)
    labelled_a = set(truth[(truth.category == "A") & truth.labelled].kvk_number)
    assert labelled_a and labelled_a <= winners
    assert winners <= a_firms  # only A firms hold Defence contracts
    assert len(labelled_a) < len(a_firms)  # medium: some true A firms carry no label
    oem_paths = [
        s["path"] for s in json.loads((world / "manifest.json").read_text())["sources"] if s["kind"] == "oem"
    ]
    on_lists = set(recs[recs.path.isin(oem_paths)].kvk_number.dropna())
    b_firms = set(truth[truth.category == "B"].kvk_number)
    labelled_b = set(truth[(truth.category == "B") & truth.labelled].kvk_number)
    assert labelled_b and labelled_b <= on_lists
    assert not (on_lists & (b_firms - labelled_b))  # unlabelled B firms are on no list
    # Source noise: primes also list a few suppliers of their civil side that are not A or B.
    civil = on_lists - b_firms - a_firms
    assert len(civil) <= 0.2 * len(on_lists)


def test_association_has_no_kvk_and_other_spellings(world: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO((world / "sources" / "nidv-leden.csv").read_text(encoding="utf-8")))
    )
    assert set(rows[0]) == {"Naam", "Plaats", "Website"}
    truth = _truth(world).set_index("kvk_number")
    recs = _records(world)
    recs = recs[recs.path == "sources/nidv-leden.csv"]
    assert len(recs) == len(rows)
    differs = sum(
        rows[r.row_number - 2]["Naam"] != truth.loc[r.kvk_number, "name"]
        for r in recs.itertuples()
        if isinstance(r.kvk_number, str)
    )
    assert differs > 0.4 * recs.kvk_number.notna().sum()


def test_sites_state_exactly_their_truth(world: Path) -> None:
    truth = _truth(world)
    sites = json.loads((world / "sites.json").read_text())
    ok = truth[(truth.site_status == "ok") & (truth.site_owner_kvk == truth.kvk_number)]
    assert len(ok) > 400
    for row in ok.head(60).itertuples():
        folder = world / "sites" / row.domain
        text = " ".join(p.read_text(encoding="utf-8") for p in folder.glob("*.html"))
        assert row.kvk_number in text  # every site shows its own KvK number
        assert sites[row.domain]["kvk_number"] == row.kvk_number
        if row.language == "nl":
            contact = folder / "contact.html"
            assert contact.exists() and row.kvk_number in contact.read_text(encoding="utf-8")
    # Wrong-owner: the lists point at another firm's site, whose KvK number it shows.
    wrong = truth[truth.site_owner_kvk.notna() & (truth.site_owner_kvk != truth.kvk_number)]
    for row in wrong.itertuples():
        assert row.capabilities == []
        assert row.site_owner_kvk in (world / "sites" / row.domain / "index.html").read_text(encoding="utf-8")
    # No readable site, no capabilities; except a site no source lists (demo/discovery.py), whose
    # capabilities the ground truth takes from unlisted_sites.jsonl.
    unlisted = set(GroundTruth.load(world).unlisted_sites["kvk_number"])
    broken = truth[(truth.site_status != "ok") & ~truth.kvk_number.isin(unlisted)]
    assert broken.capabilities.apply(len).eq(0).all()
    assert truth[truth.kvk_number.isin(unlisted)].capabilities.apply(len).gt(0).mean() > 0.5
    assert truth.language.dropna().eq("nl").mean() > 0.7


def test_pdfs_are_readable(world: Path) -> None:
    pdfs = sorted((world / "sites").rglob("*.pdf"))
    assert pdfs
    text = PdfReader(pdfs[0]).pages[0].extract_text()
    assert len(text) > 40


def test_cli_generates_a_world(tmp_path: Path, cli_env: dict[str, str], python: str) -> None:
    out = tmp_path / "w"
    proc = subprocess.run(
        [python, "-m", "ketenradar", "--json", "demo-world", "generate", "--out", str(out), "--firms", "50",
         "--seed", "2", "--style", "alt"],
        capture_output=True, text=True, env=cli_env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    counts = json.loads(proc.stdout)["counts"]
    assert counts["firms"] == 50 and counts["style"] == "alt"
    assert (out / "ground_truth" / "records.jsonl").exists()


def _site_text(folder: Path) -> str:
    parts = [
        html.unescape(re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8"))) for p in folder.rglob("*.html")
    ]
    parts += [" ".join(page.extract_text() for page in PdfReader(p).pages) for p in folder.rglob("*.pdf")]
    return re.sub(r"\s+", " ", " ".join(parts)).lower()


@pytest.mark.parametrize("style", ["default", "alt"])
def test_every_stated_capability_is_written_on_the_site(tmp_path: Path, style: str) -> None:
    out = tmp_path / style
    generate_world(out, firms=150, seed=8, style=style, quiet=True)
    truth = _truth(out)
    ok = truth[(truth.site_status == "ok") & (truth.site_owner_kvk == truth.kvk_number)]
    assert len(ok) > 100
    for row in ok.itertuples():
        text = _site_text(out / "sites" / row.domain)
        for cap in row.capabilities:
            terms = [t for lang in ("nl", "en", "de") for t in phrases.TERMS[cap][lang]]
            assert any(t.lower() in text for t in terms), (row.domain, cap)


# --- The latent model: overlapping classes, presets, config, independence from the taxonomy ---


# The smallest allowed ratio between an id's rate among A/C firms and among 'none' firms. The easy
# preset is calibrated to an independent world where a rule on a few certificates finds C at precision
# 0.99 (docs/demo-world.md, "Presets"), so its certificates separate strongly: EN 9100 is held by
# about 1 'none' firm in 100 against 3 A/C firms in 4. Rare is not exclusive: the bound still fails
# on any id that a class owns (a rate of zero or a handful of firms).
MIN_RATE_RATIO = {"easy": 0.008, "medium": 0.015, "hard": 0.03}


@pytest.mark.parametrize("name", ["easy", "medium", "hard"])
def test_no_indicator_belongs_to_a_class(name: str) -> None:
    """Every indicator id occurs among A/C firms *and* among 'none' firms, at a rate that is at
    least `MIN_RATE_RATIO` of the other group's: no class owns a signal (a two-line rule on a
    class-exclusive id would beat any scorer, which is the circularity this world is built to avoid)."""
    firms = make_population(8000, 21, demo_config.preset(name))
    direct = [f for f in firms if f.category in ("A", "C")]
    none = [f for f in firms if f.category == "none"]
    for fid in ALL_FEATURES:
        in_direct = sum(fid in f.features for f in direct)
        in_none = sum(fid in f.features for f in none)
        assert in_direct >= 2 and in_none >= 2, (fid, in_direct, in_none)
        rate_direct, rate_none = in_direct / len(direct), in_none / len(none)
        assert min(rate_direct, rate_none) >= MIN_RATE_RATIO[name] * max(rate_direct, rate_none), (
            fid,
            rate_direct,
            rate_none,
        )
    # ... and the same holds for B/D against 'none' on the ids that matter most to a scorer.
    indirect = [f for f in firms if f.category in ("B", "D")]
    for fid in ("cert.aqap2110", "cert.aqap2310", "cert.iso27001", "cert.abdo", "tech.sensors_radar"):
        assert sum(fid in f.features for f in indirect) >= 2, fid


def test_stated_indicators_overlap_between_classes(world: Path) -> None:
    """What the sites state (the ground truth of the indicator stage) overlaps too: every id that
    A/C sites state often is stated by some 'none' site."""
    truth = _truth(world)
    ok = truth[truth.site_status == "ok"]
    direct = ok[ok.category.isin(["A", "C"])]
    none = ok[ok.category == "none"]
    stated_none = {c for caps in none.capabilities for c in caps}
    counts = pd.Series([c for caps in direct.capabilities for c in caps]).value_counts()
    frequent = counts[counts >= 0.1 * len(direct)].index  # stated by at least 10% of A/C sites
    assert len(frequent) > 15
    # Ids that a quarter of the A/C sites state are stated by 'none' sites too. 600 firms leave ~330
    # 'none' sites: an id that about 1 'none' firm in 100 has (the presets' class gap makes
    # high-capability ids such as titanium or additive manufacturing that rare among them; their
    # rates are tested above on 8000-firm populations) may miss by chance, but not a common one.
    common = counts[counts >= 0.25 * len(direct)].index
    assert len(common) > 10
    missing = [fid for fid in common if fid not in stated_none]
    assert len(missing) <= 1, missing


def test_presets_get_harder() -> None:
    """Certificates and size separate C from 'none' best on easy, worst on hard."""

    def gap(name: str) -> tuple[float, float]:
        firms = make_population(4000, 11, demo_config.preset(name))
        c = [f for f in firms if f.category == "C"]
        n = [f for f in firms if f.category == "none"]

        def share(group: list, fid: str) -> float:
            return sum(fid in f.features for f in group) / len(group)

        cert_gap = share(c, "cert.iso9001") - share(n, "cert.iso9001")
        size_ratio = statistics.median(f.employees for f in c) / statistics.median(f.employees for f in n)
        return cert_gap, size_ratio

    easy, medium, hard = gap("easy"), gap("medium"), gap("hard")
    assert easy[0] > medium[0] > hard[0] > 0
    assert easy[1] > medium[1] > hard[1] > 1


def test_labelled_shares_follow_the_config() -> None:
    for name, lo in (("easy", 1.0), ("medium", 0.75), ("hard", 0.5)):
        firms = make_population(6000, 11, demo_config.preset(name))
        a = [f for f in firms if f.category == "A"]
        b = [f for f in firms if f.category == "B"]
        share_a = sum(f.labelled for f in a) / len(a)
        share_b = sum(f.labelled for f in b) / len(b)
        assert share_a >= lo - 0.1 and share_b >= lo - 0.15, (name, share_a, share_b)
        if name != "easy":
            assert share_a < 1.0 and share_b < 1.0
        assert not any(f.labelled for f in firms if f.category not in ("A", "B"))


def test_quiet_sites_say_little(world: Path) -> None:
    truth = _truth(world)
    ok = truth[(truth.site_status == "ok") & (truth.site_owner_kvk == truth.kvk_number)]
    quiet = ok[ok.quiet_site]
    loud = ok[~ok.quiet_site]
    assert len(quiet) > 20
    assert quiet.capabilities.apply(len).max() <= 3  # two ids, and what one of them implies
    assert loud.capabilities.apply(len).mean() > 5
    capable = truth[truth.category != "none"]
    expected = demo_config.preset("medium").quiet_site_share
    assert 0.5 * expected < capable.quiet_site.mean() < 2 * expected  # medium: about 5%


def test_hard_world_has_noisy_sources(tmp_path: Path) -> None:
    out = tmp_path / "hard"
    counts = generate_world(out, firms=900, seed=11, preset="hard", quiet=True)
    assert counts["preset"] == "hard" and counts["labelled_A"] < counts["category_A"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["preset"] == "hard" and manifest["world_config"]["source_noise"] == 0.08
    truth = _truth(out)
    recs = _records(out)
    oem = [s["path"] for s in manifest["sources"] if s["kind"] == "oem"]
    on_lists = set(recs[recs.path.isin(oem)].kvk_number.dropna())
    not_ab = on_lists - set(truth[truth.category.isin(["A", "B"])].kvk_number)
    assert not_ab  # primes also list suppliers of their civil side
    assert set(truth.preset) == {"hard"}


def test_world_config_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "world.toml"
    path.write_text(
        '[world]\npreset = "hard"\nlabelled_share_a = 0.5\nstyle = "alt"\n[world.separation]\ncerts = 0.2\n',
        encoding="utf-8",
    )
    cfg = demo_config.load_world_config(path)
    assert cfg.labelled_share_a == 0.5 and cfg.style == "alt" and cfg.separation.certs == 0.2
    assert cfg.separation.size == demo_config.preset("hard").separation.size
    assert cfg.name == "hard+custom"
    path.write_text("[world]\nlabeled_share_a = 0.5\n", encoding="utf-8")
    with pytest.raises(InputError, match="labeled_share_a"):
        demo_config.load_world_config(path)
    path.write_text("[world]\nquiet_site_share = 1.5\n", encoding="utf-8")
    with pytest.raises(InputError, match="quiet_site_share"):
        demo_config.load_world_config(path)
    path.write_text("[world.separation]\nsize = 'big'\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"separation\.size"):
        demo_config.load_world_config(path)
    with pytest.raises(InputError, match="preset"):
        demo_config.preset("brutal")


def test_generate_function_takes_preset_and_style(tmp_path: Path) -> None:
    counts = demo_generate(tmp_path / "w", firms=40, seed=2, preset="easy", style="alt")
    assert counts["preset"] == "easy" and counts["style"] == "alt"
    assert counts["labelled_A"] == counts["category_A"]


def test_demo_package_is_independent_of_the_taxonomy() -> None:
    """The generator shares nothing with the taxonomy but indicator ids: it neither imports the
    indicator package nor reads the taxonomy file."""
    demo_dir = ROOT / "src" / "ketenradar" / "demo"
    for path in sorted(demo_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith("ketenradar.indicators"), (path.name, name)
                assert name not in ("ketenradar.match", "ketenradar.score"), (path.name, name)
        text = path.read_text(encoding="utf-8")
        assert "taxonomy.yaml" not in text and "taxonomy.yml" not in text, path.name
        assert not re.search(r"[\"'/]indicators[/\"']", text), path.name
