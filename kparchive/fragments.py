"""The fragment protocol: how build_index hands MkDocs a page, and how the theme puts it in place.

Every page build_index generates is three files: `docs/<page>.md`, front matter only (MkDocs' page: its
title, template, table of contents), `overrides/generated/<page>.html`, the page's content, and
`overrides/generated/<page>.head.html`, its head (<title>, description, OpenGraph, citation metadata). Both
fragments are HTML written by autoescaping Jinja templates: Python-Markdown was three quarters of the site
build's time, and HTML from an autoescaping template needs no second, Markdown, layer of escaping.

The theme puts them in place with `kp_fragment(name, base_url)`, a function the MkDocs hook
(kparchive/mkdocs_hook.py) gives the theme's templates: it reads the file as it is (MkDocs would otherwise
compile each included fragment as a template, 40 % of its build) and fills in the links' placeholders
(urls.resolve). overrides/partials/kp-fragment.html falls back to a Jinja include where the hook does not
run, so a fragment must be plain text to Jinja as well: every brace a value writes is a character reference,
and a fragment that still holds `{{`, `{%` or `{#` is a bug (refused here).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from markupsafe import Markup, escape

from . import urls

_JINJA_SYNTAX = re.compile(r"\{[{%#]")
HEAD_SUFFIX = urls.head_fragment("x.md").removeprefix("x")  # ".head.html"
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def finalize(value):
    """Every value a fragment template writes: HTML-escaped, braces too (so it can be neither Jinja syntax
    nor a link placeholder). Markup is the template's own, or a macro's."""
    if isinstance(value, Markup):
        return value
    html = escape(value)
    if "{" in html or "}" in html:  # seldom: most values are escaped once, with no second copy
        html = Markup(str(html).translate(_BRACES))
    return html


@functools.lru_cache(maxsize=65536)
def link(target: str, lang: str = "en") -> Markup:
    """`url()` in the templates: a link to a docs path of the page's tree, in placeholder form (a page is
    linked from a dozen others, so each link is made once)."""
    return escape(urls.placeholder(target, lang))


def checked(html: str, template: str, page: str) -> bytes:
    """A rendered fragment, checked to hold no Jinja syntax."""
    if _JINJA_SYNTAX.search(html):
        raise RuntimeError(f"{template} wrote Jinja syntax into the fragment of {page}")
    return html.encode("utf-8")


# What only the web reads, left out of the offline edition's heads (templates/head.html.j2 writes each on a
# line of its own, its values escaped): OpenGraph, for link previews, and schema.org JSON-LD, for search
# engines (a value's `<` is \u003c there, so `</script>` ends only the block). Reference managers' citation_*
# and Dublin Core stay. About 0.6 kB of a statement page zipped.
WEB_ONLY = re.compile(r'^(?:<meta property="[^"]*" content="[^"]*">'
                      r'|<script type="application/ld\+json">[^\n]*?</script>)\n', re.M)


class Reader:
    """The theme's side: a page's fragment as it will stand in the page (the hook's `kp_fragment`)."""

    def __init__(self, folder: Path, directory_urls: bool, online_site: str = "", lang: str = "en",
                 offline: bool = False, split: bool = False):
        self.folder = folder.resolve()
        self.directory_urls = directory_urls
        self.online_site = online_site  # set in the offline edition: where its online-only links go
        self.lang = lang  # the tree's language: its pages reach the shared files from the site's top
        self.offline = offline  # the offline edition's heads leave out what only the web reads
        self.split = split  # an offline edition of one language: the originals and other trees are online

    def __call__(self, name: str, base_url: str) -> str:
        path = (self.folder / name).resolve()
        if not path.is_relative_to(self.folder):
            raise ValueError(f"fragment {name!r} is outside {self.folder}")
        html = path.read_text("utf-8")
        if self.offline and name.endswith(HEAD_SUFFIX):
            html = WEB_ONLY.sub("", html)
        return urls.resolve(html, base_url, self.directory_urls, self.online_site, self.lang, self.split)
