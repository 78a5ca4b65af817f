"""Load: read `statements/` from disk into raw data, reporting files that cannot be read at all.

Nothing is read from outside statements/: every entry must be a regular file named `<id>.txt`, `<id>.yml`,
an original its text was extracted from (`<id>.pdf`, `.docx`, `.odt`, `.html`, `.original.txt`: ORIGINALS) or a
vocabulary file. A symbolic link (a pull request could add `statements/<id>.txt` as a link to a key on
the build machine), a folder, a hidden file, a device or a pipe is refused by name, and every file is opened
without following links and checked to be a regular file once open, so an entry swapped for a link after the
listing is refused too.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .parallel import fork_map
from .problems import Problem
from .yamlio import describe_yaml_error, load_yaml

# Vocabulary and configuration files in statements/; every other .yml there describes one statement.
VOCABULARY_FILES = ("meetings.yml", "topics.yml", "types.yml", "organisations.yml", "places.yml")
OPTIONAL_FILES = ("glossary.yml", "redirects.yml")
HOLDS = "statements/ holds only <id>.txt, <id>.yml, originals (<id>.pdf, .docx, .odt, .html, .original.txt) and " \
        "the vocabulary files"
# An original the text was extracted from, by how its name ends, and its format (kparchive.extract.FORMATS).
ORIGINALS = {".original.txt": "txt", ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".html": "html"}


def original_kind(name: str) -> tuple[str, str | None]:
    """A statements/ file's statement id and kind: "text" (<id>.txt), "meta" (<id>.yml), "original" (ORIGINALS),
    else None (a vocabulary file, or no file of a statement)."""
    if name in VOCABULARY_FILES + OPTIONAL_FILES:
        return name, None
    for suffix in ORIGINALS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], "original"
    stem, ext = os.path.splitext(name)
    return stem, {".txt": "text", ".yml": "meta"}.get(ext)


class _Unreadable:
    """A file that was missing or could not be read or parsed: its problem is already reported, and nothing
    more is said about it (not also that it is empty)."""

    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE = _Unreadable()


@dataclass
class RawStatement:
    id: str
    text_path: Path | None = None
    meta_path: Path | None = None
    raw: bytes | None = None
    meta: object = None
    original_path: Path | None = None  # the original its text was extracted from, if it is not the text
    original_sha256: str | None = None  # that file's, as read (None: it could not be read; reported)
    original_size: int = 0


@dataclass
class RawArchive:
    root: Path
    vocabularies: dict[str, object] = field(default_factory=dict)
    statements: list[RawStatement] = field(default_factory=list)


def rel(path: Path, root: Path) -> str:
    """The path as problems name it: relative to the project when possible."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


class NotRegular(OSError):
    """An entry that is not a regular file (a link, a folder, a pipe…); `what` says which."""

    def __init__(self, message: str, what: str = "not a regular file"):
        super().__init__(message)
        self.what = what


class TooLarge(OSError):
    """A file larger than its reader takes (`size` bytes, or more: it grew while read)."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"is {size:,} bytes, more than {limit:,}")
        self.size, self.limit = size, limit


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """A regular file's bytes, never through a symbolic link, never blocking on a pipe; with `limit`, never
    more than that many (TooLarge: by the size the open file has, before reading, and while reading if it
    grows). The one opener for every file given to the archive: the build's statements/ and `add`'s original."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if path.is_symlink():
            raise NotRegular("is a symbolic link", "a symbolic link") from None
        raise err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # checked before fdopen, which refuses a folder on its own
        os.close(fd)
        raise NotRegular("is not a regular file", _kind(info.st_mode))
    with os.fdopen(fd, "rb") as f:
        if limit is None:
            return f.read()
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        data = f.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(len(data), limit)
        return data


def _what_is_wrong(entry: os.DirEntry) -> str | None:
    """Why an entry of statements/ is refused before it is read (None: a regular file)."""
    if entry.is_symlink():
        return f"is a symbolic link; {HOLDS} (a link could publish a file from elsewhere)"
    if entry.is_dir(follow_symlinks=False):
        return f"is a folder; {HOLDS}"
    if not entry.is_file(follow_symlinks=False):
        return f"is not a regular file (a pipe, socket or device); {HOLDS}"
    if entry.name.startswith("."):
        return f"is a hidden file; {HOLDS} (an editor's swap file? close it and build again)"
    return None


def read_yaml_file(path: Path, root: Path, problems: list[Problem]):
    """The parsed file, or UNREADABLE (its problem reported)."""
    try:
        text = read_regular(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(rel(path, root), "", "is not UTF-8"))
        return UNREADABLE
    except OSError as err:
        problems.append(Problem(rel(path, root), "", _cannot_read(err)))
        return UNREADABLE
    try:
        return load_yaml(text)
    except yaml.YAMLError as err:
        problems.append(Problem(rel(path, root), "", describe_yaml_error(err, text)))
        return UNREADABLE


