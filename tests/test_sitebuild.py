"""MkDocs in parallel shards (kparchive.sitebuild) builds the same site as one `mkdocs build`, byte for byte.

Real builds: the project's five statements and 40 synthetic ones, built once by `mkdocs build --strict` and
once by three shards; and strict mode still refuses a broken link when the build is sharded.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pathspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kparchive.sitebuild import _escape, load, plan, prefix_cover

from projects import ROOT, build_index, make_project, mkdocs_build, snapshot

# Builds a site of its own: the fixture corpus built by MkDocs whole and in shards, to compare their bytes.
pytestmark = pytest.mark.build

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


def sitebuild(project, *args):
    return subprocess.run([sys.executable, "-m", "kparchive.sitebuild", *args], cwd=project,
                          capture_output=True, text=True, env=ENV)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from bench.generate import generate

    project = make_project(tmp_path_factory.mktemp("shards"), site_files=True)
    generate(project / "statements", 40, seed=5)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    return project


def test_three_shards_build_the_same_bytes_as_one_mkdocs_build(project):
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    single = snapshot(project / "site")
    shards = plan(load(project / "mkdocs.yml"), project / "site", project / "work", 3)
    assert [len(shard.statements) > 0 for shard in shards[1:]] == [True, True]  # really split

    result = sitebuild(project, "--shards", "3", "--site-dir", "sharded")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built by 3 MkDocs processes" in result.stdout and "INFO" not in result.stderr
    sharded = snapshot(project / "sharded")
    assert sorted(sharded) == sorted(single)
    different = [path for path in single if single[path] != sharded[path]]
    assert different == []
    assert b"/statements/2009-11-06-namibia-plenary-zimbabwe/</loc>" in sharded["sitemap.xml"]
    assert not [p for p in project.iterdir() if p.name.startswith(".sharded-shards-")]  # work folder gone


def test_without_a_site_url_too(project, tmp_path):
    """No site_url: MkDocs' sitemap lists no page, and pages have no canonical link; still the same bytes."""
    env = {**ENV, "KP_SITE_URL": ""}
    one = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "one")],
                         cwd=project, capture_output=True, text=True, env=env)
    assert one.returncode == 0, one.stderr
    two = subprocess.run([sys.executable, "-m", "kparchive.sitebuild", "--shards", "2", "-d", str(tmp_path / "two")],
                         cwd=project, capture_output=True, text=True, env=env)
    assert two.returncode == 0, two.stderr
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.fr.yml", "mkdocs.offline.yml"])
def test_the_remembered_primary_nav_is_the_one_material_writes(project, tmp_path, config):
    """overrides/main.html renders the primary nav once for the pages whose links to the nav's pages are
    written alike (the hook's kp_nav_key): every page, in the nav or not, at any depth, with directory
    addresses or file names (the offline edition), in either language, is byte for byte what Material's own
    site_nav makes."""
    shutil.copy2(ROOT / config, project / config)
    main = project / "overrides" / "main.html"
    ours = main.read_text("utf-8")
    assert "kp_remember" in ours
    materials = re.sub(r"\{% block site_nav %\}.*?\{% endblock %\}", "", ours, count=1, flags=re.S)
    assert "{% block site_nav %}" not in materials

    def build(folder):
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d",
                                 str(tmp_path / folder)], cwd=project, capture_output=True, text=True, env=ENV)
        assert result.returncode == 0, result.stderr
        return snapshot(tmp_path / folder)

    remembered = build("remembered")
    try:
        main.write_text(materials, "utf-8")
        material = build("material")
    finally:
        main.write_text(ours, "utf-8")
    assert sorted(remembered) == sorted(material)
    assert [path for path in material if material[path] != remembered[path]] == []
    statement = next(path for path in material if path.startswith("statements/2009-11-06") and path.endswith(".html"))
    assert b'md-sidebar--primary' in material[statement] and b'md-nav--primary' in material[statement]


def test_a_sharded_build_still_refuses_a_broken_link(project):
    page = project / "docs" / "broken-link.md"
    page.write_text("# Broken\n\nSee [a statement](statements/1999-01-01-no-such-statement.md).\n", "utf-8")
    try:
        result = sitebuild(project, "--shards", "2", "--site-dir", "broken")
    finally:
        page.unlink()
    assert result.returncode == 1
    assert "1999-01-01-no-such-statement.md" in result.stderr


names = st.lists(st.text(alphabet="ab19-_[*?!#", min_size=1, max_size=6), min_size=1, max_size=40, unique=True)


@settings(max_examples=200, deadline=None)
@given(names=names, data=st.data())
def test_prefix_patterns_pick_exactly_the_chosen_statements(names, data):
    """As MkDocs reads exclude_docs (gitignore patterns, through pathspec): the chosen files and no other."""
    stems = sorted(name + "." for name in names)
    chosen = set(data.draw(st.lists(st.sampled_from(stems), unique=True)))
    patterns = [f"/statements/{_escape(p)}*" for p in prefix_cover(stems, chosen)]
    spec = pathspec.gitignore.GitIgnoreSpec.from_lines(patterns)
    for stem in stems:
        for ext in ("md", "json", "bib"):
            assert spec.match_file(f"statements/{stem}{ext}") == (stem in chosen), (stem, patterns)
