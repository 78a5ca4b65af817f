"""The offline edition's search index: built here by lunr.py, read in the browser by lunr.js from a classic
script, so it works from file:// (where fetch, ES modules and wasm are blocked, and Pagefind with them).

lunr.py writes an index in the serialization of lunr.js 2.3.9, the lunr.js that MkDocs ships: the edition
carries that file (LUNR_JS), so the two always come from the pinned packages. The index is built once, here;
the browser only loads it (Material's search rebuilt its whole index in the browser on every page).

What it covers depends on the archive's size (`coverage`): every statement's title, summary, date, type,
meeting, countries, topics, organisations and people, always; its full text, each paragraph a document of
its own so a result opens the paragraph, while the archive is small enough for a browser to load that from
a USB stick in well under a second (bench/HISTORY.md has the measurements). The data comes from the built
edition: statements.csv (the catalogue, with every facet's names in both languages) and statements/<id>.json
(summary and paragraphs). Each tree of the edition has its own index (search/search-index.js, and
fr/search/search-index.js): the same statements, whose meetings its results name in the tree's language,
found by their names in either language ("RDC" and "DRC" from both).

Words are split, lowercased, stop-worded and stemmed here and the same way in the browser
(docs/assets/offline-search.js): accents dropped (a phone's keyboard may have none: "Cote" finds "Côte"), runs
of Unicode letters and digits, lunr's English stop words, lunr's Porter stemmer, for both languages (most
statements are in English; a French word stemmed by an English stemmer is still stemmed the same way twice).
lunr.py's stemmer and lunr.js's differ on a final y (`key`: kei / key; `try`: try / tri), so
the browser tries both spellings of a stem.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import lunr
import mkdocs
from lunr.builder import Builder
from lunr.stemmer import stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.token import Token

from . import parallel, urls
from .csvcells import value_of

LUNR_JS = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"
LUNR_VERSION = lunr.__TARGET_JS_VERSION__  # what lunr.py writes for: LUNR_JS must be that version
GLOBAL = "KP_OFFLINE_SEARCH"  # the index script's one global

FULL, METADATA = "full", "metadata"
# Full text up to this many words in all (about 450 statements of the bench's average length): measured in Chromium
# from file://, its index then loads and answers a first query in well under a second (bench/HISTORY.md).
FULL_TEXT_WORDS = 400_000

# The statement's fields (lunr field, boost): its title counts most, then what it is about.
FIELDS = (("title", 8), ("about", 3), ("summary", 2))
# The facets whose names (CSV columns <facet>_name, and <facet>_name_fr where they differ) a statement's
# `about` is made of, as the site shows them in each language.
ABOUT_FACETS = ("year", "type", "meeting", "country", "topic", "organisation", "person")
PARAGRAPH_ID = re.compile(r"p([0-9]{1,6})")
WORD = re.compile(r"\w+")


def coverage(total_words: int) -> str:
    """FULL if an archive of this many words gets a full-text index, else METADATA."""
    return FULL if total_words <= FULL_TEXT_WORDS else METADATA


@functools.lru_cache(maxsize=1 << 20)
def _stem(word: str) -> str:
    return str(stemmer(Token(word)))


def fold(text: str) -> str:
    """Lowercased, accents dropped (NFD, every mark removed), as the browser folds a query with
    `normalize("NFD")` and its pattern of marks. Not countrynames.sort_key: its casefold ("ß" to "ss") has no
    counterpart there."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def terms(text: str) -> list[str]:
    """The index terms of a text, as the browser makes them of a query."""
    return [_stem(word) for word in WORD.findall(fold(text)) if word not in STOP_WORDS]


@dataclass(frozen=True)
class Entry:
    """One statement as the index and its results need it."""

    page: str  # its address from the edition's root
    title: str
    date: str
    meetings: dict[str, str]  # its meeting's name in each tree's language
    fields: dict[str, list[str]]  # lunr field -> terms
    paragraphs: list[tuple[int, list[str]]]  # (n of its id pN, terms); empty without the full text


def _column(row: dict, name: str, lang: str) -> str:
    """A name column in the tree's language (meeting_name_fr), else the English one."""
    if lang == urls.DEFAULT_LANGUAGE:
        return row.get(name, "")
    return row.get(f"{name}_{lang}") or row.get(name, "")


