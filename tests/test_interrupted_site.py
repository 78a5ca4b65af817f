"""`make site` is all or nothing (kparchive/makesite.py): killed at any moment, on a full disk, with site/
read-only or a mount point, or run twice at once, site/ stays the last good site, byte for byte, a failure is
one line, and the next run recovers by itself. A run that crosses midnight is dated the day it started.

Every build is the real `make site`, run as a user runs it, in a copy of the project holding the frozen
fixture corpus (five statements: the smallest archive that has every kind of page, so a build takes seconds).
The module builds two sites once, at the same time: the *old* one, which each test copies and then changes
(one statement's title), and the *new* one, what a clean build of the changed corpus gives, which a run that
ends must give too.

The moments are named, never guessed: KP_TEST_PAUSE_AT stops a run there (kparchive/pausepoints.py: between
steps, in the offline zip, between the switch's renames; build_index's own points; inside MkDocs after its
Nth page, through tests/mkdocs_pause_hook.py, which the test projects add to their mkdocs.yml), and Pagefind
is caught while it runs. Stopped, the run has written what a kill at that moment leaves; the test looks at
site/, then lets the run go on, or kills it: the whole process group (kill -9 of everything), or the run's
own process alone (its steps must die with it).
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kparchive import makesite, serve
from kparchive.makesite import OLD, Paths, Refused, paths_for, recover, switch

from projects import IDS, ROOT, add_statement, site_project, snapshot

DATE = "2026-01-01"  # the edition's date, and SOURCE_DATE_EPOCH's day: the same bytes at every build
EPOCH = "1767225600"
RENAMED = IDS[0]  # the statement whose title the next build changes
PAUSE = "KP_TEST_PAUSE_AT"
STAGING = ".site-staging"

# Builds sites of its own: the real `make site` of the fixture corpus, killed at every step, on a full disk, twice.
pytestmark = pytest.mark.build


def change(project: Path) -> None:
    meta = project / "statements" / f"{RENAMED}.yml"
    meta.write_text(meta.read_text("utf-8").replace("title: ", "title: Renamed ", 1), "utf-8")


@dataclass
class Run:
    """`make site` started in a process group of its own, its output in files."""

    proc: subprocess.Popen
    out: Path
    err: Path

    @property
    def pgid(self) -> int:
        return self.proc.pid

    def said(self) -> str:
        return self.out.read_text("utf-8", "replace") + self.err.read_text("utf-8", "replace")

    def problems(self) -> list[str]:
        """What the run said on standard error, but make's own line about the recipe's exit status."""
        return [line for line in self.err.read_text("utf-8", "replace").splitlines()
                if line.strip() and not line.startswith(("make: ***", "make[1]: ***"))]


_RUNS: list[Run] = []


@pytest.fixture(autouse=True)
def _no_run_outlives_its_test():
    """A test that fails while a run is stopped kills it (its own process group, where nothing else runs)."""
    yield
    while _RUNS:
        run = _RUNS.pop()
        if members(run.pgid):
            os.killpg(run.pgid, signal.SIGKILL)
            run.proc.wait()


def start(project: Path, *make_args: str, env: dict[str, str] | None = None, dated: bool = True) -> Run:
    logs = project.parent / f"make-{time.monotonic_ns()}"
    fixed = {"SOURCE_DATE_EPOCH": EPOCH} if dated else {}
    with open(logs.with_suffix(".out"), "w") as out, open(logs.with_suffix(".err"), "w") as err:
        proc = subprocess.Popen(
            ["make", "-s", "site", *([f"EDITION_DATE={DATE}"] if dated else []), *make_args], cwd=project,
            stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True,
            env={**{k: v for k, v in os.environ.items() if not k.startswith(("KP_", "MAKE"))}, **fixed, **(env or {})})
    _RUNS.append(run := Run(proc, logs.with_suffix(".out"), logs.with_suffix(".err")))
    return run


def finish(run: Run, timeout: float = 600) -> Run:
    run.proc.wait(timeout=timeout)
    return run


def succeeded(run: Run) -> Run:
    finish(run)
    assert run.proc.returncode == 0, run.said()
    assert "Traceback" not in run.said() and "Errno" not in run.said(), run.said()
    return run


def members(pgid: int) -> dict[int, tuple[str, str]]:
    """The live processes of a group: pid -> (state, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found[int(entry.name)] = (fields[0], cmd)
    return found


def stopped_at(run: Run, point: str) -> int:
    """Wait until a process of the run stops itself at its pause point; its pid."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        for pid, (state, _) in members(run.pgid).items():
            if state == "T":
                return pid
        if run.proc.poll() is not None:
            pytest.fail(f"the run ended ({run.proc.returncode}) before its pause point {point}:\n{run.said()}")
        time.sleep(0.02)
    pytest.fail(f"the run never reached {point}")


def resume(pid: int) -> None:
    """Let a stopped process go on. The kernel wakes it as SIGCONT is sent, so a stop seen after this is the
    next point's (which may come before a test could see it run)."""
    os.kill(pid, signal.SIGCONT)


def gone(run: Run) -> bool:
    """The run and every process it started have ended (within a few seconds)."""
    for _ in range(200):
        if not members(run.pgid):
            return True
        time.sleep(0.05)
    return False


def kill_all(run: Run) -> None:
    """kill -9 of every process of the run, as a power cut or the out-of-memory killer would."""
    os.killpg(run.pgid, signal.SIGKILL)
    run.proc.wait()
    assert gone(run)


def run_pid(run: Run) -> int:
    """The run's own process (kparchive.makesite, which make started), the one holding the lock."""
    (pid,) = [pid for pid, (_, cmd) in members(run.pgid).items() if "kparchive.makesite" in cmd]
    return pid


def kill_the_run_alone(run: Run) -> None:
    """kill -9 of the run's own process alone: the steps it started must die with it."""
    os.kill(run_pid(run), signal.SIGKILL)
    run.proc.wait()
    left = members(run.pgid)
    if not gone(run):
        os.killpg(run.pgid, signal.SIGKILL)
        pytest.fail(f"steps outlived their killed run: {left}")


def differences(actual: dict[str, bytes], expected: dict[str, bytes]) -> str:
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(k for k in expected.keys() & actual.keys() if actual[k] != expected[k])
    if not (missing or extra or changed):
        return ""
    return (f"{len(actual)} files for {len(expected)}; missing {missing[:5]}, extra {extra[:5]}, changed "
            f"{changed[:5]}")


def assert_site(folder: Path, expected: dict[str, bytes], when: str) -> None:
    diff = differences(snapshot(folder), expected)
    assert not diff, f"{when}: {folder.name}/ is not the site it should be: {diff}"


SEARCH_INDEX = re.compile(r"(?:^|/)pagefind/")
PRELOADS = re.compile(rb"<!-- kp-search-index -->.*?<!-- /kp-search-index -->", re.S)


def assert_alike(folder: Path, expected: dict[str, bytes], when: str) -> None:
    """The site a clean build gives: the same bytes, but for Pagefind's index (Pagefind orders its filter chunks
    differently from one run to the next, and names them by their hashes) and the search page's preloads of it,
    whose files must be there."""
    actual = snapshot(folder)

    def without_index(files: dict[str, bytes]) -> dict[str, bytes]:
        return {name: PRELOADS.sub(b"", data) for name, data in files.items() if not SEARCH_INDEX.search(name)}

    diff = differences(without_index(actual), without_index(expected))
    assert not diff, f"{when}: {folder.name}/ is not the site a clean build gives: {diff}"
    for tree in ("", "fr/"):
        assert sum(1 for n in actual if n.startswith(f"{tree}pagefind/")) == \
            sum(1 for n in expected if n.startswith(f"{tree}pagefind/")), f"{when}: {tree}pagefind/"
        block = PRELOADS.search(actual[f"{tree}search/index.html"]).group().decode()
        for href in re.findall(r'href="([^"]+)"', block):
            assert (folder / tree / "search" / href.split("?")[0]).resolve().is_file(), f"{when}: {href}"


def no_staging(folder: Path) -> None:
    assert not (folder.parent / f".{folder.name}-staging").exists(), "a staging folder was left beside site/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The old site and the new one (the fixture corpus, then with one title changed), built at once."""
    old = site_project(tmp_path_factory.mktemp("old"))
    new = site_project(tmp_path_factory.mktemp("new"))
    change(new)
    for run in [start(old), start(new)]:
        succeeded(run)
    zip_name = f"kp-statements-offline-{DATE}.zip"
    return {"project": old, "old": snapshot(old / "site"), "new": snapshot(new / "site"),
            "old_zip": (old / "dist" / zip_name).read_bytes(), "new_zip": (new / "dist" / zip_name).read_bytes(),
            "zip": zip_name}


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the old build (site/, dist/, build/, docs/, .cache/), its corpus changed: the next run builds
    the new site."""
    copy = tmp_path / "project"
    shutil.copytree(built["project"], copy, symlinks=True)
    change(copy)
    return copy


def page(base: str) -> str:
    """The renamed statement's page as a reader gets it from `make serve`."""
    with urllib.request.urlopen(f"{base}/statements/{RENAMED}/", timeout=30) as response:
        return response.read().decode("utf-8")


@contextmanager
def serving(site: Path):
    server = serve.start(site)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- killed ------------------------------------------------------------------------------------------------------

def test_killed_at_any_step_site_stays_the_last_good_site_and_the_next_run_recovers(built, project):
    """Run after run, each killed further on, while `make serve` serves site/: until the switch, site/ is the
    old site and serves it; after it, the new one; the run after the last kill gives the clean new build."""
    old, new, site = built["old"], built["new"], project / "site"
    with serving(site) as base:
        for point in ("staged", "switch:3"):  # build_index, its files staged; then in the middle of its switch
            run = start(project, env={PAUSE: point})
            stopped_at(run, point)
            kill_all(run)
            assert_site(site, old, f"killed in build_index at {point}")

        # MkDocs' two trees; then the offline edition's reference pages (MkDocs with its config, a process of
        # the edition's process), its first page written: there the run's own process is killed, and every
        # step with it.
        points = ["mkdocs:en:5", "mkdocs:fr:5", "mkdocs:offline-en:1"]
        run = start(project, env={PAUSE: ",".join(points)})
        for point in points:
            pid = stopped_at(run, point)
            assert_site(site, old, f"stopped at {point}")
            if point != points[-1]:
                resume(pid)
        kill_the_run_alone(run)
        assert_site(site, old, "killed in the offline edition's MkDocs")
        assert "Renamed" not in page(base)

        points = ["site:mkdocs", "mkdocs:en:20", "mkdocs:fr:1", "mkdocs:fr:20", "offline:zip", "site:search",
                  "search:indexed", "site:switch", "site:switched"]
        run = start(project, env={PAUSE: ",".join(points)})
        pid = stopped_at(run, "site:mkdocs")  # build_index done, nothing staged yet
        assert not list((project / STAGING).iterdir()), "the killed run's staged files were not removed"
        resume(pid)
        for point in points[1:4]:
            pid = stopped_at(run, point)
            assert_site(site, old, f"stopped at {point}")
            resume(pid)
        pid = stopped_at(run, "offline:zip")  # the new zip half written, beside the last one
        assert list((project / "dist").glob("*.zip.part"))
        # dist/ holds a whole zip: the last run's, which got that far (the footers still offer site/'s own)
        assert (project / "dist" / built["zip"]).read_bytes() in (built["old_zip"], built["new_zip"])
        assert_site(site, old, "stopped writing the offline zip")
        resume(pid)
        pid = stopped_at(run, "site:search")
        assert_site(site, old, "stopped at site:search")
        resume(pid)
        for tree in ("English", "French"):  # Pagefind has indexed a tree, its index not yet in place
            pid = stopped_at(run, "search:indexed")
            assert_site(site, old, f"stopped in the search step, the {tree} tree indexed")
            resume(pid)
        pid = stopped_at(run, "site:switch")
        assert_site(site, old, "stopped before the switch, everything staged")
        assert "Renamed" not in page(base)
        resume(pid)
        stopped_at(run, "site:switched")
        assert_alike(site, new, "stopped after the switch")
        assert "Renamed" in page(base), "the server still serves the last site after the switch"
        kill_all(run)

        again = succeeded(start(project))
    assert f"site: removed what an interrupted build left beside site/ ({STAGING}/)" in again.said()
    assert_alike(site, new, "the run after the kills")
    no_staging(site)
    assert not list((project / "dist").glob("*.part"))
    assert (project / "dist" / built["zip"]).read_bytes() == built["new_zip"]


@pytest.fixture
def trees(tmp_path) -> Paths:
    """A small served site and a staged one (no build: the switch alone)."""
    site = tmp_path / "site"
    for folder, words in ((site, "old"), (tmp_path / STAGING / "site", "new")):
        (folder / "statements").mkdir(parents=True)
        (folder / "index.html").write_text(f"<p>{words}</p>", "utf-8")
        (folder / "statements" / "index.html").write_text(f"<p>{words} statements</p>", "utf-8")
        (folder / "404.html").write_text("<p>not found</p>", "utf-8")
    return Paths(tmp_path, site, "site/", tmp_path / "dist")


def test_the_switch_serves_the_last_site_or_the_new_one_never_nothing(trees):
    """`make serve` answering all the while: every answer is the old page or the new one, never a 404."""
    answers: list[str] = []
    with serving(trees.site) as base:
        def ask() -> None:
            for _ in range(400):
                try:
                    with urllib.request.urlopen(f"{base}/statements/", timeout=10) as response:
                        answers.append(response.read().decode())
                except urllib.error.HTTPError as err:
                    answers.append(str(err.code))

        asking = threading.Thread(target=ask)
        asking.start()
        for _ in range(50):  # back and forth: each switch puts the other tree in
            switch(trees.staged, trees.site, trees.work / OLD)
        asking.join()
    assert set(answers) <= {"<p>old statements</p>", "<p>new statements</p>"}, set(answers)
    assert (trees.site / "index.html").read_text() == "<p>old</p>"  # fifty switches: the old tree again


def test_a_switch_by_two_renames_killed_between_them_is_put_back(trees):
    """Where the names cannot be exchanged in one step: site/ aside, then the new tree in; killed between the
    two, the next run puts the last site back."""
    script = textwrap.dedent(f"""
        from pathlib import Path
        from kparchive.makesite import switch
        switch(Path({str(trees.staged)!r}), Path({str(trees.site)!r}), Path({str(trees.work / OLD)!r}),
               can_exchange=False)
    """)
    before = snapshot(trees.site)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, PAUSE: "site:renamed"})
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status)
    assert not trees.site.exists()  # between the renames
    proc.kill()
    proc.wait()
    assert recover(trees) == ["put site/ back as it was before an interrupted switch",
                              f"removed what an interrupted build left beside site/ ({STAGING}/)"]
    assert snapshot(trees.site) == before and not trees.work.exists()
    # not killed, the two renames switch
    (trees.staged / "statements").mkdir(parents=True)
    (trees.staged / "index.html").write_text("<p>new</p>", "utf-8")
    switch(trees.staged, trees.site, trees.work / OLD, can_exchange=False)
    assert (trees.site / "index.html").read_text() == "<p>new</p>"
    assert (trees.work / OLD / "index.html").read_text() == "<p>old</p>"


