"""`python -m kparchive.searchindex`: the search index of site/, built by Pagefind in bundles.

Pagefind holds every page it indexes in memory, about half a megabyte a page, with no limit. So the statement
pages (and only they) are indexed in bundles of at most KP_SEARCH_BUNDLE_SIZE statements (default 2,000), one
Pagefind run after another, each into its own folder, site/pagefind/<n>/: the step's peak memory is one
bundle's. A bundle's pages are given to Pagefind as a glob of the fewest prefixes of their folder names
(sitebuild.prefix_cover: a run of dates takes a few), so it reads no other page.

A bundle is a run of consecutive dates, oldest first, and a date is never split between two, so the bundles'
date ranges follow one another: the search page (docs/assets/search.js) queries every bundle and, for a
date order, reads them one after another. Five statements make one bundle.

Pagefind splits each bundle by its pages' <html lang>, as it splits a whole site: a French tree would give
every bundle a French index beside the English one, and the search page reads, in every bundle that has
pages in its language, the index of that language.

Last, the search page gets, between its `kp-search-index` markers, what every query needs as preloads
(pagefind.js, each bundle's entry and metadata files, whose names carry hashes known only now, and the first
bundle's WebAssembly) and the list of bundles, so the browser fetches them with the page instead of one step
after another. When a bundle's words fit in one index chunk (a small archive's), Pagefind reads that chunk for
every search, with words or without, so it is preloaded too, beside the WebAssembly rather than after it.
The new index replaces the old one only once every bundle is built; it is built in a dot-folder inside the
site (.pagefind-new/), so it moves into place by rename even where site/ is a filesystem of its own. `make
site` runs this on its staging folder (kparchive.makesite), never on the site being served.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .lock import BuildLock, Busy, dies_with_us
from .pausepoints import pause
from .settings import SettingError, flag, from_environ
from .sitebuild import prefix_cover

BUNDLE_SIZE = 2000
OUTPUT = "pagefind"
STATEMENTS = "statements"
SEARCH_PAGE = Path("search") / "index.html"
MARKED = re.compile(r"(<!-- kp-search-index -->).*?(<!-- /kp-search-index -->)", re.S)
HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"")
# What Pagefind writes into every bundle that the search page never loads (it runs without a worker and
# without Pagefind's UI); one pagefind.js is kept, in site/pagefind/.
UNUSED = ("pagefind*.js", "pagefind*.css")
TREES = ("fr",)  # the other interface languages' folders (kparchive/i18n.py), each searched in its language


class SearchIndexError(Exception):
    pass


@dataclass
class Bundle:
    name: str
    pages: list[str]  # site-relative paths of the statements' pages
    first: str  # the first and last date it holds
    last: str


def bundle_size() -> int:
    """KP_SEARCH_BUNDLE_SIZE (checked against its range, settings.RANGES), else BUNDLE_SIZE."""
    try:
        return from_environ("KP_SEARCH_BUNDLE_SIZE") or BUNDLE_SIZE
    except SettingError as err:
        raise SearchIndexError(str(err)) from None


def statements(site: Path, catalogue: Path | None = None) -> list[tuple[str, str]]:
    """(date, page path) of every statement, from the catalogue the site publishes, in date order (a
    language's tree, site/fr/, has the same pages at the same paths under it)."""
    catalogue = catalogue or site / "statements.json"
    if not catalogue.is_file():
        raise SearchIndexError(f"{catalogue} is missing: build the site first (make site)")
    out = []
    for record in json.loads(catalogue.read_text("utf-8")):
        url = record["url"].lstrip("/")
        page = url + "index.html" if url.endswith("/") or not url else url
        if ".." in Path(page).parts or not (site / page).is_file():
            raise SearchIndexError(f"{catalogue}: {record['id']}: no page at {page}")
        out.append((record["date"], page))
    return sorted(out)


def plan(dated: list[tuple[str, str]], size: int) -> list[Bundle]:
    """As few bundles as `size` allows, of about equal sizes, each a run of whole dates."""
    count = -(-len(dated) // size)
    groups, start = [], 0
    for day, group in groupby(dated, key=lambda pair: pair[0]):
        pages = [page for _, page in group]
        groups.append((start * count // len(dated), day, pages))
        start += len(pages)
    bundles = []
    for _, run in groupby(groups, key=lambda g: g[0]):
        run = list(run)
        bundles.append(Bundle(str(len(bundles)), [p for g in run for p in g[2]], run[0][1], run[-1][1]))
    return bundles


def glob_for(site: Path, pages: list[str]) -> str:
    """A glob that matches these statement pages and no other page of the site."""
    folder = site / STATEMENTS
    names = sorted(entry.name + "/" for entry in folder.iterdir() if entry.is_dir())
    chosen = {Path(page).parent.name + "/" for page in pages}
    if any(Path(page).parent.parent.as_posix() != STATEMENTS for page in pages):
        raise SearchIndexError(f"a statement page outside {STATEMENTS}/: {pages[0]}")
    alternatives = [p[:-1] if p.endswith("/") else f"{p}*" for p in prefix_cover(names, chosen)]
    return f"{STATEMENTS}/{{{','.join(alternatives)}}}/index.html"


def pagefind(site: Path, glob: str, output: Path) -> float:
    """One Pagefind run; its peak RSS in MiB. The glob goes in a pagefind.json in the folder it runs from: a
    bundle whose ids do not follow its dates would need a glob longer than a command line may be."""
    with tempfile.TemporaryDirectory(prefix="kp-pagefind-") as cwd, tempfile.TemporaryFile("w+") as out:
        (Path(cwd) / "pagefind.json").write_text(json.dumps({"glob": glob}), "utf-8")
        cmd = [sys.executable, "-m", "pagefind", "--site", str(site.resolve()), "--output-path",
               str(output.resolve()), "--quiet"]
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                text=True, **dies_with_us())
        try:
            if hasattr(os, "wait4"):  # this run's own peak (Pagefind's wrapper execs it)
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode, peak = os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024  # KiB on Linux
            else:  # Windows: no resource usage
                proc.wait()
                peak = 0.0
        except BaseException:
            proc.kill()
            raise
        out.seek(0)
        said = out.read()
    if proc.returncode != 0:
        raise SearchIndexError(f"pagefind failed (exit {proc.returncode}):\n{said}".rstrip())
    return peak


def own_language(entry: dict, lang: str) -> str | None:
    """The language of a bundle's that a page in `lang` reads as its own, as Pagefind's script matches it."""
    languages = entry["languages"]
    return lang if lang in languages else lang.split("-")[0] if lang.split("-")[0] in languages else None


def language_key(entry: dict, lang: str) -> str:
    """The language of the index a page in `lang` reads from a bundle, chosen as Pagefind's own script
    chooses it: its own language's, else the largest."""
    languages = entry["languages"]
    return own_language(entry, lang) or max(languages, key=lambda key: languages[key]["page_count"])


def only_chunk(bundle: Path, key: str) -> str | None:
    """A language's word index when it is a single chunk (a small bundle), which Pagefind then reads for every
    search (with words or without); with more, which one a word needs only Pagefind knows. Pagefind names a
    language's chunks `index/<language>_<hash>.pf_index`."""
    chunks = [p.name for p in (bundle / "index").glob("*.pf_index") if p.name.startswith(f"{key}_")]
    return f"index/{chunks[0]}" if len(chunks) == 1 else None


def page_language(page: Path) -> str:
    found = HTML_LANG.search(page.read_text("utf-8")[:2000])
    return (found.group(1) if found else "unknown").lower() or "unknown"


def preloads(site: Path, output: Path, bundles: list[Bundle], lang: str) -> dict:
    """What the search page preloads and the bundles it queries (file names as they will be in site/): the
    bundles that have pages in its language, if any has (Pagefind would read another language's index from
    the others), else all."""
    entries = [(output / b.name / "pagefind-entry.json").read_bytes() for b in bundles]
    tag = hashlib.sha256(b"".join(entries)).hexdigest()[:12]
    parsed = [json.loads(raw) for raw in entries]
    if any(own_language(entry, lang) for entry in parsed):
        bundles = [b for b, entry in zip(bundles, parsed, strict=True) if own_language(entry, lang)]
        parsed = [entry for entry in parsed if own_language(entry, lang)]
    files = []
    for i, (bundle, entry) in enumerate(zip(bundles, parsed, strict=True)):
        key = language_key(entry, lang)
        index = entry["languages"][key]
        base = f"{OUTPUT}/{bundle.name}/"
        files += [f"{base}pagefind-entry.json?ts={tag}", f"{base}pagefind.{index['hash']}.pf_meta"]
        if i == 0:  # the first is the one whose WebAssembly (its language's stemmer) every bundle shares
            files.append(f"{base}wasm.{index.get('wasm') or 'unknown'}.pagefind")
        chunk = only_chunk(output / bundle.name, key)
        if chunk:
            files.append(base + chunk)
    return {"tag": tag, "bundles": [f"{OUTPUT}/{b.name}/" for b in bundles], "fetch": files,
            "script": f"{OUTPUT}/pagefind.js" if bundles else None}


def search_page_with(site: Path, index: dict) -> Path | None:
    """The search page with the preloads and the list of bundles between its markers, written beside it
    (…html.tmp) to be renamed over it with the index; None without the markers."""
    page = site / SEARCH_PAGE
    if not page.is_file():
        return None
    html = page.read_text("utf-8")
    if not MARKED.search(html):
        return None
    env = Environment(loader=PackageLoader("kparchive", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, keep_trailing_newline=False)

    def href(path: str) -> str:
        """A site path as the search page links it (relative, so the site can live under any path)."""
        file, _, query = path.partition("?")
        return posixpath.relpath(file, SEARCH_PAGE.parent.as_posix()) + (f"?{query}" if query else "")

    block = env.get_template("search-preload.html.j2").render(
        script=href(index["script"]) if index["script"] else None, fetches=[href(f) for f in index["fetch"]],
        config={"tag": index["tag"], "bundles": index["bundles"]})
    html = MARKED.sub(lambda m: m.group(1) + block + m.group(2), html, count=1)
    tmp = page.with_name(page.name + ".tmp")
    tmp.write_text(html, "utf-8")
    return tmp


def build(site: Path, size: int | None = None, catalogue: Path | None = None) -> dict:
    """Index the site's statements in bundles into site/pagefind/, then write the search page's preloads.
    A language's tree (site/fr/) is indexed as a site of its own, its pages' <html lang> its index's
    language, from the catalogue of the whole site."""
    started = time.perf_counter()
    size = size or bundle_size()
    bundles = plan(statements(site, catalogue), size)
    output = site / OUTPUT
    new, old = site / f".{OUTPUT}-new", site / f".{OUTPUT}-old"  # inside the site: the same filesystem
    for stale in (new, old):  # a killed run's
        shutil.rmtree(stale, ignore_errors=True)
    new.mkdir()
    peak = 0.0
    try:
        for bundle in bundles:
            peak = max(peak, pagefind(site, glob_for(site, bundle.pages), new / bundle.name) or 0.0)
        if bundles:
            shutil.copy2(new / bundles[0].name / "pagefind.js", new / "pagefind.js")
        for bundle in bundles:
            for pattern in UNUSED:
                for unused in (new / bundle.name).glob(pattern):
                    unused.unlink()
        pause("search:indexed")
        index = preloads(site, new, bundles, page_language(site / SEARCH_PAGE) if (site / SEARCH_PAGE).is_file()
                         else "unknown")
        page = search_page_with(site, index)  # everything written before the old index is touched
        if output.exists():
            os.replace(output, old)
        os.replace(new, output)
        if page:
            os.replace(page, site / SEARCH_PAGE)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(new, ignore_errors=True)
        (site / SEARCH_PAGE).with_name(SEARCH_PAGE.name + ".tmp").unlink(missing_ok=True)
    wrote = page is not None
    return {"statements": sum(len(b.pages) for b in bundles), "bundles": [
        {"name": b.name, "statements": len(b.pages), "first": b.first, "last": b.last} for b in bundles],
        "bundle_size": size, "search_page": wrote, "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mb": round(peak, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kparchive.searchindex", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default site/)")
    parser.add_argument("--bundle-size", type=flag("KP_SEARCH_BUNDLE_SIZE"),
                        help=f"statements a bundle at most (KP_SEARCH_BUNDLE_SIZE, default {BUNDLE_SIZE})")
    parser.add_argument("--json", action="store_true", help="print what was done as one JSON line")
    args = parser.parse_args(argv)
    try:  # what can be checked is, before the lock's folder is made
        args.bundle_size = args.bundle_size or bundle_size()
        if not (args.site / "statements.json").is_file():
            raise SearchIndexError(f"{args.site / 'statements.json'} is missing: build the site first (make site)")
    except SearchIndexError as err:
        print(f"searchindex: {err}", file=sys.stderr)
        return 1

    def waiting(pid: str) -> None:
        print(f"searchindex: another build (pid {pid}) is running; waiting for it to finish", file=sys.stderr)

    try:
        with BuildLock(args.site.resolve().parent / ".cache", waiting=waiting):
            return index_trees(args)
    except Busy as busy:
        print(f"searchindex: another build (pid {busy.pid}) is still running after {busy.waited:.0f} s; "
              "nothing written.", file=sys.stderr)
        return 1
    except OSError as err:  # a full disk, a folder it may not write: the last index stays
        print(f"searchindex: {err.filename + ': ' if err.filename else ''}{err.strerror or err}; the last index "
              "is as it was.", file=sys.stderr)
        return 1


def index_trees(args) -> int:
    """The site's index, then each other language's tree's."""
    try:
        done = build(args.site, args.bundle_size)
        report(done, args.site, args.json)
        for tree in TREES:  # the other interface languages' trees, each its own index (site/fr/pagefind/)
            if (args.site / tree / SEARCH_PAGE).is_file():
                report(build(args.site / tree, args.bundle_size, args.site / "statements.json"), args.site / tree,
                       args.json)
    except SearchIndexError as err:
        print(f"searchindex: {err}", file=sys.stderr)
        return 1
    return 0


def report(done: dict, site: Path, as_json: bool) -> None:
    if as_json:
        print(json.dumps(done))
        return
    n, count = done["statements"], len(done["bundles"])
    ranges = ", ".join(f"{b['first'][:4]}–{b['last'][:4]}" if b["first"][:4] != b["last"][:4] else b["first"][:4]
                       for b in done["bundles"])
    page = "" if done["search_page"] else f"; no search page with markers in {site / SEARCH_PAGE}"
    where = f"{site.name}/: " if site.name in TREES else ""
    print(f"searchindex: {where}{n:,} statements indexed in {count} bundle{'s' * (count != 1)} ({ranges}) in "
          f"{done['seconds']} s; peak RSS {done['peak_rss_mb']:.0f} MB{page}")


if __name__ == "__main__":
    sys.exit(main())
