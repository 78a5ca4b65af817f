"""Validate: turn raw data into the model, reporting every problem as one line naming file and field.

Every field is checked for the kind of value it holds before it is used: text where text belongs (a number,
list, mapping or null there is a problem, never a crash nor a silent conversion), ids and country codes
against the one pattern of a path component (urls.SEGMENT, at most urls.SEGMENT_MAX characters: each becomes
part of a file name), and no metadata text may hold a control character, which no feed or XML file can.
"""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import date
from urllib.parse import urlsplit

import pycountry

from . import urls
from .dates import find_dates
from .load import ORIGINALS, UNREADABLE, RawArchive, RawStatement, rel
from .model import (
    STATEMENT_ID,
    DocType,
    Meeting,
    Note,
    Organisation,
    OriginalFile,
    Person,
    Provenance,
    Publication,
    Statement,
    Term,
    TermIn,
    Topic,
    Vocabularies,
)
from .places import BASE_LANGUAGE, CODE, LANGUAGE_SECTIONS, SECTIONS, Places
from .problems import SHOWN, Problem, Problems, shown
from .sources import as_sources, unsourced
from .text import TextError, decode, parse_blocks
from .translations import contradictions, inherit
from .yamlio import kind

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")  # a meeting's start or end where the record gives only its month
SHA256 = re.compile(r"^[0-9a-f]{64}$")
LANGUAGE = re.compile(r"[a-z]{2}")
# C0 controls but tab and line feed, the non-characters U+FFFE and U+FFFF, and lone surrogates: characters no
# XML document (the feed, the sitemap, a page) may hold, and that no curated value needs.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
STATEMENT_FIELDS = {
    "title", "date", "dateline", "meeting", "type", "language", "authors", "publisher", "on_behalf_of",
    "mentions", "people", "topics", "countries", "sha256", "provenance", "notes", "review", "translation_of",
    "original",
}
ORIGINAL_FIELDS = {"file", "sha256", "extracted"}
REQUIRED = ("title", "date", "type", "sha256", "authors", "publisher")  # meeting: none between meetings
PERSON_FIELDS = {"name", "organisation", "role", "as", "fr"}
# fr: a person's role as a French page writes it (optional: else the role as written, marked with its language)
PERSON_FRENCH = {"role"}
PARTS = ("author", "speaker", "quoted", "mentioned")  # what a statement makes of a person it names
PROVENANCE_FIELDS = {"published", "reported", "archived", "received_as"}
PUBLICATION_FIELDS = {"by", "url", "title", "date"}
NOTE_FIELDS = {"paragraph", "text"}
CITE_AS = ("report", "news", "letter", "speech")
ENTRY_FIELDS = {
    "topics.yml": {"id", "label", "description", "keywords", "countries", "fr"},
    "types.yml": {"id", "label", "schema_org", "cite_as", "fr"},
    "organisations.yml": {"id", "name", "short", "country", "url", "renamed", "aliases", "sources", "unverified",
                          "fr"},
    "meetings.yml": {"id", "name", "type", "start", "end", "city", "country", "chair", "virtual", "hybrid", "note",
                     "sources", "unverified", "fr"},
}  # fr: the entry's French fields, checked by french.validate_french
MEETING_FACTS = {"start", "end", "city", "country", "virtual", "hybrid", "chair.participant", "chair.person",
                 "note", "fr.name", "fr.city"}  # fr.*: its name and city in French (french.validate_french)
ORGANISATION_FACTS = {"name", "short", "country", "url", "renamed", "fr.name"}  # fr.name: its own French name
# fr: the entry in French (french.validate_french checks it): the interface shows its term, abbreviation and
# definition; its abbreviation is also how French texts write the term, explained in them where a source
# writes it (its supports name the French term or abbreviation).
GLOSSARY_FIELDS = {"term", "definition", "abbr", "forms", "sources", "unverified", "fr"}
# What of a glossary entry no public record may have been found for (its unverified:), as its page says it.
GLOSSARY_FACTS = {"term", "abbr", "definition", "fr.term", "fr.abbr", "fr.definition"}
STATEMENT_ID_EXAMPLE = "its date then a few words, e.g. 2009-11-06-namibia-plenary"


def key(value: str) -> str:
    """A key from the input as part of a field's name in a problem (keys can be as long as any value)."""
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


def control_character(value: str) -> str | None:
    """The problem with a text holding a control character, or None."""
    m = CONTROL.search(value)
    if m is None:
        return None
    return (f"contains the control character U+{ord(m.group(0)):04X} (character {m.start() + 1}), which no page, "
            "feed or XML file can hold: remove it")


def as_date(value, p: Problems, name: str) -> date | None:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        p.add(name, f"{shown(value)} is not a date written YYYY-MM-DD")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        p.add(name, f"{shown(value)} is not a real date")
        return None


def as_day(value, p: Problems, name: str) -> tuple[date, date, str] | None:
    """A meeting's start or end: a day (YYYY-MM-DD), or a month (YYYY-MM) where the record gives no day. Its
    first and last possible days, and how much is known (day | month)."""
    if isinstance(value, str) and ISO_MONTH.match(value):
        year, month = map(int, value.split("-"))
        if not 1 <= month <= 12:
            p.add(name, f"{shown(value)} is not a real month")
            return None
        following = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), date.fromordinal(following.toordinal() - 1), "month"
    if not isinstance(value, str) or not ISO_DATE.match(value):
        p.add(name, f"{shown(value)} is not a date written YYYY-MM-DD, or YYYY-MM where the record gives only the "
                    "month")
        return None
    day = as_date(value, p, name)
    return (day, day, "day") if day else None


def as_text(value, p: Problems, name: str, required: bool = True) -> str | None:
    """Text, stripped; a number is refused too (YAML reads `010` as 8 and `1e3` as 1000.0: quote it)."""
    if value is None:
        if required:
            p.add(name, "is missing")
        return None
    if not isinstance(value, str):
        hint = ": put it in quotes" if isinstance(value, (int, float, bool)) else ""
        p.add(name, f"must be text, not {kind(value)}{hint}")
        return None
    if not value.strip():
        p.add(name, "must be non-empty text")
        return None
    problem = control_character(value)
    if problem:
        p.add(name, problem)
        return None
    return value.strip()


