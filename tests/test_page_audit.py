"""Every page type of tests/page_types.py, both trees, at 1280 and 375 px, in one visit each through
kparchive.serve (what `make serve` sends, the CSP included) in real Chromium:

- axe-core finds no WCAG 2.1 A/AA violation: as loaded, with every <details> opened, and on the search page
  after a filter is used;
- the Content-Security-Policy blocks nothing (no violation event, no console report), and the search page's
  Pagefind runs under it (its wasm compiled, a result's fragment fetched);
- no request leaves the site's origin, with everything opened and the page scrolled to its end (anything
  loaded lazily), and its stylesheet was requested (so the record of requests is not empty by mistake);
- at 375 px nothing scrolls sideways, as loaded and with every <details> opened;
- every target (link, button, form control) is 24 by 24 px at least (WCAG 2.2's 2.5.8, but for links in a
  sentence), as loaded and with every <details> and a statement's paragraph actions opened (audit.TARGETS).

One visit checks all five (they were four visits of each page type: tests of accessibility, of the CSP, of
privacy and of small screens). nginx's CSP is checked apart (tests/test_serve.py), as are the checks that
need a visit of their own: a listing over several pages and the offline search page (test_accessibility),
the parts a reader uses on a phone (test_small_screens), assets named by URL in the HTML (test_privacy).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

import audit
from audit import PHONE, VIEWPORTS, WATCH_CSP, assert_no_sideways_scroll, assert_no_violations, csp_messages
from browser_support import open_page
from page_types import ALL_PAGE_TYPES, goto, interact_with_filters, open_all_details, path_of

pytestmark = pytest.mark.browser

SEARCH = ("search", "fr-search")
STATEMENTS = ("statement", "fr-statement")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", ALL_PAGE_TYPES)
def test_every_page_type_passes_its_audit(browser, site_url, built_site, name, viewport):
    path = path_of(name, built_site)
    phone = VIEWPORTS[viewport] == PHONE
    where = f"{name} {path} ({viewport})"
    with open_page(browser, site_url, viewport=VIEWPORTS[viewport]) as page:  # fails if a request left the origin
        page.add_init_script(WATCH_CSP)
        messages = csp_messages(page)
        goto(page, path)
        assert_no_violations(page, where)
        audit.assert_targets(page, where)
        if phone:
            assert_no_sideways_scroll(page, where)
        if name in STATEMENTS:  # a paragraph's actions, as its Cite button opens them
            page.locator(".kp-text #p3 .kp-para-cite").click()
            page.locator("#p3 .kp-para-actions").wait_for()
        if open_all_details(page) or name in STATEMENTS:
            assert_no_violations(page, f"{where}, every <details> opened")
            audit.assert_targets(page, f"{where}, every <details> opened")
            if phone:
                assert_no_sideways_scroll(page, f"{where} with every <details> open")
        page.mouse.wheel(0, 20_000)  # anything loaded lazily, on scroll
        page.wait_for_load_state("networkidle")
        if name in SEARCH:  # Pagefind compiled its wasm under the CSP and fetched a result
            fragments = [url for url in page.requests_seen if re.search(r"/pagefind/(?:[0-9]+/)?fragment/", url)]
            assert fragments, page.requests_seen
            if interact_with_filters(page):  # the filters must stay accessible once used
                assert_no_violations(page, f"{where}, after using a filter")
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__csp")
        seen = list(page.requests_seen)
    assert any(urlsplit(u).path.endswith(".css") for u in seen), f"{where}: no stylesheet request was recorded"
    assert not violations and not messages, f"{where}: the CSP blocked {violations + messages}"
