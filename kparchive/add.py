"""`build_index.py add FILE`: copy an original into statements/ and draft its metadata for an editor.

The original is copied byte for byte; the draft (`<id>.yml`) holds what the text itself says (its heading, its
date as written, the organisations and people the vocabularies and earlier statements know) and lists every field
it is unsure of under `review:`. Validation refuses a statement with that key, so a draft is never published
unread: the editor checks the fields listed, then deletes the key.

Everything `add` is given is untrusted: a member sends the file and chooses its name. The original is opened as
the build opens statements/ (load.read_regular: a regular file, never through a link, never blocking on a pipe)
and no larger than MAX_BYTES; it is refused if the archive has its bytes or its text already; every pattern run
over its text is linear in its length; and the draft is written so that no character of the text or of the file's
name can end a comment or a quoted value (`_scalar`).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry
import yaml

from . import extract
from .dates import FoundDate, find_dates, format_date, month_names, month_year_pattern
from .load import OPTIONAL_FILES, VOCABULARY_FILES, NotRegular, TooLarge, original_kind, read_archive, read_regular, rel
from .model import STATEMENT_ID, Meeting, Paragraph, Vocabularies, slugify
from .places import Match, trie_pattern
from .problems import Problem
from .problems import _escaped as one_line
from .redirects import FILE as REDIRECTS
from .text import TextError, decode, function_words, parse_blocks, words
from .translations import INHERITED
from .validate import validate_vocabularies

FORMATS = ("takes an original as plain text (.txt, UTF-8), PDF (.pdf), Word (.docx), OpenDocument (.odt) or a saved "
           "web page (.html); save other formats as one of these first")
ID_EXAMPLE = "its date then a few words, e.g. 2009-11-06-namibia-plenary"
# The largest original `add` takes (README.md says so): the longest statement is a few hundred kilobytes.
MAX_BYTES = 20_000_000
# What a file that is not a regular one is, and why it is refused.
NOT_REGULAR = {
    "a symbolic link": "is a symbolic link; give the file itself (add never follows a link: a link in a member's "
                       "zip could copy a file from elsewhere, such as a private key, into the archive)",
    "a folder": f"is a folder; {FORMATS}",
}


class Refusal(Exception):
    """`add` refused: one line per problem, nothing written."""

    def __init__(self, *lines: str):
        super().__init__(lines[0])
        self.lines = list(lines)


# The draft's fields in the order it writes them (and lists them under review).
FIELDS = ("text", "id", "title", "date", "meeting", "type", "language", "translation_of", "authors", "publisher",
          "people", "topics", "countries")


@dataclass
class Review:
    """The fields an editor must check, each with a short reason, in the order the draft writes the fields."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, reason: str) -> None:
        self.items.append((name, reason))
        self.items.sort(key=lambda item: FIELDS.index(item[0]))


def whole_word(phrase: str, flags: int = 0) -> re.Pattern:
    """A phrase where it stands as a whole word (nothing of a word before or after it). The word before is looked
    at after the phrase, which matches as many characters as it has: a pattern opening with a look-behind is
    tried at every position of the text, one opening with the phrase is found by a fast search (ten times
    faster: a draft looks for every topic keyword and every person the archive knows through the whole text)."""
    return re.compile(rf"{re.escape(phrase)}(?<!\w[\s\S]{{{len(phrase)}}})(?!\w)", flags)


# --- the original -----------------------------------------------------------------------------------------------

def shown(value) -> str:
    """A file name or a value as a message shows it: as it is, or quoted with escapes if it holds a line break, a
    control or an invisible formatting character (a message is one line, and shows what is there)."""
    value = str(value)
    return value if _is_safe(value) else repr(value)


def read_original(path: Path) -> tuple[bytes, str]:
    """The original's bytes and its format (extract.FORMATS), or a refusal saying what is wrong with the file."""
    try:
        raw = read_regular(path, MAX_BYTES)
    except NotRegular as err:
        reason = NOT_REGULAR.get(err.what, f"is {err.what}, not a regular file; give the file itself")
        raise Refusal(f"add: {shown(path)}: {reason}") from None
    except TooLarge as err:
        raise Refusal(f"add: {shown(path)}: is {_megabytes(err.size)}; add takes originals of at most "
                      f"{_megabytes(err.limit)}") from None
    except FileNotFoundError:
        raise Refusal(f"add: {shown(path)}: file not found") from None
    except OSError as err:
        raise Refusal(f"add: {shown(path)}: cannot be read: {err.strerror or err}") from None
    fmt = extract.FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise Refusal(f"add: {shown(path)}: {FORMATS}")
    return raw, fmt


@dataclass(frozen=True)
class Original:
    """What `add` keeps: the original's bytes and format, and the text the archive shows (its bytes, the
    original's own where the text is the original), with what extracting it did."""

    raw: bytes
    format: str
    text: str
    extracted: extract.Extracted | None  # None: the original is the text (a plain text as it is)

    @property
    def text_bytes(self) -> bytes:
        return self.raw if self.extracted is None else self.text.encode("utf-8")

    @property
    def kept_as(self) -> str | None:
        """The extension the original is kept under beside its text, or None (it is the text)."""
        if self.extracted is None:
            return None
        return "original.txt" if self.format == "txt" else extract.EXTENSIONS[self.format]


def extracted(path: Path, raw: bytes, fmt: str, language: str | None) -> Original:
    """The original with its text: a plain text as it is, unless hard-wrapped; any other format's text read by
    kparchive.extract in a bounded process. A refusal names the file and says why, in one line."""
    try:
        if fmt == "txt":  # a plain text is read here: nothing in it to run, and its reflow is linear
            result = extract.extract(raw, fmt, language)
        else:
            result = extract.bounded(raw, fmt, language)
    except extract.Unextractable as err:
        raise Refusal(f"add: {shown(path)}: {err}") from None
    if fmt == "txt" and not result.said:
        return Original(raw, fmt, result.text, None)
    return Original(raw, fmt, result.text, result)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB".replace(".0 MB", " MB") + ("" if size >= 1e6 else f" ({size:,} bytes)")


def same_text(text: str) -> str:
    """What tells two originals' texts apart as readers see them: the sha256 of the decoded text (no BOM, LF line
    ends) in Unicode's composed form, without white space at the ends of its lines or of the text."""
    lines = unicodedata.normalize("NFC", text).strip().split("\n")
    return hashlib.sha256("\n".join(line.rstrip() for line in lines).encode("utf-8")).hexdigest()


# --- what the archive already knows -----------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownPerson:
    name: str
    organisation: str | None
    role: str | None
    statement: str  # the latest statement that lists them


