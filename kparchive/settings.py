"""The build's settings, made once from the command line and the environment, then passed down.

No module below the command line reads the environment: what a build does is what its Settings say.

Every numeric setting has a range, stated once in RANGES and checked by every command that reads it (from
the environment: `from_environ`; as a flag: `flag`): a value beyond it, or not a number, is one line naming
the setting, the value and the range, and the command stops before it writes or forks anything
(`KP_RENDER_WORKERS=99999999999999999999` once forked until the machine ran out of processes). An empty
variable is an unset one. build_index.py, the first step of `make site`, checks them all (`check_environ`),
so a bad one stops the build before any output changes.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from pathlib import Path

# A meeting's, country's, topic's, organisation's or person's listing shows this many statements a page.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Range:
    name: str  # the environment variable; for a setting that is a flag only, the flag or make's variable
    flag: str  # the command-line flag that sets it (before the environment)
    low: float
    high: float
    what: str
    environ: bool = True  # read from the environment too
    number: type = int  # whole numbers, or float (seconds)

    def describe(self) -> str:
        kind = "a whole number" if self.number is int else "a number of seconds"
        return f"{kind} from {self.low:,} to {self.high:,} ({self.what})"


# Each numeric setting, its flag and its range (README and ARCHITECTURE.md list them from here).
RANGES = {r.name: r for r in (
    Range("KP_PAGE_SIZE", "--page-size", 1, 10_000, "statements a page of a long listing, build_index.py"),
    Range("KP_RENDER_WORKERS", "--workers", 1, 64, "forked workers, build_index.py"),
    Range("KP_MKDOCS_SHARDS", "--shards", 1, 64, "MkDocs processes, kparchive.sitebuild"),
    Range("KP_SEARCH_BUNDLE_SIZE", "--bundle-size", 1, 100_000, "statements a search bundle, kparchive.searchindex"),
    Range("PORT", "--port", 0, 65_535, "make serve's port, kparchive.serve; 0: any free one", environ=False),
    Range("--wait", "--wait", 0, 86_400, "how long build_index.py waits for another build", environ=False,
          number=float),
)}
_WHOLE = re.compile(r"[0-9]+")  # ASCII digits only: int() takes "٣" and " 3 " too
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class SettingError(ValueError):
    """Settings beyond their range: one line each."""

    def __init__(self, lines: list[str]):
        super().__init__("; ".join(lines))
        self.lines = lines


def _shown(text: str) -> str:
    """A value as a line can show it: as typed if short and printable, else quoted and cut."""
    return text if len(text) <= 40 and text.isprintable() and text.strip() == text else repr(text[:40]) + (
        "…" if len(text) > 40 else "")


def problem(name: str, text: str) -> tuple[float | None, str | None]:
    """(the value, None), or (None, what is wrong with it, without the setting's name)."""
    r = RANGES[name]
    pattern = _WHOLE if r.number is int else _SECONDS
    if not pattern.fullmatch(text):
        return None, f"{_shown(text)} is not {r.describe()}"
    too_long = len(text.split(".")[0].lstrip("0")) > 12  # beyond any range; int() refuses 4,300 digits
    value = None if too_long else r.number(text)
    if value is None or not r.low <= value <= r.high:
        return None, f"{_shown(text)} is out of range: {r.describe()}"
    return value, None


def from_environ(name: str, environ=os.environ) -> int | None:
    """A setting from the environment, checked; None when unset or empty (the command's default)."""
    text = environ.get(name, "")
    if not text:
        return None
    value, wrong = problem(name, text)
    if wrong:
        raise SettingError([f"{name}={wrong}"])
    return value


def check_environ(environ=os.environ) -> None:
    """Every setting of RANGES the environment sets, checked at once: SettingError lists each one wrong."""
    lines = []
    for name, r in RANGES.items():
        if r.environ and environ.get(name):
            _, wrong = problem(name, environ[name])
            if wrong:
                lines.append(f"{name}={wrong}")
    if lines:
        raise SettingError(lines)


def flag(name: str):
    """The argparse `type` of a setting's flag: its value, or argparse's one-line error (exit 2)."""
    def parse(text: str):
        value, wrong = problem(name, text)
        if wrong:
            raise argparse.ArgumentTypeError(wrong)
        return value
    parse.__name__ = RANGES[name].flag  # what argparse names in "invalid … value"
    return parse


@dataclass(frozen=True)
class Settings:
    statements: Path  # the archive's source: originals, metadata, vocabularies
    docs: Path  # MkDocs' docs_dir: the generated pages go here, beside the hand-written ones
    fragments: Path  # the pages' HTML fragments (overrides/generated/ beside docs/)
    cache: Path  # what a rebuild reuses (.cache/: formatted references)
    config: Path  # mkdocs.yml: the site's name and public address
    page_size: int = PAGE_SIZE
    workers: int | None = None  # forked workers; None: one per CPU at archive scale (parallel.workers_for)

    @classmethod
    def make(cls, root: Path, statements: Path | None = None, docs: Path | None = None,
             fragments: Path | None = None, config: Path | None = None, page_size: int | None = None,
             workers: int | None = None, environ=os.environ) -> Settings:
        """Flags first, then KP_PAGE_SIZE and KP_RENDER_WORKERS, then defaults; every setting the environment
        gives is checked (SettingError), the other commands' too. The project is the folder that holds
        statements/ (its mkdocs.yml, docs/ and overrides/), so a copy of the project builds as itself
        wherever build_index.py lives."""
        check_environ(environ)
        statements = (statements or root / "statements").resolve()
        project = statements.parent
        docs = (docs or project / "docs").resolve()
        if config is None:
            config = project / "mkdocs.yml" if (project / "mkdocs.yml").is_file() else root / "mkdocs.yml"
        return cls(
            statements=statements,
            docs=docs,
            fragments=(fragments or docs.parent / "overrides" / "generated").resolve(),
            cache=docs.parent / ".cache",
            config=config.resolve(),
            page_size=page_size or from_environ("KP_PAGE_SIZE", environ) or PAGE_SIZE,
            workers=workers or from_environ("KP_RENDER_WORKERS", environ),
        )