# --- failed ------------------------------------------------------------------------------------------------------

def _root() -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a filesystem, or making a folder immutable, needs root")


@contextmanager
def tmpfs(folder: Path, size: str = "64m"):
    folder.mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextmanager
def immutable(folder: Path):
    """A folder nothing may change (chattr +i: root is not stopped by permissions)."""
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_full_disk_is_one_line_and_the_last_site_stays(built, project):
    """site/ on a filesystem with room for the old site and a little more; the new one is 2 MB larger (a long
    statement): MkDocs runs out of room writing it."""
    _root()
    add_statement(project, "2016-05-05-a-long-statement", ("A long text about Zimbabwe. " * 75_000).encode())
    with tmpfs(project / "web") as web:
        shutil.copytree(project / "site", web / "site")
        shutil.rmtree(project / "site")
        used = os.statvfs(web).f_blocks - os.statvfs(web).f_bfree
        subprocess.run(["mount", "-o", f"remount,size={(used * os.statvfs(web).f_frsize) + 512 * 1024}", str(web)],
                       check=True)
        run = finish(start(project, "SITE=web/site"))
        assert run.proc.returncode != 0
        (line,) = run.problems()
        assert "Traceback" not in run.said()
        assert line.startswith("site: MkDocs (the English tree): No space left on device (web/.site-staging/"), line
        assert line.endswith("; web/site/ is as it was."), line
        assert_site(web / "site", built["old"], "out of room")
        no_staging(web / "site")


