"""Cite: each statement as references a reader copies (APA and Chicago through CSL styles, BibTeX, RIS) and as
the metadata reference managers and search engines read in its page's head (Highwire `citation_*`, Dublin
Core, OpenGraph, schema.org JSON-LD).

Everything here is plain data; the templates write it out (statement.html.j2 and head.html.j2, the
fragments of a statement page).
The reference's author is the issuing organisation (an institutional author); no access date is given, so
a rebuild of the same catalogue gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.model import CitationStylesElement
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from jinja2 import Environment, PackageLoader, StrictUndefined

from . import facets, urls
from .catalogue import Catalogue
from .model import Organisation, Statement
from .siteconfig import Site

CSL_DIR = Path(__file__).parent / "csl"
# key -> (label shown to readers, style file in kparchive/csl/)
STYLES = {
    "apa": ("APA (7th edition)", "apa.csl"),
    "chicago": ("Chicago (17th edition, author-date)", "chicago-author-date.csl"),
}

# citeproc-py's HTML formatter does not escape the item's own text, so the styles render to plain text in
# which italics are marked by two private-use characters; the template escapes the text and adds <i>.
_ITALIC_ON, _ITALIC_OFF = "\ue000", "\ue001"
_MARKS = re.compile(f"[{_ITALIC_ON}{_ITALIC_OFF}]")
_FORMATTER = SimpleNamespace(
    preformat=lambda text: text,
    Italic=lambda text: f"{_ITALIC_ON}{text}{_ITALIC_OFF}",
    Oblique=lambda text: f"{_ITALIC_ON}{text}{_ITALIC_OFF}",
    Bold=str, Light=str, Underline=str, Superscript=str, Subscript=str, SmallCaps=str,
)

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# citeproc-py looks up the style's macros, terms, options and enclosing elements with XPath queries at every
# step of every reference: 75 queries a statement, half of its formatting time. The style trees do not change
# once loaded, so each element's answer to each query is kept (a few thousand in all, for the two styles).
CitationStylesElement.xpath_search = functools.cache(CitationStylesElement.xpath_search)


def one_line(value) -> str:
    return " ".join(str(value).split())


def bibtex_escape(value) -> str:
    """A value made literal inside a BibTeX field's braces."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in one_line(value))


@dataclass(frozen=True)
class Segment:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Reference:
    """One formatted reference: `segments` for the page (italics kept), `text` for plain-text uses, and the
    style's in-text citation of a paragraph, `pinpoint`, with PARAGRAPH where its number goes."""

    key: str
    label: str
    segments: tuple[Segment, ...]
    pinpoint: str = ""

    @property
    def text(self) -> str:
        return "".join(seg.text for seg in self.segments)

    def cite_paragraph(self, n: int) -> str:
        """The in-text citation of paragraph n: "(Kimberley Process Civil Society Coalition, 2009, para. 11)"."""
        return self.pinpoint.replace(PARAGRAPH, str(n))


def _segments(rendered: str) -> tuple[Segment, ...]:
    out, italic = [], False
    for piece in re.split(f"([{_ITALIC_ON}{_ITALIC_OFF}])", rendered):
        if piece == _ITALIC_ON:
            italic = True
        elif piece == _ITALIC_OFF:
            italic = False
        elif piece:
            out.append(Segment(piece, italic))
    return tuple(out)


# What a formatted reference depends on, besides the statement's CSL-JSON: the style files and citeproc-py
# (its version, and its locales). CACHE_FORMAT changes whenever what is cached changes.
CACHE_FORMAT = 2
# The paragraph a pinpoint citation names, as citeproc formats it: the page puts each paragraph's number here.
PARAGRAPH = "\ue002"


@functools.cache
def _styles_digest() -> str:
    h = hashlib.sha256(f"{CACHE_FORMAT} citeproc-py {importlib.metadata.version('citeproc-py')}".encode())
    for _, file in STYLES.values():
        h.update((CSL_DIR / file).read_bytes())
    return h.hexdigest()


