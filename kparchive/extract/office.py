"""A Word (.docx) or OpenDocument (.odt) original's text: its body's headings, paragraphs, list items (with
their numbers or bullets) and table cells, in order, each a paragraph; a line break inside one kept. Left out:
page headers and footers, comments, footnotes, tracked deletions, images and embedded objects.

Both are zip files of XML, so each is measured before anything is decompressed (`check_zip`: a zip bomb is
refused by its declared sizes, and the reading process's memory limit catches one that lies about them). A
.docx is read by python-docx, whose lxml parser resolves no entity and loads nothing from the network; an .odt's
handful of text elements by lxml with the same settings (odfpy has had no release since 2020 and ships no
wheel; odfdo's text joins a heading to the paragraph after it).
"""

from __future__ import annotations

import io
import re
import zipfile

from ..reflow import Para
from ..text import LIST_ITEM
from . import Extracted, Unextractable, finish

# A zip's bounds: members, what they decompress to in all, and how much one may expand (XML compresses about
# ten times; a bomb, thousands).
MAX_MEMBERS = 2_000
MAX_UNPACKED = 200_000_000
MAX_RATIO = 200


def check_zip(raw: bytes, what: str) -> zipfile.ZipFile:
    """The zip, once its directory says it decompresses within bounds; a refusal otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise Unextractable(f"cannot be read as {what} (not a zip file: {err})") from None
    if len(members) > MAX_MEMBERS:
        raise Unextractable(f"holds {len(members):,} files in its zip, more than {MAX_MEMBERS:,}: refused")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise Unextractable(f"would decompress to {total:,} bytes, more than {MAX_UNPACKED:,}: refused (a zip bomb?)")
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise Unextractable(f"holds {m.filename!r}, which would expand {m.file_size // max(m.compress_size, 1):,} "
                                f"times: refused (a zip bomb?)")
    return archive


def _lines(text: str) -> str:
    """A paragraph's text with its white space as a page shows it: runs of spaces and tabs one space, each line
    break kept, blank lines dropped."""
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _para(text: str, label: str | None) -> Para:
    """A paragraph, or a list item: a label the archive's lists write ("•", "3.", "2)") is its marker, any other
    ("(a)", "iv.", "1.2.") is kept at the start of its text."""
    if label and LIST_ITEM.match(f"{label} x"):
        return Para(text, label)
    return Para(f"{label} {text}" if label else text)


# --- Word ----------------------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(raw: bytes, language: str | None) -> Extracted:
    check_zip(raw, "a Word document")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise Unextractable(f"cannot be read as a Word document ({type(err).__name__}: {err})") from None
    numbering = _Numbering(document)
    paras: list[Para] = []
    _docx_blocks(document, numbering, paras)
    return finish(paras, "docx", "python-docx", [f"{len(paras)} paragraphs read from the document's body"])


def _docx_blocks(container, numbering: _Numbering, out: list[Para]) -> None:
    """A body's or a cell's paragraphs and tables, in order (a merged cell once)."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        _docx_blocks(cell, numbering, out)
        else:
            text = _lines(block.text)
            if text:
                out.append(_para(text, numbering.label(block)))


