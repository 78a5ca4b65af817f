"""The offline edition: the archive for file:// (`mkdocs.offline.yml`), with its search index, in one zip.

    python -m kparchive.offline mkdocs.offline.yml --from-site .site-staging/site --dist dist   # make site
    python -m kparchive.offline mkdocs.offline.yml --build --dist dist                          # make offline

The edition's pages are the online site's, derived (kparchive/offline_pages.py): each page of both trees read
once and written for file:// (its file name, its links, the edition's banner, footer and search page), the
files that are not pages linked as they are. `make site` derives it from the site it has just built in its
staging folder (--from-site); `make offline` alone builds the online trees first, into a folder of its own
(--build: kparchive.sitebuild, sharded), as `make site` would. What the theme writes differently in the edition
comes from two pages a tree rendered by MkDocs with the edition's config (mkdocs.offline.yml and
mkdocs.offline.fr.yml: the search page and the about page, `reference`), so its words stay the templates' own.
Then it writes each tree's search index (kparchive/offline_search.py), choosing what the search covers from
the archive's size (extra.offline_search), and packs dist/kp-statements-offline-<date>.zip, one top-level
folder holding the site (open its index.html; the French interface is fr/index.html, and every page links the
same page in the other language). Both languages share one zip and its statements' files: a reader who passes
it on passes both. A large archive's edition is split instead (extra.offline_split, chosen from the number of
statements, SPLIT_ABOVE): one zip per language from the same build, dist/kp-statements-offline-fr-<date>.zip,
each holding its tree at its top, its switch and its statements' originals linked on the online site; at
10,000 statements one zip of both would be twice the size a USB stick or a dear connection should carry.
Without --build or --from-site it indexes and packs an edition already derived.
It reads the edition's site_dir, site_url and date (extra.edition_date, the date its pages show) from the
configuration, the way MkDocs does.

Entries are sorted and stamped with the edition date, so the same site and date give the same bytes. A zip
is written beside its name (….zip.part) and renamed to it once whole: a killed run leaves the last zip, never
a half-written one (its .part is removed by the next run). The date is the run's (kparchive/clock.py: read
once, or KP_EDITION_DATE), and one edition is built at a time (the build lock, which `make site` hands down).
Left out: a statement's .bib, .ris and .json (urls.online_only: its page holds the same references in its
cite box, the catalogue the same metadata; the page links them on the online site), a quarter of the zip at
10,000 statements; source maps (for developers); Material's own search (its worker and lunr language packs:
the edition searches with lunr.js over its own index); and what only a web server uses (404.html, whose links
are absolute; the sitemaps).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from . import clock, i18n, offline_pages, offline_search, sitebuild, urls
from .lock import BuildLock, Busy, dies_with_us
from .messages import N_
from .pausepoints import pause

ONLINE_CONFIG = "mkdocs.yml"  # the online site's, beside the edition's: what `--build` builds first
MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
SERVER_ONLY = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
# Deflate's level: at 10,000 statements 5 takes four fifths of 6's time for a zip hardly larger, 9 a fifth more
# for 0.2 % fewer bytes (bench/HISTORY.md).
COMPRESSION = 5
# Above this many statements the edition is one zip per language (extra.offline_split): a zip of both
# languages makes about 31.5 MB per 1,000 statements (bench/HISTORY.md), and should stay under 150 MB.
SPLIT_ABOVE = 4000

# README.txt, in each language of the interface (its French from the catalogue), one after the other.
README = N_("""\
Kimberley Process Civil Society Coalition: statements archive, offline edition of {date}

Open {index} (double-click it) in any web browser. Everything works without a connection,
search included: every statement, its original text, the catalogue (statements.json, statements.csv).
Search covers {coverage}.

Newer statements: {site_url}
""")
# README.txt of a split edition's zip: one language, whose originals and other languages are online ("in
# English" is "en français" in the French catalogue: the zip's own language).
README_SPLIT = N_("""\
Kimberley Process Civil Society Coalition: statements archive, offline edition of {date}, in English

Open index.html (double-click it) in any web browser. Everything works without a connection,
search included: every statement, in full. Search covers {coverage}.

