#!/usr/bin/env python3
"""The search page on a slow connection: how long until the first result shows, and how much is downloaded.

Serves the built site gzip-compressed as a static host would (bench/serve_gzip.py), opens
/search/?q=Marange in Chromium with a cold cache and Chromium's own network emulation (400 ms latency,
400 kbps down and up: 50,000 bytes a second), on a 375 px phone and on a 1280 px screen, and prints one
JSON line:

    .venv/bin/python bench/search_weight.py [--site site] [--query Marange] [--runs 3]

first_result_ms   from opening the page (the navigation's start) until the first result is in the list;
kib_to_first      bytes on the wire (gzip bodies and headers, Resource Timing's transferSize) of every file
                  finished by then; kib_total the same once the page is idle (facet counts included);
first_result_top  where the first result's top sits on the page, in CSS px (its title must be on the first
                  screen of a phone);
statement_fcp_ms  first contentful paint of a statement page at 375 px on the same connection.

Each figure is the median of --runs runs. A bench, never a test: figures vary from run to run, and the
machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kparchive.serve import start  # noqa: E402  (what `make serve` runs: gzip, the host's headers)

LATENCY_MS = 400
BYTES_PER_S = 50_000  # 400 kbps
STATEMENT = "/statements/2009-11-06-namibia-plenary-zimbabwe/"
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 800}}

# Installed before the page's own scripts: notes when the first result enters the list.
WATCH = """
(() => {
  const seen = () => {
    const li = document.querySelector('#kp-results li');
    if (!li || window.__kpFirst) return;
    window.__kpFirst = { at: performance.now(), top: li.getBoundingClientRect().top + scrollY };
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
})();
"""

TRANSFERS = """(until) => {
  const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return all.filter(e => until === null || e.responseEnd <= until)
    .map(e => ({ url: e.name.replace(location.origin, ''), bytes: e.transferSize, start: Math.round(e.startTime),
                 end: Math.round(e.responseEnd) }));
}"""


def slow_context(browser, base: str, viewport: dict):
    context = browser.new_context(base_url=base, viewport=viewport, service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                  "downloadThroughput": BYTES_PER_S,
                                                  "uploadThroughput": BYTES_PER_S})
    return context, page


def search_once(browser, base: str, query: str, viewport: dict) -> dict:
    context, page = slow_context(browser, base, viewport)
    try:
        page.add_init_script(WATCH)
        page.goto(f"/search/?q={query}", wait_until="commit", timeout=120_000)
        page.wait_for_function("() => window.__kpFirst", timeout=120_000, polling=50)
        first = page.evaluate("() => window.__kpFirst")
        before = page.evaluate(TRANSFERS, first["at"])
        page.wait_for_load_state("networkidle", timeout=120_000)
        page.wait_for_timeout(1500)  # facet counts come after the results
        page.wait_for_load_state("networkidle", timeout=120_000)
        every = page.evaluate(TRANSFERS, None)
        urls = [e["url"] for e in every]
        return {
            "first_result_ms": round(first["at"]),
            "first_result_top": round(first["top"]),
            "kib_to_first": sum(e["bytes"] for e in before) / 1024,
            "kib_total": sum(e["bytes"] for e in every) / 1024,
            "requests_to_first": len(before),
            "requests_total": len(every),
            "fetched_twice": sorted({u for u in urls if urls.count(u) > 1}),
            "files": sorted((e["start"], e["end"], round(e["bytes"] / 1024, 1), e["url"]) for e in every),
        }
    finally:
        context.close()


def statement_fcp(browser, base: str) -> float:
    context, page = slow_context(browser, base, VIEWPORTS["phone"])
    try:
        page.goto(STATEMENT, wait_until="load", timeout=120_000)
        return page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--query", default="Marange")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", action="store_true", help="also list every file downloaded (phone, last run)")
    args = parser.parse_args(argv)
    if not (args.site / "search" / "index.html").is_file():
        parser.error(f"{args.site}/search/index.html does not exist: run `make site` first")

    from playwright.sync_api import sync_playwright

    from browser_support import launch_chromium

    server = start(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    result: dict = {"query": args.query, "latency_ms": LATENCY_MS, "kbps": BYTES_PER_S * 8 // 1000,
                    "runs": args.runs}
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            for name, viewport in VIEWPORTS.items():
                runs = [search_once(browser, base, args.query, viewport) for _ in range(args.runs)]
                summary = {key: round(statistics.median(r[key] for r in runs), 1)
                           for key in ("first_result_ms", "kib_to_first", "kib_total", "requests_to_first",
                                       "requests_total", "first_result_top")}
                summary["fetched_twice"] = runs[-1]["fetched_twice"]
                if args.files and name == "phone":
                    summary["files"] = runs[-1]["files"]
                result[name] = summary
            result["statement_fcp_ms"] = round(statistics.median(statement_fcp(browser, base)
                                                                 for _ in range(args.runs)))
            browser.close()
    finally:
        server.shutdown()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
