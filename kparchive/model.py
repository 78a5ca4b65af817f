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
class Meeting:
    id: str
    name: str
    type: str  # plenary | intersessional
    start: date
    end: date
    city: str | None
    country: str | None
    chair_participant: str | None
    chair_person: str | None
    virtual: bool
    note: str | None = None

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def place(self) -> str:
        return "virtual" if self.virtual else (self.city or "")


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class DocType:
    id: str
    label: str
    schema_org: str = "CreativeWork"  # the schema.org type of the JSON-LD in a statement's page head


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    short: str | None = None
    country: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    organisation: Organisation | None
    role: str | None = None

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
class Mention:
    """A sentence of a statement that names a country, with the paragraph it stands in."""

    pid: str
    sentence: str


@dataclass
class Statement:
    id: str
    title: str
    date: date
    meeting: Meeting
    type: DocType
    sha256: str
    language: str
    publisher: Organisation
    organisations: list[Organisation]
    people: list[Person]
    topics: list[Topic]
    countries_add: list[str]
    countries_exclude: list[str]
    text_file: str  # file name of the original in statements/
    raw: bytes  # the original, byte for byte
    text: str  # decoded, BOM dropped, line ends normalised
    blocks: list[Block]
    dateline: str | None = None
    received_as: str | None = None
    # Filled in by enrich:
    countries: list[str] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    words: int = 0
    opening: str = ""  # the text's opening sentence, for descriptions and summaries
    previous: Statement | None = None
    next: Statement | None = None
    related: list[Statement] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def all_organisations(self) -> list[Organisation]:
        """Who issued, published or spoke in it, each once, issuers first."""
        seen: dict[str, Organisation] = {}
        for org in [*self.organisations, self.publisher, *(p.organisation for p in self.people if p.organisation)]:
            seen.setdefault(org.id, org)
        return list(seen.values())

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
class Term:
    """A glossary entry; an abbreviation (and its other forms) gets a tooltip in statement texts."""

    term: str
    definition: str
    abbr: str | None = None
    forms: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return slugify(self.abbr or self.term)


@dataclass
class Vocabularies:
    meetings: dict[str, Meeting]
    topics: dict[str, Topic]
    types: dict[str, DocType]
    organisations: dict[str, Organisation]
    places: object  # places.Places; typed loosely to keep this module free of pycountry
    glossary: list[Term] = field(default_factory=list)
