"""`python -m kparchive.sitebuild`: MkDocs' build of site/, in parallel shards at archive scale.

MkDocs renders one page at a time, about 6 ms a page, so at 10,000 statements its build is most of the
site's time and uses one core. This runs `mkdocs build --strict` once per shard, each shard a config that
inherits mkdocs.yml and excludes (`exclude_docs`) the pages the other shards render: the first shard renders
every page but a share of the statements, the others a contiguous run of statements each. Their outputs
are merged into one site/, byte-identical to a single `mkdocs build` (a test builds both and compares):
files both shards write must be equal, and the sitemap is merged in MkDocs' own page order.

Strict checking is unchanged: MkDocs reports a link to a page excluded from a shard at INFO level (the page
exists), and a link to a missing page is still a warning, so still a failure. It is plain MkDocs
underneath: `mkdocs build` alone builds the same site, more slowly. Small archives build in one process.

MkDocs runs without `--quiet`, which in MkDocs 1.6 silences warnings before strict mode counts them, so a
quiet strict build passes whatever it warns about (mkdocs/mkdocs#4126): its INFO lines are dropped here
instead, and warnings and errors are printed; a traceback (a full disk, a folder it may not write) is cut
to its last line, what went wrong.

It writes into the folder it is given: `make site` gives it a staging folder (kparchive.makesite), which
becomes site/ only once everything is built.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .lock import dies_with_us
from .settings import SettingError, flag, from_environ

# Sharding pays from about here: each shard starts MkDocs and Material again (about a second).
SHARD_FROM = 500
STATEMENTS = "statements"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
_URL = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>")


def shards_for(n_statements: int, setting: int | None = None) -> int:
    """The setting (--shards, KP_MKDOCS_SHARDS), else one per CPU (at most 8) from SHARD_FROM statements up."""
    if setting:
        return max(1, min(setting, n_statements + 1))
    return max(1, min(os.cpu_count() or 1, 8)) if n_statements >= SHARD_FROM else 1


def statement_stems(folder: Path) -> list[str]:
    """The names in docs/statements/ up to their first dot, sorted: a statement's page and files share one."""
    return sorted({entry.name.split(".", 1)[0] + ("." if entry.is_file() else "/") for entry in folder.iterdir()})


def _escape(text: str) -> str:
    """A name made literal in a gitignore pattern (exclude_docs): its wildcard characters backslashed."""
    return re.sub(r"([\\\[\]*?!#])", r"\\\1", text)


def prefix_cover(names: list[str], chosen: set[str]) -> list[str]:
    """The fewest prefixes that start every chosen name and no other one (`names` sorted, each ending in
    `.` or `/` so none is a prefix of another): a contiguous run of 5,000 statements takes a few dozen."""
    def cover(prefix: str, group: list[str]) -> list[str]:
        inside = sum(name in chosen for name in group)
        if inside == 0:
            return []
        if inside == len(group):
            return [prefix]
        depth = len(prefix)
        found, start = [], 0
        for i in range(1, len(group) + 1):
            if i == len(group) or group[i][depth] != group[start][depth]:
                found += cover(group[start][: depth + 1], group[start:i])
                start = i
        return found
    return cover("", names)


class BuildFailed(Exception):
    """MkDocs failed; `output` is what it said (its problems, one a line)."""

    def __init__(self, output: str):
        super().__init__(output.strip() or "MkDocs failed")
        self.output = output


@dataclass
class Shard:
    number: int
    statements: list[str]  # the stems this shard renders (the first shard: all but the others')
    config: str  # YAML that inherits the project's config
    site_dir: Path


def load(config_file: Path):
    """MkDocs' own reading of the config (INHERIT, !ENV and defaults resolved)."""
    from mkdocs.config import load_config

    return load_config(str(config_file))


