"""The interface's languages: English at /, French at /fr/ (every page in both trees).

What a reader of one language sees comes from one `Language`: its interface strings (a gettext catalogue,
kparchive/locale/fr/LC_MESSAGES/messages.po, read with Babel at build time: no compiled .mo is kept), the
names of the vocabularies' entries (their `fr:` fields, checked here), countries (pycountry's own French
names, from its iso3166-1 catalogue) and dates (Babel's CLDR months; "1er" for the first).

A missing translation is a build error, never a silent fallback: a string the interface shows with no French
in the catalogue stops the render (MissingTranslation, naming the string), and a vocabulary entry without
its French field is a Problem, one line naming the file, the entry and the field, like any other. The
statements themselves stay in their own language, marked with `lang` where it differs from the page's.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry
from babel import Locale
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from . import dates, places
from .problems import Problem
from .validate import Problems, as_mapping, as_text


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined (facets.py, pages.py): translated where shown."""
    return message


LANGUAGES = ("en", "fr")
DEFAULT = "en"
NAMES = {"en": "English", "fr": "Français"}  # each language in its own words (the switch)
LOCALES = {"en": "en_GB", "fr": "fr_FR"}  # og:locale
LOCALE_DIR = Path(__file__).with_name("locale")
CATALOGUE = "messages.po"

# The French fields of the vocabularies: which are required (the interface shows them), which optional (an
# organisation keeps its own name unless it uses a French one itself, with its source).
FRENCH_FIELDS = {
    "meetings.yml": {"name": True, "city": False},
    "topics.yml": {"label": True, "description": True},
    "types.yml": {"label": True},
    "organisations.yml": {"name": False, "short": False},
    "glossary.yml": {"term": False, "abbr": False, "definition": True},
}
EU_FR = "Union européenne"
# The curated facts a page may list as unverified (validate.py's MEETING_FACTS, ORGANISATION_FACTS and
# GLOSSARY_FACTS), in its readers' words, never the fields' names.
FACTS = {
    "start": N_("its start date"), "end": N_("its end date"), "city": N_("its city"), "country": N_("its country"),
    "virtual": N_("that it was held online"), "hybrid": N_("that it was held both in person and online"),
    "chair.participant": N_("the Participant in the chair"), "chair.person": N_("the Chair's name"),
    "note": N_("the note"), "name": N_("its name"), "short": N_("its short name"), "url": N_("its website"),
    "renamed": N_("its change of name"), "fr.name": N_("its French name"), "fr.city": N_("its city's French name"),
    # a glossary entry's (validate.py's GLOSSARY_FACTS)
    "term": N_("the term"), "abbr": N_("its abbreviation"), "definition": N_("its definition"),
    "fr.term": N_("its French term"), "fr.abbr": N_("its French abbreviation"),
    "fr.definition": N_("its French definition"),
}
# A meeting whose start is on record and its end not: "from 24 May 2016".
FROM_DATE = N_("from %(date)s")
# A file's size in decimal units, as Jinja's filesizeformat writes it ("899.5 kB"), in the page's language
# ("899,5 ko").
SIZES = (N_("%(size)s kB"), N_("%(size)s MB"), N_("%(size)s GB"))


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


class MissingTranslation(RuntimeError):
    """An interface string with no translation in the language's catalogue: the build stops on it."""


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of a language (English is the msgids themselves)."""
    if lang == DEFAULT:
        return NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / CATALOGUE
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    out = Translations()
    out._catalog = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):  # plural forms
            if all(message.string):
                for i, text in enumerate(message.string):
                    out._catalog[(message.id[0], i)] = text
        elif message.string:
            out._catalog[message.id] = message.string
    out.plural = catalog.plural_expr and _gettext.c2py(catalog.plural_expr)
    return out


@functools.cache
def _country_names(lang: str):
    if lang == DEFAULT:
        return None
    return _gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])


@functools.cache
def _language_names(lang: str):
    return _gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang])


@dataclass(frozen=True)
class French:
    """The vocabularies' French fields, checked: {(file, entry id or glossary term): {field: text}}."""

    fields: dict


