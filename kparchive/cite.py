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
from .extract import MEDIA_TYPES
from .messages import N_
from .model import Organisation, Statement
from .siteconfig import Site

CSL_DIR = Path(__file__).parent / "csl"
# key -> (label shown to readers, translated where shown; style file in kparchive/csl/)
STYLES = {
    "apa": (N_("APA (7th edition)"), "apa.csl"),
    "chicago": (N_("Chicago (17th edition, author-date)"), "chicago-author-date.csl"),
}
# key -> the style's short name, where a sentence or a button names it ("para. 1 in APA", "Cite ¶ 3 (APA)")
NAMES = {"apa": N_("APA"), "chicago": N_("Chicago")}
# key -> how many words make a quotation a block (no quotation marks, the citation after its last full stop):
# APA 7 (8.27), 40 words; Chicago 17 (13.9), 100 words. Shorter ones run in, in quotation marks.
BLOCK_WORDS = {"apa": 40, "chicago": 100}

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


@dataclass(frozen=True)
class Kind:
    """What a document type is cited as (types.yml cite_as), in each format: Zotero's item type (read from the
    page's head), the CSL type of the styles, RIS's TY and BibTeX's entry type, each checked with Zotero's own
    translators (Embedded Metadata, RIS, BibTeX)."""

    zotero: str
    csl: str
    ris: str
    bibtex: str


CITE_AS = {
    "report": Kind("report", "report", "RPRT", "techreport"),
    "news": Kind("newspaperArticle", "article-newspaper", "NEWS", "article"),
    "letter": Kind("letter", "letter", "PCOMM", "letter"),
    # A speech (opening or closing remarks, an intervention): Zotero's presentation, which its RIS translator
    # writes and reads as SLIDE; BibTeX has no speech, so @misc with its type.
    "speech": Kind("presentation", "speech", "SLIDE", "misc"),
}


@dataclass(frozen=True)
class Author:
    name: str
    organisation: bool  # kept whole in every format; a person's name is family, given


def _person_name(name: str) -> dict:
    """A person's name as CSL reads it: the last word the family name."""
    given, _, family = name.rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": name}


def _inverted(name: str) -> str:
    """A person's name as "Family, Given", the form citation_author and RIS read without guessing."""
    given, _, family = name.rpartition(" ")
    return f"{family}, {given}" if given else name