class OrganisationNames:
    """Finds organisations in a text by their name, short form and aliases (organisations.yml): a name with a
    space in any case, a single word (an acronym) only as written; the longest name wins."""

    def __init__(self, entries: list[dict]):
        self._spaced: dict[str, str] = {}
        self._single: dict[str, str] = {}
        for entry in entries:
            for phrase in [entry.get("name"), entry.get("short"), *(entry.get("aliases") or [])]:
                if isinstance(phrase, str) and phrase.strip():
                    phrase = phrase.strip()
                    if " " in phrase:
                        self._spaced.setdefault(phrase.lower(), entry["id"])
                    else:
                        self._single.setdefault(phrase, entry["id"])
        self._patterns = [(re.compile(rf"(?<!\w){trie_pattern(names)}(?!\w)", flags), names, fold)
                          for names, flags, fold in ((self._spaced, re.IGNORECASE, True), (self._single, 0, False))
                          if names]

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(organisation id, start, end) of every name in the text, in order, never two overlapping."""
        found = [(names[m[0].lower() if fold else m[0]], m.start(), m.end())
                 for pattern, names, fold in self._patterns for m in pattern.finditer(text)]
        out: list[tuple[str, int, int]] = []
        for oid, start, end in sorted(found, key=lambda f: (f[1], -f[2])):
            if not out or start >= out[-1][2]:
                out.append((oid, start, end))
        return out

    def ids(self, text: str) -> list[str]:
        return list(dict.fromkeys(oid for oid, _, _ in self.find(text)))


@dataclass
class Archive:
    """The statements folder as `add` needs it: vocabularies, ids taken, originals and people already there."""

    root: Path
    vocab: Vocabularies
    names: OrganisationNames
    topic_keywords: dict[str, list[str]]
    ids: set[str]
    redirects: dict[str, str]
    originals: dict[str, str]  # sha256 -> the id of the statement that has that original
    texts: dict[str, str]  # same_text() -> the id of the statement whose original reads so
    people: dict[str, KnownPerson]
    metas: dict = field(default_factory=dict)  # each statement's metadata as its .yml holds it
    cities: dict[str, list[str]] = field(default_factory=dict)  # a meeting's id -> its city's names (fr.city too)


def read_statements_folder(root: Path) -> Archive:
    """The archive as it is; a refusal if its vocabularies are not valid (a draft would be checked against them)."""
    problems: list[Problem] = []
    raw_archive = read_archive(root, problems)
    vocab = validate_vocabularies(raw_archive, problems)
    vocabulary_names = {rel(root / name, root) for name in VOCABULARY_FILES + OPTIONAL_FILES}
    bad = [str(p) for p in sorted(set(problems)) if p.file in vocabulary_names or p.file == str(root)]
    if bad:
        raise Refusal(*bad, "add: refused (a draft is checked against the vocabularies); nothing written.")
    data = raw_archive.vocabularies
    organisations = [e for e in data.get("organisations.yml") or [] if e.get("id") in vocab.organisations]
    keywords = {e["id"]: [str(k) for k in e.get("keywords") or [] if isinstance(k, str)]
                for e in data.get("topics.yml") or [] if e.get("id") in vocab.topics}
    redirects = data.get(REDIRECTS) if isinstance(data.get(REDIRECTS), dict) else {}
    ids = {p.stem for p in root.iterdir()
           if p.suffix in (".txt", ".yml") and p.name not in VOCABULARY_FILES + OPTIONAL_FILES}
    originals, texts = archive_originals(root, raw_archive.statements)
    metas = {raw.id: raw.meta for raw in raw_archive.statements if isinstance(raw.meta, dict)}
    cities = {}
    for entry in data.get("meetings.yml") or []:
        if isinstance(entry, dict) and entry.get("id") in vocab.meetings:
            fr = entry.get("fr") if isinstance(entry.get("fr"), dict) else {}
            cities[entry["id"]] = [c for c in (entry.get("city"), fr.get("city")) if isinstance(c, str) and c.strip()]
    return Archive(root, vocab, OrganisationNames(organisations), keywords, ids,
                   {str(k): str(v) for k, v in redirects.items()}, originals, texts,
                   known_people(raw_archive.statements), metas, cities)


def archive_originals(root: Path, statements) -> tuple[dict[str, str], dict[str, str]]:
    """The originals the archive has, by the sha256 of their bytes (the file's name: `<id>.txt`, or the original
    a text was extracted from, `<id>.pdf`…) and the statements' texts (same_text, by id): those the loader read,
    and any other file of those names, read the same way (a link or a pipe there is skipped: the build refuses
    it by name)."""
    texts = {raw.id: raw.raw for raw in statements if raw.raw is not None}
    files = {raw.text_path.name: raw.raw for raw in statements if raw.raw is not None}
    for entry in sorted(os.scandir(root), key=lambda entry: entry.name):
        sid, kind = original_kind(entry.name)
        if kind is None or entry.name in files or not entry.is_file(follow_symlinks=False):
            continue
        try:
            files[entry.name] = read_regular(root / entry.name, MAX_BYTES)
        except OSError:
            continue
        if kind == "text":
            texts.setdefault(sid, files[entry.name])
    by_bytes: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for name in sorted(files):
        by_bytes.setdefault(hashlib.sha256(files[name]).hexdigest(), name)
    for sid in sorted(texts):
        try:
            by_text.setdefault(same_text(decode(texts[sid])), sid)
        except TextError:
            continue
    return by_bytes, by_text


def known_people(statements) -> dict[str, KnownPerson]:
    """Everyone named under `people:` in a statement, with the organisation and role of their latest statement."""
    people: dict[str, tuple[str, KnownPerson]] = {}
    for raw in statements:
        meta = raw.meta if isinstance(raw.meta, dict) else {}
        entries = meta.get("people") if isinstance(meta.get("people"), list) else []
        for entry in entries:
            name = entry.get("name") if isinstance(entry, dict) else None
            if isinstance(name, str) and name.strip():
                when = str(meta.get("date", ""))
                organisation, role = entry.get("organisation"), entry.get("role")
                person = KnownPerson(name.strip(), organisation if isinstance(organisation, str) else None,
                                     role if isinstance(role, str) else None, raw.id)
                if name.strip() not in people or when >= people[name.strip()][0]:
                    people[name.strip()] = (when, person)
    return {name: person for name, (_, person) in people.items()}


# --- the text's layout ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    text: str
    start: int  # its offset in the text


@dataclass(frozen=True)
class Layout:
    """The heading (the non-blank lines before the body) and where the body starts."""

    heading: list[Line]
    body_start: int


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?:\s|$)")


_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Hon|Rev|Mme|[A-Z])\.")


def is_body_line(line: str) -> bool:
    """A line of running text: a dozen words or more with a sentence's end (a headline has no full stop; "Ms."
    and "Dr." end no sentence)."""
    return len(words(line)) >= 12 and _SENTENCE_END.search(_ABBREVIATION.sub("", line)) is not None


def layout(text: str) -> Layout:
    heading, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            if is_body_line(line):
                return Layout(heading, offset)
            heading.append(Line(line, offset))
        offset += len(line) + 1
    return Layout(heading, len(text))


# --- the date ---------------------------------------------------------------------------------------------------

_OPENING = re.compile(r"\bopening\b|\bouverture\b|\bwelcom(?:e|ing)\b", re.IGNORECASE)


def find_date(text: str, lay: Layout, review: Review) -> FoundDate | None:
    """The statement's own date: the first date of its heading, or the one that opens its body (a news report's
    dateline); else the first date anywhere, under review; None if the text writes no full date (the meeting it
    names, or a month, gives one then: `date_from`)."""
    found = find_dates(text)
    if not found:
        return None
    heading = "\n".join(line.text for line in lay.heading)
    own = [f for f in found if f.start < lay.body_start + 40]
    chosen = own[0] if own else found[0]
    if not own:
        review.add("date", f"the heading has no date; the first date in the text (“{chosen.written}”) is drafted")
    elif len({f.date for f in own}) > 1:
        review.add("date", f"the heading has several dates; the first (“{chosen.written}”) is drafted")
    if chosen.first is not None:
        review.add("date", f"“{chosen.written}” is a range: its {'first' if _OPENING.search(heading) else 'last'} "
                           "day is drafted; check which day the statement was issued")
    if chosen.two_digit_year:
        review.add("date", f"“{chosen.written}” writes the year with two digits, read as {chosen.date.year}")
    if chosen.weekday_mismatch:
        review.add("date", f"“{chosen.written}”: the weekday is not that of {chosen.date.isoformat()}")
    return chosen


_MONTH_YEAR_HEAD = 600  # how far into a text a month and year ("May 2016") may date it


def month_dated(text: str, lay: Layout) -> tuple[int, int, str] | None:
    """(year, month, as written) of the first "May 2016" of the heading or the body's opening: a text dated by its
    month alone."""
    head = text[:max(lay.body_start, 0) + _MONTH_YEAR_HEAD]
    m = month_year_pattern().search(head)
    if m is None:
        return None
    return int(m["year"]), month_names()[m["month"].lower()][0], m[0]


_CLOSING = re.compile(r"\bclos(?:ing|e|ure)\b|\bfinal\b|\bclôture\b|\bconcluding\b", re.IGNORECASE)


def date_from(meeting: Meeting, heading: str, month: tuple[int, int, str] | None, review: Review) -> date:
    """A date for a text that writes none, from the meeting it names: its last day for closing remarks, else its
    first (an opening speech, an intervention, a statement to the meeting); under review."""
    closing = bool(_CLOSING.search(heading))
    when = meeting.end if closing else meeting.start
    said = f"“{month[2]}” and " if month else ""
    review.add("date", f"the text writes no full date: {said}the meeting it names, {meeting.id}, give "
                       f"{when.isoformat()} (its {'last' if closing else 'first'} day); write the day it was issued")
    return when


# --- the title --------------------------------------------------------------------------------------------------

_MARKUP = "*_#=~ \t"
_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“"}
# Heading lines that are never the title: a cross-posting line, a release instruction, a salutation, an address, a
# byline ("Delivered on behalf of … by", "Posted on … by"), a sign-off.
_NOT_A_TITLE = re.compile(r"cross[- ]?post|^(?:for immediate release|immediate release|pour diffusion immédiate|"
                          r"for release\b|release date\b|embargoed\b|"
                          r"embargo|contacts?\b|dear\b|cher\b|chère\b|madame\b|monsieur\b|https?://|www\.|"
                          r"madam chair|mr\.? chair|mister chair|chair\s*,|excellenc|distinguished|thank you\b|"
                          r"mesdames\b|messieurs\b|"
                          r"delivered\b|presented\b|posted\b|published\b|by [A-Z]|par [A-Z]|on behalf of\b|"
                          r"au nom de\b|said\b)|@",
                          re.IGNORECASE)
# Page furniture copied with a web page: skip links, menus, breadcrumbs, sharing buttons, a blog's name line.
_FURNITURE = re.compile(r"^(?:skip to (?:main )?content|aller au contenu|home|accueil|menu|search|rechercher|"
                        r"share(?: this)?(?::.*)?|partager(?::.*)?|print|imprimer|tweet|log ?in|sign ?in|"
                        r"read more|lire la suite|back|retour|next|previous|follow us.*|"
                        r"(?:home|accueil)\s*(?:[›>»/|]).*|.*\s[›»]\s.*|.*\bblog\b.{0,60}|"
                        r"[\w’' -]{1,30}(?: / [\w’' -]{1,30}){1,4}|tags?:.*)$", re.IGNORECASE)
# What a letterhead or label line holds besides names, places and dates: the kind of document, the meeting and its
# committees, articles, "of", "to", "at".
_TYPE_WORDS = re.compile(r"\b(?:press release|news release|media release|communiqué de presse|communiqué|"
                         r"statement|déclaration|the|la|le|les|l’|l'|of|by|from|de|du|des|and|et|"
                         r"kimberley process|processus de kimberley|plenary|plénière|réunion|intersessional|"
                         r"intersessionnelle|meeting|session|to|at|in|à|au|ahead|before|on|sur|pour|"
                         r"intervention|speech|remarks|address|discours|allocution|opening|closing|"
                         r"d'ouverture|de clôture|held virtually|virtual|online|en ligne|hybrid|hybride|press|"
                         r"presse|kp|pk|joint|conjointe?|ngos?|ong)\b",
                         re.IGNORECASE)
# A committee's or working group's name, heading a speech to it.
_COMMITTEE = re.compile(r"^(?:ad hoc committee|working group|committee|groupe de travail|comité)\b", re.IGNORECASE)


def _without(line: str, spans: list[tuple[int, int]]) -> str:
    """The line with the spans blanked out (they may overlap)."""
    chars = list(line)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def is_furniture(line: str) -> bool:
    """A line of a web page's chrome (a skip link, "Home", breadcrumbs, "Share this", a blog's name)."""
    return _FURNITURE.match(line.strip(_MARKUP + "|•·")) is not None


def find_title(lay: Layout, text: str, archive: Archive, review: Review) -> str:
    """The heading line: the first one that is not page furniture, a cross-posting line, a byline, a letterhead, a
    date line ("Kinshasa, le 23 juin 2011") or a meeting line ("Kimberley Process Plenary, Guangzhou"). A line
    naming only a kind of document, its author and its meeting ("Intervention of the KP Civil Society Coalition",
    "2019 Plenary New Delhi – Opening Speech") is the title only if no other heading line follows."""
    label = None
    furniture = []
    for index, line in enumerate(lay.heading):
        heading = line.text.strip(_MARKUP)
        if heading and index < 8 and is_furniture(heading):
            furniture.append(heading)
            continue
        if not heading or _NOT_A_TITLE.search(heading) or _COMMITTEE.match(heading):
            continue
        orgs = [(start, end) for _, start, end in archive.names.find(heading)]
        found = find_dates(heading)
        dates = [(f.start, f.end) for f in found]
        places = [(m.start, m.end) for m in archive.vocab.places.find(heading)]
        years = [(m.start(), m.end()) for m in itertools.chain(_YEAR.finditer(heading),
                                                               month_year_pattern().finditer(heading))]
        cities = [span for city in _meeting_cities(archive) for span in city_spans(city, heading)]
        rest = _TYPE_WORDS.sub(" ", _without(heading, orgs + dates + places + years + cities))
        if not re.search(r"\w", rest):
            # A letterhead, "PRESS RELEASE", a date line, a meeting line; or a label: kept in case no title follows.
            if label is None and _LABEL.search(heading):
                label = (heading, orgs, found)
            continue
        return _chosen(heading, orgs, found, review, furniture)
    if label is not None:
        return _chosen(*label, review, furniture)
    first = next((p.text for block in parse_blocks(text) for p in block.paragraphs
                  if not is_furniture(p.text)), text.strip())
    title = " ".join(first.split()[:15])
    review.add("title", "the text has no heading line; its first words are drafted: write the title")
    return title


# A letter's subject line: "Subject: …", "Re: …", "Objet : …".
_SUBJECT = re.compile(r"^\s*(?:subject|re|objet|concerne)\s*:", re.IGNORECASE)
_LABEL = re.compile(r"\b(?:intervention|speech|remarks|address|discours|allocution|statement|déclaration)\b",
                    re.IGNORECASE)


@functools.cache
def _cities_of(meetings: tuple) -> tuple[str, ...]:
    return tuple(sorted({c for names in meetings for c in names}, key=len, reverse=True))


def _meeting_cities(archive: Archive) -> tuple[str, ...]:
    return _cities_of(tuple(tuple(v) for v in archive.cities.values()))


def _chosen(heading: str, orgs, found, review: Review, furniture: list[str]) -> str:
    title, unsure = _clean_title(heading, orgs, found)
    if furniture:
        shown_lines = "; ".join(f"“{line}”" for line in furniture[:4])
        review.add("title", f"the first lines are a web page's furniture ({shown_lines}), not the title: check it")
    if unsure:
        review.add("title", unsure)
    return title


def _clean_title(heading: str, orgs, found: list[FoundDate]) -> tuple[str, str | None]:
    """The heading without a letterhead before it or a date after it, and without quotation marks around it;
    and why to check it, if anything was dropped. `found`: the heading's dates."""
    title, dates = heading, [(f.start, f.end) for f in found]
    if orgs and (dates or _TYPE_WORDS.search(_without(heading, orgs + dates))) and orgs[0][0] == 0 \
            and not heading[orgs[0][1]:].strip(" ,.;:–—-")[:1].islower():  # "Coalition closing statement" stays
        title = title[orgs[0][1]:]
    # A date with nothing after it but punctuation (compared by position: slicing the rest of the heading for
    # every date in it would be quadratic in a heading of many dates).
    end = len(title.rstrip(" ,.;:–—-"))
    trailing = [f for f in (found if title == heading else find_dates(title)) if f.end >= end]
    if trailing:
        title = title[:trailing[-1].start]
    if title != heading:
        title = title.strip(" ,.;:–—-")
        return title, f"the heading line is “{heading}”: letterhead and date dropped; write the title"
    if len(title) > 1 and _QUOTES.get(title[0]) == title[-1]:
        return title[1:-1].strip(), "the heading is in quotation marks, dropped in the draft; keep them if it quotes"
    if title.isupper():
        return title, "the heading is in capitals; write it as the archive writes titles"
    if len(title) > 200:
        return title, "the heading line is very long; write the title"
    return title, None


