"""Hostile and malformed input in statements/: nothing read from outside it, every bad value one line.

Whatever a pull request puts in statements/ (a link to a key on the build machine, a folder, a pipe, a
country code that is a path, a value of the wrong kind in any field of any file, YAML aliases that expand
to gigabytes, a control character), the build answers with one line per problem naming the file and the
field, exits 1, shows no traceback, and leaves docs/ and overrides/generated/ as they were. Texts with
characters XML cannot hold build, with the original kept byte for byte and U+FFFD on the page.

Most tests run what the command line runs (kparchive.cli.main, in this process, where an exception would be a
traceback), the real command line where only a process shows the problem (a pipe that would block it, what
reaches the terminal, a memory limit). The table of every field of every file against every
wrong kind of value is a thousand cases: each is validated in this process (kparchive.cli.catalogue_of, what
the command runs after reading statements/, on the archive read once and changed in memory), where an
exception fails the test as a traceback would; a sample of it, every kind and every file, runs the real
command line on a copy of a built project and pins its contract: exit 1, one line per problem, the summary,
nothing written.
"""

from __future__ import annotations

import copy as copy_module
import dataclasses
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kparchive import cli, enrich, text, urls
from kparchive.load import RawArchive, read_archive
from kparchive.problems import Refused
from kparchive.write import UnsafePath, Writer, path_problem
from kparchive.yamlio import load_yaml

from projects import (
    FIXTURE,
    IDS,
    ROOT,
    add_statement,
    build_index,
    check_problem_lines,
    check_refusal,
    main_in_process,
    make_project,
    mkdocs_build,
    outputs,
    refused,
    snapshot,
)

