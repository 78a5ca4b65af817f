"""Reading an original's text: decoding, paragraphs and lists, words and sentences.

Nothing here changes a word: paragraphs keep their lines, list items keep their markers as written. The one
change is to characters that no XML document may hold (C0 controls but tab and line feed, U+FFFE, U+FFFF):
the decoded text shows each as U+FFFD, the replacement character, so every page, feed entry and export
derived from it is valid, and readers see that something stood there. The original is untouched: its bytes
are published and checked as they are.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .model import Block, Paragraph, Term

BOM = "\ufeff"
# A list item: a bullet or a number, then white space ("- it is", "· We have", "1. The Kimberley").
LIST_ITEM = re.compile(r"^\s*(?P<marker>[-–·•*]|\d{1,3}[.)])\s+(?P<rest>\S.*)$")
WORD = re.compile(r"\w+", re.UNICODE)
EMPHASIS = "**"
REPLACEMENT = "\ufffd"
# French elisions (l’, d’, qu’, jusqu’…), with either apostrophe: Pagefind reads "d’élargir" as one word
# ("délargir"), so "élargir" would not find it. A statement's page gives Pagefind the word after the apostrophe
# as a word of its own (an "elision" token: a hidden line break, which Pagefind reads as a space and no reader
# sees, copies or finds), the search page strips the same elisions from a query (docs/assets/search.js, which
# the search page gives this list), and the offline edition splits words at any apostrophe
# (offline_search.py). Most words that follow one begin with a vowel or an h; any word is split.
ELISIONS = ("c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu")
ELISION = re.compile(r"(?<!\w)(?:" + "|".join(ELISIONS) + r")['’ʼ](?=\w)", re.IGNORECASE)
_NOT_XML = re.compile("[\x01-\x08\x0b-\x1f\ufffe\uffff]")


class TextError(ValueError):
    pass


def decode(raw: bytes) -> str:
    """UTF-8 text with the BOM dropped, CRLF/CR line ends made LF and characters XML cannot hold shown as
    U+FFFD; raises TextError if unusable."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise TextError(f"is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})") from None
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TextError("is empty")
    if "\x00" in text:  # a UTF-16 file, or not text at all
        raise TextError("contains a NUL character")
    return _NOT_XML.sub(REPLACEMENT, text)


# The commonest words of the languages a text is told apart by (add's guess, the reflow's dictionary).
FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "is", "that", "for", "with", "are", "was", "has", "have", "not", "by", "this"},
    "fr": {"le", "la", "les", "des", "du", "et", "est", "une", "que", "qui", "pour", "dans", "sur", "pas", "aux"},
}


def function_words(text: str) -> dict[str, int]:
    """How many of each language's commonest words the text holds."""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    for word in WORD.findall(text.lower()):
        for language, common in FUNCTION_WORDS.items():
            if word in common:
                counts[language] += 1
    return counts


def words(text: str) -> list[str]:
    """The words of a text, in order, as the fidelity checks compare them (every run of letters or digits)."""
    return WORD.findall(text)


def word_count(text: str) -> int:
    """The words of a text as a reader counts them: what stands between spaces, if it holds a letter or a
    digit ("KP-appointed", "don't" and "90%" one word each; a lone dash none)."""
    return sum(1 for token in text.split() if WORD.search(token))


