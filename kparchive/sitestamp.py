"""Whether site/ is already the build of what the project holds now, so `make site` (and `make serve`) can skip it.

A stamp in .cache/ (one a site folder) records a digest of everything a site is built from, written once a
run has switched its site in: the statements and their vocabularies, the hand-written pages and assets of
docs/ (not what build_index.py wrote there: its manifest, docs/.generated, lists that), the theme's
overrides/ (not overrides/generated/), the kparchive package, build_index.py, every mkdocs*.yml, the pinned
packages (requirements.lock), and the settings a run reads from its environment (KP_*, SOURCE_DATE_EPOCH:
a site built with `EDITION_DATE=…` or `KP_PAGE_SIZE=…` is another site). A digest of the files' bytes, not
their times: a checkout, a copy or an editor that keeps times cannot fool it, and a file changed back is no
change. The stamp also names the site folder it describes (its inode, which every switch changes) and the
outputs that must still be there (the site's pages, the offline edition's build and zip): a site/ removed,
replaced or half deleted is built again. A run that fails or is killed writes no stamp, so the next one builds.

At 10,000 statements the digest reads about 60 MB in well under a second; a build takes minutes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from .write import MANIFEST, STAGING, read_manifest

# What a site is built from, under the project (folders walked whole but for what a build writes there).
INPUT_FOLDERS = ("statements", "docs", "overrides", "kparchive")
INPUT_FILES = ("build_index.py", "requirements.lock")
INPUT_GLOBS = ("mkdocs*.yml",)
SKIPPED_NAMES = {"__pycache__", STAGING, MANIFEST}
GENERATED = {"docs": None, "overrides": "generated"}  # docs/: its manifest; overrides/: a folder of its own
# KP_* variables that change nothing a site holds: the run's plumbing, how many processes build it (the same
# bytes: tested), the tests' and make add's own. Any other KP_* variable is a setting of the site.
PLUMBING = {"KP_BUILD_LOCK_FD", "KP_RENDER_WORKERS", "KP_MKDOCS_SHARDS", "KP_CHROMIUM", "KP_SKIP_SITE_BUILD",
            "KP_UPDATE_GOLDEN"}
PLUMBING_PREFIXES = ("KP_ADD_",)
VERSION = 1


def _files(root: Path, skip: set[str]) -> Iterator[Path]:
    """Every entry under root, in a fixed order, but skipped names and the relative paths in `skip`."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name in SKIPPED_NAMES or path.as_posix() in skip:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files(path, skip)
        else:
            yield path


def inputs(project: Path) -> Iterator[Path]:
    """The files a site is built from, in a fixed order."""
    for folder in INPUT_FOLDERS:
        root = project / folder
        skip: set[str] = set()
        if folder == "docs":
            skip = {(root / rel).as_posix() for rel in read_manifest(root)}
        elif GENERATED.get(folder):
            skip = {(root / GENERATED[folder]).as_posix()}
        yield from _files(root, skip)
    for name in INPUT_FILES:
        yield project / name
    for pattern in INPUT_GLOBS:
        yield from sorted(project.glob(pattern))


def settings(environ: Mapping[str, str]) -> dict[str, str]:
    """The settings a run was given (before it fixes its own date)."""
    return {k: v for k, v in sorted(environ.items())
            if (k.startswith("KP_") and k not in PLUMBING and not k.startswith(PLUMBING_PREFIXES))
            or k == "SOURCE_DATE_EPOCH"}


def digest(project: Path, environ: Mapping[str, str]) -> str:
    h = hashlib.sha256(f"kparchive.sitestamp {VERSION}\0".encode())
    h.update(json.dumps(settings(environ), sort_keys=True).encode())
    for path in inputs(project):
        h.update(b"\0" + path.relative_to(project).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        try:
            if path.is_symlink():
                h.update(b"link:" + os.fsencode(os.readlink(path)))
            else:
                with path.open("rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
        except OSError as err:  # unreadable: the build will say so; never taken for "unchanged"
            h.update(f"unreadable:{err.errno}".encode())
    return h.hexdigest()


def stamp_path(project: Path, site: Path) -> Path:
    name = hashlib.sha256(os.fsencode(site)).hexdigest()[:16]
    return project / ".cache" / f"site-inputs-{name}.json"


def _identity(site: Path) -> list[int] | None:
    try:
        st = os.stat(site)
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


def up_to_date(project: Path, site: Path, found: str) -> bool:
    """Whether site/ is the build the stamp records, of inputs whose digest is `found`, with its outputs there."""
    try:
        stamp = json.loads(stamp_path(project, site).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("digest") != found or stamp.get("site") != _identity(site):
        return False
    outputs = stamp.get("outputs")
    return isinstance(outputs, list) and all(isinstance(p, str) and (project / p).exists() for p in outputs)


def write(project: Path, site: Path, found: str, outputs: list[Path]) -> None:
    """Record that site/ is the build of inputs whose digest is `found` (written beside, then renamed)."""
    path = stamp_path(project, site)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"digest": found, "site": _identity(site),
            "outputs": [os.path.relpath(p, project) for p in outputs]}
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(data), "utf-8")
    os.replace(part, path)


def forget(project: Path, site: Path) -> None:
    """No stamp: the next run builds (a run that is about to change site/ says so first)."""
    try:
        stamp_path(project, site).unlink()
    except FileNotFoundError:
        pass
