"""Lighthouse scores for the built site, served as a static host serves it (`make lighthouse`).

Runs the npm `lighthouse` installed in bench/node_modules (`npm ci --prefix bench`) against headless
Chromium (CHROME_PATH, else $KP_CHROMIUM, else /usr/bin/chromium) with Lighthouse's default mobile
profile (a mid-range phone on a throttled 4G connection), on the home page, a statement and the
search page (when the site has one). Prints a table of the four category scores and the audits
that cost points; exits 1 if any score is under 95. A bench, not a test: scores vary a little run
to run, so it is never part of `make test`.

    python bench/lighthouse.py [--site site] [--min 95] [--page /path/ ...]

JSON reports are kept in bench/results/ (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from kparchive.serve import start  # noqa: E402

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
# The statement the tests also use: the longest of the first statements, with the most metadata.
PAGES = {
    "home": "/",
    "statement": "/statements/2009-11-06-namibia-plenary-zimbabwe/",
    "search": "/search/?country=ZW&q=diamonds",  # only when the site has a search page
}


def chrome_path() -> str:
    for candidate in (os.environ.get("CHROME_PATH"), os.environ.get("KP_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    sys.exit("lighthouse.py: no Chromium found: set CHROME_PATH, or run `make chromium`")


def has_page(site: Path, url: str) -> bool:
    path = url.split("?")[0].lstrip("/")
    return (site / path / "index.html").is_file() if path.endswith("/") or not path else (site / path).is_file()


def run_lighthouse(url: str, out: Path, chrome: str) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    env = {**os.environ, "CHROME_PATH": chrome}
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.is_file():
        sys.exit(f"lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(out.read_text("utf-8"))


def lost_points(report: dict) -> list[str]:
    """The weighted audits that did not score 1, per category: what to fix to raise a score."""
    lines = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"    {cat}: {ref['id']} {audit['score']:.2f}{value}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--min", type=int, default=95, help="lowest acceptable score (default 95)")
    parser.add_argument("--page", action="append", help="a site path to measure instead of the default pages")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"lighthouse.py: no built site in {args.site}: run `make site`")
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse.py: bench/node_modules has no lighthouse: run `npm ci --prefix bench`")
    chrome = chrome_path()
    pages = {p: p for p in args.page} if args.page else PAGES
    results_dir = BENCH / "results"
    results_dir.mkdir(exist_ok=True)
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    chrome_version = subprocess.run([chrome, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Lighthouse {version}, {chrome_version}, mobile profile, site served gzip-compressed")

    server = start(args.site)  # kparchive.serve: what `make serve` runs, gzip and cache headers
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows, notes, failed = [], {}, False
    try:
        for name, url in pages.items():
            if not has_page(args.site, url):
                print(f"  skipped {name}: {url.split('?')[0]} is not in the built site")
                continue
            slug = name.strip("/").replace("/", "_") or "home"
            report = run_lighthouse(base + url, results_dir / f"lighthouse-{slug}.json", chrome)
            scores = [round(100 * report["categories"][c]["score"]) for c in CATEGORIES]
            failed |= any(s < args.min for s in scores)
            rows.append((name, url, scores))
            notes[name] = lost_points(report)
    finally:
        server.shutdown()
        server.server_close()

    print()
    print("| Page | Path | Performance | Accessibility | Best practices | SEO |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, url, scores in rows:
        print(f"| {name} | `{url}` | " + " | ".join(str(s) for s in scores) + " |")
    if any(notes.values()):
        print("\nAudits that cost points (category: audit score (value)):")
        for name, lines in notes.items():
            if lines:
                print(f"  {name}:", *lines, sep="\n")
    if failed:
        print(f"\nFAIL: a score is under {args.min}")
        return 1
    print(f"\nOK: every score is at least {args.min}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
