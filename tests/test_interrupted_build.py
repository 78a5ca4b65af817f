"""A failed, killed or concurrent build never strands the archive.

The build stages its files beside the old ones and switches over under a journal (kparchive/write.py):
killed at any moment, docs/ and overrides/generated/ hold the last good build or (once the journal is
written) a switch the next run finishes by itself; the next plain run then gives what a clean build gives.
A full disk or a read-only folder is one line, exit 1, the last build intact. Two builds at once: the second
waits for the first, or says which process holds the lock.

Builds are the real command line. KP_TEST_PAUSE_AT stops a build (SIGSTOP) at a named point of the switch,
so a test can kill it exactly there; other kills come at moments spread over a real build's time.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kparchive.write import JOURNAL, STAGING

from projects import (
    IDS,
    OUTPUTS,
    ROOT,
    add_statement,
    add_synthetic_statements,
    build_index,
    make_project,
    outputs,
    start_build_index,
)

# Builds a site of its own: many real build_index runs of the fixture corpus and of 60 statements, killed at moments.
pytestmark = pytest.mark.build


def published(project: Path) -> dict[str, dict[str, bytes]]:
    """What the outputs hold for MkDocs and readers: every file but a build's staged ones (a dot-folder)."""
    return {folder: {rel: data for rel, data in files.items() if not rel.startswith(STAGING + "/")}
            for folder, files in outputs(project).items()}


def staged(project: Path) -> int:
    return sum(len(list((project / folder / STAGING).rglob("*"))) for folder in OUTPUTS
               if (project / folder / STAGING).exists())


def journal(project: Path) -> Path:
    return project / ".cache" / JOURNAL


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def change(project: Path) -> None:
    """The next build's input: a statement renamed in its title (its pages, listings, feed change), one
    gone (its files are removed), one added."""
    meta = project / "statements" / f"{IDS[0]}.yml"
    meta.write_text(meta.read_text("utf-8").replace("title: ", "title: Renamed ", 1), "utf-8")
    for ext in (".txt", ".yml"):
        (project / "statements" / f"{IDS[-1]}{ext}").unlink()
    add_synthetic_statements(project, 3)


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict:
    """A project built from the fixture corpus (the old build), and the outputs a clean build of the changed
    corpus gives (the new build)."""
    old = make_project(tmp_path_factory.mktemp("old"))
    ok(build_index(old))
    new = make_project(tmp_path_factory.mktemp("new"))
    change(new)
    ok(build_index(new))
    return {"old": old, "old_outputs": published(old), "new_outputs": published(new)}


@pytest.fixture
def project(states, tmp_path) -> Path:
    """A copy of the old build, its statements changed: the next build is the new one."""
    copy = tmp_path / "project"
    shutil.copytree(states["old"], copy, symlinks=True)
    change(copy)
    return copy


def stopped(proc: subprocess.Popen) -> None:
    """Wait until the build stops itself at its pause point (or fail with what it said)."""
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    if not os.WIFSTOPPED(status):
        proc.returncode = os.waitstatus_to_exitcode(status)
        out, err = proc.communicate()
        pytest.fail(f"the build ended ({proc.returncode}) before its pause point:\n{out}{err}")