def cache_key(style: str, item: dict) -> str:
    """The key of one statement's reference in one style: a digest of everything that formats it."""
    data = json.dumps([_styles_digest(), style, item], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class CitationCache:
    """References formatted by citeproc-py in earlier builds (half of build_index's work at archive scale),
    in a JSON file under .cache/: a rebuild formats only new and changed statements. Entries no build uses
    any more are dropped when it is saved; a missing or unreadable file is an empty cache."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.entries: dict[str, str] = json.loads(path.read_text("utf-8"))
            if not isinstance(self.entries, dict):
                self.entries = {}
        except (OSError, ValueError):
            self.entries = {}

    def save(self, used: set[str], new: dict[str, str]) -> None:
        entries = {k: v for k, v in {**self.entries, **new}.items() if k in used}
        if entries == self.entries:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(entries, ensure_ascii=False, sort_keys=True), "utf-8")
        tmp.replace(self.path)


class Citer:
    """Citations and head metadata for the statements of one catalogue, with absolute URLs from `site`."""

    def __init__(self, catalogue: Catalogue, site: Site, formatted: dict[str, str] | None = None):
        """`formatted`: references citeproc formatted in earlier builds (a CitationCache's), by their key."""
        self.catalogue = catalogue
        self.site = site
        self.styles = {key: CitationStylesStyle(str(CSL_DIR / file), validate=False)
                       for key, (_, file) in STYLES.items()}
        self.formatted = formatted if formatted is not None else {}
        self.new: dict[str, str] = {}  # formatted in this build, for the cache
        self.used: set[str] = set()  # the cache keys of this build's references (what the cache keeps)
        self.env = Environment(  # plain-text formats; the page escapes them where they are shown
            loader=PackageLoader("kparchive", "templates"), autoescape=False, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.env.filters.update(bibtex=bibtex_escape, one_line=one_line)
        self._references: dict[str, list[Reference]] = {}
        self._cited: tuple[str, dict] | None = None  # Citer.cite's last statement, and what it gave

    def url(self, s: Statement) -> str:
        return self.site.absolute(urls.statement(s.id))

    def file_url(self, s: Statement, ext: str) -> str:
        """The absolute URL of a statement's published file: its original (txt), .bib, .ris, .json."""
        return self.site.absolute(urls.statement_file(s.id, ext))

    def value_url(self, key: str, value) -> str:
        """The absolute URL of a facet value's page (a meeting's, a country's…)."""
        facet = facets.BY_KEY[key]
        return self.site.absolute(facets.page(facet, facets.value_id(facet, value)))

    @staticmethod
    def authors(s: Statement) -> list[Organisation]:
        """The issuing organisations; the publisher when none is recorded."""
        return s.organisations or [s.publisher]

    def csl_item(self, s: Statement) -> dict:
        """The statement as CSL-JSON. The publisher is left out when it is the only author (APA 9.24)."""
        authors = self.authors(s)
        item = {
            "id": s.id,
            "type": "webpage",
            "title": _MARKS.sub("", one_line(s.title)),
            "author": [{"literal": _MARKS.sub("", o.name)} for o in authors],
            "issued": {"date-parts": [[s.date.year, s.date.month, s.date.day]]},
            "genre": s.type.label,
            "URL": self.url(s),
            "language": s.language,
            "event": s.meeting.name,
        }
        if [o.id for o in authors] != [s.publisher.id]:
            item["publisher"] = _MARKS.sub("", s.publisher.name)
        return item

    def references(self, s: Statement) -> list[Reference]:
        """APA and Chicago, each from its CSL style (one bibliography per statement: no 2011a/2011b)."""
        if s.id in self._references:
            return self._references[s.id]
        out = self._references[s.id] = []
        item = self.csl_item(s)
        for key, (label, _) in STYLES.items():
            digest = cache_key(key, item)
            self.used.add(digest)
            formatted = self.formatted.get(digest)
            if formatted is None:
                bibliography = CitationStylesBibliography(self.styles[key], CiteProcJSON([item]), _FORMATTER)
                citation = Citation([CitationItem(s.id, locator=Locator("paragraph", PARAGRAPH))])
                bibliography.register(citation)
                pinpoint = _MARKS.sub("", str(bibliography.cite(citation, lambda item: None)))
                formatted = self.new[digest] = json.dumps([str(bibliography.bibliography()[0]), pinpoint])
            reference, pinpoint = json.loads(formatted)
            out.append(Reference(key, label, _segments(one_line(reference)), one_line(pinpoint)))
        return out

    def bibtex(self, s: Statement) -> str:
        return self.env.get_template("cite.bib.j2").render(
            s=s, authors=self.authors(s), url=self.url(s), month=_BIBTEX_MONTHS[s.date.month - 1])

    def ris(self, s: Statement) -> str:
        return self.env.get_template("cite.ris.j2").render(s=s, authors=self.authors(s), url=self.url(s))

    def cite(self, s: Statement) -> dict:
        """What the statement page's "Cite this statement" section shows. The last statement's is kept: its
        page and its JSON (plain) are written one after the other, and need BibTeX and RIS rendered once."""
        if self._cited is None or self._cited[0] != s.id:
            self._cited = (s.id, {
                "url": self.url(s),
                "references": self.references(s),
                "bibtex": self.bibtex(s),
                "ris": self.ris(s),
            })
        return self._cited[1]

    def plain(self, s: Statement) -> dict:
        """The citations as plain strings, for the per-statement JSON (a paragraph's in-text citation with
        {n} where its number goes)."""
        cite = self.cite(s)
        return {**{r.key: r.text for r in cite["references"]},
                "paragraph": {r.key: r.pinpoint.replace(PARAGRAPH, "{n}") for r in cite["references"]},
                "bibtex": cite["bibtex"], "ris": cite["ris"]}

    def head(self, s: Statement) -> dict:
        """Head metadata of a statement page, as front-matter data that overrides/main.html writes out."""
        url = self.url(s)
        authors = [o.name for o in self.authors(s)]
        countries = [self.catalogue.country_name(c) for c in s.countries]
        topics = [t.label for t in s.topics]
        meta = [
            ["citation_title", s.title],
            *(["citation_author", a] for a in authors),
            ["citation_publication_date", s.date.strftime("%Y/%m/%d")],
            ["citation_date", s.date.strftime("%Y/%m/%d")],
            ["citation_publisher", s.publisher.name],
            ["citation_language", s.language],
            ["citation_public_url", url],
            ["citation_fulltext_html_url", url],
        ]
        if topics:
            meta.append(["citation_keywords", "; ".join(topics)])
        meta += [
            ["DC.title", s.title],
            *(["DC.creator", a] for a in authors),
            ["DC.date", s.date.isoformat()],
            ["DC.publisher", s.publisher.name],
            ["DC.type", "Text"],
            ["DC.format", "text/html"],
            ["DC.language", s.language],
            ["DC.identifier", url],
            ["DC.description", s.summary],
            *(["DC.subject", t] for t in topics),
            *(["DC.coverage", c] for c in countries),
        ]
        properties = [
            ["article:published_time", s.date.isoformat()],
            ["article:section", s.type.label],
            *(["article:tag", t] for t in topics),
        ]
        return {"og_type": "article", "meta": meta, "property": properties, "jsonld": self.jsonld(s)}

    def jsonld(self, s: Statement) -> dict:
        """schema.org: the statement, who issued and published it, the places it is about, its meeting."""
        m = s.meeting
        if m.virtual:
            location = {"@type": "VirtualLocation", "name": "Online"}
        else:
            location = {"@type": "Place", "name": f"{m.city}, {self.catalogue.country_name(m.country)}",
                        "address": {"@type": "PostalAddress", "addressLocality": m.city, "addressCountry": m.country}}
        event = {
            "@type": "Event",
            "@id": self.value_url("meeting", m),
            "name": m.name,
            "url": self.value_url("meeting", m),
            "startDate": m.start.isoformat(),
            "endDate": m.end.isoformat(),
            "eventAttendanceMode": "https://schema.org/" + (
                "OnlineEventAttendanceMode" if m.virtual else "OfflineEventAttendanceMode"),
            "location": location,
        }
        data = {
            "@context": "https://schema.org",
            "@type": s.type.schema_org,
            "@id": self.url(s),
            "url": self.url(s),
            "name": s.title,
            "headline": s.title[:110],
            "description": s.summary,
            "genre": s.type.label,
            "datePublished": s.date.isoformat(),
            "inLanguage": s.language,
            "author": [self._organisation(o) for o in self.authors(s)],
            "publisher": self._organisation(s.publisher),
            "isAccessibleForFree": True,
            "spatialCoverage": [
                {"@type": "Country", "name": self.catalogue.country_name(c), "identifier": c,
                 "url": self.value_url("country", c)}
                for c in s.countries
            ],
            "about": [event, *({"@type": "DefinedTerm", "name": t.label, "url": self.value_url("topic", t)}
                                for t in s.topics)],
            "wordCount": s.words,
            "encoding": {
                "@type": "MediaObject",
                "contentUrl": self.file_url(s, "txt"),
                "encodingFormat": "text/plain; charset=utf-8",
                "contentSize": f"{len(s.raw)} B",
                "sha256": s.sha256,
            },
            "isPartOf": {"@type": "WebSite", "name": self.site.name, "url": self.site.url},
        }
        if s.people:
            data["mentions"] = [{"@type": "Person", "name": p.name} for p in s.people]
        return data

    def _organisation(self, o: Organisation) -> dict:
        data = {"@type": "Organization", "name": o.name, "url": self.value_url("organisation", o)}
        if o.url:
            data["sameAs"] = o.url
        return data
