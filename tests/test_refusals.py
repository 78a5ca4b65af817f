"""Bad input: one clear line per problem naming the file and the field, exit 1, no traceback, and
docs/ byte-identical to before. What the command line runs, in this process (projects.refused), and the command
line itself for the build, --check and add."""

import shutil

import pytest

from projects import IDS, add_statement, build_index, make_project, run_add, snapshot
from projects import refused as check_refused

ID = IDS[0]  # 2009-11-06-namibia-plenary-zimbabwe
META = f"statements/{ID}.yml"
TEXT = f"statements/{ID}.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture corpus built once (build_index); each test refuses on a copy of it."""
    project = make_project(tmp_path_factory.mktemp("refusals"))
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(built, tmp_path):
    return shutil.copytree(built, tmp_path / "project", symlinks=True)


def edit_meta(project, old, new):
    path = project / META
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def refused(project, *expected_lines, **how):
    """The refusal contract (projects.refused: exit 1, no traceback, a line per problem naming its file, the
    summary, nothing written), with these exact lines among the lines."""
    lines = check_refused(project, **how)
    for line in expected_lines:
        assert line in lines, f"{line!r} not in:\n" + "\n".join(lines)
    return lines


def test_impossible_date(project):
    edit_meta(project, "date: 2009-11-06", "date: 2009-02-30")
    refused(project, f"{META}: date: '2009-02-30' is not a real date")


def test_date_in_another_format(project):
    edit_meta(project, "date: 2009-11-06", "date: 6 November 2009")
    refused(project, f"{META}: date: '6 November 2009' is not a date written YYYY-MM-DD")


def test_unknown_meeting(project):
    edit_meta(project, "meeting: 2009-plenary-swakopmund", "meeting: 2009-plenary-windhoek")
    refused(project, f"{META}: meeting: '2009-plenary-windhoek' is not a meeting in statements/meetings.yml")


def test_missing_title(project):
    edit_meta(project, "title: Failure to suspend", "subject: Failure to suspend")
    refused(project, f"{META}: title: is missing", f"{META}: subject: is not a known field")


def test_yaml_that_does_not_parse(project):
    edit_meta(project, "type: press-release", "type: [press-release")
    lines = refused(project)
    assert any(line.startswith(f"{META}: YAML does not parse:") and "(line" in line for line in lines)


def test_text_not_utf8(project):
    (project / TEXT).write_bytes("Déclaration".encode("latin-1"))
    refused(project, f"{TEXT}: is not UTF-8 (byte 0xe9 at offset 1)")


def test_empty_text(project):
    (project / TEXT).write_bytes(b"")
    refused(project, f"{TEXT}: is empty")


def test_text_without_metadata(project):
    (project / "statements/2020-01-01-orphan.txt").write_text("An orphan text.", "utf-8")
    refused(project, "statements/2020-01-01-orphan.txt: has no metadata file: 2020-01-01-orphan.yml is missing")


def test_metadata_without_text(project):
    (project / TEXT).unlink()
    refused(project, f"{META}: has no original text: {ID}.txt is missing")


def test_changed_original(project):
    with (project / TEXT).open("ab") as f:
        f.write(b" ")
    lines = refused(project)
    assert any(line.startswith(f"{META}: sha256: does not match {ID}.txt") for line in lines)


def test_unknown_vocabulary_references(project):
    edit_meta(project, "topics: [zimbabwe-marange,", "topics: [zimbabwe, zimbabwe-marange,")
    edit_meta(project, "  exclude: []", "  exclude: [XZ]")
    edit_meta(project, "publisher: kp-csc", "publisher: coalition")
    refused(project, f"{META}: topics[0]: 'zimbabwe' is not a topic in statements/topics.yml",
            f"{META}: countries.exclude[0]: 'XZ' is not an ISO 3166-1 alpha-2 country code",
            f"{META}: publisher: 'coalition' is not an organisation in statements/organisations.yml")


def test_stale_curation(project):
    edit_meta(project, "  exclude: []", "  exclude: [FR]")
    refused(project, f"{META}: countries.exclude[0]: FR is not named in the text: nothing to exclude")


def test_bad_vocabulary(project):
    path = project / "statements/meetings.yml"
    path.write_text(path.read_text("utf-8").replace("end: 2009-11-05", "end: 2009-10-05"), "utf-8")
    refused(project, "statements/meetings.yml: 2009-plenary-swakopmund.end: is before the start")


def test_bad_statement_id(project):
    add_statement(project, "Namibia 2009", b"Text.", date="2009-11-06")
    refused(project, "statements/Namibia 2009.txt: id: 'Namibia 2009' is not a statement id: "
                     "its date then a few words, e.g. 2009-11-06-namibia-plenary")


def test_every_problem_is_reported_at_once(project):
    edit_meta(project, "date: 2009-11-06", "date: 2009-13-01")
    edit_meta(project, "type: press-release", "type: communique")
    (project / f"statements/{IDS[1]}.txt").write_bytes(b"\xff\xfe")
    lines = refused(project, f"{META}: date: '2009-13-01' is not a real date",
                    f"{META}: type: 'communique' is not a type in statements/types.yml "
                    "(press-release, statement, news-report, letter)",
                    f"statements/{IDS[1]}.txt: is not UTF-8 (byte 0xff at offset 0)")
    assert any(line.startswith(f"statements/{IDS[1]}.yml: sha256: does not match") for line in lines)
    assert lines[-1] == "build_index: refused, 4 problems; nothing written."


@pytest.mark.process  # the command line as a process
def test_check_mode_refuses_the_same_way(project):
    """The real command line, as a process: `build_index.py --check`."""
    edit_meta(project, "date: 2009-11-06", "date: 2009-02-30")
    refused(project, f"{META}: date: '2009-02-30' is not a real date", args=("--check",), process=True)


@pytest.mark.process  # the command line as a process
def test_the_command_line_refuses_in_lines_and_writes_nothing(project):
    """The real command line, as a process: the build."""
    edit_meta(project, "date: 2009-11-06", "date: 2009-02-30")
    refused(project, f"{META}: date: '2009-02-30' is not a real date", process=True)


def test_a_generated_page_never_overwrites_a_hand_written_one(project):
    page = project / "docs/glossary.md"
    manifest = project / "docs/.generated"
    manifest.write_text(manifest.read_text("utf-8").replace("glossary.md\n", ""), "utf-8")
    page.write_text("# My own glossary\n", "utf-8")
    refused(project, "docs/glossary.md: is a hand-written file; a generated file of that name would overwrite it")


@pytest.mark.process  # the command line as a process
def test_add_as_a_process_refuses_in_one_line_writing_nothing(project, tmp_path):
    """`build_index.py add` run as the command it is (tests/test_add.py calls it in process, as
    projects.add_original does): exit 1, no traceback, one line naming the file, nothing written."""
    source = tmp_path / "latin1.txt"
    source.write_bytes("Déclaration du 6 novembre 2009".encode("latin-1"))
    before = snapshot(project / "statements")
    result = run_add(project, source)
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[:-1] == [f"add: {source}: is not UTF-8 (byte 0xe9 at offset 1); save it as UTF-8 text first"]
    assert lines[-1].startswith("add: refused") and lines[-1].endswith("nothing written.")
    assert snapshot(project / "statements") == before
