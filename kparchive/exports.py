"""Exports: the catalogue as data (statements.csv, datapackage.json, statements/<id>.json) and as a feed.

All are views of `Catalogue.records()`, the same object /statements.json publishes; `datapackage.json`
describes the files (Frictionless Data Package) with each one's size and sha256 for fixity checks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from jinja2 import Environment

from .catalogue import Catalogue
from .cite import Citer
from .model import Statement

LIST_SEPARATOR = "; "
FEED_SIZE = 100  # the newest statements in feed.xml; the whole catalogue is in statements.json

# CSV column, Table Schema type, description, value from a /statements.json record.
COLUMNS = [
    ("id", "string", "Permanent id; the page is /statements/<id>/", lambda r: r["id"]),
    ("title", "string", "Title given by the archive's editors", lambda r: r["title"]),
    ("date", "date", "Date of the statement (YYYY-MM-DD)", lambda r: r["date"]),
    ("type", "string", "Document type id (statements/types.yml)", lambda r: r["type"]),
    ("url", "string", "Path of the statement's page on this site", lambda r: r["url"]),
    ("meeting_id", "string", "Kimberley Process meeting id", lambda r: r["meeting"]["id"]),
    ("meeting_name", "string", "Meeting name", lambda r: r["meeting"]["name"]),
    ("meeting_type", "string", "plenary or intersessional", lambda r: r["meeting"]["type"]),
    ("meeting_year", "integer", "Year of the meeting", lambda r: r["meeting"]["year"]),
    ("meeting_city", "string", "City of the meeting (empty when virtual)", lambda r: r["meeting"]["city"]),
    ("meeting_country", "string", "Alpha-2 code of the meeting's country", lambda r: r["meeting"]["country"]),
    ("meeting_virtual", "boolean", "true when the meeting was held online", lambda r: r["meeting"]["virtual"]),
    ("countries", "string", "Countries the statement names: alpha-2 codes separated by '; '", lambda r: r["countries"]),
    ("topics", "string", "Topic ids separated by '; '", lambda r: r["topics"]),
    ("organisations", "string", "Issuing organisations separated by '; '", lambda r: r["organisations"]),
    ("people", "string", "People who speak in the statement, separated by '; '", lambda r: r["people"]),
    ("source_file", "string", "File name of the original text", lambda r: r["source"]["file"]),
    ("source_url", "string", "Path of the original text on this site", lambda r: r["source"]["url"]),
    ("source_sha256", "string", "SHA-256 of the original text's bytes", lambda r: r["source"]["sha256"]),
    ("publisher", "string", "Who published the original", lambda r: r["source"]["publisher"]),
    ("words", "integer", "Number of words in the text", lambda r: r["words"]),
    ("language", "string", "ISO 639-1 code of the text's language", lambda r: r["language"]),
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


def statements_csv(records: list[dict]) -> bytes:
    """The /statements.json records, one CSV row each (lists joined with "; ")."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, *_ in COLUMNS])
    for record in records:
        writer.writerow([_cell(get(record)) for *_, get in COLUMNS])
    return out.getvalue().encode("utf-8")


def _file_facts(data: bytes) -> dict:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def datapackage(catalogue: Catalogue, citer: Citer, files: dict[str, bytes]) -> bytes:
    """A Frictionless Data Package of the catalogue (CSV and JSON) and the originals; paths are relative."""
    site = citer.site
    resources = [
        {
            "name": "statements",
            "title": "Catalogue of statements (CSV)",
            "path": "statements.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            **_file_facts(files["statements.csv"]),
            "schema": {
                "fields": [{"name": n, "type": t, "description": d} for n, t, d, _ in COLUMNS],
                "primaryKey": ["id"],
                "missingValues": [""],
            },
        },
        {
            "name": "statements-json",
            "title": "Catalogue of statements (JSON, the same records with nested meeting and source)",
            "path": "statements.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            **_file_facts(files["statements.json"]),
        },
    ]
    for s in catalogue.chronological:
        resources.append({
            "name": f"original-{s.id}",
            "title": f"Original text: {s.title}",
            "path": f"statements/{s.text_file}",
            "format": "txt",
            "mediatype": "text/plain",
            "encoding": "utf-8",
            "bytes": len(s.raw),
            "hash": f"sha256:{s.sha256}",
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
        "original_url": citer.file_url(s, s.text_file),
        "description": s.summary,
        "former_ids": [old for old, new in catalogue.redirects.items() if new == s.id],
        "paragraphs": [{"id": p.pid, "url": f"{url}#{p.pid}", "text": p.text} for p in s.paragraphs],
        "citation": citer.plain(s),
    }
    return to_json(data)


def feed(env: Environment, catalogue: Catalogue, citer: Citer) -> bytes:
    """Atom feed of the newest statements, newest first (written by templates/feed.xml.j2, XML-escaped)."""
    entries = catalogue.newest_first[:FEED_SIZE]
    text = env.get_template("feed.xml.j2").render(
        page_path="feed.xml", site=citer.site, entries=entries, citer=citer,
        updated=newest_date(catalogue))
    return text.encode("utf-8")
