"""Write: put the rendered files in docs/ and the fragments' folder, touching only what changed.

A manifest in each (`docs/.generated`, `overrides/generated/.generated`) lists what the last build wrote,
so a file whose statement is gone is removed, and a hand-written page is never overwritten: a generated path
that collides with one refuses the build before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

MANIFEST = ".generated"
MARKER = b"generated_by: build_index.py"


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


def read_manifest(docs: Path) -> set[str]:
    path = docs / MANIFEST
    if not path.exists():
        return set()
    return {line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")}


def _is_generated(path: Path) -> bool:
    """A Markdown page that says it was generated (for a docs/ whose manifest was lost)."""
    if path.suffix != ".md":
        return False
    with path.open("rb") as f:
        return MARKER in f.read(4096)


def collisions(docs: Path, files: Iterable[str]) -> list[Problem]:
    """Hand-written files the build would overwrite (files: the paths it writes, relative to docs)."""
    known = read_manifest(docs)
    return [
        Problem(f"{docs.name}/{rel}", "", "is a hand-written file; a generated file of that name would overwrite it")
        for rel in sorted(files)
        if rel not in known and (docs / rel).exists() and not _is_generated(docs / rel)
    ]


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file exists with these bytes: one open, no stat first (a rebuild compares every file)."""
    try:
        with open(path, "rb") as f:
            return f.read() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


def write_files(root: Path, files: dict[str, bytes]) -> Report:
    """Write the files whose content changed (each atomically); leave the others untouched."""
    report = Report()
    for rel, data in sorted(files.items()):
        path = root / rel
        if _holds(path, data):
            report.unchanged.append(rel)
        else:
            _atomic_write(path, data)
            report.written.append(rel)
    return report


def finish(root: Path, paths: set[str]) -> Report:
    """After every file is written: remove what the last build wrote and this one did not, list what it did."""
    report = Report()
    for rel in sorted(read_manifest(root) - paths):
        path = root / rel
        if path.exists():
            path.unlink()
            report.removed.append(rel)
            parent = path.parent
            while parent != root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    manifest = "# Files written by build_index.py; it removes them when their statement is gone.\n"
    manifest += "".join(f"{rel}\n" for rel in sorted(paths))
    if not (root / MANIFEST).exists() or (root / MANIFEST).read_text("utf-8") != manifest:
        _atomic_write(root / MANIFEST, manifest.encode("utf-8"))
    return report



class Writer:
    """Where a build's files go: named outputs (docs/, the fragments' folder), written only where changed,
    with each output's manifest listing what the build wrote."""

    def __init__(self, outputs: dict[str, Path]):
        self.outputs = outputs

    def check(self, planned: dict[str, set[str]]) -> list[Problem]:
        """Hand-written files the build would overwrite (nothing is written if there is one)."""
        return [problem for name, paths in planned.items() for problem in collisions(self.outputs[name], paths)]

    def write(self, output: str, files: dict[str, bytes]) -> Report:
        return write_files(self.outputs[output], files)

    def commit(self, planned: dict[str, set[str]]) -> Report:
        """After every file is written: remove what the last build wrote and this one did not."""
        return sum((finish(self.outputs[name], paths) for name, paths in planned.items()), Report())
