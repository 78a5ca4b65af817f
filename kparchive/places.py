"""Countries: ISO 3166-1 alpha-2 codes from pycountry, plus `statements/places.yml` for what it lacks.

Detection finds the countries a text names by their names, demonyms, short forms and the cities that
stand for them: case-sensitive, whole words, longest match first, so "Democratic Republic of Congo"
is CD and never also CG.

A text in another language (a statement's `language`) is read with that language's names as well: pycountry's
own translations (its gettext catalogue iso3166-1, "République démocratique du Congo", "Tchad") and places.yml's
`languages:` section (short forms such as "RDC", demonyms, and names dropped because in that language they are
also first names or words: "Maurice", "Dominique"). An English text is never read with French names, so a
French first name in it is no country. `other_names` gives a country's names in every language, which its
statement pages show beside it (and search finds).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

_IGNORE = ""  # the code recorded for phrases that only look like a country's name


@dataclass(frozen=True)
class Match:
    code: str
    start: int
    end: int
    phrase: str


def trie_pattern(phrases) -> str:
    """One regular expression for many phrases, factored by common prefix so a match attempt costs the length
    of the phrase, not the number of phrases. Longer continuations are tried first and the expression
    backtracks to shorter ones, so it matches what "longest phrase first" alternation matches."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + build(trie) + ")"


@lru_cache(maxsize=16)
def phrase_pattern(phrases: frozenset[str]) -> re.Pattern:
    """The pattern that finds any of the phrases as whole words. Made once for a set of phrases: the trie's
    expression costs some 40 ms, and a process that validates many archives (the tests of hostile input) asks
    for the same phrases each time."""
    return re.compile(r"(?<!\w)" + trie_pattern(phrases) + r"(?!\w)")


# A country code as statements and places.yml write it: two upper-case letters (ISO 3166-1 alpha-2, or an
# extra_countries key). In addresses it is lower-cased (/countries/zw/), so "zw" and "ZW" must not be two codes.
CODE = re.compile(r"[A-Z]{2}")
SECTIONS = ("extra_countries", "display", "aliases", "demonyms", "cities", "ignore", "languages")
# A language's part of places.yml's `languages:` section.
LANGUAGE_SECTIONS = ("aliases", "demonyms", "ignore", "sources", "unverified")
# The language places.yml's own names are in, and the languages' names as the pages write them.
BASE_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": ("English", "English"), "fr": ("French", "Français")}  # (in English, in itself)


def language_name(code: str, own: bool = False) -> str:
    """A language's name in English ("French"), or in itself (`own`: "Français"), from pycountry where the
    archive has no name of its own for it."""
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code][1 if own else 0]
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code


@cache
def translated_names(language: str) -> tuple[tuple[str, str, bool], ...]:
    """(name, code, whether it is the official name) of every country in pycountry's translation into a
    language (none if it has none): its name, official and common names, each translated, without those
    holding a comma ("Russie, Fédération de") or left as in English."""
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return ()
    out = []
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                name = catalogue.gettext(value)
                if name != value and "," not in name:
                    out.append((name, country.alpha_2, attr == "official_name"))
    return tuple(out)


def _folded(name: str) -> str:
    """A name without accents, case and apostrophe kind, to tell spellings of one name apart."""
    plain = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode("ascii")
    return plain.casefold()


@cache
def pycountry_phrases() -> tuple[tuple[str, str], ...]:
    """pycountry's English names of every country (none with a comma: "Korea, Republic of" is no phrase a text
    writes), read once a process: every validation starts from them."""
    phrases: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                phrases.setdefault(value, country.alpha_2)
    return tuple(phrases.items())


