"""The offline edition's pages, derived from the online site's instead of built by MkDocs twice more.

The edition is the online site for file://: every page at its file name (`statements/x.html`, not
`statements/x/`), its links written to those names from its own place, what only the online site carries
linked there, the edition's banner and footer, and a search page of its own (lunr.js). MkDocs built all of
that a second time for each tree (133 s of the edition's 171 s at 10,000 statements); here each online page is
read once and changed where the edition differs, and everything else is the same bytes:

- links: every href, src, action and data-search (and a meta refresh's url) is resolved against the online
  page's address, led to the edition's file for that address (a page's docs path, read from docs/, gives both
  names: urls.site_path), and written relative to the page's new place as MkDocs writes it
  (mkdocs.utils.get_relative_url); a statement's .bib, .ris and .json (urls.online_only) go to the online
  site, as do, in a split edition (one zip per language), the originals and every page outside the tree's zip;
  Material's base address (`__md_scope`, `__config`'s base and search) follows the page;
- head: what only the web reads goes (OpenGraph, JSON-LD, the hreflang links: fragments.WEB_ONLY's and
  overrides/main.html's), each with the line it stood on;
- the banner, the footer's copyright block and the header box's words, and the search page whole, are taken
  from the same pages rendered by MkDocs with the edition's config (mkdocs.offline.yml), two pages a tree
  (`reference`): the words come from the theme's own templates and catalogue, never written here.

A page is read by one regex that follows HTML's own tokenizing rules (a tag opens only with "<" and an ASCII
letter; a quoted attribute value holds anything but its quote; a comment, a script or a style is skipped whole),
which gives each tag's place in the text; the changes are spliced into the page's own bytes, so what is not
changed stays byte for byte. It is exact on our pages, which are well formed and escape every text: a
statement's text and metadata are escaped in every page (`<` is `&lt;`, in a script's JSON `\\u003c`), so no
text can look like a tag (tests/test_offline_pages.py gives it hostile text, and checks that it finds the tags,
places and attributes the standard library's html.parser finds, on every page of both trees; html.parser
itself, with a call for every run of text and character reference, took five times as long).

What differs from the edition MkDocs built (tests/test_offline_pages.py builds both and compares every file):
a page's canonical link is its online address (`…/statements/x/`), where MkDocs wrote the edition's file name
at the online site (`…/statements/x.html`), an address that does not exist.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from markupsafe import escape
from mkdocs.utils import get_relative_url

from . import parallel, urls

URL_ATTRS = frozenset({"href", "src", "action", "data-search"})
_MAY_LINK = re.compile(r"\s(?:href|src|action|data-search)\s*=", re.I)
# The pages MkDocs renders with the edition's config, for what the theme writes differently there: the search
# page (taken whole) and a page with the header's search box (its words); both carry the banner and footer.
REFERENCE = (urls.SEARCH, urls.ABOUT)
SKIPPED = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz", "pagefind", "downloads"})  # at a tree's top


class EditionError(ValueError):
    """The online page is not one the edition knows how to derive: one line, naming it."""


@dataclass(frozen=True)
class Tree:
    lang: str
    prefix: str  # the tree's folder from the site's root: "" or "fr/"
    pages: dict[str, str]  # online address (from the site's root: "", "about/") -> the edition's file name


def tree_pages(docs: Path, lang: str) -> Tree:
    """Every page of a language's tree by its online address, with its file name in the edition: both derived
    from its docs path (docs/ for English, leaving out the other trees; docs/fr/ for French)."""
    prefix = urls.tree(lang)
    folder = docs / prefix
    others = tuple(urls.tree(code) for code in urls.TREES if code != lang and urls.tree(code))
    pages = {}
    for md in folder.rglob("*.md"):
        src = md.relative_to(folder).as_posix()
        if lang == urls.DEFAULT_LANGUAGE and src.startswith(others):
            continue
        pages[prefix + urls.site_path(src)] = prefix + urls.site_path(src, directory_urls=False)
    return Tree(lang, prefix, pages)


def online_file(address: str) -> str:
    """The file the online site serves at a page's address: "about/" -> "about/index.html"."""
    return address + "index.html" if address == "" or address.endswith("/") else address