Each statement's original file, and the archive in its other languages, are online: {site_url}
""")
COVERAGE = {
    offline_search.FULL: N_("the full text of every statement, and its title, summary, date, type, meeting, "
                            "countries, topics, organisations and people"),
    offline_search.METADATA: N_("every statement's title, summary, date, type, meeting, countries, topics, "
                                "organisations and people (not its full text)"),
}


def zip_name(edition_date: date, lang: str = "") -> str:
    """kp-statements-offline-<date>.zip, or one language's zip of a split edition: …-offline-fr-<date>.zip."""
    return urls.offline_zip_name(edition_date.isoformat(), lang)


def _in_tree(name: str) -> tuple[str, str]:
    """A file's language and its path within that language's tree: fr/404.html -> ("fr", "404.html")."""
    first, _, rest = name.partition("/")
    if rest and first in urls.TREES and first != urls.DEFAULT_LANGUAGE:
        return first, rest
    return urls.DEFAULT_LANGUAGE, name


def members(site: Path, lang: str = "") -> list[str]:
    """The site's files (POSIX paths relative to site/) that go into the zip, sorted; with lang, those of
    that language's tree in a split edition (no originals: its pages link them online)."""
    keep = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        tree, own = _in_tree(name)
        if own in SERVER_ONLY or name.endswith(".map") or own.startswith(MATERIAL_SEARCH) or urls.online_only(own):
            continue
        if lang and (urls.original(own) or tree != lang):
            continue
        keep.append(name)
    return sorted(keep)


def readme(site: Path, edition_date: date, site_url: str, search: str, lang: str = "") -> str:
    """README.txt: what the edition is and how to open it, in English, then in the edition's other languages;
    with lang, one language's README of a split edition."""
    out = []
    for code in [lang] if lang else offline_search.trees(site):
        language = i18n.Language(code)
        url = (site_url + urls.tree(code)) if site_url else language.gettext("(see the About page)")
        out.append(language.gettext(README_SPLIT if lang else README).format(
            date=edition_date.isoformat(), site_url=url, index=urls.tree(code) + "index.html",
            coverage=language.gettext(COVERAGE[search])))
    return "\n".join(out)


@dataclass(frozen=True)
class Edition:
    site: Path
    site_url: str
    date: date
    search: str  # offline_search.FULL or METADATA
    docs: Path
    split: bool = False  # one zip per language


def read_edition(config_file: Path) -> Edition:
    """The offline edition's settings, read the way MkDocs reads them (INHERIT merged, !ENV applied)."""
    with open(config_file, "rb") as f:
        config = yaml_load(f)
    extra = config.get("extra", {})
    raw = str(extra.get("edition_date", ""))
    try:
        edition_date = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{config_file}: extra: edition_date: {raw!r} is not a date (set KP_EDITION_DATE)") from None
    search = str(extra.get("offline_search", offline_search.METADATA))
    if search not in COVERAGE:
        raise ValueError(f"{config_file}: extra: offline_search: {search!r} is not one of {', '.join(COVERAGE)}")
    split = extra.get("offline_split", False)
    if not isinstance(split, bool):
        raise ValueError(f"{config_file}: extra: offline_split: {split!r} is not true or false")
    site = config_file.parent / config.get("site_dir", "site")
    return Edition(site=site, site_url=config.get("site_url") or "", date=edition_date, search=search,
                   docs=config_file.parent / config.get("docs_dir", "docs"), split=split)