def headline(title: str, limit: int = 110) -> str:
    """A title short enough for a headline (schema.org's limit for some readers), cut at a word, never in one."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


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

    @property
    def name(self) -> str:
        """The style's short name (NAMES), translated where shown."""
        return NAMES[self.key]

    @property
    def block_words(self) -> int:
        return BLOCK_WORDS[self.key]

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
CACHE_FORMAT = 3
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
        self.env.filters.update(bibtex=bibtex_escape, one_line=one_line, inverted=lambda n: _inverted(one_line(n)))
        self._references: dict[str, list[Reference]] = {}
        self._cited: tuple[str, dict] | None = None  # Citer.cite's last statement, and what it gave

    def url(self, s: Statement) -> str:
        return self.site.absolute(urls.statement(s.id))

    def file_url(self, s: Statement, ext: str) -> str:
        """The absolute URL of a statement's published file: its original (txt), .bib, .ris, .json."""
        return self.site.absolute(urls.statement_file(s.id, ext))

    def original_url(self, s: Statement) -> str:
        """The absolute URL of a statement's original as received: its text, or the file it was extracted from."""
        return self.site.absolute(urls.original_file(s.id, s.original_suffix))

    def value_url(self, key: str, value) -> str:
        """The absolute URL of a facet value's page (a meeting's, a country's…)."""
        facet = facets.BY_KEY[key]
        return self.site.absolute(facets.page(facet, facets.value_id(facet, value)))

    @staticmethod
    def authors(s: Statement) -> list[Author]:
        """Who wrote it, organisations first, as references name them: none for an unsigned report."""
        return [Author(o.name, True) for o in s.authors] + [Author(p.name, False) for p in s.author_people]

    def csl_item(self, s: Statement) -> dict:
        """The statement as CSL-JSON, of the kind its type is cited as (types.yml cite_as): a report with its
        kind as genre, an article in its outlet, or a letter. The publisher is left out where it is the only
        author (APA 9.24); an unsigned article has no author (the styles put its title, or outlet, there)."""
        kind = CITE_AS[s.type.cite_as]
        clean = functools.partial(_MARKS.sub, "")
        item = {
            "id": s.id,
            "type": kind.csl,
            "title": clean(one_line(s.title)),
            "issued": {"date-parts": [[s.date.year, s.date.month, s.date.day]]},
            "URL": self.url(s),
            "language": s.language,
        }
        if s.meeting is not None:  # a statement between meetings has none
            item["event"] = s.meeting.name
        if s.original is not None:  # a translation: the title and date of what it translates
            item["original-title"] = clean(one_line(s.original.title))
            item["original-date"] = {"date-parts": [[s.original.date.year, s.original.date.month,
                                                     s.original.date.day]]}
        authors = self.authors(s)
        if authors:
            item["author"] = [{"literal": clean(a.name)} if a.organisation else _person_name(clean(a.name))
                              for a in authors]
        if kind.csl == "article-newspaper":
            item["container-title"] = clean(s.publisher.name)
        else:
            item["genre"] = s.type.label
            if [o.id for o in s.authors] != [s.publisher.id]:
                item["publisher"] = clean(s.publisher.name)
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
                # A comma after a quoted title goes inside the quotation marks (APA 6.10, CMOS 6.9), which
                # citeproc-py does not do.
                pinpoint = _MARKS.sub("", str(bibliography.cite(citation, lambda item: None))).replace("”,", ",”")
                formatted = self.new[digest] = json.dumps([str(bibliography.bibliography()[0]), pinpoint])
            reference, pinpoint = json.loads(formatted)
            out.append(Reference(key, label, _segments(one_line(reference)), one_line(pinpoint)))
        return out

    def bibtex(self, s: Statement) -> str:
        return self.env.get_template("cite.bib.j2").render(
            s=s, kind=CITE_AS[s.type.cite_as], authors=self.authors(s), url=self.url(s),
            month=_BIBTEX_MONTHS[s.date.month - 1], original=self.original(s))

    def ris(self, s: Statement) -> str:
        return self.env.get_template("cite.ris.j2").render(s=s, kind=CITE_AS[s.type.cite_as],
                                                          authors=self.authors(s), url=self.url(s),
                                                          original=self.original(s))

    def original(self, s: Statement) -> dict | None:
        """What a translation's references say of its original: its title, language and address (BibTeX's
        origtitle and origlanguage, RIS's note), or None for an original."""
        o = s.original
        if o is None:
            return None
        return {"title": one_line(o.title), "language": o.language, "url": self.url(o),
                "note": f"Translation of: {one_line(o.title)} ({self.url(o)})"}

    def alternates(self, s: Statement) -> list[tuple[str, str]]:
        """(language, address) of the statement in each of its languages, itself among them (a page's
        hreflang links); none for a statement with no translation."""
        original = s.original or s
        versions = [original, *original.translations] if original.translations else []
        return [(v.language, self.url(v)) for v in versions]

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
        """Head metadata of a statement page (head.html.j2 writes it), in the forms reference managers read
        right: Zotero's Embedded Metadata translator takes the item type from DC.type (with
        citation_technical_report_institution, a report whose report type is the label), keeps an author
        whole when citation_author holds a comma ("Name," is a last name alone, where it would split
        "Kimberley Process Civil Society" from "Coalition"), files DC.coverage as a location in an archive
        (so the countries are DCTERMS.spatial) and takes a news report's outlet from prism.publicationName."""
        url = self.url(s)
        kind = CITE_AS[s.type.cite_as]
        authors = self.authors(s)
        countries = [self.catalogue.country_name(c) for c in s.countries]
        topics = [t.label for t in s.topics]
        meta = [
            ["citation_title", s.title],
            *(["citation_author", a.name + "," if a.organisation else _inverted(a.name)] for a in authors),
            ["citation_publication_date", s.date.strftime("%Y/%m/%d")],
            ["citation_date", s.date.isoformat()],
            ["citation_publisher", s.publisher.name],
        ]
        if kind.zotero == "report":
            meta.append(["citation_technical_report_institution", s.publisher.name])
        meta += [
            ["citation_language", s.language],
            ["citation_public_url", url],
            ["citation_fulltext_html_url", url],
        ]
        if topics:
            meta.append(["citation_keywords", "; ".join(topics)])
        meta += [
            ["DC.title", s.title],
            *(["DC.creator", a.name] for a in authors),
            ["DC.date", s.date.isoformat()],
            ["DC.publisher", s.publisher.name],
            ["DC.type", s.type.label if kind.zotero == "report" else kind.zotero],
            ["DC.format", "text/html"],
            ["DC.language", s.language],
            ["DC.identifier", url],
            ["DC.description", s.summary],
            *(["DC.subject", t] for t in topics),
        ]
        if kind.zotero == "newspaperArticle":
            meta += [["prism.publicationName", s.publisher.name], ["DC.source", s.publisher.name]]
        meta += [["DCTERMS.spatial", c] for c in countries]
        # Its other languages: the original it translates, or its translations (Dublin Core's relation).
        meta += [["DC.relation", other] for language, other in self.alternates(s) if other != url]
        properties = [["article:published_time", s.date.isoformat()]]
        if kind.zotero != "newspaperArticle":  # an article's section would be the label ("News report")
            properties.append(["article:section", s.type.label])
        properties += [["article:tag", t] for t in topics]
        return {"og_type": "article", "meta": meta, "property": properties, "jsonld": self.jsonld(s),
                "prism": kind.zotero == "newspaperArticle"}

    def event(self, m) -> dict:
        """schema.org: a meeting, as far as its record goes (a month for a day not on record; no end date where
        none is); held online, in its city, or both (hybrid)."""
        online = {"@type": "VirtualLocation", "name": "Online"}
        if m.virtual:
            location = online
        else:
            location = {"@type": "Place", "name": f"{m.city}, {self.catalogue.country_name(m.country)}",
                        "address": {"@type": "PostalAddress", "addressLocality": m.city, "addressCountry": m.country}}
        event = {
            "@type": "Event",
            "@id": self.value_url("meeting", m),
            "name": m.name,
            "url": self.value_url("meeting", m),
            "startDate": m.day("start"),
            "endDate": m.day("end"),
            "eventAttendanceMode": "https://schema.org/" + {
                "virtual": "OnlineEventAttendanceMode", "hybrid": "MixedEventAttendanceMode",
                "in-person": "OfflineEventAttendanceMode"}[m.mode],
            "location": [location, online] if m.hybrid else location,
        }
        if event["endDate"] is None:
            del event["endDate"]
        return event

    def jsonld(self, s: Statement) -> dict:
        """schema.org: the statement, who issued and published it, the places it is about, its meeting."""
        event = [self.event(s.meeting)] if s.meeting is not None else []
        data = {
            "@context": "https://schema.org",
            "@type": s.type.schema_org,
            "@id": self.url(s),
            "url": self.url(s),
            "name": s.title,
            "headline": headline(s.title),
            "description": s.summary,
            "genre": s.type.label,
            "datePublished": s.date.isoformat(),
            "inLanguage": s.language,
            "publisher": self._organisation(s.publisher),
            "isAccessibleForFree": True,
            "spatialCoverage": [
                self._country(c) for c in s.countries
            ],
            "about": [*event, *({"@type": "DefinedTerm", "name": t.label, "url": self.value_url("topic", t)}
                                for t in s.topics)],
            "wordCount": s.words,
            "encoding": {  # the original as received (a web page published as text)
                "@type": "MediaObject",
                "contentUrl": self.original_url(s),
                "encodingFormat": "text/plain; charset=utf-8" if s.published.format in ("txt", "html")
                else MEDIA_TYPES[s.published.format],
                "contentSize": f"{s.published.size} B",
                "sha256": s.published.sha256,
            },
            "isPartOf": {"@type": "WebSite", "name": self.site.name, "url": self.site.url},
        }
        authors = [*(self._organisation(o) for o in s.authors), *({"@type": "Person", "name": p.name}
                                                                 for p in s.author_people)]
        if authors:
            data["author"] = authors
        if s.on_behalf_of:
            data["sourceOrganization"] = [self._organisation(o) for o in s.on_behalf_of]
        if s.original is not None:
            data["translationOfWork"] = {"@type": s.original.type.schema_org, "@id": self.url(s.original),
                                         "name": s.original.title, "inLanguage": s.original.language}
        if s.translations:
            data["workTranslation"] = [{"@type": t.type.schema_org, "@id": self.url(t), "name": t.title,
                                        "inLanguage": t.language} for t in s.translations]
        mentions = [*({"@type": "Person", "name": p.name} for p in s.people if p.part != "author"),
                    *(self._organisation(o) for o in s.quoted_organisations),
                    *(self._country(c) for c in s.mentioned)]
        if mentions:
            data["mentions"] = mentions
        return data

    def _country(self, code: str) -> dict:
        return {"@type": "Country", "name": self.catalogue.country_name(code), "identifier": code,
                "url": self.value_url("country", code)}

    def _organisation(self, o: Organisation) -> dict:
        data = {"@type": "Organization", "name": o.name, "url": self.value_url("organisation", o)}
        if o.url:
            data["sameAs"] = o.url
        return data