class _Numbering:
    """Word's list numbers, counted as Word counts them: a paragraph's numbering (its own, or its style's) names
    a list and a level; each level's format ("decimal", "bullet", "lowerLetter") and text ("%1.") say what it
    shows."""

    def __init__(self, document):
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}  # (numId, ilvl) -> (format, text, start)
        self.counts: dict[str, list[int]] = {}
        self.by_style: dict[str | None, tuple[str, str] | None] = {}  # a style's numbering, by its id
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = abstract.get(ref.get(f"{W}val")) if ref is not None else None
            for lvl in levels.iter(f"{W}lvl") if levels is not None else ():
                fmt, text, start = lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText"), lvl.find(f"{W}start")
                self.levels[(num.get(f"{W}numId"), lvl.get(f"{W}ilvl"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "%1.",
                    int(start.get(f"{W}val")) if start is not None and (start.get(f"{W}val") or "").isdigit() else 1)

    def label(self, paragraph) -> str | None:
        num = _num_pr(paragraph._p.pPr)
        if num is None:  # its style's, looked up once a style (python-docx scans every style for each lookup)
            style = paragraph._p.style
            if style not in self.by_style:
                self.by_style[style] = _style_num_pr(paragraph.style)
            num = self.by_style[style]
        if num is None:
            return None
        num_id, level = num
        found = self.levels.get((num_id, level))
        if found is None or num_id == "0":
            return None
        fmt, text, start = found
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return None
        depth = int(level) if level.isdigit() else 0
        counts = self.counts.setdefault(num_id, [])
        while len(counts) <= depth:
            counts.append(self.levels.get((num_id, str(len(counts))), ("", "", 1))[2] - 1)
        counts[depth] += 1
        del counts[depth + 1:]
        return re.sub(r"%(\d)", lambda m: _number(counts, int(m[1]) - 1, self.levels.get((num_id, str(int(m[1]) - 1)),
                                                                                       ("decimal", "", 1))[0]), text)


def _num_pr(ppr) -> tuple[str, str] | None:
    if ppr is None:
        return None
    num = ppr.find(f"{W}numPr")
    if num is None:
        return None
    num_id, level = num.find(f"{W}numId"), num.find(f"{W}ilvl")
    return (num_id.get(f"{W}val") if num_id is not None else "0", level.get(f"{W}val") if level is not None else "0")


def _style_num_pr(style) -> tuple[str, str] | None:
    seen = 0
    while style is not None and seen < 20:
        found = _num_pr(style.element.pPr)
        if found is not None:
            return found
        style, seen = style.base_style, seen + 1
    return None


def _number(counts: list[int], depth: int, fmt: str) -> str:
    n = counts[depth] if depth < len(counts) else 1
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(97 + r) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


# --- OpenDocument --------------------------------------------------------------------------------------------

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
# What an .odt's text holds that is no text of the statement: comments, footnotes and endnotes, tracked changes'
# deleted text, a ruby's annotation.
_SKIPPED = {f"{OFFICE}annotation", f"{OFFICE}annotation-end", f"{TEXT}note", f"{TEXT}tracked-changes",
            f"{TEXT}ruby-text", f"{TEXT}sequence-decls", f"{TEXT}variable-decls", f"{TEXT}user-field-decls"}


def safe_parser():
    """lxml's parser for a file given to the archive: no entity resolved, no DTD or anything else loaded, no
    network, no huge tree."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def read_odt(raw: bytes, language: str | None) -> Extracted:
    from lxml import etree

    archive = check_zip(raw, "an OpenDocument text")
    try:
        content = etree.fromstring(archive.read("content.xml"), safe_parser())
        styles = etree.fromstring(archive.read("styles.xml"), safe_parser()) if "styles.xml" in \
            archive.namelist() else None
    except KeyError:
        raise Unextractable("cannot be read as an OpenDocument text (it has no content.xml)") from None
    except etree.XMLSyntaxError as err:
        raise Unextractable(f"cannot be read as an OpenDocument text (content.xml: {err})") from None
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise Unextractable("is not an OpenDocument text (no office:text in its body: a spreadsheet or a drawing?)")
    lists = _list_styles([content, styles])
    paras: list[Para] = []
    _odt_blocks(body, lists, None, 0, paras)
    return finish(paras, "odt", "lxml", [f"{len(paras)} paragraphs read from the document's body"])


def _list_styles(roots) -> dict[str, dict[int, tuple[str, str, str, int]]]:
    """Each list style's levels: (kind, prefix, suffix, start), kind "bullet" or a number format ("1", "a", "i")."""
    out: dict[str, dict[int, tuple[str, str, str, int]]] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{TEXT}list-style"):
            levels = out.setdefault(style.get(f"{STYLE}name", ""), {})
            for level in style:
                depth = int(level.get(f"{TEXT}level", "1")) if level.get(f"{TEXT}level", "1").isdigit() else 1
                if level.tag == f"{TEXT}list-level-style-bullet":
                    levels[depth] = ("bullet", "", "", 1)
                elif level.tag == f"{TEXT}list-level-style-number":
                    start = level.get(f"{TEXT}start-value", "1")
                    levels[depth] = (level.get(f"{STYLE}num-format", "1") or "", level.get(f"{STYLE}num-prefix", ""),
                                     level.get(f"{STYLE}num-suffix", ""), int(start) if start.isdigit() else 1)
    return out


_CONTAINERS = {f"{TABLE}table", f"{TABLE}table-row", f"{TABLE}table-cell", f"{TABLE}table-rows",
               f"{TABLE}table-header-rows", f"{TEXT}section", f"{TEXT}index-body"}


def _odt_blocks(element, lists, style: str | None, depth: int, out: list[Para]) -> None:
    for child in element:
        _odt_block(child, lists, style, depth, out)


def _odt_block(child, lists, style: str | None, depth: int, out: list[Para]) -> None:
    """One element of a text's body: a paragraph or heading, a list, or a container of them (a table, a
    section); anything else (a comment, a note, a drawing) is left out."""
    tag = child.tag
    if tag in (f"{TEXT}p", f"{TEXT}h"):
        text = _lines(_odt_text(child))
        if text:
            out.append(Para(text))
    elif tag == f"{TEXT}list":
        _odt_list(child, lists, child.get(f"{TEXT}style-name") or style, depth + 1, out)
    elif tag in _CONTAINERS:
        _odt_blocks(child, lists, style, depth, out)


def _odt_list(element, lists, style: str | None, depth: int, out: list[Para]) -> None:
    kind, prefix, suffix, start = lists.get(style or "", {}).get(depth, ("bullet", "", "", 1))
    n = start - 1
    for item in element:
        if item.tag not in (f"{TEXT}list-item", f"{TEXT}list-header"):
            continue
        n += item.tag == f"{TEXT}list-item"
        if item.get(f"{TEXT}start-value", "").isdigit():
            n = int(item.get(f"{TEXT}start-value"))
        label = "•" if kind == "bullet" else None if not kind else f"{prefix}{_odf_number(n, kind)}{suffix}"
        first = True
        for child in item:
            if child.tag in (f"{TEXT}p", f"{TEXT}h") and first:
                text = _lines(_odt_text(child))
                if text:
                    out.append(_para(text, label if item.tag == f"{TEXT}list-item" else None))
                    first = False
            elif child.tag == f"{TEXT}list":
                _odt_list(child, lists, child.get(f"{TEXT}style-name") or style, depth + 1, out)
            else:
                _odt_block(child, lists, style, depth, out)


def _odf_number(n: int, fmt: str) -> str:
    if fmt in ("a", "A"):
        return _number([n], 0, "lowerLetter" if fmt == "a" else "upperLetter")
    if fmt in ("i", "I"):
        return _number([n], 0, "lowerRoman" if fmt == "i" else "upperRoman")
    return str(n)


def _odt_text(element) -> str:
    """A paragraph's text: spans and links read through, text:s as its spaces, a tab a space, a line break a
    line break; comments and notes left out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{TEXT}s":
            c = child.get(f"{TEXT}c", "1")
            parts.append(" " * min(int(c) if c.isdigit() else 1, 100))
        elif tag == f"{TEXT}tab":
            parts.append("\t")
        elif tag == f"{TEXT}line-break":
            parts.append("\n")
        elif tag not in _SKIPPED:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
