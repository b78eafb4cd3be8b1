"""Which language a page and a sentence are written in (nl, de, en), and lemmas per language.

The page language comes from py3langid (restricted to Dutch, German and English). A sentence keeps
the page's language unless its own function words clearly say otherwise: Dutch firms often put a
German or English paragraph on a Dutch page, and a German "herstellen" (to make) must not be read
with the Dutch sense (to repair).

Lemmas come from simplemma (dictionary lemmatiser, no model download): "gefreesd" -> "frezen",
"Fräsmaschinen" -> "Fräsmaschine", "hergestellt" -> "herstellen".
"""

from __future__ import annotations

import re
from functools import lru_cache

from ketenradar.indicators.text import fold

LANGS = ("nl", "de", "en")

# Short function words that are frequent in one language and rare in the two others.
_FUNCTION_WORDS = {
    "nl": (
        "de het een en van wij we onze ons zijn is voor met op te bij ook niet geen naar door dat die "
        "deze wordt worden kunnen heeft hebben uw u al nog tot om zo als aan uit maar wel meer"
    ),
    "de": (
        "der die das den dem des ein eine einer einen und wir unser unsere unseren uns sind ist für mit "
        "auf zu bei auch nicht kein keine nach durch dass wird werden können hat haben ihr ihre sie "
        "von vom zum zur im aus aber mehr sich oder"
    ),
    "en": (
        "the a an and of we our us are is for with on to at also not no by that this these which be "
        "been can has have your you from into as or but more it its"
    ),
}
_WORDS = {lang: set(words.split()) for lang, words in _FUNCTION_WORDS.items()}
# Words in two lists ("die", "is", "was") do not decide between those two.
_SHARED = {w for a in LANGS for b in LANGS if a < b for w in _WORDS[a] & _WORDS[b]}
_TOKEN = re.compile(r"[^\W\d_]+")
_GERMAN_LETTERS = re.compile(r"[äöüß]", re.IGNORECASE)


def sentence_language(sentence: str, page: str | None) -> str | None:
    """The sentence's language when its function words say so clearly, else the page's."""
    counts = dict.fromkeys(LANGS, 0)
    for word in _TOKEN.findall(sentence.lower()):
        if word in _SHARED:
            continue
        for lang in LANGS:
            if word in _WORDS[lang]:
                counts[lang] += 1
    if _GERMAN_LETTERS.search(sentence):
        counts["de"] += 1
    best = max(LANGS, key=lambda lang: counts[lang])
    others = max(counts[lang] for lang in LANGS if lang != best)
    if counts[best] >= 2 and counts[best] >= 2 * others + 1:
        return best
    if page is None and counts[best] > others:
        return best
    return page


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGS))
    return identifier


def page_language(text: str) -> str | None:
    """nl | de | en for a page's text (None when there is too little text to tell). Function words
    decide when they are clear; py3langid decides the rest."""
    sample = text[:3000]
    words = _TOKEN.findall(sample.lower())
    if len(words) < 4:
        return None
    counts = dict.fromkeys(LANGS, 0)
    for word in words:
        if word not in _SHARED:
            for lang in LANGS:
                if word in _WORDS[lang]:
                    counts[lang] += 1
    ranked = sorted(LANGS, key=lambda lang: counts[lang], reverse=True)
    if counts[ranked[0]] >= 12 and counts[ranked[0]] >= 4 * counts[ranked[1]]:
        return ranked[0]
    lang, _prob = _identifier().classify(sample)
    return str(lang)


def applies(term_lang: str, sentence_lang: str | None) -> bool:
    """Is a term written in `term_lang` read in a sentence in `sentence_lang`?

    English terms are read everywhere (Dutch and German firms use English trade words); Dutch terms
    only in Dutch and German terms only in German, because the two share words with other senses
    ("herstellen", "Montage", "kanten"). When the language is unknown every term is read.
    """
    if term_lang == "any" or sentence_lang is None or term_lang == sentence_lang:
        return True
    return term_lang == "en" and sentence_lang in ("nl", "de")


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The folded, lowercase lemma of one word (simplemma), or the word itself when unknown."""
    import simplemma

    try:
        found = simplemma.lemmatize(word, lang=lang)
    except ValueError:  # a language simplemma does not know
        found = word
    if lang == "de" and found.lower() == word.lower():
        # An inflected participle the dictionary lacks ("gedrehte", "gefräste"): try without its
        # adjective ending ("gedreht" -> "drehen").
        for ending in ("en", "er", "es", "em", "e"):
            if word.endswith(ending) and len(word) - len(ending) >= 5:
                stem = simplemma.lemmatize(word[: -len(ending)], lang=lang)
                if stem != word[: -len(ending)]:
                    found = stem
                break
    return fold(found).lower()
