"""Importing each source format as a user would, with validation, rejects and idempotent re-import."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import sourcefiles as sf
from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.store import Store
from support import run_stage


@pytest.fixture
def store(store_path: Path):
    with Store(store_path) as s:
        yield s


def run_ingest(store, files, kind="auto", sheet=None, column_map=None, config=None):
    return run_stage(
        store,
        "ingest",
        config or Config(),
        files=[str(f) for f in files],
        kind=kind,
        sheet=sheet,
        column_map=column_map or {},
    )


def records(store, path) -> list[dict]:
    frame = store.df("SELECT * FROM source_records WHERE path = ? ORDER BY row_number", [str(path)])
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def rejects(store, path) -> list[dict]:
    frame = store.df("SELECT * FROM rejects WHERE path = ? ORDER BY row_number, field", [str(path)])
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def test_kvk_json_basisprofiel(store, tmp_path):
    path = sf.write_kvk_jsonl(tmp_path / "kvk.jsonl", bad_line=True)
    result = run_ingest(store, [path], kind="kvk_json")
    assert result.counts["records"] == 5
    recs = records(store, path)
    first = recs[0]
    assert first["kvk_number"] == "01234567"
    assert first["row_number"] == 1
    assert first["name"] == "Jansen Metaalbewerking B.V."
    assert list(first["trade_names"]) == ["Jansen Metaalbewerking B.V.", "Jansen Metaal"]
    assert (first["street"], first["house_number"], first["postcode"], first["place"]) == (
        "Hoofdstraat",
        "12",
        "1234 AB",
        "Amsterdam",
    )  # the bezoekadres, not the postadres
    assert first["website"] == "https://www.jansen-metaal.nl/" and first["domain"] == "jansen-metaal.nl"
    assert first["sbi_main"] == "2562" and list(first["sbi_codes"]) == ["2562", "2511"]
    assert str(first["founded"])[:10] == "1998-03-15" and first["employees"] == 25
    bad = rejects(store, path)
    assert [(r["row_number"], r["severity"]) for r in bad] == [(2, "error")]
    assert "not valid JSON" in bad[0]["reason"]


def test_member_list_cp1252_semicolon_dutch_headers(store, tmp_path):
    path = sf.write_member_list(tmp_path / "leden.csv")
    result = run_ingest(store, [path])
    assert any("member_list" in m for m in result.messages)  # auto says what it chose
    recs = records(store, path)
    assert [r["row_number"] for r in recs] == [2, 3, 4]
    assert recs[0]["kvk_number"] == "01234567"
    assert recs[0]["postcode"] == "1234 AB"
    assert recs[2]["name"] == "Hollandse Frezerij Müller"  # decoded from cp1252
    assert recs[2]["employees"] == 1200
    problems = {(r["row_number"], r["field"], r["severity"]) for r in rejects(store, path)}
    assert (2, "kvk_number", "warning") in problems  # leading zero restored, said so
    assert (2, "website", "warning") in problems  # path reduced to root
    assert (5, None, "error") in problems  # empty row
    files = store.df("SELECT * FROM source_files").to_dict("records")
    assert files[0]["kind"] == "member_list" and files[0]["n_rows"] == 4 and files[0]["n_rejects"] == 1


def test_english_headers_and_xlsx_numbers(store, tmp_path):
    path = sf.write_xlsx(
        tmp_path / "members.xlsx",
        ["Company name", "Chamber of Commerce", "Website", "Postal code", "City", "Employees"],
        [
            ["Smit Electronics", 45678901, "smit-elektronica.nl", "2628CD", "Delft", 120.0],
            ["Zero Lost", 1234567, None, None, "Delft", None],
        ],
    )
    run_ingest(store, [path], kind="member_list")
    recs = records(store, path)
    assert recs[0]["kvk_number"] == "45678901" and recs[0]["employees"] == 120
    assert recs[0]["sheet"] == "Blad1" and recs[0]["row_number"] == 2
    assert recs[1]["kvk_number"] == "01234567"


def test_column_map_from_cli_and_config(store, tmp_path):
    path = sf.write_csv(
        tmp_path / "crm.csv",
        ["Naam onderneming", "Vestiging", "Registratie"],
        [["Jansen Metaal", "Amsterdam", "01234567"]],
    )
    with pytest.raises(InputError, match="no column names the firm"):
        run_ingest(store, [path], kind="member_list")
    config = Config()
    config.ingest.column_map = {"Vestiging": "place"}
    run_ingest(
        store,
        [path],
        kind="member_list",
        config=config,
        column_map={"naam onderneming": "name", "Registratie": "kvk_number"},
    )
    rec = records(store, path)[0]
    assert (rec["name"], rec["place"], rec["kvk_number"]) == ("Jansen Metaal", "Amsterdam", "01234567")


def test_column_map_unknown_field_is_refused(store, tmp_path):
    path = sf.write_member_list(tmp_path / "leden.csv")
    with pytest.raises(InputError, match="unknown field 'naam'"):
        run_ingest(store, [path], column_map={"Bedrijfsnaam": "naam"})


def test_kvk_csv_extract(store, tmp_path):
    path = sf.write_kvk_csv(tmp_path / "kvk-extract.csv")
    result = run_ingest(store, [path])
    assert any("kvk_csv" in m for m in result.messages)
    rec = records(store, path)[0]
    assert rec["kvk_number"] == "67890123" and rec["sbi_main"] == "2229"
    assert list(rec["sbi_codes"]) == ["2229", "2221"]
    assert str(rec["founded"])[:10] == "2001-02-01"


def test_ted_awards(store, tmp_path):
    path = sf.write_ted(tmp_path / "ted-can.csv")
    result = run_ingest(store, [path])
    assert any("ted" in m for m in result.messages)
    recs = records(store, path)
    assert len(recs) == 4
    first = recs[0]
    assert first["notice_id"] == "2021/S 123-456789"
    assert first["buyer_name"].startswith("Ministerie van Defensie")
    assert first["name"] == "Jansen Metaalbewerking BV" and first["kvk_number"] is None
    assert list(first["cpv_codes"]) == ["35412000-6"] and first["value_eur"] == 250000.0
    assert str(first["award_date"])[:10] == "2021-06-28"
    assert list(recs[1]["cpv_codes"]) == ["04531000-3"]  # leading zero restored
    assert str(recs[1]["award_date"])[:10] == "2022-01-14"
    german = recs[2]
    assert german["country"] == "DE" and german["kvk_number"] is None and german["postcode"] == "80331"
    assert german["value_eur"] == 1000000.0


def test_tenderned_xlsx(store, tmp_path):
    path = sf.write_tenderned(tmp_path / "Dataset_TenderNed.xlsx")
    result = run_ingest(store, [path], sheet="Dataset 2016-2024")
    assert any("tenderned" in m for m in result.messages)
    recs = records(store, path)
    first = recs[0]
    assert first["notice_id"] == "301234" and first["kvk_number"] == "45678901"
    assert first["buyer_name"] == "Ministerie van Defensie"  # the official name wins
    assert (first["street"], first["house_number"]) == ("Techniekstraat", "9")
    assert first["value_eur"] == 125000.5 and first["sheet"] == "Dataset 2016-2024"
    assert recs[1]["value_eur"] is None  # USD is not EUR
    assert any(r["field"] == "value_eur" for r in rejects(store, path))


def test_tenderned_header_variants(store, tmp_path):
    header = [
        h.upper().replace("Ë", "E") for h in sf.TENDERNED_HEADER
    ]  # 'ID PUBLICATIE', 'OFFICIELE BENAMING'
    path = sf.write_xlsx(
        tmp_path / "tn.xlsx",
        header,
        [
            [
                1,
                "k",
                "2023-01-01",
                "DMO",
                "Ministerie van Defensie",
                "",
                "x",
                "2023-01-01",
                "Smit Elektronica",
                "45678901",
                "",
                "Delft",
                "",
                "NL",
                "",
                10,
                "EUR",
                "",
            ]
        ],
    )
    run_ingest(store, [path])
    rec = records(store, path)[0]
    assert rec["kind"] == "tenderned" and rec["name"] == "Smit Elektronica"


def test_association_and_oem(store, tmp_path):
    assoc = sf.write_association(tmp_path / "nidv-leden.csv")
    oem = sf.write_oem(tmp_path / "thales-leveranciers.xlsx")
    result = run_ingest(store, [assoc, oem])
    kinds = dict(store.fetchall("SELECT path, kind FROM source_files"))
    assert kinds == {str(assoc): "association", str(oem): "oem"}
    assert result.counts["files"] == 2
    rec = records(store, oem)[0]
    assert rec["oem_name"] == "thales" and rec["supplies"] == "gelaste frames"
    assert records(store, assoc)[0]["domain"] == "dvpt.nl"


def test_reimport_is_idempotent(store, tmp_path):
    path = sf.write_member_list(tmp_path / "leden.csv")
    run_ingest(store, [path])
    before = (store.count("source_records"), store.count("rejects"), store.count("source_files"))
    copy = tmp_path / "leden-kopie.csv"
    copy.write_bytes(path.read_bytes())
    result = run_ingest(store, [path, copy])
    assert result.counts["skipped_unchanged"] == 2 and result.counts["records"] == 0
    assert (store.count("source_records"), store.count("rejects"), store.count("source_files")) == before
    assert any("already imported" in m for m in result.messages)


@pytest.mark.parametrize(
    ("content", "name", "why"),
    [
        (b"", "leeg.csv", "empty"),
        (b"\x00\x01\x02garbage\x00" * 50, "kapot.csv", "binary"),
        (b"PK\x03\x04 not really a zip", "kapot.xlsx", "not a readable XLSX"),
        (b"{not json\n[also not\n", "kvk.jsonl", "not JSON"),
        (b"foo;bar\n1;2\n", "leden.csv", "no column names the firm"),
        (b"whatever", "oud.xls", ".xls"),
    ],
)
def test_unreadable_file_is_refused_whole(store, tmp_path, content, name, why):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=why) as info:
        run_ingest(store, [path])
    assert str(path) in str(info.value)
    assert store.count("source_records") == 0 and store.count("source_files") == 0


def test_missing_file_and_unknown_kind(store, tmp_path):
    with pytest.raises(InputError, match="file not found"):
        run_ingest(store, [tmp_path / "nope.csv"])
    path = sf.write_member_list(tmp_path / "leden.csv")
    with pytest.raises(InputError, match="unknown kind"):
        run_ingest(store, [path], kind="members")


def test_missing_sheet_names_the_sheets(store, tmp_path):
    path = sf.write_oem(tmp_path / "oem.xlsx")
    with pytest.raises(InputError, match="no sheet 'Leveranciers'.*Blad1"):
        run_ingest(store, [path], sheet="Leveranciers")


def test_cli_ingest_with_map_and_rejects_report(tmp_path, cli_env, python):
    path = sf.write_csv(
        tmp_path / "crm.csv", ["Naam onderneming", "KvK"], [["Jansen", "12"], ["Smit", "45678901"]]
    )
    db = tmp_path / "k.duckdb"
    cmd = [
        python,
        "-m",
        "ketenradar",
        "--db",
        str(db),
        "--json",
        "--quiet",
        "ingest",
        str(path),
        "--kind",
        "member_list",
        "--map",
        "Naam onderneming=name",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env=cli_env, check=True)
    result = json.loads(out.stdout)
    assert result["counts"]["records"] == 2 and result["counts"]["warnings"] == 1
    report = (tmp_path / "k-rejects.csv").read_text()
    assert report.splitlines()[0] == "file,sheet,row,field,value,reason,severity"
    assert "crm.csv,,2,kvk_number,12," in report
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    out = subprocess.run(
        [python, "-m", "ketenradar", "--db", str(db), "ingest", str(bad)],
        capture_output=True,
        text=True,
        env=cli_env,
    )
    assert out.returncode != 0 and "leeg.csv" in out.stderr and "empty" in out.stderr