@dataclass(frozen=True)
class Chrome:
    """What the edition's theme writes differently on every page of a tree, from its reference pages."""
    announce: str  # the inside of <div data-md-component="announce">: the banner
    copyright: str  # the inside of <div class="md-copyright">
    placeholder: str | None  # the header box's placeholder attribute, as written
    search_page: bytes  # the edition's search page, whole


# HTML's tokenizer, for well-formed markup (ours: every text escaped, every attribute value quoted): a comment;
# a declaration (<!doctype html>); a script or style element, whose content is text to its end tag whatever it
# holds; or a tag, which opens only with "<" and an ASCII letter ("</" for an end tag), a quoted attribute value
# holding any character but its quote (">" too).
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>"
                    r"|<(script|style)((?:\s(?:[^>\"']+|\"[^\"]*\"|'[^']*')*)?)>(.*?)</\1\s*>"
                    r"|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>", re.S | re.I)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


@functools.lru_cache(maxsize=65536)
def _attrs(text: str) -> dict:
    """A start tag's attributes from its text, as html.parser gives them (names lowercased, values unescaped);
    pages repeat most of theirs (the nav's, the theme's), so each text is read once. Never changed by callers."""
    out = {}
    for attr in _ATTR.finditer(text):
        value = next((v for v in attr.group(2, 3, 4) if v is not None), None)
        out.setdefault(attr.group(1).lower(), None if value is None else unescape(value))
    return out


class _Tags:
    """Each start and end tag's place in the page (offsets into its text) and its attributes' text, as html.parser
    finds them (tests/test_offline_pages.py checks the two agree on every page of a built site), in one regex
    pass, as the standard library's tokenizer is, without its call for every run of text and character
    reference: a fifth of html.parser's time on a statement page."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[tuple[int, int, str, str]] = []  # (start, end, tag, its attributes' text: _attrs)
        self.ends: list[tuple[int, int, str]] = []
        starts, ends = self.starts.append, self.ends.append
        for found in _TOKEN.finditer(text):
            raw, raw_attrs, _, closing, name, attrs = found.groups()
            if raw is not None:  # a script or a style, whole
                starts((found.start(), found.start(3), raw.lower(), raw_attrs))
                ends((found.end(3), found.end(), raw.lower()))
            elif name is None:
                continue  # a comment or a declaration
            elif closing:
                ends((found.start(), found.end(), name.lower()))
            else:
                starts((found.start(), found.end(), name.lower(), attrs))


def _element(tags: _Tags, name: str, match) -> tuple[int, int, int, int] | None:
    """The first `name` element whose attributes `match` accepts: (start, inner start, inner end, end)."""
    opening = [(s, e, a) for s, e, t, a in tags.starts if t == name]
    for i, (start, end, attrs) in enumerate(opening):
        if not match(_attrs(attrs)):
            continue
        events = sorted([(s, 1) for s, _, _ in opening[i + 1:]] +
                        [(s, -1, e) for s, e, t in tags.ends if t == name and s > end])
        depth = 0
        for event in events:
            depth += event[1]
            if depth < 0:
                return start, end, event[0], event[2]
        return None
    return None


def _line_start(text: str, start: int) -> int:
    """Where the whitespace before a tag begins, its line's newline included (a line of its own goes whole)."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i - 1 if i > 0 and text[i - 1] == "\n" else start


@functools.lru_cache(maxsize=64)
def _attr_value(name: str) -> re.Pattern:
    return re.compile(r'\s' + re.escape(name) + r'\s*=\s*("([^"]*)"|\'([^\']*)\')', re.I)


def _attr_span(raw: str, name: str) -> tuple[int, int] | None:
    """The span of an attribute's value (inside its quotes) in a start tag as written."""
    found = _attr_value(name).search(raw)
    if not found:
        return None
    group = 2 if found.group(2) is not None else 3
    return found.start(group), found.end(group)


