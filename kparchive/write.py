"""Write: put a build's files in its outputs (docs/, the fragments' folder), touching only what changed, so
that a failed or killed build never strands them.

A build's new and changed files are written beside the old ones, into a staging folder inside each output
(`.build_index-staging/`: the same filesystem, so a file moves into place with one rename; MkDocs skips
dot-folders). Nothing in the outputs changes until every file is staged. Then the switch: a journal
(`.cache/build_index-switch.json`) is written atomically, and from that instant the new build is the one that
counts: each staged file is renamed over the old one, the old build's files this one no longer has are
removed, and the manifests are renamed in last. A build killed before the journal leaves the last good
build untouched (its staged files are dropped by the next run); one killed after it is finished by the next
run, whatever it is (`--check` too), before it does anything else. Either way no manual step.

A manifest in each output (`docs/.generated`, `overrides/generated/.generated`) lists what the last build
wrote, so a file whose statement is gone is removed, and a hand-written page is never overwritten: a
generated path that collides with one refuses the build before anything is written. Every path is checked
to lie inside its output, through no symbolic link, before anything is written.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .problems import Problem

MANIFEST = ".generated"
MARKER = b"generated_by: build_index.py"
STAGING = ".build_index-staging"
JOURNAL = "build_index-switch.json"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __add__(self, other: Report) -> Report:
        return Report(self.written + other.written, self.unchanged + other.unchanged, self.removed + other.removed)

    def __iadd__(self, other: Report) -> Report:  # in place: a worker adds one statement's files at a time
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed
        return self


class UnsafePath(ValueError):
    """A path the build was asked to write outside its output: a bug in validation if ever raised."""


def read_manifest(root: Path) -> set[str]:
    path = root / MANIFEST
    if not path.is_file():
        return set()
    return {line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")}


def manifest_text(paths: Iterable[str]) -> bytes:
    text = "# Files written by build_index.py; it removes them when their statement is gone.\n"
    return (text + "".join(f"{rel}\n" for rel in sorted(paths))).encode("utf-8")


def _is_generated(path: Path) -> bool:
    """A Markdown page that says it was generated (for a docs/ whose manifest was lost)."""
    if path.suffix != ".md":
        return False
    with path.open("rb") as f:
        return MARKER in f.read(4096)


def path_problem(rel: str) -> str | None:
    """Why a relative path may not be written (None: it may): it must name a file inside its output."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        return "is not a relative path"
    parts = PurePosixPath(rel).parts
    if rel.startswith("/") or any(part in ("", ".", "..") for part in rel.split("/")):
        return "would lie outside its folder"
    if parts[0] == STAGING or rel == MANIFEST:
        return "is a name the build keeps for itself"
    if any(len(part.encode("utf-8")) > 200 for part in parts):
        return "has a name too long for a file"
    return None


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file exists with these bytes: one open, no stat first (a rebuild compares every file),
    never through a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as f:
        return f.read() == data


