"""Load: read `statements/` from disk into raw data, reporting files that cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .parallel import fork_map
from .problems import Problem
from .yamlio import describe_yaml_error, load_yaml

# Vocabulary and configuration files in statements/; every other .yml there describes one statement.
VOCABULARY_FILES = ("meetings.yml", "topics.yml", "types.yml", "organisations.yml", "places.yml")
OPTIONAL_FILES = ("glossary.yml", "redirects.yml")


@dataclass
class RawStatement:
    id: str
    text_path: Path | None = None
    meta_path: Path | None = None
    raw: bytes | None = None
    meta: object = None


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


def read_yaml_file(path: Path, root: Path, problems: list[Problem]):
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(rel(path, root), "", "is not UTF-8"))
        return None
    try:
        return load_yaml(text)
    except yaml.YAMLError as err:
        problems.append(Problem(rel(path, root), "", describe_yaml_error(err)))
        return None


def read_archive(root: Path, problems: list[Problem]) -> RawArchive:
    """Read every file in `root` (the statements/ folder); pair each text with its metadata."""
    archive = RawArchive(root)
    if not root.is_dir():
        problems.append(Problem(str(root), "", "folder not found"))
        return archive
    for name in VOCABULARY_FILES + OPTIONAL_FILES:
        path = root / name
        if path.exists():
            archive.vocabularies[name] = read_yaml_file(path, root, problems)
        elif name in VOCABULARY_FILES:
            problems.append(Problem(rel(path, root), "", "vocabulary file is missing"))

    by_id: dict[str, RawStatement] = {}
    for path in sorted(root.iterdir(), key=lambda path: path.name):  # one folder: as Path sorts, faster
        if path.name.startswith(".") or path.name in VOCABULARY_FILES + OPTIONAL_FILES or not path.is_file():
            continue
        if path.suffix == ".txt":
            by_id.setdefault(path.stem, RawStatement(path.stem)).text_path = path
        elif path.suffix == ".yml":
            by_id.setdefault(path.stem, RawStatement(path.stem)).meta_path = path
        elif path.suffix == ".yaml":
            problems.append(Problem(rel(path, root), "", "metadata files end in .yml, not .yaml"))
        else:
            problems.append(Problem(rel(path, root), "", "unexpected file: statements/ holds <id>.txt and <id>.yml"))

    paired = []
    for sid, raw in sorted(by_id.items()):
        if raw.text_path is None:
            problems.append(Problem(rel(raw.meta_path, root), "", f"has no original text: {sid}.txt is missing"))
        elif raw.meta_path is None:
            problems.append(Problem(rel(raw.text_path, root), "", f"has no metadata file: {sid}.yml is missing"))
        else:
            paired.append(raw)
    read = {sid: found for chunk in fork_map(_read_statements, root, paired) for sid, *found in chunk}
    for raw in paired:  # in the order of the files, so the problems are too
        raw.raw, raw.meta, its_problems = read[raw.id]
        problems.extend(its_problems)
        archive.statements.append(raw)
    return archive


def _read_statements(root: Path, raws: list[RawStatement]) -> list[tuple]:
    """Each statement's original and parsed metadata (and the problems reading them), by forked workers at
    archive scale: parsing the YAML is most of reading the archive."""
    out = []
    for raw in raws:
        problems: list[Problem] = []
        out.append((raw.id, raw.text_path.read_bytes(), read_yaml_file(raw.meta_path, root, problems), problems))
    return out
