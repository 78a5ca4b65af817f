"""`make serve` as a tool: the first install shows pip's progress; the port is checked before anything is built,
and a port in use is one line naming the PORT to try; a second `make site` (or `make serve`) with nothing changed
builds nothing, and any change to what a site is built from builds again (kparchive/sitestamp.py); the server
logs a line a page shown, none for its assets."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kparchive import sitestamp

from browser_support import open_page
from projects import IDS, ROOT, site_project

DATE = "2026-01-01"
EPOCH = "1767225600"


# --- the first install ---------------------------------------------------------------------------------------

def test_the_first_install_shows_pips_progress_and_the_readme_names_port():
    """62 silent seconds were `pip install --quiet --quiet`: the recipe that installs the lock says what it does
    and lets pip say how far it is."""
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = re.search(r"^\$\(STAMP\): requirements\.lock\n((?:\t.*\n)+)", makefile, re.M).group(1)
    (install,) = [line for line in recipe.splitlines() if "pip install" in line]
    assert not re.search(r"\s(--quiet|-q+)\b", install), install
    assert "echo" in recipe and "Installing requirements.lock" in recipe
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.search(r"make serve PORT=\d+", readme), "the README says how to serve on another port"


# --- what a site is built from -------------------------------------------------------------------------------

def _project(tmp: Path) -> Path:
    files = {"statements/a.txt": "text", "statements/a.yml": "title: A", "statements/meetings.yml": "[]",
             "docs/about.md": "# About", "docs/assets/archive.css": "p {}", "docs/index.md": "generated",
             "docs/fr/index.md": "generated", "docs/.generated": "# generated\nindex.md\nfr/index.md\n",
             "overrides/main.html": "{% extends 'base.html' %}", "overrides/generated/index.html": "<p>x</p>",
             "kparchive/render.py": "x = 1", "kparchive/templates/home.html.j2": "<h1>",
             "kparchive/__pycache__/render.cpython-311.pyc": "compiled", "build_index.py": "main()",
             "requirements.lock": "mkdocs==1.6.1", "mkdocs.yml": "site_name: x", "mkdocs.fr.yml": "INHERIT: mkdocs.yml",
             "mkdocs.offline.yml": "INHERIT: mkdocs.yml", "README.md": "# x", "tests/test_x.py": "",
             ".cache/build.lock": ""}
    for name, text in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, "utf-8")
    (tmp / "docs/fr/assets").symlink_to("../assets")
    return tmp


def test_the_inputs_digest_follows_every_input_and_nothing_else(tmp_path):
    """In this process, on a small tree: what a build reads changes the digest (statements/, the hand-written
    docs/, overrides/, kparchive/, build_index.py, the lock, every mkdocs*.yml, a KP_* setting); what it writes or
    never reads does not (docs/ listed in its manifest, overrides/generated/, __pycache__, tests/, the README, the
    lock's own file, the run's plumbing)."""
    project = _project(tmp_path)
    env = {"PATH": "/usr/bin", "SOURCE_DATE_EPOCH": EPOCH}
    first = sitestamp.digest(project, env)
    assert sitestamp.digest(project, env) == first
    for name in ("docs/index.md", "docs/fr/index.md", "overrides/generated/index.html", "README.md",
                 "tests/test_x.py", "kparchive/__pycache__/render.cpython-311.pyc", ".cache/build.lock"):
        path = project / name
        path.write_text(path.read_text("utf-8") + " changed", "utf-8")
        assert sitestamp.digest(project, env) == first, f"{name} is no input, but changed the digest"
    for extra in ({"KP_BUILD_LOCK_FD": "3"}, {"KP_RENDER_WORKERS": "2"}, {"KP_CHROMIUM": "/usr/bin/chromium"},
                  {"KP_ADD_FILE": "x.txt"}, {"HOME": "/elsewhere"}):
        assert sitestamp.digest(project, {**env, **extra}) == first, extra
    for extra in ({"KP_PAGE_SIZE": "2"}, {"KP_EDITION_DATE": DATE}, {"KP_SITE_URL": "https://example.org/"},
                  {"SOURCE_DATE_EPOCH": "0"}):
        assert sitestamp.digest(project, {**env, **extra}) != first, extra
    for name in ("statements/a.yml", "statements/meetings.yml", "docs/about.md", "docs/assets/archive.css",
                 "overrides/main.html", "kparchive/render.py", "kparchive/templates/home.html.j2", "build_index.py",
                 "requirements.lock", "mkdocs.yml", "mkdocs.fr.yml", "mkdocs.offline.yml"):
        path = project / name
        before = path.read_bytes()
        path.write_bytes(before + b" ")
        assert sitestamp.digest(project, env) != first, f"{name} changed, the digest did not"
        path.write_bytes(before)  # changed back: no change
        assert sitestamp.digest(project, env) == first, name
    (project / "statements/b.yml").write_text("title: B", "utf-8")
    assert sitestamp.digest(project, env) != first, "a new statement"
    (project / "statements/b.yml").unlink()
    (project / "docs/extra.md").write_text("# A page of its own", "utf-8")
    assert sitestamp.digest(project, env) != first, "a new hand-written page"


# --- make site, twice ----------------------------------------------------------------------------------------

def make(project: Path, *args: str, target: str = "site", timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("KP_", "MAKE"))}, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(["make", "-s", target, f"EDITION_DATE={DATE}", *args], cwd=project, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)


@pytest.mark.build  # builds the fixture corpus's site twice with the real `make site`, in a copy of the project
def test_a_second_make_site_with_nothing_changed_builds_nothing(tmp_path):
    project = site_project(tmp_path)
    first = make(project)
    assert first.returncode == 0, first.stdout + first.stderr
    site = project / "site"
    built = os.stat(site).st_ino, (site / "index.html").read_bytes()
    again = make(project)
    assert again.returncode == 0, again.stdout + again.stderr
    said = again.stdout + again.stderr
    last = said.strip().splitlines()[-1]
    assert last.startswith("site: site/ is up to date: nothing it is built from has changed"), said
    assert "build_index" not in said and "sitebuild" not in said, said
    assert (os.stat(site).st_ino, (site / "index.html").read_bytes()) == built, "site/ was built again"
    # A change: the next run builds, and its site shows it.
    meta = project / "statements" / f"{IDS[0]}.yml"
    meta.write_text(meta.read_text("utf-8").replace("title: ", "title: Renamed ", 1), "utf-8")
    changed = make(project)
    assert changed.returncode == 0 and "build_index" in changed.stdout, changed.stdout + changed.stderr
    assert "Renamed" in (site / "statements" / IDS[0] / "index.html").read_text("utf-8")


# --- make serve ------------------------------------------------------------------------------------------------

@pytest.mark.process
def test_a_port_in_use_is_one_line_naming_the_port_to_try_before_anything_is_built(tmp_path):
    """Another server holds the port: `make serve` says so at once, with a PORT to try, and builds nothing (it
    built for 22 s, then failed with "Address already in use")."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = make(ROOT, f"PORT={port}", f"SITE={tmp_path / 'site'}", target="serve", timeout=300)
    said = result.stdout + result.stderr
    assert result.returncode != 0
    lines = [line for line in said.splitlines() if line.startswith("serve:")]
    assert len(lines) == 1, said
    assert f"127.0.0.1:{port}" in lines[0] and "in use" in lines[0] and re.search(r"make serve PORT=\d+", lines[0])
    assert "build_index" not in said and not (tmp_path / "site").exists(), said


def test_the_server_logs_a_line_a_page_shown_not_one_an_asset(browser, fixture_site):
    """A statement page loads its stylesheets, scripts and icons: one line for the page (1,156 lines for a short
    visit, every asset one)."""
    proc = subprocess.Popen([sys.executable, "-m", "kparchive.serve", "--directory", str(fixture_site), "--port", "0"],
                            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+", proc.stdout.readline()).group(0)
        pages = ["/", f"/statements/{IDS[0]}/", f"/fr/statements/{IDS[0]}/", "/no-such-page/"]
        with open_page(browser, url) as page:
            for path in pages:
                page.goto(path)
                page.wait_for_load_state("networkidle")
            assets = [u for u in page.requests_seen if not u.endswith("/")]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert len(assets) > 10, assets  # the pages did load their assets
    lines = err.splitlines()
    assert [line.split()[1:] for line in lines] == [
        ["200", "GET", "/"], ["200", "GET", f"/statements/{IDS[0]}/"], ["200", "GET", f"/fr/statements/{IDS[0]}/"],
        ["404", "GET", "/no-such-page/"]], err