# --- the type and the publisher ---------------------------------------------------------------------------------

# An outlet's news marker: after a report's date ("October 04, 11(IDEX Online News) –", "6 May 2010 (AFP) -"),
# or any "(… News)" at its head.
_OUTLET_AFTER_DATE = re.compile(r"\s*\((?P<outlet>[^()\n]{2,60})\)\s*[–—-]")
_NEWS = re.compile(r"\((?P<outlet>[^()\n]{0,50}\bNews)\)")
_PRESS_RELEASE = re.compile(r"\b(?:press release|news release|media release|communiqué de presse|communiqué|"
                            r"for immediate release|pour diffusion immédiate)\b", re.IGNORECASE)
_LETTER = re.compile(r"^\s*(?:dear|cher|chère|madame|monsieur)\b", re.IGNORECASE)
_STATEMENT = re.compile(r"\b(?:statement|déclaration)\b", re.IGNORECASE)
# A speech: opening or closing remarks, an intervention, in its heading; or a body that opens by addressing the
# Chair ("Madam Chair,", "Thank you, Chair").
_SPEECH = re.compile(r"\b(?:(?:opening|closing|concluding|welcome|welcoming) (?:speech|remarks|statement|address)|"
                     r"intervention|speech|remarks|address to|discours|allocution|mot d[’']ouverture|"
                     r"mot de clôture)\b", re.IGNORECASE)
_ADDRESSES_CHAIR = re.compile(r"^\s*(?:(?:madam|mister|mr\.?|madame la|monsieur le) (?:chair|chairperson|président|"
                              r"présidente)|thank you,? (?:madam |mr\.? |mister )?chair|excellenc|"
                              r"distinguished delegates|honourable)", re.IGNORECASE)
# A news report's byline naming its writer and outlet: "By Sarah Lintott, Gem Ledger".
_BYLINE = re.compile(r"^\s*(?:[Bb]y|[Pp]ar) (?P<writer>[A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-ZÀ-ÖØ-Þ][\w'’-]+){1,2}), "
                     r"(?P<outlet>[^,\n]{2,60})$")
# A blog post: its first lines name a blog, or carry a byline ("Posted on 10 June 2013 by …").
_BLOG = re.compile(r"^(?:.*\bblog\b.*|posted (?:on|by)\b.*|publié (?:le|par)\b.*)$", re.IGNORECASE)


# A wire report's dateline: a place in capitals, a day (perhaps without its year) and the outlet in brackets:
# "WASHINGTON, June 7 (Diamond Intelligence Briefs) -".
_WIRE = re.compile(r"(?P<place>[A-Z][A-Z .'’-]{1,40}),[^\S\n]+(?P<when>[^()\n]{3,40}?)[^\S\n]*"
                   r"\((?P<outlet>[^()\n]{2,60})\)[^\S\n]*[–—-]")
_DAY_MONTH = re.compile(r"(?P<a>\w+)\.?\s+(?P<b>\w+)")


def wire_dateline(text: str, lay: Layout) -> re.Match | None:
    """The wire dateline opening a news report's body (or its last heading line), if it has one."""
    starts = [lay.body_start] + [line.start for line in lay.heading[-2:]]
    return next((m for start in starts if (m := _WIRE.match(text, start))), None)


def day_and_month(written: str) -> tuple[int, int] | None:
    """(month, day) of "June 7", "7 June", "Nov. 17": a date whose year the text leaves out."""
    m = _DAY_MONTH.fullmatch(written.strip())
    if m is None:
        return None
    for month_word, day_word in ((m["a"], m["b"]), (m["b"], m["a"])):
        month = month_names().get(month_word.lower())
        if month and day_word.isdigit() and 1 <= int(day_word) <= 31:
            return month[0], int(day_word)
    return None