def plan(config, site_dir: Path, work: Path, shards: int) -> list[Shard]:
    """Split the statements into contiguous runs so every shard renders about as many pages: the first
    shard renders every page that is not a statement's, and statements only if that is less than its share."""
    docs = Path(config.docs_dir)
    names = statement_stems(docs / STATEMENTS) if (docs / STATEMENTS).is_dir() else []
    stems = [name for name in names if name.endswith(".") and name != "index."]
    others = sum(1 for _ in docs.rglob("*.md")) - len(stems)
    first_n = min(len(stems), max(0, round((len(stems) + others) / shards - others)))
    first, rest, k = stems[:first_n], stems[first_n:], shards - 1
    runs = [run for i in range(k) if (run := rest[i * len(rest) // k:(i + 1) * len(rest) // k])]
    out = []
    own = own_excludes(config)
    for number, run in enumerate([first, *runs]):
        if number == 0:
            patterns = own + [f"/{STATEMENTS}/{_escape(p)}*" for p in prefix_cover(names, set(rest))]
        else:
            patterns = ["*", *(f"!/{STATEMENTS}/{_escape(p)}*" for p in prefix_cover(names, set(run)))]
        shard_site = site_dir if number == 0 else work / f"shard-{number}"
        shard_config = {"INHERIT": Path(config.config_file_path).name, "site_dir": str(shard_site),
                        "exclude_docs": "\n".join(patterns)}
        out.append(Shard(number, run, yaml.safe_dump(shard_config, sort_keys=False), shard_site))
    return out


def own_excludes(config) -> list[str]:
    """The project's own exclude_docs patterns (mkdocs.yml leaves out the French tree, docs/fr/), which every
    shard's exclude_docs keeps first: the later shards exclude everything but their statements anyway."""
    return [str(getattr(p, "pattern", "")) for p in config.exclude_docs.patterns if getattr(p, "pattern", "")] \
        if config.exclude_docs else []


def shardable(config) -> bool:
    """Shards merge pages, not indexes: not with a plugin (Material's search writes one index of every
    page), nor where the project excludes docs with a pattern that negates (a shard's own would follow it).
    Hooks are fine: they change how each page is rendered, and every shard runs them."""
    hooks = {str(Path(hook)) for hook in config.hooks}
    return all(name in hooks for name in config.plugins) and not any(p.startswith("!") for p in own_excludes(config))


def page_order(config) -> dict[str, int]:
    """Each page's URL and its place in MkDocs' own order (the order of its sitemap)."""
    from mkdocs.structure.files import get_files

    return {file.url.removeprefix("./"): i for i, file in enumerate(get_files(config).documentation_pages())}


def tree_url(config) -> str:
    """The address of the config's pages: its site_url, under the language's folder for another language's
    tree (mkdocs.fr.yml: the hook adds fr/ when MkDocs runs; a config read here has not run it)."""
    from .urls import TREES, tree

    url = config.site_url or ""
    lang = config.theme.get("language") or "en"
    return url.rstrip("/") + "/" + tree(lang) if url and lang in TREES and tree(lang) else url


def merge_sitemaps(site_dir: Path, parts: list[Path], order: dict[str, int], site_url: str) -> None:
    """One sitemap.xml (and .gz) from the shards', in MkDocs' page order, written the way MkDocs writes it."""
    texts = [(part / "sitemap.xml").read_text("utf-8") for part in parts]
    skeleton = _URL.sub("", texts[0])  # MkDocs' sitemap without its pages
    entries = [entry for text in texts for entry in _URL.findall(text)]

    def place(entry: str) -> int:
        """Without a site_url a page's <loc> is its absolute path (/about/)."""
        url = _LOC.search(entry).group(1).removeprefix(site_url).lstrip("/")
        return order.get(url, len(order))

    entries.sort(key=place)
    end = skeleton.rindex("\n</urlset>")
    text = skeleton[:end] + "".join(entries) + skeleton[end:]
    (site_dir / "sitemap.xml").write_text(text, "utf-8", newline="")
    mtime = max(int.from_bytes((part / "sitemap.xml.gz").read_bytes()[4:8], "little") for part in parts)
    gz_path = site_dir / "sitemap.xml.gz"
    with open(gz_path, "wb") as f, gzip.GzipFile(fileobj=f, filename=str(gz_path), mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))


def merge_into(site_dir: Path, part: Path) -> list[str]:
    """Move a shard's files into site/; a file both wrote must be the same bytes. Returns the clashes."""
    clashes = []
    for path in sorted(part.rglob("*")):
        if path.is_dir() or (path.parent == part and path.name in SITEMAPS):
            continue
        dest = site_dir / path.relative_to(part)
        if dest.exists():
            if dest.read_bytes() != path.read_bytes():
                clashes.append(str(path.relative_to(part)))
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, dest)
    return clashes


_RECORD = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-  ")
_TRACEBACK = "Traceback (most recent call last):"


def problems_only(output: str) -> str:
    """MkDocs' output without its INFO records (a record's further lines are indented under it), and each
    traceback cut to its last line, the exception (`OSError: [Errno 28] No space left on device: …`)."""
    kept, keep, in_traceback = [], True, False
    for line in output.splitlines(keepends=True):
        if line.startswith(_TRACEBACK) or line.startswith("During handling of the above exception"):
            in_traceback = True
            continue
        if in_traceback:
            if line.startswith((" ", "\t")) or not line.strip():
                continue  # a frame, or the blank line between chained tracebacks
            in_traceback = False
        record = _RECORD.match(line)
        if record:
            keep = record.group(1) not in ("DEBUG", "INFO")
        elif not line.startswith((" ", "\t")):
            keep = True  # not part of a record: "Aborted with 1 warnings in strict mode!"
        if keep:
            kept.append(line)
    return "".join(kept)


def _start(cmd: list[str], cwd: Path, config: str | None = None) -> subprocess.Popen:
    """`mkdocs build`, reading a shard's config from stdin in the project's folder (so INHERIT and the
    config's relative paths resolve as for the project's own config). Its output goes to a file, which
    never fills up and stalls it the way a pipe read only later would."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *cmd], cwd=cwd,
        stdin=subprocess.PIPE, stdout=(out := tempfile.TemporaryFile("w+")), stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, **dies_with_us(),
    )
    proc.output = out
    proc.stdin.write(config or "")
    proc.stdin.close()
    return proc


def _wait(procs: list[subprocess.Popen]) -> list[float]:
    """Wait for every process; each one's peak RSS in MiB. BuildFailed, with their problems, if one failed;
    else their warnings, if any, are printed."""
    ok, rss, said = True, [], []
    for proc in procs:
        try:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                rss.append(round(usage.ru_maxrss / 1024, 1))  # KiB on Linux
            else:  # Windows: no resource usage
                proc.wait()
                rss.append(0.0)
        except BaseException:  # interrupted: no MkDocs goes on writing
            for other in procs:
                if other.returncode is None:
                    other.kill()
            raise
        with proc.output as out:
            out.seek(0)
            said.append(problems_only(out.read()))
        if proc.returncode < 0:  # killed: the kernel's out-of-memory killer, or someone
            said.append(f"mkdocs: killed by {signal.Signals(-proc.returncode).name}\n")
        ok = ok and proc.returncode == 0
    if not ok:
        raise BuildFailed("".join(said))
    sys.stderr.write("".join(said))
    return rss


def _done(site_dir: Path, statements: list[int], started: float, rss: list[float]) -> dict:
    here = Path.cwd()
    shown = site_dir.relative_to(here) if site_dir.is_relative_to(here) else site_dir
    return {"site_dir": str(shown), "shards": len(statements), "statements": statements,
            "seconds": round(time.perf_counter() - started, 2), "peak_rss_mb": rss}


def build(config_file: Path, site_dir: Path | None = None, shards: int | None = None) -> dict:
    """Build the site; returns what was done. Raises BuildFailed, with MkDocs' problems, if it fails."""
    config_file = config_file.resolve()
    cwd = config_file.parent
    config = load(config_file)
    site_dir = (site_dir or Path(config.site_dir)).resolve()
    statements = Path(config.docs_dir) / STATEMENTS
    n_statements = sum(1 for p in statements.glob("*.md") if p.name != "index.md")
    shards = shards_for(n_statements, shards) if shardable(config) else 1
    started = time.perf_counter()
    if shards == 1:
        rss = _wait([_start(["-f", str(config_file), "--site-dir", str(site_dir)], cwd)])
        return _done(site_dir, [n_statements], started, rss)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-shards-", dir=site_dir.parent))
    try:
        planned = plan(config, site_dir, work, shards)
        rss = _wait([_start(["-f", "-"], cwd, shard.config) for shard in planned])
        parts = [shard.site_dir for shard in planned]
        clashes = [clash for part in parts[1:] for clash in merge_into(site_dir, part)]
        if clashes:
            raise BuildFailed("".join(f"sitebuild: {clash}: two shards wrote different bytes\n" for clash in clashes))
        if all((part / "sitemap.xml").is_file() for part in parts):
            merge_sitemaps(site_dir, parts, page_order(config), tree_url(config))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _done(site_dir, [len(shard.statements) for shard in planned], started, rss)


def build_only(builds: list[tuple[Path, Path]], pages: list[str]) -> dict:
    """A few pages of each (config, site_dir), by their docs paths, every other file excluded: one MkDocs
    process a config, run at once (the offline edition's reference pages, kparchive/offline_pages.py).
    Raises BuildFailed as build does."""
    started, procs = time.perf_counter(), []
    for config_file, site_dir in builds:
        config_file = config_file.resolve()
        patterns = own_excludes(load(config_file)) + ["*", *(f"!/{_escape(page)}" for page in pages)]
        shard = {"INHERIT": config_file.name, "site_dir": str(site_dir.resolve()), "exclude_docs": "\n".join(patterns)}
        procs.append(_start(["-f", "-"], config_file.parent, yaml.safe_dump(shard, sort_keys=False)))
    rss = _wait(procs)
    return {"builds": len(builds), "pages": len(pages), "seconds": round(time.perf_counter() - started, 2),
            "peak_rss_mb": rss}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kparchive.sitebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, help="default: the config's site_dir")
    parser.add_argument("--shards", type=flag("KP_MKDOCS_SHARDS"), help="how many MkDocs processes (default: "
                        "KP_MKDOCS_SHARDS, "
                        f"else one per CPU from {SHARD_FROM} statements up)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems (MkDocs' warnings "
                        "and errors, which still fail a strict build)")
    parser.add_argument("--json", action="store_true", help="say what was done as one JSON line")
    parser.add_argument("--languages", action="store_true", help="then each other interface language's config "
                        "beside it (mkdocs.fr.yml), into its folder of the site (site/fr/): after the English "
                        "site, whose build empties site/ first")
    args = parser.parse_args(argv)
    try:
        shards = args.shards or from_environ("KP_MKDOCS_SHARDS")
    except SettingError as err:  # beyond its range (settings.RANGES): nothing is built
        print(f"sitebuild: {err}", file=sys.stderr)
        return 1
    try:
        done = build(args.config_file, args.site_dir, shards)
        report(done, args)
        if args.languages:
            site_dir = Path(done["site_dir"])
            for lang, config_file in language_configs(args.config_file):
                report(build(config_file, site_dir / lang, shards), args)
    except BuildFailed as failed:
        sys.stderr.write(failed.output)
        return 1
    return 0


def language_configs(config_file: Path) -> list[tuple[str, Path]]:
    """The other interface languages' configs beside the English one: mkdocs.fr.yml -> ("fr", …)."""
    from .i18n import DEFAULT, LANGUAGES

    out = []
    for lang in LANGUAGES:
        own = config_file.with_name(f"{config_file.stem}.{lang}{config_file.suffix}")
        if lang != DEFAULT and own.is_file():
            out.append((lang, own))
    return out


def report(done: dict, args) -> None:
    if args.json:
        print(json.dumps(done))
    elif not args.quiet:
        runs = " + ".join(f"{n:,}" for n in done["statements"])
        rss = " + ".join(f"{mb:.0f}" for mb in done["peak_rss_mb"])
        where = done["site_dir"]
        n = done["shards"]
        print(f"sitebuild: {where}/ built by {n} MkDocs process{'es' if n != 1 else ''} "
              f"({runs} statements) in {done['seconds']:.1f} s; peak RSS {rss} MB")


if __name__ == "__main__":
    sys.exit(main())
