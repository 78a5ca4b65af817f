"""Originals in other formats (kparchive.extract, kparchive.reflow): each format's text word for word and its
paragraphs as the author wrote them, the same bytes always the same text, hard-wrapped lines joined, page
furniture left out, and every hostile file refused in one line or read for its text only, with no request made.

All in process (extraction runs in a forked, bounded child as `make add` runs it); the files are written by
tests/originals.py with a known text, never downloaded."""

import http.server
import io
import os
import subprocess
import sys
import threading
import zipfile

import pytest

from kparchive import extract
from kparchive.extract import Unextractable, bounded
from kparchive.extract.pdf import SCAN
from kparchive.reflow import as_text, is_hard_wrapped, paragraphs
from kparchive.text import decode, parse_blocks

import originals
from originals import SPEECH, paragraphs_text
from projects import FIXTURE, IDS, ROOT

TABLE = ["Contact: coalition secretariat", "Press: media office"]  # the Word document's table, cell by cell


def shown(text: str) -> list[str]:
    """The paragraphs the archive numbers in a text (a list item with its marker), as its page shows them."""
    return [f"{p.marker} {p.text}" if p.marker else p.text
            for block in parse_blocks(decode(text.encode())) for p in block.paragraphs]


CASES = {
    "pdf": (lambda: originals.pdf(originals.laid_out(lines_a_page=8)), "pdf", []),
    "pdf, first-line indents": (lambda: originals.pdf(originals.laid_out(lines_a_page=8, indent=True)), "pdf", []),
    "pdf, one page": (lambda: originals.pdf(originals.laid_out(header=None)), "pdf", []),
    "docx": (originals.docx, "docx", TABLE),
    "odt": (originals.odt, "odt", []),
    "html": (originals.html, "html", []),
}


@pytest.mark.parametrize("case", CASES)
def test_each_format_gives_its_text_word_for_word_in_the_authors_paragraphs(case):
    make, fmt, more = CASES[case]
    got = bounded(make(), fmt)
    assert shown(got.text) == paragraphs_text() + more
    paras = [p for block in parse_blocks(decode(got.text.encode())) for p in block.paragraphs]
    assert [p.n for p in paras] == list(range(1, len(SPEECH) + len(more) + 1))
    assert [p.marker for p in paras if p.marker] == ["1.", "2.", "3."]


def test_the_same_bytes_always_give_the_same_text_and_numbers():
    for make, fmt, _ in CASES.values():
        raw = make()
        first, second, here = bounded(raw, fmt), bounded(raw, fmt), extract.extract(raw, fmt)
        assert first.text == second.text == here.text
        assert first.said == second.said


def test_a_pdfs_running_header_footer_and_page_numbers_are_no_paragraphs():
    got = bounded(originals.pdf(originals.laid_out(lines_a_page=8)), "pdf")
    assert "Opening statement" not in got.text.replace(originals.TITLE, "") and "Page " not in got.text
    assert got.said == [
        "3 pages read; 8 line ends joined into 10 paragraphs, 1 hyphen at a line's end undone",
        "left out as page furniture: “Kimberley Process Civil Society Coalition – Opening statement” (3 pages); "
        "page numbers (3 pages)"]


def test_a_paragraph_cut_by_a_pages_end_is_one():
    pages = originals.laid_out(lines_a_page=8)
    ends = [page[-2][2] for page in pages[:-1]]  # the last line of text of each page but the last
    assert any(not end.endswith((".", ":", ",")) for end in ends)  # some page ends mid-paragraph
    assert shown(bounded(originals.pdf(pages), "pdf").text) == paragraphs_text()


# --- hard-wrapped text --------------------------------------------------------------------------------------

def lines_of(paras, **kw) -> list[str]:
    blocks = originals.wrapped(paras, **kw)
    out = []
    for block in blocks:
        out += block + ([""] if not kw.get("indent") else [])
    return out


def test_a_hard_wrapped_text_is_joined_into_its_paragraphs():
    text = "\n".join(lines_of(SPEECH, width=72))
    assert is_hard_wrapped(text.split("\n"))
    got = extract.extract(text.encode(), "txt")
    assert shown(got.text) == paragraphs_text()
    assert got.said and got.said[0].startswith("its lines are hard-wrapped at about 7")


