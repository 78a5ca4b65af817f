"""An archive that grows: a copy of the project with a sixth statement, a seventh with a new meeting and a new
organisation, and an eighth that belongs to no meeting, passes the tests that hold for any corpus (browser tests
keep running on the real site).

It builds the copy's site for real (`make site`, in the copy's own run of those tests): the one way to know
that the tests over statements/ read their expectations from the catalogue, not from the five statements.
Only the tests that read that site run there (marked `site`); the same modules' tests over the frozen fixture
corpus would check the same bytes again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from projects import ROOT

GROWTH = ROOT / "tests/fixtures/growth"
# The modules whose tests hold for any corpus: their tests over the real site run on the grown copy (their
# exact-value tests run on the frozen fixture corpus, and test_golden and test_catalogue read only that).
ANY_CORPUS = ["test_browse.py", "test_statement_page.py", "test_fidelity.py", "test_exports.py", "test_head_meta.py",
              "test_feed.py", "test_cite.py"]

pytestmark = pytest.mark.build


def copy_project(target: Path) -> Path:
    """The project's tracked files (links as links), their times kept (so make sees the virtualenv as up to date),
    and its .venv."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_symlink():  # docs/fr/assets: the French tree's link to the assets
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).symlink_to(os.readlink(source))
        elif source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def add(project: Path, sid: str, **meta) -> None:
    text = (GROWTH / f"{sid}.txt").read_bytes()
    (project / "statements" / f"{sid}.txt").write_bytes(text)
    fields = {"title": text.decode().splitlines()[0], "date": sid[:10], "type": "statement", "language": "en",
              "publisher": "kp-csc", "authors": ["kp-csc"], "people": [], "topics": ["kp-reform"],
              "sha256": hashlib.sha256(text).hexdigest(), **meta}
    (project / "statements" / f"{sid}.yml").write_text(yaml.safe_dump(fields, sort_keys=False), "utf-8")


def append(path: Path, entry: dict) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(yaml.safe_dump([entry], sort_keys=False))


def drafted(project: Path, original: Path) -> str:
    """A statement as an editor adds it: `build_index.py add`, then the draft reviewed (its review key gone)."""
    result = subprocess.run([sys.executable, "build_index.py", "add", str(original)], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (path,) = [p for p in (project / "statements").glob("*.yml") if "review:" in p.read_text("utf-8")]
    meta = yaml.safe_load(path.read_text("utf-8"))
    del meta["review"]
    path.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), "utf-8")
    return path.stem


def test_the_any_corpus_tests_pass_with_two_more_statements(tmp_path):
    project = copy_project(tmp_path / "grown")
    sid = drafted(project, GROWTH / "2023-06-20-test-intersessional-statement.txt")
    assert sid.startswith("2023-06-20-")
    append(project / "statements/meetings.yml", {
        "id": "2024-plenary-test", "name": "Test Plenary 2024, Windhoek", "type": "plenary", "start": "2024-11-04",
        "end": "2024-11-08", "city": "Windhoek", "country": "NA", "chair": {"participant": "NA"}, "virtual": False,
        "fr": {"name": "Plénière test 2024, Windhoek"},
        "unverified": ["start", "end", "city", "country", "chair.participant", "fr.name"]})
    append(project / "statements/organisations.yml", {
        "id": "test-network", "name": "Test Mining Communities Network", "country": "NA",
        "unverified": ["name", "country"]})
    add(project, "2024-11-08-test-new-meeting-new-organisation", meeting="2024-plenary-test", type="press-release",
        dateline="November 8, 2024", authors=["kp-csc", "test-network"],
        topics=["conflict-diamond-definition"])
    between = "2011-08-15-test-letter-between-meetings"  # no meeting: field (tests/fixtures/between-meetings/)
    for ext in (".txt", ".yml"):
        shutil.copy2(ROOT / "tests/fixtures/between-meetings" / f"{between}{ext}", project / "statements")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_XDIST")}
    env |= {"CI": os.environ.get("CI", ""), "KP_SKIP_SITE_BUILD": ""}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                             "-m", "site and not browser", *(f"tests/{name}" for name in ANY_CORPUS)],
                            cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    catalogue = (project / "site/statements.json").read_text("utf-8")
    assert "2024-11-08-test-new-meeting-new-organisation" in catalogue and between in catalogue
