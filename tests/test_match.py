"""Matchmaking, consortium building, search and run comparison over a synthetic store."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from ketenradar.errors import InputError
from ketenradar.match.consortium import build_consortium
from ketenradar.match.geo import haversine_km
from ketenradar.match.index import FirmIndex
from ketenradar.match.matchmaking import Requirements, match_demand
from ketenradar.match.runs import compare_runs
from ketenradar.match.search import SearchQuery, search
from ketenradar.match.text import parse_demand
from ketenradar.model.geo import REGIONS

CERTS = ["cert.aqap2110", "cert.iso9001", "cert.en9100", "cert.ipc_a_610", "cert.iso3834"]


def test_demand_is_split_into_parts_and_requirements() -> None:
    parsed = parse_demand("frezen van aluminium behuizingen, AQAP 2110, regio Oost", CERTS)
    assert parsed.parts == ["frezen van aluminium behuizingen"]
    assert parsed.certifications == ["cert.aqap2110"]
    assert parsed.region == "oost"


def test_english_demand_with_radius_and_dashed_certificates() -> None:
    places = {"enschede": (52.22, 6.89, "Enschede")}
    parsed = parse_demand(
        "Milling of aluminium housings; IPC-A-610 and ISO-9001 certified; within 30 km of Enschede",
        CERTS,
        places,
    )
    assert parsed.parts == ["Milling of aluminium housings"]
    assert set(parsed.certifications) == {"cert.ipc_a_610", "cert.iso9001"}
    assert (parsed.place, parsed.radius_km) == ("Enschede", 30.0)


def test_province_in_text_is_a_requirement() -> None:
    parsed = parse_demand("lasersnijden van RVS in Noord-Brabant", CERTS)
    assert parsed.provinces == ["Noord-Brabant"]
    assert parsed.parts and "lasersnijden" in parsed.parts[0]


def test_match_applies_hard_requirements_and_gives_evidence(firm_index, usem3) -> None:
    res = match_demand(firm_index, "frezen van aluminium behuizingen, AQAP 2110, regio Oost", usem3)
    assert res.requirements["certifications"] == ["cert.aqap2110"]
    assert res.results, "the synthetic world has AQAP firms in the east"
    aqap = firm_index.has_indicator("cert.aqap2110")
    for m in res.results:
        pos = firm_index.pos[m.kvk_number]
        assert aqap[pos]
        assert m.province in REGIONS["oost"]
    # Firms stating both milling and aluminium rank above firms stating neither.
    both = firm_index.has_indicator("process.milling") & firm_index.has_indicator("material.aluminium")
    ranked = [both[firm_index.pos[m.kvk_number]] for m in res.results]
    if any(ranked) and not all(ranked):
        assert ranked.index(True) < ranked.index(False)
    top = res.results[0]
    assert top.parts[0].evidence and (
        "aluminium" in top.parts[0].evidence.lower() or "frezen" in top.parts[0].evidence.lower()
    )
    scores = [m.score for m in res.results]
    assert scores == sorted(scores, reverse=True)


def test_radius_is_measured_from_the_place(firm_index, usem3) -> None:
    res = match_demand(firm_index, "lasersnijden, binnen 25 km van Eindhoven", usem3, limit=200)
    lat, lon, _ = firm_index.places["eindhoven"]
    f = firm_index.firms
    d = haversine_km(lat, lon, f["latitude"].to_numpy(), f["longitude"].to_numpy())
    expected = set(f["kvk_number"][d <= 25])
    assert {m.kvk_number for m in res.results} == expected
    assert all(m.distance_km <= 25 for m in res.results)


def test_meaning_matches_across_languages(firm_index, usem3) -> None:
    # No Dutch indicator term in the demand: only the embedding can find the cable harness makers.
    res = match_demand(firm_index, "electrical looms for heavy vehicles", usem3, limit=10)
    assert res.parts[0]["indicators"] == []
    harness = firm_index.has_indicator("process.cable_harness")
    hits = [harness[firm_index.pos[m.kvk_number]] for m in res.results]
    assert sum(hits) >= 8, hits
    assert "kabelbomen" in (res.results[0].parts[0].evidence or "")


def test_unknown_place_names_the_field(firm_index, usem3) -> None:
    with pytest.raises(InputError) as err:
        match_demand(firm_index, "frezen", usem3, Requirements(place="Atlantis", radius_km=10))
    assert err.value.field == "place"
    with pytest.raises(InputError) as err:
        match_demand(firm_index, "   ", usem3)
    assert err.value.field == "demand"


def _covers(index, kvk: str, ids: list[str]) -> bool:
    pos = index.pos[kvk]
    return all(index.has_indicator(i)[pos] for i in ids)


def test_consortium_covers_every_role_with_a_minimal_set(firm_index, usem3) -> None:
    caps = [
        "process.cable_harness",
        "cert.aqap2110",
        "process.composites",
        "tech.sensors_radar",
        "anodiseren",
    ]
    res = build_consortium(firm_index, caps, usem3)
    assert res.uncovered == []
    assert res.method == "ilp"
    for role in res.roles:
        assert role.covered and _covers(firm_index, role.member.kvk_number, role.indicators)
        assert role.member.kvk_number not in {a.kvk_number for a in role.alternatives}
        for alt in role.alternatives:
            assert _covers(firm_index, alt.kvk_number, role.indicators)
    # No smaller set of firms covers all roles (brute force over firms stating any of the ids).
    ids = [r.indicators for r in res.roles]
    need = np.array([[firm_index.has_indicator(i) for i in r] for r in ids], dtype=object)
    cover = np.array([np.all(np.stack(list(row)), axis=0) for row in need])
    useful = np.flatnonzero(cover.any(axis=0))
    size = len(res.members)
    for k in range(1, size):
        for combo in itertools.combinations(useful, k):
            assert not cover[:, list(combo)].any(axis=1).all(), f"a {k}-firm cover exists"


def test_greedy_and_ilp_agree_on_coverage(firm_index, usem3) -> None:
    caps = ["process.milling", "process.welding_tig", "market.maritime", "cert.en9100"]
    ilp = build_consortium(firm_index, caps, usem3, method="ilp")
    greedy = build_consortium(firm_index, caps, usem3, method="greedy")
    assert ilp.uncovered == greedy.uncovered == []
    assert len(ilp.members) <= len(greedy.members)


def test_consortium_region_and_uncoverable_role(firm_index, usem3) -> None:
    res = build_consortium(firm_index, ["process.milling", "cert.nadcap"], usem3, Requirements(region="zuid"))
    assert res.uncovered == ["cert.nadcap"]
    assert all(m.province in REGIONS["zuid"] for m in res.members)
    with pytest.raises(InputError):
        build_consortium(firm_index, [" "], usem3)


def test_search_filters_sort_and_pages(firm_index) -> None:
    sq = SearchQuery(
        categories=["C", "D"], certifications=["cert.iso9001"], sort="a_score", order="asc", per_page=10
    )
    res = search(firm_index, sq)
    assert res.total > 10
    assert set(res.rows["category"]) <= {"C", "D"}
    assert list(res.rows["a_score"]) == sorted(res.rows["a_score"])
    iso = firm_index.has_indicator("cert.iso9001")
    assert all(iso[firm_index.pos[k]] for k in res.rows["kvk_number"])
    page2 = search(firm_index, SearchQuery(**{**sq.__dict__, "page": 2}))
    assert not set(page2.rows["kvk_number"]) & set(res.rows["kvk_number"])


def test_search_full_text_matches_prefixes_in_name_and_text(firm_index) -> None:
    res = search(firm_index, SearchQuery(q="kabelbo", per_page=500))
    harness = firm_index.has_indicator("process.cable_harness")
    assert {firm_index.pos[k] for k in res.rows["kvk_number"]} == set(np.flatnonzero(harness))
    res = search(firm_index, SearchQuery(q="Hoekstra Enschede"))
    assert all("Hoekstra" in n for n in res.rows["name"])
    with pytest.raises(InputError) as err:
        search(firm_index, SearchQuery(categories=["X"]))
    assert err.value.field == "category"
    with pytest.raises(InputError) as err:
        search(firm_index, SearchQuery(processes=["cert.iso9001"]))
    assert err.value.field == "process"


def test_compare_runs() -> None:
    old = pd.DataFrame(
        {
            "kvk_number": ["1", "2", "3", "4"],
            "category": ["A", "C", None, "D"],
            "a_score": 0.5,
            "b_score": 0.5,
        }
    )
    new = pd.DataFrame(
        {"kvk_number": ["1", "2", "3", "5"], "category": ["A", "D", "C", "C"], "a_score": 0.6, "b_score": 0.4}
    )
    names = pd.DataFrame({"kvk_number": ["1", "2", "3", "4", "5"], "name": list("abcde")})
    cmp = compare_runs(old, new, names, "old", "new")
    assert list(cmp.entered["kvk_number"]) == ["3", "5"]
    assert list(cmp.left["kvk_number"]) == ["4"]
    assert list(cmp.changed["kvk_number"]) == ["2"]
    assert cmp.counts["C->D"] == 1 and cmp.counts["unchanged"] == 1


def test_taxonomy_terms_come_from_the_taxonomy_and_a_user_file_extends_them(tmp_path) -> None:
    from ketenradar.model.taxonomy import indicator_terms, taxonomy

    builtin = indicator_terms()
    assert "frezen" in builtin["process.milling"] and "milling" in builtin["process.milling"]
    assert not any(t.startswith("re:") for terms in builtin.values() for t in terms)
    user = tmp_path / "mine.yaml"
    user.write_text(
        "indicators:\n  process.milling:\n    label: {nl: Frezen, en: Milling}\n    terms: {nl: [freeswerkplaats]}\n",
        encoding="utf-8",
    )
    extended = indicator_terms(taxonomy(user))
    assert "freeswerkplaats" in extended["process.milling"] and "frezen" in extended["process.milling"]


def test_taxonomy_terms_find_indicators_in_a_demand() -> None:
    firms = pd.DataFrame({"kvk_number": ["00000001", "00000002"], "name": ["a", "b"]})
    hits = pd.DataFrame(
        {
            "kvk_number": ["00000001"],
            "indicator_id": ["process.milling"],
            "term": ["frezen"],
            "sentence": ["Wij frezen."],
        }
    )
    index = FirmIndex.from_frames(firms, hits=hits, taxonomy_terms={"process.milling": ["freeswerk"]})
    res = match_demand(index, "freeswerk in aluminium", None)
    assert res.parts[0]["indicators"] == ["process.milling"]
    assert res.results[0].kvk_number == "00000001"
    assert "no firm vectors" in res.notes[-1]


def test_acronym_terms_match_only_in_capitals() -> None:
    firms = pd.DataFrame({"kvk_number": ["00000001"], "name": ["a"]})
    index = FirmIndex.from_frames(
        firms,
        taxonomy_terms={"process.welding_mig_mag": ["MAG", "MIG/MAG lassen"], "process.milling": ["frees*"]},
    )
    from ketenradar.match.text import find_terms

    assert "process.welding_mig_mag" not in find_terms("wat mag het kosten", index.vocabulary, index.acronyms)
    assert "process.welding_mig_mag" in find_terms("MAG gelast frame", index.vocabulary, index.acronyms)
    assert "process.milling" in find_terms("freeswerk", index.vocabulary, index.acronyms)
