"""The latent model of the demo population: traits first, then everything a firm shows.

Every firm draws latent traits (standard scores): capability, quality culture, orientation
(systems and end products vs. components to drawing), defence exposure, export drive and a size
residual. The true category A/B/C/D/none, the archetype (kind of shop), the number of employees
and every indicator the firm has all follow from these traits *probabilistically*, with the
strength set by the world config (`demo/config.py`). No indicator belongs to a class: each has
a floor probability for every firm, so every id occurs in every class, at class-dependent rates.

Randomness per firm comes from a `random.Random` seeded with a string of (seed, index, purpose),
so results never depend on the order of other draws, on `hash()` or on the clock.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field

from ketenradar.demo import tables as T
from ketenradar.demo.config import WorldConfig, preset

TRAITS = ("capability", "quality", "orientation", "defence", "export", "size")

# Archetype choice: base weight and the pull of orientation (o) and capability (c) on it.
ARCHETYPES: dict[str, tuple[float, float, float]] = {
    "precision": (22, -0.3, 0.5), "sheet_metal": (16, -0.6, 0.0), "welding": (14, -0.3, -0.5),
    "machine_builder": (13, 0.9, 0.2), "electronics": (7, 0.6, 0.7), "surface": (5, -0.8, -0.3),
    "casting_forging": (3, -0.6, 0.0), "composites": (4, 0.2, 0.6), "repair": (8, 0.0, -0.8),
    "vehicle": (4, 0.9, -0.1), "shipbuilding": (3, 0.6, 0.0), "installation": (3, 0.2, -1.0),
}  # fmt: skip

# P(indicator | archetype) for an average firm of that archetype (traits shift it).
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

# Every indicator id the generator can give a firm: (base probability for a firm of average traits
# whose archetype does not list it, loadings on the latent traits). c capability, q quality
# culture, o orientation, d defence exposure, e export drive, s size residual.
FEATURE_MODEL: dict[str, tuple[float, dict[str, float]]] = {
    "cert.iso9001": (0.4, {"q": 1.8, "c": 0.8, "s": 0.4}),
    "cert.iso14001": (0.08, {"q": 1.3, "c": 0.3, "s": 0.6}),
    "cert.iso45001": (0.03, {"q": 0.8, "s": 0.6}),
    "cert.aqap2110": (0.012, {"q": 1.0, "c": 0.6, "d": 1.4}),
    "cert.aqap2310": (0.003, {"q": 0.8, "c": 0.5, "d": 1.4}),
    "cert.en9100": (0.02, {"q": 1.0, "c": 0.9, "d": 0.4}),
    "cert.abdo": (0.004, {"d": 1.6, "c": 0.4}),
    "cert.iso27001": (0.008, {"q": 0.6, "c": 0.5, "d": 0.9, "s": 0.5}),
    "cert.iso3834": (0.03, {"q": 0.9, "c": 0.4}),
    "cert.en1090": (0.04, {"q": 0.6}),
    "cert.iso13485": (0.01, {"q": 0.8, "c": 0.4}),
    "cert.ipc_a_610": (0.01, {"q": 0.8}),
    "cert.vca": (0.1, {"q": 0.3}),
    "cert.nadcap": (0.003, {"q": 0.8, "c": 0.8}),
    "process.turning": (0.12, {"c": 0.3}),
    "process.milling": (0.15, {"c": 0.3}),
    "process.five_axis": (0.03, {"c": 1.2}),
    "process.edm": (0.02, {"c": 0.8}),
    "process.grinding": (0.03, {"c": 0.6}),
    "process.welding_tig": (0.1, {"c": 0.2}),
    "process.welding_mig_mag": (0.12, {"c": -0.2}),
    "process.robot_welding": (0.02, {"c": 0.9, "s": 0.5}),
    "process.laser_cutting": (0.05, {"c": 0.3}),
    "process.press_braking": (0.05, {}),
    "process.punching": (0.02, {}),
    "process.surface_treatment": (0.06, {}),
    "process.assembly": (0.25, {"o": 1.0, "c": 0.3}),
    "process.cleanroom_assembly": (0.008, {"c": 1.2, "o": 0.5}),
    "process.electronics_assembly": (0.01, {"c": 0.3}),
    "process.cable_harness": (0.01, {"o": 0.3, "d": 0.3}),
    "process.composites": (0.015, {"c": 0.3}),
    "process.additive_manufacturing": (0.015, {"c": 1.0}),
    "process.casting": (0.01, {}),
    "process.forging": (0.01, {}),
    "process.steel_construction": (0.04, {"c": -0.3}),
    "process.heat_treatment": (0.03, {"c": 0.3}),
    "material.aluminium": (0.2, {"c": 0.2}),
    "material.stainless_steel": (0.2, {"c": 0.2}),
    "material.steel": (0.3, {"c": -0.1}),
    "material.titanium": (0.02, {"c": 1.0}),
    "material.plastics": (0.08, {"c": 0.2}),
    "material.copper_brass": (0.06, {}),
    "material.special_alloys": (0.015, {"c": 1.0}),
    "product.end_products": (0.08, {"o": 2.0}),
    "product.systems_modules": (0.05, {"o": 1.8, "c": 0.8}),
    "product.components": (0.35, {"o": -1.8}),
    "product.semi_finished": (0.04, {"o": -0.8}),
    "product.repair_mro": (0.12, {"c": -0.6}),
    "product.engineering_services": (0.07, {"c": 0.8, "o": 0.8}),
    "market.defence": (0.012, {"d": 1.8, "c": 0.3}),
    "market.aerospace": (0.03, {"c": 0.9, "d": 0.5}),
    "market.maritime": (0.08, {"d": 0.4}),
    "market.offshore": (0.07, {}),
    "market.semicon": (0.05, {"c": 1.0, "o": -0.2}),
    "market.medical": (0.05, {"q": 0.6, "c": 0.5}),
    "market.agro": (0.1, {"c": -0.6}),
    "market.food": (0.1, {"c": -0.4}),
    "market.automotive": (0.07, {}),
    "market.energy": (0.08, {}),
    "market.rail": (0.03, {"c": 0.3}),
    "tech.sensors_radar": (0.008, {"c": 0.8, "d": 1.0, "o": 0.4}),
    "tech.intelligent_systems": (0.008, {"c": 0.9, "o": 0.6}),
    "tech.smart_materials": (0.005, {"c": 0.8}),
    "tech.space": (0.006, {"c": 0.9, "d": 0.5}),
    "tech.quantum": (0.003, {"c": 1.0}),
    "tech.maritime": (0.007, {"d": 0.8, "o": 0.4}),
    "capacity.engineering": (0.15, {"c": 1.0, "o": 0.9, "s": 0.4}),
    "capacity.rnd": (0.04, {"c": 1.0, "o": 1.0}),
    "capacity.measuring_room": (0.04, {"q": 1.3, "c": 0.9}),
    "capacity.cmm": (0.06, {"q": 1.3, "c": 0.9}),
    "automation.robots": (0.06, {"c": 0.8, "s": 0.6}),
    "automation.unmanned": (0.03, {"c": 1.0}),
    "automation.erp_mes": (0.1, {"c": 0.8, "s": 0.8, "q": 0.3}),
    "international.export": (0.12, {"e": 1.3, "c": 0.3}),
    "international.foreign_sites": (0.015, {"e": 1.0, "s": 1.0}),
}
ALL_FEATURES = sorted(FEATURE_MODEL)
# Which separation knob scales a group's loadings.
GROUP_KNOB = {
    "cert": "certs", "process": "processes", "material": "processes", "capacity": "processes",
    "automation": "processes", "product": "products", "market": "products", "tech": "products",
    "international": "products",
}  # fmt: skip
# Whatever the traits, a firm keeps this share of its base probability: no class owns a signal.
FLOOR_SHARE = 0.4
FLOOR_MIN = 0.005  # ... and at least this, so that rare ids are not left to the strongest firms
TRAIT_KEY = {"c": "capability", "q": "quality", "o": "orientation", "d": "defence", "e": "export",
             "s": "size"}  # fmt: skip


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
    traits: dict[str, float] = field(default_factory=dict)  # latent traits (standard scores)
    labelled: bool = False  # A: holds a Defence award in the sources; B: on a prime's list
    quiet_site: bool = False  # the site says little beyond a few lines of marketing and contact
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
    # Set while the sources are written: some source row carries the firm's current domain.
    listed_site: bool = False

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


def _unique_kvk(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"{rng.randint(1_000_000, 99_999_999):08d}"
        if number not in used:
            used.add(number)
            return number


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def feature_probabilities(archetype: str, traits: dict[str, float], config: WorldConfig) -> dict[str, float]:
    """P(firm has indicator) for every id, from its archetype and latent traits."""
    sep = config.separation
    arch = ARCH_FEATURES[archetype]
    out: dict[str, float] = {}
    for fid, (base, loadings) in FEATURE_MODEL.items():
        p0 = arch.get(fid, base)
        knob = getattr(sep, GROUP_KNOB[fid.split(".")[0]])
        shift = knob * sum(w * traits[TRAIT_KEY[k]] for k, w in loadings.items())
        p = _sigmoid(_logit(p0) + shift)
        out[fid] = min(max(p, FLOOR_SHARE * p0, FLOOR_MIN), 0.97)
    return out


def _features(rng: random.Random, archetype: str, traits: dict[str, float], config: WorldConfig) -> list[str]:
    probs = feature_probabilities(archetype, traits, config)
    if archetype == "machine_builder":
        probs["market.agro" if rng.random() < 0.5 else "market.food"] = 0.5
    chosen = {f for f in sorted(probs) if rng.random() < probs[f]}
    # Coherence: what comes with what (it adds, never removes, so no class loses a floor).
    if "market.medical" in chosen and rng.random() < 0.4:
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


def _traits(rng: random.Random) -> dict[str, float]:
    c = rng.gauss(0, 1)
    return {
        "capability": c,
        "quality": 0.6 * c + 0.8 * rng.gauss(0, 1),
        "orientation": rng.gauss(0, 1),
        "defence": rng.gauss(0, 1),
        "export": 0.4 * c + 0.92 * rng.gauss(0, 1),
        "size": rng.gauss(0, 1),
    }


def _archetype(rng: random.Random, traits: dict[str, float], config: WorldConfig) -> str:
    k = config.separation.processes
    weights = {
        a: w * math.exp(k * (po * traits["orientation"] + pc * traits["capability"]))
        for a, (w, po, pc) in ARCHETYPES.items()
    }
    return weighted(rng, weights)


def _employees(rng: random.Random, traits: dict[str, float], config: WorldConfig) -> int:
    k = config.separation.size
    log_emp = math.log(9.0) + 0.5 * k * (0.9 * traits["capability"] + 0.25 * traits["defence"])
    log_emp += 0.85 * traits["size"]
    return max(1, min(int(round(math.exp(log_emp))), 1800))


def assign_categories(traits: list[dict[str, float]], seed: int, config: WorldConfig) -> list[str]:
    """True categories from traits plus noise, with the config's exact shares (rounded).

    Capable (A-D): high capability and quality culture. Among them A/C lean to systems and end
    products (and a bit more capability), B/D to components. A and B are those with the highest
    defence exposure on their side. Noise of `category_noise` blurs every step.
    """
    n = len(traits)
    shares = config.category_shares()
    counts = {c: int(round(n * shares[c])) for c in ("A", "B", "C", "D")}
    noise = config.category_noise
    rng = random.Random(f"ketenradar-demo/{seed}/categories")
    jitter = [(rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1)) for _ in range(n)]
    capable_score = [
        t["capability"] + 0.5 * t["quality"] + noise * j[0] for t, j in zip(traits, jitter, strict=True)
    ]
    n_capable = sum(counts.values())
    order = sorted(range(n), key=lambda i: (-capable_score[i], i))
    capable = order[:n_capable]
    direct_score = {
        i: traits[i]["orientation"] + 0.5 * traits[i]["capability"] + 0.5 * noise * jitter[i][1]
        for i in capable
    }
    by_direct = sorted(capable, key=lambda i: (-direct_score[i], i))
    n_direct = counts["A"] + counts["C"]
    direct, indirect = by_direct[:n_direct], by_direct[n_direct:]
    out = ["none"] * n

    def split(group: list[int], top: str, rest: str, k: int) -> None:
        score = {
            i: traits[i]["defence"] + 0.3 * traits[i]["capability"] + 0.5 * noise * jitter[i][2]
            for i in group
        }
        ranked = sorted(group, key=lambda i: (-score[i], i))
        for i in ranked[:k]:
            out[i] = top
        for i in ranked[k:]:
            out[i] = rest

    split(direct, "A", "C", counts["A"])
    split(indirect, "B", "D", counts["B"])
    return out


def _apart(traits: dict[str, float], category: str, gap: float) -> dict[str, float]:
    """Move a firm's traits away from the class edges by half of `gap` (config `class_gap`)."""
    t = dict(traits)
    capable = category != "none"
    step = 0.5 * gap if capable else -0.5 * gap
    t["capability"] += step
    t["quality"] += step
    if capable:
        t["orientation"] += 0.5 * gap if category in ("A", "C") else -0.5 * gap
    return t