def pack(site: Path, dist: Path, edition_date: date, site_url: str = "", search: str = offline_search.METADATA,
         level: int = COMPRESSION, split: bool = False) -> list[Path]:
    """Write dist/kp-statements-offline-<date>.zip from the built offline site, or with split one zip per
    language; return their paths. The other form's zips of the same date are removed: dist/ then holds
    only what this edition is."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html is missing: build the offline edition first")
    langs = offline_search.trees(site) if split else [""]
    for stale in dist.glob("*.zip.part"):  # a killed run's
        stale.unlink()
    jobs = [(site, dist, edition_date, site_url, search, level, lang) for lang in langs]
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers > 1:  # one process a zip: deflate is most of the time and holds one core
        with ProcessPoolExecutor(workers) as pool:
            made = [future.result() for future in [pool.submit(_pack_one, *job) for job in jobs]]
    else:
        made = [_pack_one(*job) for job in jobs]
    for lang in ([""] if split else urls.TREES):
        (dist / zip_name(edition_date, lang)).unlink(missing_ok=True)
    return made


def _pack_one(site: Path, dist: Path, edition_date: date, site_url: str, search: str, level: int,
              lang: str) -> Path:
    """One zip: the whole edition (lang ""), or one language's tree at the top of its folder."""
    folder = zip_name(edition_date, lang).removesuffix(".zip")
    stamp = (edition_date.year, edition_date.month, edition_date.day, 0, 0, 0)
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / zip_name(edition_date, lang)
    partial = target.with_suffix(".zip.part")
    strip = len(urls.tree(lang)) if lang else 0

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    try:
        with zipfile.ZipFile(partial, "w", compresslevel=level) as zf:
            zf.writestr(entry("README.txt"), readme(site, edition_date, site_url, search, lang).encode("utf-8"))
            pause("offline:zip")
            for name in members(site, lang):
                zf.writestr(entry(name[strip:]), (site / name).read_bytes())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


class Steps:
    """Each step's wall and CPU seconds (this process and the children it waited for: MkDocs, workers)."""

    def __init__(self):
        self.done: dict[str, dict] = {}

    @staticmethod
    def _cpu() -> float:
        try:
            import resource
        except ImportError:  # Windows: this process only
            return time.process_time()
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def run(self, name: str, function, *args):
        wall, cpu = time.perf_counter(), self._cpu()
        result = function(*args)
        self.done[name] = {"s": round(time.perf_counter() - wall, 2), "cpu_s": round(self._cpu() - cpu, 2)}
        return result


def build_online(config_file: Path, folder: Path) -> None:
    """`python -m kparchive.sitebuild -f mkdocs.yml -d <folder> --languages`: the online site's trees, which the
    edition is derived from (MkDocs in parallel shards at archive scale, the English tree then the French)."""
    subprocess.run([sys.executable, "-m", "kparchive.sitebuild", "-f", str(config_file.parent / ONLINE_CONFIG),
                    "-d", str(folder), "--languages", "--quiet"], check=True, **dies_with_us())


def reference(config_file: Path, folder: Path) -> dict[str, offline_pages.Chrome]:
    """Each tree's reference pages (offline_pages.REFERENCE) rendered by MkDocs with the edition's config
    (mkdocs.offline.yml, mkdocs.offline.fr.yml), at once; what the theme writes differently in the edition."""
    configs = [(urls.DEFAULT_LANGUAGE, config_file), *sitebuild.language_configs(config_file)]
    sitebuild.build_only([(config, folder / lang) for lang, config in configs], list(offline_pages.REFERENCE))
    return {lang: offline_pages.chrome_of((folder / lang / urls.site_path(urls.SEARCH, False)).read_bytes(),
                                          (folder / lang / urls.site_path(urls.ABOUT, False)).read_bytes())
            for lang, _ in configs}