class Writer:
    """A build's outputs by name ({"docs": docs/, "fragments": overrides/generated/}); see the module's doc.

    `owned`: outputs no one writes by hand (no hand-written file to protect). `journal`: where the switch's
    journal goes (default: .cache/ beside the first output). `pause_at`: for tests, a point where the process
    stops itself (SIGSTOP) so a test can kill it there: "staged" (before the journal) or "switch:N" (after N
    renames)."""

    def __init__(self, outputs: dict[str, Path], journal: Path | None = None, owned: Iterable[str] = (),
                 pause_at: str | None = None):
        self.outputs = {name: Path(root) for name, root in outputs.items()}
        first = next(iter(self.outputs.values()))
        self.base = first.parent  # problems name paths from here (docs/…, overrides/generated/…)
        self.journal = journal or self.base / ".cache" / JOURNAL
        self.owned = set(owned)
        self.pause_at = pause_at

    # --- naming -------------------------------------------------------------------------------------------

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.base).as_posix()
        except ValueError:
            return str(path)

    def _failed(self, err: OSError, path: Path) -> OSError:
        return OSError(err.errno, err.strerror, self.shown(path))

    # --- before anything is written -------------------------------------------------------------------------

    def check(self, planned: dict[str, set[str]]) -> list[Problem]:
        """Every problem with writing these paths, before anything is written: a path outside its output, a
        folder or symbolic link where a file goes, a file or link where a folder goes, and (outside the owned
        outputs) a hand-written file a generated one would overwrite."""
        problems = []
        for name, paths in planned.items():
            root = self.outputs[name]
            known = read_manifest(root)
            folders: dict[str, str | None] = {}
            for rel in sorted(paths):
                if problem := path_problem(rel):
                    problems.append(Problem(f"{self.shown(root)}/{rel}", "", problem))
                elif folder := self._folder_problem(root, PurePosixPath(rel).parent, folders):
                    problems.append(Problem(f"{self.shown(root)}/{folder[0]}", "", folder[1]))
                elif problem := self._target_problem(root / rel, rel in known, name in self.owned):
                    problems.append(Problem(f"{self.shown(root)}/{rel}", "", problem))
        return problems

    def _folder_problem(self, root: Path, folder: PurePosixPath, seen: dict) -> tuple[str, str] | None:
        """(folder, why) if files cannot go in this folder of an output, through a link or a file; each
        folder is looked at once."""
        key = folder.as_posix()
        if key in seen:
            return seen[key]
        problem = None
        if key != ".":
            problem = self._folder_problem(root, folder.parent, seen)
            if problem is None:
                try:
                    mode = os.lstat(root / key).st_mode
                except FileNotFoundError:
                    mode = None
                if mode is not None and stat.S_ISLNK(mode):
                    problem = (key, "is a symbolic link; the build writes only inside its folder")
                elif mode is not None and not stat.S_ISDIR(mode):
                    problem = (key, "is a file where the build needs a folder")
        seen[key] = problem
        return problem

    @staticmethod
    def _target_problem(path: Path, generated_before: bool, owned: bool) -> str | None:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None
        if stat.S_ISDIR(mode):
            return "is a folder where the build writes a file"
        if generated_before or owned:
            return None
        if stat.S_ISLNK(mode) or not _is_generated(path):
            return "is a hand-written file; a generated file of that name would overwrite it"
        return None

    # --- staging (safe in forked workers) -------------------------------------------------------------------

    def write(self, output: str, files: dict[str, bytes]) -> Report:
        """Stage the files whose content changed (the others are left alone); nothing is published yet."""
        report = Report()
        root = self.outputs[output]
        staging = root / STAGING
        for rel, data in sorted(files.items()):
            problem = path_problem(rel)
            if problem:
                raise UnsafePath(f"{self.shown(root)}/{rel}: {problem}")
            if _holds(root / rel, data):
                report.unchanged.append(rel)
                continue
            path = staging / rel
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
            except OSError as err:
                raise self._failed(err, root / rel) from None
            report.written.append(rel)
        return report

    def _staged(self, root: Path) -> list[str]:
        staging = root / STAGING
        if not staging.is_dir():
            return []
        out = []
        for folder, _, names in os.walk(staging):
            here = Path(folder).relative_to(staging)
            out += [(here / name).as_posix() for name in names]
        return sorted(out)

    # --- the switch ---------------------------------------------------------------------------------------------

    def commit(self, planned: dict[str, set[str]]) -> Report:
        """Switch the outputs to the staged build (see the module's doc) and say what was removed."""
        report = Report()
        plan: dict[str, dict] = {}
        for name, root in self.outputs.items():
            paths = planned.get(name, set())
            staged = self._staged(root)
            stray = [rel for rel in staged if rel not in paths]
            if stray:
                raise UnsafePath(f"{self.shown(root)}/{stray[0]}: was staged but is not a planned file")
            removed = sorted(read_manifest(root) - paths)
            manifest = manifest_text(paths)
            if not _holds(root / MANIFEST, manifest):
                self._stage_manifest(root, manifest)
            elif not staged and not removed:
                continue
            plan[name] = {"root": str(root), "remove": removed}
            report.removed += removed
        if not plan:
            return report
        try:
            self._prepare(plan)
            self._pause("staged")
            self._write_journal({"pid": os.getpid(), "outputs": plan})
        except BaseException:
            self.discard()
            raise
        self._switch(plan)
        self._finish()
        return report

    def _stage_manifest(self, root: Path, manifest: bytes) -> None:
        try:
            (root / STAGING).mkdir(parents=True, exist_ok=True)
            (root / STAGING / MANIFEST).write_bytes(manifest)
        except OSError as err:
            raise self._failed(err, root / MANIFEST) from None

    def _prepare(self, plan: dict[str, dict]) -> None:
        """Make every folder a staged file goes to, and make sure each can be written (a read-only folder
        is found here, while the old build is still whole)."""
        for output in plan.values():
            root = Path(output["root"])
            folders = {root} | {(root / rel).parent for rel in self._staged(root)}
            folders |= {(root / rel).parent for rel in output["remove"]}
            for folder in sorted(folders):
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    fd, probe = tempfile.mkstemp(dir=folder, prefix=".build_index-probe-")
                    os.close(fd)
                    os.unlink(probe)
                except OSError as err:
                    raise self._failed(err, folder) from None

    def _write_journal(self, data: dict) -> None:
        """The switch's commit point: the journal is in place, complete, on disk, or not at all."""
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.journal.parent, prefix=".journal-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.journal)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_folder(self.journal.parent)

    def _switch(self, plan: dict[str, dict]) -> None:
        """Rename every staged file into place, remove what the new build no longer has, then the manifests.
        Each step can be done again: a run that finds the journal does the whole switch again."""
        moved = 0
        for output in plan.values():
            root = Path(output["root"])
            staging = root / STAGING
            for rel in self._staged(root):
                if rel == MANIFEST:
                    continue
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
                moved += 1
                self._pause(f"switch:{moved}")
            for rel in output["remove"]:
                path = root / rel
                path.unlink(missing_ok=True)
                parent = path.parent
                while parent != root and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
        for output in plan.values():
            root = Path(output["root"])
            if (root / STAGING / MANIFEST).exists():
                os.replace(root / STAGING / MANIFEST, root / MANIFEST)

    def _finish(self) -> None:
        self.journal.unlink(missing_ok=True)
        self.discard()

    def discard(self) -> None:
        """Drop what is staged (a refused, failed or killed build's files): unless a switch is under way,
        whose journal the next run finishes."""
        if self.journal.exists():
            return
        for root in self.outputs.values():
            _remove(root / STAGING)

    def recover(self) -> str | None:
        """Before a build: finish the switch a killed build left half done, and drop the files a build killed
        before its switch had staged. Says what it did, if anything."""
        said = None
        if self.journal.exists():
            try:
                data = json.loads(self.journal.read_text("utf-8"))
                plan = data["outputs"]
            except (ValueError, KeyError, TypeError):
                raise OSError(0, "is not a journal this build can read; remove it and build again",
                              self.shown(self.journal)) from None
            self._switch(plan)
            self.journal.unlink()
            for output in plan.values():
                _remove(Path(output["root"]) / STAGING)
            said = (f"build_index: finished switching to the build that process {data.get('pid', '?')} had begun "
                    "to put in place when it stopped")
        dropped = [root for root in self.outputs.values() if os.path.lexists(root / STAGING)]
        for root in dropped:
            _remove(root / STAGING)
        if dropped and said is None:
            said = "build_index: dropped the files an interrupted build had staged; the last build is as it was"
        return said

    def _pause(self, point: str) -> None:
        if self.pause_at == point:
            os.kill(os.getpid(), signal.SIGSTOP)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
