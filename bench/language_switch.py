#!/usr/bin/env python3
"""What a reader downloads when they switch language, against what the next page in the same language costs.

Serves the built site as `make serve` does (kparchive.serve: gzip, the host's cache headers), opens a statement
page in Chromium with a cold cache, then follows its language switch (the same page in the other tree), and,
from the first page again, a link to another statement in the same tree; prints one JSON line:

    .venv/bin/python bench/language_switch.py [--site site]

switch_kb      bytes on the wire (Chromium's encodedDataLength: gzip bodies and headers) of everything the
               other language's page fetched, the page included, English to French and French to English;
same_tree_kb   the same for the next statement in the same language;
switch_assets  how many of the switch's requests were assets (stylesheets, scripts, icons) not already in the
               browser's cache.

A bench, never a test: tests/test_language_switch.py asserts what holds (no asset fetched again).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kparchive.serve import start  # noqa: E402

FIRST = "/statements/2009-11-06-namibia-plenary-zimbabwe/"
NEXT = "/statements/2011-06-23-kinshasa-intersessional-no-confidence/"


def fetched(browser, base: str, first: str, then) -> list[tuple[str, int]]:
    """(address, bytes) of what a page fetches when `then(page)` leaves `first` for it, in a fresh browser."""
    context = browser.new_context(base_url=base)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, tuple[str, int]] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], (urls.get(e["requestId"], ""), e["encodedDataLength"])))
    page.goto(first)
    page.wait_for_load_state("networkidle")
    sizes.clear()
    then(page)
    page.wait_for_load_state("networkidle")
    context.close()
    return [(url, n) for url, n in sizes.values() if n > 0]


def measure(browser, base: str, tree: str) -> dict:
    """Bytes fetched by the switch from the tree's statement page, and by the next page in that tree."""
    switch = fetched(browser, base, tree + FIRST, lambda page: page.locator("a.kp-languages__link").click())
    same = fetched(browser, base, tree + FIRST, lambda page: page.goto(tree + NEXT))
    return {"switch_kb": round(sum(n for _, n in switch) / 1000, 1),
            "switch_assets": sum(1 for url, _ in switch if "/assets/" in url),
            "same_tree_kb": round(sum(n for _, n in same) / 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from browser_support import launch_chromium

    server = start(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            result = {lang: measure(browser, base, tree) for lang, tree in (("en", ""), ("fr", "/fr"))}
            browser.close()
    finally:
        server.shutdown()
    print(json.dumps({"site": str(args.site), **{f"from_{k}": v for k, v in result.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
