"""Find taxonomy terms in page texts, sentence by sentence, with evidence.

Language first: every page gets a language (py3langid) and every sentence keeps it unless its own
function words say otherwise (lang.py). A term is read only in sentences of its language (English
terms everywhere, brands and standards everywhere), so German "herstellen" is never Dutch repair work.
Besides its written form, a plain term also matches by lemma (simplemma): "gefreesd" finds "frezen",
"Drehmaschinen" finds "Drehmaschine". Then the claim test (context.py, claims.py): only statements
about the firm itself become hits, and every hit keeps the reason it was accepted.

Every term compiles to its own small regular expression (whole words, flexible separators,
wildcards for Dutch compounds and inflections, acronyms in capitals only). A page runs only the terms
whose first word starts one of its words (a set intersection), so a page costs a few milliseconds
whatever the size of the taxonomy. A match counts when it is not inside one of the indicator's
`exclude` phrases, not in a name or address, not negated or outsourced within its clause, and not in
a sentence or section about customers or partners (see context.py).

Why regular expressions and not Aho-Corasick: terms need inflection wildcards, optional separators
and a few context patterns (EN 1090 with its EXC class), which a plain keyword automaton cannot
express.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ketenradar.errors import InputError
from ketenradar.indicators import learned
from ketenradar.indicators.claims import PEOPLE_DEVELOPMENT, TECH_MAKE, TECH_USE, not_a_claim, voice
from ketenradar.indicators.context import (
    OthersSentence,
    masked_spans,
    name_patterns,
    negated,
    others_blocks,
    outsourced,
    page_kind,
    products_page,
    short_name_pattern,
)
from ketenradar.indicators.geo import home_country
from ketenradar.indicators.lang import LANGS, applies, lemma, page_language, sentence_language
from ketenradar.indicators.rules import international_spans
from ketenradar.indicators.taxonomy import Indicator, Taxonomy
from ketenradar.indicators.text import fold, sentence_spans

# Bump when a rule here changes what is found: stored results are then recomputed.
MATCHER_VERSION = "9"
MAX_SENTENCE_CHARS = 600
# Groups a news item's later sentences still state of the firm when an earlier one reports on it (its
# machines, processes and materials); markets, technology and certificates need their own speaker.
CONTINUED_GROUPS = frozenset({"process", "material", "automation", "capacity", "product", "market"})

_SEP = r"(?:\s*[-/]\s*|\s+)?"
_SPLIT = re.compile(r"[\s\-/]+")
_ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9&]{2,5}$")
_FIRST_RUN = re.compile(r"\w+")
_WORDS = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W\d_]+")
# A line of names that share their first word ("Smit Offshore • Smit Rail • Smit Repair"): sister
# companies, not the firm's markets or services.
_NAME_PART = re.compile(r"([A-Z][\w&'-]+)(?:\s+[A-Z0-9][\w&'-]*){1,3}")
_STANDARD_NAME = re.compile(
    r"(?:DIN|EN|NEN|ISO|BS|NF|IEC|AS|IPC|AQAP|ASTM|SAE|MIL|VCA|SCC)\b|.*\d{3}", re.IGNORECASE
)
# A certificate or audit as the subject a news item goes on about.
_CERT_NOUN = re.compile(
    r"\b(?:(?:the|this|das|dieses|het|dit|de|deze)\s+(?:\w+\s+)?(?:certificate|certification|audit|zertifikat|"
    r"zertifizierung|certificaat|certificering)|zusatzlich\s+wurde|daarnaast\s+(?:is|werd))\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"\s*[•·▪|]\s*|\s+[-/]\s+")


def _sentence_voice(
    i: int,
    spans: list[tuple[int, int]],
    folded: str,
    voice_cache: dict[int, str | None],
    names: re.Pattern[str] | None,
    short_names: re.Pattern[str] | None,
) -> str | None:
    """Who speaks in sentence `i` (`context.voice`, by the firm's full or short names), once per text."""
    if i not in voice_cache:
        sentence = folded[spans[i][0] : spans[i][1]]
        voice_cache[i] = voice(sentence, names) or voice(sentence, short_names)
    return voice_cache[i]


def sister_name_lines(text: str) -> list[tuple[int, int]]:
    """Spans of names that share their first word, listed with bullets or bars ("Kramer Offshore •
    Kramer Rail • Kramer Repair"): sister companies, not the firm's markets or services."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        cuts = [m.span() for m in _BULLET.finditer(line)]
        if cuts:
            bounds = [0] + [x for c in cuts for x in c] + [len(line)]
            parts = []
            for k in range(0, len(bounds), 2):
                a, b = bounds[k], bounds[k + 1]
                chunk = line[a:b]
                if k == 0:  # the first name may follow a lead-in: "Part of the X Group: X Offshore"
                    cut = max(chunk.rfind(":"), chunk.rfind(","), chunk.rfind(". "))
                    a += cut + 1
                    chunk = line[a:b]
                if k == len(bounds) - 2 and ". " in chunk:  # "... • X Repair. Within the group, ..."
                    b = a + chunk.index(". ")
                    chunk = line[a:b]
                lead = len(chunk) - len(chunk.lstrip())
                chunk = chunk.strip().rstrip(".;")
                m = _NAME_PART.fullmatch(chunk)
                if m and _STANDARD_NAME.match(chunk):
                    m = None  # "DIN EN 1090-2 EXC2 · DIN EN ISO 3834-3": standards, not sister companies
                parts.append((m.group(1) if m else None, pos + a + lead, pos + a + lead + len(chunk)))
            run: list[tuple[str | None, int, int]] = []
            for part in [*parts, (None, 0, 0)]:
                if run and part[0] is not None and part[0] == run[-1][0]:
                    run.append(part)
                    continue
                if len(run) >= 2:
                    spans.extend((a, b) for _, a, b in run)
                run = [part] if part[0] is not None else []
        pos += len(line) + 1
    return spans


def _overlaps(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    k = bisect_right(starts, b - 1)
    return any(s < b and e > a for s, e in spans[max(0, k - 4) : k])


def _excluded(exclude: re.Pattern[str], sentence: str, a: int, b: int) -> bool:
    """Does an exclude phrase cover sentence[a:b]? Tries every start, so overlapping phrases count."""
    pos = max(0, a - 80)
    while True:
        m = exclude.search(sentence, pos)
        if m is None or m.start() > a:
            return False
        if m.end() >= b:
            return True
        pos = m.start() + 1


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Hit:
    indicator_id: str
    group: str
    term: str
    sentence: str
    url: str | None
    position: int = 0
    lang: str | None = None  # the sentence's language (nl, de, en) or None when unknown
    reason: str = ""  # why the sentence counts as a claim about the firm


@dataclass(frozen=True)
class CompiledTerm:
    """One term: its pattern, and the literal its matches must start with (a cheap pre-filter)."""

    indicator: Indicator
    text: str
    pattern: re.Pattern[str]
    anchor: str | None  # lowercase start of the first word; None: always run
    on_lower: bool  # run on the lowercased text (plain terms) or the folded text (acronyms, re:)
    check_left: bool  # the match must start a word (checked outside the regex for speed)
    lang: str = "any"  # the language the term is written in (taxonomy key)
    lemmas: tuple[str, ...] | None = None  # for plain words: their lemmas, matched against the text's
    # `*core`: the pattern finds the core and the match is widened to the start of its word
    # (a leading \w* in the regex would be tried at every position of the page).
    extend_left: bool = False
    # A context term (taxonomy `context_terms`): read only in a sentence that holds this cue.
    cue: str | None = None


# Verbs of checking and measuring: a part noun next to them is what the firm inspects, not its product.
_INSPECTING = re.compile(
    r"\b(?:inspecte\w*|gecontroleerd|controleren|controleert|gemeten|meten|meet|keur\w*|gepruft|prufen|pruft|"
    r"vermessen|gemessen|messen|kontrolliert|inspected|inspect\w*|checked|check|checks|measured|measure|verified|verify|"
    r"tested|test|getest|testen)\b",
    re.IGNORECASE,
)

# Processes that make a part (so that a part noun in the same sentence is the firm's product); coating,
# heat treatment and assembly work on parts that others made.
_NOT_MAKING = {
    "process.surface_treatment",
    "process.heat_treatment",
    "process.assembly",
    "process.cleanroom_assembly",
    "process.electronics_assembly",
    "process.cable_harness",
}


_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "our",
        "your",
        "their",
        "de",
        "het",
        "een",
        "deze",
        "die",
        "dit",
        "onze",
        "ons",
        "uw",
        "hun",
        "der",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "diese",
        "dieser",
        "dieses",
        "unsere",
        "unser",
        "ihre",
        "ihr",
    ]
)


def _list_lead(prefix: str) -> bool:
    """Does a list or heading start here? Nothing before the part noun, or one or two words that
    qualify it ("Präzise Wellen, Achsen und Spindeln", "Custom machined shafts")."""
    words = prefix.strip(" \t\n-*\u2022:").split()
    if len(words) > 2 or any(w.lower() in _DETERMINERS for w in words):
        return False  # "The enclosures are supplied with ...": a sentence about them, not a list
    return not any(ch.isdigit() or ch in ".;:!?" for w in words for ch in w)


def compile_term(ind: Indicator, term: str, lang: str = "any") -> CompiledTerm:
    """Compile one taxonomy term (see taxonomy.yaml for the syntax)."""
    if term.startswith("re:"):
        # Patterns (standards, numbers) are read in every language.
        return CompiledTerm(ind, term, re.compile(fold(term[3:]), re.IGNORECASE), None, False, False)
    text = fold(term.strip())
    prefix, suffix = text.startswith("*"), text.endswith("*")
    core = text.strip("*")
    words = [w for w in _SPLIT.split(core) if w]
    if not words:
        raise ValueError("empty term")
    acronym = bool(_ACRONYM.match(text))
    if not acronym:
        words = [w.lower() for w in words]
    body = _SEP.join(re.escape(w).replace("\\&", "&").replace("&", r"\s*&\s*") for w in words)
    pattern = body + (r"\w*" if suffix else r"(?!\w)")
    first = _FIRST_RUN.search(words[0])
    anchor = first.group(0).lower() if first and not prefix else None
    if lang == "nl" and term.strip()[:1].isupper():
        lang = "any"  # a name in the Dutch list (Inconel, Hardox, Koninklijke Marine) holds everywhere
    lemmas = None
    # English inflection is regular and its terms list their forms; its lemmas merge senses
    # ("training" -> "train", "ships" -> "ship"), so only Dutch and German terms match by lemma.
    if lang in ("nl", "de") and not acronym and not prefix and not suffix and all(w.isalpha() for w in words):
        raw = [w for w in _SPLIT.split(term.strip()) if w]
        lemmas = tuple(lemma(w, lang) for w in raw)
    return CompiledTerm(
        ind,
        term,
        re.compile(pattern),
        anchor,
        not acronym,
        not prefix,
        "any" if acronym else lang,
        lemmas,
        prefix,
    )


def _compile_excludes(ind: Indicator, where: str) -> re.Pattern[str] | None:
    parts = []
    for term in sorted(ind.exclude, key=len, reverse=True):
        try:
            c = compile_term(ind, term)
        except (re.error, ValueError) as exc:
            raise InputError(
                f"exclude {term!r} is not a valid pattern: {exc}", path=where, field=ind.id
            ) from exc
        left = "(?<!\\w)" if c.check_left else ("\\w*" if c.extend_left else "")
        parts.append(left + f"(?:{c.pattern.pattern})")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


_CACHE: dict[str, Matcher] = {}


def matcher_for(taxonomy: Taxonomy) -> Matcher:
    """A compiled matcher, reused while the taxonomy is unchanged (compiling takes a second)."""
    key = taxonomy.sha256
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = Matcher(taxonomy)
    return _CACHE[key]


class Matcher:
    """Compiled taxonomy. `match_text` finds hits in one page; `match_sections` in a document."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self._terms: list[CompiledTerm] = []
        self._excludes: dict[str, re.Pattern[str] | None] = {}
        where = " + ".join(taxonomy.sources) or "taxonomy"
        for ind in taxonomy.indicators.values():
            # Longest terms first: the evidence shows the most specific wording.
            for lang, term in sorted(dict.fromkeys(ind.terms_for()), key=lambda x: len(x[1]), reverse=True):
                try:
                    self._terms.append(compile_term(ind, term, lang))
                except (re.error, ValueError) as exc:
                    raise InputError(
                        f"term {term!r} is not a valid pattern: {exc}", path=where, field=ind.id
                    ) from exc
            for cue, lang, term in ind.context_terms:
                try:
                    compiled = compile_term(ind, term, lang)
                except (re.error, ValueError) as exc:
                    raise InputError(
                        f"context term {term!r} is not a valid pattern: {exc}", path=where, field=ind.id
                    ) from exc
                self._terms.append(dataclasses.replace(compiled, cue=cue))
            self._excludes[ind.id] = _compile_excludes(ind, where)
        # Cue patterns per cue and sentence language (a cue's English terms are read everywhere).
        self._cues: dict[str, dict[str | None, re.Pattern[str]]] = {}
        for cue, items in taxonomy.cues.items():
            by_lang: dict[str | None, re.Pattern[str]] = {}
            for sentence_lang in (*LANGS, None):
                parts = []
                for lang, term in items:
                    if not applies(lang, sentence_lang):
                        continue
                    c = compile_term(next(iter(taxonomy.indicators.values())), term, lang)
                    left = "(?<!\\w)" if c.check_left else ("\\w*" if c.extend_left else "")
                    parts.append(left + f"(?:{c.pattern.pattern})")
                if parts:
                    by_lang[sentence_lang] = re.compile("|".join(parts), re.IGNORECASE)
            self._cues[cue] = by_lang
        # Rule hits (rules.py) become candidates of these indicators, when the taxonomy has them.
        self._rule_terms = {
            ind_id: CompiledTerm(taxonomy.indicators[ind_id], "rule", re.compile("(?!)"), None, False, False)
            for ind_id in ("international.export", "international.foreign_sites")
            if ind_id in taxonomy.indicators
        }
        self._anchors: dict[str, list[int]] = {}
        self._unanchored: list[int] = []
        for index, term in enumerate(self._terms):
            if term.anchor is None:
                self._unanchored.append(index)
            else:
                self._anchors.setdefault(term.anchor, []).append(index)
        self._max_anchor = max((len(a) for a in self._anchors), default=1)
        # Lemma index: language -> first lemma -> terms whose lemmas start with it.
        self._lemma_index: dict[str, dict[str, list[CompiledTerm]]] = {lang: {} for lang in LANGS}
        for term in self._terms:
            if term.lemmas:
                self._lemma_index[term.lang].setdefault(term.lemmas[0], []).append(term)

    def _lemma_candidates(
        self, text: str, spans: list[tuple[int, int]], langs: list[str | None]
    ) -> Iterator[tuple[CompiledTerm, int, int]]:
        """Terms found by lemma: a word (or words) of the sentence whose lemmas are the term's."""
        for (s0, s1), lang in zip(spans, langs, strict=True):
            index = self._lemma_index.get(lang or "")
            if not index:
                continue
            tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, s0, s1)]
            lemmas = [lemma(w, lang) for _, _, w in tokens]  # type: ignore[arg-type]
            for k, first in enumerate(lemmas):
                for term in index.get(first, ()):
                    n = len(term.lemmas or ())
                    if tuple(lemmas[k : k + n]) != term.lemmas:
                        continue
                    # Words of a multi-word term must follow each other (a space, hyphen or slash).
                    if any(tokens[j + 1][0] - tokens[j][1] > 3 for j in range(k, k + n - 1)):
                        continue
                    yield term, tokens[k][0], tokens[k + n - 1][1]

    def _candidates(self, folded: str, lower: str) -> Iterator[tuple[CompiledTerm, int, int]]:
        prefixes: set[str] = set()
        for word in set(_WORDS.findall(lower)):
            prefixes.update(word[:k] for k in range(1, min(len(word), self._max_anchor) + 1))
        # Only terms whose first word starts a word of this page can match (a set intersection).
        wanted = set(self._unanchored)
        for anchor in prefixes & self._anchors.keys():
            wanted.update(self._anchors[anchor])
        for index in sorted(wanted):
            term = self._terms[index]
            target = lower if term.on_lower else folded
            for m in term.pattern.finditer(target):
                if m.end() == m.start():
                    continue
                start = m.start()
                if term.check_left and start > 0 and _is_word_char(target[start - 1]):
                    continue
                if term.extend_left:
                    while start > 0 and _is_word_char(target[start - 1]):
                        start -= 1
                yield term, start, m.end()

    def match_text(
        self,
        text: str,
        url: str | None = None,
        title: str | None = None,
        names: re.Pattern[str] | None = None,
        language: str | None = None,
        short_names: re.Pattern[str] | None = None,
    ) -> list[Hit]:
        """Hits in one page. `names`: the firm's own names (name_patterns), never read as terms;
        `language`: the page's language when known (else detected here)."""
        if not text:
            return []
        folded = fold(text)
        lower = folded.lower()
        if len(lower) != len(folded):  # a character whose lowercase is longer: keep offsets exact
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
        spans = sentence_spans(folded)
        if not spans:
            return []
        page_lang = language if language in LANGS else page_language(text)
        langs = [sentence_language(folded[a:b], page_lang) for a, b in spans]
        starts = [s for s, _ in spans]
        kind = page_kind(url, title)
        speaks_for_itself_only = kind in ("others", "news")
        blocks = others_blocks(folded)
        masks = sorted(masked_spans(folded, names) + sister_name_lines(folded))
        mask_starts = [s for s, _ in masks]
        others_cache: dict[int, OthersSentence] = {}
        voice_cache: dict[int, str | None] = {}
        hits: list[Hit] = []
        seen: set[tuple[str, int]] = set()
        candidates = list(self._candidates(folded, lower))
        candidates.extend(self._lemma_candidates(text, spans, langs))
        if self._rule_terms:
            home = home_country(url, page_lang, folded)
            for (s0, s1), lang in zip(spans, langs, strict=True):
                for ind_id, a, b, _rule in international_spans(folded[s0:s1], home, lang):
                    if ind_id in self._rule_terms:
                        candidates.append((self._rule_terms[ind_id], s0 + a, s0 + b))
        making: set[int] = set()  # sentences where a process that makes parts is named
        treating: set[int] = set()  # sentences where coating, heat treatment or assembly is named
        for term, start, _end in candidates:
            if masks and _overlaps(masks, mask_starts, start, _end):
                continue  # "Smederijstraat 80" is an address, not forging
            if term.indicator.group == "process" and term.cue is None:
                k = bisect_right(starts, start) - 1
                if k >= 0 and applies(term.lang, langs[k]):
                    (treating if term.indicator.id in _NOT_MAKING else making).add(k)
            elif term.indicator.id == "product.repair_mro":
                k = bisect_right(starts, start) - 1
                if k >= 0:
                    treating.add(k)
        # On a products page a list or heading that starts with a part noun ("Wellen, Zahnräder und
        # Flansche aus Vergütungsstahl") names the firm's products, unless the sentence says the firm
        # only treats, assembles, repairs or inspects them.
        on_products_page = products_page(url, title)
        cue_cache: dict[tuple[str, int], bool] = {}
        sentence_of: list[int] = []
        for term, start, end in candidates:
            ind = term.indicator
            if kind == "certificate" and ind.group != "cert":
                continue
            if masks and _overlaps(masks, mask_starts, start, end):
                continue
            i = bisect_right(starts, start) - 1
            if i < 0 or (ind.id, i) in seen:
                continue
            s0, s1 = spans[i]
            if start >= s1:
                continue
            if not applies(term.lang, langs[i]):
                continue
            sentence = folded[s0:s1]
            if term.cue is not None:
                key = (term.cue, i)
                if key not in cue_cache:
                    pattern = self._cues.get(term.cue, {}).get(langs[i])
                    offering = self._cues.get("offering", {}).get(langs[i])
                    cue_cache[key] = (
                        bool(pattern and pattern.search(sentence))
                        or (term.cue == "making" and i in making)
                        or (  # a supply programme, range or speciality names what the firm makes
                            term.cue == "making"
                            and offering is not None
                            and bool(offering.search(sentence))
                            and i not in treating
                            and not _INSPECTING.search(sentence)
                        )
                    )
                listed = (  # a list or heading on a products page that starts with the part noun
                    term.cue == "making"
                    and on_products_page
                    and _list_lead(folded[s0:start])
                    and i not in treating
                    and not _INSPECTING.search(sentence)
                )
                if not (cue_cache[key] or listed):
                    continue
            a, b = start - s0, min(end, s1) - s0
            exclude = self._excludes[ind.id]
            if exclude is not None and _excluded(exclude, sentence, a, b):
                continue
            ctx = others_cache.get(i)
            if ctx is None:
                ctx = others_cache[i] = OthersSentence(sentence)
            if ctx.about_others(a):
                continue
            speaker = _sentence_voice(i, spans, folded, voice_cache, names, short_names)
            if (
                speaker is None
                and kind == "news"
                and ind.group in CONTINUED_GROUPS
                and self._reported_before(i, spans, folded, voice_cache, names, short_names)
            ):
                # "De nieuwe TruLaser is geplaatst. De machine snijdt 's nachts onbemand door.": the
                # news item goes on about the firm's own machine after the sentence that reports it.
                speaker = "report continued"
            if (
                speaker in (None, "passive report")
                and kind == "news"
                and ind.group == "cert"
                and _CERT_NOUN.search(sentence)
                and self._reported_before(i, spans, folded, voice_cache, names, short_names)
            ):
                # "Wir wurden nach ISO 9001 rezertifiziert. Zusätzlich wurde das Zertifikat nach ISO 14001
                # erteilt.", "The certificate also covers ISO 9001": the news item goes on about its audit.
                speaker = "report continued"
            if kind == "others" or any(x <= s0 < y for x, y in blocks):
                if not ctx.self_voice:
                    continue
            elif speaks_for_itself_only and (
                speaker is None or (speaker == "passive report" and ind.group == "cert")
            ):
                continue
            elif kind == "explainer" and speaker != "first person":
                continue  # a glossary or FAQ explains terms; only "we ..." speaks for the firm
            if negated(sentence, a, b) or outsourced(sentence, a):
                continue
            if not_a_claim(sentence, a, b, ind.group):
                continue
            seen.add((ind.id, i))
            if kind == "certificate":
                reason = "certificate document"
            elif speaker:
                reason = speaker + (" on a news page" if kind == "news" else "")
            else:
                reason = "statement on the firm's page"
            hits.append(
                Hit(
                    indicator_id=ind.id,
                    group=ind.group,
                    term=text[start : s0 + b],
                    sentence=text[s0:s1][:MAX_SENTENCE_CHARS],
                    url=url,
                    position=start,
                    lang=langs[i],
                    reason=reason,
                )
            )
            sentence_of.append(i)
        model = learned.current()
        if model is not None and model.indicators and kind != "certificate":
            hits, sentence_of = self._learned(
                model, hits, sentence_of, text, url, folded, spans, langs, kind, blocks, others_cache,
                voice_cache, names, short_names, seen, masks, treating - making,
            )  # fmt: skip
        # A hit also states the indicators its indicator implies (taxonomy `implies`), once per sentence.
        for hit, i in list(zip(hits, sentence_of, strict=True)):
            for implied in self.taxonomy.indicators[hit.indicator_id].implies:
                if (implied, i) in seen:
                    continue
                seen.add((implied, i))
                ind = self.taxonomy.indicators[implied]
                hits.append(
                    dataclasses.replace(
                        hit,
                        indicator_id=implied,
                        group=ind.group,
                        reason=f"{hit.reason}; implied by {hit.indicator_id}",
                    )
                )
        hits.sort(key=lambda h: (h.position, h.indicator_id))
        return hits

    def _says_making(self, sentence: str, lang: str | None) -> bool:
        making = self._cues.get("making", {}).get(lang)
        return making is not None and bool(making.search(sentence))

    def _reported_before(
        self,
        i: int,
        spans: list[tuple[int, int]],
        folded: str,
        voice_cache: dict[int, str | None],
        names: re.Pattern[str] | None,
        short_names: re.Pattern[str] | None,
    ) -> bool:
        """On a news page: does one of the two sentences before sentence `i` speak for the firm?"""
        for k in (i - 1, i - 2):
            if k < 0:
                return False
            if _sentence_voice(k, spans, folded, voice_cache, names, short_names) in (
                "first person",
                "firm named",
                "report",
                "passive report",
            ):
                return True
        return False

    def _learned(
        self,
        model: learned.SentenceModel,
        hits: list[Hit],
        sentence_of: list[int],
        text: str,
        url: str | None,
        folded: str,
        spans: list[tuple[int, int]],
        langs: list[str | None],
        kind: str | None,
        blocks: list[tuple[int, int]],
        others_cache: dict[int, OthersSentence],
        voice_cache: dict[int, str | None],
        names: re.Pattern[str] | None,
        short_names: re.Pattern[str] | None,
        seen: set[tuple[str, int]],
        masks: list[tuple[int, int]] | None = None,
        only_treating: set[int] | None = None,
    ) -> tuple[list[Hit], list[int]]:
        """The sentence model's veto on rule hits of its groups, and the hits it adds (learned.py)."""
        usable = [k for k, ind in enumerate(model.indicators) if ind in self.taxonomy.indicators]
        if not usable:
            return hits, sentence_of
        probs, features = model.scores([folded[a:b] for a, b in spans], langs, kind)
        kept_hits: list[Hit] = []
        kept_of: list[int] = []
        for hit, i in zip(hits, sentence_of, strict=True):
            col = model.column.get(hit.indicator_id)
            if col is not None and col in usable:
                p = float(probs[i, col])
                if p < model.veto_threshold(hit.indicator_id) and not (
                    hit.group == "product" and self._says_making(folded[spans[i][0] : spans[i][1]], langs[i])
                ):
                    # A part noun stays when the sentence says the firm makes or supplies it ("Wij
                    # vervaardigen klemmen"), however unfamiliar the noun is to the model.
                    seen.discard((hit.indicator_id, i))
                    continue
                hit = dataclasses.replace(hit, reason=f"{hit.reason}; model p={p:.2f}")
            kept_hits.append(hit)
            kept_of.append(i)
        rows, cols = np.nonzero(probs[:, usable] >= model.add_thresholds[usable])
        for i, c in zip(rows.tolist(), cols.tolist(), strict=True):
            ind_id = model.indicators[usable[c]]
            if (ind_id, i) in seen:
                continue
            s0, s1 = spans[i]
            sentence = folded[s0:s1]
            speaker = _sentence_voice(i, spans, folded, voice_cache, names, short_names)
            if kind == "others" or any(x <= s0 < y for x, y in blocks):
                ctx = others_cache.get(i) or OthersSentence(sentence)
                if not ctx.self_voice:
                    continue  # a customers or partners section: the rules' test, kept for the model
            if kind == "explainer" and speaker != "first person":
                continue
            # The rules' claim tests, at the words the model weighs most: "Our clients operate in
            # rail" speaks of customers, "no 3D printing" negates. Not for international activity,
            # which is stated through customers abroad ("customers in France take half our output").
            # The rules' test for part nouns, kept for the model: parts only inspected or measured
            # ("Flansche werden vor dem Versand vermessen") are no product unless the firm makes them.
            if ind_id.startswith("tech.") and TECH_USE.search(sentence) and not TECH_MAKE.search(sentence):
                continue  # "Unsere Öfen werden von Sensoren überwacht": used, not built (the rules' test)
            if ind_id == "product.components" and only_treating and i in only_treating:
                continue  # "Wir lackieren Gehäuse": the rules' test, kept for the model (parts only coated)
            if (
                ind_id.startswith("product.")
                and _INSPECTING.search(sentence)
                and not self._says_making(sentence, langs[i])
            ):
                continue
            if ind_id == "capacity.rnd" and PEOPLE_DEVELOPMENT.search(sentence):
                continue  # staff development is no R&D
            term = model.evidence_words(features, i, ind_id)
            at = sentence.lower().find(term) if term else -1
            if at >= 0 and masks and any(x < s0 + at + len(term) and y > s0 + at for x, y in masks):
                continue  # the words it weighs most are a sister company's name or an address
            if at >= 0 and not ind_id.startswith("international."):
                ctx = others_cache.get(i)
                if ctx is None:
                    ctx = others_cache[i] = OthersSentence(sentence)
                if ctx.about_others(at) or negated(sentence, at, at + len(term)):
                    continue
            ind = self.taxonomy.indicators[ind_id]
            seen.add((ind_id, i))
            p = float(probs[i, usable[c]])
            kept_hits.append(
                Hit(
                    indicator_id=ind_id,
                    group=ind.group,
                    term=text[s0 + at : s0 + at + len(term)] if at >= 0 else (term or text[s0:s1][:40]),
                    sentence=text[s0:s1][:MAX_SENTENCE_CHARS],
                    url=url,
                    position=s0,
                    lang=langs[i],
                    reason=f"model p={p:.2f}; {speaker or 'statement on the firm page'}",
                )
            )
            kept_of.append(i)
        return kept_hits, kept_of

    def match_sections(self, sections: Iterable[dict[str, Any]], names: list[str] | None = None) -> list[Hit]:
        """Hits in every page of a document ([{url, title, text}]); `names`: the firm's own names."""
        pattern = name_patterns(names or [])
        short = short_name_pattern(names or [])
        hits: list[Hit] = []
        for section in sections:
            hits.extend(
                self.match_text(
                    section.get("text") or "",
                    section.get("url"),
                    section.get("title"),
                    pattern,
                    section.get("language"),
                    short,
                )
            )
        return hits
