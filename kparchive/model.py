"""The archive's data model: one `Statement` passed through the pipeline, and its vocabularies."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

import slugify as _slugify

# A statement's permanent id: its date, then a few words ("2009-11-06-namibia-plenary-zimbabwe").
STATEMENT_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """A URL slug: ASCII lowercase words joined by hyphens ("Annie Dunnebacke" -> "annie-dunnebacke"), other
    scripts transliterated ("Владимир" -> "vladimir"); a name with no letters to spell gets a stable key of
    its own ("name-" and a digest of the name), never an empty one."""
    slug = _slugify.slugify(text, max_length=100, word_boundary=True)
    return slug or "name-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Source:
    """A public record a curated fact comes from."""

    title: str
    url: str
    publisher: str | None = None
    date: str | None = None  # as the record is dated: YYYY-MM-DD, YYYY-MM, YYYY, or as known ("undated")
    supports: tuple[str, ...] = ()  # the facts it supports (fields of its entry, or a few words)


@dataclass(frozen=True)
class Meeting:
    id: str
    name: str
    type: str  # plenary | intersessional
    start: date  # its first day; the first of its month where the record gives only the month
    end: date  # its last day; the last of its month where only the month is known; its start where none is
    city: str | None
    country: str | None
    chair_participant: str | None
    chair_person: str | None
    virtual: bool  # held online only (no city, no country)
    note: str | None = None
    sources: tuple[Source, ...] = ()
    unverified: tuple[str, ...] = ()  # its facts no public record was found for (shown as such)
    hybrid: bool = False  # held in its city and online at once
    start_known: str = "day"  # how much of its start is on record: day | month
    end_known: str = "day"  # and of its end: day | month | "" (none: no record gives it)

    def sources_of(self, fact: str) -> list[int]:
        """The numbers (from 1) of the sources that support a fact, for its page's references."""
        return [i for i, source in enumerate(self.sources, 1) if fact in source.supports]

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def place(self) -> str:
        return "virtual" if self.virtual else (self.city or "")

    @property
    def mode(self) -> str:
        """How it was held: in-person | hybrid | virtual."""
        return "virtual" if self.virtual else "hybrid" if self.hybrid else "in-person"

    def day(self, which: str) -> str | None:
        """Its start or end as far as the record goes, ISO 8601 ("2009-11-02", "2009-06"; None: not known)."""
        known = self.start_known if which == "start" else self.end_known
        when = self.start if which == "start" else self.end
        return when.isoformat() if known == "day" else when.isoformat()[:7] if known == "month" else None


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    countries: tuple[str, ...] = ()  # the countries it is about (its country pages link it)


@dataclass(frozen=True)
class DocType:
    id: str
    label: str
    schema_org: str = "CreativeWork"  # the schema.org type of the JSON-LD in a statement's page head
    cite_as: str = "report"  # report | news | letter | speech: what reference managers and styles make of it (cite.py)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    short: str | None = None
    country: str | None = None
    url: str | None = None
    renamed: tuple[str, int] | None = None  # (its new name, the year)
    sources: tuple[Source, ...] = ()
    unverified: tuple[str, ...] = ()

    def sources_of(self, fact: str) -> list[int]:
        return [i for i, source in enumerate(self.sources, 1) if fact in source.supports]


