"""What the pages and files emit for reference managers, pinned to the rules of Zotero's own translators
(Embedded Metadata, RIS, BibTeX), as a run of Zotero's translation server confirmed item by item: a press
release or a statement saves as a report by its organisation, kept whole; a news report as an article in its
outlet, unsigned; a letter as a letter. Rules that hold for any statement, checked on every one."""

import json

import bibtexparser
import pytest
from bs4 import BeautifulSoup

from kparchive.cite import CITE_AS

from projects import REAL_IDS, STATEMENTS


@pytest.fixture(scope="module")
def records(built_site):
    return {r["id"]: r for r in json.loads((built_site / "statements.json").read_text("utf-8"))}


@pytest.fixture(scope="module")
def kinds():
    import yaml
    types = yaml.safe_load((STATEMENTS / "types.yml").read_text("utf-8"))
    return {t["id"]: (t.get("cite_as", "report"), t["label"]) for t in types}


def head(built_site, sid):
    soup = BeautifulSoup((built_site / "statements" / sid / "index.html").read_text("utf-8"), "html.parser")
    return {name: [m["content"] for m in soup.find_all("meta", attrs={"name": name})]
            for name in {m["name"] for m in soup.find_all("meta", attrs={"name": True})}}, soup


@pytest.mark.parametrize("sid", REAL_IDS)
def test_the_page_head_gives_zotero_the_right_item(built_site, records, kinds, sid):
    r = records[sid]
    cite_as, label = kinds[r["type"]]
    meta, soup = head(built_site, sid)
    # Zotero's Embedded Metadata splits a citation_author at its last space unless it holds a comma: an
    # organisation is "Name," (a last name alone), kept whole.
    assert meta.get("citation_author", []) == [f"{a}," for a in r["authors"]]
    assert meta.get("DC.creator", []) == r["authors"]
    assert meta["DC.type"] == [label if cite_as == "report" else CITE_AS[cite_as].zotero]
    assert ("citation_technical_report_institution" in meta) == (cite_as == "report")  # else it forces a report
    assert meta["citation_date"] == [r["date"]]  # ISO: Zotero prefers it to citation_publication_date
    assert "citation_journal_title" not in meta  # forces a journal article
    assert "author" not in meta  # becomes an unsigned item's author
    assert not [k for k in meta if k.lower() == "dc.coverage"]  # Zotero files it as "Loc. in Archive"
    names = {c for c in meta.get("DCTERMS.spatial", [])}
    assert len(names) == len(r["countries"])
    sections = [m["content"] for m in soup.find_all("meta", attrs={"property": "article:section"})]
    if cite_as == "news":
        assert meta["prism.publicationName"] == [r["source"]["publisher"]] == meta["DC.source"]
        assert sections == []  # it would become the article's section
    else:
        assert sections == [label]


@pytest.mark.parametrize("sid", REAL_IDS)
def test_the_ris_record_is_the_right_reference_type(built_site, records, kinds, sid):
    r = records[sid]
    cite_as, label = kinds[r["type"]]
    lines = (built_site / "statements" / f"{sid}.ris").read_text("utf-8").splitlines()
    tags: dict[str, list[str]] = {}
    for line in lines:
        tags.setdefault(line[:2], []).append(line[6:])
    assert tags["TY"] == [CITE_AS[cite_as].ris]
    assert tags.get("AU", []) == r["authors"]  # an organisation without a comma: one single-field name
    assert not [a for a in tags.get("AU", []) if a.endswith(",")]
    if cite_as == "news":
        assert tags["T2"] == [r["source"]["publisher"]] and "M3" not in tags
    else:
        assert tags["M3"] == [label] and tags["PB"] == [r["source"]["publisher"]]
    assert tags["AB"] and tags["UR"] == [f"https://statements.kpcivilsociety.org/statements/{sid}/"]


@pytest.mark.parametrize("sid", REAL_IDS)
def test_the_bibtex_entry_is_the_right_type(built_site, records, kinds, sid):
    r = records[sid]
    cite_as, label = kinds[r["type"]]
    text = (built_site / "statements" / f"{sid}.bib").read_text("utf-8")
    (entry,) = bibtexparser.parse_string(text).entries
    assert entry.entry_type == CITE_AS[cite_as].bibtex
    fields = entry.fields_dict
    assert "howpublished" not in fields  # Zotero puts it in Extra
    if r["authors"]:
        assert fields["author"].value == " and ".join("{" + a + "}" for a in r["authors"])
    else:
        assert "author" not in fields
    if cite_as == "news":
        assert fields["journal"].value == r["source"]["publisher"]
    elif cite_as == "report":
        assert fields["institution"].value == r["source"]["publisher"] and fields["type"].value == label