def find_type(text: str, lay: Layout, dated: FoundDate | None, vocab: Vocabularies,
              review: Review) -> tuple[str | None, str | None]:
    """(type id, the outlet of a news report or a blog's name line): from the marks a heading carries."""
    head = "\n".join(line.text for line in lay.heading)
    opening = text[lay.body_start:lay.body_start + 300]
    marker = (dated and _OUTLET_AFTER_DATE.match(text, dated.end)) or _NEWS.search(head + "\n" + opening) \
        or wire_dateline(text, lay)
    blog = next((line.text.strip() for line in lay.heading[:6] if _BLOG.match(line.text.strip())), None)
    byline = next((m for line in lay.heading[:6] if (m := _BYLINE.match(line.text.strip()))), None)
    if marker:
        guess, outlet = "news-report", marker["outlet"]
    elif byline:
        guess, outlet = "news-report", byline["outlet"].strip()
    elif blog:
        guess, outlet = "news-report", blog
        review.add("type", "a blog post, drafted as a news report in its blog: check it")
    elif _PRESS_RELEASE.search(head):
        guess, outlet = "press-release", None
    elif _SPEECH.search(head):  # "Discours d'ouverture", before a salutation ("Madame la Présidente,")
        guess, outlet = "speech", None
    elif any(_LETTER.match(line.text) for line in lay.heading[:8]) or _LETTER.match(opening):
        guess, outlet = "letter", None
    elif any(_ADDRESSES_CHAIR.match(line.text) for line in lay.heading) or _ADDRESSES_CHAIR.match(opening):
        guess, outlet = "speech", None
    elif _STATEMENT.search(head):
        guess, outlet = "statement", None
    else:
        guess, outlet = "statement", None
        review.add("type", f"the heading names no kind of document; check it ({', '.join(vocab.types)})")
    if guess not in vocab.types:
        review.add("type", f"{guess} is not in statements/types.yml; choose one of {', '.join(vocab.types)}")
        return None, outlet
    return guess, outlet


# --- the meeting ------------------------------------------------------------------------------------------------

_MEETING_WORDS = {"plenary": re.compile(r"\bplenar(?:y|ies)\b|\bplénière", re.IGNORECASE),
                  "intersessional": re.compile(r"\binter-?sessional\b|\bintersession", re.IGNORECASE)}
_ONLINE = re.compile(r"\bvirtual(?:ly)?\b|\bonline\b|\ben ligne\b|\bvisioconférence\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# How far either side of "Plenary" or "Intersessional" its place and year are looked for ("the 2017 Brisbane
# Plenary", "Intersessional meeting in Zimbabwe", "la réunion plénière qui s'ouvre à Kinshasa").
_WINDOW = 60
# The mentions of "Plenary" or "Intersessional" read (each is compared with every meeting): a text names its
# meeting early, and a megabyte of "Plenary" must stay linear.
MAX_MEETING_WORDS = 200


@dataclass(frozen=True)
class Named:
    """A meeting the text names: by its kind and city (strongest), or its kind and country, a year with them."""

    meeting: Meeting
    strength: int  # 3: its city; 2: its country or, held online, "virtual"/"online"
    written: str  # the words that name it, for the review


def _place_words(text: str, places, language: str) -> set[str]:
    return {m.code for m in places.find(text, language)}


def city_spans(city: str, text: str) -> list[tuple[int, int]]:
    """Where a city is named as a place: "Kimberley" but not "Kimberley Process"."""
    return [(m.start(), m.end()) for m in whole_word(city).finditer(text)
            if not text.startswith(" Process", m.end()) and not text.startswith("\nProcess", m.end())]


def _city_named(city: str, window: str) -> bool:
    return bool(city_spans(city, window))


def named_meetings(text: str, archive: Archive, language: str) -> list[Named]:
    """Every meeting the text names, with how strongly: each "Plenary" or "Intersessional" (in French too) with the
    city, the country (or "virtual") and the year written within a few words of it, in the same line."""
    vocab, out = archive.vocab, {}
    for kind, pattern in _MEETING_WORDS.items():
        for m in itertools.islice(pattern.finditer(text), MAX_MEETING_WORDS):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            window = text[max(line_start, m.start() - _WINDOW):min(line_end, m.end() + _WINDOW)]
            years = {int(y) for y in _YEAR.findall(window)}
            codes = None
            for meeting in vocab.meetings.values():
                if meeting.type != kind or (years and meeting.start.year not in years):
                    continue
                if meeting.virtual:
                    strength = 2 if _ONLINE.search(window) else 0
                elif any(_city_named(city, window) for city in archive.cities.get(meeting.id, [])):
                    strength = 3
                else:
                    if codes is None:
                        codes = _place_words(window, vocab.places, language)
                    strength = 2 if meeting.country in codes else 0
                if strength and strength + bool(years) > out.get(meeting.id, (0,))[0]:
                    out[meeting.id] = (strength + bool(years), Named(meeting, strength + bool(years),
                                                                     " ".join(window.split())))
    return [named for _, named in out.values()]


def _distance(when: date, meeting: Meeting) -> int:
    """Days from a meeting to a date (0 during it)."""
    if meeting.start <= when <= meeting.end:
        return 0
    return (when - meeting.end).days if when > meeting.end else (meeting.start - when).days


def _closeness(days: int) -> float:
    """What being near a meeting says of belonging to it: within a month, much; a season, a little."""
    return 4 if days <= 30 else 1.5 if days <= 90 else 0.5 if days <= 200 else 0


def find_meeting(when: date | None, named: list[Named], month: tuple[int, int, str] | None, text: str,
                 vocab: Vocabularies, review: Review) -> Meeting | None:
    """The meeting the statement belongs to: the one its date falls in; else the one it names (its city or country
    with "Plenary" or "Intersessional") near its date; else one that ended or starts within a month of it; else
    none (a statement between meetings). Undated, the meeting it names (in the month it is dated by, if any)."""
    meetings = sorted(vocab.meetings.values(), key=lambda m: (m.start, m.id))
    by_id = {n.meeting.id: n for n in named}
    if when is None:
        candidates = [n for n in named if month is None or (n.meeting.start.year, n.meeting.start.month) ==
                      month[:2] or (n.meeting.end.year, n.meeting.end.month) == month[:2]]
        if month and not candidates:
            candidates = [Named(m, 1, month[2]) for m in meetings if (m.start.year, m.start.month) == month[:2]]
        if not candidates:
            review.add("meeting", "the text names no meeting and no date: choose one from statements/meetings.yml, "
                                  "or none if it was issued between meetings")
            return None
        best = max(candidates, key=lambda n: (n.strength, n.meeting.start))
        if len([n for n in candidates if n.strength == best.strength]) > 1:
            review.add("meeting", f"the text names {' and '.join(n.meeting.id for n in candidates)}; "
                                  f"{best.meeting.id} is drafted: check it")
        return best.meeting
    during = [m for m in meetings if m.start <= when <= m.end]
    if len(during) > 1:
        review.add("meeting", f"{when} falls in {' and '.join(m.id for m in during)}; the first is drafted")
    if during:
        return during[0]
    # Words near the text's places also count a little: "in Kimberley" in a title, the host city anywhere.
    scores = {}
    for m in meetings:
        days = _distance(when, m)
        score = _closeness(days) + (by_id[m.id].strength if m.id in by_id else 0)
        if m.id not in by_id and m.city and _city_named(m.city, text):
            score += 1
        scores[m.id] = (score, -days)
    best_id = max(scores, key=scores.get)
    best, (score, minus_days) = vocab.meetings[best_id], scores[best_id]
    if score < 3:
        before = [m for m in meetings if m.end < when]
        after = [m for m in meetings if m.start > when]
        near = "; ".join(f"{m.id} {'ended' if m.end < when else 'starts'} {_distance(when, m)} days "
                         f"{'before' if m.end < when else 'after'}" for m in (before[-1:] + after[:1]))
        review.add("meeting", f"none drafted: {when} is between meetings and the text names none ({near}); "
                              "set one only if the statement belongs to it")
        return None
    days = -minus_days
    where = "after" if best.end < when else "before"
    said = f", which the text names (“{by_id[best_id].written}”)" if best_id in by_id else ""
    review.add("meeting", f"{when} is {days} day{'s' if days != 1 else ''} {where} {best.id}{said}; check it")
    return best


# --- organisations and people -----------------------------------------------------------------------------------

_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-Z]\.)?(?: [A-ZÀ-ÖØ-Þ][\w'’-]+){1,2}"
_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Professor|Rev|Hon)\.? |(?:M|Mme|Me)\. )"
_SAYS = (r"said|says|stated|noted|added|explained|observed|told|warned|declared|"
         r"a déclaré|déclare|a dit|explique|affirme|ajoute|selon")
_ROLES = (r"coordinator|co-ordinator|coordinatrice|coordonnateur|spokesperson|spokesman|spokeswoman|director|"
          r"executive director|chair|chairperson|president|secretary|researcher|campaigner|activist|member|head|"
          r"founder|porte-parole|directeur|directrice|président|présidente|chercheur|chercheuse|colleague")
