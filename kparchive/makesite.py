"""`python -m kparchive.makesite` (`make site`): the whole site, all or nothing.

    python -m kparchive.makesite [--site-dir site] [--dist dist] [--wait SECONDS] [--force]

The steps: build_index.py (docs/, switched in under its own journal: kparchive/write.py); MkDocs' English tree
and then its French one, their footers naming the offline zip with a mark where its size goes; the offline
edition, derived from those pages (build/offline, then dist/*.zip, each zip written beside its name and renamed
to it); the zips' sizes written into the footers, and the zips where the footers link them; Pagefind's index
of each tree. Everything
the site gets is built into a staging folder beside site/, `.site-staging/site` (the same filesystem as site/,
so the finished tree moves with a rename), and site/ changes only once every step has succeeded: the staged
tree and site/ exchange their names in one step (Linux's renameat2 RENAME_EXCHANGE), and the last tree, now
in the staging folder, is removed. A server reading site/ by its path (kparchive.serve, nginx) serves the last
tree or the new one, never a mix and never nothing. Where the exchange is not to be had (another system, a
filesystem without it) the switch is two renames, site/ aside and the new tree in, and a run killed between
them is put back by the next one.

Killed at any moment (kill -9, a closed terminal, Ctrl-C), site/ is the last good site, byte for byte, and the
steps' processes die with the run (lock.dies_with_us). The next run removes what a killed one left in the
staging folder before it starts. A full disk, a read-only folder, a step that fails: one line (a step's own
problems first, as it prints them), exit status 1, site/ as it was, the staging folder removed.

One run at a time: the run holds the build lock (.cache/build.lock) throughout and hands it to build_index.py
and the offline edition, which take it themselves when run alone; a second run waits, or says which process
holds it. One date: the run reads the clock once (kparchive/clock.py) and hands it to every step, so a run
that crosses midnight is dated the day it started throughout.

Nothing changed, nothing built: a run whose inputs (statements/, the hand-written docs/, overrides/, kparchive/,
the mkdocs*.yml, the lock, the settings) have the digest recorded when site/ was last switched in, and finds
that site/ and its outputs still there, says so in one line and stops (kparchive/sitestamp.py); `--force`
builds anyway.

site/ itself a mount point cannot be renamed: the run refuses it in one line before building anything (mount
the folder above it, or build into a folder inside the mount). site/ as a link: the folder it links to is
switched, the link kept. What MkDocs' own build never removes from site/, its hidden entries (a .git of a
publishing branch, a .well-known/), the new site keeps: they are linked into the staged tree before the switch.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from . import clock, downloads, offline, searchindex, sitebuild, sitestamp
from .lock import BuildLock, Busy, dies_with_us
from .pausepoints import pause
from .settings import SettingError, check_environ, flag, from_environ

CONFIG = "mkdocs.yml"
OFFLINE_CONFIG = "mkdocs.offline.yml"
OLD = "old"  # where the two-rename switch puts the last tree, inside the staging folder
OURS = {f".{searchindex.OUTPUT}-new", f".{searchindex.OUTPUT}-old"}  # a killed `make search`'s, never kept
# The project's own folders: a SITE that is one of them, holds one, or lies inside one would be replaced by a site.
OWN = ("docs", "statements", "overrides", "kparchive", "tests", "bench", "deploy", "tools", "build", "dist",
       ".cache", ".git", ".venv")
# An errno in a step's output ("[Errno 28] No space left on device: 'from' -> 'to'", Pagefind's "(os error 28)").
_OS_ERROR = re.compile(r"\[Errno (\d+)\][^:\n]*(?::\s*'([^'\n]*)'(?:\s*->\s*'([^'\n]*)')?)?|\(os error (\d+)\)")


class Refused(Exception):
    """The run will not start: one line, why."""


class Interrupted(Exception):
    """A signal to stop (SIGINT, SIGTERM, SIGHUP)."""


class StepFailed(Exception):
    def __init__(self, step: str, output: str):
        super().__init__(step)
        self.step = step
        self.output = output


@dataclass(frozen=True)
class Paths:
    project: Path  # mkdocs.yml's folder: the build runs there
    site: Path  # the folder served (a link's target: the link stays)
    shown: str  # site/ as the user named it, for messages
    dist: Path

    @property
    def work(self) -> Path:
        """The run's staging folder, beside site/: the staged tree, then the last one while it is removed."""
        return self.site.parent / f".{self.site.name}-staging"

    @property
    def staged(self) -> Path:
        return self.work / self.site.name


