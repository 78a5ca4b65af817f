"""A speech (types.yml `cite_as: speech`: opening and closing remarks, interventions) is cited as a speech in every
format, by the rules Zotero's translators read (as tests/test_reference_managers.py pins the other kinds): DC.type
`presentation` in the head and no report institution, RIS `SLIDE` with its meeting as `T2`, BibTeX `@misc` with
its type, CSL `speech` with its meeting as event, which APA and Chicago write. In process, on the frozen corpus
with the archive's types.yml and one statement made a speech."""

from __future__ import annotations

import shutil

import bibtexparser
import pytest
import yaml

from kparchive.cite import CITE_AS, Citer
from kparchive.cli import build_catalogue
from kparchive.siteconfig import Site

from projects import BRUSSELS_2018, ROOT, make_project


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("speech"), ids=[BRUSSELS_2018])
    shutil.copy2(ROOT / "statements" / "types.yml", project / "statements" / "types.yml")
    path = project / "statements" / f"{BRUSSELS_2018}.yml"
    meta = yaml.safe_load(path.read_text("utf-8"))
    meta["type"] = "speech"
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), "utf-8")
    catalogue = build_catalogue(project / "statements")
    citer = Citer(catalogue, Site("https://statements.kpcivilsociety.org/", "Archive", "d"))
    (s,) = catalogue.chronological
    return citer, s


def test_the_speech_kind_is_zoteros_presentation():
    kind = CITE_AS["speech"]
    assert (kind.zotero, kind.csl, kind.ris, kind.bibtex) == ("presentation", "speech", "SLIDE", "misc")


def test_the_head_gives_zotero_a_presentation(speech):
    citer, s = speech
    meta = {}
    for name, value in citer.head(s)["meta"]:
        meta.setdefault(name, []).append(value)
    assert meta["DC.type"] == ["presentation"]
    assert "citation_technical_report_institution" not in meta and "prism.publicationName" not in meta


def test_the_csl_item_is_a_speech_at_its_meeting(speech):
    citer, s = speech
    item = citer.csl_item(s)
    assert item["type"] == "speech" and item["genre"] == "Speech"
    assert item["event"] == s.meeting.name  # "Kimberley Process Plenary 2018, Brussels": its place in its name
    apa, chicago = (r.text for r in citer.references(s))
    assert apa.endswith(f"[Speech]. {s.meeting.name}. {citer.url(s)}")  # APA 10.14
    assert f"Speech given at {s.meeting.name}, November 16, 2018." in chicago  # CMOS 14.217


def test_ris_and_bibtex(speech):
    citer, s = speech
    tags: dict[str, list[str]] = {}
    for line in citer.ris(s).splitlines():
        tags.setdefault(line[:2], []).append(line[6:])
    assert tags["TY"] == ["SLIDE"] and tags["T2"] == [s.meeting.name] and tags["M3"] == ["Speech"]
    assert "N1" not in tags
    (entry,) = bibtexparser.parse_string(citer.bibtex(s)).entries
    assert entry.entry_type == "misc" and entry.fields_dict["type"].value == "Speech"
    assert "howpublished" not in entry.fields_dict