# A name starts where a word does: tried from every capital of a word, the second pattern read the rest of the
# word each time, quadratic in a run of capitals (32,000 took 31 s).
_SPEAKER = [re.compile(rf"\b(?i:{_SAYS})[,:]? (?:[^\W\d_][\w -]{{0,40}} [–—-] )?{_TITLE}?(?P<name>{_NAME})"),
            re.compile(rf"(?<![\w'’-])(?P<name>{_NAME})(?:,[^,.;:\n]{{1,80}},| (?:from|of|de|du) [^,.;:\n]{{1,60}}?)? "
                       rf"(?:{_SAYS})\b"),
            # Dr. X, Ms X: a title says a person
            re.compile(rf"\b{_TITLE}(?P<name>{_NAME})"),
            # X, coordinator of Y; X, a researcher with Y
            re.compile(rf"(?<![\w'’-])(?P<name>{_NAME}), (?:the |a |an |our |la |le )?(?:[\w-]+ ){{0,3}}"
                       rf"(?i:{_ROLES})\b"),
            # our colleague X, the Coalition's spokesperson X
            re.compile(rf"\b(?:{_ROLES}) (?P<name>{_NAME})"),
            # A byline, "By Sarah Lintott, Gem Ledger"; a signature, "Pierre Ngoma, for the KP Civil Society Coalition"
            re.compile(rf"(?m)^(?:[Bb]y|[Pp]ar) {_TITLE}?(?P<name>{_NAME})(?:,|$)"),
            re.compile(rf"(?m)^{_TITLE}?(?P<name>{_NAME}),? (?:for|on behalf of|pour|au nom de)\b"),
            # Delivered … by X, Posted on … by X
            re.compile(rf"\b(?:[Dd]elivered|[Pp]resented|[Rr]ead|[Pp]osted|[Ww]ritten|[Ss]igned|[Pp]ublié)\b"
                       rf"[^\n]{{0,80}}? (?:by|par) {_TITLE}?(?P<name>{_NAME})")]
# New speakers a draft lists at most (each is looked for through the whole text, for its organisation and role).
MAX_NEW_SPEAKERS = 20
_CONTACTS = re.compile(r"^\s*(?:media )?(?:contacts?|more information|for more information|"
                       r"pour plus d[’']informations|contact presse)\b", re.IGNORECASE)
_CONTACT = re.compile(rf"^\s*{_TITLE}?(?P<name>{_NAME})\s*[,:(–-]")
# A letter's sign-off, and the name on the line after it.
_SIGN_OFF = re.compile(r"^\s*(?:yours (?:sincerely|faithfully|truly)|sincerely|kind regards|best regards|"
                       r"respectfully|cordialement|veuillez agréer.*|bien à vous)\s*,?\s*$", re.IGNORECASE)
_SIGNED = re.compile(rf"^\s*{_TITLE}?(?P<name>{_NAME})\s*,?\s*$")
_NOT_A_NAME = {"The", "This", "That", "These", "Those", "In", "On", "At", "But", "And", "As", "For", "Le", "La",
               "Les", "Des", "Mr", "Mrs", "Ms", "Dr", "Prof", "Kimberley", "Process", "Government", "Minister",
               "Chair", "President", "Coalition", "Civil", "Society", "Plenary", "Intersessional", "Madam",
               "Ministry", "Working", "United", "Ad", "Thank", "We", "Our", "It", "Its", "Since", "When", "If"}
# Words that make a capitalised phrase an organisation, an outlet or a body, not a person.
_NOT_A_PERSON = {"News", "Wire", "Online", "Times", "Post", "Press", "Agency", "Journal", "Herald", "Tribune",
                 "Group", "Council", "Committee", "Union", "Republic", "Nations", "Mechanism", "Secretariat",
                 "Process", "Coalition", "Association", "Centre", "Center", "Network", "Movement", "Chair",
                 "Plenary", "Intersessional", "Meeting", "Office", "Bank", "Fund", "Ministry", "Government",
                 "Rough", "Cut", "Affairs", "Report", "Reuters", "Institute", "Foundation", "Initiative"}
_AFFILIATION = re.compile(r" (?:from|of|de|du|with) (?:the |la |le |l[’'])?")
_ROLE = re.compile(r",\s+(?P<role>[A-Z][^,;:\n()“”\"]{2,90}?)\s*(?:\((?P<paren>[^()\n]{2,60})\))?\s*(?=[,;:.\n]|$)")


def issuers(lay: Layout, text: str, names: OrganisationNames, outlet: str | None,
            affiliations: set[str], review: Review) -> list[str]:
    """Who issued the statement: the organisations of its heading (a letterhead), else those the text names,
    less the outlet of a news report and the organisations of the people it quotes."""
    outlet_ids = set(names.ids(outlet)) if outlet else set()
    heading = [oid for oid in names.ids("\n".join(line.text for line in lay.heading)) if oid not in outlet_ids]
    if heading:
        return heading
    named = [oid for oid in names.ids(text) if oid not in outlet_ids | affiliations]
    if named:
        review.add("authors", "no letterhead: these are organisations the text names; keep those who wrote it")
    else:
        review.add("authors", "none recognised: add who wrote it (statements/organisations.yml)")
    return named


def affiliation(text: str, name: str, names: OrganisationNames) -> tuple[str | None, str | None]:
    """(organisation id, role) as the text writes them after a name: "X from Global Witness",
    "X, Chair of the Kimberley Process Civil Society Coalition", "X, KP CSC Coordinator (ZELA)"."""
    organisation = role = None
    for m in whole_word(name).finditer(text):
        after = text[m.end():m.end() + 160]
        if organisation is None and (lead := _AFFILIATION.match(after)):
            found = names.find(after[lead.end():])
            if found and found[0][1] == 0:
                organisation = found[0][0]
        if (said := _ROLE.match(after)) is not None:
            phrase, paren = said["role"].strip(), said["paren"]
            in_paren = names.ids(paren) if paren else []
            in_phrase = names.find(phrase)
            whole = len(in_phrase) == 1 and in_phrase[0][1:] == (0, len(phrase))
            if organisation is None and (in_paren or in_phrase):
                organisation = in_paren[0] if in_paren else in_phrase[0][0]
            if role is None and not whole:
                role = phrase
        if organisation is not None and role is not None:
            break
    return organisation, role


def speakers(text: str, names: OrganisationNames, vocab: Vocabularies) -> list[str]:
    """Capitalised names that speak ("said Annie Dunnebacke", "Susanne Emond … said:") or are a contact."""
    found = [(m.start("name"), m["name"]) for pattern in _SPEAKER for m in pattern.finditer(text)]
    lines, offset, in_contacts, signed = text.split("\n"), 0, False, False
    for line in lines:
        start = 0
        if signed and line.strip():
            if m := _SIGNED.match(line):
                found.append((offset + m.start("name"), m["name"]))
            signed = False
        if _SIGN_OFF.match(line):
            signed = True
        if heading := _CONTACTS.match(line):
            in_contacts, start = True, heading.end()
            start += len(line[start:]) - len(line[start:].lstrip(" :"))
        if in_contacts:
            # "Gloria Asante, +233 …; Jan Peeters, Antwerp, …": one contact or several, separated by semicolons
            piece_start = start
            for piece in line[start:].split(";"):
                if m := _CONTACT.match(piece):
                    found.append((offset + piece_start + m.start("name"), m["name"]))
                piece_start += len(piece) + 1
        offset += len(line) + 1
    out: dict[str, None] = {}
    for _, name in sorted(found):
        parts = name.split()
        if name in out or parts[0] in _NOT_A_NAME or any(p.isupper() or p in _NOT_A_PERSON for p in parts) \
                or names.find(name) or vocab.places.find(name):
            continue
        out[name] = None
    return list(out)


@dataclass(frozen=True)
class DraftPerson:
    name: str
    organisation: str | None
    role: str | None = None


def find_people(text: str, archive: Archive, review: Review) -> tuple[list[DraftPerson], list[DraftPerson]]:
    """(people the archive already knows, named in the text; new speakers, for the editor to add)."""
    known, guessed = [], []
    positions = {name: m.start() for name in archive.people
                 if (m := whole_word(name).search(text))}
    for name in sorted(positions, key=positions.get):
        organisation, role = affiliation(text, name, archive.names)
        person = archive.people[name]
        if organisation is None and person.organisation:
            organisation = person.organisation
            guessed.append(f"{name}'s organisation is taken from {person.statement}")
        known.append(DraftPerson(name, organisation, role))
    names = [name for name in speakers(text, archive.names, archive.vocab) if name not in archive.people
             and not any(name in p.name for p in known)]
    new = [DraftPerson(name, *affiliation(text, name, archive.names)) for name in names[:MAX_NEW_SPEAKERS]]
    if guessed:
        review.add("people", "; ".join(guessed) + ": check it")
    if new:
        listed = ", ".join(p.name + (f" ({p.organisation})" if p.organisation else "") for p in new)
        more = f" (the first {len(new)} of {len(names)})" if len(names) > len(new) else ""
        review.add("people", f"new speakers{more}? {listed}: add those who speak for an organisation "
                             "(see the comments)")
    return known, new


# --- countries, topics, language --------------------------------------------------------------------------------

