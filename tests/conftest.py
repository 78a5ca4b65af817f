"""Session-wide fixtures: the built site, a local server for it, and headless Chromium.

Fixtures
    project_root  Path of the repository root.
    built_site    Path of site/, built once per session with `make -s site` from statements/
                  (KP_SKIP_SITE_BUILD=1 reuses an existing site/): tests over it hold for any corpus.
    fixture_site  The frozen fixture corpus (tests/fixtures/corpus/) built by build_index and MkDocs:
                  exact values are checked there.
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

Tests that use `browser` or `page` are marked `browser` automatically.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
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


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def built_site(project_root: Path) -> Path:
    site = project_root / "site"
    if os.environ.get("KP_SKIP_SITE_BUILD") == "1":
        if not (site / "index.html").is_file():
            pytest.fail("KP_SKIP_SITE_BUILD=1 but site/index.html does not exist: run `make site`")
        return site
    proc = subprocess.run(
        ["make", "-s", "site"],
        cwd=project_root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"`make -s site` failed with exit code {proc.returncode}:\n{proc.stdout}", pytrace=False)
    return site


def _serve(folder: Path) -> Iterator[str]:
    """Serve `folder` with kparchive.serve, what `make serve` runs (gzip, 404.html, the CSP)."""
    server = serve.start(folder)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _fixture_build(tmp_path_factory, name: str, *args: str) -> Path:
    from projects import build_index, make_project, mkdocs_build_both

    project = make_project(tmp_path_factory.mktemp(name), site_files=True)
    result = build_index(project, *args)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build_both(project)  # both trees: every page's switch leads somewhere
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The frozen fixture corpus (tests/fixtures/corpus/) built by build_index and MkDocs: where exact values
    are checked (counts, related statements, the facts of a meeting), whatever the archive holds."""
    return _fixture_build(tmp_path_factory, "fixture")


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