def validate_french(raw_vocabularies: dict, problems: list[Problem]) -> French:
    """Each entry's `fr:` mapping: only the fields the file translates, each a line of text without control
    characters; the required ones present. One Problem a line, as validate.py reports."""
    out: dict = {}
    for name, wanted in FRENCH_FIELDS.items():
        data = raw_vocabularies.get(name)
        if not isinstance(data, list):
            continue  # reported by validate.py
        p = Problems(problems, f"statements/{name}")
        for i, entry in enumerate(data):
            if not isinstance(entry, dict):
                continue
            key = entry.get("id") if name != "glossary.yml" else entry.get("term")
            if not isinstance(key, str):
                continue
            where = key if name != "glossary.yml" else f"[{i}]"
            fr = entry.get("fr")
            if fr is None:
                fr = {}
                if any(wanted.values()):
                    required = ", ".join(f for f, needed in wanted.items() if needed)
                    p.add(f"{where}.fr", f"is missing: the French interface needs its {required} in French "
                                         f"(fr: {{{required.split(', ')[0]}: …}})")
                    continue
            fr = as_mapping(fr, p, f"{where}.fr", set(wanted), " with " + " and ".join(wanted))
            texts = {}
            for field_name, needed in wanted.items():
                if field_name not in fr and not needed:
                    continue
                if field_name not in fr:
                    p.add(f"{where}.fr.{field_name}", "is missing: the French interface shows it; write it in "
                                                      "French")
                    continue
                text = as_text(fr.get(field_name), p, f"{where}.fr.{field_name}")
                if text:
                    texts[field_name] = text
            out[(name, key)] = texts
    return French(out)


_FILES = {"Meeting": "meetings.yml", "Topic": "topics.yml", "DocType": "types.yml",
          "Organisation": "organisations.yml", "Term": "glossary.yml"}