# The first line of a release's furniture: what follows (notes to editors, contacts, member lists, sign-offs)
# names countries in passing and never makes one a subject.
# ("-\s*ends", not "-?\s*ends": after "^\s*", a second "\s*" made a paragraph opening with white space quadratic.)
_BOILERPLATE = re.compile(r"^\s*(ends\b|(?:-\s*)?ends\s*-?$|###|notes?( to editors)?\s*:|notes? (?:to|for) editors\b|"
                          r"notes? aux rédactions\b|contacts?\s*:|"
                          r"more information|for more information|for further information|media contacts?|"
                          r"follow us\b|about the )", re.IGNORECASE)


def places_named(text: str, vocab: Vocabularies, language: str = "en") -> list[tuple[Paragraph, list[Match]]]:
    """Each paragraph with the places it names (places.Places, paragraph by paragraph as enrich does): read
    once for both what the build detects and what the draft suggests."""
    return [(paragraph, vocab.places.find(paragraph.text, language))
            for block in parse_blocks(text) for paragraph in block.paragraphs]


# A demonym or country before "Chair" names who chairs the KP that year, not a subject ("the Angolan Chair").
_CHAIR_AFTER = re.compile(r"(?:[’']s)?\s+(?:Chair|Chairmanship|Chairperson|Presidency|[Pp]résidence|"
                          r"Vice[- ]Chair)\b")
# A city used for its government: "Moscow has", "Kinshasa's", "Washington must" (else a city is only a place:
# a meeting's venue, a dateline, an address).
_GOVERNMENT_AFTER = re.compile(r"(?:[’']s\b|\s+(?:has|have|had|must|should|will|would|refuses|refused|insists|"
                               r"insisted|says|said|wants|wanted|blocked|argues|argued|claims|claimed|rejects|"
                               r"rejected|a |refuse|exige|veut|bloque))", re.IGNORECASE)
# A paragraph listing members or partners with their countries ("Green Advocates (Liberia); …").
_MEMBERS = re.compile(r"\b(?:members? (?:include|are)|brings together|member organisations|membres de la coalition|"
                      r"members of the coalition|réunit|rassemble)\b", re.IGNORECASE)
# A dateline opening a paragraph: "LUANDA, Angola – 20 November 2015 –", "Kinshasa, le 1er novembre 2011 –".
_DATELINE_END = re.compile(r"\s[–—-]\s")


# A place named as a meeting's venue: "the meeting in Namibia", "Namibia meeting", "hosted by Angola".
_VENUE_BEFORE = re.compile(r"(?:meeting|plenary|intersessional|plénière|intersessionnelle|held|hosted|hosting|"
                           r"réunion|tenue)\s+(?:in|by|at|à|en|au|par)\s+(?:the\s+)?$", re.IGNORECASE)
_VENUE_AFTER = re.compile(r"\s+(?:meeting|plenary|intersessional)\b", re.IGNORECASE)


def _counted(paragraph: str, match: Match, cities: set[str]) -> bool:
    """Whether a place named in a paragraph makes its country a subject: not as a meeting's venue, not a city
    (unless it stands for its government), not the Chair's country, not in a dateline."""
    if _VENUE_AFTER.match(paragraph, match.end) or _VENUE_BEFORE.search(paragraph[max(0, match.start - 40):
                                                                                  match.start]):
        return False
    if match.phrase in cities and not _GOVERNMENT_AFTER.match(paragraph, match.end):
        return False
    if _CHAIR_AFTER.match(paragraph, match.end):
        return False
    dash = _DATELINE_END.search(paragraph, 0, 120)
    return not (dash and match.start < dash.start() and find_dates(paragraph[:dash.start() + 40]))


def suggest_about(places: list[tuple[Paragraph, list[Match]]], title: str, heading: set[str], vocab: Vocabularies,
                  language: str) -> list[str]:
    """The countries a statement is about, to suggest: those its title names, and those its body names twice or
    more, before its notes, contacts and sign-off. Never a dateline's place, the Chair's country, a contact's or a
    member's country, a meeting's venue, nor a city that is only a place: those are named in passing (so the
    meeting's host is about only where the body argues about it, naming it twice)."""
    cities = set(vocab.places.cities)
    in_title = [m.code for m in vocab.places.find(title, language) if _counted(title, m, cities)]
    counts: Counter = Counter()
    for paragraph, matches in places:
        if _BOILERPLATE.match(paragraph.lines[0]) or _CONTACTS.match(paragraph.lines[0]):
            break
        text = paragraph.text
        if all(line.strip() in heading for line in paragraph.lines) or (
                _MEMBERS.search(text) and len({m.code for m in matches}) >= 3):
            continue
        for match in matches:
            if _counted(text, match, cities):
                counts[match.code] += 1
    about = list(dict.fromkeys(in_title))
    about += [code for code, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2 and code not in about]
    return about


def find_countries(places: list[tuple[Paragraph, list[Match]]]) -> dict[str, list[str]]:
    """The countries the build will detect, each with the words that name it."""
    found: dict[str, list[str]] = {}
    for _, matches in places:
        for match in matches:
            phrases = found.setdefault(match.code, [])
            if match.phrase not in phrases:
                phrases.append(match.phrase)
    return found


def keyword_count(keyword: str, text: str, lowered: str) -> int:
    """How often a keyword stands as a whole word or phrase: in any case, or only as written if it is in capitals
    (CAR). In any case is in the lower-cased text (`lowered`, text.lower(), made once): a case-blind pattern has
    no fast search, and a hundred keywords each read a megabyte position by position took seconds."""
    if keyword.isupper():
        return sum(1 for _ in whole_word(keyword).finditer(text))
    return sum(1 for _ in whole_word(keyword.lower()).finditer(lowered))


def suggest_topics(text: str, keywords: dict[str, list[str]], at_least: int = 2) -> list[str]:
    """Topics whose keywords (topics.yml) the text uses at least twice, the most used first; a phrase counts
    twice (it says more than a word)."""
    lowered = text.lower()
    counts = Counter({tid: sum(keyword_count(k, text, lowered) * (2 if " " in k else 1) for k in kws)
                      for tid, kws in keywords.items()})
    return [tid for tid, n in sorted(counts.items(), key=lambda kv: (-kv[1], list(keywords).index(kv[0])))
            if n >= at_least]


def guess_language(text: str, review: Review) -> str:
    """English or French, by their commonest words; anything but plain English goes under review."""
    counts = function_words(text)
    language = "fr" if counts["fr"] > counts["en"] else "en"
    if language != "en" or counts["en"] < 3 * counts["fr"] or counts["en"] < 10:
        review.add("language", f"guessed from common words ({counts['en']} English, {counts['fr']} French): "
                               "check it (an ISO 639-1 code)")
    return language


# --- the id -----------------------------------------------------------------------------------------------------

_DULL = {"a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "and", "or", "from", "with", "is", "are",
         "le", "la", "les", "de", "des", "du", "et", "en", "au", "aux", "pour", "sur", "kimberley", "process", "kp",
         "civil", "society", "coalition", "statement", "press", "release", "meeting"}


def propose_id(when: date, meeting: Meeting | None, title: str, taken: set[str]) -> str:
    """Its date, the meeting's place and kind, and two words of the title: 2009-11-06-swakopmund-plenary-failure-
    suspend; a number after it if that is taken."""
    head = ([slugify("virtual" if meeting.virtual else meeting.city or ""), meeting.type] if meeting else [])
    head = [w for w in head if w]
    said = set("-".join(head).split("-"))  # "new-delhi": neither "new" nor "delhi" again, nor a year
    title_words = [w for w in slugify(title).split("-") if w not in _DULL and w not in said and not w.isdigit()]
    sid = "-".join([when.isoformat(), *head, *(w[:20] for w in title_words[:2 if head else 4])])
    if not STATEMENT_ID.match(sid):
        sid = f"{when.isoformat()}-statement"
    candidate, n = sid, 2
    while candidate in taken:
        candidate, n = f"{sid}-{n}", n + 1
    return candidate


def given(make_name: str, option: str, value: str) -> str:
    """A value the editor gave, as a message names it: `ID=… (--id)`, the make variable and the option."""
    return f"{make_name}={shown(value)} ({option})"


def check_id(sid: str, archive: Archive) -> None:
    if not STATEMENT_ID.fullmatch(sid):
        raise Refusal(f"add: {given('ID', '--id', sid)}: is not a statement id: {ID_EXAMPLE}")
    if sid in archive.ids:
        raise Refusal(f"add: {given('ID', '--id', sid)}: is taken (by {rel(archive.root / sid, archive.root)}.txt "
                      "or .yml); choose another")
    if sid in archive.redirects:
        raise Refusal(f"add: {given('ID', '--id', sid)}: is an old id in statements/{REDIRECTS} (now "
                      f"{archive.redirects[sid]}); an old id cannot be used again")


# --- the draft --------------------------------------------------------------------------------------------------

@dataclass
class Draft:
    id: str
    title: str
    date: date | None
    dateline: str | None
    meeting: str | None
    type: str | None
    language: str
    translation_of: str | None
    publisher: str | None
    authors: list[str]
    mentions: list[str]
    people: list[DraftPerson]
    new_people: list[DraftPerson]
    topics: list[str]
    countries: dict[str, list[str]]
    about: list[str] | None  # None for a translation: its original's, at build time
    sha256: str
    received_as: str
    review: Review
    inherited: tuple[str, ...] = ()  # the fields a translation leaves out: its original's (translations.INHERITED)
    original: tuple[str, str] | None = None  # the file its text was extracted from, and that file's sha256


