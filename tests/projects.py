"""Throwaway copies of the project for tests that change statements/ or build elsewhere.

Every build here is the real one: `build_index.py` run as a command, and MkDocs where asked. A project is
made from the frozen fixture corpus (tests/fixtures/corpus/: exact values live there) unless a test asks for
the archive's own statements/ (tests that hold for any corpus).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS = ROOT / "statements"  # the archive's own: tests over it hold for any corpus
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"  # frozen: the five first statements and their vocabularies


def ids_of(corpus: Path) -> list[str]:
    return sorted(p.stem for p in corpus.glob("*.txt"))


IDS = ids_of(FIXTURE)  # the fixture corpus's ids, oldest first
REAL_IDS = ids_of(STATEMENTS)  # the archive's, whatever it holds


def vocabularies_of(corpus: Path) -> list[str]:
    stems = set(ids_of(corpus))
    return sorted(p.name for p in corpus.glob("*.yml") if p.stem not in stems)


VOCABULARIES = vocabularies_of(FIXTURE)
# The five first statements, by name: the archive keeps them whatever else it gains, so a test over
# statements/ may name them.
NAMIBIA_2009 = "2009-11-06-namibia-plenary-zimbabwe"
KINSHASA_2011 = "2011-06-23-kinshasa-intersessional-no-confidence"
IDEX_2011 = "2011-10-04-idex-coalition-boycotts-plenary"
BRUSSELS_2018 = "2018-11-16-brussels-plenary-reform"
VIRTUAL_2021 = "2021-06-28-virtual-intersessional-silencing"


def hand_written_docs(docs: Path = ROOT / "docs") -> list[Path]:
    """The files of docs/ that build_index.py did not generate."""
    manifest = docs / ".generated"
    generated = set(manifest.read_text("utf-8").splitlines()) if manifest.exists() else set()
    return [p for p in docs.rglob("*") if p.is_file() and p.name != ".generated"
            and p.relative_to(docs).as_posix() not in generated]


def make_project(tmp: Path, ids: list[str] | None = None, site_files: bool = False, corpus: Path = FIXTURE) -> Path:
    """A project in tmp with the given statements of a corpus (all by default; the fixture corpus unless
    told) and the hand-written docs."""
    project = tmp / "project"
    (project / "statements").mkdir(parents=True)
    for name in vocabularies_of(corpus):
        shutil.copy2(corpus / name, project / "statements" / name)
    for sid in ids_of(corpus) if ids is None else ids:
        for ext in (".txt", ".yml"):
            shutil.copy2(corpus / f"{sid}{ext}", project / "statements" / f"{sid}{ext}")
    docs = project / "docs"
    for path in hand_written_docs():
        if path.relative_to(ROOT / "docs").parts[:2] == ("fr", "assets"):
            continue  # the French tree's assets are a link to the English tree's (below)
        target = docs / path.relative_to(ROOT / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    (docs / "fr").mkdir(parents=True, exist_ok=True)
    (docs / "fr" / "assets").symlink_to(Path("..") / "assets")
    if site_files:
        shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copy2(ROOT / "mkdocs.fr.yml", project / "mkdocs.fr.yml")
        # not overrides/generated/: the project's own build_index writes its fragments there
        shutil.copytree(ROOT / "overrides", project / "overrides", ignore=shutil.ignore_patterns("generated"))
        (project / "kparchive").symlink_to(ROOT / "kparchive")  # mkdocs.yml's hook lives in the package
    return project


def add_statement(project: Path, sid: str, text: bytes, **meta) -> None:
    """Write a statement (text + metadata with its real sha256) into a project."""
    import yaml

    fields = {
        "title": "A test statement", "date": sid[:10], "meeting": "2018-plenary-brussels",
        "type": "statement", "publisher": "kp-csc", "authors": ["kp-csc"],
        "sha256": hashlib.sha256(text).hexdigest(),
    }
    fields.update(meta)
    (project / "statements" / f"{sid}.txt").write_bytes(text)
    (project / "statements" / f"{sid}.yml").write_text(yaml.safe_dump(fields, allow_unicode=True), "utf-8")


def build_index(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real command line against a project."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_index.py"), "--statements", str(project / "statements"),
         "--docs", str(project / "docs"), *args],
        cwd=project, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],  # not --quiet: it hides warnings from strict
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def mkdocs_build_both(project: Path) -> subprocess.CompletedProcess:
    """Plain MkDocs, the English site then the French tree into site/fr/ (mkdocs.fr.yml), as make site does."""
    result = mkdocs_build(project)
    if result.returncode != 0:
        return result
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.fr.yml"],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, for before/after comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_original(project: Path, original: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real `build_index.py add` against a project."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_index.py"), "add", str(original), "--statements",
         str(project / "statements"), *args],
        cwd=project, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


# --- for tests of hostile input and of interrupted builds ---------------------------------------------------

OUTPUTS = ("docs", "overrides/generated")  # the folders build_index writes


def outputs(project: Path) -> dict[str, dict[str, bytes]]:
    """Every file of both output folders (docs/ and the fragments' folder), for before/after comparisons."""
    return {folder: snapshot(project / folder) if (project / folder).is_dir() else {} for folder in OUTPUTS}


def start_build_index(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The real command line, started and not waited for (to be killed, paused, or run beside another)."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build_index.py"), "--statements", str(project / "statements"),
         "--docs", str(project / "docs"), *args],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def add_synthetic_statements(project: Path, n: int, variant: str = "") -> list[str]:
    """n small statements (a paragraph naming two countries, then a longer one), each with its own id;
    another `variant` changes every text, so a build of it rewrites every statement's files."""
    ids = []
    for i in range(n):
        sid = f"2015-{1 + i % 12:02d}-{1 + i % 28:02d}-synthetic-{i}"
        text = (f"Statement {i}{variant} on Zimbabwe and Angola.\n\n"
                + "The Kimberley Process met in Brussels and heard civil society. " * 12).encode()
        add_statement(project, sid, text, title=f"Synthetic statement {i}{variant}")
        ids.append(sid)
    return ids
