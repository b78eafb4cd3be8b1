"""The indicators stage on a small store filled by hand: hits with evidence, profile, idempotence."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from ketenradar.config import Config
from ketenradar.evaluate.indicators import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.store import Store
from support import run_stage

PAGES = {
    "01234567": [
        {
            "url": "https://www.precisie.nl/",
            "title": "Precisie BV",
            "text": "Wij zijn gespecialiseerd in CNC-frezen en draaien van aluminium en RVS.\n"
            "Met onze 5-assige bewerkingscentra leveren wij complexe precisieonderdelen.\n"
            "Lassen doen wij niet.",
        },
        {
            "url": "https://www.precisie.nl/kwaliteit",
            "title": "Kwaliteit",
            "text": "Wij zijn ISO 9001:2015 en AQAP 2110 gecertificeerd. "
            "Onze staalconstructies worden gemaakt volgens EN 1090-2, uitvoeringsklasse EXC3.",
        },
        {
            "url": "https://www.precisie.nl/klanten",
            "title": "Onze klanten",
            "text": "Thales Nederland - radarsystemen\nDamen Naval - scheepsbouw",
        },
    ],
    "07654321": [
        {
            "url": "https://www.bakker-metaal.nl/",
            "title": "Bakker Metaal",
            "text": "Bakker Metaal is uw partner voor lasersnijden en kanten van plaatwerk. "
            "Onze klanten zijn actief in de offshore en de agrarische sector.",
        }
    ],
}
FIRMS = [
    {"kvk_number": "01234567", "name": "Precisie BV", "employees": 35, "sbi_main": "2562", "run_id": "t"},
    {"kvk_number": "07654321", "name": "Bakker Metaal", "employees": 8, "sbi_main": "2511", "run_id": "t"},
    {"kvk_number": "09999999", "name": "Geen Site BV", "employees": 260, "sbi_main": "4690", "run_id": "t"},
]


def _document(kvk: str, sections: list[dict]) -> dict:
    text = "\n\n".join(s["text"] for s in sections)
    return {
        "kvk_number": kvk,
        "language": "nl",
        "text": text,
        "sections": json.dumps(sections),
        "n_pages": len(sections),
        "n_chars": len(text),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "run_id": "t",
    }


def _fill(store: Store, pages: dict[str, list[dict]]) -> None:
    with store.transaction():
        store.upsert_df("firms", pd.DataFrame(FIRMS), ["kvk_number"])
        store.upsert_df(
            "documents", pd.DataFrame([_document(k, v) for k, v in pages.items()]), ["kvk_number"]
        )


def _run(store: Store, config: Config | None = None):
    return run_stage(store, "indicators", config or Config())


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.duckdb") as s:
        _fill(s, PAGES)
        yield s


def _found(store: Store, kvk: str) -> set[str]:
    return {
        r[0] for r in store.fetchall("SELECT indicator_id FROM indicator_hits WHERE kvk_number = ?", [kvk])
    }


def test_hits_with_evidence_and_profile(store: Store) -> None:
    result = _run(store)
    assert result.counts["processed"] == 3
    found = _found(store, "01234567")
    assert {"process.milling", "process.turning", "process.five_axis", "material.aluminium"} <= found
    assert {"cert.iso9001", "cert.aqap2110", "cert.en1090", "process.steel_construction"} <= found
    # Negated ("Lassen doen wij niet") and the customer page (radar, shipbuilding) are not the firm's.
    assert not found & {"tech.sensors_radar", "market.maritime"}
    assert "registry.sbi_division.25" in found and "registry.sbi_section.C" in found
    assert "registry.size.20-49" in found
    hit = store.df(
        "SELECT term, sentence, url FROM indicator_hits WHERE kvk_number = '01234567' "
        "AND indicator_id = 'cert.en1090'"
    ).iloc[0]
    assert "EXC3" in hit.term
    assert hit.url == "https://www.precisie.nl/kwaliteit"
    assert "EN 1090-2" in hit.sentence

    profile = store.df("SELECT * FROM firm_profile ORDER BY kvk_number")
    assert list(profile.kvk_number) == ["01234567", "07654321", "09999999"]
    first = profile.iloc[0]
    assert first.en1090_class == "EXC3"
    assert "milling" in list(first.processes) and "aqap2110" in list(first.certifications)
    assert first.n_cert == len(first.certifications) >= 3
    assert first.has_document and first.size_band == "small"
    second = profile.iloc[1]
    assert {"laser_cutting", "press_braking"} <= set(second.processes)
    assert list(second.markets) == []  # "onze klanten zijn actief in de offshore" is about customers
    third = profile.iloc[2]
    assert not third.has_document and third.n_hits == 0 and third.size_class == "250-499"
    assert third.sbi_section == "G"


def test_rerun_changes_nothing_and_changed_document_is_redone(store: Store) -> None:
    first = _run(store)
    before = store.df("SELECT * FROM indicator_hits ORDER BY ALL")
    result = _run(store)
    assert result.counts["skipped_unchanged"] == 3 and result.counts["processed"] == 0
    after = store.df("SELECT * FROM indicator_hits ORDER BY ALL")
    pd.testing.assert_frame_equal(before, after)
    assert set(store.df("SELECT run_id FROM firm_profile").run_id) == {first.run_id}

    changed = {
        "07654321": [
            {"url": "https://www.bakker-metaal.nl/", "title": "Bakker", "text": "Wij doen TIG-lassen."}
        ]
    }
    _fill(store, changed)
    result = _run(store)
    assert result.counts["processed"] == 1
    found = _found(store, "07654321")
    assert "process.welding_tig" in found and "process.laser_cutting" not in found


def test_user_taxonomy_term_changes_results_without_code(store: Store, tmp_path: Path) -> None:
    _run(store)
    assert "process.milling" not in _found(store, "07654321")
    user = tmp_path / "mijn-taxonomie.yaml"
    user.write_text(
        "indicators:\n"
        "  process.milling:\n"
        "    terms:\n"
        "      nl: [plaatwerk]\n"
        "  market.hydrogen:\n"
        "    label: {nl: Waterstof, en: Hydrogen}\n"
        "    terms: [waterstof*]\n",
        encoding="utf-8",
    )
    config = Config()
    config.indicators.taxonomy = str(user)
    result = _run(store, config)
    assert result.counts["processed"] == 3  # the taxonomy changed: every firm is redone
    assert "process.milling" in _found(store, "07654321")
    assert "process.milling" in _found(store, "01234567")  # built-in terms are kept (extend)

    config.indicators.extend_taxonomy = False
    _run(store, config)
    assert (
        _found(store, "01234567") - {i for i in _found(store, "01234567") if i.startswith("registry.")}
        == set()
    )
    assert "process.milling" in _found(store, "07654321")


def test_evaluate_against_truth(store: Store, tmp_path: Path) -> None:
    _run(store)
    truth_dir = tmp_path / "ground_truth"
    truth_dir.mkdir()
    rows = [
        {
            "kvk_number": "01234567",
            "capabilities": ["process.milling", "process.turning", "process.welding_tig"],
        },
        {"kvk_number": "07654321", "capabilities": ["process.laser_cutting", "process.press_braking"]},
        {"kvk_number": "09999999", "capabilities": ["process.milling"]},  # no document: not scored
    ]
    (truth_dir / "firms.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    evaluation = evaluate(store, Config(), GroundTruth.load(truth_dir))
    process = next(r for r in evaluation.tables["per group"] if r["group"] == "process")
    assert process["fn"] == 1  # welding_tig is not stated (the page negates it)
    assert process["recall"] == pytest.approx(4 / 5)
    assert process["fp"] >= 2  # five_axis, steel_construction: true on the page, absent from this truth
    assert evaluation.counts["firms_evaluated"] == 2
    milling = next(r for r in evaluation.tables["per indicator"] if r["indicator"] == "process.milling")
    assert milling["tp"] == 1 and milling["fn"] == 0


def test_bad_user_taxonomy_is_refused_with_file_and_indicator(store: Store, tmp_path: Path) -> None:
    from ketenradar.errors import InputError

    user = tmp_path / "kapot.yaml"
    user.write_text("indicators:\n  process.milling:\n    terms: ['re:frez(en']\n", encoding="utf-8")
    config = Config()
    config.indicators.taxonomy = str(user)
    with pytest.raises(InputError, match=r"kapot\.yaml.*process\.milling"):
        _run(store, config)
    user.write_text("indicators: [frezen]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kapot\.yaml"):
        _run(store, config)


def test_document_of_a_flagged_site_gives_no_website_indicators(store: Store) -> None:
    with store.transaction():
        store.insert_df(
            "sites",
            pd.DataFrame(
                [
                    {
                        "kvk_number": "07654321",
                        "start_url": "https://www.bakker-metaal.nl/",
                        "status": "ok",
                        "usable": False,
                        "run_id": "t",
                    },
                    {
                        "kvk_number": "01234567",
                        "start_url": "https://www.precisie.nl/",
                        "status": "ok",
                        "usable": True,
                        "run_id": "t",
                    },
                ]
            ),
        )
    result = _run(store)
    assert result.counts["documents_of_unusable_sites"] == 1
    assert {i for i in _found(store, "07654321") if not i.startswith("registry.")} == set()
    assert "process.milling" in _found(store, "01234567")
    flags = dict(store.fetchall("SELECT kvk_number, has_document FROM firm_profile"))
    assert flags == {"01234567": True, "07654321": False, "09999999": False}
