"""Every address of the archive, in one place: pages, their fragments, downloads, exports, the feed.

A page is named by its path in docs/ ("meetings/2011-plenary-kinshasa.md"), the way MkDocs names it; every
other form is derived here: its address on the site ("/meetings/2011-plenary-kinshasa/"), in the offline
edition ("meetings/2011-plenary-kinshasa.html"), absolute (for citations and the feed), and the files of
its HTML fragments in overrides/generated/. Nothing else in the project writes an address pattern: the
templates ask `url()`, the theme asks the MkDocs hook (kparchive/mkdocs_hook.py), which asks this module.

Every value that becomes part of a path (an id, a code, a slug) is checked against one pattern first, so no
value from statements/ can name a file outside its folder.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

# One path component: lowercase letters and digits in words joined by hyphens, short enough that every file
# name the build derives from it (<id>.head.html, <id>.json, …) stays far under the 255 bytes filesystems allow.
SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SEGMENT_MAX = 120


class UnsafeSegment(ValueError):
    """A value that cannot be part of a path: a bug in validation if it is ever raised."""


def segment(value) -> str:
    """The value itself, if it can be a path component; raises UnsafeSegment otherwise."""
    text = str(value)
    if len(text) > SEGMENT_MAX or not SEGMENT.fullmatch(text):
        raise UnsafeSegment(f"{value!r} cannot be part of an address")
    return text


# --- pages (docs paths) ------------------------------------------------------------------------------------

HOME = "index.md"
STATEMENTS = "statements/index.md"
TIMELINE = "timeline.md"
GLOSSARY = "glossary.md"
SEARCH = "search/index.md"
DATA = "data.md"
ABOUT = "about.md"
# Pages MkDocs renders but no listing may be named after: a facet value whose page path equals one of these,
# or a folder's index, would replace it.
RESERVED = frozenset({"index", "page", "search", "assets", "downloads", "feed", "data", "about", "timeline",
                      "glossary", "404", "sitemap", "robots", "pagefind", "fr", "en"})


def statement(sid: str) -> str:
    return f"statements/{segment(sid)}.md"


def statement_file(sid: str, ext: str) -> str:
    """A statement's published files beside its page: the original (.txt), .bib, .ris, .json."""
    return f"statements/{segment(sid)}.{ext}"


def original_file(sid: str, suffix: str) -> str:
    """A statement's original as published, by how its name ends in statements/ (".pdf", ".docx", ".odt",
    ".original.txt"; ".txt", the text itself). A web page is published as text (".html.txt"): served as HTML from
    the site's origin, or opened from the offline edition, its scripts, frames and pixels would run and ask other
    hosts; as text a browser shows its source, and its link's `download` names it .html."""
    return f"statements/{segment(sid)}{suffix}.txt" if suffix == ".html" else f"statements/{segment(sid)}{suffix}"


def statements_page(page: int = 1) -> str:
    """The table of every statement, and its further pages: statements/index.md, statements/page/2.md."""
    return STATEMENTS if page == 1 else f"statements/page/{int(page)}.md"


# A statement's files that only the online site carries: the offline edition leaves them out (its pages hold
# the same references in their cite box, the catalogue the same metadata) and links them on the online site.
ONLINE_ONLY = re.compile(r"statements/[^/]+\.(bib|ris|json)")


def online_only(target: str) -> bool:
    return ONLINE_ONLY.fullmatch(target) is not None


# A statement's text and original (.txt, .pdf, .docx, .odt; a web page as .html.txt): in every edition but a
# split offline one (one zip per language, for a large archive: kparchive/offline.py), which links them on the
# online site to keep each zip small.
ORIGINAL = re.compile(r"statements/[^/]+\.(?:txt|pdf|docx|odt)")


def original(target: str) -> bool:
    return ORIGINAL.fullmatch(target) is not None


def year(y: int) -> str:
    return f"years/{int(y)}.md"


def listing_index(folder: str) -> str:
    """A facet's index page (meetings/index.md)."""
    return f"{segment(folder)}/index.md"


def listing(folder: str, value: str, page: int = 1) -> str:
    """A facet value's listing, and its further pages: meetings/x.md, meetings/x/page/2.md."""
    base = f"{segment(folder)}/{segment(value)}"
    return f"{base}.md" if page == 1 else f"{base}/page/{int(page)}.md"


# --- exports and downloads (site files) -----------------------------------------------------------------------

CATALOGUE_JSON = "statements.json"
CATALOGUE_CSV = "statements.csv"
DATAPACKAGE = "datapackage.json"
FEED = "feed.xml"
# The offline edition's search: lunr.js and the index, written after MkDocs (kparchive/offline_search.py).
OFFLINE_LUNR = "search/lunr.js"
OFFLINE_SEARCH_INDEX = "search/search-index.js"


def offline_zip(lang: str = "") -> str:
    """The online site's latest offline edition: one zip for every language, or (a split edition) one per
    language, downloads/kp-statements-offline-fr-latest.zip."""
    return f"downloads/kp-statements-offline-{segment(lang) + '-' if lang else ''}latest.zip"


