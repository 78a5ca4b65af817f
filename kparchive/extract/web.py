"""A saved web page's text: its main content's headings, paragraphs, list items, quotations and table cells,
each a paragraph, a line break inside one kept.

The main content is the page's one `<article>`, else its `<main>` (or `role="main"`), else its body without the
site's header, footer and navigation. Nothing but text is read: scripts, styles, frames, objects, forms,
images (a tracking pixel is one), media, templates, hidden elements and comments are dropped before the text is
read, and lxml's HTML parser loads nothing (no network, no entity). Readability and trafilatura were weighed:
readability-lxml pins chardet below 6, which frictionless (the tests' validator) cannot share, and trafilatura
brings a crawler's twenty megabytes (urllib3, dateparser) to read one saved file.
"""

from __future__ import annotations

import re

from ..reflow import Para
from . import Extracted, Unextractable, finish
from .office import _lines, _para

# Elements whose content is no text of the statement.
DROPPED = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
           "svg", "math", "canvas", "img", "picture", "video", "audio", "source", "track", "map", "form", "button",
           "input", "select", "textarea", "dialog", "head", "link", "meta", "base")
# The site's chrome around the content, dropped when the content is the whole body.
CHROME = ("nav", "aside", "header", "footer")
# Elements that make a paragraph of their own.
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "address", "figcaption",
          "caption", "td", "th", "div", "section", "article", "main", "ul", "ol", "dl", "table", "tr", "tbody",
          "thead", "tfoot", "figure", "hr", "center", "details", "summary", "body", "html", "fieldset", "legend"}


def read(raw: bytes, language: str | None) -> Extracted:
    from lxml import etree, html

    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise Unextractable(f"cannot be read as a web page ({err})") from None
    dropped = 0
    for element in list(root.iter(*DROPPED)):
        dropped += 1
        _remove(element)
    for element in root.xpath("//*[@hidden or @aria-hidden='true' or contains(translate(@style, ' ', ''), "
                              "'display:none')]"):
        _remove(element)
    content = _main(root)
    if content is root.find("body") or content is root:
        for element in list(content.iter(*CHROME)):
            _remove(element)
    paras: list[Para] = []
    _blocks(content, paras)
    said = [f"{len(paras)} paragraphs read from the page's {_named(content)}"]
    if dropped:
        said.append(f"{dropped} script, style, frame, form, image or media element{'s' if dropped != 1 else ''} "
                    "left out: nothing but the text is read")
    return finish(paras, "html", "lxml", said)


def _named(element) -> str:
    return {"article": "article", "main": "main content"}.get(element.tag, "body" if element.tag == "body" else
                                                               "main content")


def _remove(element) -> None:
    """An element and its content out of the tree, its tail (the text after it) kept."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _main(root):
    """The page's main content (see the module's doc)."""
    articles = root.findall(".//article")
    if len(articles) == 1:
        return articles[0]
    for path in (".//main", ".//*[@role='main']"):
        found = root.find(path)
        if found is not None:
            return found
    body = root.find("body")
    return body if body is not None else root


def _blocks(element, out: list[Para]) -> None:
    """The paragraphs under an element, in order: the text of each block that holds text of its own (a `<div>`
    of text and `<p>`s gives its text's run as a paragraph, then theirs)."""
    run: list[str] = []  # inline text not yet a paragraph

    def flush() -> None:
        text = _lines("".join(run))
        run.clear()
        if text:
            out.append(Para(text))

    run.append(_space(element.text) if element.tag != "pre" else element.text or "")
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            run.append("\n")
        elif tag in ("ul", "ol"):
            flush()
            _list(child, out)
        elif tag in BLOCKS:
            flush()
            if _has_blocks(child):
                _blocks(child, out)
            else:
                text = _lines(_inline(child))
                if text:
                    out.append(Para(text))
        else:
            run.append(_inline(child))
        run.append(_space(child.tail))
    flush()


def _has_blocks(element) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCKS for child in element.iter() if child is not element)


def _list(element, out: list[Para]) -> None:
    ordered = element.tag == "ol"
    start = element.get("start", "1")
    n = int(start) - 1 if re.fullmatch(r"\d{1,6}", start) else 0
    for item in element:
        if item.tag != "li":
            continue
        n += 1
        label = f"{n}." if ordered else "•"
        if _has_blocks(item):
            first = len(out)
            _blocks(item, out)
            if len(out) > first:
                out[first] = _para(out[first].text, label)
        else:
            text = _lines(_inline(item))
            if text:
                out.append(_para(text, label))


def _inline(element) -> str:
    """An inline element's text, its line breaks kept; white space as a browser collapses it (but in `<pre>`)."""
    pre = element.tag == "pre"
    parts = [element.text or "" if pre else _space(element.text)]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        parts.append("\n" if tag == "br" else _inline(child))
        parts.append(child.tail or "" if pre else _space(child.tail))
    return "".join(parts)


def _space(text: str | None) -> str:
    """HTML's white space: every run of it one space (a line break in the source is no line break)."""
    return re.sub(r"[ \t\n\r\f]+", " ", text) if text else ""
