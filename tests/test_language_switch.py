"""The switch between the two trees keeps the reader's place and downloads no asset again.

Every page links the same page in the other language (partials/kp-languages.html): without JavaScript the
link is that page's address; with it (assets/header.js) it carries the address's #fragment as it changes, so
a reader at #p3 lands on the same paragraph. The French tree's pages use the English tree's assets (one copy:
kparchive/mkdocs_hook.py), so a switch costs the page and nothing else.

The site: the frozen fixture corpus, both trees (conftest's fixture_site: build_index and MkDocs).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from kparchive import serve

from browser_support import open_page
from page_types import STATEMENT

WIDTHS = ({"width": 375, "height": 812}, {"width": 1280, "height": 800})
SWITCH = "a.kp-languages__link"


@pytest.fixture(scope="module")
def fixture_url(fixture_site):
    server = serve.start(fixture_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_without_javascript_the_switch_is_the_pages_address(fixture_site):
    for here, there in ((STATEMENT, "/fr" + STATEMENT), ("/fr" + STATEMENT, STATEMENT)):
        html = (fixture_site / here.strip("/") / "index.html").read_text("utf-8")
        href = BeautifulSoup(html, "html.parser").select_one(SWITCH)["href"]
        assert re.sub(r"^(\.\./)+", "/", href) == there, href


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: str(w["width"]))
@pytest.mark.parametrize("start", ["", "/fr"], ids=["from-en", "from-fr"])
def test_the_switch_keeps_the_paragraph_read(browser, fixture_url, start, width):
    other = "" if start else "/fr"
    with open_page(browser, fixture_url, viewport=width) as page:
        page.goto(f"{start}{STATEMENT}#p3")
        assert page.locator(SWITCH).get_attribute("href").endswith("#p3")
        page.evaluate("() => { location.hash = '#p5'; }")  # the reader follows another paragraph's number
        page.wait_for_function(f"() => document.querySelector('{SWITCH}').hash === '#p5'")
        page.locator(SWITCH).click()
        page.wait_for_url(f"{fixture_url}{other}{STATEMENT}#p5")
        page.wait_for_load_state("load")
        # The paragraph is where the reader is: on screen, and its actions shown (cite.js reads the hash).
        assert page.locator("#p5").is_visible()
        box = page.locator("#p5").bounding_box()
        assert box is not None and 0 <= box["y"] < width["height"]
        page.wait_for_selector("#p5 .kp-para-actions")


def test_the_french_tree_has_no_assets_of_its_own_and_links_the_english_trees(fixture_site):
    assert not (fixture_site / "fr" / "assets").exists()
    for page in ("fr/index.html", "fr/statements/index.html", "fr/search/index.html", "fr/404.html",
                 f"fr{STATEMENT}index.html"):
        html = (fixture_site / page).read_text("utf-8")
        links = re.findall(r'(?:href|src)="([^"]*assets/[^"]*)"', html)
        assert links, page
        for link in links:
            assert urlsplit(urljoin(f"http://site/{page}", link)).path.startswith("/assets/"), (page, link)


@pytest.mark.parametrize("start", ["", "/fr"], ids=["from-en", "from-fr"])
def test_a_switch_downloads_the_page_and_no_asset(browser, fixture_url, fixture_site, start):
    """Reading a page, then switching language: every asset the other page asks for is the one the first page
    fetched, from the browser's cache (kparchive.serve lets it keep them an hour, as deploy/nginx.conf does)."""
    other = "" if start else "/fr"
    with open_page(browser, fixture_url) as page:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        fetched: dict[str, int] = {}
        urls: dict[str, str] = {}
        cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: fetched.__setitem__(urls.get(e["requestId"], e["requestId"]), e["encodedDataLength"]))
        page.goto(f"{start}{STATEMENT}")
        page.wait_for_load_state("networkidle")
        first = set(fetched)
        fetched.clear()
        page.locator(SWITCH).click()
        page.wait_for_url(f"{fixture_url}{other}{STATEMENT}")
        page.wait_for_load_state("networkidle")
    assets = {url: size for url, size in fetched.items() if "/assets/" in url}
    assert not [url for url in assets if "/fr/assets/" in url]
    assert set(assets) <= first, set(assets) - first
    downloaded = {url: size for url, size in fetched.items() if size > 0 and url not in first}
    assert set(downloaded) == {f"{fixture_url}{other}{STATEMENT}"}, downloaded
