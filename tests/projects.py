"""Throwaway copies of the project for tests that change statements/ or build elsewhere.

Every build here is the real one: `build_index.py` run as a command, and MkDocs where asked (`add` is called
in process, as the command calls it: add_original; run_add runs the command). A project is
made from the frozen fixture corpus (tests/fixtures/corpus/: exact values live there) unless a test asks for
the archive's own statements/ (tests that hold for any corpus).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kparchive import cli

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


def site_project(tmp: Path) -> Path:
    """A project `make site` builds as the archive's own: the fixture corpus, the configs, the Makefile, the
    package and the virtual environment (links), and MkDocs' pause hook for tests."""
    project = make_project(tmp, site_files=True)
    for name in ("mkdocs.offline.yml", "mkdocs.offline.fr.yml", "build_index.py", "Makefile", "requirements.lock"):
        shutil.copy2(ROOT / name, project / name)  # times kept: make sees .venv as up to date
    (project / ".venv").symlink_to(ROOT / ".venv")
    shutil.copy2(Path(__file__).parent / "mkdocs_pause_hook.py", project / "mkdocs_pause_hook.py")
    config = project / "mkdocs.yml"
    hook = "  - kparchive/mkdocs_hook.py\n"
    assert hook in config.read_text("utf-8")
    config.write_text(config.read_text("utf-8").replace(hook, hook + "  - mkdocs_pause_hook.py\n"), "utf-8")
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
    """`build_index.py add` against a project, called in this process: kparchive.cli.main, what the command
    runs, with its output and exit status as the command's (an exception propagates: it would be a
    traceback). The command itself, as a process, is run_add."""
    argv = ["add", str(original), "--statements", str(project / "statements"), *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv, root=ROOT)
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def run_add(project: Path, original: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real `build_index.py add` against a project, as a process."""
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


# --- the refusal contract ------------------------------------------------------------------------------------

SUMMARY = re.compile(r"^build_index: refused, \d+ problems?; nothing written\.$")
NAMES_A_FILE = re.compile(r"^(statements|docs|overrides)/[^:]*: ")


def check_problem_lines(lines: list[str], *expected: str) -> None:
    """What the problems of a refusal must be: each one line naming its file, none said twice, the expected
    ones among them (each the start of a line)."""
    shown = "\n".join(lines)
    for line in lines:
        assert "\n" not in line and NAMES_A_FILE.match(line), f"a line that names no file: {line!r}\n{shown}"
        assert len(line) < 500, f"a problem line of {len(line)} characters"
    assert len(set(lines)) == len(lines), f"a problem said twice:\n{shown}"
    for line in expected:
        assert any(got.startswith(line) for got in lines), f"{line!r} not in:\n{shown}"


def check_refusal(project: Path, code: int, stderr: str, before: dict, *expected: str) -> list[str]:
    """What every refusal of the build must be: exit 1, no traceback, one line per problem naming its file,
    the summary last, both output folders as they were."""
    assert code == 1, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert lines and SUMMARY.match(lines[-1]), stderr
    check_problem_lines(lines[:-1], *expected)
    n = int(lines[-1].split()[2])
    assert n == len(lines) - 1
    assert outputs(project) == before, "a refused build changed docs/ or overrides/generated/"
    return lines


def main_in_process(project: Path, *args: str) -> tuple[int, str]:
    """build_index.py's main() in this process, its exit status and what it printed on stderr (an exception
    propagates: it would be a traceback)."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli.main(["--statements", str(project / "statements"), "--docs", str(project / "docs"),
                         "--wait", "0", *args], root=ROOT)
    return code, err.getvalue()


def refused(project: Path, *expected: str, args: tuple[str, ...] = (), process: bool = False,
            timeout: float = 120) -> list[str]:
    """Build a project that must be refused, and check the refusal (check_refusal); the lines printed. In this
    process (kparchive.cli.main) unless `process`: the real command line, for what only a process shows (a
    pipe that would block, what reaches the terminal)."""
    before = outputs(project)
    if process:
        result = subprocess.run(
            [sys.executable, str(ROOT / "build_index.py"), "--statements", str(project / "statements"),
             "--docs", str(project / "docs"), *args],
            cwd=project, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=timeout)
        code, stderr = result.returncode, result.stderr
    else:
        code, stderr = main_in_process(project, *args)
    return check_refusal(project, code, stderr, before, *expected)


def remove_review(project: Path, sid: str, **fixes: str) -> None:
    """What an editor does once the draft is checked: fix what needs it, delete the review key."""
    path = project / "statements" / f"{sid}.yml"
    kept, in_review = [], False
    for line in path.read_text("utf-8").splitlines():
        if line == "review:":
            in_review = True
            continue
        if in_review and line.startswith("  - "):
            continue
        in_review = False
        name = line.split(":", 1)[0]
        kept.append(f"{name}: {fixes.pop(name)}" if name in fixes and not line.startswith(" ") else line)
    assert not fixes, f"no such field: {fixes}"
    path.write_text("\n".join(kept) + "\n", "utf-8")
