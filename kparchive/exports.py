"""Exports: the catalogue as data (statements.csv, datapackage.json, statements/<id>.json) and as a feed.

All are views of the one catalogue: /statements.json publishes `Catalogue.records()`, the CSV one row a
statement with its facets' columns (`COLUMNS`, from the facet registry); a translation is a statement of its
own, a row like any other, whose `translation_of` names its original; `datapackage.json`
describes the files (Frictionless Data Package) with each one's size and sha256 for fixity checks.

A spreadsheet opens the CSV: a text cell that starts like a formula (`=6*7`, `=HYPERLINK(…)`, which would send a
cell to another host) is written with an apostrophe before it, so every office program shows it as text
(kparchive/csvcells.py, OWASP's advice on CSV injection). The JSON files keep every value as it is.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale
from jinja2 import Environment

from . import extract, facets, i18n, urls
from .catalogue import Catalogue
from .cite import Citer
from .csvcells import RULE, neutral
from .messages import N_
from .model import Statement

LIST_SEPARATOR = "; "
FEED_SIZE = 100  # the newest statements in feed.xml; the whole catalogue is in statements.json


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # its Table Schema type
    description: str
    value: Callable  # (catalogue, statement) -> the cell's value
    facet: str = ""  # a facet's names column: the facet's key
    lang: str = ""  # and the language of its names


@functools.lru_cache(maxsize=4)
def _language(catalogue: Catalogue, lang: str) -> i18n.Language:
    """The interface language whose names a column gives (its countries and labels cached, per catalogue)."""
    return i18n.Language(lang, catalogue.french, catalogue.vocab.places)


def _facet_columns(facet: facets.Facet) -> list[Column]:
    """A facet's columns: its values' ids (codes), then their names as each language's pages show them
    (`meeting_name`, `meeting_name_fr`), each joined with '; ': one set of codes, labelled in both languages."""
    def ids(cat, s, facet=facet):
        return [facets.value_id(facet, v) for v in facets.values(facet, s)]

    def names(lang):
        def of(cat, s, facet=facet):
            language = _language(cat, lang)
            return [language.label(cat, facet.key, vid) for vid in ids(cat, s)]
        return of

    columns = [Column(facet.key, "integer" if facet.kind == "year" else "string", facet.description, ids)]
    for lang in i18n.LANGUAGES if facet.translated else (i18n.DEFAULT,):
        suffix = "" if lang == i18n.DEFAULT else f"_{lang}"
        name = Locale.parse("en").languages[lang]  # CLDR's English name of the language: "French"
        in_language = "" if lang == i18n.DEFAULT else f" in {name}"
        columns.append(Column(f"{facet.key}_name{suffix}", "string",
                              f"{facet.label} by name{in_language}, as the site's {name} pages show it",
                              names(lang), facet.key, lang))
    return columns


# The CSV's columns, from the facet registry and the statement's own fields: the data page and
# datapackage.json describe the same list.
COLUMNS: list[Column] = [
    Column("id", "string", N_("Permanent id; the page is /statements/<id>/"), lambda c, s: s.id),
    Column("title", "string", N_("Title given by the archive's editors"), lambda c, s: s.title),
    Column("date", "date", N_("Date of the statement (YYYY-MM-DD)"), lambda c, s: s.date.isoformat()),
    Column("url", "string", N_("Path of the statement's page on this site"),
           lambda c, s: "/" + urls.site_path(urls.statement(s.id))),
    *(column for facet in facets.REGISTRY for column in _facet_columns(facet)),
    # A statement between meetings has none: its meeting's columns are empty.
    Column("meeting_type", "string", N_("plenary or intersessional"), lambda c, s: s.meeting and s.meeting.type),
    Column("meeting_city", "string", N_("City of the meeting (empty when virtual)"),
           lambda c, s: s.meeting and s.meeting.city),
    Column("meeting_country", "string", N_("Alpha-2 code of the meeting's country"),
           lambda c, s: s.meeting and s.meeting.country),
    Column("meeting_virtual", "boolean", N_("true when the meeting was held online"),
           lambda c, s: s.meeting and s.meeting.virtual),
    Column("authors", "string", N_("Who wrote it, by name, separated by '; ' (empty: an unsigned report)"),
           lambda c, s: [o.name for o in s.authors] + [p.name for p in s.author_people]),
    Column("publisher", "string", N_("Who published the original"), lambda c, s: s.publisher.name),
    Column("on_behalf_of", "string", N_("The organisations it was issued on behalf of, separated by '; '"),
           lambda c, s: [o.name for o in s.on_behalf_of]),
    Column("mentions", "string", N_("The organisations it quotes or names (other than its authors and publisher)"),
           lambda c, s: [o.name for o in s.quoted_organisations]),
    Column("source_file", "string", N_("File name of the original text"), lambda c, s: s.text_file),
    Column("source_url", "string", N_("Path of the original text on this site"),
           lambda c, s: "/" + urls.statement_file(s.id, "txt")),
    Column("source_sha256", "string", N_("SHA-256 of the original text's bytes"), lambda c, s: s.sha256),
    Column("original_file", "string", N_("File name of the original as received: the text itself, or the PDF, "
           "Word, OpenDocument file or web page its text was extracted from"), lambda c, s: s.published.name),
    Column("original_format", "string", N_("Its format: txt, pdf, docx, odt or html"),
           lambda c, s: s.published.format),
    Column("original_url", "string", N_("Path of the original on this site (a web page as text, .html.txt)"),
           lambda c, s: "/" + urls.original_file(s.id, s.original_suffix)),
    Column("original_bytes", "integer", N_("Size of the original in bytes"), lambda c, s: s.published.size),
    Column("original_sha256", "string", N_("SHA-256 of the original's bytes"), lambda c, s: s.published.sha256),
    Column("words", "integer", N_("Number of words in the text"), lambda c, s: s.words),
    Column("translation_of", "string", N_("For a translation, the id of the statement it translates (its "
           "original); empty for an original"), lambda c, s: s.original.id if s.original else None),
]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value))
    return str(value)


def to_json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def cells(columns: list[Column], values: list) -> list[str]:
    """A row's cells: each value as text (a list joined with "; "), a text column's made `neutral`."""
    return [neutral(_cell(value)) if column.type == "string" else _cell(value)
            for column, value in zip(columns, values, strict=True)]


def csv_bytes(columns: list[Column], rows) -> bytes:
    """A CSV with a header row: UTF-8, comma-separated, CRLF, quoted where needed (Python's csv, excel dialect)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for values in rows:
        writer.writerow(cells(columns, values))
    return out.getvalue().encode("utf-8")


def statements_csv(catalogue: Catalogue) -> bytes:
    """One row a statement, oldest first (lists joined with "; ", text cells made `neutral`)."""
    return csv_bytes(COLUMNS, ([column.value(catalogue, s) for column in COLUMNS] for s in catalogue.chronological))


def _file_facts(data: bytes) -> dict:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def datapackage(catalogue: Catalogue, citer: Citer, files: dict[str, bytes]) -> bytes:
    """A Frictionless Data Package of the catalogue (CSV and JSON) and the originals; paths are relative."""
    site = citer.site
    resources = [
        {
            "name": "statements",
            "title": "Catalogue of statements (CSV)",
            "description": RULE,
            "path": urls.CATALOGUE_CSV,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            **_file_facts(files[urls.CATALOGUE_CSV]),
            "schema": {
                "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in COLUMNS],
                "primaryKey": ["id"],
                "missingValues": [""],
            },
        },
        {
            "name": "statements-json",
            "title": "Catalogue of statements (JSON, the same records with nested meeting and source)",
            "path": urls.CATALOGUE_JSON,
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            **_file_facts(files[urls.CATALOGUE_JSON]),
        },
    ]
    for s in catalogue.chronological:
        resources.append({
            "name": f"original-{s.id}" if s.original_file is None else f"text-{s.id}",
            "title": f"Original text: {s.title}" if s.original_file is None else f"Text extracted: {s.title}",
            "path": urls.statement_file(s.id, "txt"),
            "format": "txt",
            "mediatype": "text/plain",
            "encoding": "utf-8",
            "bytes": len(s.raw),
            "hash": f"sha256:{s.sha256}",
        })
        if s.original_file is not None:  # the file the text was extracted from (a web page published as text)
            o = s.original_file
            resources.append({
                "name": f"original-{s.id}",
                "title": f"Original ({o.format}): {s.title}",
                "path": urls.original_file(s.id, s.original_suffix),
                "format": "txt" if o.format == "html" else o.format,
                "mediatype": "text/plain" if o.format == "html" else extract.MEDIA_TYPES[o.format],
                "bytes": o.size,
                "hash": f"sha256:{o.sha256}",
            })
    package = {
        "profile": "data-package",
        "name": "kp-csc-statements",
        "title": site.name,
        "description": site.description + " The statements are © their authors, published here unaltered for the "
                       "public record; the catalogue describes them.",
        "homepage": site.url,
        "version": newest_date(catalogue),
        "keywords": ["Kimberley Process", "conflict diamonds", "civil society"],
        "resources": resources,
    }
    return to_json(package)


def newest_date(catalogue: Catalogue) -> str:
    """The date of the newest statement: the feed's `updated` and the package's version, so builds repeat."""
    return catalogue.newest_first[0].date.isoformat() if catalogue.newest_first else "1970-01-01"


def statement_json(catalogue: Catalogue, citer: Citer, s: Statement) -> bytes:
    """One statement's metadata: its catalogue record, absolute URLs, paragraphs and citations."""
    url = citer.url(s)
    data = {
        **catalogue.record(s),
        "canonical_url": url,
        "original_url": citer.original_url(s),
        "text_url": citer.file_url(s, "txt"),
        "description": s.summary,
        "former_ids": [old for old, new in catalogue.redirects.items() if new == s.id],
        # Each country it is about or names, by its other names in every language (places.Places.other_names),
        # as its page shows them beside it: "CD": {"en": ["DRC", …], "fr": ["RDC", …]}.
        "country_names": {code: dict(catalogue.vocab.places.other_names(code))
                          for code in [*s.countries, *s.mentioned]},
        "paragraphs": [{"id": p.pid, "url": f"{url}#{p.pid}", "text": p.text} for p in s.paragraphs],
        "citation": citer.plain(s),
    }
    return to_json(data)


def feed(env: Environment, catalogue: Catalogue, citer: Citer) -> bytes:
    """Atom feed of the newest statements, newest first (written by templates/feed.xml.j2, XML-escaped)."""
    entries = catalogue.newest_first[:FEED_SIZE]
    text = env.get_template("feed.xml.j2").render(entries=entries, citer=citer, updated=newest_date(catalogue))
    return text.encode("utf-8")


def files(catalogue: Catalogue, citer: Citer, env: Environment) -> dict[str, bytes]:
    """The catalogue's data files and feed, by docs path."""
    out = {urls.CATALOGUE_JSON: to_json(catalogue.records()), urls.CATALOGUE_CSV: statements_csv(catalogue)}
    out[urls.DATAPACKAGE] = datapackage(catalogue, citer, out)
    out[urls.FEED] = feed(env, catalogue, citer)
    return out