def paths_for(site_dir: Path, dist: Path, project: Path) -> Paths:
    """Where the run builds and what it replaces; Refused if SITE names the project or one of its folders."""
    project = project.resolve()
    site = Path(os.path.realpath(project / site_dir))
    shown = f"{site_dir.as_posix().rstrip('/')}/"
    if site == site.parent or site in (project, *project.parents) or site.name in ("", ".", ".."):
        raise Refused(f"site: {shown} is the project or a folder above it; choose a folder of its own (SITE=site)")
    for name in OWN:
        own = project / name
        if site == own or own.is_relative_to(site) or site.is_relative_to(own):
            raise Refused(f"site: {shown} is, holds or lies in the project's {name}/, which a build would replace; "
                          "choose a folder of its own (SITE=site)")
    return Paths(project, site, shown, (project / dist).resolve())


def _mount_points() -> set[str]:
    """Every mount point (Linux's /proc/self/mountinfo: bind mounts of the same filesystem too)."""
    try:
        text = Path("/proc/self/mountinfo").read_text("utf-8", "replace")
    except OSError:
        return set()
    unescape = re.compile(r"\\([0-7]{3})")
    return {unescape.sub(lambda m: chr(int(m.group(1), 8)), line.split()[4]) for line in text.splitlines()
            if len(line.split()) > 4}


def check_switchable(paths: Paths) -> None:
    """site/ must be a folder (or not yet exist) that a rename can replace."""
    site = paths.site
    if os.path.lexists(site) and not site.is_dir():
        raise Refused(f"site: {paths.shown} is not a folder; nothing built")
    if site.is_dir() and (os.path.ismount(site) or str(site) in _mount_points()):
        raise Refused(f"site: {paths.shown} is a mount point, which cannot be replaced by a rename (make site builds "
                      f"the new site beside it and renames it into place); mount the folder above it, or build into "
                      f"a folder inside it (SITE={paths.shown}www); nothing built")


# --- the switch ----------------------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_NOT_HERE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}  # the system or the filesystem cannot exchange


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths' names in one step (renameat2 RENAME_EXCHANGE); False where that is not to be had."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in _NOT_HERE:
        return False
    raise OSError(number, os.strerror(number), str(b))


def switch(staged: Path, site: Path, old: Path, can_exchange: bool = True) -> None:
    """Put the staged tree at site/'s name. The last tree ends at the staged tree's name (exchanged) or at
    `old` (two renames: a run killed between them is put back by `recover`)."""
    if not os.path.lexists(site):
        os.rename(staged, site)
        return
    if can_exchange and exchange(staged, site):
        return
    os.rename(site, old)
    pause("site:renamed")
    try:
        os.rename(staged, site)
    except OSError:
        os.rename(old, site)
        raise


def keep_hidden(site: Path, staged: Path) -> list[str]:
    """What MkDocs never removes from its site_dir, the new site keeps too: the hidden entries of site/ (a
    .git of a publishing branch, a .well-known/), linked into the staged tree (hard links: no copy, and the
    last tree keeps its own until it is removed). Returns their names."""
    if not site.is_dir():
        return []
    kept = []
    for entry in sorted(site.iterdir()):
        if not entry.name.startswith(".") or entry.name in OURS or os.path.lexists(staged / entry.name):
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), staged / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, staged / entry.name, symlinks=True, copy_function=_link)
        else:
            _link(entry, staged / entry.name)
        kept.append(entry.name)
    return kept


def _link(source, target) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # a file the system will not link (another filesystem below site/, a protected link)
        shutil.copy2(source, target, follow_symlinks=False)


def recover(paths: Paths) -> list[str]:
    """What a killed run left: a switch between its two renames is put back, its staging folder removed."""
    said = []
    old = paths.work / OLD
    if not os.path.lexists(paths.site) and old.is_dir():
        os.rename(old, paths.site)
        said.append(f"put {paths.shown} back as it was before an interrupted switch")
    if os.path.lexists(paths.work):
        shutil.rmtree(paths.work)
        said.append(f"removed what an interrupted build left beside {paths.shown} ({paths.work.name}/)")
    return said


# --- the steps -----------------------------------------------------------------------------------------------

def _shown(text: str, project: Path) -> str:
    return text.replace(f"{project}/", "")