def test_a_read_only_site_is_one_line_and_stays(built, project):
    """site/ immutable: everything builds beside it, and the switch is refused."""
    _root()
    with immutable(project / "site"):
        run = finish(start(project))
    assert run.proc.returncode != 0 and "Traceback" not in run.said(), run.said()
    assert run.problems() == ["site: the switch: Operation not permitted (site); site/ is as it was."]
    assert_site(project / "site", built["old"], "read-only")
    no_staging(project / "site")


def test_a_folder_above_site_that_cannot_be_written_is_one_line_before_anything_is_built(built, project):
    _root()
    (project / "web").mkdir()
    shutil.move(project / "site", project / "web" / "site")
    with immutable(project / "web"):
        run = finish(start(project, "SITE=web/site"))
    assert run.problems() == ["site: web/.site-staging: Operation not permitted; web/site/ is as it was."]
    assert "build_index" not in run.said()  # refused before the first step
    assert_site(project / "web" / "site", built["old"], "its folder read-only")


def test_site_as_a_mount_point_is_refused_in_one_line(built, project):
    """A mount point cannot be renamed: refused before anything is built, with what to do instead."""
    _root()
    with tmpfs(project / "site") as site:
        shutil.copytree(built["project"] / "site", site, dirs_exist_ok=True)
        run = finish(start(project))
        (line,) = run.problems()
        assert line.startswith("site: site/ is a mount point, which cannot be replaced by a rename"), line
        assert "SITE=site/www" in line and "Traceback" not in run.said()
        assert_site(site, built["old"], "a mount point")
        no_staging(site)