def _cannot_read(err: OSError) -> str:
    return str(err) if isinstance(err, NotRegular) else f"cannot be read: {err.strerror}"


def read_archive(root: Path, problems: list[Problem]) -> RawArchive:
    """Read every file in `root` (the statements/ folder); pair each text with its metadata."""
    archive = RawArchive(root)
    if not root.is_dir():
        problems.append(Problem(str(root), "", "folder not found"))
        return archive
    entries = _regular_entries(root, problems)
    _read_vocabularies(archive, entries, problems)
    paired = _paired(_by_statement(root, entries, problems), root, problems)
    read = {sid: found for chunk in fork_map(_read_statements, root, paired) for sid, *found in chunk}
    for raw in paired:  # in the order of the files, so the problems are too
        raw.raw, raw.meta, (raw.original_sha256, raw.original_size), its_problems = read[raw.id]
        problems.extend(its_problems)
        archive.statements.append(raw)
    return archive


def _regular_entries(root: Path, problems: list[Problem]) -> dict[str, Path]:
    """The files of statements/ by name, in order; each that is not a regular file (_what_is_wrong) refused."""
    entries = {}
    for entry in sorted(os.scandir(root), key=lambda entry: entry.name):
        wrong = _what_is_wrong(entry)
        if wrong:
            problems.append(Problem(rel(root / entry.name, root), "", wrong))
        else:
            entries[entry.name] = root / entry.name
    return entries


def _read_vocabularies(archive: RawArchive, entries: dict[str, Path], problems: list[Problem]) -> None:
    """Each vocabulary file's data (UNREADABLE: refused, or a required one missing)."""
    root = archive.root
    for name in VOCABULARY_FILES + OPTIONAL_FILES:
        path = root / name
        if name in entries:
            archive.vocabularies[name] = read_yaml_file(path, root, problems)
        elif os.path.lexists(path):
            archive.vocabularies[name] = UNREADABLE  # refused above
        elif name in VOCABULARY_FILES:
            problems.append(Problem(rel(path, root), "", "vocabulary file is missing"))
            archive.vocabularies[name] = UNREADABLE


def _by_statement(root: Path, entries: dict[str, Path], problems: list[Problem]) -> dict[str, RawStatement]:
    """The statements' files by id: its text, its metadata, its original (one); any other file refused."""
    by_id: dict[str, RawStatement] = {}
    for name, path in entries.items():
        if name in VOCABULARY_FILES + OPTIONAL_FILES:
            continue
        sid, kind = original_kind(name)
        if kind == "text":
            by_id.setdefault(sid, RawStatement(sid)).text_path = path
        elif kind == "meta":
            by_id.setdefault(sid, RawStatement(sid)).meta_path = path
        elif kind == "original":
            raw = by_id.setdefault(sid, RawStatement(sid))
            if raw.original_path is not None:
                problems.append(Problem(rel(path, root), "", f"is a second original of {sid} (with "
                                        f"{raw.original_path.name}): a statement has one original"))
            else:
                raw.original_path = path
        elif path.suffix == ".yaml":
            problems.append(Problem(rel(path, root), "", "metadata files end in .yml, not .yaml"))
        else:
            problems.append(Problem(rel(path, root), "", f"unexpected file: {HOLDS}"))
    return by_id


def _paired(by_id: dict[str, RawStatement], root: Path, problems: list[Problem]) -> list[RawStatement]:
    """The statements with both a text and a metadata file, by id; the files of any other refused."""
    paired = []
    for sid, raw in sorted(by_id.items()):
        if raw.text_path is None and raw.meta_path is None:
            problems.append(Problem(rel(raw.original_path, root), "", f"is an original without its statement: "
                                    f"{sid}.txt and {sid}.yml are missing (make add writes them)"))
        elif raw.text_path is None:
            problems.append(Problem(rel(raw.meta_path, root), "", f"has no original text: {sid}.txt is missing"))
        elif raw.meta_path is None:
            problems.append(Problem(rel(raw.text_path, root), "", f"has no metadata file: {sid}.yml is missing"))
        else:
            paired.append(raw)
    return paired


def _read_statements(root: Path, raws: list[RawStatement]) -> list[tuple]:
    """Each statement's text and parsed metadata, the sha256 and size of the original its text was extracted
    from (read to be hashed, never kept: a PDF is large), and the problems reading them, by forked workers at
    archive scale: parsing the YAML is most of reading the archive."""
    out = []
    for raw in raws:
        problems: list[Problem] = []
        try:
            text = read_regular(raw.text_path)
        except OSError as err:
            problems.append(Problem(rel(raw.text_path, root), "", _cannot_read(err)))
            text = None
        original = (None, 0)
        if raw.original_path is not None:
            try:
                data = read_regular(raw.original_path)
                original = (hashlib.sha256(data).hexdigest(), len(data))
            except OSError as err:
                problems.append(Problem(rel(raw.original_path, root), "", _cannot_read(err)))
        out.append((raw.id, text, read_yaml_file(raw.meta_path, root, problems), original, problems))
    return out