def make_population(n: int, seed: int, config: WorldConfig | None = None) -> list[Firm]:
    """Draw `n` firms: traits, then category, archetype, size and indicators from the traits."""
    config = config or preset("medium")
    rng = random.Random(f"ketenradar-demo/{seed}/population")
    traits = [_traits(rng_for(seed, i, "traits")) for i in range(n)]
    categories = assign_categories(traits, seed, config)
    if config.class_gap:
        traits = [_apart(t, c, config.class_gap) for t, c in zip(traits, categories, strict=True)]
    provinces = list(T.PROVINCE_WEIGHT.items())
    places_by_province: dict[str, list[tuple[str, str, int, int, str]]] = {}
    for row in T.PLACES:
        places_by_province.setdefault(row[1], []).append(row)
    used_kvk: set[str] = set()
    used_vest: set[str] = set()
    firms: list[Firm] = []
    for i, category in enumerate(categories):
        r = rng_for(seed, i, "firm")
        t = traits[i]
        archetype = _archetype(r, t, config)
        province = weighted(r, provinces)
        place, _, lo, hi, area = r.choice(places_by_province[province])
        legal, trade, display, short = _names(r, archetype, place)
        sbi_main = weighted(r, [(c, float(w)) for c, w in T.ARCHETYPE_SBI[archetype]])
        other = [c for c in r.sample(T.SECONDARY_SBI, 2) if c != sbi_main][: r.choice([0, 0, 1, 1, 2])]
        employees = _employees(r, t, config)
        year = r.randint(1948, 2021)
        reg = f"{max(year, 1950) + r.randint(0, 2)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
        number = r.randint(1, 180)
        house = f"{number}{r.choice(['', '', '', '', 'a', 'b', '-3', '-12'])}"
        local = area.lstrip("0")
        digits = 9 - len(local)
        phone = f"{area} {r.randint(10 ** (digits - 1), 10**digits - 1)}"
        share = {"A": config.labelled_share_a, "B": config.labelled_share_b}.get(category, 0.0)
        capable = category != "none"
        quiet = r.random() < (config.quiet_site_share if capable else config.quiet_site_share_other)
        firms.append(
            Firm(
                index=i,
                kvk=_unique_kvk(rng, used_kvk),
                vestiging=_unique_kvk_like(rng, used_vest),
                category=category,
                archetype=archetype,
                sophistication=round(_sigmoid(t["capability"]), 4),
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
                features=_features(r, archetype, t, config),
                traits={k: round(v, 4) for k, v in t.items()},
                labelled=r.random() < share,
                quiet_site=quiet,
            )
        )
    return firms


def _unique_kvk_like(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"{rng.randint(1_000_000, 999_999_999):012d}"
        if number not in used:
            used.add(number)
            return number
