"""Countries: ISO 3166-1 alpha-2 codes from pycountry, plus `statements/places.yml` for what it lacks.

Detection finds the countries a text names by their names, demonyms, short forms and the cities that
stand for them: case-sensitive, whole words, longest match first, so "Democratic Republic of Congo"
is CD and never also CG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


# A country code as statements and places.yml write it: two upper-case letters (ISO 3166-1 alpha-2, or an
# extra_countries key). In addresses it is lower-cased (/countries/zw/), so "zw" and "ZW" must not be two codes.
CODE = re.compile(r"[A-Z]{2}")
SECTIONS = ("extra_countries", "display", "aliases", "demonyms", "cities", "ignore")


class Places:
    """Country names and the phrases that name a country, from pycountry and places.yml's data (whose shape
    validate.places_data has checked: codes, names, lists of phrases)."""

    def __init__(self, data: dict):
        self.extra: dict[str, str] = dict(data.get("extra_countries") or {})
        self.display: dict[str, str] = dict(data.get("display") or {})
        phrases: dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value:
                    phrases.setdefault(value, country.alpha_2)
        for code, name in self.extra.items():
            phrases[name] = code
        for section in ("aliases", "demonyms"):
            for code, names in (data.get(section) or {}).items():
                for name in names:
                    phrases[name] = code
        for city, code in (data.get("cities") or {}).items():
            phrases[city] = code
        for phrase in data.get("ignore") or []:
            phrases[phrase] = _IGNORE
        self.phrases = phrases
        self._pattern = re.compile(r"(?<!\w)" + trie_pattern(phrases) + r"(?!\w)")

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

    def find(self, text: str) -> list[Match]:
        """Every place named in `text`, in order, ignoring look-alikes such as organisation names."""
        out = []
        for m in self._pattern.finditer(text):
            code = self.phrases[m.group(0)]
            if code != _IGNORE:
                out.append(Match(code, m.start(), m.end(), m.group(0)))
        return out
