"""Privacy: reading the archive tells no one but the archive's own host. A reader watched on the network
must not have a CDN, font service or analytics host learn which statement they opened.

In the browser: every request of every page type is recorded (scripts, styles, fonts, the search index,
worker fetches) and none may leave the site's origin, in each page type's audit (tests/test_page_audit.py, at
both widths) and in every browser test (browser_support.open_page); here, the offline edition's search. In
the built HTML: no asset is referenced by an absolute URL to another host, whether or not the browser would
fetch it in this test's conditions.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import foreign_requests, open_page
from page_types import goto
from site_pages import Site

# Elements and attributes through which a page makes the browser fetch something.
ASSET_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
    "form": ["action"],
}
# <link rel=...> values that fetch or connect (canonical, alternate and the like only name a URL).
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                 "prefetch", "modulepreload", "preconnect", "dns-prefetch", "prerender"}
# Hosts that a page naming in any way is a sign of a third-party asset crept in.
TELLTALE_HOSTS = ("fonts.googleapis", "fonts.gstatic", "cdn", "unpkg", "googletagmanager", "google-analytics",
                  "cloudflare", "gravatar", "polyfill.io")


def urls_in(value: str, attribute: str) -> list[str]:
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value]


def is_foreign(url: str) -> bool:
    """An absolute or protocol-relative URL: the site itself always links its assets relatively."""
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https", "ftp", "ws", "wss")


@pytest.fixture(scope="module")
def site(built_site):
    return Site(built_site)


@pytest.mark.browser
def test_no_request_leaves_the_origin_when_searching_offline(browser, offline_site_url):
    """The offline edition's search loads lunr.js and its index as scripts: both from the edition itself."""
    with open_page(browser, offline_site_url, check_origin=False) as page:
        goto(page, "/search/index.html?q=Zimbabwe")
        page.locator("#kp-results li").first.wait_for(state="visible", timeout=10_000)
        seen = list(page.requests_seen)
    assert any(u.endswith("/search/search-index.js") for u in seen), "the search index request was not recorded"
    assert foreign_requests(seen, offline_site_url) == []


def test_no_page_references_an_asset_on_another_host(site):
    offending = []
    for page in site.pages():
        soup = site.soup(page)
        for link in soup.find_all("link", href=True):
            rels = {r.lower() for r in link.get("rel", [])}
            if rels & FETCHING_RELS and is_foreign(link["href"]):
                offending.append(f"{page}: <link rel={' '.join(sorted(rels))} href={link['href']}>")
        for tag, attributes in ASSET_ATTRIBUTES.items():
            for el in soup.find_all(tag):
                for attribute in attributes:
                    for url in urls_in(el.get(attribute) or "", attribute):
                        if url and is_foreign(url):
                            offending.append(f"{page}: <{tag} {attribute}={url}>")
        for el in soup.find_all(style=True):
            if "url(" in el["style"] and any(is_foreign(u.strip("'\" ")) for u in _css_urls(el["style"])):
                offending.append(f"{page}: style={el['style']}")
        for style in soup.find_all("style"):
            if any(is_foreign(u.strip("'\" ")) for u in _css_urls(style.get_text())):
                offending.append(f"{page}: <style> with a foreign url()")
    assert offending == [], "assets on other hosts:\n  " + "\n  ".join(offending)


def test_no_page_or_stylesheet_names_a_font_or_cdn_host(site, built_site):
    """Belt and braces: the telltale hosts appear nowhere in the HTML <head>s or the site's own CSS."""
    offending = []
    for page in site.pages():
        head = str(site.soup(page).head or "")
        offending += [f"{page}: {host}" for host in TELLTALE_HOSTS if f"//{host}" in head or f".{host}" in head]
    for css in built_site.rglob("*.css"):
        text = css.read_text("utf-8", errors="replace")
        if "@import" in text:
            offending.append(f"{css.relative_to(built_site)}: @import")
        name = css.relative_to(built_site)
        offending += [f"{name}: url({u})" for u in _css_urls(text) if is_foreign(u.strip("'\" "))]
    assert offending == [], "\n".join(offending)


def _css_urls(css: str) -> list[str]:
    out, start = [], 0
    while (i := css.find("url(", start)) != -1:
        j = css.find(")", i)
        if j == -1:
            break
        out.append(css[i + 4 : j])
        start = j + 1
    return out
