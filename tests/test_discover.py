"""`ketenradar discover` on local fixture sites: unlisted sites found from name slugs, e-mail domains,
links and the user's list, accepted only on ownership evidence; decoys (same name in another town, a
parked domain with the name, a directory page listing the firm) rejected; name-only to review."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from crawl_fixtures import SiteServer, crawl_config, insert_firms
from ketenradar.crawl import stage as crawl
from ketenradar.discover import stage
from ketenradar.discover.candidates import candidates, email_domains, name_slugs
from ketenradar.discover.evidence import judge
from ketenradar.errors import InputError
from ketenradar.stage import StageContext
from ketenradar.store import Store


def _page(title: str, body: str, footer: str = "", links: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><nav>{links}</nav>"
        f"<main><h1>{title}</h1><p>{body}</p></main><footer><p>{footer}</p></footer></body></html>"
    ).encode()


TEXT = "Wij frezen, draaien en lassen onderdelen voor de machinebouw en de maritieme sector. " * 4
CONTACT_LINK = "<a href='/contact'>Contact</a>"

FIRMS = [
    {
        "kvk_number": "70000001",
        "name": "Van Dijk Metaal B.V.",
        "postcode": "5678 AB",
        "house_number": "12",
        "place": "Eindhoven",
        "phone": "040-1234567",
    },
    {
        "kvk_number": "70000002",
        "name": "Jansen Techniek B.V.",
        "postcode": "1234 CD",
        "house_number": "3",
        "place": "Zwolle",
        "phone": "038-7654321",
    },
    {
        "kvk_number": "70000003",
        "name": "Bakker Metaal B.V.",
        "postcode": "3511 AA",
        "house_number": "1",
        "place": "Utrecht",
        "phone": "030-1111111",
    },
    {
        "kvk_number": "70000004",
        "name": "Smit Staalbouw B.V.",
        "postcode": "2345 EF",
        "house_number": "45",
        "place": "Leiden",
        "phone": None,
    },
    {
        "kvk_number": "70000005",
        "name": "Visser Constructie B.V.",
        "postcode": "4567 GH",
        "house_number": "8",
        "place": "Breda",
        "phone": None,
    },
    {
        "kvk_number": "70000006",
        "name": "Mulder Precisie B.V.",
        "postcode": "6789 IJ",
        "house_number": "2",
        "place": "Arnhem",
        "phone": None,
    },
]
TRUE_SITES = {
    "70000001": "vandijkmetaal.nl",
    "70000002": "jt-engineering.nl",
    "70000004": "smit-staalbouw.de",
    "70000006": "mp-cnc.nl",
}

SITES = {
    # A: its name slug, KvK number in the footer
    "www.vandijkmetaal.nl": {"/": _page("Van Dijk Metaal", TEXT, "Van Dijk Metaal B.V. | KvK 70000001")},
    # B: only through the e-mail domain in its source record; the phone on the contact page
    "jt-engineering.nl": {
        "/": _page("JT Engineering", TEXT, "", CONTACT_LINK),
        "/contact": _page("Contact", "Bel ons: +31 (0)38 765 43 21", ""),
    },
    # C decoys: same name in another town (its own KvK), and a parked domain with the name
    "www.bakkermetaal.nl": {
        "/": _page("Bakker Metaal", TEXT, "Bakker Metaal B.V. | Hoofdweg 3, 9711 AA Groningen | KvK 12345678")
    },
    "bakker-metaal.nl": {"/": _page("bakker-metaal.nl", "Deze domeinnaam is te koop! Neem contact op.")},
    # D: a directory page under its name slug lists it with its KvK number (and others)
    "www.smitstaalbouw.nl": {
        "/": _page(
            "Bedrijvengids staalbouw",
            "Smit Staalbouw B.V., Dorpsstraat 45, 2345 EF Leiden, KvK 70000004. "
            "De Vries Staal, Kerkweg 1, 1111 AA Ergens, KvK 70000010. "
            "Staalbouw Noord, Haven 2, 9999 ZZ Noord, KvK 70000011. Jansen Staal, 8888 YY Oost.",
        )
    },
    # D's own site, known only because another crawled site links to it; address on the imprint page
    "smit-staalbouw.de": {
        "/": _page("Smit Staalbouw", TEXT, "", "<a href='/impressum'>Impressum</a>"),
        "/impressum": _page("Impressum", "Smit Staalbouw B.V., Dorpsstraat 45, 2345 EF Leiden"),
    },
    # E: name only (no KvK, address or phone): unsure
    "visserconstructie.nl": {"/": _page("Visser Constructie", TEXT, "Visser Constructie - sinds 1980")},
    # F: from the user's list only
    "www.mp-cnc.nl": {"/": _page("MP CNC", TEXT, "Mulder Precisie B.V. - KvK-nummer: 7000 0006")},
}


def _insert_sources(store: Store) -> None:
    raw = json.dumps({"Bedrijf": "Jansen Techniek B.V.", "E-mail": "info@jt-engineering.nl"})
    free = json.dumps({"Bedrijf": "Visser Constructie", "E-mail": "visser1980@hotmail.com"})
    with store.transaction():
        for rid, kvk, row in (("r1", "70000002", raw), ("r2", "70000005", free)):
            store.execute(
                "INSERT INTO source_records (record_id, file_id, kind, path, row_number, kvk_number, raw, run_id) "
                "VALUES (?, 'f', 'member_list', 'leden.csv', 2, ?, ?, 't')",
                [rid, kvk, row],
            )
            store.execute(
                "INSERT INTO links (record_id, kvk_number, method, status, probability, run_id) "
                "VALUES (?, ?, 'kvk_exact', 'linked', 1.0, 't')",
                [rid, kvk],
            )
        # a crawled page of another firm links to D's site
        store.execute(
            "INSERT INTO pages (url, kvk_number, status_code, run_id, external_domains) "
            "VALUES ('https://www.klant.nl/partners', '80000001', 200, 't', ?)",
            [json.dumps(["smit-staalbouw.de", "linkedin.com"])],
        )


@pytest.fixture(scope="module")
def discovered(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("discover")
    user_list = tmp / "mijn-domeinen.csv"
    user_list.write_text("kvk_number,domain\n70000006,https://www.mp-cnc.nl/\n")
    path = tmp / "s.duckdb"
    with SiteServer(SITES) as server, Store(path) as store:
        insert_firms(store, FIRMS)
        _insert_sources(store)
        config = crawl_config(server)
        result = stage.run(store, config, StageContext(run_id="d1", quiet=True), domains=str(user_list))
        rows = store.df("SELECT * FROM discovered_sites").to_dict("records")
        again = stage.run(store, config, StageContext(run_id="d2", quiet=True))
        crawled = crawl.run(store, config, StageContext(run_id="c1", quiet=True))
        sites = {
            r[0]: r[1:] for r in store.fetchall("SELECT kvk_number, status, final_url, usable FROM sites")
        }
        review = stage.review_path(store)
        yield {
            "result": result,
            "rows": rows,
            "again": again,
            "crawled": crawled,
            "sites": sites,
            "review": review,
            "log": list(server.log),
            "store": store,
        }


def _chosen(rows: list[dict]) -> dict[str, str]:
    return {r["kvk_number"]: r["domain"] for r in rows if r["chosen"]}


def test_unlisted_sites_are_found_with_their_evidence(discovered):
    rows = discovered["rows"]
    assert _chosen(rows) == TRUE_SITES
    by = {(r["kvk_number"], r["domain"]): r for r in rows}
    assert by[("70000001", "vandijkmetaal.nl")]["source"] == "slug"
    assert "kvk" in by[("70000001", "vandijkmetaal.nl")]["evidence"]
    assert by[("70000002", "jt-engineering.nl")]["source"] == "email"
    assert "phone" in by[("70000002", "jt-engineering.nl")]["evidence"]
    assert by[("70000004", "smit-staalbouw.de")]["source"] == "link"
    assert "address" in by[("70000004", "smit-staalbouw.de")]["evidence"]
    assert by[("70000006", "mp-cnc.nl")]["source"] == "user"
    assert all(r["confidence"] >= 0.6 for r in rows if r["chosen"])
    assert discovered["result"].counts["firms_found"] == 4


def test_decoys_are_rejected(discovered):
    by = {(r["kvk_number"], r["domain"]): r for r in discovered["rows"]}
    other_town = by[("70000003", "bakkermetaal.nl")]
    assert other_town["decision"] == "rejected" and "12345678" in other_town["evidence"]
    parked = by[("70000003", "bakker-metaal.nl")]
    assert parked["decision"] == "rejected" and "parked" in parked["evidence"]
    directory = by[("70000004", "smitstaalbouw.nl")]
    assert directory["decision"] == "rejected" and "directory" in directory["evidence"]
    assert "70000003" not in _chosen(discovered["rows"])
    # precision on this world: every accepted candidate is the firm's own site
    accepted = {(r["kvk_number"], r["domain"]) for r in discovered["rows"] if r["decision"] == "accepted"}
    assert accepted == set(TRUE_SITES.items())


def test_a_name_alone_goes_to_the_review_file(discovered):
    by = {(r["kvk_number"], r["domain"]): r for r in discovered["rows"]}
    assert by[("70000005", "visserconstructie.nl")]["decision"] == "unsure"
    with open(discovered["review"], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["kvk_number"], r["domain"]) for r in rows] == [("70000005", "visserconstructie.nl")]
    assert "name" in rows[0]["evidence"] and rows[0]["decision"] == ""


def test_free_mail_domains_are_not_candidates(discovered):
    assert not [r for r in discovered["rows"] if r["domain"] == "hotmail.com"]


def test_the_address_policy_applies_to_every_candidate(discovered):
    contacted = {host for _, host, _ in discovered["log"]}
    assert contacted <= set(SITES)  # no other name was even looked up (only_allowed_hosts)
    refused = [r for r in discovered["rows"] if r["fetch_status"] == "unreachable"]
    assert refused and all("not an allowed host" in r["evidence"] for r in refused)


def test_a_second_run_does_not_search_again_and_the_crawl_uses_the_found_sites(discovered):
    assert discovered["again"].counts["firms_searched"] == 2  # C and E: nothing chosen yet
    assert discovered["again"].counts.get("domains_fetched", 0) == 0  # every candidate already judged
    sites = discovered["sites"]
    assert sites["70000001"][0] == "ok" and sites["70000001"][1] == "https://www.vandijkmetaal.nl/"
    assert sites["70000002"][0] == "ok" and sites["70000002"][2]
    assert set(sites) == set(TRUE_SITES)


def test_review_decisions_are_applied(discovered, tmp_path: Path):
    store = discovered["store"]
    filled = tmp_path / "review.csv"
    with open(discovered["review"], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["decision"] = "accept"
    with open(filled, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = stage.run(store, crawl_config_stub(), StageContext(run_id="d3", quiet=True), review=str(filled))
    assert result.counts["review_accepted"] == 1
    assert store.scalar("SELECT domain FROM discovered_sites WHERE kvk_number = '70000005' AND chosen") == (
        "visserconstructie.nl"
    )
    rows[0]["decision"] = "maybe"
    with open(filled, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(InputError, match="row 2"):
        stage.run(store, crawl_config_stub(), StageContext(run_id="d4", quiet=True), review=str(filled))


def crawl_config_stub():
    from ketenradar.config import Config

    return Config()


def test_candidates_from_names_and_mail():
    assert name_slugs(["Van Dijk Metaal B.V."])[:4] == [
        "vandijkmetaal",
        "van-dijk-metaal",
        "vandijkmetaalbv",
        "van-dijk-metaal-bv",
    ]
    assert name_slugs(["Café & Zonen"])[0] == "cafeenzonen"
    assert email_domains(["x@info.jansen.nl", "a@gmail.com", "b@Jansen.NL"]) == ["jansen.nl"]
    pairs = candidates(["Smit B.V."], ["smit-bv.nl"], [], ["www.eigen.nl"])
    assert pairs[:3] == [("eigen.nl", "user"), ("smit-bv.nl", "email"), ("smit.nl", "slug")]
    assert {d for d, s in pairs if s == "slug"} >= {"smit.nl", "smit.com", "smit.eu", "smit.be"}


def test_evidence_rules():
    args = ("70000001", "Van Dijk Metaal B.V.", [], "5678 AB", "12", "040-1234567")
    assert judge(*args, "Van Dijk Metaal, Industrieweg 12, 5678 AB Eindhoven").decision == "accepted"
    assert judge(*args, "Van Dijk Metaal, 5678 AB Eindhoven").decision == "unsure"  # no house number
    assert judge(*args, "Van Dijk Metaal").decision == "unsure"
    assert judge(*args, "Van Dijk Metaal, Kerkstraat 1, 1000 AA Amsterdam").decision == "rejected"
    assert judge(*args, "Bel 040 123 4567").decision == "accepted"
    assert judge(*args, "Iets anders").decision == "rejected"


def test_the_firm_listed_beside_another_firm_is_unsure_not_accepted():
    """A short directory (or a group page) shows the firm's KvK number and another's: whose site is it?"""
    args = ("70000001", "Van Dijk Metaal B.V.", [], "5678 AB", "12", "040-1234567")
    two = "Van Dijk Metaal, Industrieweg 12, 5678 AB Eindhoven, KvK 70000001. Smit Staal, KvK 60000002."
    verdict = judge(*args, two)
    assert verdict.decision == "unsure" and "60000002" in verdict.evidence
    four = two + " Bos B.V., KvK 60000003. Vos B.V., KvK 60000004."
    assert judge(*args, four).decision == "rejected"
    assert judge(*args, "Van Dijk Metaal B.V. | KvK 70000001").decision == "accepted"


def test_a_bad_user_list_names_file_and_row(tmp_path: Path):
    bad = tmp_path / "lijst.csv"
    bad.write_text("kvk_number,domain\n70000001,vandijk.nl\n1234,x.nl\n")
    with pytest.raises(InputError, match=r"lijst\.csv, row 3, field 'kvk_number'"):
        stage.read_domain_list(str(bad))
    bad.write_text("70000001,not a domain\n")
    with pytest.raises(InputError, match="row 1"):
        stage.read_domain_list(str(bad))


def test_judged_domains_are_dropped_after_the_cut_so_a_rerun_proposes_nothing_new() -> None:
    from ketenradar.discover.candidates import MAX_PER_FIRM, candidates

    first = candidates(["Van der Berg Metaal B.V."], [], [], [])
    assert len(first) == MAX_PER_FIRM
    again = candidates(["Van der Berg Metaal B.V."], [], [], [], judged={d for d, _ in first})
    assert again == []  # not the next MAX_PER_FIRM slugs down the list
    # A domain the user adds later is still proposed: it ranks first.
    added = candidates(
        ["Van der Berg Metaal B.V."], [], [], ["vdbergmetaal.nl"], judged={d for d, _ in first}
    )
    assert added == [("vdbergmetaal.nl", "user")]


def test_link_index_finds_what_a_scan_of_every_linked_host_finds() -> None:
    """The stage builds the index once; a firm's lookup equals scanning every host, in host order."""
    from ketenradar.discover.candidates import LinkIndex, linked_domains, registrable

    def scan(slugs: list[str], hosts: list[str]) -> list[str]:
        wanted = {s.replace("-", "") for s in slugs if len(s.replace("-", "")) >= 5}
        out: list[str] = []
        for host in hosts:
            domain = registrable(host)
            if domain.split(".")[0].replace("-", "") in wanted and domain not in out:
                out.append(domain)
        return out

    hosts = [
        "www.smitstaal.be",
        "shop.vandijk-metaal.nl",
        "vandijkmetaal.com",
        "www.vandijk-metaal.nl",
        "smit.nl",
        "VanDijkMetaal.eu",
        "other.org",
        "smit-staal.nl",
    ]
    index = LinkIndex(hosts)
    for names in (["Van Dijk Metaal B.V."], ["Smit Staal"], ["Smit"], ["Bos"], []):
        slugs = name_slugs(names)
        assert index.domains(slugs) == scan(slugs, hosts) == linked_domains(slugs, hosts)
    assert index.domains(name_slugs(["Van Dijk Metaal"])) == [
        "vandijk-metaal.nl",
        "vandijkmetaal.com",
        "vandijkmetaal.eu",
    ]
    assert candidates(["Smit Staal"], [], index, [])[:2] == [
        ("smitstaal.be", "link"),
        ("smit-staal.nl", "link"),
    ]
