"""Session-wide fixtures: the built sites, a local server for them, and headless Chromium.

Each site is built once per run, whatever the number of pytest-xdist workers (`make test` runs one a core,
`--dist loadfile`: a module's tests on one worker, so its own module-scoped builds are made once): the first
worker to need a shared site builds it behind a file lock, in a folder of the run's temporary directory named
by a digest of its inputs, and the others wait for it and read the same files (`shared_build`).

Fixtures
    project_root  Path of the repository root.
    built_site    Path of site/, built once per run with `make -s site` from statements/
                  (KP_SKIP_SITE_BUILD=1 reuses an existing site/): tests over it hold for any corpus.
    fixture_site  The frozen fixture corpus (tests/fixtures/corpus/) built by build_index and MkDocs (both
                  trees): exact values are checked there. The one build of the fast tier.
    fixture_project  The project it was built in (build_index's docs/ and fragments: the golden pages).
    paged_site    The fixture corpus at two statements a page.
    site_url      Base URL (http://127.0.0.1:PORT) of kparchive.serve serving built_site, as
                  `make serve` does: gzip, the CSP and other headers, site/404.html with
                  status 404 for missing paths.
    browser       Playwright Chromium (KP_CHROMIUM, else /usr/bin/chromium, else Playwright's
                  own). Cannot launch: fails under CI, skips elsewhere.
    page          New context + page per test (1280x800), base_url=site_url, so
                  `page.goto("/statements/")` works. Records request URLs in
                  `page.requests_seen`; fails the test if any left the site's origin.
                  Pages run under the site's CSP: give `page.wait_for_function` a function
                  ("() => ..."), as Playwright re-evaluates a bare expression with eval.
    requests_seen The same list as page.requests_seen.

Markers, set here from the fixtures a test uses (a module that builds a site of its own marks itself
`build`): `browser` (drives Chromium), `site` (reads the real `make site` build of statements/), `build`
(builds a site of its own, or the paged one). Set by hand: `process` (runs a command as a process), `large`
(an input at full size, where the fast tier tries a smaller one), `slow`. The fast tier, `make test-fast`, is
every test with none of these.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))  # make tests/browser_support.py importable

from kparchive import serve  # noqa: E402

from browser_support import launch_chromium, open_page  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# CI runs a fixed sequence of examples (a red run is a regression, never a new draw); local runs explore.
settings.register_profile("ci", deadline=None, max_examples=100, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None, max_examples=30)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

BROWSER_FIXTURES = {"browser", "page", "requests_seen"}
SITE_FIXTURES = {"built_site", "site_url", "offline_site_url", "nginx_url", "host"}  # the real `make site`
# Sites built by MkDocs for a module's own tests: their names (the modules that build more mark themselves).
BUILD_FIXTURES = {"paged_site", "paged_site_url", "odd_site", "control_site"}


# The modules that take longest (a full run's --durations, summed by module, longest first): run first, so that
# xdist, which hands whole modules to the workers in the order collected (--dist loadfile), does not leave one
# worker on a long module at the end while the other has finished. A hint to the scheduler: a module missing
# from it, or in the wrong place, costs minutes, never a result.
LONGEST_FIRST = [
    "test_hostile_metadata.py", "test_interrupted_build.py", "test_page_audit.py", "test_interrupted_site.py",
    "test_hostile_input.py", "test_build.py", "test_pseudo_locale.py", "test_french_search.py", "test_serve.py",
    "test_add.py", "test_search.py", "test_search_bundles.py", "test_add_untrusted.py", "test_originals_site.py",
    "test_exports.py",
]


def _module_rank(item) -> tuple[int, int]:
    name = item.path.name
    if name in LONGEST_FIRST:
        return (0, LONGEST_FIRST.index(name))
    return (1, 0)  # the rest as collected


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if BROWSER_FIXTURES & used:
            item.add_marker(pytest.mark.browser)
        if SITE_FIXTURES & used:
            item.add_marker(pytest.mark.site)
        if BUILD_FIXTURES & used:
            item.add_marker(pytest.mark.build)
    items.sort(key=_module_rank)  # stable: each module's tests keep their order


# --- builds shared by the run's workers ---------------------------------------------------------------------

def pytest_configure(config):
    global XDIST_WORKER
    XDIST_WORKER = hasattr(config, "workerinput")


XDIST_WORKER = False


def run_folder(tmp_path_factory) -> Path:
    """The temporary folder of this run that every xdist worker sees (a worker's own is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if XDIST_WORKER else base


@contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def digest(paths: list[str], *args: str) -> str:
    """A digest of the project's files under `paths` that git tracks or would (not what builds generate, which
    may be changing as it is read) and of `args`: what a build is made from."""
    listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard", "--", *paths], cwd=PROJECT_ROOT,
                            capture_output=True, check=True).stdout.decode()
    h = hashlib.sha256("\0".join(args).encode())
    for name in sorted(filter(None, listed.split("\0"))):
        f = PROJECT_ROOT / name
        if f.is_file() and not f.is_symlink():
            h.update(name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def shared_build(tmp_path_factory, name: str, key: str, build: Callable[[Path], None]) -> Path:
    """A folder `build` fills once per run: the first worker to take the lock builds it, the others wait and
    get the same folder. A failed build is reported to every test that needs it, and not tried again."""
    shared = run_folder(tmp_path_factory)
    folder = shared / f"{name}-{key}"
    done, failed = folder / ".built", shared / f"{name}-{key}.failed"
    with locked(shared / f"{name}.lock"):
        if failed.exists():
            pytest.fail(failed.read_text("utf-8"), pytrace=False)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                build(folder)
            except BaseException as exc:
                failed.write_text(f"the shared build {name!r} failed: {exc}", "utf-8")
                raise
            done.touch()
    return folder


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def built_site(project_root: Path, tmp_path_factory) -> Path:
    """The real `make site` of statements/, in the project itself (site/, build/offline, dist/): run once per
    run by one worker, as only one process may write there."""
    site = project_root / "site"
    if os.environ.get("KP_SKIP_SITE_BUILD") == "1":
        if not (site / "index.html").is_file():
            pytest.fail("KP_SKIP_SITE_BUILD=1 but site/index.html does not exist: run `make site`")
        return site

    def make_site(_: Path) -> None:
        proc = subprocess.run(["make", "-s", "site"], cwd=project_root, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"`make -s site` failed with exit code {proc.returncode}:\n{proc.stdout}")

    shared_build(tmp_path_factory, "make-site", "statements", make_site)
    return site


def _serve(folder: Path) -> Iterator[str]:
    """Serve `folder` with kparchive.serve, what `make serve` runs (gzip, 404.html, the CSP)."""
    server = serve.start(folder)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# What a fixture build is made of: a change to any of them is another build.
BUILD_INPUTS = ["build_index.py", "kparchive", "overrides", "docs", "mkdocs.yml", "mkdocs.fr.yml", "requirements.lock",
                "tests/fixtures/corpus"]


def _fixture_build(tmp_path_factory, name: str, *args: str) -> Path:
    """The fixture corpus built by build_index and MkDocs, both trees (every page's switch leads somewhere),
    once per run for all workers."""
    from projects import build_index, make_project, mkdocs_build_both

    def build(folder: Path) -> None:
        project = make_project(folder, site_files=True)
        result = build_index(project, *args)
        assert result.returncode == 0, result.stderr
        result = mkdocs_build_both(project)
        assert result.returncode == 0, result.stderr

    return shared_build(tmp_path_factory, name, digest(BUILD_INPUTS, *args), build) / "project" / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The frozen fixture corpus (tests/fixtures/corpus/) built by build_index and MkDocs: where exact values
    are checked (counts, related statements, the facts of a meeting), whatever the archive holds."""
    return _fixture_build(tmp_path_factory, "fixture")


@pytest.fixture(scope="session")
def fixture_project(fixture_site: Path) -> Path:
    """The project fixture_site was built in: build_index's docs/ and overrides/generated/ of the fixture corpus
    (the same bytes as a project without MkDocs' files builds). Read it; never write there."""
    return fixture_site.parent


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory) -> Path:
    """The fixture corpus built with two statements a page, so the listings run over several pages."""
    return _fixture_build(tmp_path_factory, "paged", "--page-size", "2")


@pytest.fixture(scope="session")
def paged_site_url(paged_site: Path) -> Iterator[str]:
    yield from _serve(paged_site)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    yield from _serve(built_site)


@pytest.fixture(scope="session")
def offline_site_url(built_site: Path, project_root: Path) -> Iterator[str]:
    """The offline edition's build (build/offline, made by `make site`), served: its own search page."""
    folder = project_root / "build" / "offline"
    assert (folder / "index.html").is_file(), "`make site` did not build the offline edition into build/offline"
    yield from _serve(folder)


@pytest.fixture(scope="session")
def browser():
    def unavailable(reason: str):
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
        pytest.skip(reason)

    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable(f"Playwright is not installed ({exc}); run `make .venv`")
    manager = sync_playwright().start()
    try:
        try:
            chromium = launch_chromium(manager)
        except Exception as exc:  # any launch failure: missing binary, missing libraries...
            unavailable(f"Chromium could not be launched ({exc}); run `make chromium` or set KP_CHROMIUM")
        yield chromium
        chromium.close()
    finally:
        manager.stop()


@pytest.fixture
def page(browser, site_url):
    with open_page(browser, site_url) as p:
        yield p


@pytest.fixture
def requests_seen(page) -> list[str]:
    return page.requests_seen
