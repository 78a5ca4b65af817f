"""Helpers for driving headless Chromium against the built site with Playwright.

Shared by tests/conftest.py and any browser test that needs its own page, e.g. with a
different viewport::

    from browser_support import open_page

    def test_narrow(browser, site_url):
        with open_page(browser, site_url, viewport={"width": 375, "height": 700}) as page:
            page.goto("/")
            ...
        # leaving the block closes the context and fails the test if any request left the site
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

# Without the background-networking flags, Chromium on a closed network keeps trying to
# reach Google services and misbehaves (stalls, stray requests).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DEFAULT_VIEWPORT = {"width": 1280, "height": 800}

# Schemes that never leave the machine.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def chromium_executable() -> str | None:
    """The Chromium to drive: $KP_CHROMIUM, else Debian's, else None (Playwright's own)."""
    env = os.environ.get("KP_CHROMIUM")
    if env and Path(env).is_file() and os.access(env, os.X_OK):
        return env
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch_chromium(playwright):
    """Launch headless Chromium with the flags this project needs."""
    return playwright.chromium.launch(
        executable_path=chromium_executable(),
        headless=True,
        args=CHROMIUM_ARGS,
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def foreign_requests(urls: list[str], base_url: str) -> list[str]:
    """The URLs in `urls` that went anywhere but `base_url`'s origin (data:/blob: are fine)."""
    origin = origin_of(base_url)
    return [u for u in urls if not u.startswith(LOCAL_SCHEMES) and origin_of(u) != origin]


@contextmanager
def open_page(browser, base_url: str, viewport: dict | None = None, check_origin: bool = True) -> Iterator:
    """A fresh context + page whose relative `page.goto("/x/")` resolves against `base_url`.

    Every request URL is recorded in `page.requests_seen`. Requests to other origins are
    aborted at once (so a stray CDN font cannot stall a test on this closed network) and,
    when `check_origin` is true, make the test fail when the block exits.
    """
    import pytest

    origin = origin_of(base_url)
    context = browser.new_context(base_url=base_url, viewport=viewport or DEFAULT_VIEWPORT)
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))

    def guard(route):
        if origin_of(route.request.url) == origin:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    page = context.new_page()
    page.requests_seen = seen
    try:
        yield page
    finally:
        context.close()
    if check_origin:
        stray = foreign_requests(seen, base_url)
        if stray:
            pytest.fail(
                f"{len(stray)} request(s) left the site's origin {origin}:\n  " + "\n  ".join(stray),
                pytrace=False,
            )