def offline_zip_name(date_iso: str, lang: str = "") -> str:
    return f"kp-statements-offline-{segment(lang) + '-' if lang else ''}{date_iso}.zip"


# --- the languages' trees ------------------------------------------------------------------------------------

# The English interface is the site's root; every other language's pages are a tree of the same docs paths
# under its code (fr/statements/x.md, /fr/statements/x/), built by its own MkDocs config (mkdocs.fr.yml,
# docs_dir docs/fr, site_dir site/fr). The files a statement publishes, the exports and the assets are the
# English tree's, shared: a French page links them from the site's top ({T}).
DEFAULT_LANGUAGE = "en"
TREES = ("en", "fr")


def tree(lang: str) -> str:
    """A language's folder, from the site's root: "" for English, "fr/"."""
    if lang == DEFAULT_LANGUAGE:
        return ""
    if lang not in TREES:
        raise UnsafeSegment(f"{lang!r} is not a language of the interface")
    return f"{lang}/"


def in_tree(target: str, lang: str) -> str:
    """Where a language's copy of a docs path is written: statements/x.md -> fr/statements/x.md."""
    return tree(lang) + target


def translated_page(target: str) -> bool:
    """Whether a language's tree has its own copy of the target (a page or the feed), or links the English
    tree's (a statement's files, the exports, the downloads)."""
    return target.endswith(".md") or target == FEED


# --- derived forms ---------------------------------------------------------------------------------------

def fragment(page: str) -> str:
    """The HTML fragment of a page, in overrides/generated/: meetings/x.md -> meetings/x.html."""
    return page.removesuffix(".md") + ".html"


def head_fragment(page: str) -> str:
    """The head fragment of a page (its <title>, description and citation metadata)."""
    return page.removesuffix(".md") + ".head.html"


def site_path(target: str, directory_urls: bool = True) -> str:
    """A docs path as the site addresses it, from its root, without the leading slash: `meetings/x.md` ->
    `meetings/x/` (or `meetings/x.html` in the offline edition); any other file keeps its name."""
    if not target.endswith(".md"):
        return target
    stem = target[:-3]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[:-5]
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def absolute(site_url: str, target: str) -> str:
    """An absolute URL: site_url ends in '/'."""
    return site_url + site_path(target)


def search(**params) -> str:
    """The search page with a query: search(country="ZW") -> search/?country=ZW (a site path)."""
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")], doseq=True)
    return site_path(SEARCH) + (f"?{query}" if query else "")


# --- the fragments' link placeholders ------------------------------------------------------------------------

# A fragment serves both editions: its links are written from the site's root ({R}) with the end of the
# address left open ({S} for a page, {I} for a folder's index), and resolve() fills them in for the page the
# fragment lands on; a file only the online site carries is linked from {O}, its root online and the online
# site's address in the offline edition. A value can hold none of them: the fragment templates write every
# brace of a value as a character reference.
# A page of another language's tree links the English tree's files from the site's top ({T}); a statement's
# original is linked from {G}, where its tree finds it (the root or the top), or online in a split edition.
ROOT, PAGE_END, INDEX_END, ONLINE_ROOT, TOP, ORIGINAL_ROOT = "{R}", "{S}", "{I}", "{O}", "{T}", "{G}"


def placeholder(target: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A link to a docs path in the fragments' placeholder form: `meetings/x.md` -> `{R}meetings/x{S}`; a
    French page's link to a shared file: `{T}statements/x.txt`."""
    if not target.endswith(".md"):
        if online_only(target):
            return ONLINE_ROOT + target
        if original(target):
            return ORIGINAL_ROOT + target
        return (ROOT if lang == DEFAULT_LANGUAGE or translated_page(target) else TOP) + target
    stem = target[:-3]
    if stem == "index" or stem.endswith("/index"):
        return ROOT + stem[:-5] + INDEX_END
    return ROOT + stem + PAGE_END


def resolve(html: str, base_url: str, directory_urls: bool, online_site: str = "", lang: str = "en",
            split: bool = False) -> str:
    """A fragment's links for the page it lands on (base_url: MkDocs' relative way up to its tree's root;
    online_site: the online site's address, in the edition that links the online-only files there; lang: the
    tree's language, whose pages reach the shared files one folder up; split: an offline edition of one
    language, whose zip holds neither the originals nor the other trees, so both are linked online)."""
    # From a tree's top page its links start at its own folder ("statements/", as MkDocs writes them, not
    # "./statements/"): so a link is written the same way from the top whoever wrote it, the theme or a
    # fragment, and the offline edition's pages, derived from the site's, can write it again the same way.
    root = "" if base_url.rstrip("/") in ("", ".") else base_url.rstrip("/") + "/"
    top = root + ("../" * tree(lang).count("/"))
    shared = online_site if split and online_site else top
    return (html.replace(ROOT, root)
                .replace(TOP, shared)
                .replace(ORIGINAL_ROOT, shared if split or lang != DEFAULT_LANGUAGE else root)
                .replace(ONLINE_ROOT, online_site or top)
                .replace(PAGE_END, "/" if directory_urls else ".html")
                .replace(INDEX_END, "" if directory_urls else "index.html"))