def failure(step: str, output: str, paths: Paths) -> list[str]:
    """What a failed step leaves to say: one line where the system refused (a full disk, a read-only folder:
    its errno, wherever in the output), else the step's problems, then one line."""
    found = list(_OS_ERROR.finditer(output))
    if found:
        last = found[-1]
        number = int(last.group(1) or last.group(4))
        path = last.group(3) or last.group(2)  # where it was writing: a copy's target
        where = f" ({_shown(path, paths.project)})" if path else ""
        return [f"site: {step}: {os.strerror(number)}{where}; {paths.shown} is as it was."]
    lines = [line for line in sitebuild.problems_only(output).splitlines() if line.strip()]
    return [*lines, f"site: {step} failed; {paths.shown} is as it was."]


@contextmanager
def step(name: str) -> Iterator[None]:
    """A step run in this process: what it raises becomes StepFailed, said in one line."""
    try:
        yield
    except sitebuild.BuildFailed as failed:
        raise StepFailed(name, failed.output) from None
    except searchindex.SearchIndexError as failed:
        raise StepFailed(name, str(failed)) from None
    except MkDocsException as failed:  # a configuration MkDocs refuses
        raise StepFailed(name, f"mkdocs: {failed}") from None
    except OSError as failed:
        where = f": '{failed.filename}'" if failed.filename else ""
        raise StepFailed(name, f"[Errno {failed.errno}] {failed.strerror}{where}" if failed.errno else str(failed)) \
            from None


def run_step(name: str, cmd: list[str], lock: BuildLock, project: Path) -> None:
    """A step run as a process of its own, under the run's lock: its output as it comes, its problems (standard
    error) kept to be said in one line if it fails."""
    sys.stdout.flush()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.run(cmd, cwd=project, stdin=subprocess.DEVNULL, stderr=err, text=True,
                              **lock.handed_down(), **dies_with_us())
        err.seek(0)
        said = err.read()
    if proc.returncode < 0:
        said += f"\nkilled by {signal.Signals(-proc.returncode).name}"
    if proc.returncode != 0:
        raise StepFailed(name, said)
    sys.stderr.write(said)


def _report_tree(done: dict, shown: str) -> None:
    sitebuild.report({**done, "site_dir": shown.rstrip("/")}, argparse.Namespace(json=False, quiet=False))


def build(paths: Paths, lock: BuildLock, shards: int | None) -> list[Path]:
    """Every step, into the staging folder; returns the outputs outside the site (the offline edition's)."""
    project, staged = paths.project, paths.staged
    paths.work.mkdir(parents=True)
    edition: date = clock.fix()  # the run's one reading of the clock, handed down through the environment
    build_index = project / "build_index.py"
    run_step("build_index", [sys.executable, str(build_index)], lock, project)
    # The edition is made from the site's pages, after them: the footers are written with the zip's form and
    # date, and a mark where its size goes, filled in once the zip is made (kparchive/downloads.py).
    with step("build_index"):
        chosen = offline.choose(project / "docs")
    for key, value in chosen.items():
        if not os.environ.get(key):  # unless set by hand
            os.environ[key] = value
    os.environ.update(downloads.pending(edition, os.environ["KP_OFFLINE_SPLIT"] == "true"))
    config = project / CONFIG
    pause("site:mkdocs")
    with step("MkDocs (the English tree)"):
        _report_tree(sitebuild.build(config, staged, shards), paths.shown)
    for lang, config_file in sitebuild.language_configs(config):
        pause(f"site:mkdocs-{lang}")
        with step(f"MkDocs (the {lang}/ tree)"):
            _report_tree(sitebuild.build(config_file, staged / lang, shards), f"{paths.shown}{lang}")
    pause("site:offline")
    run_step("the offline edition", [sys.executable, "-m", "kparchive.offline", OFFLINE_CONFIG, "--from-site",
                                     os.path.relpath(staged, project), "--dist",
                                     os.path.relpath(paths.dist, project)], lock, project)
    zips = downloads.editions(paths.dist, edition)
    if not zips:
        raise StepFailed("the offline edition", f"no zip of {edition} in {_shown(str(paths.dist), project)}/")
    pause("site:downloads")
    with step("the offline zips"):
        downloads.fill(zips, staged)
        for target in downloads.copy(zips, staged):
            print(f"downloads: {paths.shown}{target.relative_to(staged).as_posix()}")
    pause("site:search")
    with step("the search index (Pagefind)"):
        searchindex.report(searchindex.build(staged), staged, False)
        for tree in searchindex.TREES:
            if (staged / tree / searchindex.SEARCH_PAGE).is_file():
                searchindex.report(searchindex.build(staged / tree, catalogue=staged / "statements.json"),
                                   staged / tree, False)
    return [project / "build" / "offline" / "index.html", *zips.values()]


