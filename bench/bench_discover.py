"""`ketenradar discover` on a seeded world of firms whose sites are listed nowhere: recall, precision,
decoys accepted, and time.

    .venv/bin/python -m bench --only discover --repeat 1      # 300 firms; --quick: 60
    .venv/bin/python -m bench.bench_discover --firms 300 --seed 11 --out bench/results/discover.json

Not the demo world (its generator is being rewritten; see docs/crawl.md "Not done"): a world built
here, served on 127.0.0.1 by the crawl tests' Host-routing server. Of the firms, 60 % have a site that
no source lists: on a slug of their name (any of .nl/.com/.eu/.be, with or without hyphens or legal
form), or on a domain known only from an e-mail address in their source record, or only from a link
on another crawled site, or (10 % of the sites) on a domain nothing points to. Each site shows one
kind of ownership evidence: the KvK number, the address with house number, or the phone number (on
the home page or on a contact/imprint page). Decoys: a firm with the same name in another town with
its own site, a parked domain with the name, a directory page that lists the firm with its KvK number,
a site with the name and nothing else. Not a test: figures depend on the world's design.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import finish_script, sizes
from ketenradar.config import Config
from ketenradar.discover import stage as discover
from ketenradar.discover.candidates import TLDS
from ketenradar.stage import StageContext
from ketenradar.store import Store

TESTS = Path(__file__).resolve().parent.parent / "tests"
SURNAMES = [
    "Van Dijk",
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Van Leeuwen",
    "Dekker",
    "Brouwer",
    "De Wit",
    "Dijkstra",
    "Smits",
    "De Graaf",
    "Van der Meer",
    "Kok",
    "Jacobs",
    "Van den Berg",
    "Vermeulen",
    "Kuipers",
    "Schouten",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "Maas",
    "Verhoeven",
]
TRADES = [
    "Metaal",
    "Techniek",
    "Staalbouw",
    "Precisie",
    "Constructie",
    "CNC",
    "Machinebouw",
    "Plaatwerk",
    "Lastechniek",
    "Engineering",
]
TOWNS = [
    "Eindhoven",
    "Zwolle",
    "Utrecht",
    "Leiden",
    "Breda",
    "Arnhem",
    "Groningen",
    "Tilburg",
    "Enschede",
    "Almere",
    "Delft",
    "Venlo",
]
TEXT = "Wij frezen, draaien en lassen onderdelen voor de machinebouw en de maritieme sector. " * 4


def _page(title: str, body: str, footer: str = "", nav: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><nav>{nav}</nav><main><h1>{title}</h1>"
        f"<p>{body}</p></main><footer><p>{footer}</p></footer></body></html>"
    ).encode()


def _slug(name: str, rnd: random.Random) -> str:
    words = name.lower().replace(".", "").split()
    if rnd.random() < 0.3:
        words = [*words, "bv"]
    return ("-" if rnd.random() < 0.4 else "").join(words) + rnd.choice(TLDS)


def world(n_firms: int, seed: int) -> tuple[dict, list[dict], dict, list[tuple], dict[str, str]]:
    """(sites, firms, source e-mails by kvk, linking pages, truth: kvk -> domain of its unlisted site)."""
    rnd = random.Random(seed)
    sites: dict[str, dict[str, bytes]] = {}
    firms, emails, links, truth = [], {}, [], {}
    used: set[str] = set()
    for i in range(n_firms):
        kvk = f"{71000000 + i}"
        name = f"{rnd.choice(SURNAMES)} {rnd.choice(TRADES)}"
        town = rnd.choice(TOWNS)
        postcode = f"{rnd.randint(1000, 9999)} {rnd.choice('ABCDEFGHJK')}{rnd.choice('LMNPRSTVWX')}"
        number = str(rnd.randint(1, 250))
        phone = f"0{rnd.randint(10, 99)}-{rnd.randint(1000000, 9999999)}"
        firms.append(
            {
                "kvk_number": kvk,
                "name": f"{name} B.V.",
                "place": town,
                "postcode": postcode,
                "house_number": number,
                "phone": phone,
            }
        )
        evidence = rnd.choice(("kvk", "address", "phone"))
        proof = {
            "kvk": f"{name} B.V. | KvK {kvk}",
            "address": f"{name} B.V. | Industrieweg {number}, {postcode} {town}",
            "phone": f"{name} | Tel. {phone}",
        }[evidence]
        if rnd.random() < 0.6:  # an unlisted site of its own
            how = rnd.random()
            if how < 0.6:
                domain = _slug(name, rnd)
            elif how < 0.8:
                domain = f"{''.join(w[0] for w in name.split()).lower()}{i}.nl"
                emails[kvk] = f"info@{domain}"
            elif how < 0.9:
                domain = f"{_slug(name, rnd).rsplit('.', 1)[0]}.de"
                links.append((f"https://www.klant{i}.nl/partners", domain))
            else:
                domain = f"bedrijf{i}-online.nl"
            if domain in used:
                continue
            used.add(domain)
            contact = rnd.random() < 0.4
            home = _page(
                name, TEXT, "" if contact else proof, "<a href='/contact'>Contact</a>" if contact else ""
            )
            sites[domain if rnd.random() < 0.5 else "www." + domain] = {
                "/": home,
                "/contact": _page("Contact", proof if contact else "Mail ons."),
            }
            truth[kvk] = domain
        decoy = rnd.random()
        slug = _slug(name, rnd)
        if slug in used:
            continue
        if decoy < 0.15:  # same name, other town, own KvK
            other = rnd.choice([t for t in TOWNS if t != town])
            sites["www." + slug] = {
                "/": _page(
                    name,
                    TEXT,
                    f"{name} B.V. | Dorpsstraat 1, 9{rnd.randint(100, 999)} AB {other} | KvK 6{i:07d}",
                )
            }
        elif decoy < 0.25:
            sites[slug] = {"/": _page(slug, "Deze domeinnaam is te koop! Neem contact op met de eigenaar.")}
        elif decoy < 0.35:
            sites["www." + slug] = {
                "/": _page(
                    "Bedrijvengids",
                    f"{name} B.V., {postcode} {town}, KvK {kvk}. Anders B.V., 1111 AA Ergens, KvK 60000001. "
                    "Derde B.V., 2222 BB Daar, KvK 60000002. Vierde, 3333 CC Hier. Vijfde, 4444 DD Ginds.",
                )
            }
        elif decoy < 0.45:
            sites["www." + slug] = {"/": _page(name, TEXT, f"{name} — vakmanschap sinds 1980")}
        else:
            continue
        used.add(slug)
    return sites, firms, emails, links, truth


def _insert(store: Store, firms: list[dict], emails: dict, links: list[tuple]) -> None:
    import pandas as pd

    frame = pd.DataFrame(firms).assign(run_id="bench")
    with store.transaction():
        store.insert_df("firms", frame)
        for n, (kvk, mail) in enumerate(emails.items()):
            store.execute(
                "INSERT INTO source_records (record_id, file_id, kind, path, row_number, kvk_number, raw, run_id) "
                "VALUES (?, 'f', 'member_list', 'leden.csv', ?, ?, ?, 'bench')",
                [f"r{n}", n + 2, kvk, json.dumps({"E-mail": mail})],
            )
            store.execute(
                "INSERT INTO links (record_id, kvk_number, method, status, probability, run_id) "
                "VALUES (?, ?, 'kvk_exact', 'linked', 1.0, 'bench')",
                [f"r{n}", kvk],
            )
        for url, domain in links:
            store.execute(
                "INSERT INTO pages (url, kvk_number, status_code, run_id, external_domains) "
                "VALUES (?, '79999999', 200, 'bench', ?)",
                [url, json.dumps([domain])],
            )


def measure(n_firms: int, seed: int) -> dict[str, Any]:
    sys.path.insert(0, str(TESTS))
    from crawl_fixtures import SiteServer

    sites, firms, emails, links, truth = world(n_firms, seed)
    with (
        tempfile.TemporaryDirectory() as tmp,
        SiteServer(sites) as server,
        Store(Path(tmp) / "d.duckdb") as store,
    ):
        _insert(store, firms, emails, links)
        config = Config()
        config.crawl.allow_hosts = server.allow_hosts()
        config.crawl.port_map = server.port_map()
        config.crawl.only_allowed_hosts = True  # every other candidate name: refused like NXDOMAIN
        started = time.perf_counter()
        result = discover.run(store, config, StageContext(run_id="bench", quiet=True))
        seconds = time.perf_counter() - started
        chosen = dict(store.fetchall("SELECT kvk_number, domain FROM discovered_sites WHERE chosen"))
        unsure = store.scalar(
            "SELECT count(DISTINCT kvk_number) FROM discovered_sites WHERE decision = 'unsure'"
        )
    correct = sum(1 for k, d in chosen.items() if truth.get(k) == d)
    findable = {k: d for k, d in truth.items() if not d.startswith("bedrijf")}
    return {
        "firms": n_firms,
        "seed": seed,
        "unlisted_sites": len(truth),
        "unlisted_sites_findable": len(findable),
        "found_correct": correct,
        "accepted_wrong": len(chosen) - correct,
        "recall": round(correct / max(len(truth), 1), 3),
        "recall_findable": round(correct / max(len(findable), 1), 3),
        "precision": round(correct / max(len(chosen), 1), 3),
        "firms_with_unsure_candidates": int(unsure or 0),
        "domains_fetched": result.counts.get("domains_fetched"),
        "candidates_answered": result.counts.get("candidates_answered"),
        "seconds": round(seconds, 1),
    }


def main(args: Any) -> dict[str, Any]:
    return {"discover": [measure(n, 11) for n in sizes(args, [300], [60])]}


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=Path("bench/results/discover.json"))
    args = parser.parse_args()
    figures = {"discover": [measure(args.firms, args.seed)]}
    return finish_script(figures, args.out)


if __name__ == "__main__":
    sys.exit(cli())
