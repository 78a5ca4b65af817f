"""The page types a reader meets, one example of each: the data the real-browser quality tests run over.

tests/test_accessibility.py, test_privacy.py, test_small_screens.py and test_print.py are parametrized
over `ALL_PAGE_TYPES`; a page type is added here, not in a test.
"""

from __future__ import annotations

from pathlib import Path

from site_pages import Site

STATEMENT = "/statements/2009-11-06-namibia-plenary-zimbabwe/"

PAGE_TYPES = {
    "home": "/",
    "statement": STATEMENT,
    "statements": "/statements/",
    "meetings": "/meetings/",  # the widest table
    "meeting": "/meetings/2009-plenary-swakopmund/",
    "country": "/countries/zw/",
    "topic": "/topics/human-rights/",
    "timeline": "/timeline/",
    "year": "/years/2011/",
    "organisation": "/organisations/global-witness/",
    "person": "/people/shamiso-mtisi/",
    "glossary": "/glossary/",
    "about": "/about/",
    "search": "/search/?country=ZW&q=diamonds",  # with results and filters
    "data": "/data/",
    "404": "/no-such-page/",
}

# The French interface (/fr/, kparchive/i18n.py): every page type again, in its tree. Its 404 is the French
# tree's own page (kparchive.serve and deploy/nginx.conf send it for a missing path under /fr/).
FRENCH_PAGE_TYPES = {f"fr-{name}": "/fr" + path for name, path in PAGE_TYPES.items()}
NOT_FOUND = {PAGE_TYPES["404"], FRENCH_PAGE_TYPES["fr-404"]}

ALL_PAGE_TYPES = {**PAGE_TYPES, **FRENCH_PAGE_TYPES}


def present(site_root: Path, path: str) -> bool:
    """Whether the built site has a page at `path` (query string ignored)."""
    return Site(site_root).file_for(path.split("?")[0].split("#")[0]) is not None


def path_of(name: str, site_root: Path) -> str:
    """The path of page type `name`; every page type must be in the build (a missing one fails)."""
    path = ALL_PAGE_TYPES[name]
    assert path in NOT_FOUND or present(site_root, path), f"page type {name!r}: {path} is not in the build"
    return path


def goto(page, path: str, expect_status: int | None = None):
    """Open `path` and wait until the network is quiet (scripts, search index, images loaded)."""
    response = page.goto(path, wait_until="load")
    assert response is not None, f"no response for {path}"
    expected = expect_status or (404 if path in NOT_FOUND else 200)
    assert response.status == expected, f"{path} answered {response.status}, expected {expected}"
    page.wait_for_load_state("networkidle")
    return response


def open_all_details(page) -> int:
    """Open every <details> (cite box, collapsed filters), so hidden content is checked too."""
    return page.evaluate("() => { const d = [...document.querySelectorAll('details:not([open])')];"
                         " d.forEach(e => e.open = true); return d.length; }")


def interact_with_filters(page) -> int:
    """Toggle the first visible filter control in the content (checkbox, radio or select), if any.

    Written without knowing the search page's markup: any form control in the content
    that is not a text box counts as a filter. Returns how many controls were found.
    """
    controls = page.locator(".md-content input[type=checkbox], .md-content input[type=radio], .md-content select")
    visible = [controls.nth(i) for i in range(controls.count()) if controls.nth(i).is_visible()]
    if not visible:
        return 0
    first = visible[0]
    if first.evaluate("e => e.tagName") == "SELECT":
        options = first.locator("option")
        if options.count() > 1:
            first.select_option(index=1)
    else:
        first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # Pagefind filters re-render after the index answers
    return len(visible)
