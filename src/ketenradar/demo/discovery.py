"""Sites that no source lists, and the decoys that make finding them hard.

A firm whose site exists but appears in no source row can only get a category if `ketenradar
discover` finds that site. The world holds `WorldConfig.unlisted_site_share` of all firms with such a
readable site: first the firms whose site the sources happen not to list, then firms without a site
that get one here. Some of those sites sit on a domain that no form of the firm's name gives (the
firm's initials with its town), as real firms' sites sometimes do.

Decoys sit on domains that carry an unlisted firm's name:
- `same_name`: a firm with the same name in another town, with its own full site and its own KvK
  number, address and phone;
- `parked`: a parked domain carrying the name;
- `directory`: a company-directory page that lists the firm (its address, phone and KvK number)
  among other firms.

Everything here is drawn from random streams of its own (the seed plus a salt per firm and purpose),
so a world's firms, sources, labels and existing pages are the same with or without this part; only
new sites, new entries in sites.json and new truth files are added.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, replace
from typing import Any

from ketenradar.demo import tables as T
from ketenradar.demo.config import WorldConfig
from ketenradar.demo.population import Firm, slug

DECOY_KINDS = ("same_name", "parked", "directory")
# Share of unlisted firms that get a decoy (spread over the three kinds); the first unlisted firms of
# every world get one of each kind, so each kind is present in every world of 3 or more such firms.
DECOY_SHARE = 0.45
# Share of the new unlisted sites on a domain no form of the name gives.
OFF_NAME_SHARE = 0.15
DECOY_INDEX_OFFSET = 10_000_000  # decoy firms' render streams never meet a population firm's


def rng_unlisted(seed: int, index: int, purpose: str) -> random.Random:
    """The separate stream of this part: the world's seed with the salt `unlisted`."""
    return random.Random(f"ketenradar-demo/{seed}/unlisted/{index}/{purpose}")


@dataclass
class Decoy:
    kind: str  # same_name | parked | directory
    domain: str  # canonical host
    alias: str
    of_kvk: str  # the unlisted firm whose name it carries
    firm: Firm | None = None  # same_name: the other firm (rendered like any site)
    listed: list[Firm] | None = None  # directory: the firms on the page


def _name_domain(rng: random.Random, firm: Firm, used: set[str]) -> tuple[str, bool]:
    """(bare domain, on a form of the name) for a new unlisted site."""
    base = slug(firm.short_name)
    if rng.random() < 0.5:
        base = base.replace("-", "")
    tld = rng.choices([".nl", ".com", ".eu", ".be"], weights=[86, 8, 4, 2])[0]
    if rng.random() < OFF_NAME_SHARE:
        initials = "".join(w[0] for w in slug(firm.short_name).split("-") if w)
        bare = f"{initials}-{slug(firm.place)}{tld}"
        on_name = False
    else:
        bare, on_name = base + tld, True
    n = 2
    while bare in used or f"www.{bare}" in used:
        bare, on_name = f"{base}-{slug(firm.place)}{tld}" if n == 2 else f"{base}{n}{tld}", False
        n += 1
    return bare, on_name


def _decoy_domain(rng: random.Random, firm: Firm, used: set[str]) -> str | None:
    """A free domain made of the firm's name: what a search by name would try."""
    base = slug(firm.short_name)
    options = [
        b + t for b in dict.fromkeys([base, base.replace("-", "")]) for t in (".nl", ".com", ".eu", ".be")
    ]
    rng.shuffle(options)
    for bare in options:
        if bare not in used and f"www.{bare}" not in used:
            return bare
    return None


def _other_town_firm(rng: random.Random, firm: Firm, used_kvk: set[str]) -> Firm:
    """A firm with the same name elsewhere: its own KvK number, address and phone."""
    place, province, lo, hi, area = rng.choice([p for p in T.PLACES if p[0] != firm.place])
    while True:
        kvk = f"{rng.randint(10_000_000, 99_999_999):08d}"
        if kvk not in used_kvk:
            used_kvk.add(kvk)
            break
    local = area.lstrip("0")
    digits = 9 - len(local)
    letters = "BCDEGHJKLMNPRTVWXZ"
    return replace(
        firm,
        index=DECOY_INDEX_OFFSET + firm.index,
        kvk=kvk,
        place=place,
        province=province,
        postcode=f"{rng.randint(lo, hi)} {rng.choice(letters)}{rng.choice(letters)}",
        street=rng.choice(T.STREETS),
        house_number=str(rng.randint(1, 200)),
        phone=f"{area} {rng.randint(10 ** (digits - 1), 10**digits - 1)}",
        site_owner_kvk=kvk,
        listed_site=False,
        stated=[],
    )


