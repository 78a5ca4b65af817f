#!/usr/bin/env python3
"""How the build's cost grows with the archive: generate N synthetic statements in a temporary copy of the
project, build the whole site there (build_index.py, MkDocs, Pagefind, and the offline edition as `make site`
does), and print one JSON line.

    .venv/bin/python bench/scale.py --statements 1000 [--json] [--keep DIR] [--without-search-plugin]

The search index is built as `make search` builds it (kparchive.searchindex: Pagefind in bundles of at most
KP_SEARCH_BUNDLE_SIZE statements, one after another); search_bundles says how many.

Times are wall-clock seconds of each step run as a child process (build_index_again_s: build_index.py run a
second time, nothing changed, so its references come from .cache/citations.json and no file is rewritten);
cpu_s gives each step's CPU seconds (user + system, children included), the figure to compare when the
machine is shared (load_average says how busy it was). peak_rss_mb is the largest resident set of any step,
read with os.wait4 on each step's process (its rusage covers the process and the children it waited for,
e.g. the pagefind binary). Sizes are as a plain static server sends them (uncompressed); the *_gzip_kib
fields say what gzip would make of the same bytes. search_first_results_gzip_kib is what the search page had
downloaded when its first results appeared (facet counts and Material's scripts come after them);
search_first_query_gzip_kib, everything it downloaded once idle. total_s is the online site's (build_index,
MkDocs, Pagefind); offline_s is what the offline edition adds (`python -m kparchive.offline --from-site site`,
as `make site` makes it from the site's pages), offline_steps its steps (derive, search index, zip) in wall and
CPU seconds, offline_zip_mb its largest zip
(offline_zips_mb each, one per language when offline_split: set KP_OFFLINE_SPLIT=true or false to choose rather
than let the archive's size), offline_search_times its
search in Chromium from file:// (the time to a first result for a word, wall and renderer CPU seconds, and each
keystroke's search in ms).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.generate import generate  # noqa: E402
from bench.offline_size import search_times  # noqa: E402
from bench.search_weight import TRANSFERS, WATCH  # noqa: E402
from kparchive.load import OPTIONAL_FILES, VOCABULARY_FILES  # noqa: E402

PROJECT_FILES = ("build_index.py", "mkdocs.yml", "mkdocs.fr.yml", "mkdocs.offline.yml", "mkdocs.offline.fr.yml",
                 "kparchive", "overrides", "docs")
VOCABULARIES = VOCABULARY_FILES + OPTIONAL_FILES
QUERY = "diamond"
EDITION_DATE = "2026-01-01"  # the offline edition's label: any fixed date


def copy_project(dest: Path) -> None:
    """The project's code and hand-written pages, and statements/ with its vocabularies only."""
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    manifest = dest / "docs" / ".generated"
    if manifest.exists():  # drop the pages generated from the real statements
        for line in manifest.read_text("utf-8").splitlines():
            if line and not line.startswith("#"):
                (dest / "docs" / line).unlink(missing_ok=True)
        manifest.unlink()
    (dest / "statements").mkdir()
    for name in VOCABULARIES:
        if (ROOT / "statements" / name).exists():
            shutil.copy2(ROOT / "statements" / name, dest / "statements" / name)


