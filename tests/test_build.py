"""Writing docs/: only what changed, stale pages removed, hand-written pages untouched, odd input accepted."""

import json

import pytest

from projects import IDS, ROOT, add_statement, build_index, hand_written_docs, make_project, snapshot

# Builds of its own: whole build_index runs of the fixture corpus, twice or more a test.
pytestmark = pytest.mark.build


def test_second_run_changes_nothing(tmp_path):
    project = make_project(tmp_path)
    first = build_index(project)
    assert first.returncode == 0, first.stderr
    assert "5 statements valid" in first.stdout
    before = {p: (project / "docs" / p).stat().st_mtime_ns for p in snapshot(project / "docs")}
    second = build_index(project)
    assert second.returncode == 0
    assert " 0 files written" in second.stdout and " 0 removed" in second.stdout
    after = {p: (project / "docs" / p).stat().st_mtime_ns for p in snapshot(project / "docs")}
    assert after == before


def test_check_writes_nothing(tmp_path):
    project = make_project(tmp_path)
    before = snapshot(project / "docs")
    result = build_index(project, "--check")
    assert result.returncode == 0 and "nothing written" in result.stdout
    assert snapshot(project / "docs") == before


def test_pages_of_a_removed_statement_are_removed_and_hand_written_pages_kept(tmp_path):
    project = make_project(tmp_path)
    assert build_index(project).returncode == 0
    about = (project / "docs/about.md").read_bytes()
    gone = IDS[-1]  # the 2021 statement: the only one about its meeting and about China
    for ext in (".txt", ".yml"):
        (project / "statements" / f"{gone}{ext}").unlink()
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    docs = project / "docs"
    assert not (docs / f"statements/{gone}.md").exists()
    assert not (docs / f"statements/{gone}.txt").exists()
    assert not (docs / "countries/cn.md").exists()
    # A meeting has a page only while a statement belongs to it; the meetings' index still names it, unlinked.
    assert not (docs / "meetings/2021-intersessional-virtual.md").exists()
    index = (project / "overrides/generated/meetings/index.html").read_text("utf-8")
    assert "Kimberley Process Intersessional 2021 (virtual)" in index and "2021-intersessional-virtual" not in index
    assert gone not in (docs / ".generated").read_text()
    assert [r["id"] for r in json.loads((docs / "statements.json").read_text())] == IDS[:-1]
    assert (docs / "about.md").read_bytes() == about


def test_odd_but_valid_input_builds(tmp_path):
    project = make_project(tmp_path, ids=[])
    long_line = "word " * 5000
    add_statement(project, "2020-01-02-bom-crlf", "\ufeffTitle line\r\n\r\nFirst para.\r\nSame para.\r\n".encode())
    add_statement(project, "2020-01-03-markup", b"<script>alert('x')</script> & *not* _emphasis_ [link](x) {: .c }")
    add_statement(project, "2020-01-04-long", long_line.encode())
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    fragments = project / "overrides/generated"
    page = (fragments / "statements/2020-01-02-bom-crlf.html").read_text("utf-8")
    assert ('<p id="p2"><a class="kp-pnum" href="#p2" data-n="2" aria-label="Paragraph 2"></a>First para.<br>\n'
            'Same para.') in page
    page = (fragments / "statements/2020-01-03-markup.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; *not* _emphasis_ [link](x) &#123;: .c &#125;" in page
    assert "<script>" not in page
    # the original is published byte for byte, BOM and CRLF included
    assert (project / "docs/statements/2020-01-02-bom-crlf.txt").read_bytes().startswith(b"\xef\xbb\xbfTitle line\r\n")


def test_statement_pages_rendered_by_forked_workers_are_the_same_bytes(tmp_path, monkeypatch):
    """Many statements are enriched and rendered by forked workers (kparchive.parallel); nothing may differ."""
    one, two = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    monkeypatch.setenv("KP_RENDER_WORKERS", "1")
    assert build_index(one).returncode == 0
    monkeypatch.setenv("KP_RENDER_WORKERS", "2")
    result = build_index(two)
    assert result.returncode == 0, result.stderr
    for folder in ("docs", "overrides/generated"):
        assert snapshot(two / folder) == snapshot(one / folder)
    assert snapshot(one / "overrides/generated")  # the fragments are there


def test_formatted_references_are_cached_and_a_changed_statement_is_formatted_again(tmp_path, monkeypatch):
    """citeproc-py's references are kept in .cache/citations.json (cite.CitationCache): a rebuild reuses
    them, to the same bytes, and formats again only what changed, in forked workers too."""
    monkeypatch.setenv("KP_RENDER_WORKERS", "2")
    project = make_project(tmp_path)
    assert build_index(project).returncode == 0
    cache = project / ".cache" / "citations.json"
    assert len(json.loads(cache.read_text("utf-8"))) == 2 * len(IDS)  # APA and Chicago
    before = snapshot(project / "docs")
    again = build_index(project)
    assert " 0 files written" in again.stdout and snapshot(project / "docs") == before
    sid = IDS[0]
    meta = project / "statements" / f"{sid}.yml"
    meta.write_text(meta.read_text("utf-8").replace("title: ", "title: Renamed ", 1), "utf-8")
    assert build_index(project).returncode == 0
    page = json.loads((project / "docs" / "statements" / f"{sid}.json").read_text("utf-8"))
    assert "Renamed " in page["citation"]["apa"] and "Renamed " in page["citation"]["chicago"]
    assert len(json.loads(cache.read_text("utf-8"))) == 2 * len(IDS)  # the old title's entries are dropped


def test_the_manifests_list_exactly_the_generated_files(tmp_path):
    """The paths a build plans (render.statement_outputs and the site's files) are the files it writes."""
    project = make_project(tmp_path)
    assert build_index(project).returncode == 0
    ours = {p.relative_to(ROOT / "docs").as_posix() for p in hand_written_docs()}
    for folder, hand_written in (("docs", ours), ("overrides/generated", set())):
        root = project / folder
        on_disk = set(snapshot(root)) - {".generated"} - hand_written
        assert _manifest(root) == on_disk, folder


def _manifest(root):
    return {line for line in (root / ".generated").read_text("utf-8").splitlines() if line and line[0] != "#"}
