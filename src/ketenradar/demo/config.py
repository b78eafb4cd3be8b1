"""The world config: how hard the demo world is. Presets `easy`, `medium`, `hard`, or a TOML file.

A world is drawn from latent traits (docs/demo-world.md). The config sets how strongly those traits
show in what a classifier can see (certificates, size, processes, products), how many truly
A and B firms carry a label in the sources, how many capable firms keep a near-empty site, and how
noisy sites and sources are. Nothing here names an indicator term: only groups of indicator ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ketenradar.config import read_toml
from ketenradar.errors import InputError

STYLES = ("default", "alt")
PRESETS = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Separation:
    """How strongly each group of observable signals follows the latent traits (0 = not at all).

    The defaults (1.9) are the medium world; 0 makes a group carry no information at all. The
    category itself follows the same traits, so these knobs set how
    well A/C, B/D and none can be told apart from certificates, size, processes and products.
    """

    certs: float = 1.9  # certificates follow quality culture, capability, defence exposure
    size: float = 1.9  # employees follow capability
    processes: float = 1.9  # processes, materials, metrology, automation follow capability
    products: float = 1.9  # products, markets, technologies follow orientation and exposure


@dataclass(frozen=True)
class WorldConfig:
    """Every knob of the demo world. Shares are fractions in [0, 1]."""

    name: str = "medium"
    # Population shares of the true categories (they are normalised).
    share_a: float = 0.02
    share_b: float = 0.03
    share_c: float = 0.20
    share_d: float = 0.20
    # Share of true A firms with a Defence award in TED/TenderNed, and of true B firms on a prime's
    # supplier list. The rest are A/B in truth but unlabelled: a scorer meets them as "unknown".
    labelled_share_a: float = 0.9
    labelled_share_b: float = 0.85
    separation: Separation = field(default_factory=Separation)
    # Standard deviation of the noise between latent traits and the true category (higher: the
    # category is less predictable from any profile).
    category_noise: float = 0.25
    # How far apart, in standard scores of the latent traits, the classes sit once drawn: capable
    # firms (A-D) move up in capability and quality culture and the others down, direct suppliers
    # (A/C) move towards systems and end products and indirect ones (B/D) towards components, each
    # by half the gap. 0: the classes meet at a hard edge in a continuous trait space, so firms near
    # it cannot be told apart from any profile; larger gaps leave fewer such borderline firms.
    class_gap: float = 0.0
    # Share of capable firms (A-D) whose site says little: a few lines of marketing and contact.
    quiet_site_share: float = 0.15
    # The same for the other firms.
    quiet_site_share_other: float = 0.2
    # Probability that a site states a latent feature (certificates are stated a bit more often).
    stated_rate: float = 0.8
    # Site noise: shares among firms with a site (unreachable, robots, JS-only, parked, too large).
    site_unreachable: float = 0.03
    site_robots_forbidden: float = 0.03
    site_js_only: float = 0.03
    site_parked: float = 0.02
    site_too_large: float = 0.01
    # Rate of misleading sentences on sites: negations, customer lists, partner work, news items
    # about things the firm itself does not do (relative to the medium world).
    trap_rate: float = 1.0
    # Source noise: prime supplier lists that name firms supplying the prime's civil side (not
    # B in truth), association members that are not A/B, KvK sizes off by a class, wrong SBI codes.
    source_noise: float = 0.03
    # Share of all firms whose own, readable site exists but is listed in no source: only
    # `ketenradar discover` can find it (docs/crawl.md, "Discovery"). Firms the sources happen not
    # to list count first; firms without a site get one until the share is reached (so the share
    # cannot exceed what those two groups hold, about 15 % of firms).
    unlisted_site_share: float = 0.10
    style: str = "default"

    def category_shares(self) -> dict[str, float]:
        raw = {"A": self.share_a, "B": self.share_b, "C": self.share_c, "D": self.share_d}
        raw["none"] = max(0.0, 1.0 - sum(raw.values()))
        total = sum(raw.values())
        return {k: v / total for k, v in raw.items()}

    def site_noise(self) -> list[tuple[str, float]]:
        return [
            ("unreachable", self.site_unreachable),
            ("robots_forbidden", self.site_robots_forbidden),
            ("js_only", self.site_js_only),
            ("parked", self.site_parked),
            ("too_large", self.site_too_large),
        ]

    def validate(self) -> WorldConfig:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("name", "style", "separation"):
                continue
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise InputError(f"{f.name} must be a number, not {value!r}", field=f.name)
            limit = 3.0 if f.name in ("category_noise", "trap_rate", "class_gap") else 1.0
            if not 0.0 <= value <= limit:
                raise InputError(f"{f.name} must be between 0 and {limit:g}, not {value}", field=f.name)
        for f in fields(self.separation):
            value = getattr(self.separation, f.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0.0 <= value <= 4.0:
                raise InputError(
                    f"separation.{f.name} must be a number between 0 and 4, not {value!r}",
                    field=f"separation.{f.name}",
                )
        if self.style not in STYLES:
            raise InputError(
                f"unknown style {self.style!r}; choose one of {', '.join(STYLES)}", field="style"
            )
        if self.share_a + self.share_b + self.share_c + self.share_d >= 1.0:
            raise InputError("shares of A, B, C and D must leave room for 'none'", field="share_a")
        if sum(share for _, share in self.site_noise()) > 0.5:
            raise InputError("site noise shares add up to more than 0.5", field="site_unreachable")
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


PRESET_CONFIGS: dict[str, WorldConfig] = {
    # Labels complete, profiles clearly apart, few quiet sites, clean sources.
    "easy": WorldConfig(
        name="easy",
        labelled_share_a=1.0,
        labelled_share_b=1.0,
        separation=Separation(certs=2.5, size=2.3, processes=2.3, products=2.5),
        category_noise=0.15,
        class_gap=1.0,
        quiet_site_share=0.05,
        quiet_site_share_other=0.1,
        stated_rate=0.88,
        trap_rate=0.6,
        source_noise=0.0,
    ),
    # Between the two: the classes a little apart, some labels missing, some quiet sites and traps.
    "medium": WorldConfig(name="medium", class_gap=0.4, quiet_site_share=0.05, quiet_site_share_other=0.15),
    # Many unlabelled A/B firms, weak profiles, many quiet sites, noisy sources and sites.
    "hard": WorldConfig(
        name="hard",
        labelled_share_a=0.7,
        labelled_share_b=0.6,
        separation=Separation(certs=1.0, size=1.0, processes=1.0, products=1.0),
        category_noise=0.7,
        class_gap=0.5,
        quiet_site_share=0.3,
        quiet_site_share_other=0.3,
        stated_rate=0.7,
        site_unreachable=0.04,
        site_robots_forbidden=0.04,
        site_js_only=0.05,
        site_parked=0.03,
        site_too_large=0.01,
        trap_rate=1.6,
        source_noise=0.08,
    ),
}


def preset(name: str) -> WorldConfig:
    if name not in PRESET_CONFIGS:
        raise InputError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}", field="preset")
    return PRESET_CONFIGS[name]


def load_world_config(path: str | Path) -> WorldConfig:
    """Read a world config from TOML: a `[world]` table (optionally `preset = "..."` to start from)
    and a `[world.separation]` table. Unknown keys are errors naming the key."""
    path = Path(path)
    data = read_toml(path, "world config")
    table = data.get("world", data)
    if not isinstance(table, dict):
        raise InputError("[world] must be a table", path=str(path), field="world")
    return config_from_mapping(table, source=str(path))


def config_from_mapping(table: dict[str, Any], source: str | None = None) -> WorldConfig:
    table = dict(table)
    base = preset(str(table.pop("preset", "medium")))
    known = {f.name for f in fields(WorldConfig)}
    sep_table = table.pop("separation", {})
    if not isinstance(sep_table, dict):
        raise InputError("separation must be a table", path=source, field="separation")
    for key in table:
        if key not in known:
            raise InputError(f"unknown world config key {key!r}", path=source, field=key)
    sep_known = {f.name for f in fields(Separation)}
    for key in sep_table:
        if key not in sep_known:
            raise InputError(f"unknown separation key {key!r}", path=source, field=f"separation.{key}")
    separation = replace(base.separation, **sep_table)
    if "name" not in table:
        table["name"] = f"{base.name}+custom" if (table or sep_table) else base.name
    try:
        return replace(base, separation=separation, **table).validate()
    except InputError as exc:
        if source and not exc.path:
            raise InputError(str(exc), path=source) from None
        raise
    except TypeError as exc:  # a value of the wrong kind reached replace()
        raise InputError(str(exc), path=source) from None


def resolve_config(
    preset_name: str | None = None,
    style: str | None = None,
    config: WorldConfig | str | Path | None = None,
) -> WorldConfig:
    """The config a world is generated with: a file or object, else a preset; `style` overrides."""
    if isinstance(config, WorldConfig):
        cfg = config
    elif config is not None:
        cfg = load_world_config(config)
    else:
        cfg = preset(preset_name or "medium")
    if style is not None:
        cfg = replace(cfg, style=style)
    return cfg.validate()