class Places:
    """Country names and the phrases that name a country, from pycountry and places.yml's data (whose shape
    validate.places_data has checked: codes, names, lists of phrases)."""

    def __init__(self, data: dict):
        self.extra: dict[str, str] = dict(data.get("extra_countries") or {})
        self.display: dict[str, str] = dict(data.get("display") or {})
        phrases = dict(pycountry_phrases())
        for code, name in self.extra.items():
            phrases[name] = code
        for section in ("aliases", "demonyms"):
            for code, names in (data.get(section) or {}).items():
                for name in names:
                    phrases[name] = code
        self.cities: dict[str, str] = dict(data.get("cities") or {})
        for city, code in self.cities.items():
            phrases[city] = code
        for phrase in data.get("ignore") or []:
            phrases[phrase] = _IGNORE
        self.phrases = phrases
        self._pattern = phrase_pattern(frozenset(phrases))
        self.aliases: dict[str, list[str]] = {code: list(names) for code, names in (data.get("aliases") or {}).items()}
        self.languages: dict[str, dict] = dict(data.get("languages") or {})
        self._by_language: dict[str, tuple[dict[str, str], re.Pattern]] = {}
        self._other_names: dict[str, list[tuple[str, list[str]]]] = {}

    def _language(self, language: str) -> tuple[dict[str, str], re.Pattern]:
        """The phrases, and their pattern, a text in `language` is read with: the base ones, the language's
        translated names (pycountry) and its places.yml entries; its ignored names dropped."""
        if language not in self._by_language:
            phrases = dict(self.phrases)
            for name, code, _ in translated_names(language):
                phrases.setdefault(name, code)
            entry = self.languages.get(language) or {}
            for section in ("aliases", "demonyms"):
                for code, names in (entry.get(section) or {}).items():
                    for name in names:
                        phrases[name] = code
            for phrase in entry.get("ignore") or []:
                phrases[phrase] = _IGNORE
            pattern = phrase_pattern(frozenset(phrases))
            self._by_language[language] = (phrases, pattern)
        return self._by_language[language]

    def other_names(self, code: str) -> list[tuple[str, list[str]]]:
        """A country's other names, by language, as its statement pages show them beside it: its places.yml
        aliases and pycountry's name in English, then each language's translated name and aliases (official
        names left out: "Republic of Zimbabwe" says nothing more); each spelling once (accents, case and
        apostrophes aside), never the name readers see. Made once a country: every page naming it shows them."""
        if code not in self._other_names:
            self._other_names[code] = self._find_other_names(code)
        return self._other_names[code]

    def _find_other_names(self, code: str) -> list[tuple[str, list[str]]]:
        seen = {_folded(self.name(code))}
        out = []

        def fresh(names) -> list[str]:
            kept = []
            for name in names:
                if _folded(name) not in seen:
                    seen.add(_folded(name))
                    kept.append(name)
            return kept

        country = pycountry.countries.get(alpha_2=code)
        english = [getattr(country, attr) for attr in ("common_name", "name")
                   if country is not None and getattr(country, attr, None) and "," not in getattr(country, attr)]
        if names := fresh([*self.aliases.get(code, []), *english]):
            out.append((BASE_LANGUAGE, names))
        for language in sorted(set(self.languages) | set(LANGUAGE_NAMES) - {BASE_LANGUAGE}):
            entry = self.languages.get(language) or {}
            ignored = set(entry.get("ignore") or [])
            translated = [name for name, c, official in translated_names(language)
                          if c == code and not official and name not in ignored]
            if names := fresh([*translated, *(entry.get("aliases") or {}).get(code, [])]):
                out.append((language, names))
        return out

    def is_code(self, code) -> bool:
        """An upper-case ISO 3166-1 alpha-2 code, or a declared extra country's (pycountry alone would take
        "zw" too)."""
        return isinstance(code, str) and CODE.fullmatch(code) is not None and (
            code in self.extra or pycountry.countries.get(alpha_2=code) is not None)

    def unknown_codes(self) -> list[str]:
        """Codes in places.yml that are neither ISO 3166-1 alpha-2 nor declared extra countries."""
        return sorted({c for c in self.phrases.values() if c and not self.is_code(c)} | {
            c for c in self.display if not self.is_code(c)})

    def name(self, code: str) -> str:
        """The name readers see for a code."""
        if code in self.display:
            return self.display[code]
        if code in self.extra:
            return self.extra[code]
        country = pycountry.countries.get(alpha_2=code)
        return getattr(country, "common_name", None) or country.name

    def find(self, text: str, language: str = BASE_LANGUAGE) -> list[Match]:
        """Every place named in `text` (written in `language`), in order, ignoring look-alikes such as
        organisation names."""
        phrases, pattern = (self.phrases, self._pattern) if language == BASE_LANGUAGE else self._language(language)
        out = []
        for m in pattern.finditer(text):
            code = phrases[m.group(0)]
            if code != _IGNORE:
                out.append(Match(code, m.start(), m.end(), m.group(0)))
        return out