def chrome_of(search_html: bytes, about_html: bytes) -> Chrome:
    """The edition's banner, footer and header words, from its reference pages as MkDocs rendered them."""
    text = about_html.decode("utf-8")
    tags = _Tags(text)
    announce = _element(tags, "div", lambda a: a.get("data-md-component") == "announce")
    copyright = _element(tags, "div", lambda a: a.get("class") == "md-copyright")
    if not announce or not copyright:
        raise EditionError(f"{urls.ABOUT}: the edition's reference page has no banner or footer")
    placeholder = None
    for start, end, tag, attrs in tags.starts:
        if tag == "input" and _attrs(attrs).get("id") == "kp-header-q":
            span = _attr_span(text[start:end], "placeholder")
            placeholder = text[start:end][span[0]:span[1]] if span else None
    return Chrome(text[announce[1]:announce[2]], text[copyright[1]:copyright[2]], placeholder, search_html)


@dataclass(frozen=True)
class Edition:
    site_url: str  # the online site's address, ending in "/"
    split: bool  # one zip per language: what lies outside a tree's zip is linked online
    trees: dict[str, Tree]  # by language
    written: dict = field(default_factory=dict)  # _link's answers, by target, tree, folder and form

    def tree_of(self, path: str) -> Tree:
        for tree in self.trees.values():
            if tree.prefix and path.startswith(tree.prefix):
                return tree
        return self.trees[urls.DEFAULT_LANGUAGE]


def _target(edition: Edition, tree: Tree, path: str) -> tuple[str, bool]:
    """Where a link to an online path (from the site's root) goes in the edition: (the edition's path, or an
    absolute online URL; whether it is online)."""
    page = edition.tree_of(path).pages.get(path)
    own = path[len(tree.prefix):] if tree.prefix and path.startswith(tree.prefix) else path
    if urls.online_only(own):
        return edition.site_url + path, True
    if edition.split:
        if urls.original(path):
            return edition.site_url + path, True
        if edition.tree_of(path) is not tree or (tree.prefix and not path.startswith(tree.prefix)):
            if tree.prefix and path.startswith("assets/"):
                return tree.prefix + path, False  # a split tree carries its own copy of the assets
            return edition.site_url + path, True
    if page is not None:
        return page, False
    return path, False


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _link(edition: Edition, tree: Tree, online_page: str, offline_page: str, value: str) -> str | None:
    """A link of an online page as the edition's page writes it; None where it stays as written (an address
    with a scheme or a host, a fragment alone, an absolute path)."""
    if not value or value[0] in "#/" or _SCHEME.match(value):
        return None
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    path, tail = value[:cut], value[cut:]
    online_dir = online_file(online_page).rpartition("/")[0]
    resolved = posixpath.normpath(posixpath.join(online_dir, path)) if path else online_file(online_page)
    if resolved == ".":
        resolved = ""
    elif path.endswith(("/", "/.", "/..")) or path in (".", ".."):
        resolved += "/"
    if resolved.endswith("index.html") and resolved[:-10] in edition.tree_of(resolved).pages:
        resolved = resolved[:-10]  # a page named by its file
    from_top = bool(_root(online_page, tree)) and value.startswith(_root(online_page, tree))
    key = (resolved, tree.lang, offline_page.rpartition("/")[0], from_top)
    out = edition.written.get(key)
    if out is None:  # the same target from the same folder: written once (a nav's links, a listing's)
        out = edition.written[key] = _written(edition, tree, resolved, offline_page, from_top)
    return out + tail


def _written(edition: Edition, tree: Tree, path: str, offline_page: str, from_top: bool) -> str:
    """An online path (from the site's root) as the edition's page at offline_page writes it."""
    target, online = _target(edition, tree, path)
    if online:
        return target
    if from_top:
        # Written from the tree's top (a fragment's placeholders, urls.resolve: the way up, then the path), so
        # written so again; where a link climbs to the top anyway, both forms are the same.
        out = _root(offline_page, tree) + posixpath.relpath("/" + target, "/" + tree.prefix)
        return out + "/" if target.endswith("/") and not out.endswith("/") else out
    return get_relative_url(target, offline_page)  # as MkDocs writes a link: from the page's folder


def _root(page: str, tree: Tree) -> str:
    """The way from a page up to its tree's top, as urls.resolve writes it before a path ("" from the top)."""
    base = _base(page, tree)
    return "" if base == "." else base + "/"