@dataclass(frozen=True)
class Person:
    name: str
    organisation: Organisation | None
    role: str | None = None
    part: str = "quoted"  # what the statement makes of them: author | speaker | quoted | mentioned
    role_fr: str | None = None  # the role in French (`fr: {role: …}`), shown on French pages where given

    @property
    def id(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Paragraph:
    """A citable unit of the text: a paragraph or a list item, numbered from 1 (`#p1`)."""

    n: int
    lines: tuple[str, ...]
    marker: str | None = None  # the list marker as written ("-", "·", "1."), kept on the page

    @property
    def pid(self) -> str:
        return f"p{self.n}"

    @property
    def text(self) -> str:
        """The paragraph as one line of text (without its list marker), for sentences and summaries."""
        return " ".join(line.strip() for line in self.lines)


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "list"
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Publication:
    """Where a statement was published, or reported, as the record shows."""

    by: str  # the outlet or organisation, as named
    url: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Where the original was first published, reported and archived, and how the archive received it."""

    published: tuple[Publication, ...] = ()
    reported: tuple[Publication, ...] = ()
    archived: tuple[str, ...] = ()  # archived copies (URLs)
    received_as: str | None = None  # the file name it arrived under


@dataclass(frozen=True)
class Note:
    """An editor's note on an artefact of the original (a line break mid-sentence, an e-mail's first line),
    shown beside the paragraph: the original itself is never changed."""

    paragraph: int
    text: str


@dataclass(frozen=True)
class OriginalFile:
    """The file as the archive received it and publishes it: the text itself for a plain-text original, else the
    PDF, Word, OpenDocument file, web page or hard-wrapped text the text was extracted from."""

    name: str  # its file name in statements/
    format: str  # txt | pdf | docx | odt | html (kparchive.extract.FORMATS)
    sha256: str
    size: int  # bytes
    path: object = None  # where it is (a Path), to publish it; None for the text itself (Statement.raw)


@dataclass(frozen=True)
class Mention:
    """A sentence of a statement that names a country, with the paragraph it stands in and where in it the
    country is named (character spans of the sentence, in order)."""

    pid: str
    sentence: str
    names: tuple[tuple[int, int], ...] = ()

    def pieces(self) -> list[tuple[str, bool]]:
        """The sentence as (text, is a name of the country) pieces, in order."""
        out, at = [], 0
        for a, b in self.names:
            if a < at:
                continue  # a name inside one already marked
            if a > at:
                out.append((self.sentence[at:a], False))
            out.append((self.sentence[a:b], True))
            at = b
        if at < len(self.sentence):
            out.append((self.sentence[at:], False))
        return out


@dataclass
class Statement:
    id: str
    title: str
    date: date
    meeting: Meeting | None  # the meeting it belongs to; None for a statement between meetings
    type: DocType
    sha256: str
    language: str
    publisher: Organisation
    authors: list[Organisation]  # who wrote it: none for an unsigned report
    people: list[Person]
    topics: list[Topic]
    countries_about: list[str]  # what it is about (curated; detection only suggests)
    countries_exclude: list[str]  # detected, but not meant
    text_file: str  # file name of the original in statements/
    raw: bytes  # the original, byte for byte
    text: str  # decoded, BOM dropped, line ends normalised
    blocks: list[Block]
    dateline: str | None = None
    on_behalf_of: list[Organisation] = field(default_factory=list)
    mentioned_organisations: list[Organisation] = field(default_factory=list)  # quoted or named in it
    provenance: Provenance = field(default_factory=lambda: Provenance())
    notes: tuple[Note, ...] = ()
    translation_of: str | None = None  # the id of the statement it translates (curated: translation_of)
    original_file: OriginalFile | None = None  # what its text was extracted from; None: the text is the original
    # Filled in by validate (link_translations): the original it translates, or its translations (by language)
    original: Statement | None = None
    translations: list[Statement] = field(default_factory=list)
    # Filled in by enrich:
    countries: list[str] = field(default_factory=list)  # about (countries_about, in the order readers see)
    mentioned: list[str] = field(default_factory=list)  # named in passing: detected, not about, not excluded
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # every country named, in its sentences
    words: int = 0
    opening: str = ""  # the text's opening sentence, for descriptions and summaries
    previous: Statement | None = None
    next: Statement | None = None
    related: list[Statement] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def published(self) -> OriginalFile:
        """The original as received and published: the file its text was extracted from, or the text itself."""
        return self.original_file or OriginalFile(self.text_file, "txt", self.sha256, len(self.raw))

    @property
    def original_suffix(self) -> str:
        """How the original's name ends after the id (".txt", ".pdf", ".original.txt"…): its address's end."""
        return self.published.name[len(self.id):]

    @property
    def received_as(self) -> str | None:
        return self.provenance.received_as

    @property
    def all_organisations(self) -> list[Organisation]:
        """Every organisation it names in a role (author, publisher, on whose behalf, quoted or named, a person's
        own), each once, authors first."""
        seen: dict[str, Organisation] = {}
        for org in [*self.authors, self.publisher, *self.on_behalf_of, *self.mentioned_organisations,
                    *(p.organisation for p in self.people if p.organisation)]:
            seen.setdefault(org.id, org)
        return list(seen.values())

    @property
    def quoted_organisations(self) -> list[Organisation]:
        """The organisations it quotes or names, other than its authors and publisher: those listed, and the
        organisations of the people it quotes."""
        own = {o.id for o in [*self.authors, self.publisher]}
        seen: dict[str, Organisation] = {}
        for org in [*self.mentioned_organisations, *(p.organisation for p in self.people if p.organisation)]:
            if org.id not in own:
                seen.setdefault(org.id, org)
        return list(seen.values())

    @property
    def author_people(self) -> list[Person]:
        return [p for p in self.people if p.part == "author"]

    @property
    def summary(self) -> str:
        """The opening sentence, cut at a word to at most 300 characters: descriptions, feed, exports."""
        return self.opening if len(self.opening) <= 300 else self.opening[:297].rsplit(" ", 1)[0] + "…"

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for block in self.blocks for p in block.paragraphs]

    @property
    def sort_key(self) -> tuple[date, str]:
        return (self.date, self.id)


@dataclass(frozen=True)
class TermIn:
    """A glossary entry's term and abbreviation in another language ("Processus de Kimberley", "PK")."""

    language: str
    term: str
    abbr: str | None = None
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """A glossary entry; an abbreviation (and its other forms) gets a tooltip in statement texts, and in texts
    of another language its abbreviation in that language (`languages`)."""

    term: str
    definition: str
    abbr: str | None = None
    forms: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    unverified: tuple[str, ...] = ()  # what no public record was found for (validate.GLOSSARY_FACTS)
    languages: tuple[TermIn, ...] = ()

    @property
    def anchor(self) -> str:
        return slugify(self.abbr or self.term)

    def abbreviations(self, language: str) -> dict[str, str]:
        """The abbreviation's forms a text in `language` is explained by, each with the term it stands for: the
        English ones (any text may write "KP") and the language's own ("PK", "Processus de Kimberley")."""
        out = {form: self.term for form in (self.abbr, *self.forms) if self.abbr and form}
        for other in self.languages:
            if other.language == language and other.abbr:
                out.update({form: other.term for form in (other.abbr, *other.forms)})
        return out


@dataclass
class Vocabularies:
    meetings: dict[str, Meeting]
    topics: dict[str, Topic]
    types: dict[str, DocType]
    organisations: dict[str, Organisation]
    places: object  # places.Places; typed loosely to keep this module free of pycountry
    glossary: list[Term] = field(default_factory=list)