def test_site_values_that_name_the_project_or_its_folders_are_refused(tmp_path):
    for value, why in ((".", "is the project"), ("..", "is the project"), ("/", "is the project"),
                       ("docs", "the project's docs/"), ("statements/..", "is the project"),
                       ("docs/site", "the project's docs/"), ("dist", "the project's dist/"),
                       ("`touch pwned`/..", "is the project")):
        with pytest.raises(Refused) as refused:
            paths_for(Path(value), Path("dist"), tmp_path)
        assert why in str(refused.value) and "\n" not in str(refused.value), value
    assert paths_for(Path("public/site"), Path("dist"), tmp_path).staged == tmp_path / "public" / STAGING / "site"


def test_a_malformed_date_is_one_line_before_anything_is_built(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name, value, why in (("KP_EDITION_DATE", "tomorrow", "(EDITION_DATE) is not a date, YYYY-MM-DD"),
                             ("KP_EDITION_DATE", "2026-02-30", "(EDITION_DATE) is not a date, YYYY-MM-DD"),
                             ("SOURCE_DATE_EPOCH", "-1", "is not a number of seconds since 1970")):
        monkeypatch.setenv(name, value)
        assert makesite.main([]) == 1
        assert capsys.readouterr().err.splitlines() == [f"site: {name}={value!r} {why}; nothing built."]
        monkeypatch.delenv(name)
    assert not list(tmp_path.iterdir()), "something was written"


def test_a_make_variable_is_never_run_by_make_or_the_shell(built, project):
    for site, date, refused in (
            ("`touch pwned`/..", DATE, "site: `touch pwned`/../ is the project or a folder above it; choose a folder "
                                       "of its own (SITE=site)"),
            ("$(shell touch pwned)/..", DATE, "site: $(shell touch pwned)/../ is the project or a folder above it; "
                                              "choose a folder of its own (SITE=site)"),
            ("site", "$(shell touch pwned)", "site: KP_EDITION_DATE='$(shell touch pwned)' (EDITION_DATE) is not a "
                                             "date, YYYY-MM-DD; nothing built.")):
        run = finish(start(project, f"SITE={site}", f"EDITION_DATE={date}"))
        assert run.problems() == [refused]
        assert not list(project.parent.rglob("pwned"))
    assert_site(project / "site", built["old"], "refused")


# --- two at once ------------------------------------------------------------------------------------------------

def test_a_second_run_says_which_run_holds_the_lock_and_a_stopped_run_cleans_up(built, project):
    first = start(project, env={PAUSE: "site:offline"})
    pid = stopped_at(first, "site:offline")  # the run itself, holding the lock, its two trees built
    second = subprocess.run([sys.executable, "-m", "kparchive.makesite", "--wait", "0"], cwd=project,
                            capture_output=True, text=True)
    assert second.returncode == 1
    assert second.stderr.splitlines() == [f"site: another build (pid {pid}) is still running after 0 s; site/ is as "
                                          "it was."]
    os.kill(pid, signal.SIGTERM)  # `kill`, or a closed terminal: the run stops in one line, cleaning up
    os.kill(pid, signal.SIGCONT)
    finish(first)
    assert first.proc.returncode != 0
    assert first.problems() == ["site: interrupted (SIGTERM); site/ is as it was."]
    assert_site(project / "site", built["old"], "interrupted")
    no_staging(project / "site")


def test_a_run_started_while_another_is_half_way_waits_for_it_then_both_succeed(built, project):
    """The first run stopped in the middle of MkDocs' English tree; a second one started then waits for it,
    site/ meanwhile the last good site; the first goes on; both end well, with the new site."""
    first = start(project, env={PAUSE: "mkdocs:en:20"})
    pid = stopped_at(first, "mkdocs:en:20")
    second = start(project)
    deadline = time.monotonic() + 300
    while "waiting for it to finish" not in second.err.read_text() and second.proc.poll() is None:
        assert time.monotonic() < deadline, "the second run neither waited nor ended"
        time.sleep(0.05)
    assert_site(project / "site", built["old"], "the second run started")
    assert second.problems() == [f"site: another build (pid {run_pid(first)}) is running; waiting for it to "
                                 "finish"], second.said()
    resume(pid)
    for run in (first, second):
        succeeded(run)
    assert_alike(project / "site", built["new"], "two runs")
    no_staging(project / "site")


# --- one date ---------------------------------------------------------------------------------------------------

FAKE_CLOCK = '''\
"""The test's clock: just before midnight until the file $FAKE_CLOCK_MARK exists, then just after."""
import os
import time


def _now() -> float:
    return float(os.environ["FAKE_CLOCK_AFTER" if os.path.exists(os.environ["FAKE_CLOCK_MARK"]) else
                            "FAKE_CLOCK_BEFORE"])


time.time = _now
'''
FAKE_DATE = '''\
#!/bin/sh
# The test's clock for the shell's `date`.
if [ -e "$FAKE_CLOCK_MARK" ]; then at=$FAKE_CLOCK_AFTER; else at=$FAKE_CLOCK_BEFORE; fi
exec /bin/date -d "@$at" "$@"
'''


def test_a_run_across_midnight_is_dated_the_day_it_started_on_a_filesystem_of_its_own(built, project, tmp_path):
    """Midnight (UTC) passes while the offline edition is built: every date of the run is the day it started.
    The clock is faked for every process of the run (Python's time.time, through sitecustomize, and the shell's
    `date`). site/ is a folder on a filesystem of its own (as root), the rest of the project on another, and it
    holds what MkDocs never removes, hidden entries (a publishing branch's .git): the new site keeps them."""
    clock = tmp_path / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(FAKE_CLOCK, "utf-8")
    (clock / "date").write_text(FAKE_DATE, "utf-8")
    (clock / "date").chmod(0o755)
    mark = tmp_path / "midnight-has-passed"
    midnight = int(datetime(2026, 4, 1, tzinfo=UTC).timestamp())
    env = {"PATH": f"{clock}:{os.environ['PATH']}", "PYTHONPATH": str(clock), "FAKE_CLOCK_MARK": str(mark),
           "FAKE_CLOCK_BEFORE": str(midnight - 1), "FAKE_CLOCK_AFTER": str(midnight + 1), PAUSE: "mkdocs:offline-en:1"}

    def today() -> str:  # what the fake clock says now, to the shell and to Python
        faked = {**os.environ, **env}
        shell = subprocess.run(["date", "-u", "+%Y-%m-%d"], env=faked, capture_output=True, text=True)
        python = subprocess.run([sys.executable, "-c", "import time; print(time.strftime('%Y-%m-%d', "
                                 "time.gmtime(time.time())))"], env=faked, capture_output=True, text=True)
        assert shell.stdout == python.stdout, (shell, python)
        return shell.stdout.strip()

    assert today() == "2026-03-31"
    with tmpfs(project / "web") if os.geteuid() == 0 else _nothing() as web:
        site = project / "web" / "site"
        shutil.copytree(project / "site", site)
        hidden = {".git/HEAD": b"ref: refs/heads/gh-pages\n", ".well-known/security.txt": b"Contact: x\n"}
        for name, data in hidden.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
        run = start(project, "SITE=web/site", env=env, dated=False)
        pid = stopped_at(run, "mkdocs:offline-en:1")
        mark.touch()
        assert today() == "2026-04-01"
        resume(pid)
        succeeded(run)
        day = "2026-03-31"
        assert sorted(p.name for p in (project / "dist").glob("*.zip")) == [  # the last build's, and this one's
            f"kp-statements-offline-{DATE}.zip", f"kp-statements-offline-{day}.zip"]
        assert (site / "downloads" / "kp-statements-offline-latest.zip").read_bytes() == \
            (project / "dist" / f"kp-statements-offline-{day}.zip").read_bytes()
        for tree in (site, site / "fr"):
            footer = (tree / "index.html").read_text("utf-8")
            assert day in footer and "2026-04-01" not in footer
        assert day in (project / "build" / "offline" / "index.html").read_text("utf-8")
        assert {name: (site / name).read_bytes() for name in hidden} == hidden
        assert "site: kept web/site/'s hidden .git, .well-known (MkDocs never removes them)" in run.said()
        no_staging(site)
        if web is not None:
            assert os.stat(site).st_dev != os.stat(project).st_dev


@contextmanager
def _nothing():
    yield None


def test_the_renameat2_exchange_is_there_where_the_tests_run():
    """The one-step switch needs Linux's renameat2 (glibc 2.28): say so if the tests run without it."""
    if not sys.platform.startswith("linux"):
        pytest.skip("not Linux: the switch is two renames")
    assert hasattr(ctypes.CDLL(None), "renameat2")