def kill(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()
    proc.communicate()


def paused(project: Path, point: str, *args: str) -> subprocess.Popen:
    proc = start_build_index(project, *args, env={"KP_TEST_PAUSE_AT": point})
    stopped(proc)
    return proc


# --- killed ------------------------------------------------------------------------------------------------

def test_a_build_killed_with_its_files_staged_leaves_the_last_build(project, states):
    kill(paused(project, "staged"))
    assert staged(project) > 0, "the files were staged beside the old ones"
    assert published(project) == states["old_outputs"]
    assert not journal(project).exists()
    again = ok(build_index(project))
    assert "dropped the files an interrupted build had staged" in again.stdout
    assert published(project) == states["new_outputs"] and staged(project) == 0


@pytest.mark.parametrize("point", ["switch:1", "switch:25", "switch:80"])
def test_a_build_killed_during_its_switch_is_finished_by_the_next_run(project, states, point):
    kill(paused(project, point))
    assert journal(project).exists()
    assert published(project) not in (states["old_outputs"], states["new_outputs"])  # half switched
    check = ok(build_index(project, "--check"))  # any run finishes the switch first, --check too
    assert "finished switching to the build that process" in check.stdout
    assert published(project) == states["new_outputs"]
    assert not journal(project).exists() and staged(project) == 0
    again = ok(build_index(project))
    assert " 0 files written" in again.stdout and " 0 removed" in again.stdout


def test_a_switch_killed_twice_is_still_finished(project, states):
    """Killed during its switch, then the run that finishes it killed during that: the third run finishes."""
    kill(paused(project, "switch:10"))
    kill(paused(project, "switch:10"))  # the second run's recovery stops after ten more renames
    assert journal(project).exists()
    ok(build_index(project))
    assert published(project) == states["new_outputs"]


def _children(pid: int) -> set[int]:
    """The processes whose parent is pid (the build's forked workers)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_builds_killed_at_moments_across_a_real_build_never_strand_it(tmp_path):
    """Sixty statements written by two forked workers, the build killed with SIGKILL at moments spread over
    its time: each time the outputs hold the old build, the new one, or a switch under way, no worker goes
    on writing, and the next plain run gives the clean new build."""
    base = make_project(tmp_path / "base", ids=[])
    add_synthetic_statements(base, 60, variant="a")
    ok(build_index(base, "--workers", "2"))
    old = published(base)
    clean = tmp_path / "clean"
    shutil.copytree(base, clean, symlinks=True)
    add_synthetic_statements(clean, 60, variant="b")
    started = time.monotonic()
    ok(build_index(clean, "--workers", "2"))
    took = time.monotonic() - started
    new = published(clean)
    seen = set()
    for i, share in enumerate((0.15, 0.35, 0.55, 0.75, 0.9)):
        project = tmp_path / f"run{i}" / "project"
        shutil.copytree(base, project, symlinks=True)
        add_synthetic_statements(project, 60, variant="b")
        proc = start_build_index(project, "--workers", "2")
        deadline = time.monotonic() + took * share
        workers: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            workers |= _children(proc.pid)
            time.sleep(0.02)
        kill(proc)
        for _ in range(200):  # the workers die with their build (PR_SET_PDEATHSIG)
            if not any(_alive(pid) for pid in workers):
                break
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "a worker outlived its killed build"
        state = published(project)
        if state == old:
            seen.add("old")
        elif state == new:
            seen.add("new")
        else:
            assert journal(project).exists(), f"killed at {share:.0%}: neither build, and no journal to finish"
            seen.add("switching")
        ok(build_index(project, "--wait", "0"))  # the lock died with the build
        assert published(project) == new and staged(project) == 0
    print("states seen after the kills:", sorted(seen))
    assert "old" in seen, seen  # the early kills came while files were being staged


# --- failed -------------------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(project):
    """docs/ on a filesystem with room for the last build and little more (tmpfs, as root), or a limit on
    the size of any file the build writes (RLIMIT_FSIZE) where mounting is not allowed."""
    docs = project / "docs"
    if os.geteuid() == 0 and shutil.which("mount"):
        used = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file())
        keep = project / "docs-before"
        shutil.move(docs, keep)
        docs.mkdir()
        size = (used + 4096 * sum(1 for _ in keep.rglob("*"))) * 2 + 256 * 1024
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(docs)],
                                 capture_output=True, text=True)
        if mounted.returncode == 0:
            shutil.copytree(keep, docs, dirs_exist_ok=True, symlinks=True)
            shutil.rmtree(keep)
            yield {}
            subprocess.run(["umount", "-l", str(docs)], check=False)
            return
        shutil.rmtree(docs)
        shutil.move(keep, docs)
    yield {"fsize": 2 * 1024 * 1024}


def test_a_full_disk_is_one_line_and_the_last_build_stays(project, states, small_disk):
    big = "2016-05-05-a-very-long-statement"
    add_statement(project, big, ("A long text about Zimbabwe. " * 300_000).encode())  # 8.4 MB: no room for it
    before = published(project)
    limit = small_disk.get("fsize")

    def preexec():
        if limit:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, str(ROOT / "build_index.py"), "--statements", str(project / "statements"),
         "--docs", str(project / "docs")],
        cwd=project, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=preexec)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("docs/statements/") and (
        "No space left on device" in lines[0] or "File too large" in lines[0]), lines[0]
    assert lines[0].endswith("nothing written (the last build is as it was).")
    assert published(project) == before and staged(project) == 0
    for ext in (".txt", ".yml"):  # room again: the next build is the new one
        (project / "statements" / f"{big}{ext}").unlink()
    ok(build_index(project))
    assert published(project) == states["new_outputs"]


@pytest.fixture
def read_only(project):
    """docs/statements/ made unwritable: immutable (chattr +i) as root, whom permissions do not stop."""
    folder = project / "docs" / "statements"
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
        assert done.returncode == 0, f"chattr +i failed: {done.stderr}"
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_a_read_only_folder_is_one_line_and_the_last_build_stays(project, states, read_only):
    before = published(project)
    result = build_index(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"docs/statements: {os.strerror(1 if os.geteuid() == 0 else 13)}; nothing written (the last build is as it "
        "was)."]
    assert published(project) == before and staged(project) == 0


# --- two at once ---------------------------------------------------------------------------------------------

def test_a_second_build_says_which_build_is_running(project, states):
    first = paused(project, "staged")
    try:
        second = build_index(project, "--wait", "0")
        assert second.returncode == 1
        assert second.stderr.strip().splitlines()[-1] == (
            f"build_index: another build (pid {first.pid}) is still running after 0 s; nothing written.")
        assert published(project) == states["old_outputs"]
    finally:
        kill(first)


def test_a_second_build_waits_for_the_first_then_runs(project, states):
    first = paused(project, "staged")
    second = start_build_index(project, "--wait", "300")
    said = second.stderr.readline()  # its first words: it found the lock held
    assert said == f"build_index: another build (pid {first.pid}) is running; waiting for it to finish\n"
    assert second.poll() is None
    os.kill(first.pid, signal.SIGCONT)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    out2, err2 = second.communicate(timeout=300)
    assert second.returncode == 0, err2
    assert " 0 files written" in out2  # the first build had written everything
    assert published(project) == states["new_outputs"]


def test_two_builds_started_at_once_give_one_clean_build_and_a_whole_cache(project, states):
    procs = [start_build_index(project) for _ in range(2)]
    results = [proc.communicate(timeout=300) + (proc.returncode,) for proc in procs]
    for _, err, code in results:
        assert code == 0 and "Traceback" not in err, err
    assert sum("waiting for it to finish" in err for _, err, _ in results) <= 1
    assert published(project) == states["new_outputs"] and staged(project) == 0
    cache = json.loads((project / ".cache" / "citations.json").read_text("utf-8"))
    assert isinstance(cache, dict) and cache
