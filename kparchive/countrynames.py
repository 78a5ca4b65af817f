"""Countries' names in an interface language other than English, as a sentence and as an index write them.

English names are the archive's own (places.yml, `places.Places.name`). In another language a country is named
by the ISO standard's translation, pycountry's own gettext catalogue (`iso3166-1`), using its common name where
it has one ("Corée du Sud", not "Corée, République de"); the European Union, which ISO 3166 does not list, by the
archive ("Union européenne"). A code neither knows (an extra country of places.yml) keeps the archive's name.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata

import pycountry

EU_FR = "Union européenne"

# ISO 3166's French names put the country first, as an index does ("Russie, Fédération de", "Salomon, Îles");
# a sentence puts it last ("Fédération de Russie", "Îles Salomon"). Names that only list places keep their
# comma ("Bonaire, Saint-Eustache et Saba").
INVERTED = re.compile(r"(?P<name>[^,]+), (?P<head>Îles?|.*\b(?:de|du|de la)|.*\bd')(?P<tail> \([^()]*\))?")


@functools.cache
def natural_order(name: str) -> str:
    """An ISO 3166 French name in the order of a sentence."""
    found = INVERTED.fullmatch(name)
    if not found:
        return name
    head = found["head"]
    space = "" if head.endswith("'") else " "  # d'Iran
    return f"{head}{space}{found['name']}{found['tail'] or ''}"


def sort_key(text: str) -> str:
    """Names in alphabetical order whatever their accents (Égypte after Égypte's E, not after Zimbabwe)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


@functools.cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])


@functools.cache
def in_index(code: str, lang: str) -> str | None:
    """A country's name in the language as an index lists it, the country first ("Russie, Fédération de"); None
    for a code the standard does not know (the archive names it: places.yml)."""
    if code == "EU":
        return EU_FR
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return _catalogue(lang).gettext(getattr(country, "common_name", None) or country.name)
