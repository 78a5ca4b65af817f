"""Smoke test: the built site loads in headless Chromium, has a heading, and stays on its origin."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/statements/"])
def test_page_loads_with_h1_and_no_foreign_requests(page, path):
    response = page.goto(path, wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() >= 1, f"{path} has no <h1>"
    assert page.requests_seen, "no request was recorded"
    # The `page` fixture fails the test at teardown if any request left the origin.


def test_missing_page_gets_the_404_page(page):
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404


def test_search_index_was_built(built_site):
    assert (built_site / "pagefind" / "pagefind.js").is_file(), "pagefind did not write site/pagefind/"
