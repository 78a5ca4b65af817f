"""`build_index.py add FILE`: the original copied byte for byte, its metadata drafted with what to check under
`review:`, and the build refusing the draft until an editor deletes that key. All through the real command."""

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kparchive.add import FORMATS
from kparchive.dates import format_date
from kparchive.text import words
from kparchive.yamlio import load_yaml

from projects import IDS, ROOT, add_original, build_index, make_project, mkdocs_build, remove_review, snapshot

SOURCES = ROOT.parent / "shared" / "sources"
FIXTURES = Path(__file__).parent / "fixtures" / "add"

# The five originals as they arrived, and what a draft of each must say (the title where add gets it right;
# `title_reviewed` where the draft puts it under review).
ORIGINALS = {
    "2009-11-06-namibia-plenary-zimbabwe": dict(
        received_as="004_0352b4d32e0ebb14.txt", date="2009-11-06", dateline="November 6, 2009",
        meeting="2009-plenary-swakopmund", type="press-release", publisher="kp-csc", title_reviewed=False,
        title="Failure to suspend Zimbabwe from blood diamond scheme undermines efforts to end abuses and clean up "
              "international trade"),
    "2011-06-23-kinshasa-intersessional-no-confidence": dict(
        received_as="003_0a6eee31804970f7.txt", date="2011-06-23", dateline="23 June 2011",
        meeting="2011-intersessional-kinshasa", type="statement", publisher="kp-csc", title_reviewed=True,
        title="Statement Kinshasa Intersessional Meeting"),
    "2011-10-04-idex-coalition-boycotts-plenary": dict(
        received_as="000_b183ccf1e676ae67.txt", date="2011-10-04", dateline="October 04, 11",
        meeting="2011-plenary-kinshasa", type="news-report", publisher="idex-online", title_reviewed=False,
        title="Civil Society to Boycott KP Plenary, Demands Major Reform"),
    "2018-11-16-brussels-plenary-reform": dict(
        received_as="001_784aa2377ab541fb.txt", date="2018-11-16", dateline="November 16, 2018",
        meeting="2018-plenary-brussels", type="statement", publisher="kp-csc", title_reviewed=False,
        title="KP Civil Society disappointed by resistance to reform in the Kimberley Process"),
    "2021-06-28-virtual-intersessional-silencing": dict(
        received_as="002_37995dbb77634694.txt", date="2021-06-28", dateline="28 June, 2021",
        meeting="2021-intersessional-virtual", type="press-release", publisher="kp-csc", title_reviewed=True,
        title="Attempt to silence civil society observers at Kimberley Process Intersessional meeting"),
}

REVIEW_LINE = ("{file}: review: a draft from build_index.py add; check the fields it lists ({fields}), "
               "then delete the review key")


def original(tmp_path: Path, sid: str) -> Path:
    """The original as it arrived: from shared/sources, else the archive's byte-identical copy under that name."""
    name = ORIGINALS[sid]["received_as"]
    if (SOURCES / name).exists():
        return SOURCES / name
    (tmp_path / "arrived").mkdir(exist_ok=True)
    return Path(shutil.copy2(ROOT / "statements" / f"{sid}.txt", tmp_path / "arrived" / name))


def new_statements(project: Path) -> list[str]:
    return sorted(p.stem for p in (project / "statements").glob("*.txt") if p.stem not in IDS)