def draft(raw: bytes, text: str, received_as: str, archive: Archive, sid: str | None, language: str | None = None,
          translation_of: str | None = None) -> Draft:
    """Everything `add` can tell from the text and the archive, each field it is unsure of under review; a draft
    for any text (no date written: the meeting it names, or its month, dates it, under review). `language`: the
    text's, if the editor gave it (else guessed); `translation_of`: the original it translates, whose meeting,
    topics, countries, type and organisations it inherits at build time (the draft leaves them out)."""
    vocab, review = archive.vocab, Review()
    lay = layout(text)
    language = language or guess_language(text, review)
    found, when, meeting, dateline = _date_and_meeting(text, lay, sid, archive, language, review)
    title = find_title(lay, text, archive, review)
    dtype, outlet = find_type(text, lay, found, vocab, review)
    title = _letter_title(title, dtype, lay, review)
    people, new_people = find_people(text, archive, review)
    publisher, authors, mentions = _organisations(text, lay, archive, dtype, outlet, people + new_people, review)
    topics = suggest_topics(text, archive.topic_keywords)
    places = places_named(text, vocab, language)
    countries = find_countries(places)
    inherited: tuple[str, ...] = ()
    about: list[str] | None = suggest_about(places, title, {line.text.strip() for line in lay.heading}, vocab,
                                            language)
    if translation_of:
        inherited, meeting = _translation(archive, translation_of, language, meeting, review)
        about = None
    else:
        review.add("topics", "suggested from the keywords in statements/topics.yml; keep those it is about")
    if countries and about is not None:
        review.add("countries", f"the build detects {', '.join(countries)}; about is those its title names or its "
                                "body names twice (not as a dateline, the meeting's venue, a contact, a member or "
                                "the Chair): keep only what it is about, and exclude any the text does not mean")
    if sid is None:
        sid = propose_id(when, meeting, title, archive.ids | set(archive.redirects))
        review.add("id", "proposed from the date, the meeting and the title: it becomes the permanent URL, "
                         "so rename both files now if you want another")
    return Draft(sid, title, when, dateline, meeting.id if meeting else None, dtype, language, translation_of,
                 publisher, authors, mentions, people, new_people, topics, countries, about,
                 hashlib.sha256(raw).hexdigest(), received_as, review, inherited)


def _date_and_meeting(text: str, lay: Layout, sid: str | None, archive: Archive, language: str, review: Review):
    """The date found in the text (dates.Found, or None), the date drafted, the meeting the text names and the
    dateline as written. Without a date written: the id's, a wire dateline's day in the meeting's year, the
    meeting's, the month's first day, else today's, each under review."""
    found = find_date(text, lay, review)
    when = found.date if found else None
    heading = "\n".join(line.text for line in lay.heading)
    if found and found.first and _OPENING.search(heading):
        when = found.first  # opening remarks: the range's first day
    month = None if found else month_dated(text, lay)
    if sid is not None and when is None and _is_date(sid[:10]):
        when = date.fromisoformat(sid[:10])
        review.add("date", "no date found in the text; the id's is drafted")
    named = named_meetings(text, archive, language)
    meeting = find_meeting(when, named, month, text, archive.vocab, review)
    dateline = found.written if found else (month[2] if month else None)
    if when is None and found is None and meeting is not None:
        when, dateline = _wire_date(text, lay, meeting, dateline, review)
    if when is None:
        when = _undated(meeting, heading, month, review)
    if sid is not None and sid[:10] != when.isoformat() and found:
        review.add("id", f"its date is not {when.isoformat()}, the date found in the text")
    return found, when, meeting, dateline


def _wire_date(text: str, lay: Layout, meeting: Meeting, dateline: str | None,
               review: Review) -> tuple[date | None, str | None]:
    """A news report's wire dateline without a year ("June 7"): its day in the year of the meeting the text
    names (None where that day is not in that year), and the dateline."""
    wire = wire_dateline(text, lay)
    day = day_and_month(wire["when"]) if wire else None
    if day is None:
        return None, dateline
    try:
        when = date(meeting.start.year, *day)
    except ValueError:
        return None, dateline
    dateline = wire["when"].strip()
    review.add("date", f"“{dateline}” gives no year: {when.year}, the year of {meeting.id}, which the text "
                       "names, is drafted")
    return when, dateline


def _undated(meeting: Meeting | None, heading: str, month, review: Review) -> date:
    """The date of a text that writes none: its meeting's, its month's first day, else today's."""
    if meeting is not None:
        return date_from(meeting, heading, month, review)
    if month is not None:
        review.add("date", f"the text is dated “{month[2]}” only: the first of the month is drafted; write the day")
        return date(month[0], month[1], 1)
    review.add("date", "the text writes no date and names no meeting: today's date is drafted; write its own")
    return date.today()


def _letter_title(title: str, dtype: str | None, lay: Layout, review: Review) -> str:
    """A letter's title: its subject line, else its addressee's line as "Letter to …"."""
    if dtype != "letter":
        return title
    subject = next((line.text.strip() for line in lay.heading if _SUBJECT.match(line.text)), None)
    if subject:
        review.add("title", "a letter: its subject line is drafted as the title")
        return subject
    if re.match(r"(?:to|à) ", title, re.IGNORECASE):
        review.add("title", "a letter without a heading: its addressee's line is drafted as “Letter to …”")
        return f"Letter {title[0].lower()}{title[1:]}" if title[0] in "Tt" else f"Lettre {title[0].lower()}{title[1:]}"
    return title


def _organisations(text: str, lay: Layout, archive: Archive, dtype: str | None, outlet: str | None, people: list,
                   review: Review) -> tuple[str | None, list[str], list[str]]:
    """The publisher, authors and organisations mentioned: the issuers the text names (an organisation a person
    it quotes belongs to is not one); a news report is its outlet's, unsigned unless it names a writer, and the
    organisations it reports are those it names."""
    quoted = {p.organisation for p in people if p.organisation}
    organisations = issuers(lay, text, archive.names, outlet, quoted, review)
    if dtype != "news-report":
        return (organisations[0] if organisations else None), organisations, []
    outlet_ids = archive.names.ids(outlet or "")
    if not outlet_ids:
        review.add("publisher", f"the outlet “{outlet}” is not in statements/organisations.yml: add it, "
                                "then set publisher")
    mentions = [oid for oid in archive.names.ids(text) if oid not in outlet_ids]
    review.add("authors", "a news report: its writer if it is signed, else none (the styles cite it by its "
                          "title and outlet)")
    return (outlet_ids[0] if outlet_ids else None), [], mentions


def _translation(archive: Archive, translation_of: str, language: str, meeting: Meeting | None,
                 review: Review) -> tuple[tuple[str, ...], Meeting | None]:
    """What a translation inherits from its original, and its meeting. A translation says what its original
    says: its meeting, topics and countries (and, unless it gives its own, its type and organisations) are the
    original's, read at build time (kparchive.translations); the review drops them."""
    original = archive.metas.get(translation_of, {})
    inherited = tuple(f for f in INHERITED if original.get(f) is not None)
    meeting_id = original.get("meeting") if "meeting" in inherited else (meeting.id if meeting else None)
    meeting = archive.vocab.meetings.get(meeting_id) if isinstance(meeting_id, str) else None
    review.items = [item for item in review.items if item[0] not in inherited and item[0] != "countries"]
    review.add("translation_of", f"a translation of {translation_of}: its {', '.join(inherited) or 'nothing'} "
                                 "are the original's, at build time (correct them there)")
    if original.get("language", "en") == language:
        review.add("language", f"the same as the original's ({language}): a translation is in another language")
    return inherited, meeting


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Characters a draft writes as escapes in double quotes, and messages show escaped (`shown`): every line break but
# LF (NEL, U+2028, U+2029: YAML ends a comment there, and PyYAML writes them raw in a quoted value, so the rest
# of a commented line was live YAML), controls, and invisible formatting characters (bidirectional overrides,
# zero-width spaces) that an editor would not see. Each reads back as the same character.
_ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escaped(ch: str) -> bool:
    return unicodedata.category(ch) in _ESCAPED or ch in "\ufffe\uffff"


def _is_safe(value: str) -> bool:
    """Whether a text holds none of the characters above (str.isprintable first: it is fast, and usually so)."""
    return value.isprintable() or not any(map(_escaped, value))


def _double_quoted(value: str) -> str:
    """A text as a YAML double-quoted scalar on one line, with every character above escaped (a lone surrogate,
    from a file name that is not UTF-8, as U+FFFD: YAML has no escape for it)."""
    out = []
    for ch in value:
        n = ord(ch)
        if ch in _SHORT:
            out.append(_SHORT[ch])
        elif 0xD800 <= n <= 0xDFFF:
            out.append("\\uFFFD")
        elif _escaped(ch):
            out.append(f"\\x{n:02X}" if n < 0x100 else f"\\u{n:04X}" if n < 0x10000 else f"\\U{n:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _scalar(value) -> str:
    """A value as YAML writes it on one line (quoted where it must be), with nothing in it that could end the
    line, a comment or the quotes: what the editor reads is what the build reads, in a comment too."""
    if value is None:
        return "null"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and not _is_safe(value):
        return _double_quoted(value)
    if isinstance(value, list) and not all(_is_safe(v) for v in value if isinstance(v, str)):
        return "[" + ", ".join(map(_scalar, value)) + "]"
    return yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=True).removesuffix(
        "\n...\n").strip()