def without_search_plugin(mkdocs_yml: Path) -> None:
    """plugins: [] instead of Material's Lunr search (which Pagefind replaces)."""
    text = mkdocs_yml.read_text("utf-8")
    text = text.replace("plugins:\n  - search\n", "plugins: []\n")
    mkdocs_yml.write_text(text, "utf-8")


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float, str]:
    """Run one step: (wall seconds, CPU seconds, peak RSS in MiB of the step or of the largest child it
    waited for, its output)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(out.decode("utf-8", "replace"))
        raise SystemExit(f"bench: {' '.join(cmd)} failed with exit code {proc.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode("utf-8", "replace")


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".wasm": "application/wasm", ".json": "application/json"}

    def log_message(self, format, *args):
        pass


def first_query(site: Path, query: str = QUERY) -> dict:
    """What Chromium downloads to open the search page and run a first query: /search/?q=... if the site has
    a search page, else the home page plus pagefind.js and one pagefind.search() with its first results."""
    from playwright.sync_api import sync_playwright

    from browser_support import launch_chromium

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    responses = []
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            context = browser.new_context(base_url=base, service_workers="block")
            context.on("requestfinished", lambda request: responses.append(request))
            page = context.new_page()
            done = None  # the files downloaded when the first results appeared
            if (site / "search" / "index.html").is_file():
                how = "search page"
                page.add_init_script(WATCH)
                page.goto(f"/search/?q={query}", wait_until="commit")
                page.wait_for_function("() => window.__kpFirst", timeout=60_000, polling=50)
                done = {e["url"] for e in page.evaluate(TRANSFERS, page.evaluate("() => window.__kpFirst.at"))}
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)  # facet counts come after the results
                page.wait_for_load_state("networkidle")
            else:
                how = "home page + pagefind.js"
                page.goto("/", wait_until="networkidle")
                found = page.evaluate(
                    """async (q) => {
                        const pagefind = await import('/pagefind/pagefind.js');
                        const search = await pagefind.search(q);
                        await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
                        return search.results.length;
                    }""", query)
                page.wait_for_load_state("networkidle")
                how += f" ({found} results)"
            files = {}
            for request in responses:
                response = request.response()
                if response is None:
                    continue
                try:
                    body = response.body()
                except Exception:  # a redirect or an aborted fetch has no body
                    continue
                files[request.url.removeprefix(base)] = body
            context.close()
            browser.close()
    finally:
        server.shutdown()
    lunr = sum(len(b) for u, b in files.items() if u.startswith("/search/search_index"))
    raw = sum(len(b) for b in files.values())
    first = {u: b for u, b in files.items() if done is None or u in done}
    return {
        "how": how,
        "requests": len(files),
        "kib": raw / 1024,
        "gzip_kib": sum(len(gzip.compress(b, 6)) for b in files.values()) / 1024,
        "first_results_gzip_kib": sum(len(gzip.compress(b, 6)) for b in first.values()) / 1024,
        "first_results_requests": len(first),
        "lunr_index_kib": lunr / 1024,
        "largest": sorted(((len(b) // 1024, u) for u, b in files.items()), reverse=True)[:5],
    }


def bench(n: int, workdir: Path, seed: int = 0, search_plugin: bool = True, browser: bool = True) -> dict:
    copy_project(workdir)
    if not search_plugin:
        without_search_plugin(workdir / "mkdocs.yml")
    t = time.perf_counter()
    facts = generate(workdir / "statements", n, seed)
    generate_s = time.perf_counter() - t
    py = sys.executable
    index_s, index_cpu, index_rss, _ = run([py, "build_index.py", "-q"], workdir)
    # A rebuild with nothing changed: what an editor waits for (references from .cache/, no file rewritten).
    again_s, _, _, _ = run([py, "build_index.py", "-q"], workdir)
    # As `make site` builds it: MkDocs in parallel shards (kparchive.sitebuild) from 500 statements up, the
    # English site then the French tree (--languages), one JSON line each.
    mkdocs_s, mkdocs_cpu, _, out = run([py, "-m", "kparchive.sitebuild", "--json", "--site-dir", "site",
                                        "--languages"], workdir)
    trees = [json.loads(line) for line in out.strip().splitlines() if line.startswith("{")]
    shards = trees[0]
    mkdocs_rss = max(sum(tree["peak_rss_mb"]) for tree in trees)  # a tree's shards run side by side
    # The offline edition as `make site` makes it: derived from the site's pages (kparchive/offline_pages.py).
    offline_s, offline_cpu, offline_rss, out = run(
        [py, "-m", "kparchive.offline", "mkdocs.offline.yml", "--from-site", "site", "--dist", "dist", "--json"],
        workdir, {"KP_EDITION_DATE": EDITION_DATE})
    offline = json.loads(out.strip().splitlines()[-1])
    search_s, search_cpu, search_rss, out = run([py, "-m", "kparchive.searchindex", "--site", "site", "--json"],
                                                workdir)
    bundles = json.loads(out.strip().splitlines()[0])["bundles"]
    site = workdir / "site"
    pages = [p for p in (site / "statements").glob("*/index.html")]
    result = {
        "statements": n,
        "build_index_s": round(index_s, 2),
        "build_index_again_s": round(again_s, 2),
        "mkdocs_s": round(mkdocs_s, 2),
        "search_s": round(search_s, 2),
        "total_s": round(index_s + mkdocs_s + search_s, 2),
        "offline_s": round(offline_s, 2),
        "offline_steps": offline["steps"],
        "offline_search": offline["search"],
        "offline_zip_mb": round(offline["zip_bytes"] / 2**20, 1),
        "offline_split": offline["split"],
        "offline_zips_mb": [round(z["zip_bytes"] / 2**20, 1) for z in offline["zips"]],
        "offline_index_mb": round(offline["index_bytes"] / 2**20, 2),
        "peak_rss_mb": round(max(index_rss, mkdocs_rss, search_rss, offline_rss), 1),
        "site_mb": round(dir_size(site) / 2**20, 1),
        "statement_page_kib": round(sum(p.stat().st_size for p in pages) / max(1, len(pages)) / 1024, 1),
        "search_first_query_kib": None,
        "rss_mb": {"build_index": round(index_rss, 1), "mkdocs": round(mkdocs_rss, 1),
                   "search": round(search_rss, 1), "offline": round(offline_rss, 1)},
        "cpu_s": {"build_index": round(index_cpu, 2), "mkdocs": round(mkdocs_cpu, 2),
                  "search": round(search_cpu, 2), "offline": round(offline_cpu, 2)},
        "mkdocs_shards": shards["shards"],
        "mkdocs_trees": len(trees),
        "mkdocs_s_by_tree": [tree["seconds"] for tree in trees],
        "search_bundles": len(bundles),
        "load_average": round(os.getloadavg()[0], 1),
        "search_plugin": search_plugin,
        "generate_s": round(generate_s, 2),
        "distinct_pseudo_words": facts["distinct_pseudo_words"],
        "text_mb": round(facts["text_bytes"] / 2**20, 1),
    }
    if pages:
        largest = max(pages, key=lambda p: p.stat().st_size)
        result["statement_page_max_kib"] = round(largest.stat().st_size / 1024, 1)
    if browser:
        q = first_query(site)
        result["search_first_query_kib"] = round(q["kib"], 1)
        result["search_first_query_gzip_kib"] = round(q["gzip_kib"], 1)
        result["search_first_results_gzip_kib"] = round(q["first_results_gzip_kib"], 1)
        result["search_first_query"] = {k: q[k] for k in ("how", "requests", "first_results_requests",
                                                          "lunr_index_kib", "largest")}
        result["offline_search_times"] = offline_search_times(workdir / offline["zip"])
    return result


def offline_search_times(zip_path: Path) -> dict:
    """The offline edition unzipped as a reader would, its search timed in Chromium from file://."""
    with tempfile.TemporaryDirectory(prefix="kp-usb-") as usb:
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(usb)
        return search_times(next(Path(usb).iterdir()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1000, help="how many synthetic statements (default 1000)")
    parser.add_argument("--json", action="store_true", help="print only the JSON line (the default prints it too)")
    parser.add_argument("--keep", type=Path, help="build in DIR and leave it there (DIR/statements, docs, site)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--without-search-plugin", action="store_true",
                        help="build with plugins: [] (no Lunr index), as after the move to Pagefind")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium download measure")
    args = parser.parse_args(argv)
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: folder exists and is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="kp-bench-")
        workdir = Path(cleanup.name)
    try:
        result = bench(args.statements, workdir, args.seed, not args.without_search_plugin, not args.no_browser)
    finally:
        if cleanup:
            cleanup.cleanup()
    if not args.json:
        print(f"bench: {args.statements} statements built in {workdir}", file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