def _base(page: str, tree: Tree) -> str:
    """MkDocs' base_url for a page: the relative way from it to its tree's top."""
    return _base_of(page[len(tree.prefix):])


@functools.lru_cache(maxsize=4096)
def _base_of(page: str) -> str:
    return get_relative_url(".", page)


def derive_page(html: str, edition: Edition, online_page: str, chrome: Chrome) -> str:
    """One online page (its address from the site's root) as the edition's page."""
    tree = edition.tree_of(online_page)
    offline_page = tree.pages[online_page]
    tags = _Tags(html)
    edits: list[tuple[int, int, str]] = []

    def rewrite(start: int, end: int, name: str, value_of=lambda v: v, back=lambda old, new: new):
        raw = html[start:end]
        span = _attr_span(raw, name)
        if not span:
            return
        written = raw[span[0]:span[1]]
        value = value_of(unescape(written))
        if value is None:
            return
        new = _link(edition, tree, online_page, offline_page, value)
        if new is not None:
            edits.append((start + span[0], start + span[1], str(escape(back(unescape(written), new)))))

    for start, end, tag, text in tags.starts:
        if tag in ("meta", "link", "input") and _head_tag(html, start, end, tag, _attrs(text), chrome, rewrite, edits):
            continue
        if _MAY_LINK.search(text):
            for name in URL_ATTRS.intersection(_attrs(text)):
                rewrite(start, end, name)

    scripts = _scripts(tags)
    for start, inner, inner_end, end, attrs in scripts:
        if attrs.get("type") == "application/ld+json":
            edits.append((_line_start(html, start), end, ""))
        elif "src" not in attrs:
            edits.extend(_material_base(html, inner, inner_end, attrs, edition, tree, online_page, offline_page))

    for match, inside in ((lambda a: a.get("data-md-component") == "announce", chrome.announce),
                          (lambda a: a.get("class") == "md-copyright", chrome.copyright)):
        found = _element(tags, "div", match)
        if found:
            edits.append((found[1], found[2], inside))

    return _spliced(html, edits, online_page)


def _head_tag(html: str, start: int, end: int, tag: str, attrs: dict, chrome: Chrome, rewrite, edits: list) -> bool:
    """A <meta>, <link> or <input> the edition changes: OpenGraph and hreflang links left out, a redirect's
    refresh led to the edition's file, the header box's offline words; True when its links need nothing more
    (the canonical link keeps its online address: the page's real one)."""
    if (tag == "meta" and "property" in attrs) or (  # OpenGraph
            tag == "link" and attrs.get("rel") == " alternate" and "hreflang" in attrs):
        edits.append((_line_start(html, start), end, ""))
        return True
    if tag == "link" and attrs.get("rel") == "canonical":
        return True
    if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
        rewrite(start, end, "content", lambda v: v.partition("url=")[2] or None,
                lambda old, new: old.partition("url=")[0] + "url=" + new)
        return True
    if tag == "input" and attrs.get("id") == "kp-header-q" and chrome.placeholder is not None:
        span = _attr_span(html[start:end], "placeholder")
        if span:
            edits.append((start + span[0], start + span[1], chrome.placeholder))
    return False


def _spliced(html: str, edits: list[tuple[int, int, str]], online_page: str) -> str:
    """The page with each (start, end, new) edit made; an edit inside a part replaced whole is dropped."""
    out, at = [], 0
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], -edit[1])):
        if end <= at:
            continue  # inside a part replaced whole (the footer's links)
        if start < at:
            raise EditionError(f"{online_file(online_page)}: two changes overlap at {start}")
        out.append(html[at:start])
        out.append(new)
        at = end
    out.append(html[at:])
    return "".join(out)


def _scripts(tags: _Tags) -> list[tuple[int, int, int, int, dict]]:
    ends = [(s, e) for s, e, t in tags.ends if t == "script"]
    out, j = [], 0
    for start, end, tag, attrs in tags.starts:
        if tag != "script":
            continue
        while j < len(ends) and ends[j][0] < end:
            j += 1
        if j < len(ends):
            out.append((start, end, ends[j][0], ends[j][1], _attrs(attrs)))
    return out


