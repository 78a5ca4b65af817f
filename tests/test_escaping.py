"""Metadata is text on every page: markup in a statement's fields is written escaped wherever it shows.

The fast tier's check of the one escaping rule (autoescaping templates): build_index run in this process on a
copy of the fixture corpus whose first statement carries markup in its title, a publication's name and a note,
then every page and fragment it wrote read back. tests/test_hostile_metadata.py does the same through the real
MkDocs build and Chromium, with every field of every file (make test).
"""

from __future__ import annotations

import markupsafe
import pytest
import yaml

from kparchive.yamlio import load_yaml

from projects import IDS, main_in_process, make_project

PAYLOAD = '<b id="kp-payload" onmouseover="alert(1)">bold</b> &amp; \'x\''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("escaping"))
    meta = project / "statements" / f"{IDS[0]}.yml"
    data = load_yaml(meta.read_text("utf-8"))
    data["title"] = f"{data['title']} {PAYLOAD}"
    data["provenance"]["published"][0]["by"] += f" {PAYLOAD}"
    data["notes"][0]["text"] += f" {PAYLOAD}"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), "utf-8")
    code, err = main_in_process(project)
    assert code == 0, err
    return project


def written(project):
    """Every HTML fragment build_index wrote: each page's content and head (the pages' front matter holds the
    value as YAML, which the theme escapes; the exports hold it as data)."""
    for path in (project / "overrides" / "generated").rglob("*.html"):
        yield path, path.read_text("utf-8")


def test_markup_in_metadata_is_never_written_as_markup(built):
    found = [path for path, text in written(built) if 'id="kp-payload"' in text or "<b id=" in text]
    assert not found, found


def test_markup_in_metadata_shows_as_the_characters_it_is(built):
    """Escaped as Jinja escapes (markupsafe: & < > " '), so a reader sees the characters the editor wrote: on the
    statement's own page (title, publication, note) and on the listings that name it."""
    escaped = str(markupsafe.escape(PAYLOAD))
    showing = [path.relative_to(built).as_posix() for path, text in written(built) if escaped in text]
    assert any(IDS[0] in path for path in showing), showing
    assert len(showing) >= 3, showing
