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


class Places:
    def __init__(self, data: dict):
        self.extra = {str(k): str(v) for k, v in (data.get("extra_countries") or {}).items()}
        self.display = {str(k): str(v) for k, v in (data.get("display") or {}).items()}
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
                for name in names or []:
                    phrases[str(name)] = str(code)
        for city, code in (data.get("cities") or {}).items():
            phrases[str(city)] = str(code)
        for phrase in data.get("ignore") or []:
            phrases[str(phrase)] = _IGNORE
        self.phrases = phrases
        self._pattern = re.compile(r"(?<!\w)" + trie_pattern(phrases) + r"(?!\w)")

    def is_code(self, code: str) -> bool:
        return code in self.extra or pycountry.countries.get(alpha_2=code) is not None

    def name(self, code: str) -> str:
        """The name readers see for a code."""
        if code in self.display:
            return self.display[code]
        if code in self.extra:
            return self.extra[code]
        country = pycountry.countries.get(alpha_2=code)
        return getattr(country, "common_name", None) or country.name

    def unknown_codes(self) -> list[str]:
        """Codes in places.yml that are neither ISO 3166-1 alpha-2 nor declared extra countries."""
        return sorted({c for c in self.phrases.values() if c and not self.is_code(c)} | {
            c for c in self.display if not self.is_code(c)})

    def find(self, text: str) -> list[Match]:
        """Every place named in `text`, in order, ignoring look-alikes such as organisation names."""
        out = []
        for m in self._pattern.finditer(text):
            code = self.phrases[m.group(0)]
            if code != _IGNORE:
                out.append(Match(code, m.start(), m.end(), m.group(0)))
        return out