ID = IDS[0]  # 2009-11-06-namibia-plenary-zimbabwe: people, organisations, topics, countries
META = f"statements/{ID}.yml"
TEXT = f"statements/{ID}.txt"
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture corpus, built once; each test works on a copy."""
    project = make_project(tmp_path_factory.mktemp("hostile"), site_files=True)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "statements" / name
    content = path.read_text("utf-8")
    assert old in content, (old, name)
    path.write_text(content.replace(old, new, 1), "utf-8")


# --- 2. nothing from outside statements/ --------------------------------------------------------------------

@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """A secret on the build machine, outside the project."""
    key = tmp_path / "id_ed25519"
    key.write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\nsecret material\n")
    return key


def _published(project: Path, needle: bytes) -> bool:
    return any(needle in data for files in outputs(project).values() for data in files.values())


def test_a_text_linked_to_a_key_file_outside_the_project_is_refused(project, key_file):
    """The pull request of the issue: statements/<id>.txt as a link to a key, with its real sha256."""
    sid = "2020-01-01-innocent"
    add_statement(project, sid, key_file.read_bytes())
    (project / f"statements/{sid}.txt").unlink()
    (project / f"statements/{sid}.txt").symlink_to(key_file)
    refused(project, f"statements/{sid}.txt: is a symbolic link; statements/ holds only")
    assert not _published(project, b"secret material")


def test_a_metadata_file_linked_inside_the_project_is_refused(project):
    meta = project / META
    copy = project / "docs" / "copy.yml"
    shutil.move(meta, copy)
    meta.symlink_to(copy)
    refused(project, f"{META}: is a symbolic link")


def test_links_to_folders_inside_and_outside_the_project_are_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    add_statement(project, "2020-02-02-outside", b"Outside text.")
    shutil.move(project / "statements/2020-02-02-outside.txt", elsewhere / "2020-02-02-outside.txt")
    shutil.move(project / "statements/2020-02-02-outside.yml", elsewhere / "2020-02-02-outside.yml")
    (project / "statements/more").symlink_to(elsewhere)
    (project / "statements/loop").symlink_to(project / "statements")
    (project / "statements/docs").symlink_to(project / "docs")
    lines = refused(project, "statements/more: is a symbolic link", "statements/loop: is a symbolic link",
                    "statements/docs: is a symbolic link")
    assert len(lines) == 4


def test_a_sub_folder_is_refused_and_not_read(project):
    drafts = project / "statements" / "drafts"
    drafts.mkdir()
    (drafts / f"{ID}.txt").write_bytes(b"A draft.")
    lines = refused(project, "statements/drafts: is a folder; statements/ holds only")
    assert len(lines) == 2


def test_a_vocabulary_file_that_is_a_link_is_refused_once(project, tmp_path):
    places = project / "statements/places.yml"
    outside = tmp_path / "places.yml"
    shutil.move(places, outside)
    places.symlink_to(outside)
    lines = refused(project, "statements/places.yml: is a symbolic link")
    assert len(lines) == 2, "reported once: not also as missing, nor as an empty vocabulary"


def test_hidden_files_are_refused(project):
    """Hidden files are refused too (.DS_Store, an editor's swap file): statements/ holds only what the
    build reads, so a look at the folder shows everything it publishes."""
    (project / "statements/.DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (project / f"statements/.{ID}.yml.swp").write_bytes(b"b0VIM 9.0")
    refused(project, "statements/.DS_Store: is a hidden file", f"statements/.{ID}.yml.swp: is a hidden file")


@pytest.mark.process  # build_index.py as a process, with a timeout: a regression would block
def test_a_pipe_is_refused_without_waiting_for_it(project):
    """Opening a pipe to read it blocks forever: a pipe named <id>.txt is refused unread."""
    sid = "2020-03-03-pipe"
    add_statement(project, sid, b"Text.")
    (project / f"statements/{sid}.txt").unlink()
    os.mkfifo(project / f"statements/{sid}.txt")
    refused(project, f"statements/{sid}.txt: is not a regular file", process=True, timeout=60)


def test_a_country_code_that_is_a_path_is_refused_and_nothing_is_written_outside(project, tmp_path):
    """The issue's report: `../../main` in places.yml overwrote overrides/main.html; a longer one wrote
    outside the project."""
    outside = f"kp-outside-{os.getpid()}"
    far = "../" * 40 + "tmp/" + outside
    edit(project, "places.yml", "extra_countries:\n  EU: European Union",
         f"extra_countries:\n  EU: European Union\n  ../../main: Mainland\n  {far}: Outland")
    edit(project, "places.yml", "aliases:\n", "aliases:\n  ../../main: [Mainland]\n")
    edit(project, "places.yml", "cities:\n", f"cities:\n  Outer City: {far}\n")
    with (project / TEXT).open("ab") as f:
        f.write(b"\n\nMainland and Outland and Outer City.\n")
    refused(project, "statements/places.yml: extra_countries.../../main: an extra country's code is two capital",
            "statements/places.yml: aliases.../../main: '../../main' is not an ISO 3166-1 alpha-2 code",
            f"statements/places.yml: extra_countries.{far[:40]}")
    assert not list(Path("/tmp").glob(outside + "*")), "a file was written outside the project"
    assert (project / "overrides/main.html").read_bytes() == (ROOT / "overrides/main.html").read_bytes()


@pytest.mark.parametrize(("file", "old", "new", "line"), [
    ("meetings.yml", "- id: 2009-plenary-swakopmund", "- id: ../../main",
     "statements/meetings.yml: [0].id: '../../main'"),
    ("topics.yml", "- id: zimbabwe-marange", "- id: a/b", "statements/topics.yml: [0].id: 'a/b' is not an id"),
    ("organisations.yml", "- id: kp-csc", "- id: '..'", "statements/organisations.yml: [0].id: '..' is not an id"),
    ("types.yml", "- id: press-release", "- id: Press Release", "statements/types.yml: [0].id: 'Press Release'"),
])
def test_ids_that_are_not_path_components_are_refused(project, file, old, new, line):
    edit(project, file, old, new)
    refused(project, line)


def test_an_output_folder_that_is_a_link_is_refused(project, tmp_path):
    """docs/statements as a link elsewhere: the build would write through it."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / "docs/statements", elsewhere)
    (project / "docs/statements").symlink_to(elsewhere)
    before = snapshot(elsewhere)
    with (project / TEXT).open("ab") as f:  # so that the build has something to write there
        f.write(b" More.")
    write_field(project, f"{ID}.yml", ("sha256",), hashlib.sha256((project / TEXT).read_bytes()).hexdigest())
    refused(project, "docs/statements: is a symbolic link; the build writes only inside its folder")
    assert snapshot(elsewhere) == before


def test_a_file_where_a_folder_goes_and_a_folder_where_a_file_goes_are_refused(project):
    shutil.rmtree(project / "docs/years")
    (project / "docs/years").write_text("not a folder", "utf-8")
    (project / "docs/feed.xml").unlink()
    (project / "docs/feed.xml").mkdir()
    refused(project, "docs/years: is a file where the build needs a folder",
            "docs/feed.xml: is a folder where the build writes a file")


def test_every_path_written_is_checked_to_lie_inside_its_output(tmp_path):
    for rel in ("../x", "a/../../x", "/etc/passwd", "a//b", "./a", "", "a\\b", "x" * 300, ".generated"):
        assert path_problem(rel), rel
    assert path_problem("statements/2009-11-06-x.head.html") is None
    writer = Writer({"docs": tmp_path / "docs"})
    with pytest.raises(UnsafePath):
        writer.write("docs", {"../escaped.md": b"x"})
    assert not (tmp_path / "escaped.md").exists() and not (tmp_path / "docs").exists()


# --- 3. every malformed value is one line --------------------------------------------------------------------

LONG = "x" * 300  # longer than any id may be (urls.SEGMENT_MAX), far shorter than a file name could hold
KINDS = {
    "list": ["kp-csc"],
    "mapping": {"k": "v"},
    "number": 12,
    "null": None,
    "bool": True,
    "long": LONG,
    "control": "a\x07b",
    "empty": "",
}
# (file, path to the field, what that field is called in the problem, the kinds that are valid there)
TEXT_OK = {"long"}
OPTIONAL = {"null"}
OPTIONAL_TEXT = {"null", "long"}
FIELDS = [
    (f"{ID}.yml", (), "", set()),
    (f"{ID}.yml", ("title",), "title", TEXT_OK),
    (f"{ID}.yml", ("date",), "date", set()),
    (f"{ID}.yml", ("dateline",), "dateline", OPTIONAL),
    (f"{ID}.yml", ("meeting",), "meeting", OPTIONAL),  # a statement between meetings has none
    (f"{ID}.yml", ("type",), "type", set()),
    (f"{ID}.yml", ("language",), "language", set()),
    (f"{ID}.yml", ("publisher",), "publisher", OPTIONAL),
    (f"{ID}.yml", ("authors",), "authors", {"list"}),
    (f"{ID}.yml", ("authors", 0), "authors[0]", set()),
    (f"{ID}.yml", ("on_behalf_of",), "on_behalf_of", {"null", "list"}),
    (f"{ID}.yml", ("on_behalf_of", 0), "on_behalf_of[0]", set()),
    (f"{ID}.yml", ("mentions",), "mentions", {"null", "list"}),
    (f"{ID}.yml", ("mentions", 0), "mentions[0]", set()),
    (f"{ID}.yml", ("people",), "people", OPTIONAL),
    (f"{ID}.yml", ("people", 0), "people[0]", set()),
    (f"{ID}.yml", ("people", 0, "name"), "people[0].name", TEXT_OK),
    (f"{ID}.yml", ("people", 0, "organisation"), "people[0].organisation", OPTIONAL),
    (f"{ID}.yml", ("people", 0, "role"), "people[0].role", OPTIONAL_TEXT),
    (f"{ID}.yml", ("people", 0, "fr"), "people[0].fr", OPTIONAL),  # a French page's words for the person
    (f"{ID}.yml", ("people", 0, "fr", "role"), "people[0].fr.role", OPTIONAL_TEXT),
    (f"{ID}.yml", ("people", 0, "fr", "name"), "people[0].fr.name", set()),  # only the role is translated
    (f"{ID}.yml", ("people", 0, "as"), "people[0].as", OPTIONAL),
    (f"{ID}.yml", ("people", 0, "born"), "people[0].born", set()),
    (f"{ID}.yml", ("topics",), "topics", OPTIONAL),
    (f"{ID}.yml", ("topics", 0), "topics[0]", set()),
    (f"{ID}.yml", ("countries",), "countries", OPTIONAL),
    (f"{ID}.yml", ("countries", "about"), "countries.about", OPTIONAL),
    (f"{ID}.yml", ("countries", "about", 0), "countries.about[0]", set()),
    (f"{ID}.yml", ("countries", "add"), "countries.add", set()),
    (f"{ID}.yml", ("countries", "exclude", 0), "countries.exclude[0]", set()),
    (f"{ID}.yml", ("sha256",), "sha256", set()),
    (f"{ID}.yml", ("provenance",), "provenance", OPTIONAL),
    (f"{ID}.yml", ("provenance", "received_as"), "provenance.received_as", OPTIONAL_TEXT),
    (f"{ID}.yml", ("provenance", "published"), "provenance.published", OPTIONAL),
    (f"{ID}.yml", ("provenance", "published", 0), "provenance.published[0]", set()),
    (f"{ID}.yml", ("provenance", "published", 0, "by"), "provenance.published[0].by", TEXT_OK),
    (f"{ID}.yml", ("provenance", "published", 0, "url"), "provenance.published[0].url", OPTIONAL),
    (f"{ID}.yml", ("provenance", "published", 0, "title"), "provenance.published[0].title", OPTIONAL_TEXT),
    (f"{ID}.yml", ("provenance", "published", 0, "date"), "provenance.published[0].date", OPTIONAL_TEXT),
    (f"{ID}.yml", ("provenance", "reported"), "provenance.reported", OPTIONAL),
    (f"{ID}.yml", ("provenance", "archived"), "provenance.archived", OPTIONAL),
    (f"{ID}.yml", ("provenance", "archived", 0), "provenance.archived[0]", set()),
    (f"{ID}.yml", ("provenance", "kept"), "provenance.kept", set()),
    (f"{ID}.yml", ("notes",), "notes", OPTIONAL),
    (f"{ID}.yml", ("notes", 0), "notes[0]", set()),
    (f"{ID}.yml", ("notes", 0, "paragraph"), "notes[0].paragraph", {"number"}),
    (f"{ID}.yml", ("notes", 0, "text"), "notes[0].text", TEXT_OK),
    (f"{ID}.yml", ("received_as",), "received_as", set()),
    (f"{ID}.yml", ("translation_of",), "translation_of", OPTIONAL),
    (f"{ID}.yml", ("original",), "original", OPTIONAL),  # the file its text was extracted from: none beside it
    (f"{ID}.yml", ("original", "file"), "original.file", set()),
    (f"{ID}.yml", ("original", "sha256"), "original.sha256", set()),
    (f"{ID}.yml", ("original", "extracted"), "original.extracted", set()),
    (f"{ID}.yml", ("review",), "review", set()),  # a draft of `build_index.py add`: never published
    ("meetings.yml", (), "", set()),
    ("meetings.yml", (0,), "[0]", set()),
    ("meetings.yml", (0, "id"), "[0].id", set()),
    ("meetings.yml", (0, "name"), "2009-plenary-swakopmund.name", TEXT_OK),
    ("meetings.yml", (0, "type"), "2009-plenary-swakopmund.type", set()),
    ("meetings.yml", (0, "start"), "2009-plenary-swakopmund.start", set()),
    ("meetings.yml", (0, "end"), "2009-plenary-swakopmund.end", OPTIONAL),  # left out where no record gives it
    ("meetings.yml", (0, "city"), "2009-plenary-swakopmund.city", TEXT_OK),
    ("meetings.yml", (0, "country"), "2009-plenary-swakopmund.country", set()),
    ("meetings.yml", (0, "chair"), "2009-plenary-swakopmund.chair", OPTIONAL),
    ("meetings.yml", (0, "chair", "participant"), "2009-plenary-swakopmund.chair.participant", OPTIONAL),
    ("meetings.yml", (0, "chair", "person"), "2009-plenary-swakopmund.chair.person", OPTIONAL_TEXT),
    ("meetings.yml", (0, "virtual"), "2009-plenary-swakopmund.virtual", {"bool"}),
    ("meetings.yml", (0, "hybrid"), "2009-plenary-swakopmund.hybrid", {"bool"}),
    ("meetings.yml", (0, "note"), "2009-plenary-swakopmund.note", OPTIONAL_TEXT),
    ("meetings.yml", (0, "sources"), "2009-plenary-swakopmund.sources", set()),
    ("meetings.yml", (0, "sources", 0, "supports", 0), "2009-plenary-swakopmund.sources[0].supports[0]", set()),
    ("meetings.yml", (0, "unverified"), "2009-plenary-swakopmund.unverified", OPTIONAL),
    ("meetings.yml", (0, "chiar"), "2009-plenary-swakopmund.chiar", set()),
    # The French interface's fields (kparchive/french.py): required where the French pages show them.
    ("meetings.yml", (0, "fr"), "2009-plenary-swakopmund.fr", set()),
    ("meetings.yml", (0, "fr", "name"), "2009-plenary-swakopmund.fr.name", TEXT_OK),
    ("meetings.yml", (0, "fr", "city"), "2009-plenary-swakopmund.fr.city", set()),
    ("topics.yml", (0, "fr"), "zimbabwe-marange.fr", set()),
    ("topics.yml", (0, "fr", "label"), "zimbabwe-marange.fr.label", TEXT_OK),
    ("topics.yml", (0, "fr", "description"), "zimbabwe-marange.fr.description", TEXT_OK),
    ("types.yml", (0, "fr"), "press-release.fr", set()),
    ("types.yml", (0, "fr", "label"), "press-release.fr.label", TEXT_OK),
    ("organisations.yml", (0, "fr"), "kp-csc.fr", OPTIONAL),
    ("organisations.yml", (0, "fr", "name"), "kp-csc.fr.name", TEXT_OK),
    ("glossary.yml", (0, "fr"), "[0].fr", set()),
    ("glossary.yml", (0, "fr", "term"), "[0].fr.term", TEXT_OK),
    ("glossary.yml", (0, "fr", "definition"), "[0].fr.definition", TEXT_OK),
    ("glossary.yml", (0, "fr", "abbr"), "[0].fr.abbr", OPTIONAL_TEXT),  # sourced: explained in French texts
    ("topics.yml", (), "", set()),
    ("topics.yml", (0, "id"), "[0].id", set()),
    ("topics.yml", (0, "label"), "zimbabwe-marange.label", TEXT_OK),
    ("topics.yml", (0, "description"), "zimbabwe-marange.description", TEXT_OK),
    ("topics.yml", (0, "keywords"), "zimbabwe-marange.keywords", {"null", "list"}),
    ("topics.yml", (0, "keywords", 0), "zimbabwe-marange.keywords[0]", TEXT_OK),
    ("topics.yml", (0, "countries"), "zimbabwe-marange.countries", OPTIONAL),
    ("topics.yml", (0, "countries", 0), "zimbabwe-marange.countries[0]", set()),
    ("types.yml", (), "", set()),
    ("types.yml", (0, "id"), "[0].id", set()),
    ("types.yml", (0, "label"), "press-release.label", TEXT_OK),
    ("types.yml", (0, "schema_org"), "press-release.schema_org", set()),
    ("types.yml", (0, "cite_as"), "press-release.cite_as", OPTIONAL),
    ("organisations.yml", (), "", set()),
    ("organisations.yml", (0, "id"), "[0].id", set()),
    ("organisations.yml", (0, "name"), "kp-csc.name", TEXT_OK),
    ("organisations.yml", (0, "short"), "kp-csc.short", OPTIONAL_TEXT),
    ("organisations.yml", (0, "country"), "kp-csc.country", OPTIONAL),
    ("organisations.yml", (0, "url"), "kp-csc.url", OPTIONAL),
    ("organisations.yml", (0, "aliases"), "kp-csc.aliases", {"null", "list"}),
    ("organisations.yml", (0, "aliases", 0), "kp-csc.aliases[0]", TEXT_OK),
    ("organisations.yml", (0, "renamed"), "kp-csc.renamed", OPTIONAL),
    ("organisations.yml", (0, "renamed", "to"), "kp-csc.renamed.to", TEXT_OK),
    ("organisations.yml", (0, "sources"), "kp-csc.sources", set()),
    ("organisations.yml", (0, "sources", 0), "kp-csc.sources[0]", set()),
    ("organisations.yml", (0, "sources", 0, "title"), "kp-csc.sources[0].title", TEXT_OK),
    ("organisations.yml", (0, "sources", 0, "url"), "kp-csc.sources[0].url", set()),
    ("organisations.yml", (0, "sources", 0, "publisher"), "kp-csc.sources[0].publisher", OPTIONAL_TEXT),
    ("organisations.yml", (0, "sources", 0, "date"), "kp-csc.sources[0].date", OPTIONAL_TEXT),
    ("organisations.yml", (0, "sources", 0, "supports"), "kp-csc.sources[0].supports", set()),
    ("organisations.yml", (0, "unverified"), "kp-csc.unverified", OPTIONAL),
    ("glossary.yml", (), "", OPTIONAL),
    ("glossary.yml", (0,), "[0]", set()),
    ("glossary.yml", (0, "term"), "[0].term", TEXT_OK),
    ("glossary.yml", (0, "definition"), "[0].definition", TEXT_OK),
    ("glossary.yml", (0, "abbr"), "[0].abbr", OPTIONAL_TEXT),
    ("glossary.yml", (0, "forms"), "[0].forms", {"null", "list"}),
    ("glossary.yml", (0, "forms", 0), "[0].forms[0]", TEXT_OK),
    ("glossary.yml", (0, "sources"), "[0].sources", set()),
    ("glossary.yml", (0, "sources", 0, "supports"), "[0].sources[0].supports", {"list"}),
    ("glossary.yml", (0, "unverified"), "[0].unverified", OPTIONAL),
    ("places.yml", (), "", OPTIONAL),
    ("places.yml", ("extra_countries",), "extra_countries", OPTIONAL),
    ("places.yml", ("extra_countries", "EU"), "extra_countries.EU", TEXT_OK),
    ("places.yml", ("display",), "display", OPTIONAL),
    ("places.yml", ("display", "CD"), "display.CD", TEXT_OK),
    ("places.yml", ("aliases",), "aliases", OPTIONAL),
    ("places.yml", ("aliases", "CD"), "aliases.CD", {"null", "list"}),
    ("places.yml", ("aliases", "CD", 0), "aliases.CD[0]", TEXT_OK),
    ("places.yml", ("demonyms",), "demonyms", OPTIONAL),
    ("places.yml", ("demonyms", "ZW"), "demonyms.ZW", {"null", "list"}),
    ("places.yml", ("demonyms", "ZW", 0), "demonyms.ZW[0]", TEXT_OK),
    ("places.yml", ("cities",), "cities", OPTIONAL),
    ("places.yml", ("cities", "Harare"), "cities.Harare", set()),
    ("places.yml", ("ignore",), "ignore", {"null", "list"}),
    ("places.yml", ("ignore", 0), "ignore[0]", TEXT_OK),
    ("places.yml", ("regions",), "regions", set()),
    ("places.yml", ("languages",), "languages", OPTIONAL),
    ("places.yml", ("languages", "fr"), "languages.fr", OPTIONAL),
    ("places.yml", ("languages", "fr", "aliases"), "languages.fr.aliases", OPTIONAL),
    ("places.yml", ("languages", "fr", "aliases", "CD"), "languages.fr.aliases.CD", OPTIONAL),  # a list: unsourced
    ("places.yml", ("languages", "fr", "aliases", "CD", 0), "languages.fr.aliases.CD[0]", set()),  # unsourced
    ("places.yml", ("languages", "fr", "ignore"), "languages.fr.ignore", {"null", "list"}),
    ("places.yml", ("languages", "fr", "ignore", 0), "languages.fr.ignore[0]", TEXT_OK),
    ("places.yml", ("languages", "de"), "languages.de", OPTIONAL),
    ("places.yml", ("languages", "xx"), "languages.xx", set()),
    ("redirects.yml", (), "", OPTIONAL),
    ("redirects.yml", ("2000-01-01-old-id",), "2000-01-01-old-id", set()),
]
CASES = [pytest.param(file, path, field, kind, id=f"{file}:{'.'.join(map(str, path)) or '(file)'}:{kind}")
         for file, path, field, valid in FIELDS for kind in KINDS if kind not in valid]


def set_field(data, path: tuple, value):
    """The data with the value at path (an index past a list's end appends; a missing key is added)."""
    if not path:
        return value
    node = data
    for step, following in zip(path, path[1:], strict=False):
        if isinstance(node, list) and step >= len(node):
            node.append([] if isinstance(following, int) else {})
            step = len(node) - 1
        elif isinstance(node, dict) and not isinstance(node.get(step), (dict, list)):
            node[step] = [] if isinstance(following, int) else {}
        node = node[step]
    last = path[-1]
    if isinstance(node, list) and last >= len(node):
        node.append(value)
    else:
        node[last] = value
    return data


def write_field(project: Path, file: str, path: tuple, value) -> None:
    target = project / "statements" / file
    data = load_yaml(target.read_text("utf-8"))
    data = set_field(data, path, value)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def where(file: str, field: str) -> re.Pattern:
    """A problem line about this field of this file (or about the file itself)."""
    return re.compile(re.escape(f"statements/{file}: {field}") + r"[:.\[]" if field else
                      re.escape(f"statements/{file}: "))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The fixture corpus's statements/, read once by kparchive.load as the build reads it."""
    folder = tmp_path_factory.mktemp("table") / "statements"
    shutil.copytree(FIXTURE, folder)
    problems = []
    read = read_archive(folder, problems)
    assert not problems, problems
    before = copy_module.deepcopy((read.vocabularies, [raw.meta for raw in read.statements]))
    yield read
    assert (read.vocabularies, [raw.meta for raw in read.statements]) == before, \
        "validation changed the data it read, which the table's cases share"


def with_value(archive: RawArchive, file: str, path: tuple, value) -> RawArchive:
    """A copy of the archive whose file has `value` at `path`, as write_field would write it: that file's data
    copied, the others shared (validation reads them and never writes them: the archive fixture checks it)."""
    vocabularies = dict(archive.vocabularies)
    statements = list(archive.statements)
    if file in vocabularies:
        vocabularies[file] = set_field(copy_module.deepcopy(vocabularies[file]), path, copy_module.deepcopy(value))
    else:
        i = next(i for i, raw in enumerate(statements) if raw.meta_path.name == file)
        statements[i] = dataclasses.replace(statements[i], meta=set_field(copy_module.deepcopy(statements[i].meta),
                                                                          path, copy_module.deepcopy(value)))
    return RawArchive(archive.root, vocabularies, statements)


def problems_of(archive: RawArchive) -> list[str]:
    """The lines the build prints for an archive (what kparchive.cli.main prints before its summary), or a
    failed test if it is accepted. An exception is not caught: it would be a traceback."""
    try:
        cli.catalogue_of(archive, [])
    except Refused as refused:
        return [str(problem) for problem in refused.problems]
    pytest.fail("accepted")


@pytest.mark.parametrize(("file", "path", "field", "kind"), CASES)
def test_a_wrong_kind_of_value_in_any_field_of_any_file_is_one_line(archive, file, path, field, kind):
    """In this process, on the archive read once: validation alone, which names no output folder, so writes
    nothing (the command line's own refusal is the sample below)."""
    lines = problems_of(with_value(archive, file, path, KINDS[kind]))
    check_problem_lines(lines)
    assert any(where(file, field).match(line) for line in lines), \
        f"no line names {file} {field or '(the file)'}:\n" + "\n".join(lines)


def _sample(cases: list) -> list:
    """Every kind of value and every file at least once: the first case of each kind, then the first of each
    file not yet in."""
    chosen: dict = {}
    for param in cases:
        chosen.setdefault(("kind", param.values[3]), param)
    for param in cases:
        if not any(c.values[0] == param.values[0] for c in chosen.values()):
            chosen.setdefault(("file", param.values[0]), param)
    return list(dict.fromkeys(chosen.values()))


CLI_SAMPLE = _sample(CASES)


@pytest.mark.process  # build_index.py as a process: its contract
@pytest.mark.parametrize(("file", "path", "field", "kind"), CLI_SAMPLE)
def test_the_command_line_refuses_a_wrong_kind_of_value_in_lines_writing_nothing(project, file, path, field, kind):
    """The table's cases through the real command line (a process) on a copy of a built project: exit 1, no
    traceback, one line per problem naming its file and this field, the summary, docs/ and the fragments as
    they were."""
    write_field(project, file, path, KINDS[kind])
    lines = refused(project, process=True)
    assert any(where(file, field).match(line) for line in lines), f"no line names {file} {field}:\n{lines}"


def test_the_sample_tries_every_kind_and_every_file():
    assert {p.values[3] for p in CLI_SAMPLE} == {p.values[3] for p in CASES}
    assert {p.values[0] for p in CLI_SAMPLE} == {p.values[0] for p in CASES}


def test_the_table_covers_every_field_the_validator_knows():
    from kparchive import validate
    from kparchive.places import SECTIONS

    named = {(file, path[-1]) for file, path, *_ in FIELDS if path and isinstance(path[-1], str)}
    for name in validate.STATEMENT_FIELDS:
        assert (f"{ID}.yml", name) in named, name
    for file, fields in validate.ENTRY_FIELDS.items():
        for name in fields:
            assert (file, name) in named, (file, name)
    for name in validate.GLOSSARY_FIELDS | validate.PERSON_FIELDS:
        assert any(field == name for _, field in named), name
    for name in SECTIONS:
        assert ("places.yml", name) in named, name


# Any YAML value at all, as hostile as the data model allows (anchors, keys and tags come as raw YAML below).
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
    | st.sampled_from(["", " ", "ZW", "zw", "../../main", "2009-02-30", "kp-csc", "a\x00b", "\ufffe", "x" * 200]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@pytest.mark.build  # 60 runs of the whole command, a third of them building every page
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(case=st.sampled_from([(file, path) for file, path, *_ in FIELDS]), value=values)
def test_any_value_in_any_field_is_built_or_refused_in_lines_that_name_their_file(built, tmp_path_factory, case,
                                                                                  value):
    project = tmp_path_factory.mktemp("any") / "project"
    shutil.copytree(built, project, symlinks=True)
    before = outputs(project)
    write_field(project, *case, value)
    code, stderr = main_in_process(project)
    assert "Traceback" not in stderr
    if code == 0:
        return  # a valid value: built
    check_refusal(project, code, stderr, before)


@pytest.mark.parametrize(("yaml_text", "line"), [
    ("? [a, b]\n: c\n", "a key must be text, not a list (line 1"),
    ("{? {a: b}: c}\n", "a key must be text, not a mapping"),
    ("title: x\n1: y\n", "a key must be text, not a number (1): put it in quotes (line 2"),
    ("title: x\nnull: y\n", "a key must be text, not empty (null)"),
    ("title: &t Failure\nmeeting: *t\n", "YAML anchors (&t) are not allowed"),
    ("title: *t\n", "YAML aliases (*t) are not allowed"),
    ("title: !!binary aGVsbG8=\n", "YAML tags (!!binary) are not allowed"),
    ("date: !!timestamp 2009-13-45\n", "YAML tags (!!timestamp) are not allowed"),
    ("title: " + "9" * 5000 + "\n", "'99999999999999999999'… cannot be read as a number"),
    ("title: " + "[" * 100_000 + "\n", "nests lists and mappings more than 64 deep"),
    ("title: a\n---\ntitle: b\n", "holds more than one YAML document"),
    ("title: a\ntitle: b\n", "YAML does not parse: repeated key 'title' (line 2"),
])
def test_yaml_that_curated_metadata_never_needs_is_one_line(project, yaml_text, line):
    """Keys that are not text, anchors and aliases, tags, numbers too long to read, nesting that crashed
    libyaml's composer (a segmentation fault at 100,000 `[`), several documents."""
    (project / META).write_text(yaml_text, "utf-8")
    lines = refused(project, f"{META}: {line}")
    assert sum(line.startswith(META) for line in lines) == 1, "said once, not also as missing fields"


@pytest.mark.process  # build_index.py as a process limited to 1 GB
def test_aliases_that_expand_to_gigabytes_are_refused_before_they_expand(project):
    """Nine levels of nine aliases: 387 million strings once expanded. Refused as written, in a process
    allowed 1 GB of memory."""
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    glossary = project / "statements/glossary.yml"
    glossary.write_text("- term: Laughs\n  definition: Many.\n  forms: *a8\n  x:\n" +
                        "".join(f"    {line}\n" for line in laughs), "utf-8")
    before = outputs(project)

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run(
        [sys.executable, str(ROOT / "build_index.py"), "--statements", str(project / "statements"),
         "--docs", str(project / "docs")], cwd=project, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=limit_memory)
    lines = check_refusal(project, result.returncode, result.stderr, before,
                          "statements/glossary.yml: YAML aliases (*a8) are not allowed")
    assert len(lines) == 2


def test_a_yaml_syntax_error_is_reported_once(project):
    edit(project, f"{ID}.yml", "type: press-release", "type: [press-release")
    lines = refused(project)
    assert [line for line in lines if line.startswith(META)] == [lines[0]]
    assert lines[0].startswith(f"{META}: YAML does not parse:") and "is empty" not in "\n".join(lines)
    assert len(lines) == 2


def test_a_vocabulary_that_does_not_parse_is_reported_once_not_by_every_statement(project):
    edit(project, "meetings.yml", "  type: plenary", "  type: [plenary")
    lines = refused(project, "statements/meetings.yml: YAML does not parse:")
    assert len(lines) == 2, "not also 'must be a list', nor a line for every statement naming a meeting"


def test_a_missing_vocabulary_is_reported_once(project):
    (project / "statements/topics.yml").unlink()
    lines = refused(project, "statements/topics.yml: vocabulary file is missing")
    assert len(lines) == 2


@pytest.mark.parametrize(("file", "old", "new", "line"), [
    (f"{ID}.yml", "  exclude: []", "  exclude: [zw]",
     f"{META}: countries.exclude[0]: 'zw' is not an ISO 3166-1 alpha-2 country code: write it in capitals, 'ZW'"),
    ("meetings.yml", "country: NA", "country: na",
     "statements/meetings.yml: 2009-plenary-swakopmund.country: 'na' is not an ISO 3166-1 alpha-2 country code"),
    ("organisations.yml", "country: GB", "country: XX",
     "statements/organisations.yml: global-witness.country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
    ("places.yml", "display:\n", "display:\n  XX: Nowhere\n",
     "statements/places.yml: display.XX: 'XX' is not an ISO 3166-1 alpha-2 code (nor in extra_countries)"),
    ("places.yml", "  EU: European Union", "  eu: European Union",
     "statements/places.yml: extra_countries.eu: an extra country's code is two capital letters"),
    ("places.yml", "  ZW: [Zimbabwean]", "  ZW: [Zimbabwean, '']", "statements/places.yml: demonyms.ZW[1]: must be "
                                                                   "non-empty text"),
    ("places.yml", "ignore:\n", "ignore:\n  - '  '\n", "statements/places.yml: ignore[0]: must be non-empty text"),
    ("places.yml", "aliases:\n", "aliases: [CD, DRC]\nx_aliases:\n",
     "statements/places.yml: aliases: must be a mapping of code: [phrases], not a list"),
    ("places.yml", "  CF: [CAR]", "  CF: CAR", "statements/places.yml: aliases.CF: must be a list, not text"),
    ("glossary.yml", "  abbr: KP\n", "  abbr: KP\n  forms: ['']\n",
     "statements/glossary.yml: [0].forms[0]: must be non-empty text"),
    ("organisations.yml", "url: https://www.kpcivilsociety.org", "url: javascript:alert(1)",
     "statements/organisations.yml: kp-csc.url: 'javascript:alert(1)' is not a web address"),
    (f"{ID}.yml", "topics: [zimbabwe-marange,", "topics: [zimbabwe-marange, zimbabwe-marange,",
     f"{META}: topics[1]: 'zimbabwe-marange' is listed twice"),
    (f"{ID}.yml", "language: en", "language: EN", f"{META}: language: 'EN' is not an ISO 639-1 language code"),
    (f"{ID}.yml", "title: Failure to suspend Zimbabwe from blood diamond scheme undermines efforts to end abuses "
     "and clean up international trade", "title: 2011",
     f"{META}: title: must be text, not a number: put it in quotes"),
])
def test_codes_phrases_and_values_that_were_accepted_silently_are_refused(project, file, old, new, line):
    """A lower-case code would make a second country (/countries/zw/ beside ZW), an empty phrase matches
    everywhere, a list where a mapping belongs crashed the build, a number became text silently."""
    edit(project, file, old, new)
    refused(project, line)


def test_an_id_too_long_for_its_files_is_refused_with_the_limit(project):
    """A statement id of 245 characters: `<id>.txt` can exist, `<id>.head.html` cannot (255 bytes)."""
    sid = "2020-01-01-" + "long-" * 46 + "id"
    add_statement(project, sid, b"A statement with a long id.")
    edit(project, "meetings.yml", "- id: 2009-plenary-swakopmund", f"- id: 2009-{'plenary-' * 20}swakopmund")
    refused(project, f"statements/{sid}.txt: id: is {len(sid)} characters long: an id is at most {urls.SEGMENT_MAX}",
            f"statements/meetings.yml: [0].id: is 175 characters long: an id is at most {urls.SEGMENT_MAX}")


@pytest.mark.process  # build_index.py as a process: what reaches the terminal
def test_a_file_name_cannot_add_a_line_to_the_log(project):
    """A file named so that its problem would print as two lines, the second made up."""
    (project / "statements/2020-01-01-a\nbuild_index: refused, 0 problems; nothing written..txt").write_bytes(b"x")
    lines = refused(project, process=True)
    assert len(lines) == 2  # its missing metadata, the summary
    assert "\\u000a" in lines[0]


# --- 6. control characters ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x1f", "\r", "\ufffe", "\uffff"])
def test_a_control_character_in_metadata_is_refused_naming_it(project, char):
    write_field(project, f"{ID}.yml", ("title",), f"Failure{char}to suspend")
    refused(project, f"{META}: title: contains the control character U+{ord(char):04X} (character 8)")


CONTROL_TEXT = ("Opening\x01 statement of the Kimberley Process Civil Society Coalition on Zimbabwe, "
                "read at\x0b the plenary\x1f in Brussels today.\n\n"
                "A page\x0cbreak, and two non\ufffecharacters\uffff.\n\n"
                "Tabs\tand line ends stay.\n").encode("utf-8")


@pytest.fixture(scope="module")
def control_site(tmp_path_factory) -> Path:
    """A real site (build_index, then MkDocs) of one statement whose text holds characters XML cannot."""
    project = make_project(tmp_path_factory.mktemp("control"), ids=[], site_files=True)
    add_statement(project, "2020-06-06-control", CONTROL_TEXT, title="A statement with control characters")
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_control_characters_in_a_text_leave_the_feed_and_sitemap_valid_xml(control_site):
    site = control_site / "site"
    feed = ET.fromstring((site / "feed.xml").read_bytes())  # a strict XML parser: raises on \x01
    summary = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary").text
    assert "Opening\ufffd statement" in summary
    ET.fromstring((site / "sitemap.xml").read_bytes())
    for path in ("statements/2020-06-06-control.json", "statements.json", "datapackage.json"):
        json.loads((site / path).read_text("utf-8"))


def test_control_characters_in_a_text_show_as_replacement_characters_and_the_original_is_kept(control_site):
    site = control_site / "site"
    assert (site / "statements/2020-06-06-control.txt").read_bytes() == CONTROL_TEXT
    record = json.loads((site / "statements/2020-06-06-control.json").read_text("utf-8"))
    assert record["source"]["sha256"] == hashlib.sha256(CONTROL_TEXT).hexdigest()
    page = (site / "statements/2020-06-06-control/index.html").read_text("utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\ufffe\uffff]", page)
    body = BeautifulSoup(page, "html.parser").find(id="p1").get_text()
    assert "Opening\ufffd statement" in body and "read at\ufffd the plenary\ufffd in Brussels" in body
    second = BeautifulSoup(page, "html.parser").find(id="p2").get_text()
    assert "A page\ufffdbreak, and two non\ufffdcharacters\ufffd." in second
    assert [p["text"] for p in record["paragraphs"]][2] == "Tabs\tand line ends stay."


# --- 7. country detection stays linear ----------------------------------------------------------------------

def _python_lines(function, *args) -> int:
    """How many lines of Python a call runs: a measure of work that does not depend on the machine."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return count


def _statement(tmp_path: Path, body: str):
    project = make_project(tmp_path, ids=[])
    add_statement(project, "2020-07-07-many", body.encode("utf-8"))
    return cli.build_catalogue(project / "statements")


@pytest.mark.parametrize("shape", ["paragraphs", "sentences"])
def test_country_detection_does_linear_work(tmp_path, shape):
    """Four times the text is about four times the work, whether Zimbabwe is named in many paragraphs or in
    many sentences of one (it was sixteen times: each mention was looked for in the country's growing list,
    and each place in every sentence of its paragraph)."""
    work = []
    for n in (250, 1000):
        body = ("\n\n" if shape == "paragraphs" else " ").join(
            f"Zimbabwe's diamonds were discussed at meeting {i}." for i in range(n))
        catalogue = _statement(tmp_path / f"{shape}-{n}", body)
        s = catalogue.chronological[0]
        assert len(enrich.detect_countries(s, catalogue.vocab)["ZW"]) == n
        work.append(_python_lines(enrich.detect_countries, s, catalogue.vocab))
    assert work[1] < 5 * work[0], f"{work[0]} lines of Python for 250, {work[1]} for 1,000"


class _Counted(str):
    """A paragraph that counts the characters its slices copy (the work C code does for Python)."""

    copied = 0

    def __getitem__(self, index):
        piece = str.__getitem__(self, index)
        _Counted.copied += len(piece)
        return piece


def test_sentence_splitting_copies_linear_text(tmp_path):
    """A paragraph of initials and abbreviations never ends a sentence: each full stop looked for its word in
    everything since the paragraph's start, so the work grew with the square of its length."""
    copied = []
    for n in (500, 2000):
        _Counted.copied = 0
        paragraph = _Counted(" ".join("Mr. A. Smith of Zimbabwe" for _ in range(n)) + ".")
        assert len(text.sentences(paragraph)) == 1
        copied.append(_Counted.copied)
    assert copied[1] < 5 * copied[0], f"{copied[0]} characters copied for 500 names, {copied[1]} for 2,000"


@pytest.mark.build  # a whole build of the fixture corpus and a statement of 4,000 paragraphs
def test_a_text_of_4000_paragraphs_naming_zimbabwe_builds_with_every_mention(project):
    sid = "2020-08-08-long"
    add_statement(project, sid, "\n\n".join(f"Zimbabwe, paragraph {i}." for i in range(4000)).encode("utf-8"))
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    record = json.loads((project / f"docs/statements/{sid}.json").read_text("utf-8"))
    assert "ZW" in record["countries"] + record["mentioned"] and len(record["paragraphs"]) == 4000
