"""Reflow: a text's lines joined into the paragraphs its author wrote.

A hard-wrapped text (an e-mail, a PDF's lines, a PDF pasted as text) breaks every line at a width, so a
paragraph arrives as a dozen lines and, without blank lines between paragraphs, every line would be numbered as
a paragraph of its own (or a whole speech as one). `paragraphs` reads where the author's paragraphs end:

- a blank line ends one;
- a list marker ("- ", "•", "1.", "2)") starts an item, whose lines indented past its marker continue it;
- a line indented further than the one before starts one (a first-line indent), and a line back at the margin
  after an indented one that was not a paragraph's first ends a quotation;
- a short line ends one where the next line's first word would have fitted on it (so the break was the
  author's, not the width's): always when it ends a sentence (". ! ? :"), and when it is shorter than two thirds
  of the width whatever it ends with (a heading, a salutation, "Madam Chair,").

Everything else is joined with a space, and a hyphen at a line's end ("gover-" "nance") is undone only where the
joined word is a word: one the text writes elsewhere unhyphenated, or one of its language's dictionary
(pyspellchecker's word lists, English and French), and never where the text writes it hyphenated elsewhere.
"self-" "determination" keeps its hyphen.

The same lines always give the same paragraphs: nothing here depends on anything but the lines, the language
and the pinned dictionary. The result is written once, at `make add`, as the text an editor reviews and the
archive numbers (`statements/<id>.txt`); the build never reflows a text, so its paragraph numbers never move.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .text import LIST_ITEM

# A line that ends a sentence: its last word then . ! ? : or an ellipsis, maybe inside quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?:…][\"'”’»)\]]*$")
_FIRST_WORD = re.compile(r"\S+")
# A word cut at a line's end: letters, then a hyphen (or a soft hyphen, always a cut).
_CUT = re.compile(r"(?P<word>\w+)(?P<hyphen>[-\u2010\u00ad])$")
_CONTINUED = re.compile(r"^(?P<word>\w+)")
_LETTERS = re.compile(r"[^\W\d_]+")
# How long a line must be, at most, for its break to be read against the width at all: a text whose lines are
# longer is written a paragraph a line.
MAX_WRAP_WIDTH = 120


@dataclass(frozen=True)
class Para:
    """A paragraph as the author wrote it, on one line; a list item with its marker as written."""

    text: str
    marker: str | None = None


@dataclass(frozen=True)
class Joined:
    """What reflowing did: the paragraphs, the width the text was read as wrapped at, and how many line ends
    were joined (0: the lines were the paragraphs already)."""

    paragraphs: list[Para]
    width: int
    joins: int
    unhyphenated: int = 0


def width_of(lines: list[str]) -> int:
    """The width the text is wrapped at: the length most full lines reach (the 90th percentile of the lengths of
    its non-blank lines, so a long address or a table row does not widen it)."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, (len(lengths) * 9) // 10)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether a plain text's lines are wrapped at a width (and so must be joined into paragraphs): it has a
    few lines, its width is that of a wrapped text, and most of its line ends inside a run of lines are the
    width's, not the author's."""
    width = width_of(lines)
    content = [line for line in lines if line.strip()]
    if len(content) < 4 or not 20 <= width <= MAX_WRAP_WIDTH:
        return False
    pairs = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip()]
    if len(pairs) < 3:
        return False
    wrapped = sum(1 for a, b in pairs if not _author_break(a, b, width, 0) and not LIST_ITEM.match(b))
    return wrapped >= 3 and wrapped * 2 >= len(pairs)


def _author_break(a: str, b: str, width: int, slack: int) -> bool:
    """Whether the line end between a and b is the author's: b's first word would have fitted on a (with
    `slack` characters to spare, for proportional type), and a ends a sentence or is short."""
    a = a.rstrip()
    first = _FIRST_WORD.search(b)
    room = width - len(a) - 1 - (len(first[0]) if first else 0)
    if room < slack:
        return False
    return bool(_SENTENCE_END.search(a)) or len(a) <= width * 2 // 3


class Words:
    """What counts as a word when a hyphen at a line's end is undone: the text's own words, then its language's
    dictionary."""

    def __init__(self, lines: list[str], language: str):
        self.own: set[str] = set()
        self.hyphenated: set[str] = set()
        for line in lines:
            for token in line.split():
                token = token.strip(".,;:!?\"'“”‘’()[]«»").lower()
                if "-" in token.strip("-"):
                    self.hyphenated.add(token)
                elif _LETTERS.fullmatch(token):
                    self.own.add(token)
        self.language = language

    def joined(self, head: str, tail: str) -> bool:
        """Whether head+tail is a word (so "gover-" "nance" is "governance")."""
        word = (head + tail).lower()
        if f"{head}-{tail}".lower() in self.hyphenated and word not in self.own:
            return False
        return word in self.own or word in dictionary(self.language)


@functools.cache
def dictionary(language: str) -> frozenset[str]:
    """The language's word list (pyspellchecker's, pinned): English for a language it has none of."""
    from spellchecker import SpellChecker

    try:
        checker = SpellChecker(language=language, distance=1)
    except ValueError:
        checker = SpellChecker(language="en", distance=1)
    return frozenset(checker.word_frequency.dictionary)


def paragraphs(lines: list[str], language: str = "en", width: int | None = None, slack: int = 0) -> Joined:
    """The paragraphs of a text given as lines (see the module's doc). `width`: the wrap width, else read from
    the lines; `slack`: characters the next word must leave to spare for a break to be the author's (0 for a
    plain text's fixed width, more for a PDF's proportional type, where characters vary in width)."""
    width = width or width_of(lines)
    words = Words(lines, language)
    out: list[Para] = []
    pieces: list[str] = []  # the paragraph so far
    marker: str | None = None
    item_indent = 0  # where a list item's text starts
    count = joins = unhyphenated = 0  # count: the paragraph's lines so far
    previous = ""

    def close() -> None:
        nonlocal pieces, marker
        if pieces:
            out.append(Para(" ".join("".join(pieces).split()), marker))
        pieces, marker = [], None

    for line in lines:
        if not line.strip():
            close()
            continue
        item = LIST_ITEM.match(line)
        if pieces and not item and not _breaks(previous, line, count, marker is not None, item_indent, width, slack):
            joins += 1
            tail = line.strip()
            cut = _unhyphenated(pieces[-1], tail, words)
            if cut is not None:
                pieces[-1] = cut[0]
                unhyphenated += cut[1]
            pieces.append(tail if cut is not None else " " + tail)
            count += 1
            previous = line
            continue
        close()
        if item:
            marker, item_indent = item["marker"], item.start("rest")
            pieces = [item["rest"].strip()]
        else:
            pieces = [line.strip()]
        count, previous = 1, line
    close()
    return Joined(out, width, joins, unhyphenated)


def _breaks(previous: str, line: str, count: int, in_item: bool, item_indent: int, width: int, slack: int) -> bool:
    """Whether `line` starts a new paragraph after `previous` (neither blank nor a list item's first line)."""
    indent, before = _indent(line), _indent(previous)
    if in_item:
        # An item's line aligned with its text continues it, one indented further starts a paragraph, and one
        # back at the margin continues it only where the line before was wrapped (a list wrapped at the margin).
        if abs(indent - item_indent) <= 1:
            return False
        return indent > item_indent + 1 or _author_break(previous, line, width, slack)
    if indent > before + 1:
        return True  # a first-line indent
    if indent + 1 < before and count > 1:
        return True  # back at the margin after an indented passage (a quotation)
    return _author_break(previous, line, width, slack)


def _unhyphenated(last: str, tail: str, words: Words) -> tuple[str, bool] | None:
    """The paragraph's last piece, with a hyphen at its end taken away (True) or kept (False), for `tail` to join
    with no space ("gover-" "nance": "gover" + "nance"; "self-" "determination": "self-" + "determination"); None
    where the line does not end in a cut word (it joins with a space)."""
    last = last.rstrip()
    cut = _CUT.search(last)
    head = _CONTINUED.match(tail)
    if cut is None or head is None:
        return None
    if cut["hyphen"] == "\u00ad":
        return last[:-1], True  # a soft hyphen is a cut, always
    if _LETTERS.fullmatch(cut["word"]) and _LETTERS.fullmatch(head["word"]) and head["word"][0].islower() \
            and words.joined(cut["word"], head["word"]):
        return last[:-1], True
    return last, False


def as_text(paras: list[Para]) -> str:
    """The paragraphs as the archive keeps a text: a blank line between paragraphs, a list's items on lines of
    their own ("- item"), so `text.parse_blocks` numbers them as these paragraphs."""
    blocks: list[str] = []
    items: list[str] = []
    for para in paras:
        if para.marker is not None:
            items.append(f"{para.marker} {para.text}")
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        blocks.append(para.text)
    if items:
        blocks.append("\n".join(items))
    return "\n\n".join(blocks) + "\n"