def _is_line_per_paragraph(lines: list[str]) -> bool:
    """True for texts whose paragraphs are separated by single line ends (no blank line between them)."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 2:
        return False
    first, last = content[0], content[-1]
    return all(line.strip() for line in lines[first : last + 1])


def parse_blocks(text: str) -> list[Block]:
    """Split a text into paragraphs and lists, numbering every paragraph and list item from 1."""
    lines = text.split("\n")
    one_line_paragraphs = _is_line_per_paragraph(lines)
    groups: list[tuple[str, list]] = []  # ("p", [lines]) or ("list", [[marker, lines], ...])
    current: tuple[str, list] | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            groups.append(current)
            current = None

    for line in lines:
        if not line.strip():
            close()
            continue
        item = LIST_ITEM.match(line)
        if item:
            if current is None or current[0] != "list":
                close()
                current = ("list", [])
            current[1].append([item["marker"], [item["rest"]]])
        elif current is not None and current[0] == "list" and line[:1].isspace() and not one_line_paragraphs:
            current[1][-1][1].append(line)  # an indented continuation of the last list item
        else:
            if current is not None and (current[0] == "list" or one_line_paragraphs):
                close()
            if current is None:
                current = ("p", [])
            current[1].append(line)
    close()

    blocks: list[Block] = []
    n = 0
    for kind, content in groups:
        if kind == "p":
            n += 1
            blocks.append(Block("p", (Paragraph(n, tuple(content)),)))
        else:
            items = []
            for marker, item_lines in content:
                n += 1
                items.append(Paragraph(n, tuple(item_lines), marker))
            blocks.append(Block("list", tuple(items)))
    return blocks


# Abbreviations after which a full stop does not end a sentence.
_NOT_AN_END = {"St", "Mr", "Mrs", "Ms", "Dr", "Prof", "No", "Nos", "vs", "etc", "e.g", "i.e", "U.S", "U.N", "Jr", "Sr"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_INITIAL = re.compile(r"[A-Z]\.")


_LOOK_BACK = 16  # characters before a full stop searched for the word it ends: longer than any in _NOT_AN_END


def sentence_spans(paragraph_text: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph starts and ends, in order. Linear in the paragraph's length: the word
    before each full stop is looked for in the few characters before it, never in everything since the last
    sentence's end (a paragraph of a thousand initials would be read a thousand times)."""
    text = paragraph_text
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        words_before = text[max(start, m.start() - _LOOK_BACK) : m.start()].split()
        last_word = words_before[-1] if words_before else ""
        if last_word.rstrip(".") in _NOT_AN_END or _INITIAL.fullmatch(last_word):
            continue
        out.append(_stripped(text, start, m.start() + len(m.group(0).rstrip())))
        start = m.end()
    out.append(_stripped(text, start, len(text)))
    return [(a, b) for a, b in out if a < b]


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] without the white space around it, as a span."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# Quotation marks that open and close (the French ones with their spaces), and the mark a cut adds for each.
_PAIRS = (("“", "”", "“… ", " …”"), ("«", "»", "« … ", " … »"))


def cut_quotes(sentence: str) -> tuple[str, str]:
    """What a sentence cut from its paragraph needs before and after it so that its quotation marks balance:
    a quotation that began in an earlier sentence, or goes on in a later one, is shown cut, with an ellipsis
    inside its marks ("“… ", " …”"). Straight quotes ("), which open and close alike, are read in pairs: an odd
    one opens where it starts the sentence, else closes."""
    lead, tail = [], []
    for opening, closing, before, after in _PAIRS:
        depth = missing = 0
        for ch in sentence:
            if ch == opening:
                depth += 1
            elif ch == closing:
                if depth:
                    depth -= 1
                else:
                    missing += 1
        lead.append(before * missing)
        tail.append(after * depth)
    if sentence.count('"') % 2:
        if sentence.lstrip().startswith('"'):
            tail.append(' …"')
        else:
            lead.append('"… ')
    return "".join(lead), "".join(reversed(tail))


def sentences(paragraph_text: str) -> list[str]:
    """Split one paragraph into sentences; every sentence is a substring of the paragraph."""
    return [paragraph_text[a:b] for a, b in sentence_spans(paragraph_text)]


# --- a paragraph as the page shows it -------------------------------------------------------------------

class Token(NamedTuple):
    """A piece of a paragraph as the template writes it: text, an abbreviation, a line break, emphasis.
    A tuple, so the template unpacks it (a paragraph has dozens of tokens, a statement hundreds)."""

    kind: str  # text | abbr | br | open | close | elision (after an elided word's apostrophe: ELISION)
    text: str = ""
    title: str = ""