def derive(config_file: Path, edition: Edition, site: Path) -> dict:
    """The edition's pages in its site_dir, derived from the online site in `site`."""
    edition.site.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".offline-reference-", dir=edition.site.parent))
    try:
        chromes = reference(config_file, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    site_url = edition.site_url if edition.site_url.endswith("/") else edition.site_url + "/"
    return offline_pages.derive(site, edition.site, edition.docs, site_url, edition.split, chromes)


def derive_built(config_file: Path, edition: Edition) -> dict:
    """`--build`: the online trees into a folder beside the edition's (removed after), then the edition."""
    edition.site.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".offline-online-", dir=edition.site.parent))
    try:
        build_online(config_file, work / "site")
        return derive(config_file, edition, work / "site")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def choose(docs: Path) -> dict[str, str]:
    """The settings the archive's size chooses (from the catalogue build_index wrote into docs/): what the
    search covers (KP_OFFLINE_SEARCH) and whether the edition is one zip per language (KP_OFFLINE_SPLIT)."""
    catalogue = docs / urls.CATALOGUE_JSON
    if not catalogue.is_file():
        raise FileNotFoundError(f"{catalogue} is missing: run build_index.py first")
    records = json.loads(catalogue.read_text("utf-8"))
    return {"KP_OFFLINE_SEARCH": offline_search.coverage(sum(int(r.get("words") or 0) for r in records)),
            "KP_OFFLINE_SPLIT": str(len(records) > SPLIT_ABOVE).lower()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("config", type=Path, help="the offline edition's MkDocs configuration")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="where the zip goes (default dist/)")
    parser.add_argument("--build", action="store_true", help="build the online site's trees first (kparchive."
                        "sitebuild) and derive the edition from them, its search's coverage chosen from the archive's "
                        "size unless KP_OFFLINE_SEARCH is set")
    parser.add_argument("--from-site", type=Path, metavar="SITE", help="derive the edition from the online site "
                        "already built there (make site: its staging folder), as --build does")
    parser.add_argument("--json", action="store_true", help="say what was done as one JSON line")
    args = parser.parse_args(argv)

    def waiting(pid: str) -> None:
        print(f"offline: another build (pid {pid}) is running; waiting for it to finish", file=sys.stderr)

    try:
        with BuildLock(args.config.resolve().parent / ".cache", waiting=waiting):
            return make(args)
    except Busy as busy:
        print(f"offline: another build (pid {busy.pid}) is still running after {busy.waited:.0f} s; "
              "nothing written.", file=sys.stderr)
        return 1


def make(args) -> int:
    """Build (with --build), index and pack the edition; say what was done."""
    steps = Steps()
    try:
        if args.build or args.from_site:
            clock.fix()  # the edition's date, unless the run that started this one handed it down
            for key, value in choose(read_edition(args.config).docs).items():
                if not os.environ.get(key):  # unless set by hand (or by make site, for its footers)
                    os.environ[key] = value
            edition = read_edition(args.config)
            if args.from_site:
                steps.run("derive", derive, args.config, edition, args.from_site)
            else:
                steps.run("build", derive_built, args.config, edition)
        else:
            edition = read_edition(args.config)
        sizes = steps.run("index", offline_search.write, edition.site, edition.search)
        made = steps.run("zip", pack, edition.site, args.dist, edition.date, edition.site_url, edition.search,
                         COMPRESSION, edition.split)
    except (FileNotFoundError, ValueError) as exc:
        print(f"offline: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError:
        return 1
    except sitebuild.BuildFailed as failed:  # the reference pages' MkDocs: its problems, one a line
        sys.stderr.write(failed.output)
        return 1

    except OSError as exc:  # a full disk, a folder it may not write: the last zip stays
        print(f"offline: {exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}; the last edition is as "
              "it was.", file=sys.stderr)
        return 1
    zips = []
    for target in made:
        with zipfile.ZipFile(target) as zf:
            zips.append({"zip": str(target), "zip_bytes": target.stat().st_size, "files": len(zf.infolist()),
                         "unpacked_bytes": sum(i.file_size for i in zf.infolist())})
    largest = max(zips, key=lambda z: z["zip_bytes"])
    done = {"zip": zips[0]["zip"], "zip_bytes": largest["zip_bytes"], "zips": zips, "split": edition.split,
            "search": edition.search, "index_bytes": sizes[urls.OFFLINE_SEARCH_INDEX], "steps": steps.done}
    if args.json:
        print(json.dumps(done))
        return 0
    times = ", ".join(f"{name} {step['s']:.1f} s" for name, step in steps.done.items())
    for z in zips:
        print(f"offline: {z['zip']} ({z['zip_bytes']:,} bytes; {z['files']} files, {z['unpacked_bytes']:,} bytes "
              "unpacked)")
    print(f"offline: {'one zip per language' if edition.split else 'one zip, both languages'}; search over "
          f"{'the full text' if edition.search == offline_search.FULL else 'the metadata'} "
          f"({done['index_bytes']:,} bytes); {times}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