def _material_base(html: str, inner: int, inner_end: int, attrs: dict, edition: Edition, tree: Tree,
                   online_page: str, offline_page: str) -> list[tuple[int, int, str]]:
    """Material's inline scripts name the page's base address: `__md_scope=new URL("../..",location)` and its
    `__config` JSON's "base" and "search" (its worker's address)."""
    old, new = _base(online_page, tree), _base(offline_page, tree)
    body = html[inner:inner_end]
    out = []
    for before, after in ((f'__md_scope=new URL("{old}",location)', f'__md_scope=new URL("{new}",location)'),
                          (f'"base": "{old}"', f'"base": "{new}"')):
        at = body.find(before)
        if at >= 0:
            out.append((inner + at, inner + at + len(before), after))
    if attrs.get("id") == "__config":
        key = '"search": "'
        at = body.find(key)
        if at >= 0:
            start = at + len(key)
            end = body.index('"', start)
            link = _link(edition, tree, online_page, offline_page, body[start:end])
            if link is not None:
                out.append((inner + start, inner + end, link))
    return out


def derive(site: Path, out: Path, docs: Path, site_url: str, split: bool, chromes: dict[str, Chrome]) -> dict:
    """The edition's tree in `out`, from the online site in `site` (both trees), its pages' names from docs/;
    `chromes`: each tree's reference pages' parts. The files that are not pages are linked (or copied)."""
    trees = {lang: tree_pages(docs, lang) for lang in chromes}
    edition = Edition(site_url, split, trees)
    if out.exists():
        shutil.rmtree(out)
    files, jobs = 0, []
    by_file = {online_file(address): address for tree in trees.values() for address in tree.pages}
    for path in sorted(site.rglob("*")):
        if path.is_dir():
            continue
        name = path.relative_to(site).as_posix()
        tree = edition.tree_of(name)
        if name[len(tree.prefix):].split("/", 1)[0] in SKIPPED:
            continue
        address = by_file.get(name)
        if address is None:
            if name.endswith(".html") and not name.startswith(tuple(f"{t.prefix}assets/" for t in trees.values()
                                                                   if t.prefix) + ("assets/",)):
                raise EditionError(f"{name}: a page of the online site that no docs path names")
            _place(path, out / name)
            files += 1
            continue
        jobs.append((name, tree.pages[address], address, tree.lang))
    # Each page alone: forked workers from parallel.PARALLEL_FROM pages up, each writing its own.
    pages = sum(parallel.fork_map(_write_pages, (site, out, edition, chromes), jobs))
    if split:  # each tree's zip carries the assets its pages use
        for tree in trees.values():
            if tree.prefix:
                for path in sorted((site / "assets").rglob("*")):
                    if path.is_file():
                        _place(path, out / tree.prefix / path.relative_to(site).as_posix())
    return {"pages": pages, "files": files}


def _write_pages(context: tuple, jobs: list[tuple[str, str, str, str]]) -> int:
    """Derive and write pages: (online file, edition file, online address, language) each."""
    site, out, edition, chromes = context
    for name, target_name, address, lang in jobs:
        target = out / target_name
        target.parent.mkdir(parents=True, exist_ok=True)
        html = (site / name).read_text("utf-8")
        if address == edition.trees[lang].prefix + urls.site_path(urls.SEARCH):
            page = _canonical_of(html, chromes[lang].search_page.decode("utf-8"))
        else:
            page = derive_page(html, edition, address, chromes[lang])
        target.write_text(page, "utf-8", newline="")
    return len(jobs)


def _canonical_of(online: str, page: str) -> str:
    """The edition's search page (MkDocs' own) with the online page's canonical link, as every derived page."""
    def tag(html: str) -> tuple[int, int] | None:
        for start, end, name, attrs in _Tags(html).starts:
            if name == "link" and _attrs(attrs).get("rel") == "canonical":
                return start, end
        return None

    ours, theirs = tag(online), tag(page)
    if not ours or not theirs:
        return page
    return page[:theirs[0]] + online[ours[0]:ours[1]] + page[theirs[1]:]


def _place(source: Path, target: Path) -> None:
    """A file the edition has as the online site has it: a hard link (no copy), or a copy across filesystems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)

