"""Record linkage: each source record to at most one firm.

Exact KvK number where the record has one. Otherwise Fellegi-Sunter scoring of candidate firms found
by blocking (shared rare name token, postcode, domain, place + name prefix): each field comparison has a
level with an m-probability (agreement among true matches) and a u-probability (among non-matches);
the Bayes factors m/u multiply into match odds, and the odds of all candidates of one record are
normalised together, because a record names at most one firm. Fuzzy names use rapidfuzz.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

from ketenradar.resolve.normalise import CACHE_SIZE, norm_domain, norm_name, norm_place, norm_postcode

# (level name, m, u) per comparison, best level first. Tuned on the demo world (docs/resolve.md).
NAME_LEVELS = {
    "exact": (0.75, 1e-5),
    "fuzzy_93": (0.12, 5e-5),
    "fuzzy_85": (0.06, 5e-4),
    "tokens": (0.04, 5e-3),
    # Abbreviations. m is high because it is conditional on the record's name being an abbreviation
    # (a record that writes 'KHM' names a firm with those initials); u falls with its length.
    # 'KHM Machinefabriek' for 'Kramer & Haan Machinefabriek': initials plus the firm's last words
    "initials_words": (0.9, 5e-5),
    # 'DDB' for 'Draaierij De Boer'
    "initials_3": (0.9, 5e-4),
    # 'GA' for 'Gerritsen & Aarts': two letters alone say little
    "initials_2": (0.9, 5e-3),
    "differ": (0.03, 0.99),
}
POSTCODE_LEVELS = {"exact": (0.75, 3e-4), "pc4": (0.08, 3e-3), "differ": (0.17, 0.997)}
PLACE_LEVELS = {"exact": (0.88, 0.03), "differ": (0.12, 0.97)}
DOMAIN_LEVELS = {"exact": (0.65, 1e-4), "differ": (0.35, 0.9999)}
HOUSE_LEVELS = {"exact": (0.85, 0.05), "differ": (0.15, 0.95)}


@dataclass
class Candidate:
    kvk_number: str
    name: str
    probability: float
    odds: float
    agreeing: list[str]
    levels: dict[str, str]


@dataclass
class BlockingIndex:
    """Normalised firms and the blocking keys that find candidates for a record."""

    firms: pd.DataFrame
    rows: dict[str, dict] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    token_df: Counter = field(default_factory=Counter)

    @classmethod
    def build(cls, firms: pd.DataFrame, needed_keys: set[str] | None = None) -> BlockingIndex:
        """Index `firms` by blocking key.

        With `needed_keys` (the keys of the records that will be scored, `record_keys`) only those
        blocks are kept, and only the firms in one of them: a firm outside every needed block can
        never be a candidate, so the candidates and scores are exactly those of the full index, at a
        fraction of its memory when most records link by KvK number.
        """
        columns = ["kvk_number", "name", "trade_names", "postcode", "place", "domain", "house_number"]
        firms = firms[columns].astype(object)
        firms = firms.where(firms.notna(), None)
        index = cls(firms)
        for values in firms.itertuples(index=False, name=None):
            row = dict(zip(columns, values, strict=True))
            prepared = prepare(row)
            for t in {t for n in prepared["names"] for t in n.split()}:
                index.token_df[t] += 1
            keys = _keys(prepared)
            if needed_keys is not None:
                keys &= needed_keys
                if not keys:
                    continue
            index.rows[row["kvk_number"]] = prepared
            index.names[row["kvk_number"]] = prepared["names"]
            for key in keys:
                index.keys[key].add(row["kvk_number"])
        index.max_df = MAX_BLOCK
        return index

    def candidates(self, rec: dict) -> set[str]:
        found: set[str] = set()
        for key in _keys(rec):
            members = self.keys.get(key)
            if not members:
                continue
            if _skipped(key, len(members), self.max_df):
                continue  # a common word ('metaal', 'techniek') finds too much to mean anything
            found |= members
        return found


INDEX_COLUMNS = ["kvk_number", "name", "trade_names", "postcode", "place", "domain", "house_number"]


def _firm_rows(firms: pd.DataFrame) -> Iterator[dict]:
    firms = firms[INDEX_COLUMNS].astype(object)
    firms = firms.where(firms.notna(), None)
    for values in firms.itertuples(index=False, name=None):
        yield dict(zip(INDEX_COLUMNS, values, strict=True))


def _skipped(key: str, size: int, max_df: int | None = None) -> bool:
    """Is a block of `size` firms too large to look in (a single common word, postcode, initials)?"""
    return key[0] in "tcpi" and key.count(":") < 2 and size > (MAX_BLOCK if max_df is None else max_df)


# A blocking key shared by more firms than this finds too much to mean anything ('metaal').
MAX_BLOCK = 50


def prepare(rec: dict) -> dict:
    """The normalised fields a comparison needs, computed once per record or firm."""
    names = [norm_name(rec.get("name"))] + [norm_name(t) for t in rec.get("trade_names") or []]
    return {
        "name": rec.get("name"),
        "names": [n for n in dict.fromkeys(names) if n],
        "postcode": norm_postcode(rec.get("postcode")),
        "place": norm_place(rec.get("place")),
        "domain": norm_domain(rec.get("domain")),
        "house_number": str(rec.get("house_number") or "").replace(" ", "").lower(),
    }


def record_keys(rec: dict) -> set[str]:
    """The blocking keys under which candidates for a raw record are looked up."""
    return _keys(prepare(rec))


def _keys(rec: dict) -> set[str]:
    keys = set()
    place = rec["place"]
    for n in rec["names"]:
        tokens = sorted({t for t in n.split() if len(t) >= 3 or t.isdigit()})
        for i, t in enumerate(tokens):
            keys.add("t:" + t)
            # pairs of words find 'Twentse Machinebouw' where each word alone is too common
            for u in tokens[i + 1 : i + 4]:
                keys.add(f"t:{t}+{u}")
        compact = n.replace(" ", "")
        if compact:
            keys.add("c:" + compact[:6])
        # initials: the firm's, and a record's leading short word that may be an abbreviation
        first = n.split()[0] if n else ""
        for abbrev in initials(n) | ({first} if 2 <= len(first) <= 4 else set()):
            keys.add("i:" + abbrev)
            if place:
                keys.add(f"i:{abbrev}:{place}")
        if place:
            keys.add(f"p:{place}:{compact[:3]}")
    if rec["postcode"]:
        keys.add("pc:" + rec["postcode"])
    if rec["domain"]:
        keys.add("d:" + rec["domain"])
    return keys


PARTICLES = {"de", "der", "den", "van", "het", "te", "ter", "op"}


def initials_level(record: str, firm: str) -> str | None:
    """'khm machinefabriek' ~ 'kramer haan machinefabriek'; 'ddb' ~ 'draaierij de boer'."""
    r, f = record.split(), firm.split()
    if not r or len(f) < 2 or not 2 <= len(r[0]) <= 4 or not r[0].isalpha():
        return None
    rest = r[1:]
    if rest and f[-len(rest) :] == rest and r[0] in _initials(f[: -len(rest)]):
        return "initials_words"
    if r[0] in initials(firm) and set(rest) <= set(f):
        if rest:
            return "initials_words"
        return "initials_3" if len(r[0]) >= 3 else "initials_2"
    return None


def _initials(tokens: list[str]) -> set[str]:
    """With and without particles: 'Draaierij De Boer' is DDB or DB."""
    out = {"".join(t[0] for t in tokens)}
    bare = [t for t in tokens if t not in PARTICLES]
    if bare:
        out.add("".join(t[0] for t in bare))
    return {i for i in out if len(i) >= 2}


@lru_cache(maxsize=CACHE_SIZE)
def initials(name: str) -> frozenset[str]:
    tokens = name.split()
    return frozenset(_initials(tokens)) if len(tokens) >= 2 else frozenset()


def _bf(level: str) -> float:
    m, u = NAME_LEVELS[level]
    return m / u


def name_level(record_names: list[str], firm_names: list[str]) -> str:
    """The most telling agreement level between any record name and any firm name."""
    best = "differ"
    for a in record_names:
        for b in firm_names:
            if a == b or a.replace(" ", "") == b.replace(" ", ""):
                return "exact"
            score = max(
                fuzz.token_sort_ratio(a, b, score_cutoff=85),
                fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""), score_cutoff=85),
            )
            levels = []
            if score >= 93:
                levels.append("fuzzy_93")
            elif score >= 85:
                levels.append("fuzzy_85")
            elif min(len(a), len(b)) >= 4 and fuzz.token_set_ratio(a, b, score_cutoff=90):
                levels.append("tokens")
            abbreviation = initials_level(a, b)
            if abbreviation:
                levels.append(abbreviation)
            for level in levels:
                if _bf(level) > _bf(best):
                    best = level
    return best


def compare(rec: dict, firm: dict) -> tuple[float, dict[str, str]]:
    """Bayes factor of 'same firm' for two prepared records, and the level of each comparison."""
    levels: dict[str, str] = {"name": name_level(rec["names"], firm["names"])}
    m, u = NAME_LEVELS[levels["name"]]
    bf = m / u
    rpc, fpc = rec["postcode"], firm["postcode"]
    if rpc and fpc:
        levels["postcode"] = "exact" if rpc == fpc else ("pc4" if rpc[:4] == fpc[:4] else "differ")
        m, u = POSTCODE_LEVELS[levels["postcode"]]
        bf *= m / u
    if rec["place"] and firm["place"]:
        levels["place"] = "exact" if rec["place"] == firm["place"] else "differ"
        m, u = PLACE_LEVELS[levels["place"]]
        bf *= m / u
    if rec["domain"] and firm["domain"]:
        levels["domain"] = "exact" if rec["domain"] == firm["domain"] else "differ"
        m, u = DOMAIN_LEVELS[levels["domain"]]
        bf *= m / u
    rh, fh = rec["house_number"], firm["house_number"]
    if rh and fh and levels.get("postcode") in ("exact", "pc4"):
        levels["house_number"] = "exact" if rh == fh else "differ"
        m, u = HOUSE_LEVELS[levels["house_number"]]
        bf *= m / u
    return bf, levels


def agreeing(levels: dict[str, str]) -> list[str]:
    out = []
    for name, level in levels.items():
        if level == "exact":
            out.append(name)
        elif level in ("fuzzy_93", "fuzzy_85"):
            out.append("name~")
        elif level.startswith("initials"):
            out.append("name initials")
        elif level == "tokens":
            out.append("name tokens")
        elif level == "pc4":
            out.append("postcode (4 digits)")
    return out


def score_record(rec: dict, index: BlockingIndex, prior_odds: float, top: int = 3) -> list[Candidate]:
    """Candidates of one record, best first, with probabilities that sum to at most 1."""
    prepared = prepare(rec)
    scored = []
    for kvk in index.candidates(prepared):
        firm = index.rows[kvk]
        bf, levels = compare(prepared, firm)
        scored.append((bf * prior_odds, kvk, firm["name"], levels))
    total = 1.0 + math.fsum(o for o, *_ in scored)
    scored.sort(key=lambda s: (-s[0], s[1]))  # equal odds in KvK-number order, not set order
    return [
        Candidate(kvk, name, odds / total, odds, agreeing(levels), levels)
        for odds, kvk, name, levels in scored[:top]
    ]


def prior_odds(n_firms: int, in_register: float = 0.9) -> float:
    """Odds that a record names one given firm before looking at it: it names one of n firms."""
    p = in_register / max(n_firms, 1)
    return p / (1 - p)


def log2(x: float) -> float:
    return math.log2(x) if x > 0 else float("-inf")


def score_records(
    records: list[dict],
    firm_batches: Callable[[], Iterable[pd.DataFrame]],
    prior_odds: float,
    top: int = 3,
) -> list[list[Candidate]]:
    """`score_record` for many records at once, as one join over the firms read in batches (twice).

    The first pass counts the firms in each block the records look in; the second compares each firm
    with the records that share a block with it (a block larger than MAX_BLOCK of a common word is
    skipped, as `BlockingIndex.candidates` does). Per record only the running odds and its best
    candidates are kept, so memory grows with the records, not with the register. Candidates of
    equal odds come in KvK-number order and the odds are summed exactly (math.fsum), so the result
    does not depend on set order.
    """
    prepared = [prepare(rec) for rec in records]
    record_keys_ = [_keys(p) for p in prepared]
    needed = set().union(*record_keys_) if record_keys_ else set()
    sizes: Counter = Counter()
    for chunk in firm_batches():
        for row in _firm_rows(chunk):
            sizes.update(_keys(prepare(row)) & needed)
    usable = {key for key, n in sizes.items() if not _skipped(key, n)}
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(record_keys_):
        for key in keys & usable:
            by_key[key].append(i)
    odds_of = [array("d") for _ in records]
    best: list[list[tuple]] = [[] for _ in records]
    for chunk in firm_batches():
        for row in _firm_rows(chunk):
            firm = prepare(row)
            found: set[int] = set()
            for key in _keys(firm) & usable:
                found.update(by_key[key])
            for i in found:
                bf, levels = compare(prepared[i], firm)
                odds = bf * prior_odds
                odds_of[i].append(odds)
                kept = best[i]
                kept.append((-odds, row["kvk_number"], firm["name"], levels))
                if len(kept) > 4 * top:
                    kept.sort(key=lambda c: c[:2])
                    del kept[top:]
    out = []
    for i in range(len(records)):
        total = 1.0 + math.fsum(odds_of[i])
        kept = sorted(best[i], key=lambda c: c[:2])[:top]
        out.append(
            [
                Candidate(kvk, name, -neg / total, -neg, agreeing(levels), levels)
                for neg, kvk, name, levels in kept
            ]
        )
    return out