class Language:
    """What the pages of one interface language say: strings, vocabulary names, countries, dates."""

    def __init__(self, code: str, french: French | None = None, places=None):
        self.code = code
        self.name = NAMES[code]
        self.locale = LOCALES[code]
        self.french = french or French({})
        self.places = places
        self._translations = translations(code)
        self._countries = _country_names(code)
        self._country_cache: dict[str, str] = {}  # a country is named on hundreds of pages

    @property
    def default(self) -> bool:
        return self.code == DEFAULT

    # --- interface strings ---------------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        if self.default:
            return message
        found = self._translations._catalog.get(message)
        if found is None:
            raise MissingTranslation(f"no {self.code} translation for {message!r} in "
                                     f"kparchive/locale/{self.code}/LC_MESSAGES/{CATALOGUE}")
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.default:
            return singular if n == 1 else plural
        index = int(self._translations.plural(n)) if self._translations.plural else int(n != 1)
        found = self._translations._catalog.get((singular, index))
        if found is None:
            raise MissingTranslation(f"no {self.code} translation for {singular!r} (plural) in "
                                     f"kparchive/locale/{self.code}/LC_MESSAGES/{CATALOGUE}")
        return found

    def file_size(self, n: int) -> str:
        """A size in bytes as readers of this language write it: "899.5 kB", "899,5 ko"."""
        from babel.numbers import format_decimal

        if n < 1000:
            return self.ngettext("%(size)s byte", "%(size)s bytes", n) % {"size": n}
        value, unit = float(n) / 1000, 0
        while value >= 1000 and unit + 1 < len(SIZES):
            value, unit = value / 1000, unit + 1
        number = format_decimal(value, format="#,##0.0", locale="en_GB" if self.default else self.code)
        return self.gettext(SIZES[unit]) % {"size": number}

    # --- vocabularies ---------------------------------------------------------------------------------------

    def text(self, entry, field_name: str) -> str:
        """An entry's field in this language: its French field, or its own (an organisation's own name)."""
        own = getattr(entry, field_name)
        if self.default or own is None:
            return own
        kind = _FILES.get(type(entry).__name__)
        key = entry.term if kind == "glossary.yml" else getattr(entry, "id", None)
        return self.french.fields.get((kind, key), {}).get(field_name, own)

    def translated(self, entry, field_name: str) -> bool:
        """Whether the field is shown in this language (else in the entry's own words: an organisation's name)."""
        if self.default:
            return True
        kind = _FILES.get(type(entry).__name__)
        key = entry.term if kind == "glossary.yml" else getattr(entry, "id", None)
        return field_name in self.french.fields.get((kind, key), {})

    def entry_name(self, entry) -> str:
        return self.text(entry, "label" if hasattr(entry, "label") else "name")

    def language_name(self, code: str, own: bool = False) -> str:
        """A language's name as this interface writes it mid-sentence (CLDR's, by Babel: "French",
        "anglais"), or in itself (`own`: "Français", for the switch between a statement's versions)."""
        if own:
            return places.language_name(code, own=True)
        return Locale.parse(self.code).languages.get(code) or places.language_name(code)

    def country(self, code: str) -> str:
        """A country's name: the archive's own in English (places.yml), in French the ISO standard's
        (pycountry's catalogue), its common name where it has one ("Corée du Sud", not "Corée, République
        de"), in a sentence's order ("Fédération de Russie"); the European Union as « Union européenne »."""
        if self.default:
            return self.places.name(code)
        return natural_order(self.country_in_index(code))

    def country_in_index(self, code: str) -> str:
        """A country's name as an index of countries lists it, the country first ("Russie, Fédération de"):
        the French order of countries is theirs."""
        if self.default:
            return self.places.name(code)
        found = self._country_cache.get(code)
        if found is None:
            country = pycountry.countries.get(alpha_2=code) if code != "EU" else None
            found = EU_FR if code == "EU" else self._countries.gettext(
                getattr(country, "common_name", None) or country.name) if country else self.places.name(code)
            self._country_cache[code] = found
        return found

    def label(self, catalogue, key: str, vid) -> str:
        """The name readers of this language see for a facet value (catalogue.label, translated)."""
        from . import facets

        if self.default:
            return catalogue.label(key, vid)
        kind = facets.BY_KEY[key].kind
        if kind == "country":
            return self.country(vid)
        if kind == "language":
            language = pycountry.languages.get(alpha_2=vid)
            if language is None:
                return vid
            name = _language_names(self.code).gettext(language.name)
            return name.lower() if self.code == "fr" else name  # French writes a language in lower case
        if kind == "year":
            return str(vid)
        return self.entry_name(catalogue.entry(key, vid))

    # --- dates ----------------------------------------------------------------------------------------------

    def long_date(self, d: date) -> str:
        return _long_date(d, self.code)

    def date_range(self, days: tuple[date, date]) -> str:
        """A meeting's days, each part written once: "2–5 November 2009", "2–5 novembre 2009"."""
        start, end = days
        if start == end:
            return self.long_date(start)
        if (start.year, start.month) == (end.year, end.month):
            first = "1er" if self.code == "fr" and start.day == 1 else str(start.day)
            return f"{first}–{self.long_date(end)}"
        whole = self.long_date(start)
        first = whole.rsplit(" ", 1)[0] if start.year == end.year else whole
        return f"{first} – {self.long_date(end)}"


    def month(self, d: date) -> str:
        """A month as readers write it: "June 2009", "juin 2009"."""
        return _month(d, self.code)

    def meeting_day(self, m, which: str = "start") -> str:
        """A meeting's start (or end) as far as the record goes: "2 November 2009", or "June 2009" where only
        the month is known."""
        known, when = (m.start_known, m.start) if which == "start" else (m.end_known, m.end)
        return self.long_date(when) if known == "day" else self.month(when)

    def meeting_dates(self, m) -> str:
        """A meeting's days as far as the record goes: "2–5 November 2009", "June 2009" (only the month on
        record), "from 24 May 2016" (no record of its end)."""
        if m.start_known == m.end_known == "day":
            return self.date_range((m.start, m.end))
        first = self.meeting_day(m, "start")
        if not m.end_known:
            return self.gettext(FROM_DATE) % {"date": first} if m.start_known == "day" else first
        last = self.meeting_day(m, "end")
        return first if first == last else f"{first} – {last}"


@functools.lru_cache(maxsize=8192)
def _long_date(d: date, lang: str) -> str:
    return dates.format_date(d, "en_GB" if lang == DEFAULT else lang)


@functools.lru_cache(maxsize=1024)
def _month(d: date, lang: str) -> str:
    return dates.format_month(d, "en_GB" if lang == DEFAULT else lang)