def added(project: Path, source: Path, *args: str) -> tuple[str, dict, str]:
    """Add an original; the new id, the draft as parsed, and what the command printed."""
    before = set(new_statements(project))
    result = add_original(project, source, *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (sid,) = set(new_statements(project)) - before
    meta = load_yaml((project / "statements" / f"{sid}.yml").read_text("utf-8"))
    return sid, meta, result.stdout


def reviewed(meta: dict) -> dict[str, str]:
    """The review key's fields, each with its reason(s)."""
    out: dict[str, str] = {}
    for item in meta["review"]:
        ((name, reason),) = item.items()
        out[name] = f"{out[name]}; {reason}" if name in out else reason
    return out


def refused_for_review(project: Path, sid: str, meta: dict, *args: str):
    result = build_index(project, *args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    fields = ", ".join(reviewed(meta))
    lines = result.stderr.strip().splitlines()
    assert REVIEW_LINE.format(file=f"statements/{sid}.yml", fields=fields) in lines, result.stderr
    assert lines[-1] == "build_index: refused, 1 problem; nothing written."


# --- the five originals ---------------------------------------------------------------------------------------

@pytest.mark.build  # the draft refused, then checked, by two whole runs of build_index --check
@pytest.mark.parametrize("curated", list(ORIGINALS))
def test_the_five_originals(tmp_path, curated):
    e = ORIGINALS[curated]
    project = make_project(tmp_path, ids=[i for i in IDS if i != curated])
    source = original(tmp_path, curated)
    sid, meta, out = added(project, source)

    assert (project / "statements" / f"{sid}.txt").read_bytes() == source.read_bytes()
    assert meta["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert meta["provenance"]["received_as"] == e["received_as"]
    assert sid.startswith(e["date"] + "-")
    for key in ("date", "dateline", "meeting", "type", "publisher"):
        assert meta[key] == e[key], key
    assert meta["title"] == e["title"]
    assert ("title" in reviewed(meta)) == e["title_reviewed"]
    assert meta["language"] == "en"
    assert meta["authors"] == ([] if e["type"] == "news-report" else ["kp-csc"])
    assert {"id", "topics"} <= set(reviewed(meta))
    assert f"statements/{sid}.txt" in out and f"statements/{sid}.yml" in out and meta["sha256"] in out
    assert "make site" in out

    refused_for_review(project, sid, meta, "--check")
    remove_review(project, sid)
    result = build_index(project, "--check")
    assert result.returncode == 0, result.stderr


def test_a_news_reports_two_digit_year_and_coming_meeting_are_under_review(tmp_path):
    sid = "2011-10-04-idex-coalition-boycotts-plenary"
    project = make_project(tmp_path, ids=[i for i in IDS if i != sid])
    _, meta, out = added(project, original(tmp_path, sid))
    review = reviewed(meta)
    assert "two digits" in review["date"] and "2011-plenary-kinshasa" in review["meeting"]
    assert "Alan Martin (partnership-africa-canada)" in review["people"]
    assert "  - meeting: " in out


def test_people_already_in_the_archive_are_drafted_with_their_organisation_and_role(tmp_path):
    sid = "2021-06-28-virtual-intersessional-silencing"
    project = make_project(tmp_path, ids=[i for i in IDS if i != sid])  # Shamiso Mtisi is in 2018's
    _, meta, _ = added(project, original(tmp_path, sid))
    assert meta["people"] == [{"name": "Shamiso Mtisi", "organisation": "zela",
                               "role": "KP Civil Society Coalition Coordinator"}]


# --- dates, types, languages ----------------------------------------------------------------------------------

ENGLISH_BODY = ("The Kimberley Process Civil Society Coalition is deeply concerned about the direction the scheme "
                "has taken, and asks every Participant to support reform.")
FRENCH_BODY = ("La Coalition de la société civile du Processus de Kimberley est profondément préoccupée par la "
               "direction prise par le système, et demande aux Participants de soutenir sa réforme.")


def write_text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("line, iso, dateline", [
    ("2009-11-06", "2009-11-06", "2009-11-06"),
    ("6th November 2009", "2009-11-06", "6th November 2009"),
    ("Nov. 6, 2009", "2009-11-06", "Nov. 6, 2009"),
    ("Friday, 6 November 2009", "2009-11-06", "Friday, 6 November 2009"),
    ("Windhoek, 6 Sept 2010", "2010-09-06", "6 Sept 2010"),
    ("6 novembre 2009", "2009-11-06", "6 novembre 2009"),
    ("Kinshasa, le 23 juin 2011", "2011-06-23", "23 juin 2011"),
    ("1er juin 2021", "2021-06-01", "1er juin 2021"),
    ("vendredi 6 novembre 2009", "2009-11-06", "vendredi 6 novembre 2009"),
    ("le 3 fevrier 2010", "2010-02-03", "3 fevrier 2010"),
])
def test_date_forms(tmp_path, line, iso, dateline):
    project = make_project(tmp_path, ids=IDS[:1])
    french = any(m in line for m in ("novembre", "juin", "fevrier"))
    body = FRENCH_BODY if french else ENGLISH_BODY
    source = write_text(tmp_path, "arrived.txt", f"Statement on the Plenary\n\n{line}\n\n{body}\n")
    sid, meta, out = added(project, source)
    assert (meta["date"], meta["dateline"]) == (iso, dateline)
    assert sid.startswith(iso)
    assert f"dated {format_date(date.fromisoformat(iso))}" in out
    assert "date" not in reviewed(meta)


def test_a_weekday_that_is_not_the_dates_is_under_review(tmp_path):
    project = make_project(tmp_path, ids=IDS[:1])
    source = write_text(tmp_path, "a.txt", f"Statement on the Plenary\n\nMonday, 6 November 2009\n\n{ENGLISH_BODY}\n")
    _, meta, _ = added(project, source)
    assert meta["date"] == "2009-11-06" and "weekday" in reviewed(meta)["date"]


@pytest.mark.build  # the draft refused, then checked, by two whole runs of build_index --check
def test_a_french_text(tmp_path):
    project = make_project(tmp_path)
    sid, meta, _ = added(project, FIXTURES / "communique-kinshasa-2011.txt")
    assert sid == "2011-06-23-kinshasa-intersessional-societe-civile"
    assert meta["language"] == "fr" and "French" in reviewed(meta)["language"]
    assert meta["title"] == "La société civile exprime sa défiance envers le Processus de Kimberley"
    assert (meta["date"], meta["dateline"]) == ("2011-06-23", "23 juin 2011")
    assert meta["type"] == "press-release"  # "Communiqué de presse"
    assert meta["authors"] == ["kp-csc"]  # by its French name, an alias in organisations.yml
    assert meta["meeting"] == "2011-intersessional-kinshasa" and "meeting" not in reviewed(meta)
    assert "Jean-Pierre Okenda" in reviewed(meta)["people"]
    refused_for_review(project, sid, meta, "--check")
    remove_review(project, sid)
    assert build_index(project, "--check").returncode == 0


@pytest.mark.parametrize("heading, expected", [
    ("PRESS RELEASE", "press-release"),
    ("Communiqué de presse", "press-release"),
    ("Statement of the Kimberley Process Civil Society Coalition", "statement"),
])
def test_type_from_the_heading(tmp_path, heading, expected):
    project = make_project(tmp_path, ids=IDS[:1])
    source = write_text(tmp_path, "a.txt", f"{heading}\n\nCoalition walks out\n\n6 November 2009\n\n{ENGLISH_BODY}\n")
    _, meta, _ = added(project, source)
    assert meta["type"] == expected and "type" not in reviewed(meta)
    assert meta["title"] == "Coalition walks out"


def test_a_letter(tmp_path):
    project = make_project(tmp_path, ids=IDS[:1])
    source = write_text(tmp_path, "a.txt", f"6 November 2009\n\nDear Chair,\n\n{ENGLISH_BODY}\n")
    _, meta, _ = added(project, source)
    assert meta["type"] == "letter"
    assert "title" in reviewed(meta)  # a letter has no heading line


def test_a_news_outlet_the_archive_does_not_know(tmp_path):
    project = make_project(tmp_path, ids=IDS[:1])
    source = write_text(tmp_path, "a.txt",
                        f"Coalition walks out\nNovember 6, 2009 (Diamond Wire News) – {ENGLISH_BODY}\n")
    _, meta, _ = added(project, source)
    assert meta["type"] == "news-report" and meta["publisher"] is None
    assert "Diamond Wire News" in reviewed(meta)["publisher"]


def test_the_id_can_be_chosen(tmp_path):
    project = make_project(tmp_path, ids=IDS[:1])
    source = write_text(tmp_path, "a.txt", f"Coalition walks out\n\n6 November 2009\n\n{ENGLISH_BODY}\n")
    sid, meta, _ = added(project, source, "--id", "2009-11-07-walk-out")
    assert sid == "2009-11-07-walk-out"
    assert "id" in reviewed(meta) and "2009-11-06" in reviewed(meta)["id"]  # its date is not the text's


def test_a_second_draft_of_the_same_day_gets_its_own_id(tmp_path):
    project = make_project(tmp_path, ids=IDS[:1])
    first = write_text(tmp_path, "a.txt", f"Coalition walks out\n\n6 November 2009\n\n{ENGLISH_BODY}\n")
    second = write_text(tmp_path, "b.txt", f"Coalition walks out\n\n6 November 2009\n\n{ENGLISH_BODY}\n\nEnds\n")
    one, _, _ = added(project, first)
    two, _, _ = added(project, second)
    assert two == f"{one}-2"
    assert (project / "statements" / f"{one}.txt").read_bytes() == first.read_bytes()


# --- refusals -------------------------------------------------------------------------------------------------

def refused(project: Path, source: Path, *args: str) -> list[str]:
    before = snapshot(project / "statements")
    result = add_original(project, source, *args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(project / "statements") == before, "a refused add changed statements/"
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("add: refused") and lines[-1].endswith("nothing written.")
    return lines[:-1]


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, ids=IDS[:2])


@pytest.mark.parametrize("name, said", [
    ("statement.pdf", "cannot be read as a PDF (PdfStreamError: Stream has ended unexpectedly)"),
    ("statement.docx", "cannot be read as a Word document (not a zip file: File is not a zip file)"),
    ("statement.odt", "cannot be read as an OpenDocument text (not a zip file: File is not a zip file)"),
    ("statement.md", FORMATS), ("statement.rtf", FORMATS), ("statement", FORMATS)])
def test_refuses_a_file_that_is_not_what_its_name_says_or_not_a_format_it_takes(tmp_path, project, name, said):
    source = tmp_path / name
    source.write_bytes(b"%PDF-1.4 not a text")
    assert refused(project, source) == [f"add: {source}: {said}"]


def test_refuses_a_text_that_is_not_utf8(tmp_path, project):
    source = tmp_path / "latin1.txt"
    source.write_bytes("Déclaration du 6 novembre 2009".encode("latin-1"))
    assert refused(project, source) == [
        f"add: {source}: is not UTF-8 (byte 0xe9 at offset 1); save it as UTF-8 text first"]


def test_refuses_an_empty_text(tmp_path, project):
    source = tmp_path / "empty.txt"
    source.write_bytes(b"\n  \n")
    assert refused(project, source) == [f"add: {source}: is empty"]


def test_a_text_without_a_date_gets_a_draft_all_the_same(tmp_path, project):
    """Never refused for want of a date: the id's date if given, else today's, under review (a meeting the text
    names, or its month, dates it: tests/test_drafts.py)."""
    source = write_text(tmp_path, "undated.txt", f"Coalition walks out\n\n{ENGLISH_BODY}\n")
    sid, meta, out = added(project, source)
    assert meta["date"] == date.today().isoformat() and sid.startswith(meta["date"])
    assert "writes no date" in reviewed(meta)["date"] and "  - date: " in out
    second = write_text(tmp_path, "undated2.txt", f"Coalition walks out again\n\n{ENGLISH_BODY}\n")
    sid, meta, _ = added(project, second, "--id", "2009-11-06-walk-out")
    assert meta["date"] == "2009-11-06" and "no date found" in reviewed(meta)["date"]


def test_a_statement_at_a_meeting_on_file_needs_only_the_review(tmp_path):
    """A closing speech whose only date is "2019 Plenary New Delhi – Closing Speech": the draft names the
    meeting and its last day, and the editor's whole work is to check it and delete the review key."""
    project = make_project(tmp_path, ids=[], corpus=ROOT / "statements")
    sid, meta, out = added(project, ROOT / "tests" / "fixtures" / "drafts" / "closing-2019-new-delhi.txt")
    assert (meta["date"], meta["meeting"], meta["type"]) == ("2019-11-22", "2019-plenary-new-delhi", "speech")
    assert sid.startswith("2019-11-22-new-delhi-plenary-")
    assert "make check" in out and "build_index.py --check" not in out
    remove_review(project, sid)
    result = build_index(project, "--check")
    assert result.returncode == 0, result.stderr


def test_refuses_an_id_taken_or_malformed(tmp_path, project):
    source = write_text(tmp_path, "a.txt", f"Coalition walks out\n\n6 November 2009\n\n{ENGLISH_BODY}\n")
    assert refused(project, source, "--id", IDS[0]) == [
        f"add: ID={IDS[0]} (--id): is taken (by statements/{IDS[0]}.txt or .yml); choose another"]
    assert refused(project, source, "--id", "Namibia 2009") == [
        "add: ID=Namibia 2009 (--id): is not a statement id: its date then a few words, "
        "e.g. 2009-11-06-namibia-plenary"]


def test_refuses_an_old_id(tmp_path, project):
    (project / "statements" / "redirects.yml").write_text(f"2009-11-06-old-name: {IDS[0]}\n", "utf-8")
    source = write_text(tmp_path, "a.txt", f"Coalition walks out\n\n6 November 2009\n\n{ENGLISH_BODY}\n")
    assert refused(project, source, "--id", "2009-11-06-old-name") == [
        f"add: ID=2009-11-06-old-name (--id): is an old id in statements/redirects.yml (now {IDS[0]}); "
        "an old id cannot be used again"]


def test_refuses_an_original_the_archive_has(tmp_path, project):
    source = original(tmp_path, IDS[0])
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert refused(project, source) == [
        f"add: {source}: is already in the archive as statements/{IDS[0]}.txt (same sha256 {sha})"]


def test_refuses_every_problem_at_once(tmp_path, project):
    source = tmp_path / "latin1.txt"
    source.write_bytes(b"\xe9")
    assert len(refused(project, source, "--id", IDS[0])) == 2


@pytest.mark.build  # a whole run of build_index --check
def test_the_vocabularies_phrases_are_validated(project):
    topics = project / "statements" / "topics.yml"
    topics.write_text(topics.read_text("utf-8").replace("keywords: [Zimbabwe,", "keywords: ['', Zimbabwe,"), "utf-8")
    result = build_index(project, "--check")
    assert result.returncode == 1
    assert "statements/topics.yml: zimbabwe-marange.keywords[0]: must be non-empty text" in result.stderr


# --- a sixth statement, end to end ----------------------------------------------------------------------------

@pytest.mark.build  # the fixture corpus and the new statement built for real (build_index, MkDocs)
def test_a_sixth_statement_from_add_to_its_page(tmp_path):
    project = make_project(tmp_path, site_files=True)
    assert build_index(project).returncode == 0  # the five
    source = FIXTURES / "2017-brisbane-plenary.txt"
    sid, meta, _ = added(project, source)
    assert sid == "2017-12-15-brisbane-plenary-welcomes-commitment"
    assert meta["meeting"] == "2017-plenary-brisbane" and meta["type"] == "press-release"
    assert meta["dateline"] == "Friday, 15 December 2017"
    assert meta["people"] == [{"name": "Shamiso Mtisi", "organisation": "zela", "role": "Coordinator"}]

    before = snapshot(project / "docs")
    refused_for_review(project, sid, meta)  # the full build refuses the draft too, and writes nothing
    assert snapshot(project / "docs") == before

    remove_review(project, sid)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    assert "6 statements valid" in result.stdout
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = project / "site" / "statements" / sid / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == meta["title"]
    assert words(soup.select_one("div.kp-text").get_text()) == words(source.read_text("utf-8"))


# --- any text ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def archive():
    from kparchive.add import read_statements_folder

    return read_statements_folder(ROOT / "statements")


@given(heading=st.text(min_size=1), line=st.sampled_from(["6 November 2009", "le 1er juin 2021", "Nov. 6, 2009",
                                                          "2011-06-23", "Friday, 6 November 2009"]),
       body=st.text(), newline=st.sampled_from(["\n", "\r\n", "\r"]))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_gets_a_draft_that_parses(archive, heading, line, body, newline):
    """Whatever surrounds the date (markup, quotes, any script, BOM, CRLF), the draft is YAML the build reads:
    known fields only, a one-line title, a dateline that is in the text."""
    from kparchive.add import draft, draft_yaml
    from kparchive.text import TextError, decode
    from kparchive.validate import STATEMENT_FIELDS

    raw = ("\ufeff" + heading + newline + line + newline * 2 + body).encode("utf-8", "replace")
    try:
        text = decode(raw)
    except TextError:
        return
    meta = load_yaml(draft_yaml(draft(raw, text, "arrived.txt", archive, None)))
    assert set(meta) <= STATEMENT_FIELDS
    assert meta["review"] and meta["date"] and meta["dateline"] in text
    assert meta["title"].strip() and "\n" not in meta["title"]
    assert meta["sha256"] == hashlib.sha256(raw).hexdigest()