def _interrupted(signum, frame) -> None:
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kparchive.makesite", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"), help="the site served (default site/)")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="where the offline zips go (default dist/)")
    parser.add_argument("--wait", type=flag("--wait"), default=600, metavar="SECONDS",
                        help="how long to wait for another build of the project to finish (default 600)")
    parser.add_argument("--force", action="store_true",
                        help="build even if nothing the site is built from has changed since site/ was built")
    args = parser.parse_args(argv)
    try:
        check_environ()  # every numeric setting, before anything is read or written (settings.RANGES)
        clock.fix(dict(os.environ))  # the date settings' form (the clock itself is read once the run starts)
    except SettingError as err:
        for line in err.lines:
            print(f"site: {line}; nothing built.", file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"site: {err}; nothing built.", file=sys.stderr)
        return 1
    shards = from_environ("KP_MKDOCS_SHARDS")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupted)
    try:
        paths = paths_for(args.site_dir, args.dist, Path.cwd())
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 1

    def waiting(pid: str) -> None:
        print(f"site: another build (pid {pid}) is running; waiting for it to finish", file=sys.stderr)

    started = time.perf_counter()
    given = dict(os.environ)  # the settings as given, before the run fixes its date
    try:
        with BuildLock(paths.project / ".cache", wait=args.wait, waiting=waiting) as lock:
            return _locked(paths, lock, shards, started, given, args.force)
    except Busy as busy:
        print(f"site: another build (pid {busy.pid}) is still running after {busy.waited:.0f} s; {paths.shown} is "
              "as it was.", file=sys.stderr)
    except OSError as err:  # the lock's folder, .cache/, cannot be written
        print(f"site: {_shown(err.filename or '', paths.project)}: {err.strerror}; {paths.shown} is as it was.",
              file=sys.stderr)
    except (KeyboardInterrupt, Interrupted) as stop:
        print(f"site: interrupted ({stop.args[0] if stop.args else 'SIGINT'}); {paths.shown} is as it was.",
              file=sys.stderr)
    return 1


def _locked(paths: Paths, lock: BuildLock, shards: int | None, started: float, given: dict[str, str],
            force: bool = False) -> int:
    """The run, holding the lock: recover, then (unless site/ is the build of the inputs as they are, and not
    forced) build, switch and stamp; what it leaves is removed, whatever happens."""
    switched = False
    try:
        for line in recover(paths):
            print(f"site: {line}")
        check_switchable(paths)
        found = sitestamp.digest(paths.project, given)
        if not force and sitestamp.up_to_date(paths.project, paths.site, found):
            print(f"site: {paths.shown} is up to date: nothing it is built from has changed since it was built "
                  f"(checked in {time.perf_counter() - started:.1f} s); nothing built")
            return 0
        outputs = build(paths, lock, shards)
        pause("site:switch")
        with step("the switch"):
            kept = keep_hidden(paths.site, paths.staged)
            if kept:
                print(f"site: kept {paths.shown}'s hidden {', '.join(kept)} (MkDocs never removes them)")
            switch(paths.staged, paths.site, paths.work / OLD)
        switched = True
        try:
            sitestamp.write(paths.project, paths.site, found, [paths.site / "index.html", *outputs])
        except OSError:  # no stamp: the next run builds again
            pass
        pause("site:switched")
        removing = time.perf_counter()
        shutil.rmtree(paths.work)
        print(f"site: {paths.shown} is the new build, switched in one step; the last one removed in "
              f"{time.perf_counter() - removing:.2f} s ({time.perf_counter() - started:.1f} s in all)")
        return 0
    except Refused as refused:
        print(refused, file=sys.stderr)
    except StepFailed as failed:
        for line in failure(failed.step, failed.output, paths):
            print(line, file=sys.stderr)
    except OSError as err:  # the staging folder (a read-only or full filesystem), or removing the last tree
        where = _shown(err.filename or str(paths.work), paths.project)
        if switched:
            print(f"site: {paths.shown} is the new build; removing the last one failed ({where}: {err.strerror}): "
                  "the next run removes it", file=sys.stderr)
            return 0
        print(f"site: {where}: {err.strerror}; {paths.shown} is as it was.", file=sys.stderr)
    except (KeyboardInterrupt, Interrupted) as stop:
        state = "is the new build" if switched else "is as it was"
        print(f"site: interrupted ({stop.args[0] if stop.args else 'SIGINT'}); {paths.shown} {state}.", file=sys.stderr)
    finally:
        shutil.rmtree(paths.work, ignore_errors=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
