"""Each statement's generated page (its Markdown and front matter, and its HTML fragment) against reviewed
golden files.

After a deliberate change to the pages, regenerate with `KP_UPDATE_GOLDEN=1 make test`, then review the
diff of tests/golden/ before committing it.
"""

import os

import pytest

from projects import IDS, ROOT

GOLDEN = ROOT / "tests/golden"


@pytest.fixture(scope="module")
def project(fixture_project):
    """The fixture corpus as build_index builds it: the shared fixture build's (tests/conftest.py)."""
    return fixture_project


@pytest.mark.parametrize("generated, golden_name", [
    ("docs/statements/{sid}.md", "{sid}.md"),
    ("overrides/generated/statements/{sid}.html", "{sid}.html"),
    ("overrides/generated/statements/{sid}.head.html", "{sid}.head.html"),
    # The French interface's page (kparchive/i18n.py): the same text, its own labels, dates and names.
    ("docs/fr/statements/{sid}.md", "fr/{sid}.md"),
    ("overrides/generated/fr/statements/{sid}.html", "fr/{sid}.html"),
    ("overrides/generated/fr/statements/{sid}.head.html", "fr/{sid}.head.html"),
])
@pytest.mark.parametrize("sid", IDS)
def test_statement_page_matches_golden(project, sid, generated, golden_name):
    page = (project / generated.format(sid=sid)).read_text("utf-8")
    golden = GOLDEN / golden_name.format(sid=sid)
    if os.environ.get("KP_UPDATE_GOLDEN") == "1":
        golden.write_text(page, "utf-8")
    assert golden.exists(), f"no golden file: run KP_UPDATE_GOLDEN=1 and review {golden}"
    assert page == golden.read_text("utf-8")