class Inline:
    """Turns a paragraph into tokens: `**` pairs become emphasis, glossary abbreviations get their title."""

    def __init__(self, glossary: list[Term], language: str = "en", words: frozenset[str] = frozenset()):
        """`language`: the text's; a glossary entry's abbreviation in that language is explained too ("PK").
        `words`: what in that language is a word, never an abbreviation (French "CAR", because)."""
        self.titles: dict[str, str] = {}
        self.entries: dict[str, Term] = {}  # each title's entry
        for entry in glossary:
            for form, title in entry.abbreviations(language).items():
                if form in words:
                    continue
                self.titles.setdefault(form, title)
                self.entries.setdefault(title, entry)
        alternatives = sorted(self.titles, key=lambda a: (-len(a), a))
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)") \
            if alternatives else None

    def _text(self, text: str) -> list[Token]:
        out, start = [], 0
        for m in self.pattern.finditer(text) if self.pattern else ():
            if m.start() > start:
                out.extend(_elided(text[start : m.start()]))
            out.append(Token("abbr", m.group(0), self.titles[m.group(0)]))
            start = m.end()
        if start < len(text):
            out.extend(_elided(text[start:]))
        return out

    def tokens(self, paragraph: Paragraph, marked: set[str] | None = None) -> list[Token]:
        """The paragraph's tokens. With `marked`, the abbreviations already explained on the page: a later use
        stays plain text (dozens of underlined "KP" on a page are noise), and each new one is added."""
        text = "\n".join(paragraph.lines)
        pieces = text.split(EMPHASIS)
        if not (len(pieces) > 1 and len(pieces) % 2 == 1 and all(map(_flanked, pieces[:-2:2], pieces[1::2],
                                                                        pieces[2::2]))):
            pieces = [text]  # kept as written
        out: list[Token] = []
        for i, piece in enumerate(pieces):
            if i % 2:
                out.append(Token("open"))
            for j, line in enumerate(piece.split("\n")):
                if j:
                    out.append(Token("br"))
                out.extend(self._text(line))
            if i % 2:
                out.append(Token("close"))
        if marked is None:
            return out
        for k, token in enumerate(out):
            if token.kind == "abbr":
                if token.title in marked:
                    out[k] = Token("text", token.text)
                else:
                    marked.add(token.title)
        return out

    def page(self, paragraphs: list[Paragraph]) -> dict[int, list[Token]]:
        """Every paragraph's tokens, by number, with each abbreviation explained at its first use only."""
        marked: set[str] = set()
        return {p.n: self.tokens(p, marked) for p in paragraphs}

    def used(self, tokens: dict[int, list[Token]]) -> list[Term]:
        """The glossary entries whose abbreviations a page's tokens explain, in the order of first use."""
        out: dict[str, Term] = {}
        for paragraph in tokens.values():
            for token in paragraph:
                if token.kind == "abbr":
                    entry = self.entries[token.title]
                    out.setdefault(entry.term, entry)
        return list(out.values())


def _elided(text: str) -> list[Token]:
    """A text's tokens, an "elision" token after each elided word's apostrophe (ELISION)."""
    out, start = [], 0
    for m in ELISION.finditer(text):
        out += [Token("text", text[start : m.end()]), Token("elision")]
        start = m.end()
    if start < len(text):
        out.append(Token("text", text[start:]))
    return out


def _flanked(before: str, inside: str, after: str) -> bool:
    """Whether `**inside**` is emphasis: it hugs its content and stands apart from the words around it, so
    dropping the asterisks never joins two words into one ("0**0**" stays as written)."""
    return (inside.strip() != "" and not inside[0].isspace() and not inside[-1].isspace()
            and not (before and (before[-1].isalnum() or before[-1] == "_"))
            and not (after and (after[0].isalnum() or after[0] == "_")))
