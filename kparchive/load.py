"""Load: read `statements/` from disk into raw data, reporting files that cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    for path in sorted(root.iterdir()):
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

    for sid, raw in sorted(by_id.items()):
        if raw.text_path is None:
            problems.append(Problem(rel(raw.meta_path, root), "", f"has no original text: {sid}.txt is missing"))
            continue
        if raw.meta_path is None:
            problems.append(Problem(rel(raw.text_path, root), "", f"has no metadata file: {sid}.yml is missing"))
            continue
        raw.raw = raw.text_path.read_bytes()
        raw.meta = read_yaml_file(raw.meta_path, root, problems)
        archive.statements.append(raw)
    return archive
