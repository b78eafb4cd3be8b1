"""The latent model of the demo population: firms, their true category and their profile.

Category drives archetype, size and features *probabilistically*: categories overlap the way real
firms do, so that a scorer cannot separate them perfectly. Randomness per firm comes from a
`random.Random` seeded with a string of (seed, index, purpose), so results never depend on the
order of other draws, on `hash()` or on the clock.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from ketenradar.demo import tables as T

CATEGORY_WEIGHTS = [("A", 2.0), ("B", 3.0), ("C", 20.0), ("D", 20.0), ("none", 55.0)]

ARCHETYPE_WEIGHTS: dict[str, dict[str, float]] = {
    "A": {"precision": 25, "electronics": 15, "machine_builder": 14, "sheet_metal": 10, "welding": 8,
          "composites": 7, "vehicle": 6, "shipbuilding": 6, "casting_forging": 3, "repair": 5, "surface": 1},
    "B": {"precision": 30, "sheet_metal": 18, "electronics": 13, "welding": 10, "surface": 7,
          "casting_forging": 5, "composites": 6, "machine_builder": 6, "repair": 4, "shipbuilding": 1},
    "C": {"precision": 26, "electronics": 14, "machine_builder": 15, "sheet_metal": 11, "welding": 9,
          "composites": 6, "vehicle": 5, "shipbuilding": 5, "casting_forging": 3, "repair": 5, "surface": 1},
    "D": {"precision": 28, "sheet_metal": 19, "electronics": 10, "welding": 12, "surface": 8,
          "casting_forging": 5, "composites": 5, "machine_builder": 7, "repair": 5, "vehicle": 1},
    "none": {"precision": 17, "sheet_metal": 14, "welding": 16, "machine_builder": 15, "surface": 6,
             "repair": 15, "vehicle": 6, "casting_forging": 2, "shipbuilding": 3, "electronics": 2,
             "installation": 4},
}  # fmt: skip

# Median employees and the Beta(a, b) of "sophistication" per category.
SIZE_MEDIAN = {"A": 55, "B": 38, "C": 40, "D": 22, "none": 8}
SOPHISTICATION = {"A": (5.0, 2.0), "B": (4.0, 2.6), "C": (4.5, 2.3), "D": (3.2, 3.0), "none": (2.0, 4.0)}

# P(feature | archetype) for processes, materials, products (before sophistication effects).
ARCH_FEATURES: dict[str, dict[str, float]] = {
    "precision": {"process.turning": 0.8, "process.milling": 0.9, "process.five_axis": 0.35,
                  "process.edm": 0.25, "process.grinding": 0.35, "process.assembly": 0.35,
                  "process.cleanroom_assembly": 0.06, "process.additive_manufacturing": 0.06,
                  "process.heat_treatment": 0.05, "material.aluminium": 0.8, "material.stainless_steel": 0.75,
                  "material.steel": 0.6, "material.titanium": 0.2, "material.plastics": 0.5,
                  "material.copper_brass": 0.4, "material.special_alloys": 0.12, "product.components": 0.9,
                  "product.systems_modules": 0.2},
    "sheet_metal": {"process.laser_cutting": 0.85, "process.press_braking": 0.85, "process.punching": 0.45,
                    "process.welding_tig": 0.6, "process.welding_mig_mag": 0.55, "process.robot_welding": 0.2,
                    "process.surface_treatment": 0.35, "process.assembly": 0.5, "process.milling": 0.15,
                    "material.aluminium": 0.7, "material.stainless_steel": 0.8, "material.steel": 0.85,
                    "product.components": 0.8, "product.systems_modules": 0.3, "product.semi_finished": 0.2},
    "welding": {"process.welding_tig": 0.65, "process.welding_mig_mag": 0.9, "process.robot_welding": 0.25,
                "process.steel_construction": 0.8, "process.laser_cutting": 0.2, "process.press_braking": 0.3,
                "process.surface_treatment": 0.3, "process.assembly": 0.3, "material.steel": 0.95,
                "material.stainless_steel": 0.6, "material.aluminium": 0.35, "product.components": 0.4,
                "product.end_products": 0.3, "cert.en1090": 0.75, "cert.iso3834": 0.45, "cert.vca": 0.5},
    "machine_builder": {"process.assembly": 0.9, "process.welding_mig_mag": 0.4, "process.welding_tig": 0.35,
                        "process.milling": 0.4, "process.turning": 0.35, "process.laser_cutting": 0.2,
                        "material.steel": 0.7, "material.stainless_steel": 0.7, "material.aluminium": 0.5,
                        "product.end_products": 0.75, "product.systems_modules": 0.5,
                        "product.engineering_services": 0.5, "capacity.engineering": 0.7},
    "electronics": {"process.electronics_assembly": 0.8, "process.cable_harness": 0.5,
                    "process.assembly": 0.7, "process.cleanroom_assembly": 0.15, "material.copper_brass": 0.3,
                    "product.systems_modules": 0.6, "product.components": 0.5, "cert.ipc_a_610": 0.65,
                    "product.engineering_services": 0.3},
    "surface": {"process.surface_treatment": 0.98, "process.heat_treatment": 0.25, "material.aluminium": 0.7,
                "material.steel": 0.7, "material.stainless_steel": 0.5, "product.semi_finished": 0.2},
    "casting_forging": {"process.casting": 0.6, "process.forging": 0.5, "process.heat_treatment": 0.4,
                        "process.milling": 0.35, "process.turning": 0.3, "material.aluminium": 0.6,
                        "material.steel": 0.7, "material.copper_brass": 0.35, "material.special_alloys": 0.15,
                        "product.components": 0.8, "product.semi_finished": 0.4},
    "composites": {"process.composites": 0.85, "process.additive_manufacturing": 0.3, "process.milling": 0.3,
                   "process.assembly": 0.4, "material.plastics": 0.85, "product.components": 0.7,
                   "product.systems_modules": 0.25},
    "repair": {"product.repair_mro": 0.95, "process.welding_mig_mag": 0.5, "process.welding_tig": 0.35,
               "process.turning": 0.35, "process.milling": 0.25, "process.assembly": 0.5, "material.steel": 0.6,
               "material.stainless_steel": 0.4, "cert.vca": 0.6},
    "vehicle": {"process.welding_mig_mag": 0.85, "process.assembly": 0.8, "process.laser_cutting": 0.3,
                "process.press_braking": 0.4, "process.surface_treatment": 0.4, "material.steel": 0.9,
                "material.aluminium": 0.6, "product.end_products": 0.85, "market.automotive": 0.3},
    "shipbuilding": {"process.welding_mig_mag": 0.9, "process.welding_tig": 0.4, "process.steel_construction": 0.6,
                     "process.assembly": 0.5, "material.steel": 0.9, "material.aluminium": 0.6,
                     "product.end_products": 0.6, "product.repair_mro": 0.5, "market.maritime": 0.95,
                     "market.offshore": 0.35, "cert.vca": 0.5, "cert.iso3834": 0.3},
    "installation": {"process.assembly": 0.6, "product.repair_mro": 0.5, "cert.vca": 0.85,
                     "material.copper_brass": 0.3, "market.energy": 0.35},
}  # fmt: skip

# Features whose probability rises with sophistication (multiplier 0.4 + 1.2 * s).
SOPHISTICATED = {
    "process.five_axis", "process.edm", "process.cleanroom_assembly", "process.additive_manufacturing",
    "process.robot_welding", "material.titanium", "material.special_alloys", "product.systems_modules",
    "cert.iso3834", "process.grinding",
}  # fmt: skip

# P(feature | category) added on top of the archetype (combined as 1 - (1-p1)(1-p2)).
CATEGORY_FEATURES: dict[str, dict[str, float]] = {
    "A": {"cert.aqap2110": 0.55, "cert.aqap2310": 0.08, "cert.en9100": 0.3, "cert.abdo": 0.25,
          "cert.iso27001": 0.25, "market.defence": 0.75, "market.aerospace": 0.35, "market.maritime": 0.3,
          "market.semicon": 0.12, "market.medical": 0.08, "market.offshore": 0.1, "market.energy": 0.08,
          "market.rail": 0.05, "tech.sensors_radar": 0.2, "tech.intelligent_systems": 0.12,
          "tech.space": 0.08, "tech.maritime": 0.12, "tech.smart_materials": 0.05, "tech.quantum": 0.02,
          "product.end_products": 0.3, "product.systems_modules": 0.4, "capacity.rnd": 0.35,
          "international.export": 0.35, "international.foreign_sites": 0.12, "process.five_axis": 0.2},
    "B": {"cert.aqap2110": 0.15, "cert.en9100": 0.14, "cert.abdo": 0.08, "cert.iso27001": 0.06,
          "market.defence": 0.45, "market.aerospace": 0.22, "market.maritime": 0.18, "market.semicon": 0.2,
          "market.medical": 0.1, "market.offshore": 0.1, "market.automotive": 0.08, "market.rail": 0.05,
          "tech.sensors_radar": 0.06, "product.components": 0.5, "international.export": 0.25,
          "market.energy": 0.06},
    "C": {"cert.aqap2110": 0.22, "cert.aqap2310": 0.04, "cert.en9100": 0.25, "cert.abdo": 0.03,
          "cert.iso27001": 0.12, "market.defence": 0.07, "market.aerospace": 0.35, "market.maritime": 0.3,
          "market.semicon": 0.3, "market.medical": 0.2, "market.offshore": 0.15, "market.energy": 0.1,
          "market.rail": 0.07, "tech.sensors_radar": 0.1, "tech.intelligent_systems": 0.08,
          "tech.space": 0.07, "tech.maritime": 0.08, "tech.smart_materials": 0.05, "tech.quantum": 0.02,
          "product.end_products": 0.25, "product.systems_modules": 0.35, "capacity.rnd": 0.3,
          "international.export": 0.35, "international.foreign_sites": 0.08, "process.five_axis": 0.15},
    "D": {"cert.aqap2110": 0.03, "cert.en9100": 0.07, "market.defence": 0.03, "market.aerospace": 0.12,
          "market.maritime": 0.15, "market.semicon": 0.25, "market.medical": 0.18, "market.offshore": 0.12,
          "market.automotive": 0.15, "market.agro": 0.1, "market.food": 0.1, "market.energy": 0.08,
          "market.rail": 0.05, "product.components": 0.5, "international.export": 0.2},
    "none": {"cert.aqap2110": 0.003, "cert.en9100": 0.01, "market.defence": 0.01, "market.aerospace": 0.02,
             "market.maritime": 0.08, "market.semicon": 0.03, "market.medical": 0.03, "market.offshore": 0.08,
             "market.agro": 0.25, "market.food": 0.2, "market.automotive": 0.1, "market.energy": 0.1,
             "market.rail": 0.03, "product.repair_mro": 0.15, "international.export": 0.08},
}  # fmt: skip

# Features driven by sophistication alone: p = lo + (hi - lo) * s.
SOPH_FEATURES: dict[str, tuple[float, float]] = {
    "cert.iso9001": (0.25, 0.95),
    "cert.iso14001": (0.03, 0.45),
    "cert.iso45001": (0.01, 0.2),
    "capacity.engineering": (0.08, 0.6),
    "capacity.rnd": (0.02, 0.25),
    "capacity.measuring_room": (0.02, 0.45),
    "capacity.cmm": (0.03, 0.5),
    "automation.robots": (0.03, 0.45),
    "automation.unmanned": (0.01, 0.3),
    "automation.erp_mes": (0.05, 0.45),
    "international.export": (0.05, 0.35),
    "international.foreign_sites": (0.0, 0.06),
    "product.engineering_services": (0.03, 0.35),
    "cert.vca": (0.05, 0.15),
}

# Process families that make the machine shop metrology features likelier.
_METROLOGY_ARCH = {"precision", "casting_forging", "composites"}

ALL_FEATURES = sorted(
    {f for d in ARCH_FEATURES.values() for f in d}
    | {f for d in CATEGORY_FEATURES.values() for f in d}
    | set(SOPH_FEATURES)
    | {"market.agro", "market.food", "cert.iso13485", "cert.nadcap", "cert.ipc_a_610"}
)


@dataclass
class Firm:
    index: int
    kvk: str
    vestiging: str
    category: str
    archetype: str
    sophistication: float
    employees: int
    legal_name: str
    trade_names: list[str]
    display_name: str  # what the firm calls itself on its site and in lists
    short_name: str  # without legal form
    sbi_main: str
    sbi_other: list[str]
    place: str
    province: str
    postcode: str
    street: str
    house_number: str
    phone: str
    registered: str  # YYYYMMDD
    founded: int
    features: list[str]  # latent profile (sorted indicator ids)
    language: str = "nl"  # nl | en | mixed
    domain: str | None = None  # canonical host of the firm's site
    alias: str | None = None  # the other (bare/www) host
    scheme: str = "https"
    site_modes: list[str] = field(default_factory=list)
    site_status: str | None = None
    site_owner_kvk: str | None = None
    stated: list[str] = field(default_factory=list)  # ids the site's pages state
    old_domain: str | None = None  # stale domain in member lists
    old_domain_live: bool = False
    wrong_site_of: int | None = None  # index of the firm whose site this firm's lists point to
    in_kvk_websites: bool = False

    @property
    def website(self) -> str | None:
        return f"{self.scheme}://{self.domain}/" if self.domain else None


def rng_for(seed: int, index: int, purpose: str) -> random.Random:
    return random.Random(f"ketenradar-demo/{seed}/{index}/{purpose}")


def weighted(rng: random.Random, pairs: list[tuple[str, float]] | dict[str, float]) -> str:
    items = list(pairs.items()) if isinstance(pairs, dict) else pairs
    total = sum(w for _, w in items)
    x = rng.random() * total
    for key, w in items:
        x -= w
        if x < 0:
            return key
    return items[-1][0]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", "en").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _features(rng: random.Random, category: str, archetype: str, s: float) -> list[str]:
    probs: dict[str, float] = {}

    def add(feature: str, p: float) -> None:
        probs[feature] = 1.0 - (1.0 - probs.get(feature, 0.0)) * (1.0 - min(p, 0.99))

    for f, p in ARCH_FEATURES[archetype].items():
        add(f, p * (0.4 + 1.2 * s) if f in SOPHISTICATED else p)
    for f, p in CATEGORY_FEATURES[category].items():
        add(f, p * (0.6 + 0.8 * s))
    for f, (lo, hi) in SOPH_FEATURES.items():
        add(f, lo + (hi - lo) * s)
    if archetype in _METROLOGY_ARCH:
        add("capacity.cmm", 0.25 * s)
        add("capacity.measuring_room", 0.2 * s)
    if archetype == "machine_builder":
        add("market.agro" if rng.random() < 0.5 else "market.food", 0.5)
    chosen = {f for f in sorted(probs) if rng.random() < probs[f]}
    # Coherence: certificates and markets that come with others.
    if "market.medical" in chosen and rng.random() < 0.45:
        chosen.add("cert.iso13485")
    if "market.aerospace" in chosen and "process.surface_treatment" in chosen and rng.random() < 0.4:
        chosen.add("cert.nadcap")
    if "process.five_axis" in chosen:
        chosen.add("process.milling")
    if "process.robot_welding" in chosen and rng.random() < 0.7:
        chosen.add("automation.robots")
    if "process.cleanroom_assembly" in chosen:
        chosen.add("process.assembly")
    if "cert.aqap2110" in chosen or "cert.en9100" in chosen:
        chosen.add("cert.iso9001")
    if archetype == "electronics" and "process.electronics_assembly" not in chosen and rng.random() < 0.6:
        chosen.add("process.cable_harness")
    if not any(f.startswith("process.") for f in chosen):
        chosen.add("process.assembly" if archetype in ("electronics", "installation") else "process.milling")
    return sorted(chosen)


def _postcode(rng: random.Random, lo: int, hi: int) -> str:
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    while True:
        pair = rng.choice(letters) + rng.choice(letters)
        if pair not in ("SA", "SD", "SS"):
            return f"{rng.randint(lo, hi)} {pair}"


def _names(rng: random.Random, archetype: str, place: str) -> tuple[str, list[str], str, str]:
    """Return (legal name, trade names, display name, short name)."""
    word = rng.choice(T.ARCHETYPE_WORDS[archetype] if rng.random() < 0.75 else T.GENERIC_WORDS)
    style = rng.random()
    if style < 0.42:
        short = f"{rng.choice(T.SURNAMES)} {word}"
    elif style < 0.6:
        short = f"{word} {rng.choice(T.SURNAMES)}"
    elif style < 0.82:
        short = rng.choice(T.BRAND_HEADS) + rng.choice(T.BRAND_TAILS)
        if rng.random() < 0.5:
            short = f"{short} {word}"
    elif style < 0.92:
        short = f"{word} {place}"
    else:
        a, b = rng.sample(T.SURNAMES, 2)
        short = f"{a.split()[-1]} & {b.split()[-1]}"
        if rng.random() < 0.6:
            short += f" {word}"
    form = weighted(rng, [(f, float(w)) for f, w in T.LEGAL_FORMS])
    if form == "Holding B.V.":
        base = short.split()[0] if len(short.split()) > 1 and rng.random() < 0.5 else short
        legal = f"{base} Holding B.V."
        trade = [f"{short} B.V.", short]
        return legal, trade, f"{short} B.V.", short
    legal = f"{short} {form}".strip()
    trade = [legal] + ([short] if form else [])
    if rng.random() < 0.15:
        trade.append(f"{short.split()[0]} {rng.choice(T.GENERIC_WORDS)}")
    return legal, trade, legal, short


def _size(rng: random.Random, category: str) -> int:
    median = SIZE_MEDIAN[category]
    value = int(round(median * rng.lognormvariate(0.0, 0.95)))
    return max(1, min(value, 1800))


def _unique_kvk(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"{rng.randint(1_000_000, 99_999_999):08d}"
        if number not in used:
            used.add(number)
            return number


def make_population(n: int, seed: int) -> list[Firm]:
    """Draw `n` firms. The category counts follow CATEGORY_WEIGHTS exactly (rounded)."""
    rng = random.Random(f"ketenradar-demo/{seed}/population")
    counts = {c: int(round(n * w / 100.0)) for c, w in CATEGORY_WEIGHTS}
    counts["none"] = n - sum(v for c, v in counts.items() if c != "none")
    categories = [c for c, _ in CATEGORY_WEIGHTS for _ in range(counts[c])]
    rng.shuffle(categories)
    provinces = list(T.PROVINCE_WEIGHT.items())
    places_by_province: dict[str, list[tuple[str, str, int, int, str]]] = {}
    for row in T.PLACES:
        places_by_province.setdefault(row[1], []).append(row)
    used_kvk: set[str] = set()
    used_vest: set[str] = set()
    firms: list[Firm] = []
    for i, category in enumerate(categories):
        r = rng_for(seed, i, "firm")
        archetype = weighted(r, ARCHETYPE_WEIGHTS[category])
        a, b = SOPHISTICATION[category]
        s = r.betavariate(a, b)
        province = weighted(r, provinces)
        place, _, lo, hi, area = r.choice(places_by_province[province])
        legal, trade, display, short = _names(r, archetype, place)
        sbi_main = weighted(r, [(c, float(w)) for c, w in T.ARCHETYPE_SBI[archetype]])
        other = [c for c in r.sample(T.SECONDARY_SBI, 2) if c != sbi_main][: r.choice([0, 0, 1, 1, 2])]
        employees = _size(r, category)
        year = r.randint(1948, 2021)
        reg = f"{max(year, 1950) + r.randint(0, 2)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
        number = r.randint(1, 180)
        house = f"{number}{r.choice(['', '', '', '', 'a', 'b', '-3', '-12'])}"
        local = area.lstrip("0")
        digits = 9 - len(local)
        phone = f"{area} {r.randint(10 ** (digits - 1), 10**digits - 1)}"
        firms.append(
            Firm(
                index=i,
                kvk=_unique_kvk(rng, used_kvk),
                vestiging=_unique_kvk_like(rng, used_vest),
                category=category,
                archetype=archetype,
                sophistication=round(s, 4),
                employees=employees,
                legal_name=legal,
                trade_names=trade,
                display_name=display,
                short_name=short,
                sbi_main=sbi_main,
                sbi_other=other,
                place=place,
                province=province,
                postcode=_postcode(r, lo, hi),
                street=r.choice(T.STREETS),
                house_number=house,
                phone=phone,
                registered=reg,
                founded=year,
                features=_features(r, category, archetype, s),
            )
        )
    return firms


def _unique_kvk_like(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"{rng.randint(1_000_000, 999_999_999):012d}"
        if number not in used:
            used.add(number)
            return number