def test_an_e_mail_without_blank_lines_is_read_by_its_indents_and_short_lines():
    """Paragraphs marked by a first-line indent, and none by a blank line: before, each line was a paragraph."""
    text = "\n".join(lines_of(SPEECH[2:4] + SPEECH[8:], width=72, indent="    "))
    assert len([p for b in parse_blocks(text) for p in b.paragraphs]) > 8  # as the build read it before
    assert shown(extract.extract(text.encode(), "txt").text) == paragraphs_text(SPEECH[2:4] + SPEECH[8:])


@pytest.mark.parametrize("sid", IDS)
def test_the_five_originals_are_no_hard_wrapped_text_and_stay_as_they_are(sid):
    raw = (FIXTURE / f"{sid}.txt").read_bytes()
    got = extract.extract(raw, "txt")
    assert got.said == [] and got.text == decode(raw)


@pytest.mark.parametrize("lines, joined", [
    (["The Coalition welcomes the gover-", "nance reforms of the Process."], "governance reforms"),
    (["The right of communities to self-", "determination over their land."], "self-determination over"),
    (["We went to the mining area of Mar-", "ange with the Chair of the Process."], "Mar-ange with"),
    (["We went to the mining area of Mar-", "ange with the Chair; Marange is far."], "Marange with"),
    (["The Franco-", "British proposal was withdrawn by them."], "Franco-British"),
    (["The period 2009-", "2011 saw the crisis in Zimbabwe grow."], "2009-2011"),
    (["La Coalition salue la gouver-", "nance du Processus de Kimberley."], "gouvernance du"),
])
def test_a_hyphen_at_a_lines_end_is_undone_only_where_the_joined_word_is_a_word(lines, joined):
    language = "fr" if lines[0].startswith("La ") else "en"
    (para,) = paragraphs(lines, language, width=len(lines[0])).paragraphs
    assert joined in para.text


def test_a_soft_hyphen_at_a_lines_end_is_always_undone():
    (para,) = paragraphs(["The Coalition met the Kimber\u00ad", "ley Process Chair on Monday."], width=30).paragraphs
    assert para.text == "The Coalition met the Kimberley Process Chair on Monday."


def test_as_text_reads_back_as_the_same_paragraphs():
    paras = paragraphs(lines_of(SPEECH, width=70), "en").paragraphs
    assert shown(as_text(paras)) == paragraphs_text()


# --- hostile files ------------------------------------------------------------------------------------------

def refusal(raw: bytes, fmt: str, **bounds) -> str:
    with pytest.raises(Unextractable) as caught:
        bounded(raw, fmt, **bounds)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_scan_has_no_text_layer():
    assert refusal(originals.pdf(originals.laid_out(), scans=True), "pdf") == SCAN
    assert SCAN == "no text layer: this PDF is an image; OCR is not done here"


def test_an_encrypted_pdf_is_refused():
    message = refusal(originals.pdf(originals.laid_out(), password="secret"), "pdf")
    assert message.startswith("is encrypted: it needs a password")


@pytest.mark.parametrize("raw, said", [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer << /Root 1 0 R >>\n%%EOF", "cannot be read as a PDF"),
    (b"not a pdf at all", "cannot be read as a PDF"),
])
def test_a_corrupt_pdf_is_refused(raw, said):
    assert refusal(raw, "pdf").startswith(said)


