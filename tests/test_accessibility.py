"""Accessibility: axe-core finds no violation on any page type, on a desktop and on a phone, with collapsed
content opened, after using the search filters, and on the offline edition's search page with results."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import open_page
from page_types import ALL_PAGE_TYPES, goto, interact_with_filters, open_all_details, path_of

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}

# WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, one h1, region...).
AXE_OPTIONS = {"resultTypes": ["violations"]}

_axe = Axe()


def violations(page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def report(violations: list[dict]) -> str:
    """One block per rule: id, impact, what it means, and every element that breaks it."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {' '.join(node['html'].split())[:160]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"        {check['message']}")
    return "\n".join(lines)


def assert_no_violations(page, where: str) -> None:
    found = violations(page)
    assert not found, f"axe found {len(found)} violation(s) on {where}:\n{report(found)}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", ALL_PAGE_TYPES)
def test_no_axe_violations(browser, site_url, built_site, name, viewport):
    path = path_of(name, built_site)
    with open_page(browser, site_url, viewport=VIEWPORTS[viewport]) as page:
        goto(page, path)
        assert_no_violations(page, f"{name} {path} ({viewport})")
        if open_all_details(page):
            assert_no_violations(page, f"{name} {path} ({viewport}, every <details> opened)")
        if name in ("search", "fr-search"):
            # The filters must stay accessible once used (any filter control counts).
            if interact_with_filters(page):
                assert_no_violations(page, f"{name} {path} ({viewport}, after using a filter)")


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
