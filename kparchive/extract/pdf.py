"""A PDF's text, with pypdf: each page's lines as laid out, its running headers, footers and page numbers left
out, its lines joined into paragraphs (kparchive.reflow).

pypdf's layout mode writes a page as fixed-width lines where the text stands on it (its reading order, where the
plain mode follows the drawing order: a browser draws a page's header last), with a blank line where the space
between lines is larger than a line's: the paragraphs' spacing. A line is page furniture if it stands among the
first or last lines of at least half the pages (two at least), digits aside ("Page 3 of 12"), or if it is a page
number alone there. Nothing the file holds besides its text is read: neither a script nor an embedded file.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from ..reflow import paragraphs, width_of
from . import Extracted, Unextractable, finish, language_of

SCAN = "no text layer: this PDF is an image; OCR is not done here"
# A page number alone on its line: "3", "- 3 -", "Page 3", "page 3 of 12", "3/12", "p. 3".
PAGE_NUMBER = re.compile(r"^(?:(?:page|p\.|pg\.?|seite|página|pagina)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?"
                         r"(?:\s*(?:/|of|de|sur|von|of\s+)\s*\d{1,4})?$", re.IGNORECASE)
EDGE = 2  # how many lines at a page's top and bottom may be furniture
# Bullets drawn from a symbol font's private-use characters (Word's Symbol and Wingdings bullets).
_PRIVATE_BULLET = re.compile(r"^(\s*)[\ue000-\uf8ff](?=\s)")


def read(raw: bytes, language: str | None) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings are no line of ours
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise Unextractable("is encrypted: it needs a password or a cipher the archive does not read; "
                                    "ask for an unencrypted copy")
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
        hostile = _hostile_parts(reader)
    except Unextractable:
        raise
    except FileNotDecryptedError:
        raise Unextractable("is encrypted: it needs a password; ask for an unencrypted copy") from None
    except Exception as err:  # noqa: BLE001 - pypdf's many errors on a corrupt file: one line
        raise Unextractable(f"cannot be read as a PDF ({type(err).__name__}: {_first_line(err)})") from None
    if not any(re.search(r"\w", text) for text in pages):
        raise Unextractable(SCAN)
    lines, left_out = body_lines([[_PRIVATE_BULLET.sub(r"\1•", line.rstrip()) for line in text.split("\n")]
                                  for text in pages])
    width = width_of(lines)
    joined = paragraphs(lines, language_of("\n".join(lines), language), width, max(2, width // 20))
    said = [f"{len(pages)} page{'s' if len(pages) != 1 else ''} read; {joined.joins} line ends joined into "
            f"{len(joined.paragraphs)} paragraphs" + (f", {joined.unhyphenated} hyphen"
                                                      f"{'s' if joined.unhyphenated != 1 else ''} at a line's end "
                                                      "undone" if joined.unhyphenated else "")]
    if left_out:
        said.append("left out as page furniture: " + "; ".join(left_out))
    if hostile:
        said.append(f"it holds {' and '.join(hostile)}: none of it is read, only the text; the original is "
                    "published as it is")
    return finish(joined.paragraphs, "pdf", "pypdf", said)


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:120] if text else "no detail"


def _hostile_parts(reader) -> list[str]:
    """What the PDF holds besides text that a reader's viewer might run or open: scripts (document-level, or run
    when it opens or on an event), embedded files."""
    found = []
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    action = root.get("/OpenAction")
    action = action.get_object() if action is not None else None
    if "/JavaScript" in names or "/AA" in root or (hasattr(action, "get") and action.get("/S") == "/JavaScript"):
        found.append("JavaScript")
    try:
        attached = len(reader.attachments)
    except Exception:  # noqa: BLE001 - a malformed name tree: counted as some
        attached = 0
    if attached or "/EmbeddedFiles" in names:
        found.append(f"{attached or 'some'} embedded file{'s' if attached != 1 else ''}")
    return found


def _spaced(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines with the vertical spacing read as paragraph breaks: one blank line where the space
    between two lines is larger than between a paragraph's lines, none elsewhere, none at a page's top or bottom.
    Layout mode writes a blank line where two lines are more than a line's height apart: so on a double-spaced
    page between every two lines, where only a larger gap is a paragraph's end."""
    runs: list[int] = []
    kept: list[list[tuple[int, str]]] = []
    for lines in pages:
        out, blank = [], 0
        for line in lines:
            if line.strip():
                if out:
                    runs.append(blank)
                out.append((blank, line))
                blank = 0
            else:
                blank += 1
        kept.append(out)
    least = min(runs, default=0)
    double = len(runs) >= 5 and runs.count(least) * 5 >= len(runs) and least >= 1
    spaced = []
    for out in kept:
        page: list[str] = []
        for i, (before, line) in enumerate(out):
            if i and (before > least if double else before >= 1):
                page.append("")
            page.append(line)
        spaced.append(page)
    return spaced


def _key(line: str) -> str:
    """A line as headers and footers repeat it: its words, digits aside, in any case."""
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def body_lines(pages: list[list[str]]) -> tuple[list[str], list[str]]:
    """Every page's lines but its furniture (see the module's doc), as one run of lines (a paragraph goes on
    across a page's end: the reflow decides), and what was left out, for the editor."""
    edges = []
    for lines in pages:
        content = [i for i, line in enumerate(lines) if line.strip()]
        edges.append(set(content[:EDGE] + content[-EDGE:]))
    seen = Counter()
    for lines, edge in zip(pages, edges, strict=True):
        seen.update({_key(lines[i]) for i in edge})
    repeated = {key for key, n in seen.items() if n >= 2 and n * 2 >= len(pages)}
    bodies: list[list[str]] = []
    left: Counter = Counter()
    numbers = 0
    first: dict[str, str] = {}
    for lines, edge in zip(pages, edges, strict=True):
        body = []
        for i, line in enumerate(lines):
            if i in edge and PAGE_NUMBER.match(line.strip()):
                numbers += 1
            elif i in edge and _key(line) in repeated:
                left[_key(line)] += 1
                first.setdefault(_key(line), " ".join(line.split()))
            else:
                body.append(line)
        bodies.append(body)
    out = [line for page in _spaced(bodies) for line in page]
    # No blank line at a page's end: a paragraph a page's end cuts is one, and the reflow's rules still end one
    # there where its last line is short.
    said = [f"“{first[key]}” ({n} page{'s' if n != 1 else ''})" for key, n in left.items()]
    if numbers:
        said.append(f"page numbers ({numbers} page{'s' if numbers != 1 else ''})")
    return out, said