def _entries(context: tuple[Path, bool], rows: list[dict]) -> list[Entry]:
    """Read each statement's JSON and make its terms (in forked workers at archive scale)."""
    site, full_text = context
    out = []
    for row in rows:
        sid = row["id"]
        data = json.loads((site / urls.statement_file(sid, "json")).read_text("utf-8"))
        # Its facets' names in every language the catalogue has them in (country_name, country_name_fr).
        about = " ".join(value for column, value in row.items()
                         if column.split("_name", 1)[0] in ABOUT_FACETS and "_name" in column and value)
        # Its countries' other names, in every language ("DRC", "RDC"), as its page shows them.
        about += " " + " ".join(name for names in (data.get("country_names") or {}).values()
                                for those in names.values() for name in those)
        paragraphs = []
        if full_text:
            for p in data.get("paragraphs", []):
                number = PARAGRAPH_ID.fullmatch(str(p.get("id", "")))
                if number:
                    paragraphs.append((int(number.group(1)), terms(p.get("text", ""))))
        out.append(Entry(urls.site_path(urls.statement(sid), False), row.get("title", ""), row.get("date", ""),
                         {lang: _column(row, "meeting_name", lang) for lang in urls.TREES},
                         {"title": terms(row.get("title", "")), "about": terms(about),
                          "summary": terms(data.get("description", ""))}, paragraphs))
    return out


def _read(site: Path, full_text: bool, workers: int | None = None) -> list[Entry]:
    with open(site / urls.CATALOGUE_CSV, encoding="utf-8", newline="") as f:
        rows = [{name: value_of(cell) for name, cell in row.items()} for row in csv.DictReader(f)]  # as they are
    parts = parallel.fork_map(_entries, (site, full_text), rows, workers)
    entries: list = [None] * len(rows)
    for k, part in enumerate(parts):  # fork_map gives worker k the rows k, k + n, k + 2n…: back in order
        entries[k::len(parts)] = part
    return entries


def _index(fields: tuple[tuple[str, int], ...], docs) -> dict:
    """A lunr index of (ref, {field: terms}) documents, serialized for lunr.js. The terms are made already,
    so the builder's pipeline is empty; the browser makes a query's terms the same way."""
    builder = Builder()
    builder.ref("ref")
    for name, boost in fields:
        builder.field(name, boost)
    for ref, values in docs:
        builder.add({"ref": ref, **values})
    return builder.build().serialize()


def build_trees(site: Path, mode: str, langs: tuple[str, ...], workers: int | None = None) -> dict[str, dict]:
    """The search data of the built edition in `site`, for each tree: its statements (for the results) and the
    indexes. The indexes are made once: a statement's terms are the same in every tree (both languages'
    names), only the meeting its results name differs."""
    entries = _read(site, mode == FULL, workers)
    metadata = _index(FIELDS, ((str(i), e.fields) for i, e in enumerate(entries)))
    text = _index((("text", 1),), ((f"{i}.{n}", {"text": t}) for i, e in enumerate(entries)
                                   for n, t in e.paragraphs)) if mode == FULL else None
    return {lang: {"coverage": mode, "statements": [[e.page, e.title, e.date, e.meetings[lang]] for e in entries],
                   "metadata": metadata, "text": text} for lang in langs}


def build(site: Path, mode: str, workers: int | None = None, lang: str = urls.DEFAULT_LANGUAGE) -> dict:
    """The search data of one tree of the built edition."""
    return build_trees(site, mode, (lang,), workers)[lang]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def lunr_js() -> bytes:
    """MkDocs' copy of lunr.js (MIT; its licence header stays in the file), checked to be the version lunr.py
    writes indexes for."""
    source = LUNR_JS.read_bytes()
    if f'lunr.version = "{LUNR_VERSION}"'.encode() not in source:
        raise RuntimeError(f"{LUNR_JS} is not lunr.js {LUNR_VERSION}, the version lunr.py writes indexes for")
    return source


def trees(site: Path) -> list[str]:
    """The languages whose tree the built edition has (its French one in fr/)."""
    return [lang for lang in urls.TREES if (site / urls.tree(lang) / "index.html").is_file()]


def write(site: Path, mode: str) -> dict[str, int]:
    """Write each tree's index script and lunr.js into the built edition; return each file's size, by its
    path in the edition (search/search-index.js, fr/search/search-index.js…)."""
    written = {}
    langs = tuple(trees(site))
    data = build_trees(site, mode, langs)
    indexes = {key: _json(data[langs[0]][key]) for key in ("metadata", "text")} if langs else {}  # shared
    for lang in langs:
        # json.dumps(data[lang]) with the separators above, its indexes serialized once for every tree
        text = "{" + ",".join(f"{_json(key)}:{indexes[key] if key in indexes else _json(value)}"
                              for key, value in data[lang].items()) + "}"
        script = f"var {GLOBAL} = JSON.parse({json.dumps(text, ensure_ascii=False)});\n"
        folder = urls.tree(lang)
        written[folder + urls.OFFLINE_SEARCH_INDEX] = script.encode("utf-8")
        written[folder + urls.OFFLINE_LUNR] = lunr_js()
    for name, content in written.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return {name: len(content) for name, content in written.items()}