def _site_fields(rng: random.Random, bare: str, www: bool | None = None) -> dict[str, Any]:
    www = rng.random() < 0.85 if www is None else www
    https = rng.random() < 0.7
    modes = (["redirect_https"] if https else []) + ["redirect_www" if www else "redirect_bare"]
    if rng.random() < 0.4:
        modes.append("sitemap")
    return {
        "domain": f"www.{bare}" if www else bare,
        "alias": bare if www else f"www.{bare}",
        "scheme": "https" if https else "http",
        "site_modes": modes,
        "site_status": "ok",
    }


def plan(
    population: list[Firm], seed: int, config: WorldConfig, used: set[str]
) -> tuple[list[Firm], list[Firm], list[Decoy], dict[int, bool]]:
    """(unlisted firms whose own site is already in the world, new site-carrying copies of firms
    without a site, decoys, index -> site on a form of the name). `used` holds every host in use
    and is extended. Call after the sources are written (they set `Firm.listed_site`)."""
    natural = [f for f in population if f.domain and not f.listed_site and f.site_status == "ok"]
    target = round(config.unlisted_site_share * len(population))
    pool = [f for f in population if f.domain is None and f.wrong_site_of is None]
    pool.sort(key=lambda f: (rng_unlisted(seed, f.index, "pick").random(), f.index))
    chosen = sorted(pool[: max(0, target - len(natural))], key=lambda f: f.index)
    on_name: dict[int, bool] = {f.index: True for f in natural}
    new_sites: list[Firm] = []
    for f in chosen:
        rng = rng_unlisted(seed, f.index, "site")
        bare, on_name[f.index] = _name_domain(rng, f, used)
        fields = _site_fields(rng, bare)
        used.update({fields["domain"], fields["alias"]})
        new_sites.append(replace(f, site_owner_kvk=f.kvk, stated=[], **fields))

    used_kvk = {f.kvk for f in population}
    decoys: list[Decoy] = []
    unlisted = sorted([*natural, *new_sites], key=lambda f: f.index)
    for n, f in enumerate(unlisted):
        rng = rng_unlisted(seed, f.index, "decoy")
        x = rng.random()
        if n < len(DECOY_KINDS):
            kind = DECOY_KINDS[n]
        elif x < DECOY_SHARE:
            kind = DECOY_KINDS[int(x / DECOY_SHARE * len(DECOY_KINDS))]
        else:
            continue
        bare = _decoy_domain(rng, f, used)
        if bare is None:
            continue
        www = kind != "parked" and rng.random() < 0.7
        domain, alias = (f"www.{bare}", bare) if www else (bare, f"www.{bare}")
        used.update({domain, alias})
        decoy = Decoy(kind, domain, alias, f.kvk)
        if kind == "same_name":
            other = _other_town_firm(rng, f, used_kvk)
            decoy.firm = replace(other, **_site_fields(rng, bare, www))
        elif kind == "directory":
            others = [o for o in rng.sample(population, min(len(population), 6)) if o.index != f.index]
            decoy.listed = [f, *others[: rng.randint(1, 5)]]
            rng.shuffle(decoy.listed)
        decoys.append(decoy)
    return natural, new_sites, decoys, on_name


DIRECTORY_TITLES = ["Bedrijvengids", "Bedrijven in de buurt", "Metaal- en maakbedrijven in Nederland"]


def directory_page(decoy: Decoy, seed: int) -> bytes:
    """A company-directory page on a domain with the firm's name: several firms with their details."""
    rng = rng_unlisted(seed, int(decoy.of_kvk), "directory-page")
    title = rng.choice(DIRECTORY_TITLES)
    rows = []
    for f in decoy.listed or []:
        rows.append(
            f"<div class='entry'><h2>{html.escape(f.display_name)}</h2>"
            f"<p>{html.escape(f.street)} {html.escape(f.house_number)}<br>{html.escape(f.postcode)} "
            f"{html.escape(f.place)}</p><p>Telefoon: {html.escape(f.phone)}</p>"
            f"<p>KvK-nummer: {f.kvk}</p><p><a href='/bedrijf/{f.kvk}'>Bekijk bedrijfsprofiel</a></p></div>"
        )
    head = decoy.listed[0] if decoy.listed else None
    intro = (
        f"Informatie over {html.escape(head.display_name)} en vergelijkbare bedrijven: adres, "
        "telefoonnummer en KvK-gegevens, overgenomen uit openbare bronnen."
        if head
        else ""
    )
    return (
        "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body><header><h1>{html.escape(title)}</h1>"
        "<nav><a href='/'>Home</a> · <a href='/zoeken'>Zoeken</a> · <a href='/contact'>Contact</a></nav>"
        f"</header><main><p>{intro}</p>{''.join(rows)}</main>"
        "<footer><p>Gegevens onjuist? Meld het via het contactformulier. Wij zijn geen van de genoemde "
        "bedrijven.</p></footer></body></html>"
    ).encode()


def directory_contact_page() -> bytes:
    return (
        b"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>Contact</title></head><body>"
        b"<h1>Contact</h1><p>Vragen over een vermelding? Gebruik het formulier; wij reageren binnen vijf "
        b"werkdagen.</p></body></html>"
    )
