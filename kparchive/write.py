"""Write: put the rendered files in docs/, touching only what changed.

A manifest (`docs/.generated`) lists what the last build wrote, so a file whose statement is gone is
removed, and a hand-written page is never overwritten: a generated path that collides with one refuses
the build before anything is written.
"""

from __future__ import annotations

import os
import tempfile
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


def collisions(docs: Path, files: dict[str, bytes]) -> list[Problem]:
    """Hand-written files the build would overwrite."""
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


def write(docs: Path, files: dict[str, bytes]) -> Report:
    report = Report()
    previous = read_manifest(docs)
    for rel, data in sorted(files.items()):
        path = docs / rel
        if path.exists() and path.read_bytes() == data:
            report.unchanged.append(rel)
        else:
            _atomic_write(path, data)
            report.written.append(rel)
    for rel in sorted(previous - set(files)):
        path = docs / rel
        if path.exists():
            path.unlink()
            report.removed.append(rel)
            parent = path.parent
            while parent != docs and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    manifest = "# Files written by build_index.py; it removes them when their statement is gone.\n"
    manifest += "".join(f"{rel}\n" for rel in sorted(files))
    if (docs / MANIFEST).exists() is False or (docs / MANIFEST).read_text("utf-8") != manifest:
        _atomic_write(docs / MANIFEST, manifest.encode("utf-8"))
    return report
