"""Accessibility beyond the page types' audit (tests/test_page_audit.py: axe on every page type, on a desktop
and on a phone, with collapsed content opened, after using the search filters): a listing over several pages,
the offline edition's search page with results, and the 404 page's ways back."""

from __future__ import annotations

import pytest

from audit import VIEWPORTS, assert_no_violations
from browser_support import open_page
from page_types import goto

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations_on_a_listing_over_several_pages(browser, paged_site_url, viewport):
    """The pager of a long listing (two statements a page here), on its first and second pages."""
    for path in ("/topics/kp-reform/", "/topics/kp-reform/page/2/"):
        with open_page(browser, paged_site_url, viewport=VIEWPORTS[viewport]) as page:
            page.goto(path)
            assert page.locator(".kp-pager a[aria-current=page]").count() == 2
            assert_no_violations(page, f"{path} ({viewport})")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations_on_the_offline_search_page(browser, offline_site_url, viewport):
    """The offline edition's own search page (lunr.js), showing results and its note on what it covers, in
    both of its trees."""
    for path in ("/search/index.html?q=Zimbabwe", "/fr/search/index.html?q=Zimbabwe"):
        with open_page(browser, offline_site_url, viewport=VIEWPORTS[viewport]) as page:
            goto(page, path)
            page.locator("#kp-results li").first.wait_for(state="visible", timeout=10_000)
            assert page.locator("#kp-coverage").is_visible()
            assert_no_violations(page, f"the offline edition's search page with results, {path} ({viewport})")


def test_404_page_has_a_main_landmark_heading_and_ways_back(page):
    goto(page, "/no-such-page/deeper/", expect_status=404)
    assert page.locator("main").count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    for text in ("Home", "All statements", "Timeline"):
        link = page.get_by_role("link", name=text, exact=True).last
        href = link.get_attribute("href")
        assert href.startswith("/"), f"404 link {text!r} is relative ({href}): broken at depth"
        with page.expect_navigation() as navigation:
            link.click()
        assert navigation.value.status == 200, f"404 link {text!r} leads to {page.url}: {navigation.value.status}"
        assert page.locator("h1").count() == 1, f"404 link {text!r} leads to {page.url}, which has no h1"
        page.go_back(wait_until="load")