def as_list(value, p: Problems, name: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        p.add(name, f"must be a list, not {kind(value)}")
        return []
    return value


def as_phrases(value, p: Problems, name: str) -> list[str]:
    """An optional list of phrases that `build_index.py add` recognises: a topic's keywords, an organisation's
    aliases."""
    return [phrase for i, item in enumerate(as_list(value, p, name))
            if (phrase := as_text(item, p, f"{name}[{i}]")) is not None]


def review_problem(review) -> str:
    """The one line for a draft of `build_index.py add`: its `review:` lists the fields an editor must check."""
    listed = [str(next(iter(item))) if isinstance(item, dict) and item else str(item)
              for item in (review if isinstance(review, list) else [])]
    fields = ", ".join(dict.fromkeys(listed)) or "…"
    return f"a draft from build_index.py add; check the fields it lists ({fields}), then delete the review key"


def as_mapping(value, p: Problems, name: str, fields: set[str] | None = None, what: str = "") -> dict:
    """A mapping (None: an empty one); with `fields`, any other key is a problem."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        p.add(name, f"must be a mapping{what}, not {kind(value)}")
        return {}
    keys = list(value)
    for k in sorted(set(value) - fields if fields is not None else ()):
        before = keys[keys.index(k) - 1] if keys.index(k) else None
        if value[k] is None and isinstance(k, str) and not re.fullmatch(r"[\w-]+", k) and isinstance(before, str) \
                and isinstance(value[before], str):
            # {note: first published, now on IMPACT's site}: YAML ends the value at the comma, and reads the words
            # after it as a key without a value.
            p.add(f"{name}.{key(before)}" if name else key(before),
                  f"an unquoted comma ends the value, so “{k}” was read as a field: put the whole value in quotes "
                  f"({before}: \"{value[before]}, {k}\")")
            continue
        p.add(f"{name}.{key(k)}" if name else key(k), "is not a known field")
    return value


def id_problem(value) -> str | None:
    """Why a value cannot be an id (a path component), or None."""
    if not isinstance(value, str):
        return f"must be an id (lowercase words joined by hyphens), not {kind(value)}"
    if not urls.SEGMENT.fullmatch(value):
        return f"{shown(value)} is not an id (lowercase words joined by hyphens)"
    if len(value) > urls.SEGMENT_MAX:
        return (f"is {len(value)} characters long: an id is at most {urls.SEGMENT_MAX}, as it names files and "
                "addresses")
    return None


def statement_id_problem(value) -> str | None:
    """Why a value cannot be a statement's id, or None."""
    if not isinstance(value, str) or not STATEMENT_ID.match(value):
        return f"{shown(value)} is not a statement id: {STATEMENT_ID_EXAMPLE}"
    return id_problem(value)


def reference(value, table: dict, p: Problems, name: str, what: str, unknown: str):
    """The vocabulary entry an id names, or None (and a problem)."""
    if not isinstance(value, str):
        p.add(name, f"must be the id of {what}, not {kind(value)}")
        return None
    if value not in table:
        p.add(name, f"{shown(value)} {unknown}")
        return None
    return table[value]


def _entries(data, p: Problems, fields: set[str]) -> list[dict]:
    """The entries of a vocabulary file: a list of mappings, each with a unique, well-formed id and only the
    fields the file knows."""
    if data is UNREADABLE:
        return []
    if not isinstance(data, list):
        p.add("", "must be a list of entries" + ("" if data is None else f", not {kind(data)}"))
        return []
    out, seen = [], set()
    for i, entry in enumerate(data):
        where = f"[{i}]"
        if not isinstance(entry, dict):
            p.add(where, f"must be a mapping, not {kind(entry)}")
            continue
        eid = entry.get("id")
        problem = id_problem(eid)
        if problem:
            p.add(f"{where}.id", problem)
            continue
        if eid in seen:
            p.add(f"{eid}.id", "is used twice")
            continue
        seen.add(eid)
        as_mapping(entry, p, eid, fields)
        out.append(entry)
    return out


def places_data(data, p: Problems) -> dict:
    """places.yml's sections, checked for shape (codes, names, lists of phrases); what is wrong is reported
    and left out."""
    if data is UNREADABLE or data is None:
        return {}
    data = as_mapping(data, p, "", set(SECTIONS), f" of sections ({', '.join(SECTIONS)})")
    extra = _extra_countries(data.get("extra_countries"), p)
    code_problem = functools.partial(_code_problem, extra)
    out: dict = {"extra_countries": extra}
    out["display"] = _names_by_code(data.get("display"), p, code_problem)
    for section in ("aliases", "demonyms"):
        out[section] = _phrases_by_code(data.get(section), p, section, code_problem)
    out["cities"] = _cities(data.get("cities"), p, code_problem)
    out["ignore"] = as_phrases(data.get("ignore"), p, "ignore")
    out["languages"] = {}
    for language, entry in as_mapping(data.get("languages"), p, "languages", what=" of language: names").items():
        where = f"languages.{key(language)}"
        if not isinstance(language, str) or not LANGUAGE.fullmatch(language) or language == BASE_LANGUAGE \
                or pycountry.languages.get(alpha_2=language) is None:
            p.add(where, f"{shown(language)} is not the ISO 639-1 code of a language other than {BASE_LANGUAGE}")
            continue
        out["languages"][language] = _language_places(entry, p, where, code_problem)
    return out


def _extra_countries(value, p: Problems) -> dict[str, str]:
    """places.yml's extra_countries: code: name, for what ISO 3166-1 has no code of its own for (EU)."""
    extra: dict[str, str] = {}
    for code, name in as_mapping(value, p, "extra_countries", what=" of code: name").items():
        where = f"extra_countries.{key(code)}"
        if not CODE.fullmatch(code):
            p.add(where, "an extra country's code is two capital letters, as ISO 3166-1 alpha-2 codes are (EU)")
        elif (name := as_text(name, p, where)) is not None:
            extra[code] = name
    return extra


def _code_problem(extra: dict[str, str], code) -> str | None:
    """Why a value is no country code places.yml knows, or None."""
    if isinstance(code, str) and CODE.fullmatch(code) and (code in extra or pycountry.countries.get(alpha_2=code)):
        return None
    return f"{shown(code)} is not an ISO 3166-1 alpha-2 code (nor in extra_countries)"


def _names_by_code(value, p: Problems, code_problem) -> dict[str, str]:
    """places.yml's display: code: the name pages show."""
    out = {}
    for code, name in as_mapping(value, p, "display", what=" of code: name").items():
        where = f"display.{key(code)}"
        if problem := code_problem(code):
            p.add(where, problem)
        elif (name := as_text(name, p, where)) is not None:
            out[code] = name
    return out


def _phrases_by_code(value, p: Problems, name: str, code_problem) -> dict[str, list[str]]:
    """A section of code: [phrases] (aliases, demonyms), in English or in a language of `languages`."""
    out = {}
    for code, names in as_mapping(value, p, name, what=" of code: [phrases]").items():
        where = f"{name}.{key(code)}"
        if problem := code_problem(code):
            p.add(where, problem)
            continue
        out[code] = as_phrases(names, p, where)
    return out


def _cities(value, p: Problems, code_problem) -> dict[str, str]:
    """places.yml's cities: phrase: the code of its country."""
    out = {}
    for city, code in as_mapping(value, p, "cities", what=" of phrase: code").items():
        where = f"cities.{key(city)}"
        if (phrase := as_text(city, p, where)) is None:
            continue
        if problem := code_problem(code):
            p.add(where, problem)
        else:
            out[phrase] = code
    return out


def _language_places(entry, p: Problems, where: str, code_problem) -> dict:
    """One language's section of places.yml: its aliases, demonyms and phrases to ignore, each name supported
    by a source or listed as unverified."""
    entry = as_mapping(entry, p, where, set(LANGUAGE_SECTIONS), f" of sections ({', '.join(LANGUAGE_SECTIONS)})")
    kept: dict = {section: _phrases_by_code(entry.get(section), p, f"{where}.{section}", code_problem)
                  for section in ("aliases", "demonyms")}
    kept["ignore"] = as_phrases(entry.get("ignore"), p, f"{where}.ignore")
    # Its names are curated facts: each one a source supports, or listed as unverified.
    sources = as_sources(entry.get("sources"), p, f"{where}.sources", as_text, _url, as_mapping, None)
    unverified = as_phrases(entry.get("unverified"), p, f"{where}.unverified")
    supported = {fact for source in sources for fact in source.supports} | set(unverified)
    for section in ("aliases", "demonyms"):
        for code, phrases in kept[section].items():
            for i, phrase in enumerate(phrases):
                if phrase not in supported:
                    p.add(f"{where}.{section}.{code}[{i}]",
                          f"{shown(phrase)}: no source supports it: add the public record that writes it to "
                          "sources (with it under supports), or list it under unverified")
    return kept


_SPACE = re.compile(r"\s")  # str.isspace()'s characters: sre reads \s in a str pattern with the same table


def _url(value, p: Problems, name: str) -> str | None:
    url = as_text(value, p, name, required=False)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(url):
        p.add(name, f"{shown(url)} is not a web address (https://…)")
        return None
    return url


def _unverified(value, p: Problems, name: str, facts: set[str]) -> tuple[str, ...]:
    """The facts of an entry no public record was found for."""
    out = []
    for i, fact in enumerate(as_list(value, p, name)):
        fact = as_text(fact, p, f"{name}[{i}]")
        if fact is not None and fact not in facts:
            p.add(f"{name}[{i}]", f"{shown(fact)} is not a fact of this entry ({', '.join(sorted(facts))})")
        elif fact is not None:
            out.append(fact)
    return tuple(out)


def validate_vocabularies(archive: RawArchive, problems: list[Problem]) -> Vocabularies | None:
    root = archive.root
    v = archive.vocabularies

    def problems_for(name: str) -> Problems:
        return Problems(problems, rel(root / name, root))

    places = Places(places_data(v.get("places.yml"), problems_for("places.yml")))
    # An unreadable places.yml is reported: its codes are not checked again.
    country = _Country(places, v.get("places.yml") is UNREADABLE)
    tables = {}
    for file, entry in VOCABULARY_ENTRIES:
        p = problems_for(file)
        tables[file] = {e["id"]: made for e in _entries(v.get(file), p, ENTRY_FIELDS[file])
                        if (made := entry(e, p, country)) is not None}
    glossary = _glossary(v.get("glossary.yml"), problems_for("glossary.yml"))
    return Vocabularies(tables["meetings.yml"], tables["topics.yml"], tables["types.yml"],
                        tables["organisations.yml"], places, glossary)


class _Country:
    """A vocabulary's country field: the code of a country places.yml knows (unchecked where places.yml could not
    be read, which is reported)."""

    def __init__(self, places: Places, unreadable: bool):
        self.places, self.unreadable = places, unreadable

    def __call__(self, value, p: Problems, name: str, required: bool = False) -> str | None:
        if self.unreadable:
            return value if isinstance(value, str) else None
        if value is None and not required:
            return None
        if not self.places.is_code(value):
            hint = ""
            if isinstance(value, str) and self.places.is_code(value.upper()):
                hint = f": write it in capitals, {value.upper()!r}"
            p.add(name, f"{shown(value)} is not an ISO 3166-1 alpha-2 country code{hint}")
            return None
        return value


def _topic(e: dict, p: Problems, country: _Country) -> Topic | None:
    """An entry of topics.yml."""
    label = as_text(e.get("label"), p, f"{e['id']}.label")
    desc = as_text(e.get("description"), p, f"{e['id']}.description")
    as_phrases(e.get("keywords"), p, f"{e['id']}.keywords")
    codes = [country(c, p, f"{e['id']}.countries[{i}]", required=True)
             for i, c in enumerate(as_list(e.get("countries"), p, f"{e['id']}.countries"))]
    if label and desc:
        return Topic(e["id"], label, desc, tuple(c for c in codes if c))
    return None


def _doc_type(e: dict, p: Problems, country: _Country) -> DocType | None:
    """An entry of types.yml."""
    label = as_text(e.get("label"), p, f"{e['id']}.label")
    schema = as_text(e.get("schema_org", "CreativeWork"), p, f"{e['id']}.schema_org")
    if schema and not re.fullmatch(r"[A-Z][A-Za-z]+", schema):
        p.add(f"{e['id']}.schema_org", f"{shown(schema)} is not a schema.org type name (e.g. Article)")
        schema = None
    cite_as = "report" if e.get("cite_as") is None else e["cite_as"]
    if cite_as not in CITE_AS:
        p.add(f"{e['id']}.cite_as", f"{shown(cite_as)} is none of {', '.join(CITE_AS)}")
    if label and schema and cite_as in CITE_AS:
        return DocType(e["id"], label, schema, cite_as)
    return None


def _organisation(e: dict, p: Problems, country: _Country) -> Organisation | None:
    """An entry of organisations.yml, each of its facts supported by a source or listed as unverified."""
    name = as_text(e.get("name"), p, f"{e['id']}.name")
    as_phrases(e.get("aliases"), p, f"{e['id']}.aliases")
    short = as_text(e.get("short"), p, f"{e['id']}.short", required=False)
    where = country(e.get("country"), p, f"{e['id']}.country")
    url = _url(e.get("url"), p, f"{e['id']}.url")
    renamed = as_mapping(e.get("renamed"), p, f"{e['id']}.renamed", {"to", "year"}, " with to and year")
    new_name, year = _renamed(renamed, p, e["id"])
    sources = as_sources(e.get("sources"), p, f"{e['id']}.sources", as_text, _url, as_mapping, ORGANISATION_FACTS)
    unverified = _unverified(e.get("unverified"), p, f"{e['id']}.unverified", ORGANISATION_FACTS)
    fr_name = e["fr"].get("name") if isinstance(e.get("fr"), dict) else None
    present = [fact for fact, value in (("name", name), ("short", short), ("country", where), ("url", url),
                                         ("renamed", renamed), ("fr.name", fr_name)) if value]
    unsourced(present, sources, unverified, p, e["id"])
    if name:
        return Organisation(e["id"], name, short, where, url, (new_name, year) if new_name and year else None,
                            sources, unverified)
    return None


def _renamed(renamed: dict, p: Problems, oid: str) -> tuple[str | None, int | None]:
    """An organisation's new name and the year it took it, from its renamed: (to, year)."""
    if not renamed:
        return None, None
    new_name = as_text(renamed.get("to"), p, f"{oid}.renamed.to")
    year = renamed.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
        p.add(f"{oid}.renamed.year", f"{shown(year)} is not a year")
        year = None
    return new_name, year


def _meeting(e: dict, p: Problems, country: _Country) -> Meeting | None:
    """An entry of meetings.yml, each of its facts supported by a source or listed as unverified."""
    mid = e["id"]
    name = as_text(e.get("name"), p, f"{mid}.name")
    mtype = e.get("type")
    if mtype not in ("plenary", "intersessional"):
        p.add(f"{mid}.type", f"{shown(mtype)} is neither plenary nor intersessional")
    start, end = _meeting_days(e, p, mid)
    virtual, hybrid = _meeting_online(e, p, mid)
    city = as_text(e.get("city"), p, f"{mid}.city", required=False)
    where = country(e.get("country"), p, f"{mid}.country")
    if virtual is False and not city and e.get("city") is None:
        p.add(f"{mid}.city", "is missing: a meeting that is not virtual needs its city and country")
    if virtual is False and not where and e.get("country") is None:
        p.add(f"{mid}.country", "is missing: a meeting that is not virtual needs its city and country")
    chair = as_mapping(e.get("chair"), p, f"{mid}.chair", {"participant", "person"}, " with participant and person")
    participant = country(chair.get("participant"), p, f"{mid}.chair.participant")
    person = as_text(chair.get("person"), p, f"{mid}.chair.person", required=False)
    note = as_text(e.get("note"), p, f"{mid}.note", required=False)
    sources = as_sources(e.get("sources"), p, f"{mid}.sources", as_text, _url, as_mapping, MEETING_FACTS)
    unverified = _unverified(e.get("unverified"), p, f"{mid}.unverified", MEETING_FACTS)
    fr = e["fr"] if isinstance(e.get("fr"), dict) else {}
    present = [fact for fact, value in (("start", start), ("end", end), ("city", city), ("country", where),
                                         ("virtual", virtual is True), ("hybrid", hybrid is True),
                                         ("chair.participant", participant), ("chair.person", person),
                                         ("note", note), ("fr.name", fr.get("name")),
                                         ("fr.city", fr.get("city"))) if value]
    unsourced(present, sources, unverified, p, mid)
    if name and mtype in ("plenary", "intersessional") and start and isinstance(virtual, bool) \
            and isinstance(hybrid, bool) and not (hybrid and virtual) and (end or e.get("end") is None):
        last, end_known = (end[1], end[2]) if end else (start[0], "")
        return Meeting(mid, name, mtype, start[0], last, city, where, participant, person, virtual, note,
                       sources, unverified, hybrid, start[2], end_known)
    return None


def _meeting_days(e: dict, p: Problems, mid: str) -> tuple[tuple | None, tuple | None]:
    """A meeting's start and end (as_day): start a day, or a month where no record gives the day; end the same,
    or left out where none gives it."""
    start = as_day(e.get("start"), p, f"{mid}.start") if e.get("start") is not None else None
    if e.get("start") is None:
        p.add(f"{mid}.start", "is missing: its first day (YYYY-MM-DD), or its month (YYYY-MM)")
    end = as_day(e.get("end"), p, f"{mid}.end") if e.get("end") is not None else None
    if start and end and end[1] < start[0]:
        p.add(f"{mid}.end", "is before the start")
        end = None
    return start, end


def _meeting_online(e: dict, p: Problems, mid: str) -> tuple:
    """A meeting's virtual and hybrid flags, as given (each true or false, not both true)."""
    virtual, hybrid = e.get("virtual", False), e.get("hybrid", False)
    if not isinstance(virtual, bool):
        p.add(f"{mid}.virtual", "must be true or false")
    if not isinstance(hybrid, bool):
        p.add(f"{mid}.hybrid", "must be true or false")
    elif hybrid and virtual is True:
        p.add(f"{mid}.hybrid", "a virtual meeting is held online only: hybrid is for a meeting held in its "
                               "city and online at once")
    return virtual, hybrid


# The vocabulary files of entries with ids, in the order they are checked (and their problems reported), and the
# check that makes each entry.
VOCABULARY_ENTRIES = (("topics.yml", _topic), ("types.yml", _doc_type), ("organisations.yml", _organisation),
                      ("meetings.yml", _meeting))


def _glossary(data, p: Problems) -> list[Term]:
    """glossary.yml: a list of terms (no ids: a term is found by its words)."""
    if data is not UNREADABLE and data is not None and not isinstance(data, list):
        p.add("", f"must be a list of entries, not {kind(data)}")
    glossary = []
    for i, e in enumerate(data if isinstance(data, list) else []):
        if not isinstance(e, dict):
            p.add(f"[{i}]", f"must be a mapping with term and definition, not {kind(e)}")
        elif (term := _term(e, p, f"[{i}]")) is not None:
            glossary.append(term)
    return glossary


def _term(e: dict, p: Problems, where: str) -> Term | None:
    """An entry of glossary.yml, its definition from a source or listed as unverified."""
    as_mapping(e, p, where, GLOSSARY_FIELDS)
    term = as_text(e.get("term"), p, f"{where}.term")
    definition = as_text(e.get("definition"), p, f"{where}.definition")
    abbr = as_text(e.get("abbr"), p, f"{where}.abbr", required=False)
    forms = [as_text(f, p, f"{where}.forms[{j}]") for j, f in enumerate(as_list(e.get("forms"), p, f"{where}.forms"))]
    sources = as_sources(e.get("sources"), p, f"{where}.sources", as_text, _url, as_mapping, None)
    unverified = _unverified(e.get("unverified"), p, f"{where}.unverified", GLOSSARY_FACTS)
    if not sources and not unverified and e.get("sources") is None:
        p.add(f"{where}.sources", "is missing: give the public record the definition comes from, or list under "
                                  f"unverified what no record was found for ({', '.join(sorted(GLOSSARY_FACTS))})")
    languages = tuple(written_in_texts(e, sources))
    if term and definition and None not in forms:
        return Term(term, definition, abbr, tuple(forms), sources, unverified, languages)
    return None


def written_in_texts(entry: dict, sources) -> list[TermIn]:
    """How texts in another language write a glossary entry, so that their abbreviation is explained: its
    French abbreviation (fr.abbr), where one of its sources writes it (names it, or the French term, under
    supports). Without such a source the French is the interface's translation only. The fields' kinds are
    checked, and reported, by french.validate_french."""
    fr = entry.get("fr")
    if not isinstance(fr, dict):
        return []
    quiet = Problems([], "")  # reported by french.validate_french
    abbr = as_text(fr.get("abbr"), quiet, "abbr", required=False)
    term = as_text(fr.get("term"), quiet, "term", required=False) or as_text(entry.get("term"), quiet, "term")
    supported = {fact for source in sources for fact in source.supports}
    if not abbr or not term or not {term, abbr} & supported:
        return []
    return [TermIn("fr", term, abbr)]


def validate_statement(raw: RawStatement, vocab: Vocabularies, root, problems: list[Problem],
                       unreadable: frozenset[str] = frozenset()) -> Statement | None:
    """One statement; `unreadable`: the vocabulary files already refused, whose ids are not checked again."""
    pm = Problems(problems, rel(raw.meta_path, root))
    pt = Problems(problems, rel(raw.text_path, root))
    text, blocks = _text(raw, pt)
    if not _statement_shape(raw.meta, pm):
        return None
    before = len(problems)
    s = _Fields(raw, raw.meta, vocab, unreadable, pm, root, text, blocks)
    for name, check in STATEMENT_CHECKS:
        s.values[name] = check(s)
    got = s.values
    if len(problems) > before or text is None or None in (got["title"], got["date"], got["type"], got["publisher"],
                                                           got["provenance"]):
        return None
    return Statement(
        id=raw.id, title=got["title"], date=got["date"], meeting=got["meeting"], type=got["type"],
        sha256=got["sha256"], language=got["language"], publisher=got["publisher"], authors=got["authors"],
        people=got["people"], topics=got["topics"], countries_about=got["countries"]["about"],
        countries_exclude=got["countries"]["exclude"], text_file=raw.text_path.name, raw=raw.raw, text=text,
        blocks=blocks, dateline=got["dateline"], on_behalf_of=got["on_behalf_of"],
        mentioned_organisations=got["mentions"], provenance=got["provenance"], notes=got["notes"],
        translation_of=got["translation_of"], original_file=got["original"],
    )


def _text(raw: RawStatement, pt: Problems) -> tuple[str | None, list | None]:
    """A statement's id (it names its files) and its text, decoded and parsed into blocks (None, None: it could
    not be, reported)."""
    if problem := statement_id_problem(raw.id):
        pt.add("id", problem)
    if raw.raw is None:  # it could not be read (reported)
        return None, None
    try:
        text = decode(raw.raw)
        return text, parse_blocks(text)
    except TextError as err:
        pt.add("", str(err))
        return None, None


def _statement_shape(meta, pm: Problems) -> bool:
    """Whether a statement's metadata is a mapping, its fields to be checked: its unknown and missing fields, and
    a draft's review key, are reported here."""
    if meta is UNREADABLE:
        return False
    if meta is None:
        pm.add("", "is empty")
        return False
    if not isinstance(meta, dict):
        pm.add("", f"must be a mapping of fields, not {kind(meta)}")
        return False
    as_mapping(meta, pm, "", STATEMENT_FIELDS)
    for k in REQUIRED:
        if meta.get(k) is None:
            pm.add(k, "is missing")
    if "review" in meta:
        pm.add("review", review_problem(meta["review"]))
    return True


class _Fields:
    """A statement's metadata being checked: what its checks read (its files, the vocabularies, where problems
    go) and the values checked so far, by field."""

    def __init__(self, raw: RawStatement, meta: dict, vocab: Vocabularies, unreadable: frozenset[str],
                 pm: Problems, root, text: str | None, blocks: list | None):
        self.raw, self.meta, self.vocab, self.unreadable, self.pm = raw, meta, vocab, unreadable, pm
        self.root, self.text, self.blocks = root, text, blocks
        self.values: dict = {}

    def lookup(self, name: str, value, table: dict, file: str, what: str, unknown: str):
        """The entry of a vocabulary an id names (None where that file was refused: not checked again)."""
        if file in self.unreadable:
            return None
        return reference(value, table, self.pm, name, what, unknown)

    def org(self, value, name: str) -> Organisation | None:
        return self.lookup(name, value, self.vocab.organisations, "organisations.yml", "an organisation",
                           "is not an organisation in statements/organisations.yml")

    def topic(self, value, name: str) -> Topic | None:
        return self.lookup(name, value, self.vocab.topics, "topics.yml", "a topic",
                           "is not a topic in statements/topics.yml")

    def ids(self, name: str, one) -> list:
        """The field `name`'s list of ids, each looked up once (`one`); an id listed twice is a problem."""
        out, seen = [], set()
        for i, item in enumerate(as_list(self.meta.get(name), self.pm, name)):
            if isinstance(item, str) and item in seen:
                self.pm.add(f"{name}[{i}]", f"{shown(item)} is listed twice")
            elif (found := one(item, f"{name}[{i}]")) is not None:
                out.append(found)
            if isinstance(item, str):
                seen.add(item)
        return out


def _given(name: str, check):
    """A field's check run only where it is given (one missing but required is reported with the shape)."""
    def given(s: _Fields):
        value = s.meta.get(name)
        return None if value is None else check(s, value)
    return given


def _sha256(s: _Fields, sha):
    """The text's sha256, checked against its bytes."""
    if not isinstance(sha, str) or not SHA256.match(sha):
        s.pm.add("sha256", "must be 64 lowercase hexadecimal digits")
    elif s.raw.raw is not None and hashlib.sha256(s.raw.raw).hexdigest() != sha:
        s.pm.add("sha256", f"does not match {s.raw.text_path.name} (its sha256 is "
                           f"{hashlib.sha256(s.raw.raw).hexdigest()}): the original has changed")
    return sha


def _language(s: _Fields):
    language = s.meta.get("language", "en")
    if not isinstance(language, str) or not LANGUAGE.fullmatch(language) \
            or pycountry.languages.get(alpha_2=language) is None:
        s.pm.add("language", f"{shown(language)} is not an ISO 639-1 language code")
    return language


def _people(s: _Fields) -> list[Person]:
    """The people a statement names, each with what it makes of them (PARTS)."""
    people = []
    for i, entry in enumerate(as_list(s.meta.get("people"), s.pm, "people")):
        where = f"people[{i}]"
        if not isinstance(entry, dict):
            s.pm.add(where, f"must be a mapping with name, organisation and role, not {kind(entry)}")
        elif (person := _person(s, entry, where)) is not None:
            people.append(person)
    return people


def _person(s: _Fields, entry: dict, where: str) -> Person | None:
    pm = s.pm
    as_mapping(entry, pm, where, PERSON_FIELDS)
    name = as_text(entry.get("name"), pm, f"{where}.name")
    affiliation = s.org(entry["organisation"], f"{where}.organisation") \
        if entry.get("organisation") is not None else None
    role = as_text(entry.get("role"), pm, f"{where}.role", required=False)
    fr = as_mapping(entry.get("fr"), pm, f"{where}.fr", PERSON_FRENCH, " with role")
    role_fr = as_text(fr.get("role"), pm, f"{where}.fr.role", required=False)
    part = "quoted" if entry.get("as") is None else entry["as"]
    if part not in PARTS:
        pm.add(f"{where}.as", f"{shown(part)} is none of {', '.join(PARTS)}")
        return None
    if not name:
        return None
    person = Person(name, affiliation, role, part, role_fr)
    if problem := id_problem(person.id):  # its address key names its page's file
        pm.add(f"{where}.name", f"cannot name a page: its address key {problem}")
        return None
    return person


def _countries(s: _Fields) -> dict[str, list[str]]:
    """The countries a statement is about, and those it names but is not about (exclude), as codes."""
    countries = as_mapping(s.meta.get("countries"), s.pm, "countries", {"about", "exclude"},
                           " with about and exclude lists")
    return {k: _country_codes(s, countries.get(k), f"countries.{k}") for k in ("about", "exclude")}


def _country_codes(s: _Fields, value, name: str) -> list[str]:
    codes: list[str] = []
    places = s.vocab.places
    for i, code in enumerate(as_list(value, s.pm, name)):
        if "places.yml" in s.unreadable:
            continue
        if not places.is_code(code):
            hint = ""
            if isinstance(code, str) and places.is_code(code.upper()):
                hint = f": write it in capitals, {code.upper()!r}"
            s.pm.add(f"{name}[{i}]", f"{shown(code)} is not an ISO 3166-1 alpha-2 country code{hint}")
        elif code in codes:
            s.pm.add(f"{name}[{i}]", f"{code!r} is listed twice")
        else:
            codes.append(code)
    return codes


def _dateline(s: _Fields) -> str | None:
    """The dateline as the text writes it, which is the statement's date where it writes a full one."""
    dateline = as_text(s.meta.get("dateline"), s.pm, "dateline", required=False)
    when = s.values["date"]
    if dateline and s.text is not None and dateline not in s.text:
        s.pm.add("dateline", f"{shown(dateline)} does not appear in the text")
    elif dateline and when is not None and (problem := dateline_problem(dateline, when)):
        s.pm.add("dateline", problem)
    return dateline


def _translation_of(s: _Fields) -> str | None:
    """The id of the statement this one translates (link_translations checks it is one)."""
    translation_of = s.meta.get("translation_of")
    if translation_of is not None and (problem := statement_id_problem(translation_of)):
        s.pm.add("translation_of", f"must be the id of the statement it translates: {problem}")
        return None
    if translation_of == s.raw.id:
        s.pm.add("translation_of", "names the statement itself: give the id of the original it translates")
        return None
    return translation_of


def _statement_notes(s: _Fields) -> tuple[Note, ...]:
    paragraphs = sum(len(block.paragraphs) for block in s.blocks) if s.blocks is not None else None
    return _notes(s.meta.get("notes"), s.pm, paragraphs)


# A statement's fields, each with its check, in the order they are checked (and their problems reported). A check
# reads the statement (_Fields) and the values checked before it; it returns the field's value, None if refused.
STATEMENT_CHECKS = (
    ("title", _given("title", lambda s, v: as_text(v, s.pm, "title"))),
    ("date", _given("date", lambda s, v: as_date(v, s.pm, "date"))),
    ("meeting", _given("meeting", lambda s, v: s.lookup("meeting", v, s.vocab.meetings, "meetings.yml",
                                                        "a meeting", "is not a meeting in statements/meetings.yml"))),
    ("type", _given("type", lambda s, v: s.lookup("type", v, s.vocab.types, "types.yml", "a type",
                                                  f"is not a type in statements/types.yml ({', '.join(s.vocab.types)})"
                                                  ))),
    ("sha256", _given("sha256", _sha256)),
    ("language", _language),
    # Roles: who wrote it ([] for an unsigned report), who published it, on whose behalf it was issued, and the
    # organisations it quotes or names.
    ("authors", lambda s: s.ids("authors", s.org)),
    ("publisher", _given("publisher", lambda s, v: s.org(v, "publisher"))),
    ("on_behalf_of", lambda s: s.ids("on_behalf_of", s.org)),
    ("mentions", lambda s: s.ids("mentions", s.org)),
    ("people", _people),
    ("topics", lambda s: s.ids("topics", s.topic)),
    ("countries", _countries),
    ("dateline", _dateline),
    ("translation_of", _translation_of),
    ("provenance", lambda s: _provenance(s.meta.get("provenance"), s.pm)),
    ("notes", _statement_notes),
    ("original", lambda s: _original(s.raw, s.meta, s.pm, s.root, s.values["sha256"], bool(s.values["notes"]))),
)


def _original(raw: RawStatement, meta: dict, p: Problems, root, text_sha, noted: bool) -> OriginalFile | None:
    """The original the text was extracted from, as `original:` names it and as it is beside the text: its name,
    its sha256 (checked against its bytes, as a text's), and the text's sha256 as extracted, which the text's
    differs from only with a note saying what was corrected."""
    given = meta.get("original")
    if given is None:
        if raw.original_path is not None:
            Problems(p.sink, rel(raw.original_path, root)).add(
                "", f"is not named by {raw.id}.yml: an original beside a text is named under original: (file, "
                    "sha256, extracted), as make add writes it")
        return None
    data = as_mapping(given, p, "original", ORIGINAL_FIELDS, " with file, sha256 and extracted")
    for name in ORIGINAL_FIELDS:
        if data.get(name) is None and isinstance(given, dict):
            p.add(f"original.{name}", "is missing")
    name, sha, extracted = data.get("file"), data.get("sha256"), data.get("extracted")
    if name is not None and not isinstance(name, str):
        p.add("original.file", "must be a file name (<id>.pdf, .docx, .odt, .html or .original.txt)")
        name = None
    for field, value in (("sha256", sha), ("extracted", extracted)):
        if value is not None and (not isinstance(value, str) or not SHA256.fullmatch(value)):
            p.add(f"original.{field}", "must be 64 lowercase hexadecimal digits")
    if raw.original_path is None:
        if name is not None:
            p.add("original.file", f"{shown(name)} is not beside the text: statements/ holds no original of "
                                   f"{raw.id} (<id>.pdf, .docx, .odt, .html or .original.txt)")
        return None
    if name is not None and name != raw.original_path.name:
        p.add("original.file", f"{shown(name)} is not the original beside the text, {raw.original_path.name}")
    if isinstance(sha, str) and SHA256.fullmatch(sha) and raw.original_sha256 not in (None, sha):
        p.add("original.sha256", f"does not match {raw.original_path.name} (its sha256 is {raw.original_sha256}): "
                                 "the original has changed")
    if isinstance(extracted, str) and SHA256.fullmatch(extracted) and isinstance(text_sha, str) \
            and SHA256.fullmatch(text_sha) and extracted != text_sha and not noted:
        p.add("original.extracted", f"the text is not as it was extracted from {raw.original_path.name}: say what "
                                    "was corrected in a note (notes: - {paragraph: N, text: …})")
    if not (isinstance(sha, str) and SHA256.fullmatch(sha)) or raw.original_sha256 is None:
        return None
    return OriginalFile(raw.original_path.name, ORIGINALS[_suffix(raw.original_path.name)], sha,
                        raw.original_size, raw.original_path)


def _suffix(name: str) -> str:
    return next(suffix for suffix in ORIGINALS if name.endswith(suffix))


def _publications(value, p: Problems, name: str) -> tuple[Publication, ...]:
    out = []
    for i, entry in enumerate(as_list(value, p, name)):
        where = f"{name}[{i}]"
        if not isinstance(entry, dict):
            p.add(where, f"must be a mapping with by, url, title and date, not {kind(entry)}")
            continue
        as_mapping(entry, p, where, PUBLICATION_FIELDS)
        by = as_text(entry.get("by"), p, f"{where}.by")
        url = _url(entry.get("url"), p, f"{where}.url")
        title = as_text(entry.get("title"), p, f"{where}.title", required=False)
        when = as_text(entry.get("date"), p, f"{where}.date", required=False)
        if by:
            out.append(Publication(by, url, title, when))
    return tuple(out)


def _provenance(value, p: Problems) -> Provenance | None:
    """Where the original was published and reported, its archived copies, the name it arrived under."""
    data = as_mapping(value, p, "provenance", PROVENANCE_FIELDS, " with published, reported, archived, received_as")
    before = len(p.sink)
    published = _publications(data.get("published"), p, "provenance.published")
    reported = _publications(data.get("reported"), p, "provenance.reported")
    archived = tuple(url for i, item in enumerate(as_list(data.get("archived"), p, "provenance.archived"))
                     if (url := _url(as_text(item, p, f"provenance.archived[{i}]"), p, f"provenance.archived[{i}]")))
    received_as = as_text(data.get("received_as"), p, "provenance.received_as", required=False)
    return None if len(p.sink) > before else Provenance(published, reported, archived, received_as)


def _notes(value, p: Problems, paragraphs: int | None) -> tuple[Note, ...]:
    """Editors' notes on artefacts of the original, each on a paragraph of it."""
    out = []
    for i, entry in enumerate(as_list(value, p, "notes")):
        where = f"notes[{i}]"
        if not isinstance(entry, dict):
            p.add(where, f"must be a mapping with paragraph and text, not {kind(entry)}")
            continue
        as_mapping(entry, p, where, NOTE_FIELDS)
        n = entry.get("paragraph")
        if not isinstance(n, int) or isinstance(n, bool) or n < 1 or (paragraphs is not None and n > paragraphs):
            p.add(f"{where}.paragraph", f"{shown(n)} is not one of the text's paragraphs (1 to {paragraphs})")
            n = None
        note = as_text(entry.get("text"), p, f"{where}.text")
        if n and note:
            out.append(Note(n, note))
    return tuple(out)


def dateline_problem(dateline: str, when: date) -> str | None:
    """Why a dateline as written is not the statement's date, or None: its date is read as statements write
    dates, in English or French ("November 6, 2009", "6 novembre 2009", "le 23 juin 2011"). A dateline
    with no full date in it (a place, a weekday) is not checked."""
    found = find_dates(dateline)
    if not found or found[0].date == when:
        return None
    return (f"{shown(dateline)} reads as {found[0].date.isoformat()}, not the statement's date "
            f"{when.isoformat()}: correct the date or the dateline")


def link_translations(statements: list[Statement], raws: dict[str, RawStatement], root,
                      problems: list[Problem], refused: set[str]) -> list[Statement]:
    """Each translation's original, and each original's translations. A translation names an original the
    archive has (not itself a translation), in another language, and no original has two translations in one
    language. The statements kept: a translation whose link is refused is left out."""
    by_id = {s.id: s for s in statements}
    seen: dict[tuple[str, str], str] = {}  # (original, language) -> the first translation into it
    bad = set()
    for s in sorted((s for s in statements if s.translation_of), key=lambda s: s.id):
        p = Problems(problems, rel(raws[s.id].meta_path, root))
        original = by_id.get(s.translation_of)
        if original is None:
            if s.translation_of not in refused:  # refused: its own problems are reported
                p.add("translation_of", f"{s.translation_of!r} is not a statement in statements/ (no "
                                        f"{s.translation_of}.yml)")
            bad.add(s.id)
        elif original.translation_of:
            p.add("translation_of", f"{original.id!r} is itself a translation (of {original.translation_of!r}): "
                                    "name the original")
            bad.add(s.id)
        elif original.language == s.language:
            p.add("translation_of", f"{original.id!r} is in the same language ({s.language}): a translation "
                                    "is in another language than its original")
            bad.add(s.id)
        elif (original.id, s.language) in seen:
            p.add("translation_of", f"{original.id!r} already has a translation into {s.language}, "
                                    f"{seen[(original.id, s.language)]!r}: one per language")
            bad.add(s.id)
        else:
            seen[(original.id, s.language)] = s.id
            s.original = original
            original.translations.append(s)
    for s in statements:
        s.translations.sort(key=lambda t: (t.language, t.id))
    return [s for s in statements if s.id not in bad]


def inherit_translations(archive: RawArchive) -> dict[str, list[tuple[str, str]]]:
    """Each translation's metadata completed with what it inherits from its original's (kparchive.translations):
    its meeting, topics and countries, and its type and organisations where it gives none. Returns the shared
    facts each gives otherwise than its original, reported once the link is known to hold (link_translations
    refuses one that does not, in one line)."""
    metas = {raw.id: raw.meta for raw in archive.statements if isinstance(raw.meta, dict)}
    differing = {}
    for raw in archive.statements:
        meta = raw.meta
        if not isinstance(meta, dict) or not isinstance(meta.get("translation_of"), str):
            continue
        original = metas.get(meta["translation_of"])
        if original is None or original.get("translation_of") is not None or original is meta:
            continue
        differing[raw.id] = contradictions(meta, original)
        raw.meta = inherit(meta, original)
    return differing


def validate(archive: RawArchive, problems: list[Problem]) -> tuple[Vocabularies | None, list[Statement]]:
    vocab = validate_vocabularies(archive, problems)
    unreadable = frozenset(name for name, data in archive.vocabularies.items() if data is UNREADABLE)
    differing = inherit_translations(archive)
    statements = []
    for raw in archive.statements:
        statement = validate_statement(raw, vocab, archive.root, problems, unreadable)
        if statement is not None:
            statements.append(statement)
    kept = {s.id for s in statements}
    refused = {raw.id for raw in archive.statements if raw.id not in kept}
    raws = {raw.id: raw for raw in archive.statements}
    statements = link_translations(statements, raws, archive.root, problems, refused)
    for s in statements:
        if s.original is not None and differing.get(s.id):
            p = Problems(problems, rel(raws[s.id].meta_path, archive.root))
            for name, message in differing[s.id]:
                p.add(name, message)
    return vocab, statements