def test_a_truncated_pdf_is_refused_or_read_for_what_it_holds():
    raw = originals.pdf(originals.laid_out())
    try:
        got = bounded(raw[: len(raw) // 2], "pdf")
    except Unextractable as err:
        assert "\n" not in str(err)
    else:
        assert got.text.strip()


def test_a_pdfs_script_and_embedded_file_reach_nothing():
    raw = originals.pdf(originals.laid_out(lines_a_page=8), js="app.alert('SCRIPT TEXT'); this.submitForm('x')",
                        attachment=("secret.txt", b"ATTACHED TEXT"))
    got = bounded(raw, "pdf")
    assert "SCRIPT" not in got.text and "ATTACHED" not in got.text
    assert shown(got.text) == paragraphs_text()
    assert got.said[-1] == ("it holds JavaScript and 1 embedded file: none of it is read, only the text; the "
                            "original is published as it is")


def zip_with(member: str, data: bytes, base: bytes) -> bytes:
    """A copy of a zip (a .docx or .odt) with one member replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != member:
                new.writestr(info, old.read(info))
        new.writestr(member, data)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_zip_bomb_is_refused_before_it_is_decompressed(fmt):
    base = originals.docx() if fmt == "docx" else originals.odt()
    bomb = zip_with("word/media/image1.png" if fmt == "docx" else "Pictures/a.png", b"\0" * 50_000_000, base)
    assert len(bomb) < 200_000
    assert refusal(bomb, fmt).endswith("would expand 1,000 times: refused (a zip bomb?)") or \
        "(a zip bomb?)" in refusal(bomb, fmt)


def test_entities_in_a_word_or_opendocument_file_are_not_expanded():
    """A billion laughs (entities defined in terms of each other) and an external entity (XXE) stay unexpanded."""
    laughs = ('<!DOCTYPE d [<!ENTITY a "LOL"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
              '<!ENTITY file SYSTEM "file:///etc/passwd">]>')
    body = originals.odt_zip("<text:p>Opening &d; &file; statement of the Coalition to the Chair.</text:p>")
    content = zipfile.ZipFile(io.BytesIO(body)).read("content.xml").decode()
    odt = zip_with("content.xml", content.replace("?>", "?>" + laughs, 1).encode(), body)
    try:
        got = bounded(odt, "odt").text
    except Unextractable as err:
        got = str(err)
    assert "LOL" not in got and "root:" not in got


def test_a_web_pages_scripts_frames_forms_and_images_reach_nothing():
    got = bounded(originals.html(), "html")
    for word in ("SCRIPT", "FORM", "OBJECT", "NOSCRIPT", "Share this", "Home", "pixel", "127.0.0.1", "©"):
        assert word not in got.text
    assert shown(got.text) == paragraphs_text()


def test_a_reader_is_bounded_in_time():
    big = originals.pdf(originals.laid_out(SPEECH * 40, lines_a_page=40))
    assert refusal(big, "pdf", deadline=0.01).startswith("took longer than 0.01 seconds to read")
    assert refusal(big, "pdf", cpu=0).startswith("took more than 0 seconds of CPU")


def test_a_reader_is_bounded_in_memory(tmp_path):
    """A Word file that needs far more than 16 MB to read (60,000 paragraphs), read with a 16 MB bound by a fresh
    process, as `make add` is one: the bound counts from the forking process's size, which in a long test run
    holds freed memory the child could use first."""
    base = originals.docx()
    document = zipfile.ZipFile(io.BytesIO(base)).read("word/document.xml").decode()
    body = "".join(f"<w:p><w:r><w:t>Paragraph {n} of a long statement.</w:t></w:r></w:p>" for n in range(60_000))
    path = tmp_path / "long.docx"
    path.write_bytes(zip_with("word/document.xml", document.replace("<w:body>", "<w:body>" + body, 1).encode(), base))
    script = ("import sys; from pathlib import Path; from kparchive.extract import Unextractable, bounded\n"
              "try:\n    bounded(Path(sys.argv[1]).read_bytes(), 'docx', memory=16 << 20)\n"
              "except Unextractable as err:\n    print(err)")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.startswith("needs more than 16 MB of memory to read: refused"), result.stderr


class Counting(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        Counting.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_no_request_leaves_the_machine_while_a_file_is_read():
    """Every remote thing a file can name points at a server of the test's own: a page's scripts, stylesheet,
    frame, images and pixel; a Word document's linked image and an external entity; an OpenDocument text's
    external entity; a PDF's script and link. Read in this process (no socket refused), none is fetched."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        docx = originals.docx()
        rels = zipfile.ZipFile(io.BytesIO(docx)).read("word/_rels/document.xml.rels").decode()
        docx = zip_with("word/_rels/document.xml.rels", rels.replace(
            "</Relationships>", f'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/image" Target="{host}/linked.png" TargetMode="External"/></Relationships>').encode(), docx)
        document = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
        docx = zip_with("word/document.xml", document.replace(
            "?>", f'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{host}/entity">]>', 1).encode(), docx)
        odt = originals.odt_zip("<text:p>Opening &x; statement of the Coalition to the Chair of the plenary.</text:p>")
        content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
        odt = zip_with("content.xml", content.replace(
            "?>", f'?><!DOCTYPE office:document-content [<!ENTITY x SYSTEM "{host}/entity">]>', 1).encode(), odt)
        pdf = originals.pdf(originals.laid_out(), js=f"this.getURL('{host}/js'); this.submitForm('{host}/form')")
        for raw, fmt in ((originals.html(host=host), "html"), (docx, "docx"), (odt, "odt"), (pdf, "pdf")):
            try:
                extract.extract(raw, fmt)
            except Unextractable:
                pass
    finally:
        server.shutdown()
    assert Counting.seen == []