def other(lang: str) -> str:
    """The language the switch on a page leads to."""
    return "fr" if lang == "en" else "en"


# --- the site's own words, in mkdocs.yml ---------------------------------------------------------------------

# What mkdocs.yml says that pages show: the site's name, description and copyright, and the nav's titles. The
# French tree (mkdocs.fr.yml inherits them) gets them from the catalogue, as every other string: the MkDocs hook
# translates them (translate_config), and build_index names the site with them (render.site_in).
CONFIG_WORDS = ("site_name", "site_description", "copyright")


def _one_line(text) -> str:
    return " ".join(str(text).split())  # a folded YAML string (>-) as one line, its msgid


def config_words(config) -> list[str]:
    """The words of a MkDocs configuration (a mapping, as MkDocs loads it) that its pages show."""
    out = [_one_line(config[key]) for key in CONFIG_WORDS if config.get(key)]

    def titles(items):
        for item in items or ():
            if isinstance(item, dict):
                for title, value in item.items():
                    out.append(title)
                    titles(value if isinstance(value, list) else ())

    titles(config.get("nav"))
    return out


def translate_config(config, language: Language) -> None:
    """A MkDocs configuration's words (config_words) in the language's own, in place."""
    def nav(items):
        return [{language.gettext(title): nav(value) if isinstance(value, list) else value
                 for title, value in item.items()} if isinstance(item, dict) else item for item in items]

    for key in CONFIG_WORDS:
        if config.get(key):
            config[key] = language.gettext(_one_line(config[key]))
    if config.get("nav"):
        config["nav"] = nav(config["nav"])


# --- the catalogue's messages -------------------------------------------------------------------------------

# Where the interface's strings are: build_index's templates and Python (`_`, `gettext`, `ngettext`, `N_`),
# and the theme's overrides (`kp_t` and `kp_nt`, the MkDocs hook's gettext and ngettext).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "kp_t": None, "kp_nt": (1, 2)}
METHODS = [("kparchive/templates/**.j2", "jinja2"), ("overrides/**.html", "jinja2"), ("kparchive/**.py", "python")]


def extract(root: Path):
    """Every message of the interface, as a Babel catalogue (its locations from `root`, the project)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="kp-statements", domain="messages")
    options = {"**.j2": {"extensions": "jinja2.ext.i18n"}, "**.html": {"extensions": "jinja2.ext.i18n"}}
    for pattern, method in METHODS:
        folder, glob = pattern.split("/**")
        for filename, lineno, message, comments, _context in extract_from_dir(
                root / folder, method_map=[("**" + glob, "jinja2.ext:babel_extract" if method == "jinja2"
                                            else "python")],
                options_map=options, keywords=KEYWORDS, strip_comment_tags=True):
            if folder == "kparchive" and filename.startswith("templates"):
                continue
            catalog.add(message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments)
    from mkdocs.utils.yaml import yaml_load

    with (root / "mkdocs.yml").open(encoding="utf-8") as f:
        for message in config_words(yaml_load(f) or {}):
            catalog.add(message, locations=[("mkdocs.yml", 0)])
    return catalog


def untranslated(root: Path, lang: str) -> list[str]:
    """The interface's messages without a translation in the language's catalogue."""
    have = translations(lang)._catalog
    out = []
    for message in extract(root):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if any((message.id[0], i) not in have for i in range(2)):
                out.append(message.id[0])
        elif message.id not in have:
            out.append(message.id)
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m kparchive.i18n [--update]`: list the messages without French; with --update, add them to
    messages.po (empty, for a translator), keeping what it has."""
    import argparse

    from babel.messages.pofile import write_po

    parser = argparse.ArgumentParser(prog="python -m kparchive.i18n", description=main.__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    missing = untranslated(root, "fr")
    for message in missing:
        print(f"untranslated: {message!r}")
    if args.update:
        path = LOCALE_DIR / "fr" / "LC_MESSAGES" / CATALOGUE
        with path.open("rb") as f:
            catalog = read_po(f, locale="fr")
        catalog.update(extract(root), no_fuzzy_matching=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=120, sort_output=False, omit_header=False, ignore_obsolete=True)
    return 1 if missing and not args.update else 0


if __name__ == "__main__":
    raise SystemExit(main())