def draft_yaml(d: Draft) -> str:
    """The draft as an editor reads it: the review list first, then the fields in the archive's usual order (a
    translation without the fields it inherits, named in a comment)."""
    lines = ["# Drafted by `make add` (build_index.py add). Check each field listed under review, correct it here,",
             "# then delete the review key: until then the build refuses this statement.", "review:"]
    lines += [f"  - {name}: {_scalar(reason)}" for name, reason in d.review.items]
    lines += [f"title: {_scalar(d.title)}", f"date: {_scalar(d.date)}"]
    if d.dateline:
        lines.append(f"dateline: {_scalar(d.dateline)}")
    if d.inherited:
        lines.append(f"# {', '.join(d.inherited)}: the original's ({d.translation_of}), at build time; give one here "
                     "only where this translation differs (a type, authors or publisher of its own)")
    if "meeting" not in d.inherited:
        lines.append(f"meeting: {_scalar(d.meeting)}")
    if "type" not in d.inherited:
        lines.append(f"type: {_scalar(d.type)}")
    lines.append(f"language: {_scalar(d.language)}")
    if d.translation_of:
        lines.append(f"translation_of: {_scalar(d.translation_of)}")
    if "authors" not in d.inherited:
        lines.append(f"authors: {_scalar(d.authors)}")
    if "publisher" not in d.inherited:
        lines.append(f"publisher: {_scalar(d.publisher)}")
    if d.mentions:
        lines.append(f"mentions: {_scalar(d.mentions)}")
    lines.append("people:" if d.people or d.new_people else "people: []")
    for person in d.people:
        lines += _person(person, "  ")
    if d.new_people:
        lines.append("  # new speakers? uncomment those who speak for an organisation:")
        for person in d.new_people:
            lines += _person(person, "  # ")
    if "topics" not in d.inherited:
        lines.append(f"topics: {_scalar(d.topics)}")
    if d.about is not None:
        detected = f"  # the build detects {', '.join(d.countries)}" if d.countries else ""
        lines += [f"countries:{detected}", f"  about: {_scalar(d.about)}", "  exclude: []"]
    lines.append(f"sha256: {d.sha256}")
    if d.original:
        lines += ["original:  # the file as received, byte for byte; the text above was extracted from it",
                  f"  file: {_scalar(d.original[0])}", f"  sha256: {d.original[1]}",
                  f"  extracted: {d.sha256}  # the text as extracted: a correction to it is said in a note"]
    lines += ["provenance:", f"  received_as: {_scalar(d.received_as)}"]
    return "\n".join(lines) + "\n"


def _person(person: DraftPerson, indent: str) -> list[str]:
    lines = [f"{indent}- name: {_scalar(person.name)}"]
    if person.organisation:
        lines.append(f"{indent}  organisation: {_scalar(person.organisation)}")
    if person.role:
        lines.append(f"{indent}  role: {_scalar(person.role)}")
    return lines


def write_statement(root: Path, sid: str, kept: Original, meta: str) -> list[Path]:
    """Write the text, the original it was extracted from (if it is not the text) and the draft, never over a file
    that exists, nor half: what was written goes if a later file fails, or if a copy differs from its bytes."""
    files = [(root / f"{sid}.txt", kept.text_bytes)]
    if kept.kept_as:
        files.append((root / f"{sid}.{kept.kept_as}", kept.raw))
    files.append((root / f"{sid}.yml", meta.encode("utf-8")))
    for path, _ in files:
        if path.exists():
            raise Refusal(f"add: {rel(path, root)}: exists already; nothing written.")
    written: list[Path] = []
    try:
        for path, data in files:
            with open(path, "xb") as f:
                written.append(path)
                f.write(data)
        for path, data in files:
            if path.read_bytes() != data:
                raise Refusal(f"add: {rel(path, root)}: the copy differs from what was written; nothing written.")
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return [path for path, _ in files]


def report(d: Draft, written: list[Path], root: Path, original: Path, kept: Original) -> list[str]:
    """What `add` did, what the editor must check, and what to run next."""
    when = format_date(d.date) + (f" (written “{d.dateline}”)" if d.dateline else "") if d.date else "undated"
    text_path, meta_path = written[0], written[-1]
    if kept.kept_as:
        lines = [f"add: copied {shown(original)} to {rel(written[1], root)} (byte-identical, sha256 {d.original[1]})",
                 f"add: extracted its text to {rel(text_path, root)} (sha256 {d.sha256}"
                 f"{'; ' + kept.extracted.tool if kept.extracted.tool else ''})"]
    else:
        lines = [f"add: copied {shown(original)} to {rel(text_path, root)} (byte-identical, sha256 {d.sha256})"]
    lines += [f"add: drafted {rel(meta_path, root)}: id {d.id}, dated {when}",
              "Check what the review key lists, then delete it:"]
    lines += [f"  - {name}: {reason}" for name, reason in d.review.items]
    lines += [f"Next: edit {rel(meta_path, root)}, then `make check` (it says what is left to do), then "
              "`make site`."]
    return lines


def check_request(original: Path, archive: Archive, sid: str | None, language: str | None = None,
                  translation_of: str | None = None) -> Original:
    """The original's bytes and text, or a refusal with every problem of the request: the file, the id, the
    language and original given, and an original the archive has already."""
    lines: list[str] = []
    if language is not None and (not re.fullmatch(r"[a-z]{2}", language)
                                 or pycountry.languages.get(alpha_2=language) is None):
        lines.append(f"add: {given('LANGUAGE', '--language', language)}: is not an ISO 639-1 language code (en, fr)")
    if translation_of is not None and translation_of not in archive.metas:
        lines.append(f"add: {given('TRANSLATION_OF', '--translation-of', translation_of)}: is not a statement in "
                     "the archive")
    elif translation_of is not None and archive.metas[translation_of].get("translation_of"):
        lines.append(f"add: {given('TRANSLATION_OF', '--translation-of', translation_of)}: is itself a "
                     "translation: give its original")
    kept = None
    try:
        valid = language if language is not None and not any("LANGUAGE" in line or "--language" in line
                                                              for line in lines) else None
        kept = extracted(original, *read_original(original), valid)
    except Refusal as refusal:
        lines += refusal.lines
    if sid is not None:
        try:
            check_id(sid, archive)
        except Refusal as refusal:
            lines += refusal.lines
    if kept is not None:
        sha = hashlib.sha256(kept.raw).hexdigest()
        if sha in archive.originals:
            lines.append(f"add: {shown(original)}: is already in the archive as "
                         f"{rel(archive.root / archive.originals[sha], archive.root)} (same sha256 {sha})")
        elif (same := archive.texts.get(same_text(kept.text))) is not None:
            lines.append(f"add: {shown(original)}: is already in the archive as "
                         f"{rel(archive.root / same, archive.root)}.txt: the same text, only its encoding differs "
                         "(a byte-order mark, line ends, white space at the ends of lines, Unicode normalisation)"
                         if kept.extracted is None else
                         f"add: {shown(original)}: is already in the archive as "
                         f"{rel(archive.root / same, archive.root)}.txt: its text is that statement's text")
    if lines:
        raise Refusal(*lines, "add: refused; nothing written.")
    return kept


def text_review(d: Draft, kept: Original) -> str:
    """What the review says of a text extracted from its original: how it was read, and what to check."""
    said = "; ".join(kept.extracted.said)
    return (f"extracted from {d.original[0]}{' by ' + kept.extracted.tool if kept.extracted.tool else ''} ({said}): "
            f"read {d.id}.txt against the original; correct it there if you must, say what you corrected in a note "
            "(notes: a paragraph and its text) and write the text's new sha256 above")


def received_as(original: Path) -> str:
    """The name the original arrived under, as the draft records it (a name that is not UTF-8 with U+FFFD where
    its bytes are not)."""
    return original.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def add(original: Path, root: Path, sid: str | None = None, language: str | None = None,
        translation_of: str | None = None) -> int:
    """The command: exit 0 having written two new files, or 1 with one line per problem and nothing written.
    Every line it prints is one line (escaped as the build's problems are), whatever the file's name or text holds."""
    try:
        archive = read_statements_folder(root)
        kept = check_request(original, archive, sid, language, translation_of)
        d = draft(kept.text_bytes, kept.text, received_as(original), archive, sid, language, translation_of)
        if kept.kept_as:
            d.original = (f"{d.id}.{kept.kept_as}", hashlib.sha256(kept.raw).hexdigest())
            d.review.add("text", text_review(d, kept))
        written = write_statement(root, d.id, kept, draft_yaml(d))
    except Refusal as refusal:
        for line in refusal.lines:
            print(one_line(line), file=sys.stderr)
        return 1
    except OSError as err:
        print(one_line(f"add: {shown(err.filename or original)}: {err.strerror}; nothing written."), file=sys.stderr)
        return 1
    print("\n".join(map(one_line, report(d, written, root, original, kept))))
    return 0
