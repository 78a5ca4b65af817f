"""Exports read by real consumers: csv.DictReader against statements.json, frictionless, per-statement JSON,
and the permanent-URL redirects built from a temporary copy of the project."""

import csv
import hashlib
import json
import shutil
import subprocess
import sys

import pytest
from frictionless import validate

from kparchive.exports import COLUMNS, LIST_SEPARATOR


def test_csv_matches_statements_json(built_site):
    records = json.loads((built_site / "statements.json").read_text("utf-8"))
    with (built_site / "statements.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert list(rows[0]) == [column.name for column in COLUMNS]
    for row, record in zip(rows, records, strict=True):
        assert row["title"] == record["title"]
        assert row["date"] == record["date"]
        meeting = record["meeting"] or {}  # a statement between meetings: its meeting's columns are empty
        assert row["meeting"] == meeting.get("id", "") and row["meeting_name"] == meeting.get("name", "")
        assert row["meeting_virtual"] == str(meeting.get("virtual", "")).lower()
        assert row["country"].split(LIST_SEPARATOR) == record["countries"] or not record["countries"]
        assert row["topic"] == LIST_SEPARATOR.join(record["topics"])
        assert row["language"] == record["language"]
        assert row["source_sha256"] == record["source"]["sha256"]
        assert int(row["words"]) == record["words"]


def test_datapackage_is_valid_and_checks_every_file(built_site):
    package = json.loads((built_site / "datapackage.json").read_text("utf-8"))
    paths = [r["path"] for r in package["resources"]]
    assert {"statements.csv", "statements.json"} <= set(paths)
    assert all(not p.startswith(("/", "http")) for p in paths)
    report = validate(str(built_site / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    for resource in package["resources"]:
        data = (built_site / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)


def test_namibia_stays_na_for_data_readers(built_site):
    """NA is Namibia, not a missing value: the package says only an empty cell is missing, a reader of the
    package keeps it, and the data page says how to keep it in pandas and R."""
    from frictionless import Package
    package = Package(str(built_site / "datapackage.json"))
    resource = next(r for r in package.resources if r.path == "statements.csv")
    assert resource.schema.missing_values == [""]
    with (built_site / "statements.csv").open(newline="", encoding="utf-8") as f:
        meetings = [row["meeting_country"] for row in csv.DictReader(f)]
    read = [row["meeting_country"] for row in resource.read_rows()]
    assert read == [m or None for m in meetings]
    page = (built_site / "data/index.html").read_text("utf-8")
    assert "keep_default_na=False" in page and 'na.strings = ""' in page.replace("&#34;", '"')


def test_statement_json_has_metadata_paragraphs_and_citations(built_site):
    for record in json.loads((built_site / "statements.json").read_text("utf-8")):
        data = json.loads((built_site / "statements" / f"{record['id']}.json").read_text("utf-8"))
        assert {k: data[k] for k in record} == record
        assert data["canonical_url"].endswith(record["url"])
        assert data["paragraphs"][0]["id"] == "p1" and data["paragraphs"][0]["url"].endswith("#p1")
        assert set(data["citation"]) == {"apa", "chicago", "paragraph", "bibtex", "ris"}
        assert data["citation"]["paragraph"]["apa"].endswith(", para. {n})")
        original = (built_site / "statements" / record["source"]["file"]).read_bytes()
        assert hashlib.sha256(original).hexdigest() == record["source"]["sha256"]


def _project_copy(project_root, tmp_path):
    statements = tmp_path / "statements"
    shutil.copytree(project_root / "statements", statements)
    docs = tmp_path / "docs"
    docs.mkdir()
    return statements, docs


def _build(project_root, statements, docs):
    return subprocess.run([sys.executable, "build_index.py", "--statements", str(statements), "--docs", str(docs)],
                          cwd=project_root, capture_output=True, text=True)


@pytest.mark.build  # two whole builds of statements/ (build_index)
def test_redirect_stub_for_an_old_id(project_root, tmp_path):
    statements, docs = _project_copy(project_root, tmp_path)
    (statements / "redirects.yml").write_text(
        "2011-06-23-kinshasa-old-name: 2011-06-23-kinshasa-intersessional-no-confidence\n")
    proc = _build(project_root, statements, docs)
    assert proc.returncode == 0, proc.stderr
    stub = (docs / "statements" / "2011-06-23-kinshasa-old-name.md").read_text("utf-8")
    assert "template: redirect.html" in stub
    fragment = (docs.parent / "overrides/generated/statements/2011-06-23-kinshasa-old-name.html").read_text("utf-8")
    assert '<a href="{R}statements/2011-06-23-kinshasa-intersessional-no-confidence{S}">' in fragment
    assert (docs / "statements" / "2011-06-23-kinshasa-old-name.txt").read_bytes() == (
        statements / "2011-06-23-kinshasa-intersessional-no-confidence.txt").read_bytes()
    again = _build(project_root, statements, docs)
    assert "0 files written" in again.stdout


def test_redirect_problems_refuse_the_build(project_root, tmp_path):
    statements, docs = _project_copy(project_root, tmp_path)
    (statements / "redirects.yml").write_text(
        "2009-11-06-namibia-plenary-zimbabwe: 2011-06-23-kinshasa-intersessional-no-confidence\n"
        "2010-01-01-gone: 2099-01-01-no-such-statement\n"
        "Not An Id: 2011-06-23-kinshasa-intersessional-no-confidence\n")
    proc = _build(project_root, statements, docs)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert ("statements/redirects.yml: 2009-11-06-namibia-plenary-zimbabwe: is the id of a current statement; "
            "an old id cannot be used again") in lines
    assert any(line.startswith("statements/redirects.yml: 2010-01-01-gone: '2099-01-01-no-such-statement' is not")
               for line in lines)
    assert any(line.startswith("statements/redirects.yml: Not An Id: is not a statement id") for line in lines)
    assert not any(docs.iterdir()), "nothing may be written"


@pytest.mark.build  # two whole builds of statements/ (build_index)
def test_build_index_is_idempotent(project_root, tmp_path):
    """A second build of the same statements writes nothing: no dates of the build, no unordered output."""
    statements, docs = _project_copy(project_root, tmp_path)
    first = _build(project_root, statements, docs)
    assert first.returncode == 0, first.stderr
    second = _build(project_root, statements, docs)
    assert second.returncode == 0 and " 0 files written" in second.stdout, second.stdout + second.stderr
